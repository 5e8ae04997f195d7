"""The timeline figure: one date axis; meetings, named events and publication dates as
rows (one per item while few, one per kind or type with lanes when many); month- and
year-precision dates as hatched bars over their whole period, never a point on the 1st."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from newsgraph.timeline import KINDS, _esc

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


def make_timeline_figure(items: pd.DataFrame, empty_reason: str | None = None) -> go.Figure:
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
    _layout(fig, drawn, ticks, pos, few)
    return fig


def _layout(fig: go.Figure, drawn: pd.DataFrame, ticks: list[str], pos: list[float], few: bool) -> None:
    lo = pd.to_datetime(drawn["start"]).min() - pd.Timedelta(days=20)
    hi = pd.to_datetime(drawn["end"]).max() + pd.Timedelta(days=20)
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
