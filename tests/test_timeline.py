"""Timeline items, figure and TimelineJS export, from the real seed tables."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from newsgraph.views import stored
from newsgraph.views.filters import Filters, apply_filters
from newsgraph.present.timefigure import MAX_ITEM_ROWS, SCATTERGL_AT, make_count_figure, make_timeline_figure
from newsgraph.views.timeline import (bucket_items, choose_bin, count_items, count_items_plain, detail_items, meeting_label, select_index,
                                should_aggregate, surname, timeline_index, timeline_items, timeline_view,
                                timelinejs_json, visible_items)

DAY_MS = 24 * 3600 * 1000


@pytest.fixture(scope="module")
def names(tables) -> dict[str, str]:
    return dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"]))


@pytest.fixture(scope="module")
def items(tables, names) -> pd.DataFrame:
    return timeline_items(tables["meetings"], tables["dates"], tables["articles"], names, sentences=tables["sentences"])


def one(items: pd.DataFrame, **where) -> pd.Series:
    mask = pd.Series(True, index=items.index)
    for col, value in where.items():
        mask &= items[col] == value
    assert mask.sum() == 1, f"{mask.sum()} items match {where}"
    return items[mask].iloc[0]


def drawn_ids(fig: go.Figure) -> set[str]:
    return {c for tr in fig.data if tr.customdata is not None for c in tr.customdata}


def test_the_akar_soygu_phone_call_is_a_meeting_item(items):
    it = one(items, label="Akar — Şoygu (phone call)")
    assert it["kind"] == "meeting" and it["type"] == "phone_call"
    assert it["article_id"].startswith("001_") and it["sent_idx"] == 0
    assert it["participants"] == ["Hulusi Akar", "Sergey Şoygu"]
    assert it["topic"] == "Karabağ" and "İdlib" in it["topics"]
    assert "telefonda görüştü" in it["evidence"]
    assert "Sergey Şoygu" in it["hover"] and "year only" in it["hover"]
    assert "publication date" in it["hover"]          # how the date was found


def test_a_year_precision_date_is_a_span_over_the_whole_year(items):
    it = one(items, label="Akar — Şoygu (phone call)")
    assert (it["value"], it["precision"]) == ("2020", "year")
    assert (it["start"], it["end"], it["drawn_as"]) == ("2020-01-01", "2020-12-31", "span")
    soci = one(items, kind="event", label="Soçi Mutabakatı")
    assert (soci["start"], soci["end"], soci["drawn_as"]) == ("2018-01-01", "2018-12-31", "span")
    assert soci["topic"] == "İdlib"


def test_a_month_precision_date_spans_the_month(items):
    press = one(items, label="Çavuşoğlu — Lavrov (press conference)", precision="month")
    assert (press["start"], press["end"], press["drawn_as"]) == ("2020-01-01", "2020-01-31", "span")


def test_the_ceasefire_of_seed_004_is_one_event_with_both_sentences(items):
    it = one(items, kind="event", label="Ateşkes (Libya)")
    assert it["value"] == "2020-01-12T00:00" and it["precision"] == "minute"
    assert (it["start"], it["end"], it["drawn_as"]) == ("2020-01-12", "2020-01-12", "point")
    assert it["article_id"].startswith("004_")
    assert [e["sent_idx"] for e in it["evidences"]] == [1, 7]     # reported twice, kept once, both sentences kept
    assert "12 Ocak gece yarısı" in it["evidence"]


def test_berlin_konferansi_from_seed_003(items):
    it = one(items, kind="event", label="Berlin Konferansı")
    assert (it["start"], it["precision"], it["topic"]) == ("2020-01-19", "day", "Libya")
    assert it["article_id"].startswith("003_") and it["sent_idx"] == 6
    assert "19 Ocak" in it["evidence"] and "inferred from other articles" in it["when"]


def test_the_same_event_and_date_in_two_articles_is_one_item(tables, names):
    dates = tables["dates"]
    berlin = dates[dates["event"] == "Berlin Konferansı"]
    twice = pd.concat([dates, berlin.assign(article_id="002_f854da502fdd61b8", sent_idx=4)], ignore_index=True)
    items = timeline_items(tables["meetings"], twice, tables["articles"], names)
    it = one(items, kind="event", label="Berlin Konferansı")
    assert {e["article_id"][:3] for e in it["evidences"]} == {"002", "003"}
    assert "2 article(s)" in it["hover"]
    assert all(e["evidence"] for e in it["evidences"])        # context from the article text without sentences


def test_publication_dates_say_when_they_were_inferred(items):
    pub = items[items["kind"] == "published"]
    assert len(pub) == 5
    inferred = one(items, kind="published", article_id="001_5fc0002c14bc39d0")
    assert inferred["status"] == "inferred" and "Published (inferred)" in inferred["hover"]
    stated = one(items, kind="published", article_id="004_8bd26ca40170c00a")
    assert stated["status"] == "stated" and "(inferred)" not in stated["hover"]


def test_undated_items_are_flagged_and_not_drawn(tables, names):
    meetings = tables["meetings"].copy()
    meetings.loc[meetings.index[0], ["date", "date_precision"]] = None
    articles = tables["articles"].copy()
    articles.loc[articles.index[1], ["published", "published_precision"]] = None
    items = timeline_items(meetings, tables["dates"], articles, names)
    undated = items[items["undated"]]
    assert set(undated["kind"]) == {"meeting", "published"} and len(undated) == 2
    assert undated["start"].isna().all() and undated["drawn_as"].isna().all()
    assert drawn_ids(make_timeline_figure(items)).isdisjoint(undated["item_id"])
    assert not json.dumps(timelinejs_json(items)).count(undated["item_id"].iat[0])


def test_figure_draws_every_dated_item_with_spans_as_bars(items):
    fig = make_timeline_figure(items)
    assert drawn_ids(fig) == set(items.loc[~items["undated"], "item_id"])
    bars = [tr for tr in fig.data if isinstance(tr, go.Bar) and tr.customdata is not None]
    spans = items.set_index("item_id")
    for tr in bars:
        for base, width, item_id in zip(tr.base, tr.x, tr.customdata):
            it = spans.loc[item_id]
            assert it["drawn_as"] == "span" and base == it["start"]
            days = (pd.Timestamp(it["end"]) - pd.Timestamp(it["start"])).days + 1
            assert width == days * DAY_MS                # the whole period, not a point on the 1st
    points = [tr for tr in fig.data if isinstance(tr, go.Scatter) and tr.customdata is not None
              and not any(str(s).endswith("-open") for s in tr.marker.symbol)]
    assert {c for tr in points for c in tr.customdata} == set(items.loc[items["drawn_as"] == "point", "item_id"])
    legend = {tr.name for tr in fig.data if tr.showlegend is not False}
    assert {"Libya", "İdlib", "Karabağ", "phone call", "event"} <= legend


def test_figure_hover_is_escaped(tables, names):
    meetings = tables["meetings"].head(1).assign(evidence="<script>alert(1)</script>")
    items = timeline_items(meetings, tables["dates"].head(0), tables["articles"].head(0), names)
    hover = items["hover"].iat[0]
    assert "<script>" not in hover and "&lt;script&gt;" in hover


def test_figure_scales_to_thousands_of_items(tables, names):
    many = pd.concat([tables["meetings"]] * (SCATTERGL_AT // len(tables["meetings"]) + 1), ignore_index=True)
    many["meeting_id"] = [f"m{i}" for i in range(len(many))]
    days = pd.date_range("2019-01-01", periods=len(many), freq="D").strftime("%Y-%m-%d")
    day = many.index % 3 != 0
    many.loc[day, "date"], many.loc[day, "date_precision"] = days[day], "day"
    items = timeline_items(many, tables["dates"], tables["articles"], names)
    fig = make_timeline_figure(items)
    assert len(items) > MAX_ITEM_ROWS and any(isinstance(tr, go.Scattergl) for tr in fig.data)
    counts = sum(int(t) for tr in fig.data if isinstance(tr, go.Bar) and tr.text is not None for t in tr.text)
    assert counts == (items["drawn_as"] == "span").sum()       # spans summed per row and period
    assert len(fig.layout.yaxis.ticktext) < 12


def test_empty_figure_says_why(items):
    fig = make_timeline_figure(items.head(0), empty_reason="No item for topic Karabağ.")
    assert fig.layout.annotations[0].text == "No item for topic Karabağ."
    undated = items.head(3).assign(undated=True)
    assert "undated" in make_timeline_figure(undated).layout.annotations[0].text


def test_timelinejs_json_has_no_invented_days(items):
    doc = timelinejs_json(items)
    assert set(doc) == {"title", "events"} and doc["title"]["text"]["headline"]
    assert len(doc["events"]) == (~items["undated"]).sum()
    by_id = {e["unique_id"]: e for e in doc["events"]}
    for e in doc["events"]:
        assert {"start_date", "text", "group"} <= set(e) and e["text"]["headline"]
    year = next(e for e in doc["events"] if e["text"]["headline"] == "Akar — Şoygu (phone call)")
    assert year["start_date"] == {"year": "2020"}
    month = next(e for e in doc["events"] if e["text"]["headline"] == "Çavuşoğlu — Lavrov (press conference)")
    assert month["start_date"] == {"year": "2020", "month": "1"}
    ceasefire = next(e for e in doc["events"] if e["text"]["headline"] == "Ateşkes (Libya)")
    assert ceasefire["start_date"] == {"year": "2020", "month": "1", "day": "12", "hour": "0", "minute": "0"}
    assert all("day" not in e["start_date"] for e in doc["events"] if "month" not in e["start_date"])
    assert len(by_id) == len(doc["events"])
    json.dumps(doc)


def test_visible_items_follow_the_date_filter_and_kinds(items):
    january = visible_items(items, Filters(date_from="2020-01-10", date_to="2020-01-20"))
    assert {"Ateşkes (Libya)", "Berlin Konferansı"} <= set(january["label"])
    assert "Soçi Mutabakatı" not in set(january["label"]) and "Mutabakat (İdlib)" not in set(january["label"])
    assert set(visible_items(items, Filters(), ["event"])["kind"]) == {"event"}


def test_labels_use_surnames():
    names = {"fayiz-es-serrac": "Fayiz es-Serrac", "halife-hafter": "Halife Hafter"}
    assert surname("Recep Tayyip Erdoğan") == "Erdoğan"
    assert meeting_label([["fayiz-es-serrac"], ["halife-hafter"]], "meeting", "planned", names) == \
        "Serrac — Hafter (meeting, planned)"
    assert meeting_label([["mevlut-cavusoglu", "hulusi-akar"], ["sergey-lavrov"]], "delegation_talks", "cancelled",
                         {"mevlut-cavusoglu": "Mevlüt Çavuşoğlu", "hulusi-akar": "Hulusi Akar",
                          "sergey-lavrov": "Sergey Lavrov"}) == "Çavuşoğlu, Akar — Lavrov (delegation talks, cancelled)"


# -- the build-time item index, the filters over it, and counting instead of drawing -----------------------

SAME = ["item_id", "kind", "label", "value", "precision", "start", "end", "drawn_as", "undated", "type", "status",
        "topic", "article_id", "sent_idx"]


@pytest.fixture(scope="module")
def index(tables, names) -> pd.DataFrame:
    return timeline_index(tables["meetings"], tables["dates"], tables["articles"], names)


def test_the_index_has_the_rows_of_timeline_items(index, items):
    by_id = lambda f: f[SAME].sort_values("item_id").reset_index(drop=True)     # noqa: E731
    pd.testing.assert_frame_equal(by_id(index), by_id(items))
    events = index[index["kind"] == "event"]
    assert events["articles"].map(len).min() >= 1 and index.loc[index["kind"] != "event", "articles"].isna().all()
    assert {a[:3] for a in events.loc[events["label"] == "Berlin Konferansı", "articles"].iat[0]} == {"003"}


def test_the_index_is_written_with_every_build(seed_out, tables):
    build = seed_out.resolve()
    written = stored.read(build, "timeline_items")
    assert "timeline_items" in stored.VIEWS and len(written) == len(timeline_view(build, tables)) == 23
    assert set(written["item_id"]) == set(timeline_view(build, {})["item_id"])    # also from the files alone


@pytest.mark.parametrize("f,kinds", [
    (Filters(), ("meeting", "event", "published")),
    (Filters(topics=("Karabağ",)), ("meeting", "event", "published")),
    (Filters(topics=("Libya",), meeting_types=("phone_call", "meeting")), ("meeting", "event")),
    (Filters(actors=("hulusi-akar",)), ("meeting", "published")),
    (Filters(sources=("DHA",)), ("meeting", "event", "published")),
    (Filters(date_from="2020-01-10", date_to="2020-01-20"), ("meeting", "event", "published")),
    (Filters(date_from="2021-01-01"), ("meeting", "event", "published")),
])
def test_select_index_keeps_what_the_filtered_tables_would_show(tables, names, index, f, kinds):
    cut = apply_filters(tables, f)
    expected = visible_items(timeline_items(cut["meetings"], cut["dates"], cut["articles"], names,
                                            sentences=cut["sentences"]), f, kinds)
    got = select_index(index, f, kinds, cut["articles"]["article_id"], cut["meetings"]["meeting_id"])
    assert set(got["item_id"]) == set(expected["item_id"])
    full = detail_items(got, cut["meetings"], cut["dates"], cut["articles"], names, cut["sentences"])
    pd.testing.assert_frame_equal(full.sort_values("item_id").reset_index(drop=True),
                                  expected.sort_values("item_id").reset_index(drop=True))


def test_few_items_are_drawn_one_by_one_many_are_counted(index):
    vis = select_index(index, Filters())
    assert (~vis["undated"]).sum() == 23 and not should_aggregate(vis)          # the seeds: every item on its own
    points = (vis["drawn_as"] == "point").sum()
    assert points == 5          # Ateşkes, Berlin Konferansı, Mutabakat, a statement and the meeting it is part of
    assert should_aggregate(vis, limit=4) and not should_aggregate(vis, limit=5)
    assert not should_aggregate(vis[vis["drawn_as"] != "point"], limit=0)      # month/year spans are summed anyway
    assert not should_aggregate(vis.assign(undated=True, drawn_as=None), limit=0)   # undated: listed, not drawn


def test_counts_add_up_and_month_or_year_dates_are_never_put_on_a_day(index):
    vis = select_index(index, Filters())
    for unit in ("day", "week", "month"):
        points, spans = count_items(vis, unit)
        assert points["n"].sum() == (vis["drawn_as"] == "point").sum()
        assert spans["n"].sum() == (vis["drawn_as"] == "span").sum()
        assert set(spans["precision"]) <= {"year", "month"}
        year = spans[spans["precision"] == "year"]
        assert ((year["start"].str[5:] == "01-01") & (year["end"].str[5:] == "12-31")).all()
    weeks, _ = count_items(vis, "week")
    assert (pd.to_datetime(weeks["start"]).dt.day_of_week == 0).all()
    assert (pd.to_datetime(weeks["end"]) - pd.to_datetime(weeks["start"])).dt.days.eq(6).all()
    assert choose_bin(vis) == "day"                 # the seeds' day-precise items: 2020-01-08 … 2020-03-05
    assert choose_bin(vis.assign(drawn_as="point")) == "week"                  # 2018 … 2020
    assert choose_bin(vis.assign(drawn_as="point"), ("2020-01-01", "2020-02-01")) == "day"


def _spread_out(index: pd.DataFrame, copies: int, days: int) -> pd.DataFrame:
    """The dated items `copies` times, the day-precise ones moved back by up to `days` days."""
    many = pd.concat([index[~index["undated"]]] * copies, ignore_index=True)
    shift = pd.to_timedelta(many.index % days, unit="D")
    day = many["drawn_as"] == "point"
    many.loc[day, "start"] = (pd.to_datetime(many.loc[day, "start"]) - shift[day]).dt.strftime("%Y-%m-%d")
    return many


def test_the_counts_are_those_of_the_plain_pandas_counting(index):
    many = _spread_out(index, 40, 700)
    many = many.drop(columns="day")                         # counted from the start then (an index without days)
    many.loc[many.index % 3 == 0, "topic"] = None                                  # "no topic"
    vis = select_index(index, Filters())
    for items in (vis, many, many[many["kind"] == "event"], many[many["drawn_as"] == "span"]):
        for unit in ("day", "week", "month"):
            fast, plain = count_items(items, unit), count_items_plain(items, unit)
            for got, want in zip(fast, plain):
                assert len(got) == len(want)
                if len(want):                                       # (no rows: the columns' types may differ)
                    pd.testing.assert_frame_equal(got.reset_index(drop=True), want.reset_index(drop=True),
                                                  check_dtype=False)
    points, spans = count_items(many, "week")
    assert len(points) > 100 and len(spans) and "no topic" in set(points["topic"])


def test_every_bar_of_the_count_chart_lists_exactly_its_items(index):
    vis = select_index(index, Filters())
    fig = make_count_figure(vis, "month")
    counted: dict[str, int] = {}
    for tr in fig.data:
        values = tr.x if tr.orientation == "h" else tr.y
        for key, n in zip(tr.customdata, tr.text if tr.orientation == "h" else values):
            counted[key] = counted.get(key, 0) + int(n)
    assert sum(counted.values()) == (~vis["undated"]).sum()
    for key, n in counted.items():
        listed = bucket_items(vis, key)
        assert len(listed) == n and listed["article_id"].notna().all()       # each one links to its source
    assert len(fig.data) <= 3 * 4 + 1                                           # traces per kind and topic, not per item
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())   # made unvalidated: the same


def test_the_count_chart_of_fifty_thousand_items_stays_small(index):
    many = _spread_out(index, 2200, 900)
    many["item_id"] = many["item_id"] + "#" + many.index.astype(str)
    assert should_aggregate(many)
    fig = make_count_figure(many, choose_bin(many))
    assert len(fig.to_json()) < 300_000 and len(fig.data) <= 13
    assert json.loads(go.Figure(fig.to_dict()).to_json()) == json.loads(fig.to_json())


def test_a_date_range_sets_the_axis_so_year_spans_do_not_squeeze_the_days(items):
    january = visible_items(items, Filters(date_from="2020-01-10", date_to="2020-01-20"))
    whole = pd.to_datetime(make_timeline_figure(january).layout.xaxis.range)
    cut = pd.to_datetime(make_timeline_figure(january, window=("2020-01-10", "2020-01-20")).layout.xaxis.range)
    assert whole[0] < pd.Timestamp("2019-12-31") and whole[1] > pd.Timestamp("2021-01-01")   # the 2020 spans
    assert cut[0] == pd.Timestamp("2020-01-08") and cut[1] == pd.Timestamp("2020-01-23")


def test_an_interval_spans_from_its_first_day_to_its_last_and_the_vectorised_spans_agree():
    from newsgraph.views.filters import period
    from newsgraph.views.timeline import _spans
    values = ["2020-03-03/2020-03-04", "2019-12-30/2020-01-05", "2020-02", "2020", "2020-01-12T00:00", None, "x"]
    assert period("2020-03-03/2020-03-04") == ("2020-03-03", "2020-03-04")
    assert period("2020-02/2020-03") == ("2020-02-01", "2020-03-31")
    start, end = _spans(pd.Series(values, dtype=object))
    for value, a, b in zip(values, start, end):
        want = period(value)
        assert (a if isinstance(a, str) else None, b if isinstance(b, str) else None) == (want or (None, None)), value


def test_the_axis_opens_where_the_contacts_are_not_on_an_event_recalled_from_years_before(items):
    """The seeds' contacts are all in 2020; 'Soçi Mutabakatı' (2018) is recalled in one of them. The
    chart opens on 2020 and says one item lies before the view."""
    from newsgraph.present.timefigure import off_axis, x_range
    drawn = items[~items["undated"]]
    lo, hi = x_range(drawn)
    assert lo.year == 2019 and lo.month == 12 and hi.year == 2021 and hi.month == 1      # 2020, with a margin
    assert off_axis(drawn, lo, hi) == (1, 0)
    fig = make_timeline_figure(items)
    assert any("1 item(s) before this view" in a.text for a in fig.layout.annotations)
    only_events = drawn[drawn["kind"] == "event"]
    assert x_range(only_events)[0].year == 2017                  # nothing else to open on: every item counts


def _plain_x_range(drawn, window=(None, None)):
    """x_range as it was written first (row cuts of the frame, each date parsed): the reference."""
    days = lambda v: pd.to_datetime(v, format="ISO8601")                                      # noqa: E731
    core = drawn[drawn["kind"] != "event"] if (drawn["kind"] != "event").any() else drawn
    starts, ends = days(core["start"]), days(core["end"])
    reach = max((ends.max() - starts.min()) * 0.1, pd.Timedelta(days=45))
    events = drawn[drawn["kind"] == "event"] if len(core) < len(drawn) else drawn.iloc[:0]
    ev_starts, ev_ends = days(events["start"]), days(events["end"])
    near = (ev_ends >= starts.min() - reach) & (ev_starts <= ends.max() + reach)
    lo = min(starts.min(), ev_starts[near].min()) if near.any() else starts.min()
    hi = max(ends.max(), ev_ends[near].max()) if near.any() else ends.max()
    lo, hi = lo - pd.Timedelta(days=20), hi + pd.Timedelta(days=20)
    if window[0]:
        lo = max(lo, pd.Timestamp(window[0]) - pd.Timedelta(days=2))
    if window[1]:
        hi = min(hi, pd.Timestamp(window[1]) + pd.Timedelta(days=3))
    return [lo, hi]


def test_the_axis_on_arrays_is_the_plain_one(items):
    """x_range (the kind, start and end as arrays, each distinct date parsed once) opens where the plain
    version does: the seeds, their events alone, windows, and random items with events near and far."""
    from newsgraph.present.timefigure import x_range
    rng = np.random.default_rng(7)
    drawn = items[~items["undated"]]
    n = 400
    start = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 3000, n), unit="D")
    end = start + pd.to_timedelta(rng.integers(0, 400, n) * (rng.random(n) < 0.3), unit="D")
    made = pd.DataFrame({"kind": rng.choice(["meeting", "event", "published"], n, p=[0.3, 0.5, 0.2]),
                         "start": start.strftime("%Y-%m-%d"), "end": end.strftime("%Y-%m-%d")})
    cases = [drawn, drawn[drawn["kind"] == "event"], drawn[drawn["kind"] != "event"], made,
             made[made["kind"] == "event"], made.head(3), made[made["kind"] != "published"].head(40)]
    for frame in cases:
        for window in [(None, None), ("2020-01-10", "2020-01-20"), ("2016-05-01", None), (None, "2017-02-03")]:
            assert x_range(frame, window) == _plain_x_range(frame, window)
