"""The one cache seam: every page reads the processed tables through here.

Tables are cached by the build they come from (the resolved target of the `processed`
link, unique per build), so a new build — from `make run`, the CLI or an upload — is
picked up on the next rerun without restarting the app, and nothing is recomputed.

They are held once per server (st.cache_resource: no copy per rerun; pandas'
copy-on-write keeps a page from changing them for the next). Each table is read once,
with the columns the pages use: the articles' full text stays on disk and `load_article`
reads one article at a time; the two big tables (sentences, mentions) keep pandas' compact
Arrow strings, where a missing value is NaN, not None.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import streamlit as st

from newsgraph import settings, store
from newsgraph.errors import CacheMissing
from newsgraph.schema import TABLES

WITHOUT = {"articles": {"text"}}                # columns no page needs for every article
COMPACT = {"sentences", "mentions"}             # big tables: Arrow strings (missing = NaN)
BUILDS_KEPT = 2                                  # tables of the current and the previous build


def processed_dir() -> Path:
    """Where the tables are (NEWSGRAPH_PROCESSED overrides data/processed)."""
    return Path(os.environ.get("NEWSGRAPH_PROCESSED", settings.PROCESSED_DIR))


def build_key() -> str:
    """Identifies the current build; changes with every publish."""
    return os.path.realpath(processed_dir())


def _columns(name: str) -> list[str]:
    return [c for c in TABLES[name].names if c not in WITHOUT.get(name, ())]


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * len(TABLES))
def _read(key: str, name: str) -> pd.DataFrame:
    path = store.current_dir(Path(key)) / f"{name}.parquet"
    if not path.exists():
        raise CacheMissing(f"table {name} missing in {key}; run: python -m newsgraph build")
    frame = pq.read_table(path, columns=_columns(name)).to_pandas()
    return frame if name in COMPACT else store.with_none(frame)


@st.cache_data(show_spinner=False, max_entries=8)
def _manifest(key: str) -> dict:
    return store.read_manifest(Path(key))


@st.cache_resource(show_spinner=False, max_entries=64)
def _article(key: str, article_id: str) -> dict[str, pd.DataFrame]:
    tables = {}
    for name in ("articles", "sentences", "mentions", "dates", "meetings"):
        table = pq.read_table(store.current_dir(Path(key)) / f"{name}.parquet", filters=[("article_id", "==", article_id)])
        tables[name] = store.with_none(table.to_pandas())
    return tables


def load_manifest() -> dict | None:
    """The current build's manifest, or None when there are no tables yet."""
    try:
        return _manifest(build_key())
    except (CacheMissing, OSError, ValueError):
        return None


def load_table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One processed table (read once per build); raises CacheMissing when not built."""
    frame = _read(build_key(), name)
    return frame[columns] if columns else frame


def load_article(article_id: str) -> dict[str, pd.DataFrame]:
    """Every table's rows of one article, the text included (read from disk, cached)."""
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
