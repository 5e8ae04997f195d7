"""The full-text search index: one SQLite FTS5 file per part of the partitioned tables.

`search/<part>.sqlite` indexes the sentences of one part (storage/parts.py) and is written once:
a build links the file of every part it links and writes one for each new or rewritten part, so
adding ten articles to a hundred thousand indexes ten articles (the views' parts work the same way).

Each file holds two tables (docs/tables.md, 'search'):
- `fts`, a contentless FTS5 table (the index only) of each sentence's `folded` text, whose rowid is
  the sentence's article number in the part shifted left by SHIFT bits, or'ed with its sent_idx;
  no column sizes (columnsize=0: nothing ranks by BM25, results are ordered by date) and no
  'optimize' merge (on the 10k corpus it doubled the file, the merged segments' old pages staying
  in it, and sped no query);
- `articles`: number → article_id, and the article's sentences as written (joined by US, zlib),
  so that a page of results reads its few sentences here instead of row groups of sentences.parquet
  (a page of 20 sentences from 20 articles touched 20 row groups: 150 ms at any corpus size).

What is indexed is `key(sentence)`: Turkish case folding and the Turkish letters made ASCII
(newsgraph.base.textnorm.fold: İ/I/ı/i meet, and so do ş/s, ç/c, ğ/g, ö/o, ü/u, â/a), other
accents dropped (é/e). The query goes through the same `key`, so index and query agree letter
for letter. SQLite's unicode61 tokenizer then cuts at every character that is not a letter or a
digit, the apostrophe included: "Şoygu'ya" is indexed as the two words soygu and ya.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
import zlib
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.base.errors import SearchError
from newsgraph.base.textnorm import fold

FOLDER = "search"
SHIFT = 24                 # rowid = article number in the part << SHIFT | sent_idx (16M sentences an article)
COLUMNS = {"fts": ["rowid", "folded"], "articles": ["n", "article_id", "texts"]}   # docs/tables.md
# Words are runs of letters and digits, as for unicode61 with these categories (no underscore).
TOKENIZE = "unicode61 remove_diacritics 0 categories 'L* N*'"
WORD = re.compile(r"[^\W_]+")
SEP = "\x1f"               # between an article's sentences in `texts` (ingest removes control characters)
_MARKS = re.compile(r"[\u0300-\u036f]+")     # combining accents, after NFD
_SCHEMA = ("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
           f"CREATE VIRTUAL TABLE fts USING fts5(folded, content='', columnsize=0, tokenize=\"{TOKENIZE}\");"
           "CREATE TABLE articles (n INTEGER PRIMARY KEY, article_id TEXT NOT NULL, texts BLOB);")


def key(text: str) -> str:
    """The form text is indexed and searched in: Turkish-folded, accents dropped ('İDLİB' → 'idlib',
    'Şoygu'ya' → "soygu'ya", 'Noël' → 'noel')."""
    text = fold(text)
    if text.isascii():
        return text
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def words(text: str) -> list[str]:
    """The words of `text` as the index holds them (key, cut at anything not a letter or digit)."""
    return WORD.findall(key(text))


def folder(build: Path) -> Path:
    """The search index folder of a build."""
    return Path(build) / FOLDER


def part_file(build: Path, part: str) -> Path:
    """The index file of data part `part` (a part file's name)."""
    return folder(build) / (Path(part).stem + ".sqlite")


def write_parts(build: Path, plan) -> list[str]:
    """Link or write the index file of every part of the build (`plan`: storage.parts.Layout); the
    parts written."""
    from newsgraph.storage.parts import _link
    folder(build).mkdir()
    written = []
    for part in sorted(plan.part_map()):
        before = part_file(plan.previous, part) if plan.previous is not None else None
        if part in plan.link and before is not None and before.exists():
            _link(before, part_file(build, part))
            continue
        table = pq.read_table(Path(build) / "sentences.parquet" / part, columns=["article_id", "sent_idx", "text"])
        write_part(table, part_file(build, part))
        written.append(part)
    return written


def write_part(sentences: pa.Table, target: Path) -> None:
    """Index some sentences (article_id, sent_idx, text) into a new file `target` (a sentence
    numbered 2**SHIFT or more, which no article under the file size limit has, is left out)."""
    number: dict[str, int] = {}
    texts: list[list[str]] = []

    def rows():
        for a, s, t in zip(sentences.column("article_id").to_pylist(), sentences.column("sent_idx").to_pylist(),
                           sentences.column("text").to_pylist()):
            if s >= 1 << SHIFT:
                continue
            if a not in number:
                number[a] = len(number)
                texts.append([])
            kept = texts[number[a]]
            kept.extend([""] * (s + 1 - len(kept)))
            kept[s] = t or ""
            yield number[a] << SHIFT | s, key(t or "")

    con = sqlite3.connect(target)
    try:
        con.executescript(_SCHEMA)
        con.executemany("INSERT INTO fts(rowid, folded) VALUES (?, ?)", rows())
        con.executemany("INSERT INTO articles VALUES (?, ?, ?)", (_packed(n, a, texts[n]) for a, n in number.items()))
        con.commit()
    finally:
        con.close()


def _packed(n: int, article_id: str, texts: list[str]) -> tuple:
    return n, article_id, zlib.compress(SEP.join(texts).encode("utf-8"), 1)


def part_files(build: Path) -> list[Path]:
    """The index files of a build; SearchError when it has none."""
    found = sorted(folder(build).glob("*.sqlite")) if folder(build).is_dir() else []
    if not found:
        raise SearchError(f"the tables in {build} have no search index; run: python -m newsgraph build")
    return found


def _open(path: Path) -> sqlite3.Connection:
    # immutable: the file never changes once written, so SQLite takes no locks and reads no journal
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)


