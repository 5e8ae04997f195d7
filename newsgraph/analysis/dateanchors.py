"""Dates the text counts from another date it names: "ertesi gün" (the day after the date just
named), "aynı gün", "o gün", "zirvenin ikinci günü" (the second day of the summit dated
earlier), "3 Mart'tan iki gün sonra". The tagger (newsgraph.analysis.dates) finds them as anaphors;
`pin` turns each into an ordinary date or relative mention counted from its antecedent, or
drops it when the text names no such date (then it is not a calendar expression of this text).
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from newsgraph.base.datemention import DateMention, valid_day
from newsgraph.analysis.datewords import end_without_time, word_before

REACH = 300          # "ertesi gün" counts from a date named at most this far back (about two sentences)
NEAR_NOUN = 40       # "zirvenin ikinci günü": the summit's date stands this close to the word "zirve"
ORDINALS = {"ilk": 1, "birinci": 1, "ikinci": 2, "üçüncü": 3, "dördüncü": 4, "beşinci": 5, "altıncı": 6,
            "yedinci": 7}
# Words before "gün" that count it from another date: shift in days, from the first or last day.
_SHIFTS = {"ertesi": (1, "end"), "sonraki": (1, "end"), "bir sonraki": (1, "end"), "bir önceki": (-1, "start"),
           "aynı": (0, "same"), "o": (0, "same")}
_NUMBERED = re.compile(r"\d\d?(?:\.|'?[ıiuü]?nc[ıiuü])")        # "2.", "2'nci", "3üncü"
_WORD_BEFORE_DAY = re.compile(r"(\w+(?:'\w+|\.)?)\s+\Z")
ABLATIVE_REACH = 8      # "3 Mart'tan önceki gün": the date ends right before, its suffix between
_GENITIVE_WORD = re.compile(r"(\w+)(?:'(\w+))?\s+\Z")
_GENITIVE = re.compile(r"n?[ıiuü]n\Z")
_PLURAL = re.compile(r"l[ae]r\Z")
_SENTENCE_END = re.compile(r"[.!?]\s")


def event_noun(low: str, i: int) -> tuple[int, str] | None:
    """(start, stem) of a genitive word just before position i ("zirvenin " → "zirv",
    "NATO'nun " → "nato", "görüşmelerin " → "görüş"), or None. The stem is cut short so that
    it also matches the noun's other forms (zirvesi, zirvede)."""
    m = _GENITIVE_WORD.search(low, max(0, i - 40), i)
    if m is None:
        return None
    word, suffix = m[1], m[2]
    if suffix is not None:                           # an apostrophe: the name before it
        stem = word if _GENITIVE.fullmatch(suffix) else None
    else:
        g = _GENITIVE.search(word)
        stem = _PLURAL.sub("", word[:g.start()]) if g else None
    if not stem or len(stem) < 3:
        return None
    return m.start(1), stem[:max(4, len(stem) - 2)]


def anaphor(m: re.Match, low: str, text: str, shift: int, base: str, start: int | None = None, *,
            noun: str | None = None, reach: int | None = REACH) -> list[DateMention]:
    """A date counted from another one the text names (pinned by dateanchors.pin): `shift`
    days from its first or last day (`base` start | end), or the same (`base` same)."""
    start, end = m.start() if start is None else start, end_without_time(m, low)
    return [DateMention(start, end, text[start:end], "anaphor", offset=shift, offset_unit=base, noun=noun,
                        reach=reach)] if end else []


def on_anaphor(m: re.Match, text: str, low: str) -> list[DateMention]:
    """The tagger's rule found at "gün": an anaphor when the word before makes it one."""
    # "ertesi gün", "aynı gün", "o gün", "bir sonraki gün": from the date just named; with a
    # genitive and "günü", from the date of that thing: "zirvenin ikinci günü", "seçimin ertesi
    # günü". An ordinal day needs its event ("ilk günden beri" is no date).
    start, word = _anaphor_word(low, m.start())
    if word is None:
        return []
    if word == "o" and re.fullmatch(r"'?(?:n?[dt][ae]n|y?[ae])", m["tail"]):
        return []                      # "o günden beri", "o güne kadar": periods
    owner = event_noun(low, start) if m["poss"] else None
    nth = ORDINALS.get(word) or (int(re.match(r"\d+", word)[0]) if word[0].isdigit() else None)
    if nth is not None:
        return anaphor(m, low, text, nth - 1, "start", owner[0], noun=owner[1], reach=None) if owner else []
    shift, base = _SHIFTS[word]
    if owner:
        return anaphor(m, low, text, shift, base, owner[0], noun=owner[1], reach=None)
    return anaphor(m, low, text, shift, base, start)


