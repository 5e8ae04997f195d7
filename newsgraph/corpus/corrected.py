"""The analyst's entity corrections applied to what the machine extracted (every build), and what
all corrections did.

Entity corrections change links: a merged entity's mentions link to the entity it was merged
into, a rejected entity's mentions link to nothing, a split-off spelling's mentions link to a new
entity (`EntityFix`; views/stored.py applies it to the parts that name them, the contacts follow
in contactfixes.py). Every row a correction touched says so in its `corrected` column, and every
entry that found nothing to correct is said in the build's manifest (`Outcome`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from newsgraph.base.textnorm import fold
from newsgraph.corpus.corrections import Correction, Corrections

CORRECTED = "corrected"           # the column of meetings and entities naming the corrections that touched a row


@dataclass
class EntityFix:
    """What the entity corrections do to links: merges (followed to their end), rejections, splits."""

    merges: dict[str, str | None] = field(default_factory=dict)          # from → the id it becomes (None: rejected)
    rejected: set[str] = field(default_factory=set)
    splits: dict[str, list[tuple[str, str]]] = field(default_factory=dict)   # entity → [(folded alias, new id)]
    tags: dict[str, str] = field(default_factory=dict)                     # entity id → what touched it

    @classmethod
    def of(cls, corrections: Corrections) -> "EntityFix":
        fix = cls()
        into = {c.entity: c.into for c in corrections.of(("merge",))}
        fix.rejected = {c.entity for c in corrections.of(("reject-entity",))}
        for c in corrections.of(("split",)):
            fix.splits.setdefault(c.entity, []).append((fold(c.alias), c.into))
            fix.tags.setdefault(c.entity, "split")
            fix.tags[c.into] = "split"
        for start in into:
            at, seen = start, {start}
            while at in into and into[at] not in seen:
                at = into[at]
                seen.add(at)
            fix.merges[start] = fix.final(at)
            if fix.merges[start] is not None:
                fix.tags[fix.merges[start]] = "merge"
        return fix

    def final(self, entity_id: str | None) -> str | None:
        """What an id becomes after merges and rejections (None: rejected)."""
        if entity_id is None or entity_id in self.rejected:
            return None
        return self.merges[entity_id] if entity_id in self.merges else entity_id

    @property
    def affected(self) -> set[str]:
        """The ids whose mentions change."""
        return set(self.merges) | self.rejected | set(self.splits)

    def __bool__(self) -> bool:
        return bool(self.affected)

    def link(self, entity_id: str | None, surface: str | None) -> str | None:
        """A mention's entity after the corrections (a split spelling first, then merges and rejections)."""
        for alias, new in self.splits.get(entity_id, ()):
            if surface is not None and fold(surface) == alias:
                return self.final(new)
        return self.final(entity_id)

    def mentions(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Mentions (entity_id, surface) with their links corrected."""
        ids = frame["entity_id"].to_numpy(dtype=object)
        rows = np.flatnonzero(pd.Series(ids).isin(self.affected).to_numpy())
        if not len(rows):
            return frame
        out = ids.copy()
        surfaces = frame["surface"].to_numpy(dtype=object)
        for r in rows:
            out[r] = self.link(ids[r], surfaces[r])
        return frame.assign(entity_id=pd.Series(out, index=frame.index, dtype=object))


@dataclass
class Outcome:
    """What the corrections did: entries applied, and those that found nothing (with why)."""

    applied: list[str] = field(default_factory=list)
    not_applied: list[dict] = field(default_factory=list)
    dropped: int = 0                      # reports an entity correction left without two sides

    def miss(self, c: Correction, why: str) -> None:
        self.not_applied.append({"id": c.id, "line": c.line, "op": c.op, "why": why})

    def as_dict(self, corrections: Corrections) -> dict:
        """For the manifest."""
        return {"file": str(corrections.path), "sha256": corrections.sha256, "entries": len(corrections.entries),
                "applied": len(self.applied), "not_applied": self.not_applied, "reports_dropped": self.dropped}


def tag_entities(table: pd.DataFrame, fix: EntityFix) -> pd.DataFrame:
    """The entities table with its `corrected` column: merge (an entity others were merged
    into), split (an entity a spelling was split off, and the new one), else null."""
    return table.assign(**{CORRECTED: pd.Series([fix.tags.get(e) for e in table["entity_id"].tolist()],
                                                index=table.index, dtype=object)})


def split_sentences(links: pd.DataFrame, fix: EntityFix) -> dict:
    """For each split (entity, new id): {(article_id, sent_idx): True when the sentence names the
    entity only by the spelling split off, False when also otherwise}. `links`: the mentions of
    the changed entities as they were (article_id, sent_idx, entity_id, surface)."""
    out: dict[tuple[str, str], dict] = {}
    if not fix.splits or not len(links):
        return out
    rows = links[links["entity_id"].isin(set(fix.splits)).to_numpy()]
    for art, sent, entity, surface in zip(rows["article_id"].tolist(), rows["sent_idx"].tolist(),
                                          rows["entity_id"].tolist(), rows["surface"].tolist()):
        for alias, new in fix.splits[entity]:
            said = out.setdefault((entity, new), {})
            said[(art, int(sent))] = said.get((art, int(sent)), True) and fold(surface or "") == alias
    return out
