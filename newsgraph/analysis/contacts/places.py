"""Where a contact happened, from the place names of its sentence and their cases.

- A contact's place is a city, venue or region in the locative ("Moskova'da", "Soçi'deki
  görüşmede"); a country only right before the words that report it ("Rusya'da bir araya
  geldi"). A venue stands for the city it is in (Beştepe → Ankara).
- A visit's place is where it goes: the dative before the verb ("Ankara'ya geldi", "Ankara'ya
  resmi ziyaret"), the accusative of "ziyaret etti" ("Moskova'yı ziyaret etti"), or the name
  before the noun ("Lavrov'un Ankara ziyareti").
"""
from __future__ import annotations

import re

from newsgraph.analysis.contacts.triggers import Trigger
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold, slugify, tr_lower

LOCATIVE = ("da", "de", "ta", "te", "nda", "nde")
ADJ_LOCATIVE = ("daki", "deki", "taki", "teki", "ndaki", "ndeki")
DATIVE = ("a", "e", "ya", "ye", "na", "ne")
# Between a place and "katılacak": the event named after it, in the dative ("Antalya Diplomasi Forumu'na",
# "Antalya'daki diplomasi forumuna"), maybe with more it goes to ("… ve … toplantısına").
_RESIDENT = re.compile(r"\s+(?:\S+\s+){0,3}?(?:büyükelçi|elçi|temsilci|askerler|asker|birlik|muhabir|diaspora|vatandaş|mülteci)")
# "Astana Formatında … Toplantısı'na": a format or process named after a city is not where it meets.
_FORMAT = re.compile(r"\s+(?:format|süreç|süreci|sürecin|grup|platform)")
_EVENT_NAMED = re.compile(r"(?:\s+(?:kent|şehr|il)\w*)?(?:\s+(?:düzenlen|yapıl|gerçekleştiril|toplan)\w*)?(?:\s+[\w'’.-]+){0,5}?\s+(?:forum|zirve|toplantı|konferans|kongre|fuar)\w*?'?(?:n[ae]|y[ae]|[ae])\b[^.;:!?]*$")
# What follows a country in the locative when it is where people met: whom ("İran'da mevkidaşı Arakçi
# ile", "Katar'da Emir Temim ile"), not what was talked about ("Libya'da ateşkes …").
_WHO_NEXT = re.compile(r"\s+(?:[A-ZÇĞİÖŞÜ]|(?:[a-zçğıöşü]+\s+)?(?:mevkida|meslekta))")
ABLATIVE = ("dan", "den", "tan", "ten", "ndan", "nden")
ACCUSATIVE = ("i", "u", "yi", "yu", "ni", "nu")        # folded
NEAR_CHARS = 20            # a country is the place only this close before the trigger
VISIT_WORDS = 6            # words between a visit's place and its verb
# "Soçi kentine", "Tahran şehrinde": the case is on the word for a city after the name.
_CITY_WORD = re.compile(r"\s+(?:kent|şehr|başkent|bölge|il)[a-zçğıöşü]*?(?P<suf>n?[dt][ae]|n?[ae]|y[ae]|n[ıiuü]|y[ıiuü])\b")
# "Soçi'deki resmi konutta", "Brüksel'deki NATO Zirvesi marjında": the place of what is in it.
# Between the participle and the event's noun: up to three words, or a longer name of capitalised
# words ("Vilnius'ta düzenlenen NATO Devlet ve Hükümet Başkanları Zirvesi'nde").
_SETTING = re.compile(r"\s+(?:düzenlen\w*\s+|yapıl\w*\s+|gerçekleştiril\w*\s+|toplanan\s+)?"
                      r"(?:(?:\S+\s+){0,3}?|(?:(?:[A-ZÇĞİÖŞÜ0-9]\S*|ve)\s+){4,8}?)"
                      r"(?:Zirve|Konferans|Forum|Toplantı|Kongre|Oturum|Genel\s+Kurul|zirve|oturum)\w*")
