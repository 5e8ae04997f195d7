"""`python -m newsgraph build`: raw files → processed tables, incremental and atomic.

Map, then overlay. The map: per article (in parallel; kept by content hash and code version,
written once under `map/` and never changed, see storage/parts.py): ingest, segment,
mentions, dates, topics, meetings. The overlay, over the whole corpus from the map's rows
(every build): metadata.csv, the analyst's corrections (data/corrections.yaml: entity links,
then contacts), years of dates without one, inferred publication dates, meeting dates, event
ids, the entities table and the views. Then one atomic publish (see store.py): the tables pages
and `pd.read_parquet` read are the map's rows joined with the overlay's.
"""
from __future__ import annotations

import errno
import gc
import os
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa

from newsgraph.corpus import contactfixes, entities, overlay
from newsgraph.corpus.corrections import Corrections, CorrectionsError, load_corrections
from newsgraph.ingest import rawfiles
from newsgraph.storage import parts, searchindex, store
from newsgraph import settings
from newsgraph.views import netstore, stored
from newsgraph.analysis.analyze import BACKENDS, Context, analyze_batch, make_context
from newsgraph.base.errors import BuildError, CacheMissing, IngestError
from newsgraph.base.registry import Registry, RegistryError, load_registry
from newsgraph.jobs import engines
from newsgraph.jobs.mapunit import ARROW_ONLY, Batch, code_version, extend, pack
from newsgraph.storage.schema import TABLE_NAMES, TABLES

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
    corrections: dict = field(default_factory=dict)      # what the analyst's corrections did (Outcome.as_dict)

    def summary(self) -> str:
        """One line: articles, reuse, problems, corrections, time."""
        probs = f", {len(self.problems)} problem file(s)" if self.problems else ""
        done = self.corrections.get("applied", 0)
        fixes = f", {done} correction(s) applied" if done or self.corrections.get("not_applied") else ""
        fixes += f" ({len(self.corrections['not_applied'])} not)" if self.corrections.get("not_applied") else ""
        return (f"built {self.n_articles} articles ({self.n_processed} processed, {self.n_reused} unchanged)"
                f"{probs}{fixes} with the {self.backend} backend in {self.seconds:.1f}s → {self.out}")


ARTICLE_COLUMNS = [c for c in TABLES["articles"].names if c != "text"]   # what the corpus stages see


def _reusable(out: Path, version: str, backend: str) -> dict:
    """The last build's manifest when its rows can be reused (same schema, code, backend)."""
    try:
        manifest = store.read_manifest(out)
    except (CacheMissing, ValueError, OSError):
        return {}
    same = manifest.get("code_version") == version and manifest.get("backend") == backend
    return manifest if same and "parts" in manifest else {}


@dataclass
class Previous:
    """What this build takes from the last one: the map's rows of the articles it keeps (articles
    without their text, dates, meetings), the overlay's columns it published for every article,
    and what its overlay kept for this one (overlay.load_state; None: computed whole)."""

    dir: Path
    articles: pd.DataFrame
    dates: pd.DataFrame
    meetings: pd.DataFrame
    published: pd.DataFrame
    kept: overlay.Kept | None


def _read_previous(out: Path, keep: set[str], manifest: dict) -> Previous | None:
    """The kept articles' map rows of the last build, and what it published; None when they cannot be read."""
    folder = store.current_dir(out)
    try:
        rows = [parts.read_map(folder, "articles", ARTICLE_COLUMNS), parts.read_map(folder, "dates"),
                parts.read_map(folder, "meetings")]
        published = store.read_table(folder, "articles", ["article_id", *overlay.OVERLAY_COLUMNS])
    except (CacheMissing, OSError, ValueError, pa.ArrowException):
        return None
    kept = overlay.load_state(folder, manifest.get("overlay_state"))
    return Previous(folder, *(t[t["article_id"].isin(keep)] if len(t) else t for t in rows), published, kept)


