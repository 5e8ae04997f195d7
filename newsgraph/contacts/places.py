"""Where a contact happened, from the place names of its sentence and their cases.

- A contact's place is a city, venue or region in the locative ("Moskova'da", "Soçi'deki
  görüşmede"); a country only right before the words that report it ("Rusya'da bir araya
  geldi"). A venue stands for the city it is in (Beştepe → Ankara).
- A visit's place is where it goes: the dative before the verb ("Ankara'ya geldi", "Ankara'ya
  resmi ziyaret"), the accusative of "ziyaret etti" ("Moskova'yı ziyaret etti"), or the name
  before the noun ("Lavrov'un Ankara ziyareti").
"""
from __future__ import annotations

from newsgraph.contacts.triggers import Trigger
from newsgraph.registry import Registry
from newsgraph.textnorm import fold

LOCATIVE = ("da", "de", "ta", "te", "nda", "nde")
ADJ_LOCATIVE = ("daki", "deki", "taki", "teki", "ndaki", "ndeki")
DATIVE = ("a", "e", "ya", "ye", "na", "ne")
ACCUSATIVE = ("i", "ı", "u", "ü", "yi", "yı", "yu", "yü", "ni", "nı", "nu", "nü")
NEAR_CHARS = 40            # a country is the place only this close before the trigger
VISIT_WORDS = 6            # words between a visit's place and its verb


class Places:
    """Compiled once from the registry."""

    def __init__(self, registry: Registry) -> None:
        self.entities = registry.entities

    def visit_target(self, s, t: Trigger) -> str | None:
        """Where a movement verb goes: a dative place just before it."""
        for m in reversed(s.mentions):
            rel = m.start - s.start
            if m.label == "LOC" and rel < t.start and fold(m.suffix.lstrip("'")) in DATIVE:
                if len(s.text[m.end - s.start:t.start].split()) <= VISIT_WORDS:
                    return self.place_id(m)
        return None

    def visit_place(self, s, t: Trigger) -> str | None:
        """Where a visit goes: dative, accusative of 'ziyaret etti', or the name before 'ziyareti'."""
        target = self.visit_target(s, t)
        if target:
            return target
        for m in reversed(s.mentions):
            rel_end = m.end + len(m.suffix) - s.start
            suffix = fold(m.suffix.lstrip("'"))
            if m.label != "LOC" or rel_end > t.start:
                continue
            gap = s.text[rel_end:t.start].split()
            if (suffix in map(fold, ACCUSATIVE) and t.frame == "obj" and len(gap) <= 3) or (not suffix and not gap):
                return self.place_id(m)
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
            return m.entity_id if m.label == "LOC" else None
        if entity.label != "LOC":
            return None
        if entity.kind == "venue" and entity.within:
            return entity.within
        return entity.entity_id

    def location(self, s, t: Trigger | None) -> str | None:
        """A city, venue or region in the locative; a country only right before the trigger."""
        best = None
        for m in s.mentions:
            kind = self.kind(m)
            suffix = fold(m.suffix.lstrip("'"))
            if kind is None:
                continue
            rel_end = m.end + len(m.suffix) - s.start
            near = t is not None and 0 <= t.start - rel_end <= NEAR_CHARS
            if suffix in ADJ_LOCATIVE and not (t is not None and 0 <= t.start - rel_end <= 2):
                continue                     # "Moskova'daki görüşmeler": not this contact's place
            if suffix not in LOCATIVE + ADJ_LOCATIVE:
                continue
            if kind == "country" and not near:
                continue
            if best is None or kind in ("city", "venue"):
                best = self.place_id(m)
        return best
