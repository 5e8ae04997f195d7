"""Turkish temporal tagger: find date, time, weekday and relative expressions (resolving
them to the calendar is newsgraph.dateresolve).

A surface is the date phrase without its trailing case suffix: "19 Ocak'ta" → "19 Ocak",
"2020'de" → "2020", "Bugünkü" → "Bugün", "2020 yılında" → "2020 yılı", "pazara" → "pazar";
cue words outside the date ("tarihinde", "tarihli") stay out. Matching runs on a Turkish
lower-cased copy of the same length, so offsets index the given text.
"""
from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from newsgraph.textnorm import fold

_MONTHS = {"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
           "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12}
_WEEKDAYS = {"pazartesi": 0, "salı": 1, "çarşamba": 2, "perşembe": 3, "cuma": 4, "cumartesi": 5,
             "pazar": 6}
_NUMBER_WORDS = {"bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7,
                 "sekiz": 8, "dokuz": 9, "on": 10}
_UNIT = {"gün": "day", "hafta": "week", "ay": "month", "yıl": "year", "sene": "year"}
_DIRECTION = {"geçen": -1, "geçtiğimiz": -1, "bu": 0, "gelecek": 1, "önümüzdeki": 1}
_DAY_WORDS = {"dün": -1, "bugün": 0, "yarın": 1, "önceki": -2, "evvelki": -2, "evvelsi": -2,
              "öbür": 2}
# Words around a bare "12.50" that make it an amount, not a clock time.
_AMOUNT_WORDS = {"tl", "lira", "dolar", "euro", "avro", "milyon", "milyar", "bin", "puan", "km",
                 "kilometre", "metre", "kg", "ton", "derece", "kişi", "tarihinde", "tarihli"}
# "2000'den fazla asker" is a count, not a year.
_QUANTITY_WORDS = {"fazla", "fazlası", "az", "aşkın", "aşan", "yakın", "çok", "civarında"}
# "pazar" is also a market and "cuma" the Friday prayer: alone they need a date close by.
_WEAK_WEEKDAYS = {"pazar", "cuma"}
_NEAR_CHARS = 30


def _alt(words) -> str:
    """Regex alternation, longest first so "cumartesi" wins over "cuma"."""
    return "|".join(sorted(set(words), key=len, reverse=True))


# Sites that lose Turkish letters write "Subat", "Eylul", "Carsamba": accept the folded forms.
_MON = _alt([*_MONTHS, *map(fold, _MONTHS)])
_WD = _alt([*_WEEKDAYS, *map(fold, _WEEKDAYS)])
_MONTH_BY_KEY = {fold(k): v for k, v in _MONTHS.items()}
_WEEKDAY_BY_KEY = {fold(k): v for k, v in _WEEKDAYS.items()}

_L = r"[^\W\d_]"                                 # any letter, also damaged ones (ř, đ)
_NUMEND = r"(?!\d|[.,:]\d)"                      # number end: not in "10.000", "1.5"
_YEAR = r"(?:19\d\d|20\d\d|2100)"
_TAIL = rf"(?P<tail>'?{_L}*)"                    # the case suffix, checked by _tail_ok
_POD = r"gece\s+yarısı|sabah|akşam|öğleden\s+sonra|gece|saat"   # words before a clock time
_HM = rf"(?P<h>\d\d?)(?:[.:](?P<mi>[0-5]\d)|(?=')){_NUMEND}"      # "14.30"; "15" of "saat 15'te"
_TIME = rf"(?:(?P<pod>{_POD})\s+)?(?:saat\s+)?{_HM}|(?P<mid>gece\s+yarısı)"
_TT = rf"(?P<tt>(?:'{_L}+)?\s+(?:{_TIME}))?"       # a time attached to a date or a day word

_VOWELS = frozenset("aeıioöuüâîû")
# Case suffixes written without an apostrophe. Buffer letters y/n/s only follow a vowel, which
# keeps "dünya" from reading as dün + "ya" and "salıverildi" from reading as salı + suffix.
_SUF_CONS = re.compile(r"(?:[ıiuü]n?){0,2}(?:n?[dt][ae](?:n|ki)?|n?[ae]|k[iü])?")
_SUF_VOWEL = re.compile(r"(?:y[ıiuüae]|n[ıiuü]n?|n?[dt][ae](?:n|ki)?|n[ae]|k[iü]"
                        r"|s[ıiuü](?:n?[dt][ae]n?|n[ae]|n[ıiuü]n)?)?")
_YEAR_SUF = re.compile(r"'(?:n?[dt][ae](?:n|ki)?|n?[ıiuü]n|y?[ae]|y?[ıiuü])")
_NEXT_WORD = re.compile(rf"'?{_L}*[\s,;:]*(\w*)")
_WORD_BEFORE = re.compile(r"(\w+)\s+\Z")


@dataclass(frozen=True)
class DateMention:
    """One temporal expression; offsets index the text given to find_dates."""

    start: int
    end: int
    surface: str
    kind: str                          # date | time | weekday | relative
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    weekday: int | None = None         # 0=Monday .. 6=Sunday
    offset_days: int | None = None     # exact shift in days (day and week units), else None
    offset_unit: str | None = None     # day | week | month | year
    # Shift counted in offset_unit ("geçen ay" → -1, "iki gün önce" → -2); for a weekday the
    # direction only: "geçen cuma" -1, "önümüzdeki salı" +1, a bare weekday None.
    offset: int | None = None

    @property
    def partial(self) -> str:
        """What the text itself fixes, ISO style: "2020-03-05", "--01-19", "-W-7", "T00:00"."""
        y, mo, d = self.year, self.month, self.day
        if y is not None:
            stamp = f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")
        elif mo or d:                  # "--01-19", "--03"; "---05" for "geçen ayın 5'i"
            stamp = "-" + (f"-{mo:02d}" if mo else "-") + (f"-{d:02d}" if d else "")
        else:                          # ISO 8601 truncated week date: "-W-7" is a Sunday
            stamp = f"-W-{self.weekday + 1}" if self.weekday is not None else ""
        return stamp + (f"T{self.hour:02d}:{self.minute or 0:02d}" if self.hour is not None else "")


def _tail_ok(last: str, tail: str) -> bool:
    """True when tail is a case suffix the last letter of the date phrase can take."""
    if not tail or tail[0] == "'":
        return True
    if last.isdigit():                 # "2020de" is not how a number takes a suffix
        return False
    return (_SUF_VOWEL if last in _VOWELS else _SUF_CONS).fullmatch(tail) is not None


def _next_word(low: str, i: int) -> str:
    """The word after position i, skipping the rest of the current word and its suffix."""
    return _NEXT_WORD.match(low, i).group(1)


def _word_before(low: str, i: int) -> tuple[int, str]:
    """(start, word) of the word just before position i with only spaces between; (i, "")."""
    m = _WORD_BEFORE.search(low, max(0, i - 40), i)
    return (m.start(1), m.group(1)) if m else (i, "")


def valid_day(year: int | None, month: int | None, day: int | None) -> bool:
    """True when the day exists in the month (29 Şubat passes when the year is unknown)."""
    month, day = month or 1, day or 1
    return 1 <= month <= 12 and 1 <= day <= monthrange(2000 if year is None else year, month)[1]


def _clock(m: re.Match, low: str) -> tuple[int, int] | None:
    """(hour, minute) of the time groups in m, or None when it is not a clock time."""
    pod, h = " ".join((m["pod"] or "").split()), m["h"]
    if m.groupdict().get("mid") or (h is None and pod == "gece yarısı"):
        return 0, 0
    if h is None or (m["mi"] is None and not pod):
        return None                    # an hour alone only after "saat": "saat 15'te"
    hour, minute, at = int(h), int(m["mi"] or 0), m.start("h")
    # A bare "12.50" needs two hour digits and no amount around it ("yüzde 12.50", "12.50 TL").
    if not pod and (len(h) < 2 or _next_word(low, m.end("mi")) in _AMOUNT_WORDS
                    or _word_before(low, at)[1] == "yüzde" or "%" in low[max(0, at - 2):at]):
        return None
    if 1 <= hour <= 11 and (pod in ("akşam", "öğleden sonra") or pod == "gece" and hour >= 7):
        hour += 12                     # "akşam 8.30" is 20:30, "gece 11" 23:00, "gece 2" 02:00
    return (hour, minute) if hour <= 23 else None


def _emit(m: re.Match, text: str, low: str, kind: str, start: int | None = None,
          **fields) -> list[DateMention]:
    """The mention for match m; an attached time that does not hold is cut off, not fatal."""
    start, end = m.start() if start is None else start, m.start("tail")
    ok = _tail_ok(low[end - 1], m["tail"])
    if "tt" in m.re.groupindex and m["tt"] is not None:
        clock = _clock(m, low)
        if clock is None or not ok:
            end, ok = m.start("tt"), True
        else:
            fields.update(hour=clock[0], minute=clock[1])
    return [DateMention(start, end, text[start:end], kind, **fields)] if ok and end > start else []


def _date(m: re.Match, text: str, low: str, year: str | None, month: int, day: str,
          weekday: str | None = None) -> list[DateMention]:
    """A day-precision date mention, when that day exists."""
    y = int(year) if year else None
    if not valid_day(y, month, int(day)):
        return []
    wd = _WEEKDAY_BY_KEY[fold(weekday)] if weekday else None
    return _emit(m, text, low, "date", year=y, month=month, day=int(day), weekday=wd)


def _on_day_first(m: re.Match, text: str, low: str) -> list[DateMention]:
    if m["nmon"]:                      # 12.01.2020, 12/01/2020
        return _date(m, text, low, m["nyear"], int(m["nmon"]), m["day"])
    return _date(m, text, low, m["year"], _MONTH_BY_KEY[fold(m["mon"])], m["day"], m["wd"])


def _on_year_first(m: re.Match, text: str, low: str) -> list[DateMention]:
    year, (mon_at, before) = int(m["year"]), _word_before(low, m.start())
    if m["iso_m"]:                     # 2020-01-12
        return _date(m, text, low, m["year"], int(m["iso_m"]), m["iso_d"])
    if m["year2"]:                     # 1990-2000: two years, when they ascend
        spans = [(m.start(g), m.end(g)) for g in ("year", "year2") if year < int(m["year2"])]
        return [DateMention(s, e, text[s:e], "date", year=int(text[s:e])) for s, e in spans]
    if m["ymon"]:                      # 2020 yılının Mart ayı
        return _emit(m, text, low, "date", year=year, month=_MONTH_BY_KEY[fold(m["ymon"])])
    if fold(before) in _MONTH_BY_KEY:  # Ocak 2020
        return _emit(m, text, low, "date", mon_at, year=year, month=_MONTH_BY_KEY[fold(before)])
    # With only an apostrophe as cue, accept case endings, and no "2000'den fazla" count.
    tail = m["tail"]
    if m["bare"] is not None or tail and not m["yil"] and (
            not _YEAR_SUF.fullmatch(tail) or _next_word(low, m.end()) in _QUANTITY_WORDS):
        return []
    return _emit(m, text, low, "date", year=year)


def _on_weekday(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "geçen cuma", "önümüzdeki salı": the word before says which way to look. Not "bu",
    # since "bu pazar" is as often "this market".
    start, before = _word_before(low, m.start())
    direction = _DIRECTION.get(before) or None
    return _emit(m, text, low, "weekday", start if direction else None,
                 weekday=_WEEKDAY_BY_KEY[fold(m["wd"])], offset=direction)


def _on_day_word(m: re.Match, text: str, low: str) -> list[DateMention]:
    word, tail, before = m["rw"].split()[0], m["tail"], _word_before(low, m.start())[1]
    after = _next_word(low, m.start("tail"))
    # "bugüne kadar" is "so far" and "dünden bugüne" "over time": periods, not days; "bir
    # önceki gün" counts from the story's own day, not from the anchor.
    if (word == "bugün" and tail in ("e", "'e") and after in ("kadar", "dek", "değin")) or \
            (word == "dün" and tail in ("den", "'den") and after.startswith("bugün")) or \
            (word == "bugün" and before == "dünden") or (word == "önceki" and before == "bir"):
        return []
    n = _DAY_WORDS[word]
    return _emit(m, text, low, "relative", offset=n, offset_days=n, offset_unit="day")


def _on_period(m: re.Match, text: str, low: str) -> list[DateMention]:
    dom = int(m["dom"]) if m["dom"] else None          # "geçen ayın 5'i"
    if dom is not None and not 1 <= dom <= 31:
        return []
    return _relative(m, text, low, _DIRECTION[m["dir"]], m["unit"] or "ay", day=dom)


def _on_count(m: re.Match, text: str, low: str) -> list[DateMention]:
    # "iki gün önce", "3 hafta sonra": found at "önce"/"sonra", unit and number read backwards.
    unit_at, unit = _word_before(low, m.start())
    start, number = _word_before(low, unit_at)
    digits = number.isdigit() and len(number) < 4          # "3 gün önce", not "2000 yıl"
    n = _NUMBER_WORDS.get(number) or (int(number) if digits else 0)
    if unit not in _UNIT or not n:
        return []
    return _relative(m, text, low, n if m["cue"] == "sonra" else -n, unit, start)


def _on_cue(m: re.Match, text: str, low: str) -> list[DateMention]:
    """Phrases found at their last word: "iki gün önce" at "önce", "Mart ayı" at "ayı",
    "Mart başında" at "başı", "ayın 12'si" (of this month) at "ayın"."""
    word = m["cue"].split()[0]
    if word in ("önce", "sonra"):
        return _on_count(m, text, low)
    if word == "ayın":
        day = int(m["dom0"])
        return _relative(m, text, low, 0, "ay", day=day) if 1 <= day <= 31 else []
    start, before = _word_before(low, m.start())
    month = _MONTH_BY_KEY.get(fold(before))
    # "Mart ayında" reads as a month whatever its case; "Mart başında" only capitalised, as
    # "ocak başında" is more likely "by the stove" than "early January".
    if not month or word != "ayı" and not text[start].isupper():
        return []
    if word == "ayı":
        return _emit(m, text, low, "date", start, month=month)
    end = start + len(before)          # the month is the date, "başında" only the cue
    return [DateMention(start, end, text[start:end], "date", month=month)]


def _relative(m: re.Match, text: str, low: str, n: int, unit: str, start: int | None = None,
              **fields) -> list[DateMention]:
    unit = _UNIT[unit]
    days = n if unit == "day" else 7 * n if unit == "week" else None
    return _emit(m, text, low, "relative", start, offset=n, offset_days=days, offset_unit=unit,
                 **fields)


# Each rule: pattern, handler, whether it starts with a number, and words one of which must be
# in the text for it to run. Patterns start with a digit or a literal, never a look-behind, so
# the regex engine skips ahead fast (about 0.3 ms per 2.5 KB article); _scan checks the word
# boundary instead.
_on_time = partial(_emit, kind="time")
_RULES = [(re.compile(p), f, num, gate) for p, f, num, gate in [
    (rf"(?P<day>\d\d?)(?:(?P<sep>[./-])(?P<nmon>\d\d?)(?P=sep)(?P<nyear>{_YEAR}){_NUMEND}"
     rf"|(?:\s*[-–]\s*\d\d?)?\s+(?P<mon>{_MON})(?:\s+(?P<year>{_YEAR}){_NUMEND})?"
     rf"(?:\s+(?P<wd>{_WD})(?!{_L}))?(?:\s+günü(?!{_L}))?){_TT}{_TAIL}",
     _on_day_first, True, None),
    # A bare 4-digit number is a year only with a cue: a month before it, "yılı", "tarihli",
    # an apostrophe suffix, a range. "2000 yıl" (no compound marker) is a duration.
    (rf"(?P<year>{_YEAR})(?:-(?P<iso_m>\d\d)-(?P<iso_d>\d\d){_NUMEND}{_TT}|{_NUMEND}(?:"
     rf"\s+(?:(?:yılının|senesinin)\s+)?(?P<ymon>{_MON})\s+ayı|(?P<yil>\s+(?:yılı|senesi))"
     rf"|(?=\s+tarih)|(?=')|\s*[-–]\s*(?P<year2>{_YEAR}){_NUMEND}|(?P<bare>))){_TAIL}",
     _on_year_first, True, None),
    (rf"(?P<tt>{_HM}(?P<pod>)(?P<mid>)){_TAIL}", _on_time, True, None),
    (rf"(?P<tt>(?P<pod>{_POD})(?:\s+(?:saat\s+)?{_HM})?(?P<mid>)){_TAIL}", _on_time, False,
     ("gece", "sabah", "akşam", "öğleden", "saat")),
    (rf"(?P<wd>{_WD})(?:\s+(?:günü|sabahı|akşamı|gecesi)(?!{_L}))?(?P<tt>\s+(?:{_TIME}))?{_TAIL}",
     _on_weekday, False, ("pazar", "salı", "sali", "çarşamba", "carsamba", "perşembe", "persembe",
                          "cuma")),
    (rf"(?P<rw>dün|bugün|yarın|önceki\s+gün|evvelki\s+gün|evvelsi\s+gün|öbür\s+gün){_TT}{_TAIL}",
     _on_day_word, False, None),
    (rf"(?P<dir>{_alt(_DIRECTION)})\s+(?:ayın\s+(?P<dom>\d\d?)(?=')|(?P<unit>hafta|ay|yıl|sene))"
     rf"{_TAIL}", _on_period, False, None),
    (rf"(?P<cue>önce|sonra|ayın\s+(?P<dom0>\d\d?)(?=')|ayı|başı|başla|sonu|sonla|ortası|ortala)"
     rf"{_TAIL}", _on_cue, False, None),
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
    """True when a lone "pazar"/"cuma" reads as a day: another date or weekday close by."""
    if _next_word(low, d.end).startswith("namaz") or _next_word(text, d.end)[:1].isupper():
        return False                   # "cuma namazı"; "Cuma Yılmaz", "Pazar Belediyesi"
    return any(o is not d and not _bare_weak(o) and o.start - d.end <= _NEAR_CHARS
               and d.start - o.end <= _NEAR_CHARS for o in ms)


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
    return [d for d in chosen if not _bare_weak(d) or _weekday_cued(chosen, d, text, low)]