class Collected:
    """Per-article results gathered as they arrive, one Batch (chunk of articles) at a time."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[str, list]] = {name: {} for name in parts.PER_ARTICLE if name not in ARROW_ONLY}
        self.batches: dict[str, list[pa.Table]] = {name: [] for name in ARROW_ONLY}
        self.inputs: dict[str, dict] = {}            # article_id → its manifest input record, in order
        self.problems: list[dict] = []

    def add(self, batch: Batch) -> None:
        """One chunk's rows and problems."""
        self.problems += batch.problems
        self.inputs.update(batch.inputs)
        for name, cols in batch.columns.items():
            extend(self.columns[name], cols)
        for name, table in batch.arrow.items():
            if table.num_rows:
                self.batches[name].append(table)

    def __len__(self) -> int:
        return len(self.inputs) + len(self.problems)

    def frames(self) -> dict[str, pd.DataFrame | pa.Table]:
        """The new rows of every per-article table: DataFrames for the corpus-wide stages,
        Arrow tables for the tables that only get written (sentences, mentions)."""
        out: dict[str, pd.DataFrame | pa.Table] = {}
        for name in parts.PER_ARTICLE:
            if name in ARROW_ONLY:
                batches = self.batches[name]
                out[name] = pa.concat_tables(batches) if batches else store.columns_to_arrow(name, {})
            else:
                cols = self.columns[name]
                out[name] = _frame(name, cols) if cols and any(cols.values()) else pd.DataFrame()
        return out


def _process(todo: list[rawfiles.RawFile], ctx: Context, workers: int, progress: Progress | None,
             done_before: int, total: int, engine: str = "pool", scheduler: str | None = None) -> Collected:
    """Analyse raw files: on Dask, or in a process pool when there are many."""
    got = Collected()
    chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
    if engine == "dask" and chunks:              # nothing to analyse: no cluster to start or reach
        arrived = (lambda n: progress(done_before + n, total)) if progress else (lambda n: None)
        for batch in engines.map_on_dask(chunks, ctx, workers, scheduler, arrived):
            got.add(batch)
        return got

    def collect(batch: Batch) -> None:
        got.add(batch)
        if progress:
            progress(done_before + len(got), total)

    pending = chunks
    if workers > 1 and len(todo) >= PARALLEL_MIN and ctx.backend == "rules":
        pending = _in_pool(chunks, ctx, workers, collect)
    for chunk in pending:                        # small builds, or what a broken pool left
        collect(pack(analyze_batch(chunk, ctx)))
    return got


def _in_pool(chunks: list, ctx: Context, workers: int, collect) -> list:
    """Run chunks in worker processes; return the chunks that did not run.

    Forked workers inherit the compiled context; spawned ones (_mp_context) compile their own.
    If the pool breaks, the rest runs here, so a build never fails for want of processes."""
    from concurrent.futures.process import BrokenProcessPool
    context = _mp_context()
    forked = context.get_start_method() == "fork"
    global _WORKER_CTX
    _WORKER_CTX = ctx if forked else None
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_worker,
                                 initargs=(None if forked else ctx.registry, ctx.backend)) as pool:
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
    gc.enable()                                  # forked from a parent that paused it while collecting
    if registry is not None:                     # spawned: compile the context here
        _WORKER_CTX = make_context(registry, backend)
    gc.freeze()                                  # the context lives as long as the worker: never scan it


def _worker_batch(chunk: list[rawfiles.RawFile]) -> Batch:
    assert _WORKER_CTX is not None
    return pack(analyze_batch(chunk, _WORKER_CTX))


