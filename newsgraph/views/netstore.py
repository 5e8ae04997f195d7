"""The network every analyst opens first, and the contact pairs, made with the build.

The Network page opens on every article (no filter) with the default graph settings: sentence
window, persons, minimum weight 1, the MAX_NODES most mentioned drawn. That network, its layout and
its metrics are the same for everyone until the next build, yet they cost most of the page's first
run (the views read and cut, the drawn part laid out, betweenness). So a build computes them once,
from what it has just written and with the same reader and functions as the page
(`compute`), and keeps them in `views/network/` (`write`), with the pairs of people on different
sides of every meeting (`meeting_pairs.arrow`: a, b, row; what network.side_pairs makes of the
meetings' `sides` for the network's contact layer under any filter, and for the Actor page):

- `default_nodes.arrow`: the full graph's nodes (network.view_nodes' columns, in id order), with `drawn`
  (among the MAX_NODES drawn), `x`, `y` (their layout) and `pos_rank` (the layout's order);
- `default_links.arrow`: the full graph's links at minimum weight 1 (a, b, weight, articles; a, b order),
  with `drawn` (among the MAX_LINKS strongest of those between drawn nodes);
- `default_meetings.arrow`: the contacts drawn among the drawn nodes (network.meeting_edges' columns);
- `default_metrics.arrow`: network_metrics of the full graph;
- the numbers that go with them (hidden contact pairs, links among the drawn nodes) and the settings in
  `default_nodes.arrow`'s schema metadata.

`load` makes the page's `Network` back from them; tests/test_netstore.py checks it equals the
computed one (graphs, layout, contacts, metrics, figure). A build made before this existed has no
folder: the page then computes the network as for any other settings.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.storage import store
from newsgraph.views import network as nw
from newsgraph.views import stored
from newsgraph.views.reader import Reader

FOLDER = "network"
PAIRS = "meeting_pairs"
WINDOW, MIN_WEIGHT, LABELS, MAX_NODES = "sentence", 1, ("PER",), nw.MAX_NODES
SETTINGS = (WINDOW, MIN_WEIGHT, LABELS, MAX_NODES)          # the page's graph settings by default
PARTS = ("nodes", "links", "meetings", "metrics")
FILES = (f"{PAIRS}.arrow", *(f"default_{part}.arrow" for part in PARTS))    # what a build writes in FOLDER
VIEWS = ("article_entities", "sentence_pairs")              # what the sentence window reads
MEETING_COLUMNS = [c for c in nw.MEETING_EDGE_COLUMNS if c not in ("a", "b")]   # what the contact layer shows


def _made_with() -> list:
    """The settings as a build records them (read at call time: tests change MAX_NODES)."""
    return [WINDOW, MIN_WEIGHT, list(LABELS), MAX_NODES]


def write(build_dir: Path) -> None:
    """Compute the meeting pairs and the default network of a build from its tables and views (all
    written) and write them into it."""
    reader = Reader(build_dir)
    pairs = nw.side_pairs(reader.column("meetings", "sides"))
    target = folder(build_dir)
    target.mkdir(parents=True, exist_ok=True)
    stored._save(pa.Table.from_pandas(pairs, preserve_index=False), target / f"{PAIRS}.arrow")
    save(build_dir, compute(reader, pairs))


def meeting_pairs(build_dir: Path) -> pd.DataFrame | None:
    """network.side_pairs of the build's meetings, as written with it (None when it was built without)."""
    source = folder(build_dir) / f"{PAIRS}.arrow"
    if not source.exists():
        return None
    return stored.load(source).to_pandas()          # a, b as Arrow-backed str (no Python string per row)


def compute(reader: Reader, pairs: pd.DataFrame) -> nw.Network:
    """The unfiltered network of the default settings, metrics included, as the page makes it
    (present/pages/network.network with every article and meeting; `pairs`: the meeting pairs)."""
    views = {name: reader.view(name) for name in VIEWS}
    meetings = store.to_frame(pq.read_table(store.table_path(reader.build, "meetings"), columns=MEETING_COLUMNS))
    return nw.network_from_views(views, reader.table("entities"), meetings, None, WINDOW, MIN_WEIGHT, LABELS,
                                 max_nodes=MAX_NODES, metrics=True, mpairs=pairs)


