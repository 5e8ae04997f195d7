"""One build's tables as the dashboard reads them: pure, no caching.

`Reader(processed)` reads the build the `processed` link points at now; its `key` (the build
folder's real path) changes with every publish. Each table is read with the columns the pages use
(WITHOUT: the articles' text and the meetings' evidence and lists stay on disk): `with_columns` puts
them back for the rows a page shows. The two big tables (sentences, mentions) are never read whole
for a page: the pages read the build's derived views (`view`: newsgraph/views/stored.py) and the few
rows they show (`rows`, `sentence_texts`: a pyarrow filter on disk). List columns that a whole-table
step needs (filters, labels, pairs) come from `list_index`.

Every read goes through a handful of methods (held, column, list_index, view, rows_of, article,
manifest, row_count, entity_names); ui/data.py's CachedReader overrides exactly those with
st.cache_* wrappers, so the page models (newsgraph/present/pages) take either reader.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from newsgraph.base.errors import CacheMissing
from newsgraph.storage import store
from newsgraph.storage.schema import TABLES
from newsgraph.views import stored
from newsgraph.views.filters import list_hits

# Columns no page needs for every row: text, and the lists (a Python object per row, the most of a
# table's load time and memory), whose filters run on `list_index`; of the articles also what no page
# shows (tags, events, the file's hash and encoding, the dateline, title_derived: the held articles
# read 46 → 31 ms CPU at 10k, every page's first). `with_columns` puts them back.
WITHOUT = {"articles": {"text", "tags", "events", "sha256", "encoding", "dateline", "title_derived"},
           "meetings": {"evidence", "trigger", "contact", "participants", "sides", "topics", "topic_terms", "sent_idxs"}}
COMPACT = {"sentences", "mentions"}             # big tables: Arrow strings (missing = NaN)
# What an article's view reads from disk: only the columns it shows (a column chunk is decompressed
# whole, so every column left out is time saved). The article's row (but the text) is in memory.
ARTICLE_COLUMNS = {"sentences": ["article_id", "sent_idx", "paragraph_idx", "start", "end"],
                   "mentions": ["article_id", "sent_idx", "start", "end", "label", "entity_id"],
                   "dates": None, "meetings": None}

ListIndex = tuple[pa.Array, np.ndarray, int]    # flattened values, the row of each value, row count
AnyOf = Callable[[pd.DataFrame, str, np.ndarray, tuple[str, ...]], np.ndarray]


def held_columns(name: str) -> list[str]:
    """The columns of a table the dashboard holds (all but WITHOUT)."""
    return [c for c in TABLES[name].names if c not in WITHOUT.get(name, ())]


def read_held(build: Path, name: str) -> pd.DataFrame:
    """A table of a build with its held columns (big tables with Arrow strings, others as objects)."""
    table = pq.read_table(store.table_path(build, name), columns=held_columns(name))
    return table.to_pandas() if name in COMPACT else store.to_frame(table)


def read_column(build: Path, name: str, column: str) -> pa.Array:
    """One column of a table of a build, as one Arrow array."""
    col = pq.read_table(store.current_dir(build) / f"{name}.parquet", columns=[column]).column(column)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


def index_list(col: pa.Array) -> ListIndex:
    """A list column as its flattened values, the row of each value and the row count (what
    newsgraph.views.filters.list_hits needs)."""
    return pc.list_flatten(col), pc.list_parent_indices(col).to_numpy(zero_copy_only=False), len(col)


def rows_where(path: Path, column: str, values: Iterable, columns: list[str] | None) -> pd.DataFrame:
    """The rows of a table on disk (a file or a folder of parts) whose `column` is one of `values`,
    by a dataset filter: row groups whose min/max statistics exclude every value are never read
    (tables are written in article order in small row groups, see schema.ROW_GROUP_ROWS)."""
    data = ds.dataset(path, format="parquet")
    read = columns if columns is None or column in columns else [column, *columns]
    values = list(values)
    if not values:
        table = (data.schema if read is None else pa.schema([data.schema.field(c) for c in read])).empty_table()
    else:
        wanted = ds.field(column) == values[0] if len(values) == 1 else \
            ds.field(column).isin(pa.array(values, type=data.schema.field(column).type))
        table = data.to_table(columns=read, filter=wanted)
    if columns is not None:
        table = table.select(columns)
    return store.to_frame(table.replace_schema_metadata(data.schema.metadata))


def article_tables(build: Path, article_id: str, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every table's rows of one article: its row of `articles` (the held table) with its text, and its
    sentences (positions; text cut from the article's), mentions, dates and meetings from disk."""
    build = store.current_dir(build)
    row = articles[articles["article_id"] == article_id].copy()
    text = rows_where(build / "articles.parquet", "article_id", [article_id], ["article_id", "text"])["text"]
    row["text"] = text.iloc[0] if len(text) and len(row) else None
    tables = {"articles": row.reset_index(drop=True)}
    for name, columns in ARTICLE_COLUMNS.items():
        tables[name] = rows_where(build / f"{name}.parquet", "article_id", [article_id], columns)
    body = row["text"].iloc[0] if len(row) else None
    sentences = tables["sentences"]          # a sentence's text is its span of the article's text
    sentences["text"] = [body[int(a):int(b)] if body is not None else None
                         for a, b in zip(sentences["start"], sentences["end"])]
    return tables


def read_view(build: Path, name: str) -> pd.DataFrame:
    """A derived view of a build (ids as categoricals); computed here for a build made before it existed."""
    build = store.current_dir(build)
    frame = stored.read(build, name)
    if frame is not None:
        return frame
    store.table_path(build, "articles")       # CacheMissing when the build has no tables
    return stored.VIEWS[name](build, {})


