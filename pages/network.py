"""Network: who is named with whom, and who met or phoned whom — every link backed by its sentences."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from newsgraph.views import network as nw
from newsgraph.present import graphfiles as gf
from newsgraph.present import netfigure as nf
from newsgraph.views.filters import Filters
from newsgraph.views.sourceview import for_display
from ui.data import (any_of, arrow_column, build_key, load_rows, load_rows_all, load_table, load_view, require_tables,
                     sentence_texts, with_columns)
from ui.export import PLOTLY_CONFIG, chart_downloads, table_download
from ui.filters import entity_names, filtered, kept_article_ids
from ui.router import ensure_router

WINDOWS = ("sentence", "paragraph", "article")
SIZES = {"mentions": "mentions", "degree": "links"}
COLORS = {"country": "country", "community": "community"}
DRAWN = (50, 150, 300, 500)


@st.cache_resource(show_spinner="Laying out the network…", max_entries=16)
def network(key: str, state: str, window: str, min_weight: int, labels: tuple[str, ...], max_nodes: int, _f: Filters,
            _meetings) -> nw.Network:
    """Graph, drawn part, layout and meeting layer from the build's views, once per build, filter
    state and graph settings (shared, read-only; _f and _meetings follow from key and state)."""
    ids = None if _f.is_empty() else kept_article_ids(key, state, _f)
    views = {n: load_view(n) for n in ("article_entities", "sentence_pairs", "entity_sentences")}
    pairs = _meeting_pairs(key)                       # of every meeting: rows are positions in the meetings table
    kept = pairs[pairs["row"].isin(_meetings.index)] if len(_meetings) < len(load_table("meetings")) else pairs
    meetings = load_table("meetings")
    return nw.network_from_views(views, load_table("entities"), meetings, ids, window, min_weight, labels, keep=_f.actors,
                                 metrics=False, mpairs=kept, max_nodes=max_nodes)


@st.cache_resource(show_spinner=False, max_entries=2)
def _meeting_pairs(key: str):
    """Pairs of people on different sides of every meeting, once per build (rows: positions in the
    meetings table)."""
    return nw.side_pairs(arrow_column("meetings", "sides"))


@st.cache_resource(show_spinner="Measuring the network…", max_entries=16)
def metrics_of(key: str, state: str, window: str, min_weight: int, labels: tuple[str, ...], _net: nw.Network):
    """Degree, weighted degree and betweenness of every node (after the chart: it takes the longest;
    the same for any number of actors drawn)."""
    return nw.graph_metrics(_net.graph)


@st.cache_resource(show_spinner=False, max_entries=8)
def _figure(key: str, state: str, window: str, min_weight: int, labels: tuple[str, ...], max_nodes: int, size_by: str,
            color_by: str, meetings: bool, _net: nw.Network):
    return nf.make_network_figure(_net.drawn, _net.pos, _net.meetings, size_by, color_by, meetings)


def controls() -> dict:
    """The graph settings (computed, cached) then the display settings, above the chart."""
    g = st.columns([3, 4, 2], vertical_alignment="bottom")
    d = st.columns([2, 2, 2, 3, 1], vertical_alignment="bottom")
    return {
        "window": g[0].segmented_control("Linked when named in one", WINDOWS, default="sentence", required=True,
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
        "meetings": d[3].toggle("Meetings and calls", value=True, key="network.meetings",
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


def _evidence_rows(net: nw.Network, pick: str, f: Filters, opts: dict) -> pd.DataFrame:
    """The picked node's or link's sentences (article_id, sent_idx, why), from the views and, for a
    link, the mentions of the articles naming both (read from disk)."""
    kind, _, key = pick.partition(":")
    ids = None if f.is_empty() else kept_article_ids(build_key(), repr(f), f)
    if kind == "n":
        units = load_view("entity_sentences")
        rows = units[nw._kept(units, ids) & (units["entity_id"] == key).to_numpy()]
        hits = rows[["article_id", "sent_idx"]].astype({"article_id": object}).drop_duplicates()
        return nf.evidence(net, pick, hits.assign(entity_id=key))
    a, _, b = key.partition("|")
    ae = load_view("article_entities")
    rows = ae[nw._kept(ae, ids) & ae["entity_id"].isin([a, b]).to_numpy() & nw._of_labels(ae["label"], opts["labels"])]
    per = rows.groupby(rows["article_id"].astype(object))["entity_id"].nunique()
    arts = sorted(per.index[per == 2])[:nw.EVIDENCE_PER_EDGE]      # articles naming both
    evidence = []
    if arts and net.graph.has_edge(a, b):
        mentions = load_rows("mentions", "article_id", arts, ["article_id", "sent_idx", "entity_id", "label"])
        sentences = (load_rows("sentences", "article_id", arts, ["article_id", "sent_idx", "paragraph_idx"])
                     if opts["window"] == "paragraph" else None)
        evidence = nw.edge_evidence(mentions, sentences, load_table("entities"), a, b, opts["window"], opts["labels"])
    meetings, rows = tables["meetings"], np.arange(len(tables["meetings"]))
    named = any_of("meetings")
    both = meetings[named(meetings, "participants", rows, (a,)) & named(meetings, "participants", rows, (b,))]
    return nf.evidence(net, pick, None, link_evidence=evidence,
                       meetings=nw.meeting_edges(with_columns(both, "meetings", ["participants", "sides"])))


def show_evidence(net: nw.Network, pick: str, f: Filters, opts: dict) -> None:
    """The picked item's supporting sentences, each linked to the source view."""
    rows = _evidence_rows(net, pick, f, opts)
    shown = rows.head(200)
    frame = nf.evidence_frame(shown, sentence_texts(zip(shown["article_id"], shown["sent_idx"])),
                              load_table("articles", ["article_id", "title"]))
    st.caption(f"{len(rows)} supporting sentence(s)" + (", first 200 shown" if len(rows) > 200 else ""))
    st.dataframe(frame[["sentence", "why", "title", "open"]], hide_index=True, width="stretch",
                 column_config={"open": st.column_config.LinkColumn("source", display_text="open"),
                                "sentence": st.column_config.TextColumn(width="large")})


