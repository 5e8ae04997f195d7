"""The rules backend: registry aliases plus stated rules for names outside the registry.

1. Registry aliases are matched longest first on folded tokens (İdlib = IDLIB = Idlib),
   with any case suffix after an apostrophe (Şoygu'ya) and, for names of two words or
   more, a suffix written without one (Yaşar Gülerin).
2. Runs of capitalised words the registry does not know become new entities when one
   of these rules holds, else they are left alone:
   - ORG: two words or more ending in an organisation head (… Bakanlığı, … Akademisi);
   - LOC: two words or more ending in a place head (… Körfezi, … Kongre Merkezi);
   - PER: after a person title (Bakanı, Sayın, Orgeneral …), or starting with a known
     first name, two words or more;
   - PER: two or three words whose last, of six letters or more, ends in a surname ending
     of the region (-ov/-ev/-ova, -yan, -enko, -ski, -şvili, -dze, -oğlu, -zade …);
   - LOC: one word with a place case suffix after an apostrophe (Tahran'da, Bakü'ye);
   - ORG: one all-capitals word of 2–6 letters outside an all-capitals headline.
   Runs after a credit word (Kamera, Muhabir …) are bylines, never actors, and a credit
   line ("Kaynak: AA / Utku Şimşek", "(Foto: …)") names no person at all; runs in a
   headline (all capitals, or every word capitalised and no full stop) make no entity.
   A common Turkish word starting a sentence is not a given name ("Görüşmeye Tigran
   Avinyan"); common words before "ve" and an office word are the field of a compound
   title ("Cumhurbaşkanı Dış Politika ve Güvenlik Başdanışmanı").
   A person's name never holds an office word or its plural (Bakanı, Bakanları,
   Yardımcıları), a nationality word (Rus, Ukraynalı, Türkler), the head of an organisation,
   place or venue (Konseyi, Kurulu, Saray), an event noun (Zirvesi, Konferansı) or a month;
   nationality words before a name are not part of it ("Ukraynalı Dmitro Kuleba").
   A person noun before a run makes it titled like a title does ("mevkidaşı Evarist Bartolo",
   "eşi Melania Trump"). Korean-style names keep their lower-case part ("Ban Ki-mun").
3. Spellings of registry persons (names.py): a run whose name key is the key of one
   person's alias is that person ("Armen Sarkissyan"); a word whose key is a one-word alias's
   key that one person owns is that person ("Peskof'un", "Kadyrov"), unless it is a common
   Turkish word. Given names written before a registry surname join it when they are the
   person's own given name in another spelling ("Dmitrii Peskov", "Fayez el-Serrac",
   "Ramazan Kadirov"); another given name after a title, a person noun or a known first name
   is a relative who shares the surname, a person of their own ("Ahmet Kadirov"). A particle
   before a surname belongs to it ("Başbakanı el Serac"). A registry person's one-word name
   after a title and before more name words is another person's given name ("Bakanı Esad
   Hasan eş-Şeybani").
4. A surname alone links to the person named in full earlier in the same article (also in
   another spelling, by its key); discovered persons of one key in an article are one entity;
   a discovered one-word name links to the one full name whose surname, else given name, it
   is ("oğlu Saddam'ın" after "Saddam Hafter").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from newsgraph.ingest.repair import load_vocabulary
from newsgraph.base.mention import Mention
from newsgraph.analysis.nlp.names import HYPHEN_PARTICLES, NAME_PARTICLES, NAME_TITLES, NOT_NAMES, PersonIndex, WordKinds, disharmonic_li, one_edit
from newsgraph.analysis.nlp.persons import PERSON_NOUNS, PersonRules
from newsgraph.analysis.nlp.tokens import BARE_SUFFIXES, BareSuffixStripper, Token, joins, key_of, token_range, tokenize
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import LATIN_LETTER, fold, slugify, tr_lower, tr_upper

PLACE_SUFFIXES = frozenset(fold(s) for s in (
    "'da", "'de", "'ta", "'te", "'dan", "'den", "'tan", "'ten", "'ya", "'ye", "'a", "'e",
    "'daki", "'deki", "'taki", "'teki", "'ya", "'ne", "'na", "'nda", "'nde"))
# Surname endings of the region's names (folded): Russian -ov/-ev/-ova/-eva, patronymic -oviç,
# Armenian -yan/-ian, Ukrainian -enko/-çuk, Slavic -ski/-sky/-skaya, Georgian -şvili/-dze,
# Turkish -oğlu, Persian/Azerbaijani -zade. A run of two or three capitalised words whose last
# word, of six letters or more, ends in one is a person's name ("Aslan Maşadov", "Cahar Dudayev").
SURNAME_ENDINGS = ("ov", "ev", "ova", "eva", "ovic", "evic", "yan", "ian", "enko", "cuk", "chuk", "ski", "sky",
                   "skiy", "skii", "skaya", "svili", "dze", "oglu", "zade")
HONORIFICS = frozenset({"bey", "hanim", "pasa", "efendi", "hazretleri"})
FUZZY_MIN = 6              # a last word this long may carry one typo ("Basra Körezi" for Körfezi)


# Possessive endings (with a genitive after them) of a noun compound's head, and how common its stem must be.
_POSSESSIVE_ENDS = ("sının", "sinin", "sunun", "sünün", "ının", "inin", "unun", "ünün", "sı", "si", "su", "sü", "ı", "i", "u", "ü")
COMPOUND_ZIPF = 4.5
_VOWELS = frozenset("aeıioöuü")
# After a name: its case ending and a verb of receiving or meeting ("'yi kabul etti", "'yı ağırladı", " ile görüştü").
_MET = re.compile(r"(?:['’](?:y?[ıiuü]|n[ıiuü])\s+(?:\S+\s+)?(?:kabul\s+et|kabulü|ağırla|karşıla)"
                  r"|(?:['’]y?l[ae]|\s+ile)\s+(?:\S+\s+)?(?:görüş|bir\s+araya\s+gel|telefonda\s+görüş))")
# "İsveç heyetine Oscar Stenström (başkanlık etti)": the full name that heads a delegation follows it
_DELEGATION_SLOT = frozenset({"heyetine", "heyetinde", "heyetinden", "delegasyonuna", "delegasyonunda", "delegasyonundan"})
_ABBREVIATED = frozenset({"dr", "prof", "doc", "sn", "av", "müh", "muh"})   # "Dr.", "Prof.", "Sn.", "Av." before a name
_SON_OF = frozenset({"ould", "veld", "bin", "ibn", "ben"})     # "son of" inside Arabic and Maghrebi names
VERY_COMMON_ZIPF = 5.0      # a two-letter stem ("ev", "yol", "su") is a compound's head only when this common
# Locative and ablative endings after an apostrophe: a word after a title that carries one is a place.
_PLACE_CASES = frozenset({"da", "de", "ta", "te", "nda", "nde", "dan", "den", "tan", "ten", "ndan", "nden"})


_ARABIC_ARTICLE = {"al": "el", "el": "al"}


def article_variants(key: tuple[str, ...]) -> set[tuple[str, ...]]:
    """Other spellings of an Arabic name's article inside it: al/el, with or without its hyphen
    ("Temim bin Hamed Al Sani" is also written "… el Sani", "… el-Sani")."""
    out = {key}
    for i in range(1, len(key)):
        if key[i] not in _ARABIC_ARTICLE:
            continue
        for k in list(out):
            swapped = k[:i] + (_ARABIC_ARTICLE[k[i]],) + k[i + 1:]
            out.add(swapped)
    for k in list(out):
        for i in range(1, len(k) - 1):
            if k[i] in _ARABIC_ARTICLE and k[i + 1] != "-":
                out.add(k[:i + 1] + ("-",) + k[i + 1:])
            elif k[i] in _ARABIC_ARTICLE and k[i + 1] == "-":
                out.add(k[:i + 1] + k[i + 2:])
    return out - {key}


class RulesNER(PersonRules):
    """Gazetteer matching and rule-based discovery, compiled once from a Registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.aliases: dict[tuple[str, ...], str] = {}
        self.alias_lower: set[tuple[str, ...]] = set()
        for entity in registry.entities.values():
            for alias in entity.aliases:
                key = key_of(alias)
                if key:
                    self.aliases.setdefault(key, entity.entity_id)
                    if alias[:1].islower():
                        self.alias_lower.add(key)
        for entity in registry.entities.values():     # after every written alias: those win
            if entity.label == "PER":
                for alias in entity.aliases:
                    for key in article_variants(key_of(alias)):
                        self.aliases.setdefault(key, entity.entity_id)
        self.first_keys = {k[0] for k in self.aliases}
        self.by_head: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for key in self.aliases:
            if len(key) > 1 and len(key[-1]) >= FUZZY_MIN:
                self.by_head.setdefault(key[:-1], []).append(key)
        self.last_keys = {k[-1] for k in self.aliases if len(k) > 1}
        # every proper head of a multi-word alias ("basra",), ("fayiz", "es", "-"): a match grows
        # one word at a time only while what it has is such a head
        self.heads = {k[:j] for k in self.aliases for j in range(1, len(k))}
        self.max_len = max((len(k) for k in self.aliases), default=1)
        lex = registry.lexicon
        self.titles = {fold(w) for t in lex.person_titles for w in t.replace(".", "").split()}
        self.first_names = {fold(n) for n in lex.first_names}
        self.org_heads = {key_of(h)[-1] for h in lex.org_heads if key_of(h)}
        self.place_heads = {key_of(h)[-1] for h in lex.place_heads if key_of(h)}
        self.credits = {fold(w) for w in lex.byline_roles}
        roles = sorted({r for w in lex.byline_roles for r in (w, tr_upper(w))}, key=len, reverse=True)
        # "Kaynak: AA / Utku Şimşek", "(Foto: Ali Kara/AA)": a credit line names no actor
        self.credit_line = re.compile(rf"(?:^|\()[ \t]*(?:{'|'.join(map(re.escape, roles))})[ \t]*:[^\n)]*", re.M) \
            if roles else None
        self.kinds = WordKinds(registry, self.titles, self.org_heads | self.place_heads)
        self.people = PersonIndex(registry)
        # the country a word before an office names ("Suriye Ekonomi Bakanı", "Rus Dışişleri Bakanı")
        self.nation_codes = {fold(w): c for w, c in dict(lex.demonyms).items() if " " not in w}
        self.nation_codes.update({fold(a): e.country for e in registry.entities.values()
                                  if e.label == "LOC" and e.kind == "country" and e.country
                                  for a in (e.name, *e.aliases) if " " not in a})
        self.vocabulary = load_vocabulary()
        self._variants: dict[str, str | None] = {}
        self._tkeys: dict[str, str] = {}
        # bare case suffixes cut against each set of stems, remembered per word
        self.strip_last = BareSuffixStripper(self.last_keys)
        self.strip_head = BareSuffixStripper(self.org_heads | self.place_heads)
        self.strip_org_head = BareSuffixStripper(self.org_heads)

    # -- registry ---------------------------------------------------------------------
    def _match_at(self, text: str, toks: list[Token], i: int) -> tuple[int, str, int] | None:
        """(number of tokens, entity_id, chars of bare suffix) of the longest alias at i."""
        first = toks[i]
        if first.key not in self.first_keys:
            return None
        span, head = 1, (first.key,)
        while span < self.max_len and toks[i + span - 1].joins_next and head in self.heads and i + span < len(toks):
            head += (toks[i + span].key,)
            span += 1
        aliases, capitalized = self.aliases, first.capitalized
        for n in range(span, 0, -1):
            key = head[:n]                        # the keys of toks[i:i + n]
            entity_id = aliases.get(key)
            if entity_id is not None and (capitalized or key in self.alias_lower):
                return n, entity_id, 0
            if n > 1 and capitalized and not toks[i + n - 1].suffix:
                stripped = self.strip_last(key[-1])
                if stripped and key[:-1] + (stripped[0],) in aliases:
                    return n, aliases[key[:-1] + (stripped[0],)], stripped[1]
            if n > 1 and capitalized and toks[i + n - 1].capitalized and len(key[-1]) >= FUZZY_MIN - 1 and not (
                    i + n < len(toks) and toks[i + n - 1].joins_next and toks[i + n].capitalized):   # not inside a
                # longer name: "Muhammed bin Hamad Al Sani" is no typo of "Muhammed el-Haddad"
                size = len(key[-1])
                near = [k for k in self.by_head.get(key[:-1], ())
                        if abs(len(k[-1]) - size) <= 1 and one_edit(key[-1], k[-1])]
                if len(near) == 1:                # one typo in a long last word: "Basra Körezi"
                    return n, self.aliases[near[0]], 0
        return None

    def registry_mentions(self, text: str, toks: list[Token]) -> tuple[list[Mention], set[int]]:
        """Registry matches, and the token indexes they consume."""
        out, used, after = [], set(), 0
        first_keys = self.first_keys
        for i in [i for i, t in enumerate(toks) if t.key in first_keys]:   # most words start no alias
            if i < after:
                continue
            hit = self._match_at(text, toks, i)
            if not hit:
                continue
            n, entity_id, bare = hit
            first, last = toks[i], toks[i + n - 1]
            end = last.end - bare
            suffix = text[end:last.end] if bare else last.suffix
            label = self.registry.entities[entity_id].label
            out.append(Mention(first.start, end, text[first.start:end], suffix, label, entity_id, "registry"))
            used.update(range(i, i + n))
            after = i + n
        return out, used

    # -- discovery --------------------------------------------------------------------
    def _runs(self, text: str, toks: list[Token], used: set[int], capitals: list[int]) -> list[tuple[int, int]]:
        """Maximal runs [i, j) of capitalised free tokens that can form one name; lower-case
        particles and hyphens inside a name ("Fayiz es-Serrac", "Halid el-Mişri") belong to it.
        `capitals`: the indexes of the capitalised tokens."""
        runs, after = [], 0
        for i in [i for i in capitals if i not in used]:   # where a run may start
            if i < after:
                continue
            j = i + 1
            while j < len(toks) and j not in used and joins(text, toks, j - 1):
                if toks[j].capitalized:
                    j += 1
                    continue
                k = j
                while k < len(toks) and k not in used and joins(text, toks, k) and (
                        toks[k].key in NAME_PARTICLES or (toks[k].key in HYPHEN_PARTICLES and k + 1 < len(toks) and toks[k + 1].is_hyphen)):
                    k += 1
                if k == j + 1 and k < len(toks) and toks[j].is_hyphen and k not in used and _syllable(toks, i, j, k):
                    j = k + 1                       # "Ban Ki-mun", "Kim Jong-un": a lower-case part ends the name
                    break
                if k == j or k >= len(toks) or k in used or not toks[k].capitalized:
                    break
                j = k + 1
            runs.append((i, j))
            after = j
        return runs

    def _classify(self, toks: list[Token], i: int, j: int, titled: bool, initial: bool) -> str | None:
        """PER / LOC / ORG by the stated rules, or None."""
        last = toks[j - 1]
        head = last.key if not last.suffix else last.key
        bare = self.strip_head(head)
        head = bare[0] if bare else head
        if j - i >= 2 and head in self.org_heads:
            return "ORG"
        if j - i >= 2 and head in self.place_heads:
            return "LOC"
        if titled or (j - i >= 2 and toks[i].key in self.first_names):
            return "PER" if self._may_be_name(toks, i, j) else None
        if 2 <= j - i <= 3 and len(last.key) >= 6 and last.key.endswith(SURNAME_ENDINGS) and not last.all_caps \
                and self._may_be_name(toks, i, j) and (not initial or self._rare(toks[i])):
            return "PER"
        if j - i == 1 and fold(last.suffix) in PLACE_SUFFIXES and not initial and not self.kinds.never_word(last.text, last.key) \
                and self._rare(last):
            return "LOC"                  # not "Zirve'de", "Bakanlık'ta", "Meclis'te": an event, an office or a body is no place name
        if j - i == 1 and 2 <= len(last.text) <= 6 and not initial and last.all_caps:
            return "ORG"
        return None

    def _title_goes_on(self, toks: list[Token], i: int, j: int) -> bool:
        """A run of common Turkish words followed by 've' and capitalised words up to an office
        word is the field of a title ("Cumhurbaşkanı Dış Politika ve Güvenlik Başdanışmanı",
        "Hazine ve Maliye Bakanı"), not a name ("Bakanı David Zalkaliani ve Hollanda Dışişleri
        Bakanı Stef Blok")."""
        if j + 1 >= len(toks) or toks[j].key != "ve" or toks[i].key in self.first_names or \
                any(self._rare(t) for t in toks[i:j]):
            return False
        for t in toks[j + 1:j + 6]:
            if not t.capitalized:
                return False
            if self.kinds.is_office(t.key):
                return True
        return False

    def _inside_name(self, toks: list[Token], i: int, j: int, m: int) -> bool:   # "Muhammed Ould Şeyh Ghazouani" too
        """'Şeyh' between a given name and another name word is part of the name, as in Arabic and
        Somali names written in Turkish ("Hasan Şeyh Mahmud", "Şerif Şeyh Ahmed"); before a name
        it is a title ("Şeyh Temim")."""
        return toks[m].key in NAME_TITLES and i < m < j - 1 and (
            toks[m - 1].key in self.first_names or toks[m - 1].key in _SON_OF and m - 2 >= i and toks[m - 2].key in self.first_names)

    def _may_be_name(self, toks: list[Token], i: int, j: int) -> bool:
        """No word of toks[i:j] rules out a person's name (office, nationality, head, event,
        month), and no word is an initial ("İ. G. Aliyev") or a short all-capitals abbreviation."""
        never = self.kinds.never_word
        return all(len(t.text) > 1 and (len(t.text) > 2 or not t.all_caps) and not never(t.text, t.key) and
                   t.key not in NOT_NAMES for m, t in enumerate(toks[i:j], i)
                   if not t.is_hyphen and not self._inside_name(toks, i, j, m)
                   and not (m > i and toks[m - 1].key in _SON_OF))   # "Bedir bin Sultan": a father's name

    def discovered_mentions(self, text: str, toks: list[Token], used: set[int], sentence_starts: list[int],
                            caps_sentences: set[int], capitals: list[int],
                            registry: list[Mention] | None = None) -> tuple[list[Mention], list[Mention]]:
        """Names outside the registry that a stated rule makes entities, registry persons in
        other spellings, and the registry mentions they swallow ("İdlib" in "İdlib Gerginliği
        Azaltma Bölgesi", "Peskov" in "Dmitrii Peskov"). `capitals`: the indexes of the
        capitalised tokens."""
        ends = {m.end: m for m in registry or ()}
        persons = {m.start: m for m in registry or () if m.label == "PER"}
        out, swallowed = [], []
        office = self.kinds.is_office
        for i, j in self._runs(text, toks, used, capitals):
            sent = bisect_right(sentence_starts, toks[i].start) - 1
            if sent in caps_sentences or (i > 0 and toks[i - 1].key in self.credits):
                continue
            if j - i == 1 and toks[i].key in NOT_NAMES:
                continue
            k = (i if office(toks[i].key) else None) if j - i == 1 else \
                max((m for m in range(i, j) if office(toks[m].key) and not self._inside_name(toks, i, j, m)
                     and not (m > i and toks[m - 1].key in _SON_OF)), default=None)
            before = ends.get(toks[i - 1].end) if i > 0 and (i - 1) in used and joins(text, toks, i - 1) else None
            father = ends.get(toks[i - 2].end) if k is None and i > 1 and toks[i - 1].key in _SON_OF and \
                (i - 2) in used and joins(text, toks, i - 2) and joins(text, toks, i - 1) else None
            if father is None and before is not None and k is None and toks[i].key in ("al", "el") and j - i >= 2:
                father = before             # "Muhammed Bin Zayed Al Nahyan": the family name goes on the name
            if father is not None and father.label == "PER":   # "Faysal bin Farhan bin Abdullah El Suud": the
                m = self._mention(text, toks, i, j, "PER")      # lineage goes on the registry person's name
                out.append(Mention(father.start, m.end, text[father.start:m.end], m.suffix, "PER", father.entity_id,
                                   father.method))
                swallowed.append(father)
                continue
            if before is not None and k is None:    # the run goes on from a registry name
                person = self._registry_as_given(text, toks, before, i, j) if before.label == "PER" else None
                if person is not None:
                    out.append(person)
                    swallowed.append(before)
                    continue
                grown = self._grow(text, toks, before, i, j)
                if grown:
                    out.append(grown)
                    swallowed.append(before)
                continue
            titled = k is not None or (i > 0 and i - 1 not in used and not toks[i - 1].suffix and (
                office(toks[i - 1].key) or toks[i - 1].key in PERSON_NOUNS or toks[i - 1].key in _DELEGATION_SLOT and j - i >= 2)   # not "Emiri'nin Körfez zirvesine"
                and not text[toks[i - 1].end + len(toks[i - 1].suffix):toks[i].start].strip())   # "Müsteşarı, Savunma,
            # Maliye … Bakanları", "liderler, Teşkilat bünyesinde": punctuation parts a title from the next word
            titled = titled or (i > 1 and j - i >= 2 and toks[i - 1].key == "ise" and toks[i - 2].key in _DELEGATION_SLOT)   # "heyetine ise X"
            titled = titled or (i > 0 and toks[i - 1].key in _ABBREVIATED
                                and text[toks[i - 1].end:toks[i].start].strip() == ".")   # "Bakanı Dr. Subaih …"
            if titled and j - i == 1 and toks[i].suffix[1:].lower() in _PLACE_CASES:
                titled = False              # "liderleri Granada'da bir araya geldi": people are seldom "in"
            start = i if k is None or self._is_org_run(toks, i, j) else k + 1
            while k is not None and start < j - 1 and toks[start].key in NAME_TITLES:
                start += 1                  # "Katar Bakanı Şeyh Faysal bin Sani Al Sani": a courtesy title after the office
            if start >= j:
                continue
            initial = start == i and (sent < 0 or toks[i].start == sentence_starts[sent] or
                                      text[sentence_starts[sent]:toks[i].start].strip(" \"'“(") == "")
            label = self._classify(toks, start, j, titled, initial)
            if label is None and start == i and self._listed_after_person(text, toks, i, j, ends, out):
                label = "PER"               # "… Ömer Çelik, Zafer Sırakaya": the next name of a list of people
            if label is None and self._met_by_name(text, toks, start, j):
                label = "PER"               # "Adil Abdulmehdi'yi kabul etmişti": whom one receives or meets
            if label not in ("ORG", "LOC") and j + 1 < len(toks) and toks[j].key == "ve" and \
                    self._title_goes_on(toks, start, j):
                continue                    # "Dış Politika ve Güvenlik Başdanışmanı": a field of a title
            if label not in ("ORG", "LOC"):
                first = start
                if initial and j - start >= 2 and toks[start].key not in self.first_names and self._common(toks[start]):
                    start += 1              # "Görüşmeye Tigran Avinyan": a sentence's first word, not a name
                named_from = start
                while start < j - 1 and self.kinds.is_nationality(toks[start].key) \
                        and not disharmonic_li(toks[start].text):
                    start += 1              # "Ukraynalı Dmitro Kuleba": the nationality is not the name
                national = start > named_from and j - start >= 2   # "Fransız Brice Roquefeuil": a person, as after a title
                surname = self.people.by_last_word(toks[start].key) if titled and j - start == 1 else None
                if surname is not None and self._other_country(toks, start, surname):
                    surname = None           # "Suriye Ekonomi Bakanı Şaar": not Israel's Saar
                if surname is not None:      # "Cumhurbaşkanı Reisi": a title and the surname of one person
                    out.append(replace(self._mention(text, toks, start, j, "PER"), entity_id=surname, method="registry"))
                    continue
                person = None if j - start == 1 and self._variants.get(toks[start].key, 0) is None and (
                    j >= len(toks) or (j not in used and toks[j].key not in NAME_PARTICLES)) else \
                    self._person(text, toks, start, j, titled, persons, used)   # most runs: one known word
                if person is not None:
                    out.append(person[0])
                    swallowed.extend(person[1])
                    continue
                if start != first:
                    label = self._classify(toks, start, j, titled and start == first or national, False)
            if label == "PER" and any(self._compound_noun(t) for m, t in enumerate(toks[start:j], start)
                                      if not (m > start and toks[m - 1].key in NAME_PARTICLES)):   # "bin Sani", "Al Sani"
                continue                    # "Güven Yılı", "Konuk Evi", "Türk Dünyasının …": a noun compound, no name
            if label == "PER" and j - start >= 2 and toks[j - 1].key in HONORIFICS:
                j -= 1                      # "Enver Bey", "Kemal Paşa": the honorific is not the name
            if label:
                out.append(self._mention(text, toks, start, j, label))
        return out, swallowed

    def _listed_after_person(self, text: str, toks: list[Token], i: int, j: int, ends: dict[int, Mention],
                             found: list[Mention]) -> bool:
        """toks[i:j], two or three name words, follow a person's name after a comma or "ve" in a
        list ("Ömer Çelik, Zafer Sırakaya"; "Hulusi Akar ve Zafer Sırakaya"): another person."""
        if i == 0 or toks[j - 1].suffix or not self._short_name_run(toks, i, j):
            return False
        k = i - 1 if toks[i - 1].key == "ve" else i
        if k == 0 or (k == i and text[toks[k - 1].end:toks[i].start].strip() != ","):
            return False
        if k == i and not (j < len(toks) and (toks[j].key == "ve" or text[toks[j - 1].end:toks[j].start].strip() == ",")):
            return False                    # after a comma the list goes on ("…, Zafer Sırakaya, …"), or it is "ve"'s last item
        end = toks[k - 1].end
        before = ends.get(end) or next((m for m in reversed(found) if m.end == end), None)
        return before is not None and before.label == "PER" and not toks[k - 1].suffix

    def _met_by_name(self, text: str, toks: list[Token], i: int, j: int) -> bool:
        """toks[i:j], two or three name words, are the object of a verb of receiving or meeting
        right after them ("X Y'yi kabul etti", "X Y ile görüştü"): a person."""
        return _MET.match(text, toks[j - 1].end) is not None and self._short_name_run(toks, i, j) \
            and toks[j - 1].key not in self.place_heads and toks[j - 1].key not in self.org_heads

    def _short_name_run(self, toks: list[Token], i: int, j: int) -> bool:
        """Two or three words that may be a name: no all-capitals word, no word that rules a name
        out, the last not a common Turkish word."""
        return 2 <= j - i <= 3 and not any(t.all_caps for t in toks[i:j]) and self._may_be_name(toks, i, j) \
            and not self._common(toks[j - 1])

    def _compound_noun(self, tok: Token) -> bool:
        """A very common Turkish noun with a possessive ending ("Yılı", "Evi", "Dünyasının"): the
        head of a noun compound, not a name (surnames of common words are bare: Akar, Kaya)."""
        if tok.key in self.first_names:
            return False                    # "Ali", "Veli": given names
        low = tr_lower(tok.text)
        for end in _POSSESSIVE_ENDS:
            stem = low[:-len(end)]
            if low.endswith(end) and (stem[-1:] in _VOWELS) != (end[0] == "s"):
                continue                    # "sı/su" only after a vowel, "ı/u" only after a consonant: "Aksu" is no "ak"+"su"
            if low.endswith(end) and (len(stem) >= 3 or len(stem) == 2 and self.vocabulary.frequency(stem) >= VERY_COMMON_ZIPF) \
                    and self.vocabulary.frequency(stem) >= COMPOUND_ZIPF \
                    and fold(stem) not in self.first_names:     # "Osmani" is a name of "Osman"; "Evi" of "Konuk Evi" is a noun
                return True
        return False

    def _grow(self, text: str, toks: list[Token], before: Mention, i: int, j: int) -> Mention | None:
        """A registry place or organisation followed by words ending in a head noun; so is a
        person's name that names a place or body ("Nursultan Nazarbayev Uluslararası Havalimanı")."""
        last = toks[j - 1].key
        bare = self.strip_head(last)
        head = bare[0] if bare else last
        label = "LOC" if head in self.place_heads else "ORG" if head in self.org_heads else None
        if label is None:
            return None
        m = self._mention(text, toks, i, j, label)
        surface = text[before.start:m.end]
        return Mention(before.start, m.end, surface, m.suffix, label, slugify(surface), "discovered")

    def _is_org_run(self, toks: list[Token], i: int, j: int) -> bool:
        """'Milli Savunma Bakanlığı': the whole run is an organisation name."""
        last = toks[j - 1].key
        return last in self.org_heads or bool(self.strip_org_head(last))

    def _mention(self, text: str, toks: list[Token], i: int, j: int, label: str) -> Mention:
        last = toks[j - 1]
        end, suffix = last.end, last.suffix
        bare = self.strip_head(last.key)
        if bare and not suffix:
            end, suffix = last.end - bare[1], text[last.end - bare[1]:last.end]
        surface = text[toks[i].start:end]
        return Mention(toks[i].start, end, surface, suffix, label, slugify(surface), "discovered")

    # -- surnames -----------------------------------------------------------------------
    @staticmethod
    def same_person(found: list[Mention]) -> list[Mention]:
        """'Yaşar Gülerin' after 'Yaşar Güler': one person, the suffix cut off."""
        names = {fold(m.surface): m for m in found if m.label == "PER" and m.method == "discovered"}
        if not names:
            return found
        out = []
        for m in found:
            if m.method != "discovered" or m.label != "PER":
                out.append(m)
                continue
            key = fold(m.surface)
            base = next((key[: -len(s)] for s in BARE_SUFFIXES
                         if key.endswith(s) and key[: -len(s)] in names and names[key[: -len(s)]].start < m.start), None)
            if base is None:
                out.append(m)
                continue
            cut = len(m.surface) - len(base)
            out.append(Mention(m.start, m.end - cut, m.surface[:-cut], m.surface[-cut:] + m.suffix, "PER",
                               names[base].entity_id, "coref"))
        return out

    def find(self, text: str, sentence_starts: list[int] | None = None, toks: list[Token] | None = None) -> list[Mention]:
        """All mentions in an article text, sorted by offset."""
        sentence_starts = sentence_starts or [0]
        toks = tokenize(text) if toks is None else toks
        caps = _caps_sentences(text, sentence_starts)
        capitals = [i for i, t in enumerate(toks) if t.capitalized]   # found once: discovery and the surname
        # rule read only these words, a fraction of the article's
        found, used = self.registry_mentions(text, toks)
        discovered, swallowed = self.discovered_mentions(text, toks, used, sentence_starts, caps, capitals, found)
        surnames = {fold(m.surface.split()[-1]) for m in found + discovered if m.label == "PER" and " " in m.surface}
        discovered = [m for m in discovered if m.label == "PER" or " " in m.surface or fold(m.surface) not in surnames]
        used |= {i for m in discovered for i in token_range(toks, m.start, m.end)}
        if swallowed:                     # rare; hashing every Mention to look it up is not free
            gone = set(swallowed)
            found = [m for m in found if m not in gone]
        found = found + discovered
        found = self.one_per_key(self.same_person(found))
        found += self.surname_mentions(text, toks, used, found, capitals)
        credits = [m.span() for m in self.credit_line.finditer(text)] if self.credit_line and ":" in text else []
        if credits:
            found = [m for m in found if m.label != "PER" or not any(a <= m.start < b for a, b in credits)]
        return sorted(found, key=lambda m: m.start)


