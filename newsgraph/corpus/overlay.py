"""The corpus-wide stages every build runs over all articles (cheap, vectorised where it counts)."""
from __future__ import annotations

import time

import pandas as pd

from newsgraph import settings
from newsgraph.analysis.nlp.stanza_backend import models_present
from newsgraph.corpus import chronology, contactfixes, corrected, entities, events
from newsgraph.ingest.header import parse_date_value
from newsgraph.ingest.rawfiles import RawFile
from newsgraph.storage.schema import SCHEMA_VERSION, TABLES

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
           mentions: pd.DataFrame | None, previous_meetings: pd.DataFrame | None = None,
           entity_table: pd.DataFrame | None = None, corrections: contactfixes.Run | None = None) -> dict[str, pd.DataFrame]:
    """The corpus-wide stages: metadata, the analyst's corrections of contacts, date years,
    publication dates, meeting dates, events, and the entities table (from `mentions`: every
    article's, columns article_id, entity_id, label, surface). `frames` hold every article's
    per-article rows as that stage gave them; `previous_meetings` is the whole meetings table of
    the last build (event ids reused); `entity_table`, when given, is the entities table already
    made (from per-part stats, the entity corrections applied to them)."""
    tables = {name: (frames.get(name) if frames.get(name) is not None and len(frames.get(name)) else empty_frame(name))
              for name in ("articles", "dates", "meetings")}
    tables["articles"] = apply_metadata(tables["articles"], metadata)
    fixed: dict[str, str] = {}
    if corrections is not None and corrections.corrections.entries:
        tables["meetings"], fixed = corrections.apply(tables["meetings"], tables["articles"])
    tables["articles"], tables["dates"] = chronology.resolve_corpus(tables["articles"], tables["dates"],
                                                                    tables["meetings"])
    tables["meetings"] = events.assign_events(tables["meetings"], tables["dates"], tables["articles"],
                                              _country_of(registry), events.known_events(previous_meetings),
                                              contactfixes.fix_dates(fixed) if fixed else None)
    tables["entities"] = entity_table if entity_table is not None else entities.entity_table(mentions, registry)
    if corrections is not None and corrections.fix:
        tables["entities"] = corrected.tag_entities(tables["entities"], corrections.fix)
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
