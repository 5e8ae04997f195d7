"""Where the per-article map of a build runs: `pool` (processes of this machine, run by
jobs/build.py; the default) or `dask` (a Dask cluster, run from here).

On Dask (dask.distributed) each task turns one chunk of raw files into one `Batch`
(jobs/mapunit.py), exactly as a pool worker does; the corpus-wide overlay and the publish stay
in the process running the build. Workers read the raw files by path: on a cluster of several
machines the raw folder must be on storage every worker mounts at the same path
(docs/scaling.md). dask is imported only here and only for `--engine dask`, so the default
build starts no service and imports no Dask.
"""
from __future__ import annotations

import gc
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from newsgraph.base.errors import BuildError

if TYPE_CHECKING:
    from distributed import Client

    from newsgraph.analysis.analyze import Context
    from newsgraph.base.registry import Registry
    from newsgraph.ingest.rawfiles import RawFile
    from newsgraph.jobs.mapunit import Batch

ENGINES = ("pool", "dask")
ADDRESS = re.compile(r"(?:[a-z]+://)?(?:\[[0-9a-fA-F:]+\]|[^\s:/\[\]]+):\d{1,5}")   # tcp://HOST:PORT, HOST:PORT, [::1]:PORT


def check(engine: str, scheduler: str | None, backend: str) -> None:
    """Refuse, before any work, an engine this build cannot use."""
    if engine not in ENGINES:
        raise BuildError(f"unknown engine '{engine}': use pool or dask")
    if scheduler and engine != "dask":
        raise BuildError("a scheduler address (--scheduler) is used only by the dask engine: add --engine dask")
    if scheduler and not ADDRESS.fullmatch(scheduler):
        raise BuildError(f"'{scheduler}' is not a scheduler address: give it as tcp://HOST:PORT "
                         "(`dask scheduler` listens on port 8786)")
    if engine == "dask" and backend == "stanza":
        # Each worker would need the stanza models on its own disk and would load torch next to
        # the other workers' torch; the pool keeps stanza in one process for the same reason.
        raise BuildError("the stanza backend runs only in this process: build with --engine pool, "
                         "or use --backend rules on Dask")


def map_on_dask(chunks: list[list[RawFile]], ctx: Context, workers: int, scheduler: str | None,
                arrived: Callable[[int], None]) -> Iterator[Batch]:
    """Each chunk's Batch, computed on a Dask cluster and yielded in chunk order; `arrived` is told
    how many articles have arrived so far, batch by batch. Any failure is a BuildError naming the cluster."""
    where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
    with _client(scheduler, workers) as client:
        try:
            yield from _ordered(client, chunks, ctx, arrived)
        except BuildError as exc:                # raised by a worker (other code, raw folder not visible)
            raise BuildError(f"build on {where} failed: {exc}; the last good tables stay") from None
        except Exception as exc:  # noqa: BLE001 - worker death, lost scheduler, unpickling: one message
            raise BuildError(f"build on {where} failed ({exc.__class__.__name__}: {_first_line(exc)}); the "
                             "last good tables stay (docs/scaling.md says what each machine of a cluster needs)") from None


def _first_line(exc: Exception) -> str:
    """An exception's first sentence, on one line: Dask's messages span several lines, with links
    and code samples, and break lines mid-sentence ("… the task graph. This frequently\noccurs …")."""
    text = " ".join(str(exc).split())
    first = re.split(r"(?<=[^\s.])\. (?=[A-Z])", text, maxsplit=1)[0].rstrip(". ")
    return (first[:197] + "…" if len(first) > 200 else first) or "no message"


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client as `_connected` gives, with Dask's own logging quiet while it lives."""
    try:
        from distributed.utils import silence_logging_cmgr
    except ImportError:
        raise BuildError("the dask engine needs dask.distributed: pip install -r requirements.txt") from None
    # Dask logs each failure with its traceback to stderr; the build says it in one line instead.
    with silence_logging_cmgr(logging.CRITICAL), _connected(scheduler, workers) as client:
        yield client


