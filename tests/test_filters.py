"""The filter state as a value (#19, filters you can see): the line that says it at the top of every page,
its round trip through a URL, the links that keep it, and what the sidebar widgets must offer to show it;
on the names and tables the pipeline builds from the seed corpus."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit


from newsgraph.present.pages import network as netp, overview as ov, source as sp, timeline as tp
from newsgraph.present.pages import meetings as mp
from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views import selection
from newsgraph.views import timeline as tl
from newsgraph.views.filters import (Filters, banner_text, date_bounds, date_span, from_query, link_params, query_string,
                                     to_query, with_chosen, with_filters)

KARABAG = Filters(topics=("Karabağ",))
EVERY = Filters(topics=("Karabağ",), actors=("hulusi-akar",), meeting_types=("phone_call",),
                date_from="2020-01-01", date_to="2020-12-31")


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


# -- the URL and the links ----------------------------------------------------------------------------
def test_the_filters_round_trip_a_query_string():
    assert query_string(Filters()) == ""
    assert query_string(KARABAG) == "topic=Karaba%C4%9F"
    both = Filters(topics=("Karabağ", "Libya"), actors=("hulusi-akar",), date_from="2020-01-01")
    assert from_query(parse_qs(query_string(both))) == both
    assert from_query(parse_qs(query_string(EVERY))) == EVERY
    assert from_query(to_query(EVERY)) == EVERY


def test_a_link_keeps_the_filters_and_its_own_parameters():
    assert with_filters("./source?article=x", Filters()) == "./source?article=x"
    assert with_filters("./source?article=x&sent=2", KARABAG) == "./source?article=x&sent=2&topic=Karaba%C4%9F"
    assert with_filters("./network", KARABAG) == "./network?topic=Karaba%C4%9F"
    assert with_filters("", KARABAG) == "" and with_filters(None, KARABAG) is None
    opened = parse_qs(urlsplit(with_filters("./source?article=x", EVERY)).query)
    assert opened.pop("article") == ["x"] and from_query(opened) == EVERY
    assert link_params(KARABAG, {"article": "x", "sent": "0"}) == {"article": "x", "sent": "0", "topic": ["Karabağ"]}
    assert link_params(Filters()) == {}


def test_every_page_models_link_to_the_source_keeps_the_filters(reader, names):
    articles, meetings = reader.table("articles"), reader.table("meetings")
    whole = ov.article_table(articles)
    rows = ov.rows_kept(whole, selection.kept_articles(reader, KARABAG), KARABAG)
    assert rows["open"].str.endswith("&topic=Karaba%C4%9F").all() and len(rows) == 1
    assert not whole["open"].str.contains("topic=").any()                     # the shared whole table is unchanged
    assert ov.rows_kept(whole, articles, Filters()) is whole
    one = reader.article(rows["open"].iat[0].split("article=")[1].split("&")[0])
    assert sp.meetings_shown(one, names, KARABAG)["open"].str.endswith("&topic=Karaba%C4%9F").all()
    vis = tp.visible(reader, KARABAG, tuple(tl.KINDS), articles, meetings)
    assert tp.listing(vis, KARABAG)["open"].str.contains(r"\?article=.*&topic=Karaba%C4%9F$").all()
    assert tp.undated_table(reader, vis.head(1), articles, meetings, f=KARABAG)["open"].iat[0].endswith(
        "&topic=Karaba%C4%9F")
    assert tp.source_query({"article_id": "x", "sent_idx": 0}, KARABAG) == \
        {"article": "x", "sent": "0", "topic": ["Karabağ"]}
    assert mp.source_query("x", 3, KARABAG) == {"article": "x", "sent": "3", "topic": ["Karabağ"]}
    net = netp.network(reader, None, meetings, netp.meeting_pairs(reader), "sentence", 1, ("PER",), 150)
    picked = netp.pick_evidence(reader, net, "n:sergey-soygu", None, "sentence", ("PER",), meetings)
    assert netp.evidence_table(reader, picked, f=KARABAG)["open"].str.endswith("&topic=Karaba%C4%9F").all()
    assert not netp.evidence_table(reader, picked)["open"].str.contains("topic=").any()


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
