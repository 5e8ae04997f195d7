"""The network on the real seed tables: co-occurrence graph, meeting layer, metrics, layout, figure, files."""
from __future__ import annotations

import time

import networkx as nx
import pandas as pd
import pytest

from newsgraph.views import network as nw
from newsgraph.present import graphfiles as gf
from newsgraph.present import netfigure as nf
from newsgraph.views.filters import Filters, apply_filters
from newsgraph.base.textnorm import fold

AKAR, SOYGU = "hulusi-akar", "sergey-soygu"


def graph(tables, **kw) -> nx.Graph:
    return nw.build_cooccurrence_graph(tables["mentions"], tables["sentences"], tables["entities"], **kw)


def article(tables, prefix: str) -> str:
    return next(a for a in tables["articles"]["article_id"] if a.startswith(prefix))


def sentence(tables, article_id: str, sent_idx: int) -> str:
    s = tables["sentences"]
    return s[(s["article_id"] == article_id) & (s["sent_idx"] == sent_idx)]["text"].iloc[0]


def names_in(tables, entity_id: str) -> list[str]:
    row = tables["entities"].set_index("entity_id").loc[entity_id]
    return [fold(a) for a in [row["name"], *row["aliases"]]]


def test_akar_and_soygu_are_linked_by_the_sentences_of_seed_001(tables):
    G = graph(tables)
    a001 = article(tables, "001")
    edge = G.edges[AKAR, SOYGU]
    assert edge["weight"] == 2 and edge["articles"] == 1
    assert edge["evidence"] == [(a001, 0), (a001, 2)]
    assert G.nodes[SOYGU]["name"] == "Sergey Şoygu"
    assert G.nodes[SOYGU]["country"] == "RU" and G.nodes[AKAR]["country"] == "TR"
    m = tables["mentions"]
    assert G.nodes[AKAR]["mention_count"] == int((m["entity_id"] == AKAR).sum())
    assert G.nodes[AKAR]["articles"] == m.loc[m["entity_id"] == AKAR, "article_id"].nunique()


def test_wider_windows_link_more_pairs(tables):
    by_window = {w: graph(tables, window=w) for w in nw.WINDOWS}
    edges = {w: {tuple(sorted(e)) for e in G.edges} for w, G in by_window.items()}
    assert edges["sentence"] < edges["paragraph"] < edges["article"]
    # weight counts window units: Akar and Şoygu share 2 sentences, 1 paragraph, 2 articles (001 and 002)
    assert [by_window[w].edges[AKAR, SOYGU]["weight"] for w in nw.WINDOWS] == [2, 1, 2]
    assert sum(d["weight"] for *_, d in by_window["article"].edges(data=True)) > \
        sum(d["weight"] for *_, d in by_window["paragraph"].edges(data=True))


@pytest.mark.parametrize("window", nw.WINDOWS)
def test_evidence_points_at_real_sentences(tables, window):
    G = graph(tables, window=window)
    assert G.number_of_edges() > 0
    for a, b, d in G.edges(data=True):
        assert 1 <= len(d["evidence"])
        for art, idx in d["evidence"]:
            text = fold(sentence(tables, art, idx))
            named = [any(n in text for n in names_in(tables, e)) for e in (a, b)]
            assert all(named) if window == "sentence" else any(named), (a, b, art, idx)


def test_paragraph_evidence_prefers_sentences_naming_both(tables):
    G = graph(tables, window="paragraph")
    art, idx = G.edges[AKAR, SOYGU]["evidence"][0]
    text = fold(sentence(tables, art, idx))
    assert "akar" in text and "soygu" in text


def test_min_weight_prunes_links_and_lone_nodes(tables):
    full, strong = graph(tables), graph(tables, min_weight=2)
    assert 0 < strong.number_of_edges() < full.number_of_edges()
    assert all(d["weight"] >= 2 for *_, d in strong.edges(data=True))
    assert "kasim-suleymani" in full and full.degree("kasim-suleymani") == 0      # named alone: still an actor
    assert "kasim-suleymani" not in strong
    assert "kasim-suleymani" in graph(tables, min_weight=2, keep=["kasim-suleymani"])


