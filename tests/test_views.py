"""The dashboard's views (newsgraph/views/stored.py) on the real seed build: each agrees with the tables
it summarises, and the network drawn from them is the one build_network draws from the tables."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from newsgraph.views import network as nw
from newsgraph.storage import store
from newsgraph.views import stored
from newsgraph.views.filters import Filters, apply_filters

AKAR, SOYGU = "hulusi-akar", "sergey-soygu"


@pytest.fixture(scope="module")
def built(seed_out):
    build = store.current_dir(seed_out)
    return {name: stored.read(build, name) for name in
            ("entity_sentences", "article_entities", "sentence_pairs")}


def _linked(tables) -> pd.DataFrame:
    m = tables["mentions"]
    return m[m["entity_id"].notna()]


def test_views_are_written_with_the_build(seed_out, built):
    for name, frame in built.items():
        assert stored.path(store.current_dir(seed_out), name).exists() and len(frame) > 0
        assert isinstance(frame["article_id"].dtype, pd.CategoricalDtype)


def test_views_are_pure_functions_of_the_build(seed_out, built):
    build = store.current_dir(seed_out)
    for name, frame in built.items():
        again = stored.VIEWS[name](build, {})
        pd.testing.assert_frame_equal(frame.astype(str).reset_index(drop=True), again.astype(str).reset_index(drop=True))


def test_entity_sentences_match_the_mentions(tables, built):
    m = _linked(tables)
    es = built["entity_sentences"].astype({"article_id": object, "entity_id": object, "label": object})
    expected = m.groupby(["article_id", "sent_idx", "entity_id", "label"]).size()
    got = es.set_index(["article_id", "sent_idx", "entity_id", "label"])["n"]
    assert dict(got) == {k: int(v) for k, v in expected.items()}
    s = tables["sentences"].set_index(["article_id", "sent_idx"])["paragraph_idx"]
    assert all(s[(a, i)] == p for a, i, p in zip(es["article_id"], es["sent_idx"], es["paragraph_idx"]))


def test_article_entities_count_mentions_and_first_sentence(tables, built):
    m = _linked(tables)
    ae = built["article_entities"].astype({"article_id": object, "entity_id": object, "label": object})
    a001 = next(a for a in tables["articles"]["article_id"] if a.startswith("001"))
    row = ae[(ae["article_id"] == a001) & (ae["entity_id"] == SOYGU)].iloc[0]
    mine = m[(m["article_id"] == a001) & (m["entity_id"] == SOYGU)]
    assert row["mentions"] == len(mine) and row["first_sent"] == mine["sent_idx"].min()
    assert ae["mentions"].sum() == len(m)


def test_sentence_pairs_are_the_sentence_links(tables, built):
    G = nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], "sentence", 1,
                                    ("LOC", "ORG", "PER"))
    sp = built["sentence_pairs"].astype({"a": object, "b": object, "article_id": object})
    assert (sp["a"] < sp["b"]).all()
    weights = sp.groupby(["a", "b"])["weight"].sum()
    assert {(a, b): int(w) for (a, b), w in weights.items()} == {(a, b): d["weight"] for a, b, d in G.edges(data=True)}
    akar = sp[(sp["a"] == AKAR) & (sp["b"] == SOYGU)].iloc[0]
    assert (akar["article_id"], int(akar["first_sent"])) == G.edges[AKAR, SOYGU]["evidence"][0]


@pytest.mark.parametrize("window", nw.WINDOWS)
@pytest.mark.parametrize("f", [Filters(), Filters(topics=("Karabağ",)), Filters(sources=("DHA",))])
def test_the_network_from_views_is_the_network_from_tables(tables, built, window, f):
    cut = dict(apply_filters(tables, f), entities=tables["entities"])
    ids = None if f.is_empty() else set(cut["articles"]["article_id"])
    for labels in (("PER",), ("LOC", "PER")):
        want = nw.build_network(cut, window, 1, labels)
        got = nw.network_from_views(built, tables["entities"], cut["meetings"], ids, window, 1, labels)
        assert set(got.graph) == set(want.graph)
        assert {(a, b): (d["weight"], d["articles"]) for a, b, d in got.graph.edges(data=True)} == \
            {(a, b): (d["weight"], d["articles"]) for a, b, d in want.graph.edges(data=True)}
        assert {n: (d["mention_count"], d["articles"]) for n, d in got.graph.nodes(data=True)} == \
            {n: (d["mention_count"], d["articles"]) for n, d in want.graph.nodes(data=True)}
        assert got.pos == want.pos
        assert sorted(zip(got.meetings["a"], got.meetings["b"], got.meetings["meeting_id"])) == \
            sorted(zip(want.meetings["a"], want.meetings["b"], want.meetings["meeting_id"]))


@pytest.mark.parametrize("min_weight", [1, 2])
def test_the_drawn_part_from_frames_is_the_drawn_part_of_the_graph(tables, built, min_weight):
    labels = ("LOC", "PER")
    nodes = nw.view_nodes(built["article_entities"], tables["entities"], None, labels)
    edges = nw.view_edges(built["sentence_pairs"], built["entity_sentences"], None, "sentence", labels)
    G = nw.graph_from_frames(nodes, edges, "sentence", min_weight, labels, keep={AKAR})
    kept, strong = nw.graph_frames(nodes, edges, min_weight, keep={AKAR})
    assert len(G) > 8 and G.number_of_edges() > 8
    for limit, links in ((5, 3), (8, 10_000), (10_000, 4), (10_000, 10_000)):
        top_n, top_e, drawn_e = nw.drawn_frames(kept, strong, limit, links)
        top = nw.top_nodes(G, limit)
        drawn = nw.strongest_links(top, links)
        assert list(top_n["entity_id"]) == list(top) == list(drawn)
        assert list(zip(top_e["a"], top_e["b"], top_e["weight"])) == list(top.edges(data="weight"))
        assert list(zip(drawn_e["a"], drawn_e["b"], drawn_e["weight"])) == list(drawn.edges(data="weight"))
        assert len(drawn_e) == min(links, len(top_e))


@pytest.mark.parametrize("exact", [nw.EXACT_BETWEENNESS, 3])
def test_metrics_from_frames_are_the_graph_metrics(tables, built, monkeypatch, exact):
    monkeypatch.setattr(nw, "EXACT_BETWEENNESS", exact)           # 3: betweenness sampled from 8 sources
    for labels, min_weight in ((("PER",), 1), (("LOC", "ORG", "PER"), 1), (("LOC", "PER"), 2)):
        nodes = nw.view_nodes(built["article_entities"], tables["entities"], None, labels)
        edges = nw.view_edges(built["sentence_pairs"], built["entity_sentences"], None, "sentence", labels)
        G = nw.graph_from_frames(nodes, edges, "sentence", min_weight, labels)
        want = nw.graph_metrics(G)
        assert len(want) > nw.BETWEENNESS_SAMPLES and want["betweenness"].gt(0).any()
        pd.testing.assert_frame_equal(nw.frame_metrics(*nw.graph_frames(nodes, edges, min_weight)), want)
        net = nw.network_from_views(built, tables["entities"], tables["meetings"], None, "sentence", min_weight, labels,
                                    max_nodes=6)
        assert net.whole is None and net.order == len(net.graph) and net.whole is not None   # made when asked for
        pd.testing.assert_frame_equal(net.metrics, nw.graph_metrics(net.graph))
        inside = net.graph.subgraph(net.drawn).number_of_edges()
        assert net.hidden_links == inside - net.drawn.number_of_edges() and net.hidden == len(net.graph) - 6


def test_link_evidence_read_from_the_articles_is_the_graph_evidence(tables):
    for window in nw.WINDOWS:
        G = nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], window)
        got = nw.edge_evidence(tables["mentions"], tables["sentences"], tables["entities"], AKAR, SOYGU, window, ("PER",))
        assert got == G.edges[AKAR, SOYGU]["evidence"]


def test_min_weight_keeps_meeting_participants(tables, built):
    want = nw.build_network(dict(tables), "sentence", 3, ("PER",))
    got = nw.network_from_views(built, tables["entities"], tables["meetings"], None, "sentence", 3, ("PER",))
    assert set(got.graph) == set(want.graph) and AKAR in got.graph


def test_the_dashboard_reads_views_and_single_articles_rows(app_env, tables, built):
    import ui.data as data
    ae = data.reader().view("article_entities")
    assert len(ae) == len(built["article_entities"])
    a001 = next(a for a in tables["articles"]["article_id"] if a.startswith("001"))
    rows = data.reader().rows("mentions", "article_id", [a001], ["article_id", "sent_idx", "entity_id"])
    assert set(rows["article_id"]) == {a001} and len(rows) == int((tables["mentions"]["article_id"] == a001).sum())
    texts = data.reader().sentence_texts([(a001, 0), (a001, 2)])
    s = tables["sentences"]
    assert list(texts["text"]) == [s[(s["article_id"] == a001) & (s["sent_idx"] == i)]["text"].iloc[0] for i in (0, 2)]
    assert data.reader().rows("sentences", "article_id", []).empty


def test_a_build_without_views_still_opens(app_env, tmp_path, monkeypatch, built):
    import shutil
    import ui.data as data
    copy = tmp_path / "old"
    shutil.copytree(store.current_dir(app_env), copy)
    shutil.rmtree(copy / "views")
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(copy))
    pd.testing.assert_frame_equal(data.reader().view("sentence_pairs").astype(str),
                                  built["sentence_pairs"].astype(str))


def test_a_view_read_from_its_parts_is_the_view_written_whole(raw_copy, tmp_path):
    # two parts (seeds, then one more article): the combined parts give what a full computation gives
    from newsgraph.jobs.build import build
    out = tmp_path / "out"
    build(raw_copy, out, backend="rules", workers=1)
    (raw_copy / "ek.txt").write_text("Ek\n\nSergey Lavrov, Hulusi Akar ile Ankara'da görüştü.\n", encoding="utf-8")
    build(raw_copy, out, backend="rules", workers=1)
    current = store.current_dir(out)
    assert len(list(stored.parts_dir(current, "sentence_pairs").glob("*.arrow"))) == 2
    for name in stored.PER_PART:
        whole = stored.read(current, name)
        stored.path(current, name).unlink()
        pd.testing.assert_frame_equal(stored.read(current, name), whole, obj=name)
        pd.testing.assert_frame_equal(stored.VIEWS[name](current, {}), whole, obj=name, check_categorical=False,
                                      check_dtype=False)


def test_views_of_an_older_build_written_as_parquet_still_read(tmp_path, seed_out):
    import pyarrow as pa
    import pyarrow.parquet as pq
    frame = stored.read(store.current_dir(seed_out), "article_entities")
    (tmp_path / "views").mkdir()
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "views" / "article_entities.parquet")
    pd.testing.assert_frame_equal(stored.read(tmp_path, "article_entities"), frame)
    assert stored.read(tmp_path, "sentence_pairs") is None


def test_one_articles_rows_are_read_from_small_row_groups(raw_copy, tmp_path, monkeypatch, tables):
    # tables written in row groups of a few rows: the reader skips row groups by their article_id
    # statistics and still returns exactly the article's rows, in order
    import pyarrow.parquet as pq
    import ui.data as data
    from newsgraph.storage import schema
    from newsgraph.jobs.build import build
    monkeypatch.setitem(schema.ROW_GROUP_ROWS, "mentions", 7)
    monkeypatch.setitem(schema.ROW_GROUP_ROWS, "articles", 2)
    out = tmp_path / "out"
    build(raw_copy, out, backend="rules", workers=1)
    folder = store.current_dir(out) / "mentions.parquet"
    assert all(pq.ParquetFile(p).metadata.num_row_groups > 10 for p in folder.iterdir())
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(out))
    m = tables["mentions"]
    for aid in tables["articles"]["article_id"]:
        got = data.reader().rows("mentions", "article_id", [aid], ["article_id", "start", "entity_id"])
        want = m[m["article_id"] == aid][["article_id", "start", "entity_id"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)
        assert data.reader().article(aid)["articles"]["text"].iloc[0] == \
            tables["articles"].set_index("article_id").loc[aid, "text"]


def test_the_dashboards_cached_list_index_finds_what_has_any_finds(app_env, tables):
    import ui.data as data
    from newsgraph.views.filters import has_any
    for name, column, wanted in (("articles", "topics", ("Karabağ",)), ("articles", "topics", ("Libya", "İdlib")),
                                 ("meetings", "topics", ("Libya",)), ("meetings", "participants", (AKAR, SOYGU)),
                                 ("meetings", "participants", ("nobody",))):
        full = data.reader().table(name)
        cut = full.iloc[::2]                                  # a cut keeps its rows' places in the table
        for frame in (full, cut):
            values = tables[name][column].iloc[frame.index]    # the held frame need not have the lists
            rows = np.arange(len(frame))[1:]
            got = data.reader().any_of(name)(frame, column, rows, wanted)
            assert list(got) == list(has_any(values.iloc[rows], wanted)), (name, column, wanted)
