"""Exports: figures as HTML/PNG/SVG, tables as CSV, and `python -m newsgraph export`.

PNG and SVG are rendered server-side by kaleido 1, which drives a Chromium; without one
the caller gets ExportUnavailable with a message saying what to install.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError
from newsgraph.base.textnorm import fold
from newsgraph.present import graphfiles as gf
from newsgraph.present import netfigure as nf
from newsgraph.present import timefigure
from newsgraph.storage import store
from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views import network as nw
from newsgraph.views import timeline as tl
from newsgraph.views.filters import Filters, apply_filters
from newsgraph.views.network import MAX_NODES

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
IMAGE_FORMATS = ("png", "svg")


class ExportUnavailable(NewsgraphError):
    """An export format needs something this machine does not have."""


def chromium_path() -> str | None:
    """The Chromium kaleido will use (BROWSER_PATH wins), or None."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    return next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)


def figure_html(fig: go.Figure) -> str:
    """A self-contained interactive HTML page of the figure (plotly.js inlined, works offline)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def figure_image(fig: go.Figure, fmt: str, width: int = 1400, height: int = 900, scale: float = 1.0) -> bytes:
    """PNG or SVG bytes of the figure, rendered by kaleido with Chromium."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use png or svg")
    path = chromium_path()
    if path is None:
        raise ExportUnavailable("PNG/SVG export needs Chromium (Debian: apt-get install chromium); "
                                "the chart's camera button still saves a PNG from the browser")
    os.environ.setdefault("BROWSER_PATH", path)
    return fig.to_image(format=fmt, width=width, height=height, scale=scale)


def _ascii(text: str) -> str:
    """Turkish and other letters as ASCII, words joined by '-': 'Karabağ' → 'Karabag'."""
    text = text.replace("ı", "i").replace("İ", "I")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-")


def _period(date_from: str | None, date_to: str | None) -> str | None:
    """'2020' for a whole year, '2020-2021' for whole years, else the days ('from-2020-03-01')."""
    if date_from and date_to and date_from.endswith("-01-01") and date_to.endswith("-12-31"):
        first, last = date_from[:4], date_to[:4]
        return first if first == last else f"{first}-{last}"
    if date_from and date_to:
        return f"{date_from}_{date_to}"
    return f"from-{date_from}" if date_from else f"to-{date_to}" if date_to else None


def file_stem(what: str, f: Filters, names: dict[str, str] | None = None) -> str:
    """The name of an exported file, without its suffix, after the filters in force:
    'network_Karabag_2020', 'meetings_Hulusi-Akar_phone-call_2020-03-01_2020-04-15'."""
    names = names or {}
    groups = [f.topics, [names.get(a, a) for a in f.actors], f.sources, f.meeting_types]
    parts = [what]
    for values in groups:
        shown = [_ascii(v) for v in values[:2] if _ascii(v)]
        parts += shown + ([f"and-{len(values) - 2}-more"] if len(values) > 2 else [])
    if period := _period(f.date_from, f.date_to):
        parts.append(period)
    return "_".join(parts)[:120]


def export_title(what: str, f: Filters, names: dict[str, str], n_articles: int) -> str:
    """The title line of an exported image: what, the filters in force and how many articles."""
    return f"{what} — {f.describe(names)} · {n_articles} article{'s' if n_articles != 1 else ''}"


TITLE_PX = 34                  # the title line's height in an exported image


def titled(fig: go.Figure, title: str, height: int = 900) -> go.Figure:
    """A copy of the figure with `title` as its first line, rendered `height` pixels high: room is
    made above the plot, and a legend pinned to the top of the image moves below the title."""
    out = go.Figure(fig)
    out.update_layout(title=dict(text=_escape_html(title), x=0.01, xanchor="left", y=1 - 8 / height, yanchor="top",
                                 yref="container", font=dict(size=15)),
                      margin=dict(t=(out.layout.margin.t or 0) + TITLE_PX))
    for name, legend in out.layout.to_plotly_json().items():
        if name.startswith("legend") and legend.get("yref") == "container" and legend.get("y", 0) > 0.8:
            out.layout[name].y = legend["y"] - TITLE_PX / height
    return out


