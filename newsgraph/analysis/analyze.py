"""Per-article analysis: the stages that depend on one article only (run in parallel).

Stages, each a small function that takes what the ones before it provide:
ingest → segment → mentions (rules or stanza) → topics → dates → meetings.
"""
from __future__ import annotations

import gc
import traceback
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from newsgraph.analysis import dates as dt
from newsgraph.analysis.dateresolve import resolve_local
from newsgraph.ingest.rawfiles import RawFile
from newsgraph.base.errors import IngestError
from newsgraph.analysis.eventnames import EventNamer
from newsgraph.ingest import IngestConfig, Ingested, ingest_file
from newsgraph.analysis.contacts import ContactExtractor
from newsgraph.analysis.nlp.link import Linker
from newsgraph.analysis.nlp.rules import Mention, RulesNER
from newsgraph.analysis.nlp.tokens import Token, tokenize, within
from newsgraph.base.registry import Registry
from newsgraph.ingest.segment import Sentence, segment
from newsgraph.base.textnorm import fold
from newsgraph.analysis.topics import TopicTagger, sentence_topics


@dataclass
class Context:
    """Everything compiled from the registry, built once per process."""

    registry: Registry
    backend: str
    ingest: IngestConfig
    ner: RulesNER
    linker: Linker
    topics: TopicTagger
    events: EventNamer
    meetings: ContactExtractor
    stanza: object | None = None          # the stanza Pipeline, loaded on first use


@dataclass
class ArticleRows:
    """The rows one article contributes to each per-article table."""

    article_id: str
    input: dict
    articles: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)
    meetings: list[dict] = field(default_factory=list)

    def compact(self) -> ArticleRows:
        """Each table's rows as columns (dict of lists): a fraction of the pickle between
        processes, and what a DataFrame is built from fastest."""
        for name in TABLE_FIELDS:
            rows = getattr(self, name)
            if isinstance(rows, list):
                setattr(self, name, _columns(rows))
        return self


def _columns(rows: list[dict]) -> dict[str, list]:
    """Rows as {key: column}, the keys of the first row in its order ({k: [r[k] for r in rows]},
    transposed in C by itemgetter and zip)."""
    keys = list(rows[0]) if rows else []
    if len(keys) < 2:
        return {k: [r[k] for r in rows] for k in keys}
    return {k: list(column) for k, column in zip(keys, zip(*map(itemgetter(*keys), rows)))}


TABLE_FIELDS = ("articles", "sentences", "mentions", "dates", "meetings")
GC_THRESHOLD = 20_000     # allocations between two young-generation collections while analysing


def make_context(registry: Registry, backend: str = "rules") -> Context:
    """Compile matchers and word lists from a registry."""
    lex = registry.lexicon
    places = frozenset(fold(a) for e in registry.entities.values() if e.label == "LOC" for a in e.aliases)
    ingest = IngestConfig(outlets=lex.outlets, byline_roles=lex.byline_roles, places=places,
                          abbreviations=frozenset(a.lower() for a in lex.abbreviations))
    return Context(registry, backend, ingest, RulesNER(registry), Linker(registry), TopicTagger(registry.topics),
                   EventNamer(registry), ContactExtractor(registry))


def _sentence_rows(art: Ingested, sents: list[Sentence], hits) -> list[dict]:
    return [{"article_id": art.article_id, "sent_idx": s.sent_idx, "paragraph_idx": s.paragraph_idx,
             "start": s.start, "end": s.end, "text": art.text[s.start:s.end],
             "topics": sentence_topics(hits, s.start, s.end)} for s in sents]


def _sent_of(sents: list[Sentence], pos: int, starts: list[int]) -> int:
    """Index of the sentence holding character `pos` (the first sentence for a position
    before it); `starts` are the sentences' start offsets."""
    return sents[max(0, bisect_right(starts, pos) - 1)].sent_idx


def _mention_rows(art: Ingested, sents: list[Sentence], mentions: list[Mention], backend: str) -> list[dict]:
    starts = [s.start for s in sents]
    return [{"article_id": art.article_id, "sent_idx": _sent_of(sents, m.start, starts), "start": m.start, "end": m.end,
             "surface": m.surface, "suffix": m.suffix, "label": m.label, "entity_id": m.entity_id,
             "backend": backend, "method": m.method} for m in mentions]