def test_labels_choose_the_kinds_of_entity(tables):
    persons, with_places = graph(tables), graph(tables, labels=("PER", "LOC"))
    assert {d["label"] for _, d in persons.nodes(data=True)} == {"PER"}
    assert "moskova" in with_places and "moskova" not in persons
    assert with_places.graph["labels"] == "LOC,PER"


def test_topic_karabag_keeps_only_the_actors_of_seed_001(tables):
    cut = apply_filters(tables, Filters(topics=("Karabağ",)))
    G = graph(dict(cut, entities=tables["entities"]))
    assert set(G) == {AKAR, SOYGU}
    assert "fayiz-es-serrac" not in G


def test_meeting_layer_has_the_akar_soygu_phone_call(tables):
    edges = nw.meeting_edges(tables["meetings"])
    call = [d for d in edges.to_dict("records") if (d["a"], d["b"]) == (AKAR, SOYGU) and d["type"] == "phone_call"]
    assert call and call[0]["status"] == "held" and call[0]["date"] == "2020"
    assert call[0]["article_id"] == article(tables, "001") and call[0]["sent_idx"] == 0
    assert all(a < b for a, b in zip(edges["a"], edges["b"]))
    G = graph(tables)
    assert nf.meeting_label(G, AKAR, SOYGU, call[0]) == "Hulusi Akar — Sergey Şoygu: phone call, held, 2020"


def test_metrics_table(tables):
    G = graph(tables)
    m = nw.graph_metrics(G)
    assert list(m.columns) == ["entity_id", "name", "label", "mentions", "degree", "weighted_degree", "betweenness"]
    assert len(m) == len(G)
    akar = m.set_index("entity_id").loc[AKAR]
    assert akar["degree"] == G.degree(AKAR) and akar["weighted_degree"] == G.degree(AKAR, weight="weight")
    assert m["betweenness"].between(0, 1).all()
    assert nw.graph_metrics(nx.Graph()).empty


def test_layout_and_communities_are_deterministic(tables):
    G = graph(tables)
    pos = nw.layout(G)
    assert pos == nw.layout(graph(tables)) and set(pos) == set(G)
    assert all(-1 <= x <= 1 and -1 <= y <= 1 for x, y in pos.values())
    assert len(set(pos.values())) == len(pos)
    assert nw.communities(G) == nw.communities(graph(tables))
    assert nw.layout(nx.Graph()) == {}


def test_figure_draws_names_meetings_and_a_legend(tables):
    net = nw.build_network(tables)
    fig = nf.make_network_figure(net.drawn, net.pos, net.meetings)
    labels = {t for tr in fig.data if tr.mode == "markers+text" for t in tr.text}
    assert {"Hulusi Akar", "Sergey Şoygu", "Recep Tayyip Erdoğan", "Mevlüt Çavuşoğlu"} <= labels
    hover = " ".join(h for tr in fig.data if tr.hovertext is not None for h in tr.hovertext)
    assert "Hulusi Akar — Sergey Şoygu: phone call, held, 2020" in hover
    assert "Milli Savunma Bakanı" in hover and "8 mentions in 3 articles" in hover
    legend = {tr.name for tr in fig.data if tr.showlegend is not False}
    assert {"Türkiye (TR)", "Rusya (RU)", "phone call"} <= legend
    phone = next(tr for tr in fig.data if tr.name == "phone call" and tr.mode == "lines")
    assert phone.line.dash == "dash"
    widths = {tr.line.width for tr in fig.data if tr.legendgroup == "cooc" and tr.mode == "lines"}
    assert len(widths) > 1                      # edge width follows weight
    quiet = nf.make_network_figure(net.drawn, net.pos, net.meetings, size_by="degree", color_by="community",
                                   show_meetings=False)
    assert not any(tr.name == "phone call" for tr in quiet.data)
    assert any((tr.name or "").startswith("community") for tr in quiet.data)


def test_empty_graph_figure_says_why():
    fig = nf.make_network_figure(nx.Graph(), {}, [], empty_message="No actors to draw: topic Karabağ keeps no article.")
    assert not fig.data
    assert fig.layout.annotations[0].text == "No actors to draw: topic Karabağ keeps no article."


