"""The per-article tables, stored as folders of part files: the map's results and what is published.

What the per-article stages give for each article (articles, sentences, mentions, dates,
meetings) is written once, under `map/` in the build folder, as parts: each part file holds
the rows of the same articles in every table, and a part is never changed once written. A
build hard-links from the previous build every part whose articles are all unchanged, writes
again a part some of whose articles changed or went away (without them), and adds a part for
the articles it analysed: adding ten articles to ten thousand writes ten articles' rows. A
full build writes up to twelve parts of a thousand articles or more; when there are too many
parts, the smallest are merged.

The published `sentences.parquet/` and `mentions.parquet/` are the map's parts, linked
(readers see one table: pyarrow and pandas read a folder of parquet files as a dataset).
The published `articles.parquet/` is the map's articles joined with the corpus overlay's
columns (publication dates from metadata.csv or inferred, url, source): a part is the map's
own file when the overlay changes none of its articles, the previous build's published file
when the overlay gives its articles what it gave them then, and is written from the map part
otherwise (`publish_articles`).
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
from newsgraph.storage.store import to_arrow, to_frame

MAP = "map"
PER_ARTICLE = ("articles", "sentences", "mentions", "dates", "meetings")     # the map's tables
PARTITIONED = ("articles", "sentences", "mentions")                          # published in parts too
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
    published articles change is written again whole (`publish_articles`), so parts are kept small: a full
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


def map_folder(build: Path, name: str) -> Path:
    """The folder of the map's parts of table `name` in a build."""
    return Path(build) / MAP / f"{name}.parquet"


def _write(table: pa.Table, target: Path, name: str) -> None:
    pq.write_table(table, target, compression="zstd", row_group_size=ROW_GROUP_ROWS[name])


def write_map(build: Path, plan: Layout, name: str, new: pd.DataFrame | pa.Table) -> int:
    """Write the map's table `name` into `build` following `plan` (`new`: the rows of the
    articles analysed now); return its row count."""
    folder = map_folder(build, name)
    folder.mkdir(parents=True)
    rows = 0
    for kept in plan.link:
        _link(map_folder(plan.previous, name) / kept, folder / kept)
        rows += pq.ParquetFile(folder / kept).metadata.num_rows
    if plan.new:
        fresh = new if isinstance(new, pa.Table) else to_arrow(name, new)
        pieces = [t for t in (_carry(plan, name), fresh) if t is not None]
        for part, rows_of_part in _cut(pa.concat_tables(pieces), plan.new).items():
            _write(rows_of_part, folder / part, name)
            rows += rows_of_part.num_rows
    return rows


def publish(build: Path, name: str) -> None:
    """The published table `name`: the map's parts as they are (linked)."""
    folder = Path(build) / f"{name}.parquet"
    folder.mkdir()
    for part in sorted(map_folder(build, name).iterdir()):
        _link(part, folder / part.name)


def replace_published(build: Path, name: str, part: str, table: pa.Table) -> None:
    """Publish another file for one part of table `name` (the analyst's corrections of its links)
    in place of the map's, linked by `publish`; the map's part stays as it was."""
    target = Path(build) / f"{name}.parquet" / part
    target.unlink()
    _write(table, target, name)


def publish_articles(build: Path, plan: Layout, overlay: dict[str, dict[str, object]],
                     changed: set[str], moved: set[str]) -> None:
    """The published articles: each map part with the overlay's columns (`overlay[column][article_id]`)
    in place. `changed`: the articles the overlay gives other values than the map's; `moved`: those
    it gives other values than in the previous build."""
    folder = Path(build) / "articles.parquet"
    folder.mkdir()
    for part, ids in plan.part_map().items():
        before = plan.previous / "articles.parquet" / part if plan.previous is not None else None
        if not any(a in changed for a in ids):
            _link(map_folder(build, "articles") / part, folder / part)
        elif part in plan.link and before.exists() and not any(a in moved for a in ids):
            _link(before, folder / part)
        else:
            _write(with_columns(pq.read_table(map_folder(build, "articles") / part), overlay), folder / part, "articles")


def with_columns(table: pa.Table, values: dict[str, dict[str, object]]) -> pa.Table:
    """`table` with some columns replaced, row by row from its article_id (`values[column][article_id]`)."""
    ids = table.column("article_id").to_pylist()
    for col, by_id in values.items():
        i = table.schema.get_field_index(col)
        field = table.schema.field(i)
        table = table.set_column(i, field, pa.array([by_id[a] for a in ids], field.type))
    return table


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
    table = pa.concat_tables([pq.read_table(map_folder(plan.previous, name) / p) for p in plan.rewrite])
    return table.filter(pc.is_in(table["article_id"], value_set=pa.array(sorted(plan.keep), pa.string())))


def read_map(build: Path, name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """The map's table `name` of a build, as a DataFrame (text as objects, missing as None)."""
    return to_frame(pq.read_table(map_folder(build, name), columns=columns))


def read_articles(build: Path, name: str, article_ids: list[str], columns: list[str]) -> pd.DataFrame:
    """Some columns of a published partitioned table, the rows of some articles only."""
    table = pq.read_table(Path(build) / f"{name}.parquet", columns=columns,
                          filters=[("article_id", "in", list(article_ids))])
    return to_frame(table)


def read_columns(build: Path, name: str, columns: list[str]) -> pd.DataFrame:
    """Some columns of a partitioned table, as a DataFrame."""
    return pq.read_table(build / f"{name}.parquet", columns=columns).to_pandas()
