"""Actor: one person (or place, organisation) across the corpus — offices, contacts, articles, who
they are named with, and their ego network. ?actor=ENTITY_ID opens it; every name links here."""
from __future__ import annotations

import dataclasses

import streamlit as st

from newsgraph.present.pages import actor as model
from newsgraph.present.pages.meetings import display
from newsgraph.views.filters import to_query
from newsgraph.views.sourceview import for_display, md_escape
from ui import corrections, data
from ui.export import PLOTLY_CONFIG, chart_downloads, table_download
from ui.filters import filtered, show_actor

OPEN = st.column_config.LinkColumn("source", display_text="open")
PROFILE = st.column_config.LinkColumn("profile", display_text="profile")
LINKS = {"both": "both", "co-mentions": "named together", "contacts": "contacts only"}


def choose(f) -> str | None:
    """The actor shown: the one actor of the filters (a pick here sets it), or one of several."""
    options = data.actor_choices()
    if len(f.actors) > 1:
        return st.selectbox("Profile of", list(f.actors), format_func=lambda e: options.get(e, e), key="actor.of")
    pick = st.selectbox("Actor", list(options), index=list(options).index(f.actors[0]) if f.actors and f.actors[0]
                        in options else None, format_func=options.get, placeholder=f"Choose one of {len(options)}",
                        key=f"actor.pick.{f.actors[:1]}")
    if pick != (f.actors[0] if f.actors else None):
        show_actor(pick)
        st.rerun()
    return pick


def ego(wide, entity_id: str, tables: dict) -> tuple:
    """The ego network: one or two steps out, nodes expanded on request."""
    c = st.columns([2, 4, 3], vertical_alignment="bottom")
    radius = c[0].segmented_control("Steps out", [1, 2], default=1, required=True, key="actor.radius")
    links = c[2].segmented_control("Links", list(LINKS), default="both", required=True, format_func=LINKS.get,
                                   key="actor.links")
    net = data.network(wide, tables["meetings"], "sentence", 1, ("PER",), 150)
    kept = model.kept_pairs(data.meeting_side_pairs(), tables["meetings"])
    around = model.ego(net.graph, entity_id, radius, (), contacts=kept)
    expand = c[1].multiselect("Expand", [n for n in around if n != entity_id], key=f"actor.expand.{entity_id}",
                              format_func=lambda n: net.graph.nodes[n].get("name", n), placeholder="Open a node's neighbours")
    graph = model.ego(net.graph, entity_id, radius, expand, contacts=kept)
    fig = model.ego_figure(graph, data.reader().table("meetings"), kept, links)
    st.plotly_chart(fig, key="actor.chart", config=PLOTLY_CONFIG)
    chart_downloads(fig, f"actor_{entity_id}", key="actor.chart_export", n_articles=len(tables["articles"]))
    return net, kept


def render() -> None:
    """The page: pick, header, then contacts, network, neighbours, articles and offices."""
    data.require_tables()
    f, _ = filtered(("articles", "meetings"))
    reader = data.reader()
    st.title(":material/person: Actor")
    entity_id = choose(f)
    h = model.header(reader, entity_id) if entity_id else None
    if h is None:
        st.info("Choose an actor above, or follow a name's profile link on another page.", icon=":material/info:")
        st.stop()
    st.subheader(md_escape(h["name"]))
    st.caption(md_escape(model.summary_line(h)) + ("  \n" + md_escape("Also written: " + ", ".join(h["aliases"]))
                                                   if h["aliases"] else ""))
    corrections.said()
    corrections.entity(entity_id, data.actor_choices())
    wide = dataclasses.replace(f, actors=())          # their contacts and neighbours among every article kept
    tables, query = data.cut(wide, ("articles", "meetings")), to_query(wide)
    contacts, network, named, articles, offices = st.tabs(["Contacts", "Ego network", "Named with", "Articles", "Offices"])
    with contacts:
        titles = reader.table("articles", ["article_id", "title"])
        table = display(data.actor_contacts(wide, entity_id, tables["meetings"], titles), wide)
        st.caption(f"{len(table)} reported contact(s), in date order.")
        st.dataframe(table, column_order=model.CONTACT_COLUMNS, hide_index=True, width="stretch",
                     column_config={"open": OPEN, "evidence": st.column_config.TextColumn(width=360)}, key="actor.contacts")
    with network:
        net, kept = ego(wide, entity_id, tables)
    with named:
        who = model.with_profiles(model.neighbours(net.graph, kept, entity_id), query)
        st.dataframe(for_display(who.drop(columns=["entity_id"])), hide_index=True, width="stretch",
                     column_config={"profile": PROFILE, "named_together": "sentences together"}, key="actor.named")
        table_download(who, f"named-with_{entity_id}", key="actor.named_csv")
    with articles:
        arts = model.articles(reader, entity_id, data.kept_ids(wide), query)
        st.dataframe(for_display(arts.drop(columns=["article_id"])), hide_index=True, width="stretch",
                     column_config={"open": OPEN, "title": st.column_config.TextColumn(width="large")}, key="actor.articles")
    with offices:
        roles = model.roles(entity_id)
        st.dataframe(roles, hide_index=True, width="stretch") if len(roles) else st.caption("The registry gives no offices.")


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
