"""Date resolution: the year of "19 Ocak'ta", relative words, publication dates.

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

Steps 1–2 need one article only and run in the per-article stage (`resolve_local`, cached
with the article); the corpus-wide stage (`resolve_corpus`, every build) does step 3 for
the dates still open, redoes the articles metadata.csv dates, and infers publication years.
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import pandas as pd

from newsgraph import dateresolve as dr
from newsgraph import dates as dt
from newsgraph.store import object_column

COMPONENTS = ("year", "month", "day", "hour", "minute", "weekday", "offset", "offset_days")
RESOLVED = ("value", "precision", "basis", "year_source")
OPEN = {"value": None, "precision": None, "basis": "year_inferred", "year_source": None}


def _int(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else int(value)


def mention_of(row: dict) -> dt.DateMention:
    """Rebuild the tagger's DateMention from a dates-table row."""
    comp = {k: _int(row.get(k)) for k in COMPONENTS}
    return dt.DateMention(int(row["start"]), int(row["end"]), row["surface"], row["kind"],
                          offset_unit=row.get("offset_unit") or None, **comp)


def _stamped(res: dr.Resolved, source: str | None) -> dict:
    return {"value": res.value, "precision": res.precision, "basis": res.basis,
            "year_source": source if res.value else None}


def _local(m: dt.DateMention, anchor: dr.Anchor | None, own_years: set[int]) -> dict:
    """Steps 1 and 2 (and the dates that need no year); OPEN when other articles must say."""
    if m.kind in ("relative", "weekday") or m.year is not None or m.month is None:
        return _stamped(dr.resolve(m, anchor), None)
    if anchor is not None:
        return _stamped(dr.resolve(m, anchor), "article_date")
    if own_years:
        return _stamped(dr.resolve(m, year=max(own_years)), "article_text")
    return dict(OPEN)


def resolve_local(rows: list[dict], published: str | None) -> list[dict]:
    """Resolve one article's date rows as far as the article itself allows (in place)."""
    anchor = dr.Anchor.from_iso(published)
    own_years = {r["year"] for r in rows if r.get("year") is not None and r.get("month") is not None}
    for r in rows:
        r.update(_local(mention_of(r), anchor, own_years))
    return rows


def _unique(years) -> int | None:
    years = {y for y in years if y is not None}
    return years.pop() if len(years) == 1 else None


class YearEvidence:
    """Indexes over the corpus that answer 'which year is this date in?'."""

    def __init__(self, articles: pd.DataFrame, dates: pd.DataFrame, meetings: pd.DataFrame) -> None:
        self.full = defaultdict(list)              # (month, day) -> [(article, year, event, topics)]
        written = dates[dates["year"].notna() & dates["month"].notna() & dates["day"].notna()]
        for a, y, mo, d, ev, tp in zip(written["article_id"], written["year"], written["month"], written["day"],
                                       written["event"], written["topics"]):
            self.full[(int(mo), int(d))].append((a, int(y), ev, tp if tp is not None else ()))
        self.articles_by_event: dict[str, set[str]] = defaultdict(set)     # named event -> articles naming it
        for a, evs in zip(articles["article_id"], articles["events"]):
            for ev in evs if evs is not None else ():
                self.articles_by_event[ev].add(a)
        self._event_years: dict[tuple[str, int], Counter] = {}
        self.meeting_keys = {}                     # (article, date offset) -> contact key
        self.contacts = defaultdict(set)           # contact key -> articles reporting it
        if len(meetings):
            for aid, parts, mtype, ref in zip(meetings["article_id"], meetings["participants"], meetings["type"],
                                              meetings["date_ref"]):
                key = (frozenset(parts), mtype == "phone_call")
                self.contacts[key].add(aid)
                if ref is not None and not pd.isna(ref):
                    self.meeting_keys[(aid, int(ref))] = key

    def same_day(self, row: dict) -> int | None:
        """A year written with the same day and month elsewhere, for the same event or topic."""
        m = row["_m"]
        event, topics = row.get("event"), set(row.get("topics") if row.get("topics") is not None else ())
        hits = [y for a, y, ev, tp in self.full.get((m.month, m.day), ())
                if a != row["article_id"] and ((ev and ev == event) or (set(tp) & topics))]
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
        cache_key = (event, id(year_of_article))
        if cache_key not in self._event_years:       # years over all articles naming it, counted once
            self._event_years[cache_key] = Counter(year_of_article[a][0] for a in self.articles_by_event.get(event, ())
                                                   if a in year_of_article)
        years = self._event_years[cache_key].copy()
        own = year_of_article.get(row["article_id"], (None, None))[0]
        if own is not None and row["article_id"] in self.articles_by_event.get(event, ()):
            years[own] -= 1                          # the article itself does not count
        return _unique(y for y, n in years.items() if n > 0)

    def year_for(self, row: dict, year_of_article: dict) -> int | None:
        """Step 3: a year from other articles, or None."""
        return self.same_day(row) or self.same_contact(row, year_of_article) or self.named_event(row, year_of_article)


