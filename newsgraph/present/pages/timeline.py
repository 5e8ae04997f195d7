"""The Timeline page: the items a filter state keeps, drawn one by one or counted, and the rows
behind a picked item, a clicked bar and the undated list.

The items come from the build's item index (views/timeline_items). Up to timeline.AGGREGATE_ABOVE
items dated to the day are drawn one by one; above that the chart counts them per day, week or month
and a click on a bar lists its items; narrowing the dates or the filters brings back one marker per item.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from newsgraph.present.timefigure import MAX_ITEM_ROWS, make_count_figure, make_timeline_figure
from newsgraph.views import timeline as tl
from newsgraph.views.filters import Filters, link_params, with_filters
from newsgraph.views.reader import Reader
from newsgraph.views.sourceview import source_url

UNDATED_SHOWN = 500        # rows of the undated list (the count says how many there are)
# the columns the count chart reads (a row cut of these only: of the whole index, 8 ms more at 10k articles)
COUNTED = ["kind", "topic", "drawn_as", "day", "precision", "start", "end", "undated"]
PRECISION_WORD = {"year": "year only", "month": "month only", "day": "day", "minute": "day and time"}


def visible(reader: Reader, f: Filters, kinds: tuple[str, ...], articles: pd.DataFrame,
            meetings: pd.DataFrame) -> pd.DataFrame:
    """The index rows the filters (kept `articles` and `meetings`) and the kinds keep."""
    index = reader.view("timeline_items")
    if f.is_empty():
        return tl.select_index(index, f, kinds)
    return tl.select_index(index, f, kinds, articles["article_id"], meetings["meeting_id"])


def meetings_of(reader: Reader, meetings: pd.DataFrame, keys, columns: list[str] | None = None) -> pd.DataFrame:
    """The rows of some meeting ids, with the columns the held table leaves out (all, or `columns`)."""
    return reader.with_columns(meetings[meetings["meeting_id"].isin(keys).to_numpy(dtype=bool)], "meetings", columns)


def details(reader: Reader, selected: pd.DataFrame, articles: pd.DataFrame, meetings: pd.DataFrame,
            names: dict[str, str], quotes: bool = True) -> pd.DataFrame:
    """Full rows (hover, evidence, who, where) of some items. The sentences an event quotes are read from
    disk when `quotes` (a few items, or the one picked); without, an event's hover has no quote."""
    kept = set(articles["article_id"])
    ev_arts = set(selected.loc[selected["kind"] == "event", "articles"].explode().dropna()) & kept
    sentences = (reader.rows("sentences", "article_id", ev_arts, ["article_id", "sent_idx", "text", "topics"])
                 if ev_arts and quotes else None)
    shown = meetings_of(reader, meetings, selected.loc[selected["kind"] == "meeting", "key"])
    return tl.detail_items(selected, shown, reader.table("dates"), articles, names, sentences)


@dataclass
class Drawing:
    """What the chart shows for one state: the items drawn and listed (None when counted), those of
    them with full rows, the figure, and the counting unit (None when drawn one by one)."""

    items: pd.DataFrame | None
    detailed: pd.DataFrame | None
    figure: go.Figure
    unit: str | None


def drawing(reader: Reader, vis: pd.DataFrame, f: Filters, limit: int, articles: pd.DataFrame,
            meetings: pd.DataFrame, names: dict[str, str]) -> Drawing:
    """Counted (more than `limit` items dated to the day): no item rows at all. Drawn one by one: full
    rows (hover, evidence) for the markers; items known only to the month or year are summed per period
    by the chart once there are many, so their full rows are only made when one is picked."""
    window = (f.date_from, f.date_to)
    if tl.should_aggregate(vis, limit):                  # undated items are no points: the same count as of the dated
        counted = vis[[c for c in COUNTED if c in vis]]  # (the chart leaves them out: no row cut of the whole index)
        unit = tl.choose_bin(counted, window)
        return Drawing(None, None, make_count_figure(counted, unit, window), unit)
    dated = vis[~vis["undated"]]
    if len(dated) <= MAX_ITEM_ROWS:
        detailed = details(reader, dated, articles, meetings, names)
        return Drawing(detailed, detailed, make_timeline_figure(detailed, window=window), None)
    detailed = details(reader, dated[dated["drawn_as"] == "point"], articles, meetings, names, quotes=False)
    spans = dated[dated["drawn_as"] == "span"]
    drawn = tl.sort_items(pd.concat([detailed, spans], ignore_index=True)).reset_index(drop=True)
    return Drawing(drawn, detailed, make_timeline_figure(drawn, window=window), None)


def count_note(vis: pd.DataFrame, unit: str, limit: int) -> str:
    """Why the chart counts the items, and how to see each one."""
    n_dated = int((~vis["undated"]).sum())
    n_days = int((vis["drawn_as"] == "point").sum())
    return (f"**{n_dated:,} dated items** ({n_days:,} dated to the day) are more than can be read one by one, so the "
            f"chart counts them per {unit} (colour: topic). Click a bar to list its items, each linked to its "
            f"source; narrow the dates or the filters in the sidebar to {limit:,} or fewer dated to the day to "
            "see each one on the chart.")


