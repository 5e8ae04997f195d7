"""A small Turkish word tokenizer for gazetteer matching.

Words keep their offsets; an apostrophe suffix ("Şoygu'ya") is recorded on the word, not
made a token; a hyphen between two words ("es-Serrac", "ABD-İran") is a token of its own
so that "ABD" and "İran" can each be matched; `joins` says whether a word and the next one
may belong to one name (only white space or a hyphen between them, no suffix before).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from newsgraph.textnorm import TR_LETTER, fold

_TOKEN = re.compile(rf"(?P<w>[{TR_LETTER}0-9]+)(?P<s>'[{TR_LETTER}]+)?|(?<=[{TR_LETTER}0-9])-(?=[{TR_LETTER}0-9])")


class Token(NamedTuple):
    """One word (or joining hyphen) of a text (a named tuple: millions are made)."""

    start: int
    end: int              # end of the word, before any apostrophe suffix
    text: str
    suffix: str           # "'ya" or ""
    key: str              # fold(text): the matching key

    @property
    def capitalized(self) -> bool:
        """Starts with an upper-case letter."""
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        """Two or more letters, all upper case ("ABD", "İDLİB")."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)

    @property
    def is_hyphen(self) -> bool:
        return self.text == "-"


_new = tuple.__new__       # skips NamedTuple's Python-level __new__: tokenising is a hot path


def tokenize(text: str) -> list[Token]:
    """Words and joining hyphens of `text`, with offsets."""
    folded = fold(text)
    if len(folded) != len(text):          # a letter whose lower case is longer: fold word by word
        return [_new(Token, (s, e, text[s:e], suf, fold(text[s:e]))) for s, e, suf in _spans(text)]
    return [_new(Token, (s, e, text[s:e], suf, folded[s:e])) for s, e, suf in _spans(text)]


def _spans(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _TOKEN.finditer(text):
        end = m.end("w") if m.group("w") else m.end()
        out.append((m.start(), end, m.group("s") or ""))
    return out


def within(tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens that start inside [start, end) (tokens are sorted by offset)."""
    from bisect import bisect_left
    starts = [t.start for t in tokens]
    return tokens[bisect_left(starts, start):bisect_left(starts, end)]


def joins(text: str, tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] and tokens[i+1] can be parts of one name."""
    if i + 1 >= len(tokens) or tokens[i].suffix:
        return False
    gap = text[tokens[i].end:tokens[i + 1].start]
    return gap == "" or (gap.isspace() and "\n" not in gap and len(gap) <= 2)


def key_of(phrase: str) -> tuple[str, ...]:
    """The token keys of a registry alias ("es-Serrac" → ("es", "-", "serrac"))."""
    return tuple(t.key for t in tokenize(phrase))
