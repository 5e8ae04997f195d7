"""newsgraph dashboard: the router and the landing page (corpus overview).

Run with `make run` (or `streamlit run app.py`). Every page reads the cached tables
through ui/data.py; none recomputes the pipeline.

Routing. The pages are the `render()` functions of the modules in pages/ (ui/nav.py), registered
with st.navigation as callables. A `pages/` folder next to the entry script is also Streamlit's
older folder-based multipage layout, and Streamlit 1.67 still honours it until the process's first
st.navigation call (PagesManager.uses_pages_directory in streamlit/runtime/pages_manager.py;
script_runner._mpa_v1): on a fresh server whose first request is a deep link (/network), it runs
pages/network.py by itself as the script, instead of this file. A page module is therefore also a
script: run as one (`__name__ == "__main__"`, which a module imported by the router never is), it
calls `main()` below, whose st.navigation routes to the same url path (the file's stem) and renders
the page with this file's page config, menu and sidebar. No Streamlit internals are touched, and
once st.navigation has run, Streamlit runs this file for every request. (The folder's name is
the product's; `views/` would avoid the old layout altogether.)
"""
from __future__ import annotations

import streamlit as st

from ui import nav


def overview() -> None:
    """Landing page: what the corpus holds (pandas and the tables are imported here, so that a page
    that needs neither, like Add articles, does not pay for them)."""
    from newsgraph.present.pages import overview as model
    from ui import data
    from ui.filters import filtered, meeting_count
    manifest = data.require_tables()
    f, tables = filtered(("articles",))
    articles = tables["articles"]
    st.title("newsgraph")
    st.caption("Who met or phoned whom, when, where and about what — from Turkish news, "
               "every claim one click from its sentence.")
    cols = st.columns(4)
    cols[0].metric("Articles", len(articles))
    cols[1].metric("Sources", model.source_count(articles))
    cols[2].metric("Published", model.date_span(articles))
    cols[3].metric("Meetings", meeting_count(f))
    st.caption(f"NER backend: **{manifest['backend']}** — {manifest.get('backend_note', '')}")
    problems = model.problems_table(manifest)
    if problems is not None:
        with st.expander(f"{len(problems)} file(s) could not be read", icon=":material/warning:"):
            st.dataframe(problems, hide_index=True)
    if articles.empty:
        st.info(f"No article matches: {f.describe(data.reader().entity_names())}. "
                "Clear a filter in the sidebar to see more.")
        return
    st.subheader("Articles")
    st.dataframe(data.overview_table(articles, f), hide_index=True, width="stretch",
                 column_config={"title": st.column_config.TextColumn(width="large"),
                                "open": st.column_config.LinkColumn("article", display_text="open"),
                                "url": st.column_config.LinkColumn("original", display_text=r"https?://([^/?#]+)")},
                 key="overview.articles")


def main() -> None:
    """Configure the page and route."""
    first_run = nav.settle_gc()
    st.set_page_config(page_title="newsgraph", page_icon=":material/hub:", layout="wide")
    pages = [st.Page(overview, title="Overview", icon=":material/dashboard:", default=True)] + nav.pages()
    st.navigation(pages).run()
    if first_run:                                 # and what the first page imported and read
        nav.settle_gc(again=True)


if __name__ == "__main__":                        # Streamlit runs this file as __main__; a page imports main
    main()
