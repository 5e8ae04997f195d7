"""The analyst's corrections (`data/corrections.yaml`): what they are, read with file:line errors.

The file is a YAML list, one entry per correction, applied in order on every build after the
per-article extraction (corpus/corrected.py). An entry names what it refers to by what survives a
rebuild: an entity by its id; a contact (a report of the meetings table) by its article, the
sentence that tells it (its text, and its number as a hint) and its participants as extracted,
with the meeting id it had as a last hint. Each entry says who made it (`by`), when (`at`) and why
(`note`). Undo is removing the entry (corpus/correctionfile.py).
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import Node, ScalarNode, SequenceNode

from newsgraph.base import yamltext
from newsgraph.base.errors import NewsgraphError
from newsgraph.base.registry import SLUG, RegistryError, _Entry, _line, _seq
from newsgraph.base.textnorm import slugify
from newsgraph.storage.schema import MEETING_TYPES

MEETING_OPS = ("reject-meeting", "confirm-meeting", "edit-meeting", "add-meeting")
ENTITY_OPS = ("reject-entity", "merge", "split")
OPS = MEETING_OPS + ENTITY_OPS
STATUSES = ("held", "planned", "cancelled", "denied")
SET_KEYS = ("sides", "type", "status", "location", "date")
_COMMON = {"id", "op", "by", "at", "note"}
_REPORT = {"article", "sent_idx", "sentence", "participants", "meeting_id"}
KEYS = {"reject-meeting": _COMMON | _REPORT, "confirm-meeting": _COMMON | _REPORT,
        "edit-meeting": _COMMON | _REPORT | {"set"}, "add-meeting": _COMMON | {"article", "sent_idx", "sentence", "set"},
        "reject-entity": _COMMON | {"entity"}, "merge": _COMMON | {"entity", "into"},
        "split": _COMMON | {"entity", "alias", "into"}}
ENTRY_ID = (re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*"), "letters, digits, '.', '_' or '-' (c-1a2b3c4d)")
DATE = (re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?)?)?"
                   r"|\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d"),
        "YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM or a range of days YYYY-MM-DD/YYYY-MM-DD")
_DIGITS = (re.compile(r"\d{1,6}"), "a sentence number (0, 1, 2, …)")
_NULL = "tag:yaml.org,2002:null"


class CorrectionsError(NewsgraphError, ValueError):
    """The corrections file is malformed; str() is "<path>:<line>: <message>"."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{self.path}{'' if line is None else f':{line}'}: {message}")


@dataclass(frozen=True)
class Correction:
    """One entry of the file. `changes` holds what `set` gives (sides as a tuple of tuples; a
    location or date given as null is None: cleared)."""

    op: str
    id: str = ""
    by: str | None = None
    at: str | None = None
    note: str | None = None
    entity: str | None = None              # reject-entity, merge (from), split (of)
    into: str | None = None                # merge: the entity kept; split: the new entity
    alias: str | None = None               # split: the spelling split off
    article: str | None = None             # contact ops: the article ...
    sent_idx: int | None = None            # ... the sentence's number (a hint: the text decides) ...
    sentence: str | None = None            # ... the sentence as written ...
    participants: tuple[str, ...] | None = None   # ... and its participants as extracted
    meeting_id: str | None = None          # the report's id when corrected (a last hint)
    changes: tuple[tuple[str, object], ...] = ()
    line: int = field(default=0, compare=False)    # where it starts in the file (0: not from a file)

    @property
    def set(self) -> dict[str, object]:
        """What an edit or an addition gives: sides, type, status, location, date."""
        return dict(self.changes)

    def key_fields(self) -> dict:
        """The entry without who-when-why: what it does (its id, when none is written, hashes it)."""
        keep = ("op", "entity", "alias", "into", "article", "sent_idx", "sentence", "participants", "meeting_id")
        out = {k: getattr(self, k) for k in keep if getattr(self, k) is not None}
        return {**out, **({"set": self.set} if self.changes else {})}

    def fields(self) -> dict:
        """Every field written in the file, in the file's order."""
        head = {k: getattr(self, k) for k in ("id", "op", "by", "at")}
        body = {k: v for k, v in self.key_fields().items() if k != "op"}
        return {k: v for k, v in {**head, **body, "note": self.note}.items() if v is not None}

    def describe(self) -> str:
        """One line: what the entry does (for `correct list`)."""
        what = {"reject-entity": f"reject entity {self.entity}", "merge": f"merge {self.entity} into {self.into}",
                "split": f"split '{self.alias}' off {self.entity} as {self.into}"}.get(self.op)
        if what is None:
            people = "–".join(",".join(s) for s in self.set["sides"]) if "sides" in self.set \
                else ",".join(self.participants or ())
            sent = f"#{self.sent_idx}" if self.sent_idx is not None else ""
            what = f"{self.op} {self.meeting_id or ''} {people} in {self.article or '?'}{sent}".replace("  ", " ")
            if self.op in ("edit-meeting", "add-meeting"):
                what += " set " + ", ".join(f"{k}={_short(v)}" for k, v in self.changes)
        who = " ".join(x for x in (self.by, self.at) if x)
        return f"{what}" + (f" ({who})" if who else "") + (f" — {self.note}" if self.note else "")


