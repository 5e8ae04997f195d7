"""Who is named with whom: the co-occurrence graph, the meeting layer, metrics, files.

Two entities are linked when they are named in the same window unit (a sentence, a
paragraph or an article); an edge's weight is the number of such units and its evidence
the sentences that show it. Meetings and phone calls are a separate layer (meeting_edges)
drawn over it. The graph is built with pandas joins on window units, never a Python loop
over mention pairs, so a 10k-article corpus stays fast. make_network_figure draws it the
same way for the page, the CLI export and the tests.

Isolated nodes: with min_weight 1 every linked entity named in the kept articles is a
node, even one never named with another (a lone actor is still an actor of those
articles). With min_weight > 1 the analyst asked for strong ties, so nodes left without
an edge are dropped, except those in `keep` (meeting participants and the actors the
analyst filtered on), which stay so the meeting layer and the chosen actors never vanish.
"""
from __future__ import annotations

import html
import io
import math
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, cycle
from typing import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

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


# ---- what the page shows beside the chart ---------------------------------------------

KIND_NAMES = {"PER": "persons", "LOC": "places", "ORG": "organizations", "MISC": "other names"}


def empty_reason(n_articles: int, filters_text: str, labels: Iterable[str], window: str, min_weight: int) -> str:
    """Why there is nothing to draw, in the analyst's words."""
    labels = list(labels)
    if not labels:
        return "No actors to draw: choose a kind of name under Show (persons, places or organizations)."
    if n_articles == 0:
        return f"No actors to draw: {filters_text} keeps no article."
    kinds = " or ".join(KIND_NAMES.get(lb, lb) for lb in labels)
    scope = f"the {n_articles} article(s)" + ("" if filters_text == "no filter" else f" kept by {filters_text}")
    if min_weight <= 1:
        return f"No actors to draw: {scope} name no {kinds}."
    return f"No actors to draw: no two {kinds} are named together in {min_weight} or more {window}s in {scope}; " \
           "lower the minimum weight."


def pick_options(net: Network) -> dict[str, str]:
    """What a user can pick on the page: 'n:<id>' nodes by mentions, then 'e:<a>|<b>' links by weight."""
    G = net.drawn
    nodes = sorted(G.nodes(data=True), key=lambda nd: (-nd[1].get("mention_count", 0), nd[0]))
    opts = {f"n:{n}": f"{d.get('name', n)} ({d.get('mention_count', 0)} mentions)" for n, d in nodes}
    links = {(a, b): d.get("weight", 0) for a, b, d in G.edges(data=True)}
    for a, b, _ in net.meetings:
        links.setdefault((a, b), 0)
    for (a, b), w in sorted(links.items(), key=lambda kv: (-kv[1], kv[0])):
        opts[f"e:{a}|{b}"] = f"{G.nodes[a].get('name', a)} — {G.nodes[b].get('name', b)}" + (f" ({w})" if w else "")
    return opts


def pick_from_point(customdata) -> str | None:
    """The pick key of a clicked chart point (meeting markers pick their link)."""
    value = customdata[0] if isinstance(customdata, (list, tuple)) and customdata else customdata
    if not isinstance(value, str) or value[:2] not in ("n:", "e:", "m:"):
        return None
    return "e:" + value[2:] if value.startswith("m:") else value


def evidence(net: Network, pick: str, mentions: pd.DataFrame) -> pd.DataFrame:
    """Sentences behind a picked node or link: article_id, sent_idx, why."""
    kind, _, key = pick.partition(":")
    G, rows = net.graph, []
    if kind == "n":
        hits = mentions.loc[mentions["entity_id"] == key, ["article_id", "sent_idx"]].drop_duplicates()
        name = G.nodes[key].get("name", key) if key in G else key
        rows = [(a, int(s), f"names {name}") for a, s in zip(hits["article_id"], hits["sent_idx"])]
    else:
        a, _, b = key.partition("|")
        rows = [(m["article_id"], m["sent_idx"], meeting_label(G, a, b, m)) for x, y, m in net.meetings if (x, y) == (a, b)]
        if G.has_edge(a, b):
            rows += [(art, int(s), "named together") for art, s in G.edges[a, b].get("evidence", ())]
    frame = pd.DataFrame(rows, columns=["article_id", "sent_idx", "why"])
    return frame.drop_duplicates(["article_id", "sent_idx"]).reset_index(drop=True)


