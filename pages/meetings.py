"""Meetings: every reported contact in a sortable table, each one click from its sentence."""
from __future__ import annotations

import streamlit as st

from newsgraph.present.links import profile_links
from newsgraph.present.pages import meetings as model
from newsgraph.views.filters import to_query
from newsgraph.views.sourceview import SOURCE_CSS, evidence_html, md_escape
from ui import corrections, data, nav
from ui.export import export_name
from ui.filters import filtered

COLUMNS = {
    "open": st.column_config.LinkColumn("source", display_text="open", help="The article, at this sentence"),
    "date": st.column_config.TextColumn("date", help="ISO date; see precision"),
    "evidence": st.column_config.TextColumn("evidence", width=320), "what": st.column_config.TextColumn(width=230),
    "topics": st.column_config.TextColumn(width=110), "participants": st.column_config.TextColumn(width=260)}


def show_detail(reader, m, names: dict[str, str], f) -> None:
    """A selected contact: its evidence sentences, then the other articles that report it."""
    st.subheader(md_escape(m["what"]))
    st.caption(md_escape(model.detail_line(m)))
    st.markdown("Profiles: " + profile_links(model.participant_ids(reader, m), names, to_query(f)))
    corrections.meeting({**m.to_dict(), "sides_text": model.sides_text(reader, m)})
    for s in model.evidence(reader, m).itertuples():
        st.html(evidence_html(s.text, f"sentence {s.sent_idx} of “{m['article']}”{s.why}"))
    st.caption(md_escape(f"Topics: {m['topics_why']}"))
    st.page_link(nav.page("source"), label="Open the article at this sentence", icon=":material/article:",
                 query_params=model.source_query(m["article_id"], m["sent_idx"], f))
    n, others = model.other_reports(reader, m, names)
    st.markdown(model.others_note(n))
    if others.empty:
        st.caption("No other article reports this contact.")
    for o in others.itertuples():
        st.html(evidence_html(o.evidence, f"{o.what} · {o.date or 'undated'} ({o.precision}) · “{o.article}”"))
        st.page_link(nav.page("source"), label="Open this report", icon=":material/article:",
                     query_params=model.source_query(o.article_id, o.sent_idx, f))


def render() -> None:
    """The page: the table of the contacts the filters keep, and the selected one's evidence."""
    data.require_tables()
    f, tables = filtered(("articles", "meetings"))
    reader = data.reader()
    names = reader.entity_names()
    st.html(f"<style>{SOURCE_CSS}</style>")
    st.title("Meetings")
    titles = reader.table("articles", ["article_id", "title"])
    full = data.meetings_table(f, tables["meetings"], titles)
    if full.empty:
        st.info(f"No meeting matches: {f.describe(names)}. Clear a filter in the sidebar to see more.")
        st.stop()
    table = model.display(full, f)
    st.caption(f"{model.shown_note(len(tables['meetings']))}. Click a column header to sort, a row to see its evidence.")
    event = st.dataframe(table, column_order=model.SHOWN, hide_index=True, width="stretch", on_select="rerun",
                         selection_mode="single-row", key="meetings.table", column_config=COLUMNS)
    st.download_button("CSV", data=lambda: model.csv(reader, tables["meetings"], titles, names),
                       file_name=export_name("meetings", "csv"), mime="text/csv", on_click="ignore",
                       key="meetings.csv", icon=":material/download:")
    corrections.said()
    corrections.listing()
    rows = [r for r in (event.selection.rows if event else []) if r < len(table)]    # a stale selection is dropped
    if not rows:
        st.caption("Select a row to see its evidence sentences and the other reports of the same contact.")
        st.stop()
    show_detail(reader, model.with_detail(reader, table.iloc[rows[0]]), names, f)


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
