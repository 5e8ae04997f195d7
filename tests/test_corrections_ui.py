"""Corrections from the pages (#20): a contact added from the Source page, a contact confirmed,
rejected and edited from the Meetings detail, an actor rejected from its profile, and each undone
from the Meetings page's list; every one written into the corrections file and the tables rebuilt.
On a private copy of the seeds (the rebuild writes the tables)."""
from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from conftest import RAW, open_app
from newsgraph.jobs import correct
from newsgraph.jobs.build import build
from newsgraph.storage import store

AKAR, SOYGU, ERDOGAN = "hulusi-akar", "sergey-soygu", "recep-tayyip-erdogan"


@pytest.fixture()
def mine(tmp_path, monkeypatch):
    raw, out = tmp_path / "raw", tmp_path / "processed"
    shutil.copytree(RAW, raw)
    build(raw, out, backend="rules", workers=1)
    for var, value in (("NEWSGRAPH_RAW", raw), ("NEWSGRAPH_PROCESSED", out),
                       ("NEWSGRAPH_CORRECTIONS", tmp_path / "corrections.yaml")):
        monkeypatch.setenv(var, str(value))
    return out


def meetings(out):
    return store.read_table(out, "meetings")


def the_call(out):
    m = meetings(out)
    return m[m["contact"] == f"{AKAR}|{SOYGU}"].iloc[0]


def ok(at):
    assert not at.exception, at.exception[0].value
    assert not at.error, at.error[0].value
    return at


def test_a_contact_added_from_the_source_page_then_undone(mine):
    call = the_call(mine)
    at = ok(open_app("pages/source.py", article=call["article_id"]))
    key = f"corr.add.{call['article_id']}"
    at.selectbox(key=f"{key}.sent").select(int(call["sent_idx"]))
    at.text_input(key=f"{key}.sides").input(f"{ERDOGAN};{SOYGU}")
    at.selectbox(key=f"{key}.type").select("meeting")
    at.button(key=f"FormSubmitter:{key}-Add the contact").click().run()
    ok(at)
    added = meetings(mine)
    row = added[added["corrected"].fillna("").str.contains("add-meeting")]
    assert len(row) == 1 and set(row.iloc[0]["participants"]) == {ERDOGAN, SOYGU}
    assert "Contact added" in at.success[0].value
    at = ok(open_app("pages/meetings.py"))
    entry = correct.listing().entries[0]
    at.button(key=f"corr.undo.{entry.id}").click().run()
    ok(at)
    assert not correct.listing().entries
    assert not meetings(mine)["corrected"].notna().any()


@pytest.mark.parametrize("op,check", [
    ("confirm", lambda row: "confirm-meeting" in row["corrected"]),
    ("reject", lambda row: row is None),
])
def test_a_contact_confirmed_or_rejected_from_the_meetings_detail(mine, op, check):
    call = the_call(mine)

    def page(meeting_id: str, article_id: str) -> None:
        from ui import corrections
        corrections.meeting({"meeting_id": meeting_id, "type": "phone call", "status": "held", "sides_text": ""})

    at = AppTest.from_function(page, args=(call["meeting_id"], call["article_id"]), default_timeout=60).run()
    at.button(key=f"corr.{op}.{call['meeting_id']}").click().run()
    ok(at)
    m = meetings(mine)
    found = m[m["contact"] == f"{AKAR}|{SOYGU}"]
    assert check(found.iloc[0] if len(found) else None)


def test_a_contact_edited_from_the_meetings_detail(mine):
    call = the_call(mine)

    def page(meeting_id: str) -> None:
        from ui import corrections
        corrections.meeting({"meeting_id": meeting_id, "type": "phone call", "status": "held",
                             "sides_text": "hulusi-akar;sergey-soygu"})

    at = AppTest.from_function(page, args=(call["meeting_id"],), default_timeout=60).run()
    key = f"corr.edit.{call['meeting_id']}"
    at.text_input(key=f"{key}.date").input("2020-03-04")
    at.button(key=f"FormSubmitter:{key}-Save the changes").click().run()
    ok(at)
    row = the_call(mine)
    assert row["date"] == "2020-03-04" and row["date_basis"] == "corrected" and "edit-meeting" in row["corrected"]


def test_a_bad_edit_is_refused_and_nothing_changes(mine):
    call = the_call(mine)

    def page(meeting_id: str) -> None:
        from ui import corrections
        corrections.meeting({"meeting_id": meeting_id, "type": "phone call", "status": "held", "sides_text": ""})

    at = AppTest.from_function(page, args=(call["meeting_id"],), default_timeout=60).run()
    key = f"corr.edit.{call['meeting_id']}"
    at.text_input(key=f"{key}.sides").input("nobody-known;sergey-soygu")
    at.button(key=f"FormSubmitter:{key}-Save the changes").click().run()
    assert at.error and "Not corrected" in at.error[0].value
    assert not correct.listing().entries


def test_an_actor_rejected_from_its_profile(mine):
    at = ok(open_app("pages/actor.py", actor="yasar-guler"))
    at.button(key="corr.rej.yasar-guler").click().run()
    assert not at.exception, at.exception[0].value
    assert "yasar-guler" not in set(store.read_table(mine, "entities")["entity_id"])
    assert [e.op for e in correct.listing().entries] == ["reject-entity"]


@pytest.mark.parametrize("text", [None, "", "  \n\n", "# nothing yet\n", "- op: reject-entity\n  entity: yasar-guler\n"])
def test_the_quick_no_corrections_check_agrees_with_the_parser(tmp_path, text):
    """The Meetings page skips the parser (and its imports) only for a file that holds no entry."""
    from ui.corrections import holds_none
    path = tmp_path / "corrections.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    entries = correct.listing(path).entries
    assert holds_none(path) <= (not entries)           # never skips a file with entries
    assert holds_none(path) == (text is None or not text.strip())


def test_the_corrections_list_of_a_missing_or_blank_file_is_the_parsers(mine, tmp_path):
    # through app.py, not AppTest.from_function: that leaves __main__ a script that worker processes
    # spawned later in the session (tests/test_dask_engine.py) cannot run
    labels = {}
    for text in (None, "\n", "# nothing yet\n"):
        path = tmp_path / f"c{len(labels)}.yaml"
        if text is not None:
            path.write_text(text, encoding="utf-8")
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NEWSGRAPH_CORRECTIONS", str(path))
            at = ok(open_app("pages/meetings.py", timeout=60))
        labels[text] = [e.label for e in at.expander if e.label.startswith("Corrections")]
    assert labels[None] == labels["\n"] == labels["# nothing yet\n"] == ["Corrections (0)"]
