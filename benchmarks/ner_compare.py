"""Our gazetteer matcher against spaCy's EntityRuler: throughput on the same texts, recall on the seeds.

What is compared (all on the same cleaned article texts, produced once by newsgraph.ingest
before any clock starts; segmentation for our matcher's sentence starts also done before):

- spaCy: `spacy.blank("tr")` + `entity_ruler` with every registry alias (PER/LOC/ORG, the
  entity_id as pattern id), `phrase_matcher_attr="LOWER"` so that case does not matter.
  Two set-ups: `plain` (spaCy's own Turkish tokenizer, which keeps "Putin'le" as one token
  so the ruler cannot see the name), and `apostrophe` (the fair one, the headline: one infix
  rule added so that an apostrophe between letters splits "Putin'le" into Putin ' le).
  Timed: `nlp.pipe(texts, n_process=…, batch_size=…)` over all texts, pipeline already built.
- ours: `RulesNER.find(text, sentence_starts)` (tokenise, registry aliases with suffixes,
  discovery rules, surnames) in one process, and in two spawned processes (a pool built
  before the clock starts, like spaCy's workers are not).
- recall on the seeds: person mentions listed by hand (benchmarks/seed_persons.json, or
  tests/gold/seeds.json when it lists person mentions with offsets); a gold mention is found
  when a PER span has exactly its offsets (suffix excluded); "linked" when it also carries
  the right entity_id; "overlap" when any PER span overlaps it.
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import statistics
import time
from pathlib import Path

from benchmarks import ROOT

GOLD_MINE = Path(__file__).resolve().parent / "seed_persons.json"
GOLD_LEAD = ROOT / "tests" / "gold" / "seeds.json"
APOSTROPHE_INFIX = r"(?<=[^\W\d_])['’](?=[^\W\d_])"


# -- texts ----------------------------------------------------------------------------------
def clean_texts(raw_dir: Path, limit: int | None = None) -> tuple[list[str], list[str], list[list[int]]]:
    """(article ids, cleaned texts, sentence starts) of the .txt files of a folder, via newsgraph.ingest."""
    from newsgraph.analysis.analyze import make_context
    from newsgraph.ingest import ingest_file
    from newsgraph.base.registry import load_registry
    from newsgraph.ingest.segment import segment
    ctx = make_context(load_registry(), "rules")
    ids, texts, starts = [], [], []
    for path in sorted(Path(raw_dir).glob("*.txt"))[:limit]:
        art = ingest_file(path, Path(raw_dir), ctx.ingest)
        ids.append(art.article_id)
        texts.append(art.text)
        starts.append([s.start for s in segment(art.text, ctx.ingest.abbreviations)])
    return ids, texts, starts


# -- spaCy ----------------------------------------------------------------------------------
def alias_patterns() -> list[dict]:
    """Every alias of every registry entity as an EntityRuler phrase pattern."""
    from newsgraph.base.registry import load_registry
    reg = load_registry()
    return [{"label": e.label, "pattern": alias, "id": e.entity_id} for e in reg.entities.values() for alias in e.aliases]


def make_spacy(variant: str = "apostrophe"):
    """blank Turkish + entity_ruler with the registry aliases; 'apostrophe' adds one infix rule."""
    import spacy
    from spacy.util import compile_infix_regex
    nlp = spacy.blank("tr")
    if variant == "apostrophe":
        infixes = list(nlp.Defaults.infixes) + [APOSTROPHE_INFIX]
        nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(alias_patterns())
    return nlp


def spacy_throughput(texts: list[str], variant: str, n_process: int, batch_size: int = 64) -> dict:
    """Articles per second of nlp.pipe over `texts` (pipeline built before the clock)."""
    t0 = time.perf_counter()
    nlp = make_spacy(variant)
    setup = time.perf_counter() - t0
    t0 = time.perf_counter()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, n_process=n_process, batch_size=batch_size))
    seconds = time.perf_counter() - t0
    return {"variant": variant, "n_process": n_process, "batch_size": batch_size, "articles": len(texts),
            "seconds": round(seconds, 3), "articles_per_s": round(len(texts) / seconds, 1),
            "setup_s": round(setup, 3), "entities_found": n_ents}


def spacy_persons(texts: list[str], variant: str) -> list[list[tuple[int, int, str]]]:
    """(start, end, entity_id) of each PER span the ruler finds in each text."""
    nlp = make_spacy(variant)
    return [[(e.start_char, e.end_char, e.ent_id_) for e in doc.ents if e.label_ == "PER"] for doc in nlp.pipe(texts)]


# -- ours -----------------------------------------------------------------------------------
_NER = None


def _init_ner() -> None:
    global _NER
    from newsgraph.analysis.nlp.rules import RulesNER
    from newsgraph.base.registry import load_registry
    _NER = RulesNER(load_registry())


def _find_chunk(chunk: list[tuple[str, list[int]]]) -> int:
    return sum(len(_NER.find(text, starts)) for text, starts in chunk)


def ours_throughput(texts: list[str], starts: list[list[int]], processes: int, chunk: int = 64) -> dict:
    """Articles per second of RulesNER.find over `texts` in 1 or more processes."""
    pairs = list(zip(texts, starts))
    chunks = [pairs[i:i + chunk] for i in range(0, len(pairs), chunk)]
    if processes <= 1:
        _init_ner()
        _find_chunk(chunks[0][:4])              # warm-up: first-call caches
        t0 = time.perf_counter()
        n = sum(_find_chunk(c) for c in chunks)
        seconds = time.perf_counter() - t0
    else:
        with mp.get_context("spawn").Pool(processes, initializer=_init_ner) as pool:
            pool.map(_find_chunk, [chunks[0][:4]] * processes)       # workers up before the clock
            t0 = time.perf_counter()
            n = sum(pool.imap(_find_chunk, chunks))
            seconds = time.perf_counter() - t0
    return {"processes": processes, "articles": len(texts), "seconds": round(seconds, 3),
            "articles_per_s": round(len(texts) / seconds, 1), "mentions_found": n}


def ours_persons(texts: list[str], starts: list[list[int]]) -> list[list[tuple[int, int, str]]]:
    _init_ner()
    return [[(m.start, m.end, m.entity_id or "") for m in _NER.find(t, s) if m.label == "PER"]
            for t, s in zip(texts, starts)]


# -- recall ---------------------------------------------------------------------------------
def load_gold(ids: list[str], texts: list[str]) -> tuple[dict[str, list[dict]], str]:
    """Gold person mentions per seed article: the lead's file when usable, else ours."""
    for path in (GOLD_LEAD, GOLD_MINE):
        if not path.exists():
            continue
        try:
            gold = _persons_from(json.loads(path.read_text(encoding="utf-8")), ids, texts)
        except (ValueError, KeyError, TypeError):
            continue
        if gold and sum(map(len, gold.values())) > 0:
            return gold, str(path.relative_to(ROOT))
    raise FileNotFoundError(f"no usable gold list: {GOLD_LEAD} or {GOLD_MINE}")


