"""Who is named with whom: the co-occurrence graph, the meeting layer, metrics, files.

Two entities are linked when they are named in the same window unit (a sentence, a
paragraph or an article); an edge's weight is the number of such units and its evidence
the sentences that show it. Meetings and phone calls are a separate layer (meeting_edges)
drawn over it. The graph is built with pandas joins on window units, never a Python loop
over mention pairs, so a 10k-article corpus stays fast. newsgraph.netfigure draws it the
same way for the page, the CLI export and the tests (newsgraph/netfigure.py).

Isolated nodes: with min_weight 1 every linked entity named in the kept articles is a
node, even one never named with another (a lone actor is still an actor of those
articles). With min_weight > 1 the analyst asked for strong ties, so nodes left without
an edge are dropped, except those in `keep` (meeting participants and the actors the
analyst filtered on), which stay so the meeting layer and the chosen actors never vanish.
"""
from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from itertools import combinations
from typing import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

WINDOWS = ("sentence", "paragraph", "article")
EVIDENCE_PER_UNIT = 3          # sentences kept as evidence per paragraph/article unit
EVIDENCE_PER_EDGE = 100        # evidence kept per edge (weight and article counts stay exact)
MAX_NODES = 150                # nodes drawn; the graph files keep them all


def _linked(mentions: pd.DataFrame, labels: Iterable[str]) -> pd.DataFrame:
    """Mentions linked to an entity, of the wanted labels."""
    keep = mentions["entity_id"].notna() & mentions["label"].isin(list(labels))
    return mentions.loc[keep, ["article_id", "sent_idx", "entity_id"]]


def _unit_mentions(linked: pd.DataFrame, sentences: pd.DataFrame, window: str) -> tuple[pd.DataFrame, list, list]:
    """One row per entity and sentence as integer codes (unit, e, art, sent), and the code → id lists.

    Entity codes are sorted ids, so `a < b` on codes is `a < b` on ids; integers keep the
    joins below fast on large corpora.
    """
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
    m = linked.drop_duplicates()
    if window == "paragraph":
        m = m.merge(sentences[["article_id", "sent_idx", "paragraph_idx"]], on=["article_id", "sent_idx"], how="left")
    art, arts = pd.factorize(m["article_id"])
    ent, ents = pd.factorize(m["entity_id"], sort=True)
    um = pd.DataFrame({"e": ent, "art": art, "sent": m["sent_idx"].to_numpy(dtype="int64")})
    if window == "paragraph":
        um["par"] = m["paragraph_idx"].fillna(-1).to_numpy(dtype="int64")
    keys = {"sentence": ["art", "sent"], "paragraph": ["art", "par"], "article": ["art"]}[window]
    um["unit"] = um.groupby(keys, sort=False).ngroup() if len(um) else pd.Series(dtype="int64")
    return um[["unit", "e", "art", "sent"]], list(ents), list(arts)


