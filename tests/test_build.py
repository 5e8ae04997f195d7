"""The build: tables and manifest, incremental and atomic, problems reported."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, SEED_IDS, TABLES
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.errors import BuildError
from newsgraph.storage.schema import TABLES as SCHEMA


def test_every_table_written_with_its_columns(seed_out):
    for name in TABLES:
        frame = store.read_table(seed_out, name)
        assert list(frame.columns) == SCHEMA[name].names
    manifest = store.read_manifest(seed_out)
    assert manifest["articles"] == 5 and manifest["backend"] == "rules"
    assert set(manifest["rows"]) == set(TABLES) and not manifest["problems"]
    assert sorted(r["article_id"] for r in manifest["inputs"].values()) == SEED_IDS


def test_sentence_offsets_index_article_text(tables):
    texts = dict(zip(tables["articles"]["article_id"], tables["articles"]["text"]))
    for row in tables["sentences"].itertuples():
        assert texts[row.article_id][row.start:row.end] == row.text


def test_second_build_reprocesses_nothing_and_a_changed_file_alone(raw_copy, tmp_path):
    out = tmp_path / "processed"
    first = build(raw_copy, out, backend="rules", workers=1)
    assert (first.n_processed, first.n_reused) == (5, 0)
    again = build(raw_copy, out, backend="rules", workers=1)
    assert (again.n_processed, again.n_reused) == (0, 5)
    changed = raw_copy / f"{SEED_IDS[1]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nYeni paragraf: Akar Ankara'ya döndü.\n", encoding="utf-8")
    third = build(raw_copy, out, backend="rules", workers=1)
    assert (third.n_processed, third.n_reused) == (1, 4)
    text = store.read_table(out, "articles").set_index("article_id").at[SEED_IDS[1], "text"]
    assert "Akar Ankara'ya döndü" in text


def test_bad_files_reported_and_the_rest_built(raw_copy, tmp_path):
    (raw_copy / "empty.txt").write_bytes(b"")
    (raw_copy / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    report = build(raw_copy, tmp_path / "processed", backend="rules", workers=1)
    reasons = {p["path"]: p["reason"] for p in report.problems}
    assert reasons == {"empty.txt": "empty file", "photo.txt": "binary content (PNG image), not text"}
    assert report.n_articles == 5
    assert store.read_manifest(tmp_path / "processed")["problems"] == report.problems


def test_nothing_buildable_is_an_error(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="no article could be built: a.txt: empty file"):
        build(raw, tmp_path / "out", backend="rules")
    with pytest.raises(BuildError, match="nothing does not exist"):
        build(tmp_path / "nothing", tmp_path / "out", backend="rules")
    (tmp_path / "blank").mkdir()
    with pytest.raises(BuildError, match="no articles found"):
        build(tmp_path / "blank", tmp_path / "out", backend="rules")


def test_previous_tables_survive_a_failed_build(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    before = store.read_table(out, "articles")
    for p in raw_copy.iterdir():
        p.write_bytes(b"")
    with pytest.raises(BuildError):
        build(raw_copy, out, backend="rules", workers=1)
    assert store.read_table(out, "articles").equals(before)


def _cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_build_and_stats(raw_copy, tmp_path):
    (raw_copy / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "processed"
    done = _cli("build", "--raw", str(raw_copy), "--out", str(out), "--backend", "rules")
    assert done.returncode == 0, done.stderr
    assert "skipped broken.txt: binary content" in done.stderr
    assert done.stdout.startswith("built 5 articles (5 processed, 0 unchanged)")
    stats = _cli("stats", "--out", str(out))
    assert stats.returncode == 0 and "articles" in stats.stdout and "meetings" in stats.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["problems"][0]["path"] == "broken.txt"


def test_cli_exit_status_when_nothing_builds(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.txt").write_text("", encoding="utf-8")
    done = _cli("build", "--raw", str(raw), "--out", str(tmp_path / "o"), "--backend", "rules")
    assert done.returncode == 1
    assert done.stderr.strip().startswith("newsgraph: no article could be built")


def test_out_is_a_link_to_a_complete_build(seed_out):
    assert seed_out.is_symlink()
    target = seed_out.resolve()
    derived = {"views", "map", "search", "overlay"}   # the map's own rows (storage/parts.py), views (views/stored.py), index
    # (storage/searchindex.py), what the overlay keeps for the next build (corpus/overlay.py)
    assert {p.name for p in target.iterdir()} == {f"{t}.parquet" for t in TABLES} | {"manifest.json", "summary.json"} | derived


def test_metadata_csv_wins(raw_copy, tmp_path):
    (raw_copy / "metadata.csv").write_text(
        f"article_id,url,source,published\n{SEED_IDS[0]},https://haberrus.example/1,Haberrus,2020-08-17\n", encoding="utf-8")
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    row = store.read_table(out, "articles").set_index("article_id").loc[SEED_IDS[0]]
    assert (row.published, row.published_precision, row.published_basis) == ("2020-08-17", "day", "metadata")
    assert (row.source, row.url) == ("Haberrus", "https://haberrus.example/1")


def test_summary_is_the_manifest_without_per_article_records(seed_out):
    import json
    folder = store.current_dir(seed_out)
    manifest = json.loads((folder / store.MANIFEST).read_text(encoding="utf-8"))
    summary = json.loads((folder / store.SUMMARY).read_text(encoding="utf-8"))
    assert set(store.PER_ARTICLE_KEYS) <= set(manifest) and not set(store.PER_ARTICLE_KEYS) & set(summary)
    assert summary == {k: v for k, v in manifest.items() if k not in store.PER_ARTICLE_KEYS}
    assert store.read_manifest(seed_out, summary=True) == summary


def test_every_phase_the_benchmark_times_exists():
    """`make bench` wraps these functions to time each stage: a renamed module must fail here,
    not in the middle of a benchmark run."""
    import importlib
    from benchmarks.phases import TARGETS
    for mod_name, attr, _ in TARGETS:
        mod_name, _, cls = mod_name.partition(":")
        owner = importlib.import_module(mod_name)
        owner = getattr(owner, cls) if cls else owner
        assert callable(getattr(owner, attr)), (mod_name, cls, attr)
