"""Who is named with whom: the co-occurrence graph, the meeting layer, metrics, files.

Two entities are linked when they are named in the same window unit (a sentence, a
paragraph or an article); an edge's weight is the number of such units and its evidence
the sentences that show it. Meetings and phone calls are a separate layer (meeting_edges)
drawn over it. The graph is built with pandas joins on window units, never a Python loop
over mention pairs, so a 10k-article corpus stays fast. newsgraph.present.netfigure draws it the
same way for the page, the CLI export and the tests (newsgraph/present/netfigure.py).

Isolated nodes: with min_weight 1 every linked entity named in the kept articles is a
node, even one never named with another (a lone actor is still an actor of those
articles). With min_weight > 1 the analyst asked for strong ties, so nodes left without
an edge are dropped, except those in `keep` (meeting participants and the actors the
analyst filtered on), which stay so the meeting layer and the chosen actors never vanish.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

WINDOWS = ("sentence", "paragraph", "article")
EVIDENCE_PER_UNIT = 3          # sentences kept as evidence per paragraph/article unit
EVIDENCE_PER_EDGE = 100        # evidence kept per edge (weight and article counts stay exact)
MAX_NODES = 150                # nodes drawn; the graph files keep them all
MAX_LINKS = 600                # co-mention links drawn among them (the strongest); the files keep them all
MAX_MEETING_PAIRS = 100        # pairs whose meetings are drawn among them (the most reported)
EXACT_BETWEENNESS = 150        # above this many nodes betweenness is estimated from sampled sources
BETWEENNESS_SAMPLES = 8        # sources sampled (seeded) on bigger graphs


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
        G.add_node(row.pop("entity_id"), **{k: v for k, v in row.items() if present(v)})
    edges = _edge_table(um, window, ents, arts)
    for row in edges[edges["weight"] >= min_weight].sort_values(["a", "b"]).to_dict("records"):
        G.add_edge(row["a"], row["b"], weight=int(row["weight"]), articles=int(row["articles"]),
                   evidence=[(str(a), int(s)) for a, s in row["evidence"]])
    if min_weight > 1:
        keep = set(keep)
        G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0 and n not in keep])
    return G


def present(value) -> bool:
    """A value that is there: not None, not NaN."""
    return value is not None and not (isinstance(value, float) and value != value)


_REPORT_COLUMNS = ("type", "status", "date", "meeting_id", "article_id", "location")
MEETING_EDGE_COLUMNS = ["a", "b", *_REPORT_COLUMNS, "sent_idx"]          # a row per pair and report


def meeting_edges(meetings: pd.DataFrame | None) -> pd.DataFrame:
    """Meetings and calls as edges: one row per participant pair (a < b) and meeting, in table
    order, with the report's type, status, date, meeting_id, article_id, location (missing: None)
    and sent_idx. Columns, not a dict per report: a 100k-article corpus has 100,000s of them."""
    return _edge_frame(meetings, meeting_pairs(meetings))


def _edge_frame(meetings: pd.DataFrame | None, pairs: pd.DataFrame) -> pd.DataFrame:
    """Meeting edges of participant pairs (a, b, row: position of the report in `meetings`)."""
    at = pairs["row"].to_numpy(dtype=np.int64)
    out = {"a": pairs["a"].to_numpy(dtype=object), "b": pairs["b"].to_numpy(dtype=object)}
    for c in _REPORT_COLUMNS:                       # missing (NaN or None) → None
        column = (meetings[c].to_numpy(dtype=object)[at] if meetings is not None and c in meetings.columns
                  else np.full(len(at), None, dtype=object))
        column[pd.isna(column)] = None
        out[c] = column
    out["sent_idx"] = meetings["sent_idx"].to_numpy()[at].astype("int64") if len(at) else np.zeros(0, dtype=np.int64)
    return pd.DataFrame({c: pd.Series(v, dtype="int64" if c == "sent_idx" else object) for c, v in out.items()},
                        columns=MEETING_EDGE_COLUMNS)


METRIC_COLUMNS = ["entity_id", "name", "label", "mentions", "degree", "weighted_degree", "betweenness"]


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Metrics rows, strongest first (weighted degree, then mentions, then id)."""
    return frame.sort_values(["weighted_degree", "mentions", "entity_id"], ascending=[False, False, True],
                             ignore_index=True)


def graph_metrics(G: nx.Graph) -> pd.DataFrame:
    """Per node: entity_id, name, label, mentions, degree, weighted_degree, betweenness."""
    if len(G) == 0:
        return pd.DataFrame(columns=METRIC_COLUMNS)
    # strong ties are short paths: distance = 1 / weight; sampled on big graphs (seeded)
    k = None if len(G) <= EXACT_BETWEENNESS else BETWEENNESS_SAMPLES
    between = _betweenness(G, k, seed=7)
    rows = [(n, d.get("name", n), d.get("label"), d.get("mention_count", 0), G.degree(n),
             G.degree(n, weight="weight"), round(between[n], 4)) for n, d in G.nodes(data=True)]
    return _ranked(pd.DataFrame(rows, columns=METRIC_COLUMNS))


