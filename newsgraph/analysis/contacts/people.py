"""People a sentence names without their name: roles, counterparts, and the country and
office the text gives a person.

- A **role** ("Dışişleri Bakanı", "Rusya Devlet Başkanı", "UMH başkanıyla") not followed by
  a name stands for the one registry person who held it at the article's date, in the
  country a country name or demonym before it says ("Rus Dışişleri Bakanı"); with none said,
  a Turkish paper means its own country's office when there is one.
- A **counterpart** ("Rus mevkidaşı ile", "mevkidaşını") is the person holding the subject's
  office in the country said, or else the one person named in the article with that office.
- A person's **country** is the registry's, else the one their title gives ("Ukrayna Dışişleri
  Bakanı Dmitro Kuleba", "Suriyeli mevkidaşı X"); an **office** is a role without its country.
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from newsgraph.analysis.contacts.phrases import Phrase, case_of, lowered, with_following_ile
from newsgraph.base.registry import Registry, Role
from newsgraph.base.textnorm import fold, trie_alternation

# Offices written in different words for the same post (folded).
_SAME_OFFICE = {"cumhurbaskani": "devlet baskani", "milli savunma bakani": "savunma bakani",
                "basbakani": "basbakan", "mit baskani": "istihbarat baskani",
                "milli istihbarat teskilati baskani": "istihbarat baskani",
                "milli istihbarat baskani": "istihbarat baskani", "cumhurbaskanimiz": "devlet baskani"}
_LETTERS = re.compile(r"[a-z]+")
_WORDS = re.compile(r"[^\W\d_]+")
# Words after an office that make it another person's: its deputy, acting holder, envoy, adviser or
# spokesperson ("Başbakan Yardımcısı", "Konsey Başkanı özel temsilcisi"; folded text).
_DEPUTY = re.compile(r"\s+(?:ozel\s+|bas)?(?:yardimci|vekil|muavin|temsilci|danisman|sozcu|elci|mustesar)")
# Words before a name that are not its office: ranks and courtesy; words that end an office.
_COURTESY = {"sayin", "sn", "dr", "prof", "doc", "orgeneral", "korgeneral", "tumgeneral", "tuggeneral", "oramiral",
             "koramiral", "tumamiral", "tugamiral", "general", "albay", "maresal", "buyukelci",
             "polkovnik", "podpolkovnik", "leytenant", "general-polkovnik", "general-leytenant", "general-mayor"}
_STOP = {"ve", "ile", "da", "de", "olan", "yeni", "bu", "o", "su", "ise", "the"}
TITLE_WORDS = 7        # words a title may have before its head ("Çin Komünist Partisi Merkez Komitesi Birinci Sekreteri")


def office_of(role: str) -> str:
    """A role's office, folded, without country words: 'Rusya Dışişleri Bakanı' → 'disisleri bakani'."""
    key = fold(role).strip()
    for prefix in ("turkiye ", "rusya ", "abd ", "ukrayna "):
        if key.startswith(prefix):
            key = key[len(prefix):]
    return _SAME_OFFICE.get(key, key)


_PEOPLE_WORDS = {"yetkili", "mevkidas", "meslektas", "kendisi", "konug", "iki", "lider", "bakan", "baskan", "taraf"}
_SEATS = {"kremlin": "RU", "beyaz saray": "US"}
_HEAD_OFFICES = ("devlet baskani", "baskani")         # "ABD Başkanı" is the US head of state
_GOVERNMENT_OFFICES = ("basbakan", "sansolye", "sansolyesi")
_LEADER_TITLES = {"devlet baskani", "baskani", "basbakan", "sansolye", "sansolyesi", "krali", "emiri"}
_LEADERS = "lider"                                     # not an office: the head of state of each country named


@lru_cache(maxsize=64)
def folded(sentence: str) -> str:
    """A sentence folded (textnorm.fold), remembered: several finders read it."""
    return fold(sentence)


# "Bakan" with no office before it, maybe with a case ("Yunan Bakan", "İranlı bakana"), folded.
_BARE_MINISTER = re.compile(r"(?<![a-z])bakan(?:i)?(?![a-z])('?[a-z]*)")


def _plural(role: str) -> str | None:
    """The plural of a folded role that ends in its possessive: 'devlet baskani' → 'devlet baskanlari'."""
    if len(role) < 4 or role[-1] != "i" or role[-2] in "aeiou":
        return None
    stem = role[:-1]
    back = next((c for c in reversed(stem) if c in "aeiou"), "a") in "aou"
    return stem + ("lari" if back else "leri")


