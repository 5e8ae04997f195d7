"""Who may take part: the noun phrases of a sentence that can stand for people in a contact.

A phrase is a linked person, a delegation ("Türk heyet", "Rus ve Türk yetkilileri"), a
role that names a person without naming them ("UMH başkanıyla", added by the article code),
a counterpart ("Rus mevkidaşı ile"), or an anaphor ("iki lider"). Its **case** comes from
its suffix — comitative (-la/-le, "ile"), genitive (-in), dative, accusative … — and phrases
joined by "ve" (or a list closed by "ve", or "X ile Y") share the case of the last one, as
Turkish inflects a group once. Its **mark** says what the words around it make of it:

- `companion`: travels or acts with the subject, on its side ("beraberinde X",
  "X ile birlikte", "X eşliğinde");
- `mediator`: brings the sides together without being one ("X'in arabuluculuğunda",
  "ev sahipliğinde", "aracılığıyla");
- `agent`: the doer of a passive verb ("X tarafından kabul edildi");
- `between`: the sides of a contact named as a group ("X ile Y arasında");
- `source`: who says it ("X'e göre", "X'in açıklamasına göre", "X, '…' dedi");
- `host`: who invited ("X'in daveti üzerine", "X'in davetlisi olarak"): not a side either;
- `also`: another party of the same kind of contact ("Ruhani'nin ardından Putin'i de aradı");
- `member`: takes part in the event the noun names ("X ve Y'nin katılımıyla düzenlenen zirve", "X ve
  Y'nin (eş) başkanlıklarında düzenlenen toplantı": those who chair it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from newsgraph.base.mention import Mention
from newsgraph.base.textnorm import fold, tr_lower, trie_alternation

CASES = (  # folded suffixes, longest first within each case
    ("com", ("yla", "yle", "la", "le")),
    ("abl", ("ndan", "nden", "dan", "den", "tan", "ten")),
    ("loc", ("nda", "nde", "da", "de", "ta", "te")),
    ("gen", ("nin", "nun", "in", "un")),
    ("dat", ("ya", "ye", "na", "ne", "a", "e")),
    ("acc", ("yi", "yu", "ni", "nu", "i", "u")),
)
# Used with .match(sentence, pos): they hold right after a phrase.
_ILE = re.compile(r"\s*ile\b(?!\s+(?:ilgili|alakalı|ilişkin|beraber\s+olarak|diğer\b))")   # "X ile diğer yetkililer": and
# "A, B ve C gibi ŞİÖ üyesi ülkelerin liderleri ile": the examples take the case of what they exemplify
_GIBI_ILE = re.compile(r"\s+gibi\s+(?:[^\s,.;:]+\s+){0,4}?[^\s,.;:]+?(?:\s+ile\b|(?:y?le|y?la)\b)")
_ILE_BIRLIKTE = re.compile(r"\s*ile\s+(?:birlikte|beraber)\b")
_BIRLIKTE = re.compile(r"\s*(?:birlikte|beraber)\b")
_SPEAKER = re.compile(r"\s*,\s*['\"“‘«]")
# A quotation closed by a case suffix is a name (of a document, a summit), not speech.
# '… Rahman, "… Anlaşma"yı imzaladı': a suffix on the closing mark; "Fidan, 'Ankara Süreci' çerçevesinde":
# a few capitalised words quoted as the name of a process, an operation or a plan.
_QUOTED_NAME = re.compile(r"[^\"”'’»]{1,120}[\"”'’»]'?[a-zçğıöşü]|(?:[A-ZÇĞİÖŞÜ0-9][^\s\"”'’»]*\s){1,5}[A-ZÇĞİÖŞÜ0-9][^\s\"”'’»]*[\"”'’»]\s+[a-zçğıöşü]")
_AFTER_MARKS = re.compile(
    r"\s*(?:(?P<agent>(?:ve\s+)?(?:[a-zçğıöşü]+\s+){0,3}tarafından)|(?P<between>arasında|arasındaki)"
    r"|(?P<mediator>(?:arabulucu|ara\s+bulucu|orta\s+bulucu|aracılığ|ev\s+sahipliğ|gözetim|himaye|öncülüğ|moderatörlüğ|girişim)\w*)"
    r"|(?P<companion>eşliğinde|refakatinde)|(?P<host>davet\w*)|(?P<also>ardından|akabinde|yanı\s+sıra)|(?P<member>katılım\w*|(?:eş\s+)?başkanlı(?:ğında|klarında)\b)"
    r"|(?P<source>(?:yaptığı\s+|tarafından\s+yapılan\s+)?(?:açıklama|ifade|söz|beyan|paylaşım|mesaj|sözcü|ofis|basın|danışman"
    r"|talimat|hesab|yazı|mektup|tweet|bildiri|kaynak|iddia|göre\b)\w*))")
_BEFORE_COMPANION = re.compile(r"(?:beraberinde|yanında|refakatinde)\s+(?:[^\s,.;]+\s+){0,6}$")
_WORDS = re.compile(r"\w+")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")
_CLAUSE_MARK = re.compile(r"[,;:]")
_ANAPHOR = re.compile(r"\b(?:(?:iki|her\s+iki|üç|dört|beş)\s+(?:isim|ismin|lider|liderin|bakan|bakanın|başkan|başkanın|taraf|tarafın|mevkidaş)\w*"
                      r"|konuğu(?:yla|nu|na|nun)?\b|(?:liderler|bakanlar|mevkidaşlar|taraflar)(?:ın|in|ı|i|a|e|le|la|de|da)?\b"
                      r"(?!\s+(?:düzey|arası|toplantı|zirve|kurul|konsey|seviye|gibi)))")
_ANAPHOR_GATE = re.compile(r"iki\s|üç\s|dört\s|beş\s|liderler|bakanlar|mevkidaşlar|taraflar|konuğ")
_HOW_MANY = {"üç": 3, "dört": 4, "beş": 5}
_SELF = re.compile(r"\bkendisi(?P<suf>ni|yle|ne|nin|\s+ile)?\b")


@dataclass
class Phrase:
    """A possible participant phrase in one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str                                   # person | delegation | anaphor | counterpart
    persons: tuple[str, ...] = ()
    nations: tuple[str, ...] = ()               # delegation, counterpart: country codes ("TR", "RU")
    case: str = "nom"
    via_ile: bool = False
    speaker: bool = False
    extra: dict = field(default_factory=dict)
    mark: str | None = None                     # companion | mediator | agent | between | source | host | also | member


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


