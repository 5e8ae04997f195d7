"""The Network page, headless: AppTest through app.py on the real seed tables."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import open_app

AKAR, SOYGU = "Hulusi Akar", "Sergey Şoygu"


@pytest.fixture()
def page(app_env) -> AppTest:
    at = open_app("pages/network.py")
    assert not at.exception
    return at


def chart(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert charts, "no chart on the page"
    return json.loads(charts[0].proto.spec)


def node_names(at: AppTest) -> set[str]:
    """Names of the drawn nodes, from their hover text (every node has one; small ones may have no label)."""
    return {re.match(r"<b>(.*?)</b>", h).group(1) for tr in chart(at)["data"] if tr.get("mode") == "markers+text"
            for h in tr["hovertext"]}


def trace_names(at: AppTest) -> set[str]:
    return {tr.get("name") for tr in chart(at)["data"]}


def info(at: AppTest) -> str:
    return " ".join(i.value for i in at.info)


def test_page_opens_with_the_seed_network(page):
    assert page.title[0].value.endswith("Network")
    assert {AKAR, SOYGU, "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu", "Fayiz es-Serrac"} <= node_names(page)
    assert {"phone call", "Türkiye (TR)", "Rusya (RU)"} <= trace_names(page)
    metrics = page.dataframe[-1].value
    assert {"name", "degree", "weighted_degree", "betweenness"} <= set(metrics.columns)
    assert AKAR in set(metrics["name"])
    labels = {b.label for b in page.get("download_button")}
    assert {"HTML", "GEXF", "GraphML", "CSV"} <= labels


def test_topic_karabag_draws_akar_and_soygu_only(page):
    page.multiselect(key="filters.topics").set_value(["Karabağ"]).run()
    assert not page.exception
    assert node_names(page) == {AKAR, SOYGU}
    assert "Fayiz es-Serrac" not in node_names(page)


def test_each_control_redraws(page):
    before = chart(page)
    page.button_group(key="network.window").set_value("paragraph").run()
    assert not page.exception and chart(page) != before
    assert "named together (width = paragraphs)" in trace_names(page)
    page.number_input(key="network.min_weight").set_value(3).run()
    assert not page.exception and AKAR in node_names(page) and "Kasım Süleymani" not in node_names(page)
    page.number_input(key="network.min_weight").set_value(1).run()
    page.button_group(key="network.labels").set_value(["PER", "LOC"]).run()
    assert {"Moskova", "Libya"} <= node_names(page)
    page.selectbox(key="network.size_by").set_value("degree").run()
    assert not page.exception
    page.selectbox(key="network.color_by").set_value("community").run()
    assert "community 1" in trace_names(page)
    page.button_group(key="network.links").set_value("co-mentions").run()
    assert "phone call" not in trace_names(page) and "named together (width = paragraphs)" in trace_names(page)
    page.button_group(key="network.links").set_value("contacts").run()
    assert "phone call" in trace_names(page) and not any(n.startswith("named together") for n in trace_names(page))
    page.button_group(key="network.links").set_value("both").run()
    page.button_group(key="network.labels").set_value([]).run()
    assert not page.exception and "choose a kind" in info(page)


def test_each_sidebar_filter_applies(page):
    page.multiselect(key="filters.sources").set_value(["DHA"]).run()
    assert node_names(page) == {"Mevlüt Çavuşoğlu", "Sergey Lavrov", "Recep Tayyip Erdoğan", "Vladimir Putin",
                                "Kasım Süleymani"}
    page.button(key="filters.clear").click().run()
    page.multiselect(key="filters.actors").set_value(["fayiz-es-serrac"]).run()
    assert "Fayiz es-Serrac" in node_names(page) and "Kasım Süleymani" not in node_names(page)
    page.button(key="filters.clear").click().run()
    page.multiselect(key="filters.types").set_value(["phone_call"]).run()
    assert "phone call" in trace_names(page) and "delegation talks" not in trace_names(page)
    page.date_input(key="filters.from").set_value(dt.date(2020, 1, 1)).run()
    page.date_input(key="filters.to").set_value(dt.date(2020, 1, 31)).run()
    assert not page.exception and AKAR in node_names(page)
    page.button(key="filters.clear").click().run()
    assert not page.exception and "Fayiz es-Serrac" in node_names(page)


def test_a_filter_that_keeps_nothing_says_why(page):
    page.multiselect(key="filters.topics").set_value(["Karabağ"]).run()
    page.multiselect(key="filters.sources").set_value(["DHA"]).run()
    assert not page.exception
    assert "No actors to draw: topic Karabağ, source DHA keeps no article." in info(page)
    assert not page.get("plotly_chart")


def test_picking_a_node_lists_its_sentences(page):
    page.selectbox(key="network.pick").set_value("n:sergey-soygu").run()
    assert not page.exception
    rows = page.dataframe[0].value
    assert len(rows) == 4 and rows["sentence"].str.contains("Şoygu").all()
    assert rows["open"].str.match(r"^\./source\?article=\d{3}_[0-9a-f]+&sent=\d+$").all()


def test_picking_a_link_lists_the_call_first(page):
    page.selectbox(key="network.pick").set_value("e:hulusi-akar|sergey-soygu").run()
    rows = page.dataframe[0].value
    assert rows.iloc[0]["why"] == "Hulusi Akar — Sergey Şoygu: phone call, held, 2020"
    assert rows.iloc[0]["title"] == "Türkiye ve Rusya arasında kritik görüşme!"
    page.multiselect(key="filters.sources").set_value(["DHA"]).run()     # the pick is gone: no stale rows
    assert not page.exception and page.selectbox(key="network.pick").value is None
