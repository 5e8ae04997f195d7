"""Full-text search over the sentences of a build, with the sidebar's filters and facet counts.

`search(reader, "ateşkes", Filters(topics=("Libya",)))` → a SearchResult: the matching sentences
(newest article first), each with its hits marked, its article and a link to the source view, how
many sentences and articles match, and facet counts by topic, actor, source and year. The index is
newsgraph/storage/searchindex.py (SQLite FTS5, one file per part, built with the tables).

The query language, for an analyst, not a programmer: every word must be in the sentence, in any
order; each word matches the start of a word ("ateşkes" finds "ateşkesin", "Şoygu" finds
"Şoygu'ya" and "Şoygu'nun"); case and Turkish letters do not matter ("idlib" finds "İDLİB", "soygu"
"Şoygu"); a word written with an apostrophe or a hyphen, or words in double quotes, must stand
together in that order ("Şoygu'ya", "Rus mevkidaşı"). Nothing else has a meaning: quotes that do
not close, AND, OR, NOT, NEAR, *, ^, :, parentheses are read as text, never as SQLite's syntax.
Filters are the dashboard's (newsgraph.views.filters.Filters, meeting types aside) and choose
articles, as the sidebar does: a topic, source, actor or date keeps the articles that have it.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from newsgraph.base.errors import SearchError
from newsgraph.base.textnorm import fold
from newsgraph.storage import searchindex
from newsgraph.storage.store import with_none
from newsgraph.views.filters import Filters, keep_articles, with_filters
from newsgraph.views.reader import Reader
from newsgraph.views.sourceview import source_url

MAX_WORDS = 32                  # a query of more words is refused (each is a look-up in every part)
ROW_COLUMNS = ["article_id", "sent_idx", "text", "marked", "hits", "title", "source", "published", "topics", "open"]
FACET_COLUMNS = ["facet", "value", "label", "sentences", "articles"]
QUOTES = str.maketrans({c: '"' for c in "“”„«»"})
MARK = ("**", "**")

Phrase = tuple[str, ...]


def parse_query(text: str) -> tuple[Phrase, ...]:
    """The phrases a query asks for, each a tuple of index words: a word as written (split where
    the index splits it: "Şoygu'ya" → ('soygu', 'ya')) or the words between double quotes.
    SearchError when there is no word to look for, or too many."""
    pieces = (text or "").translate(QUOTES).split('"')
    phrases: list[Phrase] = []
    for i, piece in enumerate(pieces):
        chunks = [piece] if i % 2 else piece.split()          # odd pieces were between quotes
        phrases += [tuple(searchindex.words(chunk)) for chunk in chunks]
    phrases = list(dict.fromkeys(p for p in phrases if p))
    if not phrases:
        raise SearchError(f"nothing to search for in {text!r}: give a word of letters or digits")
    if sum(len(p) for p in phrases) > MAX_WORDS:
        raise SearchError(f"the query has more than {MAX_WORDS} words; search with fewer")
    return tuple(phrases)


def expression(phrases: tuple[Phrase, ...]) -> str:
    """The FTS5 query of some phrases: every phrase (AND), each word as the start of a word (a
    one-letter word as a whole word). Words are letters and digits only, so quoting them is safe."""
    def word(w: str) -> str:
        return f'"{w}"' + ("*" if len(w) > 1 else "")
    return " AND ".join(" + ".join(word(w) for w in p) for p in phrases)


def hit_spans(text: str, phrases: tuple[Phrase, ...]) -> list[tuple[int, int]]:
    """Where the phrases stand in a sentence, as (start, end) character offsets, merged."""
    tokens = [(m.start(), m.end(), searchindex.key(m.group())) for m in searchindex.WORD.finditer(text or "")]
    spans = []
    for p in phrases:
        for i in range(len(tokens) - len(p) + 1):
            if all(_fits(tokens[i + j][2], w) for j, w in enumerate(p)):
                spans.append((tokens[i][0], tokens[i + len(p) - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _fits(token: str, word: str) -> bool:
    return token.startswith(word) if len(word) > 1 else token == word


def mark(text: str, spans: list[tuple[int, int]], marks: tuple[str, str] = MARK) -> str:
    """The text with each span between the marks ('**ateşkes**')."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], marks[0], text[start:end], marks[1]]
        at = end
    return "".join(out + [text[at:]])


