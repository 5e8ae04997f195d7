"""Contacts of one article: the grammar of each sentence (grammar.py) turned into reports
with people on their sides, a place and a date, then merged into one row per contact.

Beyond one sentence, Turkish news relies on what the reader already knows:
- a sentence with no subject continues the subject of the one before (pro-drop: "Fidan
  Moskova'ya gitti. Burada Lavrov ile görüştü.");
- "burada", "kentte", "başkentte" are the place just named;
- a sentence naming a contact but no one ("Görüşme Soçi'de yapıldı", "Görüşme ertelendi")
  tells more of the contact just reported;
- a joint press conference or statement of one named person is with their last partner;
- "iki lider", "liderler", "taraflar" are the people of the contact just reported.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.contacts.delegations import Delegations, Roster, headed_by
from newsgraph.contacts.grammar import COUNTRY, EACH, ONE, Proto, Side, participle_head, protos
from newsgraph.contacts.people import People
from newsgraph.contacts.phrases import (Phrase, anaphor_phrases, chain, counterpart_phrases, delegation_phrases,
                                        drop_possessors, members, person_phrases)
from newsgraph.contacts.places import Places
from newsgraph.contacts.reports import Report, clean_sides, contact_id, merge_reports, refer_back
from newsgraph.contacts.triggers import ABSORB, Trigger, find_triggers
from newsgraph.nlp.rules import Mention
from newsgraph.registry import Registry
from newsgraph.textnorm import tr_lower

_NOUN_HEAD = re.compile(r"^\s+(?:konuşan|katılan|düzenleyen|yer\s+alan|açıklama\s+yapan|bir\s+araya\s+gelen)\s")
_APART = re.compile(r"\bayrı\s+ayrı\b|\bayrı\s+görüşme")
_JOINT = re.compile(r"\bortak\b")
_SAME_PLACE = re.compile(r"\b(?:burada|orada|kentte|başkentte|şehirde|aynı\s+gün\s+burada)\b")


@dataclass
class Sent:
    """What the extractor needs of one sentence."""

    idx: int
    start: int
    text: str
    paragraph: int
    topics: list[str]
    mentions: list[Mention]


@dataclass
class Unit:
    """People who stand together: one person, or one country's delegation."""

    ids: tuple[str, ...]
    country: str | None
    delegated: bool = False


class _Article:
    """What a sentence may take from the ones before it."""

    def __init__(self, sents: list[Sent], rosters: list[Roster], hints: dict, when: str | None) -> None:
        self.sents, self.rosters, self.hints, self.when = sents, rosters, hints, when
        self.reports: list[Report] = []
        self.subject: tuple[int, int, list[str]] | None = None      # (sentence, paragraph, ids)
        self.place: tuple[int, str] | None = None                  # (sentence, place id)
        self.visits: list[tuple] = []                              # (sentence, paragraph, people, place, status)
        self.named = [m.entity_id for s in sents for m in s.mentions if m.label == "PER" and m.entity_id]


