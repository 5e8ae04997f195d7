"""Meetings: every reported contact in a sortable table, each one click from its sentence."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from newsgraph.filters import to_query
from newsgraph.sourceview import SOURCE_CSS, evidence_html, md_escape, meetings_table
from ui.data import load_table, require_tables
from ui.export import table_download
from ui.filters import entity_names, filtered
from ui.router import ensure_router

SHOWN = ["date", "precision", "what", "location", "topics", "evidence", "open", "participants", "type", "status",
         "article"]
ensure_router()
require_tables()
f, tables = filtered(("articles", "mentions", "meetings", "sentences"))
names = entity_names()
st.html(f"<style>{SOURCE_CSS}</style>")
st.title("Meetings")
table = meetings_table(tables["meetings"], tables["articles"], names)
if table.empty:
    st.info(f"No meeting matches: {f.describe(names)}. Clear a filter in the sidebar to see more.")
    st.stop()
if extra := urlencode(to_query(f), doseq=True):
    table["open"] = table["open"] + "&" + extra             # the link opens a new tab: keep the filters
st.caption(f"{len(table)} reported contact(s). Click a column header to sort, a row to see its evidence.")
event = st.dataframe(
    table, column_order=SHOWN, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row",
    key="meetings.table", column_config={
        "open": st.column_config.LinkColumn("source", display_text="open", help="The article, at this sentence"),
        "date": st.column_config.TextColumn("date", help="ISO date; see precision"),
        "evidence": st.column_config.TextColumn("evidence", width=320), "what": st.column_config.TextColumn(width=230),
        "topics": st.column_config.TextColumn(width=110), "participants": st.column_config.TextColumn(width=260)})
csv = [c for c in SHOWN if c != "open"] + ["article_id", "sent_idx", "meeting_id", "event_id"]
table_download(table[csv], "meetings", key="meetings.csv")

rows = [r for r in (event.selection.rows if event else []) if r < len(table)]    # a stale selection is dropped
if not rows:
    st.caption("Select a row to see its evidence sentences and the other reports of the same contact.")
    st.stop()
m = table.iloc[rows[0]]
st.subheader(md_escape(m["what"]))
st.caption(md_escape(f"{m['date'] or 'undated'} ({m['precision'] or 'no date'}) · {m['type']} · {m['status']}"
                     + (f" · {m['location']}" if m["location"] else "")))
sentences = tables["sentences"]
sents = sentences[(sentences["article_id"] == m["article_id"]) & sentences["sent_idx"].isin(m["sent_idxs"])]
for s in sents.itertuples():
    st.html(evidence_html(s.text, f"sentence {s.sent_idx} of “{m['article']}”"))
st.page_link("pages/source.py", label="Open the article at this sentence", icon=":material/article:",
             query_params={"article": m["article_id"], "sent": str(m["sent_idx"])})

everything = load_table("meetings")
others = everything[(everything["event_id"] == m["event_id"]) & (everything["meeting_id"] != m["meeting_id"])]
st.markdown(f"**Other reports of this contact** ({len(others)})")
if others.empty:
    st.caption("No other article reports this contact.")
for o in meetings_table(others, load_table("articles", ["article_id", "title"]), names).itertuples():
    st.html(evidence_html(o.evidence, f"{o.what} · {o.date or 'undated'} ({o.precision}) · “{o.article}”"))
    st.page_link("pages/source.py", label="Open this report", icon=":material/article:",
                 query_params={"article": o.article_id, "sent": str(o.sent_idx)})
