"""Incremental builds on a generated corpus (benchmarks/scaler.py: seed sentences recombined, names
and dates varied) equal a full build: with a hundred-odd articles, years taken from other articles,
contacts reported by many articles and named events on many dates all cross article boundaries,
which the five seeds alone barely exercise."""
from __future__ import annotations

import pytest

from benchmarks.scaler import make_article
from newsgraph import store, views
from newsgraph.build import build
from test_incremental import assert_same_tables

N = 120


@pytest.fixture
def scaled(tmp_path):
    raw = tmp_path / "scaled"
    raw.mkdir()
    for i in range(N):
        (raw / f"a{i:04d}.txt").write_text(make_article(i, seed=7), encoding="utf-8")
    return raw


def test_the_generated_corpus_crosses_articles(scaled, tmp_path):
    build(scaled, tmp_path / "out", backend="rules", workers=1)
    dates = store.read_table(tmp_path / "out", "dates")
    meetings = store.read_table(tmp_path / "out", "meetings")
    assert (dates["year_source"] == "other_articles").any()
    assert meetings.groupby("event_id")["article_id"].nunique().max() > 1


def test_add_change_remove_on_a_generated_corpus_equals_a_full_build(scaled, tmp_path, monkeypatch):
    out, full = tmp_path / "inc", tmp_path / "full"
    build(scaled, out, backend="rules", workers=1)
    for i in range(N, N + 10):                                      # ten new articles, some sorted in between
        name = f"a{i:04d}.txt" if i % 2 else f"a{i - N:04d}b.txt"
        (scaled / name).write_text(make_article(i, seed=7), encoding="utf-8")
    with monkeypatch.context() as m:                                # the timeline view is patched, not remade
        m.setitem(views.VIEWS, "timeline_items", lambda *a: pytest.fail("timeline index made whole"))
        build(scaled, out, backend="rules", workers=1)
    build(scaled, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)
    (scaled / "a0003.txt").write_text(make_article(500, seed=7), encoding="utf-8")   # one changed
    (scaled / "a0005.txt").unlink()                                                  # one removed
    (scaled / "metadata.csv").write_text("article_id,url,source,published\na0007,,AA,2019-02-03\n", encoding="utf-8")
    report = build(scaled, out, backend="rules", workers=1)
    assert report.n_processed == 1
    build(scaled, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)
