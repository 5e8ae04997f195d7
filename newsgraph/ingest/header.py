"""Lines that are not article body: title, date line, byline, outlet, tags.

The seed corpus shows each kind: a title on the first line; "date 2020-01 Kamera Güven
USTA İstanbul DHA" glued to the first sentence; "HABERRUS – " before the lead; a site
name ("ulusal.com.tr") and a keyword line ("türkiye rusya libya Mavi Vatan") at the end.
Date lines in every common form (newsgraph.ingest.dateline) are read among the first
paragraphs, and labelled ones ("Yayın tarihi: …") also at the end.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Sequence

from newsgraph.ingest.dateline import Stamp, publication, read_date_line
from newsgraph.base.textnorm import fold

_UP = "A-ZÇĞİÖŞÜ"
_LOW = "a-zçğıöşü"
MONTHS = {
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6,
    "temmuz": 7, "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
}
_MONTH_FOLDED = {fold(k): v for k, v in MONTHS.items()}
HEAD_PARAGRAPHS = 4        # date lines are looked for among the first paragraphs (title, spot, byline)
_NAME_WORD = rf"[{_UP}][{_LOW}]+"
_SURNAME = rf"[{_UP}]{{2,}}"
_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|info|news|tv|gov|edu|az|ru|tr)"
    r"(?:\.tr)?)/?\S*$", re.I)
_SOURCE_LINE = re.compile(r"^(?:kaynak|source)\s*:\s*(?P<source>.{2,60})$", re.I)
_TAGS_LINE = re.compile(r"^(?:etiketler|etiket|tags|anahtar kelimeler)\s*:\s*(?P<tags>.+)$", re.I)
_CAPS_OUTLET = re.compile(rf"^(?P<outlet>[{_UP}][{_UP}0-9.]{{1,24}}(?:\s+[{_UP}][{_UP}0-9.]{{1,24}}){{0,2}})\s*[–—-]\s+")
_PAREN_OUTLET = re.compile(rf"^(?P<place>[{_UP}][{_UP}{_LOW}]+(?:\s+[{_UP}][{_UP}{_LOW}]+)?)\s*\((?P<outlet>[^)]{{2,30}})\)\s*[–—-]\s*")


@dataclass
class Header:
    """What the non-body lines say about an article."""

    title: str | None = None
    source: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published: str | None = None
    published_precision: str | None = None
    tags: list[str] = field(default_factory=list)
    stamps: list[Stamp] = field(default_factory=list)     # every date of the date lines read

    def add_dates(self, stamps: list[Stamp]) -> None:
        """Take in a date line's dates: published is the first publication date, else an update."""
        self.stamps += stamps
        first = publication(self.stamps)
        self.published, self.published_precision = first.iso, first.precision


def parse_date_value(raw: str) -> tuple[str, str] | None:
    """'2020-01' → ('2020-01', 'month'); '12.01.2020' / '12 Ocak 2020' → day precision."""
    raw = raw.strip()
    if m := re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", raw):
        parts = [int(p) for p in m.groups() if p]
    elif m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", raw):
        parts = [int(m.group(3)), int(m.group(2)), int(m.group(1))]
    elif (m := re.fullmatch(r"(\d{1,2})\s+(\S+)\s+(\d{4})", raw)) and fold(m.group(2)) in _MONTH_FOLDED:
        parts = [int(m.group(3)), _MONTH_FOLDED[fold(m.group(2))], int(m.group(1))]
    elif (line := read_date_line(raw)) and not line[1] and len(line[0]) == 1:    # "14 Mayıs 2023 Pazar"
        return line[0][0].iso, line[0][0].precision
    else:
        return None
    if len(parts) > 1 and not 1 <= parts[1] <= 12 or len(parts) > 2 and not 1 <= parts[2] <= 31:
        return None
    iso = "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])
    return iso, ("year", "month", "day")[len(parts) - 1]


def _alternation(words: Sequence[str]) -> str:
    """Regex alternation of the words, longest first (made once per word list)."""
    return _alternation_of(tuple(words))