def valid(role: Role, when: str | None) -> bool:
    """Whether a role was held at `when` (ISO, any precision); unknown dates pass."""
    if not when:
        return True
    return (role.start is None or role.start[:len(when)] <= when) and (role.end is None or when[:len(role.end)] <= role.end)


# "Bakanımız" in Turkish official copy (not "Başbakanımız").
_OUR_MINISTER = re.compile(r"(?<![a-zçğıöşü])(?:sayın\s+)?bakanımız(?P<suf>[a-zçğıöşü]*)")
_NAME_AND = re.compile(r"[^\s,;]+(?:\s[^\s,;]+){0,2}\s+ve\s+")   # a name of one to three words, then "ve"


class People:
    """Compiled once from the registry: roles, offices and country words."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities
        lex = registry.lexicon
        self.led_by_prime_minister = lex.led_by_prime_minister
        self.titles = {fold(w) for t in lex.person_titles for w in t.replace(".", "").split()}
        self.roles: dict[str, list[tuple[str, Role]]] = {}
        for e in registry.entities.values():
            for r in e.roles if e.label == "PER" else ():
                self.roles.setdefault(fold(r.role), []).append((e.entity_id, r))
        self.role_re = re.compile(rf"(?<![a-z0-9])({trie_alternation(self.roles)})('?[a-z]*)") if self.roles else None
        words = dict(lex.demonyms)                  # demonyms and country names, as written
        for e in registry.entities.values():
            if e.label == "LOC" and e.kind == "country" and e.country:
                for a in e.aliases:
                    words.setdefault(a, e.country)
        # (word, country) pairs as written: hashable, so the phrase patterns built from them are made once
        self.nation_words = tuple(words.items())
        # …and the groups a delegation is also named after ("Hamas heyeti", "Ulusal Birlik Hükümeti heyeti")
        groups = {a: e.country for e in registry.entities.values() if e.label == "ORG" and e.country
                  and e.kind in ("armed_group", "government", "party") for a in (e.name, *e.aliases)}
        self.delegation_nations = self.nation_words + tuple((a, c) for a, c in groups.items() if a not in words)
        self.states = set(words.values())            # country codes of states (not UN, EU, NATO …)
        nations = {fold(w): c for w, c in words.items()}
        self.nations = nations
        self.nation_re = re.compile(rf"(?<![a-z0-9-])({trie_alternation(nations)})(?:'?n?[iu]n)?\s+$")   # not the second
        # of a pair ("Türkiye-Pakistan Dostluk Grubu Başkanı": a body of both, no one country's)
        self.nation_in_list = re.compile(rf"(?<![a-z0-9])({trie_alternation(nations)})")   # "turkiye ve rusya"
        self.offices = {office_of(r): r for r in self.roles}
        self.by_office: dict[str, list[tuple[str, Role]]] = {}
        for key, holders in self.roles.items():
            self.by_office.setdefault(office_of(key), []).extend(holders)
        # "Türkiye ve Rusya Cumhurbaşkanları", "Azerbaycan ve Ermenistan Dışişleri Bakanları": one holder each
        self.plurals = {_plural(r): r for r in self.roles if _plural(r)}
        self.plurals["liderleri"] = _LEADERS           # "Rusya ve Türkiye liderleri": the heads of state
        self.plural_gate = re.compile(trie_alternation({p.split()[-1] for p in self.plurals}))
        # Words without which a sentence of no name names no one: offices, delegations, anaphors.
        words = {r.split()[-1] for r in self.roles} | set(self.plurals.values()) | {p.split()[-1] for p in self.plurals}
        words |= {fold(w) for w in lex.delegation_words} | _PEOPLE_WORDS
        self.people_gate = re.compile(rf"(?<![a-z]){trie_alternation(words)}")
        nation_alt = trie_alternation(nations)
        # "Rus lider", "Amerikan lideriyle", "Kremlin lideri": the head of state of that country
        self.leader_re = re.compile(rf"(?<![a-z0-9])(?:({nation_alt})(?:'?n?[iu]n)?|(kremlin|beyaz saray))\s+lider(?:i)?('?[a-z]*)")
        state = r"(?:\s+(?:federasyonu|cumhuriyeti|kralligi))?(?:'?n?[iu]n)?"   # "Rusya Federasyonu", "Fas Krallığı"
        self.plural_re = re.compile(rf"(?<![a-z0-9])((?:{nation_alt}){state}(?:\s*(?:,|ve|ile|-)\s*(?:{nation_alt}){state})+)"
                                    rf"\s+({trie_alternation(self.plurals)})('?[a-z]*)") if self.plurals else None
        self.title_heads = {fold(t.split()[-1]) for t in lex.person_titles} - _COURTESY | {"mevkidasi", "meslektasi"}
        # "Rumen mevkidaşı Angel Tilvar": a counterpart's nationality is the person's country

    # -- countries and offices ---------------------------------------------------------------
    def nation_before(self, folded_prefix: str) -> str | None:
        """The country a country name or demonym right before a title names ('Rus ', 'Rusya'nın ')."""
        m = self.nation_re.search(folded_prefix[-40:])
        return self.nations[m.group(1)] if m else None

    def title_hint(self, sentence: str, start: int) -> tuple[str | None, str | None]:
        """(country, office) the words right before a name give it: 'Ukrayna Dışişleri Bakanı '
        → ("UA", "disisleri bakani"); 'Orgeneral', 'Sayın' are skipped; 'eski' means no office."""
        chunk = sentence[max(0, start - 90):start]
        written, words = chunk.split(), fold(chunk).split()
        if len(words) != len(written):          # folding changed the spacing (rare): fold word by word
            words = [fold(w) for w in written]
        while words and words[-1].rstrip(".") in _COURTESY:
            words.pop()
        if not words or words[-1] not in self.title_heads:
            return None, None
        k = len(words) - 1
        before = lambda k: " ".join(words[max(0, k - 4):k]) + " "     # noqa: E731 - the words before the title
        inner_ve = lambda k: words[k - 1] == "ve" and k >= 2 and written[k - 2][:1].isupper() and written[k][:1].isupper()  # noqa: E731
        while k > 0 and len(words) - k < TITLE_WORDS and words[k - 1].isalpha() and (words[k - 1] not in _STOP or inner_ve(k)) \
                and words[k - 1] not in self.nations and not self.nation_before(before(k)):   # "orta afrika cumhuriyeti";
            k -= 1                       # "Dışişleri ve Uluslararası İşbirliği Bakanı": one office
        if k > 0 and words[k - 1] in ("eski", "onceki", "former"):
            return None, None
        nation = self.nation_before(before(k)) if k > 0 else None
        return nation, office_of(" ".join(words[k:]))

    def country_of(self, entity_id: str, hints: dict[str, tuple[str | None, str | None]]) -> str | None:
        """The registry's country of a person, else the one the article's titles give."""
        entity = self.entities.get(entity_id)
        if entity is not None and entity.country:
            return entity.country
        return hints.get(entity_id, (None, None))[0]

    def offices_of(self, entity_id: str, when: str | None, hints: dict) -> set[str]:
        """The offices a person held at `when`: registry roles, else the article's title."""
        entity = self.entities.get(entity_id)
        roles = [r for r in (entity.roles if entity else ()) if valid(r, when)]
        if not when and roles:                 # undated: the offices of the latest post
            latest = max(r.start or "" for r in roles)
            roles = [r for r in roles if (r.start or "") == latest]
        found = {office_of(r.role) for r in roles}
        office = hints.get(entity_id, (None, None))[1]
        return found | ({office} if office else set())

    # -- roles as people ---------------------------------------------------------------------
    def holder(self, role: str, nation: str | None, when: str | None) -> str | None:
        """The one person holding `role` (folded) in `nation` at `when`; Turkish by default. With a
        nation said, any wording of the office counts ("Rusya Cumhurbaşkanı" = its Devlet Başkanı)."""
        pool = self.by_office.get(office_of(role), ()) if nation else self.roles.get(role, ())
        found = [(eid, r) for eid, r in pool if valid(r, when)]
        if nation:
            found = [(eid, r) for eid, r in found if (r.country or self.entities[eid].country) == nation]
        elif len({eid for eid, _ in found}) > 1:
            found = [(eid, r) for eid, r in found if (r.country or self.entities[eid].country) == "TR"]
        if not when and len({eid for eid, _ in found}) > 1:
            found = [(eid, r) for eid, r in found if r.end is None]        # undated: who holds it now
        ids = {eid for eid, _ in found}
        return ids.pop() if len(ids) == 1 else None

    def head_of_state(self, nation: str, when: str | None) -> str | None:
        """Who heads `nation` at `when` ("ABD ve Rusya Devlet Başkanları": its President or King)."""
        return next((eid for office in _HEAD_OFFICES if (eid := self.holder(office, nation, when))), None)

    def leader(self, nation: str, when: str | None, hints: dict) -> str | None:
        """A country's leader ("Rus lider", "Türkiye ve Rusya liderleri"): the one person the article
        names as its President, Prime Minister, Chancellor, King or Emir ("Ermenistan Başbakanı
        Paşinyan": Armenia's leader is its Prime Minister), else its head of government where that
        is the leader (lexicon `led_by_prime_minister`), else its head of state."""
        named = {eid for eid, (country, office) in hints.items()
                 if office in _LEADER_TITLES and (country or self.country_of(eid, hints)) == nation}
        if len(named) == 1:
            return named.pop()
        offices = _GOVERNMENT_OFFICES if nation in self.led_by_prime_minister else ()
        return next((eid for office in offices if (eid := self.holder(office, nation, when))), None) \
            or self.head_of_state(nation, when)

    def role_phrases(self, sentence: str, person_starts: list[int], when: str | None, hints: dict | None = None
                     ) -> list[Phrase]:
        """Roles standing for a person ("UMH başkanıyla", "Rus Dışişleri Bakanı"), when one holder fits:
        the registry's, else the one person the article itself gives that country's office
        ("Azerbaycan Genelkurmay Başkanı Kerim Veliyev … Azerbaycan Genelkurmay Başkanı daha sonra")."""
        low = folded(sentence)
        if self.role_re is None or len(low) != len(sentence):
            return []
        out = []
        for m in self.role_re.finditer(low):
            if any(self._only_titles(sentence[m.end():s]) for s in person_starts if s >= m.end()):
                continue                         # a title: the name follows
            if _DEPUTY.match(low, m.end()):
                continue                         # "Başbakan Yardımcısı", "Başkan Vekili": another office
            nation = self.nation_before(low[:m.start()]) or self._nation_of_the_one_before(sentence, person_starts, m.start())
            eid = self.holder(m.group(1), nation, when)
            if eid is None and nation and hints:
                named = {p for p, (country, office) in hints.items() if country == nation and office == office_of(m.group(1))}
                eid = named.pop() if len(named) == 1 else None
            if eid is not None:
                out.append(with_following_ile(Phrase(m.start(), m.end(), "person", (eid,), case=case_of(m.group(2)),
                                                     extra={"role": True}), sentence))
        return out

    def our_minister_phrases(self, sentence: str, when: str | None, hints: dict) -> list[Phrase]:
        """'Sayın Bakanımız' in a Turkish ministry's readout: Türkiye's holder of the ministerial
        office the article gives the foreign ministers it names (their counterpart), else of foreign
        affairs, whose readouts speak so."""
        low = lowered(sentence)
        if "bakanımız" not in low:
            return []
        offices = Counter(office for country, office in hints.values()
                          if country and country != "TR" and office and office.endswith("bakani") and office != "basbakani")
        eid = next((e for office, _ in offices.most_common() if (e := self.holder(office, "TR", when))), None) \
            or self.holder("disisleri bakani", "TR", when)
        if eid is None:
            return []
        return [with_following_ile(Phrase(m.start(), m.end(), "person", (eid,), case=case_of(m.group("suf")),
                                          extra={"role": True}), sentence) for m in _OUR_MINISTER.finditer(low)]

    def _nation_of_the_one_before(self, sentence: str, person_starts: list[int], start: int) -> str | None:
        """'Yunanistan Başbakanı Miçotakis ve Dışişleri Bakanı ile': an office with no country after
        've' and a person titled with one is that country's office."""
        before = [p for p in person_starts if p < start]
        if not before or not _NAME_AND.fullmatch(sentence, before[-1], start):
            return None
        return self.title_hint(sentence, before[-1])[0]

    def leader_phrases(self, sentence: str, person_starts: list[int], when: str | None, hints: dict) -> list[Phrase]:
        """'Rus lider', 'Amerikan lideriyle', 'Kremlin lideri': the head of state of that country."""
        low = folded(sentence)
        if "lider" not in low or len(low) != len(sentence):
            return []
        out = []
        for m in self.leader_re.finditer(low):
            if any(self._only_titles(sentence[m.end():s]) for s in person_starts if s >= m.end()):
                continue                         # "Rus lider Putin": a title
            nation = self.nations[m.group(1)] if m.group(1) else _SEATS[m.group(2)]
            eid = self.leader(nation, when, hints)
            if eid:
                out.append(with_following_ile(Phrase(m.start(), m.end(), "person", (eid,), case=case_of(m.group(3)),
                                                     extra={"role": True}), sentence))
        return out

    def minister_phrases(self, sentence: str, person_starts: list[int], hints: dict) -> list[Phrase]:
        """'Yunan Bakan', 'İranlı bakana': the one minister of that country the article has
        named with a minister's title (no name after it: "Rus Bakan Lavrov" is a title)."""
        low = folded(sentence)
        if "bakan" not in low or len(low) != len(sentence):
            return []
        out = []
        for m in _BARE_MINISTER.finditer(low):    # "bakan" bare: rare; the country before it is looked up then
            nation = self.nation_before(low[:m.start()])
            if nation is None or any(self._only_titles(sentence[m.end():s]) for s in person_starts if s >= m.end()) \
                    or low.startswith((" yardimci", " vekil"), m.end()):
                continue                         # "Yunan Bakan Dendias", "Rus Bakan Yardımcısı"
            start = m.start() - len(low[:m.start()].rstrip().split()[-1]) - 1
            ministers = [p for p, (country, office) in hints.items() if country == nation and office
                         and "bakan" in office and not office.startswith(("basbakan", "cumhurbaskan"))]
            if len(ministers) == 1:
                out.append(with_following_ile(Phrase(start, m.end(), "person", (ministers[0],),
                                                     case=case_of(m.group(1)), extra={"role": True}), sentence))
        return out

    def plural_role_phrases(self, sentence: str, when: str | None, hints: dict, person_starts=()) -> list[Phrase]:
        """'Türkiye ve Rusya Cumhurbaşkanları'nı': the holder of the office in each country named;
        not when the names follow ("Türkiye, Rusya ve İran dışişleri bakanları Fidan, Lavrov ve
        Arakçi": they are the ministers)."""
        low = folded(sentence)
        if self.plural_re is None or len(low) != len(sentence) or not self.plural_gate.search(low):
            return []
        out = []
        for m in self.plural_re.finditer(low):
            gap = len(sentence[m.end():]) - len(sentence[m.end():].lstrip(" "))
            if not m.group(3) and gap and m.end() + gap in person_starts:
                continue
            names = self.nation_in_list.findall(m.group(1))
            role = self.plurals[m.group(2)]
            people = [self.leader(self.nations[n], when, hints) if role == _LEADERS
                      else self.holder(role, self.nations[n], when)
                      or (self.head_of_state(self.nations[n], when) if office_of(role) in _HEAD_OFFICES else None)
                      for n in names]
            if len(people) >= 2 and any(people):
                members = [Phrase(m.start(), m.end(), "person", (p,)) for p in dict.fromkeys(people) if p]
                group = with_following_ile(Phrase(m.start(), m.end(), "group", case=case_of(m.group(3)),
                                                  extra={"members": members, "role": True}), sentence)
                if all(people) or group.case == "com":   # "X, İran, Cezayir ve Rusya Dışişleri Bakanları ile
                    out.append(group)                     # görüştü": X met each, the ones known are named
        return out

    def _only_titles(self, gap: str) -> bool:
        """True when only titles ("Sn", "Orgeneral") or capitalised words of a title ("BM Genel
        Sekreteri Suriye Özel Temsilcisi Pedersen") stand between a role and a name, also two
        offices of one person joined by "ve" ("Konsey Başkanı ve Ordu Komutanı Orgeneral X"; not
        "… Başkanı ve Ukrayna Devlet Başkanı X", another country's)."""
        if len(gap) > 60 or "," in gap:
            return False
        words = _WORDS.findall(gap)
        if "ve" in words:
            after = fold(gap[gap.index(" ve ") + 4:]) if " ve " in gap else ""
            if not after or self.nation_in_list.match(after):
                return False
        return all(w[0].isupper() or w == "ve" or fold(w) in self.titles for w in words)

    def counterpart(self, subjects: list[str], nation: str | None, when: str | None, hints: dict,
                    named: list[str]) -> str | None:
        """Who 'mevkidaşı' is: the holder of a subject's office in `nation`, else the one person
        the article names with that office in another country."""
        offices = set().union(*(self.offices_of(s, when, hints) for s in subjects)) if subjects else set()
        home = {self.country_of(s, hints) for s in subjects}
        in_order = dict.fromkeys(o for s in subjects for o in sorted(self.offices_of(s, when, hints)))
        for office in in_order:               # the first subject's office first: the same answer on every run
            role = self.offices.get(office)
            if nation and role and (eid := self.holder(role, nation, when)) and eid not in subjects:
                return eid
        others = [p for p in dict.fromkeys(named) if p not in subjects
                  and (nation is None or self.country_of(p, hints) == nation)
                  and self.country_of(p, hints) not in home and self.offices_of(p, when, hints) & offices]
        return others[0] if len(others) == 1 else None
