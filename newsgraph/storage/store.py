"""The processed-table store: parquet files plus manifest.json, published atomically.

`out` (data/processed by default) is a symbolic link to one complete build directory
under `<out>.builds/`. A build writes a new directory, then swaps the link with a single
rename, so a reader sees the old set of tables or the new one, never a mix, and a build
killed half-way leaves the previous tables in place.
"""
from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsgraph.base.errors import BuildError, CacheMissing
from newsgraph.storage.schema import ROW_GROUP_ROWS, SCHEMA_VERSION, TABLES

MANIFEST = "manifest.json"
KEEP_BUILDS = 2          # the current one and the one a slow reader may still be reading


def builds_dir(out: Path) -> Path:
    """Where the build directories behind `out` live (a sibling, same file system)."""
    return out.parent / f".{out.name}.builds"


def to_arrow(name: str, frame: pd.DataFrame) -> pa.Table:
    """Conform a DataFrame to the table's schema (column order and types)."""
    schema = TABLES[name]
    for col in schema.names:
        if col not in frame.columns:
            frame = frame.assign(**{col: None})
    return pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)


def columns_to_arrow(name: str, columns: dict[str, list]) -> pa.Table:
    """Rows given as columns (dict of lists) as a table of the schema, without pandas."""
    schema = TABLES[name]
    n = len(next(iter(columns.values()))) if columns else 0
    return pa.table([pa.array(columns[f.name], f.type) if f.name in columns else pa.nulls(n, f.type)
                     for f in schema], schema=schema)


def new_build_dir(out: Path) -> Path:
    """A fresh, empty directory to write the next build into."""
    path = builds_dir(out) / f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.tmp"
    path.mkdir(parents=True)
    return path


def write_table(build: Path, name: str, frame: pd.DataFrame) -> int:
    """Write one table as parquet into a build directory; return its row count."""
    table = to_arrow(name, frame)
    pq.write_table(table, build / f"{name}.parquet", compression="zstd", row_group_size=ROW_GROUP_ROWS[name])
    return table.num_rows


SUMMARY = "summary.json"
PER_ARTICLE_KEYS = ("inputs", "parts")    # one record per article: the build's own business


def summary_of(manifest: dict) -> dict:
    """The manifest without its per-article records (what the dashboard shows)."""
    return {k: v for k, v in manifest.items() if k not in PER_ARTICLE_KEYS}


