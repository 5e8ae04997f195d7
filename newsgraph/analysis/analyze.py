"""Per-article analysis: the map's stages, each depending on one article only (run in parallel).

Each stage declares what it needs and what it provides, by name (STAGES, in order; the runner
hands each stage the values it names, and tests check that every need is provided before
it): ingest → segment, tokens → mentions (a backend, one of BACKENDS: rules or stanza) →
topics → sentence rows → event names → mention rows → dates → contacts → the article's rows.
"""
from __future__ import annotations

import gc
import traceback
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from time import perf_counter
from typing import Callable

from newsgraph import settings
from newsgraph.analysis import dates as dt
from newsgraph.analysis.contacts import ContactExtractor
from newsgraph.analysis.dateresolve import resolve_local
from newsgraph.analysis.eventnames import EventNamer
from newsgraph.analysis.nlp.link import Linker
from newsgraph.analysis.nlp.rules import RulesNER
from newsgraph.analysis.nlp.tokens import Token, tokenize, within
from newsgraph.analysis.topics import TopicTagger, topics_of_spans
from newsgraph.base.budget import OverBudget, time_limit
from newsgraph.base.errors import IngestError
from newsgraph.base.mention import Mention
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold
from newsgraph.ingest import IngestConfig, Ingested, ingest_file
from newsgraph.ingest.rawfiles import RawFile
from newsgraph.ingest.segment import Sentence, segment


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


# -- the stages -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Stage:
    """One per-article stage: `run(ctx, *needs)` gives what it `provides` (one value, or a tuple
    when it provides several). `doing` names it in a problem record ("internal error while …")."""

    name: str
    run: Callable
    needs: tuple[str, ...]
    provides: tuple[str, ...]
    doing: str = "analysing"
    batched: bool = False      # runs once over the batch's articles (a model works on batches): lists in, list out


def _ingest(ctx: Context, raw: RawFile) -> Ingested:
    return ingest_file(raw.path, raw.root, ctx.ingest)


def _segment(ctx: Context, art: Ingested) -> list[Sentence]:
    return segment(art.text, ctx.ingest.abbreviations)


def _tokens(ctx: Context, art: Ingested) -> list[Token]:
    return tokenize(art.text)


def rules_mentions(ctx: Context, arts: list[Ingested], sents: list[list[Sentence]],
                   toks: list[list[Token]]) -> list[list[Mention]]:
    """The rules backend: the registry's names and the stated rules for the others (nlp/rules.py)."""
    return [ctx.ner.find(a.text, [s.start for s in ss], t) for a, ss, t in zip(arts, sents, toks)]


def stanza_mentions(ctx: Context, arts: list[Ingested], sents: list[list[Sentence]],
                    toks: list[list[Token]]) -> list[list[Mention]]:
    """The stanza backend: the model's PER, LOC and ORG spans, linked to the registry (nlp/link.py)."""
    from newsgraph.analysis.nlp import stanza_backend as sb
    if ctx.stanza is None:
        ctx.stanza = sb.make_pipeline(settings.STANZA_DIR)
    spans = sb.annotate([a.text for a in arts], ctx.stanza)
    return [ctx.linker.link_spans(a.text, found, [s.start for s in ss]) for a, ss, found in zip(arts, sents, spans)]


BACKENDS: dict[str, Callable] = {"rules": rules_mentions, "stanza": stanza_mentions}


def _mentions(ctx: Context, arts: list[Ingested], sents: list[list[Sentence]],
              toks: list[list[Token]]) -> list[list[Mention]]:
    return BACKENDS[ctx.backend](ctx, arts, sents, toks)


def _topics(ctx: Context, art: Ingested, toks: list[Token]) -> tuple[list, list[Token], list[str]]:
    """Topic hits in the text, the title's tokens, and the article's topics (title included)."""
    hits = ctx.topics.hits(art.text, toks)
    title_toks = tokenize(art.title or "")
    title_hits = ctx.topics.hits(art.title or "", title_toks) if not art.title_derived else []
    return hits, title_toks, ctx.topics.article_topics(hits + title_hits)


def _sentence_rows(ctx: Context, art: Ingested, sents: list[Sentence], hits) -> list[dict]:
    topics = topics_of_spans(hits, [(s.start, s.end) for s in sents])
    return [{"article_id": art.article_id, "sent_idx": s.sent_idx, "paragraph_idx": s.paragraph_idx,
             "start": s.start, "end": s.end, "text": art.text[s.start:s.end],
             "topics": t} for s, t in zip(sents, topics)]


