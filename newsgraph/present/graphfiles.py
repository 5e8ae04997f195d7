"""The network as files for Gephi, yEd, Cytoscape and d3: co-mentions and contacts, each typed.

A file holds every node of the co-mention graph and two kinds of edges between them: the
co-mention links (`kind` co-mention: weight, articles, evidence as article:sentence) and one
edge per reported contact between two people on different sides of it (`kind` contact:
contact_type, status, date with its precision, place, event_id, the evidence sentence,
article and meeting id; `type` is GEXF's own word for directedness). A pair may have both
and several contacts, so the graph is a multigraph. Each dated contact has a time spell,
`start` and `end` (its day, or the first and last day of the month, year or range of days
it is known to): in GEXF the graph is then dynamic and Gephi's timeline plays the contacts;
co-mentions carry no time and stay on.
"""
from __future__ import annotations

import calendar
import io
from typing import Iterable

import networkx as nx
import pandas as pd

from newsgraph.views.network import meeting_pairs, present

CONTACT_COLUMNS = ("status", "date", "date_precision", "location", "event_id", "evidence", "article_id",
                   "meeting_id", "sent_idx")


def spell(date: str | None, precision: str | None) -> tuple[str, str] | None:
    """The first and last day a date stands for ("2020-01" → 2020-01-01 … 2020-01-31), else None."""
    if not isinstance(date, str) or not date[:4].isdigit():
        return None
    if "/" in date:
        first, last = date.split("/", 1)
        return first[:10], last[:10]
    year = int(date[:4])
    if precision == "year" or len(date) == 4:
        return f"{year}-01-01", f"{year}-12-31"
    month = int(date[5:7])
    if precision == "month" or len(date) == 7:
        return f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"
    return date[:10], date[:10]


def contact_edges(meetings: pd.DataFrame | None, places: dict[str, str]) -> list[tuple[str, str, str, dict]]:
    """(a, b, key, attributes) of every contact between two people on different sides of a
    report, in table order; `places`: entity id → name, for the place's name."""
    pairs = meeting_pairs(meetings)
    if pairs.empty:
        return []
    rows = meetings.reset_index(drop=True)
    out = []
    for a, b, row in zip(pairs["a"].tolist(), pairs["b"].tolist(), pairs["row"].tolist()):
        m = rows.iloc[row]
        data = {"kind": "contact", "contact_type": _scalar(m["type"]),
                **{c: _scalar(m[c]) for c in CONTACT_COLUMNS if c in rows.columns}}
        data["label"] = f"{data['contact_type']} {data.get('date') or ''}".strip()
        if present(data.get("location")):
            data["place"] = places.get(data["location"], data["location"])
        if when := spell(data.get("date"), data.get("date_precision")):
            data["start"], data["end"] = when
        out.append((a, b, f"{data['meeting_id']}:{a}|{b}", data))
    return out


def _scalar(value):
    return value.item() if hasattr(value, "item") else value


def with_contacts(G: nx.Graph, meetings: pd.DataFrame | None, entities: pd.DataFrame) -> nx.MultiGraph:
    """The co-mention graph `G` and the contacts of `meetings` as one multigraph of typed edges
    (people in a contact but not in `G` are added as nodes)."""
    names = dict(zip(entities["entity_id"].tolist(), entities["name"].tolist()))
    info = entities.set_index("entity_id")
    H = nx.MultiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for a, b, d in G.edges(data=True):
        H.add_edge(a, b, key=f"co-mention:{a}|{b}", kind="co-mention", **d)
    for a, b, key, data in contact_edges(meetings, names):
        for node in (a, b):
            if node not in H:
                H.add_node(node, name=names.get(node, node), **_entity(info, node))
        H.add_edge(a, b, key=key, **data)
    return H


def _entity(info: pd.DataFrame, node: str) -> dict:
    if node not in info.index:
        return {}
    row = info.loc[node]
    return {k: row[k] for k in ("label", "country", "title") if k in info.columns and present(row[k])}


def _refs(evidence: Iterable[tuple[str, int]]) -> str:
    return "; ".join(f"{a}:{s}" for a, s in evidence)


def _flat_value(key: str, value):
    if key == "evidence" and isinstance(value, (list, tuple)):
        return _refs(value)
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return _scalar(value)


def _flat(G: nx.Graph) -> nx.Graph:
    """A copy whose attributes are all scalars (lists joined by '; ', missing values dropped)."""
    H = G.__class__(**{k: v for k, v in G.graph.items() if present(v)})
    for n, d in G.nodes(data=True):
        H.add_node(n, **{k: _flat_value(k, v) for k, v in d.items() if present(v)})
    edges = G.edges(keys=True, data=True) if G.is_multigraph() else ((a, b, None, d) for a, b, d in G.edges(data=True))
    for a, b, key, d in edges:
        attrs = {k: _flat_value(k, v) for k, v in d.items() if present(v)}
        H.add_edge(a, b, key, **attrs) if G.is_multigraph() else H.add_edge(a, b, **attrs)
    return H


def to_gexf(G: nx.Graph) -> bytes:
    """GEXF 1.2 bytes (Gephi): node labels are names, the entity label becomes `kind`; dynamic
    (contacts have time spells) when a contact is dated."""
    H = _flat(G)
    for _, d in H.nodes(data=True):
        if "label" in d:
            d["kind"] = d.pop("label")
        d["label"] = d.get("name", "")
    return "\n".join(nx.generate_gexf(H, encoding="utf-8")).encode("utf-8")


def to_graphml(G: nx.Graph) -> bytes:
    """GraphML bytes (yEd, Cytoscape, Gephi), list attributes joined by '; '."""
    buf = io.BytesIO()
    nx.write_graphml(_flat(G), buf, encoding="utf-8")
    return buf.getvalue()


def to_node_link(G: nx.Graph) -> dict:
    """Node-link JSON data (d3, networkx.node_link_graph)."""
    return nx.node_link_data(_flat(G), edges="edges")


def edge_frame(G: nx.Graph) -> pd.DataFrame:
    """The edges as a table: source, target, their names, kind, weight, articles, evidence, and a
    contact's type, status, date, place, event and article."""
    edges = G.edges(data=True)
    rows = [{"source": a, "target": b, "source_name": G.nodes[a].get("name", a), "target_name": G.nodes[b].get("name", b),
             "kind": d.get("kind", "co-mention"), "weight": d.get("weight", 1), "articles": d.get("articles", 0),
             "evidence": _flat_value("evidence", d.get("evidence", ())),
             **{c: d.get(c) for c in ("contact_type", "status", "date", "date_precision", "place", "event_id",
                                      "article_id")}}
            for a, b, d in edges]
    cols = ["source", "target", "source_name", "target_name", "kind", "weight", "articles", "evidence", "contact_type",
            "status", "date", "date_precision", "place", "event_id", "article_id"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["kind", "weight", "source", "target"], ascending=[True, False, True, True],
                             ignore_index=True)
