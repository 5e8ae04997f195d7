"""The dashboard's vectorised paths give what the plain row-by-row versions they replace give.

Each test keeps the plain version as the reference and compares on the seed build's tables
and on rows built to hit the edge cases (no participants, more than three, a repeated one,
a missing element, missing dates and ties).
"""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from newsgraph.views import network as nw
from newsgraph.views.sourceview import meetings_order
from newsgraph.storage.store import with_none
from newsgraph.views.timeline import meeting_label, meeting_labels

NAMES = {"hulusi-akar": "Hulusi Akar", "sergey-soygu": "Sergey Şoygu", "fayiz-es-serrac": "Fayiz es-Serrac",
         "halife-hafter": "Halife Hafter", "sergey-lavrov": "Sergey Lavrov", "empty": ""}
EDGE = with_none(pd.DataFrame({
    "participants": [["hulusi-akar", "sergey-soygu"], None, [], ["fayiz-es-serrac", "halife-hafter", "sergey-lavrov",
                     "hulusi-akar", "sergey-soygu"], ["unknown-id"], ["empty"], ["sergey-lavrov", "hulusi-akar",
                     "sergey-lavrov"], ["hulusi-akar", "sergey-soygu", "halife-hafter", "fayiz-es-serrac"]],
    "type": ["phone_call", "meeting", None, "meeting", "", "visit", "phone_call", None],
    "status": ["held", "planned", None, "planned", "held", None, "planned", "held"],
    "date": ["2020-01-08", None, "2020-01-08", "2020-01", None, "2020-01-08", "2020-01-08", "2019"],
    "sides": [[["hulusi-akar"], ["sergey-soygu"]], None, [], [["fayiz-es-serrac"], ["halife-hafter"],
              ["sergey-lavrov", "hulusi-akar", "halife-hafter"], ["sergey-soygu"]], [["unknown-id"]], [["empty"]],
              [["sergey-lavrov"], ["hulusi-akar"], []], [["hulusi-akar"], ["sergey-soygu", "halife-hafter", "fayiz-es-serrac"]]],
}))


def _sides(sides) -> pa.Array:
    return pa.array([[list(x) for x in ss] if ss is not None else None for ss in sides], pa.list_(pa.list_(pa.string())))


def _flat(participants) -> tuple[pa.Array, np.ndarray, int]:
    col = pa.array([list(p) if p is not None else None for p in participants], pa.list_(pa.string()))
    return pc.list_flatten(col), pc.list_parent_indices(col).to_numpy(zero_copy_only=False), len(col)


def _labels(meetings: pd.DataFrame, names: dict) -> list[str]:
    return meeting_labels(_sides(meetings["sides"]), meetings["type"], meetings["status"], names).to_pylist()


