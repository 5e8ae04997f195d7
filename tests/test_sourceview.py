"""The source view's HTML: exact offsets on every seed, overlaps nested, article text inert."""
from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

from conftest import SEED_IDS
from newsgraph.ingest.segment import paragraph_spans
from newsgraph.views.sourceview import (LABEL_CLASSES, flag_words, meetings_table, raw_file, render_article_html, topics_why,
                                  source_url)

VOID = {"br"}


class Page(HTMLParser):
    """Parses the view: checks nesting, collects the text of each marked span and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: list[str] = []
        self.pieces: dict[tuple[str, str], list[str]] = {}
        self.attrs: dict[tuple[str, str], list[dict]] = {}
        self.paragraphs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.handle_data("\n")
            return
        attrs = dict(attrs)
        if tag == "p":
            self.paragraphs.append("")
        for key in ("data-m", "data-d", "id"):
            if key in attrs:
                self.attrs.setdefault((key, attrs[key]), []).append(attrs)
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data):
        if any(t == "p" for t, _ in self.stack):
            self.paragraphs[-1] += data
        for _, attrs in self.stack:
            for key in ("data-m", "data-d", "id"):
                if key in attrs:
                    self.pieces.setdefault((key, attrs[key]), []).append(data)


def parse(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    page.close()
    assert not page.stack, "unclosed tags"
    return page


def of(table: pd.DataFrame, article_id: str) -> pd.DataFrame:
    return table[table["article_id"] == article_id].reset_index(drop=True)


@pytest.fixture(scope="module")
def names(tables) -> dict[str, str]:
    return dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"]))


def render(tables, names, article_id, sent=None):
    text = of(tables["articles"], article_id)["text"].iat[0]
    markup = render_article_html(text, of(tables["mentions"], article_id), of(tables["dates"], article_id), names,
                                 highlight_sent=sent, sentences=of(tables["sentences"], article_id))
    return text, markup, parse(markup)


@pytest.mark.parametrize("article_id", SEED_IDS)
def test_offsets_are_exact_on_every_seed(tables, names, article_id):
    text, _, page = render(tables, names, article_id)
    mentions, dates = of(tables["mentions"], article_id), of(tables["dates"], article_id)
    assert len(mentions) and all(("data-m", str(i)) in page.pieces for i in range(len(mentions)))
    for i, m in mentions.iterrows():
        assert "".join(page.pieces[("data-m", str(i))]) == text[m["start"]:m["end"]] == m["surface"]
    for i, d in dates.iterrows():
        assert "".join(page.pieces[("data-d", str(i))]) == text[d["start"]:d["end"]]
    assert page.paragraphs == [text[a:b] for a, b in paragraph_spans(text)]     # every character, once, in order


def test_mentions_carry_type_class_and_canonical_name(tables, names):
    aid = next(a for a in SEED_IDS if a.startswith("001"))
    text, _, page = render(tables, names, aid)
    mentions = of(tables["mentions"], aid)
    i = mentions.index[(mentions["surface"] == "Şoygu") & (mentions["suffix"] == "'ya")][0]
    attrs = page.attrs[("data-m", str(i))][0]
    assert attrs["title"] == "Sergey Şoygu" and attrs["data-entity"] == "sergey-soygu"
    assert LABEL_CLASSES["PER"] in attrs["class"].split()
    assert text[mentions.at[i, "end"]:].startswith("'ya")
    loc = mentions.index[mentions["label"] == "LOC"][0]
    assert "ng-loc" in page.attrs[("data-m", str(loc))][0]["class"].split()


def test_dates_are_underlined_with_their_resolved_value(tables, names):
    aid = next(a for a in SEED_IDS if a.startswith("003"))
    _, _, page = render(tables, names, aid)
    dates = of(tables["dates"], aid)
    i = dates.index[dates["surface"] == "19 Ocak"][0]
    attrs = page.attrs[("data-d", str(i))][0]
    assert attrs["class"] == "ng-d"
    assert attrs["title"].startswith("2020-01-19 (day)") and "Berlin Konferansı" in attrs["title"]


def test_the_selected_sentence_is_marked_with_an_anchor(tables, names):
    aid = next(a for a in SEED_IDS if a.startswith("003"))
    _, markup, page = render(tables, names, aid, sent=2)
    sentence = of(tables["sentences"], aid).set_index("sent_idx").at[2, "text"]
    assert "".join(page.pieces[("id", "sent-2")]) == sentence
    assert markup.count('id="sent-2"') == 1 and 'class="ng-s-hl"' in markup


def test_article_markup_is_shown_as_inert_text():
    text = "Akar <script>alert(1)</script> dedi.\n\n<img src=x onerror=alert(1)> & \"tırnak\"\nikinci satır"
    mentions = pd.DataFrame([{"start": 0, "end": 4, "label": "PER", "entity_id": "x"},
                             {"start": 5, "end": 13, "label": "ORG", "entity_id": None}])
    dates = pd.DataFrame([{"start": 9, "end": 20, "value": "2020", "precision": "year", "basis": "explicit"}])
    names = {"x": '"><script>alert(2)</script>'}
    markup = render_article_html(text, mentions, dates, names)
    page = parse(markup)
    assert not {"script", "img"} & set(page.tags)
    assert "<script>" not in markup and "<img" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert page.attrs[("data-m", "0")][0]["title"] == names["x"]        # attribute escaped, value intact
    assert page.paragraphs == ["Akar <script>alert(1)</script> dedi.", "<img src=x onerror=alert(1)> & \"tırnak\"\nikinci satır"]


def test_a_date_overlapping_a_mention_is_split_and_nested():
    text = "Berlin Konferansı 19 Ocak günü"
    mentions = pd.DataFrame([{"start": 0, "end": 17, "label": "MISC", "entity_id": None}])
    dates = pd.DataFrame([{"start": 7, "end": 25, "value": "2020-01-19", "precision": "day"}])
    page = parse(render_article_html(text, mentions, dates, {}))
    assert "".join(page.pieces[("data-m", "0")]) == text[0:17]
    assert "".join(page.pieces[("data-d", "0")]) == text[7:25]
    assert len(page.attrs[("data-d", "0")]) == 2                         # closed and reopened around the mention's end


def test_offsets_outside_the_text_are_ignored():
    mentions = pd.DataFrame([{"start": 3, "end": 99, "label": "PER", "entity_id": None}])
    assert parse(render_article_html("kısa", mentions, None, {})).paragraphs == ["kısa"]


def test_helpers(tables, names, tmp_path):
    assert flag_words(["mojibake_repaired", "markup_removed", "active_content_removed"]) == \
        ["encoding repaired", "markup removed", "active content removed"]
    assert source_url("003_x", 2) == "./source?article=003_x&sent=2" and source_url("a") == "./source?article=a"
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "a.txt").write_text("x")
    assert raw_file(tmp_path / "raw", "a.txt") == (tmp_path / "raw" / "a.txt").resolve()
    assert raw_file(tmp_path / "raw", "../raw/b.txt") is None and raw_file(tmp_path / "raw", "../x") is None
    table = meetings_table(tables["meetings"], tables["articles"], names)
    row = table[table["what"] == "Akar — Şoygu (phone call)"].iloc[0]
    assert row["participants"] == "Hulusi Akar — Sergey Şoygu" and row["type"] == "phone call"     # side after side
    assert row["open"] == f"./source?article={row['article_id']}&sent=0"
    assert row["location"] is None                                # not NaN: it is shown and tested for truth
    assert table["sent_idx"].dtype == "int64" and (table.drop(columns="sent_idx").dtypes == object).all()
    assert not any(isinstance(v, float) for c in table.columns if c != "sent_idx" for v in table[c])   # no NaN anywhere
    assert table.isna().to_numpy().any()                          # there are missing values: they are None
    assert row["topics_why"].startswith("Karabağ: “Ermenistan” (sentence 1)") and row["topic_sents"] == [1]
    assert topics_why([{"topic": "Libya", "term": None, "sent_idx": None}]) == \
        "Libya: the article's topic (its own sentences name none)"


def test_for_display_blanks_missing_text_and_keeps_numbers():
    import pandas as pd
    from newsgraph.views.sourceview import for_display
    frame = pd.DataFrame({"date": pd.Series(["2020-01-12", None], dtype=object), "location": pd.Series([None, "Moskova"], dtype=object),
                          "sent_idx": [3, 4], "score": [0.5, float("nan")]})
    shown = for_display(frame, {"date": "undated"})
    assert list(shown["date"]) == ["2020-01-12", "undated"] and list(shown["location"]) == ["", "Moskova"]
    assert list(shown["sent_idx"]) == [3, 4] and shown["score"].isna().iloc[1]
    assert frame["location"].iloc[0] is None                          # the input is left as it was


def test_for_display_turns_text_columns_into_objects_with_or_without_blanks():
    from newsgraph.views.sourceview import for_display
    frame = pd.DataFrame({"a": pd.Series(["x", None], dtype="str"), "b": pd.Series(["x", "y"], dtype="str"),
                          "c": pd.Series(["x", "y"], dtype=object)})
    shown = for_display(frame)
    assert (shown.dtypes == object).all() and list(shown["a"]) == ["x", ""] and list(shown["b"]) == ["x", "y"]


def test_the_participants_in_arrow_are_the_ones_joined_row_by_row(tables, names):
    """participant_texts (the Meetings page's participants column, in Arrow) against meetings_table's
    own: the seeds' meetings, and sides missing (each participant a side), empty, with an empty side."""
    import pyarrow as pa
    from newsgraph.views.sourceview import participant_texts
    meetings = tables["meetings"]
    sides = [None, [], [[]], [["hulusi-akar"], []], [["hulusi-akar", "x"], ["sergey-soygu"]], None]
    people = [["hulusi-akar", "sergey-soygu"], ["x"], None, ["hulusi-akar"], None, None]
    sides += [s if s is None else [list(side) for side in s] for s in meetings["sides"]]
    people += [p if p is None else list(p) for p in meetings["participants"]]
    frame = pd.DataFrame({"sides": sides, "participants": people, "type": "meeting", "status": "held",
                          "sent_idx": 0, "article_id": "a"})
    got = participant_texts(pa.array(sides, pa.list_(pa.list_(pa.string()))), pa.array(people, pa.list_(pa.string())),
                            names).to_pylist()
    assert got[:6] == ["Hulusi Akar — Sergey Şoygu", "", "", "Hulusi Akar — ", "Hulusi Akar, x — Sergey Şoygu", ""]
    plain = meetings_table(frame, pd.DataFrame({"article_id": ["a"], "title": ["t"]}), names, ordered=True)   # row by row
    assert len(got) > 8 and got == plain["participants"].tolist()


def test_a_meeting_shows_its_articles_first_title_and_links_to_its_sentence(names):
    frame = pd.DataFrame({"sides": [[["hulusi-akar"], ["sergey-soygu"]]] * 3, "type": "meeting", "status": "held",
                          "sent_idx": [0, 4, 2], "article_id": ["a b", "gone", "a b"], "date": ["2020", "2021", None]})
    articles = pd.DataFrame({"article_id": ["x", "a b", "a b"], "title": ["X", "first", "second"]})
    table = meetings_table(frame, articles, names)
    assert list(table["article"]) == ["first", None, "first"]                  # date order; an unknown article: None
    assert list(table["open"]) == ["./source?article=a+b&sent=0", "./source?article=gone&sent=4",
                                   "./source?article=a+b&sent=2"]