def _pairs(um: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Every unordered entity pair (a < b) sharing the `on` columns."""
    cols = on + ["e"]
    u = um[cols].drop_duplicates()
    p = u.merge(u, on=on, suffixes=("_a", "_b"))
    return p[p["e_a"] < p["e_b"]].rename(columns={"e_a": "a", "e_b": "b"}).reset_index(drop=True)


def _evidence_rows(pairs: pd.DataFrame, um: pd.DataFrame, window: str) -> pd.DataFrame:
    """Supporting sentences per pair and unit (a, b, art, sent): sentences naming both first, then each one's first."""
    if window == "sentence":
        first = um.drop_duplicates("unit")[["unit", "art", "sent"]]
        return pairs.merge(first, on="unit")[["a", "b", "art", "sent"]]
    both = _pairs(um, ["unit", "art", "sent"]).assign(rank=0)
    firsts = um.sort_values(["unit", "sent"]).drop_duplicates(["unit", "e"])
    via = [pairs.merge(firsts.rename(columns={"e": side}), on=["unit", side]).assign(rank=1) for side in ("a", "b")]
    rows = pd.concat([both] + via, ignore_index=True)
    rows = rows.sort_values(["unit", "a", "b", "rank", "sent"]).drop_duplicates(["unit", "a", "b", "sent"])
    return rows.groupby(["unit", "a", "b"], sort=False).head(EVIDENCE_PER_UNIT)[["a", "b", "art", "sent"]]


def _edge_table(um: pd.DataFrame, window: str, ents: list, arts: list) -> pd.DataFrame:
    """One row per entity pair: a, b, weight, articles (count), evidence (list of (article_id, sent_idx))."""
    pairs = _pairs(um, ["unit"])
    if pairs.empty:
        return pd.DataFrame(columns=["a", "b", "weight", "articles", "evidence"])
    pairs = pairs.merge(um.drop_duplicates("unit")[["unit", "art"]], on="unit")
    counts = pairs.groupby(["a", "b"]).agg(weight=("unit", "size"), articles=("art", "nunique"))
    ev = _evidence_rows(pairs[["unit", "a", "b"]], um, window).sort_values(["a", "b", "art", "sent"])
    ev = ev.groupby(["a", "b"], sort=False).head(EVIDENCE_PER_EDGE)
    refs = pd.Series(list(zip(np.asarray(arts, dtype=object)[ev["art"].to_numpy()], ev["sent"].tolist())),
                     index=pd.MultiIndex.from_frame(ev[["a", "b"]]))
    out = counts.join(refs.groupby(level=[0, 1]).agg(list).rename("evidence")).reset_index()
    names = np.asarray(ents, dtype=object)
    return out.assign(a=names[out["a"].to_numpy()], b=names[out["b"].to_numpy()])


def _node_table(linked: pd.DataFrame, entities: pd.DataFrame) -> pd.DataFrame:
    """One row per entity: entity_id, name, label, title, country, mention_count, articles (count)."""
    counts = linked.groupby("entity_id").agg(mention_count=("sent_idx", "size"), articles=("article_id", "nunique"))
    info = entities.set_index("entity_id").reindex(counts.index)
    nodes = counts.join(info[[c for c in ("name", "label", "title", "country") if c in info.columns]])
    nodes["name"] = nodes["name"].where(nodes["name"].notna(), pd.Series(nodes.index, index=nodes.index))
    return nodes.reset_index().sort_values("entity_id")


def build_cooccurrence_graph(mentions: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame,
                             window: str = "sentence", min_weight: int = 1, labels: Iterable[str] = ("PER",),
                             keep: Iterable[str] = ()) -> nx.Graph:
    """Entities named together in a window unit; weight = units, evidence = supporting sentences."""
    labels = tuple(sorted(labels))
    linked = _linked(mentions, labels)
    um, ents, arts = _unit_mentions(linked, sentences, window)
    G = nx.Graph(window=window, min_weight=int(min_weight), labels=",".join(labels))
    for row in _node_table(linked, entities).to_dict("records"):
        G.add_node(row.pop("entity_id"), **{k: v for k, v in row.items() if _present(v)})
    edges = _edge_table(um, window, ents, arts)
    for row in edges[edges["weight"] >= min_weight].sort_values(["a", "b"]).to_dict("records"):
        G.add_edge(row["a"], row["b"], weight=int(row["weight"]), articles=int(row["articles"]),
                   evidence=[(str(a), int(s)) for a, s in row["evidence"]])
    if min_weight > 1:
        keep = set(keep)
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0 and n not in keep])
    return G


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def meeting_edges(meetings: pd.DataFrame) -> list[tuple[str, str, dict]]:
    """Meetings and calls as edges (a < b), one per participant pair and meeting."""
    out = []
    for row in meetings.to_dict("records"):
        attrs = {k: row.get(k) for k in ("type", "status", "date", "meeting_id", "article_id", "location")}
        attrs["sent_idx"] = int(row["sent_idx"])
        for a, b in combinations(sorted(set(row["participants"] if row["participants"] is not None else ())), 2):
            out.append((a, b, dict(attrs)))
    return out


def graph_metrics(G: nx.Graph) -> pd.DataFrame:
    """Per node: entity_id, name, label, mentions, degree, weighted_degree, betweenness."""
    cols = ["entity_id", "name", "label", "mentions", "degree", "weighted_degree", "betweenness"]
    if len(G) == 0:
        return pd.DataFrame(columns=cols)
    # strong ties are short paths: distance = 1 / weight; sampled on big graphs (seeded)
    k = None if len(G) <= 300 else 200
    between = nx.betweenness_centrality(G, k=k, seed=7, weight=lambda u, v, d: 1.0 / d.get("weight", 1))
    rows = [(n, d.get("name", n), d.get("label"), d.get("mention_count", 0), G.degree(n),
             G.degree(n, weight="weight"), round(between[n], 4)) for n, d in G.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["weighted_degree", "mentions", "entity_id"], ascending=[False, False, True],
                             ignore_index=True)


