"""Adding articles: uploaded files (or a .zip of them) become checked, deduplicated, safely
named files in the raw folder, with their source/URL/date in metadata.csv; then a rebuild.

Used by the Add articles page and by `python -m newsgraph add`. Nothing here trusts a name
or a byte of the input. Pure: never imports streamlit.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError
from newsgraph.jobs.upload.archive import archive_too_large, expand_zip, unpack
from newsgraph.jobs.upload.files import (MB, AddReport, Incoming, Item, Outcome, ZipLimits, inert, refuse, safe_name,
                                    too_large)
from newsgraph.jobs.upload.save import Metadata, MetadataError, check_metadata, record_metadata, save_incoming, shown

if TYPE_CHECKING:
    from newsgraph.jobs.build import BuildReport

__all__ = ["AddReport", "BuildJob", "Incoming", "Item", "Metadata", "MetadataError", "Outcome", "ZipLimits",
           "add_uploads", "built_message", "check_metadata", "expand_zip", "failed_message", "inert",
           "limits_text", "outcome_table", "raw_dir", "read_path", "rebuild", "record_metadata", "refuse", "safe_name",
           "save_incoming", "shown", "submit", "too_large", "unpack", "upload_limit_mb", "upload_types", "waiting_text"]


def add_uploads(uploads: Iterable[Incoming], raw: Path, meta: Metadata = Metadata()) -> AddReport:
    """Uploaded files (zips expanded) saved into the raw folder."""
    return save_incoming(unpack(uploads), raw, meta)


def limits_text() -> str:
    """The documented limits, in one sentence."""
    return (f"Limits: {settings.MAX_FILE_BYTES / MB:.0f} MB per article (NEWSGRAPH_MAX_FILE_BYTES); a .zip may hold "
            f"{settings.MAX_ZIP_ENTRIES} files and {settings.MAX_ZIP_UNCOMPRESSED_BYTES / MB:.0f} MB unpacked, "
            f"and no uploaded file may be over {upload_limit_mb()} MB.")


def upload_limit_mb() -> int:
    """The largest file an upload may send, in MB: a .zip up to its unpacked limit (an article alone
    is held to its own, smaller limit when read). The upload widget shows and enforces it."""
    return -(-max(settings.MAX_ZIP_UNCOMPRESSED_BYTES, settings.MAX_FILE_BYTES) // MB)


def upload_types() -> list[str]:
    """The file suffixes one may upload (without the dot): the raw article types, then zip."""
    return [s.lstrip(".") for s in settings.RAW_SUFFIXES] + ["zip"]


def submit(uploads: list[Incoming], meta: dict[str, str], raw: Path,
           has_tables: bool) -> tuple[AddReport | None, str | None, str | None]:
    """An upload form sent: (the report, a message level and the message), the level None when the
    tables are to be built now (a file was saved or metadata recorded, or there are no tables yet). The metadata is checked
    first: bad metadata or no file adds nothing."""
    try:
        checked = check_metadata(**meta)
    except MetadataError as exc:
        return None, "error", f"Nothing was added: {inert(str(exc))}."
    if not uploads:
        return None, "warning", "Choose at least one file to add."
    report = add_uploads(uploads, raw, checked)
    return (report, None, None) if report.changed or not has_tables else (report, "info", "Nothing new: tables unchanged.")


def outcome_table(report: AddReport):
    """A table (pandas) of every file's file, result and detail, problems first (the page's table for many files)."""
    import pandas as pd
    return pd.DataFrame([(o.name, o.status, o.detail) for o in report.problems_first()],
                        columns=["file", "result", "detail"])


def raw_dir() -> Path:
    """The raw folder (NEWSGRAPH_RAW overrides data/raw)."""
    return settings.RAW_DIR


def backend_in_use(out: Path) -> str:
    """The backend the current tables were built with (so adding reuses them), else auto."""
    from newsgraph.storage import store
    try:
        return store.read_manifest(out).get("backend", "auto")
    except (NewsgraphError, OSError, ValueError):
        return "auto"


def rebuild(raw: Path, out: Path, progress: Callable[[int, int], None] | None = None,
            on_wait: Callable[[dict | None], None] | None = None, workers: int | None = None) -> BuildReport:
    """Build after adding, with the backend in use; BuildError when it cannot run (registry, lock …)."""
    from newsgraph.jobs.build import build
    return build(Path(raw), Path(out), backend=backend_in_use(Path(out)), workers=workers, progress=progress,
                 on_wait=on_wait)


class BuildJob:
    """A build in a thread of its own, so that leaving the page (which stops the page's script)
    never stops the build; the page polls done/total, waiting (and `other`, how far the build it
    waits for is), report and error."""

    def __init__(self, raw: Path, out: Path, workers: int | None = 1) -> None:
        self.done, self.total, self.waiting = 0, 0, False
        self.other: dict | None = None          # the progress of the build this one waits for
        self.report: BuildReport | None = None
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._run, args=(raw, out, workers), daemon=True, name="newsgraph-build")
        self._thread.start()

    def _run(self, raw: Path, out: Path, workers: int | None) -> None:
        try:
            self.report = rebuild(raw, out, self._progress, self._wait, workers)
        except Exception as exc:  # noqa: BLE001 - handed to the page, which shows it without a traceback
            self.error = exc
        finally:
            self.waiting = False

    def _progress(self, done: int, total: int) -> None:
        self.done, self.total, self.waiting = done, total, False

    def _wait(self, other: dict | None) -> None:
        self.waiting, self.other = True, other

    def waiting_text(self) -> str:
        """What the page says while this build waits for another one to finish."""
        return waiting_text(self.other)

    @property
    def running(self) -> bool:
        """True until the build has finished or failed."""
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        """Wait for the build (tests)."""
        self._thread.join(timeout)

    @property
    def fraction(self) -> float:
        """How far the build is, 0 to 1."""
        return min(self.done / self.total, 1.0) if self.total else 0.0

    @property
    def other_fraction(self) -> float:
        """How far the build this one waits for is, 0 to 1."""
        other = self.other or {}
        return min(other["done"] / other["total"], 1.0) if other.get("total") else 0.0

    def summary(self) -> str:
        """One line on the finished build: how many articles it built, how fast, or that it stopped."""
        if self.error is not None or self.report is None:
            return "Build stopped"
        return f"Built {self.report.n_articles} articles in {self.report.seconds:.1f}s"

    def outcome(self) -> tuple[str, str]:
        """('success' or 'error', the page's message) of the finished build; an unexpected error is
        logged with its traceback (the page shows no traceback)."""
        if self.error is None:
            return "success", built_message(self.report)
        if not isinstance(self.error, NewsgraphError):
            logging.getLogger(__name__).error("build after an upload failed", exc_info=self.error)
        return "error", failed_message(self.error)


def waiting_text(other: dict | None, now: float | None = None) -> str:
    """'Waiting for another build to finish: 120 of 1,000 articles' (from what that build last
    told of its progress; how long ago, when it has been quiet for a minute)."""
    if not other or not other.get("total"):
        return "Waiting for another build to finish (it is starting)…"
    done, total = other["done"], other["total"]
    step = f"{done:,} of {total:,} articles" if done < total else f"all {total:,} articles read, writing the tables"
    quiet = (now if now is not None else time.time()) - other.get("updated", 0)
    since = f"; last heard {quiet / 60:.0f} min ago" if quiet >= 60 else ""
    return f"Waiting for another build to finish: {step}{since}…"


def built_message(report: BuildReport) -> str:
    """What a build after an upload did, for the page (markdown)."""
    problems = f" {len(report.problems)} file(s) in the raw folder could not be read (see Overview)." \
        if report.problems else ""
    return (f"The tables now hold **{report.n_articles}** articles ({report.n_processed} new or changed). "
            f"Open **Overview** or any other page: the new articles are there.{problems}")


def failed_message(exc: BaseException) -> str:
    """Why the build after an upload stopped, for the page (markdown, input escaped)."""
    if isinstance(exc, NewsgraphError):
        return f"The files are saved, but the build stopped: {inert(str(exc))}"
    return ("The files are saved, but the build failed unexpectedly (details in the server log). "
            "The previous tables keep serving.")


def read_path(path: Path) -> list[Item]:
    """A command-line argument as items: one file, or the entries of a .zip."""
    is_zip = path.suffix.lower() == ".zip"
    try:
        if not path.is_file():
            return [refuse(str(path), "no such file" if not path.exists() else "not a file (give its files or a .zip)")]
        size = path.stat().st_size
        if reason := archive_too_large(size, ZipLimits.current()) if is_zip else too_large(size):
            return [refuse(path.name, reason)]     # refused before a byte is read
        data = path.read_bytes()
    except OSError as exc:
        return [refuse(str(path), f"cannot be read: {exc.strerror or exc}")]
    return unpack([Incoming(path.name, data)])
