"""Timeline: meetings, dated named events and publication dates on one date axis.

The items come from the build's item index (views/timeline_items.parquet). Up to AGGREGATE_ABOVE items
dated to the day are drawn one by one; above that the chart counts them per day, week or month, a click
on a bar lists its items (each one click from its source), and narrowing the dates or the filters brings
back one marker per item. Filtered items and figures are cached per build, filter state and kinds shown.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from newsgraph.views.sourceview import SOURCE_CSS, evidence_html, md_escape, source_url
from newsgraph.present.timefigure import MAX_ITEM_ROWS, make_count_figure, make_timeline_figure
from newsgraph.views import timeline as tl
from newsgraph.views.timeline import (KINDS, bucket_items, choose_bin, detail_items, select_index, should_aggregate,
                                sort_items, timelinejs_json)
from ui.data import build_key, load_rows, load_table, load_view, require_tables, with_columns
from ui.export import PLOTLY_CONFIG, chart_downloads
from ui.filters import entity_names, filtered
from ui.router import ensure_router

UNDATED_SHOWN = 500        # rows of the undated list (the count says how many there are)
PRECISION_WORD = {"year": "year only", "month": "month only", "day": "day", "minute": "day and time"}


@st.cache_resource(show_spinner=False, max_entries=16)
def _visible(build: str, state: str, kinds: tuple[str, ...], _f, _articles, _meetings) -> pd.DataFrame:
    """The index rows the filters and the kinds keep (held once per state: the page never changes them)."""
    index = load_view("timeline_items")
    if _f.is_empty():
        return select_index(index, _f, kinds)
    return select_index(index, _f, kinds, _articles["article_id"], _meetings["meeting_id"])


def _details(selected: pd.DataFrame, articles: pd.DataFrame, meetings: pd.DataFrame, names: dict,
             quotes: bool = True) -> pd.DataFrame:
    """Full rows (hover, evidence, who, where) of some items. The sentences an event quotes are read from
    disk when `quotes` (a few items, or the one picked); without, an event's hover has no quote."""
    kept = set(articles["article_id"])
    ev_arts = set(selected.loc[selected["kind"] == "event", "articles"].explode().dropna()) & kept
    sentences = (load_rows("sentences", "article_id", ev_arts, ["article_id", "sent_idx", "text", "topics"])
                 if ev_arts and quotes else None)
    shown = _meetings_of(meetings, selected.loc[selected["kind"] == "meeting", "key"])
    return detail_items(selected, shown, load_table("dates"), articles, names, sentences)


def _meetings_of(meetings: pd.DataFrame, keys, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of some meeting ids, with the columns the held table leaves out (all, or `columns`)."""
    return with_columns(meetings[meetings["meeting_id"].isin(keys).to_numpy(dtype=bool)], "meetings", columns)


@st.cache_resource(show_spinner=False, max_entries=16)
def _drawing(build: str, state: str, kinds: tuple[str, ...], limit: int, _vis, _articles, _meetings, _names, _f):
    """For one state: (the items drawn and listed, those of them with full rows, the figure, the counting
    unit). Counted: no item rows at all. Drawn one by one: full rows (hover, evidence) for the markers;
    items known only to the month or year are summed per period by the chart once there are many, so
    their full rows are only made when one is picked."""
    dated = _vis[~_vis["undated"]]
    window = (_f.date_from, _f.date_to)
    if should_aggregate(dated, limit):
        unit = choose_bin(dated, window)
        return None, None, make_count_figure(dated, unit, window), unit
    if len(dated) <= MAX_ITEM_ROWS:
        detailed = _details(dated, _articles, _meetings, _names)
        return detailed, detailed, make_timeline_figure(detailed, window=window), None
    detailed = _details(dated[dated["drawn_as"] == "point"], _articles, _meetings, _names, quotes=False)
    spans = dated[dated["drawn_as"] == "span"]
    drawn = sort_items(pd.concat([detailed, spans], ignore_index=True)).reset_index(drop=True)
    return drawn, detailed, make_timeline_figure(drawn, window=window), None


def _listing(rows: pd.DataFrame) -> pd.DataFrame:
    """A table of index rows with a link to each one's source sentence or article."""
    links = [source_url(a, None if pd.isna(s) else int(s)) for a, s in zip(rows["article_id"], rows["sent_idx"])]
    return pd.DataFrame({"label": rows["label"].tolist(), "kind": [KINDS[k] for k in rows["kind"]],
                         "date": rows["value"].fillna("undated").tolist(),
                         "precision": [PRECISION_WORD.get(p, p) for p in rows["precision"].fillna("")],
                         "topic": rows["topic"].fillna("").tolist(), "open": links})


ensure_router()
require_tables()
f, tables = filtered(("articles", "meetings"))
names = entity_names()
st.html(f"<style>{SOURCE_CSS}</style>")
st.title("Timeline")
st.caption("Who met whom and when, the named events the articles date, and when each article appeared. "
           "Hatched bars are dates known only to the month or year; hover for how each date was found.")
kinds = st.pills("Show", list(KINDS), format_func=KINDS.get, selection_mode="multi", default=list(KINDS),
                 key="timeline.kinds")
chosen = tuple(k for k in KINDS if k in (kinds or ()))
state = repr(f)
vis = _visible(build_key(), state, chosen, f, tables["articles"], tables["meetings"])
if vis.empty:
    why = "" if kinds else " (no kind chosen under Show)"
    st.info(f"Nothing to show for {f.describe(names)}{why}. Clear a filter in the sidebar to see more.")
    st.stop()
undated = vis[vis["undated"]]
n_dated = len(vis) - len(undated)
limit = tl.AGGREGATE_ABOVE
items, detailed, fig, unit = _drawing(build_key(), state, chosen, limit, vis, tables["articles"], tables["meetings"],
                                     names, f)
if unit:
    n_days = int((vis["drawn_as"] == "point").sum())
    st.info(f"**{n_dated:,} dated items** ({n_days:,} dated to the day) are more than can be read one by one, so the "
            f"chart counts them per {unit} (colour: topic). Click a bar to list its items, each linked to its "
            f"source; narrow the dates or the filters in the sidebar to {limit:,} or fewer dated to the day to "
            "see each one on the chart.",
            icon=":material/bar_chart:")
event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="timeline.chart", config=PLOTLY_CONFIG)

