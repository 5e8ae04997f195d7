"""Search: every sentence of the corpus that holds some words, with its article, one click from the
source view; facet counts by topic, actor, source and year, each a click from a filter."""
from __future__ import annotations

import streamlit as st

from newsgraph.base.errors import SearchError
from newsgraph.present.pages import search as model
from newsgraph.views.search import with_facet
from newsgraph.views.sourceview import md_escape
from ui import data
from ui.filters import filtered, set_filters


def results(result, f) -> None:
    """The page of sentences, grouped by article."""
    for a in model.articles(result.rows, f):
        st.markdown(f"**{a['title']}**  \n{a['line']}")
        for text, link in a["sentences"]:
            st.markdown(f"> {text} [open]({link})")


def facets(result, f) -> None:
    """Facet counts; a click adds the value to the filters (the search stays)."""
    for facet, title, values in model.facet_groups(result.facets):
        st.markdown(f"**{title}**")
        for value, label, n in values:
            st.button(f"{label} ({n})", key=f"search.facet.{facet}.{value}", on_click=set_filters,
                      args=(with_facet(f, facet, value),), type="tertiary")


def render() -> None:
    """The page: the query box, the results and their facets, and paging."""
    data.require_tables()
    f, _ = filtered(("articles",))
    st.title(":material/search: Search")
    asked = st.query_params.get("q", "")
    if asked != st.session_state.get("search.asked"):             # a new link or sidebar search: the box follows it
        st.session_state["search.asked"] = st.session_state["search.query"] = asked
    query = st.text_input("Search the articles", key="search.query", placeholder="ateşkes, Şoygu, \"Rus mevkidaşı\"",
                          help=model.EXAMPLES)
    if not query.strip():
        st.info(md_escape(f"Type words to find the sentences that hold them: {model.EXAMPLES}."), icon=":material/info:")
        st.stop()
    st.query_params["q"] = st.session_state["search.asked"] = query
    offset = st.session_state.get("search.offset", {}).get((query, repr(f)), 0)
    try:
        result = data.search(query, f, offset, model.PAGE_SIZE)
    except SearchError as exc:
        st.warning(md_escape(str(exc)), icon=":material/search_off:")
        st.stop()
    st.caption(md_escape(result.describe(data.reader().entity_names())) + " · " +
               model.pages_note(result.total, offset, len(result.rows)))
    left, right = st.columns([3, 1])
    with left:
        results(result, f)
        c = st.columns(2)
        pages = st.session_state.setdefault("search.offset", {})
        if c[0].button("Previous", disabled=offset == 0, key="search.prev", icon=":material/chevron_left:"):
            pages[(query, repr(f))] = max(0, offset - model.PAGE_SIZE)
            st.rerun()
        if c[1].button("Next", disabled=offset + len(result.rows) >= result.total, key="search.next",
                       icon=":material/chevron_right:"):
            pages[(query, repr(f))] = offset + model.PAGE_SIZE
            st.rerun()
    with right:
        facets(result, f)


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
