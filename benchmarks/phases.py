"""Where a build's wall time goes: coarse timers around the build's stages, in-process.

`PhaseTimer` wraps a dozen module-level functions for the duration of a `with` block and
adds up their wall time (nested calls are counted in their own phase and in the caller's).
The wrappers cost a few microseconds per call and wrap only functions called a handful of
times per build, so the figure they sit in is not disturbed. The per-article stages run in
worker processes; the parent sees them as one phase, `_process` (analyse, incl. the pool).
"""
from __future__ import annotations

import time
from collections import defaultdict
from contextlib import contextmanager
from typing import Iterator

# (module, attribute, phase name); order = report order.
TARGETS = (
    ("newsgraph.ingest.rawfiles", "list_raw", "list raw files"),
    ("newsgraph.jobs.build", "code_version", "code version hash"),
    ("newsgraph.jobs.build", "_reusable", "read previous manifest"),
    ("newsgraph.ingest.rawfiles", "split_unchanged", "find unchanged"),
    ("newsgraph.ingest.rawfiles", "read_metadata", "read metadata.csv"),
    ("newsgraph.jobs.build", "_read_previous", "read previous build"),
    ("newsgraph.jobs.build", "_process", "per-article stages (pool)"),
    ("newsgraph.jobs.build:Collected", "frames", "assemble frames"),
    ("newsgraph.jobs.build", "corpus_inputs", "the map's rows of every article"),
    ("newsgraph.corpus.overlay", "apply_metadata", "corpus: apply metadata"),
    ("newsgraph.corpus.chronology", "resolve_corpus", "corpus: resolve dates"),
    ("newsgraph.corpus.events", "cluster_events", "corpus: meeting dates + event ids"),
    ("newsgraph.corpus.entities", "table_from_parts", "corpus: entities table"),
    ("newsgraph.storage.parts", "write_map", "write the map's parts (new articles)"),
    ("newsgraph.views.stored", "write_parts", "view parts + entity stats (new parts)"),
    ("newsgraph.storage.searchindex", "write_parts", "search index (small builds: a large one indexes in a process of its own)"),
    ("newsgraph.storage.store", "write_table", "write parquet"),
    ("newsgraph.corpus.overlay", "manifest", "manifest"),
    ("newsgraph.jobs.build", "publish_articles", "publish articles (map joined with the overlay)"),
    ("newsgraph.views.stored", "write", "views (timeline)"),
    ("newsgraph.views.stored", "write_combined", "per-article views whole"),
    ("newsgraph.views.netstore", "write", "meeting pairs + default network"),
    ("newsgraph.storage.store", "write_manifest", "write manifest"),
    ("newsgraph.storage.store", "publish", "publish + prune"),
)
class PhaseTimer:
    """Accumulated seconds and call counts per phase."""

    def __init__(self, targets: tuple = TARGETS) -> None:
        self.targets = targets
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    @contextmanager
    def active(self) -> Iterator["PhaseTimer"]:
        import importlib
        saved = []
        for mod_name, attr, phase in self.targets:
            mod_name, _, cls = mod_name.partition(":")
            mod = importlib.import_module(mod_name)
            mod = getattr(mod, cls) if cls else mod
            original = mod.__dict__[attr] if cls else getattr(mod, attr)
            saved.append((mod, attr, original))
            setattr(mod, attr, self._wrap(original, phase))
        try:
            yield self
        finally:
            for mod, attr, original in reversed(saved):
                setattr(mod, attr, original)

    def _wrap(self, fn, phase: str):
        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - t0
                self.calls[phase] += 1
        timed.__wrapped__ = fn
        return timed

    def table(self, total: float) -> list[dict]:
        """Phases in pipeline order with seconds and share of `total`."""
        order = [phase for _, _, phase in self.targets]
        return [{"phase": p, "seconds": round(self.seconds[p], 3), "share": round(self.seconds[p] / total, 4) if total else None,
                 "calls": self.calls[p]} for p in order if p in self.seconds]
