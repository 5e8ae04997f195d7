"""Timeline: meetings, dated named events and publication dates on one date axis; too many items dated
to the day are counted per period, a bar lists its items (newsgraph/present/pages/timeline.py)."""
from __future__ import annotations

import streamlit as st

from newsgraph.present.pages import timeline as model
from newsgraph.views import timeline as tl
from newsgraph.views.sourceview import SOURCE_CSS, evidence_html, md_escape
from ui import data, nav
from ui.export import PLOTLY_CONFIG, chart_downloads, export_name
from ui.filters import filtered

LINK = {"open": st.column_config.LinkColumn("source", display_text="open")}


def remember_click(event) -> None:
    """A new click on the chart moves the bar listed or the item picked; an old one does not."""
    clicked = model.clicked(event.selection.points) if event else None
    if clicked and clicked != st.session_state.get("timeline.clicked"):
        st.session_state["timeline.clicked"] = clicked
        st.session_state["timeline.bucket" if model.is_bar(clicked) else "timeline.pick"] = clicked


def show_item(it, f) -> None:
    """One picked item: what, when, who, where, topics and its evidence, each linked to the source view."""
    st.subheader(md_escape(it["label"]))
    st.caption(f"{tl.KINDS[it['kind']]} · {it['when']}")
    if it["participants"]:
        where = f" · **Where:** {md_escape(it['location'])}" if it["location"] else ""
        st.markdown(f"**Who:** {md_escape(', '.join(it['participants']))}{where}")
    if it["topics"]:
        st.markdown("**Topics:** " + md_escape(", ".join(it["topics"])))
    for ev in it["evidences"]:
        st.html(evidence_html(ev["evidence"]))
        st.page_link(nav.page("source"), label="Open in the source view", icon=":material/article:",
                     query_params=model.source_query(ev, f))


def render() -> None:
    """The page: filters and kinds, the chart, the listed or picked items, the undated ones, downloads."""
    data.require_tables()
    f, tables = filtered(("articles", "meetings"))
    reader, articles, meetings = data.reader(), tables["articles"], tables["meetings"]
    names = reader.entity_names()
    st.html(f"<style>{SOURCE_CSS}</style>")
    st.title("Timeline")
    st.caption("Who met whom and when, the named events the articles date, and when each article appeared. "
               "Hatched bars are dates known only to the month or year; hover for how each date was found.")
    kinds = st.pills("Show", list(tl.KINDS), format_func=tl.KINDS.get, selection_mode="multi", default=list(tl.KINDS),
                     key="timeline.kinds")
    chosen = tuple(k for k in tl.KINDS if k in (kinds or ()))
    vis = data.timeline_items(f, chosen, articles, meetings)
    if vis.empty:
        st.info(f"Nothing to show for {f.describe(names)}{'' if kinds else ' (no kind chosen under Show)'}. "
                "Clear a filter in the sidebar to see more.")
        st.stop()
    (undated, n_undated), limit = model.undated_items(vis), tl.AGGREGATE_ABOVE
    drawn = data.timeline_drawing(f, chosen, limit, vis, articles, meetings, names)
    if drawn.unit:
        st.info(model.count_note(vis, drawn.unit, limit), icon=":material/bar_chart:")
    remember_click(st.plotly_chart(drawn.figure, on_select="rerun", selection_mode="points", key="timeline.chart",
                                   config=PLOTLY_CONFIG))
    listed = model.bar_items(vis, st.session_state.get("timeline.bucket")) if drawn.unit else drawn.items
    if drawn.unit and listed.empty:
        st.session_state.pop("timeline.bucket", None)
    labels = model.pick_labels(listed, undated)
    if st.session_state.get("timeline.pick") not in labels:
        st.session_state.pop("timeline.pick", None)
    left, right = st.columns([3, 2], gap="large")
    with left:
        if drawn.unit and listed.empty:
            st.caption("Click a bar of the chart to list the items it counts.")
        elif drawn.unit:
            st.markdown(model.bar_title(st.session_state["timeline.bucket"], len(listed)))
            st.dataframe(model.listing(listed, f), hide_index=True, key="timeline.bucketlist", column_config=LINK)
        if pick := st.selectbox("Item (or click one on the chart)", list(labels), format_func=labels.get, index=None,
                                placeholder="Choose an item", key="timeline.pick"):
            show_item(model.picked(reader, pick, vis, drawn.detailed, articles, meetings, names), f)
    with right:
        st.markdown(f"**Undated** ({n_undated})")
        if undated.empty:
            st.caption("Every item shown has a date.")
        else:
            st.dataframe(model.undated_table(reader, undated, articles, meetings, f=f), hide_index=True,
                         key="timeline.undated", column_config=LINK)
        if n_undated > model.UNDATED_SHOWN:
            st.caption(f"The first {model.UNDATED_SHOWN} of {n_undated:,}; narrow the filters to list the others.")
    st.markdown("**Download**")
    chart_downloads(drawn.figure, "timeline", key="timeline.download", n_articles=len(articles))
    st.download_button("TimelineJS JSON", file_name=export_name("timeline", "json"), mime="application/json",
                       data=lambda: model.timelinejs(reader, vis, drawn.detailed, articles, meetings, names),
                       key="timeline.timelinejs", icon=":material/download:", disabled=len(vis) == n_undated,
                       on_click="ignore", help="For TimelineJS (timeline.knightlab.com)")


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