def with_following_ile(ph: Phrase, sentence: str) -> Phrase:
    """'X ile' makes X comitative ("ile ilgili" does not); marks from the words around."""
    if ph.case == "nom" and (_ILE.match(sentence, ph.end) or _GIBI_ILE.match(sentence, ph.end)):
        ph.case, ph.via_ile = "com", True
        ph.extra["together"] = bool(_ILE_BIRLIKTE.match(sentence, ph.end))
        if ph.extra["together"]:
            ph.mark = "companion"
    elif ph.case == "com" and _BIRLIKTE.match(sentence, ph.end):
        ph.extra["together"], ph.mark = True, "companion"    # "mevkidaşı Bartolo'yla birlikte Serrac ile"
    if (m := _SPEAKER.match(sentence, ph.end)) and not _QUOTED_NAME.match(sentence, m.end()):
        ph.speaker = True                 # not before a quoted name: '… Rahman, "… Anlaşma"yı imzaladı'
    return mark_phrase(ph, sentence)


@lru_cache(maxsize=64)
def lowered(sentence: str) -> str:
    """A sentence in Turkish lower case (same length), remembered: each phrase of it looks at it."""
    return tr_lower(sentence)


def mark_phrase(ph: Phrase, sentence: str) -> Phrase:
    """The mark the words around a phrase give it (see the module docstring)."""
    low = lowered(sentence)
    m = _AFTER_MARKS.match(low, ph.end, ph.end + 60)
    kind = m.lastgroup if m else None
    if kind in ("agent", "companion") or (kind == "between" and ph.case in ("nom", "com")):
        ph.mark = kind
    elif kind in ("mediator", "host", "source", "also", "member") and ph.case == "gen":
        ph.mark = kind
    elif kind == "source" and ph.case == "dat" and m.group(0).strip() == "göre":
        ph.mark = kind                    # "Peskov'a göre"
    if ph.mark is None and ("berabe" in low or "yanında" in low or "refakat" in low) and \
            _BEFORE_COMPANION.search(low, max(0, ph.start - 80), ph.start):
        ph.mark = "companion"
    if ph.case == "gen" and _OWNER.match(low, ph.end, ph.end + 40):
        ph.extra["owner"] = True          # "Putin'in programında … görüşme", "liderlerin başkanlık ettiği"
    return ph


