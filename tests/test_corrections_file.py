"""The corrections file (data/corrections.yaml): read with file:line errors, written keeping the
analyst's comments and layout."""
from __future__ import annotations

import pytest

from newsgraph.corpus import correctionfile
from newsgraph.corpus.corrections import Correction, CorrectionsError, load_corrections


@pytest.mark.parametrize("text, line, message", [
    ("- op: reject-meeting\n  article: a\n  sentence: Akar: görüştü\n", 3, "YAML syntax error"),
    ("op: merge\n", 1, "must be a YAML list"),
    ("- op: forget\n", 1, "'op' must be one of"),
    ("- op: merge\n  entity: a\n  into: b\n  alias: c\n", 4, "unknown key 'alias' in a merge entry"),
    ("- op: merge\n  entity: a\n", 1, "needs 'into'"),
    ("- op: merge\n  entity: a\n  into: a\n", 3, "another entity"),
    ("- op: reject-meeting\n  article: a\n", 1, "needs 'article' and 'sentence'"),
    ("- op: edit-meeting\n  meeting_id: a:m0\n  set:\n    date: 12 Ocak\n", 4, "'date' has a bad value"),
    ("- op: edit-meeting\n  meeting_id: a:m0\n  set:\n    type: call\n", 4, "'type' must be one of"),
    ("- op: add-meeting\n  article: a\n  sentence: s\n  set:\n    sides: [a, b]\n    type: meeting\n", 5,
     "each side must be a non-empty list"),
    ("- op: add-meeting\n  article: a\n  sentence: s\n  set: {type: meeting}\n", 4, "needs 'sides' and 'type'"),
    ("- id: x\n  op: reject-entity\n  entity: a\n- id: x\n  op: reject-entity\n  entity: b\n", 4, "repeats"),
    ("- op: reject-entity\n  entity: a\n- op: merge\n  entity: a\n  into: b\n", 3, "already rejected or merged"),
    ("- op: merge\n  entity: a\n  into: b\n- op: merge\n  entity: b\n  into: a\n", 1, "circle"),
    # #21: what crashed the reader (a RecursionError, a ReaderError: 'internal error')
    ("- op: reject-entity\n  entity: " + "[" * 60000 + "]" * 60000 + "\n", 2, "nested more than 50 levels deep"),
    ("- op: reject-entity\n  entity: ali\x00-veli\n", 2, "character U+0000 is not allowed in YAML"),
])
def test_malformed_entries_are_refused_with_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "corrections.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CorrectionsError) as caught:
        load_corrections(path)
    assert caught.value.line == line and message in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def test_an_empty_or_missing_file_holds_no_corrections(tmp_path):
    assert load_corrections(tmp_path / "none.yaml").entries == ()
    for text in ("", "# nothing yet\n", "[]\n"):
        (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
        assert load_corrections(tmp_path / "c.yaml").entries == ()


def test_the_file_stays_the_analyst_s(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text("# my corrections\n\n# Önal is Bogdanov's counterpart, not Bogdanov\n- op: reject-entity\n"
                    "  entity: sedat-onal  # wrong anyway\n\n# keep this one\n- op: merge\n  entity: a\n  into: b\n",
                    encoding="utf-8")
    entry = Correction(op="split", id="c-1", by="ayse", at="2024-05-02T10:31:00+03:00", entity="hulusi-akar",
                       alias="Akar", into="akar", note="'Akar' here is the village: Akar: köy")
    correctionfile.add_entry(path, entry)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# my corrections\n\n# Önal is") and "# wrong anyway" in text
    assert [c.op for c in load_corrections(path).entries] == ["reject-entity", "merge", "split"]
    assert load_corrections(path).entries[2] == entry                # written and read back the same
    correctionfile.remove_entry(path, "1")                           # the entry and the comment right above it
    text = path.read_text(encoding="utf-8")
    assert "Önal" not in text and "# my corrections" in text and "# keep this one" in text
    assert [c.op for c in load_corrections(path).entries] == ["merge", "split"]
    with pytest.raises(CorrectionsError, match="no correction 'c-none'"):
        correctionfile.remove_entry(path, "c-none")


def test_entries_go_after_an_empty_list_and_never_into_a_flow_one(tmp_path):
    path = tmp_path / "corrections.yaml"
    path.write_text("# none yet\n[]\n", encoding="utf-8")
    correctionfile.add_entry(path, Correction(op="reject-entity", id="c-1", entity="kasim-suleymani"))
    correctionfile.add_entry(path, Correction(op="reject-entity", id="c-2", entity="sedat-onal"))
    correctionfile.add_entry(path, Correction(op="reject-entity", id="c-3", entity="m4"))
    assert [c.id for c in load_corrections(path).entries] == ["c-1", "c-2", "c-3"]
    correctionfile.remove_entry(path, "c-2")
    assert path.read_text(encoding="utf-8") == ("# none yet\n\n- id: c-1\n  op: reject-entity\n  entity: kasim-suleymani\n"
                                                "\n- id: c-3\n  op: reject-entity\n  entity: m4\n")
    with pytest.raises(CorrectionsError, match="already in the file"):
        correctionfile.add_entry(path, Correction(op="reject-entity", id="c-1", entity="libya"))
    path.write_text("[{op: reject-entity, entity: m4}]\n", encoding="utf-8")
    with pytest.raises(CorrectionsError, match="flow style"):
        correctionfile.add_entry(path, Correction(op="reject-entity", id="c-4", entity="libya"))
