"""The words and regex pieces of the Turkish temporal tagger (newsgraph.analysis.dates), and the checks
its rules share: case suffixes, the words around a position, clock times, emitting a mention."""
from __future__ import annotations

import re

from newsgraph.base.datemention import DateMention
from newsgraph.base.textnorm import fold

MONTHS = {"ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7,
          "ağustos": 8, "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12}
# English names appear in quoted posts and agency copy ("April 10, 2024"); only with a year.
EN_MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
             "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}
WEEKDAYS = {"pazartesi": 0, "salı": 1, "çarşamba": 2, "perşembe": 3, "cuma": 4, "cumartesi": 5,
            "pazar": 6}
NUMBER_WORDS = {"bir": 1, "iki": 2, "üç": 3, "dört": 4, "beş": 5, "altı": 6, "yedi": 7,
                "sekiz": 8, "dokuz": 9, "on": 10}
UNIT = {"gün": "day", "hafta": "week", "hafta sonu": "weekend", "haftasonu": "weekend", "ay": "month",
        "yıl": "year", "sene": "year"}
DIRECTION = {"geçen": -1, "geçtiğimiz": -1, "bu": 0, "gelecek": 1, "önümüzdeki": 1}
DAY_WORDS = {"dün": -1, "bugün": 0, "bu": 0, "yarın": 1, "önceki": -2, "evvelki": -2, "evvelsi": -2,
             "öbür": 2}
# Words around a bare "12.50" that make it an amount, not a clock time.
AMOUNT_WORDS = {"tl", "lira", "dolar", "euro", "avro", "milyon", "milyar", "bin", "puan", "km",
                "kilometre", "metre", "kg", "ton", "derece", "kişi", "tarihinde", "tarihli"}
# "2000'den fazla asker" is a count, not a year.
QUANTITY_WORDS = {"fazla", "fazlası", "az", "aşkın", "aşan", "yakın", "çok", "civarında"}


def alt(words) -> str:
    """Regex alternation, longest first so "cumartesi" wins over "cuma"."""
    return "|".join(sorted(set(words), key=len, reverse=True))


# Sites that lose Turkish letters write "Subat", "Eylul", "Carsamba": accept the folded forms.
MON = alt([*MONTHS, *map(fold, MONTHS), *EN_MONTHS])
WD = alt([*WEEKDAYS, *map(fold, WEEKDAYS)])
MONTH_BY_KEY = {fold(k): v for k, v in {**MONTHS, **EN_MONTHS}.items()}
WEEKDAY_BY_KEY = {fold(k): v for k, v in WEEKDAYS.items()}

L = r"[^\W\d_]"                                  # any letter, also damaged ones (ř, đ)
NUMEND = r"(?!\d|[.,:]\d)"                       # number end: not in "10.000", "1.5"
YEAR = r"(?:19\d\d|20\d\d|2100)"
TAIL = rf"(?P<tail>'?{L}*)"                      # the case suffix, checked by tail_ok
POD = r"gece\s+yarısı|sabah|akşam|öğleden\s+sonra|gece|saat|tsi"    # words before a clock time (TSİ: Turkish time)
PART_OF_DAY = r"sabah|öğleden\s+sonra|öğle(?:n|yin)?|akşam|gece"  # "dün akşam": a day, no clock time
HM = rf"(?P<h>\d\d?)(?:[.:](?P<mi>[0-5]\d)|(?=')){NUMEND}"       # "14.30"; "15" of "saat 15'te"
TIME = rf"(?:(?P<pod>{POD})\s+)?(?:saat\s+)?{HM}|(?P<mid>gece\s+yarısı)"
TT = rf"(?P<tt>(?:'{L}+)?\s+(?:{TIME}))?"         # a time attached to a date or a day word

_VOWELS = frozenset("aeıioöuüâîû")
# Case suffixes written without an apostrophe. Buffer letters y/n/s only follow a vowel, which
# keeps "dünya" from reading as dün + "ya" and "salıverildi" from reading as salı + suffix.
_SUF_CONS = re.compile(r"(?:[ıiuü]n?){0,2}(?:n?[dt][ae](?:n|ki)?|n?[ae]|k[iü])?")
_SUF_VOWEL = re.compile(r"(?:y[ıiuüae]|n[ıiuü]n?|n?[dt][ae](?:n|ki)?|n[ae]|k[iü]"
                        r"|s[ıiuü](?:n?[dt][ae]n?|n[ae]|n[ıiuü]n)?)?")
YEAR_SUF = re.compile(r"'(?:n?[dt][ae](?:n|ki)?|n?[ıiuü]n|y?[ae]|y?[ıiuü])")
_NEXT_WORD = re.compile(rf"'?{L}*[\s,;:]*(\w*)")
WORD_BEFORE_PLAIN = r"(\w+)\s+\Z"          # word_before: searched in the 40 characters before a position
_ABLATIVE = re.compile(r"[dt][ae]n\Z")


def tail_ok(last: str, tail: str) -> bool:
    """True when tail is a case suffix the last letter of the date phrase can take."""
    if not tail or tail[0] == "'":
        return True
    if last.isdigit():                 # "2020de" is not how a number takes a suffix
        return False
    return (_SUF_VOWEL if last in _VOWELS else _SUF_CONS).fullmatch(tail) is not None


def next_word(low: str, i: int) -> str:
    """The word after position i, skipping the rest of the current word and its suffix."""
    return _NEXT_WORD.match(low, i).group(1)


def word_before(low: str, i: int) -> tuple[int, str]:
    """(start, word) of the word just before position i with only spaces between, within the 40
    characters before i; (i, ""). Read backwards from i: a search of those 40 characters for
    WORD_BEFORE_PLAIN (the definition, tested equal) tried the pattern at every letter of them."""
    lo = max(0, i - 40)
    end = lo + len(low[lo:i].rstrip())        # where the white space before i starts
    start = end
    while start > lo and (low[start - 1].isalnum() or low[start - 1] == "_"):    # what \w matches
        start -= 1
    return (start, low[start:end]) if start < end < i else (i, "")


def ablative(word: str) -> bool:
    """"görüşmeden", "Mart'tan" (the part after the apostrophe): a time counted from it."""
    return _ABLATIVE.search(word) is not None


def clock(m: re.Match, low: str) -> tuple[int, int] | None:
    """(hour, minute) of the time groups in m, or None when it is not a clock time."""
    pod, h = " ".join((m["pod"] or "").split()), m["h"]
    if m.groupdict().get("mid") or (h is None and pod == "gece yarısı"):
        return 0, 0
    if h is None or (m["mi"] is None and not pod):
        return None                    # an hour alone only after "saat": "saat 15'te"
    hour, minute, at = int(h), int(m["mi"] or 0), m.start("h")
    # A bare "12.50" needs two hour digits and no amount around it ("yüzde 12.50", "12.50 TL").
    if not pod and (len(h) < 2 or next_word(low, m.end("mi")) in AMOUNT_WORDS
                    or word_before(low, at)[1] == "yüzde" or "%" in low[max(0, at - 2):at]):
        return None
    if 1 <= hour <= 11 and (pod in ("akşam", "öğleden sonra") or pod == "gece" and hour >= 7):
        hour += 12                     # "akşam 8.30" is 20:30, "gece 11" 23:00, "gece 2" 02:00
    return (hour, minute) if hour <= 23 else None


def emit(m: re.Match, text: str, low: str, kind: str, start: int | None = None,
         **fields) -> list[DateMention]:
    """The mention for match m; an attached time that does not hold is cut off, not fatal."""
    start, end = m.start() if start is None else start, m.start("tail")
    ok = tail_ok(low[end - 1], m["tail"])
    if "tt" in m.re.groupindex and m["tt"] is not None:
        hm = clock(m, low)
        if hm is None or not ok:
            end, ok = m.start("tt"), True
        else:
            fields.update(hour=hm[0], minute=hm[1])
    return [DateMention(start, end, text[start:end], kind, **fields)] if ok and end > start else []


def end_without_time(m: re.Match, low: str) -> int | None:
    """Where a mention that takes no clock time ends (a range, "dün akşam"): before an attached
    time, else after the phrase when its suffix holds; None when it does not."""
    if "tt" in m.re.groupindex and m["tt"] is not None and not m.groupdict().get("pday"):
        return m.start("tt")
    end = m.start("tail")
    return end if tail_ok(low[end - 1], m["tail"]) else None