def _event_names(ctx: Context, art: Ingested, toks: list[Token], title_toks: list[Token]) -> list[str]:
    """The named events (Berlin Konferansı) the title and the text name, first named first."""
    return list(dict.fromkeys(ctx.events.named_in(art.title or "", title_toks) + ctx.events.named_in(art.text, toks)))


def _sent_of(sents: list[Sentence], pos: int, starts: list[int]) -> int:
    """Index of the sentence holding character `pos` (the first sentence for a position
    before it); `starts` are the sentences' start offsets."""
    return sents[max(0, bisect_right(starts, pos) - 1)].sent_idx


def _mention_rows(ctx: Context, art: Ingested, sents: list[Sentence], mentions: list[Mention]) -> list[dict]:
    starts = [s.start for s in sents]
    return [{"article_id": art.article_id, "sent_idx": _sent_of(sents, m.start, starts), "start": m.start, "end": m.end,
             "surface": m.surface, "suffix": m.suffix, "label": m.label, "entity_id": m.entity_id,
             "backend": ctx.backend, "method": m.method} for m in mentions]


def _date_rows(ctx: Context, art: Ingested, sents: list[Sentence], toks: list[Token],
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




def _contacts(ctx: Context, raw: RawFile, art: Ingested, sentence_rows: list[dict], mentions: list[Mention],
              date_rows: list[dict], topics: list[str], topic_hits: list) -> list[dict]:
    """Who met or phoned whom (contacts/): the date metadata.csv gives wins over the text's."""
    return ctx.meetings.extract(art, sentence_rows, mentions, date_rows, topics, raw.published or art.published,
                                topic_hits)


def _article_rows(ctx: Context, raw: RawFile, art: Ingested, sents: list[Sentence], topics: list[str],
                  events: list[str], sentence_rows: list[dict], mention_rows: list[dict], date_rows: list[dict],
                  meeting_rows: list[dict]) -> ArticleRows:
    row = {k: getattr(art, k) for k in (
        "article_id", "title", "title_derived", "source", "byline", "dateline", "url", "published",
        "published_precision", "published_basis", "tags", "flags", "text", "sha256", "path", "encoding")}
    row.update(topics=topics, n_sentences=len(sents), events=events)
    return ArticleRows(art.article_id, raw.input_record(art.sha256), [row], sentence_rows, mention_rows,
                       date_rows, meeting_rows)


STAGES: tuple[Stage, ...] = (
    Stage("ingest", _ingest, ("raw",), ("article",), doing="reading"),
    Stage("segment", _segment, ("article",), ("sentences",), doing="reading"),
    Stage("tokens", _tokens, ("article",), ("tokens",), doing="reading"),
    Stage("mentions", _mentions, ("article", "sentences", "tokens"), ("mentions",), batched=True),
    Stage("topics", _topics, ("article", "tokens"), ("topic_hits", "title_tokens", "topics")),
    Stage("sentence rows", _sentence_rows, ("article", "sentences", "topic_hits"), ("sentence_rows",)),
    Stage("event names", _event_names, ("article", "tokens", "title_tokens"), ("events",)),
    Stage("mention rows", _mention_rows, ("article", "sentences", "mentions"), ("mention_rows",)),
    Stage("dates", _date_rows, ("article", "sentences", "tokens", "sentence_rows"), ("date_rows",)),
    Stage("contacts", _contacts, ("raw", "article", "sentence_rows", "mentions", "date_rows", "topics", "topic_hits"),
          ("meeting_rows",)),
    Stage("rows", _article_rows, ("raw", "article", "sentences", "topics", "events", "sentence_rows", "mention_rows",
                                  "date_rows", "meeting_rows"), ("rows",)),
)


# -- the runner ---------------------------------------------------------------------------------
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


def analyze_batch(files: list[RawFile], ctx: Context, timings: dict[str, float] | None = None) -> list[ArticleRows | dict]:
    """Analyse a batch of raw files: the rows of each, or a problem record for a file that fails
    or runs past its time budget (NEWSGRAPH_ARTICLE_SECONDS; never an exception). `timings`, when
    given, gains the seconds each stage took."""
    states = [{"raw": raw, "spent": 0.0} for raw in files]
    problems: list[dict] = []
    budget = float(settings.ARTICLE_SECONDS)
    timings = {} if timings is None else timings
    for stage in STAGES:
        timings.setdefault(stage.name, 0.0)
    runs = _runs(ctx)
    with _fewer_gc_passes():
        for r, stages in enumerate(runs):
            keep = _kept_after(runs[r + 1:])
            if len(stages) == 1 and stages[0].batched and ctx.backend in BATCHED_BACKENDS:
                states = _run_batched(stages[0], states, ctx, timings, keep)
            else:
                states = _run_articles(stages, states, ctx, problems, budget, timings, keep)
    return problems + [s["rows"] for s in states]


def _kept_after(later_runs: list[tuple[Stage, ...]]) -> frozenset[str]:
    """The values an article's state keeps once a run is over: what the later runs need, its
    rows, and the runner's own."""
    return frozenset({n for run in later_runs for stage in run for n in stage.needs} | {"raw", "spent", "rows"})


def _forget(state: dict, keep: frozenset[str]) -> None:
    """Drop the values of an article that no later stage needs. Freed as soon as the article is
    done, its tokens, mentions and sentences never meet the garbage collector; kept until the
    batch ends, they were scanned by its young-generation passes again and again (~0.3-0.5 CPU ms
    per article in batches of 32)."""
    for name in [n for n in state if n not in keep]:
        del state[name]


BATCHED_BACKENDS = {"stanza"}      # a model works on batches; the rules backend goes article by article


def _runs(ctx: Context) -> list[tuple[Stage, ...]]:
    """STAGES cut into runs: a stage the backend runs over the whole batch alone, the stages
    between such stages together (each article goes through a run at once, within its budget)."""
    runs: list[list[Stage]] = [[]]
    for stage in STAGES:
        if stage.batched and ctx.backend in BATCHED_BACKENDS:
            runs += [[stage], []]
        else:
            runs[-1].append(stage)
    return [tuple(run) for run in runs if run]


def _run_batched(stage: Stage, states: list[dict], ctx: Context, timings: dict[str, float],
                 keep: frozenset[str]) -> list[dict]:
    """A stage over the whole batch at once (a model's batches; no time budget); each state then
    keeps only the values in `keep`."""
    started = perf_counter()
    found = stage.run(ctx, *([s[n] for s in states] for n in stage.needs))
    for state, value in zip(states, found):
        state[stage.provides[0]] = value
        _forget(state, keep)
    timings[stage.name] += perf_counter() - started
    return states


def _run_articles(stages: tuple[Stage, ...], states: list[dict], ctx: Context, problems: list[dict], budget: float,
                  timings: dict[str, float], keep: frozenset[str]) -> list[dict]:
    """Each article through the stages in turn, all of them within what is left of its budget
    (the seconds all its stages may take together); an article that fails, or runs past its
    budget, leaves the batch as a problem record naming the stage. A state that goes on keeps
    only the values in `keep`."""
    kept = []
    for state in states:
        started, stage = perf_counter(), stages[0]
        try:
            with time_limit(budget - state["spent"] if budget > 0 else None):
                for stage in stages:
                    begun = perf_counter()
                    _provide(stage, state, _run_one(stage, ctx, state))
                    timings[stage.name] += perf_counter() - begun
        except OverBudget:
            problems.append(_over_budget(state["raw"], stage, budget))
        except Exception as exc:  # noqa: BLE001 - one bad article never stops a build
            problems.append(_problem(state["raw"], stage, exc))
        else:
            _forget(state, keep)
            kept.append(state)
        finally:
            state["spent"] += perf_counter() - started
    return kept


def _run_one(stage: Stage, ctx: Context, state: dict):
    """A stage on one article (a batched stage on a batch of one)."""
    if stage.batched:
        return stage.run(ctx, *([state[n]] for n in stage.needs))[0]
    return stage.run(ctx, *[state[n] for n in stage.needs])


def _provide(stage: Stage, state: dict, value) -> None:
    """Keep what a stage gave under the names it provides."""
    if len(stage.provides) == 1:
        state[stage.provides[0]] = value
    else:
        state.update(zip(stage.provides, value))


def _problem(raw: RawFile, stage: Stage, exc: Exception) -> dict:
    """The problem record of a file a stage failed on (expected read errors say just what)."""
    if stage.doing == "reading" and isinstance(exc, (IngestError, OSError)):
        return raw.problem(str(exc))
    return raw.problem(f"internal error while {stage.doing}: {exc!r}", traceback.format_exc())


def _over_budget(raw: RawFile, stage: Stage, budget: float) -> dict:
    """The problem record of a file that ran past its time budget. It carries the file's size and
    time and the budget, so that the next build with the same code skips it (see
    jobs/build.py) instead of spending the budget on it again."""
    record = raw.problem(f"not built: took longer than {budget:g} s (NEWSGRAPH_ARTICLE_SECONDS) while {stage.doing} "
                         f"({stage.name}); split the file, or raise the budget and build with --force")
    return {**record, "over_budget": {"size": raw.size, "mtime_ns": raw.mtime_ns, "published": raw.published,
                                      "seconds": budget}}


__all__ = ["Context", "ArticleRows", "BACKENDS", "STAGES", "Stage", "make_context", "analyze_batch"]
