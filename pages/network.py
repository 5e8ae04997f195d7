"""Network: who is named with whom, and who met or phoned whom — every link backed by its sentences."""
from __future__ import annotations

import streamlit as st

from newsgraph import network as nw
from newsgraph import netfigure as nf
from newsgraph.filters import Filters
from ui.data import build_key, load_table, require_tables
from ui.export import PLOTLY_CONFIG, chart_downloads, table_download
from ui.filters import entity_names, filtered
from ui.router import ensure_router

WINDOWS = ("sentence", "paragraph", "article")
SIZES = {"mentions": "mentions", "degree": "links"}
COLORS = {"country": "country", "community": "community"}


@st.cache_data(show_spinner="Laying out the network…", max_entries=32)
def network(key: str, f: Filters, window: str, min_weight: int, labels: tuple[str, ...], _tables: dict) -> nw.Network:
    """Graph and layout, computed once per build, filter state and graph settings (_tables follow from them)."""
    return nw.build_network(_tables, window, min_weight, labels, keep=f.actors)


def controls() -> dict:
    """The graph settings (computed, cached) then the display settings, above the chart."""
    g = st.columns([3, 4, 2], vertical_alignment="bottom")
    d = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
    return {
        "window": g[0].segmented_control("Linked when named in one", WINDOWS, default="sentence", required=True,
                                         key="network.window"),
        "labels": tuple(sorted(g[1].pills("Show", list(nf.KIND_NAMES)[:3], selection_mode="multi", default=["PER"],
                                          format_func=nf.KIND_NAMES.get, key="network.labels") or ())),
        "min_weight": int(g[2].number_input("Minimum weight", 1, 100, 1, key="network.min_weight",
                                            help="Hide links named together fewer times than this")),
        "size_by": d[0].selectbox("Size by", list(SIZES), format_func=SIZES.get, key="network.size_by"),
        "color_by": d[1].selectbox("Colour by", list(COLORS), format_func=COLORS.get, key="network.color_by"),
        "meetings": d[2].toggle("Meetings and calls", value=True, key="network.meetings",
                                help="Contacts reported in the articles, drawn dashed over the co-mentions"),
    }


def pick(net: nw.Network, event) -> str | None:
    """The node or link to explain: a click on the chart, or the select box."""
    options = nf.pick_options(net)
    clicked = next((k for p in event.selection.points if (k := nf.pick_from_point(p.get("customdata")))), None)
    if clicked and clicked != st.session_state.get("network.clicked"):
        st.session_state["network.clicked"] = st.session_state["network.pick"] = clicked
    if st.session_state.get("network.pick") not in options:
        st.session_state["network.pick"] = None
    return st.selectbox("Show the sentences behind", list(options), format_func=options.get, index=None,
                        key="network.pick", placeholder="Click a node or link, or pick one here")


def show_evidence(net: nw.Network, key: str, tables: dict) -> None:
    """The picked item's supporting sentences, each linked to the source view."""
    rows = nf.evidence_frame(nf.evidence(net, key, tables["mentions"]), tables["sentences"], tables["articles"])
    st.caption(f"{len(rows)} supporting sentence(s)" + (", first 200 shown" if len(rows) > 200 else ""))
    st.dataframe(rows.head(200)[["sentence", "why", "title", "open"]], hide_index=True, width="stretch",
                 column_config={"open": st.column_config.LinkColumn("source", display_text="open"),
                                "sentence": st.column_config.TextColumn(width="large")})


def downloads(net: nw.Network, fig) -> None:
    """Chart (HTML/PNG/SVG) and graph file (GEXF/GraphML) downloads, on one row."""
    left, right = st.columns([5, 2])
    with left:
        chart_downloads(fig, "network", key="network.chart_export")
    c = right.columns(2)
    c[0].download_button("GEXF", data=lambda: nw.to_gexf(net.graph), file_name="network.gexf", mime="application/xml",
                         on_click="ignore", key="network.gexf", icon=":material/download:", help="For Gephi")
    c[1].download_button("GraphML", data=lambda: nw.to_graphml(net.graph), file_name="network.graphml",
                         mime="application/xml", on_click="ignore", key="network.graphml", icon=":material/download:")


ensure_router()
require_tables()
f, tables = filtered(("articles", "mentions", "meetings", "sentences"))
st.title(":material/hub: Network")
st.caption("Who is named with whom (grey, wider = more often) and who met or phoned whom (dashed). "
           "Click a node or a link to read the sentences behind it.")
opts = controls()
reason = nf.empty_reason(len(tables["articles"]), f.describe(entity_names()), opts["labels"], opts["window"],
                         opts["min_weight"])
tables["entities"] = load_table("entities")
net = network(build_key(), f, opts["window"], opts["min_weight"], opts["labels"], tables) if opts["labels"] else None
if net is None or len(net.graph) == 0:
    st.info(reason, icon=":material/info:")
    st.stop()
fig = nf.make_network_figure(net.drawn, net.pos, net.meetings, opts["size_by"], opts["color_by"], opts["meetings"])
if net.hidden:
    st.caption(f"Drawing the {len(net.drawn)} most mentioned of {len(net.graph)} actors; "
               "the metrics table and the GEXF/GraphML files hold them all.")
event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="network.chart", config=PLOTLY_CONFIG)
downloads(net, fig)
picked = pick(net, event)
if picked:
    show_evidence(net, picked, tables)
st.subheader("Who holds the network together")
metrics = net.metrics
st.dataframe(metrics.drop(columns=["entity_id"]), hide_index=True, width="stretch", key="network.metrics",
             column_config={"weighted_degree": "weighted degree",
                            "betweenness": st.column_config.NumberColumn(format="%.3f")})
table_download(metrics, "network-metrics", key="network.metrics_csv")
