"""A small Turkish word tokenizer for gazetteer matching.

Words keep their offsets; an apostrophe suffix ("Şoygu'ya") is recorded on the word, not
made a token; a hyphen between two words ("es-Serrac", "ABD-İran") is a token of its own
so that "ABD" and "İran" can each be matched; `joins` says whether a word and the next one
may belong to one name (only white space or a hyphen between them, no suffix before).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.textnorm import TR_LETTER, fold

_TOKEN = re.compile(rf"(?P<w>[{TR_LETTER}0-9]+)(?P<s>'[{TR_LETTER}]+)?|(?<=[{TR_LETTER}0-9])-(?=[{TR_LETTER}0-9])")


@dataclass(frozen=True)
class Token:
    """One word (or joining hyphen) of a text."""

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


def tokenize(text: str) -> list[Token]:
    """Words and joining hyphens of `text`, with offsets."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group("w") or m.group(0)
        suffix = m.group("s") or ""
        out.append(Token(m.start(), m.start() + len(word), word, suffix, fold(word)))
    return out


def joins(text: str, tokens: list[Token], i: int) -> bool:
    """Whether tokens[i] and tokens[i+1] can be parts of one name."""
    if i + 1 >= len(tokens) or tokens[i].suffix:
        return False
    gap = text[tokens[i].end:tokens[i + 1].start]
    return gap == "" or (gap.isspace() and "\n" not in gap and len(gap) <= 2)


def key_of(phrase: str) -> tuple[str, ...]:
    """The token keys of a registry alias ("es-Serrac" → ("es", "-", "serrac"))."""
    return tuple(t.key for t in tokenize(phrase))