def _frame(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """A DataFrame of new rows: text and list columns as plain objects (None stays None,
    no str-dtype inference to undo), numbers as numbers."""
    numeric = {f.name for f in TABLES[name] if pa.types.is_integer(f.type)}
    return pd.DataFrame({col: values if col in numeric else pd.Series(values, dtype=object)
                         for col, values in columns.items()})


def _concat(old: pd.DataFrame | None, new: pd.DataFrame) -> pd.DataFrame:
    """Kept rows then new rows, one frame."""
    pieces = [f for f in (old, new) if f is not None and len(f)]
    if len(pieces) > 1:
        return store.with_none(pd.concat(pieces, ignore_index=True))
    return pieces[0] if pieces else pd.DataFrame()


def corpus_inputs(previous: Previous | None, new: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every article's articles (without text), dates and meetings rows as the map gave them: the
    kept articles' from the last build's map, then the new ones."""
    articles = new["articles"].drop(columns=["text"], errors="ignore")
    if previous is None:
        return {"articles": articles, "dates": new["dates"], "meetings": new["meetings"]}
    return {"articles": _concat(previous.articles, articles), "dates": _concat(previous.dates, new["dates"]),
            "meetings": _concat(previous.meetings, new["meetings"])}


def in_file_order(frame: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """Rows ordered as a full build orders them: by their article's raw file (sorted paths),
    each article's rows in their own order. Corpus-wide steps that depend on row order (which
    report seeds an event, which spelling names a discovered entity) then give the same
    result in an incremental build."""
    if not len(frame):
        return frame
    codes, ids = pd.factorize(frame["article_id"])          # one look-up per article, not per row
    keys = np.fromiter((position[a] for a in ids.tolist()), dtype=np.int64, count=len(ids))[codes]
    order = np.argsort(keys, kind="stable")
    if (order[1:] > order[:-1]).all():
        return frame
    return frame.take(order).reset_index(drop=True)


def publish_articles(build_dir: Path, plan: parts.Layout, mapped: pd.DataFrame, final: pd.DataFrame,
                     previous: Previous | None) -> None:
    """The published articles table: the map's articles (`mapped`, without text) with the overlay's
    columns as `final` gives them."""
    values = {col: dict(zip(final["article_id"].tolist(), final[col].tolist())) for col in overlay.OVERLAY_COLUMNS}
    moved = _differing(values, previous.published) if previous is not None else set(values["published"])
    parts.publish_articles(build_dir, plan, values, _differing(values, mapped), moved)


def _differing(values: dict[str, dict[str, object]], other: pd.DataFrame) -> set[str]:
    """The articles whose overlay `values` differ from `other`'s (an article `other` lacks differs)."""
    ids = other["article_id"].tolist()
    out = set(values["published"]) - set(ids)
    for col, now in values.items():
        out.update(a for a, v in zip(ids, other[col].tolist()) if a in now and not _same(now[a], v))
    return out


def _same(a, b) -> bool:
    """Equal text values, or both missing (None or NaN: these columns hold text only)."""
    return a == b if isinstance(a, str) or isinstance(b, str) else True


def build(raw: Path | None = None, out: Path | None = None, backend: str = "auto",
          registry: Registry | None = None, workers: int | None = None, force: bool = False,
          progress: Progress | None = None, on_wait: Callable[[dict | None], None] | None = None,
          corrections: Path | None = None, engine: str = "pool", scheduler: str | None = None) -> BuildReport:
    """Build (or update) the processed tables of `raw` into `out`, with the analyst's corrections
    (`corrections`, default data/corrections.yaml: NEWSGRAPH_CORRECTIONS). The per-article map runs
    on `engine`: pool, processes of this machine (in this process for small builds and the stanza
    backend); dask, the workers of the Dask cluster at `scheduler`, or of a local cluster started
    and closed for this build (jobs/engines.py). The overlay and the publish run here on either.
    While another build holds the lock, `on_wait` hears how far it is (store.build_lock)."""
    started = time.perf_counter()
    raw, out = Path(raw or settings.RAW_DIR), Path(out or settings.PROCESSED_DIR)
    engines.check(engine, scheduler, backend)   # before anything is read: a wrong engine costs nothing
    try:
        registry = registry or load_registry()
    except RegistryError as exc:
        raise BuildError(f"registry error, nothing rebuilt (the last good tables stay): {exc}") from None
    backend = resolve_backend(backend)
    engines.check(engine, scheduler, backend)   # again: auto may have chosen stanza
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with store.build_lock(out, on_wait=on_wait) as holder, _gc_paused():
            fixes = _read_corrections(Path(corrections or settings.CORRECTIONS_FILE))
            store.remove_abandoned(out)          # a killed build's folder: its space is this build's
            try:
                return _build_locked(raw, out, backend, registry, workers or os.cpu_count() or 1, force,
                                     _told(progress, holder), started, fixes, engine, scheduler)
            except BaseException:                # a full disk, an interrupt, a bug: no half-written folder stays
                store.remove_abandoned(out)      # (under the lock, every unfinished folder is this build's)
                raise
    except OSError as exc:
        raise BuildError(file_error_message(exc, out)) from None


def file_error_message(exc: OSError, out: Path) -> str:
    """What a build that stopped on a file error did and did not do (its half-written folder is gone)."""
    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"no space left on the disk{where}: the build stopped, its temporary folder was removed and the "
                f"previous tables in {out} keep serving; free some space and build again")
    return f"the build stopped on a file error: {exc.strerror or exc}{where}; the previous tables in {out} keep serving"


