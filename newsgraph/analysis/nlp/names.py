"""Person names: keys that make spellings of one name meet, and the kinds of words a name
never contains. Used by the rules backend (rules.py) and the entities table.

- A name's key is the transliteration key (textnorm.translit_key) of each of its words, with
  particles (el-, es-, bin, de, von …) and hyphens left out: "Fayez al-Sarraj" and "Fayez
  Sarraj", "Dmitry Peskov" and "Dmitriy Peskov" have one key. Relatives who share a surname
  keep apart: the key is of the full name.
- `PersonIndex` holds the keys of the registry's persons: a full name whose key is the key of
  exactly one person's alias is that person; a surname alone only when one person owns it as
  a one-word alias; a given name is "the same" as a person's when its key equals the key of a
  given name of that person's aliases, differs from it only by a vowel Turkish puts into a
  final pair of consonants (Bedr/Bedir, Nasr/Nasır), or differs in one letter in names of five
  letters or more (Ramazan/Ramzan, Sergej/Sergei, Dimitri/Dmitri; Halid is not Halife).
- `WordKinds` says which words are never part of a person's name: titles and office words
  with their plurals ("Bakanları", "Yardımcıları"), nationality words ("Rus", "Ukraynalı",
  "Türkler"), the heads of organisation, place and venue names, event nouns ("Zirvesi",
  "Konferansı", "Toplantısı").
"""
from __future__ import annotations

from collections.abc import Iterable

from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold, tr_lower, translit_key

# Lower-case words inside a name that the key leaves out: Arabic articles (es-Serrac, eş-Şara,
# en-Nemruş), "son of" (bin Selman), European particles (de, van, von der).
PARTICLES = frozenset({"el", "al", "es", "en", "ed", "er", "et", "ez", "as", "ad", "ar", "an", "at", "az", "ul",
                       "bin", "ibn", "bint", "ben", "de", "da", "di", "du", "del", "della", "dos", "van", "von",
                       "der", "den", "ter", "le", "la"})
# Lower-case words and hyphens that join a name's capitalised words in a text ("Fayiz es-Serrac").
NAME_PARTICLES = frozenset({"es", "el", "al", "bin", "ibn", "de", "van", "von", "der", "ed", "er", "et", "-"})
# Titles that are also part of names, between a given name and another name word ("Hasan Şeyh Mahmud").
NAME_TITLES = frozenset({"seyh"})
# Arabic articles that belong to a name only with their hyphen ("en-Nemruş", "ez-Zeydi").
HYPHEN_PARTICLES = frozenset({"ez", "en", "as", "ad", "ar", "an", "at", "az", "ul", "bint", "ben"})
# Capitalised words that are never names on their own (months, weekdays) nor part of one
# (postpositions, capitalised in the titles of documents: "Devletlerarası İlişkilere İlişkin Anlaşma";
# decorations).
NOT_NAMES = frozenset(fold(w) for w in (
    "Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık",
    "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi", "Pazar",
    "İlişkin", "İlişkili", "Dair", "Yönelik", "Hakkında", "Karşı", "Üzerine", "Göre", "Arasında", "Arası",
    # decorations ("Birinci Derece Devlet Dostluk Nişanı")
    "Nişan", "Nişanı", "Nişanını", "Madalya", "Madalyası", "Madalyasını", "Ödül", "Ödülü", "Ödülünü"))
# Stems of event nouns besides events.yaml's generic terms: a name that ends in one is an event
# ("NATO Dışişleri Bakanları Toplantısı", "Astana Süreci"), never a person.
EVENT_STEMS = ("toplanti", "gorusme", "oturum", "kongre", "kurultay", "toren", "surec", "format", "platform",
               "diyalog", "cenaze", "ziyaret", "resepsiyon", "bulusma")
