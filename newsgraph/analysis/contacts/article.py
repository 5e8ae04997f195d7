"""What one sentence of an article may take from the sentences before it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from newsgraph.analysis.contacts.delegations import Roster
from newsgraph.analysis.contacts.phrases import person_phrases
from newsgraph.analysis.contacts.reports import Report
from newsgraph.base.mention import Mention


_THEN = re.compile(r"(?:Ardından|Daha sonra|Sonrasında|Akabinde|Bunun ardından|Görüşmenin ardından)\b")


@dataclass
class Sent:
    """What the extractor needs of one sentence."""

    idx: int
    start: int
    text: str
    paragraph: int
    topics: list[str]
    mentions: list[Mention]
    people_found: list | None = None          # its person phrases, worked out once (see people)

    def people(self) -> list:
        """The sentence's person phrases (phrases.person_phrases), once: the grammar and the rosters
        both read them, neither changes them."""
        if self.people_found is None:
            self.people_found = person_phrases(self.text, self.start, self.mentions)
        return self.people_found


class DateRows(list):
    """An article's date rows (the dates table's), with the rows of each sentence and the row at
    each start at hand: contacts look up their sentence's dates, and scanning every date of the
    article for each contact is quadratic in its length."""

    def __init__(self, rows: list[dict]) -> None:
        super().__init__(rows)
        self.by_sentence: dict[int, list[dict]] = {}
        self.at: dict[int, dict] = {}                    # start → the first row starting there
        for d in rows:
            self.by_sentence.setdefault(d["sent_idx"], []).append(d)
            self.at.setdefault(d["start"], d)

    def of(self, sent_idx: int) -> list[dict]:
        """The rows of one sentence, in order."""
        return self.by_sentence.get(sent_idx, [])


@dataclass
class Visit:
    sent_idx: int
    paragraph: int
    people: set[str]
    place: str
    status: str


@dataclass
class Article:
    """The state of one article while its sentences are read in order."""

    sents: list[Sent]
    rosters: list[Roster]
    hints: dict                                  # person → (country, office) their titles give
    when: str | None                             # the article's date (roles held then)
    reports: list[Report] = field(default_factory=list)
    subject: tuple[int, int, list[str]] | None = None      # (sentence, paragraph, ids) of the last subject
    place_of: dict = field(default_factory=dict)           # sentence → how to find the place it names
    visits: list[Visit] = field(default_factory=list)
    main_ids: list[str] = field(default_factory=list)      # the current sentence's subject ("kendisini")
    setting: tuple[int, str, int | None] | None = None     # (sentence, place, date start) of a named event
    quoting: list[str] | None = None                       # who speaks in a quotation still open after a sentence
    speaker_ids: list[str] = field(default_factory=list)   # who speaks the current sentence's quotation ("beni")
    escorts: list[tuple[str, list[str]]] = field(default_factory=list)   # (person, those who go with them in all their talks)

    @property
    def named(self) -> list[str]:
        """Every person the article names, in order."""
        return [m.entity_id for s in self.sents for m in s.mentions if m.label == "PER" and m.entity_id]

    def recent(self, sent_idx: int, reach: int = 2) -> Report | None:
        """The last report, when it is at most `reach` sentences back."""
        last = self.reports[-1] if self.reports else None
        return last if last is not None and sent_idx - max(last.sent_idxs) <= reach else None

    def last_place(self, sent_idx: int, reach: int = 2) -> str | None:
        """The place named last, at most `reach` sentences back ("… Moskova'ya gitti. Burada …")."""
        for idx in range(sent_idx - 1, sent_idx - reach - 1, -1):
            place = self.place_of[idx]() if idx in self.place_of else None
            if place:
                return place
        return None

    def travelled_to(self, s: Sent, people: set[str], status: str) -> str | None:
        """Where the people of a contact had just gone ("X Trablus'a gitti. … Dbeybe ile görüştü")."""
        for v in reversed(self.visits):
            if 0 <= s.idx - v.sent_idx <= 4 and v.people & people and (v.status == status or status == "held"):
                return v.place
        return None


    def met_at(self, s: Sent, people: set[str]) -> str | None:
        """Where the same people just met ("… Külliye'de kabul etti. … iki lider ortak basın toplantısı
        düzenledi"); a sentence opening with "Ardından" goes on there with more people ("… Lviv'de baş
        başa görüştü. Ardından heyetler arası görüşmeye geçildi")."""
        within = _WITHIN_IT.match(s.text)
        for r in reversed(self.reports):
            if s.idx - r.sent_idx > 2:
                break
            if r.location and r.type != "phone_call" and (set(r.participants) == people or within or (
                    set(r.participants) <= people and _THEN.match(s.text))):
                return r.location
        return None


# "Ziyaret kapsamında …", "Zirve marjında …": the sentence goes on inside the event just told.
_WITHIN_IT = re.compile(r"(?:Ziyaret|Görüşme|Zirve|Toplantı|Temas)(?:ler)?[iı]?\s+(?:kapsamında|sırasında|marjında|çerçevesinde)\b")


def sents_of(text: str, rows: list[dict], mentions: list[Mention]) -> list[Sent]:
    """Sentences with their mentions (rows: the sentences table of one article)."""
    out, i = [], 0
    ordered = sorted(mentions, key=lambda m: m.start)
    for r in rows:
        mine = []
        while i < len(ordered) and ordered[i].start < r["end"]:
            if ordered[i].start >= r["start"]:
                mine.append(ordered[i])
            i += 1
        out.append(Sent(r["sent_idx"], r["start"], text[r["start"]:r["end"]], r["paragraph_idx"], list(r["topics"]), mine))
    return out
