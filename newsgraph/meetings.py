"""Meetings, per sentence: who met, phoned or visited whom, where, when, held or planned.

For each trigger of a sentence (triggers.py) the phrases before it, back to the previous
trigger, are its participants (participants.py): subjects (nominative, or genitive before
a nominalised verb) and the other side in the comitative ("Şoygu ile", "Putin'le"); each
comitative closes a group, so "Türk heyet Serrac'la, Rus heyet ise Hafter'le bir araya
geldi" gives two contacts. Delegations resolve to their members named nearby; a role
without a name ("UMH başkanıyla") to its holder. Reports of one contact within an article
are merged (one row per report); reports across articles share an event_id (events.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.nlp.rules import Mention
from newsgraph.participants import (Phrase, anaphor_phrases, case_of, chain, delegation_phrases,
                                    drop_possessors, person_phrases)
from newsgraph.registry import Registry
from newsgraph.textnorm import fold, tr_lower, trie_alternation
from newsgraph.triggers import PARTICIPLE_AFTER, RANK, Trigger, find_triggers

ROSTER_REACH = 12          # sentences a delegation may look for its members
_LETTER_WORDS = re.compile(r"[^\W\d_]+")
_PARTICIPLE = re.compile(r"^\s+(?:konuşan|katılan|düzenleyen|yer\s+alan)\s")
LOCATIVE = ("da", "de", "ta", "te", "nda", "nde")
ADJ_LOCATIVE = ("daki", "deki", "taki", "teki", "ndaki", "ndeki")
DATIVE = ("a", "e", "ya", "ye", "na", "ne")


def contact_id(participants) -> str:
    """The participant set of a report as text: sorted entity ids joined by '|' (the meetings
    table's `contact` column; reports of one contact share it)."""
    return "|".join(sorted(set(participants)))


@dataclass
class Report:
    """One contact as reported in one article (maybe over several sentences)."""

    participants: list[str]
    type: str
    status: str
    sent_idx: int
    trigger: str
    location: str | None = None
    date_ref: int | None = None
    sent_idxs: list[int] = field(default_factory=list)
    absorb: bool = False


@dataclass
class Sent:
    """What the extractor needs of one sentence."""

    idx: int
    start: int
    text: str
    paragraph: int
    topics: list[str]
    mentions: list[Mention]


class MeetingExtractor:
    """Compiled once from the registry; `extract` runs per article."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities
        lex = registry.lexicon
        self.titles = {fold(w) for t in lex.person_titles for w in t.replace(".", "").split()}
        self.demonyms, self.delegation_words = lex.demonyms, lex.delegation_words
        self.role_holders: dict[str, list] = {}
        for e in registry.entities.values():
            for r in e.roles if e.label == "PER" else ():
                self.role_holders.setdefault(fold(r.role), []).append((e.entity_id, r))
        # the longest role that matches wins (a prefix tree tries it first)
        self.role_re = re.compile(rf"(?<![a-z0-9])({trie_alternation(self.role_holders)})([a-z]*)") if self.role_holders else None

    # -- phrases ---------------------------------------------------------------------------
    def _role_phrases(self, s: Sent, when: str | None) -> list[Phrase]:
        """Roles standing for a person ("UMH başkanıyla"), when one holder fits."""
        low = fold(s.text)
        if self.role_re is None or len(low) != len(s.text):
            return []
        out = []
        for m in self.role_re.finditer(low):
            holders = {eid for eid, role in self.role_holders[m.group(1)] if _valid(role, when)}
            follows_name = any(self._only_titles(s.text[m.end():mm.start - s.start])
                               for mm in s.mentions if mm.label == "PER" and mm.start - s.start >= m.end())
            if len(holders) == 1 and not follows_name:
                out.append(Phrase(m.start(), m.end(), "person", (holders.pop(),), case=case_of(m.group(2))))
        return out

    def _only_titles(self, gap: str) -> bool:
        """True when only titles ("Sn", "Orgeneral") stand between a role and a name: a title."""
        return len(gap) <= 40 and all(fold(w) in self.titles for w in _LETTER_WORDS.findall(gap))

    def phrases(self, s: Sent, when: str | None) -> list[Phrase]:
        """Participant phrases of a sentence, possessors and speakers dropped, coordination merged."""
        found = person_phrases(s.text, s.start, s.mentions)
        found += delegation_phrases(s.text, self.demonyms, self.delegation_words)
        found += anaphor_phrases(s.text) + self._role_phrases(s, when)
        found.sort(key=lambda p: p.start)
        found = [p for p in drop_possessors(found, s.text, self.titles) if not p.speaker]
        return chain(found, s.text, self.titles)

    # -- groups ----------------------------------------------------------------------------
    @staticmethod
    def groups(window: list[Phrase], trigger: Trigger, main_subject: Phrase | None) -> list[list[Phrase]]:
        """Participant groups of one trigger: subjects plus each comitative (or object)."""
        groups, subjects = [], []
        for ph in window:
            if ph.case in ("nom", "gen"):
                subjects.append(ph)
            elif ph.case == "com" or (ph.case == "acc" and trigger.needs == "object"):
                groups.append(subjects + [ph])
                subjects = []
        if not groups and subjects:
            groups.append(subjects)
        if trigger.needs == "object" and not any(p.case == "acc" for g in groups for p in g):
            return []
        for g in groups:
            if main_subject is not None and not any(p.case in ("nom", "gen") for p in g) and main_subject not in g:
                g.insert(0, main_subject)
        if not groups and main_subject is not None:
            groups.append([main_subject])
        return groups

    def _windows(self, s: Sent, triggers: list[Trigger], phrases: list[Phrase]) -> list[list[Phrase]]:
        """Phrases each trigger owns: back to the previous trigger, plus 'konuşan X' after it."""
        owned: list[list[Phrase]] = []
        used: set[int] = set()
        prev_end = 0
        for t in triggers:
            win = [p for p in phrases if prev_end <= p.start < t.start and id(p) not in used]
            after = [p for p in phrases if p.start >= t.end and id(p) not in used]
            if after and _PARTICIPLE.match(s.text[t.end:after[0].start] + " "):
                win.append(after[0])
            used.update(id(p) for p in win)
            owned.append(win)
            prev_end = t.end
        return owned

    # -- per article -------------------------------------------------------------------------
    def extract(self, art, sentence_rows: list[dict], mentions: list[Mention], date_rows: list[dict],
                art_topics: list[str] = ()) -> list[dict]:
        """Meeting rows of one article."""
        sents = _sents(art.text, sentence_rows, mentions)
        when = art.published
        rosters = self._rosters(sents, when)
        reports: list[Report] = []
        for s in sents:
            reports += self._sentence_reports(s, sents, rosters, reports, date_rows, when)
        reports = merge_reports(reports, self.entities)
        return [self._row(art, r, sents, i, art_topics) for i, r in enumerate(reports)]

    def _sentence_reports(self, s: Sent, sents: list[Sent], rosters, previous: list[Report],
                          date_rows: list[dict], when: str | None) -> list[Report]:
        low = tr_lower(s.text)
        triggers = [t for t in find_triggers(low) if t.needs != "dative_place" or self._visit_target(s, t)]
        if not triggers:
            return []
        phrases = self.phrases(s, when)
        main = next((p for p in phrases if p.case == "nom"), None)
        out = []
        for t, window in zip(triggers, self._windows(s, triggers, phrases)):
            for group in self.groups(window, t, main):
                people, delegated, place = self._resolve(group, s, rosters, previous + out)
                if not people:
                    continue
                kind = "delegation_talks" if delegated and t.type == "meeting" else t.type
                if t.type == "visit":
                    location = self._visit_target(s, t)
                    if location is None:
                        continue                 # a visit goes somewhere, or it is not one
                else:
                    location = self._location(s, t) or place
                out.append(Report(people, kind, t.status, s.idx, s.text[t.start:t.end], location,
                                  _date_ref(s, t, date_rows), [s.idx], t.needs == "absorb"))
        return out

    def _resolve(self, group: list[Phrase], s: Sent, rosters, previous: list[Report]):
        """Persons of a group; whether a delegation was in it; a place its roster gives."""
        people: list[str] = []
        delegated, place = False, None
        for ph in group:
            if ph.kind == "delegation":
                delegated = True
                members, place = self._members(ph, s, rosters, group)
                people += members
            elif ph.kind == "anaphor":
                pair = next((r.participants for r in reversed(previous) if len(r.participants) == 2), None)
                people += pair or []
            people += [p for p in ph.persons if ph.kind != "delegation"]
            for member in ph.extra.get("members", []):
                if member.kind == "delegation" and member is not ph:
                    delegated = True
                    extra, place = self._members(member, s, rosters, group)
                    people += extra
        return list(dict.fromkeys(people)), delegated, place

    # -- delegations -------------------------------------------------------------------------
    def _rosters(self, sents: list[Sent], when: str | None) -> list[tuple[int, str, tuple[str, ...], str | None]]:
        """Sentences naming two or more people of one country, or who heads a delegation."""
        out = []
        for s in sents:
            if sum(m.label == "PER" for m in s.mentions) < (1 if "aşkanlık" in s.text else 2):
                continue                          # a roster names two people, a head one
            phrases = [p for p in drop_possessors(sorted(person_phrases(s.text, s.start, s.mentions), key=lambda p: p.start),
                                                  s.text, self.titles) if not p.speaker]
            heads = self._heads(s, phrases)
            out += [(s.idx, nation, members, None) for nation, members in heads]
            by_country: dict[str, list[str]] = {}
            for ph in phrases:
                for pid in ph.persons:
                    country = self.entities[pid].country if pid in self.entities else None
                    if country:
                        by_country.setdefault(country, []).append(pid)
            for country, members in by_country.items():
                if len(set(members)) >= 2:
                    out.append((s.idx, country, tuple(dict.fromkeys(members)), self._location(s, None)))
        return out

    def _heads(self, s: Sent, phrases: list[Phrase]) -> list[tuple[str, tuple[str, ...]]]:
        """'Rus delegasyonuna … Bogdanov, Türk delegasyonuna ise … Önal başkanlık etti'."""
        if "aşkanlık" not in s.text and "AŞKANLIK" not in s.text:
            return []
        low = tr_lower(s.text)
        dels = delegation_phrases(s.text, self.demonyms, self.delegation_words)
        out = []
        for i, d in enumerate(dels):
            lead = low.find("başkanlık", d.end)
            end = min(dels[i + 1].start if i + 1 < len(dels) else len(low), lead if lead >= 0 else len(low))
            members = tuple(p for ph in phrases if d.end <= ph.start < end for p in ph.persons)
            if d.nations and d.nations[0] != "SELF" and members:
                out.append((d.nations[0], members))
        return out

    def _members(self, ph: Phrase, s: Sent, rosters, group: list[Phrase]) -> tuple[list[str], str | None]:
        """Members of a delegation: heads named nearby, else the nearest roster of its country."""
        others = {self.entities[p].country for g in group if g is not ph for p in g.persons if p in self.entities}
        nations = [n for n in ph.nations if n != "SELF"]
        people, place = [], None
        for nation in nations or [None]:
            candidates = [r for r in rosters if (nation is None and r[1] not in others) or r[1] == nation]
            candidates = [r for r in candidates if abs(r[0] - s.idx) <= (3 if nation is None else ROSTER_REACH)]
            if nation is None:
                candidates = [r for r in candidates if r[0] <= s.idx]
            if not candidates:
                continue
            best = min(candidates, key=lambda r: (abs(r[0] - s.idx), r[0] > s.idx))
            people += list(best[2])
            place = place or best[3]
        return people, place

    # -- places and dates --------------------------------------------------------------------
    def _place_id(self, m: Mention) -> str | None:
        entity = self.entities.get(m.entity_id or "")
        if entity is None or entity.label != "LOC":
            return None
        if entity.kind == "venue" and entity.within:
            return entity.within
        return entity.entity_id

    def _visit_target(self, s: Sent, t: Trigger) -> str | None:
        """The place a visit goes to: a dative place just before the verb."""
        for m in reversed(s.mentions):
            rel = m.start - s.start
            if m.label == "LOC" and rel < t.start and fold(m.suffix.lstrip("'")) in DATIVE:
                if len(s.text[m.end - s.start:t.start].split()) <= 6:
                    return self._place_id(m)
        return None

    def _location(self, s: Sent, t: Trigger | None) -> str | None:
        """A city, venue or region in the locative; a country only right before the trigger."""
        best = None
        for m in s.mentions:
            entity = self.entities.get(m.entity_id or "")
            suffix = fold(m.suffix.lstrip("'"))
            if entity is None or entity.label != "LOC":
                continue
            rel_end = m.end + len(m.suffix) - s.start
            near = t is not None and 0 <= t.start - rel_end <= 40
            if suffix in ADJ_LOCATIVE and not (t is not None and 0 <= t.start - rel_end <= 2):
                continue                     # "Moskova'daki görüşmeler": not this contact's place
            if suffix not in LOCATIVE + ADJ_LOCATIVE:
                continue
            if entity.kind == "country" and not near:
                continue
            if best is None or entity.kind in ("city", "venue"):
                best = self._place_id(m)
        return best

    def _row(self, art, r: Report, sents: list[Sent], n: int, art_topics: list[str]) -> dict:
        """A meetings-table row; topics from the sentence and its paragraph (those the
        article carries), else the article's own."""
        s = sents[r.sent_idx]
        para_topics = [t for x in sents if x.paragraph == s.paragraph for t in x.topics]
        topics = [t for t in dict.fromkeys(s.topics + para_topics) if t in art_topics] or list(art_topics)
        return {"meeting_id": f"{art.article_id}:m{n}", "article_id": art.article_id, "sent_idx": r.sent_idx,
                "sent_idxs": sorted(set(r.sent_idxs)), "participants": r.participants,
                "contact": contact_id(r.participants), "type": r.type,
                "status": r.status, "location": r.location, "date_ref": r.date_ref, "topics": topics,
                "trigger": r.trigger, "evidence": s.text}


def _valid(role, when: str | None) -> bool:
    """Whether a role was held at `when` (ISO, any precision); unknown dates pass."""
    if not when:
        return True
    return (role.start is None or role.start[:len(when)] <= when) and (role.end is None or when <= role.end)


def _sents(text: str, rows: list[dict], mentions: list[Mention]) -> list[Sent]:
    out, i = [], 0
    ordered = sorted(mentions, key=lambda m: m.start)
    for r in rows:
        mine = []
        while i < len(ordered) and ordered[i].start < r["end"]:
            if ordered[i].start >= r["start"]:
                mine.append(ordered[i])
            i += 1
        out.append(Sent(r["sent_idx"], r["start"], text[r["start"]:r["end"]], r["paragraph_idx"], list(r["topics"]), mine))
    return out


def _date_ref(s: Sent, t: Trigger, date_rows: list[dict]) -> int | None:
    """The date a contact's sentence gives it: the closest one not tied to another event."""
    mine = [d for d in date_rows if d["sent_idx"] == s.idx and not d.get("event") and d["kind"] != "time"]
    if not mine:
        return None
    trig = s.start + t.start
    return min(mine, key=lambda d: (d["start"] > trig, abs(trig - d["start"]))) ["start"]


def _compatible(a: Report, b: Report) -> bool:
    """Two reports in one article may be one contact."""
    if a.status != b.status or (a.type == "phone_call") != (b.type == "phone_call"):
        return False
    if a.type == "visit" or b.type == "visit":
        return a.type == b.type
    return True


def merge_reports(reports: list[Report], entities: dict) -> list[Report]:
    """One report per contact: same people (or a subset of them), compatible type."""
    merged: list[Report] = []
    firm = [r for r in reports if not r.absorb]
    for r in [r for r in reports if r.absorb]:
        same = next((f for f in firm if set(f.participants) == set(r.participants)), None)
        if same is not None:
            same.sent_idxs += r.sent_idxs       # the contact already reported, described further
        else:
            firm.append(r)
    reports = firm
    for r in sorted(reports, key=lambda r: -len(r.participants)):
        target = next((m for m in merged if _compatible(m, r) and set(r.participants) <= set(m.participants)
                       and (len(r.participants) == len(m.participants) or r.type != "visit")), None)
        if target is None:
            merged.append(r)
            continue
        target.type = min(target.type, r.type, key=RANK.get) if set(r.participants) == set(target.participants) else target.type
        target.location = _finer(target.location, r.location, entities)
        target.date_ref = target.date_ref if target.date_ref is not None else r.date_ref
        target.sent_idxs += r.sent_idxs
        if r.sent_idx < target.sent_idx and set(r.participants) == set(target.participants):
            target.sent_idx, target.trigger = r.sent_idx, r.trigger
    keep = [m for m in merged if len(m.participants) >= 2 or m.type == "visit"]
    return sorted(keep, key=lambda m: m.sent_idx)


def _finer(a: str | None, b: str | None, entities: dict) -> str | None:
    """Of two places, the more specific (a city over its country)."""
    if a is None or b is None:
        return a or b
    kinds = {"venue": 0, "city": 1, "region": 2, "route": 2, "country": 3}
    rank = lambda x: kinds.get(getattr(entities.get(x), "kind", None), 4)  # noqa: E731
    return a if rank(a) <= rank(b) else b


__all__ = ["MeetingExtractor", "merge_reports", "PARTICIPLE_AFTER"]
