"""The Network page's fast paths (newsgraph/views/network.py) give what the plain versions they
replace give: each plain version is kept here as the reference and compared on the seed build and
on generated graphs and meeting pairs (lone nodes, several components, ties)."""
from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from newsgraph.views import network as nw


def _random_graph(seed: int, n: int = 40, m: int = 60) -> nx.Graph:
    rng = random.Random(seed)
    names = [f"e{rng.randrange(10_000):04d}" for _ in range(n)]
    G = nx.Graph()
    G.add_nodes_from(sorted(set(names)))
    for _ in range(m):
        a, b = sorted(rng.sample(list(G), 2))
        G.add_edge(a, b, weight=rng.randint(1, 9))
    return G


def _plain_layout(G: nx.Graph, seed: int = 42) -> dict:
    """layout as it was written on the graph: nx's components, each one's links read from G."""
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    groups = [c for c in comps if len(c) > 1]
    lone = [c[0] for c in comps if len(c) == 1]
    width = 1.6 * len(groups[0]) ** 0.5 if groups else 2.0
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for comp in groups:
        size = len(comp) ** 0.5
        if x > 0 and x + size > width:
            x, y, row_h = 0.0, y - row_h - 0.4, 0.0
        inside = set(comp)
        links = [(a, b, d.get("weight", 1)) for a in comp for b, d in G._adj[a].items() if b in inside and a < b]
        for n, (px, py) in _plain_part_layout(comp, links, seed).items():
            pos[n] = (x + (px + 1) / 2 * size, y - (1 - py) / 2 * size)
        x, row_h = x + size + 0.4, max(row_h, size)
    step = max(width, 1.0) / max(min(len(lone), 8), 1)
    top = y - row_h - (0.5 if groups else 0.0)
    for i, n in enumerate(lone):
        pos[n] = (step * (i % 8), top - 0.45 * (i // 8))
    return nw._normalise(pos)


def _plain_part_layout(nodes: list, links: list, seed: int) -> dict:
    """_part_layout as it was written: links as (a, b, weight) of ids, weights damped one by one."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    nodes = sorted(nodes)
    weighted = [(a, b, 1 + math.log(w)) for a, b, w in links]
    steps = 300 if len(nodes) <= 60 else 150
    pos = _plain_spring(nodes, weighted, k=3.0 / len(nodes) ** 0.5, iterations=steps, seed=seed)
    return nw._normalise(nw._lie_flat(nw._spread(pos)))


@pytest.mark.parametrize("seed", range(6))
def test_components_and_layout_are_those_of_the_graph(seed):
    G = _random_graph(seed, m=[0, 5, 20, 40, 60, 200][seed])
    nodes = list(G)
    links = [(nodes.index(a), nodes.index(b), d["weight"]) for a, b, d in G.edges(data=True)]
    a, b, w = ([link[i] for link in links] for i in range(3))
    got = [sorted(nodes[i] for i in c) for c in nw._components(len(nodes), np.array(a, dtype=np.int64),
                                                               np.array(b, dtype=np.int64))]
    assert sorted(got) == sorted(map(sorted, nx.connected_components(G)))
    want = _plain_layout(G)
    assert nw.layout(G) == want and list(nw.layout(G)) == list(want)
    back = slice(None, None, -1)                                          # the order of the links does not matter
    assert nw.layout_links(nodes, np.array(a, dtype=np.int64)[back], np.array(b, dtype=np.int64)[back],
                           np.array(w)[back]) == want


@pytest.mark.parametrize("seed", range(4))
def test_components_of_chains_and_cycles_in_any_order(seed):
    rng = np.random.default_rng(seed)
    path = rng.permutation(90)                      # a path through nodes in shuffled order (many label steps)
    a, b = path[:-1], path[1:]
    if seed % 2:                                    # and a cycle and some stray links among the other nodes
        ring, stray = np.arange(90, 120), rng.integers(120, 150, (2, 10))
        a, b = np.concatenate([a, ring, stray[0]]), np.concatenate([b, np.roll(ring, 1), stray[1]])
    G = nx.Graph()
    G.add_nodes_from(range(150))
    G.add_edges_from(zip(a.tolist(), b.tolist()))
    got = nw._components(150, a.astype(np.int64), b.astype(np.int64))
    assert sorted(map(sorted, got)) == sorted(map(sorted, nx.connected_components(G)))


def test_layout_of_the_seed_network_is_the_plain_one(tables):
    G = nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], "sentence", 1,
                                    ("LOC", "ORG", "PER"))
    assert len(G) > 20 and nx.number_connected_components(G) > 1
    assert nw.layout(G) == _plain_layout(G)


def _plain_drawn_meetings(meetings, pairs, drawn, limit=nw.MAX_MEETING_PAIRS):
    """_drawn_meetings in pandas on the ids: the pairs among the drawn, counted, the `limit` most reported."""
    drawn = set(drawn)
    among = pairs[pairs["a"].isin(drawn) & pairs["b"].isin(drawn)]
    if among.empty:
        return nw.meeting_edges(None), 0
    counts = among.groupby(["a", "b"]).size().reset_index(name="n").sort_values(["n", "a", "b"],
                                                                              ascending=[False, True, True])
    top = counts.head(limit)[["a", "b"]]
    return nw._edge_frame(meetings, among.merge(top, on=["a", "b"]).sort_values(["row", "a", "b"])), len(counts)


def _check_drawn_meetings(meetings, pairs, drawn, limit):
    got, among = nw._drawn_meetings(meetings, pairs, drawn, limit)
    want, among_want = _plain_drawn_meetings(meetings, pairs, drawn, limit)
    assert among == among_want
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True))
    assert among - len(got[["a", "b"]].drop_duplicates()) == max(among - limit, 0)     # the pairs not drawn


def test_drawn_meetings_are_the_plain_ones(tables):
    meetings = tables["meetings"]
    pairs = nw.meeting_pairs(meetings)
    people = sorted(set(pairs["a"]) | set(pairs["b"]))
    assert len(pairs) > 10
    for drawn in (people, people[::2], people[:3], [], ["nobody"]):
        for limit in (1, 2, 5, nw.MAX_MEETING_PAIRS):
            _check_drawn_meetings(meetings, pairs, drawn, limit)


@pytest.mark.parametrize("seed", range(4))
def test_drawn_meetings_break_ties_by_ids(seed):
    rng = random.Random(seed)
    people = [f"p{i:02d}" for i in range(12)]
    rows = [sorted(rng.sample(people, 2)) for _ in range(80)]
    meetings = pd.DataFrame({"meeting_id": [f"m{i}" for i in range(80)], "article_id": "a", "sent_idx": range(80),
                             "type": rng.choices(["meeting", "phone_call", None], k=80), "status": "held",
                             "date": None, "location": None, "participants": rows,
                             "sides": [[[a], [b]] for a, b in rows]})
    pairs = nw.meeting_pairs(meetings)
    for limit in (1, 3, 7, 100):
        _check_drawn_meetings(meetings, pairs, people[: 4 + 2 * seed], limit)


def _plain_spring(nodes, edges, k, iterations, seed, threshold=1e-4):
    """_spring with a new array for every n×n step (as it was written)."""
    n = len(nodes)
    index = {node: i for i, node in enumerate(nodes)}
    A = np.zeros((n, n))
    for a, b, w in edges:
        A[index[a], index[b]] = A[index[b], index[a]] = w
    xy = np.random.RandomState(seed).rand(n, 2)
    x, y = xy[:, 0].copy(), xy[:, 1].copy()
    t = max(x.max() - x.min(), y.max() - y.min()) * 0.1
    dt = t / (iterations + 1)
    kk, ak = k * k, A / k
    for _ in range(iterations):
        dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
        dist = np.sqrt(dx * dx + dy * dy)
        np.clip(dist, 0.01, None, out=dist)
        force = kk / (dist * dist) - ak * dist
        fx, fy = np.einsum("ij,ij->i", dx, force), np.einsum("ij,ij->i", dy, force)
        length = np.clip(np.sqrt(fx * fx + fy * fy), 0.01, None)
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


@pytest.mark.parametrize("seed", range(4))
def test_spring_is_the_plain_spring_bit_for_bit(seed):
    G = _random_graph(seed, n=[2, 12, 60, 150][seed], m=[1, 20, 150, 900][seed])
    G.remove_nodes_from([n for n in list(G) if G.degree(n) == 0])
    nodes = sorted(G)
    edges = [(a, b, 1 + math.log(d["weight"])) for a, b, d in G.edges(data=True)]
    a, b, w = (np.array(x) for x in zip(*[(nodes.index(a), nodes.index(b), w) for a, b, w in edges]))
    for steps in (1, 150, 300):
        k = 3.0 / len(nodes) ** 0.5
        assert nw._spring(nodes, a, b, w, k, steps, seed) == _plain_spring(nodes, edges, k, steps, seed)


def test_edges_come_out_categorical_and_sorted_whatever_the_order_of_the_names():
    names = np.array(["c", "a", "d", "b"], dtype=object)                 # not sorted: codes are remapped
    a, b = np.array([1, 1, 0, 3, 1]), np.array([0, 0, 2, 2, 3])          # (a, c) twice, (c, d), (b, d), (a, b)
    got = nw._group_edges(a, b, np.array([0, 1, 0, 0, 2]), np.array([1, 2, 1, 1, 1]), names)
    assert isinstance(got["a"].dtype, pd.CategoricalDtype) and list(got["a"].cat.categories) == ["a", "b", "c", "d"]
    assert list(zip(got["a"].astype(object), got["b"].astype(object), got["weight"], got["articles"])) == \
        [("a", "b", 1, 1), ("a", "c", 3, 2), ("b", "d", 1, 1), ("c", "d", 1, 1)]
    plain = nw._group_edges(names[a], names[b], np.array([0, 1, 0, 0, 2]), np.array([1, 2, 1, 1, 1]))
    pd.testing.assert_frame_equal(got, plain)


def test_metrics_of_categorical_links_are_those_of_string_links(tables):
    G = nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], "sentence", 1,
                                    ("LOC", "ORG", "PER"))
    nodes = pd.DataFrame({"entity_id": sorted(G), "name": sorted(G), "label": "PER", "mention_count": 1})
    links = pd.DataFrame([(a, b, d["weight"]) for a, b, d in G.edges(data=True)], columns=["a", "b", "weight"])
    links = links.sort_values(["a", "b"], ignore_index=True)
    wide = pd.CategoricalDtype(pd.Index(sorted(set(G) | {"zz-unused"}), dtype=object))   # a category no link names
    as_categories = links.astype({"a": wide, "b": wide})
    pd.testing.assert_frame_equal(nw.frame_metrics(nodes, as_categories), nw.frame_metrics(nodes, links))
    assert (nw._places(as_categories["a"], nodes["entity_id"].to_numpy()) ==
            nw._places(links["a"], nodes["entity_id"].to_numpy())).all()


def _random_article_entities(seed: int, n: int = 300) -> pd.DataFrame:
    """An article_entities view of random rows: categorical articles, entities and labels."""
    rng = np.random.default_rng(seed)
    articles = pd.Index([f"art{i:03d}" for i in range(40)], dtype=object)
    ents = pd.Index(sorted({f"e{i:03d}" for i in rng.integers(0, 60, 50)}), dtype=object)
    return pd.DataFrame({"article_id": pd.Categorical.from_codes(rng.integers(0, 40, n), categories=articles),
                         "entity_id": pd.Categorical.from_codes(rng.integers(0, len(ents), n), categories=ents),
                         "label": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=["LOC", "ORG", "PER"]),
                         "mentions": rng.integers(1, 5, n).astype("int32")})


def _plain_view_nodes(ae, entities, article_ids, labels):
    """view_nodes in pandas: isin masks, groupby counts, the entities' columns by set_index, reindex and
    join (as view_nodes was written)."""
    kept = np.ones(len(ae), dtype=bool) if article_ids is None else \
        ae["article_id"].astype(object).isin(list(article_ids)).to_numpy()
    rows = ae[kept & ae["label"].isin(list(labels)).to_numpy()]
    per = rows.groupby("entity_id", observed=True)
    counts = pd.DataFrame({"mention_count": per["mentions"].sum().astype("int64"),
                           "articles": per["article_id"].nunique().astype("int64")})
    counts.index = pd.Index(counts.index.astype(object), name="entity_id", dtype=object)
    info = entities.set_index("entity_id").reindex(counts.index)
    nodes = counts.join(info[[c for c in ("name", "label", "title", "country") if c in info.columns]])
    nodes["name"] = nodes["name"].where(nodes["name"].notna(), pd.Series(nodes.index, index=nodes.index))
    return nodes.reset_index().sort_values("entity_id")


@pytest.mark.parametrize("seed", range(4))
def test_view_nodes_are_the_plain_ones(seed):
    ae = _random_article_entities(seed)
    known = list(ae["entity_id"].cat.categories)[::2]                    # every other entity unknown
    entities = pd.DataFrame({"entity_id": known, "name": [None if i % 5 == 0 else f"N{e}" for i, e in enumerate(known)],
                             "label": "PER", "title": [None if i % 2 == 0 else "T" for i in range(len(known))]},
                            dtype=object)                                 # some names and titles missing
    articles = list(ae["article_id"].cat.categories)
    for ids in (None, set(articles[::3]), frozenset(articles[:5]), articles[1::2], set()):
        for labels in (("PER",), ("LOC", "PER"), ("LOC", "ORG", "PER"), ("XX",)):
            for table in (entities, entities.astype({"name": "str"}), entities.drop(columns=["title"])):
                got, want = nw.view_nodes(ae, table, ids, labels), _plain_view_nodes(ae, table, ids, labels)
                pd.testing.assert_frame_equal(got, want, check_index_type=True)
                assert list(got.dtypes) == list(want.dtypes)


@pytest.mark.parametrize("seed", range(4))
def test_row_masks_are_the_plain_ones(seed):
    ae = _random_article_entities(seed)
    articles = list(ae["article_id"].cat.categories)
    some_missing = ae.assign(article_id=ae["article_id"].where(np.arange(len(ae)) % 7 != 0),
                             label=ae["label"].where(np.arange(len(ae)) % 5 != 0))
    for view in (ae, some_missing):
        for ids in (set(articles[::3]), frozenset(articles[:5]), articles[1::2], tuple(articles[:9]), set()):
            want = view["article_id"].astype(object).isin(list(ids)).to_numpy() & view["article_id"].notna().to_numpy()
            assert (nw._kept(view, ids) == want).all()
        assert nw._kept(view, None).all()
        for labels in (("PER",), ("LOC", "PER"), ("LOC", "ORG", "PER"), ("XX",), ()):
            assert (nw._of_labels(view["label"], labels) == view["label"].isin(list(labels)).to_numpy()).all()


def _plain_drawn_frames(nodes, strong, limit, links):
    """drawn_frames as it was written: sorts of the frames and isin on the ids."""
    if len(nodes) > limit:
        ranked = nodes.sort_values(["mention_count", "entity_id"], ascending=[False, True]).head(limit)
        nodes = nodes[nodes["entity_id"].isin(set(ranked["entity_id"])).to_numpy()]
        chosen = set(nodes["entity_id"])
        strong = strong[strong["a"].isin(chosen).to_numpy() & strong["b"].isin(chosen).to_numpy()]
    drawn = strong
    if len(strong) > links:
        ranked = strong.sort_values(["weight", "a", "b"], ascending=[False, True, True]).head(links)
        drawn = strong[strong.index.isin(ranked.index)]
    return nodes, strong, drawn


@pytest.mark.parametrize("seed", range(4))
def test_drawn_frames_are_the_plain_ones(seed):
    G = _random_graph(seed, n=30, m=[0, 20, 60, 200][seed])
    rng = random.Random(seed)
    nodes = pd.DataFrame({"entity_id": list(G), "mention_count": [rng.randint(1, 4) for _ in G]})   # ties
    links = list(G.edges(data="weight"))
    a, b, w = (np.array([link[i] for link in links], dtype=object if i < 2 else "int64") for i in range(3))
    edges = nw._group_edges(a, b, np.zeros(len(links), dtype="int64"), w)
    strong = nw.graph_frames(nodes, edges, 1)[1]
    for frame in (strong, strong.astype({"a": object, "b": object})):        # categorical or plain ids
        for limit, most in ((5, 3), (12, 10_000), (10_000, 4), (10_000, 10_000), (30, 30)):
            got, want = nw._drawn_frames(nodes, frame, limit, most), _plain_drawn_frames(nodes, frame, limit, most)
            for got_frame, want_frame in zip(got, want):
                pd.testing.assert_frame_equal(got_frame, want_frame)
            ids = got[0]["entity_id"].to_numpy(dtype=object)
            assert (got[3] == nw._places(got[1]["a"], ids)).all() and (got[4] == nw._places(got[1]["b"], ids)).all()


def _plain_brandes(nodes: list, adj: list[tuple[list[int], list[float]]], k: int | None, seed: int) -> dict:
    """network._brandes as it was written: Dijkstra and Brandes' accumulation in one loop over every link
    (`adj`: each node's neighbours' places and costs, in the graph's adjacency order)."""
    from heapq import heappop, heappush
    from networkx.algorithms.centrality.betweenness import _rescale
    if k is not None and k >= len(nodes):
        k = None
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)
    index = {node: i for i, node in enumerate(nodes)}
    n, inf = len(nodes), float("inf")
    score = [0.0] * n
    for src in sources:
        s = index[src]
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
            for w, cost in zip(*adj[v]):
                vw = d + cost
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


def _tied_graph(seed: int) -> nx.Graph:
    """A graph whose shortest paths tie often (few distinct weights), its adjacency in shuffled order,
    with a component of its own and a lone node."""
    rng = random.Random(seed)
    n = 30 + 7 * seed
    G = nx.Graph()
    G.add_nodes_from(f"p{i:03d}" for i in rng.sample(range(n), n))
    for a, b in nx.gnm_random_graph(n - 6, 3 * n, seed=seed).edges():
        G.add_edge(f"p{a:03d}", f"p{b:03d}", weight=rng.choice([1, 1, 1, 2, 2, 3, 4]))
    G.add_edge(f"p{n - 5:03d}", f"p{n - 4:03d}", weight=2)
    G.add_edge(f"p{n - 4:03d}", f"p{n - 3:03d}", weight=2)
    return G


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [None, 8])
def test_brandes_is_the_plain_loop_bit_for_bit(seed, k):
    """Brandes on the shortest-path links from scipy's distances scores every node as the loop over every
    link does, to the bit: ties of distance and of path count included."""
    G = _tied_graph(seed)
    nodes = list(G)
    index = {x: i for i, x in enumerate(nodes)}
    adj = [([index[m] for m in G._adj[x]], [1.0 / d["weight"] for d in G._adj[x].values()]) for x in nodes]
    want = _plain_brandes(nodes, adj, k, seed=7)
    got = nw._betweenness(G, k, seed=7)
    assert got == want and sum(v > 0 for v in got.values()) > 10


def _plain_scores(G: nx.Graph, nodes: list, exact: int) -> dict:
    """The plain loop's betweenness of G, its nodes and each one's neighbours in the order of `nodes`."""
    index = {x: i for i, x in enumerate(nodes)}
    adj = []
    for x in nodes:
        near = sorted(G._adj[x], key=index.get)
        adj.append(([index[m] for m in near], [1.0 / G._adj[x][m].get("weight", 1) for m in near]))
    return _plain_brandes(nodes, adj, None if len(G) <= exact else nw.BETWEENNESS_SAMPLES, seed=7)


@pytest.mark.parametrize("exact", [nw.EXACT_BETWEENNESS, 3])        # 3: sampled from BETWEENNESS_SAMPLES sources
def test_metrics_of_the_seed_network_are_those_of_the_plain_loop(tables, monkeypatch, exact):
    """The metrics table's betweenness, from the graph (build_network) and from the page's frames, is the plain
    loop's, rounded as the table shows it."""
    monkeypatch.setattr(nw, "EXACT_BETWEENNESS", exact)
    G = nw.build_network(tables).graph
    nodes = pd.DataFrame({"entity_id": sorted(G), "name": sorted(G), "label": "PER", "mention_count": 1})
    links = pd.DataFrame(sorted((min(a, b), max(a, b), d["weight"]) for a, b, d in G.edges(data=True)),
                         columns=["a", "b", "weight"])
    for metrics, order in ((nw.graph_metrics(G), list(G)), (nw.frame_metrics(nodes, links), sorted(G))):
        want = _plain_scores(G, order, exact)
        assert dict(zip(metrics["entity_id"], metrics["betweenness"])) == {x: round(want[x], 4) for x in G}
        assert sum(v > 0 for v in want.values()) > 3
