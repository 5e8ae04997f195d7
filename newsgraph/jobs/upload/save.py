"""Saving uploads into the raw folder: validated the way the build reads them, deduplicated
by content, named so they stay in the folder and never overwrite, written atomically, and
their source/URL/date merged into metadata.csv."""
from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import io
import os
import re
import unicodedata
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from newsgraph import settings
from newsgraph.base.errors import IngestError, NewsgraphError
from newsgraph.ingest import rawfiles
from newsgraph.jobs.upload.files import KINDS, AddReport, Incoming, Item, Outcome, refuse, safe_name, suffix_of, too_large

SOURCE_MAX = 200
_TMP_PREFIX = ".upload-"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class MetadataError(NewsgraphError):
    """Source, URL or publication date given with an upload is not acceptable."""


@dataclass(frozen=True)
class Metadata:
    """Source, URL and publication date recorded for every file of one upload."""

    source: str | None = None
    url: str | None = None
    published: str | None = None


def _clean(value: str | None) -> str | None:
    value = "".join(c for c in (value or "") if unicodedata.category(c)[0] != "C").strip()
    return value or None


def _valid_date(value: str) -> bool:
    m = _DATE.fullmatch(value)
    if not m:
        return False
    y, mo, d = (int(g) if g else 1 for g in m.groups())
    try:
        dt.date(y, mo, d)
    except ValueError:
        return False
    return 1000 <= y <= 2999


def _web_address(url: str) -> bool:
    """An http(s) address with a host (javascript:, data: and file: links are refused)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not re.search(r"\s", url)


def check_metadata(source: str | None = None, url: str | None = None, published: str | None = None) -> Metadata:
    """Validated metadata for an upload; MetadataError says everything that is wrong."""
    meta = Metadata(_clean(source), _clean(url), _clean(published))
    problems = []
    if meta.source and len(meta.source) > SOURCE_MAX:
        problems.append(f"source is {len(meta.source)} characters long; at most {SOURCE_MAX}")
    if meta.url and not _web_address(meta.url):
        problems.append(f"URL '{meta.url}' is not a web address (http:// or https://)")
    if meta.published and not _valid_date(meta.published):
        problems.append(f"publication date '{meta.published}' is not a date: use YYYY-MM-DD, YYYY-MM or YYYY")
    if problems:
        raise MetadataError("; ".join(problems))
    return meta


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a hidden temporary file in the same folder, then one rename."""
    tmp = path.parent / f"{_TMP_PREFIX}{uuid.uuid4().hex}.tmp"
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def record_metadata(raw_dir: Path, article_ids: list[str], meta: Metadata) -> str | None:
    """Merge one row per article into raw/metadata.csv (atomic rewrite); a note when impossible."""
    if not article_ids or meta == Metadata():
        return None
    path = raw_dir / settings.METADATA_FILE_NAME
    try:
        text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        reader = csv.DictReader(io.StringIO(text))
        rows, columns = list(reader), list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return f"{path.name} could not be read ({exc}); source, URL and date were not recorded"
    if columns and "article_id" not in columns:
        return f"{path.name} has no article_id column; source, URL and date were not recorded"
    columns += [c for c in ("article_id", "url", "source", "published") if c not in columns]
    new = {a: {"article_id": a, "url": meta.url or "", "source": meta.source or "", "published": meta.published or ""}
           for a in article_ids}
    rows = [r for r in rows if r.get("article_id") not in new] + list(new.values())
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _write_atomic(path, out.getvalue().encode("utf-8"))
    return None


def shown(path: Path) -> str:
    """A path as messages show it: relative to the project (data/raw/x.txt) when inside it."""
    path = Path(os.path.abspath(path))
    for base in (settings.ROOT, Path.cwd()):
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return str(path)


def _validate(item: Incoming) -> str | None:
    """Why a file cannot become an article (the reason the build would give), or None."""
    from newsgraph.ingest import ingest_bytes
    suffix = suffix_of(item.name)
    if suffix not in settings.RAW_SUFFIXES:
        return f"not an article file (expected {KINDS}, or a .zip of them)"
    if reason := too_large(len(item.data)):
        return reason
    try:
        ingest_bytes(item.data, "upload", suffix)
    except IngestError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - refused here rather than failing in the build
        return f"internal error while reading ({exc.__class__.__name__}: {exc})"
    return None


def _existing(raw_dir: Path) -> tuple[dict[str, str], set[str]]:
    """sha256 → shown path of every article file the build would read (the same listing: nothing
    outside raw_dir is read), and the stems taken (folded): those of the articles and of every name
    in raw_dir itself, so a new file never replaces a link, a FIFO or a folder."""
    files, _ = rawfiles.list_raw(raw_dir)
    hashes: dict[str, str] = {}
    stems = {f.article_id.casefold() for f in files} | {os.path.splitext(n)[0].casefold() for n in os.listdir(raw_dir)}
    for f in files:
        try:
            hashes.setdefault(hashlib.sha256(rawfiles.read_article_bytes(f.path)).hexdigest(), shown(f.path))
        except (OSError, IngestError):
            continue
    return hashes, stems


def _free_name(name: str, taken: set[str]) -> str:
    """x.txt, else x-2.txt, x-3.txt …: the stem is the article_id and must be unique."""
    stem, suffix = os.path.splitext(name)
    candidate, n = stem, 1
    while candidate.casefold() in taken:
        n += 1
        candidate = f"{stem}-{n}"
    taken.add(candidate.casefold())
    return candidate + suffix


@contextmanager
def _raw_lock(raw_dir: Path) -> Iterator[None]:
    """One upload at a time per raw folder, so duplicates and names are judged consistently
    (an flock on the folder itself: no lock file to leave behind)."""
    fd = os.open(raw_dir, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)                     # closing releases the lock


def _save_one(item: Incoming, raw_dir: Path, hashes: dict[str, str], taken: set[str]) -> Outcome:
    """Validate, deduplicate, name and write one file."""
    if reason := _validate(item):
        return refuse(item.label, reason)
    digest = hashlib.sha256(item.data).hexdigest()
    if digest in hashes:
        return Outcome(item.label, "skipped", f"same content as {hashes[digest]}")
    path = raw_dir / _free_name(safe_name(item.name), taken)
    try:
        _write_atomic(path, item.data)
    except OSError as exc:
        return refuse(item.label, f"could not be saved: {exc.strerror or exc}")
    hashes[digest] = shown(path)
    return Outcome(item.label, "saved", f"saved as {shown(path)}", article_id=path.stem)


def save_incoming(items: Iterable[Item], raw_dir: Path, meta: Metadata = Metadata()) -> AddReport:
    """Check, deduplicate, name and write each file into raw_dir; record the metadata."""
    raw_dir = Path(raw_dir)
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewsgraphError(f"raw folder {raw_dir} cannot be created: {exc.strerror or exc}") from None
    report = AddReport()
    with _raw_lock(raw_dir):
        for leftover in raw_dir.glob(f"{_TMP_PREFIX}*.tmp"):   # from an upload killed mid-write
            leftover.unlink(missing_ok=True)
        hashes, taken = _existing(raw_dir)
        for item in items:
            report.outcomes.append(item if isinstance(item, Outcome) else _save_one(item, raw_dir, hashes, taken))
        if note := record_metadata(raw_dir, [o.article_id for o in report.saved], meta):
            report.notes.append(note)
    return report
