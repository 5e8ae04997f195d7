"""Registry persons in other spellings, relatives, and one entity per person in an article:
the person rules of the rules backend (a mixin of rules.RulesNER, which holds the registry's
PersonIndex and WordKinds as `people` and `kinds`, the word lists and the caches). The rules
are stated in rules.py's docstring, points 3 and 4.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from newsgraph.base.mention import Mention
from newsgraph.analysis.nlp.names import HYPHEN_PARTICLES, NAME_PARTICLES, NOT_NAMES, PARTICLES, key_of_name
from newsgraph.analysis.nlp.tokens import Token, token_range
from newsgraph.base.textnorm import fold, slugify, tr_lower, translit_key

# Lower-case nouns written right before a person's name that are not titles of an office:
# counterparts, relatives, professions ("Rus mevkidaşı Lavrov", "eşi Melania Trump").
PERSON_NOUNS = frozenset(fold(w) for w in (
    "mevkidaşı", "mevkidaşları", "meslektaşı", "muadili", "eşi", "oğlu", "kızı", "kardeşi", "ağabeyi", "annesi",
    "babası", "damadı", "yeğeni", "torunu", "uzman", "uzmanı", "gazeteci", "akademisyen", "analist", "yazar",
    "avukatı", "avukat", "tarihçi", "profesör", "doçent", "aktivist", "muhalif"))
COMMON_WORD_ZIPF = 3.5     # a word this frequent in Turkish is never taken for another spelling of a surname
# Case endings a common word carries at the start of a sentence ("Görüşmeye", "Toplantıda", "Açıklamayı").
_CASE_ENDINGS = ("ya", "ye", "yı", "yi", "yu", "yü", "da", "de", "ta", "te", "dan", "den", "tan", "ten", "nda", "nde",
                 "ndan", "nden", "ın", "in", "un", "ün", "nın", "nin", "a", "e", "ı", "i", "u", "ü")


@lru_cache(maxsize=1 << 14)
def _name_key(surface: str) -> tuple[str, ...]:
    """key_of_name, remembered per surface."""
    return key_of_name(surface)


_CLITICS = frozenset({"de", "da"})      # Turkish "too", written like the particle of "Charles de Gaulle"


def _shortened(keys, among) -> dict[tuple[str, ...], tuple[str, ...]]:
    """Name keys of two words or more that are the first words of exactly one longer name key
    `among` the article's persons, with that key: a name with a father's or family name after
    the given name is often written without its last part after the first mention ("Abiy
    Ahmed Ali" … "Abiy Ahmed", "Muhammed bin Zayed Al Nahyan" … "Muhammed bin Zayed"); and
    name keys that are, by their transliteration keys, the last words of exactly one other
    (longer, or as long and named before): the same person written without a first given name
    or in another spelling ("Muhammed İshak Dar" … "Ishaq Dar")."""
    out = {}
    order = {k: i for i, k in enumerate(dict.fromkeys(among))}
    spelled = {k: tuple(translit_key(w) for w in k) for k in order}
    # The keys each name begins with and the spelled keys it ends with, looked up instead of
    # comparing every key with every other (an article naming thousands of people is quadratic).
    starting: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    ending: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for k in order:
        for n in range(1, len(k) + 1):
            if n < len(k):
                starting.setdefault(k[:n], []).append(k)
            ending.setdefault(spelled[k][-n:], []).append(k)
    for key in keys:
        if len(key) < 2:
            continue
        longer = set(starting.get(key, ()))
        if len(longer) == 1:
            out[key] = next(iter(longer))
            continue
        if key[0] in ("bin", "ibn") or key not in spelled:
            continue                      # "bin Selman" alone is a father's name; "Al Nahyan" is the one Al Nahyan named
        n = len(key)
        same = [k for k in ending.get(spelled[key], ()) if k != key and (len(k) > n or order[k] < order[key])]
        if len(same) == 1:
            out[key] = same[0]
    return out


class PersonRules:
    """Person-name rules over tokens; mixed into RulesNER (see the module docstring)."""

    def _person(self, text: str, toks: list[Token], s: int, j: int, titled: bool, persons: dict[int, Mention],
                used: set[int]) -> tuple[Mention, list[Mention]] | None:
        """toks[s:j] as (part of) a registry person's name: given names before a registry
        surname, a full name in another spelling, or a surname in another spelling."""
        after = self._next_person(toks, j, used, persons)
        if after is not None and self._may_be_name(toks, s, j) and (len(_name_key(after.surface)) == 1 or j - s == 1 and (
                self.people.same_given(after.entity_id, translit_key(toks[s].key))
                or self.people.same_given(after.entity_id, toks[s].key))):   # "Murhef" + "Ebu Kasra": his given name
            return self._given_names(text, toks, s, after, titled, known=True, used=used)
        if j - s >= 2 and self._may_be_name(toks, s, j):
            keys = [self._word_key(t) for t in toks[s:j]]
            for n in range(j - s, 1, -1):   # "Armen Sarkissyan": the key of a registry alias
                key = tuple(k for k in keys[:n] if k)
                entity_id = self.people.by_name(key)
                if entity_id is not None and n < j - s and key not in self.people.full:
                    continue                  # a near name cut out of a longer one: "Muhammed bin Hamad (Al Sani)"
                if entity_id is not None and keys[n - 1]:
                    return replace(self._mention(text, toks, s, s + n, "PER"), entity_id=entity_id, method="registry"), []
        entity_id = self._variant(toks[j - 1])
        if entity_id is None or not self._may_be_name(toks, j - 1, j) or self._other_country(toks, s, entity_id):
            return None
        lead = s                            # "el Serac": a particle before the surname is the surname's
        while lead < j - 1 and not toks[lead].capitalized and (toks[lead].key in PARTICLES or toks[lead].is_hyphen):
            lead += 1
        surname = replace(self._mention(text, toks, s if lead == j - 1 else j - 1, j, "PER"),
                          entity_id=entity_id, method="registry")
        if lead < j - 1 and self._may_be_name(toks, s, j - 1):
            return self._given_names(text, toks, s, surname, titled, known=False)
        return surname, []

    def _other_country(self, toks: list[Token], s: int, entity_id: str) -> bool:
        """Whether the title before toks[s] names a country other than the registry person's:
        "Suriye Ekonomi ve Sanayi Bakanı Şaar" is not Israel's Saar written another way."""
        k, seen = s - 1, 0
        while k >= 0 and seen < 8:
            key = toks[k].key
            if key in self.nation_codes:
                mine = getattr(self.registry.entities.get(entity_id), "country", None)
                return mine is not None and self.nation_codes[key] != mine
            if toks[k].suffix or not (toks[k].capitalized or key == "ve" or self.kinds.is_office(key)):
                return False                 # "Putin'in Müşaviri Medinski": the title before is another's
            k, seen = k - 1, seen + 1
        return False

    def _word_key(self, tok: Token) -> str:
        """The transliteration key of a name word, "" for a particle or a hyphen."""
        return "" if tok.is_hyphen or tok.key in PARTICLES else translit_key(tok.key)

    def _registry_as_given(self, text: str, toks: list[Token], before: Mention, i: int, j: int) -> Mention | None:
        """A registry person's one-word name after a title and before more name words is the
        given name of another person ("Bakanı Esad Hasan eş-Şeybani"): the whole name is one
        person (a registry one when its key is one's)."""
        words = sum(t.capitalized for t in toks[i:j])
        if words < 2 and not (words and any(t.is_hyphen for t in toks[i:j])):
            return None
        b = token_range(toks, before.start, before.end).start
        if b == 0 or not (self.kinds.is_office(toks[b - 1].key) or toks[b - 1].key in PERSON_NOUNS) or \
                len(_name_key(before.surface)) != 1 or not self._may_be_name(toks, i, j):
            return None
        last = toks[j - 1]
        surface = text[before.start:last.end]
        entity_id = self.people.by_name(_name_key(surface))
        return Mention(before.start, last.end, surface, last.suffix, "PER", entity_id or slugify(surface),
                       "registry" if entity_id else "discovered")

    def _next_person(self, toks: list[Token], j: int, used: set[int], persons: dict[int, Mention]) -> Mention | None:
        """The registry person mention that toks[j:] starts, after particles and hyphens
        ("Selahaddin en-Nemruş": "en", "-", then "Nemruş")."""
        k = j
        while k < len(toks) and k not in used and (toks[k].key in NAME_PARTICLES and toks[k].key not in _CLITICS or (
                toks[k].key in HYPHEN_PARTICLES and k + 1 < len(toks) and toks[k + 1].is_hyphen)) and toks[k - 1].joins_next:
            k += 1                          # not the clitic "de": "Usame Cuveyli de Akar'ın" is two people
        if k < len(toks) and k in used and toks[k - 1].joins_next:
            return persons.get(toks[k].start)
        return None

    def _given_names(self, text: str, toks: list[Token], s: int, surname: Mention, titled: bool, known: bool,
                     used: set[int] | None = None) -> tuple[Mention, list[Mention]] | None:
        """Given names toks[s:…] before a registry person's surname: the person's own in
        another spelling (one mention of the person), or a relative's after a title, a person
        noun or a known first name (a person of their own), else the surname alone. `known`:
        the surname is a registry mention already (then it is swallowed)."""
        first = toks[s]
        surface, gone = text[first.start:surname.end], [surname] if known else []
        if self.people.same_given(surname.entity_id, translit_key(first.key)) or \
                self.people.same_given(surname.entity_id, first.key):      # "Murhef" (not the Slavic "-ef" of "Peskof")
            return Mention(first.start, surname.end, surface, surname.suffix, "PER", surname.entity_id, "registry"), gone
        if titled or first.key in self.first_names:
            end, suffix = surname.end, surname.suffix
            if known and not suffix and (rest := self._name_goes_on(toks, surname, used or set())) is not None:
                end, suffix = rest.end, rest.suffix   # "Ahmed Muallim Fiqi": a registry surname inside another's name
                surface = text[first.start:end]
            return Mention(first.start, end, surface, suffix, "PER", slugify(surface), "discovered"), gone
        return None if known else (surname, [])

    def _name_goes_on(self, toks: list[Token], surname: Mention, used: set[int]) -> Token | None:
        """The last of the capitalised name words written straight after a registry surname
        (no comma, no case ending on the surname), else None."""
        k = token_range(toks, surname.start, surname.end).stop
        last = None
        while k < len(toks) and k not in used and toks[k - 1].joins_next and toks[k].capitalized \
                and self._may_be_name(toks, k, k + 1) and self._rare(toks[k]):
            last = toks[k]
            if last.suffix:
                break
            k += 1
        return last

    def _rare(self, tok: Token) -> bool:
        """Not a common Turkish word (a sentence may start with one: "Dün Bortnikov …")."""
        return self.vocabulary.frequency(tr_lower(tok.text)) < COMMON_WORD_ZIPF

    def _common(self, tok: Token) -> bool:
        """A common Turkish word, also with a case ending written on ("Görüşmeye", "Toplantıda")."""
        if not self._rare(tok):
            return True
        low = tr_lower(tok.text)
        return any(low.endswith(e) and self.vocabulary.frequency(low[:-len(e)]) >= COMMON_WORD_ZIPF
                   for e in _CASE_ENDINGS)

    def _variant(self, tok: Token) -> str | None:
        """The registry person whose one-word alias has this word's key, when the word is a
        capitalised name and not a common Turkish word ("Peskof", "Kadyrov")."""
        if not tok.capitalized:
            return None
        try:
            return self._variants[tok.key]
        except KeyError:
            entity_id = None
            if len(tok.key) >= 4 and tok.key not in NOT_NAMES:
                entity_id = self.people.by_surname(translit_key(tok.key))
                if entity_id is not None and self.vocabulary.frequency(tr_lower(tok.text)) >= COMMON_WORD_ZIPF:
                    entity_id = None
            if len(self._variants) > 100_000:
                self._variants.clear()
            self._variants[tok.key] = entity_id
            return entity_id

    @staticmethod
    def one_per_key(found: list[Mention]) -> list[Mention]:
        """Discovered persons of one name key in an article are one entity, named by the
        first full name ("Dmytro Kuleba" … "Dmitro Kuleba"); a discovered one-word name takes
        the id of the one full name (registry or discovered) whose surname it is ("Bakan
        Kuleba" … "Dmitro Kuleba"), else whose given name it is ("oğlu Saddam'ın" after
        "Saddam Hafter")."""
        found_keys = [_name_key(m.surface) for m in found if m.method == "discovered" and m.label == "PER"]
        if not found_keys:
            return found
        people = [m for m in found if m.label == "PER" and m.entity_id]
        keys = {id(m): _name_key(m.surface) for m in people}
        first: dict[tuple[str, ...], str] = {}
        for m in people:
            if len(keys[id(m)]) >= 2:
                first.setdefault(keys[id(m)], m.entity_id)
        shortened = _shortened(list(first), first)
        if all(len(k) >= 2 for k in found_keys) and len(set(found_keys)) == len(found_keys) and \
                not any(k in shortened for k in found_keys):
            return found                    # no one-word name, no key twice, none cut short: nothing to join
        for key, longer in shortened.items():
            first[key] = first[longer]      # "Abiy Ahmed" … "Abiy Ahmed Ali": one person
        by_last: dict[str, set[str]] = {}
        by_given: dict[str, set[str]] = {}
        for key, entity_id in first.items():
            by_last.setdefault(key[-1], set()).add(entity_id)
            by_given.setdefault(key[0], set()).add(entity_id)
        out = []
        for m in found:
            key = keys.get(id(m)) if m.method == "discovered" else None
            if key is None:
                out.append(m)
            elif len(key) >= 2 and first[key] != m.entity_id:
                out.append(replace(m, entity_id=first[key]))
            elif len(key) == 1 and len(by_last.get(key[0], by_given.get(key[0], ()))) == 1:
                out.append(replace(m, entity_id=next(iter(by_last.get(key[0], by_given.get(key[0])))), method="coref"))
            else:
                out.append(m)
        return out

    def surname_mentions(self, text: str, toks: list[Token], used: set[int], found: list[Mention],
                         capitals: list[int]) -> list[Mention]:
        """A capitalised word equal to the surname of a person named in full before it (or named
        by title and surname: "Tacikistan Cumhurbaşkanı Rahman" … "Rahman"), also in another
        spelling (the same transliteration key: "Kuleba" … "Kulyeba"). `capitals`: the indexes of
        the capitalised tokens."""
        surnames: dict[str, tuple[int, str]] = {}
        for m in found:
            words = m.surface.split()
            if m.label == "PER" and m.entity_id and (len(words) >= 2 or m.method == "registry"):   # "Cumhurbaşkanı Rahman"
                for last in {words[-1], words[-1].split("-")[-1]}:   # "es-Serrac" → also "Serrac"
                    surnames.setdefault(fold(last), (m.start, m.entity_id))
        if not surnames:
            return []
        by_key = {}                         # other spellings of discovered persons' surnames
        for m in found:
            if m.method == "discovered" and m.label == "PER" and " " in m.surface:
                last = fold(m.surface.split()[-1].split("-")[-1])
                by_key.setdefault(translit_key(last), surnames[last])
        if not by_key:
            return self._surnames_as_written(toks, used, surnames, capitals)
        tkeys = self._tkeys                 # translit keys of capitalised words, remembered across articles
        if len(tkeys) > 200_000:
            tkeys.clear()
        words = {toks[i].key for i in capitals}
        for key in words - tkeys.keys():
            tkeys[key] = translit_key(key) if len(key) >= 4 else ""
        spelled = {k: by_key[tkeys[k]] for k in words if tkeys[k] in by_key and k not in surnames}
        surnames.update(spelled)            # "Kulyeba" after "Dmitro Kuleba": one key
        return self._surnames_as_written(toks, used, surnames, capitals)

    @staticmethod
    def _surnames_as_written(toks: list[Token], used: set[int], surnames: dict[str, tuple[int, str]],
                             capitals: list[int]) -> list[Mention]:
        out = []
        for idx in [i for i in capitals if toks[i].key in surnames]:    # a surname is written capitalised
            tok = toks[idx]
            hit = surnames[tok.key]
            if idx not in used and tok.start > hit[0]:
                out.append(Mention(tok.start, tok.end, tok.text, tok.suffix, "PER", hit[1], "coref"))
        return out