@dataclass(frozen=True)
class Facet:
    """One facet of a build: for each row (an article, or one of its topics or actors) the article's
    position and the value's code; the values and their labels (codes index them)."""

    at: np.ndarray
    code: np.ndarray
    values: list
    labels: list[str]
    order: np.ndarray                   # each value's place among the labels sorted (ties in counts)


BASIS_COLUMNS = ["article_id", "title", "source", "published"]


@dataclass(frozen=True)
class SearchBasis:
    """What every search of one build needs, made once from its articles table, entity names and
    actor view (the dashboard keeps one per build): the articles' positions, the newest-first order,
    the facets; each index file's articles as positions, filled in as files are searched."""

    key: str
    articles: pd.DataFrame              # BASIS_COLUMNS of every article, in the table's order
    positions: pd.Index                 # article_id → position
    rank: np.ndarray                    # position → place in the newest-first order
    facets: dict[str, Facet]
    names: dict[str, str]               # entity_id → name
    named: pd.DataFrame                 # the article_entities view (the actor filter reads it)
    in_files: dict[str, np.ndarray] = field(default_factory=dict, compare=False)

    def file_positions(self, path: Path) -> np.ndarray:
        """Article number in one index file → position (-1: not an article of this table)."""
        if str(path) not in self.in_files:
            ids = searchindex.article_ids(path)
            self.in_files[str(path)] = self.positions.get_indexer(pd.Index(ids, dtype=object))
        return self.in_files[str(path)]


def search_basis(reader: Reader) -> SearchBasis:
    """The basis of searches of `reader`'s build (0.6 s at 100k articles, the reads aside; hold it per build).
    CacheMissing when the build has no tables, or tables of another schema."""
    reader.manifest()
    articles = with_none(reader.whole("articles", BASIS_COLUMNS))
    ids = pd.Index(articles["article_id"].to_numpy(dtype=object), dtype=object)
    n = len(articles)
    published = articles["published"].to_numpy(dtype=object)
    dated, _ = pd.factorize(pd.Series(published, dtype=object), sort=True)     # undated: -1, after every date
    rank = np.empty(n, dtype=np.int64)
    rank[np.lexsort((np.arange(n), -dated))] = np.arange(n)
    flat, parents, _ = reader.list_index("articles", "topics")
    named = reader.view("article_entities")
    person = (named["label"] == "PER").to_numpy()
    where = ids.get_indexer(named["article_id"].cat.categories)[named["article_id"].cat.codes.to_numpy()[person]]
    people = named["entity_id"].cat
    names = reader.entity_names()
    years = np.asarray([p[:4] if isinstance(p, str) else None for p in published], dtype=object)
    facets = {"topic": _facet(parents, flat.to_numpy(zero_copy_only=False)),
              "actor": _facet(where, None, people.codes.to_numpy()[person], list(people.categories), names),
              "source": _facet(np.arange(n), articles["source"].to_numpy(dtype=object), missing="no source"),
              "year": _facet(np.arange(n), years, missing="undated")}
    return SearchBasis(reader.key, articles, ids, rank, facets, names, named)


def _facet(at: np.ndarray, values: np.ndarray | None, codes: np.ndarray | None = None, uniques: list | None = None,
           names: dict[str, str] | None = None, missing: str = "none") -> Facet:
    """A Facet from each row's article position and value (or value code and the values)."""
    if codes is None:
        codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    keep = np.asarray(at) >= 0                       # rows of no article of the table: never counted
    values = [v if isinstance(v, str) else None for v in uniques]
    labels = [(names or {}).get(v, v) if v is not None else missing for v in values]
    order = np.empty(len(labels), dtype=np.int64)
    order[np.argsort(np.asarray(labels, dtype=object), kind="stable")] = np.arange(len(labels))
    return Facet(np.asarray(at)[keep].astype(np.int64), np.asarray(codes)[keep].astype(np.int64), values, labels, order)


@dataclass
class SearchResult:
    """What a search found: its rows (one page of sentences), totals and facet counts."""

    query: str
    phrases: tuple[Phrase, ...]
    filters: Filters
    rows: pd.DataFrame                  # ROW_COLUMNS, newest article first
    total: int                          # sentences that match (all pages)
    articles: int                       # articles they are in
    facets: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FACET_COLUMNS))

    def describe(self, names: dict[str, str] | None = None) -> str:
        """'12 sentences in 4 articles match "ateşkes" (topic Libya)'."""
        what = f"{self.total} sentence{'s' * (self.total != 1)} in {self.articles} article{'s' * (self.articles != 1)}"
        where = "" if _article_filters(self.filters).is_empty() else f" ({self.filters.describe(names)})"
        return f"{what} match {self.query!r}{where}"


