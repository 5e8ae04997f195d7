"""Timeline items (meetings, dated named events, publication dates) and their figures.

A date known only to the month or year is an interval, not a day: such items are drawn
as hatched bars over the whole period (never as a point on the 1st), and the TimelineJS
export leaves out the fields the text does not fix. Undated items are returned flagged
`undated`, for the page to list beside the chart.
"""
from __future__ import annotations

import html
import re
import textwrap
from functools import lru_cache

import pandas as pd
import plotly.graph_objects as go

from newsgraph import settings
from newsgraph.filters import Filters, overlaps, period
from newsgraph.segment import paragraph_spans
from newsgraph.store import with_none
from newsgraph.textnorm import fold

KINDS = {"meeting": "Meetings", "event": "Named events", "published": "Publication dates"}
SYMBOLS = {"phone_call": "diamond", "meeting": "circle", "visit": "triangle-up", "press_conference": "square",
           "delegation_talks": "hexagon", "statement": "star", "event": "star-diamond", "published": "cross"}
TOPIC_COLOURS = {"Libya": "#2f6db5", "İdlib": "#d9771e", "Karabağ": "#2a9d5c"}
EXTRA_COLOURS = ("#8e5bb5", "#c2417a", "#1b9aaa", "#9c7a2b", "#5b6b8c")
NO_TOPIC = "#8a8a8a"
PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "minute": 3}
MAX_ITEM_ROWS = 60          # above this, rows are kinds/types (with lanes), not one row per item
SCATTERGL_AT = 1000         # points drawn with WebGL from this many on
COLUMNS = ["item_id", "kind", "label", "value", "start", "end", "precision", "drawn_as", "undated", "type",
           "status", "topic", "topics", "participants", "location", "article_id", "sent_idx", "evidence",
           "evidences", "when", "hover"]

_MEETING_BASIS = {"sentence": "date written in the sentence", "article": "the article's publication date",
                  "event": "the date of the event it belongs to"}
_YEAR_SOURCE = {"article_date": "year from the article's date", "article_text": "year from the article's text",
                "other_articles": "year inferred from other articles"}
_PUBLISHED_BASIS = {"stated": "stated in the article", "inferred": "inferred from the article's own dates",
                    "metadata": "from metadata.csv"}


def _esc(value) -> str:
    return html.escape(str(value), quote=False)


def _wrap(text: str | None, width: int = 90, lines: int = 4) -> str:
    """Hover text does not wrap by itself: break long evidence into a few <br> lines."""
    parts = textwrap.wrap(text or "", width=width, max_lines=lines, placeholder=" …")
    return "<br>".join(_esc(p) for p in parts)


def surname(name: str) -> str:
    """'Hulusi Akar' → 'Akar', 'Fayiz es-Serrac' → 'Serrac'."""
    last = name.split()[-1] if name.split() else name
    for prefix in ("es-", "el-", "al-", "eş-", "er-", "ed-"):
        if last.lower().startswith(prefix) and len(last) > len(prefix) + 1:
            return last[len(prefix):]
    return last


def meeting_label(participants, mtype: str | None, status: str | None, names: dict[str, str]) -> str:
    """'Akar — Şoygu (phone call)'; planned contacts say so."""
    people = [surname(names.get(p, p)) for p in list(participants if participants is not None else [])]
    who = " — ".join(people[:3]) + (f" +{len(people) - 3}" if len(people) > 3 else "") or "?"
    what = (mtype or "contact").replace("_", " ") + (", planned" if status == "planned" else "")
    return f"{who} ({what})"


def when_text(value: str | None, precision: str | None, how: str = "") -> str:
    """'2020-01-19 (day; year inferred from other articles)', '2020 (year only; …)'."""
    if not value:
        return "undated"
    shown = value.replace("T", " ")
    extent = {"year": "year only", "month": "month only", "day": "day", "minute": "day and time"}.get(
        precision or "", precision or "precision unknown")
    return f"{shown} ({extent}{'; ' + how if how else ''})"


def _span(value: str | None, precision: str | None) -> dict:
    days = period(value)
    if days is None:
        return {"start": None, "end": None, "drawn_as": None, "undated": True}
    return {"start": days[0], "end": days[1], "undated": False,
            "drawn_as": "span" if precision in ("year", "month") or days[0] != days[1] else "point"}


def _lists(value) -> list:
    return [] if value is None or (isinstance(value, float) and pd.isna(value)) else list(value)


def _date_rows(dates: pd.DataFrame) -> dict[tuple[str, int], dict]:
    return {(r["article_id"], int(r["start"])): r for r in dates.to_dict("records")} if len(dates) else {}


