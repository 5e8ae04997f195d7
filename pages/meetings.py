"""Meetings: every reported contact in a sortable table, each one click from its sentence."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from newsgraph.views.filters import to_query
from newsgraph.present.export import table_csv
from newsgraph.views.sourceview import (SOURCE_CSS, evidence_html, for_display, md_escape, meetings_order,
                                  meetings_table)
from newsgraph.views.timeline import meeting_labels
from ui.data import arrow_column, build_key, load_rows, load_table, require_tables, with_columns
from ui.filters import entity_names, filtered
from ui.router import ensure_router

SHOWN = ["date", "precision", "what", "location", "topics", "evidence", "open", "participants", "type", "status",
         "article"]
MAX_ROWS = 5000          # rows sent to the table (the earliest first); the CSV holds every one


@st.cache_resource(show_spinner=False, max_entries=2)
def _labels(key: str):
    """The label ('Akar — Şoygu (phone call)') of every meeting, by its place in the table, once per build."""
    meetings = load_table("meetings")
    return meeting_labels(arrow_column("meetings", "sides"), meetings["type"], meetings["status"], entity_names())


@st.cache_resource(show_spinner=False, max_entries=4)
def _table(key: str, state: str, _meetings, _articles):
    """The display table of one filter state, its first MAX_ROWS rows (shared, read-only)."""
    ordered = meetings_order(_meetings, _labels(key).take(_meetings.index.to_numpy()), MAX_ROWS)
    return meetings_table(with_columns(ordered, "meetings"), _articles, entity_names())


def _csv(meetings, articles, columns: list[str]) -> bytes:
    """Every meeting of the filter state as CSV (built when the button is clicked)."""
    return table_csv(meetings_table(with_columns(meetings, "meetings"), articles, entity_names())[columns])


ensure_router()
require_tables()
f, tables = filtered(("articles", "meetings"))
names = entity_names()
st.html(f"<style>{SOURCE_CSS}</style>")
st.title("Meetings")
titles = load_table("articles", ["article_id", "title"])
full = _table(build_key(), repr(f), tables["meetings"], titles)
total = len(tables["meetings"])
if full.empty:
    st.info(f"No meeting matches: {f.describe(names)}. Clear a filter in the sidebar to see more.")
    st.stop()
table = for_display(full, {"date": "undated"})
if extra := urlencode(to_query(f), doseq=True):
    table["open"] = table["open"] + "&" + extra             # the link opens a new tab: keep the filters
shown = (f"{total} reported contact(s)" if total <= MAX_ROWS else
         f"{total} reported contacts; the earliest {MAX_ROWS} are listed (narrow the filters to see others; "
         "the CSV holds every one)")
st.caption(f"{shown}. Click a column header to sort, a row to see its evidence.")
event = st.dataframe(
    table, column_order=SHOWN, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key="meetings.table", column_config={
        "open": st.column_config.LinkColumn("source", display_text="open", help="The article, at this sentence"),
        "date": st.column_config.TextColumn("date", help="ISO date; see precision"),
        "evidence": st.column_config.TextColumn("evidence", width=320), "what": st.column_config.TextColumn(width=230),
        "topics": st.column_config.TextColumn(width=110), "participants": st.column_config.TextColumn(width=260)})
csv = [c for c in SHOWN if c != "open"] + ["article_id", "sent_idx", "meeting_id", "event_id"]
st.download_button("CSV", data=lambda: _csv(tables["meetings"], titles, csv), file_name="meetings.csv", mime="text/csv",
                   on_click="ignore", key="meetings.csv", icon=":material/download:")

rows = [r for r in (event.selection.rows if event else []) if r < len(table)]    # a stale selection is dropped
if not rows:
    st.caption("Select a row to see its evidence sentences and the other reports of the same contact.")
    st.stop()
m = table.iloc[rows[0]]
st.subheader(md_escape(m["what"]))
st.caption(md_escape(f"{m['date'] or 'undated'} ({m['precision'] or 'no date'}) · {m['type']} · {m['status']}"
                     + (f" · {m['location']}" if m["location"] else "")))
sentences = load_rows("sentences", "article_id", [m["article_id"]], ["article_id", "sent_idx", "text"])
sents = sentences[sentences["sent_idx"].isin(set(m["sent_idxs"]) | set(m["topic_sents"]))]
for s in sents.itertuples():
    why = "" if s.sent_idx in m["sent_idxs"] else " — gives its topic"
    st.html(evidence_html(s.text, f"sentence {s.sent_idx} of “{m['article']}”{why}"))
st.caption(md_escape(f"Topics: {m['topics_why']}"))
st.page_link("pages/source.py", label="Open the article at this sentence", icon=":material/article:",
             query_params={"article": m["article_id"], "sent": str(m["sent_idx"])})

everything = load_table("meetings")
others = everything[(everything["event_id"] == m["event_id"]) & (everything["meeting_id"] != m["meeting_id"])]
st.markdown(f"**Other reports of this contact** ({len(others)})" + (", the first 50 shown" if len(others) > 50 else ""))
if others.empty:
    st.caption("No other article reports this contact.")
for o in meetings_table(with_columns(others.head(50), "meetings"), load_table("articles", ["article_id", "title"]),
                       names).itertuples():
    st.html(evidence_html(o.evidence, f"{o.what} · {o.date or 'undated'} ({o.precision}) · “{o.article}”"))
    st.page_link("pages/source.py", label="Open this report", icon=":material/article:",
                 query_params={"article": o.article_id, "sent": str(o.sent_idx)})
