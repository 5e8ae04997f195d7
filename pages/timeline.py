"""Timeline: meetings, dated named events and publication dates on one date axis."""
from __future__ import annotations

import json

import streamlit as st

from newsgraph.sourceview import SOURCE_CSS, evidence_html, md_escape, source_url
from newsgraph.timefigure import make_timeline_figure
from newsgraph.timeline import KINDS, timeline_items, timelinejs_json, visible_items
from ui.data import require_tables
from ui.export import PLOTLY_CONFIG, chart_downloads
from ui.filters import entity_names, filtered
from ui.router import ensure_router

ensure_router()
require_tables()
f, tables = filtered(("articles", "mentions", "meetings", "dates", "sentences"))
names = entity_names()
st.html(f"<style>{SOURCE_CSS}</style>")
st.title("Timeline")
st.caption("Who met whom and when, the named events the articles date, and when each article appeared. "
           "Hatched bars are dates known only to the month or year; hover for how each date was found.")
kinds = st.pills("Show", list(KINDS), format_func=KINDS.get, selection_mode="multi", default=list(KINDS),
                 key="timeline.kinds")
items = visible_items(timeline_items(tables["meetings"], tables["dates"], tables["articles"], names,
                                     sentences=tables["sentences"]), f, kinds or ())
dated, undated = items[~items["undated"]], items[items["undated"]]
if items.empty:
    chosen = "" if kinds else " (no kind chosen under Show)"
    st.info(f"Nothing to show for {f.describe(names)}{chosen}. Clear a filter in the sidebar to see more.")
    st.stop()
fig = make_timeline_figure(items)
event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="timeline.chart", config=PLOTLY_CONFIG)

clicked = next((p.get("customdata") for p in event.selection.points if p.get("customdata")), None) if event else None
if clicked and clicked != st.session_state.get("timeline.clicked"):
    st.session_state["timeline.clicked"] = clicked          # a new click moves the select box; an old one does not
    st.session_state["timeline.pick"] = clicked
labels = dict(zip(items["item_id"], items["label"] + " · " + items["value"].fillna("undated")))
if st.session_state.get("timeline.pick") not in labels:
    st.session_state.pop("timeline.pick", None)

left, right = st.columns([3, 2], gap="large")
with left:
    pick = st.selectbox("Item (or click one on the chart)", list(labels), format_func=labels.get, index=None,
                        placeholder="Choose an item", key="timeline.pick")
    if pick:
        it = items.set_index("item_id").loc[pick]
        st.subheader(md_escape(it["label"]))
        st.caption(f"{KINDS[it['kind']]} · {it['when']}")
        if it["participants"]:
            where = f" · **Where:** {md_escape(it['location'])}" if it["location"] else ""
            st.markdown(f"**Who:** {md_escape(', '.join(it['participants']))}{where}")
        if it["topics"]:
            st.markdown("**Topics:** " + md_escape(", ".join(it["topics"])))
        for ev in it["evidences"]:
            st.html(evidence_html(ev["evidence"]))
            query = {"article": ev["article_id"]} | ({"sent": str(ev["sent_idx"])} if ev["sent_idx"] is not None else {})
            st.page_link("pages/source.py", label="Open in the source view", icon=":material/article:",
                         query_params=query)
with right:
    st.markdown(f"**Undated** ({len(undated)})")
    if undated.empty:
        st.caption("Every item shown has a date.")
    else:
        links = [source_url(a, s) for a, s in zip(undated["article_id"], undated["sent_idx"])]
        st.dataframe(undated[["label", "kind", "evidence"]].assign(open=links), hide_index=True, key="timeline.undated",
                     column_config={"open": st.column_config.LinkColumn("source", display_text="open")})

st.markdown("**Download**")
chart_downloads(fig, "timeline", key="timeline.download")
st.download_button("TimelineJS JSON", data=json.dumps(timelinejs_json(items), ensure_ascii=False, indent=1),
                   file_name="timeline.json", mime="application/json", on_click="ignore", key="timeline.timelinejs",
                   icon=":material/download:", disabled=dated.empty, help="For TimelineJS (timeline.knightlab.com)")
