"""What the network page draws and shows beside it: the plotly figure (nodes sized and
coloured, the co-occurrence and meeting layers, labels that avoid each other) and the
helpers that turn a click into the sentences behind it. Built on newsgraph.views.network."""
from __future__ import annotations

import html
from collections import Counter
from itertools import cycle
from typing import Iterable, Mapping

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newsgraph.views.network import MAX_MEETING_PAIRS, Network, communities

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
    for a, b in drawn_meeting_pairs(net.meetings):
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


def evidence(net: Network, pick: str, mentions: pd.DataFrame | None,
             link_evidence: list[tuple[str, int]] | None = None, meetings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sentences behind a picked node or link: article_id, sent_idx, why. A node's come from
    `mentions` (rows with entity_id, article_id, sent_idx); a link's from its edge in the graph,
    or from `link_evidence` when given (the page's graph carries no evidence lists), after the
    contacts of the pair in net.meetings (or in `meetings`, meeting edges, when given)."""
    kind, _, key = pick.partition(":")
    G, rows = net.graph, []
    if kind == "n":
        hits = mentions.loc[mentions["entity_id"] == key, ["article_id", "sent_idx"]].drop_duplicates()
        name = G.nodes[key].get("name", key) if key in G else key
        rows = [(a, int(s), f"names {name}") for a, s in zip(hits["article_id"], hits["sent_idx"])]
    else:
        a, _, b = key.partition("|")
        medges = net.meetings if meetings is None else meetings
        reports = medges[(medges["a"] == a).to_numpy() & (medges["b"] == b).to_numpy()].to_dict("records")
        rows = [(m["article_id"], int(m["sent_idx"]), meeting_label(G, a, b, m)) for m in reports]
        if G.has_edge(a, b):
            pairs = G.edges[a, b].get("evidence", ()) if link_evidence is None else link_evidence
            rows += [(art, int(s), "named together") for art, s in pairs]
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


SYMBOLS = {"PER": "circle", "LOC": "square", "ORG": "diamond", "MISC": "triangle-up"}
KIND_WORDS = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other name"}
LABEL_HALO = "1px 1px 2px #fff, -1px -1px 2px #fff, 1px -1px 2px #fff, -1px 1px 2px #fff"   # readable over lines
_POSITIONS = ("top center", "bottom center", "middle right", "middle left", "top right", "top left",
              "bottom right", "bottom left")
PLOT_PX = (900, 560)           # the plot area labels are placed for (the page's and an image's, near enough)


def _label_box(where: str, x: float, y: float, r: float, w: float) -> tuple[float, float, float, float]:
    """The box a label of width `w` takes at text position `where` of a marker of radius `r` at (x, y)."""
    vertical, horizontal = where.split()
    top = vertical == "top"
    y0, y1 = (y + r, y + r + 15) if top else (y - r - 15, y - r) if vertical == "bottom" else (y - 7, y + 7)
    if horizontal == "center":
        return x - w / 2, y0, x + w / 2, y1
    if horizontal == "right":
        return (x + r * 0.7, y0, x + r * 0.7 + w, y1) if vertical != "middle" else (x + r + 2, y0, x + r + 2 + w, y1)
    return (x - r * 0.7 - w, y0, x - r * 0.7, y1) if vertical != "middle" else (x - r - 2 - w, y0, x - r - 2, y1)


def _overlaps(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Whether each of `boxes` (..., 4: x0, y0, x1, y1) overlaps each of `others` (k, 4): shape (..., k)."""
    x0, y0, x1, y1 = (boxes[..., i, None] for i in range(4))
    return (others[:, 0] < x1) & (x0 < others[:, 2]) & (others[:, 1] < y1) & (y0 < others[:, 3])


def _covered(places: np.ndarray, dots: np.ndarray, dots_x: np.ndarray) -> np.ndarray:
    """How many of `dots` (sorted by x; `dots_x`: their x) lie inside each of `places` (k, 4)."""
    x0, y0, x1, y1 = (places[:, i, None] for i in range(4))
    near = dots[np.searchsorted(dots_x, x0.min(), "right"):np.searchsorted(dots_x, x1.max(), "left")]
    near = near[(near[:, 1] > y0.min()) & (near[:, 1] < y1.max())]           # and in the band of the places
    return ((near[:, 0] > x0) & (near[:, 0] < x1) & (near[:, 1] > y0) & (near[:, 1] < y1)).sum(axis=1)


def _label_places(G: nx.Graph, pos: Mapping, sizes: Mapping, named: list[str], lines: np.ndarray | None = None,
                  plot_px: tuple[int, int] = PLOT_PX) -> dict[str, str]:
    """A text position per node to name, biggest first (greedy): the place that overlaps no label or
    marker already placed, stays inside the chart and covers the fewest points of the drawn links
    (`lines`: points along them, in data coordinates). Every person is named, in the least bad place
    when there is no free one; a place or organisation without a free place shows its name on hover.
    What a place costs apart from the labels (markers in the way, outside, links covered) is counted for
    every node at once; only the labels placed before it change as the names are placed."""
    if not named:
        return {}
    xr, yr = _span([p[0] for p in pos.values()], 0.12, 0.12), _span([p[1] for p in pos.values()], 0.08, 0.14)
    scale = np.array([plot_px[0] / (xr[1] - xr[0]), plot_px[1] / (yr[1] - yr[0])])
    origin = np.array([xr[0], yr[0]])
    dots = (lines - origin) * scale if lines is not None and len(lines) else np.zeros((0, 2))
    dots = dots[np.argsort(dots[:, 0], kind="stable")]      # by x: each label looks only at the dots below its places
    nodes = list(G)
    at = (np.array([pos[n] for n in nodes], dtype=float) - origin) * scale
    radius = np.array([sizes[n] / 2 for n in nodes])
    markers = np.column_stack([at - radius[:, None], at + radius[:, None]])   # every marker is an obstacle
    row = {n: i for i, n in enumerate(nodes)}
    rows = np.array([row[n] for n in named])
    places = np.array([[_label_box(where, x, y, r, 6.5 * len(str(G.nodes[n].get("name", n)))) for where in _POSITIONS]
                       for n, (x, y), r in zip(named, at[rows], radius[rows])])     # (named, place in rank order, box)
    in_the_way = _overlaps(places, markers)
    in_the_way[np.arange(len(named)), :, rows] = False                         # its own marker is not in the way
    outside = (places[..., 0] < 0) | (places[..., 2] > plot_px[0]) | (places[..., 1] < 0) | (places[..., 3] > plot_px[1])
    dots_x = dots[:, 0].copy()
    covered = np.array([_covered(p, dots, dots_x) for p in places])
    costs = in_the_way.sum(axis=2) * 1000 + outside * 500 + covered
    out, labels = {}, np.zeros((0, 4))
    for j, n in enumerate(named):
        scores = costs[j] + _overlaps(places[j], labels).sum(axis=1) * 1000
        best = int(np.argmin(scores))                  # the first of the lowest: the best ranked place
        if scores[best] < 500 or G.nodes[n].get("label", "PER") == "PER" or len(out) < ALWAYS_LABELLED:
            out[n] = _POSITIONS[best]
            labels = np.vstack([labels, places[j, best]])
    return out


def _line_points(G: nx.Graph, pos: Mapping, steps: int = 9) -> np.ndarray:
    """Points along every drawn link (its ends left out), for the labels to keep off."""
    if not G.number_of_edges():
        return np.zeros((0, 2))
    ends = np.array([(pos[a], pos[b]) for a, b in G.edges()], dtype=float)          # (edges, 2, 2)
    t = np.linspace(0.12, 0.88, steps)[None, :, None]
    return (ends[:, None, 0, :] * (1 - t) + ends[:, None, 1, :] * t).reshape(-1, 2)


def _node_traces(G, pos, size_by, color_by, seed, lines: np.ndarray | None = None) -> list[dict]:
    groups, sizes = _groups(G, color_by, seed), _sizes(G, size_by)
    named = sorted(G, key=lambda n: (G.nodes[n].get("label", "PER") != "PER", -sizes[n], n))[:LABELLED]
    places = _label_places(G, pos, sizes, named, lines)
    order = sorted(set(groups.values()), key=lambda g: (g[0] == "other", g[0] == "unknown",
                                                        -sum(v == g for v in groups.values()), g[0]))
    traces = []
    for legend, color in order:
        nodes = sorted((n for n in G if groups[n] == (legend, color)), key=lambda n: -sizes[n])
        traces.append(dict(type="scatter",
            x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text", name=legend,
            legendgroup=f"nodes:{legend}", text=[G.nodes[n].get("name", n) if n in places else "" for n in nodes],
            textposition=[places.get(n, "top center") for n in nodes],
            textfont={"size": 12, "color": "#222", "shadow": LABEL_HALO},
            marker={"size": [sizes[n] for n in nodes], "color": color, "line": {"width": 1.5, "color": "white"},
                    "opacity": 0.95, "symbol": [SYMBOLS.get(G.nodes[n].get("label"), "circle") for n in nodes]},
            hovertext=[_node_hover(G, n) for n in nodes], hovertemplate="%{hovertext}<extra></extra>",
            customdata=[f"n:{n}" for n in nodes]))
    return traces + _kind_keys(G)


def _kind_keys(G: nx.Graph) -> list[dict]:
    """Legend entries for the marker shapes, when the chart holds more than people."""
    kinds = [k for k in SYMBOLS if any(d.get("label") == k for _, d in G.nodes(data=True))]
    if kinds == ["PER"] or not kinds:
        return []
    return [dict(type="scatter", x=[None], y=[None], mode="markers", name=f"{'shape: ' * (i == 0)}{KIND_WORDS[k]}",
                 legendgroup=f"kind:{k}", hoverinfo="skip", marker={"size": 11, "color": "#8a8a8a",
                                                                    "symbol": SYMBOLS[k]})
            for i, k in enumerate(kinds)]


def _edge_traces(G: nx.Graph, pos: dict) -> list[dict]:
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
        xs = np.array([v for a, b in pairs for v in (pos[a][0], pos[b][0], np.nan)], dtype=float)   # NaN: a gap
        ys = np.array([v for a, b in pairs for v in (pos[a][1], pos[b][1], np.nan)], dtype=float)
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", legendgroup="cooc",
                           name=f"named together (width = {unit}s)", showlegend=i == 0,
                           line={"width": w, "color": "rgba(110,110,110,0.45)"}))
    names = {n: _esc(d.get("name", n)) for n, d in G.nodes(data=True)}              # each name escaped once
    hover = [f"{names[a]} — {names[b]}<br>named together in "
             f"{d.get('weight', 1)} {unit}{'s' * (d.get('weight', 1) != 1)}, {d.get('articles', 0)} article(s)"
             for a, b, d in edges]
    traces.append(dict(type="scatter",
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


def _curves(ends: np.ndarray, bend: float, steps: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """Quadratic Béziers bent sideways, so meeting lines do not hide co-mention lines: a row of x and
    of y per (p, q) in `ends` (pairs × 2 × 2)."""
    p, q = ends[:, 0], ends[:, 1]
    mx, my = (p[:, 0] + q[:, 0]) / 2, (p[:, 1] + q[:, 1]) / 2
    dx, dy = q[:, 0] - p[:, 0], q[:, 1] - p[:, 1]
    cx, cy = mx - dy * bend, my + dx * bend
    ts = [i / steps for i in range(steps + 1)]
    w0, w1, w2 = (np.array(w) for w in ([(1 - t) ** 2 for t in ts], [2 * (1 - t) * t for t in ts], [t ** 2 for t in ts]))
    xs = w0 * p[:, 0, None] + w1 * cx[:, None] + w2 * q[:, 0, None]
    ys = w0 * p[:, 1, None] + w1 * cy[:, None] + w2 * q[:, 1, None]
    return xs, ys


def drawn_meeting_pairs(medges: pd.DataFrame, pos: Mapping | None = None) -> list[tuple[str, str]]:
    """The participant pairs whose contacts are drawn: the MAX_MEETING_PAIRS most reported (ties by
    ids); `medges`: network.meeting_edges rows."""
    pairs = zip(medges["a"].tolist(), medges["b"].tolist())
    counts = Counter(ab for ab in pairs if pos is None or (ab[0] in pos and ab[1] in pos))
    return sorted(counts, key=lambda ab: (-counts[ab], ab))[:MAX_MEETING_PAIRS]


REPORTS_IN_HOVER = 6


def _meeting_groups(medges: pd.DataFrame, pairs: set[tuple[str, str]]) -> dict[tuple[str, str, str], tuple[int, list[dict]]]:
    """(type, a, b) → (reports, the first REPORTS_IN_HOVER of them as dicts) for the given pairs, in the
    order the groups first appear; a report without a type counts as a meeting. Only the reports shown
    become dicts (of Python values)."""
    if not pairs or not len(medges):
        return {}
    columns = list(medges.columns)
    values = [medges[c].tolist() for c in columns]
    a, b, kind = values[columns.index("a")], values[columns.index("b")], values[columns.index("type")]
    groups: dict[tuple, list] = {}                 # key → [reports, shown]
    for i, pair in enumerate(zip(a, b)):
        if pair in pairs:
            group = groups.setdefault((kind[i] or "meeting", *pair), [0, []])
            group[0] += 1
            if group[0] <= REPORTS_IN_HOVER:
                group[1].append({c: v[i] for c, v in zip(columns, values)})
    return {key: (n, shown) for key, (n, shown) in groups.items()}


def _meeting_hover(G: nx.Graph, a: str, b: str, n: int, reports: list[dict]) -> str:
    """The hover text of a pair's contacts of one type: the reports shown, and how many more there are."""
    lines = [_esc(meeting_label(G, a, b, r)) for r in reports]
    return "<br>".join(lines + ([f"… and {n - REPORTS_IN_HOVER} more"] if n > REPORTS_IN_HOVER else []))


def _meeting_traces(G: nx.Graph, pos: dict, medges: pd.DataFrame) -> list[dict]:
    """One dashed, coloured trace per contact type; hover on the curve's middle lists every report."""
    grouped = _meeting_groups(medges, set(drawn_meeting_pairs(medges, pos)))
    types = sorted({t for t, _, _ in grouped}, key=lambda t: list(MEETING_COLORS).index(t) if t in MEETING_COLORS else 99)
    traces = []
    for i, mtype in enumerate(types):
        drawn = [(a, b, n, reports) for (t, a, b), (n, reports) in sorted(grouped.items()) if t == mtype]
        cx, cy = _curves(np.array([(pos[a], pos[b]) for a, b, _, _ in drawn], dtype=float), 0.12 + 0.08 * i)
        gaps = np.full((len(drawn), 1), np.nan)                                      # NaN: a gap after each curve
        xs, ys = np.hstack([cx, gaps]).ravel(), np.hstack([cy, gaps]).ravel()
        mid_x, mid_y = cx[:, cx.shape[1] // 2].tolist(), cy[:, cy.shape[1] // 2].tolist()
        hover = [_meeting_hover(G, a, b, n, reports) for a, b, n, reports in drawn]
        keys = [f"m:{a}|{b}" for a, b, _, _ in drawn]
        color, name = MEETING_COLORS.get(mtype, "#333"), mtype.replace("_", " ")
        traces.append(dict(type="scatter", x=xs, y=ys, mode="lines", hoverinfo="skip", legendgroup=f"m:{mtype}",
                           name=name, line={"width": 2, "color": color, "dash": "dash"}))
        traces.append(dict(type="scatter", x=mid_x, y=mid_y, mode="markers", legendgroup=f"m:{mtype}", showlegend=False,
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


def _with_contacts_only(G: nx.Graph, medges: pd.DataFrame | None, pos: Mapping) -> nx.Graph:
    """The nodes of `G` in a drawn contact, without the co-mention links."""
    pairs = drawn_meeting_pairs(medges, pos) if medges is not None and len(medges) else []
    H = nx.Graph(**G.graph)
    H.add_nodes_from((n, G.nodes[n]) for n in sorted({n for pair in pairs for n in pair}) if n in G)
    return H


def make_network_figure(G: nx.Graph, pos: Mapping[str, tuple[float, float]], meeting_edges: pd.DataFrame | None = None,
                        size_by: str = "mentions", color_by: str = "country", show_meetings: bool = True,
                        title: str | None = None, seed: int = 42,
                        empty_message: str = "No actors to draw with these settings.",
                        contacts_only: bool = False) -> go.Figure:
    """The network chart: co-mention edges by weight, nodes by size and colour (shape by kind), meetings
    as a dashed layer; `contacts_only`: the meeting layer alone, among the people in a drawn contact."""
    if len(G) == 0:
        return empty_figure(empty_message)
    if contacts_only:
        G = _with_contacts_only(G, meeting_edges, pos)
        pos = {n: pos[n] for n in G}                   # the chart frames the people it draws
        if len(G) == 0:
            return empty_figure("No contact between the people drawn: turn 'contacts only' off to see who is "
                                "named with whom.")
    traces = [] if contacts_only else _edge_traces(G, pos)
    if (show_meetings or contacts_only) and meeting_edges is not None and len(meeting_edges):
        traces += _meeting_traces(G, pos, meeting_edges)
    traces += _node_traces(G, pos, size_by, color_by, seed, None if contacts_only else _line_points(G, pos))
    legend_title = "Community" if color_by == "community" else "Country"
    layout = dict(
        height=min(760, 420 + 25 * len(G)), hovermode="closest",
        plot_bgcolor="white",
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10}, clickmode="event+select",
        xaxis={"visible": False, "range": _span([p[0] for p in pos.values()], 0.12, 0.12)},
        yaxis={"visible": False, "range": _span([p[1] for p in pos.values()], 0.08, 0.14)},
        legend={"title": {"text": f"{legend_title} · size = {'links' if size_by == 'degree' else 'mentions'} "},
                "orientation": "h", "x": 0, "y": -0.02, "yanchor": "top", "itemsizing": "constant",
                "groupclick": "togglegroup", "font": {"size": 12}},
        hoverlabel={"bgcolor": "white", "font": {"size": 13}})
    if title:
        layout["title"] = _esc(title)
    # traces and layout are built valid: plotly's check of every value is skipped (most of the time here);
    # traces are given as dicts, so each becomes a Scatter once (a go.Scatter given is made again from its values)
    fig = go.Figure(data=traces, layout=layout, _validate=False)
    return fig