def _short(value: object) -> str:
    if isinstance(value, tuple):
        return "–".join(",".join(side) for side in value)
    return "null" if value is None else str(value)


def entry_id(c: Correction, salt: str = "") -> str:
    """An entry's id: a hash of what it does (and `salt`: when it was made); an entry written by
    hand without one gets it from what it does."""
    text = json.dumps(c.key_fields(), sort_keys=True, ensure_ascii=False, default=list) + salt
    return "c-" + hashlib.sha1(text.encode()).hexdigest()[:8]


def date_precision(value: str) -> str:
    """The precision of an ISO date an analyst gives: year, month, day (a range of days too) or minute."""
    if "/" in value:
        return "day"
    return {4: "year", 7: "month", 10: "day"}.get(len(value), "minute")


@dataclass(frozen=True)
class Corrections:
    """The corrections file as read: its entries in order, and its bytes' hash (None: no file)."""

    path: Path
    entries: tuple[Correction, ...] = ()
    sha256: str | None = None

    def of(self, ops: tuple[str, ...]) -> list[Correction]:
        return [c for c in self.entries if c.op in ops]


def load_corrections(path: Path) -> Corrections:
    """Read the corrections file; a missing or empty one holds none. Malformed: CorrectionsError (file:line)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Corrections(path)
    except OSError as exc:
        raise CorrectionsError(path, None, f"cannot read: {exc}") from None
    return parse_corrections(data, path)


def parse_corrections(data: bytes, path: Path) -> Corrections:
    """The corrections in `data`, the bytes of the file at `path` (named in errors)."""
    try:
        root = compose(data.decode("utf-8"), path)
        entries = tuple(_correction(path, node) for node in (root.value if root is not None else []))
    except UnicodeDecodeError:
        raise CorrectionsError(path, None, "not UTF-8 text") from None
    except RegistryError as exc:
        raise CorrectionsError(exc.path, exc.line, exc.message) from None
    check(path, entries)
    return Corrections(path, entries, hashlib.sha256(data).hexdigest())


def compose(text: str, path: Path) -> SequenceNode | None:
    """The file's YAML as nodes (with their lines): a list, or None when it holds no entries."""
    try:
        root = yamltext.compose(text)       # nesting, control characters and syntax errors refused with the line
    except yamltext.YamlTextError as exc:
        hint = " (a text holding ': ' or ' #' needs quotes)" if "mapping values" in exc.message else ""
        raise CorrectionsError(path, exc.line, exc.message + hint) from None
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL):
        return None
    if not isinstance(root, SequenceNode):
        raise CorrectionsError(path, _line(root), "the file must be a YAML list of corrections ('- op: reject-entity')")
    return root


def _correction(path: Path, node: Node) -> Correction:
    """One entry, every field checked; a problem is a RegistryError at its line."""
    e = _Entry(path, node, "a correction", None)
    op = e.text("op", required=True, choices=OPS)
    for key, _value in node.value:
        if key.value not in KEYS[op]:
            raise RegistryError(path, _line(key), f"unknown key '{key.value}' in a {op} entry "
                                                  f"(allowed: {', '.join(sorted(KEYS[op]))})")
    sent = e.text("sent_idx", pattern=_DIGITS)
    c = Correction(op=op, id=e.text("id", pattern=ENTRY_ID) or "", by=e.text("by"), at=e.text("at"), note=e.text("note"),
                   entity=e.text("entity", pattern=SLUG), into=e.text("into", pattern=SLUG), alias=e.text("alias"),
                   article=e.text("article"), sent_idx=int(sent) if sent is not None else None,
                   sentence=e.text("sentence"), meeting_id=e.text("meeting_id"),
                   participants=_slugs(e, "participants") if "participants" in e.pairs else None,
                   changes=_changes(path, e) if "set" in e.pairs else (), line=_line(node))
    _required(e, c)
    if op == "split" and c.into is None:
        c = _replace(c, into=slugify(c.alias or ""))
    return _replace(c, id=c.id or entry_id(c))


