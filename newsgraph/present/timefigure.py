"""The timeline figure: one date axis; meetings, named events and publication dates as
rows (one per item while few, one per kind or type with lanes when many); month- and
year-precision dates as hatched bars over their whole period, never a point on the 1st. Above
timeline.AGGREGATE_ABOVE items dated to the day, `make_count_figure` counts them per period instead."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newsgraph.views.timeline import KINDS, _esc, count_items

SYMBOLS = {"phone_call": "diamond", "meeting": "circle", "visit": "triangle-up", "press_conference": "square",
           "delegation_talks": "hexagon", "statement": "star", "event": "star-diamond", "published": "cross"}
TOPIC_COLOURS = {"Libya": "#2f6db5", "İdlib": "#d9771e", "Karabağ": "#2a9d5c"}
EXTRA_COLOURS = ("#8e5bb5", "#c2417a", "#1b9aaa", "#9c7a2b", "#5b6b8c")
NO_TOPIC = "#8a8a8a"
MAX_ITEM_ROWS = 60          # above this, rows are kinds/types (with lanes), not one row per item
SCATTERGL_AT = 1000         # points drawn with WebGL from this many on


def topic_colour(topic: str | None, topics: list[str]) -> str:
    """A fixed colour for the known topics, then a palette for others; grey for none."""
    if topic is None:
        return NO_TOPIC
    extra = [t for t in topics if t not in TOPIC_COLOURS]
    return TOPIC_COLOURS.get(topic) or EXTRA_COLOURS[extra.index(topic) % len(EXTRA_COLOURS)]


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def _symbols(items: pd.DataFrame, suffix: str = "") -> list[str]:
    return [SYMBOLS.get(t if k == "meeting" else k, "circle") + suffix for t, k in zip(items["type"], items["kind"])]


def _end_exclusive(end: str) -> pd.Timestamp:
    return pd.Timestamp(end) + pd.Timedelta(days=1)


def _x(points: pd.DataFrame) -> list[str]:
    """Where a point goes: its time for minute precision, else its day."""
    return [v.replace("T", " ") if p == "minute" else d
            for v, p, d in zip(points["value"], points["precision"], points["start"])]


def _bar(s: pd.DataFrame, ys: list[float], colour: str, name: str, width: float, **extra) -> go.Bar:
    """Hatched bars over each span's whole period (never a point on its first day)."""
    widths = [(_end_exclusive(e) - pd.Timestamp(b)).total_seconds() * 1000 for b, e in zip(s["start"], s["end"])]
    return go.Bar(orientation="h", base=list(s["start"]), x=widths, y=ys, width=width, name=name, legendgroup=name,
                  marker=dict(color=_rgba(colour, 0.18), line=dict(color=colour, width=1),
                              pattern=dict(shape="/", fgcolor=colour, size=6, solidity=0.25)),
                  hovertemplate="%{hovertext}<extra></extra>", **extra)


def _item_rows(items: pd.DataFrame) -> tuple[list[float], list[str], list[float]]:
    """y of each item, plus tick labels and positions: one row per item, under kind headers."""
    ys, ticks, pos, y = [0.0] * len(items), [], [], 0
    for kind, title in KINDS.items():
        idx = [i for i, k in enumerate(items["kind"]) if k == kind]
        if idx:
            ticks.append(f"<b>{title.upper()}</b>")
            pos.append(y)
            for i in idx:
                y += 1
                label = items["label"].iat[i]
                ticks.append(_esc(label if len(label) <= 44 else label[:43] + "…"))
                pos.append(y)
                ys[i] = y
            y += 1
    return ys, ticks, pos


def _few_traces(items: pd.DataFrame, ys: list[float], colour: str, name: str, gl: bool = False) -> list:
    """One row per item: a bar (with an open type symbol at its middle) or a marker."""
    span = (items["drawn_as"] == "span").tolist()
    out = []
    s, sy = items[span], [y for y, m in zip(ys, span) if m]
    if len(s):
        common = dict(customdata=list(s["item_id"]), hovertext=list(s["hover"]))
        out.append(_bar(s, sy, colour, name, 0.6, **common))
        mids = [pd.Timestamp(b) + (_end_exclusive(e) - pd.Timestamp(b)) / 2 for b, e in zip(s["start"], s["end"])]
        out.append(go.Scatter(x=mids, y=sy, mode="markers", name=name, legendgroup=name, **common,
                              hovertemplate="%{hovertext}<extra></extra>",
                              marker=dict(color=colour, symbol=_symbols(s, "-open"), size=11, line=dict(width=2))))
    p, py = items[[not m for m in span]], [y for y, m in zip(ys, span) if not m]
    if len(p):
        out.append(go.Scatter(x=_x(p), y=py, mode="markers", name=name, legendgroup=name, customdata=list(p["item_id"]),
                              marker=dict(color=colour, symbol=_symbols(p), size=14, line=dict(color="white", width=1)),
                              hovertext=list(p["hover"]), hovertemplate="%{hovertext}<extra></extra>"))
    return out


