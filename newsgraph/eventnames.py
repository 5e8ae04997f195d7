"""Named events (Berlin Konferansı, Soçi Mutabakatı …) and generic event nouns (ateşkes,
konferans, protokol …) in text, so that a date can say what it is the date of.

A generic noun right after a place of the same sentence names the place's event when
that makes a known name: "Berlin'de 19 Ocak'ta gerçekleşen konferans" → Berlin Konferansı.
"""
from __future__ import annotations

from dataclasses import dataclass

from newsgraph.nlp.rules import BARE_SUFFIXES, Mention
from newsgraph.nlp.tokens import Token, joins, key_of, tokenize
from newsgraph.registry import Registry

AFTER_TOKENS = 5           # a date is usually followed by its event: "5 Mart'ta kabul edilen protokol"
BEFORE_TOKENS = 5          # or preceded by it: "ateşkes 12 Ocak'ta"
PLACE_WINDOW = 6           # how far before a generic noun a place may stand


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
        self.named_first = {k[0] for k in self.named}
        self.generic = [(key_of(term)[0], name) for term, name in registry.generic_events if key_of(term)]
        self.max_len = max((len(k) for k in self.named), default=1)

    def _named_at(self, text: str, toks: list[Token], i: int) -> tuple[int, str] | None:
        span = 1
        while span < self.max_len and joins(text, toks, i + span - 1):
            span += 1
        for n in range(span, 0, -1):
            key = tuple(t.key for t in toks[i:i + n])
            if key in self.named:
                return n, self.named[key]
            for suf in BARE_SUFFIXES if n > 1 else ():
                if key[-1].endswith(suf) and key[:-1] + (key[-1][: -len(suf)],) in self.named:
                    return n, self.named[key[:-1] + (key[-1][: -len(suf)],)]
        return None

    def _generic_at(self, tok: Token) -> str | None:
        return next((name for key, name in self.generic if tok.key.startswith(key)), None)

    def _compose(self, toks: list[Token], i: int, generic_key: str) -> str | None:
        """'<Place> <noun>' before index i that spells a named event, if any."""
        for j in range(i - 1, max(-1, i - PLACE_WINDOW), -1):
            for key, name in self.named.items():
                if len(key) == 2 and key[0] == toks[j].key and key[1].startswith(generic_key) and toks[j].capitalized:
                    return name
        return None

    def phrases(self, text: str, toks: list[Token] | None = None) -> list[EventPhrase]:
        """Every event phrase in `text`."""
        toks = toks if toks is not None else tokenize(text)
        out, i = [], 0
        while i < len(toks):
            hit = self._named_at(text, toks, i) if toks[i].key in self.named_first else None
            if hit:
                out.append(EventPhrase(i, i + hit[0] - 1, hit[1], True))
                i += hit[0]
                continue
            generic = self._generic_at(toks[i])
            if generic:
                gkey = next(k for k, n in self.generic if toks[i].key.startswith(k))
                composed = self._compose(toks, i, gkey)
                out.append(EventPhrase(i, i, composed or generic, bool(composed)))
            i += 1
        return out

    def name_for(self, sentence: str, start: int, end: int, mentions: list[Mention] | None = None,
                 offset: int = 0) -> str | None:
        """The event a date at [start, end) of `sentence` belongs to, or None."""
        toks = tokenize(sentence)
        phrases = self.phrases(sentence, toks)
        if not phrases:
            return None
        after = [i for i, t in enumerate(toks) if t.start >= end]
        before = [i for i, t in enumerate(toks) if t.end <= start]
        first_after = after[0] if after else len(toks)
        last_before = before[-1] if before else -1
        for p in phrases:
            if first_after <= p.first < first_after + AFTER_TOKENS and _same_clause(sentence, end, toks[p.first].start):
                return p.name
        for p in reversed(phrases):
            if last_before - BEFORE_TOKENS < p.last <= last_before and _same_clause(sentence, toks[p.last].end, start):
                return p.name
        return None

    def named_in(self, text: str) -> list[str]:
        """Names of the named events a text mentions, in order, once each."""
        return list(dict.fromkeys(p.name for p in self.phrases(text) if p.named))
