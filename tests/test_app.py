"""The dashboard, headless: AppTest through app.py."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from conftest import ROOT


def test_landing_page_shows_the_corpus(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "5"
    assert metrics["Sources"] == "3"
    assert metrics["Meetings"] == "14"                        # the table's rows, counted without reading it
    table = at.dataframe[0].value
    assert len(table) == 5
    assert "Türkiye ve Rusya arasında kritik görüşme!" in set(table["title"])
    assert (table["source"] == "").sum() == 2 and table["source"].notna().all()   # no source: blank, not None
    assert table["published"].notna().all()


def test_landing_page_filter_keeps_the_rows_of_the_whole_table(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    at.multiselect(key="filters.topics").select("Karabağ").run()
    table = at.dataframe[0].value
    assert list(table["title"]) == ["Türkiye ve Rusya arasında kritik görüşme!"]
    assert list(table["topics"]) == ["Libya, İdlib, Karabağ"]
    assert {m.label: m.value for m in at.metric}["Meetings"] == "1"          # the Akar–Şoygu call


def test_landing_page_without_tables_says_how_to_build(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(tmp_path / "none"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert "No processed tables yet" in at.warning[0].value


def test_the_first_run_freezes_the_collectors_old_objects_once(app_env, monkeypatch):
    import gc
    from ui import nav
    gc.unfreeze()
    monkeypatch.setattr(nav, "_settled", False)                  # as in a new server process
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    frozen = gc.get_freeze_count()
    assert frozen > 0
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).switch_page("pages/meetings.py").run()
    assert gc.get_freeze_count() <= frozen                         # later runs freeze nothing more
    gc.unfreeze()
