"""The Actor page: one person (or place, organisation) across the corpus — their offices over time,
every contact in date order, the articles that name them, who they are named with, and their ego
network one and two steps out, expandable node by node."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlencode

import networkx as nx
import numpy as np
import pandas as pd

from newsgraph import settings
from newsgraph.present.links import actor_links
from newsgraph.present.netfigure import COUNTRY_NAMES, make_network_figure
from newsgraph.present.pages import meetings as meetings_page
from newsgraph.views import network as nw
from newsgraph.views.reader import Reader

EGO_NEIGHBOURS = 12          # neighbours drawn around each node the ego network is opened at (strongest first)
ARTICLES_SHOWN = 500         # articles listed (the latest first); the count says how many there are
KIND = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other name"}
CONTACT_COLUMNS = ["date", "precision", "what", "location", "type", "status", "evidence", "open", "article"]


def with_profiles(frame: pd.DataFrame, query: dict | None = None) -> pd.DataFrame:
    """`frame` (with an entity_id column) with a `profile` column of links to each entity's profile."""
    return frame.assign(profile=actor_links(frame["entity_id"].tolist(), query))


def choices(reader: Reader) -> dict[str, str]:
    """entity_id → 'Name (kind, n articles)' of every entity, the most named first."""
    e = reader.table("entities").sort_values(["article_count", "entity_id"], ascending=[False, True])
    kinds = e["label"].map(lambda x: KIND.get(x, x))
    return dict(zip(e["entity_id"], [f"{n} ({k}, {c} article{'s' if c != 1 else ''})"
                                     for n, k, c in zip(e["name"], kinds, e["article_count"])]))


def header(reader: Reader, entity_id: str) -> dict | None:
    """The entity's row of the entities table (name, label, title, country, counts, aliases), or None."""
    e = reader.table("entities")
    row = e[e["entity_id"] == entity_id]
    if row.empty:
        return None
    out = reader.with_columns(row, "entities").iloc[0].to_dict()
    out["country_name"] = COUNTRY_NAMES.get(out.get("country"), out.get("country"))
    aliases = out.get("aliases")
    out["aliases"] = [a for a in (list(aliases) if aliases is not None else []) if a != out["name"]]
    return out


def summary_line(h: dict) -> str:
    """'Milli Savunma Bakanı · Türkiye · person from the registry · 42 mentions in 17 articles'."""
    kind = KIND.get(h["label"], h["label"])
    parts = [h.get("title"), h.get("country_name"),
             f"{kind} {'from the registry' if h.get('in_registry') else 'found in the text'}",
             f"{h['mention_count']} mention{'s' if h['mention_count'] != 1 else ''} in {h['article_count']} "
             f"article{'s' if h['article_count'] != 1 else ''}"]
    return " · ".join(str(p) for p in parts if p)


def roles(entity_id: str) -> pd.DataFrame:
    """The offices data/actors.yaml gives the entity over time (role, country, from, to), latest first;
    empty for an entity the registry does not know or when it cannot be read."""
    from newsgraph.base.registry import RegistryError, load_entities
    try:
        entity = load_entities(settings.ACTORS_FILE).get(entity_id)
    except (OSError, RegistryError):
        entity = None
    rows = [{"role": r.role, "country": COUNTRY_NAMES.get(r.country, r.country) if r.country else "",
             "from": r.start or "", "to": r.end or ("still held" if r.start else "")}
            for r in (entity.roles if entity else ())]
    frame = pd.DataFrame(rows, columns=["role", "country", "from", "to"])
    return frame.sort_values("from", ascending=False, kind="stable").reset_index(drop=True)


