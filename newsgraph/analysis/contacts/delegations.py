"""Who a delegation is: the people news names as its head or its members, or, failing that,
the people of its country named nearby.

News names a delegation by its country ("Türk heyeti", "Rus delegasyonu") and says who is
in it elsewhere in the article, in a few fixed ways (rosters):

- its head: "Bogdanov başkanlığındaki Rus heyeti", "Türk heyetine Önal başkanlık etti",
  "Rus heyetinin başında Verşinin bulunuyordu";
- its members: "Türk heyetinde Çavuşoğlu ve Akar da yer aldı", "Heyette Fidan da vardı"
  (a delegation of no country said is the one just named);
- else a list: a sentence naming two or more people of one country ("Çavuşoğlu, Akar ve
  Fidan da Moskova'da").

A delegation's people are its head and members named within ROSTER_REACH sentences (all of
them: one delegation is described over several sentences), else the nearest list.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsgraph.analysis.contacts.phrases import Phrase, delegation_phrases, drop_possessors
from newsgraph.base.textnorm import fold, word_search

ROSTER_REACH = 12          # sentences a delegation of a named country may look for its members
NEARBY_REACH = 3           # …and one of no named country
_HEAD = re.compile(r"\s*(?:'?n[ıi]n\s+)?başkanlığı(?:ndaki|nda)\b")
_CO_HEAD = re.compile(r"\s+ve\s+(?:[A-ZÇĞİÖŞÜ][^\s,]*\s+){0,6}$")
_MEMBER_VERB = re.compile(r"(?:başkanlık\s+(?:et|ed|yap)|yer\s+al|bulun|vardı|katıl|eşlik\s+et|temsil\s+et|oluş)\w*")
_DELEGATION_WORD = re.compile(r"heyet|delegasyon")
_STATES = re.compile(r"aşkanl|AŞKANL|eyet|elegasyon")       # literal branches: the engine skips to them
_AT_HEAD = re.compile(r"\s*başında\b")
_REPRESENT = re.compile(r"temsil\s+(?:et|ed)\w*|yer\s+al\w*")
_ACCUSATIVE = ("i", "u", "yi", "yu", "ni", "nu")          # folded: "Türkiye'yi", "Rusya'yı", "İran'ı"
_ABLATIVE = ("dan", "den", "tan", "ten", "ndan", "nden")


_NOT_MEMBERS = ("source", "mediator", "host")      # "Putin'in talimatıyla": not in the delegation


@dataclass(frozen=True)
class Roster:
    sent_idx: int
    country: str | None
    members: tuple[str, ...]
    place: str | None
    kind: str = "list"               # head | member | list


def rosters_between(rosters: list[Roster], first: int, last: int) -> list[Roster]:
    """The rosters of sentences first..last, in order: rosters are in text order, so a slice found
    by bisection, not a scan of every roster of the article for every sentence."""
    return rosters[bisect_left(rosters, first, key=_sentence_of):bisect_right(rosters, last, key=_sentence_of)]


def _sentence_of(r: Roster) -> int:
    return r.sent_idx


def headed_by(sentence: str, phrases: list[Phrase]) -> list[tuple[Phrase, int]]:
    """'X başkanlığındaki heyet': the person phrases heading the delegation word after them."""
    low = sentence.lower()
    out = []
    for i, ph in enumerate(phrases):
        m = _HEAD.match(low, ph.end) if ph.kind == "person" else None
        if m:
            k = i                       # "X ve Y'nin başkanlığındaki heyet": both head it
            while k > 0 and phrases[k - 1].kind == "person" and _CO_HEAD.match(sentence[phrases[k - 1].end:phrases[k].start]):
                k -= 1
                out.append((phrases[k], m.end()))
            out.append((ph, m.end()))
    return out


def _may_state(text: str) -> bool:
    """Whether a sentence has a word without which it states no head and no member: "başkanlığı"
    (headed_by), a delegation word (_stated), "temsil" or "yer al" (_represented)."""
    low = text.lower()
    return "başkanlığı" in low or "temsil" in low or "yer al" in low or _DELEGATION_WORD.search(low) is not None


class Delegations:
    """Rosters of one article, and the members they give a delegation phrase."""

    def __init__(self, nation_words: tuple[tuple[str, str], ...], words: tuple[str, ...], titles: set[str], country_of) -> None:
        self.nation_words, self.words, self.titles, self.country_of = nation_words, words, titles, country_of

    def rosters(self, sents, location_of) -> list[Roster]:
        """Heads, members and lists of every sentence, in text order."""
        out: list[Roster] = []
        for s in sents:
            n_people = sum(m.label == "PER" for m in s.mentions)
            if n_people == 0 or (n_people == 1 and not _STATES.search(s.text)):
                continue                      # a list names two people; a head or member is stated
            if not _may_state(s.text) and not self._two_of_a_country(s):
                continue                      # no word of a head or members, no two of one country: no roster
            phrases = [p for p in drop_possessors(sorted(s.people(), key=lambda p: p.start), s.text, self.titles)
                       if not p.speaker and p.mark not in _NOT_MEMBERS]
            out += self._stated(s, phrases, out) + self._represented(s, phrases)
            by_country: dict[str, list[str]] = {}
            for ph in phrases:
                for pid in ph.persons:
                    if (country := self.country_of(pid)):
                        by_country.setdefault(country, []).append(pid)
            out += [Roster(s.idx, c, tuple(dict.fromkeys(ms)), location_of(s)) for c, ms in by_country.items()
                    if len(set(ms)) >= 2]
        return out

    def _two_of_a_country(self, s) -> bool:
        """Whether a sentence names two people of one country: a list roster needs them (its people
        are some of the persons the sentence names)."""
        countries = [c for p in {m.entity_id for m in s.mentions if m.label == "PER" and m.entity_id}
                     if (c := self.country_of(p))]
        return len(countries) > len(set(countries))

    def _stated(self, s, phrases: list[Phrase], before: list[Roster]) -> list[Roster]:
        """Heads and members a sentence states ('Türk heyetine Önal başkanlık etti')."""
        out = []
        for ph, _ in headed_by(s.text, phrases):
            out.append(Roster(s.idx, self.country_of(ph.persons[0]), ph.persons, None, "head"))
        low = s.text.lower()
        if not word_search(_MEMBER_VERB, low) or not _DELEGATION_WORD.search(low):
            return out
        dels = [d for d in delegation_phrases(s.text, self.nation_words, self.words)
                if d.case in ("loc", "dat", "abl") or (d.case == "gen" and _AT_HEAD.match(low, d.end))]   # "İsveç heyetinden X katıldı"
        for i, d in enumerate(dels):
            verb = word_search(_MEMBER_VERB, low, d.end)
            end = min(dels[i + 1].start if i + 1 < len(dels) else len(low), verb.start() if verb else len(low))
            members = tuple(p for ph in phrases if d.end <= ph.start < end for p in ph.persons)
            nation = d.nations[0] if d.nations and d.nations[0] != "SELF" else self._last_nation(
                rosters_between(before, s.idx - NEARBY_REACH, s.idx) + out, s.idx)
            if members and nation is None and len({self.country_of(p) for p in members}) == 1:
                nation = self.country_of(members[0])   # "Heyete Filistin Dışişleri Bakanı X başkanlık etti": X's country
            if members:
                out.append(Roster(s.idx, nation, members, None, "member"))
        return out

    def _represented(self, s, phrases: list[Phrase]) -> list[Roster]:
        """'Görüşmelere Türkiye'yi Akçapar, Rusya'yı Lavrentiev ve Bogdanov temsil ediyor',
        'Suriye'den Susan yer alırken': the people after each country stand for it."""
        low = s.text.lower()
        if "temsil" not in low and "yer al" not in low:
            return []
        out, start = [], 0
        for verb in _REPRESENT.finditer(low):
            if verb.start() > 0 and low[verb.start() - 1].isalpha():
                continue
            cases = _ACCUSATIVE if verb.group(0).startswith("temsil") else _ABLATIVE
            countries = [(m.end + len(m.suffix) - s.start, code) for m in s.mentions
                         if m.label == "LOC" and m.entity_id and fold(m.suffix.lstrip("'")) in cases
                         and start <= m.start - s.start < verb.start() and (code := self.country_of(m.entity_id))]
            for i, (end, code) in enumerate(countries):
                until = countries[i + 1][0] if i + 1 < len(countries) else verb.start()
                members = tuple(p for ph in phrases if end <= ph.start < until for p in ph.persons)
                if members:
                    out.append(Roster(s.idx, code, members, None, "member"))
            start = verb.end()
        return out

    @staticmethod
    def _last_nation(rosters: list[Roster], sent_idx: int) -> str | None:
        """'Heyette …': the delegation of the head or members named just before."""
        stated = [r for r in rosters if r.kind != "list" and r.country and sent_idx - r.sent_idx <= NEARBY_REACH]
        return stated[-1].country if stated else None

    def members(self, ph: Phrase, sent_idx: int, rosters: list[Roster], others: set[str | None]
                ) -> list[tuple[tuple[str, ...], str | None, str | None]]:
        """(people, country, place) per country of a delegation phrase."""
        nations = [n for n in ph.nations if n != "SELF"]
        out = []
        for nation in nations or [None]:
            found = self._of_nation(nation, sent_idx, rosters, others)
            if found:
                out.append(found)
        return out

    def _of_nation(self, nation: str | None, sent_idx: int, rosters: list[Roster], others: set[str | None]):
        reach = ROSTER_REACH if nation else NEARBY_REACH
        near = [r for r in rosters_between(rosters, sent_idx - reach, sent_idx + reach)
                if abs(r.sent_idx - sent_idx) <= reach and (nation is None or r.country == nation)
                and (nation is not None or (r.country not in others and r.sent_idx <= sent_idx))]
        stated = [r for r in near if r.kind != "list"]
        if stated:
            if nation is None:                   # a delegation of no country: the one named last
                nation = stated[-1].country if stated[-1].sent_idx <= sent_idx else stated[0].country
                stated = [r for r in stated if r.country == nation]
            heads = [p for r in stated if r.kind == "head" for p in r.members]
            people = tuple(dict.fromkeys(heads + [p for r in stated for p in r.members]))
            return people, nation, None
        if not near:
            return None
        best = min(near, key=lambda r: (abs(r.sent_idx - sent_idx), r.sent_idx > sent_idx))
        return best.members, best.country, best.place
