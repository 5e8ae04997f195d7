"""newsgraph dashboard: the router and the landing page (corpus overview).

Run with `make run` (or `streamlit run app.py`). Every page reads the cached tables
through ui/data.py; none recomputes the pipeline.
"""
from __future__ import annotations

from pathlib import Path

from typing import TYPE_CHECKING

import streamlit as st

if TYPE_CHECKING:
    import pandas as pd

HERE = Path(__file__).parent
PAGES = [  # (file, title, icon, url path)
    ("pages/network.py", "Network", ":material/hub:", "network"),
    ("pages/timeline.py", "Timeline", ":material/timeline:", "timeline"),
    ("pages/meetings.py", "Meetings", ":material/handshake:", "meetings"),
    ("pages/source.py", "Source", ":material/article:", "source"),
    ("pages/add.py", "Add articles", ":material/upload_file:", "add"),
]


def _date_span(articles: pd.DataFrame) -> str:
    """Years the articles were published in (dates have mixed precision: compare years)."""
    years = articles["published"].dropna().str[:4]
    if years.empty:
        return "—"
    return years.min() if years.min() == years.max() else f"{years.min()}–{years.max()}"


@st.cache_resource(show_spinner=False, max_entries=4)
def _display_columns(key: str, _articles: pd.DataFrame) -> pd.DataFrame:
    """The Overview table's columns for every article of a build, made once (a filter state then
    only picks rows): published with "(inferred)", topics and flags as text, the source link."""
    import pandas as pd
    a = _articles
    inferred = (a["published_basis"] == "inferred").to_numpy()
    published = [(f"{p} (inferred)" if i else p) if isinstance(p, str) else "undated"
                 for p, i in zip(a["published"], inferred)]
    source = [s if isinstance(s, str) else "" for s in a["source"]]          # blank, not a grey "None"
    topics = [", ".join(t) if t is not None else "" for t in a["topics"]]
    flags = [", ".join(f).replace("_", " ") if f is not None else "" for f in a["flags"]]
    return pd.DataFrame({"title": a["title"].to_numpy(dtype=object), "source": source,
                         "published": published, "topics": topics, "flags": flags,
                         "open": [f"./source?article={i}" for i in a["article_id"]]}, dtype=object)


def _articles_table(key: str, articles: pd.DataFrame) -> pd.DataFrame:
    """The Overview's table of the articles a filter state keeps (rows of the whole build's)."""
    from ui.data import load_table
    whole = _display_columns(key, load_table("articles"))
    return whole if len(articles) == len(whole) else whole.take(articles.index.to_numpy()).reset_index(drop=True)


def overview() -> None:
    """Landing page: what the corpus holds (pandas and the tables are imported here, so that a page
    that needs neither, like Add articles, does not pay for them)."""
    import pandas as pd
    from ui.data import build_key, require_tables
    from ui.filters import filtered, meeting_count
    manifest = require_tables()
    f, tables = filtered(("articles",))
    articles = tables["articles"]
    st.title("newsgraph")
    st.caption("Who met or phoned whom, when, where and about what — from Turkish news, "
               "every claim one click from its sentence.")
    cols = st.columns(4)
    cols[0].metric("Articles", len(articles))
    cols[1].metric("Sources", articles["source"].dropna().nunique())
    cols[2].metric("Published", _date_span(articles))
    cols[3].metric("Meetings", meeting_count(f))
    st.caption(f"NER backend: **{manifest['backend']}** — {manifest.get('backend_note', '')}")
    if manifest.get("problems"):
        with st.expander(f"{len(manifest['problems'])} file(s) could not be read", icon=":material/warning:"):
            st.dataframe(pd.DataFrame(manifest["problems"])[["path", "reason"]], hide_index=True)
    if articles.empty:
        st.info(f"No article matches: {f.describe()}. Clear a filter in the sidebar to see more.")
        return
    table = _articles_table(build_key(), articles)
    st.subheader("Articles")
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"open": st.column_config.LinkColumn("source", display_text="open")},
                 key="overview.articles")


def main() -> None:
    """Configure the page and route."""
    st.set_page_config(page_title="newsgraph", page_icon=":material/hub:", layout="wide")
    pages = [st.Page(overview, title="Overview", icon=":material/dashboard:", default=True)]
    pages += [st.Page(str(HERE / f), title=t, icon=i, url_path=u) for f, t, i, u in PAGES if (HERE / f).exists()]
    st.navigation(pages).run()
    _settle_gc()


def _settle_gc() -> None:
    """Once per server process, after its first page: move what is alive then (the imported
    modules, the first tables) out of the cycle collector's reach. A full collection walks every
    tracked object, ~160k of them here, which cost 40-50 ms in one of every few filter changes;
    afterwards it walks only what later runs made. Young garbage is collected first."""
    import gc
    if gc.get_freeze_count() == 0:                # app.py runs afresh every time: ask the collector
        gc.collect(1)
        gc.freeze()


main()
