"""Paragraph and sentence segmentation with character offsets into the cleaned text.

Turkish news needs care with: abbreviations ("Sn.", "Prof.", "vb."), initials ("M. Kemal"),
times and decimals ("00.00", "2.5"), ordinals ("2. Dünya Savaşı"), and quotations closed
inside a sentence ('"... olay yok." dedi.'): a sentence starts with an upper-case letter,
a digit or an opening quote, never with a lower-case word.

A sentence is at most MAX_SENTENCE_CHARS long: text that runs on without a full stop (a legal
text, a list, a scrape that lost its punctuation) is cut at the last space before that length.
The longest sentence of the seeds and dev sets is 688 characters; the stages after this one
read a sentence's words against each other, so a sentence of a megabyte would take hours.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

PARAGRAPH_SEP = "\n\n"
MAX_SENTENCE_CHARS = 1000
DEFAULT_ABBREVIATIONS = frozenset({
    "dr", "prof", "doç", "yrd", "av", "sn", "vb", "vs", "bkz", "no", "tel", "org", "orgnl", "korg",
    "tümg", "tuğg", "alb", "yzb", "bnb", "cad", "sok", "mah", "st", "ltd", "şti", "a.ş", "t.c", "müh",
    "öğr", "gör", "uzm", "hz", "s", "sf", "yy", "mr", "mrs", "ms", "jr", "gen", "inc", "vd", "örn",
})
_BREAK = re.compile(r"[.!?…][.!?…]*['\"”’»)\]]*")      # starts with one character: scans fast
WORD_BEFORE_PLAIN = r"([\w.]+)$"         # _word_before: searched in the 40 characters before a position
_NOT_SPACE = re.compile(r"\S")
_OPENERS = "\"'“‘«([-–—•*"


@dataclass(frozen=True)
class Sentence:
    """A sentence's place in the article text."""

    sent_idx: int
    paragraph_idx: int
    start: int
    end: int


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a text whose paragraphs are joined by a blank line."""
    spans, pos = [], 0
    for para in text.split(PARAGRAPH_SEP):
        if para.strip():
            lead = len(para) - len(para.lstrip())
            spans.append((pos + lead, pos + len(para.rstrip())))
        pos += len(para) + len(PARAGRAPH_SEP)
    return spans


def _is_boundary(text: str, match: re.Match, abbreviations: frozenset[str]) -> bool:
    """Decide whether the punctuation run in `match` ends a sentence."""
    following = _NOT_SPACE.search(text, match.end())      # the first character after the white space
    if following is None:
        return True                           # only white space left
    if following.start() == match.end():      # no space after: "00.00", "A.Ş.", "2.5" go on;
        return _glued(text, match, abbreviations)   # "geldi.Erdoğan" (a site that drops the space) ends
    nxt = following.group()
    if nxt.islower():
        return False                          # '"... yok." dedi.'
    if match.group(0).startswith("."):
        token = _word_before(text, match.start())
        low = token.lower().rstrip(".")
        if low in abbreviations or (len(token) == 1 and token.isupper()):
            return False                      # "Sn. Fidan", "M. Kemal"
        if token.isdigit() and len(token) <= 2 and (nxt.isupper() or nxt.isdigit()):
            return False                      # "2. Dünya Savaşı"
    return nxt.isupper() or nxt.isdigit() or nxt in _OPENERS


def _word_before(text: str, end: int) -> str:
    """The run of word characters and dots that ends at `end` (or before a newline there), within
    the 40 characters before it; "" when none. Read backwards from `end`: a search of those 40
    characters for WORD_BEFORE_PLAIN (the definition, tested equal) tried the pattern at every letter."""
    lo = max(0, end - 40)
    stop = end - 1 if end > lo and text[end - 1] == "\n" else end      # "$" also matches before a last newline
    start = stop
    while start > lo and (text[start - 1].isalnum() or text[start - 1] in "_."):
        start -= 1
    return text[start:stop]


_GLUED_NEXT = re.compile(r"[A-ZÇĞİÖŞÜ][a-zçğıöşü]")
_GLUED_BEFORE = re.compile(r"[a-zçğıöşü]{3,}$")


def _glued(text: str, match: re.Match, abbreviations: frozenset[str]) -> bool:
    """A full stop with no space between a lower-case word and a capitalised one ends a sentence."""
    before = _GLUED_BEFORE.search(text, max(0, match.start() - 30), match.start())
    return bool(before) and before.group(0).lower() not in abbreviations and \
        bool(_GLUED_NEXT.match(text, match.end())) and match.group(0)[0] in ".!?"


def sentence_spans(paragraph: str, abbreviations: frozenset[str] = DEFAULT_ABBREVIATIONS) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one paragraph, trimmed of white space."""
    spans, start = [], 0
    for match in _BREAK.finditer(paragraph):
        if _is_boundary(paragraph, match, abbreviations):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(paragraph)))
    out = []
    for s, e in spans:
        chunk = paragraph[s:e]
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            out += _cut(paragraph, s + lead, s + len(chunk.rstrip()))
    return out


def _cut(paragraph: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """A sentence span, cut into pieces of at most `limit` characters at the last space of each
    (mid-word when a piece has none)."""
    out = []
    while end - start > limit:
        cut = paragraph.rfind(" ", start + 1, start + limit + 1)
        piece_end = len(paragraph[start:cut].rstrip()) + start if cut > start else start + limit
        out.append((start, piece_end))
        start = _NOT_SPACE.search(paragraph, piece_end).start()      # a piece ends before a non-space
    out.append((start, end))
    return out


def segment(text: str, abbreviations: frozenset[str] = DEFAULT_ABBREVIATIONS) -> list[Sentence]:
    """All sentences of an article text, numbered in order, with their paragraph."""
    out: list[Sentence] = []
    for p_idx, (p_start, p_end) in enumerate(paragraph_spans(text)):
        for s, e in sentence_spans(text[p_start:p_end], abbreviations):
            out.append(Sentence(len(out), p_idx, p_start + s, p_start + e))
    return out
