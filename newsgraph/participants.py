"""Who takes part: the noun phrases of a sentence that can be participants of a contact.

A phrase is a linked person, a delegation ("Türk heyet", "Rus ve Türk yetkilileri"), a
role that names a person without naming them ("UMH başkanıyla"), or "iki isim". Its case
comes from its suffix — comitative (-la/-le, "ile"), genitive (-in), dative, … — and
phrases joined by "ve" (or a list closed by "ve", or "X ile Y") share the case of the
last one, as Turkish inflects the group once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph.nlp.rules import Mention
from newsgraph.textnorm import fold, tr_lower, trie_alternation

CASES = (  # folded suffixes, longest first within each case
    ("com", ("yla", "yle", "la", "le")),
    ("abl", ("ndan", "nden", "dan", "den", "tan", "ten")),
    ("loc", ("nda", "nde", "da", "de", "ta", "te")),
    ("gen", ("nin", "nun", "in", "un")),
    ("dat", ("ya", "ye", "na", "ne", "a", "e")),
    ("acc", ("yi", "yu", "ni", "nu", "i", "u")),
)
# Used with .match(sentence, pos): they hold right after a phrase.
_ILE = re.compile(r"\s*ile\b(?!\s+(?:ilgili|alakalı|ilişkin|beraber\s+olarak))")
_ILE_BIRLIKTE = re.compile(r"\s*ile\s+birlikte\b")
_SPEAKER = re.compile(r"\s*,\s*['\"“‘«]")
_WORDS = re.compile(r"\w+")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")
_CLAUSE_MARK = re.compile(r"[,;:]")
_ANAPHOR = re.compile(r"\b(?:iki|her\s+iki)\s+(?:isim|ismin|lider|liderin|bakan|bakanın|başkan|başkanın|taraf|tarafın)\w*")


@dataclass
class Phrase:
    """A possible participant phrase in one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str                                   # person | delegation | anaphor
    persons: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()               # delegation: country codes ("TR", "RU")
    case: str = "nom"
    via_ile: bool = False
    speaker: bool = False
    extra: dict = field(default_factory=dict)


@lru_cache(maxsize=4096)
def case_of(suffix: str) -> str:
    """Case of a (folded or not) suffix: "'la" → com, "'in" → gen, "" → nom."""
    suf = fold(suffix.lstrip("'"))
    if not suf:
        return "nom"
    for case, endings in CASES:
        if any(suf.endswith(e) for e in endings):
            return case
    return "other"


def _with_following_ile(ph: Phrase, sentence: str) -> Phrase:
    """'X ile' makes X comitative ("ile ilgili" does not)."""
    if ph.case == "nom" and _ILE.match(sentence, ph.end):
        ph.case, ph.via_ile = "com", True
        ph.extra["together"] = bool(_ILE_BIRLIKTE.match(sentence, ph.end))
    if _SPEAKER.match(sentence, ph.end):
        ph.speaker = True
    return ph


def person_phrases(sentence: str, offset: int, mentions: list[Mention]) -> list[Phrase]:
    """Linked persons of the sentence as phrases."""
    out = []
    for m in mentions:
        if m.label == "PER" and m.entity_id:
            start, end = m.start - offset, m.end + len(m.suffix) - offset
            out.append(_with_following_ile(Phrase(start, end, "person", (m.entity_id,), case=case_of(m.suffix)), sentence))
    return out


@lru_cache(maxsize=8)
def _delegation_heads(words: tuple[str, ...]) -> tuple[str, ...]:
    """The lower-cased words that head a delegation phrase."""
    return tuple(tr_lower(w) for w in words) + ("yetkili",)


@lru_cache(maxsize=8)
def _delegation_pattern(demonyms: tuple[tuple[str, str], ...], words: tuple[str, ...]) -> tuple[re.Pattern, dict, tuple]:
    dem = trie_alternation(tr_lower(d) for d, _ in demonyms)     # longest first, as a prefix tree
    heads = _delegation_heads(words)
    alternation = "|".join(map(re.escape, heads))
    pattern = re.compile(rf"(?:(?P<d1>{dem})\s+(?:ve\s+(?P<d2>{dem})\s+)?)?(?P<w>(?:{alternation})[a-zçğıöşü]*)")
    return pattern, {tr_lower(k): v for k, v in demonyms}, heads


