"""`python -m newsgraph build`: raw files → processed tables, incremental and atomic.

Per article (in parallel, cached by content hash and code version): ingest, segment,
mentions, dates, topics, meetings. Then, over the whole corpus (cheap, every build):
years of dates without one, inferred publication dates, meeting dates, event ids,
the entities table. Then one atomic publish (see store.py).
"""
from __future__ import annotations

import hashlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyarrow as pa

import newsgraph
from newsgraph import corpus, parts, settings, store, views
from newsgraph.analyze import ArticleRows, Context, analyze_batch, make_context
from newsgraph.errors import BuildError, CacheMissing, IngestError
from newsgraph.registry import Registry, RegistryError, load_registry
from newsgraph.schema import SCHEMA_VERSION, TABLE_NAMES, TABLES

PER_ARTICLE = ("articles", "sentences", "mentions", "dates", "meetings")
PARALLEL_MIN = 64          # below this many articles a process pool costs more than it saves
CHUNK = 32

Progress = Callable[[int, int], None]


@dataclass
class BuildReport:
    """What a build did, for the CLI summary, the manifest and the UI."""

    out: Path
    backend: str
    n_articles: int = 0
    n_processed: int = 0
    n_reused: int = 0
    problems: list[dict] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        """One line: articles, reuse, problems, time."""
        probs = f", {len(self.problems)} problem file(s)" if self.problems else ""
        return (f"built {self.n_articles} articles ({self.n_processed} processed, {self.n_reused} unchanged)"
                f"{probs} with the {self.backend} backend in {self.seconds:.1f}s → {self.out}")


def code_version(registry: Registry) -> str:
    """Hash of the package source and the curated data: any change reprocesses everything."""
    digest = hashlib.sha256(f"{newsgraph.__version__}|{SCHEMA_VERSION}|{registry.fingerprint}".encode())
    pkg = Path(newsgraph.__file__).parent
    for path in sorted(pkg.rglob("*.py")):
        digest.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes())
    vocab = settings.DATA_DIR / "lexicon" / "tr_words.tsv"
    if vocab.exists():
        digest.update(vocab.read_bytes())
    return digest.hexdigest()[:16]


def _previous(out: Path, version: str, backend: str) -> tuple[dict, dict[str, pd.DataFrame]]:
    """The manifest and per-article tables of the last build, if they can be reused."""
    try:
        manifest = store.read_manifest(out)
    except (CacheMissing, ValueError, OSError):
        return {}, {}
    if manifest.get("code_version") != version or manifest.get("backend") != backend:
        return manifest, {}
    if "parts" not in manifest:
        return manifest, {}
    try:                                        # sentences and mentions stay on disk, in parts
        return manifest, {name: store.read_table(out, name) for name in PER_ARTICLE if name not in parts.PARTITIONED}
    except (CacheMissing, OSError, ValueError):
        return manifest, {}


def _process(todo: list[corpus.RawFile], ctx: Context, workers: int, progress: Progress | None,
             done_before: int, total: int) -> tuple[list[ArticleRows], list[dict]]:
    """Analyse raw files, in a process pool when there are many."""
    results: list[ArticleRows] = []
    problems: list[dict] = []
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]

    def collect(batch: list[ArticleRows | dict]) -> None:
        for item in batch:
            (problems if isinstance(item, dict) else results).append(item)
        if progress:
            progress(done_before + len(results) + len(problems), total)

    pending = chunks
    if workers > 1 and len(todo) >= PARALLEL_MIN and ctx.backend == "rules":
        pending = _in_pool(chunks, ctx, workers, collect)
    for chunk in pending:                        # small builds, or what a broken pool left
        collect(analyze_batch(chunk, ctx))
    return results, problems


def _in_pool(chunks: list, ctx: Context, workers: int, collect) -> list:
    """Run chunks in worker processes; return the chunks that did not run.

    fork when this process has one thread (the CLI: workers inherit the compiled context),
    spawn otherwise (inside the Streamlit server, where forking a threaded process is unsafe).
    If the pool breaks, the rest runs here, so a build never fails for want of processes."""
    import multiprocessing as mp
    import threading
    from concurrent.futures.process import BrokenProcessPool
    method = "fork" if threading.active_count() == 1 else "spawn"
    global _WORKER_CTX
    _WORKER_CTX = ctx if method == "fork" else None
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context(method), initializer=_init_worker,
                                 initargs=(None if method == "fork" else ctx.registry, ctx.backend)) as pool:
            for batch in pool.map(_worker_batch, chunks):
                collect(batch)
                done += 1
    except (BrokenProcessPool, OSError) as exc:
        print(f"newsgraph: worker processes failed ({exc.__class__.__name__}); finishing in this process",
              file=sys.stderr)
    return chunks[done:]


_WORKER_CTX: Context | None = None


def _init_worker(registry: Registry | None, backend: str) -> None:
    global _WORKER_CTX
    if registry is not None:                     # spawned: compile the context here
        _WORKER_CTX = make_context(registry, backend)


def _worker_batch(chunk: list[corpus.RawFile]) -> list[ArticleRows | dict]:
    assert _WORKER_CTX is not None
    return [r.compact() if isinstance(r, ArticleRows) else r for r in analyze_batch(chunk, _WORKER_CTX)]


