"""The contact grammar of one sentence: for each trigger, the sides its phrases stand on.

Turkish is verb-final: the phrases a trigger governs stand before it, back to the previous
trigger (its window), except the head of a participle, which follows it ("Lavrov ile
görüşen Çavuşoğlu"). Within a window, cases say who is who (see triggers.py for frames):

- subject: the nominative, or the genitive of a nominalised verb ("A'nın B ile görüşmesi",
  "A'nın B ile görüştüğünü söyledi": the nominative before the genitive is who says it);
- the other side: the comitative for symmetric verbs and nouns, the accusative for `obj`
  verbs, the nominative for a passive ("B, A tarafından kabul edildi");
- each comitative closes a contact with the subjects before it ("Türk heyet Serrac'la,
  Rus heyet ise Hafter'le bir araya geldi": two contacts);
- companions stand on their subject's side; mediators, speakers and sources on no side;
- "A ile B arasında" and coordinated subjects with no other side ("A, B ve C bir araya
  geldi") make one side per member.

The result is a list of `Proto` contacts whose sides are still phrases; meetings.py turns
phrases into people (delegations, roles, counterparts) and splits sides by country.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.contacts.phrases import Phrase, members
from newsgraph.contacts.triggers import Trigger

# How a side's units become sides: `one` side; `country`: one side per country; `each`: one
# side per country when there are several countries, else one per unit.
ONE, COUNTRY, EACH = "one", "country", "each"
POSSESSOR_GAP = 3          # words between a genitive and the noun it possesses ("A'nın B ile dünkü görüşmesi")
_HEAD_GAP = re.compile(r"^[\s,]*(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+|[a-zçğıöşü]+\s+){0,5}$")


@dataclass
class Side:
    phrases: list[Phrase]
    mode: str = COUNTRY


@dataclass
class Proto:
    """One contact of a sentence before its phrases are resolved to people."""

    trigger: Trigger
    sides: list[Side]
    needs_subject: bool = False          # no subject in the sentence: the previous one's (pro-drop)
    refers_back: bool = False            # names no one: it describes the contact just reported
    hosts: list[Phrase] = field(default_factory=list)


def participle_head(trigger: Trigger, after: list[Phrase], sentence: str) -> Phrase | None:
    """The phrase a participle modifies: 'görüşen [Çavuşoğlu]', 'kabul ettiği [Aliyev]'."""
    if trigger.shape not in ("subj_participle", "obj_participle") or not after:
        return None
    head = after[0]
    if head.speaker or not _HEAD_GAP.match(sentence[trigger.end:head.start]):
        return None
    return head


def _usable(window: list[Phrase]) -> tuple[list[Phrase], list[Phrase]]:
    """Phrases that can be participants, and the hosts of an invitation."""
    keep = [p for p in window if not p.speaker and p.mark not in ("source", "mediator", "host")]
    return keep, [p for p in window if p.mark == "host"]


def _subject_phrases(trigger: Trigger, usable: list[Phrase]) -> list[Phrase]:
    """A nominalised verb's genitive subject pushes out the nominatives before it (they say it)."""
    nominal = trigger.shape in ("obj_participle", "vnoun", "noun")
    first_gen = next((i for i, p in enumerate(usable) if p.case == "gen" and p.mark is None), None)
    if nominal and first_gen is not None:
        return [p for i, p in enumerate(usable) if i >= first_gen or p.case != "nom" or p.mark]
    if not nominal:
        return [p for p in usable if p.case != "gen" or p.mark]   # a genitive only possesses here
    return usable


def _possesses(p: Phrase, trigger: Trigger, text: str) -> bool:
    """A genitive is the subject of a noun only right before it: 'A ve B'nin (dünkü) görüşmesi'."""
    return len(text[p.end:trigger.start].split()) <= POSSESSOR_GAP


def _other_case(trigger: Trigger) -> str:
    if trigger.frame == "obj":
        return "nom" if trigger.passive else "acc"
    return "com"


def _subject_case(p: Phrase, trigger: Trigger) -> bool:
    if trigger.frame == "obj" and trigger.passive:
        return p.mark == "agent"
    return p.case in ("nom", "gen") and p.mark in (None, "companion")


def protos(trigger: Trigger, window: list[Phrase], head: Phrase | None, main: Phrase | None,
           text: str) -> list[Proto]:
    """The contacts one trigger reports, from the phrases it owns (`text`: the sentence)."""
    usable, hosts = _usable(window)
    if trigger.shape == "noun":
        usable = [p for p in usable if p.case != "gen" or p.mark or _possesses(p, trigger, text)]
    between = [p for p in usable if p.mark == "between"]
    if between:
        return [Proto(trigger, [Side([m], EACH) for m in members(between[-1])], hosts=hosts)]
    usable = _subject_phrases(trigger, usable)
    if trigger.frame == "move":
        return _move(trigger, usable, head, main, hosts)
    if trigger.shape == "subj_participle" and head is not None:
        usable = [p for p in usable if not _subject_case(p, trigger) or p.mark == "companion"] + [head]
    other = _other_case(trigger)
    contacts, subjects, companions = [], [], []
    for p in usable:
        if p.mark == "companion":
            companions.append(p)
        elif _subject_case(p, trigger):
            subjects.append(p)
        elif p.case == other and trigger.frame != "join":
            contacts.append((subjects, p))
            subjects = []
    if trigger.shape == "obj_participle" and head is not None and head.mark is None:
        contacts.append((subjects, head))
        subjects = []
    if not contacts:
        return _single_group(trigger, subjects, companions, hosts)
    out = []
    for subj, obj in contacts:
        subj = subj or ([main] if main is not None and main is not obj else [])
        out.append(Proto(trigger, [Side(subj + companions, COUNTRY), Side([obj], COUNTRY)],
                         needs_subject=not subj, hosts=hosts))
    return out


def _single_group(trigger: Trigger, subjects: list[Phrase], companions: list[Phrase], hosts: list[Phrase]) -> list[Proto]:
    """No other side named: coordinated subjects meet each other ("A ve B görüştü"), an
    invitation names the host, or, with no one named, the words refer back."""
    if not subjects and not companions:
        return [Proto(trigger, [], refers_back=True)] if trigger.frame != "obj" and not hosts else []
    if trigger.frame == "obj":
        return []                         # "kabul etti", "aradı" need whom
    if hosts:
        return [Proto(trigger, [Side(subjects + companions, COUNTRY), Side(hosts, COUNTRY)])]
    units = [m for p in subjects for m in members(p)]
    if companions or (len(units) == 1 and units[0].kind == "person"):
        return [Proto(trigger, [Side(subjects + companions, ONE)])]    # one side: completed or dropped later
    return [Proto(trigger, [Side(subjects, EACH)])]


def _move(trigger: Trigger, usable: list[Phrase], head: Phrase | None, main: Phrase | None,
          hosts: list[Phrase]) -> list[Proto]:
    """'A, beraberinde B ile Moskova'ya gitti': one side (the travellers), a host if invited."""
    travellers = [p for p in usable if p.case in ("nom", "gen", "com") and (p.mark in (None, "companion"))]
    if trigger.shape == "subj_participle" and head is not None:
        travellers = [p for p in travellers if p.case == "com" or p.mark == "companion"] + [head]
    needs = not any(p.case in ("nom", "gen") or p is head for p in travellers)
    if needs and main is not None:
        travellers = [main] + travellers
    sides = [Side(travellers, ONE)] + ([Side(hosts, COUNTRY)] if hosts else [])
    return [Proto(trigger, sides, needs_subject=needs and main is None)]
