"""The two big per-article tables, stored as folders of part files.

Sentences and mentions hold most of the rows and nothing corpus-wide ever changes them,
so `sentences.parquet/` and `mentions.parquet/` are folders of parts (readers see one
table: pyarrow and pandas read a folder of parquet files as a dataset). A build
hard-links from the previous build every part whose articles are all unchanged, rewrites
a part only when some of its articles changed or went away, and adds one part for the
articles it analysed: adding ten articles to ten thousand writes ten articles' rows.
Parts are merged into one when there are too many.
"""
from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsgraph.store import to_arrow

PARTITIONED = ("sentences", "mentions")
MAX_PARTS = 24


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


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:                           # another file system: copy instead
        shutil.copy2(src, dst)


def write(build: Path, previous: Path | None, parts_before: dict[str, list[str]], keep: set[str],
          new: dict[str, pd.DataFrame], new_ids: list[str]) -> dict[str, list[str]]:
    """Write every partitioned table into `build`; return the new map of part → article ids."""
    link, rewrite = plan(parts_before, keep) if previous is not None else ([], [])
    if len(link) + len(rewrite) + 1 > MAX_PARTS:
        link, rewrite = [], link + rewrite    # merge everything kept into the new part
    out = {part: parts_before[part] for part in link}
    carried = _carry(previous, rewrite, keep) if rewrite else {}
    ids = [a for part in rewrite for a in parts_before[part] if a in keep] + list(new_ids)
    part = f"part-{uuid.uuid4().hex[:12]}.parquet"
    for name in PARTITIONED:
        folder = build / f"{name}.parquet"
        folder.mkdir()
        for kept in link:
            _link(previous / f"{name}.parquet" / kept, folder / kept)
        if ids:
            pieces = [t for t in (carried.get(name), to_arrow(name, new[name])) if t is not None]
            pq.write_table(pa.concat_tables(pieces), folder / part, compression="zstd")
    if ids:
        out[part] = ids
    return out


def _carry(previous: Path, parts: list[str], keep: set[str]) -> dict[str, pa.Table]:
    """Rows of the kept articles from parts that also held changed ones."""
    wanted = pa.array(sorted(keep))
    out = {}
    for name in PARTITIONED:
        tables = [pq.read_table(previous / f"{name}.parquet" / p) for p in parts]
        table = pa.concat_tables(tables)
        out[name] = table.filter(pc.is_in(table["article_id"], value_set=wanted))
    return out


def rows(build: Path, name: str) -> int:
    """Rows of a partitioned table (from the parts' footers, nothing read)."""
    return sum(pq.ParquetFile(p).metadata.num_rows for p in (build / f"{name}.parquet").glob("*.parquet"))


def read_columns(build: Path, name: str, columns: list[str]) -> pd.DataFrame:
    """Some columns of a partitioned table, as a DataFrame."""
    return pq.read_table(build / f"{name}.parquet", columns=columns).to_pandas()
