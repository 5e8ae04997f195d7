"""The raw folder: which article files there are, what changed since the last build, and the
analyst's metadata.csv beside them."""
from __future__ import annotations

import csv
import errno
import hashlib
import io
import os
import re
import stat
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph import settings
from newsgraph.base.errors import IngestError
from newsgraph.ingest.header import parse_date_value

if TYPE_CHECKING:
    import pandas as pd


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


def _walk(raw: Path) -> tuple[list[tuple[str, os.DirEntry]], list[dict]]:
    """(relative path, entry) of every visible regular file under raw, sorted (os.scandir: one stat
    each), and the problems met on the way. The walk stays inside raw: a linked folder is never
    followed (a link to a regular file is listed, and list_raw checks where it points), and
    nothing but folders is opened here."""
    root = os.path.realpath(raw)
    out, problems, stack = [], [], [("", str(raw))]
    while stack:
        prefix, folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            problems.append({"path": prefix.rstrip("/") or str(raw), "reason": f"folder cannot be read: {_why(exc)}"})
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue                      # hidden files and folders are never articles
            rel = f"{prefix}{entry.name}"
            kind, reason = _kind(entry, root)
            if kind == "dir":
                stack.append((f"{rel}/", entry.path))
                if _is_article_name(entry.name):
                    problems.append({"path": rel, "reason": "a folder named like an article file (its files are read)"})
            elif kind == "file":
                out.append((rel, entry))
            elif reason and (kind == "link" or _is_article_name(entry.name)):
                problems.append({"path": rel, "reason": reason})
    return sorted(out, key=lambda x: x[0]), problems


def _is_article_name(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in settings.RAW_SUFFIXES


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _kind(entry: os.DirEntry, root: str) -> tuple[str, str | None]:
    """("dir" | "file" | "link" | "other", why it is not read): a symbolic link is a file when it
    points at a regular file; a link to a folder, a loop, a link to nothing and anything that is not
    a regular file (a FIFO, a device, a socket) are problems, never opened."""
    try:
        if entry.is_symlink():
            try:
                target = os.stat(entry.path)
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    return "link", "symbolic link loop, not followed"
                if exc.errno == errno.ENOENT:
                    return "link", "link to something that does not exist, not read"
                return "link", f"link cannot be followed: {_why(exc)}"
            if stat.S_ISDIR(target.st_mode):
                inside = Path(os.path.realpath(entry.path)).is_relative_to(root)
                return "link", ("link to a folder inside the raw folder, not followed (its files are read where they are)"
                                if inside else "link to a folder outside the raw folder, not followed: copy its files in")
            if stat.S_ISREG(target.st_mode):
                return "file", None
            return "other", f"link to {_special(target.st_mode)}, not an article file"
        if entry.is_dir(follow_symlinks=False):
            return "dir", None
        if entry.is_file(follow_symlinks=False):
            return "file", None
        return "other", f"{_special(entry.stat(follow_symlinks=False).st_mode)}, not an article file"
    except OSError as exc:
        return "other", f"cannot be read: {_why(exc)}"


def _special(mode: int) -> str:
    """What a file that is neither a regular file nor a folder is, in words."""
    for test, what in ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return what
    return "not a regular file"


def list_raw(raw: Path) -> tuple[list[RawFile], list[dict]]:
    """Every article file under `raw` (hidden files skipped), and problems found on the way."""
    if not raw.is_dir():
        return [], [{"path": str(raw), "reason": "raw folder does not exist"}]
    root = raw.resolve()
    files, seen = [], {}
    listed, problems = _walk(raw)
    for rel, entry in listed:
        stem, suffix = os.path.splitext(entry.name)
        if suffix.lower() not in settings.RAW_SUFFIXES:
            continue
        if entry.is_symlink() and not Path(os.path.realpath(entry.path)).is_relative_to(root):
            problems.append({"path": rel, "reason": "link pointing outside the raw folder, not read"})
            continue
        if stem in seen:
            problems.append({"path": rel, "reason": DUPLICATE_ID.format(id=stem, other=seen[stem])})
            continue
        seen[stem] = rel
        try:
            stat_ = entry.stat()
        except OSError as exc:            # gone or replaced since the folder was listed
            problems.append({"path": rel, "reason": f"cannot be read: {_why(exc)}"})
            continue
        files.append(RawFile(stem, entry.path, raw, rel, stat_.st_size, stat_.st_mtime_ns))
    return files, sorted(problems, key=lambda p: p["path"])


def read_article_bytes(path: Path) -> bytes:
    """The bytes of one article file, within NEWSGRAPH_MAX_FILE_BYTES. Opened without blocking and
    checked on the open handle, so a FIFO or device put in a file's place after listing is refused,
    never waited on; IngestError says why."""
    limit = settings.MAX_FILE_BYTES
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    info = os.fstat(fd)
    mode, size = info.st_mode, info.st_size
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise IngestError("a folder, not an article file" if stat.S_ISDIR(mode) else
                          f"{_special(mode)}, not an article file")
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(size + 1) if size <= limit else b""     # a buffer of the file's size, not of the limit
        if len(data) > size:                                        # it grew since fstat: read on, to the limit
            data += handle.read(limit + 1 - len(data))
    if size > limit or len(data) > limit:
        raise IngestError(f"file is {max(size, len(data)) / 1e6:.1f} MB, over the {limit / 1e6:.0f} MB limit "
                          "(NEWSGRAPH_MAX_FILE_BYTES)")
    return data


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
    import pandas as pd                  # here: listing and reading files (the Add page) need no pandas
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
