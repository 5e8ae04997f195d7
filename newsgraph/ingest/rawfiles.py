"""The raw folder: which article files there are, what changed since the last build, and the
analyst's metadata.csv beside them."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsgraph import settings
from newsgraph.ingest.header import parse_date_value


WEB_URL = re.compile(r"https?://[^\s/?#]+\S*", re.I)
DUPLICATE_ID = "article_id '{id}' is already used by {other}; rename one of the files"


@dataclass(frozen=True)
class RawFile:
    """One raw article file and what the file system says about it."""

    article_id: str
    file: str                  # the path as text (a Path per file costs more than listing 10k files)
    root: Path
    rel: str
    size: int
    mtime_ns: int
    published: str | None = None       # the date metadata.csv gives it: the per-article stages date roles by it

    @property
    def path(self) -> Path:
        return Path(self.file)

    def input_record(self, sha256: str) -> dict:
        """The manifest's record of this input."""
        return {"article_id": self.article_id, "sha256": sha256, "size": self.size, "mtime_ns": self.mtime_ns,
                "published": self.published}

    def problem(self, reason: str, detail: str | None = None) -> dict:
        """A problem record for the manifest (and stderr)."""
        return {"path": self.rel, "reason": reason, **({"detail": detail} if detail else {})}


def _walk(raw: Path) -> list[tuple[str, os.DirEntry]]:
    """(relative path, entry) of every visible file under raw, sorted (os.scandir: one stat each)."""
    out, stack = [], [("", str(raw))]
    while stack:
        prefix, folder = stack.pop()
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.startswith("."):
                    continue                      # hidden files and folders are never articles
                rel = f"{prefix}{entry.name}"
                if entry.is_dir():
                    stack.append((f"{rel}/", entry.path))
                elif entry.is_file():
                    out.append((rel, entry))
    return sorted(out, key=lambda x: x[0])


def list_raw(raw: Path) -> tuple[list[RawFile], list[dict]]:
    """Every article file under `raw` (hidden files skipped), and problems found on the way."""
    if not raw.is_dir():
        return [], [{"path": str(raw), "reason": "raw folder does not exist"}]
    root = raw.resolve()
    files, problems, seen = [], [], {}
    for rel, entry in _walk(raw):
        stem, suffix = os.path.splitext(entry.name)
        if suffix.lower() not in settings.RAW_SUFFIXES:
            continue
        if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
            problems.append({"path": rel, "reason": "link pointing outside the raw folder, not read"})
            continue
        if stem in seen:
            problems.append({"path": rel, "reason": DUPLICATE_ID.format(id=stem, other=seen[stem])})
            continue
        seen[stem] = rel
        stat = entry.stat()
        files.append(RawFile(stem, entry.path, raw, rel, stat.st_size, stat.st_mtime_ns))
    return files, problems


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def split_unchanged(files: list[RawFile], inputs: dict) -> tuple[list[RawFile], list[RawFile]]:
    """(unchanged, to process): unchanged = same bytes as the last build's input of that path
    (same size and mtime, or else the same hash: only files whose stat differs are read)."""
    if not inputs:
        return [], list(files)
    unchanged, todo = [], []
    for f in files:
        rec = inputs.get(f.rel)
        same = rec and rec["article_id"] == f.article_id and rec.get("published") == f.published and (
            (rec["size"], rec["mtime_ns"]) == (f.size, f.mtime_ns) or rec["sha256"] == _sha256(f.path))
        (unchanged if same else todo).append(f)
    return unchanged, todo


def metadata_fingerprint(raw: Path) -> str | None:
    """Hash of metadata.csv (None without one): a build with the same files and the same
    metadata has nothing to do."""
    path = raw / settings.METADATA_FILE_NAME
    return _sha256(path) if path.is_file() else None


def with_published(files: list[RawFile], meta: pd.DataFrame) -> list[RawFile]:
    """Files with the publication date metadata.csv gives them (ISO), for the per-article stages."""
    if meta.empty:
        return files
    dated = {a: parse_date_value(p)[0] for a, p in zip(meta["article_id"], meta["published"]) if p}
    return [dataclasses.replace(f, published=dated[f.article_id]) if f.article_id in dated else f for f in files]


def read_metadata(raw: Path) -> tuple[pd.DataFrame, list[dict]]:
    """The analyst's optional metadata.csv (article_id, url, source, published)."""
    path = raw / settings.METADATA_FILE_NAME
    empty = pd.DataFrame(columns=["article_id", "url", "source", "published"])
    if not path.exists():
        return empty, []
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error) as exc:
        return empty, [{"path": path.name, "reason": f"unreadable CSV: {exc}"}]
    if rows and "article_id" not in rows[0]:
        return empty, [{"path": path.name, "reason": "no article_id column (expected: article_id,url,source,published)"}]
    problems, good = [], []
    for line, row in enumerate(rows, start=2):
        published = (row.get("published") or "").strip()
        if published and not parse_date_value(published):
            problems.append({"path": f"{path.name}:{line}", "reason": f"unreadable date '{published}' (use YYYY-MM-DD)"})
            published = ""
        url = (row.get("url") or "").strip()
        if url and not WEB_URL.fullmatch(url):   # pages show it as a link: javascript: would run
            problems.append({"path": f"{path.name}:{line}", "reason": f"url '{url}' ignored: not an http(s) address"})
            url = ""
        good.append({"article_id": (row.get("article_id") or "").strip(), "url": url or None,
                     "source": (row.get("source") or "").strip() or None, "published": published or None})
    return pd.DataFrame(good, columns=empty.columns, dtype=object), problems   # None stays None, not NaN
