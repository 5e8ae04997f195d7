"""The analyst's filters as a value: apply to tables, describe in words, round-trip a URL.

Article-level filters (topic, source, date, actor) choose articles; every table is then
cut to those articles. Meetings are further cut by type, actor and date. Dates of mixed
precision ("2020", "2020-01", "2020-01-12") count as the period they name: a filter
range keeps what overlaps it; an undated item is hidden while a date range is set.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Iterable, Mapping
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

LIST_KEYS = {"topics": "topic", "actors": "actor", "sources": "source", "meeting_types": "type"}
DATE_KEYS = {"date_from": "from", "date_to": "to"}


@dataclass(frozen=True)
class Filters:
    """What the analyst chose; empty means 'everything'."""

    topics: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()            # entity ids
    sources: tuple[str, ...] = ()
    meeting_types: tuple[str, ...] = ()
    date_from: str | None = None            # ISO day, inclusive
    date_to: str | None = None

    def is_empty(self) -> bool:
        """True when nothing is filtered."""
        return self == Filters()

    def parts(self, names: Mapping[str, str] | None = None, most: int | None = None) -> list[str]:
        """One phrase per filter in force: ['topic Karabağ', 'actor Hulusi Akar'] (actors by name when
        `names` knows them, several values joined by 'or', meeting types in words; past `most` values
        a list says how many more: 'actor A or B or 3 more')."""
        names = names or {}
        parts = []
        for attr, word in LIST_KEYS.items():
            values = getattr(self, attr)
            if values:
                shown = [names.get(v, v) if attr == "actors" else v.replace("_", " ") for v in values]
                if most and len(shown) > most:
                    shown = [*shown[:most - 1], f"{len(shown) - most + 1} more"]
                parts.append(f"{word} {' or '.join(shown)}")
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        return parts

    def describe(self, names: Mapping[str, str] | None = None) -> str:
        """'topic Karabağ, source DHA' — for captions and empty states."""
        return ", ".join(self.parts(names)) or "no filter"


BANNER_VALUES = 3                     # a list filter names this many values in the banner, then 'N more'


def date_span(date_from: str | None, date_to: str | None) -> str | None:
    """A date range in few words: '2020-01-01 – 2020-12-31', 'from 2020-01-01', 'until 2020-12-31'."""
    if date_from and date_to:
        return f"{date_from} – {date_to}"
    if date_from or date_to:
        return f"from {date_from}" if date_from else f"until {date_to}"
    return None


def banner_text(f: Filters, names: Mapping[str, str] | None, kept: int, total: int) -> str:
    """The one line at the top of every page that says which filters are in force and how many articles
    they keep: 'Filters: topic Karabağ · actor Hulusi Akar · 2020-01-01 – 2020-12-31 · 1 of 5 articles',
    or 'No filters: all 5 articles'."""
    articles = f"{total:,} article{'s' if total != 1 else ''}"
    if f.is_empty():
        return f"No filters: all {articles}" if total != 1 else f"No filters: {articles}"
    dates = date_span(f.date_from, f.date_to)
    parts = without(f, "date_from", "date_to").parts(names, most=BANNER_VALUES) + ([dates] if dates else [])
    return "Filters: " + " · ".join([*parts, f"{kept:,} of {articles}"])


def to_query(f: Filters) -> dict[str, list[str] | str]:
    """Query-string parameters for a shareable URL (empty filters are left out)."""
    out: dict[str, list[str] | str] = {}
    for attr, key in LIST_KEYS.items():
        if getattr(f, attr):
            out[key] = list(getattr(f, attr))
    for attr, key in DATE_KEYS.items():
        if getattr(f, attr):
            out[key] = getattr(f, attr)
    return out


MAX_PARAM_CHARS = 200                 # a longer query value is no topic, actor, source or type: ignored
MAX_PARAM_VALUES = 50                 # values of one list filter a link may set
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")         # ASCII digits only ("２０２０-…", "now" are no dates)


def parse_day(value) -> str | None:
    """An ISO day (YYYY-MM-DD) as written, or None when it is not one."""
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        return None


def read_query(params: Mapping[str, Iterable[str] | str], first: str | None = None,
               last: str | None = None) -> tuple[Filters, list[str]]:
    """Filters from a link's query parameters, and what was ignored and why (one line each): values
    that are no dates or absurdly long, days outside the corpus's span [first, last] (as if not
    given: the nearest view that shows something), a range given backwards (turned round).
    Unknown keys are left to the pages (article=, sent=)."""
    notes: list[str] = []

    def shown(value: str) -> str:
        return value if len(value) <= 40 else value[:39] + "…"

    def many(key: str) -> tuple[str, ...]:
        value = params.get(key, ())
        values = [v for v in ([value] if isinstance(value, str) else list(value)) if v]
        long = [v for v in values if len(v) > MAX_PARAM_CHARS]
        if long:
            notes.append(f"{key}={shown(long[0])} ignored: longer than {MAX_PARAM_CHARS} characters")
        kept = list(dict.fromkeys(v for v in values if len(v) <= MAX_PARAM_CHARS))
        if len(kept) > MAX_PARAM_VALUES:
            notes.append(f"{key}: only the first {MAX_PARAM_VALUES} of {len(kept)} values are used")
        return tuple(kept[:MAX_PARAM_VALUES])

    def day(key: str) -> str | None:
        value = params.get(key)
        value = value if isinstance(value, str) else (list(value)[-1] if value else None)
        if not value:
            return None
        found = parse_day(value)
        if found is None:
            notes.append(f"{key}={shown(value)} ignored: not a date (write YYYY-MM-DD)")
        elif first and found < first and key == DATE_KEYS["date_to"] or last and found > last and key == DATE_KEYS["date_from"]:
            notes.append(f"{key}={found} ignored: no article is dated {'before' if found < (first or '') else 'after'} "
                         f"it ({first} – {last}), so it would hide them all")
            return None
        elif first and found < first or last and found > last:
            notes.append(f"{key}={found} ignored: outside the articles' dates ({first} – {last}), so it hides none")
            return None
        return found

    kwargs = {attr: many(key) for attr, key in LIST_KEYS.items()}
    kwargs.update({attr: day(key) for attr, key in DATE_KEYS.items()})
    if kwargs["date_from"] and kwargs["date_to"] and kwargs["date_from"] > kwargs["date_to"]:
        notes.append(f"from={kwargs['date_from']} is after to={kwargs['date_to']}: the two are swapped")
        kwargs["date_from"], kwargs["date_to"] = kwargs["date_to"], kwargs["date_from"]
    return Filters(**kwargs), notes


def from_query(params: Mapping[str, Iterable[str] | str]) -> Filters:
    """Filters from query parameters (unknown keys and bad values ignored; read_query says which)."""
    return read_query(params)[0]


def query_string(f: Filters) -> str:
    """The filters as a URL query string ('topic=Karaba%C4%9F&actor=hulusi-akar'; '' without filters)."""
    return urlencode(to_query(f), doseq=True)


def with_filters(url: str, f: Filters) -> str:
    """A link that keeps the filters: './source?article=x' → './source?article=x&topic=Karaba%C4%9F'
    (opened in a new tab, the page shows the same view)."""
    extra = query_string(f)
    if not extra or not isinstance(url, str) or not url:
        return url
    return f"{url}{'&' if '?' in url else '?'}{extra}"


def link_params(f: Filters, params: Mapping[str, str] | None = None) -> dict[str, list[str] | str]:
    """st.page_link's query_params for a link that keeps the filters (its own params first)."""
    return {**dict(params or {}), **to_query(f)}