def clicked(points: Iterable[dict]) -> str | None:
    """The key of the first clicked chart point that has one (an item, or a bar: see `is_bar`)."""
    return next((p.get("customdata") for p in points if p.get("customdata")), None)


def is_bar(key: str) -> bool:
    """Whether a clicked key is a bar of the count chart ('kind|start|end|point'), not an item."""
    return "|" in key and not key.startswith("event:")


def bar_items(vis: pd.DataFrame, bar: str | None) -> pd.DataFrame:
    """The items of a clicked bar, in timeline order (none when no bar is clicked)."""
    return tl.sort_items(tl.bucket_items(vis, bar)) if bar else vis.head(0)


def bar_title(bar: str, n: int) -> str:
    """'**3 meetings dated only to that month or year, 2020-01-01 to 2020-01-31**'."""
    kind, lo, hi, what = bar.split("|")
    span = lo if lo == hi else f"{lo} to {hi}"
    extra = " dated only to that month or year" if what == "span" else ""
    return f"**{n:,} {tl.KINDS[kind].lower()}{extra}, {span}**"


def undated_items(vis: pd.DataFrame, shown: int = UNDATED_SHOWN) -> tuple[pd.DataFrame, int]:
    """The first `shown` undated items (the list beside the chart) and how many there are: rows taken by
    their place, not cut from the whole index (5-7 → 2.5-3 ms at 10k articles, first call)."""
    at = np.flatnonzero(vis["undated"].to_numpy(dtype=bool))
    return vis.take(at[:shown]), len(at)


def pick_labels(listed: pd.DataFrame, undated: pd.DataFrame, shown: int = UNDATED_SHOWN) -> dict[str, str]:
    """item_id → 'label · date' of the items one may pick: those listed, then the first undated ones."""
    pool = pd.concat([listed, undated.head(shown)]) if len(undated) else listed
    return dict(zip(pool["item_id"], pool["label"] + " · " + pool["value"].fillna("undated")))


def source_links(rows: pd.DataFrame, f: Filters | None = None) -> list[str]:
    """Each index row's link to its source sentence (or article), keeping the filters `f`."""
    f = f or Filters()
    return [with_filters(source_url(a, None if pd.isna(s) else int(s)), f)
            for a, s in zip(rows["article_id"], rows["sent_idx"])]


def listing(rows: pd.DataFrame, f: Filters | None = None) -> pd.DataFrame:
    """A table of index rows with a link to each one's source sentence or article (keeping the filters `f`)."""
    return pd.DataFrame({"label": rows["label"].tolist(), "kind": [tl.KINDS[k] for k in rows["kind"]],
                         "date": rows["value"].fillna("undated").tolist(),
                         "precision": [PRECISION_WORD.get(p, p) for p in rows["precision"].fillna("")],
                         "topic": rows["topic"].fillna("").tolist(), "open": source_links(rows, f)})


def picked(reader: Reader, pick: str, vis: pd.DataFrame, detailed: pd.DataFrame | None, articles: pd.DataFrame,
           meetings: pd.DataFrame, names: dict[str, str]) -> pd.Series:
    """The full row of a picked item (already made when drawn with full rows, but an event: its quote)."""
    if detailed is not None and pick in set(detailed["item_id"]) and not pick.startswith("event:"):
        return detailed[detailed["item_id"] == pick].iloc[0]
    return details(reader, vis[vis["item_id"] == pick].head(1), articles, meetings, names).iloc[0]


def source_query(evidence: dict, f: Filters | None = None) -> dict:
    """The source view's query for one evidence of an item (its article, at its sentence when known),
    keeping the filters `f`."""
    sent = evidence["sent_idx"]
    own = {"article": evidence["article_id"]} | ({"sent": str(sent)} if sent is not None else {})
    return link_params(f or Filters(), own)


def undated_table(reader: Reader, undated: pd.DataFrame, articles: pd.DataFrame, meetings: pd.DataFrame,
                  shown: int = UNDATED_SHOWN, f: Filters | None = None) -> pd.DataFrame:
    """The first `shown` undated items: label, kind, what they rest on (a meeting's evidence, an article's
    title) and a link to the source (keeping the filters `f`)."""
    rows = undated.head(shown)
    said = {}
    if (rows["kind"] == "meeting").any():                # the evidence of the meetings listed
        found = meetings_of(reader, meetings, rows["key"], ["evidence"])
        said = dict(zip(found["meeting_id"], found["evidence"]))
    titles = dict(zip(articles["article_id"], articles["title"]))
    evidence = [said.get(k) if kd == "meeting" else (titles.get(a) or a)
                for k, kd, a in zip(rows["key"], rows["kind"], rows["article_id"])]
    return pd.DataFrame({"label": rows["label"].tolist(), "kind": rows["kind"].tolist(), "evidence": evidence,
                         "open": source_links(rows, f)})


def timelinejs(reader: Reader, vis: pd.DataFrame, detailed: pd.DataFrame | None, articles: pd.DataFrame,
               meetings: pd.DataFrame, names: dict[str, str]) -> str:
    """Every dated item shown, with its evidence, as TimelineJS JSON."""
    dated = vis[~vis["undated"]]
    full = detailed if detailed is not None and len(detailed) == len(dated) else \
        details(reader, dated, articles, meetings, names)
    return json.dumps(tl.timelinejs_json(full), ensure_ascii=False, indent=1)