def _meeting_how(m: dict, date_rows: dict, articles: dict) -> str:
    """How a meeting's date was found (basis, then how its year was found)."""
    how = [_MEETING_BASIS.get(m.get("date_basis") or "", "")]
    ref = m.get("date_ref")
    row = date_rows.get((m["article_id"], int(ref))) if ref is not None and not pd.isna(ref) else None
    if row is not None and row.get("year_source"):
        how.append(_YEAR_SOURCE.get(row["year_source"], row["year_source"]))
    art = articles.get(m["article_id"], {})
    if m.get("date_basis") == "article" and art.get("published_basis") == "inferred":
        how.append("publication date inferred")
    return "; ".join(h for h in how if h)


def _meeting_item(m: dict, names: dict[str, str], date_rows: dict, articles: dict) -> dict:
    who = [names.get(p, p) for p in _lists(m["participants"])]
    topics = _lists(m["topics"])
    art = articles.get(m["article_id"], {})
    where = names.get(m["location"], m["location"]) if m.get("location") else None
    when = when_text(m["date"], m["date_precision"], _meeting_how(m, date_rows, articles))
    label = meeting_label(m["participants"], m["type"], m["status"], names)
    hover = (f"<b>{_esc(label)}</b><br>Who: {_esc(', '.join(who) or '—')}<br>Where: {_esc(where or '—')}"
             f"<br>When: {_esc(when)}<br>Topics: {_esc(', '.join(topics) or '—')} · {_esc(m['status'] or '')}"
             f"<br>Source: {_esc(art.get('title') or m['article_id'])}<br><i>{_wrap(m['evidence'])}</i>")
    return {"item_id": f"meeting:{m['meeting_id']}", "kind": "meeting", "label": label, "value": m["date"],
            "precision": m["date_precision"], "type": m["type"], "status": m["status"],
            "topic": topics[0] if topics else None, "topics": topics, "participants": who, "location": where,
            "article_id": m["article_id"], "sent_idx": int(m["sent_idx"]), "evidence": m["evidence"],
            "evidences": [{"article_id": m["article_id"], "sent_idx": int(m["sent_idx"]), "evidence": m["evidence"]}],
            "when": when, "hover": hover, **_span(m["date"], m["date_precision"])}


@lru_cache(maxsize=1)
def _event_registry() -> tuple[dict[str, str | None], frozenset[str]]:
    """Named event → topic, and the generic event nouns (empty when events.yaml is unreadable)."""
    from newsgraph.registry import RegistryError, load_events
    try:
        named, generic = load_events(settings.EVENTS_FILE)
    except (OSError, RegistryError):
        return {}, frozenset()
    return {e.name: e.topic for e in named}, frozenset(name for _, name in generic)