_OWNER = re.compile(r"\s*(?:program|gündem|takvim|plan|başkanlık\s+ett|başkanlık\s+yapt)\w*")


def person_phrases(sentence: str, offset: int, mentions: list[Mention]) -> list[Phrase]:
    """Linked persons of the sentence as phrases."""
    out = []
    for m in mentions:
        if m.label == "PER" and m.entity_id:
            start, end = m.start - offset, m.end + len(m.suffix) - offset
            out.append(with_following_ile(Phrase(start, end, "person", (m.entity_id,), case=case_of(m.suffix)), sentence))
    return out


# Words between a country and its delegation ("Rus teknik heyeti", "Türk askeri heyeti").
_DELEGATION_ADJ = r"(?:teknik|askeri|askerî|resmi|resmî|diplomatik|ekonomik|üst\s+düzey(?:li)?|yüksek\s+düzey(?:li)?|hükümet|bakanlık|istihbarat|parlamento|uzman)"


@lru_cache(maxsize=8)
def _delegation_heads(words: tuple[str, ...]) -> tuple[str, ...]:
    """The lower-cased words that head a delegation phrase."""
    return tuple(tr_lower(w) for w in words) + ("yetkili",)


@lru_cache(maxsize=8)
def _demonym_pattern(demonyms: tuple[tuple[str, str], ...]) -> tuple[str, dict]:
    return trie_alternation(tr_lower(d) for d, _ in demonyms), {tr_lower(k): v for k, v in demonyms}


# The patterns made of a registry's demonyms, by the identity of its tuple (kept with them, so that
# its id is not reused): an lru_cache would hash its ~700 pairs on every look-up (~10 µs; a
# sentence's scan itself takes ~8 µs).
_DELEGATION_PATTERNS: dict[tuple[int, tuple[str, ...]], tuple[tuple, tuple[re.Pattern, dict, tuple, re.Pattern]]] = {}


def _delegation_pattern(demonyms: tuple[tuple[str, str], ...], words: tuple[str, ...]
                        ) -> tuple[re.Pattern, dict, tuple, re.Pattern]:
    """The delegation pattern, the demonyms by lower case, the head words and a pattern of them alone."""
    known = _DELEGATION_PATTERNS.get((id(demonyms), words))
    if known is not None and known[0] is demonyms:
        return known[1]
    dem, by_lower = _demonym_pattern(demonyms)
    heads = _delegation_heads(words)
    alternation = "|".join(map(re.escape, heads))
    pattern = re.compile(rf"(?:(?P<d0>(?:{dem})(?:\s*,\s*(?:{dem}))*)\s*,\s*(?=(?:{dem})\s+ve\s))?"    # "Türkiye, Rusya ve İran heyetleri"
                         rf"(?:(?P<d1>{dem})\s+(?:ve\s+(?P<d2>{dem})\s+)?(?:{_DELEGATION_ADJ}\s+){{0,2}})?"
                         rf"(?P<w>(?:{alternation})[a-zçğıöşü]*)")
    found = pattern, by_lower, heads, re.compile(alternation)
    if len(_DELEGATION_PATTERNS) >= 8:        # one registry in a build; a few in the tests
        _DELEGATION_PATTERNS.clear()
    _DELEGATION_PATTERNS[(id(demonyms), words)] = (demonyms, found)
    return found


