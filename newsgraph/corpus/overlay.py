"""The corpus-wide stages every build runs over all articles (cheap, vectorised where it counts)."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph import settings
from newsgraph.analysis.nlp.stanza_backend import models_present
from newsgraph.corpus import chronology, contactfixes, corrected, entities, events
from newsgraph.ingest.header import parse_date_value
from newsgraph.ingest.rawfiles import RawFile
from newsgraph.storage.schema import SCHEMA_VERSION, TABLES
from newsgraph.storage.store import to_frame

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


def finish(frames: dict[str, pd.DataFrame], registry, metadata: pd.DataFrame,
           mentions: pd.DataFrame | None, kept: events.Clustering | None = None,
           entity_table: pd.DataFrame | None = None,
           corrections: contactfixes.Run | None = None) -> tuple[dict[str, pd.DataFrame], events.Clustering]:
    """The corpus-wide stages: metadata, the analyst's corrections of contacts, date years,
    publication dates, meeting dates, events, and the entities table (from `mentions`: every
    article's, columns article_id, entity_id, label, surface). `frames` hold every article's
    per-article rows as that stage gave them; `kept` is the last build's event clustering
    (load_state: contacts it clustered are kept or extended); `entity_table`, when given, is the
    entities table already made (from per-part stats, the entity corrections applied to them).
    Also the clustering to keep for the next build (save_state)."""
    tables = {name: (frames.get(name) if frames.get(name) is not None and len(frames.get(name)) else empty_frame(name))
              for name in ("articles", "dates", "meetings")}
    tables["articles"] = apply_metadata(tables["articles"], metadata)
    fixed: dict[str, str] = {}
    if corrections is not None and corrections.corrections.entries:
        tables["meetings"], fixed = corrections.apply(tables["meetings"], tables["articles"])
    tables["articles"], tables["dates"] = chronology.resolve_corpus(tables["articles"], tables["dates"],
                                                                    tables["meetings"])
    tables["meetings"], clustering = events.cluster_events(tables["meetings"], tables["dates"], tables["articles"],
                                                           _country_of(registry), kept,
                                                           contactfixes.fix_dates(fixed) if fixed else None)
    tables["entities"] = entity_table if entity_table is not None else entities.entity_table(mentions, registry)
    if corrections is not None and corrections.fix:
        tables["entities"] = corrected.tag_entities(tables["entities"], corrections.fix)
    return tables, clustering


STATE_VERSION = 1                # of the file below: another version is not read (the events are clustered whole)
STATE_FILE = "overlay/event_reports.parquet"


def save_state(build_dir: Path, clustering: events.Clustering) -> dict:
    """Write what the next build keeps of this one's overlay (the event clustering) into the build
    folder; the manifest entry naming it (read back by load_state)."""
    (build_dir / STATE_FILE).parent.mkdir(exist_ok=True)
    pq.write_table(pa.Table.from_pandas(clustering.reports, preserve_index=False), build_dir / STATE_FILE)
    return {"version": STATE_VERSION, "file": STATE_FILE}


def load_state(build_dir: Path, entry: dict | None) -> events.Clustering | None:
    """The event clustering a build kept (its manifest `entry`); None when it has none, of another
    version, or unreadable: the events are then clustered whole."""
    if not entry or entry.get("version") != STATE_VERSION or entry.get("file") != STATE_FILE:
        return None
    try:
        reports = to_frame(pq.read_table(build_dir / STATE_FILE))
    except (OSError, ValueError, pa.ArrowException):
        return None
    return events.Clustering(reports) if list(reports.columns) == events.REPORT_COLUMNS else None


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
