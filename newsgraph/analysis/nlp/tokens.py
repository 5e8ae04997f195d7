"""A small Turkish word tokenizer for gazetteer matching.

Words keep their offsets; an apostrophe suffix ("Şoygu'ya") is recorded on the word, not
made a token; a hyphen between two words ("es-Serrac", "ABD-İran") is a token of its own
so that "ABD" and "İran" can each be matched; `joins` says whether a word and the next one
may belong to one name (only white space or a hyphen between them, no suffix before).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter
from typing import NamedTuple

from newsgraph.base.textnorm import LATIN_LETTER, TR_LETTER, fold

_CHAR = f"[{LATIN_LETTER}0-9]"      # foreign names keep their letters: "Jean-Noël" is two words, not three
# A word with its apostrophe suffix, or, when it has none and the next word may belong to
# the same name, an empty `j` group; or a hyphen between two words. Between two words of
# one name stand only a joining hyphen, one or two spaces, a tab, or a space and a tab.
# One regex pass gives everything tokenize needs. "O'Brien", "D'Alema": a capital, an apostrophe
# and a capitalised word are one word (a Turkish suffix after an apostrophe is lower case).
_REST = rf"(?:(?P<s>'[{TR_LETTER}]+)|(?=-{_CHAR}|(?: {{1,2}}|\t|\t | \t){_CHAR})(?P<j>))?|(?<={_CHAR})-(?={_CHAR})"
_TOKEN = re.compile(rf"(?P<w>{_CHAR}+){_REST}")
_TOKEN_O = re.compile(rf"(?P<w>(?:[A-ZÇĞİÖŞÜ]'(?=[A-ZÇĞİÖŞÜ][a-zçğıöşü]))?{_CHAR}+){_REST}")
# Texts with "O'B…" take the slower pattern. Written apostrophe first and the capital before it
# looked back at, so the engine skips ahead to apostrophes, not to every capital (CAPITAL_APOSTROPHE_PLAIN
# is the plain form, tested equal).
CAPITAL_APOSTROPHE_PLAIN = r"[A-ZÇĞİÖŞÜ]'[A-ZÇĞİÖŞÜ]"
_CAPITAL_APOSTROPHE = re.compile(r"'(?<=[A-ZÇĞİÖŞÜ]')[A-ZÇĞİÖŞÜ]")


# Case suffixes a name can carry without an apostrophe (folded: ı→i, ü→u …).
BARE_SUFFIXES = tuple(sorted({
    "in", "nin", "un", "nun", "e", "a", "ye", "ya", "i", "yi", "u", "yu", "de", "da", "te", "ta",
    "den", "dan", "ten", "tan", "le", "la", "yle", "yla", "nde", "nda", "nden", "ndan", "ne", "na",
    "ndeki", "ndaki", "deki", "daki", "teki", "taki", "nin", "ler", "lar",
}, key=len, reverse=True))
_BARE_SET = frozenset(BARE_SUFFIXES)
_BARE_LENGTHS = sorted({len(s) for s in BARE_SUFFIXES}, reverse=True)


class Token(NamedTuple):
    """One word (or joining hyphen) of a text (a named tuple: millions are made)."""

    start: int
    end: int              # end of the word, before any apostrophe suffix
    text: str
    suffix: str           # "'ya" or ""
    key: str              # fold(text): the matching key
    capitalized: bool     # starts with an upper-case letter
    joins_next: bool      # the next token may be part of the same name

    @property
    def all_caps(self) -> bool:
        """Two or more letters, all upper case ("ABD", "İDLİB")."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_hyphen(self) -> bool:
        return self.text == "-"


start_of = itemgetter(0)   # a Token's start (the key to bisect tokens by offset)
_new = tuple.__new__       # skips NamedTuple's Python-level __new__: tokenising is a hot path


def tokenize(text: str) -> list[Token]:
    """Words and joining hyphens of `text`, with offsets, folded keys and join flags."""
    folded = fold(text)
    same = len(folded) == len(text)       # else a letter whose lower case is longer: fold word by word
    out = []
    for m in (_TOKEN_O if "'" in text and _CAPITAL_APOSTROPHE.search(text) else _TOKEN).finditer(text):
        word, suffix, joins_next = m.groups()
        start = m.start()
        if word is None:                  # a hyphen between two words always joins them
            out.append(_new(Token, (start, start + 1, "-", "", "-", False, True)))
            continue
        end = start + len(word)
        out.append(_new(Token, (start, end, word, suffix or "", folded[start:end] if same else fold(word),
                                word[0].isupper(), joins_next is not None)))
    return out


