"""The analyst's corrections (data/corrections.yaml): read with file:line errors, applied on every
build after extraction, surviving rebuilds and added articles, undone by taking the entry out."""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import ROOT, SEED_IDS
from test_incremental import article, assert_same_tables
from newsgraph.base.errors import BuildError
from newsgraph.cli import main
from newsgraph.corpus.corrections import Correction, CorrectionsError, load_corrections
from newsgraph.jobs import correct
from newsgraph.jobs.build import build
from newsgraph.jobs.evaluate import alias_ids, evaluate, load_gold
from newsgraph.storage import store
from newsgraph.views import stored

AKAR_SOYGU = SEED_IDS[1]          # "Hulusi Akar, … Sergey Şoygu ile telefonda görüştü." (sentence 0)
MOSCOW = SEED_IDS[2]              # the Moscow talks on Libya


def meeting(out, article_id: str, people: set[str]) -> dict:
    m = store.read_table(out, "meetings")
    rows = m[(m["article_id"] == article_id) & m["participants"].map(lambda p: set(p) == people)]
    assert len(rows) == 1, rows
    return rows.iloc[0].to_dict()


@pytest.fixture()
def built(raw_copy, tmp_path):
    """The seeds built once without corrections; the corrections file to write (none yet)."""
    out, fixes = tmp_path / "processed", tmp_path / "corrections.yaml"
    build(raw_copy, out, backend="rules", workers=1, corrections=fixes)
    return raw_copy, out, fixes


def rebuild(raw, out, fixes, **kw):
    return build(raw, out, backend="rules", workers=1, corrections=fixes, **kw)


def correct_everything(out, fixes) -> dict[str, Correction]:
    """One correction of each kind, through the same functions the CLI and the pages call."""
    call = meeting(out, AKAR_SOYGU, {"hulusi-akar", "sergey-soygu"})
    erdogan_serrac = meeting(out, MOSCOW, {"recep-tayyip-erdogan", "fayiz-es-serrac"})
    press = meeting(out, MOSCOW, {"mevlut-cavusoglu", "sergey-lavrov"})
    where = {"out": out, "path": fixes, "by": "ayse"}
    return {
        "reject": correct.correct_meeting("reject-meeting", erdogan_serrac["meeting_id"], note="told before", **where),
        "edit": correct.correct_meeting("edit-meeting", call["meeting_id"], {"date": "2020-09-30", "location": "moskova"},
                                        **where),
        "confirm": correct.correct_meeting("confirm-meeting", press["meeting_id"], **where),
        "add": correct.add_meeting(AKAR_SOYGU, 2, {"sides": "hulusi-akar;sergey-soygu", "type": "phone_call"}, **where),
        "merge": correct.merge_entities("sedat-onal", "mihail-bogdanov", **where),
        "reject-entity": correct.reject_entity("kasim-suleymani", **where),
        "split": correct.split_alias("hulusi-akar", "Akar", "akar-soyadi", **where),
    }


def test_corrections_are_applied_where_the_items_appear(built):
    raw, out, fixes = built
    before = store.read_table(out, "meetings")
    done = correct_everything(out, fixes)
    report = rebuild(raw, out, fixes)
    assert report.n_processed == 0                                   # a correction re-analyses no article
    assert report.corrections["applied"] == 7 and not report.corrections["not_applied"]
    m = store.read_table(out, "meetings").set_index("meeting_id")
    assert done["reject"].meeting_id not in m.index
    assert len(m) == len(before) - 1          # one rejected, one added, Bogdanov–Önal gone with the merge (below)
    edited = m.loc[done["edit"].meeting_id]
    assert (edited["date"], edited["date_precision"], edited["date_basis"], edited["location"]) == \
        ("2020-09-30", "day", "corrected", "moskova")
    assert edited["corrected"] == "edit-meeting"
    assert m.loc[done["confirm"].meeting_id, "corrected"] == "confirm-meeting"
    added = m.loc[f"{AKAR_SOYGU}:{done['add'].id}"]
    assert [list(s) for s in added["sides"]] == [["hulusi-akar"], ["sergey-soygu"]]
    assert added["sent_idx"] == 2 and added["evidence"].startswith("Akar, Şoygu'ya") and added["event_id"]
    assert (added["type"], added["status"], added["corrected"]) == ("phone_call", "held", "add-meeting")
    untouched = m[m["corrected"].isna()]
    assert len(untouched) == len(m) - 3
    # Entities: merged into, split off, rejected; mentions and the network's views follow.
    e = store.read_table(out, "entities").set_index("entity_id")
    assert "sedat-onal" not in e.index and "kasim-suleymani" not in e.index
    assert e.at["mihail-bogdanov", "corrected"] == "merge" and "Sedat Önal" in e.at["mihail-bogdanov", "aliases"]
    assert e.at["akar-soyadi", "corrected"] == "split" and e.at["akar-soyadi", "name"] == "Akar"
    mentions = store.read_table(out, "mentions")
    assert not mentions["entity_id"].isin(["sedat-onal", "kasim-suleymani"]).any()
    assert set(mentions.loc[mentions["surface"] == "Akar", "entity_id"]) == {"akar-soyadi"}
    assert mentions.loc[mentions["surface"] == "Süleymani", "entity_id"].isna().all()
    views = {name: stored.read(store.current_dir(out), name) for name in stored.PER_PART}
    assert "sedat-onal" not in set(views["article_entities"]["entity_id"].astype(str))
    assert "akar-soyadi" in set(views["entity_sentences"]["entity_id"].astype(str))
    assert edited["participants"].tolist() == ["hulusi-akar", "sergey-soygu"]      # named in full there: not split
    # The meeting of Bogdanov and Önal is now Bogdanov with himself: no contact.
    assert not any(set(p) == {"mihail-bogdanov"} and len(s) > 1 for p, s in zip(m["participants"], m["sides"]))
    assert store.read_manifest(out)["corrections"]["reports_dropped"] == 1