def delegation_matches(pattern: re.Pattern, head: re.Pattern, low: str) -> list[re.Match]:
    """What pattern.finditer(low) gives, for a pattern whose matches end in a `head` word: none
    starts after the last head word, and the engine is not left to try the demonyms at every
    character up to the end (~8x the time of the matches themselves)."""
    found, pos = [], 0
    while head.search(low, pos) is not None and (m := pattern.search(low, pos)) is not None:
        found.append(m)
        pos = m.end()
    return found


def delegation_phrases(sentence: str, demonyms: tuple[tuple[str, str], ...], words: tuple[str, ...]) -> list[Phrase]:
    """'Türk heyet', 'Rus Heyet', 'Rus ve Türk yetkilileri', 'heyetimiz', 'delegasyonuna'."""
    low = lowered(sentence)
    if not any(w in low for w in _delegation_heads(tuple(words))):
        return []                         # no delegation word: the pattern cannot match
    pattern, by_lower, heads, head = _delegation_pattern(demonyms, tuple(words))
    out = []
    for m in delegation_matches(pattern, head, low):
        if m.start() > 0 and low[m.start() - 1].isalpha():
            continue
        word = m.group("w")
        if "arası" in word or low.startswith(" arası", m.end()):
            continue                      # "heyetler arası görüşme": talks, not a delegation
        listed = [d.strip() for d in m.group("d0").split(",")] if m.group("d0") else []
        nations = tuple(by_lower[d] for d in (*listed, m.group("d1"), m.group("d2")) if d)
        if word.endswith(("imiz", "imize", "imizin", "imizle")):
            nations = nations or ("SELF",)
        base = next(h for h in heads if word.startswith(h))
        suffix = word[len(base):]
        both = not nations and bool(_BOTH.search(low, max(0, m.start() - 16), m.start()))
        theirs = bool(_AND_THEIR.search(low, max(0, m.start() - 30), m.start()))   # "X ve heyeti": X's delegation
        ph = Phrase(m.start(), m.end(), "delegation", nations=nations,
                    case=_delegation_case(suffix, bool(nations) or both or theirs),
                    extra={"plural": suffix.startswith(("ler", "lar")), "both": both})
        out.append(with_following_ile(ph, sentence))
    return out


# "Anastasiadis ve heyeti", "X ve beraberindeki heyeti": the possessive of the one just named, a nominative.
_AND_THEIR = re.compile(r"\S\s+ve\s+(?:beraberindeki\s+)?$")
# "İki ülke heyetleri", "iki heyet": the two delegations the story is about.
_BOTH = re.compile(r"\biki\s+(?:ülke(?:nin)?\s+)?$")


def _delegation_case(suffix: str, modified: bool) -> str:
    """'Türk heyeti', 'Rus heyetleri' are nominative compounds; 'heyeti' alone is accusative;
    the plural is cut first ('delegasyonlarla' → comitative)."""
    rest = suffix[3:] if suffix.startswith(("ler", "lar")) else suffix
    if rest in ("i", "ı", "si", "sı"):
        return "nom" if modified or rest != suffix else "acc"
    return case_of(rest)


_COUNTERPART = "mevkida"


@lru_cache(maxsize=8)
def _counterpart_pattern(demonyms: tuple[tuple[str, str], ...]) -> tuple[re.Pattern, dict]:
    dem, by_lower = _demonym_pattern(demonyms)
    return re.compile(rf"(?:(?P<d>{dem})\s+(?:ve\s+(?P<d2>{dem})\s+)?)?(?:mevkida[şs]|meslekta[şs])(?:ları|ı)"
                      rf"(?P<suf>[a-zçğıöşü]*)"), by_lower