def empty_rows(name: str, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """No rows of a table, with its columns (or `columns`)."""
    names = list(columns) if columns else list(TABLES[name].names)
    return pd.DataFrame({c: pd.Series(dtype=object) for c in names})


def put_back(frame: pd.DataFrame, arrays: dict[str, pa.Array]) -> pd.DataFrame:
    """`frame` (rows of a held table, or a cut of it: its index is the row's place in the table) with
    whole-table Arrow columns added for its rows only, as Python values."""
    at = pa.array(frame.index.to_numpy(), pa.int64())
    return frame.assign(**{c: pd.Series(col.take(at).to_pylist(), index=frame.index, dtype=object)
                           for c, col in arrays.items()})


def join_texts(keys: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The (article_id, sent_idx) keys with the text of their sentence (from `rows`, in the keys' order)."""
    if keys.empty:
        return rows
    return keys.merge(rows.astype({"sent_idx": "int64"}), on=["article_id", "sent_idx"], how="left")


def names_of(entities: pd.DataFrame) -> dict[str, str]:
    """entity_id → display name of the entities table's rows."""
    return dict(zip(entities["entity_id"], entities["name"]))


def missing_reason(processed: Path) -> str:
    """Why a build's tables cannot be read, in the analyst's words."""
    try:
        store.read_manifest(processed)
        return "The processed tables could not be read."
    except CacheMissing as exc:
        return ("The processed tables were written by another version of newsgraph." if "schema" in str(exc)
                else "No processed tables yet.")
    except (OSError, ValueError) as exc:
        return f"The processed tables could not be read ({exc.__class__.__name__})."


class Reader:
    """One build's tables, columns, views and rows, read from disk whenever asked for."""

    def __init__(self, processed: Path | str) -> None:
        self.key = os.path.realpath(processed)       # the build the link points at now: one key per build

    @property
    def build(self) -> Path:
        """The build folder."""
        return Path(self.key)

    # -- the reads (ui/data.py's CachedReader caches exactly these) --------------------------------
    def held(self, name: str) -> pd.DataFrame:
        """A table with its held columns (raises CacheMissing when not built)."""
        return read_held(self.build, name)

    def column(self, name: str, column: str) -> pa.Array:
        """A whole column of a table as Arrow (rows: positions in `held(name)`)."""
        return read_column(self.build, name, column)

    def list_index(self, name: str, column: str) -> ListIndex:
        """A list column as (flattened values, row of each value, row count)."""
        return index_list(self.column(name, column))

    def view(self, name: str) -> pd.DataFrame:
        """A derived view of the build (newsgraph/views/stored.py)."""
        return read_view(self.build, name)

    def rows_of(self, name: str, column: str, values: tuple[str, ...], columns: tuple[str, ...] | None) -> pd.DataFrame:
        """`rows` with its arguments normalised (sorted distinct values, a tuple of columns)."""
        return rows_where(self.build / f"{name}.parquet", column, values, list(columns) if columns else None)

    def article(self, article_id: str) -> dict[str, pd.DataFrame]:
        """Every table's rows of one article, its text included (`article_tables`)."""
        return article_tables(self.build, article_id, self.held("articles"))

    def manifest(self) -> dict:
        """The manifest without its per-article records (summary.json)."""
        return store.read_manifest(self.build, summary=True)

    def row_count(self, name: str) -> int:
        """Rows of a table, from its files' metadata (the table is not read)."""
        return ds.dataset(store.table_path(self.build, name), format="parquet").count_rows()

    def entity_names(self) -> dict[str, str]:
        """entity_id → display name, for every entity."""
        return names_of(self.table("entities", ["entity_id", "name"]))

    # -- made of the reads above ------------------------------------------------------------------
    def table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """A held table, or some of its columns."""
        frame = self.held(name)
        return frame[columns] if columns else frame

    def rows(self, name: str, column: str, values, columns: list[str] | None = None) -> pd.DataFrame:
        """The rows of a table whose `column` is one of `values`, read from disk with a pyarrow filter."""
        values = tuple(sorted({str(v) for v in values}))
        if not values:
            return empty_rows(name, columns)
        return self.rows_of(name, column, values, tuple(columns) if columns else None)

    def whole(self, name: str, columns: list[str]) -> pd.DataFrame:
        """Some columns of a whole table, read now (for a download)."""
        return pq.read_table(store.current_dir(self.build) / f"{name}.parquet", columns=columns).to_pandas()

    def with_columns(self, frame: pd.DataFrame, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        """Rows of `table(name)` (or a cut of it) with columns left out of it (WITHOUT: all of them by
        default) put back; only the rows asked for become Python values."""
        wanted = columns or sorted(WITHOUT.get(name, ()))
        return put_back(frame, {c: self.column(name, c) for c in wanted})

    def any_of(self, name: str) -> AnyOf:
        """has_any for the list columns of table `name` (newsgraph.views.filters' any_of), from the
        list index of the whole column: rows are found by their place in the table (the index of
        `table(name)`, which a cut keeps), so the frame need not hold the lists."""
        def hits(frame: pd.DataFrame, column: str, rows: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
            return list_hits(*self.list_index(name, column), wanted)[frame.index.to_numpy()[rows]]
        return hits

    def sentence_texts(self, keys) -> pd.DataFrame:
        """article_id, sent_idx, text of the given (article_id, sent_idx) pairs, read from disk."""
        keys = pd.DataFrame(list(keys), columns=["article_id", "sent_idx"])
        rows = self.rows("sentences", "article_id", keys["article_id"], ["article_id", "sent_idx", "text"])
        return join_texts(keys, rows)
