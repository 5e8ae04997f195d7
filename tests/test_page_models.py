"""The pure reader and the page models (what each page shows, without Streamlit), on the real tables
the pipeline builds from the seed corpus."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import SEED_IDS
from newsgraph.jobs.upload import BuildJob, Incoming, outcome_table, submit, upload_types
from newsgraph.present.pages import meetings as mp, network as netp, overview as ov, source as sp, timeline as tp
from newsgraph.views import network as nw
from newsgraph.views import selection
from newsgraph.views import timeline as tl
from newsgraph.views.filters import Filters, apply_filters, has_any
from newsgraph.views.reader import WITHOUT, missing_reason

AKAR, SOYGU = "hulusi-akar", "sergey-soygu"
ID_001 = next(a for a in SEED_IDS if a.startswith("001"))
ID_003 = next(a for a in SEED_IDS if a.startswith("003"))
KARABAG = Filters(topics=("Karabağ",))


# -- the reader ----------------------------------------------------------------------------------
def test_the_reader_holds_tables_without_text_and_lists_and_puts_them_back(reader, tables):
    for name in ("articles", "meetings", "entities", "dates"):
        held = reader.table(name)
        assert len(held) == len(tables[name]) and not WITHOUT.get(name, set()) & set(held.columns)
    cut = reader.table("meetings").iloc[::-3]
    back = reader.with_columns(cut, "meetings", ["evidence", "participants"])
    truth = tables["meetings"].set_index("meeting_id")
    assert list(back["evidence"]) == [truth.at[m, "evidence"] for m in back["meeting_id"]]
    assert [list(p) for p in back["participants"]] == [list(truth.at[m, "participants"]) for m in back["meeting_id"]]


def test_the_reader_reads_rows_articles_views_and_counts(reader, tables):
    rows = reader.rows("mentions", "article_id", [ID_003], ["article_id", "sent_idx", "entity_id"])
    assert len(rows) == int((tables["mentions"]["article_id"] == ID_003).sum()) and set(rows["article_id"]) == {ID_003}
    assert list(reader.rows("dates", "article_id", []).columns) == list(tables["dates"].columns)
    one = reader.article(ID_003)
    assert one["articles"]["text"].iat[0] == tables["articles"].set_index("article_id").at[ID_003, "text"]
    s = tables["sentences"][tables["sentences"]["article_id"] == ID_003]
    assert list(one["sentences"]["text"]) == list(s["text"])
    texts = reader.sentence_texts([(ID_001, 2), (ID_001, 0)])
    assert list(texts["sent_idx"]) == [2, 0] and texts["text"].notna().all()
    assert len(reader.view("article_entities")) > 0
    assert reader.row_count("meetings") == len(tables["meetings"]) == 14
    assert reader.manifest()["backend"] == "rules" and "inputs" not in reader.manifest()


def test_the_list_index_finds_what_has_any_finds(reader, tables):
    flat, parents, n = reader.list_index("articles", "topics")
    assert n == len(tables["articles"]) and len(flat) == len(parents)
    any_of = reader.any_of("articles")
    frame = reader.table("articles").iloc[1:]
    rows = np.arange(len(frame))
    assert list(any_of(frame, "topics", rows, ("Karabağ",))) == \
        list(has_any(tables["articles"]["topics"].iloc[1:], ("Karabağ",)))


def test_missing_tables_are_explained(tmp_path):
    assert missing_reason(tmp_path / "none") == "No processed tables yet."


# -- the sidebar's selection ---------------------------------------------------------------------
@pytest.mark.parametrize("f", [Filters(), KARABAG, Filters(actors=(AKAR,)), Filters(sources=("DHA",)),
                               Filters(meeting_types=("phone_call",), date_from="2020-01-01")], ids=repr)
def test_the_cut_tables_are_what_apply_filters_keeps(reader, tables, f):
    kept = selection.kept_articles(reader, f)
    ids = None if f.is_empty() else frozenset(kept["article_id"])
    cut = selection.cut_tables(reader, f, ("articles", "meetings", "dates"), kept, ids)
    want = apply_filters(tables, f)
    for name in ("articles", "meetings", "dates"):
        key = "meeting_id" if name == "meetings" else "article_id"
        assert list(cut[name][key]) == list(want[name][key]), name


def test_a_chosen_actor_stays_offered_beyond_the_most_named():
    names = {f"p{i}": f"P {i}" for i in range(10)}
    assert selection.actor_options(names, ["p9", "p1"], limit=3) == ["p0", "p1", "p2", "p9"]


# -- the overview -----------------------------------------------------------------------------------
def test_the_overview_table_and_its_numbers(reader):
    articles = reader.table("articles")
    assert ov.date_span(articles) == "2020" and ov.source_count(articles) == 3
    assert ov.date_span(articles.iloc[:0]) == "—"
    assert ov.date_span(articles.assign(published=["2019-05", None, "2021", None, None])) == "2019–2021"
    whole = ov.article_table(articles)
    assert list(whole.columns) == ["title", "open", "source", "url", "published", "topics", "flags"]
    assert (whole["url"] == "").all()                            # the seeds were given no web address
    given = ov.article_table(articles.assign(url=["https://www.aa.com.tr/tr/x", None, None, None, None]))
    assert given["url"].tolist()[:2] == ["https://www.aa.com.tr/tr/x", ""]
    assert (whole["source"] == "").sum() == 2 and "markup removed, mojibake repaired" in set(whole["flags"])
    kept = selection.kept_articles(reader, KARABAG)
    assert list(ov.rows_kept(whole, kept)["title"]) == ["Türkiye ve Rusya arasında kritik görüşme!"]
    assert ov.rows_kept(whole, articles) is whole and ov.problems_table(reader.manifest()) is None


# -- the network ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def network(reader):
    meetings = reader.table("meetings")
    return netp.network(reader, None, meetings, netp.meeting_pairs(reader), "sentence", 1, ("PER",), 150)


def test_a_picked_node_lists_the_sentences_naming_it(reader, network, tables):
    rows = netp.pick_evidence(reader, network, f"n:{SOYGU}", None, "sentence", ("PER",), reader.table("meetings"))
    m = tables["mentions"]
    naming = m[m["entity_id"] == SOYGU][["article_id", "sent_idx"]].drop_duplicates()
    assert set(zip(rows["article_id"], rows["sent_idx"])) == set(zip(naming["article_id"], naming["sent_idx"]))
    shown = netp.evidence_table(reader, rows, limit=2)
    assert len(shown) == 2 and shown["sentence"].str.contains("Şoygu").all()
    assert netp.evidence_note(rows, limit=2) == f"{len(rows)} supporting sentence(s), first 2 shown"


def test_a_picked_link_lists_its_call_then_the_sentences_of_the_full_graph(reader, network, tables):
    rows = netp.pick_evidence(reader, network, f"e:{AKAR}|{SOYGU}", None, "sentence", ("PER",),
                              reader.table("meetings"))
    assert rows.iloc[0]["why"] == "Hulusi Akar — Sergey Şoygu: phone call, held, 2020"
    full = nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], "sentence")
    keys, contacts = list(zip(rows["article_id"], rows["sent_idx"])), int((rows["why"] != "named together").sum())
    assert (rows["why"].iloc[:contacts] != "named together").all()                 # the contacts first
    assert keys[contacts:] == [k for k in full.edges[AKAR, SOYGU]["evidence"] if k not in keys[:contacts]]
    both = netp.meetings_between(reader, reader.table("meetings"), AKAR, SOYGU)
    assert {"phone_call", "delegation_talks"} <= set(both["type"]) and len(both) == contacts


def test_the_graph_files_hold_the_evidence_of_the_kept_articles(reader, network, tables):
    G = netp.full_graph(reader, network, None, "sentence", 1, ("PER",))
    assert set(G) == set(network.graph) and G.edges[AKAR, SOYGU]["evidence"]
    kept = frozenset(selection.kept_articles(reader, KARABAG)["article_id"])
    small = netp.full_graph(reader, network, kept, "sentence", 1, ("PER",))
    assert {a for _, _, ev in small.edges(data="evidence") for a, _ in ev} <= kept
    assert netp.drawing_note(network) is None and netp.metrics_note(network) is None


def test_a_click_picks_a_node_or_a_link():
    assert netp.clicked([{"customdata": None}, {"customdata": ["m:a|b"]}]) == "e:a|b"
    assert netp.clicked([{"customdata": "x"}]) is None


# -- the timeline -----------------------------------------------------------------------------------
def test_the_timeline_draws_the_seed_items_one_by_one_and_lists_none_undated(reader, names):
    articles, meetings = reader.table("articles"), reader.table("meetings")
    vis = tp.visible(reader, Filters(), tuple(tl.KINDS), articles, meetings)
    drawn = tp.drawing(reader, vis, Filters(), tl.AGGREGATE_ABOVE, articles, meetings, names)
    assert drawn.unit is None and len(drawn.items) == len(vis) == 23 and drawn.figure.data
    labels = tp.pick_labels(drawn.items, vis[vis["undated"]])
    assert labels["meeting:001_5fc0002c14bc39d0:m0"] == "Akar — Şoygu (phone call) · 2020"
    it = tp.picked(reader, "meeting:001_5fc0002c14bc39d0:m0", vis, drawn.detailed, articles, meetings, names)
    assert "telefonda görüştü" in it["evidences"][0]["evidence"]
    assert tp.source_query(it["evidences"][0]) == {"article": ID_001, "sent": "0"}
    events = json.loads(tp.timelinejs(reader, vis, drawn.detailed, articles, meetings, names))["events"]
    assert len(events) == len(vis)


def test_above_the_limit_the_timeline_counts_and_a_bar_lists_its_items(reader, names):
    articles, meetings = reader.table("articles"), reader.table("meetings")
    vis = tp.visible(reader, Filters(), tuple(tl.KINDS), articles, meetings)
    drawn = tp.drawing(reader, vis, Filters(), 3, articles, meetings, names)
    assert drawn.items is None and drawn.unit == "day"
    assert "23 dated items** (5 dated to the day)" in tp.count_note(vis, drawn.unit, 3)
    bar = next(c for tr in drawn.figure.data for c in (tr.customdata or ()) if c.endswith("|span"))
    assert tp.is_bar(bar) and not tp.is_bar("event:berlin konferansi|2020-01-19")
    items = tp.bar_items(vis, bar)
    assert len(items) >= 1 and tp.bar_title(bar, len(items)).startswith(f"**{len(items)} ")
    listing = tp.listing(items)
    assert listing["open"].str.startswith("./source?article=").all() and tp.bar_items(vis, None).empty


def test_undated_items_are_listed_with_what_they_rest_on(reader, names):
    vis = pd.DataFrame({"item_id": ["meeting:x"], "kind": ["meeting"], "label": ["Akar — Şoygu"], "key": ["nope"],
                        "article_id": [ID_001], "sent_idx": [0.0], "value": [None], "undated": [True]})
    table = tp.undated_table(reader, vis, reader.table("articles"), reader.table("meetings"))
    assert list(table.columns) == ["label", "kind", "evidence", "open"] and table["open"].iat[0].endswith("&sent=0")


# -- the meetings -----------------------------------------------------------------------------------
def test_the_meetings_table_links_keep_the_filters_and_a_row_has_its_evidence(reader, names):
    titles = reader.table("articles", ["article_id", "title"])
    f = KARABAG
    kept = selection.kept_articles(reader, f)
    meetings = selection.cut_tables(reader, f, ("meetings",), kept, frozenset(kept["article_id"]))["meetings"]
    full = mp.table(reader, meetings, titles, names)
    shown = mp.display(full, f)
    assert list(shown["what"]) == ["Akar — Şoygu (phone call)"] and shown["open"].iat[0].endswith("&topic=Karaba%C4%9F")
    row = mp.with_detail(reader, shown.iloc[0])         # as the page shows a selected row
    assert "telefonda görüştü" in " ".join(mp.evidence(reader, row)["text"])
    assert mp.detail_line(row).startswith("2020 (year) · phone call · held")
    n, others = mp.other_reports(reader, row, names)
    assert n == len(others) == 0 and mp.others_note(n) == "**Other reports of this contact** (0)"
    csv = mp.csv(reader, meetings, titles, names).decode("utf-8-sig")
    assert csv.splitlines()[0].split(",") == mp.CSV_COLUMNS
    assert mp.shown_note(5001).startswith("5001 reported contacts; the earliest 5000")


def test_the_meetings_table_keeps_the_first_rows_in_date_order(reader, names):
    titles = reader.table("articles", ["article_id", "title"])
    full = mp.table(reader, reader.table("meetings"), titles, names, limit=3)
    everything = mp.table(reader, reader.table("meetings"), titles, names)
    assert len(full) == 3 and list(full["meeting_id"]) == list(everything["meeting_id"][:3])


def test_the_meetings_table_with_the_held_labels_is_the_one_that_works_them_out(reader, names):
    """The page gives meetings_table the labels it holds (timeline.meeting_labels); the plain version works
    them out row by row (meeting_label): the same table."""
    from newsgraph.views.sourceview import LISTED_COLUMNS, meetings_order, meetings_table
    titles = reader.table("articles", ["article_id", "title"])
    held, labels = reader.table("meetings"), mp.labels_of(reader, reader.table("meetings"), names)
    given = mp.table(reader, held, titles, names)
    plain = meetings_table(reader.with_columns(meetings_order(held, labels), "meetings"), titles, names)
    assert len(given) > 3 and given["what"].str.contains(" — ").any()
    pd.testing.assert_frame_equal(given, plain[LISTED_COLUMNS])


def test_a_selected_row_gets_the_detail_the_full_table_has(reader, names):
    """The listed table leaves out what only a selected row shows (every sentence of the report, why it
    has its topics); `with_detail` reads it for that row: the row of the table made with every column."""
    from newsgraph.views.sourceview import DETAIL_COLUMNS, MEETING_COLUMNS, meetings_order, meetings_table
    titles = reader.table("articles", ["article_id", "title"])
    held, labels = reader.table("meetings"), mp.labels_of(reader, reader.table("meetings"), names)
    listed = mp.table(reader, held, titles, names)
    plain = meetings_table(reader.with_columns(meetings_order(held, labels), "meetings"), titles, names)
    assert not set(DETAIL_COLUMNS) & set(listed.columns)
    assert any(plain["topics_why"]) and any(len(x) > 1 for x in plain["sent_idxs"])
    for i in range(len(listed)):
        row = mp.with_detail(reader, listed.iloc[i])
        assert row[MEETING_COLUMNS].to_dict() == plain.iloc[i][MEETING_COLUMNS].to_dict()


# -- the source -------------------------------------------------------------------------------------
def test_the_source_offers_the_linked_article_and_shows_its_heading(reader, names, monkeypatch, tmp_path):
    titles = sp.titles(reader)
    kept = reader.table("articles")["article_id"]
    assert sp.options(kept.iloc[:1], ID_003, titles) == [kept.iat[0], ID_003]
    assert sp.options(kept, "nosuch", titles) == list(kept) and sp.listing_help(len(kept)) is None
    assert sp.listing_help(1001).startswith("Listing the first 1000 of 1001")
    assert sp.sentence_number("3") == 3 and sp.sentence_number("x") is None
    one = reader.article(ID_003)
    art = one["articles"].iloc[0]
    title, line = sp.heading(art, ID_003)
    assert title and "\\(inferred\\)" in line                                    # markdown-escaped
    assert "↗" not in line                                                        # no web address given
    given = art.copy()
    given["url"] = "https://aa.com.tr/tr/a (1)"                                  # as metadata.csv or an upload gives it
    assert sp.heading(given, ID_003)[1].endswith("[aa\\.com\\.tr ↗](https://aa.com.tr/tr/a%20%281%29)")
    assert sp.url_link("javascript:alert(1)") == "" and sp.url_link(None) == ""
    assert "encoding repaired" in sp.badges(art) and "dün başkent" in sp.sentence_text(one["sentences"], 2)
    assert sp.raw_path(art) is not None and list(sp.dates_shown(one["dates"]).columns) == sp.DATE_COLUMNS
    monkeypatch.setenv("NEWSGRAPH_RAW", str(tmp_path))
    assert sp.raw_path(art) is None and "no longer in" in sp.raw_missing(art, ID_003)


# -- adding articles --------------------------------------------------------------------------------
def test_an_upload_is_checked_then_saved_then_built(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    assert upload_types()[-1] == "zip" and "txt" in upload_types()
    text = "Başlık\n\nHulusi Akar, Sergey Şoygu ile telefonda görüştü.\n".encode()
    report, level, message = submit([Incoming("a.txt", text)], {"url": "javascript:x"}, raw, has_tables=True)
    assert report is None and level == "error" and message.startswith("Nothing was added")
    assert submit([], {}, raw, has_tables=True)[1:] == ("warning", "Choose at least one file to add.")
    report, level, _ = submit([Incoming("a.txt", text)], {}, raw, has_tables=True)
    assert len(report.saved) == 1 and level is None                       # saved: to build now
    report, level, message = submit([Incoming("b.txt", text)], {}, raw, has_tables=True)
    assert (level, message) == ("info", "Nothing new: tables unchanged.")
    assert list(outcome_table(report)["result"]) == ["skipped"]
    job = BuildJob(raw, tmp_path / "processed")
    job.join(120)
    assert job.outcome()[0] == "success" and job.summary().startswith("Built 1 articles") and job.fraction == 1.0


def test_the_first_rows_are_those_of_the_whole_table_for_every_limit(reader, names):
    """The table labels only the rows that can be among its first `limit` (sourceview.date_candidates):
    for every limit, its rows are the first of the table of every row ordered with every label."""
    from newsgraph.views.sourceview import LISTED_COLUMNS, meetings_order, meetings_table
    titles = reader.table("articles", ["article_id", "title"])
    held = reader.table("meetings")
    plain = meetings_table(reader.with_columns(meetings_order(held, mp.labels_of(reader, reader.table("meetings"), names)), "meetings"),
                           titles, names)[LISTED_COLUMNS]
    assert plain["date"].duplicated().any()                                      # ties on a date
    for limit in range(1, len(held) + 1):
        pd.testing.assert_frame_equal(mp.table(reader, held, titles, names, limit=limit), plain.head(limit))


def test_the_date_candidates_give_meetings_order_its_first_rows():
    """Ties on the limit-th date all kept (the label decides among them), undated rows only when fewer
    than `limit` are dated, the rows' order kept."""
    import pyarrow as pa
    from newsgraph.views.sourceview import date_candidates, meetings_order
    dates = ["2020-02", None, "2020-01", "2020-01-05", "2020-01", "2019", None, "2020-01"]
    what = ["b", "a", "z", "c", "a", "d", "b", "m"]
    frame = pd.DataFrame({"date": pd.Series(dates, index=[10, 3, 7, 1, 0, 5, 2, 9], dtype=object)})
    by_row = dict(zip(frame.index, what))
    for limit in range(1, len(frame) + 2):
        near = date_candidates(frame, limit)
        assert list(near.index) == [i for i in frame.index if i in set(near.index)]
        want = meetings_order(frame, pa.array(what), limit)
        got = meetings_order(near, pa.array([by_row[i] for i in near.index]), limit)
        assert list(got.index) == list(want.index), limit
    assert list(date_candidates(frame, 3).index) == [7, 0, 5, 9]                      # 2019 and every 2020-01


def test_a_meeting_without_sides_lists_its_participants(reader, names):
    """The table reads the participants only when a listed meeting has no sides: each one a side of its own,
    as the plain table gives them."""
    import pyarrow as pa
    from newsgraph.views.reader import Reader
    from newsgraph.views.sourceview import meetings_order, meetings_table

    class NoSides(Reader):                               # the first meeting's sides missing (an older build)
        def column(self, name, column):
            col = super().column(name, column)
            if column != "sides":
                return col
            return pa.array([None] + col.to_pylist()[1:], col.type)

    r = NoSides(reader.key)
    titles, held = r.table("articles", ["article_id", "title"]), r.table("meetings")
    given = mp.table(r, held, titles, names)
    plain = meetings_table(r.with_columns(meetings_order(held, mp.labels_of(r, held, names)), "meetings"), titles, names)
    first = given["meeting_id"] == held["meeting_id"].iat[0]
    assert given.loc[first, "participants"].iat[0].count(" — ") >= 1               # its participants, side by side
    assert dict(zip(given["meeting_id"], given["participants"])) == dict(zip(plain["meeting_id"], plain["participants"]))