def counterpart_phrases(sentence: str, demonyms: tuple[tuple[str, str], ...]) -> list[Phrase]:
    """'Rus mevkidaşı ile', 'mevkidaşıyla': the subject's counterpart, of a country when said.
    Resolved by the article code once the subject is known."""
    low = lowered(sentence)
    if "mevkida" not in low and "meslekta" not in low:
        return []
    pattern, by_lower = _counterpart_pattern(demonyms)
    out = []
    for m in pattern.finditer(low):
        nation = tuple(by_lower[d] for d in (m.group("d"), m.group("d2")) if d)
        ph = Phrase(m.start(), m.end(), "counterpart", nations=nation, case=case_of(m.group("suf").replace("n", "", 1)))
        out.append(with_following_ile(ph, sentence))
    return out


def anaphor_phrases(sentence: str) -> list[Phrase]:
    """'İki ismin', 'liderler' and the like: the people of the contact just reported."""
    low = lowered(sentence)
    if not _ANAPHOR_GATE.search(low):
        return []
    return [with_following_ile(Phrase(m.start(), m.end(), "anaphor", case=case_of(_tail(m.group(0))),
                                      extra={"count": _HOW_MANY.get(m.group(0).split()[0], 2)}), sentence)
            for m in _ANAPHOR.finditer(low)]


_ME = re.compile(r"(?<![\w])(?:beni|bizi|bana|bize|benimle|bizimle)(?![\w])")
_ME_CASE = {"beni": "acc", "bizi": "acc", "bana": "dat", "bize": "dat", "benimle": "com", "bizimle": "com"}


def me_phrases(sentence: str) -> list[Phrase]:
    """'Kardeşim Sameh beni ilk günde aradı', 'benimle görüştü': the one who speaks (a quotation's
    speaker, resolved by the article code)."""
    low = lowered(sentence)
    if "ben" not in low and "biz" not in low and "ban" not in low:
        return []
    return [Phrase(m.start(), m.end(), "me", case=_ME_CASE[m.group(0)]) for m in _ME.finditer(low)]


def self_phrases(sentence: str) -> list[Phrase]:
    """'kendisini', 'kendisiyle': the subject of the sentence (resolved by the article code)."""
    low = lowered(sentence)
    if "kendisi" not in low:
        return []
    return [with_following_ile(Phrase(m.start(), m.end(), "self", case=case_of((m.group("suf") or "").strip())), sentence)
            for m in _SELF.finditer(low)]


def _tail(word: str) -> str:
    last = word.split()[-1]
    for stem in ("isim", "ismi", "liderler", "lider", "bakanlar", "bakan", "başkan", "taraflar", "taraf", "mevkidaşlar", "mevkidaş",
                 "konuğu"):
        if last.startswith(stem):
            return last[len(stem):]
    return ""


# Titles a person holds under another: only these make a genitive before them a possessor
# ("Putin'in Özel Temsilcisi Bogdanov"), not "Biden'ın Cumhurbaşkanı Erdoğan ile görüşmesi".
_SUBORDINATE = frozenset({"temsilcisi", "danismani", "basdanismani", "sozcusu", "yardimcisi", "elcisi", "mustesari",
                          "sekreteri", "buyukelcisi", "konsolosu", "baskonsolosu", "asistani", "vekili", "heyet",
                          "heyeti", "kurmay", "muhabiri", "avukati", "esi", "oglu", "kizi", "damadi", "gelini",
                          "kardesi", "yegeni", "annesi", "babasi"})


# A name before these nouns qualifies them, it names no one taking part: "Esad rejimi",
# "Kaşıkçı cinayetinin ardından", "Netanyahu hükümeti" (a noun compound, the head possessed).
_NAMED_THING = re.compile(r"\s+(?:yönetim|rejim|hükümet|cinayet|dava|dönem|aile|parti|kabine|plan|doktrin|yanlı|karşıt|"
                          r"destekçi|güçler|ordu|milis)[a-zçğıöşü]*?(?:s?[ıiuü]|ler[ıi]|lar[ıi])(?:n[ıiuü]n|n[ae]|nd[ae]n?|n[ıiuü]|yl[ae])?\b")


