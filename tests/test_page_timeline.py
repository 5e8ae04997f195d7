"""The timeline page above its drawing limit, headless (AppTest through app.py on the seed tables): the
chart counts the items, a bar lists its items, each one click from its source."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from conftest import open_app
import newsgraph.views.timeline as tl
from newsgraph.views import stored


def open_timeline() -> AppTest:
    at = open_app("pages/timeline.py", timeout=60)
    assert not at.exception, at.exception
    return at


@pytest.fixture()
def low_limit(app_env, monkeypatch):
    monkeypatch.setattr(tl, "AGGREGATE_ABOVE", 3)          # the 4 seed items dated to the day are then "many"
    return app_env


def bars(at: AppTest) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return [c for tr in spec["data"] for c in tr.get("customdata") or []]


def test_the_seeds_are_drawn_item_by_item(app_env):
    at = open_timeline()
    ids = bars(at)
    assert "meeting:001_5fc0002c14bc39d0:m0" in ids and not any(c.count("|") == 3 for c in ids if ":" not in c)
    assert not [i for i in at.info if "counts them" in i.value]


def test_above_the_limit_the_chart_counts_and_says_how_to_see_each_item(low_limit):
    at = open_timeline()
    note = next(i.value for i in at.info if "counts them" in i.value)
    assert "23 dated items" in note and "(5 dated to the day)" in note and "per day" in note and "3 or fewer" in note
    keys = bars(at)
    assert keys and all(k.split("|")[3] in ("point", "span") for k in keys)
    assert at.selectbox(key="timeline.pick").options == []              # nothing listed before a click


def test_a_bar_lists_its_items_each_linked_to_its_source(low_limit):
    at = open_timeline()
    bucket = next(k for k in bars(at) if k.startswith("meeting|") and k.endswith("|span"))
    at.session_state["timeline.bucket"] = bucket
    at.run()
    listed = at.dataframe[0].value
    assert len(listed) == len(at.selectbox(key="timeline.pick").options) >= 1
    assert set(listed["kind"]) == {"Meetings"} and listed["open"].str.startswith("./source?article=").all()
    index = stored.read(low_limit.resolve(), "timeline_items")
    first = tl.sort_items(tl.bucket_items(index, bucket))
    assert list(listed["label"]) == list(first["label"])
    at.selectbox(key="timeline.pick").set_value(first["item_id"].iat[0]).run()
    assert not at.exception and at.subheader and at.get("page_link")
    assert at.get("page_link")[0].proto.page.endswith("source")      # one click to the supporting sentence


def test_narrowing_the_dates_brings_back_each_item(low_limit):
    import datetime as dt
    at = open_timeline()
    at.date_input(key="filters.from").set_value(dt.date(2020, 1, 10)).run()
    at.date_input(key="filters.to").set_value(dt.date(2020, 1, 20)).run()
    assert not at.exception and not [i for i in at.info if "counts them" in i.value]      # 2 to the day: drawn
    assert "event:berlin konferansi|2020-01-19" in bars(at)
    assert "Berlin Konferansı · 2020-01-19" in at.selectbox(key="timeline.pick").options