_LOWER = re.compile(r"[a-zçğıöşüâîû]")
_UPPER = re.compile(r"[A-ZÇĞİÖŞÜÂÎÛ]")
_WORD3 = re.compile(rf"(?<![{LATIN_LETTER}'])[{LATIN_LETTER}]{{3,}}")   # words, not the suffix after an apostrophe
_LOWER_WORD = re.compile(rf"(?<![{LATIN_LETTER}'])[a-zçğıöşüâîû][{LATIN_LETTER}]{{2,}}")   # a lower-case word of 3+ letters


def _syllable(toks: list[Token], i: int, j: int, k: int) -> bool:
    """toks[k] is the lower-case part of a Korean-style given name after the hyphen toks[j]
    ("Ban Ki-mun", "Lee Jae-myung"): a run of two words or more, a short part (a syllable of up
    to six letters), no all-capitals word before."""
    return j - i >= 2 and not toks[k].capitalized and len(toks[k].text) <= 6 and not toks[j - 1].all_caps \
        and toks[j - 1].capitalized


def _caps_sentences(text: str, starts: list[int]) -> set[int]:
    """Indexes of sentences written all in capitals (headlines), or headlines in title case:
    no full stop at the end and every word of three letters or more capitalised, three such
    words at least ("Putin İle Erdoğan Soçi'de Buluştu")."""
    out = set()
    for idx, start in enumerate(starts):
        end = starts[idx + 1] if idx + 1 < len(starts) else len(text)
        chunk = text[start:end]
        if not _LOWER.search(chunk) and len(_UPPER.findall(chunk)) >= 8:
            out.add(idx)
        elif not chunk.rstrip().endswith((".", ".\"", ".”", ".'", ":", ";", ",")) and not _LOWER_WORD.search(chunk):
            if len(_WORD3.findall(chunk)) >= 3:
                out.add(idx)
    return out

