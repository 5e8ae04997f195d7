"""Incremental builds on a generated corpus (benchmarks/scaler.py: seed sentences recombined, names
and dates varied) equal a full build: with a hundred-odd articles, years taken from other articles,
contacts reported by many articles and named events on many dates all cross article boundaries,
which the five seeds alone barely exercise."""
from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from benchmarks.scaler import make_article
from newsgraph.corpus import events, overlay
from newsgraph.storage import parts, store
from newsgraph.views import stored
from newsgraph.jobs.build import build
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


@pytest.fixture(params=["one part", "small parts"])
def part_size(request, monkeypatch):
    """As built (120 articles make one part), and with parts of 16 articles: a full build writes
    eight, a changed publication date rewrites one of them, a new article sorts into another."""
    if request.param == "small parts":
        monkeypatch.setattr(parts, "PART_ARTICLES", 16)
    return request.param


def test_add_change_remove_on_a_generated_corpus_equals_a_full_build(scaled, tmp_path, monkeypatch, part_size):
    out, full = tmp_path / "inc", tmp_path / "full"
    build(scaled, out, backend="rules", workers=1)
    assert len(store.read_manifest(out)["parts"]) == (1 if part_size == "one part" else 8)
    for i in range(N, N + 10):                                      # ten new articles, some sorted in between
        name = f"a{i:04d}.txt" if i % 2 else f"a{i - N:04d}b.txt"
        (scaled / name).write_text(make_article(i, seed=7), encoding="utf-8")
    before = map_files(out)
    build(scaled, out, backend="rules", workers=1)
    after = map_files(out)
    assert before.keys() < after.keys()                              # the map's parts are written once:
    assert all(after[k] == inode for k, inode in before.items())    # the old ones linked, one new part added
    assert len({part for _, part in after.keys() - before.keys()}) == 1
    build(scaled, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)
    (scaled / "a0003.txt").write_text(make_article(500, seed=7), encoding="utf-8")   # one changed
    (scaled / "a0005.txt").unlink()                                                  # one removed
    (scaled / "metadata.csv").write_text("article_id,url,source,published\na0007,,AA,2019-02-03\n", encoding="utf-8")
    report = build(scaled, out, backend="rules", workers=1)
    assert report.n_processed == 2                  # the changed one, and the one metadata.csv dates anew
    build(scaled, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)


def map_files(out) -> dict[tuple[str, str], int]:
    """(table, part file) → inode, for every part of the map of the current build."""
    folder = store.current_dir(out) / parts.MAP
    return {(table.name, part.name): part.stat().st_ino for table in folder.iterdir() for part in table.iterdir()}


def test_a_full_build_in_parts_reads_in_file_order(scaled, tmp_path, monkeypatch):
    monkeypatch.setattr(parts, "PART_ARTICLES", 16)
    build(scaled, tmp_path / "out", backend="rules", workers=1)
    manifest = store.read_manifest(tmp_path / "out")
    assert [len(ids) for _, ids in sorted(manifest["parts"].items())] == [16] * 7 + [8]
    folder = store.current_dir(tmp_path / "out")
    for name in parts.PARTITIONED:
        ids = pq.read_table(folder / f"{name}.parquet", columns=["article_id"]).column("article_id").to_pylist()
        assert ids == sorted(ids) and set(ids) == {f"a{i:04d}" for i in range(N)}


def test_cut_gives_each_new_part_its_articles_rows_in_order():
    table = pa.table({"article_id": ["b", "a", "c", "b", "a"], "n": [0, 1, 2, 3, 4]})
    got = parts._cut(table, {"p1": ["a", "b"], "p2": ["c"], "p3": ["d"]})
    assert {p: t.to_pydict() for p, t in got.items()} == {
        "p1": {"article_id": ["b", "a", "b", "a"], "n": [0, 1, 3, 4]},
        "p2": {"article_id": ["c"], "n": [2]},
        "p3": {"article_id": [], "n": []}}


def test_too_many_parts_merge_the_smallest_and_leave_the_big_ones_linked(monkeypatch, tmp_path):
    monkeypatch.setattr(parts, "PART_ARTICLES", 4)
    before = {"big-1": ["a", "b", "c", "d"], "big-2": ["e", "f", "g", "h"]}
    before.update({f"small-{i:02d}": [f"s{i}"] for i in range(parts.MAX_PARTS - 2)})
    keep = {a for ids in before.values() for a in ids}
    plan = parts.layout(tmp_path, before, keep, ["new"])
    assert {"big-1", "big-2"} <= set(plan.link)
    assert len(plan.part_map()) <= parts.MAX_PARTS
    assert sorted(a for ids in plan.part_map().values() for a in ids) == sorted(keep | {"new"})
    assert all(len(ids) <= 4 for ids in plan.new.values())