def communities(G: nx.Graph, seed: int = 42) -> dict[str, int]:
    """Louvain communities (weighted, seeded): node → 1-based community, biggest first."""
    if len(G) == 0:
        return {}
    groups = nx.community.louvain_communities(G, weight="weight", seed=seed)
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    return {n: i for i, g in enumerate(groups, 1) for n in g}


def layout(G: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same for the same graph (seeded spring layout per component).

    Each connected component is laid out on its own and packed in rows, biggest first;
    lone nodes go in a row below, so they do not push the main cluster into a corner.
    """
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    groups = [c for c in comps if len(c) > 1]
    lone = [c[0] for c in comps if len(c) == 1]
    width = 1.6 * len(groups[0]) ** 0.5 if groups else 2.0
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for comp in groups:
        size = len(comp) ** 0.5
        if x > 0 and x + size > width:
            x, y, row_h = 0.0, y - row_h - 0.4, 0.0
        for n, (px, py) in _component_layout(G.subgraph(comp), seed).items():
            pos[n] = (x + (px + 1) / 2 * size, y - (1 - py) / 2 * size)
        x, row_h = x + size + 0.4, max(row_h, size)
    step = max(width, 1.0) / max(min(len(lone), 8), 1)
    top = y - row_h - (0.5 if groups else 0.0)
    for i, n in enumerate(lone):     # a grid of up to 8 per row
        pos[n] = (step * (i % 8), top - 0.45 * (i // 8))
    return _normalise(pos)


def _component_layout(C: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """One connected component in [-1, 1]² (insertion order fixed, so the seed decides)."""
    if len(C) == 1:
        return {next(iter(C)): (0.0, 0.0)}
    H = nx.Graph()
    H.add_nodes_from(sorted(C))
    # damped weights: one heavy pair should not collapse onto itself and hide its labels
    H.add_weighted_edges_from(sorted((a, b, 1 + math.log(d.get("weight", 1))) for a, b, d in C.edges(data=True)))
    # k above the default spreads a handful of actors so their labels do not collide
    pos = nx.spring_layout(H, k=3.0 / len(H) ** 0.5, iterations=300, seed=seed, weight="weight", method="force")
    return _normalise(_lie_flat(_spread(pos)))


def _spread(pos: dict, power: float = 0.5) -> dict:
    """Pull crowded centres apart: radius r → r**power around the centroid (hubs crowd the middle)."""
    xy = np.array([pos[n] for n in pos], dtype=float)
    xy -= xy.mean(axis=0)
    r = np.linalg.norm(xy, axis=1, keepdims=True)
    scaled = np.where(r > 0, xy / np.where(r > 0, r, 1) * r ** power, 0.0)
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, scaled)}


def _lie_flat(pos: dict) -> dict[str, tuple[float, float]]:
    """Rotate so the longest spread is horizontal (the chart is wider than tall)."""
    xy = np.array([pos[n] for n in pos], dtype=float)
    xy -= xy.mean(axis=0)
    _, vectors = np.linalg.eigh(np.cov(xy.T) + 1e-12 * np.eye(2))
    main = vectors[:, 1] * (1 if vectors[0, 1] >= 0 else -1)      # fixed sign: same input, same picture
    rot = xy @ np.array([[main[0], -main[1]], [main[1], main[0]]])
    return {n: (float(x), float(y)) for n, (x, y) in zip(pos, rot)}


def _normalise(pos: dict) -> dict[str, tuple[float, float]]:
    """Stretch each axis to [-1, 1] (the chart is not square, so filling it beats keeping the aspect)."""
    def scale(values: list[float]) -> list[float]:
        lo, hi = min(values), max(values)
        return [0.0 if hi - lo < 1e-9 else round(2 * (v - lo) / (hi - lo) - 1, 6) for v in values]

    if not pos:
        return {}
    nodes = list(pos)
    xs, ys = [pos[n][0] for n in nodes], [pos[n][1] for n in nodes]
    wide, tall = max(xs) - min(xs), max(ys) - min(ys)
    if tall < 0.3 * wide:           # a chain or a pair: keep it flat rather than stretch it diagonal
        ys = [(y - (max(ys) + min(ys)) / 2) / wide for y in ys]
        return {n: (x, round(y, 6)) for n, x, y in zip(nodes, scale(xs), ys)}
    return {n: (x, y) for n, x, y in zip(nodes, scale(xs), scale(ys))}


def top_nodes(G: nx.Graph, limit: int = MAX_NODES) -> nx.Graph:
    """The subgraph of the `limit` most mentioned nodes (ties by id), for drawing."""
    if len(G) <= limit:
        return G
    ranked = sorted(G.nodes(data=True), key=lambda nd: (-nd[1].get("mention_count", 0), nd[0]))
    return G.subgraph([n for n, _ in ranked[:limit]]).copy()


def edge_frame(G: nx.Graph) -> pd.DataFrame:
    """The edges as a table: source, target, their names, weight, articles, evidence."""
    rows = [{"source": a, "target": b, "source_name": G.nodes[a].get("name", a), "target_name": G.nodes[b].get("name", b),
             "weight": d.get("weight", 1), "articles": d.get("articles", 0),
             "evidence": _refs(d.get("evidence", ()))} for a, b, d in G.edges(data=True)]
    cols = ["source", "target", "source_name", "target_name", "weight", "articles", "evidence"]
    return pd.DataFrame(rows, columns=cols).sort_values(["weight", "source", "target"], ascending=[False, True, True],
                                                        ignore_index=True)


def _refs(evidence: Iterable[tuple[str, int]]) -> str:
    return "; ".join(f"{a}:{s}" for a, s in evidence)


def _flat(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars (lists joined by '; ', None dropped)."""
    H = nx.Graph(**{k: v for k, v in G.graph.items() if _present(v)})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _scalar(k, v) for k, v in d.items() if _present(v)})
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, **{k: _scalar(k, v) for k, v in d.items() if _present(v)})
    return H


