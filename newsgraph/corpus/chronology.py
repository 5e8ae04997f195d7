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

Steps 1–2 need one article only and run in the per-article stage (`dateresolve.resolve_local`, cached
with the article); the corpus-wide stage (`resolve_corpus`, every build) does step 3 for
the dates still open, redoes the articles metadata.csv dates, and infers publication years.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
import pandas as pd

from newsgraph.analysis import dateresolve as dr
from newsgraph.analysis.dateresolve import RESOLVED, mention_of, resolve_local, stamped
from newsgraph.corpus.events import contact_keys
from newsgraph.storage.store import object_column

def _unique(years) -> int | None:
    years = {y for y in years if y is not None}
    return years.pop() if len(years) == 1 else None


class YearEvidence:
    """Indexes over the corpus that answer 'which year is this date in?' for the `open` rows (the
    dates whose year other articles must give): only the days, contacts and events they name are
    indexed."""

    def __init__(self, articles: pd.DataFrame, dates: pd.DataFrame, meetings: pd.DataFrame,
                 open_rows: pd.DataFrame) -> None:
        # (month, day, event or topic) -> year -> articles writing that day with that year
        self.by_day: dict[tuple, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
        days = open_rows["month"].to_numpy(dtype="int64") * 32 + open_rows["day"].fillna(0).to_numpy(dtype="int64")
        written = dates[dates["year"].notna() & dates["month"].notna() & dates["day"].notna()]
        written = written[np.isin(written["month"].to_numpy(dtype="int64") * 32 + written["day"].to_numpy(dtype="int64"),
                                  days)]
        by_day = self.by_day
        for a, y, mo, d, ev, tp in zip(written["article_id"].tolist(), *(written[c].to_numpy(dtype="int64").tolist()
                                                                         for c in ("year", "month", "day")),
                                       written["event"].tolist(), written["topics"].tolist()):
            if isinstance(ev, str) and ev:
                by_day[(mo, d, ("event", ev))][y].add(a)
            for t in set(tp) if tp is not None else ():
                by_day[(mo, d, ("topic", t))][y].add(a)
        wanted = {e for e in open_rows["event"].tolist() if isinstance(e, str) and e}
        self.articles_by_event: dict[str, set[str]] = defaultdict(set)     # named event -> articles naming it
        for a, evs in zip(articles["article_id"].tolist(), articles["events"].tolist()):
            for ev in evs if evs is not None else ():
                if ev in wanted:
                    self.articles_by_event[ev].add(a)
        self._event_years: dict[tuple[str, int], Counter] = {}
        self._contact_years: dict[tuple, dict[tuple, set[str]]] = {}
        self.meeting_keys = {}                     # (article, date offset) -> contact key
        self.contacts = defaultdict(set)           # contact key -> articles reporting it
        if len(meetings):
            keys = contact_keys(meetings)
            refs = pd.to_numeric(meetings["date_ref"], errors="coerce").to_numpy(dtype="float64")
            asked = meetings["article_id"].isin(set(open_rows["article_id"].tolist())).to_numpy(dtype=bool) & ~np.isnan(refs)
            ids = meetings["article_id"].to_numpy(dtype=object)
            for aid, key, ref in zip(ids[asked].tolist(), keys[asked].tolist(), refs[asked].tolist()):
                self.meeting_keys[(aid, int(ref))] = key
            reported = pd.Series(keys, dtype=object).isin(set(self.meeting_keys.values())).to_numpy(dtype=bool)
            for aid, key in zip(ids[reported].tolist(), keys[reported].tolist()):
                self.contacts[key].add(aid)

    def same_day(self, row: dict) -> int | None:
        """A year written with the same day and month elsewhere, for the same event or topic."""
        own, event = row["article_id"], row.get("event")
        keys = [("topic", t) for t in set(row.get("topics") if row.get("topics") is not None else ())]
        if isinstance(event, str) and event:
            keys.append(("event", event))
        years = {y for what in keys for y, articles in self.by_day.get((row["month"], row["day"], what), {}).items()
                 if len(articles) > 1 or own not in articles}
        return years.pop() if len(years) == 1 else None

    def same_contact(self, row: dict, year_of_article: dict) -> int | None:
        """The year of the same contact as reported, with a year, by another article."""
        key = self.meeting_keys.get((row["article_id"], int(row["start"])))
        if not key:
            return None
        cache_key = (key, id(year_of_article))
        if cache_key not in self._contact_years:     # (year, month) -> articles, counted once per contact
            dated: dict[tuple, set[str]] = defaultdict(set)
            for article in self.contacts.get(key, ()):
                year, month = year_of_article.get(article, (None, None))
                if year:
                    dated[(year, month)].add(article)
            self._contact_years[cache_key] = dated
        own, month_of_row = row["article_id"], row["month"]
        years = {year for (year, month), articles in self._contact_years[cache_key].items()
                 if (month is None or month == month_of_row) and (len(articles) > 1 or own not in articles)}
        return years.pop() if len(years) == 1 else None

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

    def year_for(self, row: dict, year_of_article: dict, same_day: bool = True) -> int | None:
        """Step 3: a year from other articles, or None (`same_day` False: that look-up is known to
        give none; it does not depend on the years of articles)."""
        return (same_day and self.same_day(row)) or self.same_contact(row, year_of_article) \
            or self.named_event(row, year_of_article)


def _published_years(articles: pd.DataFrame, bases: tuple[str, ...]) -> dict[str, tuple[int, int | None]]:
    out, seen = {}, {}
    for a, pub, basis in zip(*(articles[c].tolist() for c in ("article_id", "published", "published_basis"))):
        if isinstance(pub, str) and basis in bases:
            if pub not in seen:                         # a few hundred distinct dates among many articles
                anchor = dr.Anchor.from_iso(pub)
                seen[pub] = (anchor.year, anchor.month) if anchor else None
            if seen[pub]:
                out[a] = seen[pub]
    return out


FIRM_BASES = ("explicit", "year_inferred")


def latest_firm_dates(dates: pd.DataFrame) -> dict[str, str]:
    """article → the latest value among its explicit or year-inferred dates (ISO text compares
    in date order)."""
    firm = dates.loc[dates["basis"].isin(FIRM_BASES).to_numpy(dtype=bool) & dates["value"].notna().to_numpy(dtype=bool),
                     ["article_id", "value"]]
    values = firm["value"].to_numpy(dtype=object)
    order = np.argsort(values, kind="stable")            # each article's latest value written last
    return dict(zip(firm["article_id"].to_numpy(dtype=object)[order].tolist(), values[order].tolist()))


def _later(latest: dict[str, str], updates: dict[int, dict], article_of: dict[int, str]) -> dict[str, str]:
    """`latest` with the values of some rows just resolved (year inferred: firm) taken in."""
    out = dict(latest)
    for i, u in updates.items():
        a, v = article_of[i], u["value"]
        if isinstance(v, str) and (a not in out or v > out[a]):
            out[a] = v
    return out


def infer_published(articles: pd.DataFrame, latest: dict[str, str]) -> pd.DataFrame:
    """Articles without a date: the latest year their own dates resolve to (marked inferred);
    `latest`: article → its latest firm date (`latest_firm_dates`)."""
    if not latest:
        return articles
    ids = articles["article_id"].tolist()
    missing = [i for i, (a, pub) in enumerate(zip(ids, articles["published"].tolist()))
               if not isinstance(pub, str) and a in latest]
    if not missing:
        return articles
    articles = articles.copy()
    for col, fill in (("published", lambda a: latest[a][:4]), ("published_precision", lambda a: "year"),
                      ("published_basis", lambda a: "inferred")):
        values = articles[col].astype(object).tolist()
        for i in missing:
            values[i] = fill(ids[i])
        articles[col] = object_column(values, articles.index)
    return articles


def _redo_metadata_articles(articles: pd.DataFrame, dates: pd.DataFrame) -> dict[int, dict]:
    """Rows of articles whose date the analyst set in metadata.csv, resolved again with it."""
    meta = dict(zip(*(articles.loc[articles["published_basis"] == "metadata", c].tolist()
                      for c in ("article_id", "published"))))
    return redo_local(dates, meta)


def redo_local(dates: pd.DataFrame, published: dict[str, str | None]) -> dict[int, dict]:
    """Resolved columns of the dates of some articles, resolved again from their own text and
    the given publication dates (article → ISO or None)."""
    if not published or not len(dates):
        return {}
    rows = dates[dates["article_id"].isin(list(published))]
    out: dict[int, dict] = {}
    for aid, group in rows.groupby("article_id", sort=False):
        resolved = resolve_local([dict(r) for r in group.to_dict("records")], published[aid])
        out.update({i: {k: r[k] for k in RESOLVED} for i, r in zip(group.index, resolved)})
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


def resolve_corpus(articles: pd.DataFrame, dates: pd.DataFrame,
                   meetings: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list]:
    """Step 3 for the dates still open, metadata.csv dates, inferred publication years. Also the
    index labels of the dates rows whose resolved columns (RESOLVED) it wrote."""
    if not len(dates):
        return articles, dates, []
    redone = _redo_metadata_articles(articles, dates)
    dates = _write(dates, redone)
    open_rows = dates.loc[dates["value"].isna() & dates["month"].notna() & dates["kind"].eq("date"),
                          ["article_id", "start", "event", "topics", "month", "day"]]
    if not len(open_rows):
        return infer_published(articles, latest_firm_dates(dates)), dates, list(redone)
    ev = YearEvidence(articles, dates, meetings, open_rows)
    rows = dict(zip(open_rows.index.tolist(), open_rows.astype(object).to_dict("records")))
    firm = _published_years(articles, ("stated", "metadata"))
    first = {i: y for i, r in rows.items() if (y := ev.year_for(r, firm))}
    first = _resolved_with(dates, first)
    article_of = dict(zip(open_rows.index.tolist(), open_rows["article_id"].tolist()))
    latest = _later(latest_firm_dates(dates), first, article_of)
    every = _published_years(infer_published(articles, latest), ("stated", "metadata", "inferred"))
    second = {i: y for i, r in rows.items() if i not in first and (y := ev.year_for(r, every, same_day=False))}
    second = _resolved_with(dates, second)       # second pass: the years just inferred count too
    dates = _write(dates, {**first, **second})
    return infer_published(articles, _later(latest, second, article_of)), dates, list({**redone, **first, **second})


def _resolved_with(dates: pd.DataFrame, years: dict[int, int]) -> dict[int, dict]:
    """The resolved columns of some rows given the year other articles gave each."""
    if not years:
        return {}
    rows = dates.loc[list(years)]
    return {i: stamped(dr.resolve(mention_of(r), year=years[i]), "other_articles")
            for i, r in zip(rows.index.tolist(), rows.to_dict("records"))}
