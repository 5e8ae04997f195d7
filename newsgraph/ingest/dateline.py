"""Date lines: the publication (and update) date a news page prints above or below its text.

Sites write it in many ways: "14.05.2023", "14/05/2023", "14 Mayıs 2023 Pazar", "14 Mayıs
2023, 10:45", "2023-05-14 10:45", "May 14, 2023", "16:20 - Kasım 24 2023 Cuma", "AA
06.10.2023 21:36", "Yayınlanma: 14.05.2023 - 10:45 Güncelleme: 14.05.2023 - 11:02",
"Ekleme: 28.08.2023 13:30 / Güncelleme: 28.08.2023 14:06 / Dünya", a crawler's "date 2020-01".
A line is a date line when it is only dates (with weekday, clock time, an agency name), when a
label says what the date is ("Yayın tarihi:"), or when a date no sentence starts with
("14.05.2023 10:45") is glued to a capitalised text; then the rest of the line may be byline or body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from newsgraph.base.datemention import valid_day
from newsgraph.base.textnorm import fold

_MONTHS = {"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8,
           "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
           "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
           "september": 9, "october": 10, "november": 11, "december": 12,
           "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
           "nov": 11, "dec": 12}
_MONTH_BY_KEY = {fold(k): v for k, v in _MONTHS.items()}
_WEEKDAYS = ("pazartesi", "salı", "çarşamba", "perşembe", "cuma", "cumartesi", "pazar", "monday", "tuesday",
             "wednesday", "thursday", "friday", "saturday", "sunday", "pzt", "sal", "çar", "per", "cum", "cmt",
             "mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Labels of the date a page was first published, and of a later update (used only without the first).
_PUBLISHED = (r"yay[ıi][nm](?:lanma)?(?:\s+tarihi)?|giri[şs](?:\s+tarihi)?|eklen?me(?:\s+tarihi)?"
              r"|olu[şs]turulma(?:\s+tarihi)?|haber\s+tarihi|kay[ıi]t\s+tarihi|tarihi?|date|published(?:\s+on)?"
              r"|posted(?:\s+on)?")
_UPDATED = r"(?:son\s+)?g[üu]ncellen?me(?:\s+tarihi)?|d[üu]zenleme(?:\s+tarihi)?|(?:last\s+)?updated(?:\s+on)?"


def _alt(words) -> str:
    return "|".join(sorted({w for k in words for w in (k, fold(k))}, key=len, reverse=True))


_MON = _alt(_MONTHS)
_WD = rf"(?:{_alt(_WEEKDAYS)})\.?(?![^\W\d_])"
_YEAR = r"(?:19|20)\d\d"
_CLOCK = r"(?:saat\s*)?\d{1,2}[:.]\d\d(?:[:.]\d\d)?(?:\s*[ap]\.?m\.?)?"
_SEP = r"\s*[-–—|,/•·]?\s*"
_VALUE = (rf"(?P<d1>\d{{1,2}})\s*[./-]\s*(?P<m1>\d{{1,2}})\s*[./-]\s*(?P<y1>{_YEAR})"          # 14.05.2023
          rf"|(?P<y2>{_YEAR})(?:[-/.](?P<m2>\d{{1,2}})(?:[-/.](?P<d2>\d{{1,2}}))?)?"              # 2023-05-14, 2020-01
          rf"(?:T\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?"                             # ISO time
          rf"|(?P<d3>\d{{1,2}})\.?\s+(?P<mon3>{_MON})\.?,?\s+(?P<y3>{_YEAR})"                      # 14 Mayıs 2023
          rf"|(?P<mon4>{_MON})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>{_YEAR})")         # May 14, 2023
_ENTRY = re.compile(
    rf"(?:(?P<pub>{_PUBLISHED})|(?P<upd>{_UPDATED}))?\s*(?P<colon>[:=])?\s*(?:{_CLOCK}{_SEP})?"
    rf"(?:{_VALUE})(?![\d'’])(?:{_SEP}{_WD})?(?:{_SEP}{_CLOCK})?(?:{_SEP}{_WD})?", re.I)
_LEAD = re.compile(r"\s*(?:[A-ZÇĞİÖŞÜ]{2,6}\s+)?")               # an agency before the date: "AA 06.10.2023"
_DIGIT = re.compile(r"\d")
# A date no sentence starts with ("14.05.2023", "2023-05-14", a clock time): glued to the body it
# is still the date line ("14.05.2023 10:45 Dışişleri Bakanı …").
_MACHINE = re.compile(r"\d[./-]\d{1,2}[./-]\d|\d{4}-\d|\d[:.]\d\d")
_BETWEEN = re.compile(r"\s*[-–—|,/•·]?\s*")
_REST_EMPTY = re.compile(r"[\s\-–—|,/•·:]*(?:[A-ZÇĞİÖŞÜ]{2,6}|\([^)]{2,20}\))?[\s\-–—|,/•·:]*\Z")


@dataclass(frozen=True)
class Stamp:
    """One date of a date line: ISO value, its precision, and whether it is an update."""

    iso: str
    precision: str
    updated: bool
    labelled: bool


def _stamp(m: re.Match) -> Stamp | None:
    """The date an entry match spells, when it is a real day, month or year."""
    if m["y1"]:
        y, mo, d = int(m["y1"]), int(m["m1"]), int(m["d1"])
        if mo > 12 and d <= 12:                  # 05/14/2023: an American order
            mo, d = d, mo
    elif m["y2"]:
        y, mo, d = int(m["y2"]), int(m["m2"]) if m["m2"] else None, int(m["d2"]) if m["d2"] else None
    elif m["y3"]:
        y, mo, d = int(m["y3"]), _MONTH_BY_KEY[fold(m["mon3"])], int(m["d3"])
    else:
        y, mo, d = int(m["y4"]), _MONTH_BY_KEY[fold(m["mon4"])], int(m["d4"])
    if mo is not None and not valid_day(y, mo, d or 1) or mo is None and d is not None:
        return None
    iso = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if d else "")
    labelled = bool(m["pub"] or m["upd"])
    return Stamp(iso, ("year", "month", "day")[(mo is not None) + (d is not None)], bool(m["upd"]), labelled)


def _entries(line: str) -> tuple[list[Stamp], int]:
    """The dates at the start of line, one after another, and where they end."""
    stamps, pos = [], _LEAD.match(line).end()
    if _ENTRY.match(line, pos) is None:
        pos = 0                                   # the "agency" was a label or the date itself
    while (m := _ENTRY.match(line, pos)) is not None:
        stamp = _stamp(m)
        # An unlabelled date must give the day; "Tarih 2020 yılında" is a sentence, not a line.
        if stamp is None or (not stamp.labelled and stamp.precision != "day") or \
                (stamp.labelled and not m["colon"] and stamp.precision != "day" and fold(m["pub"] or "") != "date"):
            break
        stamps.append(stamp)
        pos = _BETWEEN.match(line, m.end()).end()
    return stamps, pos if stamps else 0


def read_date_line(line: str) -> tuple[list[Stamp], str] | None:
    """(dates, rest of the line) when line is a date line, else None."""
    if _DIGIT.search(line, 0, 48) is None:
        return None                               # every form has a digit near the start: most lines stop here
    stamps, end = _entries(line)
    if not stamps:
        return None
    rest = line[end:]
    if not any(s.labelled for s in stamps) and not _REST_EMPTY.match(rest) and not (
            _MACHINE.search(line, 0, end) and rest[:1].isupper()):
        return None                               # "14 Mayıs 2023 tarihinde …" starts a sentence
    return stamps, rest.strip()


def publication(stamps: list[Stamp]) -> Stamp | None:
    """The publication date among a page's dates: a labelled or plain one before an update."""
    return next((s for s in stamps if not s.updated), None) or next(iter(stamps), None)
