"""The one cache seam: the only st.cache_* decorators of the app, thin wrappers around the pure
reader (newsgraph/views/reader.py) and the page models (newsgraph/present/pages, newsgraph/views/selection.py).

Everything is keyed by the build it comes from (the resolved target of the `processed` link, unique
per build), so a new build — from `make run`, the CLI or an upload — is picked up on the next rerun
without restarting the app, and nothing is recomputed.

- Per build (st.cache_resource: held once per server, no copy per rerun; pandas' copy-on-write keeps
  a page from changing them for the next): the tables with their held columns, the left-out columns
  as Arrow, the list indexes, the derived views, the options made from them.
  CachedReader is the Reader whose reads come from here.
- Per build and filter state (`state`: the Filters' repr; `_f` and the `_`-prefixed frames follow
  from it and are not hashed): the kept articles, the cut tables, the network, its metrics and
  figure, the timeline's items and drawing, the meetings table. Bounded by max_entries.
- A few recent row look-ups (`rows_of`) and single articles; the manifest and row counts (st.cache_data).
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa
import streamlit as st

from newsgraph import settings
from newsgraph.base.errors import CacheMissing
from newsgraph.storage.schema import TABLES
from newsgraph.views import reader as rd
from newsgraph.views import selection
from newsgraph.views.filters import Filters

if TYPE_CHECKING:       # the page models are imported by the wrappers that use them: a page pays for its own
    from newsgraph.present.pages.timeline import Drawing
    from newsgraph.views.network import Network

# Arrow buffers freed after a read go back to the system allocator (the default pool keeps them:
# some 60 MB more resident at 10k articles).
pa.set_memory_pool(pa.system_memory_pool())

BUILDS_KEPT = 2                                  # tables of the current and the previous build


# -- per build ------------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * len(TABLES))
def _held(key: str, name: str) -> pd.DataFrame:
    return rd.read_held(Path(key), name)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 8)      # every column WITHOUT holds, the lists
def _column(key: str, name: str, column: str) -> pa.Array:
    return rd.read_column(Path(key), name, column)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 4)
def _list_index(key: str, name: str, column: str) -> rd.ListIndex:
    return rd.index_list(_column(key, name, column))


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 8)
def _view(key: str, name: str) -> pd.DataFrame:
    return rd.read_view(Path(key), name)


@st.cache_resource(show_spinner=False, max_entries=BUILDS_KEPT * 4)
def _rows(key: str, name: str, column: str, values: tuple, columns: tuple[str, ...] | None) -> pd.DataFrame:
    return rd.Reader(key).rows_of(name, column, values, columns)


@st.cache_resource(show_spinner=False, max_entries=64)
def _article(key: str, article_id: str) -> dict[str, pd.DataFrame]:
    return rd.article_tables(Path(key), article_id, _held(key, "articles"))


@st.cache_data(show_spinner=False, max_entries=8)
def _manifest(key: str) -> dict:
    """Without its per-article records (summary.json: tens of MB less at 100k articles to parse, and
    for st.cache_data to unpickle on every page run; no page reads them)."""
    return rd.Reader(key).manifest()


@st.cache_data(show_spinner=False, max_entries=BUILDS_KEPT * len(TABLES))
def _row_count(key: str, name: str) -> int:
    return rd.Reader(key).row_count(name)


@st.cache_resource(show_spinner=False, max_entries=4)
def _entity_names(key: str) -> dict[str, str]:
    return rd.names_of(_held(key, "entities"))


class CachedReader(rd.Reader):
    """The Reader whose reads are the cached ones above (what the page models are given)."""

    def held(self, name): return _held(self.key, name)
    def column(self, name, column): return _column(self.key, name, column)
    def list_index(self, name, column): return _list_index(self.key, name, column)
    def view(self, name): return _view(self.key, name)
    def rows_of(self, name, column, values, columns): return _rows(self.key, name, column, values, columns)
    def article(self, article_id): return _article(self.key, article_id)
    def manifest(self): return _manifest(self.key)
    def row_count(self, name): return _row_count(self.key, name)
    def entity_names(self): return _entity_names(self.key)


def processed_dir() -> Path:
    """Where the tables are (NEWSGRAPH_PROCESSED overrides data/processed)."""
    return settings.PROCESSED_DIR


def reader() -> CachedReader:
    """The current build's reader; its key changes with every publish."""
    return CachedReader(processed_dir())


def build_key() -> str:
    """Identifies the current build."""
    return reader().key


