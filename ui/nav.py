"""The app's pages: one table that app.py's router (st.navigation) and the pages' links share.

Each page of pages/ is a module with a `render()` function, registered as a callable st.Page at
its url path (the file's stem: see app.py for why the two must match). The module is imported
when the page first runs, so a page's imports are paid by that page only. Also what the router does
once per server process (settle_gc): this module lives as long as the process, app.py does not.
"""
from __future__ import annotations

import gc
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


_settled = False     # this process has frozen its old objects (app.py itself runs afresh every time)


def settle_gc(again: bool = False) -> bool:
    """On a server process's first run, before and after its page: move what is alive then (the
    imported modules; then what the first page imported and its tables) out of the cycle collector's
    reach. A full collection walks every tracked object, ~140k of them once the pages' modules are
    imported, which cost 40-50 ms in one of every few filter changes, and 40-60 ms of CPU in the
    first page itself (its reads allocate enough to start full collections: the Overview's first
    run at 10k articles, frozen only after it). Later runs walk only what they made. Young garbage
    is collected first. True when it froze. Whether it did is kept here, not asked of the collector:
    gc.get_freeze_count() walks the frozen objects' list, ~30 ms on every run at 10k articles."""
    global _settled
    if _settled and not again:
        return False
    gc.collect(1)
    gc.freeze()
    _settled = True
    return True