def _context(text: str | None, start: int, end: int, width: int = 240) -> str:
    """The sentence-ish stretch around a date (when no sentences table is given)."""
    if not text:
        return ""
    lo, hi = next(((a, b) for a, b in paragraph_spans(text) if a <= start < b), (0, len(text)))
    stop = text.rfind(". ", lo, start)
    lo = max(lo, stop + 2 if stop >= 0 else lo, start - width // 2)
    stop = text.find(". ", end, hi)
    hi = min(hi, stop + 1 if stop >= 0 else hi, end + width // 2)
    return text[lo:hi].strip()


def _event_groups(dates: pd.DataFrame) -> list[list[dict]]:
    """Dated rows that name an event, grouped by event and date (day-level dates by day)."""
    rows = dates[dates["event"].notna() & dates["value"].notna()] if len(dates) else dates
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows.to_dict("records"):
        key = (fold(r["event"]), r["value"][:10] if r["precision"] in ("day", "minute") else r["value"])
        groups.setdefault(key, []).append(r)
    return list(groups.values())


def _event_item(rows: list[dict], sentences: dict, articles: dict) -> dict:
    best = max(rows, key=lambda r: PRECISION_RANK.get(r["precision"], -1))
    named, generic = _event_registry()
    evidences = []
    for r in sorted(rows, key=lambda r: (r["article_id"], r["sent_idx"], r["start"])):
        s = sentences.get((r["article_id"], int(r["sent_idx"])))
        text = s["text"] if s else _context(articles.get(r["article_id"], {}).get("text"), r["start"], r["end"])
        if not any(e["article_id"] == r["article_id"] and e["sent_idx"] == r["sent_idx"] for e in evidences):
            evidences.append({"article_id": r["article_id"], "sent_idx": int(r["sent_idx"]), "evidence": text})
    sent_topics = {t for e in evidences
                   for t in _lists((sentences.get((e["article_id"], e["sent_idx"])) or {}).get("topics"))}
    topic = named.get(best["event"]) or (sent_topics.pop() if len(sent_topics) == 1 else None)
    label = best["event"] + (f" ({topic})" if topic and best["event"] in generic else "")
    how = "; ".join(filter(None, [_YEAR_SOURCE.get(best.get("year_source") or ""),
                                  "counted from the publication date" if best["basis"] == "relative" else ""]))
    when = when_text(best["value"], best["precision"], how)
    n_art = len({e["article_id"] for e in evidences})
    hover = (f"<b>{_esc(label)}</b><br>When: {_esc(when)}<br>Reported in {n_art} article(s), "
             f"{len(evidences)} sentence(s)<br><i>{_wrap(evidences[0]['evidence'])}</i>")
    return {"item_id": f"event:{fold(best['event'])}|{best['value']}", "kind": "event", "label": label,
            "value": best["value"], "precision": best["precision"], "type": None, "status": None, "topic": topic,
            "topics": [topic] if topic else sorted(sent_topics), "participants": [], "location": None,
            "article_id": evidences[0]["article_id"], "sent_idx": evidences[0]["sent_idx"],
            "evidence": evidences[0]["evidence"], "evidences": evidences, "when": when, "hover": hover,
            **_span(best["value"], best["precision"])}


def _published_item(a: dict) -> dict:
    topics = _lists(a.get("topics"))
    title = a.get("title") or a["article_id"]
    label = title if len(title) <= 60 else title[:59] + "…"
    how = _PUBLISHED_BASIS.get(a.get("published_basis") or "", "")
    when = when_text(a.get("published"), a.get("published_precision"), how)
    inferred = " (inferred)" if a.get("published_basis") == "inferred" else ""
    hover = (f"<b>{_esc(label)}</b><br>Published{inferred}: {_esc(when)}<br>Source: {_esc(a.get('source') or '—')}"
             f"<br>Topics: {_esc(', '.join(topics) or '—')}")
    return {"item_id": f"published:{a['article_id']}", "kind": "published", "label": label, "value": a.get("published"),
            "precision": a.get("published_precision"), "type": None, "status": a.get("published_basis"),
            "topic": topics[0] if topics else None, "topics": topics, "participants": [], "location": None,
            "article_id": a["article_id"], "sent_idx": None, "evidence": title,
            "evidences": [{"article_id": a["article_id"], "sent_idx": None, "evidence": title}],
            "when": when, "hover": hover, **_span(a.get("published"), a.get("published_precision"))}


def timeline_items(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame, names: dict[str, str],
                   sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per drawable item: meetings, dated named events (deduplicated), publication dates."""
    arts = {a["article_id"]: a for a in articles.to_dict("records")}
    sents = {} if sentences is None else {(s["article_id"], int(s["sent_idx"])): s for s in sentences.to_dict("records")}
    date_rows = _date_rows(dates)
    rows = [_meeting_item(m, names, date_rows, arts) for m in meetings.to_dict("records")]
    rows += [_event_item(g, sents, arts) for g in _event_groups(dates)]
    rows += [_published_item(a) for a in arts.values()]
    items = with_none(pd.DataFrame(rows, columns=COLUMNS))
    items["undated"] = items["undated"].astype(bool)
    items["sent_idx"] = items["sent_idx"].astype("Int64")
    items = items.sort_values(["kind", "start", "end", "label"], key=_kind_order, na_position="last")
    return items.reset_index(drop=True)


def _kind_order(col: pd.Series) -> pd.Series:
    if col.name == "kind":
        return col.map(list(KINDS).index)
    return col.map(fold) if col.name == "label" else col


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


def _tl_date(value: str, precision: str | None) -> dict[str, str]:
    """TimelineJS date parts; only those the text fixes (no invented day or month)."""
    parts = {"year": str(int(value[:4]))}
    if len(value) >= 7:
        parts["month"] = str(int(value[5:7]))
    if len(value) >= 10:
        parts["day"] = str(int(value[8:10]))
    if precision == "minute" and len(value) >= 16:
        parts.update(hour=str(int(value[11:13])), minute=str(int(value[14:16])))
    return parts


def timelinejs_json(items: pd.DataFrame) -> dict:
    """TimelineJS3 JSON of the dated items (undated ones left out)."""
    events = []
    for it in items[~items["undated"]].to_dict("records") if len(items) else []:
        body = [f"<p>{_esc(it['when'])}</p>"]
        if it["participants"]:
            body.append(f"<p>Who: {_esc(', '.join(it['participants']))}</p>")
        if it["location"]:
            body.append(f"<p>Where: {_esc(it['location'])}</p>")
        body.append(f"<blockquote>{_esc(it['evidence'] or '')}</blockquote>")
        events.append({"start_date": _tl_date(it["value"], it["precision"]),
                       "unique_id": re.sub(r"[^\w-]+", "-", it["item_id"]),
                       "text": {"headline": _esc(it["label"]), "text": "".join(body)},
                       "group": KINDS[it["kind"]]})
    return {"title": {"text": {"headline": "newsgraph timeline",
                               "text": f"{len(events)} dated item(s): meetings, named events, publication dates"}},
            "events": events}


def visible_items(items: pd.DataFrame, f: Filters, kinds: list[str] | tuple[str, ...] = tuple(KINDS)) -> pd.DataFrame:
    """The items of the chosen kinds that overlap the filters' date range (undated ones go when a range is set)."""
    if not len(items):
        return items
    return items[items["kind"].isin(list(kinds)) & overlaps(items["value"], f)].reset_index(drop=True)