@lru_cache(maxsize=32)
def _alternation_of(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def parse_date_line(line: str, byline_roles: Sequence[str], outlets: Sequence[str], header: Header) -> str:
    """Fill date, byline, place and outlet from a date line; return the body glued to it."""
    stamps, rest = read_date_line(line)
    header.add_dates(stamps)
    if len(rest.split()) == 1 and rest[-1] not in ".!?":
        return ""                      # "… / Güncelleme: 28.08.2023 / Dünya": a section name
    byline, rest = split_byline(rest, byline_roles)
    header.byline = header.byline or byline
    outlet_re = _alternation(outlets)
    if outlet_re and (o := re.match(rf"(?:(?P<place>{_NAME_WORD}(?:\s+{_NAME_WORD})?)\s+)?\(?(?P<outlet>{outlet_re})\)?(?=[{_UP}][{_LOW}]|\s|$)\s*", rest)):
        header.dateline = o.group("place")
        header.source = o.group("outlet")
        rest = rest[o.end():]
    return rest.strip()


def split_byline(text: str, byline_roles: Sequence[str]) -> tuple[str | None, str]:
    """(byline, the text after it) when text starts with one ("Kamera Güven USTA", "Muhabir:
    Ayşe KARTAL"), else (None, text)."""
    roles = _alternation(byline_roles) or "Kamera"
    by = re.match(rf"(?P<byline>(?:{roles})\s*:?\s*(?:{_NAME_WORD}\s+){{1,3}}{_SURNAME}(?:\s+{_SURNAME})?)(?=\s|$)\s*", text)
    return (by.group("byline"), text[by.end():]) if by else (None, text)


def take_lead_outlet(paragraph: str, outlets: Sequence[str], places: frozenset[str], header: Header) -> str:
    """Strip 'HABERRUS – ' or 'ANKARA (AA) – ' from the first body paragraph."""
    if m := _PAREN_OUTLET.match(paragraph):
        header.dateline = header.dateline or m.group("place").title()
        header.source = header.source or m.group("outlet").strip()
        return paragraph[m.end():]
    if m := _CAPS_OUTLET.match(paragraph):
        name = m.group("outlet").strip()
        if fold(name) in places:
            header.dateline = header.dateline or name.title()
        else:
            header.source = header.source or name
        return paragraph[m.end():]
    return paragraph


def _is_tag_line(line: str) -> bool:
    """Short keyword lines without sentence punctuation, mostly in lower case."""
    words = line.split()
    if not 2 <= len(words) <= 12 or re.search(r"[.!?:;\"“”()]", line):
        return False
    if not all(re.fullmatch(rf"[{_UP}{_LOW}0-9'-]+", w) for w in words):
        return False
    if any(re.search(rf"\w'[{_LOW}]", w) for w in words):
        return False                  # "Kaddafi'nin devrilmesiyle …": a case suffix makes it prose, cut short
    return sum(w[0].islower() for w in words) >= max(2, len(words) * 0.4)


def split_tags(line: str) -> list[str]:
    """'türkiye rusya libya Mavi Vatan' → ['türkiye', 'rusya', 'libya', 'Mavi Vatan']."""
    if "," in line:
        return [t.strip() for t in line.split(",") if t.strip()]
    tags: list[str] = []
    for word in line.split():
        if word[0].isupper() and tags and tags[-1][0].isupper():
            tags[-1] = f"{tags[-1]} {word}"
        else:
            tags.append(word)
    return tags


def take_date_lines(paragraphs: list[str], byline_roles: Sequence[str], outlets: Sequence[str],
                    header: Header) -> tuple[list[str], bool]:
    """Move the date lines (and byline paragraphs) among the first paragraphs into header;
    (paragraphs left, whether the first paragraph was a date line with body glued to it, so that
    no title stands above)."""
    body, glued = [], False
    for i, para in enumerate(paragraphs):
        if i < HEAD_PARAGRAPHS and is_date_line(para):
            rest = parse_date_line(para, byline_roles, outlets, header)
            glued = glued or (i == 0 and bool(rest))
            body += [rest] if rest else []
        elif 0 < i < HEAD_PARAGRAPHS and (by := split_byline(para, byline_roles))[0] and not by[1].strip():
            header.byline = header.byline or by[0]       # a byline paragraph of its own
        else:
            body.append(para)
    return body, glued


def take_trailer(paragraphs: list[str], header: Header) -> list[str]:
    """Remove trailing site names, 'Kaynak:' lines, keyword lines and labelled date lines (the
    list is cut once at the end: cutting it line by line copied it for each trailing line)."""
    end, tags = len(paragraphs), []               # tags: those of each line taken, the last line's first
    while end:
        last = paragraphs[end - 1]
        dated = read_date_line(last) if len(last) < 120 else None
        if dated and not dated[1] and any(s.labelled for s in dated[0]):      # "Yayın tarihi: 5 Mayıs 2009"
            header.add_dates(dated[0])
        elif m := _TAGS_LINE.match(last):
            tags.append(split_tags(m.group("tags")))
        elif m := (_DOMAIN.match(last) or _SOURCE_LINE.match(last)):
            header.source = header.source or (m.groupdict().get("domain") or m.group("source")).strip()
        elif _is_tag_line(last) and end > 1:
            tags.append(split_tags(last))
        else:
            break
        end -= 1
    header.tags = [t for line in reversed(tags) for t in line] + header.tags
    return paragraphs[:end]


def is_date_line(line: str) -> bool:
    """True for 'date 2020-01 ...', 'Tarih: 12.01.2020 ...', '14 Mayıs 2023 Pazar, 10:45'."""
    return read_date_line(line) is not None


# Headlines carry no full stop; a first line that is a sentence ending in one is the lead
# ("Aliyev, … Erdoğan'ı telefonla arayarak tebrik etti."), printed without its headline.
LEAD_MIN = 40


def looks_like_title(line: str) -> bool:
    """A first line short enough to be a headline, and not a lead sentence."""
    line = line.rstrip()
    if len(line) >= LEAD_MIN and line.endswith(".") and not line.endswith(".."):
        return False
    return len(line) <= 250 and not is_date_line(line)
