"""Reports of contacts in one article, and how reports of one contact are merged.

A report is one contact as an article tells it: its sides (one list of entity ids per side),
type, status, place, the sentence that names it and the date that sentence gives it. One
contact is often told several times ("A, B ile telefonda görüştü. … Görüşmede A ve B …"):
reports with the same people (or a subset of them), a compatible type and the same status
are one contact; a report that names no one ("Görüşme Soçi'de yapıldı") adds to the one
before it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from newsgraph.analysis.contacts.triggers import RANK

PLACE_RANK = {"venue": 0, "city": 1, "region": 2, "route": 2, "country": 3}
# A later report may say what became of a contact: planned, then postponed or called off.
_LATER_STATUS = {("planned", "cancelled"), ("planned", "denied"), ("held", "denied"), ("planned", "held")}
# Types that are their own event beside talks between the same people: a joint press
# conference or statement after a meeting, a signing.
_OWN_EVENT = {"press_conference", "statement"}
# Date keys of reports told as another event than the story's: an earlier one ("görüşmüşlerdi"),
# a planned continuation of talks just told ("ana oturumun yarın yapılması planlanıyor").
_APART = ("earlier", "planned-")


@dataclass
class Report:
    """One contact as reported in one article (maybe over several sentences)."""

    sides: list[list[str]]
    type: str
    status: str
    sent_idx: int
    trigger: str
    location: str | None = None
    date_ref: int | None = None
    sent_idxs: list[int] = field(default_factory=list)
    absorb: bool = False             # describes a contact already reported ("durumu istişare eden A ve B")
    paragraph: int = 0
    date_key: str | None = None      # what its sentence's date says ("--03-04", "day-1"): reports of other dates differ
    places_within: frozenset = frozenset()   # its place and the places that hold it (a visit to Soçi is one to Rusya)
    session: str | None = None       # "one_on_one" (baş başa) or "delegations" (heyetler arası): two sessions of a visit
    sure: bool = True                # its status was told ("görüştü", "görüşmesi bekleniyor"), not assumed ("görüşmesinin gündemi")

    @property
    def participants(self) -> list[str]:
        return list(dict.fromkeys(p for side in self.sides for p in side))


def contact_id(participants) -> str:
    """The participant set of a report as text: sorted entity ids joined by '|' (the meetings
    table's `contact` column; reports of one contact share it)."""
    return "|".join(sorted(set(participants)))


def clean_sides(sides: list[list[str]]) -> list[list[str]]:
    """No one on two sides (the first keeps them), no empty side."""
    seen: set[str] = set()
    out = []
    for side in sides:
        mine = [p for p in dict.fromkeys(side) if p not in seen]
        seen.update(mine)
        if mine:
            out.append(mine)
    return out


def _compatible(a: Report, b: Report) -> bool:
    """Two reports in one article may be one contact: not of different dates, a call is not
    talks, a visit or a press conference or statement is only ever the same kind again, and a
    plan may be told again as called off."""
    told_apart = (a.date_key or "").startswith(_APART) or (b.date_key or "").startswith(_APART)
    undated, dated = (a, b) if a.date_key is None else (b, a)
    if told_apart and undated.date_key is None and not undated.sure and dated.date_key.startswith("earlier") \
            and undated.sent_idx > dated.sent_idx:
        told_apart = False                # "… ile görüşmüştü. … ile görüşmesinin ardından": the talks told before
    if (a.date_key and b.date_key or told_apart) and a.date_key != b.date_key:
        return False                      # "bugün telefonda görüştü … dün de telefonla görüşmüştü"
    if {a.session, b.session} == {"one_on_one", "delegations"}:
        return False                      # "önce baş başa görüştü … daha sonra heyetler arası görüşmeye geçti"
    if (a.session == "delegations") != (b.session == "delegations") and a.type != b.type \
            and "delegation_talks" in (a.type, b.type):
        return False                      # "… törenle karşıladı. Ardından heyetler arası görüşmelere geçildi": a session of its own
    if a.absorb or b.absorb:
        desc, other = (a, b) if a.absorb else (b, a)
        return other.absorb or other.type not in _OWN_EVENT or other.sent_idx <= desc.sent_idx
        # "… üçlü toplantıda bir araya geldi. Ardından … protokol imzalandı": talks told before a signing are not it
    if a.status != b.status and {a.status, b.status} not in ({"planned", "cancelled"}, {"planned", "denied"},
                                                             {"planned", "held"}):
        return False
    if (a.type == "phone_call") != (b.type == "phone_call"):
        other = b if a.type == "phone_call" else a
        return _mode_neutral(other) and set(a.participants) == set(b.participants)
    if {a.type, b.type} & ({"visit"} | _OWN_EVENT):
        return a.type == b.type and not (a.type == "visit" and a.location and b.location and a.location != b.location
                                         and b.location not in a.places_within and a.location not in b.places_within)
    return True


def _mode_neutral(r: Report) -> bool:
    """'görüştü', 'görüşme': talks, said without how or where. Told of the people of a phone
    call, it is that call ("Çavuşoğlu ile Guterres'in … görüştüğü belirtildi")."""
    return r.type == "meeting" and r.location is None and r.trigger.lower().startswith("görüş")


def _finer(a: str | None, b: str | None, entities: dict) -> str | None:
    """Of two places, the more specific (a city over its country)."""
    if a is None or b is None:
        return a or b
    rank = lambda x: PLACE_RANK.get(getattr(entities.get(x), "kind", None), 4)  # noqa: E731
    return a if rank(a) <= rank(b) else b


def _absorb_into(target: Report, r: Report, entities: dict) -> None:
    same = set(r.participants) == set(target.participants)
    if not target.sure and r.sure:          # "… ile görüşmesinin gündemi …" then "yapılacak görüşme": to come
        target.status, target.sure = r.status, True
    if same and not r.absorb and not target.absorb:
        target.type = min(target.type, r.type, key=RANK.get)
    if target.absorb and not r.absorb:
        target.type, target.status, target.absorb = r.type, r.status, False
    if len(r.sides) > len(target.sides) and set(r.participants) >= set(target.participants):
        target.sides = r.sides
    if target.status != r.status and "planned" in (target.status, r.status) and (r.sure or not target.sure):
        target.status = r.status if target.status == "planned" else target.status   # the plan was called off
        # (not by a report whose status was only assumed: "ziyaretinin ana konusu Gazze olacak")
    target.location = _finer(target.location, r.location, entities) if target.type != "phone_call" else None
    target.date_ref = target.date_ref if target.date_ref is not None else r.date_ref
    target.sent_idxs += r.sent_idxs
    if r.sent_idx < target.sent_idx and same:
        target.sent_idx, target.trigger = r.sent_idx, r.trigger
    elif target.type == "visit" and target.trigger.startswith("temas") and not r.trigger.startswith("temas"):
        target.trigger = r.trigger            # "temaslarda bulunmak üzere gittiği Bakü": a trip told by its verb


def _heads_kept(r: Report, m: Report) -> bool:
    """A report of fewer people, between sides of one of more, is that one only when it keeps who
    heads each side: the President's reception with the minister present is not the minister's
    own talks with the guest."""
    if set(r.participants) == set(m.participants):
        return True
    spanned = {i for i, sd in enumerate(m.sides) for p in r.participants if p in sd}
    heads = {sd[0] for sd in m.sides if sd}
    return len(spanned) < 2 or all(sd[0] in heads for sd in r.sides if sd)


def merge_reports(reports: list[Report], entities: dict) -> list[Report]:
    """One report per contact: same people (or a subset of them), compatible type. Visits with
    no place are kept for the caller to place; `kept` drops what is still no contact."""
    merged: list[Report] = []
    people_of: dict[int, set[str]] = {id(r): set(r.participants) for r in reports}    # never changed by a merge
    naming: dict[str, list[Report]] = {}     # person → the merged reports naming them, in order
    for r in sorted(reports, key=lambda r: (-len(r.participants), r.absorb, r.sent_idx)):
        mine = people_of[id(r)]
        # a target names all of r's people: look among those naming the least named of them
        candidates = min((naming.get(p, []) for p in mine), key=len) if mine else merged
        target = next((m for m in candidates if mine <= people_of[id(m)] and _compatible(m, r)
                       and (len(mine) == len(people_of[id(m)]) or (r.type == m.type and len(r.sides) == len(m.sides)
                                                                   and r.session != "one_on_one"))   # baş başa: those two only
                       and (not r.absorb or mine == people_of[id(m)])
                       and _heads_kept(r, m)), None)
        if target is None:
            merged.append(r)
            for p in mine:
                naming.setdefault(p, []).append(r)
        else:
            _absorb_into(target, r, entities)
    return merged


class Sharing:
    """The reports that name someone a report names, found through the people instead of by
    reading every report of the article for every report (quadratic in a long article). Who
    the reports name must not change while it is used."""

    def __init__(self, reports: list[Report]) -> None:
        self.naming: dict[str, list[Report]] = {}
        for r in reports:
            for p in set(r.participants):
                self.naming.setdefault(p, []).append(r)

    def __call__(self, report: Report) -> list[Report]:
        """The reports sharing someone with `report` (itself too), in no particular order."""
        return list({id(o): o for p in set(report.participants) for o in self.naming.get(p, ())}.values())


def kept(reports: list[Report]) -> list[Report]:
    """The reports that are contacts (two sides, or a visit with its place), in text order."""
    keep = [m for m in reports if len(m.sides) >= 2 or (m.type == "visit" and m.location and m.sides)]
    for m in keep:
        m.sent_idxs = sorted(set(m.sent_idxs))
    return sorted(keep, key=lambda m: m.sent_idx)


def refer_back(previous: Report, sent_idx: int, status: str, location: str | None, date_ref: int | None,
               entities: dict, by_phone: bool = False) -> None:
    """A sentence that names no one but a contact ("Görüşme Soçi'de yapıldı") adds to the last
    report; "Görüşme telefonda gerçekleşti" says talks told without how were a call."""
    previous.sent_idxs.append(sent_idx)
    if by_phone and _mode_neutral(previous):
        previous.type, previous.location = "phone_call", None
    previous.location = _finer(previous.location, location, entities) if previous.type != "phone_call" else None
    if (previous.status, status) in _LATER_STATUS:
        previous.status = status
        previous.date_ref = date_ref if date_ref is not None else previous.date_ref   # "Beklenen görüşme dün gerçekleşti"
    elif previous.date_ref is None:
        previous.date_ref = date_ref
