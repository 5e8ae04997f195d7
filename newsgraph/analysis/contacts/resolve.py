"""From phrases to people: each side of a contact as entity ids.

A phrase stands for units of people who stand together: a person; one country's delegation
(its heads and the members the article's rosters give); the sides of the contact just told
("iki lider"); the subject's counterpart ("Rus mevkidaşı"); the sentence's subject
("kendisini"). A side's units become sides by its mode (grammar.py): all in one, one per
country (a unit of no known country joins the one before it), or one per unit.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.analysis.contacts.article import Article, Sent
from newsgraph.analysis.contacts.delegations import Delegations, Roster, rosters_between
from newsgraph.analysis.contacts.grammar import EACH, ONE, Proto, Side
from newsgraph.analysis.contacts.people import People
from newsgraph.analysis.contacts.phrases import Phrase, members
from newsgraph.analysis.contacts.reports import Report, clean_sides

_APART = re.compile(r"\bayrı\s+ayrı\b|\bayrı\s+görüşme")
_SEVERAL = re.compile(r"\b(?:üçlü|dörtlü|beşli|çok\s+taraflı|üçlü\s+formatta)\b")


@dataclass
class Unit:
    """People who stand together: one person, or one country's delegation."""

    ids: tuple[str, ...]
    country: str | None
    delegated: bool = False
    alone: bool = False              # an official of an organisation (UN, EU): no state to share a side with


