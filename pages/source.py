"""Source: one article as the pipeline read it, names and dates marked, one sentence highlighted."""
from __future__ import annotations

import streamlit as st

from newsgraph.present.links import profile_links
from newsgraph.present.pages import source as model
from newsgraph.views.filters import to_query
from newsgraph.views.sourceview import SOURCE_CSS, evidence_html, legend_html, md_escape, render_article_html
from ui import corrections, data
from ui.filters import filtered


def on_pick() -> None:
    """The select box moves the URL (a new article has no selected sentence)."""
    st.query_params.pop("sent", None)
    if st.session_state.get("source.article"):
        st.query_params["article"] = st.session_state["source.article"]
    else:
        st.query_params.pop("article", None)


def choose(kept, titles: dict[str, str], wanted: str | None) -> tuple[str | None, list[str]]:
    """The article select box (and what it offers): it follows the URL when the URL changes, else keeps
    the analyst's pick."""
    options = model.options(kept, wanted, titles)
    if wanted != st.session_state.get("source.url"):              # the URL changed: the select box follows it
        st.session_state["source.url"] = wanted
        if wanted in options:
            st.session_state["source.article"] = wanted
    if wanted and wanted not in titles:
        st.error(f"No article with id “{md_escape(wanted[:80])}” in the current tables. It may have been removed or "
                 "renamed; choose an article below.")
    if st.session_state.get("source.article") not in options:
        st.session_state.pop("source.article", None)
        if options and not wanted:                                  # no link: start on the first article
            st.session_state["source.article"] = options[0]
    aid = st.selectbox("Article", options, format_func=lambda a: titles.get(a, a), index=None,
                       placeholder=f"Choose one of {len(options)} article(s)", key="source.article", on_change=on_pick,
                       help=model.listing_help(len(kept)))
    return aid, options


def render() -> None:
    """The page: the article picker, then the article, its meetings, its dates and its raw file."""
    data.require_tables()
    f, tables = filtered(("articles",))
    names = data.reader().entity_names()
    st.html(f"<style>{SOURCE_CSS}</style>")
    st.title("Source")
    corrections.said()
    wanted = st.query_params.get("article")
    aid, options = choose(tables["articles"]["article_id"], data.titles(), wanted)
    if not options:
        st.info(f"No article matches: {f.describe(names)}. Clear a filter in the sidebar to see more.")
    if aid is None:
        st.stop()
    one = data.reader().article(aid)                          # this article's rows, its text included
    art = one["articles"].iloc[0]
    sent = model.sentence_number(st.query_params.get("sent")) if aid == wanted else None
    if aid == wanted and (note := model.sentence_note(st.query_params.get("sent"), len(one["sentences"]))):
        st.warning(md_escape(note), icon=":material/link_off:")
    title, line = model.heading(art, aid)
    st.subheader(title)
    st.caption(line)
    if badges := model.badges(art):
        st.markdown(badges)
    if text := model.sentence_text(one["sentences"], sent):
        st.html(evidence_html(text, f"sentence {sent}, highlighted in the text below"))
    if people := model.people_named(one["mentions"]):
        st.markdown("People named: " + profile_links(people, names, to_query(f)))
    st.html(legend_html())
    with st.container(border=True):
        st.html(render_article_html(art["text"], one["mentions"], one["dates"], names, highlight_sent=sent,
                                    sentences=one["sentences"]))
    st.markdown(f"**Meetings in this article** ({len(one['meetings'])})")
    if len(one["meetings"]):
        st.dataframe(model.meetings_shown(one, names, f), hide_index=True, key="source.meetings",
                     column_config={"open": st.column_config.LinkColumn("sentence", display_text="highlight")})
    corrections.missed(aid, one["sentences"])
    st.markdown(f"**Dates in this article** ({len(one['dates'])})")
    if len(one["dates"]):
        st.dataframe(model.dates_shown(one["dates"]), hide_index=True, key="source.dates")
    path = model.raw_path(art)
    if path is None:
        st.warning(model.raw_missing(art, aid))
    else:
        st.download_button("Raw original", data=path.read_bytes, file_name=path.name, on_click="ignore",
                           key="source.raw", icon=":material/download:", help="The file exactly as it was added")


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
