"""The per-article map as declared stages: each gets what it needs from the stages before it."""
from __future__ import annotations

from pathlib import Path

from newsgraph.analysis.analyze import BACKENDS, STAGES, analyze_batch, make_context
from newsgraph.base.registry import load_registry
from newsgraph.ingest.rawfiles import list_raw
from newsgraph.jobs.build import resolve_backend

from conftest import ROOT


def test_every_stage_needs_only_what_an_earlier_stage_provides():
    made = {"raw"}
    for stage in STAGES:
        missing = set(stage.needs) - made
        assert not missing, f"stage {stage.name} needs {missing} before any stage provides it"
        made |= set(stage.provides)


def test_every_value_a_stage_provides_is_used_and_the_last_gives_the_rows():
    needed = {n for stage in STAGES for n in stage.needs}
    unused = {v for stage in STAGES[:-1] for v in stage.provides} - needed
    assert not unused
    assert STAGES[-1].provides == ("rows",)


def test_the_backends_are_the_registered_variants_of_the_mentions_stage():
    assert set(BACKENDS) == {"rules", "stanza"}
    assert [s.name for s in STAGES if s.batched] == ["mentions"]
    assert resolve_backend("rules") == "rules"


def test_a_batch_is_timed_stage_by_stage_and_a_bad_file_becomes_a_problem(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for src in sorted((ROOT / "data" / "raw").glob("*.txt"))[:2]:
        (raw / src.name).write_bytes(src.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    files, _ = list_raw(raw)
    timings: dict[str, float] = {}
    out = analyze_batch(files, make_context(load_registry(), "rules"), timings)
    problems = [o for o in out if isinstance(o, dict)]
    rows = [o for o in out if not isinstance(o, dict)]
    assert [p["path"] for p in problems] == ["empty.txt"] and "internal error" not in problems[0]["reason"]
    assert [r.article_id for r in rows] == [Path(f.rel).stem for f in files if f.rel != "empty.txt"]
    assert all(r.sentences and r.mentions and r.articles[0]["n_sentences"] == len(r.sentences) for r in rows)
    assert list(timings) == [s.name for s in STAGES] and all(t >= 0 for t in timings.values())