def frame_metrics(nodes: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    """graph_metrics of _graph_of(nodes, links) without making the graph: nodes sorted by id, links
    (a < b) sorted by a, b, as graph_frames gives them (tests/test_views.py compares the two)."""
    if len(nodes) == 0:
        return pd.DataFrame(columns=METRIC_COLUMNS)
    ids = nodes["entity_id"].to_numpy(dtype=object)
    n = len(ids)
    a, b = (_places(links[end], ids) for end in ("a", "b"))
    w = links["weight"].to_numpy(dtype=np.int64)
    degree = np.bincount(a, minlength=n) + np.bincount(b, minlength=n)
    weighted = np.bincount(np.concatenate([a, b]), weights=np.concatenate([w, w]), minlength=n).round().astype(np.int64)
    # each node's neighbours in id order, as the graph's adjacency holds them (its links were added in a, b order)
    src, dst = np.concatenate([a, b]), np.concatenate([b, a])
    order = np.argsort(src * n + dst)        # by src, then dst (one link per pair: distinct keys; 3× lexsort)
    cost = (1.0 / np.concatenate([w, w]).astype(np.float64))[order]
    k = None if n <= EXACT_BETWEENNESS else BETWEENNESS_SAMPLES
    between = _brandes(list(ids), src[order], dst[order], cost, k, seed=7)
    labels = [v if present(v) else None for v in nodes["label"].tolist()] if "label" in nodes else [None] * n
    frame = pd.DataFrame({"entity_id": list(ids), "name": nodes["name"].tolist(), "label": labels,
                          "mentions": nodes["mention_count"].to_numpy(dtype=np.int64), "degree": degree.astype(np.int64),
                          "weighted_degree": weighted, "betweenness": [round(between[x], 4) for x in ids]},
                         columns=METRIC_COLUMNS)
    return _ranked(frame)


def _places(column: pd.Series, ids: np.ndarray) -> np.ndarray:
    """Each value's place in `ids` (-1: not there); a categorical column is looked up by its categories."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        places = pd.Index(ids, dtype=object).get_indexer(column.cat.categories.to_numpy(dtype=object))
        codes = column.cat.codes.to_numpy()
        return np.where(codes >= 0, np.take(places, codes), -1).astype(np.int64)
    return pd.Index(ids, dtype=object).get_indexer(column.to_numpy(dtype=object)).astype(np.int64)


def _betweenness(G: nx.Graph, k: int | None, seed: int) -> dict:
    """nx.betweenness_centrality(G, k=k, seed=seed, weight=1/weight), normalised, without endpoints:
    the same sources (seeded sample), Brandes on integer link arrays (_brandes), nx's rescaling."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    links = [(i, index[m], 1.0 / d.get("weight", 1)) for i, n in enumerate(nodes) for m, d in G._adj[n].items()]
    src, dst, cost = (np.array([link[j] for link in links], dtype=np.float64 if j == 2 else np.int64) for j in range(3))
    return _brandes(nodes, src, dst, cost, k, seed)


def _brandes(nodes: list, src: np.ndarray, dst: np.ndarray, cost: np.ndarray, k: int | None, seed: int) -> dict:
    """_betweenness of the graph given as its nodes and its links both ways (src → dst, cost > 0), grouped
    by src in the order the graph's adjacency holds them.

    Brandes from each source, in two steps: scipy's Dijkstra (C) gives the distances from every source at
    once; Brandes' own loop then walks only the links on a shortest path (d[src] + cost == d[dst]: a few
    hundred, against every link of a dense co-mention graph: 40k at 10k articles, topic Karabağ). Over those
    links the loop pushes, ties and settles exactly as over all of them (a link off every shortest path can
    neither set nor tie a final distance; the heap orders the rest by the same distance and turn), so the
    scores are the plain loop's to the bit: 29 -> 11 ms. tests/test_network_fast.py keeps the plain loop
    over every link and compares the two on graphs with many ties."""
    import random
    from heapq import heappop, heappush
    from networkx.algorithms.centrality.betweenness import _rescale
    from scipy.sparse import csr_matrix      # ~135 ms the first time: the Network page imports it with its model
    from scipy.sparse.csgraph import dijkstra
    n = len(nodes)
    if k is not None and k >= n:
        k = None
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)
    index = {node: i for i, node in enumerate(nodes)}
    starts = [index[x] for x in sources]
    inf = float("inf")
    far = dijkstra(csr_matrix((cost, (src, dst)), shape=(n, n)), directed=True, indices=starts) if len(src) \
        else np.full((len(starts), n), inf)
    score = [0.0] * n
    for s, dist in zip(starts, np.atleast_2d(far)):
        tail = dist[src]
        on = np.flatnonzero((tail + cost == dist[dst]) & (tail < inf))      # the links on a shortest path from s
        heads, costs = dst[on].tolist(), cost[on].tolist()
        bounds = np.searchsorted(src[on], np.arange(n + 1)).tolist()         # node i's links: bounds[i]:bounds[i + 1]
        # every cost is > 0, so a node already settled can neither improve nor tie: no settled check
        order, preds, sigma, seen, done = [], [[] for _ in range(n)], [0.0] * n, [inf] * n, [False] * n
        sigma[s], seen[s] = 1.0, 0.0
        queue, count = [(0.0, 0, s, s)], 1
        while queue:
            d, _, pred, v = heappop(queue)
            if done[v]:
                continue
            done[v] = True
            if pred != v:
                sigma[v] += sigma[pred]
            order.append(v)
            i, j = bounds[v], bounds[v + 1]
            for w, c in zip(heads[i:j], costs[i:j]):
                vw = d + c
                sw = seen[w]
                if vw < sw:
                    seen[w] = vw
                    heappush(queue, (vw, count, v, w))
                    count += 1
                    sigma[w] = 0.0
                    preds[w] = [v]
                elif vw == sw:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            coeff = (1.0 + delta[w]) / sigma[w]
            for v in preds[w]:
                delta[v] += sigma[v] * coeff
            if w != s:
                score[w] += delta[w]
    return _rescale(dict(zip(nodes, score)), len(nodes), normalized=True, directed=False, endpoints=False,
                    sampled_nodes=None if k is None else sources)


