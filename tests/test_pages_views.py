"""The timeline, meetings and source pages, headless: AppTest through app.py on the seed tables."""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from conftest import SEED_IDS, open_app
from newsgraph.jobs.build import build

PAGES = ("pages/timeline.py", "pages/meetings.py", "pages/source.py")
ID_003 = next(a for a in SEED_IDS if a.startswith("003"))
ID_001 = next(a for a in SEED_IDS if a.startswith("001"))


def open_page(page: str, **params: str) -> AppTest:
    """The app opened on one page, as a link with these query parameters opens it."""
    at = open_app(page, **params)
    assert not at.exception, at.exception
    return at


def html_of(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)


def tags_in(markup: str) -> set[str]:
    parser = Tags()
    parser.feed(markup)
    return parser.tags


@pytest.mark.parametrize("page", PAGES)
def test_page_opens(app_env, page):
    at = open_page(page)
    assert at.title[0].value in {"Timeline", "Meetings", "Source"}


@pytest.mark.parametrize("page", PAGES)
def test_every_sidebar_filter_can_change(app_env, page):
    at = open_page(page, article=ID_001)
    steps = [lambda: at.multiselect(key="filters.topics").select("Libya"),
             lambda: at.multiselect(key="filters.actors").select("hulusi-akar"),
             lambda: at.multiselect(key="filters.sources").select("DHA"),
             lambda: at.multiselect(key="filters.types").select("phone_call"),
             lambda: at.date_input(key="filters.from").set_value(dt.date(2020, 1, 10)),
             lambda: at.date_input(key="filters.to").set_value(dt.date(2020, 1, 20)),
             lambda: at.button(key="filters.clear").click()]
    for step in steps:
        step().run()
        assert not at.exception, at.exception
    assert at.multiselect(key="filters.topics").value == []


def test_timeline_shows_items_and_their_evidence(app_env):
    at = open_page("pages/timeline.py")
    pick = at.selectbox(key="timeline.pick")
    assert "Akar — Şoygu (phone call) · 2020" in pick.options and "Berlin Konferansı · 2020-01-19" in pick.options
    pick.set_value("meeting:001_5fc0002c14bc39d0:m0").run()
    assert at.subheader[0].value == "Akar — Şoygu \\(phone call\\)"
    assert "telefonda görüştü" in html_of(at)
    links = [p.proto.query_string for p in at.get("page_link")]
    assert f"article={ID_001}&sent=0" in links
    keys = {b.key for b in at.get("download_button")}
    assert {"timeline.timelinejs", "timeline.download.html"} <= keys


def test_timeline_empty_state_says_why(app_env):
    at = open_page("pages/timeline.py")
    at.multiselect(key="filters.sources").select("DHA").run()
    at.date_input(key="filters.from").set_value(dt.date(2020, 3, 1)).run()
    at.date_input(key="filters.to").set_value(dt.date(2020, 3, 2)).run()
    assert not at.exception
    assert "source DHA" in at.info[0].value and "dates 2020-03-01 to 2020-03-02" in at.info[0].value


def test_meetings_with_topic_karabag_is_the_akar_soygu_call(app_env):
    at = open_page("pages/meetings.py")
    assert len(at.dataframe[0].value) == 14
    at.multiselect(key="filters.topics").select("Karabağ").run()
    table = at.dataframe[0].value
    assert list(table["what"]) == ["Akar — Şoygu (phone call)"]
    assert table["open"].iat[0].startswith(f"./source?article={ID_001}&sent=0")
    assert parse_qs(urlsplit(table["open"].iat[0]).query)["topic"] == ["Karabağ"]    # the link keeps the filters
    assert at.get("download_button")[0].key == "meetings.csv"
    assert "telefonda görüştü" in table["evidence"].iat[0]                 # its sentence, read for the rows shown


