"""The app's pages: one table that app.py's router (st.navigation) and the pages' links share.

Each page of pages/ is a module with a `render()` function, registered as a callable st.Page at
its url path (the file's stem: see app.py for why the two must match). The module is imported
when the page first runs, so a page's imports are paid by that page only.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

import streamlit as st

PAGES = [  # (file, title, icon, url path = the file's stem)
    ("pages/network.py", "Network", ":material/hub:", "network"),
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/meetings.py", "Meetings", ":material/handshake:", "meetings"),
    ("pages/actor.py", "Actor", ":material/person:", "actor"),
    ("pages/source.py", "Source", ":material/article:", "source"),
    ("pages/search.py", "Search", ":material/search:", "search"),
    ("pages/add.py", "Add articles", ":material/upload_file:", "add"),
]
ROOT = Path(__file__).resolve().parent.parent


def renderer(file: str) -> Callable[[], None]:
    """The page's `render`, its module imported when first run ('pages/network.py' → pages.network)."""
    module = ".".join(Path(file).with_suffix("").parts)

    def render() -> None:
        importlib.import_module(module).render()
    return render


def pages() -> list[st.Page]:
    """An st.Page for each page of PAGES whose file exists."""
    return [st.Page(renderer(f), title=t, icon=i, url_path=u) for f, t, i, u in PAGES if (ROOT / f).exists()]


def page(url_path: str) -> st.Page:
    """The st.Page registered at `url_path` (for st.page_link)."""
    return next(p for p in pages() if p.url_path == url_path)
