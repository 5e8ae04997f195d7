"""Writing the corrections file: an entry added at its end, an entry taken out (undo).

The file stays the analyst's: adding appends the new entry's lines, undoing deletes one entry's
lines (and the comment lines right above it), so everything else — comments, order, layout — is
kept byte for byte. Every change is checked (the file must read before and after it), made under
a lock file, and written atomically (a temporary file renamed over it): a build reading the file
meanwhile sees the old or the new one, never half of it.
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from newsgraph.corpus.corrections import (Correction, Corrections, CorrectionsError, compose, load_corrections,
                                          parse_corrections)

HEADER = """\
# newsgraph corrections: one entry per correction, applied on every build after extraction
# (README, "Corrections"). Edit by hand or with `python -m newsgraph correct …`; undo an entry by
# deleting it (`python -m newsgraph correct undo ID`). The command keeps your comments: it appends
# new entries at the end and deletes only the lines of the entry it undoes.

"""


def to_yaml(c: Correction) -> str:
    """An entry as the lines of a YAML list item, one field a line (`set` as a block below it)."""
    lines = []
    for key, value in c.fields().items():
        if key == "set":
            lines.append("set:")
            lines += [f"  {k}: {_flow(v)}" for k, v in value.items()]
        else:
            lines.append(f"{key}: {_flow(value)}")
    return "\n".join(("- " if i == 0 else "  ") + line for i, line in enumerate(lines)) + "\n"


def _flow(value: object) -> str:
    """A value in YAML flow style on one line ('2020-01-12' quoted, lists as [a, b])."""
    if isinstance(value, tuple):
        value = [list(v) if isinstance(v, tuple) else v for v in value]
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 30)
    return text.strip()[1:-1]


def _gap(text: str) -> str:
    """What goes between the file's text and an appended entry: a blank line."""
    if not text.strip() or text.endswith("\n\n"):
        return ""
    return "\n" if text.endswith("\n") else "\n\n"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer of the file at a time (a lock file beside it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(f".{path.name}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def write_atomic(path: Path, text: str) -> None:
    """Replace the file's content in one rename."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def add_entry(path: Path, entry: Correction) -> Corrections:
    """Append `entry` to the file (made with a header when missing); the file as read after."""
    path = Path(path)
    with _locked(path):
        before = load_corrections(path)                        # a malformed file is never written to
        if any(c.id == entry.id for c in before.entries):
            raise CorrectionsError(path, None, f"an entry with id '{entry.id}' is already in the file")
        text = path.read_text(encoding="utf-8") if path.exists() else HEADER
        root = compose(text, path)
        if root is not None and root.flow_style:               # "[]": the list is written as a block from now on
            if root.value:
                raise CorrectionsError(path, root.start_mark.line + 1, "the list is written in flow style "
                                       "([…]); write it as a block list ('- op: …') to add entries")
            text = text[:root.start_mark.index] + text[root.end_mark.index:]
        text = text + _gap(text) + to_yaml(entry)
        _check(path, text)
        write_atomic(path, text)
    return load_corrections(path)


def remove_entry(path: Path, key: str) -> Correction:
    """Take one entry out of the file: by its id, or by its number in the file (1, 2, …); the entry removed."""
    path = Path(path)
    with _locked(path):
        found = load_corrections(path)
        index = _index(found, key)
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines(keepends=True)
        start, end = entry_lines(text, path)[index]
        if 0 < start and end < len(lines) and not lines[start - 1].strip() and not lines[end].strip():
            end += 1                                           # one blank line between its neighbours, not two
        text = "".join(lines[:start] + lines[end:])
        _check(path, text)
        write_atomic(path, text)
    return found.entries[index]


def _index(found: Corrections, key: str) -> int:
    ids = [c.id for c in found.entries]
    if key in ids:
        return ids.index(key)
    if key.isdigit() and 1 <= int(key) <= len(ids):
        return int(key) - 1
    raise CorrectionsError(found.path, None, f"no correction '{key}': give an id or a number from 1 to {len(ids)} "
                                             "(`python -m newsgraph correct list`)")


def entry_lines(text: str, path: Path) -> list[tuple[int, int]]:
    """Each entry's lines [start, end) (0-based): from the comment lines right above its '-' to
    its last line of content (trailing comments and blank lines go with what follows)."""
    root = compose(text, path)
    if root is None:
        return []
    lines = text.splitlines()
    starts = [_dash_line(lines, n.start_mark.line) for n in root.value]
    ends = starts[1:] + [root.end_mark.line + (1 if root.end_mark.column else 0)]
    out = []
    for start, end in zip(starts, ends):
        while end > start + 1 and _blank_or_comment(lines[end - 1] if end - 1 < len(lines) else ""):
            end -= 1
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        out.append((start, end))
    return out


def _dash_line(lines: list[str], line: int) -> int:
    """The line of the '-' that opens the item whose content starts on `line`."""
    while line > 0 and not lines[line].lstrip().startswith("-"):
        line -= 1
    return line


def _blank_or_comment(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _check(path: Path, text: str) -> None:
    """The text about to be written must read as a corrections file (same checks as a build)."""
    try:
        parse_corrections(text.encode("utf-8"), path)
    except CorrectionsError as exc:
        raise CorrectionsError(path, exc.line, f"{exc.message} (the file was left unchanged)") from None
