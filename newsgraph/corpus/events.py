"""Corpus-wide: each meeting's date, and one event_id for every report of the same contact.

Reports are the same contact when they have the same participants (a phone call only
matches a phone call), their dates agree as far as both are known ("2020-01" agrees with
"2020-01-08", a range of days "2020-03-03/2020-03-04" with either day), and their places
agree (Trablus agrees with Libya, not with Moskova). The reports of one event then share the
finest date any of them gives (a day beats a month beats a year; date_basis "event").
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
    meetings = meetings.copy(deep=False)           # columns replaced, never written into
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
            moved: dict[tuple, str | None] = {}       # few distinct (date, article date, status)
            for r in rows[guessed].tolist():
                args = (values[r], pub.get(article[r]), status[r])
                if args not in moved:
                    moved[args] = tense_year(*args)
                values[r] = moved[args]
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
    """Reports of one contact: their dates (at most one day: two days never agree) and places;
    `first` is the date of the report that opened it, `least` the least meeting id in it, `old_id`
    its event id in the last build (a cluster kept from it, `members` then the rows added)."""

    def __init__(self, first: str | None = None, least: str | None = None, old_id: str | None = None) -> None:
        self.members: list[int] = []
        self.dates: set[str] = set()
        self.places: set[str] = set()
        self.first, self.least, self.old_id = first, least, old_id

    def accepts(self, date: str | None, place: str | None, country_of: dict) -> bool:
        return all(_agrees(date, d) for d in self.dates) and all(_places_agree(place, p, country_of) for p in self.places)

    def add(self, i: int, date: str | None, place: str | None) -> None:
        if not self.members and self.old_id is None:
            self.first = date if isinstance(date, str) else None
        self.members.append(i)
        if isinstance(date, str):
            self.dates.add(date)
        if isinstance(place, str):
            self.places.add(place)


class _Contact:
    """The clusters of one participant set, indexed by every date prefix they hold, so a
    report is compared with the clusters its date can agree with, not with all of them.
    Reports are placed most precise date first (then in table order): a cluster is indexed
    under the date of the report that opened it, as no later report is more precise."""

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
        if date and not known:
            self._index(home, date)
            if home in self.by_prefix.get("", []):
                self.by_prefix[""].remove(home)

    def _index(self, home: _Cluster, date: str) -> None:
        """Index a cluster under each prefix of its date (of each day of a range)."""
        cuts = (4, 7, 10) if "/" in date else sorted({min(cut, len(date)) for cut in (4, 7, 10, len(date))})
        for key in dict.fromkeys(d[:cut] for d in _covered(date) for cut in cuts):
            self.by_prefix.setdefault(key, []).append(home)

    def restore(self, cluster: _Cluster) -> None:
        """A cluster of the last build (its dates, places, first date and least id set), in the
        order the last build opened them: as placing its reports again would leave it."""
        self.clusters.append(cluster)
        if cluster.first:
            self._index(cluster, cluster.first)
        else:
            self.by_prefix.setdefault("", []).append(cluster)


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


@dataclass
class Clustering:
    """What a build's event ids came from, kept for the next build (overlay.save_state): per report,
    in table order, its meeting id, contact key, the date and place it was clustered with (before
    the event's finest date is shared), its event id, and its date, precision and basis as
    published (`SHOWN`). Also, against the clustering the build kept from the last one, the
    articles whose meetings rows differ."""

    reports: pd.DataFrame
    changed: set[str] | None = None      # articles whose meetings rows differ from the kept ones (None: not known)


SHOWN = {"date": "shown_date", "date_precision": "shown_precision", "date_basis": "shown_basis"}   # as published
REPORT_COLUMNS = ["meeting_id", "key", "date", "location", "event_id", *SHOWN.values()]


def _event_id(people: str, least: str) -> str:
    return "ev-" + hashlib.sha1((people + "|" + least).encode()).hexdigest()[:10]


def _matched(now: pd.DataFrame, kept: Clustering | None) -> np.ndarray | None:
    """Per row of `now`, the position of the kept report of the same meeting id (-1: none); None
    when nothing usable was kept."""
    prev = kept.reports if kept is not None else None
    if prev is None or not len(prev):
        return None
    index = pd.Index(prev["meeting_id"].to_numpy(dtype=object))
    return index.get_indexer(now["meeting_id"].to_numpy(dtype=object)) if index.is_unique else None


def _plan(now: pd.DataFrame, kept: Clustering | None,
          at: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """How each contact's event ids are had from the last build's clustering `kept`: per contact
    (codes of now["key"]) whether to keep them (its reports, dates and places are those the last
    build clustered, in the same order), whether to extend them (the same, plus new reports that
    all come after every old one in the order reports are placed: most precise date first, then
    table order; placing the old ones again would leave the clusters as kept, so only the new are
    placed), otherwise neither (clustered whole); per row whether it is such an old report, and
    its event id then (`at`: from _matched). Returns (codes, keep, extend, old, old_event_id)."""
    n = len(now)
    codes, uniques = pd.factorize(now["key"].to_numpy(dtype=object))
    keep = extend = np.zeros(len(uniques), dtype=bool)
    old, old_ids = np.zeros(n, dtype=bool), np.full(n, None, dtype=object)
    if at is None or kept is None:
        return codes, keep, extend, old, old_ids
    prev = kept.reports
    hit = np.flatnonzero(at >= 0)
    same = np.ones(len(hit), dtype=bool)
    for col in ("key", "date", "location"):                       # missing (None or NaN) equals missing
        same &= same_values(now[col].to_numpy(dtype=object)[hit], prev[col].to_numpy(dtype=object)[at[hit]])
    old[hit[same]] = True
    old_ids[old] = prev["event_id"].to_numpy(dtype=object)[at[old]]
    prev_codes = pd.Index(uniques).get_indexer(prev["key"].to_numpy(dtype=object))
    n_prev = np.bincount(prev_codes[prev_codes >= 0], minlength=len(uniques))
    intact = (n_prev > 0) & (np.bincount(codes[old], minlength=len(uniques)) == n_prev)
    rows = np.flatnonzero(old)                                     # old reports in the order they were
    rows = rows[np.argsort(codes[rows], kind="stable")]
    disorder = (codes[rows][1:] == codes[rows][:-1]) & (at[rows][1:] <= at[rows][:-1])
    intact[codes[rows][1:][disorder]] = False
    lengths = np.fromiter((len(d) if isinstance(d, str) else 0 for d in now["date"].tolist()), dtype=np.int64, count=n)
    turn = (lengths.max() - lengths) * (n + 1) + np.arange(n)      # the order reports are placed in
    last_old = np.full(len(uniques), -1, dtype=np.int64)
    np.maximum.at(last_old, codes[old], turn[old])
    first_new = np.full(len(uniques), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first_new, codes[~old], turn[~old])
    fresh = first_new < np.iinfo(np.int64).max
    return codes, intact & ~fresh, intact & fresh & (last_old < first_new), old, old_ids


def _restored(prev: pd.DataFrame, keys: set) -> dict[str, _Contact]:
    """The contacts of `keys` with their clusters as the last build left them, from its reports
    `prev` (Clustering.reports): taken in the order it placed them, each event id opens a cluster."""
    out: dict[str, _Contact] = {}
    if not keys:
        return out
    rows = prev[prev["key"].isin(keys).to_numpy(dtype=bool)]
    key, meeting, when, where, eid = (rows[c].tolist() for c in ("key", "meeting_id", "date", "location", "event_id"))
    clusters: dict[str, _Cluster] = {}
    for r in sorted(range(len(rows)), key=lambda r: -len(when[r] or "")):       # most precise dates first
        cluster = clusters.get(eid[r])
        if cluster is None:
            cluster = clusters[eid[r]] = _Cluster(when[r] if isinstance(when[r], str) else None, meeting[r], eid[r])
            out.setdefault(key[r], _Contact()).restore(cluster)
        cluster.least = min(cluster.least, meeting[r])
        if isinstance(when[r], str):
            cluster.dates.add(when[r])
        if isinstance(where[r], str):
            cluster.places.add(where[r])
    return out


def assign_events(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                  country_of: dict[str, str] | None = None, kept: Clustering | None = None,
                  after_dating: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> pd.DataFrame:
    """Dates and event ids for the meetings table (`cluster_events` without what it keeps)."""
    return cluster_events(meetings, dates, articles, country_of, kept, after_dating)[0]


def cluster_events(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                   country_of: dict[str, str] | None = None, kept: Clustering | None = None,
                   after_dating: Callable[[pd.DataFrame], pd.DataFrame] | None = None) -> tuple[pd.DataFrame, Clustering]:
    """Dates and event ids for the meetings table, and the clustering to keep for the next build.
    With `kept`, the last build's clustering, a contact whose reports, dates and places are those
    it clustered keeps its event ids, and one with only new reports placed after them has only
    those placed (`_plan`); every other contact is clustered whole, as without `kept` (the
    reference: tests compare the two). `after_dating` changes the dated reports before they are
    grouped (the dates an analyst gave, corpus/corrected.py)."""
    if not len(meetings):
        return meetings, Clustering(pd.DataFrame(columns=REPORT_COLUMNS))
    meetings = meeting_dates(meetings, dates, articles)
    if after_dating is not None:
        meetings = after_dating(meetings)
    country_of = country_of or {}
    now = pd.DataFrame({c: pd.Series(v, dtype=object) for c, v in (      # None stays None
        ("meeting_id", meetings["meeting_id"].to_numpy(dtype=object)), ("key", contact_keys(meetings)),
        ("date", meetings["date"].to_numpy(dtype=object)), ("location", meetings["location"].to_numpy(dtype=object)))})
    at = _matched(now, kept)
    codes, keep, extend, old, old_ids = _plan(now, kept, at)
    keys = now["key"].to_numpy(dtype=object)
    contacts = _restored(kept.reports, set(keys[extend[codes]].tolist())) if kept is not None else {}
    extend &= pd.Index(pd.unique(keys)).isin(list(contacts))        # (a contact the kept clusters lack: whole)
    kept_rows = keep[codes] | (extend[codes] & old)
    event_ids = np.where(kept_rows, old_ids, None)
    ids, when, where = now["meeting_id"].tolist(), now["date"].tolist(), now["location"].tolist()
    rows = np.flatnonzero(~kept_rows)                              # to place
    renamed: dict[str, str] = {}
    for key, members in _groups(keys[rows]).items():
        members = rows[members].tolist()
        contact = contacts.get(key) or _Contact()
        for i in sorted(members, key=lambda i: -len(when[i] or "")):     # most precise dates first
            contact.place(i, when[i], where[i], country_of)
        people = key.removesuffix("#phone")
        for cluster in contact.clusters:
            if not cluster.members:
                continue
            cluster.least = min([ids[j] for j in cluster.members] + ([cluster.least] if cluster.old_id else []))
            eid = _event_id(people, cluster.least)
            event_ids[cluster.members] = eid
            if cluster.old_id and cluster.old_id != eid:
                renamed[cluster.old_id] = eid
    for r in np.flatnonzero(extend[codes] & old) if renamed else ():   # a new report has the least id of its cluster
        event_ids[r] = renamed.get(event_ids[r], event_ids[r])
    meetings = meetings.copy(deep=False)
    meetings["event_id"] = object_column(event_ids, meetings.index)
    meetings = share_finest_dates(meetings)
    state = now.assign(event_id=pd.Series(event_ids, dtype=object),
                       **{kept_as: pd.Series(meetings[col].to_numpy(dtype=object), dtype=object)
                          for col, kept_as in SHOWN.items()})[REPORT_COLUMNS]
    changed = _changed(state, kept.reports, at, meetings["article_id"].to_numpy(dtype=object)) \
        if at is not None and kept is not None else None
    return meetings, Clustering(state, changed)


def _changed(state: pd.DataFrame, prev: pd.DataFrame, at: np.ndarray, articles: np.ndarray) -> set[str]:
    """The articles (`articles`: per row of `state`) of the reports whose event id or published date
    (date, precision, basis) differ from the kept reports `prev`, or that `prev` lacks (`at`: from _matched)."""
    differ = at < 0
    hit = np.flatnonzero(~differ)
    for col in ("event_id", *SHOWN.values()):
        differ[hit] |= ~same_values(state[col].to_numpy(dtype=object)[hit], prev[col].to_numpy(dtype=object)[at[hit]])
    return set(articles[differ].tolist())


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
    meetings = meetings.copy(deep=False)           # columns replaced, never written into
    for col, values in (("date", dates[take[change]]), ("date_precision", precisions[take[change]])):
        column = meetings[col].to_numpy(dtype=object).copy()
        column[change] = values
        meetings[col] = object_column(column, meetings.index)
    basis = meetings["date_basis"].to_numpy(dtype=object).copy()
    basis[change] = "event"
    meetings["date_basis"] = object_column(basis, meetings.index)
    return meetings