def _query(path: Path, sql: str, params: tuple) -> list:
    """Rows of one query on one index file; SearchError when SQLite refuses it."""
    try:
        with closing(_open(path)) as con:
            return con.execute(sql, params).fetchall()
    except sqlite3.DatabaseError as exc:          # a malformed query (OperationalError) or a damaged file
        raise SearchError(f"the search could not run ({exc}) on {path.name}") from None


def article_ids(path: Path) -> np.ndarray:
    """Article number → article_id of one index file."""
    return _article_ids(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=256)
def _article_ids(path: str, mtime_ns: int) -> np.ndarray:
    """Article number → article_id of one index file (files never change: cached by path and mtime)."""
    return np.asarray([a for (a,) in _query(Path(path), "SELECT article_id FROM articles ORDER BY n", ())], dtype=object)


@dataclass
class Hits:
    """The sentences matching a query: per distinct article (in part order) its file and number in
    it (article_ids(file)[number] is its id); per hit its article (an index into those) and sent_idx."""

    files: list[Path]
    file: np.ndarray           # index into files, per distinct article
    number: np.ndarray         # article number in its file, per distinct article
    article: np.ndarray        # per hit: its distinct article (an index into file and number)
    sent: np.ndarray           # per hit: sent_idx

    def texts(self, hits: np.ndarray) -> list[str]:
        """The sentences as written of some hits (indexes into article/sent), read from the index files."""
        arts = self.article[hits].tolist()
        where = [(int(self.file[a]), int(self.number[a])) for a in arts]
        found: dict[tuple[int, int], list[str]] = {}
        for f in sorted({f for f, _ in where}):
            wanted = sorted({n for g, n in where if g == f})
            sql = f"SELECT n, texts FROM articles WHERE n IN ({','.join('?' * len(wanted))})"
            for n, blob in _query(self.files[f], sql, tuple(wanted)):
                found[f, n] = zlib.decompress(blob).decode("utf-8").split(SEP)
        out = []
        for at, s in zip(where, self.sent[hits].tolist()):
            sentences = found.get(at, [])
            out.append(sentences[s] if s < len(sentences) else "")
        return out


def match(build: Path, expression: str) -> Hits:
    """Every sentence of a build matching an FTS5 `expression`, in part order. SearchError when
    SQLite refuses the expression or a file."""
    files = part_files(build)
    file, number, article, sent = [], [], [], []
    offset = 0
    for i, path in enumerate(files):
        rowids = _rowids(path, expression)
        if not len(rowids):
            continue
        used, code = np.unique(rowids >> SHIFT, return_inverse=True)
        file.append(np.full(len(used), i, dtype=np.int64))
        number.append(used)
        article.append(code.astype(np.int64) + offset)
        sent.append((rowids & ((1 << SHIFT) - 1)).astype(np.int64))
        offset += len(used)
    if not file:
        empty = np.array([], dtype=np.int64)
        return Hits(files, empty, empty, empty, empty)
    return Hits(files, *(np.concatenate(x) for x in (file, number, article, sent)))


def _rowids(path: Path, expression: str) -> np.ndarray:
    """The rowids of one file's sentences matching `expression` (one string from SQLite, parsed by
    numpy: a third of the time of fetching a row per hit)."""
    joined = _query(path, "SELECT group_concat(rowid, ' ') FROM fts WHERE fts MATCH ?", (expression,))[0][0]
    return np.fromstring(joined, dtype=np.int64, sep=" ") if joined else np.array([], dtype=np.int64)


def size_bytes(build: Path) -> int:
    """Bytes of a build's index files (linked ones count in full)."""
    return sum(p.stat().st_size for p in folder(build).glob("*.sqlite")) if folder(build).is_dir() else 0