def communities(G: nx.Graph, seed: int = 42) -> dict[str, int]:
    """Louvain communities (weighted, seeded): node → 1-based community, biggest first."""
    if len(G) == 0:
        return {}
    groups = nx.community.louvain_communities(G, weight="weight", seed=seed)
    groups = sorted(groups, key=lambda g: (-len(g), min(g)))
    return {n: i for i, g in enumerate(groups, 1) for n in g}


def layout(G: nx.Graph, seed: int = 42) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]², the same for the same graph (seeded spring layout per component)."""
    nodes = list(G)
    place = {n: i for i, n in enumerate(nodes)}
    links = [(place[a], place[b], d.get("weight", 1)) for a, nbrs in G._adj.items() for b, d in nbrs.items() if a < b]
    a, b, w = (np.array([link[i] for link in links], dtype=float if i == 2 else np.int64) for i in range(3))
    return layout_links(nodes, a, b, w, seed)


def layout_links(nodes: list, a: np.ndarray, b: np.ndarray, weight: np.ndarray,
                 seed: int = 42) -> dict[str, tuple[float, float]]:
    """layout of the graph of these nodes and links (a, b: places in `nodes`; weight; each link once),
    without making the graph.

    Each connected component is laid out on its own and packed in rows, biggest first;
    lone nodes go in a row below, so they do not push the main cluster into a corner.
    """
    comps = sorted((sorted(c, key=nodes.__getitem__) for c in _components(len(nodes), a, b)),
                   key=lambda c: (-len(c), nodes[c[0]]))                # node places, each component by id
    groups = [c for c in comps if len(c) > 1]
    lone = [nodes[c[0]] for c in comps if len(c) == 1]
    group_of, place = np.zeros(len(nodes), dtype=np.int64), np.zeros(len(nodes), dtype=np.int64)
    for g, comp in enumerate(groups):
        group_of[comp], place[comp] = g, np.arange(len(comp))
    width = 1.6 * len(groups[0]) ** 0.5 if groups else 2.0
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for g, comp in enumerate(groups):
        size = len(comp) ** 0.5
        if x > 0 and x + size > width:
            x, y, row_h = 0.0, y - row_h - 0.4, 0.0
        mine = group_of[a] == g
        part = _part_layout([nodes[i] for i in comp], place[a[mine]], place[b[mine]], weight[mine], seed)
        for n, (px, py) in part.items():
            pos[n] = (x + (px + 1) / 2 * size, y - (1 - py) / 2 * size)
        x, row_h = x + size + 0.4, max(row_h, size)
    step = max(width, 1.0) / max(min(len(lone), 8), 1)
    top = y - row_h - (0.5 if groups else 0.0)
    for i, n in enumerate(lone):     # a grid of up to 8 per row
        pos[n] = (step * (i % 8), top - 0.45 * (i // 8))
    return _normalise(pos)


def _components(n: int, a: np.ndarray, b: np.ndarray) -> list[list[int]]:
    """The connected components of the graph of nodes 0..n-1 and links a[i]–b[i]: each node takes the
    least label at either end of its links, then its label's label (pointer jumping), until no label
    changes; a few array steps, not a Python union-find over every link (1.7 -> 0.2 ms for the 150
    nodes and 7k links of 10k Karabağ). tests/test_network_fast.py compares it with networkx's."""
    label = np.arange(n)
    while True:
        low = np.minimum(label[a], label[b])
        new = label.copy()
        np.minimum.at(new, a, low)
        np.minimum.at(new, b, low)
        new = new[new]                      # a label is a node of the same component, with a label <= its own
        if (new == label).all():
            break
        label = new
    order = np.argsort(label, kind="stable")
    return [c.tolist() for c in np.split(order, np.flatnonzero(np.diff(label[order])) + 1)] if n else []