def _frames(results: Iterable[ArticleRows], previous: dict[str, pd.DataFrame], keep: set[str]) -> dict[str, pd.DataFrame]:
    """Per-article tables: reused rows of unchanged articles plus the new rows (for the
    partitioned tables only the new rows: the rest stay in their parts)."""
    results = list(results)
    out = {}
    for name in PER_ARTICLE:
        pieces = []
        old = previous.get(name)
        if old is not None and len(old):
            pieces.append(old[old["article_id"].isin(keep)])
        columns: dict[str, list] = {}
        for r in results:
            for col, values in r.compact().__dict__[name].items():
                columns.setdefault(col, []).extend(values)
        if columns and any(columns.values()):
            pieces.append(_frame(name, columns))
        out[name] = store.with_none(pd.concat(pieces, ignore_index=True)) if len(pieces) > 1 else (
            pieces[0] if pieces else pd.DataFrame())
    return out


def _frame(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """A DataFrame of new rows: text and list columns as plain objects (None stays None,
    no str-dtype inference to undo), numbers as numbers."""
    numeric = {f.name for f in TABLES[name] if pa.types.is_integer(f.type)}
    return pd.DataFrame({col: values if col in numeric else pd.Series(values, dtype=object)
                         for col, values in columns.items()})


def build(raw: Path = settings.RAW_DIR, out: Path = settings.PROCESSED_DIR, backend: str = "auto",
          registry: Registry | None = None, workers: int | None = None, force: bool = False,
          progress: Progress | None = None, on_wait: Callable[[], None] | None = None) -> BuildReport:
    """Build (or update) the processed tables of `raw` into `out`."""
    started = time.perf_counter()
    raw, out = Path(raw), Path(out)
    try:
        registry = registry or load_registry(settings.DATA_DIR)   # read now: NEWSGRAPH_DATA / tests
    except RegistryError as exc:
        raise BuildError(f"registry error, nothing rebuilt (the last good tables stay): {exc}") from None
    backend = resolve_backend(backend)
    out.parent.mkdir(parents=True, exist_ok=True)
    with store.build_lock(out, on_wait=on_wait):
        return _build_locked(raw, out, backend, registry, workers or os.cpu_count() or 1, force, progress, started)


def resolve_backend(backend: str) -> str:
    """auto → stanza when its models are present, else rules; stanza without models stops."""
    from newsgraph.nlp import stanza_backend as sb
    if backend not in ("auto", "rules", "stanza"):
        raise BuildError(f"unknown backend '{backend}': use auto, rules or stanza")
    if backend == "auto":
        return "stanza" if sb.models_present(settings.STANZA_DIR) else "rules"
    if backend == "stanza" and not sb.models_present(settings.STANZA_DIR):
        raise BuildError(str(sb.StanzaModelsMissing(settings.STANZA_DIR)))
    return backend


def _build_locked(raw: Path, out: Path, backend: str, registry: Registry, workers: int, force: bool,
                  progress: Progress | None, started: float) -> BuildReport:
    report = BuildReport(out=out, backend=backend)
    if not raw.is_dir():
        raise BuildError(f"raw folder {raw} does not exist")
    files, problems = corpus.list_raw(raw)
    if not files and not problems:
        raise BuildError(f"no articles found in {raw} (looked for {', '.join(settings.RAW_SUFFIXES)})")
    version = code_version(registry)
    manifest, previous = ({}, {}) if force else _previous(out, version, backend)
    unchanged, todo = corpus.split_unchanged(files, manifest.get("inputs", {}), previous)
    ctx = make_context(registry, backend)
    results, bad = _process(todo, ctx, workers, progress, len(unchanged), len(files))
    problems += bad
    if not results and not unchanged:
        shown = "; ".join(f"{p['path']}: {p['reason']}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise BuildError(f"no article could be built: {shown}{more}")
    keep = {f.article_id for f in unchanged}
    frames = _frames(results, previous, keep)
    metadata, meta_problems = corpus.read_metadata(raw)
    problems += meta_problems
    build_dir = store.new_build_dir(out)
    part_map = parts.write(build_dir, store.current_dir(out) if previous else None, manifest.get("parts", {}),
                           keep, frames, [r.article_id for r in results])
    mentions = parts.read_columns(build_dir, "mentions", ["article_id", "entity_id", "label", "surface"])
    tables = corpus.finish(frames, registry, metadata, mentions)
    report.n_articles, report.n_reused, report.n_processed = len(tables["articles"]), len(unchanged), len(results)
    report.problems = problems
    report.rows = {name: parts.rows(build_dir, name) if name in parts.PARTITIONED
                   else store.write_table(build_dir, name, tables[name]) for name in TABLE_NAMES}
    views.write(build_dir, tables)
    report.seconds = time.perf_counter() - started
    store.write_manifest(build_dir, {**corpus.manifest(report, version, registry, files, results,
                                                         manifest.get("inputs", {}), unchanged), "parts": part_map})
    store.publish(build_dir, out)
    return report


def report_problems(report: BuildReport, stream=sys.stderr) -> None:
    """One line per file that could not be built."""
    for p in report.problems:
        print(f"newsgraph: skipped {p['path']}: {p['reason']}", file=stream)


__all__ = ["build", "BuildReport", "BuildError", "IngestError", "resolve_backend"]
