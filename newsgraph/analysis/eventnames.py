"""Named events (Berlin Konferansı, Soçi Mutabakatı …) and generic event nouns (ateşkes,
konferans, protokol …) in text, so that a date can say what it is the date of.

A generic noun right after a place of the same sentence names the place's event when
that makes a known name: "Berlin'de 19 Ocak'ta gerçekleşen konferans" → Berlin Konferansı.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.analysis.nlp.tokens import PhraseIndex, Token, key_of, tokenize
from newsgraph.base.registry import Registry

AFTER_TOKENS = 5           # a date is usually followed by its event: "5 Mart'ta kabul edilen protokol"
BEFORE_TOKENS = 5          # or preceded by it: "ateşkes 12 Ocak'ta"
PLACE_WINDOW = 6           # how far before a generic noun a place may stand
MEMO_MAX = 200_000         # distinct words remembered per process
# After a noun that ends in a vowel, "l" and a consonant is a verb's passive, not the noun
# inflected: "bildiri-ldi" (was announced), "saldırı-lmış"; a noun takes -ler/-lar, -li/-lı.
_PASSIVE = re.compile(r"l[^aeiou]")                 # on folded keys: vowels are a e i o u


@dataclass(frozen=True)
class EventPhrase:
    """An event name or noun found in a text (token indexes)."""

    first: int
    last: int
    name: str
    named: bool


def _same_clause(text: str, a: int, b: int) -> bool:
    """No clause punctuation between two offsets."""
    return not any(c in ",;:" for c in text[a:b])


class EventNamer:
    """Finds event phrases and picks the one a date belongs to."""

    def __init__(self, registry: Registry) -> None:
        self.named = {key_of(a): ev.name for ev in registry.named_events for a in ev.aliases if key_of(a)}
        self.index = PhraseIndex(self.named)
        self.named_first = self.index.first
        self.pairs: dict[str, list[tuple[str, str]]] = {}      # "berlin" -> [("konferansi", name)]
        for key, name in self.named.items():
            if len(key) == 2:
                self.pairs.setdefault(key[0], []).append((key[1], name))
        self.generic = {key_of(term)[0]: name for term, name in registry.generic_events if key_of(term)}
        stems = sorted(self.generic, key=len, reverse=True)
        self.generic_re = re.compile("|".join(map(re.escape, stems))) if stems else None
        self._starts: dict[str, bool] = {}       # word key → can start an event phrase (memo)

    def _named_at(self, text: str, toks: list[Token], i: int) -> tuple[int, str] | None:
        hit = self.index.match_at(toks, i)
        return (hit[0], self.named[hit[1]]) if hit else None

    def _generic_at(self, tok: Token) -> str | None:
        """The generic event noun a word starts with ("ateşkesin" → ateşkes), if any."""
        m = self.generic_re.match(tok.key) if self.generic_re else None
        if m is None or _PASSIVE.match(tok.key, m.end()) and m.group(0)[-1] in "aeiou":
            return None
        return m.group(0)

    def _compose(self, toks: list[Token], i: int, generic_key: str) -> str | None:
        """'<Place> <noun>' before index i that spells a named event, if any."""
        for j in range(i - 1, max(-1, i - PLACE_WINDOW), -1):
            for second, name in self.pairs.get(toks[j].key, ()) if toks[j].capitalized else ():
                if second.startswith(generic_key):
                    return name
        return None

    def _candidates(self, toks: list[Token]) -> list[int]:
        """Indexes of the words that can start an event phrase: the first word of a named
        event or a word starting with a generic noun (decided once per distinct word)."""
        starts = self._starts
        if len(starts) > MEMO_MAX:
            starts.clear()                        # bounded memory over a large corpus
        out = []
        for i, t in enumerate(toks):
            can = starts.get(t.key)
            if can is None:
                can = starts[t.key] = self._can_start(t.key)
            if can:
                out.append(i)
        return out

    def _can_start(self, key: str) -> bool:
        """Whether a word can start an event phrase."""
        return key in self.named_first or bool(self.generic_re and self.generic_re.match(key))

    def phrases(self, text: str, toks: list[Token] | None = None) -> list[EventPhrase]:
        """Every event phrase in `text`."""
        toks = toks if toks is not None else tokenize(text)
        named_first = self.named_first
        candidates = self._candidates(toks)
        out, skip_to = [], -1
        for i in candidates:                  # only words that can start an event phrase
            if i < skip_to:
                continue
            hit = self._named_at(text, toks, i) if toks[i].key in named_first else None
            if hit:
                out.append(EventPhrase(i, i + hit[0] - 1, hit[1], True))
                skip_to = i + hit[0]
                continue
            gkey = self._generic_at(toks[i])
            if gkey:
                composed = self._compose(toks, i, gkey)
                out.append(EventPhrase(i, i, composed or self.generic[gkey], bool(composed)))
        return out

    def name_for(self, text: str, toks: list[Token], start: int, end: int,
                 phrases: list[EventPhrase] | None = None) -> str | None:
        """The event a date at [start, end) belongs to, looking only in `toks` (its sentence);
        pass `phrases` (self.phrases(text, toks)) when naming several dates of one sentence."""
        phrases = self.phrases(text, toks) if phrases is None else phrases
        if not phrases:
            return None
        first_after = next((i for i, t in enumerate(toks) if t.start >= end), len(toks))
        last_before = next((i for i in range(len(toks) - 1, -1, -1) if toks[i].end <= start), -1)
        for p in phrases:
            if first_after <= p.first < first_after + AFTER_TOKENS and _same_clause(text, end, toks[p.first].start):
                return p.name
        for p in reversed(phrases):
            if last_before - BEFORE_TOKENS < p.last <= last_before and _same_clause(text, toks[p.last].end, start):
                return p.name
        return None

    def named_in(self, text: str, toks: list[Token] | None = None) -> list[str]:
        """Names of the named events a text mentions, in order, once each."""
        return list(dict.fromkeys(p.name for p in self.phrases(text, toks) if p.named))
