"""The network figure's fast paths (newsgraph/present/netfigure.py) give what the plain versions they
replace give: each plain version is kept here as the reference and compared on the seed network and on
generated points (coincident ends, a flat row, far apart)."""
from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

from newsgraph.present import netfigure as nf
from newsgraph.views import network as nw


def _plain_curve(p: tuple, q: tuple, bend: float, steps: int = 16) -> tuple[list, list]:
    """_curves as it was written: one Bézier of Python floats at a time."""
    mx, my = (p[0] + q[0]) / 2, (p[1] + q[1]) / 2
    dx, dy = q[0] - p[0], q[1] - p[1]
    cx, cy = mx - dy * bend, my + dx * bend
    ts = [i / steps for i in range(steps + 1)]
    xs = [(1 - t) ** 2 * p[0] + 2 * (1 - t) * t * cx + t ** 2 * q[0] for t in ts]
    ys = [(1 - t) ** 2 * p[1] + 2 * (1 - t) * t * cy + t ** 2 * q[1] for t in ts]
    return xs, ys


@pytest.mark.parametrize("seed", range(4))
def test_curves_are_the_plain_curves_bit_for_bit(seed):
    rng = random.Random(seed)
    points = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(40)] + [(0.0, 0.0), (0.0, 0.0), (0.5, 0.0),
                                                                             (1e-9, 3.0)]
    ends = [(points[i], points[(i * 7 + 1) % len(points)]) for i in range(len(points))]
    for i in range(6):
        bend = 0.12 + 0.08 * i
        xs, ys = nf._curves(np.array(ends, dtype=float), bend)
        assert xs.tolist() == [_plain_curve(p, q, bend)[0] for p, q in ends]
        assert ys.tolist() == [_plain_curve(p, q, bend)[1] for p, q in ends]


def test_meeting_layer_is_drawn_with_the_plain_curves(tables):
    net = nw.build_network(tables)
    grouped = nf._meeting_groups(net.meetings, set(nf.drawn_meeting_pairs(net.meetings, net.pos)))
    traces = nf._meeting_traces(net.drawn, net.pos, net.meetings)
    assert grouped and len(traces) == 2 * len({t for t, _, _ in grouped})
    for i, (lines, mids) in enumerate(zip(traces[::2], traces[1::2])):
        xs, ys, mid_x, mid_y = [], [], [], []
        for a, b in (key[2:].split("|") for key in mids["customdata"]):
            cx, cy = _plain_curve(net.pos[a], net.pos[b], 0.12 + 0.08 * i)
            xs, ys = xs + cx + [np.nan], ys + cy + [np.nan]
            mid_x, mid_y = mid_x + [cx[len(cx) // 2]], mid_y + [cy[len(cy) // 2]]
        np.testing.assert_array_equal(lines["x"], np.array(xs))
        np.testing.assert_array_equal(lines["y"], np.array(ys))
        assert mids["x"] == mid_x and mids["y"] == mid_y


def _plain_label_places(G, pos, sizes, named, lines=None, plot_px=nf.PLOT_PX) -> dict:
    """_label_places as it was written: each name's places scored against every marker and label placed
    before it, and against every point along the links."""
    xr, yr = nf._span([p[0] for p in pos.values()], 0.12, 0.12), nf._span([p[1] for p in pos.values()], 0.08, 0.14)
    scale = np.array([plot_px[0] / (xr[1] - xr[0]), plot_px[1] / (yr[1] - yr[0])])
    origin = np.array([xr[0], yr[0]])
    dots = (lines - origin) * scale if lines is not None and len(lines) else np.zeros((0, 2))
    nodes = list(G)
    at = (np.array([pos[n] for n in nodes], dtype=float) - origin) * scale
    radius = np.array([sizes[n] / 2 for n in nodes])
    boxes = np.column_stack([at - radius[:, None], at + radius[:, None]])
    row = {n: i for i, n in enumerate(nodes)}
    out = {}
    for n in named:
        (x, y), r, w = at[row[n]], radius[row[n]], 6.5 * len(str(G.nodes[n].get("name", n)))
        others = np.delete(boxes, row[n], axis=0)
        places = np.array([nf._label_box(where, x, y, r, w) for where in nf._POSITIONS])
        x0, y0, x1, y1 = (places[:, i, None] for i in range(4))
        clash = ((others[:, 0] < x1) & (x0 < others[:, 2]) & (others[:, 1] < y1) & (y0 < others[:, 3])).sum(axis=1)
        outside = (places[:, 0] < 0) | (places[:, 2] > plot_px[0]) | (places[:, 1] < 0) | (places[:, 3] > plot_px[1])
        covered = ((dots[:, 0] > x0) & (dots[:, 0] < x1) & (dots[:, 1] > y0) & (dots[:, 1] < y1)).sum(axis=1)
        scores = clash * 1000 + outside * 500 + covered
        best = int(np.argmin(scores))
        if scores[best] < 500 or G.nodes[n].get("label", "PER") == "PER" or len(out) < nf.ALWAYS_LABELLED:
            out[n] = nf._POSITIONS[best]
            boxes = np.vstack([boxes, places[best]])
    return out


def _crowded_graph(seed: int, n: int) -> tuple:
    """n nodes of every kind, some on the same spot and some in a flat row, with long and short names
    and links among them."""
    rng = random.Random(seed)
    G = nx.Graph()
    for i in range(n):
        G.add_node(f"n{i:03d}", name="x" * rng.choice([1, 4, 12, 30]), label=rng.choice(["PER", "LOC", "ORG", None]),
                   mention_count=rng.randint(1, 50))
    nodes = list(G)
    G.add_edges_from(rng.sample(nodes, 2) for _ in range(2 * n if n > 1 else 0))
    pos = {v: (rng.uniform(-1, 1), rng.choice([rng.uniform(-1, 1), 0.25])) for v in nodes}
    pos[nodes[-1]] = pos[nodes[0]]
    return G, pos


@pytest.mark.parametrize("seed, n", [(0, 1), (1, 5), (2, 30), (3, 80), (4, 150)])
def test_label_places_are_the_plain_ones(seed, n):
    G, pos = _crowded_graph(seed, n)
    for size_by in ("mentions", "degree"):
        sizes = nf._sizes(G, size_by)
        named = sorted(G, key=lambda v: (G.nodes[v].get("label", "PER") != "PER", -sizes[v], v))[:nf.LABELLED]
        for lines in (None, nf._line_points(G, pos)):
            for plot_px in (nf.PLOT_PX, (300, 200)):
                want = _plain_label_places(G, pos, sizes, named, lines, plot_px)
                assert nf._label_places(G, pos, sizes, named, lines, plot_px) == want
                assert list(nf._label_places(G, pos, sizes, named, lines, plot_px)) == list(want)
    assert nf._label_places(G, pos, sizes, [], lines) == {}


def test_label_places_of_the_seed_network_are_the_plain_ones(tables):
    net = nw.build_network(tables, labels=("PER", "LOC", "ORG"), max_nodes=50)
    G, pos, lines = net.drawn, net.pos, nf._line_points(net.drawn, net.pos)
    sizes = nf._sizes(G, "mentions")
    for named in (sorted(G), sorted(G, key=lambda v: -sizes[v])[:nf.LABELLED]):
        assert nf._label_places(G, pos, sizes, named, lines) == _plain_label_places(G, pos, sizes, named, lines)
