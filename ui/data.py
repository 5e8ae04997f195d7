"""The one cache seam: every page reads the processed tables through here.

Tables are cached by the build they come from (the resolved target of the `processed`
link, unique per build), so a new build — from `make run`, the CLI or an upload — is
picked up on the next rerun without restarting the app, and nothing is recomputed.
"""
from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from newsgraph import settings, store
from newsgraph.errors import CacheMissing


def processed_dir() -> Path:
    """Where the tables are (NEWSGRAPH_PROCESSED overrides data/processed)."""
    return Path(os.environ.get("NEWSGRAPH_PROCESSED", settings.PROCESSED_DIR))


def build_key() -> str:
    """Identifies the current build; changes with every publish."""
    return os.path.realpath(processed_dir())


@st.cache_data(show_spinner=False, max_entries=64)
def _read(key: str, name: str, columns: tuple[str, ...] | None) -> pd.DataFrame:
    return store.read_table(Path(key), name, list(columns) if columns else None)


@st.cache_data(show_spinner=False, max_entries=8)
def _manifest(key: str) -> dict:
    return store.read_manifest(Path(key))


def load_manifest() -> dict | None:
    """The current build's manifest, or None when there are no tables yet."""
    try:
        return _manifest(build_key())
    except (CacheMissing, OSError, ValueError):
        return None


def load_table(name: str, columns: list[str] | None = None) -> pd.DataFrame:
    """One processed table (cached per build); raises CacheMissing when not built."""
    return _read(build_key(), name, tuple(columns) if columns else None)


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
