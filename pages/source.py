"""Source: one article as the pipeline read it, names and dates marked, one sentence highlighted."""
from __future__ import annotations

import streamlit as st

from newsgraph import settings
from newsgraph.views.sourceview import (SOURCE_CSS, evidence_html, flag_words, for_display, legend_html, md_escape,
                                  meetings_table, raw_file, render_article_html)
from ui.data import build_key, load_article, load_table, require_tables
from ui.filters import entity_names, filtered
from ui.router import ensure_router


def _on_pick() -> None:
    """The select box moves the URL (a new article has no selected sentence)."""
    st.query_params.pop("sent", None)
    if st.session_state.get("source.article"):
        st.query_params["article"] = st.session_state["source.article"]
    else:
        st.query_params.pop("article", None)


def _sent_param() -> int | None:
    value = st.query_params.get("sent")
    return int(value) if value and value.isdigit() else None


MAX_OPTIONS = 1000         # articles offered in the select box (a linked article is always offered)


@st.cache_resource(show_spinner=False, max_entries=2)
def _titles(key: str) -> dict[str, str]:
    """article_id → title (or the id), once per build."""
    a = load_table("articles", ["article_id", "title"])
    return {i: t or i for i, t in zip(a["article_id"], a["title"])}


ensure_router()
require_tables()
f, tables = filtered(("articles",))
names = entity_names()
titles = _titles(build_key())
st.html(f"<style>{SOURCE_CSS}</style>")
st.title("Source")
wanted = st.query_params.get("article")
kept = tables["articles"]["article_id"]
options = list(kept.iloc[:MAX_OPTIONS]) + ([wanted] if wanted in titles else [])
options = list(dict.fromkeys(options))
if wanted != st.session_state.get("source.url"):              # the URL changed: the select box follows it
    st.session_state["source.url"] = wanted
    if wanted in options:
        st.session_state["source.article"] = wanted
if wanted and wanted not in titles:
    st.error(f"No article with id “{md_escape(wanted)}” in the current tables. It may have been removed or renamed; "
             "choose an article below.")
if st.session_state.get("source.article") not in options:
    st.session_state.pop("source.article", None)
    if options and not wanted:                                  # no link: start on the first article
        st.session_state["source.article"] = options[0]
more = f"the first {MAX_OPTIONS} of {len(kept)} articles kept by the filters" if len(kept) > MAX_OPTIONS else ""
aid = st.selectbox("Article", options, format_func=lambda a: titles.get(a, a), index=None,
                   placeholder=f"Choose one of {len(options)} article(s)", key="source.article", on_change=_on_pick,
                   help=f"Listing {more}; narrow the filters, or open an article from another page." if more else None)
if not options:
    st.info(f"No article matches: {f.describe(names)}. Clear a filter in the sidebar to see more.")
if aid is None:
    st.stop()

one = load_article(aid)                                     # this article's rows, its text included
art = one["articles"].iloc[0]
sent = _sent_param() if aid == wanted else None
published = (art["published"] or "date unknown") + (" (inferred)" if art["published_basis"] == "inferred" else "")
st.subheader(md_escape(art["title"] or aid))
st.caption(" · ".join(md_escape(x) for x in (art["source"] or "source unknown", published, art["byline"]) if x))
badges = [f":blue-badge[{md_escape(t)}]" for t in art["topics"]]
badges += [f":orange-badge[{w}]" for w in flag_words(art["flags"])]
if badges:
    st.markdown(" ".join(badges))
sentences, dates, meetings = one["sentences"], one["dates"], one["meetings"]
if sent is not None and sent in set(sentences["sent_idx"]):
    st.html(evidence_html(sentences.loc[sentences["sent_idx"] == sent, "text"].iat[0],
                          f"sentence {sent}, highlighted in the text below"))
st.html(legend_html())
with st.container(border=True):
    st.html(render_article_html(art["text"], one["mentions"], dates, names, highlight_sent=sent,
                                sentences=sentences))

st.markdown(f"**Meetings in this article** ({len(meetings)})")
if len(meetings):
    shown = ["date", "precision", "what", "location", "topics", "evidence", "open"]
    st.dataframe(for_display(meetings_table(meetings, one["articles"], names)[shown], {"date": "undated"}),
                 hide_index=True, key="source.meetings",
                 column_config={"open": st.column_config.LinkColumn("sentence", display_text="highlight")})
st.markdown(f"**Dates in this article** ({len(dates)})")
if len(dates):
    st.dataframe(for_display(dates[["sent_idx", "surface", "value", "precision", "basis", "year_source", "event"]],
                             {"value": "unresolved"}), hide_index=True, key="source.dates")
raw_dir = settings.RAW_DIR
path = raw_file(raw_dir, art["path"])
if path is None:
    st.warning(f"The raw file {md_escape(art['path'] or aid)} is no longer in {md_escape(str(raw_dir))}; "
               "only the cleaned text above remains.")
else:
    st.download_button("Raw original", data=path.read_bytes, file_name=path.name, on_click="ignore",
                       key="source.raw", icon=":material/download:", help="The file exactly as it was added")