def _escape_html(text: str) -> str:
    """Plotly renders a little HTML in titles: names with < or & stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def table_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM so spreadsheet programs show Turkish letters); lists joined by '; '."""
    out = frame.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, list(v))) if v is not None and not isinstance(v, str) else v)
    return out.to_csv(index=False).encode("utf-8-sig")


WHAT_FORMATS = {
    "network": ("gexf", "graphml", "json", "csv", "html", "png", "svg"),
    "meetings": ("csv", "json"),
    "entities": ("csv", "json"),
    "mentions": ("csv", "json"),
    "timeline": ("timelinejs", "csv", "html", "png", "svg"),
}
SUFFIX_FORMATS = {".gexf": "gexf", ".graphml": "graphml", ".json": "json", ".csv": "csv", ".html": "html",
                  ".htm": "html", ".png": "png", ".svg": "svg"}
TABLES = ("articles", "sentences", "mentions", "entities", "meetings", "dates")


@dataclass(frozen=True)
class ExportRequest:
    """What `python -m newsgraph export` was asked for (newsgraph.cli fills it from the command line)."""

    what: str
    out: str
    format: str | None = None
    processed: str = str(settings.PROCESSED_DIR)
    topic: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None
    window: str = "sentence"
    min_weight: int = 1
    labels: tuple[str, ...] = ()
    max_nodes: int = MAX_NODES


def export_format(what: str, fmt: str | None, out: str) -> str:
    """The format to write, checked against what is exported (NewsgraphError when it does not fit)."""
    allowed = WHAT_FORMATS[what]
    if not fmt:
        fmt = SUFFIX_FORMATS.get(os.path.splitext(out)[1].lower())
        fmt = "timelinejs" if what == "timeline" and fmt == "json" else fmt
        if fmt is None:
            raise NewsgraphError(f"cannot tell the format from {out!r}; add --format ({', '.join(allowed)})")
    fmt = fmt.lower()
    if fmt not in allowed:
        raise NewsgraphError(f"--format {fmt} does not fit --what {what}; use one of: {', '.join(allowed)}")
    return fmt


def write_export(args: ExportRequest) -> str:
    """Write what the dashboard shows, with the same filters; return what was written, in a line."""
    fmt = export_format(args.what, args.format, args.out)
    tables = {name: store.read_table(Path(args.processed), name) for name in TABLES}
    f = export_filters(args, tables)
    cut = dict(apply_filters(tables, f), entities=tables["entities"])
    data, summary = WRITERS[args.what](cut, fmt, args, f)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return f"wrote {args.what} as {fmt} ({summary}; {f.describe(_names(tables))}) → {out}"


def _names(tables: dict) -> dict[str, str]:
    return dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"]))


def _resolve(values: list[str], known: dict[str, str], what: str) -> tuple[str, ...]:
    """Map user spellings to known values by a Turkish-aware loose match (Karabag → Karabağ)."""
    out = []
    for v in values:
        hit = known.get(fold(v))
        if hit is None:
            raise NewsgraphError(f"unknown {what} {v!r}; known: {', '.join(sorted(set(known.values()))[:30])}")
        out.append(hit)
    return tuple(dict.fromkeys(out))


def _day(value: str | None, flag: str) -> str | None:
    if not value:
        return None
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        raise NewsgraphError(f"{flag} {value!r} is not a date; use YYYY-MM-DD") from None


def export_filters(args: ExportRequest, tables: dict):
    """The dashboard's Filters from the command line (topics, actors, sources and types checked)."""
    arts, ents = tables["articles"], tables["entities"]
    topics = {fold(t): t for ts in arts["topics"] for t in ts}
    actors = {fold(k): e for e, n in zip(ents["entity_id"], ents["name"]) for k in (e, n)}
    sources = {fold(s): s for s in arts["source"].dropna()}
    types = {fold(t): t for t in MEETING_TYPES} | {fold(t.replace("_", " ")): t for t in MEETING_TYPES}
    return Filters(topics=_resolve(args.topic, topics, "topic"), actors=_resolve(args.actor, actors, "actor"),
                   sources=_resolve(args.source, sources, "source"), meeting_types=_resolve(args.types, types, "type"),
                   date_from=_day(args.date_from, "--from"), date_to=_day(args.date_to, "--to"))


