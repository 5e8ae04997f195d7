"""What an upload is made of: incoming files, outcomes, limits, and safe file names."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph import settings

MB = 1024 * 1024                         # the limits in settings are binary megabytes
STEM_MAX_BYTES = 120                     # leaves room for "-NNN.html" under any file system's 255
KINDS = ", ".join(settings.RAW_SUFFIXES[:-1]) + " or " + settings.RAW_SUFFIXES[-1]
_UNSAFE_CHARS = re.compile(r"[^\w-]+")


@dataclass(frozen=True)
class Incoming:
    """One file to add: its name as given, its bytes, and the archive it came from."""

    name: str
    data: bytes
    origin: str | None = None

    @property
    def label(self) -> str:
        """How the file is named in messages."""
        return f"{self.origin} › {self.name}" if self.origin else self.name


@dataclass(frozen=True)
class Outcome:
    """What happened to one file: saved, skipped (duplicate) or refused, and why."""

    name: str
    status: str
    detail: str
    article_id: str | None = None       # of a saved file, or of the file a skipped one duplicates

    def line(self) -> str:
        """One line for the terminal."""
        return f"{self.status:<8} {self.name}: {self.detail}"


Item = Incoming | Outcome               # a file still to save, or one already refused


@dataclass
class AddReport:
    """Every file's outcome, plus notes about the batch (metadata.csv)."""

    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    recorded: list[str] = field(default_factory=list)     # files already there whose metadata rows were completed

    def of(self, status: str) -> list[Outcome]:
        """The outcomes with one status."""
        return [o for o in self.outcomes if o.status == status]

    saved = property(lambda self: self.of("saved"))
    skipped = property(lambda self: self.of("skipped"))
    refused = property(lambda self: self.of("refused"))

    def problems_first(self) -> list[Outcome]:
        """Refused, then skipped, then saved (for long lists)."""
        return sorted(self.outcomes, key=lambda o: ("refused", "skipped", "saved").index(o.status))

    def summary(self) -> str:
        """'2 saved, 1 skipped (duplicate), 1 refused'."""
        parts = [f"{len(self.saved)} saved", f"{len(self.skipped)} skipped (duplicate)", f"{len(self.refused)} refused"]
        parts = [p for p in parts if not p.startswith("0 ")]
        if self.recorded:
            parts.append(f"metadata added for {len(self.recorded)} file(s) already there")
        return ", ".join(parts) or "no files"

    @property
    def changed(self) -> bool:
        """True when the raw folder changed: a file saved, or metadata recorded for one already there."""
        return bool(self.saved or self.recorded)


@dataclass(frozen=True)
class ZipLimits:
    """How much an archive may hold (settings, read when the limits are made)."""

    max_entries: int
    max_total: int
    max_file: int

    @classmethod
    def current(cls) -> ZipLimits:
        """The limits in settings now (tests and NEWSGRAPH_MAX_FILE_BYTES change them)."""
        return cls(settings.MAX_ZIP_ENTRIES, settings.MAX_ZIP_UNCOMPRESSED_BYTES, settings.MAX_FILE_BYTES)


def refuse(name: str, reason: str) -> Outcome:
    """A refused file."""
    return Outcome(name, "refused", reason)


def too_large(size: int, limit: int | None = None) -> str | None:
    """The size reason ingest gives, word for word (decimal MB), or None when within the limit."""
    limit = settings.MAX_FILE_BYTES if limit is None else limit
    if size <= limit:
        return None
    return f"file is {size / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit (NEWSGRAPH_MAX_FILE_BYTES)"


def safe_name(name: str) -> str:
    """A file name that cannot leave the raw folder: basename, NFC, letters/digits/_/- only,
    no leading dot, length capped, suffix kept only when it is an article suffix."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name))[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C")
    stem, dot, suffix = base.rpartition(".")
    stem, suffix = (stem, f".{suffix.lower()}") if dot else (base, "")
    stem = _UNSAFE_CHARS.sub("_", stem).strip("_-") or "article"
    while len(stem.encode("utf-8")) > STEM_MAX_BYTES:
        stem = stem[:-1]
    return stem.rstrip("_-") + (suffix if suffix in settings.RAW_SUFFIXES else "")


def suffix_of(name: str) -> str:
    """The lower-case suffix of a name's last path component ('' when none)."""
    return Path(re.split(r"[/\\]", name)[-1]).suffix.lower()


def inert(text: str | None) -> str:
    """Text safe inside Streamlit markdown: every markdown/HTML character backslash-escaped,
    so a file named `<img onerror=…>` or `[x](javascript:…)` shows as the characters it is."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$&=\"'])", r"\\\1", text or "")
