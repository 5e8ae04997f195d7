"""Corpus-wide date resolution: the year of "19 Ocak'ta", relative words, publication dates.

A date without a year takes it, in this order (`year_source` says which):
1. article_date   – the article's publication date (date line or metadata.csv);
2. article_text   – the latest year the same article writes with a month ("5 Mart 2020");
3. other_articles – other articles that report the same event: the same day and month
   written with a year in a sentence of the same event or topic; the same contact (same
   participants, see events.py) dated with a year; or the same named event (Berlin
   Konferansı) in articles whose year is known.
Relative words ("dün", "bugün") are counted from the stated publication date only.
An article without a publication date gets the latest year its own dates resolve to,
marked `published_basis = inferred`, precision year.
"""
from __future__ import annotations

import math
from collections import defaultdict

import pandas as pd

from newsgraph import dateresolve as dr
from newsgraph import dates as dt
from newsgraph.store import object_column

COMPONENTS = ("year", "month", "day", "hour", "minute", "weekday", "offset", "offset_days")


def _int(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else int(value)


def mention_of(row: dict) -> dt.DateMention:
    """Rebuild the tagger's DateMention from a dates-table row."""
    comp = {k: _int(row.get(k)) for k in COMPONENTS}
    return dt.DateMention(int(row["start"]), int(row["end"]), row["surface"], row["kind"],
                          offset_unit=row.get("offset_unit") or None, **comp)


def _unique(years) -> int | None:
    years = {y for y in years if y is not None}
    return years.pop() if len(years) == 1 else None


class YearEvidence:
    """Indexes over the corpus that answer 'which year is this date in?'."""

    def __init__(self, articles: pd.DataFrame, rows: list[dict], meetings: pd.DataFrame, sent_topics: dict) -> None:
        self.full = defaultdict(list)              # (month, day) -> [(article, year, event, topics)]
        self.article_years = {}                    # article -> years written with a month
        for r in rows:
            if r["_m"].year is not None and r["_m"].month is not None:
                self.article_years.setdefault(r["article_id"], set()).add(r["_m"].year)
                if r["_m"].day is not None:
                    self.full[(r["_m"].month, r["_m"].day)].append(
                        (r["article_id"], r["_m"].year, r.get("event"), sent_topics.get((r["article_id"], r["sent_idx"]), ())))
        self.articles_by_event: dict[str, set[str]] = defaultdict(set)     # named event -> articles naming it
        for a, evs in zip(articles["article_id"], articles.get("events", pd.Series([None] * len(articles)))):
            for ev in evs if evs is not None else ():
                self.articles_by_event[ev].add(a)
        self.meeting_keys = {}                     # (article, date offset) -> contact key
        self.contacts = defaultdict(set)           # contact key -> articles reporting it
        for m in meetings.to_dict("records") if len(meetings) else []:
            key = (frozenset(m["participants"]), m["type"] == "phone_call")
            self.contacts[key].add(m["article_id"])
            if m.get("date_ref") is not None and not pd.isna(m.get("date_ref")):
                self.meeting_keys[(m["article_id"], int(m["date_ref"]))] = key

    def same_day(self, row: dict) -> int | None:
        """A year written with the same day and month elsewhere, for the same event or topic."""
        m = row["_m"]
        mine = row.get("event"), set(row["_topics"])
        hits = [y for a, y, ev, topics in self.full.get((m.month, m.day), ())
                if a != row["article_id"] and ((ev and ev == mine[0]) or (set(topics) & mine[1]))]
        return _unique(hits)

    def same_contact(self, row: dict, year_of_article: dict) -> int | None:
        """The year of the same contact as reported, with a year, by another article."""
        key = self.meeting_keys.get((row["article_id"], int(row["start"])))
        years = []
        for article in self.contacts.get(key, ()) if key else ():
            year, month = year_of_article.get(article, (None, None))
            if article != row["article_id"] and year and (month is None or month == row["_m"].month):
                years.append(year)
        return _unique(years)

    def named_event(self, row: dict, year_of_article: dict) -> int | None:
        """The year of articles that name the same event (Berlin Konferansı)."""
        event = row.get("event")
        if not event:
            return None
        years = [year_of_article.get(a, (None, None))[0] for a in self.articles_by_event.get(event, ())
                 if a != row["article_id"]]
        return _unique(years)


def _published_years(articles: pd.DataFrame, bases: tuple[str, ...]) -> dict[str, tuple[int, int | None]]:
    out = {}
    for a, pub, basis in zip(articles["article_id"], articles["published"], articles["published_basis"]):
        anchor = dr.Anchor.from_iso(pub) if isinstance(pub, str) and basis in bases else None
        if anchor:
            out[a] = (anchor.year, anchor.month)
    return out


def _resolve_row(row: dict, anchor: dr.Anchor | None, ev: YearEvidence, years: dict, allow_cross: bool) -> dict:
    m = row["_m"]
    if m.kind in ("relative", "weekday") or m.year is not None or m.month is None:
        res = dr.resolve(m, anchor)
        return {"value": res.value, "precision": res.precision, "basis": res.basis, "year_source": None}
    if anchor is not None:
        return _stamped(dr.resolve(m, anchor), "article_date")
    own = ev.article_years.get(row["article_id"])
    if own:
        return _stamped(dr.resolve(m, year=max(own)), "article_text")
    if allow_cross:
        year = ev.same_day(row) or ev.same_contact(row, years) or ev.named_event(row, years)
        if year:
            return _stamped(dr.resolve(m, year=year), "other_articles")
    return {"value": None, "precision": None, "basis": "year_inferred", "year_source": None}


def _stamped(res: dr.Resolved, source: str) -> dict:
    return {"value": res.value, "precision": res.precision, "basis": res.basis,
            "year_source": source if res.value else None}


def infer_published(articles: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """Articles without a date: the latest year their own dates resolve to (marked inferred)."""
    articles = articles.copy()
    if not len(dates):
        return articles
    firm = dates[dates["value"].notna() & dates["basis"].isin(["explicit", "year_inferred"])]
    latest = firm.groupby("article_id")["value"].max()
    missing = articles["published"].isna() & articles["article_id"].isin(latest.index)
    if not missing.any():
        return articles
    articles.loc[missing, "published"] = [latest[a][:4] for a in articles.loc[missing, "article_id"]]
    articles.loc[missing, "published_precision"] = "year"
    articles.loc[missing, "published_basis"] = "inferred"
    return articles


def resolve_corpus(articles: pd.DataFrame, dates: pd.DataFrame, meetings: pd.DataFrame,
                   sentences: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Resolve every date row and infer missing publication dates; returns (articles, dates)."""
    if not len(dates):
        return articles, dates
    sent_topics = {} if sentences is None or not len(sentences) else {
        (a, int(i)): list(t) for a, i, t in zip(sentences["article_id"], sentences["sent_idx"], sentences["topics"])}
    rows = dates.to_dict("records")
    for r in rows:
        r["_m"] = mention_of(r)
        r["_topics"] = sent_topics.get((r["article_id"], int(r["sent_idx"])), [])
    anchors = {a: dr.Anchor.from_iso(p) for a, p, b in zip(articles["article_id"], articles["published"],
                                                           articles["published_basis"]) if isinstance(p, str)}
    ev = YearEvidence(articles, rows, meetings, sent_topics)
    firm_years = _published_years(articles, ("stated", "metadata"))
    out = [_resolve_row(r, anchors.get(r["article_id"]), ev, firm_years, True) for r in rows]
    first = infer_published(articles, _assign(dates, out))
    all_years = _published_years(first, ("stated", "metadata", "inferred"))
    for i, r in enumerate(rows):                  # second pass: years inferred in the first one count
        if out[i]["value"] is None and out[i]["basis"] == "year_inferred" and r["_m"].month is not None:
            out[i] = _resolve_row(r, None, ev, all_years, True)
    resolved = _assign(dates, out)
    return infer_published(articles, resolved), resolved


def _assign(dates: pd.DataFrame, out: list[dict]) -> pd.DataFrame:
    frame = dates.copy()
    for col in ("value", "precision", "basis", "year_source"):
        frame[col] = object_column((o[col] for o in out), frame.index)
    return frame
