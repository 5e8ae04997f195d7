"""Just enough Turkish morphology to swap a name and keep its case suffix right.

"Putin'le" → "Lavrov'la", "Şoygu'ya" → "Akar'a", "Ocak'ta" → "Nisan'da": the suffix is
read as a template (archiphonemes A = a/e, I = ı/i/u/ü, D = d/t, buffer y/n after a vowel)
and rendered again after the new stem with vowel harmony and consonant assimilation.
A suffix that no template explains is kept as written.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import product

from newsgraph.base.textnorm import tr_lower

VOWELS = "aeıioöuüâîû"
BACK = set("aıouâû")
ROUND = set("oöuü")
VOICELESS = set("çfhkpsşt")
# (template, buffer): "y"/"n" appear after a stem ending in a vowel; "keep" keeps the
# buffer as the original had it ("Bölgesi'nde": the n belongs to a possessive).
TEMPLATES = (
    ("yA", "y"), ("yI", "y"), ("nIn", "n"), ("DA", ""), ("DAn", ""), ("DAki", ""),
    ("ylA", "y"), ("yDI", "y"), ("yDIr", "y"), ("lAr", ""), ("lArI", ""), ("lArIn", ""),
    ("nDA", "keep"), ("nDAn", "keep"), ("nDAki", "keep"), ("nA", "keep"), ("nI", "keep"),
    ("yIn", "y"), ("sI", "s"), ("sInA", "s"), ("sIndA", "s"), ("ncA", "keep"),
)
_ONES = {1: "bir", 2: "iki", 3: "üç", 4: "dört", 5: "beş", 6: "altı", 7: "yedi", 8: "sekiz", 9: "dokuz"}
_TENS = {1: "on", 2: "yirmi", 3: "otuz", 4: "kırk", 5: "elli", 6: "altmış", 7: "yetmiş", 8: "seksen", 9: "doksan"}


def number_word(n: int) -> str:
    """The last spoken word of a number, which the suffix harmonises with (2018 → sekiz)."""
    if n % 10:
        return _ONES[n % 10]
    if n % 100:
        return _TENS[(n % 100) // 10]
    return "yüz" if n % 1000 else "bin"


def _spoken(stem: str) -> str:
    """What the suffix hears: digits are read out, letters of an acronym are read as 'e'."""
    digits = "".join(c for c in stem if c.isdigit())
    if stem and stem[-1].isdigit():
        return number_word(int(digits[-4:]))
    low = tr_lower(stem)
    return low if any(c in VOWELS for c in low) else low + "e"


def _realizations(template: str, buffer: str) -> set[str]:
    """Every surface a template can take (buffer letters optional)."""
    choices = []
    for i, ch in enumerate(template):
        if i == 0 and buffer and ch == template[0] and ch in "yns":
            choices.append(("", ch))
        elif ch == "A":
            choices.append(("a", "e"))
        elif ch == "I":
            choices.append(("ı", "i", "u", "ü"))
        elif ch == "D":
            choices.append(("d", "t"))
        else:
            choices.append((ch,))
    return {"".join(p) for p in product(*choices)}


@lru_cache(maxsize=None)
def _index() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for template, buffer in TEMPLATES:
        for surface in _realizations(template, buffer):
            out.setdefault(surface, (template, buffer))
    return out


@lru_cache(maxsize=65536)
def reharmonize(suffix: str, stem: str) -> str:
    """The suffix ("'le", "in", "'ta") rewritten to follow `stem`; unknown ones unchanged."""
    apos = suffix[:1] == "'"
    body = suffix[1:] if apos else suffix
    found = _index().get(tr_lower(body))
    if not found or not body:
        return suffix
    template, buffer = found
    spoken = _spoken(stem)
    ends_vowel = spoken[-1] in VOWELS
    vowel = next((c for c in reversed(spoken) if c in VOWELS), "e")
    out, prev = [], spoken[-1]
    for i, ch in enumerate(template):
        if i == 0 and buffer and ch in "yns":
            keep = (body[:1] == ch) if buffer == "keep" else ends_vowel
            if keep:
                out.append(ch)
                prev = ch
            continue
        if ch == "A":
            ch = "a" if vowel in BACK else "e"
        elif ch == "I":
            ch = ("u" if vowel in ROUND else "ı") if vowel in BACK else ("ü" if vowel in ROUND else "i")
        elif ch == "D":
            ch = "t" if prev in VOICELESS else "d"
        if ch in VOWELS:
            vowel = ch
        out.append(ch)
        prev = ch
    return ("'" if apos else "") + "".join(out)