def _group_of(items: pd.DataFrame) -> list[str]:
    return [f"{KINDS['meeting']}: {t.replace('_', ' ')}" if k == "meeting" else KINDS[k]
            for k, t in zip(items["kind"], items["type"].fillna("other"))]


def _many_traces(items: pd.DataFrame, row: list[float], colour: str, name: str, gl: bool = False) -> list:
    """Many items: points jittered in their row; spans summed per row and period (one bar with a count)."""
    out, pts = [], (items["drawn_as"] == "point").tolist()
    p = items[pts]
    if len(p):
        jitter = [0.18 + 0.24 * ((i * 0.618034) % 1 - 0.5) for i in range(len(p))]
        rows = [r for r, m in zip(row, pts) if m]
        out.append((go.Scattergl if gl else go.Scatter)(x=_x(p), y=[r + j for r, j in zip(rows, jitter)],
                           mode="markers", name=name, legendgroup=name, customdata=list(p["item_id"]),
                           marker=dict(color=colour, symbol=_symbols(p), size=8, opacity=0.75),
                           hovertext=list(p["hover"]), hovertemplate="%{hovertext}<extra></extra>"))
    s = items[[not m for m in pts]].assign(row=[r for r, m in zip(row, pts) if not m])
    if len(s):
        agg = s.groupby(["row", "precision", "start", "end"], as_index=False).agg(n=("item_id", "size"))
        offset = agg["precision"].map({"year": -0.3, "month": -0.08}).fillna(-0.08)
        hover = [f"<b>{n} {_esc(name)} item(s)</b><br>dated only to {_esc(b[:7] if pr == 'month' else b[:4])} "
                 f"({pr} precision)<br>pick one from the list under the chart"
                 for n, pr, b in zip(agg["n"], agg["precision"], agg["start"])]
        out.append(_bar(agg, list(agg["row"] + offset), colour, name, 0.2, text=list(agg["n"].astype(str)),
                        textposition="inside", insidetextanchor="start", textangle=0, hovertext=hover))
    return out


def _legend_keys(items: pd.DataFrame) -> list:
    """Legend-only entries: what a hatched bar means, and the symbol of each type shown."""
    keys = [go.Bar(x=[None], y=[None], orientation="h", name="hatched: date known only to the month or year",
                   legendgroup="key", marker=dict(color="rgba(120,120,120,0.18)", line=dict(color="#777", width=1),
                                                  pattern=dict(shape="/", fgcolor="#777", size=6, solidity=0.25)))]
    shown = set(_symbols(items))
    for kind, sym in ((k, v) for k, v in SYMBOLS.items() if v in shown):
        keys.append(go.Scatter(x=[None], y=[None], mode="markers", name=kind.replace("_", " "), legend="legend2",
                               marker=dict(symbol=sym, size=11, color="#666")))
    return keys


def empty_figure(reason: str) -> go.Figure:
    """A blank figure whose only content says why it is blank."""
    fig = go.Figure()
    fig.add_annotation(text=_esc(reason), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=15, color="#666"))
    fig.update_layout(height=260, xaxis_visible=False, yaxis_visible=False, margin=dict(l=20, r=20, t=20, b=20))
    return fig


def x_range(drawn: pd.DataFrame, window: tuple[str | None, str | None] = (None, None)) -> list[pd.Timestamp]:
    """The date axis the chart opens on: where the contacts and publications are, plus a margin; a
    named event recalled from long before or after them (the Soçi Mutabakatı of 2018 in a 2020
    article) is left out of the opening view (`off_axis` counts it; pan or zoom out to see it).
    Cut to the filter's date range when one is set (a span over a whole year then runs off the
    edges instead of squeezing a week's items into a corner). On the three columns as arrays (a row
    cut of the whole frame, twice, was most of its time: 25 → 5 ms at 10k articles)."""
    event = (drawn["kind"] == "event").to_numpy(dtype=bool)
    starts, ends = _day_values(drawn["start"]), _day_values(drawn["end"])
    core = ~event if (~event).any() else np.ones(len(event), dtype=bool)
    lo, hi = pd.Index(starts[core]).min(), pd.Index(ends[core]).max()        # missing (NaT) skipped
    reach = max((hi - lo) * 0.1, pd.Timedelta(days=45))          # events this near still count
    events = event & ~core
    near = events & (ends >= (lo - reach).to_datetime64()) & (starts <= (hi + reach).to_datetime64())
    if near.any():
        lo, hi = min(lo, pd.Index(starts[near]).min()), max(hi, pd.Index(ends[near]).max())
    lo, hi = lo - pd.Timedelta(days=20), hi + pd.Timedelta(days=20)
    if window[0]:
        lo = max(lo, pd.Timestamp(window[0]) - pd.Timedelta(days=2))
    if window[1]:
        hi = min(hi, pd.Timestamp(window[1]) + pd.Timedelta(days=3))
    return [lo, hi]


