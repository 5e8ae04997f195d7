"""newsgraph dashboard: the router and the landing page (corpus overview).

Run with `make run` (or `streamlit run app.py`). Every page reads the cached tables
through ui/data.py; none recomputes the pipeline.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from ui.data import require_tables
from ui.filters import filtered

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


def overview() -> None:
    """Landing page: what the corpus holds."""
    manifest = require_tables()
    f, tables = filtered(("articles", "mentions", "meetings"))
    articles = tables["articles"]
    st.title("newsgraph")
    st.caption("Who met or phoned whom, when, where and about what — from Turkish news, "
               "every claim one click from its sentence.")
    cols = st.columns(4)
    cols[0].metric("Articles", len(articles))
    cols[1].metric("Sources", articles["source"].dropna().nunique())
    cols[2].metric("Published", _date_span(articles))
    cols[3].metric("Meetings", len(tables["meetings"]))
    st.caption(f"NER backend: **{manifest['backend']}** — {manifest.get('backend_note', '')}")
    if manifest.get("problems"):
        with st.expander(f"{len(manifest['problems'])} file(s) could not be read", icon=":material/warning:"):
            st.dataframe(pd.DataFrame(manifest["problems"])[["path", "reason"]], hide_index=True)
    if articles.empty:
        st.info(f"No article matches: {f.describe()}. Clear a filter in the sidebar to see more.")
        return
    table = articles.assign(
        published=[f"{p} (inferred)" if b == "inferred" else p for p, b in zip(articles["published"], articles["published_basis"])],
        topics=articles["topics"].map(", ".join), flags=articles["flags"].map(lambda f: ", ".join(f).replace("_", " ")),
        open=[f"./source?article={a}" for a in articles["article_id"]])
    st.subheader("Articles")
    st.dataframe(table[["title", "source", "published", "topics", "flags", "open"]], hide_index=True,
                 width="stretch", column_config={"open": st.column_config.LinkColumn("source", display_text="open")},
                 key="overview.articles")


def main() -> None:
    """Configure the page and route."""
    st.set_page_config(page_title="newsgraph", page_icon=":material/hub:", layout="wide")
    pages = [st.Page(overview, title="Overview", icon=":material/dashboard:", default=True)]
    pages += [st.Page(str(HERE / f), title=t, icon=i, url_path=u) for f, t, i, u in PAGES if (HERE / f).exists()]
    st.navigation(pages).run()


main()