def load_manifest() -> dict | None:
    """The current build's manifest, or None when there are no tables yet."""
    try:
        return reader().manifest()
    except (CacheMissing, OSError, ValueError):
        return None


def require_tables() -> dict:
    """The manifest, or stop the page with a message that says why and how to build."""
    manifest = load_manifest()
    if manifest is None:
        st.warning(f"{rd.missing_reason(processed_dir())} Build them with `make run` (or `python -m newsgraph build`), "
                   "or add articles on the **Add articles** page.")
        st.stop()
    return manifest


@st.cache_data(show_spinner=False, max_entries=4)
def _options(key: str) -> dict:
    return selection.filter_options(CachedReader(key))


def filter_options() -> dict:
    """The sidebar's choices for the current build (selection.filter_options)."""
    return _options(build_key())


@st.cache_resource(show_spinner=False, max_entries=4)
def _overview(key: str) -> pd.DataFrame:
    from newsgraph.present.pages import overview
    return overview.article_table(CachedReader(key).table("articles"))


def overview_table(articles: pd.DataFrame, f: Filters | None = None) -> pd.DataFrame:
    """The Overview's table of the articles a filter state keeps (rows of the whole build's, made once),
    its links keeping the filters `f`."""
    from newsgraph.present.pages import overview
    return overview.rows_kept(_overview(build_key()), articles, f)


@st.cache_resource(show_spinner=False, max_entries=2)
def _titles(key: str) -> dict[str, str]:
    from newsgraph.present.pages import source
    return source.titles(CachedReader(key))


def titles() -> dict[str, str]:
    """article_id → title (or the id), once per build."""
    return _titles(build_key())


@st.cache_resource(show_spinner=False, max_entries=2)
def _meeting_pairs(key: str) -> pd.DataFrame:
    from newsgraph.present.pages import network
    from newsgraph.views import netstore
    pairs = netstore.meeting_pairs(Path(key))              # made with the build (None: an older build)
    return network.meeting_pairs(CachedReader(key)) if pairs is None else pairs


# -- per build and filter state -----------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=32)
def _kept(key: str, state: str, _f: Filters) -> pd.DataFrame:
    return selection.kept_articles(CachedReader(key), _f)


@st.cache_resource(show_spinner=False, max_entries=32)
def _kept_ids(key: str, state: str, _f: Filters) -> frozenset[str]:
    return frozenset(_kept(key, state, _f)["article_id"])


@st.cache_resource(show_spinner=False, max_entries=32)
def _cut(key: str, state: str, names: tuple[str, ...], _f: Filters) -> dict[str, pd.DataFrame]:
    ids = None if _f.is_empty() else _kept_ids(key, state, _f)
    return selection.cut_tables(CachedReader(key), _f, names, _kept(key, state, _f), ids)


def kept_ids(f: Filters) -> frozenset[str] | None:
    """The ids of the articles a filter state keeps (None: no filter, every article)."""
    return None if f.is_empty() else _kept_ids(build_key(), repr(f), f)