def test_gexf_and_graphml_read_back(tables, tmp_path):
    G = graph(tables, window="paragraph")
    for name, data, read in (("g.gexf", gf.to_gexf(G), nx.read_gexf), ("g.graphml", gf.to_graphml(G), nx.read_graphml)):
        path = tmp_path / name
        path.write_bytes(data)
        H = read(path)
        assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()
        assert float(H.edges[AKAR, SOYGU]["weight"]) == G.edges[AKAR, SOYGU]["weight"]
        a001 = article(tables, "001")
        assert H.edges[AKAR, SOYGU]["evidence"] == f"{a001}:0; {a001}:2"
        node = H.nodes[SOYGU]
        assert node.get("name") == "Sergey Şoygu" and node["country"] == "RU"
    assert nx.read_gexf(tmp_path / "g.gexf").nodes[SOYGU]["label"] == "Sergey Şoygu"     # Gephi shows names


def contacts_of(H: nx.MultiGraph, a: str, b: str) -> list[dict]:
    return [d for d in H.get_edge_data(a, b, default={}).values() if d["kind"] == "contact"]


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_files_carry_each_contact_as_a_typed_edge_between_sides(tables, tmp_path, fmt):
    G = gf.with_contacts(graph(tables), tables["meetings"], tables["entities"])
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(gf.to_gexf(G) if fmt == "gexf" else gf.to_graphml(G))
    H = nx.read_gexf(path) if fmt == "gexf" else nx.read_graphml(path, force_multigraph=True)
    assert sorted(c["contact_type"] for c in contacts_of(H, AKAR, SOYGU)) == ["delegation_talks", "phone_call"]
    calls = [c for c in contacts_of(H, AKAR, SOYGU) if c["contact_type"] == "phone_call"]
    assert calls[0]["status"] == "held"
    assert calls[0]["article_id"] == article(tables, "001") and "Şoygu" in calls[0]["evidence"]
    assert calls[0]["event_id"].startswith("ev-") and calls[0]["date_precision"] == "year"
    assert (calls[0]["start"], calls[0]["end"]) == ("2020-01-01", "2020-12-31")     # the year it is known to
    assert [d["kind"] for d in H.get_edge_data(AKAR, SOYGU).values()].count("co-mention") == 1
    # one delegation is one side: Çavuşoğlu and Akar travelled together, Lavrov and Şoygu hosted them
    assert not contacts_of(H, AKAR, "mevlut-cavusoglu") and not contacts_of(H, "sergey-lavrov", SOYGU)
    talks = [c for c in contacts_of(H, AKAR, "sergey-lavrov") if c["contact_type"] == "delegation_talks"]
    assert talks and talks[0].get("place") == "Moskova"
    if fmt == "gexf":
        assert b'mode="dynamic"' in path.read_bytes() and b'timeformat="date"' in path.read_bytes()
        days = [c for c in contacts_of(H, "recep-tayyip-erdogan", "vladimir-putin") if c["date_precision"] == "day"]
        assert {(c["start"], c["end"]) for c in days} == {("2020-01-08", "2020-01-08")}


def test_a_contact_between_people_the_co_mention_graph_lacks_adds_them():
    entities = pd.DataFrame({"entity_id": ["a", "b"], "name": ["Ali Veli", "Boris Ivanov"], "label": ["PER", "PER"],
                             "country": ["TR", "RU"], "title": [None, None]})
    meetings = pd.DataFrame({"meeting_id": ["m1"], "article_id": ["x"], "sent_idx": [0], "sides": [[["a"], ["b"]]],
                             "type": ["meeting"], "status": ["planned"], "date": ["2021-03"], "date_precision": ["month"],
                             "location": [None], "event_id": ["ev-1"], "evidence": ["Ali Veli, Ivanov ile görüşecek."]})
    H = gf.with_contacts(nx.Graph(), meetings, entities)
    assert H.nodes["b"]["name"] == "Boris Ivanov" and H.nodes["b"]["country"] == "RU"
    (edge,) = contacts_of(H, "a", "b")
    assert (edge["start"], edge["end"]) == ("2021-03-01", "2021-03-31") and edge["status"] == "planned"
    assert gf.spell("2020-03-03/2020-03-05", "day") == ("2020-03-03", "2020-03-05") and gf.spell(None, None) is None