def _scalar(key: str, value):
    if key == "evidence":
        return _refs(value)
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return value.item() if hasattr(value, "item") else value


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2 bytes (Gephi): the node label is the name, the entity label becomes `kind`."""
    H = _flat(G)
    for _, d in H.nodes(data=True):
        if "label" in d:
            d["kind"] = d.pop("label")
        d["label"] = d.get("name", "")
    return "\n".join(nx.generate_gexf(H, encoding="utf-8")).encode("utf-8")


def to_graphml(G: nx.Graph) -> bytes:
    """GraphML bytes (yEd, Cytoscape, Gephi), list attributes joined by '; '."""
    buf = io.BytesIO()
    nx.write_graphml(_flat(G), buf, encoding="utf-8")
    return buf.getvalue()


def to_node_link(G: nx.Graph) -> dict:
    """Node-link JSON data (d3, networkx.node_link_graph)."""
    return nx.node_link_data(_flat(G), edges="edges")


@dataclass
class Network:
    """A graph as the dashboard shows it: the full graph, the drawn part and its layout."""

    graph: nx.Graph
    drawn: nx.Graph
    pos: dict[str, tuple[float, float]]
    meetings: list[tuple[str, str, dict]] = field(default_factory=list)
    metrics: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def hidden(self) -> int:
        """Nodes left out of the drawing (beyond MAX_NODES)."""
        return len(self.graph) - len(self.drawn)


def build_network(tables: Mapping[str, pd.DataFrame], window: str = "sentence", min_weight: int = 1,
                  labels: Iterable[str] = ("PER",), keep: Iterable[str] = (), max_nodes: int = MAX_NODES) -> Network:
    """Graph, drawn subgraph, layout, meeting layer and metrics from (filtered) tables: what the page caches."""
    meetings = tables.get("meetings")
    medges = meeting_edges(meetings) if meetings is not None else []
    keep = set(keep) | {x for a, b, _ in medges for x in (a, b)}
    G = build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"],
                                 window, min_weight, labels, keep)
    drawn = top_nodes(G, max_nodes)
    return Network(G, drawn, layout(drawn), [e for e in medges if e[0] in drawn and e[1] in drawn], graph_metrics(G))