def with_chosen(options: Iterable[str], chosen: Iterable[str]) -> list[str]:
    """A widget's options plus any chosen value they lack (a link's topic=Foo is shown, and can be
    removed, rather than hidden while it filters)."""
    options = list(options)
    known = set(options)
    return options + [c for c in dict.fromkeys(chosen or ()) if c not in known]


def date_bounds(first: str | None, last: str | None, f: Filters) -> tuple[str | None, str | None]:
    """The date inputs' bounds: the articles' span (ISO days), widened to the filter's own dates, so a
    date in force outside the span (from a link) is shown as it is instead of failing the widget."""
    days = [d for d in (f.date_from, f.date_to) if d]
    lo = min([first, *days]) if first else None
    hi = max([last, *days]) if last else None
    return lo, hi


def period(value: str | None) -> tuple[str, str] | None:
    """First and last day an ISO date of any precision covers ('2020-02' → 2020-02-01..29; an
    interval '2020-03-03/2020-03-04' from its first day to its last)."""
    if isinstance(value, str) and "/" in value:
        first, last = (period(part) for part in value.split("/", 1))
        return (first[0], last[1]) if first and last else None
    if not isinstance(value, str) or len(value) < 4 or not value[:4].isdigit():
        return None
    year = int(value[:4])
    if len(value) >= 10:
        return value[:10], value[:10]
    if len(value) >= 7:
        month = int(value[5:7])
        return f"{value[:7]}-01", f"{value[:7]}-{calendar.monthrange(year, month)[1]:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def overlaps(values: pd.Series, f: Filters) -> pd.Series:
    """Which dates (any precision) overlap the filter's range; all True without a range.
    Each distinct value is looked at once (many rows share a date)."""
    if not (f.date_from or f.date_to):
        return pd.Series(True, index=values.index)
    lo, hi = f.date_from or "0000-01-01", f.date_to or "9999-12-31"

    def keep(v) -> bool:
        p = period(v)
        return p is not None and p[0] <= hi and p[1] >= lo

    present = values.notna()
    distinct = pd.unique(values[present].to_numpy(dtype=object))
    verdict = pd.Series([keep(v) for v in distinct], index=pd.Index(distinct, dtype=object), dtype=bool)
    out = pd.Series(False, index=values.index)
    if len(distinct):
        out[present] = verdict.reindex(values[present].astype(object)).to_numpy(dtype=bool)
    return out