class ContactExtractor:
    """Compiled once from the registry; `extract` runs per article."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities
        self.people = People(registry)
        self.places = Places(registry)
        lex = registry.lexicon
        self.demonyms, self.delegation_words = self.people.nation_words, lex.delegation_words
        self.titles = self.people.titles

    # -- per article ---------------------------------------------------------------------------
    def extract(self, art, sentence_rows: list[dict], mentions: list[Mention], date_rows: list[dict],
                art_topics: list[str] = ()) -> list[dict]:
        """Meeting rows of one article."""
        sents = _sents(art.text, sentence_rows, mentions)
        hints = self._hints(sents)
        dels = Delegations(self.demonyms, self.delegation_words, self.titles, lambda p: self.people.country_of(p, hints))
        ctx = _Article(sents, dels.rosters(sents, lambda s: self.places.location(s, None)), hints, art.published)
        for s in sents:
            self._sentence(s, ctx, dels, date_rows)
        reports = merge_reports(ctx.reports, self.entities)
        return [self._row(art, r, sents, i, art_topics) for i, r in enumerate(reports)]

    def _hints(self, sents: list[Sent]) -> dict[str, tuple[str | None, str | None]]:
        """Country and office the article's titles give each person (first title wins)."""
        hints: dict[str, tuple[str | None, str | None]] = {}
        for s in sents:
            for m in s.mentions:
                if m.label == "PER" and m.entity_id and m.entity_id not in hints:
                    hint = self.people.title_hint(s.text, m.start - s.start)
                    if hint != (None, None):
                        hints[m.entity_id] = hint
        return hints

    def phrases(self, s: Sent, when: str | None) -> list[Phrase]:
        """Participant phrases of a sentence, possessors dropped, coordination merged."""
        people = person_phrases(s.text, s.start, s.mentions)
        found = people + delegation_phrases(s.text, self.demonyms, self.delegation_words)
        found += counterpart_phrases(s.text, self.demonyms) + anaphor_phrases(s.text)
        found += self.people.role_phrases(s.text, [m.start - s.start for m in s.mentions if m.label == "PER"], when)
        found.sort(key=lambda p: p.start)
        found = _delegation_titles(s.text, _heads_into_delegations(s.text, found))
        found = [p for p in found if not _is_title_of_next(p, found, s.text, self.titles)]
        return chain(drop_possessors(found, s.text, self.titles), s.text, self.titles)

    def _sentence(self, s: Sent, ctx: _Article, dels: Delegations, date_rows: list[dict]) -> None:
        low = tr_lower(s.text)
        triggers = [t for t in find_triggers(low) if t.frame != "move" or self.places.visit_target(s, t)]
        if not triggers:
            self._remember(s, ctx, None)
            return
        phrases = self.phrases(s, ctx.when)
        main = next((p for p in phrases if p.case == "nom" and p.mark is None and not p.speaker), None)
        for t, (window, head) in zip(triggers, _windows(s.text, triggers, phrases)):
            for proto in protos(t, window, head, main, s.text):
                self._report(proto, s, ctx, dels, date_rows, low)
        self._remember(s, ctx, main)

    def _remember(self, s: Sent, ctx: _Article, main: Phrase | None) -> None:
        if main is not None and main.kind in ("person", "group"):
            ids = [p for m in members(main) for p in m.persons]
            if ids:
                ctx.subject = (s.idx, s.paragraph, ids)
        place = self.places.location(s, None)
        if place:
            ctx.place = (s.idx, place)

    # -- one contact -----------------------------------------------------------------------------
    def _report(self, proto: Proto, s: Sent, ctx: _Article, dels: Delegations, date_rows: list[dict], low: str) -> None:
        t = proto.trigger
        location = self._location(proto, s, ctx, low)
        date_ref = _date_ref(s, t, date_rows)
        if proto.refers_back:
            sides = _stated_sides(ctx.rosters, s.idx)
            last = ctx.reports[-1] if ctx.reports else None
            if len(sides) < 2 and last is not None and s.idx - max(last.sent_idxs) <= 2:
                refer_back(last, s.idx, t.status, location, date_ref, self.entities)
            if len(sides) >= 2:                 # "görüşmelerde Türk heyetine X, Rus heyetine Y başkanlık etti"
                ctx.reports.append(Report(sides, "delegation_talks", t.status, s.idx, s.text[t.start:t.end],
                                          location, date_ref, [s.idx], False, s.paragraph))
            return
        sides, delegated, roster_place = self._sides(proto, s, ctx, dels)
        location = location or roster_place
        if proto.needs_subject and len(sides) < 2 and ctx.subject and s.idx - ctx.subject[0] <= 1 \
                and ctx.subject[1] == s.paragraph:
            sides = clean_sides([list(ctx.subject[2])] + sides)
        kind = "delegation_talks" if delegated and t.type == "meeting" else t.type
        if len(sides) < 2 and _JOINT.search(t.text) and sides:
            sides = self._with_partner(sides, ctx)
        if kind == "delegation_talks":
            sides = _with_delegations(sides, ctx.rosters, s.idx, lambda p: self.people.country_of(p, ctx.hints))
        location = location or _travelled_to(ctx.visits, s, sides, t.status)
        for group in _distribute(sides, kind, low):
            report = Report(group, kind, t.status, s.idx, s.text[t.start:t.end], location if kind != "phone_call" else None,
                            date_ref, [s.idx], bool(ABSORB.match(t.text)), s.paragraph)
            ctx.reports.append(report)
            if kind == "visit" and report.location and group:
                ctx.visits.append((s.idx, s.paragraph, set(report.participants), report.location, t.status))

    def _location(self, proto: Proto, s: Sent, ctx: _Article, low: str) -> str | None:
        t = proto.trigger
        place = self.places.visit_place(s, t) if t.type == "visit" else None
        place = place or self.places.location(s, t)
        if place is None and _SAME_PLACE.search(low) and ctx.place and s.idx - ctx.place[0] <= 2:
            place = ctx.place[1]
        return place

    def _with_partner(self, sides: list[list[str]], ctx: _Article) -> list[list[str]]:
        """A joint press conference or statement of one side is with its last partner."""
        mine = set(sides[0])
        for r in reversed(ctx.reports):
            if mine & set(r.participants):
                return clean_sides(sides + [p for p in r.sides if not mine & set(p)])
        return sides

    def _sides(self, proto: Proto, s: Sent, ctx: _Article, dels: Delegations):
        """The people of each side; whether a delegation stood on one; a place a roster gives."""
        out: list[list[str]] = []
        delegated, place = False, None
        subjects: list[str] = []
        for i, side in enumerate(proto.sides):
            units: list[Unit] = []
            for ph in side.phrases:
                for m in members(ph):
                    got, where = self._units(m, s, ctx, dels, subjects, side, proto)
                    units += got
                    place = place or where
            delegated = delegated or any(u.delegated for u in units)
            groups = _group(units, side.mode)
            if i == 0:
                subjects = [p for g in groups for p in g]
            out += groups
        return clean_sides(out), delegated, place

    def _units(self, ph: Phrase, s: Sent, ctx: _Article, dels: Delegations, subjects: list[str],
               side: Side, proto: Proto) -> tuple[list[Unit], str | None]:
        if ph.kind == "person":
            nation = ph.extra.get("delegation")          # "Rus heyetinin başkanı X"
            country = self.people.country_of(ph.persons[0], ctx.hints) or (nation if nation != "?" else None)
            return [Unit(ph.persons, country, nation is not None)], None
        if ph.kind == "delegation":
            return self._delegation_units(ph, s, ctx, dels, side, proto)
        if ph.kind == "anaphor":
            last = next((r for r in reversed(ctx.reports) if len(r.sides) >= 2), None)
            return ([Unit(tuple(sd), None) for sd in last.sides] if last else []), None
        if ph.kind == "counterpart":
            nation = ph.nations[0] if ph.nations else None
            eid = self.people.counterpart(subjects, nation, ctx.when, ctx.hints, ctx.named)
            return ([Unit((eid,), nation or self.people.country_of(eid, ctx.hints))] if eid else []), None
        return [], None

    def _delegation_units(self, ph: Phrase, s: Sent, ctx: _Article, dels: Delegations, side: Side,
                          proto: Proto) -> tuple[list[Unit], str | None]:
        """A delegation's people: its heads in the phrase ("X başkanlığındaki heyet") and what the
        article's rosters say of its country; delegations in the plural headed by several people
        are one delegation per head ("X ve Y başkanlığındaki heyetler")."""
        heads = tuple(ph.extra.get("heads", ()))
        country = lambda p: self.people.country_of(p, ctx.hints)  # noqa: E731
        if heads and ph.extra.get("plural") and len(heads) > 1:
            return [Unit((h,), country(h), True) for h in heads], None
        if heads and not ph.nations and country(heads[0]):
            ph = Phrase(ph.start, ph.end, ph.kind, nations=(country(heads[0]),), case=ph.case, extra=ph.extra)
        others = {country(p) for sd in proto.sides if sd is not side for q in sd.phrases for m in members(q)
                  for p in m.persons}
        found = dels.members(ph, s.idx, ctx.rosters, others)
        if heads and not found:
            return [Unit(heads, country(heads[0]), True)], None
        units = [Unit(tuple(dict.fromkeys(heads + ids)) if i == 0 else ids, nation, True)
                 for i, (ids, nation, _) in enumerate(found)]
        return units, next((pl for _, _, pl in found if pl), None)

    def _row(self, art, r: Report, sents: list[Sent], n: int, art_topics: list[str]) -> dict:
        """A meetings-table row; topics from the sentence and its paragraph (those the
        article carries), else the article's own."""
        s = sents[r.sent_idx]
        para_topics = [t for x in sents if x.paragraph == s.paragraph for t in x.topics]
        topics = [t for t in dict.fromkeys(s.topics + para_topics) if t in art_topics] or list(art_topics)
        return {"meeting_id": f"{art.article_id}:m{n}", "article_id": art.article_id, "sent_idx": r.sent_idx,
                "sent_idxs": sorted(set(r.sent_idxs)), "participants": r.participants,
                "sides": [list(side) for side in r.sides], "contact": contact_id(r.participants), "type": r.type,
                "status": r.status, "location": r.location, "date_ref": r.date_ref, "topics": topics,
                "trigger": r.trigger, "evidence": s.text}


