"""The day a story's lead gives to the contacts told after it (newsgraph/analysis/contacts/narrative.py),
on its own: which earlier sentence decides, and when the story has moved on. The whole pipeline is
tried by tests/constructions/lead_dates.yaml."""
from __future__ import annotations

from newsgraph.analysis.contacts.article import Sent
from newsgraph.analysis.contacts.narrative import carried_date, people_by_sentence, suits
from newsgraph.base.mention import Mention

YESTERDAY = {"sent_idx": 0, "start": 30, "kind": "relative", "offset": -1, "offset_days": -1, "offset_unit": "day"}
TOMORROW = {"sent_idx": 1, "start": 80, "kind": "relative", "offset": 1, "offset_days": 1, "offset_unit": "day"}
ELECTION = {"sent_idx": 0, "start": 12, "kind": "date", "day": 24, "month": 12, "event": "Seçim", "tense": "future"}
A_MONTH = {"sent_idx": 0, "start": 12, "kind": "date", "month": 3, "precision": "month"}


def by_sent(*rows):
    out = {}
    for r in rows:
        out.setdefault(r["sent_idx"], []).append(r)
    return out


def test_a_day_suits_a_status_by_its_tense():
    assert suits(YESTERDAY, "held") and not suits(YESTERDAY, "planned")
    assert suits(TOMORROW, "planned") and not suits(TOMORROW, "held")
    assert not suits(ELECTION, "planned")            # another event's day
    assert not suits(A_MONTH, "held")                # a month says no more than the article's date


def test_the_nearest_dated_sentence_about_a_participant_decides():
    people = {0: {"fidan"}, 1: set(), 2: {"fidan", "bayramov"}}
    assert carried_date(2, {2}, {"fidan", "bayramov"}, "held", by_sent(YESTERDAY), people) == 30
    assert carried_date(2, {2}, {"fidan", "bayramov"}, "held", by_sent(YESTERDAY), {0: {"putin"}}) is None
    # a day to come told in between: the story moved on, a held contact keeps the article's date
    assert carried_date(2, {2}, {"fidan"}, "held", by_sent(YESTERDAY, TOMORROW), {0: {"fidan"}, 1: {"fidan"}}) is None
    assert carried_date(2, {2}, {"fidan"}, "planned", by_sent(YESTERDAY, TOMORROW), {0: {"fidan"}, 1: {"fidan"}}) == 80


def test_no_carry_past_the_reach_or_into_a_sentence_with_its_own_date():
    people = {0: {"fidan"}}
    assert carried_date(12, {12}, {"fidan"}, "held", by_sent(YESTERDAY), people) is None
    assert carried_date(1, {1}, {"fidan"}, "held", by_sent(YESTERDAY, dict(TOMORROW, start=90)), people) is None


def _sent(idx: int, text: str, *names: tuple[str, str]) -> Sent:
    mentions = [Mention(text.index(surface), text.index(surface) + len(surface), surface, "", "PER", eid, "registry")
                for surface, eid in names]
    return Sent(idx, 0, text, idx, [], mentions)


def test_a_delegation_told_as_the_subject_is_its_heads():
    sents = [_sent(0, "Güler ve beraberindeki heyet dün Roma'ya gitti.", ("Güler", "yasar-guler")),
             _sent(1, "Heyet yarın Milano'ya geçecek."),
             _sent(2, "Bir heyet de Londra'ya gidecek.")]
    assert people_by_sentence(sents) == {0: {"yasar-guler"}, 1: {"yasar-guler"}, 2: set()}