def table_json(frame: pd.DataFrame) -> str:
    """JSON records, Turkish letters as they are, lists as lists, missing as null."""
    def plain(v):
        if hasattr(v, "tolist"):
            return v.tolist()
        return None if isinstance(v, float) and v != v else v
    rows = [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]
    return json.dumps(rows, ensure_ascii=False, indent=1, default=str)


def _table(frame: pd.DataFrame, fmt: str) -> bytes | str:
    return table_csv(frame) if fmt == "csv" else table_json(frame)


def _figure(fig: go.Figure, fmt: str) -> bytes | str:
    return figure_html(fig) if fmt == "html" else figure_image(fig, fmt)


def export_network(t: dict, fmt: str, args: ExportRequest, f) -> tuple[bytes | str, str]:
    """The network page's graph (files: every node; figures: the drawn part, as on the page)."""
    labels = tuple(args.labels or ("PER",))
    net = nw.build_network(t, args.window, args.min_weight, labels, keep=f.actors, max_nodes=args.max_nodes)
    G, summary = net.graph, f"{len(net.graph)} node(s), {net.graph.number_of_edges()} link(s)"
    if fmt in ("html", "png", "svg"):
        reason = nf.empty_reason(len(t["articles"]), f.describe(_names(t)), labels, args.window, args.min_weight)
        fig = nf.make_network_figure(net.drawn, net.pos, net.meetings, empty_message=reason)
        return _figure(titled(fig, export_title("Network", f, _names(t), len(t["articles"]))), fmt), summary
    G = gf.with_contacts(G, t["meetings"], t["entities"])
    contacts = sum(1 for *_, kind in G.edges(data="kind") if kind == "contact")
    writers = {"gexf": gf.to_gexf, "graphml": gf.to_graphml, "csv": lambda g: table_csv(gf.edge_frame(g)),
               "json": lambda g: json.dumps(gf.to_node_link(g), ensure_ascii=False, indent=1)}
    return writers[fmt](G), f"{summary}, {contacts} contact link(s)"


def export_meetings(t: dict, fmt: str, args: ExportRequest, f) -> tuple[bytes | str, str]:
    """The kept meetings, with names beside the ids."""
    names = _names(t)
    m = t["meetings"].copy()
    m["participant_names"] = [[names.get(p, p) for p in ps] for ps in m["participants"]]
    m["location_name"] = [names.get(x, x) if x else None for x in m["location"]]
    return _table(m, fmt), f"{len(m)} meetings"


def export_entities(t: dict, fmt: str, args: ExportRequest, f) -> tuple[bytes | str, str]:
    """Entities named in the kept articles, counted in them."""
    linked = t["mentions"][t["mentions"]["entity_id"].notna()]
    counts = linked.groupby("entity_id").agg(mention_count=("sent_idx", "size"), article_count=("article_id", "nunique"))
    ents = t["entities"].drop(columns=["mention_count", "article_count"]).merge(counts, on="entity_id")
    ents = ents.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)
    return _table(ents, fmt), f"{len(ents)} entities"


def export_mentions(t: dict, fmt: str, args: ExportRequest, f) -> tuple[bytes | str, str]:
    """Mentions in the kept articles."""
    return _table(t["mentions"], fmt), f"{len(t['mentions'])} mentions"


def export_timeline(t: dict, fmt: str, args: ExportRequest, f) -> tuple[bytes | str, str]:
    """The timeline page's items: TimelineJS JSON, a CSV of items, or the chart."""
    items = tl.visible_items(tl.timeline_items(t["meetings"], t["dates"], t["articles"], _names(t),
                                               sentences=t["sentences"]), f)
    summary = f"{len(items)} items"
    if fmt == "timelinejs":
        return json.dumps(tl.timelinejs_json(items), ensure_ascii=False, indent=1), summary
    if fmt == "csv":
        return table_csv(items.drop(columns=[c for c in ("hover", "evidences") if c in items.columns])), summary
    why = None if len(items) else f"Nothing to show for {f.describe(_names(t))}."
    fig = timefigure.make_timeline_figure(items, empty_reason=why)
    return _figure(titled(fig, export_title("Timeline", f, _names(t), len(t["articles"]))), fmt), summary


WRITERS = {"network": export_network, "meetings": export_meetings, "entities": export_entities,
           "mentions": export_mentions, "timeline": export_timeline}
