"""The date a story's earlier sentence gives to the contacts it goes on to tell.

Turkish agency copy says when once, in the lead, and then tells the programme:

    Dışişleri Bakanı Fidan, dün Şam'da resmi temaslarda bulundu. … Fidan burada Şeybani ile görüştü.
    Şentop, 5-6 Mart'ta Ukrayna'ya ziyarette bulunacak. … Zelenskiy tarafından kabul edilecek.

A contact whose own sentences give no date takes the date of the nearest earlier sentence that
names a date, when that sentence is about one of its participants, the date suits its status
(a held contact is not dated by a day to come, nor a planned one by a day gone) and it is a day
(a month or a year says no more than the article's own date). The nearest dated sentence decides:
when it names another date (an election's, a day of other people, one of another tense), the
story has moved on and the contact keeps the article's date.
"""
from __future__ import annotations

import re

REACH = 10                      # sentences back a lead's date may reach (a programme rarely runs longer)
DAY_PRECISIONS = {"day", "hour", "minute"}
# Dates tied to these events may be the talks' own (a contact's own sentence's too: extract.py uses this set).
TALK_EVENTS = {None, "Zirve", "Konferans", "Müzakere", "Görüşme", "Toplantı", "Forum"}
# "Şentop ve beraberindeki heyet … gitti. Heyet bugün Belgrad'a geçecek": the delegation, told as the
# subject without its head's name, is its head's (the persons named with "beraberindeki heyet").
_WITH_DELEGATION = re.compile(r"\bberaberindeki\s+(?:\w+\s+){0,2}heyet|\bve\s+heyeti\b", re.IGNORECASE)
_DELEGATION_SUBJECT = re.compile(r"^\s*(?:Heyet|HEYET)(?!\w)")


def to_the_day(row: dict) -> bool:
    """A date row that names a day ("5 Mart", "dün", "5-6 Mart"), before or after its year is known."""
    return row.get("precision") in DAY_PRECISIONS or row.get("day") is not None and row.get("day") == row.get("day") \
        or row.get("offset_unit") == "day"


def suits(row: dict, status: str) -> bool:
    """A date row can date a contact of this status: a day of talks, not after it was held or
    before it is to be."""
    if not to_the_day(row) or row.get("event") not in TALK_EVENTS:
        return False
    ahead = (row.get("offset") or 0) > 0 or row.get("tense") == "future"
    behind = (row.get("offset") or 0) < 0 or row.get("tense") == "past"
    return not (status == "held" and ahead or status == "planned" and behind)


def carried_date(first_sent: int, own_sents: set[int], participants: set[str], status: str,
                 dates_by_sent: dict[int, list[dict]], people_by_sent: dict[int, set[str]],
                 reach: int = REACH) -> int | None:
    """The start of the date row an earlier sentence gives a contact first told in `first_sent`,
    or None (see the module's doc)."""
    if any(i in dates_by_sent for i in own_sents):
        return None                               # its sentences name a date, just not one of its own
    for j in range(first_sent - 1, max(-1, first_sent - reach - 1), -1):
        rows = [d for d in dates_by_sent.get(j, ()) if d.get("kind") != "time"]
        if not rows:
            continue
        if not participants & people_by_sent.get(j, set()):
            return None                           # the nearest date is of other people's story
        days = [d for d in rows if to_the_day(d)]
        if not days or not all(suits(d, status) for d in days):
            return None                           # a month or a year, another event's day, another tense
        return min(d["start"] for d in days)
    return None


def people_by_sentence(sents) -> dict[int, set[str]]:
    """The persons each sentence is about: those it names, and for a sentence whose subject is
    the delegation ("Heyet bugün …"), the persons last named with their delegation."""
    out: dict[int, set[str]] = {}
    heads: set[str] = set()
    for s in sents:
        named = {m.entity_id for m in s.mentions if m.label == "PER" and m.entity_id}
        # most sentences name no one, and of the rest most have no "heyet": every match holds it in
        # some case mix, and (?i) matches h, e, y, t only to H, E, Y, T, which lower() gives back
        if named and "heyet" in s.text.lower() and _WITH_DELEGATION.search(s.text):
            heads = named
        out[s.idx] = named | heads if _DELEGATION_SUBJECT.match(s.text) else named
    return out


def carry_dates(reports: list, date_rows: list[dict], sents: list) -> None:
    """Give every undated report the date an earlier sentence gives it (carried_date), in place.
    Reports told as earlier talks ("görüşmüşlerdi") keep theirs."""
    undated = [r for r in reports if r.date_ref is None and not (r.date_key or "").startswith("earlier")
               and r.status in ("held", "planned")]
    if not undated or not date_rows:
        return
    dates_by_sent: dict[int, list[dict]] = {}
    for d in date_rows:
        dates_by_sent.setdefault(d["sent_idx"], []).append(d)
    people = people_by_sentence(sents)
    for r in undated:
        own = set(r.sent_idxs or [r.sent_idx])
        r.date_ref = carried_date(min(own), own, set(r.participants), r.status, dates_by_sent, people)