def drop_possessors(phrases: list[Phrase], sentence: str, title_words: set[str], nations: dict | None = None) -> list[Phrase]:
    """'Putin'in … Özel Temsilcisi Mihail Bogdanov': Putin qualifies a title, takes no part; nor
    does a name that qualifies a noun after it ("Kaşıkçı cinayetinin"). A title that opens with a
    country is that country's ("Hac'ın Türkiye Dışişleri Bakan Yardımcısı X ile görüştüğü": Hac is
    the clause's subject)."""
    out = []
    for i, ph in enumerate(phrases):
        if ph.kind == "person" and ph.case == "nom" and _NAMED_THING.match(sentence, ph.end):
            continue
        nxt = phrases[i + 1] if i + 1 < len(phrases) else None
        if ph.case == "gen" and ph.kind == "person" and nxt is not None and nxt.kind in ("person", "delegation"):
            between = sentence[ph.end:nxt.start]
            words = _WORDS.findall(between)
            if words and any(fold(w) in _SUBORDINATE for w in words) and len(words) <= 10 and not _CLAUSE_MARK.search(between) \
                    and not (nations and fold(words[0]) in nations):
                continue
        out.append(ph)
    return out


def _joined(sentence: str, a: Phrase, b: Phrase, title_words: set[str]) -> str | None:
    """How two neighbouring phrases are joined: 've', ',', 'ile' or None."""
    between = _APOSTROPHE_SUFFIX.sub("", sentence[a.end:b.start])      # "Türkiye'nin Moskova Büyükelçisi"
    words = [w for w in _LETTER_WORDS.findall(between) if not _PEER.match(w)]   # "ve İtalyan mevkidaşı Tajani"
    if len(words) > 2:                   # "ve" inside a title: "el-Şerif ve Maliye ve Ekonomik Planlama Bakanı İbrahim"
        words = words[:1] + [w for k, w in enumerate(words[1:-1], 1) if not (w == "ve" and words[k - 1][:1].isupper()
                                                                         and words[k + 1][:1].isupper())] + words[-1:]
    if a.via_ile and not a.extra.get("together"):
        rest = [w for w in words[1:] if w[:1].isupper() or fold(w) in title_words]
        return "ile" if words and fold(words[0]) == "ile" and len(rest) == len(words) - 1 else None
    lead = between.strip()
    if lead.startswith(",") and _ADVERBIAL.search(sentence, a.end, b.start):
        return None                        # "Erdoğan, Soçi Havaalanı'nda X, Y ve Z tarafından": not a list
    if lead.startswith(",") and a.case != "nom" and b.case != a.case:
        return None                        # "Paşinyan'ın, Trump ve Aliyev ile": a case of its own ends a list
    if lead.startswith(","):
        words_after = [w for w in words if not (w[:1].isupper() or fold(w) in title_words)]
        if words_after and a.case == "nom" and b.case != "nom" and all(fold(w) in _THEN for w in words_after) \
                and _FIRST.search(sentence, max(0, a.start - 60), a.start):
            return "ve"                    # "önce A, ardından B ile görüştü": one list, in B's case
        if [fold(w) for w in words_after] == ["ve"]:
            return "ve"                    # "A, ve B ile": a comma before the closing "ve"
        return "," if not words_after else None
    if words and fold(words[0]) == "hem" and _HEM_BEFORE.search(sentence[max(0, a.start - 8):a.start]):
        others = [w for w in words[1:] if not (w[:1].isupper() or fold(w) in title_words or fold(w) in ("de", "da"))]
        return "ve" if not others else None    # "hem A hem (de) B ile": both, in B's case
    if words and fold(words[0]) == "ve":
        others = [w for w in words[1:] if not (w[:1].isupper() or fold(w) in title_words
                                               or b.kind == "delegation" and fold(w) in _WITH_THEM)]
        return "ve" if not others else None     # "X ve beraberindeki askeri heyet": X and X's delegation
    if lead == "-" and a.case == "nom":
        return "-"                        # "Erdoğan-Putin görüşmesi"
    return None


