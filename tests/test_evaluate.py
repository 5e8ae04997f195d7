"""`python -m newsgraph evaluate` against the hand-checked gold file of the seeds."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT
from newsgraph.base.errors import NewsgraphError
from newsgraph.jobs.evaluate import evaluate, load_gold, prf

GOLD = ROOT / "tests" / "gold" / "seeds.json"


@pytest.fixture(scope="module")
def scores(tables):
    return evaluate(tables, load_gold(GOLD))


def test_targets_of_issues_3_and_4(scores):
    for aid, row in scores["articles"].items():
        assert row["persons"]["f1"] >= 0.95, aid           # person-entity F1 in every article
    o = scores["overall"]
    assert o["topic_accuracy"] == 1.0
    assert o["meetings"]["recall"] >= 0.8 and o["meetings"]["precision"] >= 0.8
    assert o["dates"]["recall"] >= 0.9


def test_scores_drop_when_the_tables_are_wrong(tables):
    broken = dict(tables)
    m = tables["mentions"]
    broken["mentions"] = m[m["entity_id"] != "sergey-soygu"]
    broken["meetings"] = tables["meetings"].iloc[1:]
    s = evaluate(broken, load_gold(GOLD))
    assert s["overall"]["persons"]["recall"] < 1.0 and s["overall"]["meetings"]["fn"] == 1
    assert s["articles"][next(a for a in s["articles"] if a.startswith("001"))]["persons"]["f1"] < 0.95


def test_cli_prints_a_table_and_json(seed_out):
    run = lambda *a: subprocess.run([sys.executable, "-m", "newsgraph", "evaluate", "--gold", str(GOLD),
                                     "--out", str(seed_out), *a], cwd=ROOT, capture_output=True, text=True)
    text = run()
    assert text.returncode == 0 and "overall" in text.stdout and "meetings" in text.stdout
    data = json.loads(run("--json").stdout)
    assert set(data["overall"]) >= {"mentions", "persons", "entities", "dates", "meetings", "topic_accuracy"}


def test_bad_gold_file(tmp_path):
    bad = tmp_path / "gold.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(NewsgraphError, match="gold.json: not a gold file"):
        load_gold(bad)


def test_prf_edge_cases():
    assert prf(0, 0, 0)["f1"] == 1.0
    assert prf(0, 3, 0)["precision"] == 0.0 and prf(0, 3, 0)["f1"] == 0.0


def test_the_seeds_keep_their_scores(scores):
    """Issue 17: work on unseen news must not cost the seeds anything."""
    o = scores["overall"]
    for part in ("persons", "dates", "meetings", "mentions"):
        assert (o[part]["precision"], o[part]["recall"]) == (1.0, 1.0), part
