"""Saving uploads into the raw folder: validated the way the build reads them, deduplicated
by content, named so they stay in the folder and never overwrite, written atomically, and
their source/URL/date merged into metadata.csv."""
from __future__ import annotations

import csv
import dataclasses
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


FIELDS = ("url", "source", "published")


def record_metadata(raw_dir: Path, article_ids: list[str], meta: Metadata,
                    fill: Iterable[str] = ()) -> tuple[dict[str, list[str]], str | None]:
    """Merge rows into raw/metadata.csv (one atomic rewrite): a row per article of `article_ids`
    (replacing any it had), and for each article of `fill` (files already in the folder) the fields
    its row lacks. Returns the fields written per article, and a note when metadata.csv cannot be
    read (nothing is written then). An OSError when it cannot be written (a full disk)."""
    fill = [a for a in fill if a not in article_ids]
    if not (article_ids or fill) or meta == Metadata():
        return {}, None
    path = raw_dir / settings.METADATA_FILE_NAME
    try:
        text = path.read_text(encoding="utf-8-sig") if path.exists() else ""
        reader = csv.DictReader(io.StringIO(text))
        rows, columns = list(reader), list(reader.fieldnames or [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return {}, f"{path.name} could not be read ({exc}); source, URL and date were not recorded"
    if columns and "article_id" not in columns:
        return {}, f"{path.name} has no article_id column; source, URL and date were not recorded"
    columns += [c for c in ("article_id", *FIELDS) if c not in columns]
    given = {"url": meta.url or "", "source": meta.source or "", "published": meta.published or ""}
    new = {a: {"article_id": a, **given} for a in article_ids}
    written = {a: [k for k, v in given.items() if v] for a in article_ids}
    had = {r.get("article_id"): r for r in rows}
    for a in fill:
        row = had.get(a) or {"article_id": a}
        missing = {k: v for k, v in given.items() if v and not (row.get(k) or "").strip()}
        if missing:
            new[a], written[a] = {**row, **missing}, list(missing)
    if new:
        _write_rows(path, columns, [r for r in rows if r.get("article_id") not in new] + list(new.values()))
    return written, None


def _write_rows(path: Path, columns: list[str], rows: list[dict]) -> None:
    """metadata.csv rewritten atomically with these rows."""
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    _write_atomic(path, out.getvalue().encode("utf-8"))


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
    """sha256 → (shown path, article_id) of every article file the build would read (the same
    listing: nothing outside raw_dir is read), and the stems taken (folded): those of the articles
    and of every name in raw_dir itself, so a new file never replaces a link, a FIFO or a folder."""
    files, _ = rawfiles.list_raw(raw_dir)
    hashes: dict[str, tuple[str, str]] = {}
    stems = {f.article_id.casefold() for f in files} | {os.path.splitext(n)[0].casefold() for n in os.listdir(raw_dir)}
    for f in files:
        try:
            hashes.setdefault(hashlib.sha256(rawfiles.read_article_bytes(f.path)).hexdigest(),
                              (shown(f.path), f.article_id))
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


@dataclass(frozen=True)
class _Planned:
    """A checked, new file and the path it is to be written to."""

    item: Incoming
    path: Path


def _plan_one(item: Incoming, raw_dir: Path, hashes: dict[str, tuple[str, str]], taken: set[str]) -> Outcome | _Planned:
    """Validate, deduplicate and name one file (nothing written yet)."""
    if reason := _validate(item):
        return refuse(item.label, reason)
    digest = hashlib.sha256(item.data).hexdigest()
    if digest in hashes:
        where, article_id = hashes[digest]
        return Outcome(item.label, "skipped", f"same content as {where}", article_id=article_id)
    path = raw_dir / _free_name(safe_name(item.name), taken)
    hashes[digest] = (shown(path), path.stem)
    return _Planned(item, path)


def _write_one(plan: _Planned) -> Outcome:
    """Write one planned file."""
    try:
        _write_atomic(plan.path, plan.item.data)
    except OSError as exc:
        return refuse(plan.item.label, f"could not be saved: {exc.strerror or exc}")
    return Outcome(plan.item.label, "saved", f"saved as {shown(plan.path)}", article_id=plan.path.stem)


WORDS = {"source": "source", "url": "URL", "published": "date"}


def _recorded_words(fields: Iterable[str]) -> str:
    """'source, URL and date' (of the fields given, in that order)."""
    words = [w for f, w in WORDS.items() if f in fields]
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def save_incoming(items: Iterable[Item], raw_dir: Path, meta: Metadata = Metadata()) -> AddReport:
    """Check, deduplicate, name and write each file into raw_dir, with its metadata.

    The metadata rows are written before the files, so a file is never in the folder without its
    row (a killed add leaves at most rows for files it did not write, which a later file of that
    name replaces); a file already there by content gets the fields its row lacks, so running an
    add again completes what an interrupted one left. When metadata.csv cannot be written (a full
    disk) no file is written; a file that cannot be written is refused and its row taken back."""
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
        planned = [item if isinstance(item, Outcome) else _plan_one(item, raw_dir, hashes, taken) for item in items]
        new = [p.path.stem for p in planned if isinstance(p, _Planned)]
        try:
            recorded, note = record_metadata(raw_dir, new, meta, [p.article_id for p in planned
                                                                  if isinstance(p, Outcome) and p.status == "skipped"])
        except OSError as exc:
            why = f"{settings.METADATA_FILE_NAME} could not be written ({exc.strerror or exc})"
            given = [f for f in FIELDS if getattr(meta, f)]
            report.outcomes = [refuse(p.item.label, f"not saved: {why}, so its {_recorded_words(given)} would be lost")
                               if isinstance(p, _Planned) else p for p in planned]
            report.notes.append(f"{why}: no file was added and metadata.csv is as it was")
            return report
        if note:
            report.notes.append(note)
        outcomes = [_write_one(p) if isinstance(p, _Planned) else p for p in planned]
        report.recorded = [a for a in recorded if a not in new]
        report.outcomes = [_with_recorded(o, recorded[o.article_id]) if o.status == "skipped" and o.article_id
                           in report.recorded else o for o in outcomes]
        failed = [p.path.stem for p, o in zip(planned, outcomes) if isinstance(p, _Planned) and o.status != "saved"]
        if failed and set(failed) & set(recorded):
            report.notes += _take_back(raw_dir, failed)
    return report


def _with_recorded(outcome: Outcome, fields: list[str]) -> Outcome:
    """A skipped file whose row lacked what was given: say what is recorded now."""
    return dataclasses.replace(outcome, detail=f"{outcome.detail}; its missing {_recorded_words(fields)} recorded")


def _take_back(raw_dir: Path, article_ids: list[str]) -> list[str]:
    """Remove the rows written for files that could not be written; a note when that fails too."""
    path = raw_dir / settings.METADATA_FILE_NAME
    try:
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        rows = [r for r in reader if r.get("article_id") not in article_ids]
        _write_rows(path, list(reader.fieldnames or []), rows)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        return [f"{path.name} keeps rows for {', '.join(article_ids)}, which could not be saved "
                f"({getattr(exc, 'strerror', None) or exc}); a later file of that name gets them"]
    return []
