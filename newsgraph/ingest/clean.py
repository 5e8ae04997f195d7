"""Plain-text clean-up: characters, white space, paragraphs, glued headlines, repeats."""
from __future__ import annotations

import re
import unicodedata

from newsgraph.base.textnorm import normalize_apostrophes

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")    # _SPACES but " "
_INVISIBLE_CHARS = r"\u200b-\u200f\u2060\ufeff\u00ad\u202a-\u202e"
_CONTROL_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
_HIDDEN = re.compile(f"[{_INVISIBLE_CHARS}{_CONTROL_CHARS}]")      # either kind
_TERMINAL = tuple('.!?:;"\'”»)…')
_UP = "A-ZÇĞİÖŞÜ"
_LOW = "a-zçğıöşü"
# "dedi.Haliç" — a sentence end with the space lost in scraping.
# Two capitalised words (the first of four letters or more), written without the space between
# them: scraping lost it ("Recep TayyipErdoğan", "Bakanı HakanFidan", "HükümetlideriFayiz").
# Where two glued words meet (a cheap test first): a lower-case letter, then a capital. Written
# capital first (the rarer letter) and the lower-case one looked back at: the engine tries far
# fewer places (3.8 -> 1.4 us per paragraph; GLUE_POINT_PLAIN is the plain form, tested equal).
GLUE_POINT_PLAIN = r"[a-zçğıöşü][A-ZÇĞİÖŞÜ]"
_GLUE_POINT = re.compile(r"[A-ZÇĞİÖŞÜ](?<=[a-zçğıöşü][A-ZÇĞİÖŞÜ])")
_GLUED_WORDS = re.compile(r"\b([A-ZÇĞİÖŞÜ][a-zçğıöşü]{3,})([A-ZÇĞİÖŞÜ][a-zçğıöşü]{2,})\b")
_GLUED_SENTENCE = re.compile(rf"([.!?])(?<=[{_LOW}]{{2}}[.!?])(?=[{_UP}][{_LOW}])")
# "... BEYAN ETTİLERArdından" — an all-caps headline glued to the next sentence.
_CAPS_WORD = rf"[{_UP}][{_UP}0-9'-]+"
# Three capitalised words, then the glued one: it starts where a run of such letters starts (what
# precedes the first capital: digits, ' or -), and at most three words are read from each start
# (the same text as "three or more", which read the whole run again from every word of it).
_GLUED_HEADLINE = re.compile(rf"(?<![{_UP}0-9'-])[0-9'-]*(?:{_CAPS_WORD}[,:]?\s+){{3}}[{_UP}]+?(?=[{_UP}][{_LOW}]{{2}})")
# A capital right before a capitalised word ("…ETTİLERArdından"): every glued headline has one.
_CAPS_THEN_WORD = re.compile(rf"[{_UP}][{_UP}][{_LOW}]{{2}}")
_HEADLINE_START = re.compile(rf"([.!?\"”]|(?<=[.!?])['’]|['’](?![{_UP}{_LOW}]))\s*(?=(?:{_CAPS_WORD}\s+){{3}})")   # not "AB'NİN …"
# Three words of capitals, from a word's first capital only. Written with the capital first and
# the letter before it looked back at, so the engine skips ahead to capitals (5.0 -> 1.5 us per
# paragraph; CAPS_RUN_PLAIN is the plain form, tested equal).
CAPS_RUN_PLAIN = rf"(?<![{_UP}])[{_UP}][{_UP}]+\s+[{_UP}]{{2,}}\s+[{_UP}]{{2,}}"
_CAPS_RUN = re.compile(rf"[{_UP}](?<![{_UP}][{_UP}])[{_UP}]+\s+[{_UP}]{{2,}}\s+[{_UP}]{{2,}}")
# What any of the three tests of split_glued below finds, found by one scan (a paragraph that none of
# them finds is read once, not three times): its first character, then the rest of each test.
_MAYBE_GLUED = re.compile(rf"[.!?{_UP}](?:(?<=[{_LOW}]{{2}}[.!?])(?=[{_UP}][{_LOW}])|(?<=[{_LOW}][{_UP}])"
                          rf"|(?<![{_UP}][{_UP}])[{_UP}]+\s+[{_UP}]{{2,}}\s+[{_UP}]{{2,}})")

_EDGE_SPACES = re.compile(r" *\n *")


def normalize_text(text: str) -> str:
    """NFC, Unix newlines, one kind of apostrophe, single spaces, no invisible characters."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    # Invisible and control characters are rare: one scan for both kinds, then each removed only
    # when there is one (the steps after NFC make neither kind, so the gate holds for both).
    hidden = _HIDDEN.search(text) is not None
    if hidden:
        text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if hidden:
        text = _CONTROL.sub(" ", text)
    text = normalize_apostrophes(text)
    if "  " in text or _ODD_SPACE.search(text):     # else every run of spaces is one " " already
        text = _SPACES.sub(" ", text)
    if " \n" in text or "\n " in text:               # else every match is a bare "\n"
        text = _EDGE_SPACES.sub("\n", text)
    return text.strip(" ")


def _soft_wrapped(line: str, next_line: str) -> bool:
    """A line that stops mid-sentence and a next one that goes on in lower case."""
    return bool(line) and not line.endswith(_TERMINAL) and next_line[:1].islower()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are lines; blank lines separate too; soft-wrapped lines are joined (once per
    paragraph: joining line by line copied the paragraph for each of its lines)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines: list[str] = []                     # the lines of the paragraph being read
        for line in (ln for ln in block.split("\n") if ln):
            if lines and _soft_wrapped(lines[-1], line):
                lines.append(line)                # soft wraps never cross a blank line
                continue
            if lines:
                out.append(" ".join(lines))
            lines = [line]
        if lines:
            out.append(" ".join(lines))
    return out


def split_glued(paragraph: str) -> list[str]:
    """Undo scraping that glued sentences or headlines together; may split a paragraph."""
    if _MAYBE_GLUED.search(paragraph):           # most paragraphs: none of the tests below holds
        paragraph = _unglued(paragraph)
    return [p.strip() for p in paragraph.split("\n") if p.strip()]


def _unglued(paragraph: str) -> str:
    """The paragraph with glued sentences and words spaced and glued headlines on lines of their own."""
    if _GLUED_SENTENCE.search(paragraph):    # rare: a search is half the cost of a sub that finds nothing
        paragraph = _GLUED_SENTENCE.sub(r"\1 ", paragraph)
    if _GLUE_POINT.search(paragraph):        # "MevlütÇavuşoğlu", "HulusiAkar": two words that lost their space
        paragraph = _GLUED_WORDS.sub(r"\1 \2", paragraph)
    if _CAPS_RUN.search(paragraph):          # only a run of capitals can be a glued headline
        paragraph = _HEADLINE_START.sub(r"\1\n", paragraph)
        if _CAPS_THEN_WORD.search(paragraph):   # what _GLUED_HEADLINE needs
            paragraph = _GLUED_HEADLINE.sub(lambda m: m.group(0) + "\n", paragraph)
    return paragraph


def paragraph_key(paragraph: str) -> str:
    """What makes two paragraphs the same: the words, whatever the white space."""
    return " ".join(paragraph.split())


def drop_repeats(paragraphs: list[str], seen: set[str] | None = None) -> tuple[list[str], int]:
    """Keep the first of paragraphs repeated verbatim; return (kept, number dropped)."""
    seen = set(seen or ())
    kept: list[str] = []
    for para in paragraphs:
        key = paragraph_key(para)
        if key in seen:
            continue
        seen.add(key)
        kept.append(para)
    return kept, len(paragraphs) - len(kept)
