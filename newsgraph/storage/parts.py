"""The three per-article tables that hold the text, stored as folders of part files.

Articles, sentences and mentions hold most of the bytes, so `articles.parquet/`,
`sentences.parquet/` and `mentions.parquet/` are folders of parts (readers see one table:
pyarrow and pandas read a folder of parquet files as a dataset). All three use the same
parts, each holding the rows of the same articles. A build hard-links from the previous
build every part whose articles are all unchanged, rewrites a part only when some of its
articles changed or went away, and adds a part for the articles it analysed: adding ten
articles to ten thousand writes ten articles' rows. A full build writes up to twelve parts of
a thousand articles or more; when there are too many parts, the smallest are merged. The
corpus-wide columns of articles (publication date inferred or set in metadata.csv, url,
source) are patched in: a part whose articles got other values than in the previous build
is rewritten with them (`Patch`), the others stay links.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
import shutil
import time
import uuid
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsgraph.storage.schema import ROW_GROUP_ROWS
from newsgraph.storage.store import to_arrow

PARTITIONED = ("articles", "sentences", "mentions")
MAX_PARTS = 24
PART_ARTICLES = 1000      # a part a build writes holds at least this many articles (when it has them) ...
FULL_PARTS = 12           # ... and a full build writes at most this many, leaving room for incremental ones


def plan(previous: dict[str, list[str]], keep: set[str]) -> tuple[list[str], list[str]]:
    """(parts to link as they are, parts to rewrite without their changed or removed articles)."""
    link, rewrite = [], []
    for part, ids in previous.items():
        kept = [a for a in ids if a in keep]
        if len(kept) == len(ids):
            link.append(part)
        elif kept:
            rewrite.append(part)
    return link, rewrite


@dataclass
class Layout:
    """Which parts of the previous build a build links, which it rewrites without the articles
    that changed or went away, and the new parts it writes (those rows plus the new ones)."""

    previous: Path | None
    before: dict[str, list[str]]
    keep: set[str]
    link: list[str]
    rewrite: list[str]
    new: dict[str, list[str]]                # new part file name → its article ids, in order

    @property
    def ids(self) -> list[str]:
        """The articles of the new parts, in order."""
        return [a for ids in self.new.values() for a in ids]

    def part_map(self) -> dict[str, list[str]]:
        """part file name → its article ids, for the manifest."""
        return {**{part: self.before[part] for part in self.link}, **self.new}


def layout(previous: Path | None, parts_before: dict[str, list[str]], keep: set[str], new_ids: list[str]) -> Layout:
    """Decide the parts of the next build (the same for every partitioned table). A part whose
    corpus-wide columns change is rewritten whole (`Patch`), so parts are kept small: a full
    build splits its articles into parts of `PART_ARTICLES` or more; when there are too many
    parts, the smallest kept ones are merged with the new articles."""
    link, rewrite = plan(parts_before, keep) if previous is not None else ([], [])
    size = max(PART_ARTICLES, -(-(len(keep) + len(new_ids)) // FULL_PARTS))
    written = sum(1 for part in rewrite for a in parts_before[part] if a in keep) + len(new_ids)
    while link and len(link) + -(-written // size) > MAX_PARTS:
        smallest = min(link, key=lambda p: len(parts_before[p]))
        link.remove(smallest)
        rewrite.append(smallest)
        written += len(parts_before[smallest])
    ids = [a for part in rewrite for a in parts_before[part] if a in keep] + list(new_ids)
    return Layout(previous, parts_before, keep, link, rewrite, _named(ids, size))


def _named(ids: list[str], size: int) -> dict[str, list[str]]:
    """`ids` cut into parts of `size` articles (the last may be smaller), each with a fresh name
    that sorts after the previous builds' and in order within the build (a reader of the folder
    then sees a full build's rows in file order)."""
    stamp = f"{time.time_ns():016x}"
    return {f"part-{stamp}-{n:04d}-{uuid.uuid4().hex[:6]}.parquet": ids[i:i + size]
            for n, i in enumerate(range(0, len(ids), size))}


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:                           # another file system: copy instead
        shutil.copy2(src, dst)


@dataclass
class Patch:
    """Corpus-wide columns to overwrite in a partitioned table: `values[column][article_id]`,
    and the kept articles whose values differ from the previous build's (their parts are
    rewritten instead of linked)."""

    values: dict[str, dict[str, object]]
    changed: set[str]

    def apply(self, table: pa.Table) -> pa.Table:
        """The table with the patched columns replaced, row by row from its article_id."""
        ids = table.column("article_id").to_pylist()
        for col, by_id in self.values.items():
            i = table.schema.get_field_index(col)
            table = table.set_column(i, table.schema.field(i), pa.array([by_id[a] for a in ids], table.schema.field(i).type))
        return table


def write_table(build: Path, plan: Layout, name: str, new: pd.DataFrame | pa.Table, patch: Patch | None = None) -> int:
    """Write partitioned table `name` into `build` following `plan` (`new`: the rows of the
    articles analysed now); return its row count."""
    folder = build / f"{name}.parquet"
    folder.mkdir()
    rows = 0
    for kept in plan.link:
        src = plan.previous / f"{name}.parquet" / kept
        if patch is not None and any(a in patch.changed for a in plan.before[kept]):
            table = patch.apply(pq.read_table(src))
            pq.write_table(table, folder / kept, compression="zstd", row_group_size=ROW_GROUP_ROWS[name])
            rows += table.num_rows
        else:
            _link(src, folder / kept)
            rows += pq.ParquetFile(folder / kept).metadata.num_rows
    if plan.new:
        fresh = new if isinstance(new, pa.Table) else to_arrow(name, new)
        pieces = [t for t in (_carry(plan, name), fresh) if t is not None]
        table = pa.concat_tables(pieces)
        table = patch.apply(table) if patch is not None else table
        for part, rows_of_part in _cut(table, plan.new).items():
            pq.write_table(rows_of_part, folder / part, compression="zstd", row_group_size=ROW_GROUP_ROWS[name])
            rows += rows_of_part.num_rows
    return rows


def _cut(table: pa.Table, new: dict[str, list[str]]) -> dict[str, pa.Table]:
    """The rows of each new part (rows keep their order; a part's articles are consecutive in it)."""
    if len(new) == 1:
        return {next(iter(new)): table}
    part_of = {a: i for i, ids in enumerate(new.values()) for a in ids}
    encoded = pc.dictionary_encode(table.column("article_id").combine_chunks())   # one look-up per article
    ids = encoded.dictionary.to_pylist()
    which = np.fromiter((part_of[a] for a in ids), dtype=np.int64, count=len(ids))[encoded.indices.to_numpy()]
    order = np.argsort(which, kind="stable")
    if (order[1:] < order[:-1]).any():
        table, which = table.take(order), which[order]
    bounds = np.searchsorted(which, np.arange(len(new) + 1))
    return {part: table.slice(bounds[i], bounds[i + 1] - bounds[i]) for i, part in enumerate(new)}


def _carry(plan: Layout, name: str) -> pa.Table | None:
    """Rows of the kept articles from parts that also held changed ones."""
    if not plan.rewrite:
        return None
    table = pa.concat_tables([pq.read_table(plan.previous / f"{name}.parquet" / p) for p in plan.rewrite])
    return table.filter(pc.is_in(table["article_id"], value_set=pa.array(sorted(plan.keep), pa.string())))


def read_columns(build: Path, name: str, columns: list[str]) -> pd.DataFrame:
    """Some columns of a partitioned table, as a DataFrame."""
    return pq.read_table(build / f"{name}.parquet", columns=columns).to_pandas()