def test_meetings_table_shows_missing_values_as_blanks_not_none(app_env):
    table = open_page("pages/meetings.py").dataframe[0].value
    assert (table["location"] == "").any() and table["location"].notna().all()    # one seed meeting has no place
    assert table["date"].notna().all() and table["precision"].notna().all()


def test_meetings_empty_state_says_why(app_env):
    at = open_page("pages/meetings.py")
    at.multiselect(key="filters.topics").select("Karabağ").run()
    at.multiselect(key="filters.types").select("visit").run()
    assert "topic Karabağ, type visit" in at.info[0].value


def test_source_by_link_shows_the_repaired_text_and_flags(app_env):
    at = open_page("pages/source.py", article=ID_003, sent="2")
    assert at.selectbox(key="source.article").value == ID_003
    body = html_of(at)
    assert "yaratılmış olanlar" in body and "yaratılmıř" not in body      # the repaired text
    assert 'id="sent-2"' in body and "dün başkent" in body
    assert "encoding repaired" in " ".join(m.value for m in at.markdown)
    assert "markup removed" in " ".join(m.value for m in at.markdown)
    assert at.get("download_button")[0].key == "source.raw"


def test_source_select_box_follows_the_url(app_env):
    at = open_page("pages/source.py", article=ID_003)
    at.query_params["article"] = ID_001
    at.run()
    assert at.selectbox(key="source.article").value == ID_001
    at.selectbox(key="source.article").set_value(ID_003).run()
    assert at.query_params["article"] == [ID_003] or at.query_params["article"] == ID_003


def test_source_with_unknown_article_says_so(app_env):
    at = open_page("pages/source.py", article="nosucharticle")
    assert "No article with id “nosucharticle”" in at.error[0].value


def test_source_says_when_the_raw_file_is_gone(app_env, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_RAW", str(tmp_path))
    at = open_page("pages/source.py", article=ID_003)
    assert "no longer in" in at.warning[0].value and not at.get("download_button")


@pytest.fixture()
def script_corpus(tmp_path, monkeypatch):
    """A one-article corpus whose text carries markup, built by the real pipeline."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "xss.txt").write_text(
        "Akar ile Şoygu <script>alert(1)</script> görüştü\n\n"
        "Milli Savunma Bakanı Hulusi Akar, Rusya Savunma Bakanı Sergey Şoygu ile 5 Mart 2020 tarihinde telefonda "
        "görüştü. Açıklamada <script>alert(1)</script> ve <img src=x onerror=alert(1)> ifadeleri yer aldı.\n",
        encoding="utf-8")
    out = tmp_path / "processed"
    build(raw, out, backend="rules", workers=1)
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(out))
    monkeypatch.setenv("NEWSGRAPH_RAW", str(raw))
    return out


def test_source_shows_script_in_an_article_as_text(script_corpus):
    at = open_page("pages/source.py", article="xss")
    body = html_of(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert not {"script", "img"} & tags_in(body)
    assert "<script>" in at.selectbox(key="source.article").format_func("xss")    # a plain-text label
    for page in ("pages/timeline.py", "pages/meetings.py"):
        at = open_page(page)
        assert not {"script", "img"} & tags_in(html_of(at))


def test_timeline_lists_undated_items_beside_the_chart(tmp_path, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "nodate.txt").write_text("Telefon görüşmesi\n\nMilli Savunma Bakanı Hulusi Akar, Rusya Savunma Bakanı "
                                    "Sergey Şoygu ile telefonda görüştü.\n", encoding="utf-8")
    build(raw, tmp_path / "processed", backend="rules", workers=1)
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(tmp_path / "processed"))
    at = open_page("pages/timeline.py")
    assert "**Undated** (2)" in [m.value for m in at.markdown]
    undated = at.dataframe[0].value
    assert set(undated["kind"]) == {"meeting", "published"} and "Akar — Şoygu (phone call)" in set(undated["label"])
    assert undated["open"].str.startswith("./source?article=nodate").all()
