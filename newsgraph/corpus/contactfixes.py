"""The analyst's contact corrections applied to the meetings table (corpus overlay, every build).

The map's reports come in with the entity corrections applied to their participants and places
(a report whose sides became one entity, or lost everyone on one side, is dropped). Then each
contact entry, in file order, finds its report by article, sentence and participants (`find`)
and rejects, confirms or edits it, or adds a report the machine missed, told in a sentence. The
dates an analyst gave are set after the overlay dates the reports (`fix_dates`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from newsgraph.analysis.contacts.reports import contact_id
from newsgraph.base.textnorm import fold
from newsgraph.corpus.corrected import CORRECTED, EntityFix, Outcome, split_sentences
from newsgraph.corpus.corrections import ENTITY_OPS, MEETING_OPS, Correction, Corrections, date_precision


def _norm(text: object) -> str:
    return " ".join(str(text).split()) if isinstance(text, str) else ""


class _Meetings:
    """The meetings table as rows being corrected: few rows are touched, so they are handled one
    by one in Python, found with vectorised look-ups."""

    def __init__(self, frame: pd.DataFrame, articles: set[str]) -> None:
        self.frame = frame.reset_index(drop=True)
        self.n = len(self.frame)
        self.ids = self.frame["meeting_id"].to_numpy(dtype=object) if self.n else np.array([], dtype=object)
        self.tags: dict[int, list[str]] = {}
        self.changed: dict[int, dict] = {}            # row → columns to set
        self.gone: set[int] = set()
        self.merged_away: set[int] = set()            # rows the entity corrections left without two sides
        self.added: list[dict] = []
        self.by_article: dict[str, list[int]] = {}    # of the articles entries name
        if self.n and articles:
            arts = self.frame["article_id"].to_numpy(dtype=object)
            for r in np.flatnonzero(pd.Series(arts).isin(articles).to_numpy()).tolist():
                self.by_article.setdefault(arts[r], []).append(r)

    def get(self, row: int, col: str):
        return self.changed.get(row, {}).get(col, self.frame.at[row, col])

    def sides(self, row: int) -> list[list[str]]:
        return [list(s) for s in self.get(row, "sides")]

    def machine(self, row: int) -> frozenset:
        return frozenset(self.frame.at[row, "participants"])

    def participants(self, row: int) -> frozenset:
        return frozenset(p for side in self.sides(row) for p in side)

    def tag(self, row: int, op: str) -> None:
        tags = self.tags.setdefault(row, [])
        if op not in tags:
            tags.append(op)

    def set(self, row: int, **cols) -> None:
        self.changed.setdefault(row, {}).update(cols)

    def set_sides(self, row: int, sides: list[list[str]]) -> None:
        people = list(dict.fromkeys(p for s in sides for p in s))
        self.set(row, sides=[list(s) for s in sides], participants=people, contact=contact_id(people))

    def naming(self, ids: set[str]) -> list[int]:
        """Rows whose participants or place include one of `ids`."""
        if not self.n:
            return []
        people = self.frame["participants"].explode()
        hit = set(people.index[people.isin(ids).to_numpy()].tolist())
        hit.update(np.flatnonzero(self.frame["location"].isin(ids).to_numpy()).tolist())
        return sorted(hit)


def entity_links(m: _Meetings, fix: EntityFix, split_sents: dict, outcome: Outcome) -> None:
    """Participants and places after the entity corrections; a report left with fewer than two
    sides of the two or more it had (its people are now one entity, or rejected) is dropped."""
    for row in m.naming(fix.affected):
        sides, place = m.sides(row), m.get(row, "location")
        art, sents = m.frame.at[row, "article_id"], m.frame.at[row, "sent_idxs"]
        new_sides, seen = [], set()
        for side in sides:
            kept = []
            for p in side:
                q = fix.final(_split_of(p, fix, split_sents, art, sents))
                if q is not None and q not in seen:
                    kept.append(q)
                    seen.add(q)
            if kept:
                new_sides.append(kept)
        if not new_sides or (len(sides) > 1 and len(new_sides) < 2):
            m.gone.add(row)
            m.merged_away.add(row)
            outcome.dropped += 1
            continue
        if sides != new_sides:
            m.set_sides(row, new_sides)
            m.tag(row, _why(sides, fix))
        if place in fix.affected:
            m.set(row, location=fix.final(place))
            m.tag(row, _why([[place]], fix))


def _split_of(p: str, fix: EntityFix, split_sents: dict, article: str, sent_idxs) -> str:
    """A participant of a split entity becomes the new entity when the report's sentences name it
    only by the spelling split off (`split_sents[(entity, new)]`: {(article, sent_idx): True when
    named by that spelling only, False when also otherwise})."""
    for _alias, new in fix.splits.get(p, ()):
        said = [split_sents.get((p, new), {}).get((article, int(s))) for s in (sent_idxs if sent_idxs is not None else ())]
        said = [x for x in said if x is not None]
        if said and all(said):
            return new
    return p


def _why(sides, fix: EntityFix) -> str:
    ids = {p for s in sides for p in s}
    if ids & fix.rejected:
        return "reject-entity"
    return "split" if ids & set(fix.splits) else "merge"


def find(m: _Meetings, c: Correction, gone: bool = False) -> int | None:
    """The row of the report an entry names: same article, same sentence text, same participants
    (as extracted or as now); among several, the one with the entry's meeting id, else its
    sentence number, else the first. An entry with a meeting id only finds that id. `gone`: look
    among the rows the entity corrections dropped instead."""
    article = c.article or (c.meeting_id.rpartition(":")[0] if c.meeting_id else None)
    rows = [r for r in m.by_article.get(article, []) if (r in m.merged_away if gone else r not in m.gone)]
    ids = m.ids
    if c.sentence:
        said = _norm(c.sentence)
        rows = [r for r in rows if _norm(m.frame.at[r, "evidence"]) == said]
    elif c.meeting_id:
        rows = [r for r in rows if ids[r] == c.meeting_id]
    if c.participants:
        want = frozenset(c.participants)
        rows = [r for r in rows if want in (m.machine(r), m.participants(r))]
    if not rows:
        return None
    best = [r for r in rows if ids[r] == c.meeting_id] or \
        [r for r in rows if c.sent_idx is not None and int(m.frame.at[r, "sent_idx"]) == c.sent_idx] or rows
    return best[0]


def _edit(m: _Meetings, row: int, c: Correction, fixed: dict) -> None:
    for key, value in c.changes:
        if key == "sides":
            m.set_sides(row, [list(s) for s in value])
        elif key == "date":
            fixed[m.ids[row]] = value
        else:
            m.set(row, **{key: value})


def _added(c: Correction, sentences: pd.DataFrame, articles: pd.DataFrame) -> dict | None:
    """The meetings row an add-meeting entry makes, from its sentence; None when the sentence is not in the article."""
    rows = sentences[sentences["article_id"] == c.article]
    same = rows[rows["text"].map(_norm) == _norm(c.sentence)]
    if not len(same):
        return None
    hit = same[same["sent_idx"] == c.sent_idx] if c.sent_idx is not None else same
    s = (hit if len(hit) else same).iloc[0]
    topics = list(s["topics"]) if s["topics"] is not None and len(s["topics"]) else []
    why = [{"topic": t, "term": None, "sent_idx": int(s["sent_idx"])} for t in topics]
    if not topics:
        found = articles.loc[articles["article_id"] == c.article, "topics"]
        topics = list(found.iloc[0]) if len(found) and found.iloc[0] is not None else []
        why = [{"topic": t, "term": None, "sent_idx": None} for t in topics]
    sides = [list(x) for x in c.set["sides"]]
    people = list(dict.fromkeys(p for x in sides for p in x))
    return {"meeting_id": f"{c.article}:{c.id}", "event_id": None, "article_id": c.article,
            "sent_idx": int(s["sent_idx"]), "sent_idxs": [int(s["sent_idx"])], "participants": people, "sides": sides,
            "contact": contact_id(people), "type": c.set["type"], "status": c.set.get("status") or "held",
            "location": c.set.get("location"), "date_ref": None, "topics": topics, "topic_terms": why,
            "trigger": None, "evidence": s["text"], CORRECTED: "add-meeting"}


def apply_to_meetings(meetings: pd.DataFrame, corrections: Corrections, fix: EntityFix, articles: pd.DataFrame,
                      sentences: pd.DataFrame | None = None, split_sents: dict | None = None,
                      outcome: Outcome | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """The meetings table (the map's rows, in file order) after the corrections, and the dates
    the analyst gave ({meeting_id: ISO date}, set after the overlay dates the reports: `fix_dates`).
    `sentences`: the rows of the sentences add-meeting entries name; `split_sents`: see `_split_of`."""
    outcome = outcome if outcome is not None else Outcome()
    named = {c.article or (c.meeting_id or "").rpartition(":")[0] for c in corrections.of(MEETING_OPS)}
    m, fixed = _Meetings(meetings, named), {}
    if fix:
        entity_links(m, fix, split_sents or {}, outcome)
    for c in corrections.of(MEETING_OPS):
        if c.op == "add-meeting":
            row = _added(c, sentences if sentences is not None else pd.DataFrame(columns=["article_id", "text"]),
                         articles)
            if row is None:
                outcome.miss(c, f"no sentence '{_short(c.sentence)}' in article {c.article}")
                continue
            if c.set.get("date"):
                fixed[row["meeting_id"]] = c.set["date"]
            m.added.append(row)
        else:
            row = find(m, c)
            if row is None:
                why = "its people are one entity now, or rejected (entity corrections)" if find(m, c, True) is not None \
                    else f"no contact of {', '.join(c.participants or ()) or c.meeting_id} told in " \
                         f"'{_short(c.sentence or '')}' in article {c.article or c.meeting_id}"
                outcome.miss(c, why)
                continue
            if c.op == "reject-meeting":
                m.gone.add(row)
            elif c.op == "edit-meeting":
                _edit(m, row, c, fixed)
            m.tag(row, c.op)
        outcome.applied.append(c.id)
    return _table(m, articles), fixed


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _table(m: _Meetings, articles: pd.DataFrame) -> pd.DataFrame:
    """The corrected rows: changes set, rejected rows out, added rows after their article's own."""
    frame = m.frame.copy()
    frame[CORRECTED] = pd.Series([", ".join(m.tags[r]) if r in m.tags else None for r in range(m.n)],
                                 index=frame.index, dtype=object)
    for col in {c for cols in m.changed.values() for c in cols}:
        values = frame[col].to_numpy(dtype=object).copy()
        for row, cols in m.changed.items():
            if col in cols:
                values[row] = cols[col]
        frame[col] = pd.Series(values, index=frame.index, dtype=object)
    if m.gone:
        frame = frame.drop(index=sorted(m.gone))
    if not m.added:
        return frame.reset_index(drop=True)
    added = pd.DataFrame(m.added)
    frame = pd.concat([frame, added.astype(object)], ignore_index=True) if len(frame) else added
    order = {a: i for i, a in enumerate(articles["article_id"].tolist())}
    keys = frame["article_id"].map(lambda a: order.get(a, len(order))).to_numpy()
    return frame.take(np.argsort(keys, kind="stable")).reset_index(drop=True)


def fix_dates(fixed: dict[str, str]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """Sets the dates the analyst gave (date_basis "corrected"), after the reports are dated and
    before they are grouped into events."""
    def apply(meetings: pd.DataFrame) -> pd.DataFrame:
        if not fixed:
            return meetings
        rows = np.flatnonzero(meetings["meeting_id"].isin(list(fixed)).to_numpy())
        if not len(rows):
            return meetings
        meetings = meetings.copy()
        ids = meetings["meeting_id"].to_numpy(dtype=object)
        for col in ("date", "date_precision", "date_basis", "date_ref"):
            meetings[col] = meetings[col].astype(object)
        for r in rows:
            value = fixed[ids[r]]
            for col, v in (("date", value), ("date_precision", date_precision(value) if value else None),
                           ("date_basis", "corrected"), ("date_ref", None)):
                meetings.iat[r, meetings.columns.get_loc(col)] = v
        return meetings
    return apply


@dataclass
class Run:
    """The corrections of one build: the file's entries, what they do to links, what the overlay
    needs to apply them to contacts (the sentences add-meeting entries name, the split spellings'
    sentences), and what came of them."""

    corrections: Corrections
    fix: EntityFix
    sentences: pd.DataFrame | None = None
    split_sents: dict = field(default_factory=dict)
    outcome: Outcome = field(default_factory=Outcome)

    @classmethod
    def of(cls, corrections: Corrections) -> "Run":
        return cls(corrections, EntityFix.of(corrections))

    def linked(self, links: pd.DataFrame) -> None:
        """Note the entity corrections done, from the mentions they changed (`links`, see
        `split_sentences`): one whose entity (or spelling) no article names is not applied."""
        self.split_sents = split_sentences(links, self.fix)
        named = set(links["entity_id"].tolist())
        for c in self.corrections.of(ENTITY_OPS):
            if c.entity not in named:
                self.outcome.miss(c, f"no article names entity {c.entity}")
            elif c.op == "split" and not any(self.split_sents.get((c.entity, c.into), {}).values()) and \
                    not _spelled(links, c):
                self.outcome.miss(c, f"no mention of {c.entity} is spelled '{c.alias}'")
            else:
                self.outcome.applied.append(c.id)

    def apply(self, meetings: pd.DataFrame, articles: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
        """The meetings corrected, and the analyst's dates (see `apply_to_meetings`)."""
        return apply_to_meetings(meetings, self.corrections, self.fix, articles, self.sentences, self.split_sents,
                                 self.outcome)


def _spelled(links: pd.DataFrame, c: Correction) -> bool:
    rows = links[links["entity_id"] == c.entity]
    return any(fold(s or "") == fold(c.alias or "") for s in rows["surface"].tolist())