def _days(values: pd.Series) -> pd.Series:
    """ISO dates ('2020-01-31', '2020-01-31T10:00') as timestamps (the format stated: no guessing per value)."""
    return pd.to_datetime(values, format="ISO8601")


def _day_values(values: pd.Series) -> np.ndarray:
    """`_days` as a datetime64 array, each distinct value parsed once (missing: NaT)."""
    codes, distinct = pd.factorize(values)
    parsed = pd.to_datetime(pd.Index(distinct, dtype=object), format="ISO8601").to_numpy(dtype="datetime64[ns]")
    return np.append(parsed, np.datetime64("NaT", "ns"))[codes]


def off_axis(drawn: pd.DataFrame, lo: pd.Timestamp, hi: pd.Timestamp) -> tuple[int, int]:
    """How many items lie wholly before and after the opening view."""
    return (int((_days(drawn["end"]) < lo).sum()), int((_days(drawn["start"]) > hi).sum()))


def make_timeline_figure(items: pd.DataFrame, empty_reason: str | None = None,
                         window: tuple[str | None, str | None] = (None, None)) -> go.Figure:
    """The timeline: one date axis; hatched bars for month/year dates; colour = topic, symbol = type."""
    drawn = items[~items["undated"]].reset_index(drop=True) if len(items) else items
    if not len(drawn):
        undated = int(items["undated"].sum()) if len(items) else 0
        return empty_figure(empty_reason or (f"All {undated} item(s) are undated; they are listed beside the chart."
                                             if undated else "Nothing to draw: no meeting, dated event or article."))
    few = len(drawn) <= MAX_ITEM_ROWS
    if few:
        ys, ticks, pos = _item_rows(drawn)
    else:
        groups = _group_of(drawn)
        order = sorted(set(groups), key=lambda g: (not g.startswith(KINDS["meeting"]),
                                                   g.startswith(KINDS["published"]), g))
        ys, ticks, pos = [float(order.index(g)) for g in groups], [_esc(g) for g in order], list(range(len(order)))
    topics = list(dict.fromkeys(t for t in drawn["topic"] if t)) + ([None] if drawn["topic"].isna().any() else [])
    fig = go.Figure()
    for topic in topics:
        mask = (drawn["topic"].isna() if topic is None else drawn["topic"] == topic).tolist()
        build = _few_traces if few else _many_traces
        for i, tr in enumerate(build(drawn[mask], [y for y, m in zip(ys, mask) if m], topic_colour(topic, topics),
                                     topic or "no topic", len(drawn) >= SCATTERGL_AT)):
            fig.add_trace(tr.update(showlegend=i == 0))
    fig.add_traces(_legend_keys(drawn))
    _layout(fig, drawn, ticks, pos, few, window)
    return fig


def _layout(fig: go.Figure, drawn: pd.DataFrame, ticks: list[str], pos: list[float], few: bool,
            window: tuple[str | None, str | None] = (None, None)) -> None:
    lo, hi = x_range(drawn, window)
    before, after = off_axis(drawn, lo, hi)
    if before or after:
        said = " and ".join(f"{n} item(s) {w}" for n, w in ((before, "before"), (after, "after")) if n)
        fig.add_annotation(text=f"{said} this view: drag or zoom out to see them", xref="paper", yref="paper",
                           x=1, y=1.0, xanchor="right", yanchor="bottom", showarrow=False,
                           font=dict(size=11, color="#666"))
    fig.update_layout(
        height=max(300, 150 + (24 if few else 90) * len(ticks)), barmode="overlay", bargap=0.3,
        margin=dict(l=10, r=10, t=50, b=90), hoverlabel=dict(align="left"), clickmode="event+select",
        template="plotly_white", uniformtext=dict(minsize=9, mode="hide"),
        legend=dict(orientation="h", xref="container", yref="container", x=0.01, y=0.995, yanchor="top",
                    title_text="Topic ", groupclick="toggleitem"),
        legend2=dict(orientation="h", xref="container", yref="container", x=0.01, y=0.005, yanchor="bottom",
                     title_text="Type "),
        xaxis=dict(type="date", range=[lo, hi], showgrid=True, title=None),
        yaxis=dict(tickvals=pos, ticktext=ticks, range=[max(pos) + 0.7, min(pos) - 0.7], showgrid=not few,
                   zeroline=False, title=None))


