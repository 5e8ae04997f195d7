"""Filters you can see (#19), headless: AppTest through app.py, switching pages in one session as the
sidebar menu does. Every filter widget shows the filters in force after every page switch, each page
says them in one line at its top, and the links to the Source page keep them."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, switch_to

PAGES = ["", "network", "timeline", "meetings", "source"]             # url paths; "" is the Overview
ALL = "Filters: topic Karabağ · actor Hulusi Akar · type phone call · 2020-01-01 – 2020-12-31 · 1 of 5 articles"
KARABAG = "Filters: topic Karabağ · 1 of 5 articles"


def opened(url_path: str, **params: str) -> AppTest:
    """A session opened on a page (as a link to it opens it)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at.query_params.update(params)
    if url_path:
        at.switch_page(f"pages/{url_path}.py")
    return at.run()


def banner(at: AppTest) -> str:
    """The line at the top of the page, unescaped ('Filters: …' or 'No filters: …')."""
    lines = [re.sub(r"\\(.)", r"\1", e.value) for e in [*at.markdown, *at.caption]]
    found = [m.group(1) for v in lines if (m := re.search(r"((?:No f|F)ilters: [^\]]*)", v))]
    assert len(found) == 1, lines
    return found[0]


def query(at: AppTest, key: str) -> list[str]:
    """A key's values in the page's URL (AppTest gives one value as a string, several as a list)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


def widgets(at: AppTest) -> dict:
    """What each filter widget shows."""
    return {"topics": at.multiselect(key="filters.topics").value, "actors": at.multiselect(key="filters.actors").value,
            "from": at.date_input(key="filters.from").value, "to": at.date_input(key="filters.to").value,
            "sources": at.multiselect(key="filters.sources").value, "types": at.multiselect(key="filters.types").value}


SHOWN = {"topics": ["Karabağ"], "actors": ["hulusi-akar"], "from": dt.date(2020, 1, 1), "to": dt.date(2020, 12, 31),
         "sources": [], "types": ["phone_call"]}


def shows_every_filter(at: AppTest, where: str) -> None:
    assert not at.exception, where
    assert widgets(at) == SHOWN, where
    assert banner(at) == ALL, where
    assert any("Showing **1** of 5 articles" in c.value for c in at.sidebar.caption), where
    assert query(at, "topic") == ["Karabağ"] and query(at, "type") == ["phone_call"], where


@pytest.mark.parametrize("first", PAGES, ids=lambda p: p or "overview")
def test_every_filter_chosen_on_a_page_is_shown_on_every_other_and_back(app_env, first):
    at = opened(first)
    assert banner(at) == "No filters: all 5 articles"
    at.multiselect(key="filters.topics").select("Karabağ").run()
    at.multiselect(key="filters.actors").select("hulusi-akar").run()
    at.date_input(key="filters.from").set_value(dt.date(2020, 1, 1)).run()
    at.date_input(key="filters.to").set_value(dt.date(2020, 12, 31)).run()
    at.multiselect(key="filters.types").select("phone_call").run()
    shows_every_filter(at, first)
    for then in PAGES:                                     # to every other page and back: both orders of each pair
        if then != first:
            shows_every_filter(switch_to(at, then), f"{first} → {then}")
            shows_every_filter(switch_to(at, first), f"{then} → {first}")


def test_a_source_chosen_on_the_timeline_is_shown_on_the_meetings_and_back(app_env):
    at = opened("timeline")
    at.multiselect(key="filters.sources").select("DHA").run()
    for page in ("meetings", "timeline", "source", ""):
        switch_to(at, page)
        assert at.multiselect(key="filters.sources").value == ["DHA"], page
        assert banner(at) == "Filters: source DHA · 1 of 5 articles", page


def test_a_topic_picked_after_a_page_switch_joins_the_one_in_force(app_env):
    at = opened("network")
    at.multiselect(key="filters.topics").select("Karabağ").run()
    switch_to(at, "")
    at.multiselect(key="filters.topics").select("Libya").run()       # was: the blank box replaced the hidden Karabağ
    assert at.multiselect(key="filters.topics").value == ["Karabağ", "Libya"]
    assert banner(at) == "Filters: topic Karabağ or Libya · 5 of 5 articles"
    switch_to(at, "meetings")
    assert at.multiselect(key="filters.topics").value == ["Karabağ", "Libya"]
    assert query(at, "topic") == ["Karabağ", "Libya"]


def test_clear_filters_after_a_page_switch_clears_every_widget(app_env):
    at = opened("", topic="Karabağ", actor="hulusi-akar")
    switch_to(at, "timeline")
    at.button(key="filters.clear").click().run()
    assert widgets(at) == {"topics": [], "actors": [], "from": None, "to": None, "sources": [], "types": []}
    assert banner(at) == "No filters: all 5 articles" and "topic" not in at.query_params
    switch_to(at, "network")
    assert at.multiselect(key="filters.topics").value == [] and banner(at) == "No filters: all 5 articles"


def test_a_topic_from_a_link_missing_from_the_build_is_shown_and_can_be_removed(app_env):
    at = opened("meetings", topic="Atlantis")
    assert at.multiselect(key="filters.topics").value == ["Atlantis"]
    assert banner(at) == "Filters: topic Atlantis · 0 of 5 articles"
    at.multiselect(key="filters.topics").unselect("Atlantis").run()
    assert banner(at) == "No filters: all 5 articles"


def test_a_date_from_a_link_outside_the_articles_is_said_and_left_out(app_env):
    at = opened("timeline", **{"from": "2015-03-01"})         # before every article: it would hide none (#21)
    assert not at.exception
    assert at.date_input(key="filters.from").value is None
    assert banner(at) == "No filters: all 5 articles"
    assert "from=2015" in at.warning[0].value and "outside the articles" in at.warning[0].value
    at = opened("timeline", **{"from": "2020-03-01"})         # inside: kept and shown
    assert at.date_input(key="filters.from").value == dt.date(2020, 3, 1) and not at.warning


def test_the_links_to_the_source_page_keep_the_filters(app_env):
    at = opened("", topic="Karabağ")
    assert all(u.endswith("&topic=Karaba%C4%9F") for u in at.dataframe[0].value["open"])     # the Overview's table
    switch_to(at, "meetings")
    assert at.dataframe[0].value["open"].iat[0].endswith("&topic=Karaba%C4%9F")
    switch_to(at, "timeline")
    at.selectbox(key="timeline.pick").set_value("meeting:001_5fc0002c14bc39d0:m0").run()
    link = at.page_link[0]
    assert link.value == "Open in the source view"
    params = parse_qs(link.proto.query_string)
    assert params["topic"] == ["Karabağ"] and params["sent"] == ["0"]
    at.query_params.clear()                                     # follow the link: its page, its query
    at.query_params.update({k: v[0] for k, v in params.items()})
    switch_to(at, "source")
    assert at.selectbox(key="source.article").value == params["article"][0]
    assert at.multiselect(key="filters.topics").value == ["Karabağ"] and banner(at) == KARABAG
    assert query(at, "topic") == ["Karabağ"]
    fresh = opened("source", **{k: v[0] for k, v in params.items()})     # the same link in a new tab: a new session
    assert fresh.multiselect(key="filters.topics").value == ["Karabağ"] and banner(fresh) == KARABAG