def _part_layout(nodes: list, a: np.ndarray, b: np.ndarray, weight: np.ndarray,
                 seed: int) -> dict[str, tuple[float, float]]:
    """A connected component's nodes (sorted) and links (a, b: places in `nodes`; weight) in [-1, 1]²."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    # damped weights: one heavy pair should not collapse onto itself and hide its labels
    # (math.log of each distinct weight: np.log may differ from it in the last bit)
    distinct, which = np.unique(weight, return_inverse=True)
    damped = np.array([1 + math.log(w) for w in distinct.tolist()], dtype=float)[which]
    # k above the default spreads a handful of actors so their labels do not collide
    # fewer iterations on a big component: it settles sooner than its labels would show
    steps = 300 if len(nodes) <= 60 else 150
    pos = _spring(nodes, a, b, damped, k=3.0 / len(nodes) ** 0.5, iterations=steps, seed=seed)
    return _normalise(_lie_flat(_spread(pos)))


def _spring(nodes: list, a: np.ndarray, b: np.ndarray, weight: np.ndarray, k: float, iterations: int, seed: int,
            threshold: float = 1e-4) -> dict:
    """nx.spring_layout(H, k=k, iterations=iterations, seed=seed, weight="weight", method="force") of
    the graph H of these nodes (in this order) and weighted links (a, b: places in `nodes`): the same
    Fruchterman-Reingold steps from the same seeded start, on x and y arrays (no n×n×2 temporaries, a
    few times faster; the float sums run in another order, so the picture is not nx's to the last
    bit), rescaled the same way. The n×n steps write into four arrays made once (15% faster than new
    temporaries at 150 nodes); tests/test_network_fast.py compares it with the plain expressions bit
    for bit."""
    n = len(nodes)
    A = np.zeros((n, n))
    A[a, b] = weight
    A[b, a] = weight
    xy = np.random.RandomState(seed).rand(n, 2)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    t = max(x.max() - x.min(), y.max() - y.min()) * 0.1
    dt = t / (iterations + 1)
    kk, ak = k * k, A / k
    dx, dy, dist, force = (np.empty((n, n)) for _ in range(4))      # the n×n steps below write into these
    for _ in range(iterations):
        np.subtract(x[:, None], x[None, :], out=dx)
        np.subtract(y[:, None], y[None, :], out=dy)
        np.multiply(dx, dx, out=dist)                  # dist = sqrt(dx * dx + dy * dy), at least 0.01
        np.multiply(dy, dy, out=force)
        dist += force
        np.sqrt(dist, out=dist)
        np.maximum(dist, 0.01, out=dist)               # np.clip(dist, 0.01, None), without its Python wrapper
        np.multiply(dist, dist, out=force)             # force = kk / (dist * dist) - ak * dist
        np.divide(kk, force, out=force)
        np.multiply(ak, dist, out=dist)
        force -= dist
        fx, fy = np.einsum("ij,ij->i", dx, force), np.einsum("ij,ij->i", dy, force)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 0.01)
        step_x, step_y = fx * (t / length), fy * (t / length)
        x += step_x
        y += step_y
        t -= dt
        if np.sqrt((step_x * step_x).sum() + (step_y * step_y).sum()) / n < threshold:
            break
    x, y = x - x.mean(), y - y.mean()
    lim = max(np.abs(x).max(), np.abs(y).max())
    if lim > 0:
        x, y = x / lim, y / lim
    return {node: (float(a), float(b)) for node, a, b in zip(nodes, x, y)}


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
    return _induced(G, {n for n, _ in ranked[:limit]})


def _induced(G: nx.Graph, chosen: set) -> nx.Graph:
    """G.subgraph(chosen).copy() (same order, copied attributes), without the slow subgraph views."""
    H = nx.Graph(**G.graph)
    H.add_nodes_from((n, dict(d)) for n, d in G._node.items() if n in chosen)
    H.add_edges_from((u, v, dict(d)) for u in H for v, d in G._adj[u].items() if v in chosen)
    return H


def strongest_links(G: nx.Graph, limit: int = MAX_LINKS) -> nx.Graph:
    """G without its weakest links beyond `limit` (ties by ids), for drawing; nodes all stay."""
    if G.number_of_edges() <= limit:
        return G
    ranked = sorted(G.edges(data="weight", default=1), key=lambda e: (-e[2], e[0], e[1]))
    dropped = {(a, b) for a, b, _ in ranked[limit:]}
    dropped |= {(b, a) for a, b in dropped}
    H = nx.Graph(**G.graph)                       # G.copy() without the dropped links, in G's order
    H.add_nodes_from((n, dict(d)) for n, d in G._node.items())
    H.add_edges_from((u, v, dict(d)) for u, nbrs in G._adj.items() for v, d in nbrs.items() if (u, v) not in dropped)
    return H


@dataclass
class Network:
    """A graph as the dashboard shows it: the full graph, the drawn part and its layout. The page's
    network (network_from_views) keeps the full graph as its frames (`frames`: nodes, links, window,
    min_weight, labels) and makes the nx.Graph when first asked for (a pick, a download): the chart
    and the metrics need only the frames and the drawn part."""

    whole: nx.Graph | None
    drawn: nx.Graph
    pos: dict[str, tuple[float, float]]
    meetings: pd.DataFrame = field(default_factory=lambda: meeting_edges(None))   # meeting_edges among the drawn
    metrics: pd.DataFrame = field(default_factory=pd.DataFrame)
    hidden_meeting_pairs: int = 0          # pairs among the drawn nodes whose contacts are not drawn
    frames: tuple | None = None            # (nodes, links, window, min_weight, labels) of the full graph
    links_among_drawn: int | None = None   # links of the full graph among the drawn nodes (from the frames)

    @property
    def graph(self) -> nx.Graph:
        """The full graph (made from `frames` the first time, then kept)."""
        if self.whole is None:
            self.whole = _graph_of(*self.frames)
        return self.whole

    @property
    def order(self) -> int:
        """Nodes of the full graph (without making it)."""
        return len(self.frames[0]) if self.whole is None else len(self.whole)

    @property
    def hidden(self) -> int:
        """Nodes left out of the drawing (beyond MAX_NODES)."""
        return self.order - len(self.drawn)

    @property
    def hidden_links(self) -> int:
        """Links among the drawn nodes left out of the drawing (beyond MAX_LINKS)."""
        if self.links_among_drawn is not None:
            return self.links_among_drawn - self.drawn.number_of_edges()
        inside, adj = set(self.drawn), self.graph._adj      # G.subgraph(drawn).number_of_edges(), without the view
        return sum(len(inside.intersection(adj[u])) for u in inside) // 2 - self.drawn.number_of_edges()


def network_metrics(net: Network) -> pd.DataFrame:
    """graph_metrics of the network's full graph, from its frames when it has them."""
    return graph_metrics(net.whole) if net.frames is None else frame_metrics(*net.frames[:2])