def evidence_frame(rows: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Evidence rows with the sentence text, the article title and a link to the source view."""
    out = rows.merge(sentences[["article_id", "sent_idx", "text"]], on=["article_id", "sent_idx"], how="left")
    out = out.merge(articles[["article_id", "title"]], on="article_id", how="left")
    out["open"] = [f"./source?article={a}&sent={s}" for a, s in zip(out["article_id"], out["sent_idx"])]
    return out.rename(columns={"text": "sentence"})[["sentence", "why", "title", "open", "article_id", "sent_idx"]]


# ---- the figure -------------------------------------------------------------------------

COUNTRY_NAMES = {"TR": "Türkiye", "RU": "Rusya", "LY": "Libya", "SY": "Suriye", "US": "ABD", "IR": "İran",
                 "IQ": "Irak", "AZ": "Azerbaycan", "AM": "Ermenistan", "DE": "Almanya", "FR": "Fransa",
                 "IT": "İtalya", "GR": "Yunanistan", "EG": "Mısır", "AE": "BAE", "QA": "Katar", "UA": "Ukrayna",
                 "KZ": "Kazakistan", "GB": "Birleşik Krallık", "EU": "AB", "UN": "BM", "OSCE": "AGİT", "NATO": "NATO"}
COUNTRY_COLORS = {"TR": "#d62728", "RU": "#1f77b4", "LY": "#2ca02c", "SY": "#8c564b", "US": "#17becf",
                  "IR": "#bcbd22", "AZ": "#9edae5", "AM": "#c49c94"}
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#17becf", "#bcbd22", "#e377c2",
           "#aec7e8", "#98df8a", "#c5b0d5", "#c49c94")
MEETING_COLORS = {"phone_call": "#ff7f0e", "meeting": "#7b3294", "visit": "#a6611a", "press_conference": "#e7298a",
                  "delegation_talks": "#008837", "statement": "#636363"}
OTHER_COLOR = "#9e9e9e"
UNKNOWN_COLOR = "#cfcfcf"
LABELLED = 50                  # nodes named on the chart; the rest show their name on hover
ALWAYS_LABELLED = 12           # the biggest nodes are named even where labels crowd
MAX_GROUPS = 10                # colour groups in the legend; the rest are "other"


def _esc(text) -> str:
    """Plotly hover text understands a little HTML: escape names and titles."""
    return html.escape(str(text), quote=False)


def _groups(G: nx.Graph, color_by: str, seed: int) -> dict[str, tuple[str, str]]:
    """node → (legend name, colour), by country or by community; the long tail pooled as 'other'."""
    if color_by == "community":
        raw = {n: f"community {c}" for n, c in communities(G, seed).items()}
    else:
        raw = {n: d.get("country") or "" for n, d in G.nodes(data=True)}
    counts = Counter(raw.values())
    ranked = sorted(counts, key=lambda g: (g == "", -counts[g], g))
    # lone communities are noise; lone countries are not (one Iranian general is still Iran)
    shown = [g for g in ranked if g and (counts[g] > 1 or color_by == "country")][:MAX_GROUPS]
    free = cycle([c for c in PALETTE if color_by == "community" or c not in COUNTRY_COLORS.values()])
    colors = {g: COUNTRY_COLORS[g] if color_by == "country" and g in COUNTRY_COLORS else next(free) for g in shown}
    names = {g: f"{COUNTRY_NAMES[g]} ({g})" if g in COUNTRY_NAMES and color_by == "country" else g for g in shown}
    rest = {"": ("unknown", UNKNOWN_COLOR)}
    return {n: (names[g], colors[g]) if g in colors else rest.get(g, ("other", OTHER_COLOR)) for n, g in raw.items()}


def _sizes(G: nx.Graph, size_by: str) -> dict[str, float]:
    """Marker diameter in px: 12..44 by the square root of mentions or degree."""
    values = {n: (G.degree(n) if size_by == "degree" else d.get("mention_count", 1)) for n, d in G.nodes(data=True)}
    top = max(values.values(), default=1) or 1
    return {n: 12 + 32 * (v / top) ** 0.5 for n, v in values.items()}


def _node_hover(G: nx.Graph, n: str) -> str:
    d = G.nodes[n]
    lines = [f"<b>{_esc(d.get('name', n))}</b>"]
    if d.get("title"):
        lines.append(_esc(d["title"]))
    c = d.get("country")
    lines.append(f"{_esc(COUNTRY_NAMES.get(c, c))} ({_esc(c)})" if c else "country unknown")
    arts = d.get("articles", 0)
    lines.append(f"{d.get('mention_count', 0)} mentions in {arts} article{'s' * (arts != 1)}")
    lines.append(f"named with {G.degree(n)} other{'s' * (G.degree(n) != 1)}")
    return "<br>".join(lines)


def _label_places(G: nx.Graph, pos: Mapping, sizes: Mapping, named: list[str],
                  plot_px: tuple[int, int] = (900, 560)) -> dict[str, str]:
    """A text position per node to name, biggest first, beside no label already placed (greedy);
    nodes whose label has no free place stay unnamed on the chart."""
    xr, yr = _span([p[0] for p in pos.values()], 0.12, 0.12), _span([p[1] for p in pos.values()], 0.08, 0.14)
    def px(n):
        return ((pos[n][0] - xr[0]) / (xr[1] - xr[0]) * plot_px[0], (pos[n][1] - yr[0]) / (yr[1] - yr[0]) * plot_px[1])
    placed, out = [], {}
    for n in G:                     # every marker is an obstacle for the labels
        (x, y), r = px(n), sizes[n] / 2
        placed.append((x - r, y - r, x + r, y + r))
    for n in named:
        (x, y), r, w = px(n), sizes[n] / 2, 6.5 * len(str(G.nodes[n].get("name", n)))
        boxes = {"top center": (x - w / 2, y + r, x + w / 2, y + r + 15),
                 "bottom center": (x - w / 2, y - r - 15, x + w / 2, y - r),
                 "middle right": (x + r + 2, y - 7, x + r + 2 + w, y + 7),
                 "middle left": (x - r - 2 - w, y - 7, x - r - 2, y + 7)}
        free = [k for k, b in boxes.items() if not any(_overlap(b, o) for o in placed)]
        if free or len(out) < ALWAYS_LABELLED:      # a crowded small node keeps its name for the hover
            out[n] = free[0] if free else "top center"
            placed.append(boxes[out[n]])
    return out


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _node_traces(G, pos, size_by, color_by, seed) -> list[go.Scatter]:
    groups, sizes = _groups(G, color_by, seed), _sizes(G, size_by)
    named = sorted(G, key=lambda n: (-sizes[n], n))[:LABELLED]
    places = _label_places(G, pos, sizes, named)
    order = sorted(set(groups.values()), key=lambda g: (g[0] == "other", g[0] == "unknown",
                                                        -sum(v == g for v in groups.values()), g[0]))
    traces = []
    for legend, color in order:
        nodes = sorted((n for n in G if groups[n] == (legend, color)), key=lambda n: -sizes[n])
        traces.append(go.Scatter(
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text", name=legend,
            legendgroup=f"nodes:{legend}", text=[G.nodes[n].get("name", n) if n in places else "" for n in nodes],
            textposition=[places.get(n, "top center") for n in nodes], textfont={"size": 12, "color": "#222"},
            marker={"size": [sizes[n] for n in nodes], "color": color, "line": {"width": 1.5, "color": "white"},
                    "opacity": 0.95},
            hovertext=[_node_hover(G, n) for n in nodes], hovertemplate="%{hovertext}<extra></extra>",
            customdata=[f"n:{n}" for n in nodes]))
    return traces


def _edge_traces(G: nx.Graph, pos: dict) -> list[go.Scatter]:
    """Co-occurrence edges: a few line traces by width class, plus hoverable midpoints."""
    edges = sorted(G.edges(data=True), key=lambda e: (e[2].get("weight", 1), e[0], e[1]))
    if not edges:
        return []
    top = max(d.get("weight", 1) for _, _, d in edges)
    unit = {"sentence": "sentence", "paragraph": "paragraph", "article": "article"}.get(G.graph.get("window"), "unit")
    by_width: dict[float, list] = {}
    for a, b, d in edges:
        w = 1.0 + round(5 * ((d.get("weight", 1) - 1) / max(top - 1, 1)) ** 0.5)
        by_width.setdefault(w, []).append((a, b))
    traces = []
    for i, (w, pairs) in enumerate(sorted(by_width.items())):
        xs = [v for a, b in pairs for v in (pos[a][0], pos[b][0], None)]
        ys = [v for a, b in pairs for v in (pos[a][1], pos[b][1], None)]
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", legendgroup="cooc",
                                 name=f"named together (width = {unit}s)", showlegend=i == 0,
                                 line={"width": w, "color": "rgba(110,110,110,0.45)"}))
    hover = [f"{_esc(G.nodes[a].get('name', a))} — {_esc(G.nodes[b].get('name', b))}<br>named together in "
             f"{d.get('weight', 1)} {unit}{'s' * (d.get('weight', 1) != 1)}, {d.get('articles', 0)} article(s)"
             for a, b, d in edges]
    traces.append(go.Scatter(
        x=[(pos[a][0] + pos[b][0]) / 2 for a, b, _ in edges], y=[(pos[a][1] + pos[b][1]) / 2 for a, b, _ in edges],
        mode="markers", marker={"size": 9, "color": "rgba(110,110,110,0.0)"}, legendgroup="cooc", showlegend=False,
        name="link", hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        customdata=[f"e:{a}|{b}" for a, b, _ in edges]))
    return traces


def meeting_label(G: nx.Graph, a: str, b: str, attrs: Mapping) -> str:
    """'Hulusi Akar — Sergey Şoygu: phone call, held, 2020'."""
    parts = [str(attrs.get("type") or "contact").replace("_", " "), attrs.get("status"), attrs.get("date")]
    names = f"{G.nodes[a].get('name', a) if a in G else a} — {G.nodes[b].get('name', b) if b in G else b}"
    return f"{names}: {', '.join(str(p) for p in parts if p)}"


def _curve(p: tuple, q: tuple, bend: float, steps: int = 16) -> tuple[list, list]:
    """A quadratic Bézier from p to q bent sideways, so meeting lines do not hide co-mention lines."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    dx, dy = q[0] - p[0], q[1] - p[1]
    cx, cy = mx - dy * bend, my + dx * bend
    ts = [i / steps for i in range(steps + 1)]
    xs = [(1 - t) ** 2 * p[0] + 2 * (1 - t) * t * cx + t ** 2 * q[0] for t in ts]
    ys = [(1 - t) ** 2 * p[1] + 2 * (1 - t) * t * cy + t ** 2 * q[1] for t in ts]
    return xs, ys


def _meeting_traces(G: nx.Graph, pos: dict, medges: list) -> list[go.Scatter]:
    """One dashed, coloured trace per contact type; hover on the curve's middle lists every report."""
    grouped: dict[tuple, list] = {}
    for a, b, attrs in medges:
        if a in pos and b in pos:
            grouped.setdefault((attrs.get("type") or "meeting", a, b), []).append(attrs)
    types = sorted({t for t, _, _ in grouped}, key=lambda t: list(MEETING_COLORS).index(t) if t in MEETING_COLORS else 99)
    traces = []
    for i, mtype in enumerate(types):
        xs, ys, mid_x, mid_y, hover, keys = [], [], [], [], [], []
        for (t, a, b), reports in sorted(grouped.items()):
            if t != mtype:
                continue
            cx, cy = _curve(pos[a], pos[b], 0.12 + 0.08 * i)
            xs += cx + [None]
            ys += cy + [None]
            mid_x.append(cx[len(cx) // 2])
            mid_y.append(cy[len(cy) // 2])
            lines = [_esc(meeting_label(G, a, b, r)) for r in reports[:6]]
            hover.append("<br>".join(lines + ([f"… and {len(reports) - 6} more"] if len(reports) > 6 else [])))
            keys.append(f"m:{a}|{b}")
        color, name = MEETING_COLORS.get(mtype, "#333"), mtype.replace("_", " ")
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", legendgroup=f"m:{mtype}", name=name,
                                 line={"width": 2, "color": color, "dash": "dash"}))
        traces.append(go.Scatter(x=mid_x, y=mid_y, mode="markers", legendgroup=f"m:{mtype}", showlegend=False,
                                 marker={"size": 8, "color": color, "symbol": "diamond", "opacity": 0.9},
                                 name=name, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                                 customdata=keys))
    return traces


def _span(values: list[float], below: float, above: float) -> list[float]:
    """Axis range around the nodes, with room for the labels above them."""
    lo, hi = min(values, default=-1), max(values, default=1)
    if hi - lo < 1.0:                # a flat row of nodes: keep room for the bent meeting lines
        lo, hi = (lo + hi) / 2 - 0.5, (lo + hi) / 2 + 0.5
    return [lo - below * (hi - lo), hi + above * (hi - lo)]


def empty_figure(message: str) -> go.Figure:
    """A blank chart that says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=_esc(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 16, "color": "#555"})
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=360, plot_bgcolor="white",
                      margin={"l": 10, "r": 10, "t": 30, "b": 10})
    return fig


def make_network_figure(G: nx.Graph, pos: Mapping[str, tuple[float, float]], meeting_edges: list | None = None,
                        size_by: str = "mentions", color_by: str = "country", show_meetings: bool = True,
                        title: str | None = None, seed: int = 42,
                        empty_message: str = "No actors to draw with these settings.") -> go.Figure:
    """The network chart: co-mention edges by weight, nodes by size and colour, meetings as a dashed layer."""
    if len(G) == 0:
        return empty_figure(empty_message)
    traces = _edge_traces(G, pos)
    if show_meetings and meeting_edges:
        traces += _meeting_traces(G, pos, meeting_edges)
    traces += _node_traces(G, pos, size_by, color_by, seed)
    fig = go.Figure(traces)
    legend_title = "Community" if color_by == "community" else "Country"
    fig.update_layout(
        title=_esc(title) if title else None, height=min(760, 420 + 25 * len(G)), hovermode="closest",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10}, clickmode="event+select",
        xaxis={"visible": False, "range": _span([p[0] for p in pos.values()], 0.12, 0.12)},
        yaxis={"visible": False, "range": _span([p[1] for p in pos.values()], 0.08, 0.14)},
        legend={"title": {"text": f"{legend_title} · size = {'links' if size_by == 'degree' else 'mentions'} "},
                "orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "itemsizing": "constant",
                "groupclick": "togglegroup", "font": {"size": 12}},
        hoverlabel={"bgcolor": "white", "font": {"size": 13}})
    return fig
