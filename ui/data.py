"""The one cache seam: every page reads the processed tables through here.

Tables are cached by the build they come from (the resolved target of the `processed`
link, unique per build), so a new build — from `make run`, the CLI or an upload — is
picked up on the next rerun without restarting the app, and nothing is recomputed.

They are held once per server (st.cache_resource: no copy per rerun; pandas'
copy-on-write keeps a page from changing them for the next). Each table is read once,
with the columns the pages use: the articles' full text stays on disk and `load_article`
reads one article at a time; the meetings' evidence sentences and lists come back for the rows
a page shows (`with_columns`). The two big tables (sentences, mentions) are not held by the
pages: they read the build's derived views instead (`load_view`: article_entities,
sentence_pairs, entity_sentences, timeline_items — newsgraph/views/stored.py, ids as categoricals)
and the few rows they show with `load_rows` / `sentence_texts` (a pyarrow filter on disk).
`load_table("sentences")` still works (Arrow strings, missing = NaN). List columns that a
whole-table step needs (filters, labels, pairs) come from `list_index`, read once per build.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import streamlit as st

from newsgraph import settings
from newsgraph.storage import store
from newsgraph.views import stored
from newsgraph.base.errors import CacheMissing
from newsgraph.storage.schema import TABLES

# Arrow buffers freed after a read go back to the system allocator (the default pool keeps them:
# some 60 MB more resident at 10k articles).
pa.set_memory_pool(pa.system_memory_pool())

# Columns no page needs for every row: text, and the lists (a Python object per row, the most of a
# table's load time and memory), whose filters run on the cached `list_index`. `with_columns` puts
# them back for the rows a page shows.
WITHOUT = {"articles": {"text"}, "meetings": {"evidence", "trigger", "contact", "participants", "sides", "topics", "topic_terms",
                                              "sent_idxs"}}
COMPACT = {"sentences", "mentions"}             # big tables: Arrow strings (missing = NaN)
BUILDS_KEPT = 2                                  # tables of the current and the previous build


def processed_dir() -> Path:
    """Where the tables are (NEWSGRAPH_PROCESSED overrides data/processed)."""
    return settings.PROCESSED_DIR


def build_key() -> str:
    """Identifies the current build; changes with every publish."""
    return os.path.realpath(processed_dir())


def _columns(name: str) -> list[str]:
    return [c for c in TABLES[name].names if c not in WITHOUT.get(name, ())]


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * len(TABLES))
def _read(key: str, name: str) -> pd.DataFrame:
    table = pq.read_table(store.table_path(key, name), columns=_columns(name))
    return table.to_pandas() if name in COMPACT else store.to_frame(table)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 8)      # every column WITHOUT holds, the lists
def _column(key: str, name: str, column: str) -> pa.Array:
    """One column of a table of a build, as Arrow (read once per build)."""
    col = pq.read_table(store.current_dir(Path(key)) / f"{name}.parquet", columns=[column]).column(column)
    return col.combine_chunks() if col.num_chunks != 1 else col.chunk(0)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 4)
def _list_index(key: str, name: str, column: str) -> tuple[pa.Array, np.ndarray, int]:
    """A list column of a table (the rows of `_read`, in order) as its flattened values, the row
    of each value, and the row count: what newsgraph.views.filters.list_hits needs."""
    col = _column(key, name, column)
    return pc.list_flatten(col), pc.list_parent_indices(col).to_numpy(zero_copy_only=False), len(col)


def with_columns(frame: pd.DataFrame, name: str, columns=None) -> pd.DataFrame:
    """Rows of `load_table(name)` (or a cut of it) with columns left out of it (WITHOUT: all of
    them by default) put back: each column is held once per build as Arrow, and only the rows
    asked for become Python values (text, lists)."""
    at = pa.array(frame.index.to_numpy(), pa.int64())
    return frame.assign(**{c: pd.Series(_column(build_key(), name, c).take(at).to_pylist(), index=frame.index, dtype=object)
                           for c in (columns or sorted(WITHOUT.get(name, ())))})


def list_index(name: str, column: str) -> tuple[pa.Array, np.ndarray, int]:
    """A list column of a table of the current build as (flattened values, row of each value, row
    count), read once per build; rows are positions in `load_table(name)` (its index)."""
    return _list_index(build_key(), name, column)


def arrow_column(name: str, column: str) -> pa.Array:
    """A column of a table of the current build as Arrow, read once per build (rows: positions in
    `load_table(name)`)."""
    return _column(build_key(), name, column)


def any_of(name: str):
    """has_any for the list columns of table `name` (newsgraph.views.filters' any_of), from a cached index
    of the whole column: rows are found by their place in the table (the index of
    `load_table`'s frame, which a cut keeps), so the frame need not hold the lists."""
    from newsgraph.views.filters import list_hits

    def hits(frame: pd.DataFrame, column: str, rows: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
        return list_hits(*list_index(name, column), wanted)[frame.index.to_numpy()[rows]]
    return hits


@st.cache_data(show_spinner=False, max_entries=8)
def _manifest(key: str) -> dict:
    """The manifest without its per-article records (summary.json: tens of MB less at 100k
    articles to parse, and for st.cache_data to unpickle on every page run; no page reads them)."""
    return store.read_manifest(Path(key), summary=True)


# What an article's view reads from disk: only the columns it shows (a column chunk is decompressed
# whole, so every column left out is time saved). The article's row (but the text) is in memory.
ARTICLE_COLUMNS = {"sentences": ["article_id", "sent_idx", "paragraph_idx", "start", "end"],
                   "mentions": ["article_id", "sent_idx", "start", "end", "label", "entity_id"],
                   "dates": None, "meetings": None}


def _rows_of(path: Path, column: str, values, columns: list[str] | None) -> pd.DataFrame:
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


@st.cache_resource(show_spinner=False, max_entries=64)
def _article(key: str, article_id: str) -> dict[str, pd.DataFrame]:
    build = store.current_dir(Path(key))
    articles = _read(key, "articles")
    row = articles[articles["article_id"] == article_id].copy()
    text = _rows_of(build / "articles.parquet", "article_id", [article_id], ["article_id", "text"])["text"]
    row["text"] = text.iloc[0] if len(text) and len(row) else None
    tables = {"articles": row.reset_index(drop=True)}
    for name, columns in ARTICLE_COLUMNS.items():
        tables[name] = _rows_of(build / f"{name}.parquet", "article_id", [article_id], columns)
    body = row["text"].iloc[0] if len(row) else None
    sentences = tables["sentences"]          # a sentence's text is its span of the article's text
    sentences["text"] = [body[int(a):int(b)] if body is not None else None
                         for a, b in zip(sentences["start"], sentences["end"])]
    return tables


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 8)
def _view(key: str, name: str) -> pd.DataFrame:
    build = store.current_dir(Path(key))
    frame = stored.read(build, name)
    if frame is not None:
        return frame
    store.table_path(build, "articles")       # CacheMissing when the build has no tables
    return stored.VIEWS[name](build, {})       # tables built before the view existed: computed once here


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 4)
def _rows(key: str, name: str, column: str, values: tuple, columns: tuple[str, ...] | None) -> pd.DataFrame:
    return _rows_of(store.current_dir(Path(key)) / f"{name}.parquet", column, values,
                    list(columns) if columns else None)


def load_view(name: str) -> pd.DataFrame:
    """A derived view of the current build (newsgraph/views/stored.py), read once per build; ids are categoricals."""
    return _view(build_key(), name)


def load_rows(name: str, column: str, values, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of a table whose `column` is one of `values`, read from disk with a pyarrow filter
    (the big tables are never held whole); a few recent look-ups are cached."""
    values = tuple(sorted({str(v) for v in values}))
    if not values:
        names = list(columns) if columns else list(TABLES[name].names)
        return pd.DataFrame({c: pd.Series(dtype=object) for c in names})
    return _rows(build_key(), name, column, values, tuple(columns) if columns else None)


def load_rows_all(name: str, columns: list[str]) -> pd.DataFrame:
    """Some columns of a whole table, read now and not kept (for a download)."""
    return pq.read_table(store.current_dir(Path(build_key())) / f"{name}.parquet", columns=columns).to_pandas()


def sentence_texts(keys) -> pd.DataFrame:
    """article_id, sent_idx, text of the given (article_id, sent_idx) pairs, read from disk."""
    keys = pd.DataFrame(list(keys), columns=["article_id", "sent_idx"])
    rows = load_rows("sentences", "article_id", keys["article_id"], ["article_id", "sent_idx", "text"])
    if keys.empty:
        return rows
    return keys.merge(rows.astype({"sent_idx": "int64"}), on=["article_id", "sent_idx"], how="left")


def load_manifest() -> dict | None:
    """The current build's manifest, or None when there are no tables yet."""
    try:
        return _manifest(build_key())
    except (CacheMissing, OSError, ValueError):
        return None


@st.cache_data(show_spinner=False, max_entries=BUILDS_KEPT * len(TABLES))
def _row_count(key: str, name: str) -> int:
    return ds.dataset(store.table_path(key, name), format="parquet").count_rows()


def row_count(name: str) -> int:
    """Rows of a table of the current build, from its files' metadata (the table is not read)."""
    return _row_count(build_key(), name)


def load_table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One processed table (read once per build); raises CacheMissing when not built."""
    frame = _read(build_key(), name)
    return frame[columns] if columns else frame


def load_article(article_id: str) -> dict[str, pd.DataFrame]:
    """Every table's rows of one article, the text included (cached): the article's row from the
    table held in memory; its text, sentences (positions; text cut from the article), mentions
    (positions, label, entity), dates and meetings from disk."""
    return _article(build_key(), article_id)


def require_tables() -> dict:
    """The manifest, or stop the page with a message that says why and how to build."""
    manifest = load_manifest()
    if manifest is None:
        try:
            store.read_manifest(processed_dir())
            reason = "The processed tables could not be read."
        except CacheMissing as exc:
            reason = ("The processed tables were written by another version of newsgraph." if "schema" in str(exc)
                      else "No processed tables yet.")
        except (OSError, ValueError) as exc:
            reason = f"The processed tables could not be read ({exc.__class__.__name__})."
        st.warning(f"{reason} Build them with `make run` (or `python -m newsgraph build`), "
                   "or add articles on the **Add articles** page.")
        st.stop()
    return manifest
