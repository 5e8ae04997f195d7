"""Zip archives of articles, opened defensively: the directory is judged before anything is
read (entry count, hostile paths, links, declared size), and reading counts real bytes, so
neither a lying header nor a bomb gets past the limits."""
from __future__ import annotations

import io
import re
import zipfile
from typing import Iterable

from newsgraph import settings
from newsgraph.jobs.upload.files import KINDS, MB, Incoming, Item, Outcome, ZipLimits, refuse, suffix_of, too_large


def _unsafe_entry(info: zipfile.ZipInfo) -> str | None:
    """Why an entry's name or type is hostile, or None."""
    name = info.filename
    if name.startswith("/") or re.match(r"[A-Za-z]:", name) or "\\" in name or ".." in name.split("/"):
        return f"entry '{name}' has a path that leaves its folder (absolute, '..' or backslash)"
    if (info.external_attr >> 16) & 0o170000 == 0o120000:
        return f"entry '{name}' is a symbolic link"
    return None


def _junk(info: zipfile.ZipInfo) -> bool:
    """Folders, macOS resource forks and hidden files: skipped without a word."""
    parts = info.filename.split("/")
    return info.is_dir() or parts[0] == "__MACOSX" or any(p.startswith(".") for p in parts if p)


def _archive_problem(infos: list[zipfile.ZipInfo], limits: ZipLimits) -> str | None:
    """Why the whole archive is refused, judged from its directory before reading anything."""
    if len(infos) > limits.max_entries:
        return f"{len(infos)} entries, over the limit of {limits.max_entries} (MAX_ZIP_ENTRIES)"
    for info in infos:
        if problem := _unsafe_entry(info):
            return problem
    total = sum(i.file_size for i in infos)
    if total > limits.max_total:
        return f"it expands to {total / MB:.0f} MB, over the {limits.max_total / MB:.0f} MB limit"
    return None


def _entry_problem(info: zipfile.ZipInfo, limits: ZipLimits) -> str | None:
    """Why one entry is refused before it is read."""
    suffix = suffix_of(info.filename)
    if suffix == ".zip":
        return "a zip inside a zip is not opened; unzip it and add its files"
    if suffix not in settings.RAW_SUFFIXES:
        return f"not an article file (expected {KINDS})"
    if info.flag_bits & 0x1:
        return "encrypted entry; add it unencrypted"
    return too_large(info.file_size, limits.max_file)


def _read_capped(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    """An entry's bytes, never more than cap + 1 of them (headers may lie)."""
    with zf.open(info) as handle:
        return handle.read(cap + 1)


def archive_too_large(size: int, limits: ZipLimits) -> str | None:
    """Why an archive of this many bytes is refused unopened, or None."""
    if size <= limits.max_total:
        return None
    return f"archive refused: it is {size / MB:.0f} MB, over the {limits.max_total / MB:.0f} MB limit"


def expand_zip(name: str, data: bytes, limits: ZipLimits | None = None) -> tuple[list[Incoming], list[Outcome]]:
    """The article files in a zip archive, and the entries (or the archive) refused."""
    limits = limits or ZipLimits.current()
    if problem := archive_too_large(len(data), limits):
        return [], [refuse(name, problem)]
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - hostile bytes raise many kinds of errors
        return [], [refuse(name, "not a readable zip archive")]
    with zf:
        infos = zf.infolist()
        if problem := _archive_problem(infos, limits):
            return [], [refuse(name, f"archive refused: {problem}")]
        return _read_entries(name, zf, [i for i in infos if not _junk(i)], limits)


def _read_entries(name: str, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                  limits: ZipLimits) -> tuple[list[Incoming], list[Outcome]]:
    """Read each acceptable entry, counting real bytes against the archive's budget."""
    files, refused, budget = [], [], limits.max_total
    for info in infos:
        label = f"{name} › {info.filename}"
        if problem := _entry_problem(info, limits):
            refused.append(refuse(label, problem))
            continue
        try:
            data = _read_capped(zf, info, min(limits.max_file, budget))
        except Exception as exc:  # noqa: BLE001 - damaged or lying entries fail in many ways
            refused.append(refuse(label, f"damaged entry, not read ({exc.__class__.__name__})"))
            continue
        if len(data) > budget:
            return [], [refuse(name, f"archive refused: it expands to more than {limits.max_total / MB:.0f} MB")]
        if reason := too_large(len(data), limits.max_file):
            refused.append(refuse(label, reason))
            continue
        budget -= len(data)
        files.append(Incoming(info.filename, data, origin=name))
    return files, refused


def unpack(uploads: Iterable[Incoming]) -> list[Item]:
    """Uploads with every .zip replaced by its entries (or by why it was refused)."""
    items: list[Item] = []
    for up in uploads:
        if suffix_of(up.name) != ".zip":
            items.append(up)
            continue
        files, refused = expand_zip(up.name, up.data)
        items += refused + files
    return items
