"""Corpus-wide: each meeting's date, and one event_id for every report of the same contact.

Reports are the same contact when they have the same participants (a phone call only
matches a phone call), their dates agree as far as both are known ("2020-01" agrees with
"2020-01-08", a range of days "2020-03-03/2020-03-04" with either day), and their places
agree (Trablus agrees with Libya, not with Moskova). The reports of one event then share the
finest date any of them gives (a day beats a month beats a year; date_basis "event").
"""
from __future__ import annotations

import hashlib
from datetime import date as _day, timedelta
from typing import Callable

import numpy as np
import pandas as pd

from newsgraph.analysis.dateresolve import by_tense
from newsgraph.storage.store import object_column, same_values


def _agrees(a: str | None, b: str | None) -> bool:
    """Two ISO dates of any precision agree when one is a prefix of the other; a range of
    days agrees with what overlaps it."""
    if not a or not b:
        return True
    if "/" in a or "/" in b:
        (a0, a1), (b0, b1) = _days(a), _days(b)
        return a0 <= b1 and b0 <= a1
    return a.startswith(b) or b.startswith(a)


def _days(value: str) -> tuple[str, str]:
    """First and last day a date covers, as ISO text that compares in date order ("2020-02" →
    2020-02-01..2020-02-31 is fine for comparing)."""
    if "/" in value:
        first, last = value.split("/", 1)
        return first[:10], last[:10]
    return (value + "-01-01")[:10], ((value + "-12-31") if len(value) == 4 else (value + "-31"))[:10]


def _covered(value: str) -> list[str]:
    """The days of a range of days ("2020-03-03/2020-03-05" → three days); [value] otherwise."""
    if "/" not in value:
        return [value]
    first, last = (_day.fromisoformat(d) for d in _days(value))
    return [(first + timedelta(days=i)).isoformat() for i in range(min((last - first).days, 366) + 1)]


def tense_year(value: str, published: object, status: str) -> str:
    """A contact's date whose year was taken from the article's date, by its status: held is
    past, planned is to come (dateresolve.by_tense)."""
    return by_tense(value, published, {"held": "past", "planned": "future"}.get(status))


