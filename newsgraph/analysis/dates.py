"""Turkish temporal tagger: find date, time, weekday and relative expressions (resolving
them to the calendar is newsgraph.analysis.dateresolve).

A surface is the date phrase without its trailing case suffix: "19 Ocak'ta" → "19 Ocak",
"2020'de" → "2020", "Bugünkü" → "Bugün", "2020 yılında" → "2020 yılı", "pazara" → "pazar";
cue words outside the date ("tarihinde", "tarihli") stay out. A range of days ("3-4 Mart",
"3 ve 4 Mart", "29 Şubat-1 Mart 2024") is one mention with an end day. Phrases that count from
another date of the text ("ertesi gün", "zirvenin ikinci günü") are pinned to it
(newsgraph.analysis.dateanchors). Matching runs on a Turkish lower-cased copy of the same length, so
offsets index the given text. Word lists and shared checks: newsgraph.analysis.datewords.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from newsgraph.analysis import dateanchors as anchors
from newsgraph.base.datemention import DateMention, range_end, valid_day
from newsgraph.analysis.datewords import (DAY_WORDS, DIRECTION, EN_MONTHS, MON, MONTH_BY_KEY, NUMBER_WORDS,
                                 PART_OF_DAY, POD, QUANTITY_WORDS, TAIL, TIME, TT, UNIT, WD, WEEKDAY_BY_KEY, YEAR,
                                 YEAR_SUF, HM, L, NUMEND, ablative, alt, emit, end_without_time, next_word, word_before)
from newsgraph.base.textnorm import fold

__all__ = ["DateMention", "find_dates", "range_end", "valid_day"]

# "pazar" is also a market and "cuma" the Friday prayer: alone they need a date close by.
_WEAK_WEEKDAYS = {"pazar", "cuma"}
_NEAR_CHARS = 30
_EN_KEYS = frozenset(EN_MONTHS)


def _date(m: re.Match, text: str, low: str, year: str | None, month: int, day: str,
          weekday: str | None = None, start: int | None = None) -> list[DateMention]:
    """A day-precision date mention, when that day exists."""
    y = int(year) if year else None
    if not valid_day(y, month, int(day)):
        return []
    wd = WEEKDAY_BY_KEY[fold(weekday)] if weekday else None
    return emit(m, text, low, "date", start, year=y, month=month, day=int(day), weekday=wd)


def _on_day_first(m: re.Match, text: str, low: str) -> list[DateMention]:
    if m["nmon"]:                      # 12.01.2020, 12/01/2020
        return _date(m, text, low, m["nyear"], int(m["nmon"]), m["day"])
    if m["eyear"]:
        return _on_month_first(m, text, low)
    if fold(m["mon"]) in _EN_KEYS and not m["year"]:
        return []                      # "10 May" without a year is no Turkish date
    if m["day2"]:
        return _on_range(m, text, low)
    return _date(m, text, low, m["year"], MONTH_BY_KEY[fold(m["mon"])], m["day"], m["wd"])


def _range_years(y1: int | None, y2: int | None, first: tuple, last: tuple) -> tuple[int | None, int | None]:
    """The years of a range's first and last day when the text writes one of them: the range
    wraps into the next year when its last day comes before its first ("30 Aralık-2 Ocak 2020")."""
    wraps = last < first
    if y1 is None and y2 is not None:
        return y2 - wraps, y2
    if y2 is None and y1 is not None:
        return y1, y1 + wraps
    return y1, y2


def _on_range(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "3-4 Mart", "29 Şubat-1 Mart 2024", "3 ve 4 Mart": every day from the first to the last.
    # "12 ve 17 Ocak" are two days, not the days between: two mentions.
    d1, d2, mon = int(m["day"]), int(m["day2"]), MONTH_BY_KEY[fold(m["mon"])]
    m1 = MONTH_BY_KEY[fold(m["mon0"])] if m["mon0"] else mon
    listed = m["rng"] and m["rng"].strip() == "ve" and "arası" not in low[m.end():m.end() + 25]
    if listed and d2 != d1 + 1:
        return _apart(m, text, low, m1, mon, True)
    y1, y2 = _range_years(int(m["year0"]) if m["year0"] else None, int(m["year"]) if m["year"] else None,
                          (m1, d1), (mon, d2))
    end = end_without_time(m, low)
    if end is None or not valid_day(y1, m1, d1) or not valid_day(y2, mon, d2) or (m1 == mon and d2 <= d1) \
            or (y1 is not None and (y2, mon, d2) <= (y1, m1, d1)):
        return _apart(m, text, low, m1, mon, m["mon0"] is not None)   # no range: "12 Nisan - 9 Nisan"
    return [DateMention(m.start(), end, text[m.start():end], "date", year=y1, month=m1, day=d1,
                        end_year=y2, end_month=mon, end_day=d2)]


def _apart(m: re.Match, text: str, low: str, m1: int, mon: int, both: bool) -> list[DateMention]:
    """The days of a range form as separate dates: "11" and "18 Şubat" of "11 ve 18 Şubat";
    the first only when `both` (a bare "5" of "5-3 Mart" is no date)."""
    y1 = int(m["year0"] or m["year"]) if m["year0"] or m["year"] else None
    end = m.end("year0") if m["year0"] else m.end("mon0") if m["mon0"] else m.end("day")
    first = [DateMention(m.start(), end, text[m.start():end], "date", year=y1, month=m1, day=int(m["day"]))] \
        if both and valid_day(y1, m1, int(m["day"])) else []
    return first + _date(m, text, low, m["year"], mon, m["day2"], start=m.start("day2"))


def _on_month_first(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "April 10, 2024" (quoted posts, agency copy): found at the day, the month read backwards.
    mon_at, before = word_before(low, m.start())
    if before not in _EN_KEYS:
        return []
    return _date(m, text, low, m["eyear"], MONTH_BY_KEY[before], m["day"], start=mon_at)


def _on_year_first(m: re.Match, text: str, low: str) -> list[DateMention]:
    year, (mon_at, before) = int(m["year"]), word_before(low, m.start())
    if m["iso_m"]:                     # 2020-01-12
        return _date(m, text, low, m["year"], int(m["iso_m"]), m["iso_d"])
    if m["year2"]:                     # 1990-2000: two years, when they ascend
        spans = [(m.start(g), m.end(g)) for g in ("year", "year2") if year < int(m["year2"])]
        return [DateMention(s, e, text[s:e], "date", year=int(text[s:e])) for s, e in spans]
    if m["ymon"]:                      # 2020 yılının Mart ayı
        return emit(m, text, low, "date", year=year, month=MONTH_BY_KEY[fold(m["ymon"])])
    if fold(before) in MONTH_BY_KEY and fold(before) not in _EN_KEYS:   # Ocak 2020 ("May 2019" is a name)
        return emit(m, text, low, "date", mon_at, year=year, month=MONTH_BY_KEY[fold(before)])
    # With only an apostrophe as cue, accept case endings, and no "2000'den fazla" count.
    tail = m["tail"]
    if m["bare"] is not None or tail and not m["yil"] and (
            not YEAR_SUF.fullmatch(tail) or next_word(low, m.end()) in QUANTITY_WORDS):
        return []
    return emit(m, text, low, "date", year=year)


def _on_weekday(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "geçen cuma", "önümüzdeki salı": the word before says which way to look. Not "bu",
    # since "bu pazar" is as often "this market".
    start, before = word_before(low, m.start())
    direction = DIRECTION.get(before) or None
    return emit(m, text, low, "weekday", start if direction else None,
                weekday=WEEKDAY_BY_KEY[fold(m["wd"])], offset=direction)


def _on_day_word(m: re.Match, text: str, low: str) -> list[DateMention]:
    word, tail, before = m["rw"].split()[0], m["tail"], word_before(low, m.start())[1]
    after = next_word(low, m.start("tail"))
    # "bugüne kadar" is "so far" and "dünden bugüne" "over time": periods, not days; "bir
    # önceki gün" is an anaphor (newsgraph.analysis.dateanchors), "seçimden önceki gün" counts from
    # the election, "3 Mart'tan önceki gün" from 3 Mart.
    if (word == "bugün" and tail in ("e", "'e") and after in ("kadar", "dek", "değin")) or \
            (word == "dün" and tail in ("den", "'den") and after.startswith("bugün")) or \
            (word == "bugün" and before == "dünden") or (word == "önceki" and before == "bir"):
        return []
    if word == "önceki" and ablative(before):
        return anchors.anaphor(m, low, text, -1, "start", reach=anchors.ABLATIVE_REACH)
    n = DAY_WORDS[word]
    if m["pday"]:                      # "dün akşam", "bu sabah": the day, no clock time
        end = end_without_time(m, low)
        return [DateMention(m.start(), end, text[m.start():end], "relative", offset=n, offset_days=n,
                            offset_unit="day")] if end else []
    found = emit(m, text, low, "relative", offset=n, offset_days=n, offset_unit="day")
    if found and found[0].end == m.start("tail") and (m["tail"] or "").startswith(("kü", "ki")):
        end = found[0].end + 2          # "bugünkü", "dünkü", "yarınki": the -ki adjective is part of the word
        found = [replace(found[0], end=end, surface=text[found[0].start:end])]
    # The small hours of "bu gece", "dün gece yarısı" fall in the night after that day.
    night = (m["pod"] or "").startswith("gece") or m["mid"] is not None
    if found and night and found[0].hour is not None and found[0].hour < 6:
        found = [replace(found[0], offset=n + 1, offset_days=n + 1)]
    return found


def _on_period(m: re.Match, text: str, low: str) -> list[DateMention]:
    dom = int(m["dom"]) if m["dom"] else None          # "geçen ayın 5'i"
    if dom is not None and not 1 <= dom <= 31:
        return []
    unit = " ".join((m["unit"] or "ay").split())
    found = _relative(m, text, low, DIRECTION[m["dir"]], unit, day=dom)
    return _with_part(found, text, low) if unit in ("yıl", "sene", "ay") and dom is None else found


# The part of a month or year said after it ("Ekim sonu", "eylül ayı başında", "bu yıl sonunda"):
# the surface keeps the word without its case ending; the value stays the month or year.
_PART = re.compile(r"\s+(?:baş|son|orta)(?:ı|u|sı|ları)(?=(?:nda|na|ndan|n)?(?![a-zçğıöşü]))")


def _with_part(found: list[DateMention], text: str, low: str) -> list[DateMention]:
    """A month or year mention grown over "sonu", "başında", "ortası", "sonlarında" written right
    after it (the surface ends before the case ending)."""
    if len(found) != 1:
        return found
    m = _PART.match(low, found[0].end)
    if m is None:
        return found
    return [replace(found[0], end=m.end(), surface=text[found[0].start:m.end()])]


def _on_count(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "iki gün önce", "3 hafta sonra": found at "önce"/"sonra", unit and number read backwards.
    unit_at, unit = word_before(low, m.start())
    start, number = word_before(low, unit_at)
    digits = number.isdigit() and len(number) < 4          # "3 gün önce", not "2000 yıl"
    n = NUMBER_WORDS.get(number) or (int(number) if digits else 0)
    if unit not in UNIT or not n or UNIT[unit] == "year":
        return []                      # "30 yıl önce", "iki yıl sonra": a period, no calendar date
    n = n if m["cue"] == "sonra" else -n
    if ablative(word_before(low, start)[1]):        # "3 Mart'tan iki gün sonra", "görüşmeden iki gün önce"
        days = {"day": 1, "week": 7}.get(UNIT[unit])
        return anchors.anaphor(m, low, text, n * days, "end" if n > 0 else "start", start,
                               reach=anchors.ABLATIVE_REACH) if days else []
    return _relative(m, text, low, n, unit, start)


def _on_cue(m: re.Match, text: str, low: str) -> list[DateMention]:
    """Phrases found at their last word: "iki gün önce" at "önce", "Mart ayı" at "ayı",
    "Mart başında" at "başı", "ayın 12'si" (of this month) at "ayın"."""
    word = m["cue"].split()[0]
    if word in ("önce", "sonra"):
        return _on_count(m, text, low)
    if word == "ayın":
        day = int(m["dom0"])
        return _relative(m, text, low, 0, "ay", day=day) if 1 <= day <= 31 else []
    start, before = word_before(low, m.start())
    month = MONTH_BY_KEY.get(fold(before))
    # "Mart ayında" reads as a month whatever its case; "Mart başında" only capitalised, as
    # "ocak başında" is more likely "by the stove" than "early January".
    if not month or fold(before) in _EN_KEYS or word not in ("ayı", "ayları") and not text[start].isupper():
        return []
    if word == "ayları":               # "ağustos ve temmuz aylarında": each month a date
        return _other_month(text, low, start) + emit(m, text, low, "date", start, month=month)
    if word == "ayı":
        at, said = _month_before(low, start)
        return _with_part(emit(m, text, low, "date", at, month=month, **said), text, low)
    end = start + len(before)          # the month is the date; "sonu", "başında" say which part of it
    return _with_part([DateMention(start, end, text[start:end], "date", month=month)], text, low)


_YEAR_OF = re.compile(r"((?:19|20)\d\d)'?(?:n?[ıiuü]n)\s+$")   # "2021'in Aralık ayı"


def _month_before(low: str, start: int) -> tuple[int, dict]:
    """Where a "X ayı" mention starts and what the word before the month adds: a direction
    ("geçen / geçtiğimiz / önümüzdeki / gelecek kasım ayı": the last or the next such month)
    or a year in the genitive ("2021'in Aralık ayı")."""
    at, before = word_before(low, start)
    if DIRECTION.get(before):
        return at, {"offset": DIRECTION[before]}
    year = _YEAR_OF.search(low, max(0, start - 12), start)
    if year:
        return year.start(), {"year": int(year.group(1))}
    return start, {}


def _other_month(text: str, low: str, start: int) -> list[DateMention]:
    """The month before "ve" in "ağustos ve temmuz aylarında" (the plural names both)."""
    and_at, word = word_before(low, start)
    if word != "ve":
        return []
    at, before = word_before(low, and_at)
    month = MONTH_BY_KEY.get(fold(before))
    if not month or fold(before) in _EN_KEYS:
        return []
    return [DateMention(at, at + len(before), text[at:at + len(before)], "date", month=month)]


def _relative(m: re.Match, text: str, low: str, n: int, unit: str, start: int | None = None,
              **fields) -> list[DateMention]:
    unit = UNIT[unit]
    days = n if unit == "day" else 7 * n if unit == "week" else None
    return emit(m, text, low, "relative", start, offset=n, offset_days=days, offset_unit=unit, **fields)


# Each rule: pattern, handler, whether it starts with a number, and words one of which must be
# in the text for it to run. Patterns start with a digit or a literal, never a look-behind, so
# the regex engine skips ahead fast (about 0.3 ms per 2.5 KB article); _scan checks the word
# boundary instead.
_on_time = partial(emit, kind="time")
_RANGE = (rf"(?:\s+(?P<mon0>{MON})(?:\s+(?P<year0>{YEAR}){NUMEND})?\s*[-–]\s*"
          rf"|(?P<rng>\s*[-–]\s*|\s+(?:ve|ile)\s+))(?P<day2>\d\d?)")
_RULES = [(re.compile(p), f, num, gate) for p, f, num, gate in [
    (rf"(?P<day>\d\d?)(?:(?P<sep>[./-])(?P<nmon>\d\d?)(?P=sep)(?P<nyear>{YEAR}){NUMEND}"
     rf"|(?:{_RANGE})?\s+(?P<mon>{MON})(?:\s+(?P<year>{YEAR}){NUMEND})?"
     rf"(?:\s+(?P<wd>{WD})(?!{L}))?(?:\s+günü(?!{L}))?"
     rf"|(?:st|nd|rd|th)?,\s+(?P<eyear>{YEAR}){NUMEND}){TT}{TAIL}",        # "April 10, 2024": _on_month_first
     _on_day_first, True, None),
    # A bare 4-digit number is a year only with a cue: a month before it, "yılı", "tarihli",
    # an apostrophe suffix, a range. "2000 yıl" (no compound marker) is a duration.
    (rf"(?P<year>{YEAR})(?:-(?P<iso_m>\d\d)-(?P<iso_d>\d\d){NUMEND}{TT}|{NUMEND}(?:"
     rf"\s+(?:(?:yılının|senesinin)\s+)?(?P<ymon>{MON})\s+ayı|(?P<yil>\s+(?:yılı|senesi))"
     rf"|(?=\s+tarih)|(?=')|\s*[-–]\s*(?P<year2>{YEAR}){NUMEND}|(?P<bare>))){TAIL}",
     _on_year_first, True, None),
    (rf"(?P<tt>{HM}(?P<pod>)(?P<mid>)){TAIL}", _on_time, True, None),
    (rf"(?P<tt>(?P<pod>{POD})(?:\s+(?:saat\s+)?{HM})?(?P<mid>)){TAIL}", _on_time, False, ("gece", "sabah", "akşam", "öğleden", "saat", "tsi")),
    (rf"(?P<wd>{WD})(?:\s+(?:günü|sabahı|akşamı|gecesi)(?!{L}))?(?P<tt>\s+(?:{TIME}))?{TAIL}",
     _on_weekday, False, ("pazar", "salı", "sali", "çarşamba", "carsamba", "perşembe", "persembe",
                          "cuma")),
    (rf"(?P<rw>dün|bugün|yarın|önceki\s+gün|evvelki\s+gün|evvelsi\s+gün|öbür\s+gün"
     rf"|bu(?=\s+(?:{PART_OF_DAY})))(?P<tt>(?:'{L}+)?\s+(?:{TIME}|(?P<pday>{PART_OF_DAY})))?{TAIL}",
     _on_day_word, False, None),
    (rf"(?P<dir>{alt(DIRECTION)})\s+(?:ayın\s+(?P<dom>\d\d?)(?=')"
     rf"|(?P<unit>hafta\s*sonu|hafta|ay|yıl|sene)){TAIL}", _on_period, False, None),
    (rf"(?P<cue>önce|sonra|ayın\s+(?P<dom0>\d\d?)(?=')|ayları|ayı|başı|başla|sonu|sonla|ortası|ortala)"
     rf"{TAIL}", _on_cue, False, None),
    (rf"gün(?P<poss>ü)?{TAIL}", anchors.on_anaphor, False, ("gün",)),      # "ertesi gün": found at "gün"
]]
_GATES = {gate for *_, gate in _RULES if gate}


def _scan(rx: re.Pattern, low: str, number: bool) -> Iterator[re.Match]:
    """Matches of rx that start a word; a number also not after "Covid-", "M", "1.", "3:"."""
    pos = 0
    while (m := rx.search(low, pos)) is not None:
        i = m.start()
        before, before2 = low[i - 1:i] or " ", low[i - 2:i - 1]
        clean = not (before.isalnum() or before == "_") and not (
            number and (before in ":/-" or before in ".," and before2.isdigit()))
        if clean:
            yield m
        pos = max(m.end(), i + 1) if clean else i + 1    # a match inside a word: retry past it


def _bare_weak(d: DateMention) -> bool:
    """True for a lone "pazar" or "cuma", which may be a market or the Friday prayer."""
    return d.kind == "weekday" and fold(d.surface) in _WEAK_WEEKDAYS


def _weekday_cued(ms: list[DateMention], d: DateMention, text: str, low: str) -> bool:
    """True when a lone "pazar"/"cuma" reads as a day: another date or weekday close by (`ms`:
    the mentions in text order, none overlapping, so those close by are a slice of them)."""
    if next_word(low, d.end).startswith("namaz") or next_word(text, d.end)[:1].isupper():
        return False                   # "cuma namazı"; "Cuma Yılmaz", "Pazar Belediyesi"
    near = ms[bisect_left(ms, d.start - _NEAR_CHARS, key=_end_of):bisect_right(ms, d.end + _NEAR_CHARS, key=_start_of)]
    return any(o is not d and not _bare_weak(o) and o.start - d.end <= _NEAR_CHARS
               and d.start - o.end <= _NEAR_CHARS for o in near)


def _start_of(d: DateMention) -> int:
    return d.start


def _end_of(d: DateMention) -> int:
    return d.end


# What tells the tense of a date's clause: a future ("yapacağı", "görüşecek", "yapılması
# planlanıyor") or a past form ("gerçekleştirdiği", "görüştü", "girmişti") of a verb.
_FUTURE = re.compile(r"(?:\w{2,}[ae]c[ae][kğ]\w*|(?:planlan|beklen|öngörül)\w*)$")
_PAST = re.compile(r"\w{3,}(?:[dt][ıiuü][ğ]\w*|[dt][ıiuü](?:[mnk]|n[ıi]z|l[ae]r)?|m[ıiuü]ş(?:t[ıiuü]\w*)?)$")
_NOT_VERBS = frozenset({"kendi", "şimdi", "pazartesi", "cumartesi", "salı", "adı", "yedi", "ikinci"})
_CLAUSE_WORDS = 4           # the date's own clause: a participle this close after it ("… 14 Şubat'ta Kahire'ye gerçekleştirdiği")


def _clause_words(text: str) -> list[str]:
    """The words of a stretch of text, lower case, each without its suffix after an apostrophe."""
    words = _CLAUSE_WORD.findall(text.replace("İ", "i").replace("I", "ı").lower())
    return [w.split("'")[0] for w in words if w.split("'")[0]]


_CLAUSE_WORD = re.compile(r"[\wçğıöşüâîû']+")


def clause_tense_plain(text: str, end: int, stop: int) -> str | None:
    """clause_tense by reading all of text[end:stop] (the definition; quadratic over a sentence with
    a date every few words)."""
    words = _clause_words(text[end:stop])
    return _tense_of_words(words[:_CLAUSE_WORDS] + words[-1:])


def clause_tense(text: str, end: int, stop: int) -> str | None:
    """past, future or None: the tense of what a date (ending at `end`) dates, from the first
    participle or verb within a few words after it, else the last word before `stop` (the
    sentence end: Turkish puts the verb last). Reads only those words (clause_tense_plain reads
    the whole rest of the sentence for each of its dates)."""
    return _tense_of_words(_first_words(text, end, stop) + _last_word(text, end, stop))


def _first_words(text: str, end: int, stop: int) -> list[str]:
    """The first _CLAUSE_WORDS words of text[end:stop], read from a stretch that grows until it
    holds them whole."""
    size = 64
    while True:
        if end + size >= stop:
            return _clause_words(text[end:stop])[:_CLAUSE_WORDS]
        whole = _clause_words(" ".join(_CLAUSE_WORD.findall(text, end, end + size)[:-1]))    # the last may be cut
        if len(whole) >= _CLAUSE_WORDS:
            return whole[:_CLAUSE_WORDS]
        size *= 4


def _last_word(text: str, end: int, stop: int) -> list[str]:
    """The last word of text[end:stop] (none or one), read from a stretch before `stop` that grows
    until a word in it is whole."""
    size = 64
    while True:
        start = max(end, stop - size)
        if start == end:
            return _clause_words(text[end:stop])[-1:]
        whole = _clause_words(" ".join(_CLAUSE_WORD.findall(text, start, stop)[1:]))    # the first may be cut
        if whole:
            return whole[-1:]
        size *= 4


def _tense_of_words(words: list[str]) -> str | None:
    for w in words:
        if w in _NOT_VERBS:
            continue
        if _FUTURE.match(w):
            return "future"
        if _PAST.match(w):
            return "past"
    return None


# A weekday dating a verbal noun ("çarşamba günü İstanbul'da bir araya gelmesinin ardından"): its
# tense is not the sentence's.
_VERBAL_NOUN_NEAR = re.compile(r"(?:\S*\s+){1,5}?\S*m[ae](?:s[ıi]|k)\w*")


def tense_of(d: DateMention, text: str, stop: int) -> str | None:
    """The tense (clause_tense) a date's year or week is read by: a day and month without a year,
    or a bare weekday not dating a verbal noun; None for the others."""
    if d.kind == "date" and d.year is None or d.kind == "weekday" and not d.offset and not _VERBAL_NOUN_NEAR.match(text, d.end):
        return clause_tense(text, d.end, stop)
    return None


def find_dates(text: str) -> list[DateMention]:
    """All temporal expressions in text, sorted by start and non-overlapping."""
    # Turkish lower case by hand (str.translate is slow); İ, the one letter whose lower()
    # grows, becomes i first, so offsets hold.
    low = text.replace("İ", "i").replace("I", "ı").lower()
    gates = {gate: any(w in low for w in gate) for gate in _GATES}
    found = [d for rx, on, number, gate in _RULES if not gate or gates[gate]
             for m in _scan(rx, low, number) for d in on(m, text, low)]
    found.sort(key=lambda d: (d.start, -d.end))
    chosen: list[DateMention] = []
    for d in found:                    # earliest first, longest among those starting together
        if not chosen or d.start >= chosen[-1].end:
            chosen.append(d)
    chosen = [d for d in chosen if not _bare_weak(d) or _weekday_cued(chosen, d, text, low)]
    return anchors.pin(chosen, low) if any(d.kind == "anaphor" for d in chosen) else chosen