def delegation_phrases(sentence: str, demonyms: dict[str, str], words: tuple[str, ...]) -> list[Phrase]:
    """'Türk heyet', 'Rus Heyet', 'Rus ve Türk yetkilileri', 'heyetimiz', 'delegasyonuna'."""
    low = tr_lower(sentence)
    if not any(w in low for w in _delegation_heads(tuple(words))):
        return []                         # no delegation word: the pattern cannot match
    pattern, by_lower, heads = _delegation_pattern(tuple(demonyms.items()), tuple(words))
    out = []
    for m in pattern.finditer(low):
        if m.start() > 0 and low[m.start() - 1].isalpha():
            continue
        word = m.group("w")
        nations = tuple(by_lower[d] for d in (m.group("d1"), m.group("d2")) if d)
        if word.endswith(("imiz", "imize", "imizin", "imizle")):
            nations = nations or ("SELF",)
        base = next(h for h in heads if word.startswith(h))
        ph = Phrase(m.start(), m.end(), "delegation", nations=nations, case=case_of(word[len(base):]))
        out.append(_with_following_ile(ph, sentence))
    return out


def anaphor_phrases(sentence: str) -> list[Phrase]:
    """'İki ismin' and the like: the two people just reported."""
    low = tr_lower(sentence)
    if "iki" not in low:                  # every anaphor says "iki": skip the scan
        return []
    return [Phrase(m.start(), m.end(), "anaphor", case=case_of(_tail(m.group(0)))) for m in _ANAPHOR.finditer(low)]


def _tail(word: str) -> str:
    last = word.split()[-1]
    for stem in ("isim", "ismi", "lider", "bakan", "başkan", "taraf"):
        if last.startswith(stem):
            return last[len(stem):]
    return ""


def drop_possessors(phrases: list[Phrase], sentence: str, title_words: set[str]) -> list[Phrase]:
    """'Putin'in … Özel Temsilcisi Mihail Bogdanov': Putin qualifies a title, takes no part."""
    out = []
    for i, ph in enumerate(phrases):
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        if ph.case == "gen" and ph.kind == "person" and nxt is not None and nxt.kind == "person":
            between = sentence[ph.end:nxt.start]
            words = _WORDS.findall(between)
            if words and fold(words[-1]) in title_words and len(words) <= 10 and not _CLAUSE_MARK.search(between):
                continue
        out.append(ph)
    return out


def _joined(sentence: str, a: Phrase, b: Phrase, title_words: set[str]) -> str | None:
    """How two neighbouring phrases are joined: 've', ',', 'ile' or None."""
    between = sentence[a.end:b.start]
    words = _LETTER_WORDS.findall(between)
    if a.via_ile and not a.extra.get("together"):
        rest = [w for w in words[1:] if w[:1].isupper() or fold(w) in title_words]
        return "ile" if words and fold(words[0]) == "ile" and len(rest) == len(words) - 1 else None
    lead = between.strip()
    if lead.startswith(","):
        words_after = [w for w in words if not (w[:1].isupper() or fold(w) in title_words)]
        return "," if not words_after else None
    if words and fold(words[0]) == "ve":
        others = [w for w in words[1:] if not (w[:1].isupper() or fold(w) in title_words)]
        return "ve" if not others else None
    return None


_AFTER_PARTICIPLE = re.compile(r"(?:konuşan|katılan|düzenleyen|yer\s+alan)\s+(?:\S+\s+){0,4}$")


def _links(phrases: list[Phrase], sentence: str, title_words: set[str]) -> list[str | None]:
    """Link kinds between neighbours; a comma counts only in a list a later 've' closes,
    and never after the subject of a participle ('… konuşan Çavuşoğlu, Erdoğan ve …')."""
    hows = [None if a.speaker else _joined(sentence, a, b, title_words) for a, b in zip(phrases, phrases[1:])]
    for i, (a, how) in enumerate(zip(phrases, hows)):
        if how == "," and _AFTER_PARTICIPLE.search(tr_lower(sentence[:a.start])):
            hows[i] = None
    for i, how in enumerate(hows):
        if how == ",":
            j = i + 1
            while j < len(hows) and hows[j] == ",":
                j += 1
            if not (j < len(hows) and hows[j] == "ve"):
                hows[i] = None             # "A, B ile görüştü": A is the subject, B the other side
    return hows


def chain(phrases: list[Phrase], sentence: str, title_words: set[str]) -> list[Phrase]:
    """Merge coordinated phrases; the group takes the case of its last member."""
    if not phrases:
        return []
    groups: list[list[Phrase]] = [[phrases[0]]]
    for cur, how in zip(phrases[1:], _links(phrases, sentence, title_words)):
        if how:
            groups[-1].append(cur)
        else:
            groups.append([cur])
    out = []
    for group in groups:
        last = group[-1]                  # the group as one phrase (dataclasses.replace, spelt out: faster)
        out.append(Phrase(group[0].start, last.end,
                          "delegation" if any(g.kind == "delegation" for g in group) else last.kind,
                          persons=tuple(p for g in group for p in g.persons),
                          nations=tuple(n for g in group for n in g.nations),
                          case=last.case, via_ile=last.via_ile, speaker=last.speaker,
                          extra={**last.extra, "members": group}))
    return out