@contextmanager
def _connected(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the given scheduler, or of a local cluster started (and closed) for this build."""
    from distributed import Client, LocalCluster
    if scheduler:
        try:
            client = Client(scheduler, set_as_default=False)
        except OSError as exc:                   # refused, unknown host, timed out (TimeoutError is an OSError)
            raise BuildError(f"cannot reach the Dask scheduler at {scheduler} ({_first_line(exc)}): is "
                             "`dask scheduler` running there, and the address right?") from None
        with client:
            _wait_for_a_worker(client, scheduler)
            yield client
        return
    # One single-threaded process per core, like the pool: the analysis is pure Python and holds
    # the GIL. No dashboard (it needs bokeh, and nobody watches a local build); the scheduler's
    # small HTTP server takes any free loopback port, not 8787, which a real cluster may hold.
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, silence_logs=logging.CRITICAL)
    except Exception as exc:  # noqa: BLE001 - no processes, no free port, ...
        raise BuildError(f"could not start a local Dask cluster ({exc.__class__.__name__}: {_first_line(exc)})") from None
    with cluster, Client(cluster, set_as_default=False) as client:
        yield client


def _wait_for_a_worker(client: Client, scheduler: str) -> None:
    """Return once the scheduler has a worker; a BuildError if none comes within the connect
    timeout (Dask itself would wait for ever, and the build would hang without a word)."""
    import dask
    from dask.utils import parse_timedelta
    timeout = parse_timedelta(dask.config.get("distributed.comm.timeouts.connect"))
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError:
        raise BuildError(f"the Dask scheduler at {scheduler} has no worker (waited {timeout:.0f} s): start "
                         f"`dask worker {scheduler}` on the machines that should do the work") from None


def _ordered(client: Client, chunks: list[list[RawFile]], ctx: Context,
             arrived: Callable[[int], None]) -> Iterator[Batch]:
    """Submit every chunk, then yield the Batches in chunk order as they complete (out-of-order
    ones wait here): the tables are assembled in the order the pool gives, row for row."""
    from distributed import as_completed
    from newsgraph.jobs.mapunit import code_version
    registry = client.scatter(ctx.registry, broadcast=True)     # sent once per worker, not per task
    # pure=False: a raw file may change between two builds under the same RawFile record
    futures = client.map(_map_chunk, chunks, registry=registry, backend=ctx.backend,
                         version=code_version(ctx.registry), pure=False)
    position = {future.key: i for i, future in enumerate(futures)}
    waiting: dict[int, Batch] = {}
    following = done = 0
    for future in as_completed(futures, loop=client.loop):
        i = position[future.key]
        waiting[i] = future.result()
        future.release()                         # the worker may forget the batch now
        done += len(chunks[i])
        arrived(done)
        while following in waiting:
            yield waiting.pop(following)
            following += 1


_CONTEXTS: dict[tuple[str, str], tuple[Context, str]] = {}    # in a worker: (fingerprint, backend) → context, code version


def _map_chunk(chunk: list[RawFile], registry: Registry, backend: str, version: str) -> Batch:
    """On a worker: one chunk of raw files → its Batch (what the pool's `_worker_batch` returns)."""
    from newsgraph.analysis.analyze import analyze_batch
    from newsgraph.jobs.mapunit import pack
    ctx = _worker_context(registry, backend, version)
    if chunk and not chunk[0].root.is_dir():
        raise BuildError(f"worker {_worker_address()} cannot read the raw folder {chunk[0].root}: on a cluster "
                         "the raw folder must be on storage every worker mounts at the same path")
    return pack(analyze_batch(chunk, ctx))


def _worker_context(registry: Registry, backend: str, version: str) -> Context:
    """The analysis context of this worker process, compiled on its first task only; a worker
    running other code or curated data than the build's is refused (its rows would differ)."""
    key = (registry.fingerprint, backend)
    if key not in _CONTEXTS:
        from newsgraph.analysis.analyze import make_context
        from newsgraph.jobs.mapunit import code_version
        _CONTEXTS.clear()                        # one registry at a time: a long-lived worker never piles them up
        _CONTEXTS[key] = make_context(registry, backend), code_version(registry)
        gc.freeze()                              # the context lives as long as the worker: never scan it
    ctx, own = _CONTEXTS[key]
    if own != version:
        raise BuildError(f"worker {_worker_address()} runs newsgraph code {own}, the build {version}: "
                         "every worker needs the same checkout and data/ as the machine running the build")
    return ctx


def _worker_address() -> str:
    """The address of the Dask worker running this task."""
    from distributed import get_worker
    return get_worker().address