clicked = next((p.get("customdata") for p in event.selection.points if p.get("customdata")), None) if event else None
if clicked and clicked != st.session_state.get("timeline.clicked"):
    st.session_state["timeline.clicked"] = clicked          # a new click moves the select box; an old one does not
    if "|" in clicked and not clicked.startswith("event:"):
        st.session_state["timeline.bucket"] = clicked
    else:
        st.session_state["timeline.pick"] = clicked

if unit:                                                    # counted: the items of the clicked bar
    bucket = st.session_state.get("timeline.bucket")
    listed = sort_items(bucket_items(vis, bucket)) if bucket else vis.head(0)
    if bucket and listed.empty:
        st.session_state.pop("timeline.bucket", None)
else:
    listed = items
pool = pd.concat([listed, undated.head(UNDATED_SHOWN)]) if len(undated) else listed
labels = dict(zip(pool["item_id"], pool["label"] + " · " + pool["value"].fillna("undated")))
if st.session_state.get("timeline.pick") not in labels:
    st.session_state.pop("timeline.pick", None)

left, right = st.columns([3, 2], gap="large")
with left:
    if unit:
        if listed.empty:
            st.caption("Click a bar of the chart to list the items it counts.")
        else:
            kind, lo, hi, what = st.session_state["timeline.bucket"].split("|")
            span = lo if lo == hi else f"{lo} to {hi}"
            extra = " dated only to that month or year" if what == "span" else ""
            st.markdown(f"**{len(listed):,} {KINDS[kind].lower()}{extra}, {span}**")
            st.dataframe(_listing(listed), hide_index=True, key="timeline.bucketlist",
                         column_config={"open": st.column_config.LinkColumn("source", display_text="open")})
    pick = st.selectbox("Item (or click one on the chart)", list(labels), format_func=labels.get, index=None,
                        placeholder="Choose an item", key="timeline.pick")
    if pick:
        row = vis[vis["item_id"] == pick].head(1)
        known = detailed is not None and pick in set(detailed["item_id"]) and not pick.startswith("event:")
        it = (detailed[detailed["item_id"] == pick] if known
              else _details(row, tables["articles"], tables["meetings"], names)).iloc[0]
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
        shown = undated.head(UNDATED_SHOWN)
        said = {}
        if (shown["kind"] == "meeting").any():                # the evidence of the meetings listed
            listed = _meetings_of(tables["meetings"], shown["key"], ["evidence"])
            said = dict(zip(listed["meeting_id"], listed["evidence"]))
        titles = dict(zip(tables["articles"]["article_id"], tables["articles"]["title"]))
        evidence = [said.get(k) if kd == "meeting" else (titles.get(a) or a)
                    for k, kd, a in zip(shown["key"], shown["kind"], shown["article_id"])]
        links = [source_url(a, None if pd.isna(s) else int(s)) for a, s in zip(shown["article_id"], shown["sent_idx"])]
        st.dataframe(pd.DataFrame({"label": shown["label"].tolist(), "kind": shown["kind"].tolist(),
                                   "evidence": evidence, "open": links}), hide_index=True, key="timeline.undated",
                     column_config={"open": st.column_config.LinkColumn("source", display_text="open")})
        if len(undated) > UNDATED_SHOWN:
            st.caption(f"The first {UNDATED_SHOWN} of {len(undated):,}; narrow the filters to list the others.")

st.markdown("**Download**")
chart_downloads(fig, "timeline", key="timeline.download")


def _timelinejs() -> str:
    """Built only when the button is clicked: every dated item shown, with its evidence."""
    dated = vis[~vis["undated"]]
    full = detailed if detailed is not None and len(detailed) == len(dated) else \
        _details(dated, tables["articles"], tables["meetings"], names)
    return json.dumps(timelinejs_json(full), ensure_ascii=False, indent=1)


st.download_button("TimelineJS JSON", data=_timelinejs, file_name="timeline.json", mime="application/json",
                   on_click="ignore", key="timeline.timelinejs", icon=":material/download:", disabled=n_dated == 0,
                   help="For TimelineJS (timeline.knightlab.com)")
