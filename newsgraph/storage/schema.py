"""The data contract: table names, columns and their Arrow types.

DESIGN.md names the columns every table must have; the extra columns here extend it
(never rename or drop one). Bump SCHEMA_VERSION whenever a column is added or changes
type: a cache written under another version is rebuilt, not read.
"""
from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 12      # 7: views/parts/ (per-part views and entity stats); 8: meetings.contact; 9: meetings.sides; 10: dates.tense; 11: meetings.topic_terms; 12: meetings.corrected, entities.corrected

_STR = pa.string()
_INT = pa.int32()
_LIST = pa.list_(pa.string())

TABLES: dict[str, pa.Schema] = {
    "articles": pa.schema([
        ("article_id", _STR),
        ("title", _STR),
        ("title_derived", pa.bool_()),        # True when no title line: first sentence used
        ("source", _STR),
        ("byline", _STR),
        ("dateline", _STR),                   # place named in the date line ("İstanbul")
        ("url", _STR),
        ("published", _STR),                  # ISO or null
        ("published_precision", _STR),        # year | month | day | null
        ("published_basis", _STR),            # stated | inferred | metadata | null
        ("topics", _LIST),
        ("flags", _LIST),
        ("tags", _LIST),                      # trailing keyword lines ("türkiye rusya libya")
        ("events", _LIST),                    # named events the article mentions ("Berlin Konferansı")
        ("text", _STR),                       # cleaned body text; all offsets index it
        ("sha256", _STR),                     # of the raw file's bytes
        ("path", _STR),                       # raw file, relative to the raw folder
        ("encoding", _STR),                   # how the raw bytes were decoded
        ("n_sentences", _INT),
    ]),
    "sentences": pa.schema([
        ("article_id", _STR),
        ("sent_idx", _INT),
        ("paragraph_idx", _INT),
        ("start", _INT),
        ("end", _INT),
        ("text", _STR),
        ("topics", _LIST),
    ]),
    "mentions": pa.schema([
        ("article_id", _STR),
        ("sent_idx", _INT),
        ("start", _INT),
        ("end", _INT),
        ("surface", _STR),                    # the name as written, case suffix cut off
        ("suffix", _STR),                     # "'ya" of "Şoygu'ya", "" when none
        ("label", _STR),                      # PER | LOC | ORG | MISC
        ("entity_id", _STR),                  # null when unlinked
        ("backend", _STR),                    # rules | stanza
        ("method", _STR),                     # registry | discovered | coref | model
    ]),
    "entities": pa.schema([
        ("entity_id", _STR),
        ("name", _STR),
        ("label", _STR),
        ("aliases", _LIST),
        ("title", _STR),
        ("country", _STR),
        ("in_registry", pa.bool_()),
        ("mention_count", _INT),
        ("article_count", _INT),
        ("corrected", _STR),                  # merge | split: an analyst's correction changed it (data/corrections.yaml)
    ]),
    "dates": pa.schema([
        ("article_id", _STR),
        ("sent_idx", _INT),
        ("start", _INT),
        ("end", _INT),
        ("surface", _STR),
        ("value", _STR),                      # ISO: 2020, 2020-01, 2020-01-12, 2020-01-12T00:00, or an interval 2020-03-03/2020-03-04 (a range of days, a week, a weekend); null if unresolved
        ("precision", _STR),                  # year | month | day | minute | null
        ("basis", _STR),                      # explicit | year_inferred | relative
        ("year_source", _STR),                # article_date | article_text | other_articles | null
        ("tense", _STR),                      # past | future | null: what a yearless date's clause tells (its year from the article's date follows it)
        ("kind", _STR),                       # date | time | weekday | relative
        ("partial", _STR),                    # what the text itself fixes, e.g. "--01-19", "T00:00"
        ("event", _STR),                      # named event the date belongs to, e.g. "Berlin Konferansı"
        ("topics", _LIST),                    # topics of its sentence (same event or topic: same year)
        # what the tagger read, kept so that years can be re-resolved corpus-wide on every build
        ("year", _INT), ("month", _INT), ("day", _INT), ("hour", _INT), ("minute", _INT),
        ("weekday", _INT), ("offset", _INT), ("offset_days", _INT), ("offset_unit", _STR),
    ]),
    "meetings": pa.schema([
        ("meeting_id", _STR),
        ("event_id", _STR),                   # shared by reports of the same contact
        ("article_id", _STR),
        ("sent_idx", _INT),
        ("sent_idxs", pa.list_(_INT)),        # every sentence of this report
        ("participants", _LIST),
        ("sides", pa.list_(_LIST)),           # one list of entity ids per side (caller/callee, host/guest, …)
        ("contact", _STR),                    # the participant set: sorted ids joined by "|"
        ("type", _STR),
        ("status", _STR),                     # held | planned | cancelled | denied
        ("location", _STR),
        ("date", _STR),
        ("date_precision", _STR),
        ("date_basis", _STR),                 # sentence | article | event | null
        ("date_ref", _INT),                   # start offset of the dates row the date came from
        ("topics", _LIST),
        ("topic_terms", pa.list_(pa.struct([("topic", _STR), ("term", _STR), ("sent_idx", _INT)]))),   # why each topic
        ("trigger", _STR),                    # the words that name the contact
        ("evidence", _STR),
        ("corrected", _STR),                  # the corrections that touched the row ("edit-meeting", "merge, confirm-meeting"), else null
    ]),
}

TABLE_NAMES = tuple(TABLES)
# Rows per Parquet row group, about 2-4 MB each: the row groups' min/max statistics of article_id
# (rows are written in article order) let a reader of one article skip the rest of a table
# (0.01 s instead of 1 s for one article's text at 100k articles).
ROW_GROUP_ROWS = {"articles": 1024, "sentences": 16384, "mentions": 65536, "dates": 16384, "meetings": 8192,
                  "entities": 65536}

MEETING_TYPES = ("phone_call", "meeting", "visit", "press_conference", "delegation_talks", "statement")
LABELS = ("PER", "LOC", "ORG", "MISC")