@pytest.mark.parametrize("lost", ["kept", "missing", "stale", "unreadable"])
def test_a_missing_or_stale_event_clustering_falls_back_to_clustering_all(scaled, tmp_path, monkeypatch, lost):
    """The clustering a build keeps for the next (overlay.save_state, named in the manifest): without it,
    of another version, or broken, the next build clusters every contact again and still equals a full build."""
    out, full = tmp_path / "inc", tmp_path / "full"
    build(scaled, out, backend="rules", workers=1)
    folder = store.current_dir(out)
    entry = store.read_manifest(out)["overlay_state"]
    assert overlay.load_state(folder, entry) is not None
    if lost == "missing":
        (folder / entry["files"]["events"]).unlink()
    elif lost == "stale":
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["overlay_state"]["version"] = overlay.STATE_VERSION - 1
        (folder / "manifest.json").write_text(json.dumps(manifest))
    elif lost == "unreadable":
        (folder / entry["files"]["events"]).write_bytes(b"not parquet")
    assert (overlay.load_state(folder, store.read_manifest(out)["overlay_state"]) is None) == (lost != "kept")
    clustered, place = [], events._Contact.place
    monkeypatch.setattr(events._Contact, "place", lambda self, i, *rest: (clustered.append(i), place(self, i, *rest)))
    for i in range(N, N + 5):
        (scaled / f"a{i:04d}.txt").write_text(make_article(i, seed=7), encoding="utf-8")
    build(scaled, out, backend="rules", workers=1)
    monkeypatch.undo()
    n_reports = len(store.read_table(out, "meetings"))
    assert len(clustered) < n_reports if lost == "kept" else len(clustered) == n_reports   # else every report placed again
    build(scaled, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)
    assert overlay.load_state(store.current_dir(out), store.read_manifest(out)["overlay_state"]) is not None


def test_the_overlay_names_the_articles_whose_dates_and_meetings_rows_changed(scaled, tmp_path, monkeypatch):
    """overlay.Kept.changed: every article not analysed again whose published dates or meetings rows
    differ from the last build's, read from what the last build kept, not from its tables."""
    out = tmp_path / "inc"
    build(scaled, out, backend="rules", workers=1)
    kept, save = [], overlay.save_state
    monkeypatch.setattr(overlay, "save_state", lambda folder, state: (kept.append(state), save(folder, state))[1])
    seen: dict[str, set] = {"dates": set(), "meetings": set()}
    for step in range(3):
        before = {name: _rows(out, name) for name in ("dates", "meetings")}
        analysed = {f"a{i:04d}" if i % 2 else f"a{i - N:04d}c" for i in range(N + 10 * step, N + 10 * step + 10)}
        for article in analysed:                                           # ten new articles, some in between
            (scaled / f"{article}.txt").write_text(make_article(int(article[1:5]) + (0 if article[-1] != "c" else N),
                                                                seed=7), encoding="utf-8")
        if step == 1:                                                      # and articles removed (years others took)
            for i in range(20, 60, 2):
                (scaled / f"a{i:04d}.txt").unlink()
        if step == 2:                                                      # and a date set in metadata.csv
            (scaled / "metadata.csv").write_text("article_id,url,source,published\na0011,,AA,2018-05-06\n",
                                                 encoding="utf-8")
            analysed.add("a0011")
        build(scaled, out, backend="rules", workers=1)
        for name in ("dates", "meetings"):
            after = _rows(out, name)
            differ = {a for key, (a, row) in after.items() if key not in before[name] or before[name][key][1] != row}
            assert kept[-1].changed[name] - analysed == differ - analysed, name
            seen[name] |= differ - analysed
    assert seen["dates"] and seen["meetings"]            # some kept articles' rows did change


def _rows(out, name: str) -> dict:
    """key → (article, the overlay's columns) of a published table."""
    table = store.read_table(out, name)
    key = ["article_id", "start"] if name == "dates" else ["meeting_id"]
    shown = list(overlay.RESOLVED) if name == "dates" else ["date", "date_precision", "date_basis", "event_id"]
    return {tuple(k): (k[0] if name == "dates" else a, tuple(v)) for k, a, v in
            zip(table[key].itertuples(index=False), table["article_id"], table[shown].itertuples(index=False))}
