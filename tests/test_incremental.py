"""Incremental builds give exactly the tables a full build gives, whatever happened in
between: articles added, changed, removed, in many small steps (parts merged)."""
from __future__ import annotations

import json

import pandas as pd

from conftest import SEED_IDS, TABLES
from newsgraph.corpus import entities
from newsgraph.storage import parts, store
from newsgraph.views import netstore, stored
from newsgraph.jobs.build import build

KEYS = {"articles": ["article_id"], "sentences": ["article_id", "sent_idx"], "mentions": ["article_id", "start"],
        "entities": ["entity_id"], "dates": ["article_id", "start"], "meetings": ["meeting_id"]}


def canonical(out, name: str) -> pd.DataFrame:
    frame = store.read_table(out, name)
    for col in frame.columns:                       # lists and arrays compare as JSON text
        if frame[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            frame[col] = frame[col].map(lambda v: json.dumps(list(v), default=str) if v is not None else None)
    return frame.sort_values(KEYS[name]).reset_index(drop=True)


def assert_same_tables(a, b) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(canonical(a, name), canonical(b, name), check_dtype=False, obj=name)
    for name in stored.VIEWS:                        # the views too, row for row (kept per part, combined)
        pd.testing.assert_frame_equal(*(stored.read(store.current_dir(out), name) for out in (a, b)), obj=name)
    for name in netstore.FILES:                      # the meeting pairs and the default network
        pd.testing.assert_frame_equal(*(pd.read_feather(netstore.folder(store.current_dir(out)) / name) for out in (a, b)),
                                      obj=name)


def article(n: int) -> str:
    return (f"Lavrov Ankara'da {n}\n\nRusya Dışişleri Bakanı Sergey Lavrov, Dışişleri Bakanı Mevlüt Çavuşoğlu ile "
            f"{n % 27 + 1} Ocak'ta Ankara'da görüştü. İki bakan Libya ve İdlib'i ele aldı.\n")


def test_add_change_remove_equals_a_full_build(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, backend="rules", workers=1)
    (raw_copy / "yeni.txt").write_text(article(1), encoding="utf-8")
    changed = raw_copy / f"{SEED_IDS[2]}.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nHafter, Putin ile Moskova'da görüştü.\n", encoding="utf-8")
    (raw_copy / f"{SEED_IDS[4]}.txt").unlink()
    report = build(raw_copy, out, backend="rules", workers=1)
    assert (report.n_processed, report.n_reused) == (2, 3)
    full = tmp_path / "full"
    build(raw_copy, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)


def test_many_small_steps_merge_parts_and_stay_right(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, backend="rules", workers=1)
    for n in range(parts.MAX_PARTS + 3):
        (raw_copy / f"adim_{n:02d}.txt").write_text(article(n), encoding="utf-8")
        build(raw_copy, out, backend="rules", workers=1)
    manifest = store.read_manifest(out)
    assert len(manifest["parts"]) <= parts.MAX_PARTS
    assert sorted(a for ids in manifest["parts"].values() for a in ids) == sorted(manifest_ids(manifest))
    folder = store.current_dir(out) / "mentions.parquet"
    assert {p.name for p in folder.iterdir()} == set(manifest["parts"])
    full = tmp_path / "full"
    build(raw_copy, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)


def manifest_ids(manifest: dict) -> list[str]:
    return [rec["article_id"] for rec in manifest["inputs"].values()]


def test_unchanged_parts_are_shared_not_copied(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, backend="rules", workers=1)
    first = store.current_dir(out) / "sentences.parquet"
    [old_part] = list(first.iterdir())
    (raw_copy / "yeni.txt").write_text(article(3), encoding="utf-8")
    build(raw_copy, out, backend="rules", workers=1)
    second = store.current_dir(out) / "sentences.parquet"
    assert (second / old_part.name).stat().st_ino == old_part.stat().st_ino   # a hard link
    assert len(list(second.iterdir())) == 2
    for kind in [*stored.PER_PART, stored.ENTITY_STATS]:                         # its views' parts too
        before = stored.part_file(first.parent, kind, old_part.name)
        assert stored.part_file(second.parent, kind, old_part.name).stat().st_ino == before.stat().st_ino


def test_entities_from_part_stats_equal_the_mentions_table(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, backend="rules", workers=1)
    (raw_copy / "yeni.txt").write_text(article(5), encoding="utf-8")
    build(raw_copy, out, backend="rules", workers=1)
    from newsgraph.base.registry import load_registry
    from newsgraph import settings
    mentions = store.read_table(out, "mentions")
    ids = sorted(set(mentions["article_id"]))
    position = {a: i for i, a in enumerate(ids)}
    ordered = mentions.sort_values("article_id", kind="stable", key=lambda c: c.map(position)).reset_index(drop=True)
    registry = load_registry(settings.DATA_DIR)
    whole = entities.entity_table(ordered, registry)
    halves = [entities.part_stats(ordered[ordered["article_id"].isin(ids[i::2])], position) for i in (0, 1)]
    pd.testing.assert_frame_equal(entities.table_from_parts(halves, position, registry), whole)


