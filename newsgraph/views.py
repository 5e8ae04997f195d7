"""Derived tables written with every build, so that the pages filter small tables
instead of recomputing them from the big ones on every view.

A view is a pure function of the build's tables: `fn(build_dir, tables) -> DataFrame`,
where `tables` holds the corpus-wide tables just computed (articles, dates, meetings,
entities) and the partitioned ones (sentences, mentions) are read from `build_dir` with
`parts.read_columns`. Views are registered in VIEWS by the module that owns them and are
written to `<build>/views/<name>.parquet`; the dashboard reads them through ui/data.py.
Every view is recomputed on every build, so each must stay cheap at corpus scale.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

View = Callable[[Path, dict[str, pd.DataFrame]], pd.DataFrame]
VIEWS: dict[str, View] = {}


def path(build_dir: Path, name: str) -> Path:
    """Where view `name` of a build lives."""
    return Path(build_dir) / "views" / f"{name}.parquet"


def write(build_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Compute and write every registered view; rows per view."""
    rows = {}
    for name, fn in VIEWS.items():
        frame = fn(build_dir, tables)
        target = path(build_dir, name)
        target.parent.mkdir(exist_ok=True)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), target)
        rows[name] = len(frame)
    return rows