def build_network(tables: Mapping[str, pd.DataFrame], window: str = "sentence", min_weight: int = 1,
                  labels: Iterable[str] = ("PER",), keep: Iterable[str] = (), max_nodes: int = MAX_NODES) -> Network:
    """Graph, drawn subgraph, layout, meeting layer and metrics from (filtered) tables: what the page caches."""
    medges = meeting_edges(tables.get("meetings"))
    keep = set(keep) | set(medges["a"]) | set(medges["b"])
    G = build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"],
                                 window, min_weight, labels, keep)
    top = top_nodes(G, max_nodes)
    drawn = strongest_links(top)                 # laid out with all its links, drawn with the strongest
    among = medges[medges["a"].isin(list(drawn)).to_numpy() & medges["b"].isin(list(drawn)).to_numpy()]
    return Network(G, drawn, layout(top), among.reset_index(drop=True), graph_metrics(G))


# ---- the dashboard's network, from the build's views ---------------------------------------
# The page never holds the mentions or sentences tables: nodes come from the article_entities
# view, sentence links from sentence_pairs, paragraph and article links from entity_sentences
# (newsgraph/views/stored.py), all cut to the kept articles. Edges carry weight and articles; their
# supporting sentences are read when asked for (the page's evidence and graph files).

def _kept(view: pd.DataFrame, article_ids, column: str = "article_id") -> np.ndarray:
    """Boolean mask of a view's rows whose (categorical) article is kept; None keeps every row."""
    if article_ids is None:
        return np.ones(len(view), dtype=bool)
    col = view[column]
    # each category looked up in a set of the ids, not isin (it hashes both): 3.5 -> 2.8 ms on sentence_pairs at 10k
    wanted = article_ids if isinstance(article_ids, (set, frozenset)) else set(article_ids)
    categories = col.cat.categories.to_numpy(dtype=object)
    keep = np.fromiter(map(wanted.__contains__, categories), dtype=bool, count=len(categories))
    codes = col.array.codes
    return np.take(keep, codes) & (codes >= 0)         # np.take: twice as fast as keep[codes] here


def _of_labels(col: pd.Series, labels: Iterable[str]) -> np.ndarray:
    """Boolean mask of the rows whose (categorical) label is one of `labels`: the codes compared with
    each wanted one (a label column has a handful of categories), not a look-up per row (one label on
    sentence_pairs' 605k rows at 10k: 0.9-1.3 -> 0.5 ms CPU)."""
    codes = col.array.codes
    mask = np.zeros(len(codes), dtype=bool)
    for code in np.flatnonzero(col.cat.categories.isin(list(labels))):
        mask |= codes == code
    return mask


def node_sentences(entity_sentences: pd.DataFrame, article_ids, entity_id: str) -> pd.DataFrame:
    """The sentences of the kept articles (None: all) naming an entity: article_id, sent_idx, entity_id
    (from the entity_sentences view)."""
    units = entity_sentences
    rows = units[_kept(units, article_ids) & (units["entity_id"] == entity_id).to_numpy()]
    hits = rows[["article_id", "sent_idx"]].astype({"article_id": object}).drop_duplicates()
    return hits.assign(entity_id=entity_id)


