"""Processed tables for UI benchmarks: copy a build folder, or replicate one ×k.

`replicate(src, dst, k)` writes k copies of every per-article row, article ids (and the
meeting and event ids that contain them) suffixed "~r<i>", entity counts multiplied, and a
manifest with the new row counts. It stands in for a k-times bigger build when that build
would take too long to run in the benchmark's time budget; the docs say when it was used.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from newsgraph.storage import store

ID_COLUMNS = ("article_id", "meeting_id", "event_id")


def _suffixed(table: pa.Table, i: int) -> pa.Table:
    if i == 0:
        return table
    for col in ID_COLUMNS:
        if col in table.column_names:
            idx = table.column_names.index(col)
            table = table.set_column(idx, col, pc.binary_join_element_wise(table[col], pa.scalar(f"~r{i}"), ""))
    return table


def replicate(src: Path, dst: Path, k: int) -> Path:
    """dst = the tables of src, k times over (a plain folder with parquet + manifest.json)."""
    src = store.current_dir(Path(src))
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    manifest = json.loads((src / store.MANIFEST).read_text(encoding="utf-8"))
    rows = {}
    for path in sorted(src.glob("*.parquet")):
        table = pq.read_table(path)
        if path.stem == "entities":
            for col in ("mention_count", "article_count"):
                idx = table.column_names.index(col)
                table = table.set_column(idx, col, pc.cast(pc.multiply(table[col], k), table.schema.field(col).type))
            out = table
        else:
            out = pa.concat_tables([_suffixed(table, i) for i in range(k)])
        pq.write_table(out, dst / path.name, compression="zstd")
        rows[path.stem] = out.num_rows
    manifest.update(rows=rows, articles=rows.get("articles", manifest.get("articles")), inputs={},
                    replicated={"from": str(src), "factor": k})
    (dst / store.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return dst
