"""The filter state as a value (#19, filters you can see): the line that says it at the top of every page,
its round trip through a URL, the links that keep it, and what the sidebar widgets must offer to show it;
on the names and tables the pipeline builds from the seed corpus."""
from __future__ import annotations

import pytest

from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views import selection
from newsgraph.views.filters import Filters, banner_text, date_bounds, date_span, with_chosen
from newsgraph.views.reader import Reader

KARABAG = Filters(topics=("Karabağ",))
EVERY = Filters(topics=("Karabağ",), actors=("hulusi-akar",), meeting_types=("phone_call",),
                date_from="2020-01-01", date_to="2020-12-31")


@pytest.fixture(scope="module")
def reader(seed_out) -> Reader:
    return Reader(seed_out)


@pytest.fixture(scope="module")
def names(reader) -> dict[str, str]:
    return reader.entity_names()


def kept(reader, f: Filters) -> int:
    return len(selection.kept_articles(reader, f))


# -- the banner ---------------------------------------------------------------------------------------
def test_the_banner_says_every_filter_in_force_and_how_many_articles_it_keeps(reader, names):
    total = len(reader.table("articles"))
    assert banner_text(Filters(), names, total, total) == "No filters: all 5 articles"
    assert banner_text(Filters(), names, 1, 1) == "No filters: 1 article"
    assert banner_text(KARABAG, names, kept(reader, KARABAG), total) == "Filters: topic Karabağ · 1 of 5 articles"
    assert banner_text(EVERY, names, kept(reader, EVERY), total) == \
        "Filters: topic Karabağ · actor Hulusi Akar · type phone call · 2020-01-01 – 2020-12-31 · 1 of 5 articles"
    libya = Filters(topics=("Karabağ", "Libya"), sources=("DHA",))
    assert banner_text(libya, names, kept(reader, libya), total) == \
        "Filters: topic Karabağ or Libya · source DHA · 1 of 5 articles"
    assert banner_text(Filters(actors=("nobody-known",)), names, 0, total) == \
        "Filters: actor nobody-known · 0 of 5 articles"                       # an id without a name is shown as it is


def test_a_long_list_is_cut_short_in_the_banner_but_not_in_the_description(names):
    people = ("hulusi-akar", "sergey-soygu", "vladimir-putin", "recep-tayyip-erdogan", "sergey-lavrov")
    assert all(p in names for p in people)
    f = Filters(actors=people)
    assert banner_text(f, names, 3, 5) == "Filters: actor Hulusi Akar or Sergey Şoygu or 3 more · 3 of 5 articles"
    assert f.describe(names).count(" or ") == 4                               # captions and exports name them all


def test_a_date_range_in_few_words():
    assert date_span("2020-01-01", "2020-12-31") == "2020-01-01 – 2020-12-31"
    assert date_span("2020-01-01", None) == "from 2020-01-01"
    assert date_span(None, "2020-12-31") == "until 2020-12-31"
    assert date_span(None, None) is None
    assert banner_text(Filters(date_to="2019-12-31"), {}, 0, 5) == "Filters: until 2019-12-31 · 0 of 5 articles"


# -- what the widgets offer ---------------------------------------------------------------------------
def test_a_value_in_force_is_always_among_a_widgets_options(reader):
    topics = sorted({t for ts in reader.table("articles")["topics"] for t in ts})
    assert with_chosen(topics, ("Karabağ",)) == topics                         # offered already: nothing added
    assert with_chosen(topics, ("Atlantis", "Karabağ")) == [*topics, "Atlantis"]
    assert with_chosen(MEETING_TYPES, ()) == list(MEETING_TYPES)


def test_the_date_inputs_bounds_reach_a_date_in_force(reader):
    assert date_bounds("2020-01-01", "2020-12-31", Filters()) == ("2020-01-01", "2020-12-31")
    assert date_bounds("2020-01-01", "2020-12-31", Filters(date_from="2015-03-01", date_to="2020-06-01")) == \
        ("2015-03-01", "2020-12-31")
    assert date_bounds("2020-01-01", "2020-12-31", Filters(date_to="2024-01-01")) == ("2020-01-01", "2024-01-01")
    assert date_bounds(None, None, Filters(date_from="2015-03-01")) == (None, None)           # no dates: no bounds