def articles_naming_both(article_entities: pd.DataFrame, article_ids, a: str, b: str, labels: Iterable[str],
                         limit: int = EVIDENCE_PER_EDGE) -> list[str]:
    """The first `limit` kept articles (None: all; sorted ids) naming both entities under the labels
    (from the article_entities view)."""
    ae = article_entities
    rows = ae[_kept(ae, article_ids) & ae["entity_id"].isin([a, b]).to_numpy() & _of_labels(ae["label"], labels)]
    per = rows.groupby(rows["article_id"].astype(object))["entity_id"].nunique()
    return sorted(per.index[per == 2])[:limit]


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) of integers by sorting (numpy 2's hash-based unique is many times slower here)."""
    x = np.sort(values)
    return x[np.concatenate(([True], x[1:] != x[:-1]))] if len(x) else x


def _group_edges(a: np.ndarray, b: np.ndarray, art: np.ndarray, weight: np.ndarray,
                 names: np.ndarray | None = None) -> pd.DataFrame:
    """a, b (entity ids, a < b), weight (sum) and articles (distinct) per pair, sorted by a, b; a and
    b are codes into `names` when given, else ids. a and b come out categorical, on the sorted ids
    (sorting, isin and recoding them downstream is then integer work, not string work)."""
    if len(a) == 0:
        return pd.DataFrame({"a": pd.Series(dtype=object), "b": pd.Series(dtype=object),
                             "weight": pd.Series(dtype="int64"), "articles": pd.Series(dtype="int64")})
    if names is None:
        codes, names = pd.factorize(np.concatenate([a, b]), sort=True)
        a, b, names = codes[:len(a)], codes[len(a):], np.asarray(names, dtype=object)
    ids = pd.Index(names, dtype=object)
    if not ids.is_monotonic_increasing:              # the views' categories are sorted; this keeps the promise if not
        order = np.argsort(names, kind="stable")
        place = np.empty(len(order), dtype="int64")
        place[order] = np.arange(len(order))
        a, b, ids = place[a], place[b], ids[order]
    E = len(names) + 1
    key = a.astype("int64") * E + b
    order = np.argsort(key)          # np.unique(key, return_inverse=True), by one sort (ties in any order:
    ranked = key[order]              # they get the same place in `pair`; 4× faster than a stable sort)
    first = np.concatenate(([True], ranked[1:] != ranked[:-1]))
    pair = ranked[first]
    inverse = np.empty(len(key), dtype="int64")
    inverse[order] = np.cumsum(first) - 1
    w = np.bincount(inverse, weights=weight, minlength=len(pair)).astype("int64")
    A = int(art.max()) + 1
    distinct = _distinct(inverse.astype("int64") * A + art)
    arts = np.bincount(distinct // A, minlength=len(pair)).astype("int64")
    return pd.DataFrame({"a": pd.Categorical.from_codes(pair // E, dtype=pd.CategoricalDtype(ids)),
                         "b": pd.Categorical.from_codes(pair % E, dtype=pd.CategoricalDtype(ids)),
                         "weight": w, "articles": arts})


def view_edges(pairs: pd.DataFrame, units: pd.DataFrame, article_ids, window: str,
               labels: Iterable[str]) -> pd.DataFrame:
    """Co-occurrence edges of the kept articles: a, b (categorical ids), weight (window units), articles;
    sorted by a, b."""
    if window not in WINDOWS:
        raise ValueError(f"unknown window {window!r}; use one of {', '.join(WINDOWS)}")
    labels = list(labels)
    if window == "sentence":
        rows = np.flatnonzero(_kept(pairs, article_ids) & _of_labels(pairs["label_a"], labels) &
                              _of_labels(pairs["label_b"], labels))
        names = np.asarray(pairs["a"].cat.categories, dtype=object)      # a and b share their categories
        a, b, art = (np.take(pairs[c].array.codes, rows) for c in ("a", "b", "article_id"))
        return _group_edges(a, b, art.astype("int64"), np.take(pairs["weight"].to_numpy(), rows), names)
    rows = units[_kept(units, article_ids) & _of_labels(units["label"], labels)]
    art = rows["article_id"].cat.codes.to_numpy().astype("int64")
    ent, ents = pd.factorize(rows["entity_id"].to_numpy(dtype=object), sort=True)
    um = pd.DataFrame({"art": art, "e": ent, "par": rows["paragraph_idx"].to_numpy().astype("int64")})
    um["unit"] = um.groupby(["art", "par"] if window == "paragraph" else ["art"], sort=False).ngroup()
    p = _pairs(um, ["unit"])
    if p.empty:
        return _group_edges(np.array([], dtype=object), np.array([], dtype=object), np.array([], dtype="int64"),
                            np.array([], dtype="int64"))
    p = p.merge(um.drop_duplicates("unit")[["unit", "art"]], on="unit")
    return _group_edges(p["a"].to_numpy(), p["b"].to_numpy(), p["art"].to_numpy(), np.ones(len(p), dtype="int64"),
                        np.asarray(ents, dtype=object))


def view_nodes(article_entities: pd.DataFrame, entities: pd.DataFrame, article_ids,
               labels: Iterable[str]) -> pd.DataFrame:
    """One row per entity named in the kept articles under the labels: entity_id, mention_count,
    articles, name, label, title, country (as _node_table)."""
    ae = article_entities
    rows = np.flatnonzero(_kept(ae, article_ids) & _of_labels(ae["label"], labels))
    ent, art = (np.take(ae[c].array.codes, rows).astype("int64") for c in ("entity_id", "article_id"))
    names = np.asarray(ae["entity_id"].cat.categories, dtype=object)
    present = np.flatnonzero(np.bincount(ent, minlength=len(names)))
    mentions = np.bincount(ent, weights=np.take(ae["mentions"].to_numpy(), rows), minlength=len(names))[present]
    A = int(art.max(initial=0)) + 1
    articles = np.bincount(_distinct(ent * A + art) // A, minlength=len(names))[present]
    ids = names[present]
    nodes = {"entity_id": ids, "mention_count": mentions.astype("int64"), "articles": articles.astype("int64"),
             **_entity_info(entities, ids)}
    nodes["name"] = nodes["name"].where(nodes["name"].notna(), pd.Series(ids, dtype=object))
    return pd.DataFrame(nodes).sort_values("entity_id")


def _entity_info(entities: pd.DataFrame, ids: np.ndarray) -> dict[str, pd.Series]:
    """The name, label, title and country of each id (in that order; an id the entities lack: missing),
    by one look-up of the ids, not a set_index, reindex and join of the frames (view_nodes' frame at 10k,
    topic Karabağ: 5.0 -> 2.6 ms CPU)."""
    at = pd.Index(entities["entity_id"].to_numpy(dtype=object), dtype=object).get_indexer(ids)
    missing = at < 0
    out = {}
    for c in ("name", "label", "title", "country"):
        if c in entities.columns:
            values = entities[c].to_numpy(dtype=object)[at]
            values[missing] = np.nan
            out[c] = pd.Series(values, dtype=entities[c].dtype)
    return out


def graph_from_frames(nodes: pd.DataFrame, edges: pd.DataFrame, window: str, min_weight: int,
                      labels: Iterable[str], keep: Iterable[str] = ()) -> nx.Graph:
    """The co-occurrence graph (as build_cooccurrence_graph, without the evidence lists)."""
    return _graph_of(*graph_frames(nodes, edges, min_weight, keep), window, min_weight, labels)


def graph_frames(nodes: pd.DataFrame, edges: pd.DataFrame, min_weight: int,
                 keep: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The nodes (sorted by id) and links (weight >= min_weight, sorted by a, b) of graph_from_frames'
    graph: with min_weight > 1 a node left without a link goes, unless it is in `keep`."""
    strong = edges[edges["weight"] >= min_weight].sort_values(["a", "b"])
    if min_weight > 1:
        linked = set(strong["a"]) | set(strong["b"]) | set(keep)
        nodes = nodes[nodes["entity_id"].isin(linked).to_numpy()]
    return nodes, strong


def _graph_of(nodes: pd.DataFrame, edges: pd.DataFrame, window: str, min_weight: int,
              labels: Iterable[str]) -> nx.Graph:
    """An nx.Graph of node rows (in their order) and link rows (a, b, weight, articles; in their order)."""
    labels = tuple(sorted(labels))
    G = nx.Graph(window=window, min_weight=int(min_weight), labels=",".join(labels))
    cols = [c for c in nodes.columns if c != "entity_id"]
    values = [nodes[c].tolist() for c in cols]          # Python scalars (tolist unboxes numpy's)
    G.add_nodes_from((eid, {k: v for k, v in zip(cols, row) if present(v)})
                     for eid, *row in zip(nodes["entity_id"].tolist(), *values))
    G.add_edges_from((a, b, {"weight": w, "articles": n}) for a, b, w, n in
                     zip(edges["a"].tolist(), edges["b"].tolist(), edges["weight"].astype("int64").tolist(),
                         edges["articles"].astype("int64").tolist()))
    return G


def drawn_frames(nodes: pd.DataFrame, strong: pd.DataFrame, limit: int = MAX_NODES,
                 links: int = MAX_LINKS) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """top_nodes and strongest_links on graph_frames' frames (nodes in id order), without the whole
    graph: the `limit` most mentioned nodes (ties by id; in id order), the links among them and the
    `links` strongest of those (ties by ids; in a, b order). tests/test_views.py compares them with the
    graph versions."""
    return _drawn_frames(nodes, strong, limit, links)[:3]


def _drawn_frames(nodes: pd.DataFrame, strong: pd.DataFrame, limit: int,
                  links: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, np.ndarray, np.ndarray]:
    """drawn_frames, and the places of the ends of its links among its nodes (a, b: as layout_links takes
    them). Ranked in places, not by sorting and isin on the frames: the nodes come in id order, so a
    node's place is its rank by id (tests/test_network_fast.py compares it with the plain version)."""
    cut = len(nodes) > limit
    if cut:
        top = np.lexsort((np.arange(len(nodes)), -nodes["mention_count"].to_numpy(dtype=np.int64)))[:limit]
        nodes = nodes[np.isin(np.arange(len(nodes)), top)]
    ids = nodes["entity_id"].to_numpy(dtype=object)
    a, b = _places(strong["a"], ids), _places(strong["b"], ids)
    if cut:                                                 # the links among the nodes left
        among = (a >= 0) & (b >= 0)
        strong, a, b = strong[among], a[among], b[among]
    drawn = strong
    if len(strong) > links:
        strongest = np.lexsort((b, a, -strong["weight"].to_numpy(dtype=np.int64)))[:links]
        drawn = strong[np.isin(np.arange(len(strong)), strongest)]
    return nodes, strong, drawn, a, b


def meeting_pairs(meetings: pd.DataFrame | None) -> pd.DataFrame:
    """a, b (a < b) and row (position in `meetings`) of every pair of people on different sides of a
    meeting: people of one delegation, or who travel together, are not in contact with each other."""
    if meetings is None or meetings.empty:
        return list_pairs(pa.array([], pa.string()), np.array([], dtype=np.int64))
    lists = meetings["sides"].tolist() if "sides" in meetings.columns else \
        [[[p] for p in x] if x is not None else None for x in meetings["participants"].tolist()]   # a table of before sides
    sides = pa.array([[list(s) for s in x] if x is not None else None for x in lists], pa.list_(pa.list_(pa.string())))
    return side_pairs(sides)


def side_pairs(sides: pa.Array) -> pd.DataFrame:
    """a, b (a < b) and row of every pair of people on different sides of a row of the meetings
    table's `sides` column (list of lists), ordered by row, a, b."""
    inner = pc.list_flatten(sides)                                  # one list per side
    side_row = pc.list_parent_indices(sides).to_numpy(zero_copy_only=False)
    flat = pc.list_flatten(inner)
    side = pc.list_parent_indices(inner).to_numpy(zero_copy_only=False)
    names, row, code, a, b = _pair_codes(flat, side_row[side])
    if len(a) == 0:
        return _named_pairs(names, row, code, a, b)
    # the side of each (row, person), its first one when named on two: looked up in integer keys
    valid = pc.is_valid(flat).to_numpy(zero_copy_only=False)
    E = len(names) + 1
    key = side_row[side][valid].astype(np.int64) * E + _ranks(flat, valid)[1]
    order = np.argsort(key, kind="stable")
    ranked = key[order]
    first = np.concatenate(([True], ranked[1:] != ranked[:-1]))
    keys, their_side = ranked[first], side[valid][order][first]
    side_a = their_side[np.searchsorted(keys, row[a] * E + code[a])]
    side_b = their_side[np.searchsorted(keys, row[a] * E + code[b])]
    apart = side_a != side_b
    return _named_pairs(names, row, code, a[apart], b[apart])


def list_pairs(flat: pa.Array, parents: np.ndarray) -> pd.DataFrame:
    """a, b (a < b) and row of every pair of distinct values within a row of a list column given as
    its flattened values and their rows (list_flatten / list_parent_indices: the dashboard's cached
    index of meetings.participants), ordered by row, a, b. In integer codes, not Python strings."""
    return _named_pairs(*_pair_codes(flat, parents))


def _ranks(flat: pa.Array, valid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct valid values, sorted, and each valid value's place among them."""
    encoded = pc.dictionary_encode(flat.filter(pa.array(valid)))
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    names = np.asarray(encoded.dictionary.take(order).to_pylist(), dtype=object)   # the values, sorted
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))                 # dictionary code → place in `names`
    return names, rank[encoded.indices.to_numpy(zero_copy_only=False)]


def _pair_codes(flat: pa.Array, parents: np.ndarray):
    """list_pairs in codes: the sorted values `names`, the distinct (row, code) sorted, and for each
    pair the places a and b of its two values in those."""
    valid = pc.is_valid(flat).to_numpy(zero_copy_only=False)
    names, codes = _ranks(flat, valid)
    E = len(names) + 1
    keys = _distinct(parents[valid].astype(np.int64) * E + codes)
    row, code = keys // E, keys % E                     # distinct (row, value), sorted
    end = np.searchsorted(row, row, side="right")       # one past the last value of each row
    partners = end - np.arange(len(row)) - 1            # the values after each one in its row
    a = np.repeat(np.arange(len(row)), partners)
    starts = np.concatenate(([0], np.cumsum(partners)[:-1])) if len(partners) else partners
    b = a + 1 + np.arange(len(a)) - np.repeat(starts, partners)
    return names, row, code, a, b


def _named_pairs(names: np.ndarray, row: np.ndarray, code: np.ndarray, a: np.ndarray, b: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"a": names[code[a]], "b": names[code[b]], "row": row[a]})


def drawn_meetings(meetings: pd.DataFrame | None, pairs: pd.DataFrame, drawn: Iterable[str],
                   limit: int = MAX_MEETING_PAIRS) -> pd.DataFrame:
    """meeting_edges among the drawn nodes, for the `limit` most reported pairs (ties by ids);
    `pairs` are meeting_pairs of `meetings` (rows are positions in it)."""
    return _drawn_meetings(meetings, pairs, drawn, limit)[0]


def _drawn_meetings(meetings: pd.DataFrame | None, pairs: pd.DataFrame, drawn: Iterable[str],
                    limit: int = MAX_MEETING_PAIRS) -> tuple[pd.DataFrame, int]:
    """drawn_meetings, and how many pairs among the drawn nodes have contacts (drawn or not)."""
    ids = pd.Index(sorted(set(drawn)), dtype=object)
    a, b = ids.get_indexer(pairs["a"]), ids.get_indexer(pairs["b"])          # places in ids; -1: not drawn
    among = np.flatnonzero((a >= 0) & (b >= 0))
    if len(among) == 0:
        return meeting_edges(None), 0
    key = a[among] * len(ids) + b[among]                  # the pair as one integer, in (a, b) order
    pair, which, reports = np.unique(key, return_inverse=True, return_counts=True)
    top = np.lexsort((pair, -reports))[:limit]            # the most reported pairs, ties by ids
    chosen = np.isin(which, top)
    rows, key = pairs["row"].to_numpy()[among][chosen], key[chosen]
    picked = among[chosen][np.lexsort((key, rows))]       # by row, then a, b
    return _edge_frame(meetings, pairs.iloc[picked]), len(pair)


def network_from_views(views: Mapping[str, pd.DataFrame], entities: pd.DataFrame, meetings: pd.DataFrame | None,
                       article_ids, window: str = "sentence", min_weight: int = 1, labels: Iterable[str] = ("PER",),
                       keep: Iterable[str] = (), max_nodes: int = MAX_NODES, metrics: bool = True,
                       mpairs: pd.DataFrame | None = None) -> Network:
    """build_network from the views (article_ids None = every article): the page's network. The
    meeting layer holds the contacts among the drawn nodes of the MAX_MEETING_PAIRS most reported
    pairs; metrics (betweenness takes the longest) may be left for later (metrics=False)."""
    labels = tuple(sorted(labels))
    mpairs = meeting_pairs(meetings) if mpairs is None else mpairs
    keep = set(keep) | (set(mpairs["a"]) | set(mpairs["b"]) if min_weight > 1 else set())
    nodes = view_nodes(views["article_entities"], entities, article_ids, labels)
    edges = view_edges(views["sentence_pairs"], views.get("entity_sentences"), article_ids, window, labels)
    nodes, strong = graph_frames(nodes, edges, min_weight, keep)
    top_n, top_e, drawn_e, a, b = _drawn_frames(nodes, strong, max_nodes, MAX_LINKS)   # top_nodes, strongest_links
    drawn = _graph_of(top_n, drawn_e, window, min_weight, labels)    # laid out with all its links (top_e)
    pos = layout_links(top_n["entity_id"].tolist(), a, b, top_e["weight"].to_numpy())
    medges, among = _drawn_meetings(meetings, mpairs, drawn)
    hidden = max(among - MAX_MEETING_PAIRS, 0)                      # pairs with contacts, not drawn
    frames = (nodes, strong, window, min_weight, labels)
    return Network(None, drawn, pos, medges, frame_metrics(nodes, strong) if metrics else pd.DataFrame(),
                   hidden, frames, len(top_e))


def edge_evidence(mentions: pd.DataFrame, sentences: pd.DataFrame, entities: pd.DataFrame, a: str, b: str,
                  window: str, labels: Iterable[str]) -> list[tuple[str, int]]:
    """The supporting sentences of link a–b in some articles' mentions (and sentences, for the
    paragraph window), as build_cooccurrence_graph gives them."""
    both = mentions[mentions["entity_id"].isin([a, b])]
    if both.empty:
        return []
    G = build_cooccurrence_graph(both, sentences, entities, window, 1, labels)
    return list(G.edges[a, b].get("evidence", ())) if G.has_edge(a, b) else []