def _read_corrections(path: Path) -> Corrections:
    """The corrections file; a malformed one stops the build (the last good tables stay)."""
    try:
        return load_corrections(path)
    except CorrectionsError as exc:
        raise BuildError(f"corrections error, nothing rebuilt (the last good tables stay): {exc}") from None


@contextmanager
def _indexed_beside(build_dir: Path, plan: parts.Layout, own_process: bool):
    """Write the search index (searchindex.write_parts) while the with block runs; wait for it at
    the end (its error raised). SQLite indexes with the GIL released, but the rows it is fed need
    the GIL once per sentence, and the overlay in this thread holds it: in a thread, a 10k build's
    index took 8-13 s beside an overlay of 5-7 s. A large build (`own_process`) therefore indexes in
    a process of its own, on the core the overlay leaves idle (started as the pool's workers are:
    fork from a process with one thread, else spawn); a small one, where starting a process costs
    more than the index, in a thread. Should the process fail to start or die, the index is written
    again here."""
    from concurrent.futures.process import BrokenProcessPool
    with (ProcessPoolExecutor(1, mp_context=_mp_context()) if own_process else ThreadPoolExecutor(1)) as pool:
        try:
            job = pool.submit(_write_index, build_dir, plan)
        except OSError:                          # no process could be started
            job = None
        yield
        try:
            if job is not None:
                job.result()
                return
        except BrokenProcessPool:
            pass
    print("newsgraph: the search index process failed; indexing in this process", file=sys.stderr)
    shutil.rmtree(searchindex.folder(build_dir), ignore_errors=True)
    searchindex.write_parts(build_dir, plan)


def _write_index(build_dir: Path, plan: parts.Layout) -> None:
    """The search index of the build's parts (a function of this module, sent to the index process by name)."""
    searchindex.write_parts(build_dir, plan)


def _mp_context():
    """fork when this process has one thread (the CLI: the child inherits what is loaded), spawn
    otherwise (inside the Streamlit server, where forking a threaded process is unsafe)."""
    import multiprocessing as mp
    import threading
    return mp.get_context("fork" if threading.active_count() == 1 else "spawn")


def _told(progress: Progress | None, holder: store.LockHolder) -> Progress:
    """The build's progress, also told to the builds waiting for its lock."""
    def both(done: int, total: int) -> None:
        holder(done, total)
        if progress:
            progress(done, total)
    return both


