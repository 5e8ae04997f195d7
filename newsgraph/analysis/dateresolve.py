"""Pinning a tagged date to the calendar: a year from the caller or an anchor (usually the
article's publication date), relative words counted from the anchor only as precisely as
the anchor allows. Tagging is in newsgraph.analysis.dates."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pandas as pd

from newsgraph.base.datemention import DateMention, range_end, valid_day


@dataclass(frozen=True)
class Anchor:
    """The date relative words are counted from, usually the article's publication date."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def from_iso(cls, value: str | None) -> Anchor | None:
        """Anchor from "2020", "2020-01" or "2020-01-12"; None when absent or unreadable."""
        m = re.match(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value or "")
        return cls(*(int(g) if g else None for g in m.groups())) if m else None


@dataclass(frozen=True)
class Resolved:
    """A mention pinned to the calendar, or value None when text and anchor cannot fix it."""

    value: str | None                  # "2020-03-05"; a range of days "2020-03-03/2020-03-04"
    precision: str | None              # year | month | day (a range too) | minute
    basis: str                         # explicit | year_inferred | relative


# ---- resolution ------------------------------------------------------------------------------
_NONE = Resolved(None, None, "relative")


def _anchor_day(a: Anchor) -> date | None:
    """The anchor as a date when it is known to the day."""
    ok = a.month and a.day and valid_day(a.year, a.month, a.day)
    return date(a.year, a.month, a.day) if ok else None


def _stamp(y: int, mo: int | None = None, d: int | None = None, m: DateMention | None = None,
           basis: str = "relative") -> Resolved:
    """Resolved value at the finest part given; a clock time counts only on a known day."""
    if not valid_day(y, mo, d):
        return Resolved(None, None, basis)       # "29 Şubat" in a year without one
    value = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")
    precision = "day" if mo and d else "month" if mo else "year"
    if precision == "day" and m is not None and m.hour is not None:
        return Resolved(f"{value}T{m.hour:02d}:{m.minute or 0:02d}", "minute", basis)
    return Resolved(value, precision, basis)


def _stamp_range(y: int, m: DateMention, basis: str) -> Resolved:
    """A range of days as an ISO interval, its first day in year y; its last day in the year
    the text writes, else in y or, when it comes before the first ("30 Aralık-2 Ocak"), y + 1."""
    first, last = (m.month, m.day), (m.end_month, m.end_day)
    ey = m.end_year if m.end_year is not None else y + (last < first)
    if not (valid_day(y, *first) and valid_day(ey, *last)) or (ey, *last) <= (y, *first):
        return Resolved(None, None, basis)
    return Resolved(f"{y:04d}-{first[0]:02d}-{first[1]:02d}/{ey:04d}-{last[0]:02d}-{last[1]:02d}", "day", basis)


def _nearest_year(month: int, a: Anchor) -> int:
    """The anchor's year, or the one beside it when that puts the month within six months of
    the anchor: "28 Aralık" in an article of January 2020 is December 2019."""
    if a.month is None or abs(month - a.month) <= 6:
        return a.year
    return a.year - 1 if month > a.month else a.year + 1


def _year_of_direction(month: int, direction: int, a: Anchor) -> int:
    """"geçen kasım ayı": the last November before the anchor's month; "önümüzdeki mart ayı":
    the next March after it."""
    if direction < 0:
        return a.year if month < a.month else a.year - 1
    return a.year if month > a.month else a.year + 1


def _resolve_date(m: DateMention, a: Anchor | None, year: int | None) -> Resolved:
    # A written year wins; then the caller's year (it knows better, e.g. the article's own
    # date line); then the anchor's. With neither, value and precision stay None (a precision
    # without a value would mislead) and m.partial still carries the month and day.
    if m.year is not None:
        y, basis = m.year, "explicit"
    elif m.month is None or (year is None and a is None):
        return Resolved(None, None, "year_inferred")
    elif m.offset in (-1, 1) and m.day is None and year is None and a.month is not None:
        y, basis = _year_of_direction(m.month, m.offset, a), "year_inferred"
    else:
        y, basis = (year if year is not None else _nearest_year(m.month, a)), "year_inferred"
    if m.end_day is not None:
        return _stamp_range(y, m, basis)
    return _stamp(y, m.month, m.day, m, basis)


