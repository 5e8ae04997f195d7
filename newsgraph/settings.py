"""Every setting newsgraph takes from the environment, in one registry: name, default, help.

A setting is read when it is used, not when this module is imported: a server or a test that
sets NEWSGRAPH_RAW after start-up is obeyed. `settings.RAW_DIR` and the other names in
SETTINGS are those values; `python -m newsgraph settings` lists them with their help. The
constants below them are limits no environment variable changes.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from newsgraph.base.errors import SettingError

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One environment variable: the name code reads it by, its default and what it does."""

    env: str
    name: str
    default: Callable[[], Path | int | float]
    help: str
    parse: Callable[[str], Path | int | float] = Path

    def value(self) -> Path | int | float:
        """The value in force now: the environment's, else the default."""
        given = os.environ.get(self.env)
        if given is None or given == "":
            return self.default()
        try:
            return self.parse(given)
        except ValueError:
            raise SettingError(f"{self.env}={given!r} is not valid: {self.help}") from None


SETTINGS: tuple[Setting, ...] = (
    Setting("NEWSGRAPH_DATA", "DATA_DIR", lambda: ROOT / "data",
            "folder of the curated data (actors.yaml, topics.yaml, events.yaml, lexicon/); "
            "raw/ and processed/ sit in it unless set apart"),
    Setting("NEWSGRAPH_RAW", "RAW_DIR", lambda: _value("DATA_DIR") / "raw",
            "folder of the raw article files (and metadata.csv) a build reads and uploads go to"),
    Setting("NEWSGRAPH_PROCESSED", "PROCESSED_DIR", lambda: _value("DATA_DIR") / "processed",
            "folder a build writes the tables to and the dashboard reads them from"),
    Setting("NEWSGRAPH_CORRECTIONS", "CORRECTIONS_FILE", lambda: _value("DATA_DIR") / "corrections.yaml",
            "the analyst's corrections (rejected, confirmed, edited and added contacts; rejected, merged and "
            "split entities) every build applies (`python -m newsgraph correct`)"),
    Setting("NEWSGRAPH_STANZA_DIR", "STANZA_DIR", lambda: _value("DATA_DIR") / "models" / "stanza",
            "folder of the downloaded stanza Turkish models (`python -m newsgraph models download`)"),
    Setting("NEWSGRAPH_MAX_FILE_BYTES", "MAX_FILE_BYTES", lambda: 10 * 1024 * 1024,
            "largest article file accepted, in bytes (uploads, `add` and builds)", int),
    Setting("NEWSGRAPH_ARTICLE_SECONDS", "ARTICLE_SECONDS", lambda: 60.0,
            "seconds a build may spend reading and analysing one article; past them the article is listed "
            "among the build's problems and the build goes on (0: no limit)", float),
)
_BY_NAME = {s.name: s for s in SETTINGS}
_DERIVED = {"ACTORS_FILE": "actors.yaml", "TOPICS_FILE": "topics.yaml", "EVENTS_FILE": "events.yaml",
            "LEXICON_FILE": "lexicon.yaml"}     # curated files inside DATA_DIR


def _value(name: str) -> Path | int | float:
    return _BY_NAME[name].value()


def __getattr__(name: str) -> Path | int | float:
    """settings.RAW_DIR and the others: read from the environment now."""
    if name in _BY_NAME:
        return _value(name)
    if name in _DERIVED:
        return _value("DATA_DIR") / _DERIVED[name]
    raise AttributeError(f"module 'newsgraph.settings' has no attribute {name!r}")


def describe() -> list[dict[str, str]]:
    """Each setting: variable, value in force, default, help (for `python -m newsgraph settings`)."""
    return [{"variable": s.env, "value": str(s.value()), "default": str(s.default()), "help": s.help}
            for s in SETTINGS]


METADATA_FILE_NAME = "metadata.csv"          # optional, inside the raw folder
RAW_SUFFIXES = (".txt", ".md", ".html", ".htm")
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_UNCOMPRESSED_BYTES = 200 * 1024 * 1024

STANZA_PROCESSORS = "tokenize,mwt,pos,lemma,ner"
STANZA_LANG = "tr"
STANZA_BATCH_SIZE = 32
