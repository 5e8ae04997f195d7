"""A shared link never shows a traceback (#21 item 4): query parameters are read and checked before
they reach a widget; the page says which one was ignored and why, and shows the nearest valid view."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from conftest import SEED_IDS, open_app
from newsgraph.present.pages.source import sentence_note, sentence_number
from newsgraph.views.filters import MAX_PARAM_VALUES, Filters, read_query

SPAN = ("2020-01-01", "2020-12-31")


@pytest.mark.parametrize("params,dates,note", [
    ({"from": "1900-01-01"}, (None, None), "outside the articles' dates"),
    ({"to": "2999-12-31"}, (None, None), "outside the articles' dates"),
    ({"to": "0001-01-01"}, (None, None), "no article is dated before it"),
    ({"from": "2021-06-01"}, (None, None), "no article is dated after it"),
    ({"from": "2020-12-01", "to": "2020-01-01"}, ("2020-01-01", "2020-12-01"), "the two are swapped"),
    ({"from": "now"}, (None, None), "not a date"),
    ({"from": "２０２０-01-01"}, (None, None), "not a date"),
    ({"from": "2020-02-30"}, (None, None), "not a date"),
    ({"from": "2020-03-01", "to": "2020-04-01"}, ("2020-03-01", "2020-04-01"), None),
])
def test_dates_of_a_link_are_checked_against_the_corpus(params, dates, note):
    f, notes = read_query(params, *SPAN)
    assert (f.date_from, f.date_to) == dates
    assert (note in notes[0]) if note else not notes


def test_absurd_values_are_dropped_and_said():
    f, notes = read_query({"topic": ["Libya", "y" * 1000], "actor": [f"a{i}" for i in range(80)]}, *SPAN)
    assert f.topics == ("Libya",) and len(f.actors) == MAX_PARAM_VALUES
    assert any("longer than" in n for n in notes) and any(f"first {MAX_PARAM_VALUES} of 80" in n for n in notes)


@given(st.dictionaries(st.sampled_from(["topic", "actor", "source", "type", "from", "to", "x"]),
                       st.one_of(st.text(max_size=300), st.lists(st.text(max_size=30), max_size=5)), max_size=6))
@settings(max_examples=300, deadline=None)
def test_any_query_gives_filters_and_a_date_range_in_order(params):
    f, notes = read_query(params, *SPAN)
    assert isinstance(f, Filters) and all(isinstance(n, str) for n in notes)
    assert not (f.date_from and f.date_to) or f.date_from <= f.date_to
    assert all(SPAN[0] <= d <= SPAN[1] for d in (f.date_from, f.date_to) if d)


def test_a_sentence_number_is_ascii_digits_within_the_article():
    assert sentence_number("3") == 3 and sentence_number("²") is None and sentence_number("٣") is None
    assert sentence_number("9" * 50) is None and sentence_number("-1") is None
    assert sentence_note("3", 10) is None and sentence_note(None, 10) is None
    assert "not a sentence number" in sentence_note("²", 10) and "has 10 sentences" in sentence_note("10", 10)


@pytest.mark.parametrize("page,params,said", [
    (None, {"from": "1900-01-01"}, "from=1900"), (None, {"to": "2999-12-31"}, "to=2999"),
    ("pages/network.py", {"to": "0001-01-01"}, "to=0001"), ("pages/timeline.py", {"from": "2020-12-01", "to": "2020-01-01"},
                                                             "swapped"),
    ("pages/meetings.py", {"from": "now"}, "from=now"), ("pages/source.py", {"article": SEED_IDS[0], "sent": "²"}, "sent=²"),
    ("pages/source.py", {"article": SEED_IDS[0], "sent": "9" * 500}, "not a sentence number"),
    ("pages/actor.py", {"actor": "z" * 5000}, "longer than"), (None, {"topic": "y" * 100_000}, "longer than"),
])
def test_a_bad_link_opens_the_page_and_says_what_it_ignored(app_env, page, params, said):
    at = open_app(page, **params)
    assert not at.exception, at.exception[0].value
    assert any(said.replace("-", "\\-") in w.value or said in w.value for w in at.warning), [w.value for w in at.warning]