_THEN = {"ardindan", "sonra", "daha"}
_WITH_THEM = {"beraberindeki", "beraberinde", "refakatindeki", "askeri", "resmi", "teknik"}
_HEM_BEFORE = re.compile(r"\bhem\s+$", re.IGNORECASE)
_PEER = re.compile(r"(?:mevkida|meslekta)[şs]")
_FIRST = re.compile(r"\bönce\s+(?:[A-ZÇĞİÖŞÜ]\S*\s+){0,5}$")
_ADVERBIAL = re.compile(r"'n?(?:da|de|ta|te|dan|den|tan|ten)\b")
_APOSTROPHE_SUFFIX = re.compile(r"'[^\W\d_]+")
_AND_MORE = re.compile(r"\s+ve\s+[a-zçğıöşü]")      # "A, B, C ve büyükelçilik personeli"
_PARTICIPLE_NEXT = re.compile(r"(?:\s+\S+){0,4}?\s+\S*(?:[dt][ıiuü]ğ|[ae]c[ae]ğ)[ıiuü]")
# A passive verb of saying ends the sentence: it has no speaker, the clause before it is its
# subject ("Fidan, Umerov ve Medinskiy'nin üçlü görüşme gerçekleştirdiği aktarıldı").
_SAID_PASSIVE = re.compile(r"(?:ıl|il|ul|ül|an|en|n)(?:d[ıiuü]|m[ıiuü]şt[ıiuü]r|[ae]n)[\s.!?'\"”»)]*$")
_MEETING_NOUN = re.compile(r"\s+(?:görüşme|toplantı|zirve|buluşma)")
_PUBLISHED = re.compile(r"(?:yayımla|yayınla|paylaşı|yapı|düzenle|gerçekleştiri)")
_SAYS = re.compile(r"\b(?:söyle|açıkla|bildir|belirt|dedi|kaydet|duyur|aktar|ifade\s+et|vurgula|yalanla|doğrula|teyit\s+et|yanıt\s+ver|cevap\s+ver|yorumla|değerlendir)\w*")


def _said_passive(sentence: str) -> bool:
    """The sentence ends in a passive verb of saying or publishing ("aktarıldı", "belirtildi",
    "açıklandı", "ortak açıklama yayımlandı")."""
    last = sentence.rstrip(" .!?'\"”»)").rsplit(None, 1)[-1:]
    word = lowered(last[0]) if last else ""
    return bool(_SAYS.match(word) or _PUBLISHED.match(word)) and bool(_SAID_PASSIVE.search(word))


def _OPENS(sentence: str, ph: Phrase) -> bool:
    """True when a phrase opens its sentence (only titles and names before it)."""
    return all(w[:1].isupper() for w in _LETTER_WORDS.findall(sentence[:ph.start]))


_AFTER_PARTICIPLE = re.compile(r"(?:konuşan|katılan|düzenleyen|yer\s+alan)\s+(?:\S+\s+){0,4}$")