def contacts(reader: Reader, meetings: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """The meetings (rows of the held table) the entity took part in."""
    named = reader.any_of("meetings")
    return meetings[named(meetings, "participants", np.arange(len(meetings)), (entity_id,))]


def contacts_table(reader: Reader, mine: pd.DataFrame, titles: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The display table of the entity's contacts in date order (undated last): with whom, type,
    status, place, evidence and a link to the sentence."""
    if mine.empty:
        return pd.DataFrame(columns=CONTACT_COLUMNS)
    return meetings_page.table(reader, mine, titles, names)


def articles(reader: Reader, entity_id: str, ids: Iterable[str] | None, query: dict | None = None,
             limit: int = ARTICLES_SHOWN) -> pd.DataFrame:
    """The articles naming the entity (kept by `ids`; None: all), latest first: published, title,
    source, mentions and a link to the source view."""
    ae = reader.view("article_entities")
    rows = ae[ae["entity_id"] == entity_id]
    if ids is not None:
        rows = rows[rows["article_id"].isin(set(ids))]
    counts = rows.groupby("article_id", observed=True)["mentions"].sum()
    arts = reader.table("articles", ["article_id", "title", "source", "published"])
    arts = arts[arts["article_id"].isin(set(counts.index.astype(str)))].copy()
    arts["mentions"] = arts["article_id"].map(counts.rename(index=str)).fillna(0).astype("int64")
    extra = ("&" + urlencode(query, doseq=True)) if query else ""
    arts["open"] = [f"source?article={a}{extra}" for a in arts["article_id"]]
    arts = arts.sort_values(["published", "article_id"], ascending=[False, True], na_position="last")
    return arts[["published", "title", "source", "mentions", "open", "article_id"]].head(limit).reset_index(drop=True)


def kept_pairs(pairs: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """The meeting side pairs (of the whole table) of the kept meetings (rows of the held table)."""
    return pairs[pairs["row"].isin(meetings.index)] if len(pairs) else pairs


def neighbours(graph: nx.Graph, kept: pd.DataFrame, entity_id: str) -> pd.DataFrame:
    """Who the entity is named with (sentences together, articles) and in contact with (reports of
    contacts, from `kept`: the side pairs of the kept meetings), contacts first."""
    rows = {}
    if entity_id in graph:
        for other, d in graph[entity_id].items():
            rows[other] = {"named_together": int(d.get("weight", 0)), "articles": int(d.get("articles", 0))}
    mine = kept[(kept["a"] == entity_id) | (kept["b"] == entity_id)]
    for other, n in mine.assign(other=np.where(mine["a"] == entity_id, mine["b"], mine["a"])) \
            .drop_duplicates(["row", "other"]).groupby("other").size().items():
        rows.setdefault(other, {"named_together": 0, "articles": 0})["contacts"] = int(n)
    frame = pd.DataFrame.from_dict(rows, orient="index", columns=["named_together", "articles", "contacts"])
    frame["contacts"] = frame["contacts"].fillna(0).astype("int64")
    frame.index.name = "entity_id"
    frame = frame.reset_index()
    frame["name"] = [graph.nodes[n].get("name", n) if n in graph else n for n in frame["entity_id"]]
    return frame.sort_values(["contacts", "named_together", "entity_id"], ascending=[False, False, True]) \
        [["name", "contacts", "named_together", "articles", "entity_id"]].reset_index(drop=True)


def strongest(graph: nx.Graph, node: str, k: int = EGO_NEIGHBOURS) -> list[str]:
    """The `k` neighbours of `node` it is named with most often (ties by id)."""
    if node not in graph:
        return []
    return [n for n, _ in sorted(graph[node].items(), key=lambda kv: (-kv[1].get("weight", 0), kv[0]))[:k]]


def ego(graph: nx.Graph, center: str, radius: int = 1, expand: Iterable[str] = (), k: int = EGO_NEIGHBOURS,
        contacts: pd.DataFrame | None = None) -> nx.Graph:
    """The entity's ego network: its `k` strongest neighbours, their own `k` when `radius` is 2, and
    those of every node in `expand`; people it was in contact with (`contacts`: a, b pairs) are
    always in. The subgraph of `graph` on those nodes."""
    if center not in graph:
        return nx.Graph(**graph.graph)
    keep, frontier = {center}, [center]
    for _ in range(max(1, radius)):
        step = [n for f in frontier for n in strongest(graph, f, k) if n not in keep]
        keep.update(step)
        frontier = step
    for n in expand:
        if n in graph:
            keep.add(n)
            keep.update(strongest(graph, n, k))
    if contacts is not None and len(contacts):
        met = set(contacts.loc[contacts["a"] == center, "b"]) | set(contacts.loc[contacts["b"] == center, "a"])
        keep.update(n for n in met if n in graph)
    return graph.subgraph(sorted(keep)).copy()


def ego_figure(graph: nx.Graph, whole: pd.DataFrame, kept_pairs: pd.DataFrame, links: str = "both"):
    """The ego network's chart, drawn as the Network page draws (contacts dashed over the co-mentions);
    `whole`: the held meetings table, `kept_pairs`: its side pairs of the kept meetings."""
    medges = nw.drawn_meetings(whole, kept_pairs, graph.nodes)
    return make_network_figure(graph, nw.layout(graph), medges, show_meetings=links != "co-mentions",
                               contacts_only=links == "contacts",
                               empty_message="Nobody is named with this actor in the articles kept.")