def test_metadata_set_changed_and_removed_equals_a_full_build(raw_copy, tmp_path):
    """URL and source are corpus-wide; a publication date is read by the per-article stages too
    (roles are those held then), so only the articles whose date changed are analysed again."""
    out, full = tmp_path / "inc", tmp_path / "full"
    build(raw_copy, out, backend="rules", workers=1)
    meta = raw_copy / "metadata.csv"
    for text, redated in ((f"article_id,url,source,published\n{SEED_IDS[0]},https://aa.com.tr/1,AA,2021-03-04\n"
                           f"{SEED_IDS[1]},,Haberrus,2019\n", 2),
                          (f"article_id,url,source,published\n{SEED_IDS[1]},https://aa.com.tr/2,,\n", 2),
                          (f"article_id,url,source,published\n{SEED_IDS[1]},https://aa.com.tr/3,DHA,\n", 0), (None, 0)):
        if text is None:
            meta.unlink()
        else:
            meta.write_text(text, encoding="utf-8")
        report = build(raw_copy, out, backend="rules", workers=1)
        assert report.n_processed == redated
        build(raw_copy, full, backend="rules", workers=1, force=True)
        assert_same_tables(out, full)


def dated(day: int) -> str:
    return (f"Lavrov Moskova'da\n\nDışişleri Bakanı Mevlüt Çavuşoğlu, {day} Ocak 2020'de Moskova'da Rus mevkidaşı "
            f"Sergey Lavrov ile görüştü. Görüşmede Libya ele alındı.\n")


def test_years_taken_from_other_articles_follow_them(raw_copy, tmp_path):
    out, full = tmp_path / "inc", tmp_path / "full"
    (raw_copy / "yilsiz.txt").write_text(article(4), encoding="utf-8")           # "5 Ocak'ta", no year
    build(raw_copy, out, backend="rules", workers=1)
    (raw_copy / "yilli.txt").write_text(dated(5), encoding="utf-8")             # "5 Ocak 2020'de"
    build(raw_copy, out, backend="rules", workers=1)
    dates = store.read_table(out, "dates")
    assert "other_articles" in set(dates.loc[dates["article_id"] == "yilsiz", "year_source"])
    build(raw_copy, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)
    (raw_copy / "yilli.txt").unlink()                                           # the evidence goes away
    build(raw_copy, out, backend="rules", workers=1)
    build(raw_copy, full, backend="rules", workers=1, force=True)
    assert_same_tables(out, full)


def test_a_build_with_nothing_changed_publishes_nothing(raw_copy, tmp_path):
    out = tmp_path / "inc"
    first = build(raw_copy, out, backend="rules", workers=1)
    before = store.current_dir(out)
    seed = raw_copy / f"{SEED_IDS[0]}.txt"
    seed.touch()                                                                # same bytes, new mtime
    again = build(raw_copy, out, backend="rules", workers=1)
    assert store.current_dir(out) == before
    assert (again.n_articles, again.n_processed, again.n_reused, again.rows) == (first.n_articles, 0, 5, first.rows)
    (raw_copy / "metadata.csv").write_text(f"article_id,url,source,published\n{SEED_IDS[0]},,AA,\n", encoding="utf-8")
    assert build(raw_copy, out, backend="rules", workers=1).n_processed == 0
    assert store.current_dir(out) != before                                      # metadata changed: a new build


def test_rows_packed_in_small_chunks_are_the_same(raw_copy, tmp_path, monkeypatch):
    from newsgraph.jobs import build as build_module
    build(raw_copy, tmp_path / "whole", backend="rules", workers=1)
    monkeypatch.setattr(build_module, "CHUNK", 2)
    build(raw_copy, tmp_path / "batched", backend="rules", workers=1)
    assert_same_tables(tmp_path / "whole", tmp_path / "batched")


def test_a_build_in_worker_processes_equals_one_in_this_process(raw_copy, tmp_path):
    from newsgraph.jobs import build as build_module
    for n in range(build_module.PARALLEL_MIN + 6):      # enough articles for the process pool
        (raw_copy / f"havuz_{n:03d}.txt").write_text(article(n), encoding="utf-8")
    pooled = build(raw_copy, tmp_path / "pool", backend="rules", workers=2)
    assert pooled.n_processed == build_module.PARALLEL_MIN + 11 and not pooled.problems
    build(raw_copy, tmp_path / "here", backend="rules", workers=1)
    assert_same_tables(tmp_path / "pool", tmp_path / "here")


def test_first_meeting_and_event_added_to_a_corpus_without_any_equals_a_full_build(tmp_path):
    raw, out, full = tmp_path / "raw", tmp_path / "inc", tmp_path / "full"
    raw.mkdir()
    (raw / "hava.txt").write_text("Hava\n\nAnkara'da hava güzel.\n", encoding="utf-8")
    build(raw, out, backend="rules", workers=1)                    # its timeline has no meeting, no event
    (raw / "berlin.txt").write_text(dated(5) + "\nBerlin Konferansı 19 Ocak 2020'de toplandı.\n", encoding="utf-8")
    build(raw, out, backend="rules", workers=1)
    build(raw, full, backend="rules", workers=1, force=True)
    items = stored.read(store.current_dir(out), "timeline_items")
    assert {"meeting", "event", "published"} <= set(items["kind"])
    assert_same_tables(out, full)