def within(tokens: list[Token], start: int, end: int, starts: list[int] | None = None) -> list[Token]:
    """The tokens that start inside [start, end) (tokens sorted by offset; their starts may
    be given)."""
    if starts is None:
        return tokens[bisect_left(tokens, start, key=start_of):bisect_left(tokens, end, key=start_of)]
    return tokens[bisect_left(starts, start):bisect_left(starts, end)]


def token_range(tokens: list[Token], start: int, end: int) -> range:
    """Indexes of the tokens that start inside [start, end) (tokens sorted by offset)."""
    return range(bisect_left(tokens, start, key=start_of), bisect_left(tokens, end, key=start_of))


def joins(text: str, tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] and tokens[i+1] can be parts of one name (computed by tokenize)."""
    return i + 1 < len(tokens) and tokens[i].joins_next


def strip_bare_suffix(key: str, known: set[str] | frozenset[str]) -> tuple[str, int] | None:
    """'gulerin' → ('guler', 2) when 'guler' is known; None otherwise (longest suffix first)."""
    for n in _BARE_LENGTHS:
        if len(key) > n and key[-n:] in _BARE_SET and key[:-n] in known:
            return key[:-n], n
    return None


class BareSuffixStripper:
    """strip_bare_suffix against one fixed set of known stems, remembered per key (the
    same words come back in every article)."""

    def __init__(self, known) -> None:
        self.known = frozenset(known)
        self._seen: dict[str, tuple[str, int] | None] = {}

    def __call__(self, key: str) -> tuple[str, int] | None:
        try:
            return self._seen[key]
        except KeyError:
            if len(self._seen) > 200_000:
                self._seen.clear()                # bounded memory over a large corpus
            found = self._seen[key] = strip_bare_suffix(key, self.known)
            return found


class PhraseIndex:
    """Phrases (token-key tuples) matched at a token, longest first; the last word may carry
    a case suffix after an apostrophe (a token's suffix) or, for phrases of two words or
    more, written on ("bölgesiyle", "sürecinin"). A match grows only while what it has
    starts some phrase, so most words cost one set lookup."""

    def __init__(self, keys) -> None:
        self.keys = set(keys)
        self.first = {k[0] for k in self.keys}
        self.heads = {k[:j] for k in self.keys for j in range(1, len(k))}
        self.last = {k[-1] for k in self.keys if len(k) > 1}
        self.strip_last = BareSuffixStripper(self.last)
        self.max_len = max((len(k) for k in self.keys), default=1)

    def match_at(self, toks: list[Token], i: int) -> tuple[int, tuple[str, ...]] | None:
        """(number of tokens, phrase key) of the longest phrase starting at toks[i], or None."""
        if toks[i].key not in self.first:
            return None
        span, head = 1, (toks[i].key,)
        while span < self.max_len and i + span < len(toks) and toks[i + span - 1].joins_next and head in self.heads:
            head += (toks[i + span].key,)
            span += 1
        for n in range(span, 0, -1):
            key = head[:n]
            if key in self.keys:
                return n, key
            if n > 1 and not toks[i + n - 1].suffix:
                stripped = self.strip_last(key[-1])
                if stripped and key[:-1] + (stripped[0],) in self.keys:
                    return n, key[:-1] + (stripped[0],)
        return None

    def matches(self, toks: list[Token]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(first token, number of tokens, phrase key) of every phrase in `toks`, left to
        right, longest first, no overlaps (only the words that start a phrase are tried)."""
        first, out, after = self.first, [], 0
        for i in [i for i, t in enumerate(toks) if t.key in first]:
            if i < after:
                continue
            found = self.match_at(toks, i)
            if found:
                out.append((i, found[0], found[1]))
                after = i + found[0]
        return out


def key_of(phrase: str) -> tuple[str, ...]:
    """The token keys of a registry alias ("es-Serrac" → ("es", "-", "serrac"))."""
    return tuple(t.key for t in tokenize(phrase))