def _full_graph(net: nw.Network, f: Filters, opts: dict):
    """The graph with every link's supporting sentences (as the CLI export writes it), computed
    when a graph file is downloaded, from the kept articles' rows read from disk."""
    ids = sorted(kept_article_ids(build_key(), repr(f), f)) if not f.is_empty() else None
    cols = ["article_id", "sent_idx", "entity_id", "label"]
    if ids is None:
        mentions = load_rows_all("mentions", cols)
        sentences = load_rows_all("sentences", ["article_id", "sent_idx", "paragraph_idx"])
    else:
        mentions = load_rows("mentions", "article_id", ids, cols)
        sentences = load_rows("sentences", "article_id", ids, ["article_id", "sent_idx", "paragraph_idx"])
    G = nw.build_cooccurrence_graph(mentions, sentences, load_table("entities"), opts["window"], opts["min_weight"],
                                    opts["labels"], keep=set(net.graph))
    meetings = with_columns(tables["meetings"], "meetings", ["sides", "evidence"])
    return gf.with_contacts(G.subgraph(list(net.graph)).copy(), meetings, load_table("entities"))


def downloads(net: nw.Network, fig, f: Filters, opts: dict) -> None:
    """Chart (HTML/PNG/SVG) and graph file (GEXF/GraphML) downloads, on one row."""
    left, right = st.columns([5, 2])
    with left:
        chart_downloads(fig, "network", key="network.chart_export")
    c = right.columns(2)
    c[0].download_button("GEXF", data=lambda: gf.to_gexf(_full_graph(net, f, opts)), file_name="network.gexf",
                         mime="application/xml", on_click="ignore", key="network.gexf", icon=":material/download:",
                         help="For Gephi")
    c[1].download_button("GraphML", data=lambda: gf.to_graphml(_full_graph(net, f, opts)), file_name="network.graphml",
                         mime="application/xml", on_click="ignore", key="network.graphml", icon=":material/download:")


ensure_router()
require_tables()
f, tables = filtered(("articles", "meetings"))
st.title(":material/hub: Network")
st.caption("Who is named with whom (grey, wider = more often) and who met or phoned whom (dashed). "
           "Click a node or a link to read the sentences behind it.")
opts = controls()
reason = nf.empty_reason(len(tables["articles"]), f.describe(entity_names()), opts["labels"], opts["window"],
                         opts["min_weight"])
state = repr(f)
settings = (opts["window"], opts["min_weight"], opts["labels"], opts["max_nodes"])
net = network(build_key(), state, *settings, f, tables["meetings"]) if opts["labels"] and len(tables["articles"]) else None
if net is None or len(net.graph) == 0:
    st.info(reason, icon=":material/info:")
    st.stop()
fig = _figure(build_key(), state, *settings, opts["size_by"], opts["color_by"], opts["meetings"], net)
hidden_links = net.hidden_links
if net.hidden or hidden_links or net.hidden_meeting_pairs:
    links = (f", their {net.drawn.number_of_edges()} strongest links (of {net.drawn.number_of_edges() + hidden_links})"
             if hidden_links else "")
    contacts = (f", the contacts of the {nw.MAX_MEETING_PAIRS} most reported pairs (of "
                f"{nw.MAX_MEETING_PAIRS + net.hidden_meeting_pairs})" if net.hidden_meeting_pairs else "")
    st.caption(f"Drawing the {len(net.drawn)} most mentioned of {len(net.graph)} actors{links}{contacts}; "
               "the metrics table and the GEXF/GraphML files hold them all.")
event = st.plotly_chart(fig, on_select="rerun", selection_mode="points", key="network.chart", config=PLOTLY_CONFIG)
downloads(net, fig, f, opts)
picked = pick(net, event)
if picked:
    show_evidence(net, picked, f, opts)
st.subheader("Who holds the network together")
metrics = metrics_of(build_key(), state, *settings[:3], net)
if len(net.graph) > nw.EXACT_BETWEENNESS:
    st.caption(f"Betweenness estimated from {nw.BETWEENNESS_SAMPLES} sampled actors (seeded), "
               f"as the network has {len(net.graph)}.")
st.dataframe(for_display(metrics.drop(columns=["entity_id"])), hide_index=True, width="stretch", key="network.metrics",
             column_config={"weighted_degree": "weighted degree",
                            "betweenness": st.column_config.NumberColumn(format="%.3f")})
table_download(metrics, "network-metrics", key="network.metrics_csv")