# Possessive endings of a title word ("Bakanı", "Sözcüsü", "Yardımcısı"), folded.
_POSSESSIVE = ("si", "su", "i", "u")
_OFFICE_BODY = ("lik", "luk")     # folded: "Bakanlık", "Valilik", "Başkonsolosluk"
_PLURAL = ("lar", "ler")
# Nationality endings after a place name: Ukraynalı, Moskovalı, Kürt(lü) (folded ı/ü → i/u).
_NATIONALITY = ("li", "lu")
ONE_EDIT_MIN = 5           # given names this long may differ in one letter and still be one name
TWO_EDITS_MIN = 7          # … and this long in two


def name_key(words: Iterable[str]) -> tuple[str, ...]:
    """The key of a name given as its words or tokens' texts ("Fayez", "al", "-", "Sarraj")."""
    return tuple(translit_key(w) for w in words if w != "-" and fold(w) not in PARTICLES and w.strip("-"))


def key_of_name(name: str) -> tuple[str, ...]:
    """The key of a name written as one string ("Fayez al-Sarraj" → ("faiez", "sarac"))."""
    return name_key(name.replace("-", " ").split())


def one_edit(a: str, b: str) -> bool:
    """True when a and b differ by exactly one inserted, deleted or replaced letter."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    short, long_ = sorted((a, b), key=len)
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    if len(short) == len(long_):
        return short[i + 1:] == long_[i + 1:]
    return short[i:] == long_[i + 1:]


def swapped(a: str, b: str) -> bool:
    """True when b is a with two neighbouring letters swapped (a typo: "Micheal" for "Michael")."""
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def epenthetic(a: str, b: str) -> bool:
    """True when one key is the other with a high vowel put into its final pair of consonants,
    as Turkish writes Arabic names: Bedr/Bedir, Nasr/Nasır, Fahr/Fahir, Bakr/Bekir is not (two letters)."""
    short, long_ = sorted((a, b), key=len)
    return (len(long_) == len(short) + 1 >= 4 and long_[-2] in "iu" and long_[:-2] + long_[-1] == short
            and short[-2] not in "aeiou" and short[-1] not in "aeiou")


def revoweled(a: str, b: str) -> bool:
    """True when two keys of five letters or more differ in their vowels only, the same
    consonants in the same places: an Arabic or Persian name voweled two ways (Sameh/Semih,
    Hamad/Hamed, Nasir/Nasır); Halid and Halife, Hasan and Hüseyin stay two names."""
    if a == b or len(a) != len(b) or len(a) < ONE_EDIT_MIN or a[0] != b[0]:
        return False
    return all(x == y or x in "aeiou" and y in "aeiou" for x, y in zip(a, b))


def _subsequence(short: tuple[str, ...], long_: tuple[str, ...]) -> bool:
    """True when `short` is `long_` with some of its words left out, in order."""
    words = iter(long_)
    return len(short) < len(long_) and all(w in words for w in short)


def within_two(a: str, b: str) -> bool:
    """True when a and b are at most two inserted, deleted or replaced letters apart."""
    if abs(len(a) - len(b)) > 2:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
        if min(row) > 2:
            return False
    return row[-1] <= 2


class PersonIndex:
    """The registry's persons by name key, surname key and given-name keys."""

    def __init__(self, registry: Registry) -> None:
        full: dict[tuple[str, ...], set[str]] = {}
        surname: dict[str, set[str]] = {}
        self.given: dict[str, set[str]] = {}
        for e in registry.entities.values():
            if e.label != "PER":
                continue
            for alias in e.aliases:
                key = key_of_name(alias.replace(".", " "))
                if len(key) >= 2:
                    full.setdefault(key, set()).add(e.entity_id)
                    self.given.setdefault(e.entity_id, set()).update(key[:-1])   # every given name: "Hasan Şeybani"
                elif len(key) == 1 and " " not in alias.strip():
                    surname.setdefault(key[0], set()).add(e.entity_id)
        self.full = {k: next(iter(v)) for k, v in full.items() if len(v) == 1}
        last: dict[str, set[str]] = {}
        for key, ids in full.items():
            last.setdefault(key[-1], set()).update(ids)
        self.last = {k: next(iter(v)) for k, v in last.items() if len(v) == 1 and len(k) >= 3}
        self.surname = {k: next(iter(v)) for k, v in surname.items() if len(v) == 1}
        self.by_given: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        self.by_surname_full: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, entity_id in self.full.items():
            self.by_given.setdefault(key[:-1], []).append((key[-1], entity_id))
            self.by_surname_full.setdefault(key[-1], []).append((key, entity_id))

    def by_name(self, key: tuple[str, ...]) -> str | None:
        """The one person whose alias has this full-name key, else None; the given names
        equal, a surname of five letters or more may differ in one letter ("Halid Meşri"); the
        surname equal, one given name of five letters or more may, or have two letters swapped
        ("Abdelfettah el Burhan", "Micheal Waltz"); a
        name of three words or more that keeps the first and last of a longer alias and leaves
        out middle names may (Arabic names drop the father's: "Muhammed Ali el-Haddad")."""
        if len(key) < 2:
            return None
        found = self.full.get(key)
        if found is None and len(key[-1]) >= ONE_EDIT_MIN:
            near = {e for last, e in self.by_given.get(key[:-1], ()) if one_edit(key[-1], last)}
            found = near.pop() if len(near) == 1 else None
        if found is None:                   # "Abdelfettah el Burhan": one given name one letter apart
            near = {e for k, e in self.by_surname_full.get(key[-1], ()) if len(k) == len(key) and sum(
                a != b for a, b in zip(k[:-1], key[:-1])) == 1 and all(
                a == b or len(a) >= ONE_EDIT_MIN and (one_edit(a, b) or swapped(a, b)) for a, b in zip(k[:-1], key[:-1]))}
            found = near.pop() if len(near) == 1 else None
        if found is None and len(key) >= 3:   # "Muhammed Ali el-Haddad" of "Muhammed Ali Ahmed el-Haddad"
            near = {e for k, e in self.by_surname_full.get(key[-1], ()) if k[0] == key[0] and _subsequence(key, k)}
            found = near.pop() if len(near) == 1 else None
        return found

    def by_last_word(self, key: str) -> str | None:
        """The one person whose full name ends in this word ("Reisi" of İbrahim Reisi), else None:
        after a title ("Cumhurbaşkanı Reisi") a surname alone names them. The word is keyed as
        the names are ("Sanchez" → "sancez"), so a spelling the key folds away still matches."""
        return self.last.get(translit_key(key))

    def by_surname(self, key: str) -> str | None:
        """The one person owning this surname key as a one-word alias, else None."""
        return self.surname.get(key)

    def same_given(self, entity_id: str, word_key: str) -> bool:
        """Whether a given name's key is one of the person's given names: equal, one letter
        apart in names of five letters or more, two in names of seven or more (Veçeslav and
        Vyaçeslav; Halid and Halife stay two names)."""
        names = self.given.get(entity_id, ())
        if word_key in names or any(epenthetic(word_key, n) for n in names):
            return True
        if len(word_key) < ONE_EDIT_MIN:
            return False
        return any(len(n) >= ONE_EDIT_MIN and (one_edit(word_key, n) or swapped(word_key, n) or revoweled(word_key, n)) or
                   min(len(n), len(word_key)) >= TWO_EDITS_MIN and within_two(word_key, n) for n in names)


