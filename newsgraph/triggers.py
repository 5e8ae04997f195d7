"""Words that report a contact between actors, and whether it happened or is planned.

Patterns run on the Turkish-lower-cased sentence. Order is priority: the first pattern
that claims a stretch of text wins ("telefon görüşmesi gerçekleştirdi" is a phone call,
not a meeting). `weak` nouns ("görüşmede") only refer back to a contact already reported
and never create one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_W = r"[a-zçğıöşüâîû]*"

# (type, pattern, needs): needs "dative_place" (a visit goes somewhere), "object" (kabul etti),
# "absorb" (a verb that describes a contact reported already: "durumu istişare eden Putin ve
# Erdoğan" is their phone call, not a second contact, when the article has one).
TRIGGER_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    ("phone_call", rf"telefon(?:da|la|\s+ile)\s+(?:bir\s+)?(?:görüş|konuş|ara){_W}", None),
    ("phone_call", rf"telefon\s+görüşme{_W}(?:\s+(?:gerçekleştir|yap|düzenle){_W})?", None),
    ("phone_call", rf"telefon\s+(?:trafiği|diplomasisi|açt){_W}", None),
    ("press_conference", rf"(?:ortak\s+)?basın\s+toplantı{_W}(?:\s+(?:düzenle|yap|gerçekleştir|ver){_W})?", None),
    ("statement", rf"ortak\s+(?:basın\s+)?(?:açıklama|bildiri|deklarasyon|bildirge){_W}(?:\s+(?:yap|yayımla|yayınla|imzala|dağıt){_W})?", None),
    ("delegation_talks", rf"istişare\s+(?:et|ed){_W}", "absorb"),
    ("delegation_talks", rf"istişare{_W}(?:\s+(?:bulun|yap){_W})?", None),
    ("delegation_talks", rf"temas(?:lar)?(?:da|ta)\s+bulun{_W}", None),
    ("delegation_talks", rf"heyetler(?:i)?\s+arası{_W}\s+(?:görüşme|toplantı|müzakere){_W}", None),
    ("visit", rf"(?:resmi\s+)?ziyaret(?:\s+(?:et|ed|gerçekleştir){_W}|(?:i|te|inde|ine)\b)", None),
    ("meeting", rf"bir\s+araya\s+gel{_W}", None),
    ("meeting", rf"görüş(?:tü|müş|ecek|eceğ|üyor|ürken|tükleri|meleri\s+(?:bekleniyor|planlanıyor)|mek\s+üzere){_W}", None),
    ("meeting", rf"buluş(?:tu|acak|acağ|muş|tukları|ması\s+bekleniyor){_W}", None),
    ("meeting", rf"(?:toplantı|görüşme|zirve|müzakere){_W}\s+(?:yap|düzenle|gerçekleştir|bulun){_W}", None),
    ("meeting", rf"(?:ikili\s+)?görüşme{_W}\s+gerçekleş{_W}", None),
    ("meeting", rf"görüşme{_W}\s+(?:[^\s.]+\s+){{0,8}}?ile\s+oldu{_W}", None),
    ("meeting", rf"kabul\s+et{_W}", "object"),
    ("visit", rf"(?:git|gid|gel)(?:ti|di|ecek|eceğ|erek|miş|en|ip|mesi|mesinin|diği|tiği|dikleri|tikleri){_W}"
              rf"(?!\s+(?:hafta|ay|yıl|sene|gün|dönem))", "dative_place"),
)
# The alternatives in priority order, each a named group; at any position the first
# alternative that matches wins, and matches never overlap.
_COMBINED = re.compile("|".join(rf"\b(?P<t{i}>{pattern})" for i, (_, pattern, _) in enumerate(TRIGGER_PATTERNS)))
# Every trigger starts with one of these words or stems (the first word of each pattern
# above, optional first words included). _COMBINED, which begins with \b, would be tried at
# every character; a plain alternation of words lets the regex engine skip to the few
# places where a trigger may start.
TRIGGER_STARTS = ("telefon", "basın", "ortak", "istişare", "temas", "heyetler", "resmi", "ziyaret", "bir",
                  "görüş", "buluş", "toplantı", "zirve", "müzakere", "ikili", "kabul", "git", "gid", "gel")
_START = re.compile("|".join(TRIGGER_STARTS))

# The form of a trigger (or the words after it in its clause) that makes it a plan.
PLANNED = re.compile(
    r"(?:acak|ecek|acağ|eceğ)|bekleni|öngörül|ön\s+görül|planlan|hazırlan|üzere\b|kararlaştırıl|yarın")
PLANNED_CLAUSE = re.compile(r"^[^.;]{0,60}?\b(?:bekleniyor|öngörülüyor|ön\s+görülüyor|planlanıyor)")
# Participles: the name after them is who did what the trigger names ("... toplantısında konuşan X").
PARTICIPLE_AFTER = re.compile(r"\s+(?:konuşan|katılan|düzenleyen|açıklama\s+yapan|yer\s+alan)\s*$")
RANK = {"phone_call": 0, "press_conference": 1, "statement": 2, "delegation_talks": 3, "visit": 4, "meeting": 5}


@dataclass(frozen=True)
class Trigger:
    """Words in a sentence that report a contact."""

    start: int
    end: int
    type: str
    status: str            # held | planned
    text: str
    needs: str | None


def _status(low: str, start: int, end: int) -> str:
    """planned when the trigger's own form or the words right after it say so."""
    if PLANNED.search(low[start:end]) or PLANNED_CLAUSE.search(low[end:]):
        return "planned"
    return "held"


def find_triggers(low: str) -> list[Trigger]:
    """Non-overlapping triggers in a lower-cased sentence, in text order (what
    _COMBINED.finditer gives, trying only the places where a trigger may start)."""
    out, pos = [], 0
    while (start := _START.search(low, pos)) is not None:
        m = _COMBINED.match(low, start.start())
        if m is None:
            pos = start.end()             # inside a word of letters no trigger starts (\b)
            continue
        kind, _, needs = TRIGGER_PATTERNS[int(m.lastgroup[1:])]
        out.append(Trigger(m.start(), m.end(), kind, _status(low, m.start(), m.end()), m.group(0), needs))
        pos = m.end()
    return out
