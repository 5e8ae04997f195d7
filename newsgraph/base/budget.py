"""A time budget for a piece of work in this thread: past it, the work is stopped.

`with time_limit(60): work()` raises OverBudget inside `work` once 60 seconds have passed. One
watchdog thread per process keeps the deadlines; when one passes it raises OverBudget in the
thread that set it (CPython's PyThreadState_SetAsyncExc: the exception is raised at the next
bytecode that thread runs). That works in a build's worker processes, in the CLI's main thread
and in the thread that builds after an upload alike, where a signal (SIGALRM) would reach only
a main thread. A long call into C (one regex over a whole text) finishes before the exception
is raised: the per-article stages are linear, so no such call is long.

OverBudget is a BaseException, so that an `except Exception` inside the work does not swallow
it; the caller of time_limit catches it. Under a profiler or a tracer (cProfile, coverage, a
debugger) CPython 3.11 does not raise such an exception in the profiled thread: there the
budget is not enforced.

An exception is withdrawn (PyThreadState_SetAsyncExc with NULL) only when the watchdog raised one
that the block ended before receiving: in CPython 3.11 a withdrawal leaves the interpreter's
"async exception pending" signal set, which costs nothing in plain code but sends a profiled or
traced thread into an endless loop at its next function entry (a build under cProfile or coverage
hung at its first article when every disarm withdrew; tests/test_budget.py).
"""
from __future__ import annotations

import ctypes
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class OverBudget(BaseException):
    """The work ran past its time budget."""


def _raise_in(thread_id: int, exc: type[BaseException] | None) -> None:
    """Raise `exc` in the thread (None withdraws one not yet raised)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc else None)


class _Watchdog:
    """The deadlines of this process's threads, and the thread that enforces them."""

    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.deadlines: dict[int, float] = {}        # thread id → time.monotonic() deadline
        self.thread: threading.Thread | None = None
        self.wakes_at = float("inf")                 # when the watchdog thread looks again by itself
        self.fired: set[int] = set()                 # threads the watchdog raised OverBudget in

    def arm(self, thread_id: int, deadline: float) -> None:
        with self.cond:
            self.deadlines[thread_id] = deadline
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, daemon=True, name="newsgraph-budget")
                self.thread.start()
            if deadline < self.wakes_at:             # else it wakes in time anyway: no thread switch per article
                self.cond.notify()

    def disarm(self, thread_id: int) -> None:
        with self.cond:
            self.deadlines.pop(thread_id, None)
            if thread_id in self.fired:              # a deadline passed just now: its exception is withdrawn
                self.fired.discard(thread_id)
                _raise_in(thread_id, None)

    def _run(self) -> None:
        with self.cond:
            while True:
                if not self.deadlines:
                    self.wakes_at = float("inf")
                    self.cond.wait()
                    continue
                thread_id, deadline = min(self.deadlines.items(), key=lambda item: item[1])
                left = deadline - time.monotonic()
                if left > 0:
                    self.wakes_at = deadline
                    self.cond.wait(left)
                    continue
                del self.deadlines[thread_id]
                self.fired.add(thread_id)
                _raise_in(thread_id, OverBudget)


_WATCHDOG = _Watchdog()
os.register_at_fork(after_in_child=lambda: globals().update(_WATCHDOG=_Watchdog()))   # a forked worker starts its own


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise OverBudget in this thread if the block runs longer than `seconds` (None: no limit; a
    budget already spent raises at once)."""
    if seconds is None:
        yield
        return
    if seconds <= 0:
        raise OverBudget
    me = threading.get_ident()
    _WATCHDOG.arm(me, time.monotonic() + seconds)
    try:
        yield
    finally:
        _WATCHDOG.disarm(me)