# What may stand between a participle and the place it names: "gittiği başkent Bakü'de".
_CAPITAL_OF = re.compile(r"\s+(?:başkenti|(?:\S+\s+)?(?:kenti|şehri|bölgesi))\s+")   # "Gürcistan'ın başkenti Tiflis"
GENITIVE = ("in", "nin", "un", "nun")   # folded
_CITY_NOUN_GAP = re.compile(r"\s*(?:(?:başkent|kent|şehir|liman\s+kenti)\s+)?")
# A named meeting said to be held in a place after it: "… Bakanları 12. Toplantısı, Ankara'da gerçekleştirildi".
_HELD_THERE = re.compile(r"\s+(?:gerçekleştiril|düzenlen|yapıl|başla|toplan|sona\s+er)\w*")
_NAMED_EVENT_BEFORE = re.compile(r"(?:Zirve|Konferans|Forum|Toplantı|Kongre|Oturum)\w*,?\s+(?:bugün\s+|dün\s+)?$")
# A sentence without these names no event (literal branches: the engine skips to them, ~6x faster than "[Zz]irve|…").
_EVENT_WORD = re.compile(r"irve|onferans|orum|oplantı|ongre|turum|Genel\s+Kurul")
# A place named again as "this country / city" right before a verb of going ("bu ülkeye giden").
_THIS_PLACE = re.compile(r"\b(?:bu|söz\s+konusu)\s+(?:ülkeye|kente|şehre|başkente)\s+$")
# Verbs of going somewhere whose dative may be a list of places ("Katar ve Umman'a gidecek").
_TO_VERBS = ("git", "gid", "gel", "geç", "hareket", "uğra", "in")
_IN_IT = re.compile(r"(?:\s+\S+){0,4}?\s+\S*?(?:nda|nde|da|de|ta|te)\b")