def _links(phrases: list[Phrase], sentence: str, title_words: set[str]) -> list[str | None]:
    """Link kinds between neighbours; a comma counts only in a list a later 've' closes,
    and never after the subject of a participle ('… konuşan Çavuşoğlu, Erdoğan ve …')."""
    hows = [None if a.speaker or (a.mark != b.mark and "companion" in (a.mark, b.mark)) else _joined(sentence, a, b, title_words)
            for a, b in zip(phrases, phrases[1:])]
    for i, (a, how) in enumerate(zip(phrases, hows)):
        if how == "," and _AFTER_PARTICIPLE.search(lowered(sentence)[:a.start]):
            hows[i] = None
    for i, how in enumerate(hows):
        if how == ",":
            j = i + 1
            while j < len(hows) and hows[j] == ",":
                j += 1
            closed = j < len(hows) and hows[j] == "ve" or j == len(hows) and _AND_MORE.match(sentence, phrases[j].end) \
                or _closed_by_ile(phrases, hows, i, j, sentence)
            # "A, … B, C, D ile de görüştü": three or more names after the subject, no "ve", closed by "ile"
            if not closed:
                hows[i] = None             # "A, B ile görüştü": A is the subject, B the other side
            elif i == 0 and j < len(hows) and phrases[0].case == "nom" and (
                    phrases[j + 1].case == "com" and j + 2 == len(phrases)      # nothing after it (not "… ile görüşen D'nin")
                    or phrases[j + 1].mark == "also"):    # "A, B ve C'nin ardından D ile görüştü": A called all three
                hows[i] = None             # "A, B, C ve D ile görüştü": a list closed by a comitative is the
                                           # other side; the name opening the sentence is its subject
            elif i == 0 and j < len(hows) and phrases[0].case == "nom" and phrases[j + 1].case == "nom" \
                    and _MEETING_NOUN.match(lowered(sentence), phrases[j + 1].end):
                hows[i] = None             # "Peskov, Burns ve Narışkin görüşmesinin …": the list names the meeting
            elif i == 0 and j < len(hows) and phrases[0].case == "nom" and phrases[j + 1].case == "gen" and _OPENS(sentence, phrases[0]) \
                    and not _said_passive(sentence) and (_SAYS.search(lowered(sentence), phrases[j + 1].end)
                         or _PARTICIPLE_NEXT.match(lowered(sentence), phrases[j + 1].end)):
                hows[i] = None             # "Peskov, Putin ve Erdoğan'ın görüşeceğini söyledi / görüşeceği iddialarına …":
                                           # the genitive is a clause's subject, the opening name the sentence's
    for i, how in enumerate(hows):
        if how == "ile" and i > 0 and hows[i - 1] in ("ve", ","):
            hows[i] = None                 # "Aliyev ve Paşinyan ile Putin'in görüşmesi": two sides
    return hows


_TITLES_ONLY = re.compile(r"(?:\s*(?:ayrıca|da|de|ise|bugün|yarın|[A-ZÇĞİÖŞÜ][\w'’.-]*))*\s*")


def _closed_by_ile(phrases: list[Phrase], hows: list[str | None], i: int, j: int, sentence: str = "") -> bool:
    """Whether the comma chain through phrases[i:j+1] is a list closed by a comitative with no
    "ve": three names or more after the sentence's subject ("A, … B, C, D ile de görüştü")."""
    start = i
    while start > 0 and hows[start - 1] == ",":
        start -= 1
    return j - start >= 1 and start >= 1 and hows[start - 1] is None and (
        phrases[0].case == "nom" or phrases[0].case == "gen" and start == 1 and _TITLES_ONLY.fullmatch(
            sentence[phrases[0].end:phrases[1].start])) \
        and phrases[j].case == "com" and all(ph.case == "nom" for ph in phrases[start:j])   # "Erdoğan'ın ayrıca A, B ile de
    # bir araya gelmesi": a genitive subject right before the list, only titles between


def chain(phrases: list[Phrase], sentence: str, title_words: set[str]) -> list[Phrase]:
    """Merge coordinated phrases; the group takes the case and mark of its last member."""
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
        if len(group) == 1:
            out.append(group[0])
            continue
        last = group[-1]
        mark = last.mark or (group[0].mark if group[0].mark == "companion" else None)
        out.append(Phrase(group[0].start, last.end, "group", case=last.case, via_ile=last.via_ile,
                          speaker=last.speaker, extra={**last.extra, "members": group}, mark=mark))
    return out


def members(ph: Phrase) -> list[Phrase]:
    """The phrases a (possibly coordinated) phrase is made of."""
    return ph.extra.get("members", [ph]) if ph.kind == "group" else [ph]