def _replace(c: Correction, **changes) -> Correction:
    from dataclasses import replace
    return replace(c, **changes)


def _required(e: _Entry, c: Correction) -> None:
    """What each op needs."""
    needs = {"reject-entity": ("entity",), "merge": ("entity", "into"), "split": ("entity", "alias"),
             "add-meeting": ("article", "sentence", "set")}.get(c.op, ())
    for key in needs:
        if getattr(c, key) is None and not (key == "set" and c.changes):
            e.fail(None, f"a {c.op} entry needs '{key}'")
    if c.op in ("reject-meeting", "confirm-meeting", "edit-meeting") and not c.meeting_id and \
            not (c.article and c.sentence):
        e.fail(None, f"a {c.op} entry needs 'article' and 'sentence' (or at least 'meeting_id')")
    if c.op == "edit-meeting" and not c.changes:
        e.fail("set" if "set" in e.pairs else None, "an edit-meeting entry needs 'set' with what to change")
    if c.op == "add-meeting" and not {"sides", "type"} <= set(c.set):
        e.fail("set", "an add-meeting entry needs 'sides' and 'type' in 'set'")
    if c.op in ("merge", "split") and c.into == c.entity:
        e.fail("into", f"'into' must be another entity than '{c.entity}'")
    if c.op == "split" and not slugify(c.alias or ""):
        e.fail("alias", "'alias' must be a spelling with letters")


def _slugs(e: _Entry, key: str) -> tuple[str, ...]:
    """A list of entity ids."""
    out = []
    for text, line in e.strings(key):
        if not SLUG[0].fullmatch(text):
            raise RegistryError(e.path, line, f"'{key}' holds a bad entity id '{text}': expected {SLUG[1]}")
        out.append(text)
    return tuple(out)


def _changes(path: Path, e: _Entry) -> tuple[tuple[str, object], ...]:
    """The `set` mapping: sides (a list of lists of entity ids), type, status, location, date."""
    s = _Entry(path, e.pairs["set"], "'set'", set(SET_KEYS))
    out: list[tuple[str, object]] = []
    for key in SET_KEYS:
        if key not in s.pairs:
            continue
        if key == "sides":
            out.append((key, _sides(path, s)))
        else:
            pattern = {"location": SLUG, "date": DATE}.get(key)
            choices = {"type": MEETING_TYPES, "status": STATUSES}.get(key)
            value = s.text(key, pattern=pattern, choices=choices)
            if value is None and key in ("type", "status"):
                s.fail(key, f"'{key}' cannot be empty")
            out.append((key, value))
    if not out:
        e.fail("set", "'set' is empty: give sides, type, status, location or date")
    return tuple(out)


def _sides(path: Path, s: _Entry) -> tuple[tuple[str, ...], ...]:
    sides = []
    for node in _seq(path, s.pairs["sides"], "sides"):
        if not isinstance(node, SequenceNode) or not node.value:
            raise RegistryError(path, _line(node), "each side must be a non-empty list of entity ids ([hulusi-akar])")
        side = []
        for item in node.value:
            if not isinstance(item, ScalarNode) or not SLUG[0].fullmatch(item.value or ""):
                raise RegistryError(path, _line(item), f"a side holds a bad entity id: expected {SLUG[1]}")
            side.append(item.value)
        sides.append(tuple(dict.fromkeys(side)))
    if not sides:
        raise RegistryError(path, _line(s.pairs["sides"]), "'sides' needs at least one side")
    return tuple(sides)


def check(path: Path, entries: tuple[Correction, ...]) -> None:
    """Across entries: ids unique, an entity rejected or merged once, no merge cycle."""
    seen: dict[str, int] = {}
    fate: dict[str, int] = {}
    for c in entries:
        if c.id in seen:
            raise CorrectionsError(path, c.line, f"id '{c.id}' repeats the entry at line {seen[c.id]}")
        seen[c.id] = c.line
        if c.op in ("reject-entity", "merge"):
            if c.entity in fate:
                raise CorrectionsError(path, c.line, f"entity '{c.entity}' is already rejected or merged "
                                                     f"at line {fate[c.entity]}")
            fate[c.entity] = c.line
    into = {c.entity: c for c in entries if c.op == "merge"}
    for c in into.values():
        at, path_ids = c.into, [c.entity]
        while at in into and at not in path_ids[1:]:
            path_ids.append(at)
            if at == c.entity:
                raise CorrectionsError(path, c.line, "merges go round in a circle: " + " → ".join(path_ids))
            at = into[at].into
