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


def present(value) -> bool:
    """A number that is there: not None, not NaN (columns read back as plain Python values)."""
    if value is None:
        return False
    if isinstance(value, (int, float)):
        return value == value
    return not pd.isna(value)


def meeting_dates(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Fill date, date_precision and date_basis: from the sentence, else the article."""
    meetings = meetings.copy()
    lookup = {(a, int(s)): (v, p) for a, s, v, p in zip(*(dates[c].tolist() for c in ("article_id", "start", "value", "precision")))
              if isinstance(v, str)} if len(dates) else {}
    published = {a: (p, pp) for a, p, pp in zip(*(articles[c].tolist() for c in ("article_id", "published", "published_precision")))}
    values, precisions, bases = [], [], []
    for aid, ref in zip(meetings["article_id"].tolist(), meetings["date_ref"].tolist()):
        hit = lookup.get((aid, int(ref))) if present(ref) else None
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


def _contact_key(participants, mtype: str) -> tuple:
    """Reports of one contact share participants; a phone call only matches a phone call."""
    return frozenset(participants), mtype == "phone_call"


def _groups(meetings: pd.DataFrame) -> dict[tuple, list[int]]:
    """contact key → row positions of its reports, in table order."""
    groups: dict[tuple, list[int]] = {}
    for i, key in enumerate(map(_contact_key, meetings["participants"].tolist(), meetings["type"].tolist())):
        groups.setdefault(key, []).append(i)
    return groups


def _signature(members: list[int], ids: list, when: list, where: list) -> tuple:
    """All that clustering a contact's reports depends on: their ids, dates and places, in order."""
    return tuple((ids[i], when[i], where[i]) for i in members)


def known_events(previous: pd.DataFrame | None) -> dict[tuple, tuple[tuple, list]]:
    """contact key → (signature, event ids) of the meetings table a previous build wrote (all
    of it, removed articles included: a contact one of whose reports went away is redone)."""
    if previous is None or not len(previous):
        return {}
    ids, when, where = (previous[c].tolist() for c in ("meeting_id", "date", "location"))
    events = previous["event_id"].tolist()
    return {key: (_signature(members, ids, when, where), [events[i] for i in members])
            for key, members in _groups(previous).items()}


def assign_events(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                  country_of: dict[str, str] | None = None, known: dict | None = None) -> pd.DataFrame:
    """Dates and event ids for the meetings table. `known` (from `known_events`): a contact whose
    reports, dates and places are exactly those of the previous build, in the same order, keeps
    the event ids it had (clustering them again would give the same)."""
    if not len(meetings):
        return meetings
    meetings = meeting_dates(meetings, dates, articles)
    country_of, known = country_of or {}, known or {}
    ids, when, where = meetings["meeting_id"].tolist(), meetings["date"].tolist(), meetings["location"].tolist()
    event_ids: list[str | None] = [None] * len(ids)
    for key, members in _groups(meetings).items():
        old = known.get(key)
        if old is not None and old[0] == _signature(members, ids, when, where):
            for i, eid in zip(members, old[1]):
                event_ids[i] = eid
            continue
        contact = _Contact()
        for i in sorted(members, key=lambda i: -len(when[i] or "")):     # most precise dates first
            contact.place(i, when[i], where[i], country_of)
        for cluster in contact.clusters:
            seed = "|".join(sorted(key[0])) + "|" + min(ids[j] for j in cluster.members)
            eid = "ev-" + hashlib.sha1(seed.encode()).hexdigest()[:10]
            for j in cluster.members:
                event_ids[j] = eid
    meetings["event_id"] = object_column(event_ids, meetings.index)
    return meetings
