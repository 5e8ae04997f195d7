"""The Network page: the network of a filter state, the sentences behind a picked node or link,
and the graph files. The page never holds the mentions or sentences tables: the network comes
from the build's views, a pick's and a download's rows are read from disk for the kept articles."""
from __future__ import annotations

from typing import Iterable

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse.csgraph  # noqa: F401 - for nw._brandes: imported with the page (~135 ms once per server),
# not by its first filter change, nor by the other chart pages (they import views.network too)

from newsgraph.present import graphfiles as gf
from newsgraph.present import netfigure as nf
from newsgraph.views import network as nw
from newsgraph.views.filters import Filters, with_filters
from newsgraph.views.reader import Reader

VIEWS = ("article_entities", "sentence_pairs", "entity_sentences")
EVIDENCE_SHOWN = 200          # sentences listed under a pick (the count says how many there are)
MENTION_COLUMNS = ["article_id", "sent_idx", "entity_id", "label"]
PARAGRAPH_COLUMNS = ["article_id", "sent_idx", "paragraph_idx"]


def meeting_pairs(reader: Reader) -> pd.DataFrame:
    """Pairs of people on different sides of every meeting (rows: positions in the meetings table)."""
    return nw.side_pairs(reader.column("meetings", "sides"))


def network(reader: Reader, ids, meetings: pd.DataFrame, pairs: pd.DataFrame, window: str, min_weight: int,
            labels: tuple[str, ...], max_nodes: int, keep: Iterable[str] = ()) -> nw.Network:
    """Graph, drawn part, layout and meeting layer of the kept articles (`ids`; None: all) and meetings
    (rows of the held table; `pairs`: `meeting_pairs` of every meeting), without metrics (`nw.network_metrics`
    takes the longest: the page asks for them after the chart)."""
    views = {name: reader.view(name) for name in VIEWS if window != "sentence" or name != "entity_sentences"}
    whole = reader.table("meetings")
    kept = pairs[np.isin(pairs["row"].to_numpy(), meetings.index.to_numpy())] if len(meetings) < len(whole) else pairs
    return nw.network_from_views(views, reader.table("entities"), whole, ids, window, min_weight, labels, keep=keep,
                                 metrics=False, mpairs=kept, max_nodes=max_nodes)


def drawing_note(net: nw.Network) -> str | None:
    """What the chart leaves out (actors, links, contacts), or None when it draws everything."""
    hidden_links = net.hidden_links
    if not (net.hidden or hidden_links or net.hidden_meeting_pairs):
        return None
    links = (f", their {net.drawn.number_of_edges()} strongest links (of {net.drawn.number_of_edges() + hidden_links})"
             if hidden_links else "")
    contacts = (f", the contacts of the {nw.MAX_MEETING_PAIRS} most reported pairs (of "
                f"{nw.MAX_MEETING_PAIRS + net.hidden_meeting_pairs})" if net.hidden_meeting_pairs else "")
    return (f"Drawing the {len(net.drawn)} most mentioned of {net.order} actors{links}{contacts}; "
            "the metrics table and the GEXF/GraphML files hold them all.")


def metrics_note(net: nw.Network) -> str | None:
    """How betweenness was measured, when it was estimated."""
    if net.order <= nw.EXACT_BETWEENNESS:
        return None
    return (f"Betweenness estimated from {nw.BETWEENNESS_SAMPLES} sampled actors (seeded), "
            f"as the network has {net.order}.")


def clicked(points: Iterable[dict]) -> str | None:
    """The pick key of the first clicked chart point that stands for a node or a link."""
    return next((k for p in points if (k := nf.pick_from_point(p.get("customdata")))), None)


def meetings_between(reader: Reader, meetings: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The meetings (rows of the held table) both a and b took part in."""
    rows, named = np.arange(len(meetings)), reader.any_of("meetings")
    return meetings[named(meetings, "participants", rows, (a,)) & named(meetings, "participants", rows, (b,))]


def pick_evidence(reader: Reader, net: nw.Network, pick: str, ids, window: str, labels: tuple[str, ...],
                  meetings: pd.DataFrame) -> pd.DataFrame:
    """The picked node's or link's sentences (article_id, sent_idx, why): a node's from the
    entity_sentences view; a link's contacts among `meetings` first, then the sentences naming both
    in the mentions of the kept articles (`ids`) that name both, read from disk."""
    kind, _, key = pick.partition(":")
    if kind == "n":
        return nf.evidence(net, pick, nw.node_sentences(reader.view("entity_sentences"), ids, key))
    a, _, b = key.partition("|")
    arts = nw.articles_naming_both(reader.view("article_entities"), ids, a, b, labels)
    evidence = []
    if arts and net.graph.has_edge(a, b):
        mentions = reader.rows("mentions", "article_id", arts, MENTION_COLUMNS)
        sentences = reader.rows("sentences", "article_id", arts, PARAGRAPH_COLUMNS) if window == "paragraph" else None
        evidence = nw.edge_evidence(mentions, sentences, reader.table("entities"), a, b, window, labels)
    both = reader.with_columns(meetings_between(reader, meetings, a, b), "meetings", ["participants", "sides"])
    return nf.evidence(net, pick, None, link_evidence=evidence, meetings=nw.meeting_edges(both))


def evidence_table(reader: Reader, rows: pd.DataFrame, limit: int = EVIDENCE_SHOWN,
                   f: Filters | None = None) -> pd.DataFrame:
    """The first `limit` evidence rows with their sentence, the article's title and a link to it that
    keeps the filters `f`."""
    shown = rows.head(limit)
    table = nf.evidence_frame(shown, reader.sentence_texts(zip(shown["article_id"], shown["sent_idx"])),
                              reader.table("articles", ["article_id", "title"]))
    if f is not None and not f.is_empty():
        table["open"] = [with_filters(u, f) for u in table["open"]]
    return table


def evidence_note(rows: pd.DataFrame, limit: int = EVIDENCE_SHOWN) -> str:
    """How many sentences stand behind a pick, and how many are listed."""
    return f"{len(rows)} supporting sentence(s)" + (f", first {limit} shown" if len(rows) > limit else "")


def full_graph(reader: Reader, net: nw.Network, ids, window: str, min_weight: int, labels: tuple[str, ...],
               meetings: pd.DataFrame | None = None) -> nx.Graph:
    """The network's graph with every link's supporting sentences, from the kept articles' (`ids`;
    None: all) rows read from disk, and each contact of `meetings` (the kept ones) as its own typed
    edge (present/graphfiles.py): what the graph files hold, as the CLI export writes them."""
    if ids is None:
        mentions, sentences = reader.whole("mentions", MENTION_COLUMNS), reader.whole("sentences", PARAGRAPH_COLUMNS)
    else:
        ids = sorted(ids)
        mentions = reader.rows("mentions", "article_id", ids, MENTION_COLUMNS)
        sentences = reader.rows("sentences", "article_id", ids, PARAGRAPH_COLUMNS)
    G = nw.build_cooccurrence_graph(mentions, sentences, reader.table("entities"), window, min_weight, labels,
                                    keep=set(net.graph))
    G = G.subgraph(list(net.graph)).copy()
    if meetings is None:
        return G
    return gf.with_contacts(G, reader.with_columns(meetings, "meetings", ["sides", "evidence"]), reader.table("entities"))
