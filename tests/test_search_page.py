"""The Search page and the sidebar's search box (#20 item 3) on the seed build: results with their
hits marked and linked to the source view, a facet click that becomes a filter, paging, a query
with nothing to search for, and a search started from another page's sidebar."""
from __future__ import annotations

import pandas as pd

from conftest import open_app
from newsgraph.present.pages import search as model
from newsgraph.views.filters import Filters


def ok(at):
    assert not at.exception, at.exception[0].value
    return at


def texts(at) -> list[str]:
    return [m.value for m in at.markdown]


def test_a_link_with_a_query_shows_the_sentences_marked_and_linked(app_env):
    at = ok(open_app("pages/search.py", q="Şoygu", topic="Karabağ"))
    quoted = [t for t in texts(at) if t.startswith("> ")]
    assert quoted and all("**Şoygu**" in t for t in quoted)
    assert any("**Şoygu**'ya" in t for t in quoted)                      # the suffix after the apostrophe
    assert all("&topic=Karaba%C4%9F" in t for t in quoted if "[open](" in t)


def test_a_facet_click_becomes_a_filter(app_env):
    at = ok(open_app("pages/search.py", q="Şoygu"))
    facet = next(b for b in at.button if (b.key or "").startswith("search.facet.topic.Karabağ"))
    facet.click().run()
    ok(at)
    assert at.query_params["topic"] in ("Karabağ", ["Karabağ"]) and at.multiselect(key="filters.topics").value == ["Karabağ"]


def test_pages_of_results(app_env):
    at = ok(open_app("pages/search.py", q="ve"))
    first = [t for t in texts(at) if t.startswith("> ")]
    assert "Sentences 1–20 of" in " ".join(c.value for c in at.caption)
    at.button(key="search.next").click().run()
    ok(at)
    assert "Sentences 21–" in " ".join(c.value for c in at.caption)
    assert [t for t in texts(at) if t.startswith("> ")] != first


def test_nothing_to_search_for_is_said(app_env):
    at = ok(open_app("pages/search.py", q='" ( *'))
    assert "nothing to search for" in at.warning[0].value


def test_the_sidebar_search_box_opens_the_search_page_keeping_the_filters(app_env):
    at = ok(open_app(None, topic="Libya"))
    at.text_input(key="search.sidebar.words").input("ateşkes")
    at.button(key="FormSubmitter:search.sidebar-Search").click().run()
    ok(at)
    assert "Search" in at.title[0].value and at.text_input(key="search.query").value == "ateşkes"
    assert at.query_params["topic"] in ("Libya", ["Libya"])


def test_the_model_escapes_the_text_before_marking_it():
    assert model.marked("a*b Şoygu'ya [x](y)", [(4, 9)]) == "a\\*b **Şoygu**'ya \\[x\\]\\(y\\)"
    rows = pd.DataFrame({"article_id": ["a", "a"], "sent_idx": [0, 3], "text": ["x y", "y z"], "hits": [[(2, 3)], [(0, 1)]],
                         "title": ["T", "T"], "source": [None, None], "published": ["2020", "2020"],
                         "open": ["./source?article=a&sent=0", "./source?article=a&sent=3"]})
    grouped = model.articles(rows, Filters(topics=("Libya",)))
    assert len(grouped) == 1 and grouped[0]["sentences"][1] == ("**y** z", "./source?article=a&sent=3&topic=Libya")
    assert model.pages_note(0, 0, 0) == "No sentence matches."