_BACK_VOWELS, _FRONT_VOWELS = frozenset("aıou"), frozenset("eiöü")


def disharmonic_li(word: str) -> bool:
    """True for a word ending in li/lı/lu/lü (plural too) whose suffix vowel breaks vowel harmony
    with the stem's last vowel: "Irakli", "Gürcistanli" are not Turkish "place + lı" words
    ("Iraklı", "Gürcistanlı"); "Moskovalı", "Halepli" keep harmony."""
    low = tr_lower(word)
    if low.endswith(("lar", "ler")) and len(low) > 5:
        low = low[:-3]
    if len(low) < 4 or low[-2] != "l" or low[-1] not in "ıiuü":
        return False
    stem_vowels = [c for c in low[:-2] if c in _BACK_VOWELS or c in _FRONT_VOWELS]
    return bool(stem_vowels) and (stem_vowels[-1] in _BACK_VOWELS) != (low[-1] in "ıu")


class WordKinds:
    """Predicates over folded words (token keys), remembered per word."""

    def __init__(self, registry: Registry, titles: set[str], heads: set[str]) -> None:
        self.titles = titles
        self.title_stems = {_stem(t) for t in titles if len(t) >= 4} - {""}
        self.heads = heads
        self.event_stems = tuple(sorted({fold(term) for term, _ in registry.generic_events} | set(EVENT_STEMS)))
        lex = registry.lexicon
        self.demonyms = {fold(d) for d in lex.demonyms if "'" not in d}
        # countries and regions only: "Konyalı", "Sivaslı" are Turkish surnames too
        self.places = {fold(a) for e in registry.entities.values() if e.label == "LOC" and e.kind in ("country", "region")
                       for a in e.aliases if " " not in a and "-" not in a}
        # the predicates are dict look-ups (computed once per word): they run on every word of a run
        self.is_office = _Memo(self._office).__getitem__
        self.never_in_name = _Memo(self._never).__getitem__

    def _office(self, key: str) -> bool:
        """A title or office word, its plural, or either with a case ending: Bakanı, Sözcüsü, Bakanları,
        Yardımcıları, Liderler, Bakanımızın."""
        return key in self.titles or any(
            key.startswith(stem) and key[len(stem):len(stem) + 3] in _PLURAL for stem in self._stems_of(key)) or any(
            key[:-len(end)] in self.titles for end in _CASE_ENDINGS if key.endswith(end) and len(key) - len(end) >= 5)

    def _stems_of(self, key: str) -> list[str]:
        return [key[:n] for n in range(4, len(key) - 2) if key[:n] in self.title_stems]

    def is_nationality(self, key: str) -> bool:
        """Rus, Türk, Ukraynalı, Moskovalı, Ruslar, Ukraynalılar (demonyms, place + lı, plurals)."""
        base = key[:-3] if key.endswith(_PLURAL) and len(key) > 5 else key
        return base in self.demonyms or (base.endswith(_NATIONALITY) and base[:-2] in self.places)

    def is_event(self, key: str) -> bool:
        """Zirvesi, Konferansı, Toplantısı, Görüşmeleri, Süreci (an event noun)."""
        return key.startswith(self.event_stems)

    def never_word(self, text: str, key: str) -> bool:
        """never_in_name for a word as written: a word that would be a place + "lı" only once
        folded is a name ("Irakli Chikovani": "Iraklı" would be written with ı, by vowel harmony)."""
        if not self.never_in_name(key):
            return False
        if self.is_office(key) or key in self.heads or self.is_event(key):
            return True
        return not disharmonic_li(text)

    def _never(self, key: str) -> bool:
        """A word that no person's name contains (office, nationality, head or event word, or an
        office as a body: "Bakanlık'ta", "Valiliği"; not a title, no name follows it as one)."""
        return self.is_office(key) or self.is_nationality(key) or key in self.heads or self.is_event(key) or any(
            key.startswith(stem) and key[len(stem):len(stem) + 3] in _OFFICE_BODY for stem in self._stems_of(key))


class _Memo(dict):
    """A function's results per argument, computed on the first look-up (bounded)."""

    def __init__(self, compute) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> bool:
        if len(self) > 100_000:
            self.clear()
        value = self[key] = self.compute(key)
        return value


_CASE_ENDINGS = ("nin", "nun", "in", "un", "ya", "ye", "na", "ne", "yla", "yle", "la", "le", "nda", "nde", "da", "de",
                 "ndan", "nden", "dan", "den", "yi", "yu", "ni", "nu")


def _stem(title: str) -> str:
    """'bakani' → 'bakan', 'yardimcisi' → 'yardimci', 'sozcusu' → 'sozcu', 'lider' → 'lider'."""
    for ending in _POSSESSIVE:
        if title.endswith(ending) and len(title) - len(ending) >= 4:
            return title[:-len(ending)]
    return title
