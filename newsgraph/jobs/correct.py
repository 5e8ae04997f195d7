"""Corrections an analyst makes from the tables they see: each call checks its target against the
current tables, writes one entry into the corrections file (or takes one out) and returns it. The
next build applies it (`python -m newsgraph correct …` builds right after; the dashboard's buttons
call these same functions, then rebuild).

A contact is named by its meeting id as the tables show it; the entry written names it by what
survives a rebuild (article, sentence, participants), with the id as a hint. An entity is named
by its id, checked against the entities table (and the registry, for a merge's target or a side).
"""
from __future__ import annotations

import getpass
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError
from newsgraph.base.registry import SLUG
from newsgraph.corpus import correctionfile
from newsgraph.corpus.corrections import (DATE, SET_KEYS, STATUSES, Correction, Corrections, entry_id,
                                          load_corrections)
from newsgraph.storage import parts, store
from newsgraph.storage.schema import MEETING_TYPES

def _file(path: Path | None) -> Path:
    return Path(path or settings.CORRECTIONS_FILE)


def _out(out: Path | None) -> Path:
    return Path(out or settings.PROCESSED_DIR)


def user() -> str:
    """Who makes a correction when no one is named: the login name."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def new_entry(op: str, by: str | None = None, note: str | None = None, **fields) -> Correction:
    """An entry made now, by `by` (default: the login name), with its id (from what it does and
    when: the same correction made twice gets two ids)."""
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    c = Correction(op=op, by=by or user(), at=at, note=note or None, **fields)
    return replace(c, id=entry_id(c, salt=at))


def parse_sides(text: str) -> tuple[tuple[str, ...], ...]:
    """Sides written on one line: sides split by ';', people by ',' ("hulusi-akar,yasar-guler;sergey-soygu")."""
    sides = tuple(tuple(p.strip() for p in side.split(",") if p.strip()) for side in text.split(";"))
    sides = tuple(s for s in sides if s)
    bad = [p for s in sides for p in s if not SLUG[0].fullmatch(p)]
    if not sides or bad:
        raise NewsgraphError(f"sides '{text}': expected entity ids, people of a side split by ',' and sides by ';' "
                             f"(hulusi-akar,yasar-guler;sergey-soygu){'; not ids: ' + ', '.join(bad) if bad else ''}")
    return sides


def check_changes(changes: dict) -> tuple[tuple[str, object], ...]:
    """The `set` of an edit or an addition, checked: sides (text or lists), type, status, location, date."""
    out = []
    for key, value in changes.items():
        if key not in SET_KEYS:
            raise NewsgraphError(f"cannot set '{key}': one of {', '.join(SET_KEYS)}")
        if key == "sides":
            value = parse_sides(value) if isinstance(value, str) else tuple(tuple(s) for s in value)
        elif key == "type" and value not in MEETING_TYPES:
            raise NewsgraphError(f"type '{value}': one of {', '.join(MEETING_TYPES)}")
        elif key == "status" and value not in STATUSES:
            raise NewsgraphError(f"status '{value}': one of {', '.join(STATUSES)}")
        elif key == "location" and value is not None and not SLUG[0].fullmatch(value):
            raise NewsgraphError(f"location '{value}' is not an entity id")
        elif key == "date" and value is not None and not DATE[0].fullmatch(value):
            raise NewsgraphError(f"date '{value}': {DATE[1]}")
        out.append((key, value))
    return tuple(sorted(out, key=lambda kv: SET_KEYS.index(kv[0])))


# ---- reading what the analyst points at -----------------------------------------------------------

def meeting_row(meeting_id: str, out: Path | None = None) -> dict:
    """The row of the meetings table with this id (NewsgraphError when there is none)."""
    path = store.table_path(_out(out), "meetings")
    try:
        table = pq.read_table(path, filters=[("meeting_id", "==", meeting_id)])
    except (OSError, ValueError) as exc:
        raise NewsgraphError(f"cannot read the meetings table in {_out(out)}: {exc}") from None
    rows = store.to_frame(table).to_dict("records")
    if not rows:
        raise NewsgraphError(f"no contact '{meeting_id}' in the meetings table (ids look like ARTICLE:m0)")
    return rows[0]


def known_entities(out: Path | None = None) -> set[str]:
    """The ids of the entities table."""
    return set(store.read_table(_out(out), "entities", ["entity_id"])["entity_id"].tolist())


def _check_entities(ids, out: Path | None, registry_ok: bool = True) -> None:
    known = known_entities(out)
    if registry_ok:
        from newsgraph.base.registry import load_registry
        known |= set(load_registry().entities)
    missing = [i for i in ids if i and i not in known]
    if missing:
        raise NewsgraphError(f"unknown entity id(s): {', '.join(missing)} (not in the entities table"
                             f"{' nor data/actors.yaml' if registry_ok else ''})")


def _report_fields(row: dict) -> dict:
    """What names a report in an entry: article, sentence (its number and text), participants, meeting id."""
    return {"article": row["article_id"], "sent_idx": int(row["sent_idx"]), "sentence": row["evidence"],
            "participants": tuple(row["participants"]), "meeting_id": row["meeting_id"]}


def _added_entry(row: dict, path: Path) -> Correction | None:
    """The add-meeting entry that made this row, if an analyst added it."""
    if "add-meeting" not in (row.get("corrected") or ""):
        return None
    own = row["meeting_id"].rpartition(":")[2]
    return next((c for c in load_corrections(path).entries if c.op == "add-meeting" and c.id == own), None)


# ---- the corrections ------------------------------------------------------------------------------

def correct_meeting(op: str, meeting_id: str, changes: dict | None = None, by: str | None = None,
                    note: str | None = None, out: Path | None = None, path: Path | None = None) -> Correction:
    """reject-meeting, confirm-meeting or edit-meeting (`changes`: set) of a report of the tables.
    A contact an analyst added is corrected in its add-meeting entry instead (rejecting it undoes it)."""
    if op not in ("reject-meeting", "confirm-meeting", "edit-meeting"):
        raise NewsgraphError(f"'{op}' is not a correction of a contact")
    path, row = _file(path), meeting_row(meeting_id, out)
    set_ = check_changes(changes or {}) if op == "edit-meeting" else ()
    if op == "edit-meeting" and not set_:
        raise NewsgraphError("nothing to change: give sides, type, status, location or date")
    _check_entities([p for key, v in set_ if key == "sides" for s in v for p in s] +
                    [v for key, v in set_ if key == "location"], out)
    added = _added_entry(row, path)
    if added is not None:
        return _correct_added(op, added, set_, by, note, path)
    entry = new_entry(op, by, note, changes=set_, **_report_fields(row))
    correctionfile.add_entry(path, entry)
    return entry


def _correct_added(op: str, added: Correction, set_: tuple, by: str | None, note: str | None, path: Path) -> Correction:
    if op == "reject-meeting":
        return correctionfile.remove_entry(path, added.id)
    if op == "confirm-meeting":
        return added                                         # an analyst's own contact needs no confirming
    merged = tuple(sorted({**added.set, **dict(set_)}.items(), key=lambda kv: SET_KEYS.index(kv[0])))
    entry = replace(added, changes=merged, by=by or user(), at=datetime.now().astimezone().isoformat(timespec="seconds"),
                    note=note or added.note)
    correctionfile.remove_entry(path, added.id)
    correctionfile.add_entry(path, entry)                     # same id: the contact keeps its meeting id
    return entry


def add_meeting(article_id: str, sent_idx: int, changes: dict, by: str | None = None, note: str | None = None,
                out: Path | None = None, path: Path | None = None) -> Correction:
    """A contact the machine missed, told in sentence `sent_idx` of an article (`changes`: sides and
    type needed; status (held), location, date)."""
    set_ = check_changes(changes)
    if not {"sides", "type"} <= dict(set_).keys():
        raise NewsgraphError("a contact needs its sides and its type")
    found = parts.read_articles(store.current_dir(_out(out)), "sentences", [article_id], ["sent_idx", "text"])
    text = found.loc[found["sent_idx"] == sent_idx, "text"]
    if not len(text):
        raise NewsgraphError(f"article {article_id} has no sentence {sent_idx}"
                             + (f" (it has 0–{int(found['sent_idx'].max())})" if len(found) else " (no such article)"))
    _check_entities([p for s in dict(set_)["sides"] for p in s] + [dict(set_).get("location")], out)
    entry = new_entry("add-meeting", by, note, article=article_id, sent_idx=int(sent_idx), sentence=text.iloc[0],
                      changes=set_)
    correctionfile.add_entry(_file(path), entry)
    return entry


def reject_entity(entity_id: str, by: str | None = None, note: str | None = None, out: Path | None = None,
                  path: Path | None = None) -> Correction:
    """An entity that is none (its mentions link to nothing; it leaves the contacts it was in)."""
    _check_entities([entity_id], out, registry_ok=False)
    entry = new_entry("reject-entity", by, note, entity=entity_id)
    correctionfile.add_entry(_file(path), entry)
    return entry


def merge_entities(from_id: str, into_id: str, by: str | None = None, note: str | None = None,
                   out: Path | None = None, path: Path | None = None) -> Correction:
    """Two ids of one entity: `from_id`'s mentions and contacts become `into_id`'s."""
    if from_id == into_id:
        raise NewsgraphError("an entity cannot be merged into itself")
    _check_entities([from_id], out, registry_ok=False)
    _check_entities([into_id], out)
    entry = new_entry("merge", by, note, entity=from_id, into=into_id)
    correctionfile.add_entry(_file(path), entry)
    return entry


def split_alias(entity_id: str, alias: str, into_id: str | None = None, by: str | None = None,
                note: str | None = None, out: Path | None = None, path: Path | None = None) -> Correction:
    """A spelling linked to an entity that names someone else: its mentions become `into_id`'s
    (default: the slug of the spelling)."""
    from newsgraph.base.textnorm import slugify
    _check_entities([entity_id], out, registry_ok=False)
    into_id = into_id or slugify(alias)
    if not SLUG[0].fullmatch(into_id or "") or into_id == entity_id:
        raise NewsgraphError(f"'{into_id}' cannot be the new entity's id")
    entry = new_entry("split", by, note, entity=entity_id, alias=alias, into=into_id)
    correctionfile.add_entry(_file(path), entry)
    return entry


def undo(key: str, path: Path | None = None) -> Correction:
    """Take an entry out of the file: by id, or by its number in `correct list` (1, 2, …)."""
    return correctionfile.remove_entry(_file(path), str(key))


def listing(path: Path | None = None) -> Corrections:
    """The file's entries, in order."""
    return load_corrections(_file(path))


def not_applied(out: Path | None = None) -> dict[str, dict]:
    """The entries the last build could not apply, by id (with line and why)."""
    try:
        manifest = store.read_manifest(_out(out), summary=True)
    except NewsgraphError:
        return {}
    return {c["id"]: c for c in manifest.get("corrections", {}).get("not_applied", [])}


def corrected_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a meetings or entities table an analyst's correction touched."""
    return table[table["corrected"].notna()] if "corrected" in table else table.iloc[0:0]
