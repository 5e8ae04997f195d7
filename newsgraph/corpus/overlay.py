"""The corpus-wide stages every build runs over all articles (cheap, vectorised where it counts)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph import settings
from newsgraph.analysis.dateresolve import RESOLVED
from newsgraph.analysis.nlp.stanza_backend import models_present
from newsgraph.corpus import chronology, contactfixes, corrected, entities, events
from newsgraph.ingest.header import parse_date_value
from newsgraph.ingest.rawfiles import RawFile
from newsgraph.storage.schema import SCHEMA_VERSION, TABLES
from newsgraph.storage.store import same_values, to_frame


def apply_metadata(articles: pd.DataFrame, meta: pd.DataFrame) -> pd.DataFrame:
    """Analyst metadata wins over what the text states or what was inferred."""
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


OVERLAY_COLUMNS = ("url", "source", "published", "published_precision", "published_basis")   # of articles


@dataclass
class Kept:
    """What a build keeps of its overlay for the next one (save_state, load_state): the event
    clustering (events.Clustering) and the dates rows the years pass wrote (article_id, start and
    the resolved columns, `DATE_ROW_COLUMNS`; None: not kept). Also `changed`, against what the
    last build kept: table name (dates, meetings) → the articles whose rows of it differ from the
    last build's, besides the articles added or removed (None: not known)."""

    events: events.Clustering
    dates: pd.DataFrame | None
    changed: dict[str, set[str] | None] = field(default_factory=dict)


DATE_ROW_COLUMNS = ["article_id", "start", *RESOLVED]


def finish(frames: dict[str, pd.DataFrame], registry, metadata: pd.DataFrame,
           mentions: pd.DataFrame | None, kept: Kept | None = None,
           entity_table: pd.DataFrame | None = None,
           corrections: contactfixes.Run | None = None) -> tuple[dict[str, pd.DataFrame], Kept]:
    """The corpus-wide stages: metadata, the analyst's corrections of contacts, date years,
    publication dates, meeting dates, events, and the entities table (from `mentions`: every
    article's, columns article_id, entity_id, label, surface). `frames` hold every article's
    per-article rows as that stage gave them; `kept` is what the last build kept (load_state: the
    contacts it clustered are kept or extended); `entity_table`, when given, is the entities table
    already made (from per-part stats, the entity corrections applied to them). Also what to keep
    for the next build (save_state), with the articles whose dates and meetings rows changed."""
    tables = {name: (frames.get(name) if frames.get(name) is not None and len(frames.get(name)) else empty_frame(name))
              for name in ("articles", "dates", "meetings")}
    tables["articles"] = apply_metadata(tables["articles"], metadata)
    fixed: dict[str, str] = {}
    if corrections is not None and corrections.corrections.entries:
        tables["meetings"], fixed = corrections.apply(tables["meetings"], tables["articles"])
    mapped = tables["dates"]
    tables["articles"], tables["dates"], rewritten = chronology.resolve_corpus(tables["articles"], mapped,
                                                                              tables["meetings"])
    tables["meetings"], clustering = events.cluster_events(tables["meetings"], tables["dates"], tables["articles"],
                                                           _country_of(registry), kept.events if kept else None,
                                                           contactfixes.fix_dates(fixed) if fixed else None)
    tables["entities"] = entity_table if entity_table is not None else entities.entity_table(mentions, registry)
    if corrections is not None and corrections.fix:
        tables["entities"] = corrected.tag_entities(tables["entities"], corrections.fix)
    date_rows = _date_rows(tables["dates"], rewritten)
    changed = {"meetings": clustering.changed,
               "dates": _dates_changed(mapped, date_rows, rewritten, kept.dates if kept else None)}
    return tables, Kept(clustering, date_rows, changed)


def _date_rows(dates: pd.DataFrame, rewritten: list) -> pd.DataFrame:
    """The dates rows the overlay wrote (index labels `rewritten`), as kept."""
    rows = dates.loc[rewritten] if len(rewritten) else dates.iloc[:0]
    return pd.DataFrame({c: pd.Series(rows[c].to_numpy(dtype="int64" if c == "start" else object),
                                      dtype="int64" if c == "start" else object) for c in DATE_ROW_COLUMNS})


def _keys(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays([frame["article_id"].to_numpy(dtype=object), frame["start"].to_numpy(dtype="int64")])


def _dates_changed(mapped: pd.DataFrame, now: pd.DataFrame, rewritten: list, last: pd.DataFrame | None) -> set[str] | None:
    """The articles with a dates row whose resolved columns differ from the last build's: a row
    the overlay wrote now (`now`, the map's rows `mapped` at `rewritten`) against what the last
    build wrote (`last`) or, when it wrote none there, the map's; a row it wrote last time and not
    now against the map's. None without `last`."""
    if last is None or not _keys(last).is_unique:
        return None
    last_keys, now_keys = _keys(last), _keys(now)
    at = last_keys.get_indexer(now_keys)
    before = mapped.loc[rewritten] if len(rewritten) else None
    differ = np.zeros(len(now), dtype=bool)
    for col in RESOLVED if len(now) else ():
        was = before[col].to_numpy(dtype=object).copy()
        was[at >= 0] = last[col].to_numpy(dtype=object)[at[at >= 0]]
        differ |= ~same_values(now[col].to_numpy(dtype=object), was)
    out = set(now["article_id"].to_numpy(dtype=object)[differ].tolist())
    gone = last[~last_keys.isin(now_keys)]                  # written last time only: now the map's
    if len(gone):
        own = mapped[mapped["article_id"].isin(set(gone["article_id"].tolist())).to_numpy(dtype=bool)]
        found = _keys(own).get_indexer(_keys(gone))         # (-1: the row is gone with its article)
        there = found >= 0
        for col in RESOLVED:
            moved = ~same_values(own[col].to_numpy(dtype=object)[found[there]], gone[col].to_numpy(dtype=object)[there])
            out.update(gone["article_id"].to_numpy(dtype=object)[there][moved].tolist())
    return out


STATE_VERSION = 1                # of the files below: another version is not read (computed whole)
STATE_FILES = {"events": "overlay/event_reports.parquet", "dates": "overlay/date_rows.parquet"}


def save_state(build_dir: Path, kept: Kept) -> dict:
    """Write what the next build keeps of this one's overlay into the build folder; the manifest
    entry naming it (read back by load_state)."""
    (build_dir / "overlay").mkdir(exist_ok=True)
    for name, frame in (("events", kept.events.reports), ("dates", kept.dates)):
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), build_dir / STATE_FILES[name])
    return {"version": STATE_VERSION, "files": STATE_FILES}


def load_state(build_dir: Path, entry: dict | None) -> Kept | None:
    """What a build kept of its overlay (its manifest `entry`); None when it kept nothing, of
    another version, or its event clustering is unreadable (the events are then clustered whole);
    without its dates rows, which articles' dates changed is not known."""
    if not entry or entry.get("version") != STATE_VERSION or entry.get("files") != STATE_FILES:
        return None
    frames = {}
    for name, columns in (("events", events.REPORT_COLUMNS), ("dates", DATE_ROW_COLUMNS)):
        try:
            frame = to_frame(pq.read_table(build_dir / STATE_FILES[name]))
        except (OSError, ValueError, pa.ArrowException):
            frame = None
        frames[name] = frame if frame is not None and list(frame.columns) == columns else None
    return Kept(events.Clustering(frames["events"]), frames["dates"]) if frames["events"] is not None else None


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