def write_manifest(build: Path, manifest: dict) -> None:
    """Write summary.json (the manifest without its per-article records: megabytes at 100k
    articles, which the dashboard never reads), then manifest.json (the last file of a build)."""
    (build / SUMMARY).write_text(json.dumps(summary_of(manifest), ensure_ascii=False), encoding="utf-8")
    (build / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")   # no indent: the C encoder


def _adopt_plain_dir(out: Path) -> None:
    """Turn an `out` that is a real directory into the link layout (first build only)."""
    if not any(out.iterdir()):
        out.rmdir()
    elif (out / MANIFEST).exists():
        target = builds_dir(out) / f"adopted-{uuid.uuid4().hex[:8]}"
        target.parent.mkdir(parents=True, exist_ok=True)
        out.rename(target)
        out.symlink_to(os.path.relpath(target, out.parent))
    else:
        raise BuildError(f"{out} exists and is not a newsgraph table folder; choose another --out")


def publish(build: Path, out: Path) -> Path:
    """Make `build` the current tables with one atomic rename of the `out` link."""
    final = build.with_suffix("")
    build.rename(final)
    link_tmp = out.parent / f".{out.name}.link-{uuid.uuid4().hex[:8]}"
    try:
        if out.exists() and not out.is_symlink():
            _adopt_plain_dir(out)
        link_tmp.symlink_to(os.path.relpath(final, out.parent))
        os.replace(link_tmp, out)
    except BaseException:                # never linked (a full disk): nothing reads it, so it goes
        link_tmp.unlink(missing_ok=True)
        shutil.rmtree(final, ignore_errors=True)
        raise
    _prune(out, keep=final)
    return final


def remove_abandoned(out: Path) -> None:
    """Delete the build directories and link temporaries of builds that were killed or failed.

    Run under build_lock (no other build can be writing one now), before a build writes, so the
    space a killed build took is free for the next."""
    if builds_dir(out).is_dir():
        for d in builds_dir(out).iterdir():
            if d.name.endswith(".tmp") and d.is_dir():
                shutil.rmtree(d, ignore_errors=True)
    for link in out.parent.glob(f".{out.name}.link-*"):
        link.unlink(missing_ok=True)


def _prune(out: Path, keep: Path) -> None:
    """Delete old and abandoned build directories (and link temporaries), keeping the newest few."""
    remove_abandoned(out)
    finished = sorted((d for d in builds_dir(out).iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime)
    for d in finished[:-KEEP_BUILDS]:
        if d != keep:
            shutil.rmtree(d, ignore_errors=True)


def current_dir(out: Path) -> Path:
    """The build directory `out` points at now (resolved once, so reads stay consistent)."""
    return out.resolve()


def read_manifest(out: Path, summary: bool = False) -> dict:
    """The manifest of the current build; CacheMissing when there is none or it is stale.
    `summary`: without the per-article records (read from summary.json when the build has one)."""
    folder = current_dir(out)
    path = folder / MANIFEST
    if not path.exists():
        raise CacheMissing(f"no processed tables in {out}; run: python -m newsgraph build")
    if summary and (folder / SUMMARY).exists():
        path = folder / SUMMARY
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if summary:
        manifest = summary_of(manifest)
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise CacheMissing(f"tables in {out} use schema {manifest.get('schema_version')}, "
                           f"this code reads {SCHEMA_VERSION}; run: python -m newsgraph build")
    return manifest


def with_none(frame: pd.DataFrame) -> pd.DataFrame:
    """String columns as plain objects whose missing values are None, not NaN (pandas 3
    infers a str dtype that marks missing strings NaN, which is truthy)."""
    for col in frame.columns:
        if pd.api.types.is_string_dtype(frame[col].dtype) and frame[col].dtype != object:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A table as a DataFrame whose text columns are plain objects, missing as None (what
    `with_none(table.to_pandas())` gives, without making pandas str columns first: half the time)."""
    strings = [f.name for f in table.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
    if not strings:
        return table.to_pandas()
    rest = table.drop_columns(strings).to_pandas() if len(strings) < table.num_columns else None
    return pd.DataFrame({name: pd.Series(_objects(table.column(name)), dtype=object, copy=False)
                         if name in strings else rest[name] for name in table.schema.names}, copy=False)


FEW_SAMPLE = 2048       # rows looked at to tell a column of few distinct values (types, dates, sources)


def _objects(column: pa.ChunkedArray) -> np.ndarray:
    """A string column as an object array, missing as None. A long column of few distinct values
    (by a sample of its first rows) goes through its dictionary: one Python string per distinct
    value, shared by its rows, instead of one per row (a quarter of the time, and the memory)."""
    if len(column) > 2 * FEW_SAMPLE and len(pc.unique(column.slice(0, FEW_SAMPLE))) * 8 <= FEW_SAMPLE:
        encoded = pc.dictionary_encode(column).combine_chunks()
        if len(encoded.dictionary) * 8 <= len(column):
            values = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), dtype=object)
            return np.append(values, None)[pc.fill_null(encoded.indices, len(values)).to_numpy()]
    return column.to_numpy(zero_copy_only=False)


def same_values(a, b) -> np.ndarray:
    """Elementwise equality of two object arrays where missing (None or NaN) equals missing."""
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return (a == b) | (pd.isna(a) & pd.isna(b))


def object_column(values, index) -> pd.Series:
    """A column of Python objects: None stays None (pandas 3 would turn it into NaN)."""
    return pd.Series(list(values), index=index, dtype=object)


def table_path(out: Path | str, name: str) -> Path:
    """The file (or part folder) of one table of the current build (`out`: the processed link, or a
    build folder); CacheMissing when it is not there."""
    path = current_dir(Path(out)) / f"{name}.parquet"
    if not path.exists():
        raise CacheMissing(f"table {name} missing in {out}; run: python -m newsgraph build")
    return path


def read_table(out: Path | str, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """Read one table of the current build (`out`: the processed link, or a build folder) as a
    DataFrame (lists as arrays, missing as None)."""
    return to_frame(pq.read_table(table_path(out, name), columns=columns))


def _progress_path(out: Path) -> Path:
    return out.parent / f".{out.name}.progress"


class LockHolder:
    """How far the build holding the lock of `out` is, told to the builds waiting for it: a small
    JSON file beside the lock (done and total articles, the holder's process id and the time of
    its last word), rewritten at most twice a second."""

    def __init__(self, out: Path) -> None:
        self.path, self.last = _progress_path(out), 0.0
        self.tell(0, 0)

    def __call__(self, done: int, total: int) -> None:
        if done < total and time.monotonic() - self.last < 0.5:
            return
        self.tell(done, total)

    def tell(self, done: int, total: int) -> None:
        """Write the progress now (a rename: a reader never sees half a file)."""
        self.last = time.monotonic()
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps({"done": done, "total": total, "pid": os.getpid(), "updated": time.time()}))
            os.replace(tmp, self.path)
        except OSError:
            pass                                  # progress is a courtesy: a full disk must not stop the build

    def close(self) -> None:
        try:
            self.path.unlink()
        except OSError:
            pass


def read_progress(out: Path) -> dict | None:
    """What the build holding the lock of `out` last told of its progress (LockHolder), or None."""
    try:
        return json.loads(_progress_path(out).read_text())
    except (OSError, ValueError):
        return None


@contextmanager
def build_lock(out: Path, wait_s: float | None = None, on_wait=None) -> Iterator[LockHolder]:
    """Serialize builds of one `out` across processes (two uploads at once). While another build
    holds it, `on_wait(progress)` is called about five times a second with what that build last
    told (read_progress: done, total, updated; or None). There is no time limit unless `wait_s`
    is given: a holder that dies frees the lock, and one that lives says how far it is. Yields
    the LockHolder the build tells its own progress to."""
    lock_path = out.parent / f".{out.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = None if wait_s is None else time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() > deadline:
                    raise BuildError(f"another build of {out} is still running after {wait_s:.0f}s; "
                                     "try again later") from None
                if on_wait:
                    on_wait(read_progress(out))
                time.sleep(0.2)
        holder = LockHolder(out)
        try:
            yield holder
        finally:
            holder.close()
            fcntl.flock(handle, fcntl.LOCK_UN)