def _resolve_weekday(m: DateMention, a: Anchor | None) -> Resolved:
    # News names a weekday without a date for a day of the current week. "geçen"/"önümüzdeki"
    # say which way to look (1..7 days); a bare weekday's tense is not seen here, so it takes
    # the nearest such day, within ±3 days. A day-precision anchor is needed.
    ref = a and _anchor_day(a)
    if not ref or m.weekday is None:
        return _NONE
    shift = (m.weekday - ref.weekday()) % 7
    if m.offset == -1:
        shift = shift - 7 if shift else -7
    elif m.offset == 1:
        shift = shift or 7
    elif shift > 3:
        shift -= 7
    d = ref + timedelta(days=shift)
    return _stamp(d.year, d.month, d.day, m)


def _resolve_week(n: int, ref: date) -> Resolved:
    # "geçen hafta" is a whole Monday–Sunday week (as "geçen hafta sonu" is its Saturday and
    # Sunday): a range of seven days, even across a month or a year.
    monday = ref + timedelta(days=7 * n - ref.weekday())
    return _days(monday, monday + timedelta(days=6))


def _resolve_weekend(n: int, ref: date) -> Resolved:
    # "geçen hafta sonu" is the Saturday and Sunday of last week (weeks run Monday–Sunday), "bu
    # hafta sonu" those of this week: a range of two days.
    saturday = ref + timedelta(days=7 * n - ref.weekday() + 5)
    return _days(saturday, saturday + timedelta(days=1))


def _days(first: date, last: date) -> Resolved:
    """A run of days as an ISO interval ("2020-01-13/2020-01-19")."""
    return Resolved(f"{first.isoformat()}/{last.isoformat()}", "day", "relative")


def _resolve_relative(m: DateMention, a: Anchor | None) -> Resolved:
    # A shift needs an anchor at least as fine as its unit: "dün" from an anchor known only to
    # the month may fall in the month before, so it stays None. A zero shift ("bugün", "bu
    # ay") is the anchor itself, at the coarser of the anchor's precision and the unit's.
    if a is None or m.offset_unit is None:
        return _NONE
    unit, n, ref = m.offset_unit, m.offset or 0, _anchor_day(a)
    if unit == "weekend":
        return _resolve_weekend(n, ref) if ref else _NONE
    if unit == "year":
        return _stamp(a.year + n)
    if unit == "week":
        return _resolve_week(n, ref) if ref else _NONE
    if unit == "month" and a.month is not None:
        y, mo = divmod(a.year * 12 + a.month - 1 + n, 12)
        return _stamp(y, mo + 1, m.day, m)       # m.day: "geçen ayın 5'i"
    if unit == "day" and ref:
        d = ref + timedelta(days=n)
        return _stamp(d.year, d.month, d.day, m)
    return _stamp(a.year, a.month) if n == 0 and m.day is None else _NONE


def resolve(m: DateMention, anchor: Anchor | None = None, year: int | None = None) -> Resolved:
    """Pin a mention to the calendar: its written year, else `year`, else the anchor."""
    if m.kind == "relative":
        return _resolve_relative(m, anchor)
    if m.kind == "weekday":
        return _resolve_weekday(m, anchor)
    if m.kind == "time":
        return _NONE                   # a bare clock time belongs to a day named elsewhere
    return _resolve_date(m, anchor, year)


def weekday_by_tense(res: Resolved, published: object, tense: str | None) -> Resolved:
    """A bare weekday taken as the nearest such day, moved a week on when what it dates is told as
    to come: not before the article's day ("cuma günü görüşecekler" on a Monday is the coming
    Friday). A past verb does not move it back: "çarşamba günkü ziyaret perşembeye ertelendi"
    tells of a day to come with a verb in the past."""
    if tense != "future" or not isinstance(published, str) or len(published) < 10 \
            or not isinstance(res.value, str) or len(res.value) != 10:
        return res
    day, pub = date.fromisoformat(res.value), date.fromisoformat(published[:10])
    return replace(res, value=(day + timedelta(days=7)).isoformat()) if day < pub else res


