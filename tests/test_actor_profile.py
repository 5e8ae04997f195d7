"""The Actor page's model (newsgraph/present/pages/actor.py) on the seed build: one person's offices,
contacts, articles, neighbours and ego network, as the page shows them."""
from __future__ import annotations

import networkx as nx
import pytest

from newsgraph.present.pages import actor as ap, network as netp

AKAR, SOYGU, LAVROV = "hulusi-akar", "sergey-soygu", "sergey-lavrov"


@pytest.fixture(scope="module")
def net(reader):
    meetings = reader.table("meetings")
    pairs = netp.meeting_pairs(reader)
    return netp.network(reader, None, meetings, pairs, "sentence", 1, ("PER",), 150), meetings, pairs


def test_choices_name_every_entity_the_most_named_first(reader):
    options = ap.choices(reader)
    assert AKAR in options and options[AKAR].startswith("Hulusi Akar (person, ")
    counts = reader.table("entities").set_index("entity_id")["article_count"]
    assert list(counts.reindex(list(options)).to_numpy()) == sorted(counts.to_numpy(), reverse=True)


def test_header_and_offices_over_time(reader):
    h = ap.header(reader, AKAR)
    assert h["name"] == "Hulusi Akar" and h["country_name"] == "Türkiye"
    assert ap.summary_line(h).startswith("Milli Savunma Bakanı · Türkiye · person from the registry · ")
    assert ap.header(reader, "nobody-here") is None
    offices = ap.roles(AKAR)
    assert {"Milli Savunma Bakanı", "Genelkurmay Başkanı"} <= set(offices["role"])
    assert list(offices["from"]) == sorted(offices["from"], reverse=True)
    assert ap.roles("nobody-here").empty


def test_every_contact_of_the_actor_and_only_theirs(reader):
    meetings = reader.table("meetings")
    mine = ap.contacts(reader, meetings, AKAR)
    assert len(mine) and all(AKAR in p for p in reader.with_columns(mine, "meetings")["participants"])
    names = reader.entity_names()
    shown = ap.contacts_table(reader, mine, reader.table("articles", ["article_id", "title"]), names)
    assert len(shown) == len(mine) and any("Akar — Şoygu" in w for w in shown["what"])
    assert all(link.startswith("./source?article=") for link in shown["open"])


def test_articles_naming_the_actor_link_to_the_source_view_keeping_filters(reader):
    arts = ap.articles(reader, AKAR, None, {"topic": ["Libya"]})
    ae = reader.view("article_entities")
    assert set(arts["article_id"]) == set(ae.loc[ae["entity_id"] == AKAR, "article_id"].astype(str))
    assert all(o == f"source?article={a}&topic=Libya" for o, a in zip(arts["open"], arts["article_id"]))
    one = arts["article_id"].iloc[0]
    assert list(ap.articles(reader, AKAR, {one})["article_id"]) == [one]


def test_neighbours_count_sentences_together_and_contacts(reader, net):
    network, meetings, pairs = net
    table = ap.neighbours(network.graph, ap.kept_pairs(pairs, meetings), AKAR)
    soygu = table.set_index("entity_id").loc[SOYGU]
    assert soygu["contacts"] >= 1 and soygu["named_together"] >= 1
    assert list(table["contacts"]) == sorted(table["contacts"], reverse=True)


def test_the_ego_network_opens_one_step_out_and_expands_node_by_node():
    G = nx.Graph()
    G.add_edges_from([("a", f"b{i}", {"weight": 10 - i}) for i in range(5)] + [("b0", "c0", {"weight": 3}),
                                                                                 ("c0", "d0", {"weight": 1})])
    assert set(ap.ego(G, "a", k=3)) == {"a", "b0", "b1", "b2"}                  # the strongest three
    assert set(ap.ego(G, "a", radius=2, k=3)) == {"a", "b0", "b1", "b2", "c0"}
    assert "d0" in ap.ego(G, "a", radius=2, expand=["c0"], k=3)
    assert len(ap.ego(G, "nobody")) == 0


def test_the_ego_figure_draws_the_actor_and_their_contacts(reader, net):
    network, meetings, pairs = net
    kept = ap.kept_pairs(pairs, meetings)
    g = ap.ego(network.graph, AKAR, contacts=kept)
    assert AKAR in g and SOYGU in g
    fig = ap.ego_figure(g, meetings, kept)
    assert any(AKAR in str(t.customdata) or "Akar" in str(t.text) for t in fig.data)
    assert len(ap.ego_figure(g, meetings, kept, links="contacts").data) >= 1