class Places:
    """Compiled once from the registry."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities
        # a place outside the registry named after a city in it ("Astana Havalimanı", "Trablus
        # Limanı") is in that city: the slugs of city names and aliases, to find it by prefix
        self.city_slugs = {slugify(a): e.entity_id for e in registry.entities.values()
                           if e.label == "LOC" and e.kind == "city" for a in (e.name, *e.aliases)}

    def case(self, s, m) -> str:
        """A place's case suffix: its own, or the one on 'kenti' after it ("Soçi kentine" → "ne")."""
        if m.suffix:
            return fold(m.suffix.lstrip("'"))
        city = _CITY_WORD.match(s.text, m.end - s.start)
        return fold(city.group("suf")) if city else ""

    def visit_target(self, s, t: Trigger) -> str | None:
        """Where a movement verb goes: a dative place just before it, or the place after a
        participle ("gideceği Semerkant'ta")."""
        cases = ABLATIVE if t.text.startswith("ayrıl") else LOCATIVE if t.text.startswith(("bulun", "ol")) else DATIVE
        near = 1 if t.text.startswith(("bulun", "in", "hareket", "ol", "geç")) else VISIT_WORDS   # "Doha'da bulunan", "Riyad'a
        if near == 1 and _RESIDENT.match(tr_lower(s.text), t.end):                     # hareket edecek": right there
            return None                   # "Moskova'da bulunan Büyükelçi X", "Suriye'de bulunan askerler": they live there
        for m in reversed(s.mentions):
            rel = m.start - s.start
            if m.label == "LOC" and rel < t.start and self.case(s, m) in cases:    # "Moskova'dan ayrıldı": was there
                if t.text.startswith("geç") and self.kind_of(m.entity_id) not in ("city", "country", "region"):
                    return None   # "Külliye'ye geçti": on to another building of the city they are in, not a trip
                if len(s.text[m.end - s.start:t.start].split()) <= near:
                    return self.place_id(m)
        if (this := _THIS_PLACE.search(tr_lower(s.text[max(0, t.start - 24):t.start]))) is not None:
            # "Slovakya'da düzenlenen Forum'a katılmak üzere bu ülkeye giden": Slovakya
            return self.named_before(s, max(0, t.start - 24) + this.start())
        if t.shape == "obj_participle":
            nxt = next((m for m in s.mentions if m.start - s.start >= t.end), None)
            if nxt is not None and nxt.label == "LOC" and _CITY_NOUN_GAP.fullmatch(s.text[t.end:nxt.start - s.start]):
                city = next((m for m in s.mentions if m.start > nxt.start), None)
                if city is not None and city.label == "LOC" and fold(nxt.suffix.lstrip("'")) in GENITIVE \
                        and _CAPITAL_OF.fullmatch(s.text[nxt.end + len(nxt.suffix) - s.start:city.start - s.start]):
                    return self.place_id(city)   # "geldiği Gürcistan'ın başkenti Tiflis'te"
                return self.place_id(nxt)     # "gideceği Semerkant'ta", "gittiği başkent Bakü'de"
        return None

    def setting_place(self, s) -> str | None:
        """'Roma'daki G20 Zirvesi', 'Kazan'da düzenlenen BRICS Zirvesi': the place of a named event."""
        if not _EVENT_WORD.search(s.text):
            return None
        for m in s.mentions:
            if self.kind(m) in ("city", "venue", "region") and _SETTING.match(s.text, m.end + len(m.suffix) - s.start) \
                    and self.case(s, m) in LOCATIVE + ADJ_LOCATIVE:
                return self.place_id(m)
            rel = m.start - s.start            # "… Savunma Bakanları 12. Toplantısı, Ankara'da gerçekleştirildi"
            if self.kind(m) in ("city", "venue", "region") and self.case(s, m) in LOCATIVE \
                    and _HELD_THERE.match(s.text, m.end + len(m.suffix) - s.start) \
                    and _NAMED_EVENT_BEFORE.search(s.text[max(0, rel - 40):rel]):
                return self.place_id(m)
        return None

    def visit_places(self, s, t: Trigger) -> list[str]:
        """The places 'ziyaret etti' names in the accusative ("Katar ve BAE'yi ziyaret etti")."""
        found = []
        for m in s.mentions:
            rel_end = m.end + len(m.suffix) - s.start
            if m.label == "LOC" and rel_end <= t.start and len(s.text[rel_end:t.start].split()) <= 8:
                found.append(m)
        last = next((i for i in range(len(found) - 1, -1, -1) if self.case(s, found[i]) in ACCUSATIVE), None)
        return [] if last is None else self._listed(s, found, last)

    def _listed(self, s, found: list, last: int) -> list[str]:
        """The places of the list that found[last] closes: those before it joined by "," / "ve" /
        "ile" with no case of their own (Turkish writes the case on the last one only)."""
        run = [found[last]]
        for m in reversed(found[:last]):
            gap = s.text[m.end + len(m.suffix) - s.start:run[0].start - s.start].strip()
            if gap not in (",", "ve", "ile") or self.case(s, m):
                break
            run.insert(0, m)
        return [p for p in dict.fromkeys(self.place_id(m) for m in run) if p]

    def destinations(self, s, t: Trigger) -> list[str]:
        """'Katar ve Umman'a gidecek': every place of the dative list a trip goes to, the case on
        the last one only (a place with a case of its own, "Kuveyt'in ardından", is not in it)."""
        target = self.visit_target(s, t)
        if target is None or not t.text.startswith(_TO_VERBS):
            return []
        before = [m for m in s.mentions if m.label == "LOC" and m.end + len(m.suffix) - s.start <= t.start]
        last = next((i for i in range(len(before) - 1, -1, -1) if self.place_id(before[i]) == target
                     and self.case(s, before[i]) in DATIVE), None)
        places = [] if last is None else self._listed(s, before, last)
        return places if len(places) > 1 else []

    def named_before(self, s, rel: int, cases: tuple[str, ...] | None = None) -> str | None:
        """The city or country the sentence names last before `rel` (in one of `cases` if given):
        what "bu ülkeye" or "burada" stands for."""
        for m in reversed(s.mentions):
            if m.label == "LOC" and m.end - s.start <= rel and self.kind_of(m.entity_id) in ("city", "country") \
                    and (cases is None or self.case(s, m) in cases):
                return self.place_id(m)
        return None

    def visit_place(self, s, t: Trigger) -> str | None:
        """Where a visit goes: dative, accusative of 'ziyaret etti', or the name before 'ziyareti'."""
        target = self.visit_target(s, t)
        if target:
            return target
        if t.frame == "obj":
            places = self.visit_places(s, t)
            if places:
                return places[0]
        for m in reversed(s.mentions):
            rel_end = m.end + len(m.suffix) - s.start
            if m.label == "LOC" and rel_end <= t.start and not m.suffix and not s.text[rel_end:t.start].strip():
                return self.place_id(m)                   # "Lavrov'un Ankara ziyareti"
            if m.label == "LOC" and rel_end <= t.start and t.frame == "noun" and self.case(s, m) in ACCUSATIVE \
                    and not s.text[rel_end:t.start].strip():
                return self.place_id(m)                   # "Erdoğan'ın Irak'ı ziyareti" (a verbal noun's object)
            if m.label == "LOC" and rel_end <= t.start and t.frame == "noun" and self.case(s, m) in ADJ_LOCATIVE \
                    and len(s.text[rel_end:t.start].split()) <= 2 and s.text[rel_end:t.start].strip().islower():
                return self.place_id(m)                   # "Ankara'daki resmi ziyaretinin ardından"
        return None

    def country_of(self, place: str | None) -> str | None:
        """The country code of a place."""
        entity = self.entities.get(place or "")
        return entity.country if entity is not None else None

    def event_place(self, s, t: Trigger) -> str | None:
        """'İkinci Antalya Diplomasi Forumu'na katılacak', 'Prag'da (düzenlenen) Avrupa Siyasi Topluluğu
        Zirvesi'ne katıldı': the place an event one goes to is named after or held in (a city or
        country in its name or in the locative before it, the event in the dative right before
        the verb, or the trigger's own noun)."""
        for m in s.mentions:
            rel = m.end + len(m.suffix) - s.start
            if s.text.startswith("-", rel) or s.text.endswith("-", 0, m.start - s.start):
                continue                      # "Gürcistan-Türkiye-Azerbaycan … Toplantısı": the parties, not the place
            if m.label == "LOC" and rel < t.start <= rel + 160 and self.case(s, m) in ("",) + ADJ_LOCATIVE + LOCATIVE \
                    and _EVENT_NAMED.match(tr_lower(s.text[rel:t.end])) and not _FORMAT.match(tr_lower(s.text[rel:t.end])):
                return self.place_id(m)
        return None

    def coordinated_places(self, s) -> list[str]:
        """'Moskova ve Viyana'da görüşmüştü': two places joined by "ve", the case on the last one."""
        locs = [m for m in s.mentions if m.label == "LOC" and self.kind(m) in ("city", "country")]
        for a, b in zip(locs, locs[1:]):
            if not a.suffix and self.case(s, b) in LOCATIVE and \
                    s.text[a.end - s.start:b.start - s.start].strip() == "ve":
                return [pid for m in (a, b) if (pid := self.place_id(m))]
        return []

    def kind_of(self, place: str | None) -> str | None:
        """A place's kind in the registry (country, city, region, venue, route), None if unknown."""
        entity = self.entities.get(place or "")
        return entity.kind if entity is not None else None

    def within(self, place: str | None) -> frozenset:
        """A place and the places that hold it ("soci" → soci, rusya)."""
        out = set()
        while place and place not in out:
            out.add(place)
            place = getattr(self.entities.get(place), "within", None)
        return frozenset(out)

    def city_named_in(self, place: str | None) -> str | None:
        """The registry city a place outside the registry is named after: "astana-havalimani" →
        astana (the longest city slug its own slug starts with, word by word)."""
        words = (place or "").split("-")
        for n in range(len(words) - 1, 0, -1):
            city = self.city_slugs.get("-".join(words[:n]))
            if city is not None:
                return city
        return None

    def kind(self, m) -> str | None:
        """A place mention's kind; a place outside the registry counts as a city."""
        entity = self.entities.get(m.entity_id or "")
        if entity is not None:
            return entity.kind if entity.label == "LOC" else None
        return "city" if m.label == "LOC" and m.entity_id else None

    def place_id(self, m) -> str | None:
        """The place a mention names (a venue's city), or None when it names no place."""
        entity = self.entities.get(m.entity_id or "")
        if entity is None:
            return self.city_named_in(m.entity_id) or m.entity_id if m.label == "LOC" else None
        if entity.label != "LOC":
            return None
        if entity.kind == "venue" and entity.within:
            return entity.within
        return entity.entity_id

    def location(self, s, t: Trigger | None, lo: int = 0) -> str | None:
        """A city, venue or region in the locative; a country only right before the trigger or
        before the people met (a title, a name, "mevkidaşı"); a
        place "-daki" only for what is in it within the trigger's clause (from `lo`)."""
        best, best_rank = None, 9
        for m in s.mentions:
            kind = self.kind(m)
            if kind is None:
                continue
            suffix = self.case(s, m)
            rel_end = m.end + len(m.suffix) - s.start
            near = t is not None and 0 <= t.start - rel_end <= NEAR_CHARS
            if suffix in ADJ_LOCATIVE and not (t is not None and 0 <= t.start - rel_end <= 2) \
                    and not (t is not None and rel_end >= lo and (it := _IN_IT.match(s.text, rel_end)) and it.end() <= t.start):
                continue                     # "Moskova'daki görüşmeler": not this contact's place
            if suffix not in LOCATIVE + ADJ_LOCATIVE:
                continue
            if kind in ("country", "region") and not near and not (t is not None and rel_end < t.start
                                                                   and _WHO_NEXT.match(s.text, rel_end)):
                continue                     # a country is the place right before the verb, or before whom: "İran'da mevkidaşı Arakçi ile"
            rank = (0 if kind in ("city", "venue") else 1) + (0 if m.entity_id in self.entities else 2)
            if rank < best_rank:
                best, best_rank = self.place_id(m), rank
        return best