_YEAR_IN = re.compile(r"\b(\d{4})(?=-\d\d)")


def by_tense(value: str | None, published: object, tense: str | None) -> str | None:
    """A date whose year was taken from the article's date, moved by the tense of what it dates:
    one told as past is not in a later month than the one after the article ("14 Şubat'ta
    Kahire'ye gerçekleştirdiği ziyaret" in September 2024 is February 2024, not 2025); one told
    as to come is not more than two months before it. Else, and when the moved day does not
    exist (29 Şubat), the value as it was."""
    if tense not in ("past", "future") or not isinstance(published, str) or len(published) < 10 \
            or not isinstance(value, str):
        return value
    first = value.split("/")[0]
    shift = -1 if tense == "past" and first[:7] > _months_from(published, 1)[:7] else \
        1 if tense == "future" and first < _months_from(published, -2) else 0
    if not shift:
        return value
    moved = _YEAR_IN.sub(lambda m: str(int(m.group(1)) + shift), value)
    try:
        for part in moved.split("/"):
            if len(part) == 10:
                date.fromisoformat(part)
    except ValueError:
        return value
    return moved


def _months_from(day: str, months: int) -> str:
    """'2024-09-04' moved by whole months ('2024-07-04' for -2)."""
    y, m = divmod(int(day[:4]) * 12 + int(day[5:7]) - 1 + months, 12)
    return f"{y:04d}-{m + 1:02d}{day[7:10]}"


# One article's dates, resolved as far as the article itself allows (steps 1 and 2 of
# newsgraph.corpus.chronology; step 3 needs other articles and runs in the corpus overlay).

COMPONENTS = ("year", "month", "day", "hour", "minute", "weekday", "offset", "offset_days")
RESOLVED = ("value", "precision", "basis", "year_source")
OPEN = {"value": None, "precision": None, "basis": "year_inferred", "year_source": None}


def _int(value) -> int | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA else int(value)


def mention_of(row: dict) -> DateMention:
    """Rebuild the tagger's DateMention from a dates-table row."""
    comp = {k: _int(row.get(k)) for k in COMPONENTS}
    return DateMention(int(row["start"]), int(row["end"]), row["surface"], row["kind"],
                          offset_unit=row.get("offset_unit") or None, **comp, **range_end(row.get("partial")))


def stamped(res: Resolved, source: str | None) -> dict:
    return {"value": res.value, "precision": res.precision, "basis": res.basis,
            "year_source": source if res.value else None}


def _local(m: DateMention, anchor: Anchor | None, own_years: set[int], tense: str | None = None,
           published: str | None = None) -> dict:
    """Steps 1 and 2 (and the dates that need no year); OPEN when other articles must say. A
    year taken from the article's date follows the tense of the date's clause (by_tense)."""
    if m.kind == "weekday":
        return stamped(weekday_by_tense(resolve(m, anchor), published, tense), None)
    if m.kind == "relative" or m.year is not None or m.month is None:
        return stamped(resolve(m, anchor), None)
    if anchor is not None:
        res = resolve(m, anchor)
        return stamped(replace(res, value=by_tense(res.value, published, tense)), "article_date")
    if own_years:
        return stamped(resolve(m, year=max(own_years)), "article_text")
    return dict(OPEN)


def resolve_local(rows: list[dict], published: str | None) -> list[dict]:
    """Resolve one article's date rows as far as the article itself allows (in place)."""
    anchor = Anchor.from_iso(published)
    own_years = {_int(r.get("year")) for r in rows if _int(r.get("year")) is not None and _int(r.get("month")) is not None}
    for r in rows:
        r.update(_local(mention_of(r), anchor, own_years, r.get("tense"), published))
    return rows