def test_corrections_survive_a_rebuild_and_an_added_article(built, tmp_path):
    raw, out, fixes = built
    correct_everything(out, fixes)
    rebuild(raw, out, fixes)
    first = store.read_table(out, "meetings")
    again = tmp_path / "again"                                     # rebuilt from nothing: the same tables
    rebuild(raw, again, fixes, force=True)
    assert_same_tables(out, again)
    (raw / "yeni.txt").write_text(article(5), encoding="utf-8")      # an article added: incremental = full
    report = rebuild(raw, out, fixes)
    assert (report.n_processed, report.n_reused) == (1, 5) and report.corrections["applied"] == 7
    full = tmp_path / "full"
    rebuild(raw, full, fixes, force=True)
    assert_same_tables(out, full)
    after = store.read_table(out, "meetings")
    assert set(first["meeting_id"]) <= set(after["meeting_id"])      # meeting ids stable across rebuilds
    kept = after[after["article_id"] != "yeni"]
    pd.testing.assert_frame_equal(first.drop(columns=["event_id"]).reset_index(drop=True),
                                  kept.drop(columns=["event_id"]).reset_index(drop=True))


def test_a_contact_is_found_by_its_sentence_not_its_number(built):
    raw, out, fixes = built
    call = meeting(out, AKAR_SOYGU, {"hulusi-akar", "sergey-soygu"})
    fixes.write_text(f"""\
# written by hand: a stale meeting id and sentence number, the sentence and participants right
- op: reject-meeting
  article: {AKAR_SOYGU}
  sent_idx: 7
  sentence: "  {call['evidence']}"
  participants: [sergey-soygu, hulusi-akar]
  meeting_id: {AKAR_SOYGU}:m9
- op: confirm-meeting
  article: {AKAR_SOYGU}
  sentence: Bu cümle makalede yok.
""", encoding="utf-8")
    report = rebuild(raw, out, fixes)
    assert call["meeting_id"] not in set(store.read_table(out, "meetings")["meeting_id"])
    [missed] = report.corrections["not_applied"]
    assert missed["line"] == 8 and missed["op"] == "confirm-meeting" and "Bu cümle" in missed["why"]


def test_undo_takes_the_entry_out_and_the_machine_s_tables_come_back(built, tmp_path):
    raw, out, fixes = built
    plain = tmp_path / "plain"
    rebuild(raw, plain, tmp_path / "none.yaml")
    done = correct_everything(out, fixes)
    with fixes.open("a", encoding="utf-8") as f:
        f.write("# the analyst's own comment, kept\n")
    rebuild(raw, out, fixes)
    for c in done.values():
        correct.undo(c.id, fixes)
    assert not load_corrections(fixes).entries and "the analyst's own comment, kept" in fixes.read_text(encoding="utf-8")
    rebuild(raw, out, fixes)
    assert_same_tables(out, plain)


