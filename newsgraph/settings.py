"""One place for paths, limits and defaults (environment variables override)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("NEWSGRAPH_DATA", ROOT / "data"))
RAW_DIR = Path(os.environ.get("NEWSGRAPH_RAW", DATA_DIR / "raw"))
PROCESSED_DIR = Path(os.environ.get("NEWSGRAPH_PROCESSED", DATA_DIR / "processed"))
ACTORS_FILE = DATA_DIR / "actors.yaml"
TOPICS_FILE = DATA_DIR / "topics.yaml"
EVENTS_FILE = DATA_DIR / "events.yaml"
LEXICON_FILE = DATA_DIR / "lexicon.yaml"
METADATA_FILE_NAME = "metadata.csv"          # optional, inside the raw folder
STANZA_DIR = Path(os.environ.get("NEWSGRAPH_STANZA_DIR", DATA_DIR / "models" / "stanza"))

RAW_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_FILE_BYTES = int(os.environ.get("NEWSGRAPH_MAX_FILE_BYTES", 10 * 1024 * 1024))
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

STANZA_PROCESSORS = "tokenize,mwt,pos,lemma,ner"
STANZA_LANG = "tr"
STANZA_BATCH_SIZE = 32