# -- many items: counts per period (the page switches to this above timeline.AGGREGATE_ABOVE items) -----------
UNIT_WORD = {"day": "day", "week": "week", "month": "month"}


def _period_text(lo: str, hi: str, unit: str) -> str:
    if unit == "day" or lo == hi:
        return lo
    if unit == "month" and lo[:7] == hi[:7] and lo.endswith("-01"):
        return lo[:7]
    if lo.endswith("-01-01") and hi.endswith("-12-31") and lo[:4] == hi[:4]:
        return lo[:4]
    return f"{lo} – {hi}"


def _hatched(colour: str) -> dict:
    return dict(color=_rgba(colour, 0.18), line=dict(color=colour, width=1),
                pattern=dict(shape="/", fgcolor=colour, size=6, solidity=0.25))


def make_count_figure(items: pd.DataFrame, unit: str, window: tuple[str | None, str | None] = (None, None)) -> go.Figure:
    """Too many items to draw one by one: per kind, stacked bars of how many day-precise items fall in each
    period (colour = topic); below, items known only to the month or year as hatched bars over their whole
    period, with their count. Every bar carries 'kind|start|end|point' (or '|span') to list its items on click.
    Built as plain dicts and validated once: this runs on every new filter state."""
    points, spans = count_items(items, unit)
    kinds = [k for k in KINDS if k in set(points["kind"])]
    lane_kinds = [k for k in KINDS if k in set(spans["kind"])]
    if not kinds and not lane_kinds:
        return empty_figure("Nothing to draw: every item is undated.")
    # vertical layout (paper fractions): one panel per kind, then the lane
    weights = [1.0] * len(kinds) + ([0.25 + 0.2 * len(lane_kinds)] if lane_kinds else [])
    gap, total = 0.07, sum(weights)
    free = 1 - gap * (len(weights) - 1)
    domains, top = [], 1.0
    for w in weights:
        h = free * w / total
        domains.append([max(0.0, top - h), top])
        top -= h + gap
    all_topics = sorted(set(points["topic"]) | set(spans["topic"]), key=lambda t: (t == "no topic", t))
    real = [t for t in all_topics if t != "no topic"]
    colour = {t: (NO_TOPIC if t == "no topic" else topic_colour(t, real)) for t in all_topics}
    data, shown, layout = [], set(), {}
    axis = lambda i: "" if i == 1 else str(i)                        # noqa: E731 - x, x2, x3…
    titles = []
    rank = {t: i for i, t in enumerate(all_topics)}
    rows_ = sorted(zip(points["kind"], points["start"], points["end"], points["topic"], points["n"].tolist()),
                   key=lambda r: (r[0], r[1], rank[r[3]]))
    totals: dict[tuple, int] = {}
    for kd, a, _b, _t, n in rows_:
        totals[(kd, a)] = totals.get((kd, a), 0) + n
    geometry: dict[tuple, tuple[str, float]] = {}
    for _kd, a, b, _t, _n in rows_:
        if (a, b) not in geometry:
            lo, hi = dt.date.fromisoformat(a), dt.date.fromisoformat(b) + dt.timedelta(days=1)
            mid = dt.datetime.combine(lo, dt.time()) + (hi - lo) / 2
            geometry[(a, b)] = (mid.strftime("%Y-%m-%d %H:%M"), (hi - lo).days * 86_400_000 * 0.9)
    traces: dict[tuple, dict] = {}
    stacked: dict[tuple, int] = {}
    for kd, a, b, t, n in rows_:
        tr = traces.setdefault((kd, t), {"x": [], "y": [], "base": [], "width": [], "customdata": [], "hovertext": []})
        below = stacked.get((kd, a), 0)                              # stacked by hand (overlay mode)
        stacked[(kd, a)] = below + n
        mid, width = geometry[(a, b)]
        tr["x"].append(mid)
        tr["y"].append(n)
        tr["base"].append(below)
        tr["width"].append(width)
        tr["customdata"].append(f"{kd}|{a}|{b}|point")
        tr["hovertext"].append(f"<b>{n} {_esc(KINDS[kd].lower())}</b> · {_esc(t)}<br>{_period_text(a, b, unit)} "
                               f"({totals[(kd, a)]} in all)<br>click to list them")
    for row, kind in enumerate(kinds, start=1):
        for topic in all_topics:
            tr = traces.get((kind, topic))
            if tr is None:
                continue
            data.append(dict(type="bar", name=topic, legendgroup=topic, showlegend=topic not in shown,
                             marker=dict(color=colour[topic], line=dict(width=0)),
                             hovertemplate="%{hovertext}<extra></extra>",
                             xaxis=f"x{axis(row)}", yaxis=f"y{axis(row)}", **tr))
            shown.add(topic)
        layout[f"yaxis{axis(row)}"] = dict(domain=domains[row - 1], anchor=f"x{axis(row)}", title=dict(text="count"),
                                           rangemode="tozero")
        titles.append((f"{KINDS[kind]} per {UNIT_WORD[unit]}", domains[row - 1][1]))
    if lane_kinds:
        row = len(kinds) + 1
        parts: dict[tuple, list[tuple[str, int]]] = {}         # (kind, precision, start, end) → its topics' counts
        for kd, pr, a, b, t, n in zip(spans["kind"], spans["precision"], spans["start"], spans["end"], spans["topic"],
                                      spans["n"].tolist()):
            parts.setdefault((kd, pr, a, b), []).append((t, n))
        bars = sorted(parts)
        total = [sum(n for _, n in parts[bar]) for bar in bars]
        y = [lane_kinds.index(kd) + {"year": 0.2, "month": -0.2}.get(pr, 0.0) for kd, pr, _a, _b in bars]
        hover = [f"<b>{n} {_esc(KINDS[kd].lower())}</b> dated only to {_period_text(a, b, 'month')} ({pr})"
                 f"<br>{', '.join(f'{_esc(t)} {k}' for t, k in parts[(kd, pr, a, b)])}<br>click to list them"
                 for n, (kd, pr, a, b) in zip(total, bars)]
        widths = [(_end_exclusive(e) - pd.Timestamp(b)).total_seconds() * 1000 for _kd, _pr, b, e in bars]
        data.append(dict(type="bar", orientation="h", base=[b for _kd, _pr, b, _e in bars], x=widths, y=y, width=0.34,
                         name="month or year only", showlegend=False, marker=_hatched("#666666"),
                         text=[str(n) for n in total], textposition="inside", insidetextanchor="start",
                         textangle=0, hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
                         customdata=[f"{kd}|{a}|{b}|span" for kd, _pr, a, b in bars],
                         xaxis=f"x{axis(row)}", yaxis=f"y{axis(row)}"))
        layout[f"yaxis{axis(row)}"] = dict(domain=domains[row - 1], anchor=f"x{axis(row)}",
                                           tickvals=list(range(len(lane_kinds))),
                                           ticktext=[KINDS[k] for k in lane_kinds],
                                           range=[len(lane_kinds) - 0.5, -0.5], showgrid=False, zeroline=False)
        titles.append(("Dated only to the month or year (hatched: the whole period; the number is how many)",
                       domains[row - 1][1]))
    drawn = items.loc[~items["undated"].to_numpy(dtype=bool), ["kind", "start", "end"]]
    lo, hi = (t.strftime("%Y-%m-%d") for t in x_range(drawn, window))
    n_rows = len(kinds) + bool(lane_kinds)
    for row in range(1, n_rows + 1):
        layout[f"xaxis{axis(row)}"] = dict(type="date", range=[lo, hi], showgrid=True, gridcolor="#eee",
                                           anchor=f"y{axis(row)}", showticklabels=True, **({"matches": "x"} if row > 1 else {}))
    layout["annotations"] = [dict(text=_esc(t), x=0.5, y=top_y, xref="paper", yref="paper", yanchor="bottom",
                                  showarrow=False, font=dict(size=14)) for t, top_y in titles]
    layout.update(height=140 + 190 * len(kinds) + (70 + 45 * len(lane_kinds) if lane_kinds else 0),
                  barmode="overlay", bargap=0, margin=dict(l=10, r=10, t=60, b=40), hoverlabel=dict(align="left"),
                  clickmode="event+select", plot_bgcolor="white", paper_bgcolor="white",
                  legend=dict(orientation="h", xref="container", yref="container", x=0.01, y=0.995, yanchor="top",
                              title=dict(text="Topic ")))
    # not validated again property by property (plain dicts of known keys, made above; tests/test_timeline.py checks
    # that a validated figure is the same): the first count chart of a server 21 -> 11 ms, later ones 9 -> 3.5 ms
    return go.Figure(data=data, layout=layout, _validate=False)