# -- helpers -------------------------------------------------------------------------------------
def _group(units: list[Unit], mode: str) -> list[list[str]]:
    """Units into sides: all in one, one per country (a unit of no known country joins the one
    before it), or, in `each` mode with fewer than two countries, one per unit."""
    if not units:
        return []
    if mode == ONE:
        return [[p for u in units for p in u.ids]]
    countries = {u.country for u in units if u.country}
    if mode == EACH and len(countries) < 2:
        return [list(u.ids) for u in units]
    sides: dict[str, list[str]] = {}
    last = None
    for u in units:
        key = u.country or last or f"?{id(u)}"
        sides.setdefault(key, []).extend(u.ids)
        last = key
    return list(sides.values())


def _stated_sides(rosters: list[Roster], sent_idx: int) -> list[list[str]]:
    """Delegations whose heads or members a sentence (or the next) states, one side per country."""
    by_country: dict[str, list[str]] = {}
    for r in rosters:
        if r.kind != "list" and r.country and 0 <= r.sent_idx - sent_idx <= 1:
            by_country.setdefault(r.country, []).extend(r.members)
    return clean_sides(list(by_country.values())) if len(by_country) >= 2 else []


def _with_delegations(sides: list[list[str]], rosters: list[Roster], sent_idx: int, country_of) -> list[list[str]]:
    """Talks between delegations: each side with its country's delegation as the sentence (or the
    one after) states it ("Türk heyetinde Çavuşoğlu ve Akar yer aldı")."""
    stated = [r for r in rosters if r.kind != "list" and r.country and 0 <= r.sent_idx - sent_idx <= 1]
    if not stated:
        return sides
    out = []
    for side in sides:
        countries = {country_of(p) for p in side} - {None}
        extra = [p for r in stated if r.country in countries for p in r.members] if len(countries) == 1 else []
        out.append(side + extra)
    return clean_sides(out)