@pytest.mark.parametrize("source", ["seeds", "edge cases"])
def test_meeting_labels_are_meeting_label_of_every_row(source, tables):
    meetings, names = (EDGE, NAMES) if source == "edge cases" else \
        (tables["meetings"], dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"])))
    assert len(meetings)
    want = [meeting_label(p, t, s, names) for p, t, s in zip(meetings["sides"], meetings["type"], meetings["status"])]
    assert _labels(meetings, names) == want


def test_meeting_labels_of_no_rows():
    assert _labels(EDGE.iloc[:0], NAMES) == []


def _plain_order(meetings: pd.DataFrame, names: dict) -> list:
    what = [meeting_label(p, t, s, names) for p, t, s in zip(meetings["sides"], meetings["type"], meetings["status"])]
    key = with_none(pd.DataFrame({"date": meetings["date"].to_numpy(dtype=object), "what": what,
                                  "pos": range(len(meetings))}))
    return key.sort_values(["date", "what"], na_position="last", kind="stable")["pos"].tolist()


@pytest.mark.parametrize("limit", [None, 3])
def test_meetings_order_is_date_then_label_missing_dates_last(limit, tables):
    doubled = pd.concat([EDGE, EDGE], ignore_index=True)          # ties: equal date and label, kept in order
    for meetings, names in ((doubled, NAMES), (tables["meetings"],
                                               dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"])))):
        ordered = meetings_order(meetings, _labels(meetings, names), limit)
        assert ordered.index.tolist() == _plain_order(meetings, names)[:limit]
        assert ordered.iloc[:, 0].tolist() == meetings.iloc[_plain_order(meetings, names)[:limit], 0].tolist()


def _plain_pairs(participants) -> list[tuple[str, str, int]]:
    return [(a, b, row) for row, p in enumerate(participants) if p is not None
            for a, b in combinations(sorted({x for x in p if x is not None}), 2)]


def _side_of(sides) -> dict[str, int]:
    """Each person's side (the first one named on)."""
    out: dict[str, int] = {}
    for i, side in enumerate(sides):
        for p in side:
            out.setdefault(p, i)
    return out


def _plain_side_pairs(all_sides) -> list[tuple[str, str, int]]:
    """Pairs of people on different sides, row by row (the reference of side_pairs)."""
    out = []
    for row, sides in enumerate(all_sides):
        side = _side_of(sides if sides is not None else [])
        out += [(a, b, row) for a, b in combinations(sorted(side), 2) if side[a] != side[b]]
    return out


def test_side_pairs_are_the_pairs_across_sides_of_a_row_in_order(tables):
    rows = list(EDGE["sides"]) + [[["b"], ["a", "c"]], None, [["c"], ["c"]], [["z", "ş"], ["ı"], ["i", "a"]],
                               [["a", "b"], ["b", "c"]], [["q"], ["q", "r"], ["s"]]]   # one named on two sides
    assert list(nw.side_pairs(_sides(rows)).itertuples(index=False, name=None)) == _plain_side_pairs(rows)
    seeds = list(nw.meeting_pairs(tables["meetings"]).itertuples(index=False, name=None))
    assert seeds and seeds == _plain_side_pairs(tables["meetings"]["sides"])
    delegation = tables["meetings"][tables["meetings"]["type"] == "delegation_talks"].iloc[0]
    assert any(len(side) > 1 for side in delegation["sides"])        # one side of several people: not linked inside


def test_list_pairs_are_every_pair_of_distinct_values_of_a_row_in_order(tables):
    rows = list(EDGE["participants"]) + [["b", None, "a"], None, ["c", "c"], ["z", "ş", "ı", "i", "a"]]
    flat, parents, _ = _flat(rows)
    got = nw.list_pairs(flat, parents)
    assert list(got.itertuples(index=False, name=None)) == _plain_pairs(rows)
    assert len(nw.list_pairs(*_flat([None, []])[:2])) == 0 and len(nw.meeting_pairs(EDGE.iloc[:0])) == 0


def test_filter_options_are_the_tables_values(seed_out, tables):
    from newsgraph.views.reader import Reader
    from newsgraph.views.selection import filter_options
    opts = filter_options(Reader(seed_out))
    articles, entities = tables["articles"], tables["entities"]
    dates = articles["published"].dropna().str[:10]
    people = entities[entities["label"] == "PER"].sort_values(["mention_count", "entity_id"], ascending=[False, True])
    assert opts["topics"] == sorted(set(articles["topics"].explode().dropna())) and len(opts["topics"]) >= 2
    assert opts["sources"] == sorted(articles["source"].dropna().unique()) and opts["sources"]
    assert (opts["first"], opts["last"]) == (dates.min()[:4] + "-01-01", dates.max()[:4] + "-12-31")
    assert list(opts["actors"].items()) == list(zip(people["entity_id"], people["name"]))


def _as_lists(v):
    """Arrays (of arrays) as lists, other values as they are."""
    return [_as_lists(x) for x in v] if v is not None and not isinstance(v, (str, int, np.integer)) else v


def test_meetings_are_held_without_text_and_lists_and_with_columns_puts_them_back_by_row(app_env, tables):
    import ui.data as data
    held = data.reader().table("meetings")
    left_out = {"evidence", "trigger", "contact", "participants", "sides", "topics", "sent_idxs"}
    assert not left_out & set(held.columns) and len(held) == len(tables["meetings"])
    cut = held[held["type"] == "phone_call"].iloc[::-1]                  # a cut, in another order
    back = data.reader().with_columns(cut, "meetings")
    truth = tables["meetings"].set_index("meeting_id")
    assert len(back) == len(cut) >= 1 and list(back.index) == list(cut.index)
    for column in left_out:
        want = [truth.at[m, column] for m in back["meeting_id"]]
        want = [_as_lists(v) for v in want]                                                 # arrays as lists
        assert list(back[column]) == want, column
    assert list(data.reader().with_columns(cut, "meetings", ["evidence"]).columns) == [*cut.columns, "evidence"]
    assert data.reader().with_columns(held.iloc[:0], "meetings")["evidence"].tolist() == []


def _plain_meeting_edges(meetings: pd.DataFrame) -> list[tuple[str, str, dict]]:
    """The per-row version meeting_edges replaced: a dict per pair of people on different sides and report."""
    out = []
    for row in meetings.to_dict("records"):
        side = _side_of(row["sides"] if row["sides"] is not None else [])
        attrs = {k: (None if isinstance(row.get(k), float) and row[k] != row[k] else row.get(k))
                 for k in ("type", "status", "date", "meeting_id", "article_id", "location")}
        attrs["sent_idx"] = int(row["sent_idx"])
        out += [(a, b, dict(attrs)) for a, b in combinations(sorted(side), 2) if side[a] != side[b]]
    return out


def _records(medges: pd.DataFrame) -> list[tuple[str, str, dict]]:
    return [(r.pop("a"), r.pop("b"), r) for r in medges.to_dict("records")]


MEETING_ROWS = with_none(EDGE.assign(meeting_id=[f"m{i}" for i in range(len(EDGE))], article_id="a1",
                                     location=[None, "ankara", None, "moskova", None, None, "trablus", float("nan")],
                                     sent_idx=range(len(EDGE))))


def test_meeting_edges_are_a_row_per_pair_and_report_in_table_order(tables):
    for meetings in (MEETING_ROWS, tables["meetings"]):
        assert _records(nw.meeting_edges(meetings)) == _plain_meeting_edges(meetings)
    assert nw.meeting_edges(None).empty and list(nw.meeting_edges(None).columns) == nw.MEETING_EDGE_COLUMNS


def test_meeting_layer_groups_are_the_plain_grouping_of_the_drawn_pairs():
    from collections import Counter
    from newsgraph.present import netfigure as nf
    many = pd.concat([MEETING_ROWS] * 5, ignore_index=True)          # more than six reports of a pair and type
    many = many.assign(meeting_id=[f"m{i}" for i in range(len(many))], sent_idx=range(len(many)))
    medges = nw.meeting_edges(many)
    plain = _plain_meeting_edges(many)
    counts = Counter((a, b) for a, b, _ in plain)
    assert nf.drawn_meeting_pairs(medges) == sorted(counts, key=lambda ab: (-counts[ab], ab))[:nw.MAX_MEETING_PAIRS]
    pos = {"hulusi-akar": (0, 0), "sergey-soygu": (1, 0), "sergey-lavrov": (0, 1)}
    inside = Counter((a, b) for a, b, _ in plain if a in pos and b in pos)
    pairs = nf.drawn_meeting_pairs(medges, pos)
    assert pairs == sorted(inside, key=lambda ab: (-inside[ab], ab))
    grouped: dict[tuple, list] = {}
    for a, b, attrs in plain:
        if (a, b) in set(pairs):
            grouped.setdefault((attrs.get("type") or "meeting", a, b), []).append(attrs)
    got = nf._meeting_groups(medges, set(pairs))
    assert {k: (n, [{c: r[c] for c in attrs} for r in shown]) for k, (n, shown) in got.items()} == \
        {k: (len(v), v[:nf.REPORTS_IN_HOVER]) for k, v in grouped.items()}
    assert any(n > nf.REPORTS_IN_HOVER for n, _ in got.values()) and ("meeting", "hulusi-akar", "sergey-soygu") in got


def test_with_columns_reads_each_left_out_column_once_per_build(app_env, monkeypatch):
    import pyarrow.parquet as pq
    import ui.data as data
    held = data.reader().table("meetings")
    data.reader().with_columns(held, "meetings")             # whatever a test before left in the cache
    reads = []
    real = pq.read_table
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: reads.append(k.get("columns")) or real(*a, **k))
    for _ in range(2):
        data.reader().with_columns(held.head(3), "meetings")
    assert reads == []                                       # all six columns stay cached together


@pytest.mark.parametrize("query", [None, {}, {"topic": ["Libya", "İdlib"]}, {"actor": ["a"], "from": "2020-01-02"},
                                   {"source": ["A&B ?=x"], "type": ["phone_call"]}])
def test_actor_links_are_actor_link_of_each(query):
    from newsgraph.present.links import actor_link, actor_links
    ids = ["hulusi-akar", "sergey-şoygu", "a b&c=d", "çavuşoğlu/ü", "x+y%z", "", "é"]
    assert actor_links(ids, query) == [actor_link(e, query) for e in ids]
