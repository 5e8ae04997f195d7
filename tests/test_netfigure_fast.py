"""The network figure's fast paths (newsgraph/present/netfigure.py) give what the plain versions they
replace give: each plain version is kept here as the reference and compared on the seed network and on
generated points (coincident ends, a flat row, far apart)."""
from __future__ import annotations

import random

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