def test_node_link_json_and_edge_table(tables):
    G = graph(tables)
    data = gf.to_node_link(G)
    assert {n["id"] for n in data["nodes"]} == set(G)
    edges = gf.edge_frame(G)
    assert list(edges.columns[:5]) == ["source", "target", "source_name", "target_name", "kind"]
    row = edges[(edges["source"] == AKAR) & (edges["target"] == SOYGU)].iloc[0]
    assert row["target_name"] == "Sergey Şoygu" and row["weight"] == 2
    both = gf.edge_frame(gf.with_contacts(G, tables["meetings"], tables["entities"]))
    assert set(both["kind"]) == {"co-mention", "contact"} and "phone_call" in set(both["contact_type"])


def test_evidence_of_a_link_lists_the_call_and_the_co_mentions(tables):
    net = nw.build_network(tables)
    rows = nf.evidence(net, f"e:{AKAR}|{SOYGU}", tables["mentions"])
    frame = nf.evidence_frame(rows, tables["sentences"], tables["articles"])
    a001 = article(tables, "001")
    assert frame.iloc[0]["why"] == "Hulusi Akar — Sergey Şoygu: phone call, held, 2020"
    assert frame.iloc[0]["open"] == f"./source?article={a001}&sent=0"
    assert "Şoygu ile telefonda görüştü" in frame.iloc[0]["sentence"]
    assert frame.iloc[0]["title"] == "Türkiye ve Rusya arasında kritik görüşme!"
    assert (frame["why"] == "named together").any()
    node = nf.evidence(net, f"n:{SOYGU}", tables["mentions"])
    m = tables["mentions"]
    assert len(node) == len(m.loc[m["entity_id"] == SOYGU, ["article_id", "sent_idx"]].drop_duplicates())


def test_picks_from_chart_points_and_select_box(tables):
    net = nw.build_network(tables)
    opts = nf.pick_options(net)
    assert list(opts)[0] == "n:sergey-lavrov"                       # most mentioned first
    assert opts[f"e:{AKAR}|{SOYGU}"] == "Hulusi Akar — Sergey Şoygu (2)"
    assert nf.pick_from_point(f"m:{AKAR}|{SOYGU}") == f"e:{AKAR}|{SOYGU}"
    assert nf.pick_from_point([f"n:{AKAR}"]) == f"n:{AKAR}"
    assert nf.pick_from_point(None) is None and nf.pick_from_point(3.5) is None


def test_empty_reasons_name_the_filter():
    assert nf.empty_reason(0, "topic Karabağ, source DHA", ("PER",), "sentence", 1) == \
        "No actors to draw: topic Karabağ, source DHA keeps no article."
    assert "name no places" in nf.empty_reason(2, "source DHA", ("LOC",), "sentence", 1)
    assert "3 or more sentences" in nf.empty_reason(2, "no filter", ("PER",), "sentence", 3)


def test_drawing_is_capped_to_the_most_mentioned(tables):
    net = nw.build_network(tables, labels=("PER", "LOC", "ORG"), max_nodes=10)
    assert len(net.drawn) == 10 and net.hidden == len(net.graph) - 10
    top = sorted(net.graph.nodes(data=True), key=lambda nd: (-nd[1]["mention_count"], nd[0]))[:10]
    assert set(net.drawn) == {n for n, _ in top} == set(net.pos)
    assert all(a in net.drawn and b in net.drawn for a, b in zip(net.meetings["a"], net.meetings["b"]))