def _persons_from(data, ids: list[str], texts: list[str]) -> dict[str, list[dict]]:
    """Person mentions with offsets from a gold file: {"articles": {id: [..]}} or a list of rows."""
    by_id = {}
    if isinstance(data, dict) and isinstance(data.get("articles"), dict):
        items = data["articles"].items()
    elif isinstance(data, dict) and isinstance(data.get("mentions"), list):
        rows = data["mentions"]
        items = [(a, [r for r in rows if r.get("article_id") == a]) for a in ids]
    else:
        raise ValueError("unknown gold format")
    text_of = dict(zip(ids, texts))
    for aid, rows in items:
        if isinstance(rows, dict):
            rows = rows.get("mentions", rows.get("persons", []))
        persons = [r for r in rows if r.get("label", "PER") == "PER" and "start" in r and "end" in r]
        for r in persons:                       # offsets must index the cleaned text we have
            if aid in text_of and text_of[aid][r["start"]:r["end"]] != r.get("surface", text_of[aid][r["start"]:r["end"]]):
                raise ValueError(f"gold offsets of {aid} do not match the cleaned text")
        if aid in text_of:
            by_id[aid] = persons
    return by_id


def recall(gold: dict[str, list[dict]], ids: list[str], found: list[list[tuple[int, int, str]]]) -> dict:
    """Exact, linked and overlap recall of PER mentions."""
    exact = linked = overlap = total = 0
    missed = []
    for aid, spans in zip(ids, found):
        exact_set = {(s, e) for s, e, _ in spans}
        linked_set = {(s, e, i) for s, e, i in spans}
        for g in gold.get(aid, []):
            total += 1
            hit = (g["start"], g["end"]) in exact_set
            exact += hit
            linked += (g["start"], g["end"], g.get("entity_id")) in linked_set
            near = any(s < g["end"] and g["start"] < e for s, e, _ in spans)
            overlap += near
            if not hit:
                missed.append(f"{aid[:3]}:{g['surface']}@{g['start']}")
    r = lambda k: round(k / total, 4) if total else None
    return {"gold": total, "exact": r(exact), "linked": r(linked), "overlap": r(overlap), "missed": missed[:40]}


def seed_recall() -> dict:
    """Recall of ours and both spaCy set-ups on the seed articles."""
    from newsgraph import settings
    ids, texts, starts = clean_texts(settings.RAW_DIR)
    gold, source = load_gold(ids, texts)
    return {"gold_file": source, "ours": recall(gold, ids, ours_persons(texts, starts)),
            "spacy_apostrophe": recall(gold, ids, spacy_persons(texts, "apostrophe")),
            "spacy_plain": recall(gold, ids, spacy_persons(texts, "plain"))}


def compare(raw_dir: Path, build_articles_per_s: float | None, cores: int = 2, limit: int | None = None) -> dict:
    """Throughputs of both matchers on the same texts, the ratios, and recall on the seeds."""
    t0 = time.perf_counter()
    ids, texts, starts = clean_texts(raw_dir, limit)
    prep = time.perf_counter() - t0
    out = {"articles": len(texts), "prepare_texts_s": round(prep, 2),
           "chars_per_article": round(statistics.mean(map(len, texts))) if texts else 0,
           "spacy": [spacy_throughput(texts, "apostrophe", cores), spacy_throughput(texts, "plain", cores),
                     spacy_throughput(texts, "apostrophe", 1)],
           "ours_ner": [ours_throughput(texts, starts, 1), ours_throughput(texts, starts, cores)]}
    spacy_2 = out["spacy"][0]["articles_per_s"]
    out["spacy_best_articles_per_s"] = best = max(s["articles_per_s"] for s in out["spacy"] if s["variant"] == "apostrophe")
    out["ratio_build_vs_spacy_ruler"] = round(build_articles_per_s / best, 3) if build_articles_per_s else None
    out["ratio_ner_vs_spacy_ruler_2proc"] = round(out["ours_ner"][1]["articles_per_s"] / spacy_2, 3)
    out["ratio_ner_vs_spacy_ruler_1proc"] = round(out["ours_ner"][0]["articles_per_s"] / out["spacy"][2]["articles_per_s"], 3)
    out["recall"] = seed_recall()
    out["spacy_version"] = __import__("spacy").__version__
    out["cpu_count"] = os.cpu_count()
    return out


if __name__ == "__main__":
    import sys
    from benchmarks.scaler import make_corpus
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(json.dumps(compare(make_corpus(n), None), ensure_ascii=False, indent=1))