def _travelled_to(visits: list[tuple], s: Sent, sides: list[list[str]], status: str) -> str | None:
    """Where the people of a contact had just gone ("X Trablus'a gitti. … Dbeybe ile görüştü")."""
    people = {p for side in sides for p in side}
    for idx, paragraph, travellers, place, vstatus in reversed(visits):
        if s.idx - idx <= 2 and (paragraph == s.paragraph or s.idx - idx <= 1) and travellers & people \
                and (vstatus == status or status == "held"):
            return place
    return None


def _distribute(sides: list[list[str]], kind: str, low: str) -> list[list[list[str]]]:
    """A phone call, or talks held 'ayrı ayrı', with several others are one contact each."""
    if len(sides) > 2 and (kind == "phone_call" or _APART.search(low)):
        return [[sides[0], other] for other in sides[1:]]
    return [sides]


def _windows(text: str, triggers: list[Trigger], phrases: list[Phrase]) -> list[tuple[list[Phrase], Phrase | None]]:
    """Phrases each trigger owns (back to the previous trigger) and the head after a participle."""
    owned = []
    used: set[int] = set()
    prev_end = 0
    for t in triggers:
        window = [p for p in phrases if prev_end <= p.start < t.start and id(p) not in used]
        after = [p for p in phrases if p.start >= t.end and id(p) not in used]
        head = participle_head(t, after, text)
        if head is None and after and _NOUN_HEAD.match(text[t.end:after[0].start] + " "):
            window.append(after[0])                 # "ortak basın toplantısında konuşan Çavuşoğlu"
            used.add(id(after[0]))
        if head is not None:
            used.add(id(head))
        used.update(id(p) for p in window)
        owned.append((window, head))
        prev_end = t.end
    return owned