def _copies(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    return pd.concat([frame.assign(article_id=frame["article_id"] + f"-{i}") for i in range(k)], ignore_index=True)


@pytest.mark.slow
def test_ten_thousand_articles_build_in_seconds(tables):
    big = {n: _copies(tables[n], 2000) for n in ("articles", "sentences", "mentions", "meetings")}
    big["entities"] = tables["entities"]
    start = time.perf_counter()
    net = nw.build_network(big, window="paragraph")
    assert time.perf_counter() - start < 20
    assert net.graph.edges[AKAR, SOYGU]["weight"] == 2000
    assert len(net.graph.edges[AKAR, SOYGU]["evidence"]) == nw.EVIDENCE_PER_EDGE


def node_points(fig) -> dict[str, dict]:
    """node id → its text, text position and marker symbol, from the figure's node traces."""
    out = {}
    for tr in fig.data:
        for i, key in enumerate(tr.customdata or ()):
            if str(key).startswith("n:"):
                out[key[2:]] = {"text": tr.text[i], "where": tr.textposition[i], "symbol": tr.marker.symbol[i]}
    return out


def test_every_person_is_named_and_each_kind_has_its_shape(tables):
    net = nw.build_network(tables, labels=("PER", "LOC", "ORG"), max_nodes=50)
    fig = nf.make_network_figure(net.drawn, net.pos, net.meetings)
    nodes = node_points(fig)
    kinds = {n: d.get("label") for n, d in net.drawn.nodes(data=True)}
    assert {"PER", "LOC"} <= set(kinds.values())
    assert all(nodes[n]["text"] for n, k in kinds.items() if k == "PER")                # every person named
    assert {nodes[n]["symbol"] for n, k in kinds.items() if k == "LOC"} == {"square"}
    assert {nodes[n]["symbol"] for n, k in kinds.items() if k == "PER"} == {"circle"}
    assert {"shape: person", "place"} <= {tr.name for tr in fig.data}                  # the shapes in the legend


def test_labels_keep_off_the_links_where_they_can(tables):
    """The placed labels cover fewer points of the drawn links than labels all put above their node."""
    net = nw.build_network(tables, labels=("PER", "LOC", "ORG"), max_nodes=50)
    G, pos = net.drawn, net.pos
    sizes = nf._sizes(G, "mentions")
    lines = nf._line_points(G, pos)
    named = sorted(G)
    placed = nf._label_places(G, pos, sizes, named, lines)
    naive = {n: "top center" for n in named}

    def covered(where: dict) -> int:
        xr, yr = nf._span([p[0] for p in pos.values()], 0.12, 0.12), nf._span([p[1] for p in pos.values()], 0.08, 0.14)
        sx, sy = nf.PLOT_PX[0] / (xr[1] - xr[0]), nf.PLOT_PX[1] / (yr[1] - yr[0])
        total = 0
        for n, w in where.items():
            x, y = (pos[n][0] - xr[0]) * sx, (pos[n][1] - yr[0]) * sy
            box = nf._label_box(w, x, y, sizes[n] / 2, 6.5 * len(G.nodes[n].get("name", n)))
            px = (lines[:, 0] - xr[0]) * sx, (lines[:, 1] - yr[0]) * sy
            total += int(((px[0] > box[0]) & (px[0] < box[2]) & (px[1] > box[1]) & (px[1] < box[3])).sum())
        return total
    assert covered(placed) < covered(naive)


def test_contacts_only_draws_the_meeting_layer_among_people_in_a_contact(tables):
    net = nw.build_network(tables)
    fig = nf.make_network_figure(net.drawn, net.pos, net.meetings, contacts_only=True)
    assert not [tr for tr in fig.data if tr.legendgroup == "cooc"]                       # no co-mention links
    assert any(str(tr.legendgroup).startswith("m:") for tr in fig.data)
    in_contact = set(net.meetings["a"]) | set(net.meetings["b"])
    assert set(node_points(fig)) <= in_contact and AKAR in node_points(fig)
    none = nf.make_network_figure(net.drawn, net.pos, net.meetings.iloc[:0], contacts_only=True)
    assert "No contact between the people drawn" in none.layout.annotations[0].text


@pytest.mark.parametrize("k", [None, 8])
def test_betweenness_is_networkx_weighted_betweenness(k):
    """_betweenness (Brandes on integer adjacency lists) gives nx.betweenness_centrality with cost = 1/weight:
    every source (k None) or the same 8 seeded ones."""
    import random
    G = nx.gnm_random_graph(60, 400, seed=3)
    rng = random.Random(5)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.choice([1, 1, 2, 3, 5, 8])
        d["cost"] = 1.0 / d["weight"]
    G = nx.relabel_nodes(G, {n: f"p{n:03d}" for n in G})
    want = nx.betweenness_centrality(G, k=k, seed=7, weight="cost", normalized=True)
    got = nw._betweenness(G, k, seed=7)
    assert got.keys() == want.keys() and sum(v > 0 for v in got.values()) > 40
    assert max(abs(want[n] - got[n]) for n in G) < 1e-12