def test_a_malformed_file_stops_the_build_and_the_last_tables_stay(built):
    raw, out, fixes = built
    before = store.current_dir(out)
    fixes.write_text("- op: merge\n  entity: sedat-onal\n  into: mihail-bogdanov\n- op: reject-entity\n"
                     "  entity: Kasım Süleymani\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"corrections.yaml:5: 'entity' has a bad value 'Kasım Süleymani'"):
        rebuild(raw, out, fixes)
    assert store.current_dir(out) == before
    with pytest.raises(CorrectionsError, match=r":5:"):              # nor does a correction go into it
        correct.reject_entity("libya", out=out, path=fixes)


def test_corrections_in_parts_equal_a_full_build(tmp_path, monkeypatch):
    """A generated corpus in parts of 16 articles: an entity merge touches some parts only (their
    mentions and views corrected, the others linked); adding articles keeps incremental = full."""
    from benchmarks.scaler import make_article
    from newsgraph.storage import parts
    monkeypatch.setattr(parts, "PART_ARTICLES", 16)
    raw, out, fixes = tmp_path / "raw", tmp_path / "inc", tmp_path / "corrections.yaml"
    raw.mkdir()
    for i in range(80):
        (raw / f"a{i:04d}.txt").write_text(make_article(i, seed=7), encoding="utf-8")
    rebuild(raw, out, fixes)
    e = store.read_table(out, "entities")
    rare = e[(e["label"] == "PER") & (e["article_count"] <= 3)].iloc[0]
    into = e[(e["label"] == "PER") & (e["entity_id"] != rare["entity_id"])].iloc[0]["entity_id"]
    where = {"out": out, "path": fixes}
    correct.merge_entities(rare["entity_id"], into, **where)
    correct.correct_meeting("reject-meeting", store.read_table(out, "meetings")["meeting_id"].iloc[0], **where)
    rebuild(raw, out, fixes)
    folder = store.current_dir(out)
    fixed = {p.name for p in (folder / "views" / stored.CORRECTED / stored.ENTITY_STATS).iterdir()}
    assert 0 < len(fixed) < len(store.read_manifest(out)["parts"])       # only the parts naming it
    assert rare["entity_id"] not in set(store.read_table(out, "mentions")["entity_id"].dropna())
    for i in range(80, 86):
        (raw / f"a{i:04d}.txt").write_text(make_article(i, seed=7), encoding="utf-8")
    assert rebuild(raw, out, fixes).n_processed == 6
    full = tmp_path / "full"
    rebuild(raw, full, fixes, force=True)
    assert_same_tables(out, full)


def test_cli_correct_list_undo(built, capsys):
    raw, out, fixes = built
    call = meeting(out, AKAR_SOYGU, {"hulusi-akar", "sergey-soygu"})
    where = ["--file", str(fixes), "--out", str(out), "--raw", str(raw)]
    assert main(["correct", "reject-entity", "kasim-suleymani", *where]) == 0
    assert main(["correct", "merge", "sedat-onal", "mihail-bogdanov", *where, "--no-build"]) == 0
    assert main(["correct", "reject-meeting", call["meeting_id"], *where, "--by", "ayse"]) == 0
    assert call["meeting_id"] not in set(store.read_table(out, "meetings")["meeting_id"])
    assert main(["correct", "reject-entity", "nobody", *where]) == 1
    assert main(["correct", "list", *where]) == 0
    listed = capsys.readouterr()
    assert "unknown entity id(s): nobody" in listed.err
    assert "  1  c-" in listed.out and "merge sedat-onal into mihail-bogdanov" in listed.out
    assert main(["correct", "undo", "3", *where]) == 0
    assert call["meeting_id"] in set(store.read_table(out, "meetings")["meeting_id"])
    assert [c.op for c in load_corrections(fixes).entries] == ["reject-entity", "merge"]


def test_evaluate_scores_the_tables_after_corrections(built, registry, capsys):
    raw, out, fixes = built
    gold = load_gold(ROOT / "tests" / "gold" / "seeds.json")
    registry_ids = alias_ids(registry)

    def contacts_found() -> int:
        tables = {n: store.read_table(out, n) for n in ("articles", "mentions", "dates", "meetings")}
        return evaluate(tables, gold, registry_ids)["overall"]["meetings"]["tp"]

    found = contacts_found()
    call = meeting(out, AKAR_SOYGU, {"hulusi-akar", "sergey-soygu"})
    correct.correct_meeting("reject-meeting", call["meeting_id"], out=out, path=fixes)
    rebuild(raw, out, fixes)
    assert contacts_found() == found - 1
    assert main(["evaluate", "--gold", str(ROOT / "tests" / "gold" / "seeds.json"), "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("scored after the analyst's corrections: 1 of 1 applied")