@contextmanager
def _gc_paused():
    """Python's cycle collector off for one build: a build makes millions of small objects (rows,
    lists) and no cycles worth collecting, and full collections over the tables it holds cost a
    tenth of an incremental build. Whatever garbage there is goes at the next collection after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def resolve_backend(backend: str) -> str:
    """auto → stanza when its models are present, else rules; stanza without models stops."""
    from newsgraph.analysis.nlp import stanza_backend as sb
    if backend != "auto" and backend not in BACKENDS:
        raise BuildError(f"unknown backend '{backend}': use auto, {', '.join(BACKENDS)}")
    if backend == "auto":
        return "stanza" if sb.models_present(settings.STANZA_DIR) else "rules"
    if backend == "stanza" and not sb.models_present(settings.STANZA_DIR):
        raise BuildError(str(sb.StanzaModelsMissing(settings.STANZA_DIR)))
    return backend


def _build_locked(raw: Path, out: Path, backend: str, registry: Registry, workers: int, force: bool,
                  progress: Progress | None, started: float, fixes: Corrections, engine: str = "pool",
                  scheduler: str | None = None) -> BuildReport:
    report = BuildReport(out=out, backend=backend)
    if not raw.is_dir():
        raise BuildError(f"raw folder {raw} does not exist")
    files, problems = rawfiles.list_raw(raw)
    if not files and not problems:
        raise BuildError(f"no articles found in {raw} (looked for {', '.join(settings.RAW_SUFFIXES)})")
    version = code_version(registry)
    manifest = {} if force else _reusable(out, version, backend)
    metadata, meta_problems = rawfiles.read_metadata(raw)
    meta_sha = rawfiles.metadata_fingerprint(raw)
    files = rawfiles.with_published(files, metadata)
    unchanged, todo = rawfiles.split_unchanged(files, manifest.get("inputs", {}))
    todo, over_budget = _still_over_budget(todo, manifest.get("problems", []))
    problems += over_budget
    if _nothing_changed(manifest, unchanged, todo, problems + meta_problems, meta_sha, fixes.sha256):
        return _as_before(report, manifest, len(files), len(unchanged), progress, started)
    previous = _read_previous(out, {f.article_id for f in unchanged}, manifest) if unchanged else None
    if previous is None:
        unchanged, todo = [], list(files)
    ctx = make_context(registry, backend)
    got = _process(todo, ctx, workers, progress, len(unchanged), len(files), engine, scheduler)
    problems += got.problems
    if not got.inputs and not unchanged:
        shown = "; ".join(f"{p['path']}: {p['reason']}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise BuildError(f"no article could be built: {shown}{more}")
    problems += meta_problems
    new = got.frames()
    inputs = corpus_inputs(previous, new)
    build_dir = store.new_build_dir(out)
    plan = parts.layout(previous.dir if previous else None, manifest.get("parts", {}),
                        {f.article_id for f in unchanged}, list(got.inputs))
    rows = {name: parts.write_map(build_dir, plan, name, new[name]) for name in parts.PER_ARTICLE}
    for name in ("sentences", "mentions"):
        parts.publish(build_dir, name)
    # The search index (storage/searchindex.py) is written beside the overlay, on the other core.
    with _indexed_beside(build_dir, plan, own_process=workers > 1 and len(got.inputs) >= PARALLEL_MIN):
        position = {f.article_id: i for i, f in enumerate(files)}
        part_names = stored.write_parts(build_dir, plan, position)   # per part: views, entity stats
        if previous is not None:                     # kept rows first, then the new: back to file order
            inputs = {name: in_file_order(frame, position) for name, frame in inputs.items()}
        run, fixed_parts = _corrections_run(fixes, build_dir, part_names, position)
        entity_table = entities.table_from_parts(stored.read_entity_stats(build_dir, part_names, fixed_parts), position,
                                                 registry, merged={i for i in run.fix.merges.values() if i})
        tables, kept = overlay.finish(inputs, registry, metadata, None, previous.kept if previous else None,
                                      entity_table=entity_table, corrections=run)
        # Parquet encoding and Arrow compute release the GIL: the corpus-wide tables and the combined
        # per-article views are written in threads while this one publishes articles and the timeline.
        with ThreadPoolExecutor(2) as io:
            writes = {name: io.submit(store.write_table, build_dir, name, tables[name])
                      for name in ("entities", "dates", "meetings")}
            combined = io.submit(stored.write_combined, build_dir, part_names, fixed_parts)
            state = io.submit(overlay.save_state, build_dir, kept)
            publish_articles(build_dir, plan, inputs["articles"], tables["articles"], previous)
            stored.write(build_dir, tables, part_names, last=previous.dir if previous else None,
                         redo=stored.redo(kept.changed, got.inputs,
                                         fixes.sha256 == manifest.get("corrections_sha256")))
            rows.update({name: job.result() for name, job in writes.items()})
            combined.result()
        netstore.write(build_dir)            # the meeting pairs and the default network, from the tables just written
    report.n_articles, report.n_reused, report.n_processed = len(tables["articles"]), len(unchanged), len(got.inputs)
    report.problems = problems
    report.rows = {name: rows[name] for name in TABLE_NAMES}
    report.seconds = time.perf_counter() - started
    report.corrections = run.outcome.as_dict(fixes)
    extra = {"parts": plan.part_map(), "metadata_sha256": meta_sha, "corrections_sha256": fixes.sha256,
             "corrections": report.corrections, "overlay_state": state.result()}
    store.write_manifest(build_dir, overlay.manifest(report, version, registry, files, got.inputs,
                                                    manifest.get("inputs", {}), unchanged, extra))
    store.publish(build_dir, out)
    return report


def _still_over_budget(todo: list[rawfiles.RawFile], last_problems: list[dict]) -> tuple[list, list[dict]]:
    """(files to analyse, problems kept): a file that ran past its time budget in the last build
    (same code: the manifest is reused) is not tried again while its bytes, its date in
    metadata.csv and the budget are the same; its problem stays. `--force` tries it again."""
    budget = float(settings.ARTICLE_SECONDS)
    over = {p["path"]: p for p in last_problems if p.get("over_budget")}
    if not over or budget <= 0:
        return todo, []
    keep, kept_problems = [], []
    for f in todo:
        p = over.get(f.rel)
        was = p["over_budget"] if p else {}
        if p and (was["size"], was["mtime_ns"], was.get("published")) == (f.size, f.mtime_ns, f.published) \
                and budget <= was["seconds"]:
            kept_problems.append(p)
        else:
            keep.append(f)
    return keep, kept_problems


def _corrections_run(fixes: Corrections, build_dir: Path, part_names: list[str],
                     position: dict[str, int]) -> tuple[contactfixes.Run, set[str]]:
    """The analyst's corrections made ready for the overlay: the parts naming an entity they
    change get corrected mentions, views and entity stats (stored.write_corrected); the sentences
    add-meeting entries name are read. Also the parts corrected."""
    run, fixed_parts = contactfixes.Run.of(fixes), set()
    if run.fix:
        fixed_parts, links = stored.write_corrected(build_dir, part_names, position, run.fix)
        run.linked(links)
    wanted = sorted({c.article for c in fixes.of(("add-meeting",))})
    if wanted:
        run.sentences = parts.read_articles(build_dir, "sentences", wanted, ["article_id", "sent_idx", "text", "topics"])
    return run, fixed_parts


def _nothing_changed(manifest: dict, unchanged: list, todo: list, problems: list[dict], meta_sha: str | None,
                     corrections_sha: str | None) -> bool:
    """True when the last build already is this build: same code, the same files with the same
    bytes, the same metadata.csv, the same corrections, the same problems."""
    return bool(manifest) and not todo and len(unchanged) == len(manifest.get("inputs", {})) \
        and manifest.get("metadata_sha256", "") == meta_sha and manifest.get("problems") == problems \
        and manifest.get("corrections_sha256") == corrections_sha


def _as_before(report: BuildReport, manifest: dict, n_files: int, n_unchanged: int, progress: Progress | None,
               started: float) -> BuildReport:
    """The report of a build with nothing to do: the current tables stay as they are."""
    if progress:
        progress(n_files, n_files)
    report.n_articles, report.n_reused, report.n_processed = manifest["articles"], n_unchanged, 0
    report.problems, report.rows = manifest["problems"], manifest["rows"]
    report.corrections = manifest.get("corrections", {})
    report.seconds = time.perf_counter() - started
    return report


def report_problems(report: BuildReport, stream=sys.stderr) -> None:
    """One line per file that could not be built, and per correction that found nothing to correct."""
    for p in report.problems:
        print(f"newsgraph: skipped {p['path']}: {p['reason']}", file=stream)
    for c in report.corrections.get("not_applied", []):
        print(f"newsgraph: {report.corrections['file']}:{c['line']}: correction {c['id']} ({c['op']}) "
              f"not applied: {c['why']}", file=stream)


__all__ = ["build", "BuildReport", "BuildError", "IngestError", "resolve_backend"]