def has_any(column: pd.Series, wanted: tuple[str, ...]) -> pd.Series:
    """Which rows' list (None = empty) holds any of `wanted` (the lists concatenated once, one
    hash look-up over every element, no per-row Python set)."""
    n = len(column)
    out = np.zeros(n, dtype=bool)
    if n:
        values = column.tolist()
        lengths = np.fromiter((len(x) if x is not None else 0 for x in values), np.int64, n)
        present = [np.asarray(x, dtype=object) for x in values if x is not None and len(x)]
        if present:
            hits = pd.Index(np.concatenate(present), dtype=object).isin(list(wanted))
            out[np.repeat(np.arange(n), lengths)[hits]] = True
    return pd.Series(out, index=column.index, dtype=bool)


def list_hits(flat: pa.Array, parents: np.ndarray, n: int, wanted: tuple[str, ...]) -> np.ndarray:
    """has_any over a whole list column given as its flattened values and their rows (Arrow's
    list_flatten / list_parent_indices, worked out once): one Arrow hash look-up."""
    out = np.zeros(n, dtype=bool)
    if len(flat):
        hits = pc.is_in(flat, value_set=pa.array(list(wanted), flat.type)).to_numpy(zero_copy_only=False)
        out[parents[hits]] = True
    return out


def own_lists(frame: pd.DataFrame, column: str, rows: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
    """has_any over some rows (positions) of a list column the frame holds: the default `any_of`."""
    return has_any(frame[column].iloc[rows], wanted).to_numpy(dtype=bool)


def keep_articles(articles: pd.DataFrame, mentions: pd.DataFrame, f: Filters, any_of=None) -> pd.Series:
    """Boolean mask of the articles the filters keep. `any_of(frame, column, rows, wanted)` → mask
    of those rows (positions): has_any for the frame's list columns (`own_lists`), or the
    dashboard's, from a cached index (its frames need not hold the lists)."""
    any_of = any_of or own_lists
    mask = pd.Series(True, index=articles.index)
    if f.topics:
        mask &= any_of(articles, "topics", np.arange(len(articles)), f.topics)
    if f.sources:
        mask &= articles["source"].isin(f.sources)
    mask &= overlaps(articles["published"], f)
    if f.actors:
        with_actor = set(mentions.loc[mentions["entity_id"].isin(f.actors), "article_id"])
        mask &= articles["article_id"].isin(with_actor)
    return mask


def keep_meetings(meetings: pd.DataFrame, article_ids: set[str], f: Filters, any_of=None) -> pd.Series:
    """Boolean mask of the meetings the filters keep (`any_of`: as for keep_articles)."""
    any_of = any_of or own_lists
    mask = meetings["article_id"].isin(article_ids).to_numpy(dtype=bool, copy=True)
    if f.meeting_types:
        mask &= meetings["type"].isin(f.meeting_types).to_numpy(dtype=bool)
    for column, wanted in (("participants", f.actors), ("topics", f.topics)):
        if wanted and mask.any():                  # only the rows still kept are looked at
            rows = np.flatnonzero(mask)
            mask[rows] = np.asarray(any_of(meetings, column, rows, wanted), dtype=bool)
    return pd.Series(mask, index=meetings.index, dtype=bool) & overlaps(meetings["date"], f)



def apply_filters(tables: Mapping[str, pd.DataFrame], f: Filters) -> dict[str, pd.DataFrame]:
    """Every table cut to what the filters keep (tables missing from the input are skipped)."""
    articles = tables["articles"]
    mentions = tables.get("mentions", pd.DataFrame(columns=["article_id", "entity_id"]))
    kept = articles[keep_articles(articles, mentions, f)]
    ids = set(kept["article_id"])
    out = {"articles": kept}
    for name in ("sentences", "mentions", "dates"):
        if name in tables:
            out[name] = tables[name][tables[name]["article_id"].isin(ids)]
    if "meetings" in tables:
        out["meetings"] = tables["meetings"][keep_meetings(tables["meetings"], ids, f)]
    return out


def without(f: Filters, *attrs: str) -> Filters:
    """A copy with some filters cleared (e.g. to show what a filter hides)."""
    return replace(f, **{a: (None if a.startswith("date") else ()) for a in attrs})