class Resolver:
    """Sides of a proto contact as people, in one article."""

    def __init__(self, people: People, ctx: Article, dels: Delegations) -> None:
        self.people, self.ctx, self.dels = people, ctx, dels

    def country(self, person: str) -> str | None:
        return self.people.country_of(person, self.ctx.hints)

    def sides(self, proto: Proto, s: Sent) -> tuple[list[list[str]], bool, str | None, int]:
        """The people of each side; whether a delegation stood on one; a place a roster gives; how
        many of the sides the subject's phrases make."""
        out: list[list[str]] = []
        delegated, place = False, None
        subjects: list[str] = []
        for i, side in enumerate(proto.sides):
            units: list[Unit] = []
            for ph in side.phrases:
                for m in members(ph):
                    got, where = self.units(m, s, subjects, side, proto)
                    units += got
                    place = place or where
            delegated = delegated or any(u.delegated for u in units)
            groups = group(units, side.mode)
            if i == 0:
                subjects = [p for g in groups for p in g]
            out += groups
        out = clean_sides(out)
        return out, delegated, place, sum(1 for g in out if set(g) <= set(subjects))

    def units(self, ph: Phrase, s: Sent, subjects: list[str], side: Side, proto: Proto) -> tuple[list[Unit], str | None]:
        """The units one phrase stands for, and a place its delegation's roster names."""
        if ph.kind == "person":
            nation = ph.extra.get("delegation")          # "Rus heyetinin başkanı X"
            country = self.country(ph.persons[0]) or (nation if nation != "?" else None)
            return [Unit(ph.persons, country, nation is not None, bool(country) and country not in self.people.states)], None
        if ph.kind == "delegation":
            return self._delegation(ph, s, side, proto)
        if ph.kind == "anaphor":                       # "iki lider": the last contact of two people, one a side
            count = ph.extra.get("count", 2)          # "üç bakan": of three
            last = next((r for r in reversed(self.ctx.reports) if len(r.sides) == count and all(len(sd) == 1 for sd in r.sides)), None) \
                or next((r for r in reversed(self.ctx.reports) if len(r.sides) >= 2), None) \
                or next((r for r in reversed(self.ctx.reports) if r.type == "visit" and len(r.sides[0]) >= 2), None)
            # "A, B ve C Şam'da temaslarda bulundu. … bakanlar X ile bir araya geldi": the travellers
            return ([Unit(tuple(sd), None) for sd in last.sides] if last else []), None
        if ph.kind == "me" and self.ctx.speaker_ids:     # "beni aradı" in a quotation: its speaker
            return [Unit(tuple(self.ctx.speaker_ids), self.country(self.ctx.speaker_ids[0]))], None
        if ph.kind == "self" and self.ctx.main_ids:
            return [Unit(tuple(self.ctx.main_ids), self.country(self.ctx.main_ids[0]))], None
        if ph.kind == "counterpart":                       # "İranlı ve Türk meslektaşları ile": one each
            out = []
            for nation in ph.nations or (None,):
                eid = self.people.counterpart(subjects, nation, self.ctx.when, self.ctx.hints, self.ctx.named)
                out += [Unit((eid,), nation or self.country(eid))] if eid else []
            return out, None
        return [], None

    def _delegation(self, ph: Phrase, s: Sent, side: Side, proto: Proto) -> tuple[list[Unit], str | None]:
        """A delegation's people: its heads in the phrase ("X başkanlığındaki heyet") and what the
        article's rosters say of its country; delegations in the plural headed by several people
        are one delegation per head ("X ve Y başkanlığındaki heyetler")."""
        heads = tuple(ph.extra.get("heads", ()))
        if ph.extra.get("both") and not heads:              # "İki ülke heyetleri": those of the last talks
            last = next((r for r in reversed(self.ctx.reports) if r.type == "delegation_talks" and len(r.sides) == 2), None)
            if last is not None:
                return [Unit(tuple(sd), self.country(sd[0]), True) for sd in last.sides], None
        if ph.extra.get("plural") and not ph.nations and not heads:   # "Heyetler …": the delegations just stated
            stated = recent_sides(self.ctx.rosters, s.idx)
            if len(stated) >= 2:
                return [Unit(tuple(sd), self.country(sd[0]), True) for sd in stated], None
        if heads and ph.extra.get("plural") and len(heads) > 1:
            return [Unit((h,), self.country(h), True) for h in heads], None
        if heads and not ph.nations and self.country(heads[0]):
            ph = Phrase(ph.start, ph.end, ph.kind, nations=(self.country(heads[0]),), case=ph.case, extra=ph.extra)
        others = {self.country(p) for sd in proto.sides if sd is not side for q in sd.phrases for m in members(q)
                  for p in m.persons}
        found = self.dels.members(ph, s.idx, self.ctx.rosters, others)
        if heads and not found:
            return [Unit(heads, self.country(heads[0]), True)], None
        units = [Unit(tuple(dict.fromkeys(heads + ids)) if i == 0 else ids, nation, True)
                 for i, (ids, nation, _) in enumerate(found)]
        return units, next((pl for _, _, pl in found if pl), None)

    def with_partner(self, sides: list[list[str]]) -> list[list[str]]:
        """A joint press conference or statement of one side is with its last partner."""
        mine = set(sides[0])
        for r in reversed(self.ctx.reports):
            if mine & set(r.participants):
                return clean_sides(sides + [p for p in r.sides if not mine & set(p)])
        return sides

    def with_delegations(self, sides: list[list[str]], sent_idx: int) -> list[list[str]]:
        """Talks between delegations: each side with its country's delegation as the sentence (or the
        one after) states it ("Türk heyetinde Çavuşoğlu ve Akar yer aldı")."""
        stated = [r for r in rosters_between(self.ctx.rosters, sent_idx, sent_idx + 1)
                  if r.kind != "list" and r.country and 0 <= r.sent_idx - sent_idx <= 1]
        if not stated:
            return sides
        out = []
        for side in sides:
            countries = {self.country(p) for p in side} - {None}
            extra = [p for r in stated if r.country in countries for p in r.members] if len(countries) == 1 else []
            out.append(side + extra)
        return clean_sides(out)

    def join(self, report: Report, people: list[str]) -> None:
        """People who join a contact told just before ("Görüşmede X de hazır bulundu"): each on the
        side of their country; one of a third country joins talks between sides as a side of
        their own ("Ukrayna ve Rus heyetleri … Görüşmelere Fidan da katıldı"), else the first side."""
        sides = [list(sd) for sd in report.sides]
        for p in people:
            if p in report.participants:
                continue
            mine = self.country(p)
            home = next((sd for sd in sides if mine and mine in {self.country(q) for q in sd}), None)
            if home is None and mine and len(sides) >= 2 and all(self.country(q) for sd in sides for q in sd):
                sides.append(home := [])
            (home if home is not None else sides[0]).append(p)
        report.sides = sides