def search(reader: Reader, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0,
           facets: bool = True, facet_size: int = 10, basis: SearchBasis | None = None) -> SearchResult:
    """The sentences of `reader`'s build matching `query` in the articles `filters` keep: one page of
    rows (`offset`, `limit`), newest article first, then in text order; totals; facet counts (the
    `facet_size` values with most matching sentences, for topic, actor, source and year). `basis`:
    search_basis(reader), made here when not given."""
    phrases = parse_query(query)
    f = _article_filters(filters or Filters())
    basis = basis if basis is not None and basis.key == reader.key else search_basis(reader)
    hits = searchindex.match(reader.build, expression(phrases))
    every = _positions(basis, hits)[hits.article]     # each hit's article: its position in the table
    chosen = np.flatnonzero(_kept(reader, basis, f)[np.maximum(every, 0)] & (every >= 0))
    pos = every[chosen]
    counts = np.bincount(pos, minlength=len(basis.rank))
    page = chosen[_page(basis.rank[pos], hits.sent[chosen], offset, limit)]
    rows = _rows(basis, every[page], hits, page, phrases, filters or Filters())
    table = _facets(basis, counts, facet_size) if facets and len(pos) else pd.DataFrame(columns=FACET_COLUMNS)
    return SearchResult(query, phrases, f, rows, int(len(pos)), int((counts > 0).sum()), table)


def _article_filters(f: Filters) -> Filters:
    """The filters that choose articles (a meeting type chooses meetings, not sentences)."""
    return Filters(f.topics, f.actors, f.sources, (), f.date_from, f.date_to)


def _positions(basis: SearchBasis, hits: searchindex.Hits) -> np.ndarray:
    """Each distinct article of the hits: its position in the table (-1: none)."""
    out = np.full(len(hits.number), -1, dtype=np.int64)
    for i, path in enumerate(hits.files):
        mine = np.flatnonzero(hits.file == i)
        if len(mine):
            out[mine] = basis.file_positions(path)[hits.number[mine]]
    return out


def _kept(reader: Reader, basis: SearchBasis, f: Filters) -> np.ndarray:
    """Which articles (by position) the filters keep: the sidebar's keep_articles."""
    if f.is_empty():
        return np.ones(len(basis.rank), dtype=bool)
    return keep_articles(basis.articles, basis.named if f.actors else None, f, reader.any_of("articles")).to_numpy()


def _page(rank: np.ndarray, sent: np.ndarray, offset: int, limit: int) -> np.ndarray:
    """Which hits (given each one's article's place in the newest-first order) are on the page, in order."""
    want = max(0, offset) + max(0, limit)
    if not len(rank) or not want:
        return np.array([], dtype=np.int64)
    order = rank << searchindex.SHIFT | sent
    if len(order) > want:
        first = np.argpartition(order, want - 1)[:want]
        return first[np.argsort(order[first])][offset:]
    return np.argsort(order)[offset:]


def _rows(basis: SearchBasis, pos: np.ndarray, hits: searchindex.Hits, page: np.ndarray, phrases,
          f: Filters) -> pd.DataFrame:
    """The page's sentences (`page`: hits; `pos`: their articles' positions) with their text, hits
    marked, article and link (keeping the filters `f`, as every link to the source view does)."""
    if not len(page):
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ROW_COLUMNS})
    texts = hits.texts(page)
    meta = basis.articles.iloc[pos]
    ids, sent = meta["article_id"].to_numpy(dtype=object), hits.sent[page]
    spans = [hit_spans(t, phrases) for t in texts]
    topic = basis.facets["topic"]                     # its rows: the topics of each article, in order
    bounds = zip(np.searchsorted(topic.at, pos, "left").tolist(), np.searchsorted(topic.at, pos, "right").tolist())
    columns = {"article_id": ids, "sent_idx": sent, "text": texts,
               "marked": [mark(t, s) for t, s in zip(texts, spans)], "hits": spans,
               "title": meta["title"].to_numpy(dtype=object), "source": meta["source"].to_numpy(dtype=object),
               "published": meta["published"].to_numpy(dtype=object),
               "topics": [[topic.values[c] for c in topic.code[a:b]] for a, b in bounds],
               "open": [with_filters(source_url(a, s), f) for a, s in zip(ids, sent.tolist())]}
    return pd.DataFrame({c: pd.Series(v, dtype=None if c == "sent_idx" else object) for c, v in columns.items()})