def folder(build_dir: Path) -> Path:
    """Where a build keeps its default network."""
    return Path(build_dir) / "views" / FOLDER


def tables(net: nw.Network) -> dict[str, pd.DataFrame]:
    """The four frames `save` writes (see the module's docstring)."""
    nodes, links = net.frames[:2]
    drawn_links = nw.drawn_frames(nodes, links, MAX_NODES)[2]    # as network_from_views cut them
    rank = {n: i for i, n in enumerate(net.pos)}
    ids = nodes["entity_id"].tolist()
    nodes = nodes.reset_index(drop=True).assign(
        drawn=nodes["entity_id"].isin(set(net.drawn)).to_numpy(),
        x=[net.pos[n][0] if n in rank else np.nan for n in ids], y=[net.pos[n][1] if n in rank else np.nan for n in ids],
        pos_rank=np.array([rank.get(n, -1) for n in ids], dtype=np.int64))
    links = links.assign(drawn=links.index.isin(drawn_links.index))
    return {"nodes": nodes, "links": links.reset_index(drop=True), "meetings": net.meetings, "metrics": net.metrics}


def save(build_dir: Path, net: nw.Network) -> None:
    """Write a default network into the build (views/network/default_*.arrow)."""
    target = folder(build_dir)
    target.mkdir(parents=True, exist_ok=True)
    facts = {"hidden_meeting_pairs": int(net.hidden_meeting_pairs), "links_among_drawn": int(net.links_among_drawn),
             "settings": _made_with()}
    for name, frame in tables(net).items():
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if name == "nodes":
            table = table.replace_schema_metadata({**table.schema.metadata, b"newsgraph": json.dumps(facts).encode()})
        stored._save(table, target / f"default_{name}.arrow")


def load(build_dir: Path) -> nw.Network | None:
    """The build's default network as the page's Network (None when the build has none, or one made
    with other settings)."""
    source = folder(build_dir)
    if not all((source / f"default_{name}.arrow").exists() for name in PARTS):
        return None
    read = {name: stored.load(source / f"default_{name}.arrow") for name in PARTS}
    facts = json.loads((read["nodes"].schema.metadata or {}).get(b"newsgraph", b"{}"))
    if facts.get("settings") != _made_with() or "links_among_drawn" not in facts:      # made by other code
        return None
    frames = {name: table.to_pandas() for name, table in read.items()}
    frames["meetings"] = store.to_frame(read["meetings"])      # objects, missing as None, as network.meeting_edges
    return from_tables(frames, int(facts["hidden_meeting_pairs"]), int(facts["links_among_drawn"]))


def from_tables(frames: dict[str, pd.DataFrame], hidden_meeting_pairs: int, links_among_drawn: int) -> nw.Network:
    """The Network of `tables`' frames."""
    nodes, links = frames["nodes"], frames["links"]
    drawn_nodes = nodes["drawn"].to_numpy(dtype=bool)
    placed = nodes[nodes["pos_rank"].to_numpy() >= 0].sort_values("pos_rank")
    pos = {n: (x, y) for n, x, y in zip(placed["entity_id"].tolist(), placed["x"].tolist(), placed["y"].tolist())}
    graph_nodes = nodes.drop(columns=["drawn", "x", "y", "pos_rank"])
    graph_links = links.drop(columns=["drawn"])
    drawn = nw._graph_of(graph_nodes[drawn_nodes], graph_links[links["drawn"].to_numpy(dtype=bool)], WINDOW,
                         MIN_WEIGHT, LABELS)
    return nw.Network(None, drawn, pos, frames["meetings"], frames["metrics"], hidden_meeting_pairs,
                      (graph_nodes, graph_links, WINDOW, MIN_WEIGHT, LABELS), links_among_drawn)