def meeting_dates(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Fill date, date_precision and date_basis: from the sentence ("sentence"), or an earlier
    sentence of its story ("context", contacts/narrative.py), else the article."""
    meetings = meetings.copy()
    n = len(meetings)
    refs = pd.to_numeric(meetings["date_ref"], errors="coerce").to_numpy(dtype="float64")
    has_ref = ~np.isnan(refs)
    values = np.full(n, None, dtype=object)
    precisions = np.full(n, None, dtype=object)
    bases = np.full(n, None, dtype=object)
    if len(dates) and has_ref.any():                  # the dates row the meeting's sentence named
        cols = ["article_id", "sent_idx", "start", "value", "precision"] + \
            [c for c in ("basis", "year_source") if c in dates.columns]
        found = dates.loc[dates["value"].notna().to_numpy(dtype=bool), cols]
        codes, _ = pd.factorize(np.concatenate([found["article_id"].to_numpy(dtype=object),
                                                meetings["article_id"].to_numpy(dtype=object)[has_ref]]))
        codes = codes.astype("int64") << 32                # (article, place in its text) as one integer
        key = pd.Index(codes[:len(found)] | found["start"].to_numpy(dtype="int64"))
        want = codes[len(found):] | refs[has_ref].astype("int64")
        if not key.is_unique:                         # one row per place in the text (the last, as a dict would)
            last = ~key.duplicated(keep="last")
            found, key = found.loc[last], key[last]
        at = key.get_indexer(want)
        rows = np.flatnonzero(has_ref)[at >= 0]
        values[rows] = found["value"].to_numpy(dtype=object)[at[at >= 0]]
        precisions[rows] = found["precision"].to_numpy(dtype=object)[at[at >= 0]]
        earlier = found["sent_idx"].to_numpy(dtype="int64")[at[at >= 0]] < \
            meetings["sent_idx"].to_numpy(dtype="int64")[rows]      # a lead's date the contact was told under
        bases[rows] = np.where(earlier, "context", "sentence")
        if "year_source" in found.columns:            # a year taken from the article's date follows the tense
            guessed = (found["basis"].to_numpy(dtype=object)[at[at >= 0]] == "year_inferred") & \
                (found["year_source"].to_numpy(dtype=object)[at[at >= 0]] == "article_date")
            pub = dict(zip(articles["article_id"].tolist(), articles["published"].tolist()))   # an article's last row
            article, status = meetings["article_id"].to_numpy(dtype=object), meetings["status"].to_numpy(dtype=object)
            for r in rows[guessed]:
                values[r] = tense_year(values[r], pub.get(article[r]), status[r])
    rest = np.flatnonzero(bases == None)             # noqa: E711 - elementwise on an object array
    if len(rest):                                     # else the article's publication date
        pub = articles[["article_id", "published", "published_precision"]].astype(object) \
            .drop_duplicates("article_id", keep="last").set_index("article_id")
        found = pub.reindex(meetings["article_id"].to_numpy(dtype=object)[rest])
        pv, pp = found["published"].to_numpy(dtype=object), found["published_precision"].to_numpy(dtype=object)
        dated = np.array([isinstance(v, str) for v in pv], dtype=bool)
        values[rest[dated]], precisions[rest[dated]], bases[rest[dated]] = pv[dated], pp[dated], "article"
    for col, vals in (("date", values), ("date_precision", precisions), ("date_basis", bases)):
        meetings[col] = object_column(vals, meetings.index)
    return meetings


def _places_agree(a: str | None, b: str | None, country_of: dict) -> bool:
    if not a or not b or a == b:
        return True
    return country_of.get(a) == b or country_of.get(b) == a


class _Cluster:
    """Reports of one contact: their dates (at most one day: two days never agree) and places."""

    def __init__(self) -> None:
        self.members: list[int] = []
        self.dates: set[str] = set()
        self.places: set[str] = set()

    def accepts(self, date: str | None, place: str | None, country_of: dict) -> bool:
        return all(_agrees(date, d) for d in self.dates) and all(_places_agree(place, p, country_of) for p in self.places)

    def add(self, i: int, date: str | None, place: str | None) -> None:
        self.members.append(i)
        if isinstance(date, str):
            self.dates.add(date)
        if isinstance(place, str):
            self.places.add(place)


class _Contact:
    """The clusters of one participant set, indexed by every date prefix they hold, so a
    report is compared with the clusters its date can agree with, not with all of them."""

    def __init__(self) -> None:
        self.clusters: list[_Cluster] = []
        self.by_prefix: dict[str, list[_Cluster]] = {}

    def place(self, i: int, date: str | None, place: str | None, country_of: dict) -> None:
        if not date:
            candidates = self.clusters
        else:                                   # a range is looked up under each of its days
            keys = _covered(date) + ([date[:10]] if len(date) > 10 and "/" not in date else []) + [""]
            candidates = list(dict.fromkeys(c for k in keys for c in self.by_prefix.get(k, [])))
        home = next((c for c in candidates if c.accepts(date, place, country_of)), None)
        if home is None:
            home = _Cluster()
            self.clusters.append(home)
            if not date:
                self.by_prefix.setdefault("", []).append(home)
        known = bool(home.dates)
        home.add(i, date, place)
        if date and not known:                  # index the cluster under each prefix of its date (of each day of a range)
            cuts = (4, 7, 10) if "/" in date else sorted({min(cut, len(date)) for cut in (4, 7, 10, len(date))})
            for key in dict.fromkeys(d[:cut] for d in _covered(date) for cut in cuts):
                self.by_prefix.setdefault(key, []).append(home)
            if home in self.by_prefix.get("", []):
                self.by_prefix[""].remove(home)


def contact_keys(meetings: pd.DataFrame) -> np.ndarray:
    """Each report's contact: its participant set (the `contact` column), and whether it is a
    phone call (a phone call only matches a phone call)."""
    contact = meetings["contact"].astype(object).to_numpy()
    phone = meetings["type"].astype(object).to_numpy() == "phone_call"
    return np.where(phone, contact + "#phone", contact).astype(object)


def _groups(keys: np.ndarray) -> dict[str, list[int]]:
    """contact key → row positions of its reports, in table order."""
    if not len(keys):
        return {}
    codes, uniques = pd.factorize(keys)
    order = np.argsort(codes, kind="stable")
    bounds = np.flatnonzero(np.r_[True, codes[order][1:] != codes[order][:-1], True])
    return {uniques[codes[order[a]]]: order[a:b].tolist() for a, b in zip(bounds[:-1], bounds[1:])}


KNOWN_COLUMNS = ["meeting_id", "date", "location", "event_id", "date_basis", "contact", "type"]   # what known_events reads


def known_events(previous: pd.DataFrame | None) -> pd.DataFrame | None:
    """The reports of the meetings table a previous build wrote (all of it, removed articles
    included: a contact one of whose reports went away is clustered again), with their contact
    key and place within it. `previous` needs the columns KNOWN_COLUMNS only."""
    if previous is None or not len(previous):
        return None
    known = _ranked(previous, ["meeting_id", "date", "location", "event_id"])
    # A report dated from its event has lost its own date: its contact is clustered again.
    if "date_basis" in previous:
        known.loc[previous["date_basis"].to_numpy(dtype=object) == "event", "date"] = _SHARED
    return known


_SHARED = "\0shared"             # a date no report has: never the same as this build's


def _ranked(meetings: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(meetings[c].to_numpy(dtype=object), dtype=object) for c in columns})
    frame["key"] = pd.Series(contact_keys(meetings), dtype=object)
    frame["rank"] = frame.groupby("key", sort=False).cumcount().to_numpy()
    frame["size"] = frame.groupby("key", sort=False)["rank"].transform("size").to_numpy()
    return frame


def _kept_events(now: pd.DataFrame, known: pd.DataFrame | None) -> np.ndarray:
    """Per row, the event id of the previous build when its contact's reports, dates and places
    are exactly those of the previous build, in the same order (clustering them again would give
    the same); None for rows to cluster."""
    out = np.full(len(now), None, dtype=object)
    if known is None or not len(now):
        return out
    both = now.reset_index(drop=True).merge(known, on=["key", "rank"], how="left", suffixes=("", "_old"))
    same = np.ones(len(both), dtype=bool)
    for col in ("meeting_id", "date", "location", "size"):          # missing (None or NaN) equals missing
        same &= same_values(both[col].to_numpy(dtype=object), both[f"{col}_old"].to_numpy(dtype=object))
    whole = pd.Series(same).groupby(both["key"].to_numpy(), sort=False).transform("all").to_numpy(dtype=bool)
    out[whole] = both["event_id"].to_numpy(dtype=object)[whole]
    return out


def assign_events(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                  country_of: dict[str, str] | None = None, known: pd.DataFrame | None = None,
                  after_dating: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Dates and event ids for the meetings table. `known` (from `known_events`): a contact whose
    reports, dates and places are exactly those of the previous build, in the same order, keeps
    the event ids it had. `after_dating` changes the dated reports before they are grouped (the
    dates an analyst gave, corpus/corrected.py)."""
    if not len(meetings):
        return meetings
    meetings = meeting_dates(meetings, dates, articles)
    if after_dating is not None:
        meetings = after_dating(meetings)
    country_of = country_of or {}
    now = _ranked(meetings, ["meeting_id", "date", "location"])
    event_ids = _kept_events(now, known)
    ids, when, where = now["meeting_id"].tolist(), now["date"].tolist(), now["location"].tolist()
    rows = np.flatnonzero(event_ids == None)                       # noqa: E711 - elementwise: to cluster
    for key, members in _groups(now["key"].to_numpy(dtype=object)[rows]).items():
        members = rows[members].tolist()
        contact = _Contact()
        for i in sorted(members, key=lambda i: -len(when[i] or "")):     # most precise dates first
            contact.place(i, when[i], where[i], country_of)
        people = key.removesuffix("#phone")
        for cluster in contact.clusters:
            seed = people + "|" + min(ids[j] for j in cluster.members)
            eid = "ev-" + hashlib.sha1(seed.encode()).hexdigest()[:10]
            for j in cluster.members:
                event_ids[j] = eid
    meetings["event_id"] = object_column(event_ids, meetings.index)
    return share_finest_dates(meetings)


def _rank(value: str) -> int:
    """How fine a date is: a time 4, a day 3, a range of days 2, a month 1, a year 0."""
    return 2 if "/" in value else {4: 0, 7: 1, 10: 3}.get(len(value), 4)


def share_finest_dates(meetings: pd.DataFrame) -> pd.DataFrame:
    """Every report of an event takes the finest date any report of it gives: a time beats a
    day, a day a range of days, a range a month, a month a year (the first such report in
    table order); a report that takes another's date gets date_basis "event". A date an analyst
    gave (date_basis "corrected") is never replaced."""
    dates = meetings["date"].to_numpy(dtype=object)
    precisions = meetings["date_precision"].to_numpy(dtype=object)
    value_codes, distinct = pd.factorize(dates)                      # few distinct dates: rank each once
    rank = np.array([_rank(v) for v in distinct] + [-1], dtype=np.int64)[value_codes]
    codes, _ = pd.factorize(meetings["event_id"].to_numpy(dtype=object))
    order = np.lexsort((np.arange(len(codes)), -rank, codes))          # per event: finest first, then table order
    first = order[np.r_[True, codes[order][1:] != codes[order][:-1]]]
    best = np.empty(codes.max() + 1 if len(codes) else 0, dtype=np.int64)
    best[codes[first]] = first
    take = best[codes]
    mine = meetings["date_basis"].to_numpy(dtype=object) == "corrected"
    change = np.flatnonzero((rank[take] > rank) & (codes >= 0) & ~mine)
    if not len(change):
        return meetings
    meetings = meetings.copy()
    for col, values in (("date", dates[take[change]]), ("date_precision", precisions[take[change]])):
        column = meetings[col].to_numpy(dtype=object).copy()
        column[change] = values
        meetings[col] = object_column(column, meetings.index)
    basis = meetings["date_basis"].to_numpy(dtype=object).copy()
    basis[change] = "event"
    meetings["date_basis"] = object_column(basis, meetings.index)
    return meetings