def _facets(basis: SearchBasis, counts: np.ndarray, size: int) -> pd.DataFrame:
    """Matching sentences and articles per value of each facet: the `size` values with most sentences."""
    out: dict[str, list] = {c: [] for c in FACET_COLUMNS}
    for name, facet in basis.facets.items():
        weights = counts[facet.at]
        sentences = np.bincount(facet.code, weights=weights, minlength=len(facet.values)).astype(np.int64)
        articles = np.bincount(facet.code, weights=weights > 0, minlength=len(facet.values)).astype(np.int64)
        top = np.flatnonzero(sentences)
        top = top[np.lexsort((facet.order[top], -sentences[top]))][:size].tolist()
        out["facet"] += [name] * len(top)
        out["value"] += [facet.values[i] for i in top]
        out["label"] += [facet.labels[i] for i in top]
        out["sentences"] += sentences[top].tolist()
        out["articles"] += articles[top].tolist()
    return pd.DataFrame({c: pd.Series(v, dtype="int64" if c in ("sentences", "articles") else object)
                         for c, v in out.items()})


def with_facet(f: Filters, facet: str, value: str | None) -> Filters:
    """The filters with one facet value added, as a click on its count would (topic, actor, source:
    one more in the list; year: that year's dates); unchanged for a value no filter can ask for
    (no source, undated)."""
    if value is None:
        return f
    if facet == "year":
        return replace(f, date_from=f"{value}-01-01", date_to=f"{value}-12-31")
    field_name = {"topic": "topics", "actor": "actors", "source": "sources"}[facet]
    return replace(f, **{field_name: tuple(dict.fromkeys((*getattr(f, field_name), value)))})


def resolve_filters(basis: SearchBasis, topics=(), actors=(), sources=(), date_from: str | None = None,
                    date_to: str | None = None) -> Filters:
    """Filters from what a user typed: topics, sources and actors (entity id or name) matched
    loosely (Karabag → Karabağ, 'sergey şoygu' → sergey-soygu), dates as YYYY-MM-DD; SearchError
    naming an unknown value or a bad date."""
    known = {"topic": {fold(t): t for t in basis.facets["topic"].values if t},
             "source": {fold(s): s for s in basis.facets["source"].values if s},
             "actor": {fold(k): e for e, n in basis.names.items() for k in (e, n)}}
    return Filters(topics=_known(topics, known["topic"], "topic"), actors=_known(actors, known["actor"], "actor"),
                   sources=_known(sources, known["source"], "source"),
                   date_from=_day(date_from, "from"), date_to=_day(date_to, "to"))


def _known(values, known: dict[str, str], what: str) -> tuple[str, ...]:
    out = []
    for v in values or ():
        if fold(v) not in known:
            shown = ", ".join(sorted(set(known.values()))[:20])
            raise SearchError(f"unknown {what} {v!r}; known: {shown}{' …' if len(set(known.values())) > 20 else ''}")
        out.append(known[fold(v)])
    return tuple(dict.fromkeys(out))


def _day(value: str | None, what: str) -> str | None:
    if not value:
        return None
    try:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    except (ValueError, TypeError):
        raise SearchError(f"{what} date {value!r} is not a date; use YYYY-MM-DD") from None


def result_lines(result: SearchResult, names: dict[str, str] | None = None, marks: tuple[str, str] = MARK,
                 offset: int = 0) -> list[str]:
    """The result as lines of text (what `python -m newsgraph search` prints): the totals, each
    article once (date, source, title, id) with its matching sentences under it (hits between
    `marks`) and the link to the source view, then the facet counts."""
    rows = result.rows
    shown = f"; {offset + 1}–{offset + len(rows)} shown, newest article first" if len(rows) else ""
    out = [result.describe(names) + shown]
    last = None
    for r in rows.itertuples(index=False):
        if r.article_id != last:
            head = " · ".join(x for x in (r.published or "undated", r.source, r.title) if x)
            out += ["", f"{head}  [{r.article_id}]"]
            last = r.article_id
        out += [f"  {r.sent_idx:>3}  {mark(r.text, r.hits, marks)}", f"       {r.open}"]
    if len(result.facets):
        out += ["", "matching sentences (articles) by"]
    for facet, group in result.facets.groupby("facet", sort=False):
        out.append(f"  {facet}: " + " · ".join(f"{g.label} {g.sentences} ({g.articles})" for g in group.itertuples()))
    return out