def _heads_into_delegations(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """'Lavrentyev başkanlığındaki Rus heyeti': the head belongs to the delegation phrase after it;
    'X ve Y başkanlığındaki heyetler': both head one each."""
    heads = {id(ph): end for ph, end in headed_by(text, phrases)}
    out: list[Phrase] = []
    for ph in phrases:
        if ph.kind == "delegation" and out and id(out[-1]) in heads and ph.start - heads[id(out[-1])] <= 24:
            group = [out.pop()]
            while ph.extra.get("plural") and out and out[-1].kind == "person" and _LIST_JOIN.match(text[out[-1].end:group[0].start]):
                group.insert(0, out.pop())
            ph.extra["heads"] = tuple(p for g in group for p in g.persons)
            ph.start = group[0].start
        out.append(ph)
    return out


_LIST_JOIN = re.compile(r"^\s*(?:,|ve\b)\s*(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+){0,4}$")
_DELEGATION_TITLE = re.compile(r"^\s+(?:başkanı|başkan\s+yardımcısı|üyesi|sözcüsü)\s+(?:[A-ZÇĞİÖŞÜ][\w.'-]*\s+){0,4}$")


def _delegation_titles(text: str, phrases: list[Phrase]) -> list[Phrase]:
    """'Rus heyetinin başkanı Medinskiy': a person of that country's delegation; the delegation
    words are only his title."""
    out: list[Phrase] = []
    for i, ph in enumerate(phrases):
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        if ph.kind == "delegation" and ph.case == "gen" and nxt is not None and nxt.kind == "person" \
                and _DELEGATION_TITLE.match(text[ph.end:nxt.start]):
            nxt.extra["delegation"] = next((n for n in ph.nations if n != "SELF"), None) or "?"
            continue
        out.append(ph)
    return out


def _is_title_of_next(p: Phrase, phrases: list[Phrase], text: str, titles: set[str]) -> bool:
    """'Rus mevkidaşı Lavrov ile': a counterpart word right before a name is only a title."""
    if p.kind != "counterpart":
        return False
    nxt = next((q for q in phrases if q.start >= p.end), None)
    return nxt is not None and nxt.kind == "person" and len(text[p.end:nxt.start].split()) <= 3 \
        and p.case == "nom"


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
    return min(mine, key=lambda d: (d["start"] > trig, abs(trig - d["start"])))["start"]