def _published_years(articles: pd.DataFrame, bases: tuple[str, ...]) -> dict[str, tuple[int, int | None]]:
    out = {}
    for a, pub, basis in zip(articles["article_id"], articles["published"], articles["published_basis"]):
        anchor = dr.Anchor.from_iso(pub) if isinstance(pub, str) and basis in bases else None
        if anchor:
            out[a] = (anchor.year, anchor.month)
    return out


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


def _redo_metadata_articles(articles: pd.DataFrame, dates: pd.DataFrame) -> dict[int, dict]:
    """Rows of articles whose date the analyst set in metadata.csv, resolved again with it."""
    meta = articles.loc[articles["published_basis"] == "metadata", ["article_id", "published"]]
    out: dict[int, dict] = {}
    for aid, published in zip(meta["article_id"], meta["published"]):
        rows = dates[dates["article_id"] == aid]
        resolved = resolve_local([dict(r) for r in rows.to_dict("records")], published)
        out.update({i: {k: r[k] for k in RESOLVED} for i, r in zip(rows.index, resolved)})
    return out


def _write(dates: pd.DataFrame, updates: dict[int, dict]) -> pd.DataFrame:
    """The dates table with some rows' resolved columns replaced."""
    if not updates:
        return dates
    frame = dates.copy()
    index = list(updates)
    for col in RESOLVED:
        values = frame[col].astype(object)
        values.loc[index] = [updates[i][col] for i in index]
        frame[col] = object_column(values, frame.index)
    return frame


def resolve_corpus(articles: pd.DataFrame, dates: pd.DataFrame, meetings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Step 3 for the dates still open, metadata.csv dates, inferred publication years."""
    if not len(dates):
        return articles, dates
    dates = _write(dates, _redo_metadata_articles(articles, dates))
    open_rows = dates[dates["value"].isna() & dates["month"].notna() & dates["kind"].eq("date")]
    ev = YearEvidence(articles, dates, meetings)
    rows = {i: {**r, "_m": mention_of(r)} for i, r in zip(open_rows.index, open_rows.to_dict("records"))}
    firm = _published_years(articles, ("stated", "metadata"))
    updates = {i: _stamped(dr.resolve(r["_m"], year=y), "other_articles")
               for i, r in rows.items() if (y := ev.year_for(r, firm))}
    dates = _write(dates, updates)
    inferred = infer_published(articles, dates)          # second pass: the years just inferred count too
    every = _published_years(inferred, ("stated", "metadata", "inferred"))
    second = {i: _stamped(dr.resolve(r["_m"], year=y), "other_articles")
              for i, r in rows.items() if i not in updates and (y := ev.year_for(r, every))}
    dates = _write(dates, second)
    return infer_published(articles, dates), dates
