"""The corpus as a whole: which raw files there are, what changed, and the corpus-wide
stages every build runs over all articles (cheap, vectorised where it counts)."""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsgraph import settings
from newsgraph.schema import SCHEMA_VERSION, TABLES
from newsgraph.store import object_column

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
    from dataclasses import replace
    from newsgraph.ingest.header import parse_date_value
    dated = {a: parse_date_value(p)[0] for a, p in zip(meta["article_id"], meta["published"]) if p}
    return [replace(f, published=dated[f.article_id]) if f.article_id in dated else f for f in files]


def read_metadata(raw: Path) -> tuple[pd.DataFrame, list[dict]]:
    """The analyst's optional metadata.csv (article_id, url, source, published)."""
    path = raw / settings.METADATA_FILE_NAME
    empty = pd.DataFrame(columns=["article_id", "url", "source", "published"])
    if not path.exists():
        return empty, []
    from newsgraph.ingest.header import parse_date_value
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


def apply_metadata(articles: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Analyst metadata wins over what the text states or what was inferred."""
    from newsgraph.ingest.header import parse_date_value
    if meta.empty or articles.empty:
        return articles
    articles = articles.copy()
    index = {aid: i for i, aid in enumerate(articles["article_id"])}
    for rec in meta.to_dict("records"):
        i = index.get(rec["article_id"])
        if i is None:
            continue
        for col in ("url", "source"):
            if rec[col]:
                articles.iat[i, articles.columns.get_loc(col)] = rec[col]
        if rec["published"]:
            iso, precision = parse_date_value(rec["published"])
            for col, val in (("published", iso), ("published_precision", precision), ("published_basis", "metadata")):
                articles.iat[i, articles.columns.get_loc(col)] = val
    return articles


def empty_frame(name: str) -> pd.DataFrame:
    """A table with its columns and no rows."""
    return pd.DataFrame({col: pd.Series(dtype="object") for col in TABLES[name].names})


LOCAL_COLUMNS = ("url", "source", "published", "published_precision", "published_basis")


def local_articles(final: pd.DataFrame, local: dict[str, dict]) -> pd.DataFrame:
    """The previous build's articles as the per-article stage gave them: the columns that
    metadata.csv set back to the recorded `local` values, inferred publication dates unset."""
    if final.empty:
        return final
    ids = final["article_id"].tolist()
    basis = final["published_basis"].tolist()
    columns = {col: final[col].astype(object).tolist() for col in LOCAL_COLUMNS}
    for i, aid in enumerate(ids):
        if aid in local:
            for col in LOCAL_COLUMNS:
                columns[col][i] = local[aid][col]
        elif basis[i] == "inferred":
            for col in ("published", "published_precision", "published_basis"):
                columns[col][i] = None
    out = final.copy()
    for col, values in columns.items():
        out[col] = object_column(values, out.index)
    return out


def metadata_locals(articles: pd.DataFrame, meta: pd.DataFrame) -> dict[str, dict]:
    """article → its per-article values of the columns metadata.csv may overwrite, for the
    articles metadata.csv names (kept in the manifest, so the next build can undo it)."""
    named = set(meta["article_id"]) if not meta.empty else set()
    if not named or articles.empty:
        return {}
    rows = articles.loc[articles["article_id"].isin(named), ["article_id", *LOCAL_COLUMNS]]
    return {r["article_id"]: {col: r[col] for col in LOCAL_COLUMNS} for r in rows.to_dict("records")}


def finish(frames: dict[str, pd.DataFrame], registry, metadata: pd.DataFrame,
           mentions: pd.DataFrame | None, previous_meetings: pd.DataFrame | None = None,
           entity_table: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The corpus-wide stages: metadata, date years, publication dates, meeting dates, events,
    and the entities table (from `mentions`: every article's, columns article_id, entity_id,
    label, surface). `frames` hold every article's per-article rows as that stage gave them;
    `previous_meetings` is the whole meetings table of the last build (event ids reused);
    `entity_table`, when given, is the entities table already made (from per-part stats)."""
    from newsgraph import chronology, entities, events
    tables = {name: (frames.get(name) if frames.get(name) is not None and len(frames.get(name)) else empty_frame(name))
              for name in ("articles", "dates", "meetings")}
    tables["articles"] = apply_metadata(tables["articles"], metadata)
    tables["articles"], tables["dates"] = chronology.resolve_corpus(tables["articles"], tables["dates"],
                                                                    tables["meetings"])
    tables["meetings"] = events.assign_events(tables["meetings"], tables["dates"], tables["articles"],
                                              _country_of(registry), events.known_events(previous_meetings))
    tables["entities"] = entity_table if entity_table is not None else entities.entity_table(mentions, registry)
    return tables


def _country_of(registry) -> dict[str, str]:
    """place id → the id of the country it lies in (Trablus → libya), for matching places."""
    countries = {e.country: e.entity_id for e in registry.entities.values() if e.label == "LOC" and e.kind == "country"}
    return {e.entity_id: countries[e.country] for e in registry.entities.values()
            if e.label == "LOC" and e.kind != "country" and e.country in countries}


def manifest(report, version: str, registry, files: list[RawFile], inputs_new: dict[str, dict], old_inputs: dict,
             unchanged, extra: dict) -> dict:
    """manifest.json: versions, backend, inputs, row counts, problems (and `extra`: parts,
    metadata fingerprint, per-article values metadata.csv replaced)."""
    by_id = {f.article_id: f for f in files}
    inputs = {f.rel: old_inputs[f.rel] for f in unchanged if f.rel in old_inputs}
    for article_id, record in inputs_new.items():
        inputs[by_id[article_id].rel] = record
    from newsgraph.nlp.stanza_backend import models_present
    return {
        "schema_version": SCHEMA_VERSION, "code_version": version, "backend": report.backend,
        "backend_note": _backend_note(report.backend, models_present(settings.STANZA_DIR)),
        "registry_fingerprint": registry.fingerprint, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "seconds": round(report.seconds, 3), "articles": report.n_articles, "processed": report.n_processed,
        "reused": report.n_reused, "rows": report.rows, "problems": report.problems, "inputs": inputs, **extra,
    }


def _backend_note(backend: str, stanza_ready: bool) -> str:
    """How to switch backends, for the landing page."""
    if backend == "stanza":
        return "stanza models in use; `python -m newsgraph build --backend rules` switches to the rules backend"
    if stanza_ready:
        return "rules backend chosen; `python -m newsgraph build --backend stanza` uses the downloaded stanza models"
    return ("rules backend (no stanza models found); to use stanza: `python -m newsgraph models download`, "
            "then `python -m newsgraph build --backend stanza`")
