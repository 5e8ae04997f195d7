"""The map's unit, shared by the build and the engines that run it (jobs/build.py, jobs/engines.py):
the code version that keys an article's map rows, and the `Batch` one chunk of raw files gives,
whichever engine computed it. Here so that the engines need not import the build (no cycle)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

import newsgraph
from newsgraph import settings
from newsgraph.analysis.analyze import ArticleRows
from newsgraph.base.registry import Registry
from newsgraph.storage import parts, store
from newsgraph.storage.schema import SCHEMA_VERSION

ARROW_ONLY = ("sentences", "mentions")   # new rows made Arrow in the workers, never seen by pandas


def code_version(registry: Registry) -> str:
    """Hash of the package source and the curated data: any change reprocesses everything."""
    digest = hashlib.sha256(f"{newsgraph.__version__}|{SCHEMA_VERSION}|{registry.fingerprint}".encode())
    pkg = Path(newsgraph.__file__).parent
    for path in sorted(pkg.rglob("*.py")):
        digest.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes())
    vocab = settings.DATA_DIR / "lexicon" / "tr_words.tsv"
    if vocab.exists():
        digest.update(vocab.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class Batch:
    """One chunk's results, packed where they were made (in a worker): the rows of articles, dates
    and meetings as columns, those of sentences and mentions (most of the rows) already as Arrow
    tables, so the parent only appends while the pool runs."""

    inputs: dict[str, dict]                      # article_id → its manifest input record, in order
    problems: list[dict]
    columns: dict[str, dict[str, list]]
    arrow: dict[str, pa.Table]


def pack(items: list[ArticleRows | dict]) -> Batch:
    """The results of one chunk of articles as one Batch."""
    batch = Batch({}, [], {name: {} for name in parts.PER_ARTICLE if name not in ARROW_ONLY}, {})
    arrow_columns: dict[str, dict[str, list]] = {name: {} for name in ARROW_ONLY}
    for item in items:
        if isinstance(item, dict):
            batch.problems.append(item)
            continue
        item = item.compact()
        batch.inputs[item.article_id] = item.input
        for name in parts.PER_ARTICLE:
            extend(arrow_columns[name] if name in ARROW_ONLY else batch.columns[name], getattr(item, name))
    batch.arrow = {name: store.columns_to_arrow(name, cols) for name, cols in arrow_columns.items()}
    return batch


def extend(columns: dict[str, list], more: dict[str, list]) -> None:
    """Append rows given as columns to rows gathered as columns."""
    for col, values in more.items():
        columns.setdefault(col, []).extend(values)
