"""Corpus-wide: each meeting's date, and one event_id for every report of the same contact.

Reports are the same contact when they have the same participants (a phone call only
matches a phone call), their dates agree as far as both are known ("2020-01" agrees with
"2020-01-08"), and their places agree (Trablus agrees with Libya, not with Moskova).
"""
from __future__ import annotations

import hashlib

import pandas as pd

from newsgraph.store import object_column


def _agrees(a: str | None, b: str | None) -> bool:
    """Two ISO dates of any precision agree when one is a prefix of the other."""
    if not a or not b:
        return True
    return a.startswith(b) or b.startswith(a)


def meeting_dates(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Fill date, date_precision and date_basis: from the sentence, else the article."""
    meetings = meetings.copy()
    lookup = {(a, int(s)): (v, p) for a, s, v, p in zip(dates["article_id"], dates["start"], dates["value"], dates["precision"])
              if isinstance(v, str)} if len(dates) else {}
    published = {a: (p, pp) for a, p, pp in zip(articles["article_id"], articles["published"], articles["published_precision"])}
    values, precisions, bases = [], [], []
    for aid, ref in zip(meetings["article_id"], meetings["date_ref"]):
        hit = lookup.get((aid, int(ref))) if ref is not None and not pd.isna(ref) else None
        pub = published.get(aid, (None, None))
        if hit:
            value, precision, basis = hit[0], hit[1], "sentence"
        elif isinstance(pub[0], str):
            value, precision, basis = pub[0], pub[1], "article"
        else:
            value, precision, basis = None, None, None
        values.append(value)
        precisions.append(precision)
        bases.append(basis)
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
        candidates = self.clusters if not date else self.by_prefix.get(date, []) + self.by_prefix.get("", [])
        home = next((c for c in candidates if c.accepts(date, place, country_of)), None)
        if home is None:
            home = _Cluster()
            self.clusters.append(home)
            if not date:
                self.by_prefix.setdefault("", []).append(home)
        known = bool(home.dates)
        home.add(i, date, place)
        if date and not known:                  # index the cluster under each prefix of its date
            for cut in sorted({min(cut, len(date)) for cut in (4, 7, 10, len(date))}):
                self.by_prefix.setdefault(date[:cut], []).append(home)
            if home in self.by_prefix.get("", []):
                self.by_prefix[""].remove(home)


def assign_events(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                  country_of: dict[str, str] | None = None) -> pd.DataFrame:
    """Dates and event ids for the meetings table."""
    if not len(meetings):
        return meetings
    meetings = meeting_dates(meetings, dates, articles)
    country_of = country_of or {}
    contacts: dict[tuple, _Contact] = {}
    keys = [(frozenset(p), t == "phone_call") for p, t in zip(meetings["participants"], meetings["type"])]
    when, where = list(meetings["date"]), list(meetings["location"])
    for i in sorted(range(len(keys)), key=lambda i: -len(when[i] or "")):   # most precise dates first
        contacts.setdefault(keys[i], _Contact()).place(i, when[i], where[i], country_of)
    ids = list(meetings["meeting_id"])
    event_ids: list[str | None] = [None] * len(keys)
    for key, contact in contacts.items():
        for cluster in contact.clusters:
            seed = "|".join(sorted(key[0])) + "|" + min(ids[j] for j in cluster.members)
            eid = "ev-" + hashlib.sha1(seed.encode()).hexdigest()[:10]
            for j in cluster.members:
                event_ids[j] = eid
    meetings["event_id"] = object_column(event_ids, meetings.index)
    return meetings