def _anaphor_word(low: str, i: int) -> tuple[int, str | None]:
    """(start, word) of the word before "gün" that makes it an anaphor ("ertesi", "bir
    sonraki", "ikinci", "2."), or (i, None)."""
    m = _WORD_BEFORE_DAY.search(low, max(0, i - 30), i)
    if m is None:
        return i, None
    start, word = m.start(1), m[1]
    if word in ("sonraki", "önceki"):
        before_at, before = word_before(low, start)
        if before == "bir":
            return before_at, f"bir {word}"
    known = word in _SHIFTS or word in ORDINALS or _NUMBERED.fullmatch(word)
    return (start, word) if known else (i, None)


def _names_day(a: DateMention) -> bool:
    """Whether a mention names one day (or a range of days) a following anaphor may count from."""
    return (a.kind == "date" and a.day is not None and a.month is not None) or \
        (a.kind == "relative" and a.offset_unit == "day") or a.kind == "weekday"


def _antecedent(found: list[DateMention], d: DateMention, low: str) -> DateMention | None:
    """The date anaphor d counts from: the latest day named before it (within its reach),
    next to its event noun when it has one."""
    for a in reversed(found):
        if d.reach is not None and d.start - a.end > d.reach:
            return None
        if not _names_day(a):
            continue
        if d.noun is None or d.noun in low[max(0, a.start - NEAR_NOUN):_noun_window_end(a, d, low)]:
            return a
    return None


def _noun_window_end(a: DateMention, d: DateMention, low: str) -> int:
    """Where the text that may name a's event ends: the anaphor's own noun counts only in a's
    sentence ("7 Haziran'da başlayan toplantının ilk günü"), not after a full stop."""
    end = a.end + NEAR_NOUN
    return end if _SENTENCE_END.search(low, a.end, d.start) is None else min(end, d.start)


def _add_days(y: int | None, mo: int, d: int, n: int) -> tuple[int | None, int, int] | None:
    """(year, month, day) n days after the given day; without a year, None when leap years
    would disagree ("28 Şubat" + 1)."""
    if y is not None:
        t = date(y, mo, d) + timedelta(days=n)
        return t.year, t.month, t.day
    days = {((t := date(ref, mo, d) + timedelta(days=n)).month, t.day) for ref in (2001, 2004) if valid_day(ref, mo, d)}
    return (None, *days.pop()) if len(days) == 1 else None


def _shifted(d: DateMention, a: DateMention) -> DateMention | None:
    """Anaphor d made concrete from its antecedent a: a date counted from a's first or last day,
    a shift of a relative day, or a itself ("aynı gün")."""
    if a.kind == "weekday":
        return None                    # "geçen cuma … ertesi gün": no reliable day here
    if d.offset_unit == "same":
        return replace(a, start=d.start, end=d.end, surface=d.surface, hour=None, minute=None, weekday=None)
    if a.kind == "relative":           # "dün … ertesi gün" is today
        n = (a.offset_days or 0) + (d.offset or 0)
        return DateMention(d.start, d.end, d.surface, "relative", offset=n, offset_days=n, offset_unit="day")
    last = d.offset_unit == "end" and a.end_day is not None
    base = (a.end_year, a.end_month, a.end_day) if last else (a.year, a.month, a.day)
    moved = _add_days(*base, d.offset or 0)
    if moved is None:
        return None
    return DateMention(d.start, d.end, d.surface, "date", year=moved[0], month=moved[1], day=moved[2])


def pin(found: list[DateMention], low: str) -> list[DateMention]:
    """The mentions with each anaphor replaced by what its antecedent makes of it, or dropped."""
    out: list[DateMention] = []
    for d in found:
        if d.kind != "anaphor":
            out.append(d)
        elif (a := _antecedent(out, d, low)) is not None and (pinned := _shifted(d, a)) is not None:
            out.append(pinned)
    return out