def group(units: list[Unit], mode: str) -> list[list[str]]:
    """Units into sides: all in one, one per country (a unit of no known country joins the one
    before it), or, in `each` mode with fewer than two countries, one per unit."""
    if not units:
        return []
    if mode == ONE:
        return [[p for u in units for p in u.ids]]
    countries = {f"?{id(u)}" if u.alone else u.country for u in units if u.country}
    if mode == EACH and len(countries) < 2:
        return [list(u.ids) for u in units]
    sides: dict[str, list[str]] = {}
    last = None
    for u in units:
        key = f"?{id(u)}" if u.alone else u.country or last or f"?{id(u)}"
        sides.setdefault(key, []).extend(u.ids)
        last = key
    return list(sides.values())


def one_each(sides: list[list[str]], n_first: int, country, states: set[str], passive: bool = False
             ) -> list[list[list[str]]] | None:
    """'Duran, Burhan, Dışişleri Bakanı Şerif ve Maliye Bakanı İbrahim ile görüştü': one person
    meets several officials of one state (`states`: codes of states, not organisations), one talk
    each (`passive`: the several are the agents who receive the one); None when that is not the
    shape (talks said to be held together are left to the caller)."""
    firsts = [p for sd in sides[:n_first] for p in sd]
    many = [p for sd in sides[n_first:] for p in sd]
    agents = passive and len(many) == 1   # "Fidan'ın Zelenskiy ve Şmihal tarafından kabul edilmesi": the agents
    if agents:
        firsts, many = many, firsts
    countries = {country(p) for p in many}
    if len(firsts) != 1 or len(many) < 2 or len(countries - {None}) > 1 or not countries <= states | {None} \
            or country(firsts[0]) in countries - {None}:
        return None
    return [[[p], firsts] for p in many] if agents else [[firsts, [p]] for p in many]


def distribute(sides: list[list[str]], kind: str, low: str, n_first: int = 1) -> list[list[list[str]]]:
    """A phone call, or talks held 'ayrı ayrı', among several sides are one contact for each
    subject side and each other side (not a call said to be 'üçlü'); "ayrı ayrı ve üçlü
    görüşmeler" are those and one of all of them. `n_first`: how many sides are the subject's."""
    apart = "ayrı" in low and _APART.search(low) is not None   # each branch holds "ayrı": most sentences, no search
    if kind == "phone_call" and len(sides) == 2 and n_first == 1 and len(sides[1]) > 1 and not _SEVERAL.search(low):
        return [[sides[0], [p]] for p in sides[1]]   # "Akar, İran Savunma Bakanı X ve Genelkurmay Başkanı Y ile
        # telefon görüşmesi gerçekleştirdi": a call is one to one, one with each
    if len(sides) > 2 and ((kind == "phone_call" and not _SEVERAL.search(low)) or apart):
        n = min(max(n_first, 1), len(sides) - 1)
        pairs = [[a, b] for a in sides[:n] for b in sides[n:]]
        return pairs + [sides] if apart and _SEVERAL.search(low) else pairs
    return [sides]


def recent_sides(rosters: list[Roster], sent_idx: int, reach: int = 2) -> list[list[str]]:
    """Delegations whose heads or members the sentence or the `reach` before it state, one side per country."""
    by_country: dict[str, list[str]] = {}
    for r in rosters_between(rosters, sent_idx - reach, sent_idx):
        if r.kind != "list" and r.country and 0 <= sent_idx - r.sent_idx <= reach:
            by_country.setdefault(r.country, []).extend(r.members)
    return clean_sides(list(by_country.values())) if len(by_country) >= 2 else []


def stated_sides(rosters: list[Roster], sent_idx: int) -> list[list[str]]:
    """Delegations whose heads or members a sentence (or the two after it) states, one side per country."""
    by_country: dict[str, list[str]] = {}
    for r in rosters_between(rosters, sent_idx, sent_idx + 2):
        if r.kind != "list" and r.country and 0 <= r.sent_idx - sent_idx <= 2:
            by_country.setdefault(r.country, []).extend(r.members)
    return clean_sides(list(by_country.values())) if len(by_country) >= 2 else []