def cut(f: Filters, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The named tables cut by a filter state (selection.cut_tables); the articles always."""
    return _cut(build_key(), repr(f), tuple(names), f)


@st.cache_resource(show_spinner=False, max_entries=4)
def _meetings_table(key: str, state: str, _meetings: pd.DataFrame, _articles: pd.DataFrame) -> pd.DataFrame:
    from newsgraph.present.pages import meetings
    r = CachedReader(key)
    return meetings.table(r, _meetings, _articles, r.entity_names())


def meetings_table(f: Filters, meetings: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """The Meetings page's table of a filter state, its first rows (shared, read-only)."""
    return _meetings_table(build_key(), repr(f), meetings, titles)


@st.cache_resource(show_spinner="Laying out the network…", max_entries=16)
def _network(key: str, state: str, window: str, min_weight: int, labels: tuple[str, ...], max_nodes: int,
             _f: Filters, _meetings: pd.DataFrame) -> Network:
    from newsgraph.present.pages import network
    from newsgraph.views import netstore
    if _f.is_empty() and (window, min_weight, labels, max_nodes) == netstore.SETTINGS:
        if (net := netstore.load(Path(key))) is not None:      # made with the build (None: an older build)
            return net
    ids = None if _f.is_empty() else _kept_ids(key, state, _f)
    return network.network(CachedReader(key), ids, _meetings, _meeting_pairs(key), window, min_weight, labels,
                           max_nodes, keep=_f.actors)


def network(f: Filters, meetings: pd.DataFrame, window: str, min_weight: int, labels: tuple[str, ...],
            max_nodes: int) -> Network:
    """The network of a filter state and graph settings (shared, read-only)."""
    return _network(build_key(), repr(f), window, min_weight, labels, max_nodes, f, meetings)


@st.cache_resource(show_spinner="Measuring the network…", max_entries=16)
def _metrics(key: str, state: str, window: str, min_weight: int, labels: tuple[str, ...], _net: Network):
    from newsgraph.views.network import network_metrics
    return _net.metrics if len(_net.metrics) else network_metrics(_net)     # the build's default network has them


def network_metrics(f: Filters, net: Network, window: str, min_weight: int, labels: tuple[str, ...]) -> pd.DataFrame:
    """Degree, weighted degree and betweenness of every node (the same for any number of actors drawn)."""
    return _metrics(build_key(), repr(f), window, min_weight, labels, net)


@st.cache_resource(show_spinner=False, max_entries=8)
def _network_figure(key: str, state: str, graph: tuple, size_by: str, color_by: str, links: str, _net: Network):
    from newsgraph.present.netfigure import make_network_figure
    return make_network_figure(_net.drawn, _net.pos, _net.meetings, size_by, color_by, show_meetings=links != "co-mentions",
                               contacts_only=links == "contacts")


def network_figure(f: Filters, net: Network, graph: tuple, size_by: str, color_by: str, links: str):
    """The network's figure for the display settings (`graph`: the settings `network` was made with; `links`:
    both, co-mentions or contacts: which layers are drawn)."""
    return _network_figure(build_key(), repr(f), graph, size_by, color_by, links, net)


@st.cache_resource(show_spinner=False, max_entries=16)
def _visible(key: str, state: str, kinds: tuple[str, ...], _f: Filters, _articles, _meetings) -> pd.DataFrame:
    from newsgraph.present.pages import timeline
    return timeline.visible(CachedReader(key), _f, kinds, _articles, _meetings)


def timeline_items(f: Filters, kinds: tuple[str, ...], articles: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    """The timeline index rows a filter state and the kinds keep (held once per state: never change them)."""
    return _visible(build_key(), repr(f), kinds, f, articles, meetings)


@st.cache_resource(show_spinner=False, max_entries=16)
def _drawing(key: str, state: str, kinds: tuple[str, ...], limit: int, _vis, _articles, _meetings, _names,
             _f: Filters) -> Drawing:
    from newsgraph.present.pages import timeline
    return timeline.drawing(CachedReader(key), _vis, _f, limit, _articles, _meetings, _names)


def timeline_drawing(f: Filters, kinds: tuple[str, ...], limit: int, vis: pd.DataFrame, articles: pd.DataFrame,
                     meetings: pd.DataFrame, names: dict[str, str]) -> Drawing:
    """What the timeline chart shows for one state (items drawn or counted, the figure)."""
    return _drawing(build_key(), repr(f), kinds, limit, vis, articles, meetings, names, f)


# -- the Actor page ---------------------------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=2)
def _actor_choices(key: str) -> dict[str, str]:
    from newsgraph.present.pages import actor
    return actor.choices(CachedReader(key))


def actor_choices() -> dict[str, str]:
    """entity_id → 'Name (kind, n articles)' of every entity, the most named first."""
    return _actor_choices(build_key())


def meeting_side_pairs() -> pd.DataFrame:
    """The side pairs of every meeting of the build (rows: positions in the held table)."""
    return _meeting_pairs(build_key())


@st.cache_resource(show_spinner=False, max_entries=8)
def _actor_contacts(key: str, state: str, entity_id: str, _meetings: pd.DataFrame, _titles: pd.DataFrame):
    from newsgraph.present.pages import actor
    r = CachedReader(key)
    return actor.contacts_table(r, actor.contacts(r, _meetings, entity_id), _titles, r.entity_names())


def actor_contacts(f: Filters, entity_id: str, meetings: pd.DataFrame, titles: pd.DataFrame) -> pd.DataFrame:
    """The Actor page's table of one entity's contacts among the meetings of a filter state."""
    return _actor_contacts(build_key(), repr(f), entity_id, meetings, titles)


# -- the Search page --------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Opening the search index…", max_entries=2)
def _search_basis(key: str):
    from newsgraph.views.search import search_basis
    return search_basis(CachedReader(key))


def search(query: str, f: Filters, offset: int, limit: int):
    """One page of a search's results with its facets (views.search.search), on the build's index."""
    from newsgraph.views.search import search as run
    key = build_key()
    return run(CachedReader(key), query, f, limit=limit, offset=offset, basis=_search_basis(key))
