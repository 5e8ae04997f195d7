"""The Actor page (#20): opened by ?actor=ENTITY_ID or by a pick, its tabs on the seed tables, a node
expanded, and the profile links other pages give; in AppTest and in Chromium."""
from __future__ import annotations

import pytest

from conftest import open_app
from newsgraph.present.links import actor_link, profile_links
from newsgraph.present.pages import meetings as mp, source as sp
from newsgraph.views.reader import Reader

AKAR, SOYGU = "hulusi-akar", "sergey-soygu"


def _no_exception(at) -> None:
    assert not at.exception, at.exception[0].value


def test_a_link_opens_the_profile(app_env):
    at = open_app("pages/actor.py", actor=AKAR)
    _no_exception(at)
    assert at.subheader[0].value == "Hulusi Akar"
    assert at.caption[0].value.startswith("Milli Savunma Bakanı · Türkiye · person from the registry")
    contacts, named, articles, offices = (d.value for d in at.dataframe)     # the tabs in order
    assert any("Akar — Şoygu" in w for w in contacts["what"])
    assert named["profile"].iloc[0] == f"actor?actor={SOYGU}"                  # a contact first
    assert len(articles) == 3 and "Genelkurmay Başkanı" in set(offices["role"])
    assert len(at.get("plotly_chart")) == 1


def test_without_an_actor_the_page_asks_for_one_and_a_pick_sets_the_filter(app_env):
    at = open_app("pages/actor.py")
    _no_exception(at)
    assert "Choose an actor" in at.info[0].value
    at.selectbox(key="actor.pick.()").select(SOYGU).run()
    _no_exception(at)
    assert at.subheader[0].value == "Sergey Şoygu" and at.query_params["actor"] in (SOYGU, [SOYGU])


def test_a_node_expanded_adds_its_neighbours(app_env):
    at = open_app("pages/actor.py", actor=AKAR)
    box = at.multiselect(key=f"actor.expand.{AKAR}")
    before = len(at.get("plotly_chart")[0].proto.spec)
    box.select(box.options[0]).run()
    _no_exception(at)
    assert len(at.get("plotly_chart")[0].proto.spec) >= before


def test_links_to_profiles_keep_the_filters():
    assert actor_link(AKAR, {"topic": ["Karabağ"]}) == "actor?actor=hulusi-akar&topic=Karaba%C4%9F"
    # with an actor filter in force the link still opens this entity's profile (the filtered actors are left out)
    assert actor_link(AKAR, {"actor": ["sergey-lavrov"], "topic": ["Libya"]}) == "actor?actor=hulusi-akar&topic=Libya"
    assert profile_links([AKAR, AKAR, None], {AKAR: "Hulusi Akar"}) == "[Hulusi Akar](actor?actor=hulusi-akar)"


def test_the_meetings_and_source_pages_know_whose_profiles_to_link(seed_out, tables):
    reader = Reader(seed_out)
    m = tables["meetings"]
    call = m[m["contact"] == "hulusi-akar|sergey-soygu"].iloc[0]
    assert set(mp.participant_ids(reader, call)) == {AKAR, SOYGU}
    one = reader.article(call["article_id"])
    assert sp.people_named(one["mentions"])[:2] == [AKAR, SOYGU]
