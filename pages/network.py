"""Network: who is named with whom, and who met or phoned whom — every link backed by its sentences."""
from __future__ import annotations

import streamlit as st

from newsgraph.present import netfigure as nf
from newsgraph.present.pages import network as model
from newsgraph.present.pages.actor import with_profiles
from newsgraph.views import network as nw
from newsgraph.views.filters import to_query
from newsgraph.views.sourceview import for_display
from ui import corrections, data
from ui.export import PLOTLY_CONFIG, chart_downloads, graph_downloads, table_download
from ui.filters import filtered

SIZES, COLORS = {"mentions": "mentions", "degree": "links"}, {"country": "country", "community": "community"}
DRAWN = (50, 150, 300, 500)
LINK = st.column_config.LinkColumn("source", display_text="open")
PROFILE = st.column_config.LinkColumn("profile", display_text="profile")
LINKS = {"both": "both", "co-mentions": "named together", "contacts": "contacts only"}


def controls() -> dict:
    """The graph settings (computed, cached) then the display settings, above the chart."""
    g = st.columns([3, 4, 2], vertical_alignment="bottom")
    d = st.columns([2, 2, 2, 4], vertical_alignment="bottom")
    return {
        "window": g[0].segmented_control("Linked when named in one", nw.WINDOWS, default="sentence", required=True,
                                         key="network.window"),
        "labels": tuple(sorted(g[1].pills("Show", list(nf.KIND_NAMES)[:3], selection_mode="multi", default=["PER"],
                                          format_func=nf.KIND_NAMES.get, key="network.labels") or ())),
        "min_weight": int(g[2].number_input("Minimum weight", 1, 100, 1, key="network.min_weight",
                                            help="Hide links named together fewer times than this")),
        "size_by": d[0].selectbox("Size by", list(SIZES), format_func=SIZES.get, key="network.size_by"),
        "color_by": d[1].selectbox("Colour by", list(COLORS), format_func=COLORS.get, key="network.color_by"),
        "max_nodes": int(d[2].selectbox("Actors drawn", DRAWN, index=DRAWN.index(nw.MAX_NODES), key="network.max_nodes",
                                        help="The most mentioned are drawn; the metrics table and the graph files "
                                             "hold every actor")),
        "links": d[3].segmented_control("Links", list(LINKS), default="both", required=True, key="network.links",
                                        format_func=LINKS.get, help="Contacts are drawn dashed over the co-mentions"),
    }


def pick(net: nw.Network, event) -> str | None:
    """The node or link to explain: a click on the chart, or the select box."""
    options = nf.pick_options(net)
    clicked = model.clicked(event.selection.points)
    if clicked and clicked != st.session_state.get("network.clicked"):
        st.session_state["network.clicked"] = st.session_state["network.pick"] = clicked
    if st.session_state.get("network.pick") not in options:
        st.session_state["network.pick"] = None
    return st.selectbox("Show the sentences behind", list(options), format_func=options.get, index=None,
                        key="network.pick", placeholder="Click a node or link, or pick one here")


def render() -> None:
    """The page: filters and settings, the chart, the sentences behind a pick, the metrics."""
    data.require_tables()
    f, tables = filtered(("articles", "meetings"))
    reader, ids = data.reader(), data.kept_ids(f)
    st.title(":material/hub: Network")
    st.caption("Who is named with whom (grey, wider = more often) and who met or phoned whom (dashed). "
               "Click a node or a link to read the sentences behind it.")
    o = controls()
    graph = (o["window"], o["min_weight"], o["labels"], o["max_nodes"])
    net = data.network(f, tables["meetings"], *graph) if o["labels"] and len(tables["articles"]) else None
    if net is None or net.order == 0:
        st.info(nf.empty_reason(len(tables["articles"]), f.describe(reader.entity_names()), o["labels"], o["window"],
                                o["min_weight"]), icon=":material/info:")
        st.stop()
    fig = data.network_figure(f, net, graph, o["size_by"], o["color_by"], o["links"])
    if note := model.drawing_note(net):
        st.caption(note)
    event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="network.chart", config=PLOTLY_CONFIG)
    left, right = st.columns([5, 2])
    with left:
        chart_downloads(fig, "network", key="network.chart_export", n_articles=len(tables["articles"]))
    with right:
        graph_downloads(lambda: model.full_graph(reader, net, ids, o["window"], o["min_weight"], o["labels"],
                                                 tables["meetings"]), "network", key="network")
    if picked := pick(net, event):
        rows = model.pick_evidence(reader, net, picked, ids, o["window"], o["labels"], tables["meetings"])
        st.caption(model.evidence_note(rows))
        st.dataframe(model.evidence_table(reader, rows, f=f)[["sentence", "why", "title", "open"]], hide_index=True,
                     width="stretch", column_config={"open": LINK, "sentence": st.column_config.TextColumn(width="large")})
        if picked.startswith("n:"):                     # a node: its corrections (reject, merge, split)
            corrections.entity(picked[2:], data.actor_choices())
    st.subheader("Who holds the network together")
    metrics = data.network_metrics(f, net, *graph[:3])
    st.caption(model.metrics_note(net) or "")
    st.dataframe(for_display(with_profiles(metrics, to_query(f)).drop(columns=["entity_id"])), hide_index=True,
                 width="stretch", key="network.metrics", column_config={"weighted_degree": "weighted degree", "profile": PROFILE,
                                "betweenness": st.column_config.NumberColumn(format="%.3f")})
    table_download(metrics, "network-metrics", key="network.metrics_csv")


if __name__ == "__main__":      # run as a script by Streamlit's folder-based pages (see app.py): go through the router
    from app import main
    main()