def _date_rows(art: Ingested, sents: list[Sentence], ctx: Context, toks: list[Token],
               sentence_rows: list[dict]) -> list[dict]:
    """Dates of the whole text at once (cheaper than per sentence), placed in sentences and
    resolved as far as the article itself allows (dateresolve.resolve_local)."""
    rows = []
    starts = [s.start for s in sents]
    phrases: dict[int, tuple[list[Token], list]] = {}      # per sentence: its tokens and event phrases
    for d in dt.find_dates(art.text):
        s = sents[max(0, bisect_right(starts, d.start) - 1)]
        if d.end > s.end:
            continue                      # a "date" across a sentence end is two fragments, not one
        if s.sent_idx not in phrases:
            sent_toks = within(toks, s.start, s.end)
            phrases[s.sent_idx] = sent_toks, ctx.events.phrases(art.text, sent_toks)
        sent_toks, sent_phrases = phrases[s.sent_idx]
        event = ctx.events.name_for(art.text, sent_toks, d.start, d.end, sent_phrases)
        rows.append({
            "article_id": art.article_id, "sent_idx": s.sent_idx, "start": d.start, "end": d.end,
            "surface": d.surface, "kind": d.kind, "partial": d.partial, "event": event, "year": d.year,
            "month": d.month, "day": d.day, "hour": d.hour, "minute": d.minute, "weekday": d.weekday,
            "offset": d.offset, "offset_days": d.offset_days, "offset_unit": d.offset_unit,
            "tense": dt.tense_of(d, art.text, s.end),
            "topics": sentence_rows[s.sent_idx]["topics"]})
    return resolve_local(rows, art.published)


def _article_row(art: Ingested, topics: list[str], n_sents: int, backend: str) -> dict:
    row = {k: getattr(art, k) for k in (
        "article_id", "title", "title_derived", "source", "byline", "dateline", "url", "published",
        "published_precision", "published_basis", "tags", "flags", "text", "sha256", "path", "encoding")}
    row.update(topics=topics, n_sentences=n_sents)
    return row


def finish_article(art: Ingested, sents: list[Sentence], mentions: list[Mention], ctx: Context, raw: RawFile,
                   toks: list[Token] | None = None) -> ArticleRows:
    """Every per-article table row of one ingested, segmented article with its mentions."""
    toks = tokenize(art.text) if toks is None else toks
    hits = ctx.topics.hits(art.text, toks)
    title_toks = tokenize(art.title or "")
    title_hits = ctx.topics.hits(art.title or "", title_toks) if not art.title_derived else []
    rows = ArticleRows(art.article_id, raw.input_record(art.sha256))
    rows.sentences = _sentence_rows(art, sents, hits)
    rows.articles = [_article_row(art, ctx.topics.article_topics(hits + title_hits), len(sents), ctx.backend)]
    rows.articles[0]["events"] = list(dict.fromkeys(ctx.events.named_in(art.title or "", title_toks)
                                                     + ctx.events.named_in(art.text, toks)))
    rows.mentions = _mention_rows(art, sents, mentions, ctx.backend)
    rows.dates = _date_rows(art, sents, ctx, toks, rows.sentences)
    rows.meetings = ctx.meetings.extract(art, rows.sentences, mentions, rows.dates, rows.articles[0]["topics"],
                                         raw.published or art.published)
    return rows


def _mentions(arts: list[tuple[Ingested, list[Sentence], list[Token]]], ctx: Context) -> list[list[Mention]]:
    """Mentions of each article, from the configured backend."""
    if ctx.backend != "stanza":
        return [ctx.ner.find(a.text, [s.start for s in sents], toks) for a, sents, toks in arts]
    from newsgraph.analysis.nlp import stanza_backend as sb
    from newsgraph import settings
    if ctx.stanza is None:
        ctx.stanza = sb.make_pipeline(settings.STANZA_DIR)
    spans = sb.annotate([a.text for a, _, _ in arts], ctx.stanza)
    return [ctx.linker.link_spans(a.text, s, [x.start for x in sents]) for (a, sents, _), s in zip(arts, spans)]


@contextmanager
def _fewer_gc_passes() -> Iterator[None]:
    """Run the cyclic garbage collector less often for a while: analysis allocates many small
    containers and almost no cycles, and the default threshold spends ~5% of its CPU in
    collections. The previous thresholds come back afterwards."""
    old = gc.get_threshold()
    if old[0]:                            # 0: automatic collection is off, leave it so
        gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def analyze_batch(files: list[RawFile], ctx: Context) -> list[ArticleRows | dict]:
    """Analyse a batch of raw files; a file that fails becomes a problem record, never an exception."""
    with _fewer_gc_passes():
        return _analyze_batch(files, ctx)


def _analyze_batch(files: list[RawFile], ctx: Context) -> list[ArticleRows | dict]:
    prepared, out = [], []
    for raw in files:
        try:
            art = ingest_file(raw.path, raw.root, ctx.ingest)
            prepared.append((raw, art, segment(art.text, ctx.ingest.abbreviations), tokenize(art.text)))
        except (IngestError, OSError) as exc:
            out.append(raw.problem(str(exc)))
        except Exception as exc:  # one bad article never stops a build
            out.append(raw.problem(f"internal error while reading: {exc!r}", traceback.format_exc()))
    mentions = _mentions([(a, s, t) for _, a, s, t in prepared], ctx)
    for (raw, art, sents, toks), found in zip(prepared, mentions):
        try:
            out.append(finish_article(art, sents, found, ctx, raw, toks))
        except Exception as exc:  # noqa: BLE001 - reported in the manifest with its traceback
            out.append(raw.problem(f"internal error while analysing: {exc!r}", traceback.format_exc()))
    return out


__all__ = ["Context", "ArticleRows", "make_context", "analyze_batch", "Path"]
