"""The default network and the meeting pairs a build writes (newsgraph/views/netstore.py) are what the
Network page would compute, and the page shows the same with them as without them."""
from __future__ import annotations

import shutil

import pandas as pd
import pyarrow as pa
import plotly.io as pio
import pytest

from conftest import open_app
from newsgraph.jobs.build import build
from newsgraph.present.netfigure import make_network_figure
from newsgraph.present.pages import network as model
from newsgraph.storage import store
from newsgraph.views import netstore, stored
from newsgraph.views import network as nw
from newsgraph.views.reader import Reader
from test_incremental_scaled import N, scaled  # noqa: F401 - the generated corpus fixture


def _computed(reader: Reader) -> tuple[nw.Network, pd.DataFrame]:
    """The page's network of every article with the default settings, and its metrics, made now."""
    net = model.network(reader, None, reader.table("meetings"), model.meeting_pairs(reader), *netstore.SETTINGS)
    return net, nw.network_metrics(net)


def _graph(G) -> tuple:
    return dict(G.graph), list(G.nodes(data=True)), list(G.edges(data=True))


def assert_same_network(got: nw.Network, want: nw.Network, metrics: pd.DataFrame) -> None:
    """Everything the page reads of a network: drawn graph, layout (in order), contact layer, metrics,
    counts, the full graph, and the figures made of them."""
    assert _graph(got.drawn) == _graph(want.drawn)
    assert list(got.pos.items()) == list(want.pos.items())
    pd.testing.assert_frame_equal(got.meetings, want.meetings)
    pd.testing.assert_frame_equal(got.metrics, metrics)
    pd.testing.assert_frame_equal(nw.network_metrics(got), metrics)
    assert (got.order, got.hidden, got.hidden_links, got.hidden_meeting_pairs) == \
        (want.order, want.hidden, want.hidden_links, want.hidden_meeting_pairs)
    assert _graph(got.graph) == _graph(want.graph)
    for size_by, color_by, meetings, contacts_only in (("mentions", "country", True, False),
                                                       ("degree", "community", True, True),
                                                       ("mentions", "country", False, False)):
        figures = [make_network_figure(n.drawn, n.pos, n.meetings, size_by, color_by, show_meetings=meetings,
                                       contacts_only=contacts_only) for n in (got, want)]
        assert pio.to_json(figures[0]) == pio.to_json(figures[1])


def test_the_seed_build_keeps_the_network_the_page_computes(seed_out):
    reader = Reader(seed_out)
    got = netstore.load(reader.build)
    assert got is not None and got.order > 0 and len(got.meetings)
    assert_same_network(got, *_computed(reader))


def test_on_a_generated_corpus_too_with_actors_left_undrawn(scaled, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.setattr(netstore, "MAX_NODES", 12)         # fewer drawn than there are: the cut is kept as well
    monkeypatch.setattr(netstore, "SETTINGS", (*netstore.SETTINGS[:3], 12))
    build(scaled, tmp_path / "out", backend="rules", workers=1)
    reader = Reader(tmp_path / "out")
    got = netstore.load(reader.build)
    want, metrics = _computed(reader)
    assert got is not None and want.hidden > 0 and want.hidden_links >= 0
    assert_same_network(got, want, metrics)


def test_a_corpus_naming_nobody_keeps_an_empty_network(tmp_path):
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "hava.txt").write_text("Hava durumu\n\nYarın hava güneşli olacak. Sıcaklık artacak.\n",
                                               encoding="utf-8")
    build(tmp_path / "raw", tmp_path / "out", backend="rules", workers=1)
    reader = Reader(tmp_path / "out")
    got = netstore.load(reader.build)
    assert got is not None and got.order == 0 and len(got.drawn) == 0 and got.meetings.empty
    assert netstore.meeting_pairs(reader.build).empty
    assert_same_network(got, *_computed(reader))


def test_the_meeting_pairs_kept_are_the_pairs_of_the_sides(seed_out):
    reader = Reader(seed_out)
    pd.testing.assert_frame_equal(netstore.meeting_pairs(reader.build), nw.side_pairs(reader.column("meetings", "sides")))


def test_a_build_without_them_or_with_other_settings_has_none(seed_out, tmp_path, monkeypatch):
    old = tmp_path / "old"
    shutil.copytree(store.current_dir(seed_out), old)
    assert netstore.load(old) is not None
    monkeypatch.setattr(netstore, "MAX_NODES", netstore.MAX_NODES + 1)    # the code's default changed since the build
    assert netstore.load(old) is None
    monkeypatch.undo()
    shutil.rmtree(netstore.folder(old))
    assert netstore.load(old) is None and netstore.meeting_pairs(old) is None


def _shown(at) -> tuple:
    chart = at.get("plotly_chart")[0].proto.spec
    return chart, [frame.value for frame in at.dataframe], [c.value for c in at.caption]


@pytest.mark.parametrize("topic", [None, "Libya"])
def test_the_page_shows_the_same_with_and_without_them(seed_out, tmp_path, monkeypatch, topic):
    old = tmp_path / "processed"
    shutil.copytree(store.current_dir(seed_out), old)
    shutil.rmtree(netstore.folder(old))                           # as a build made before they were written
    shown = []
    for processed in (seed_out, old):
        monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(processed))
        at = open_app("pages/network.py", **({"topic": topic} if topic else {}))
        assert not at.exception
        shown.append(_shown(at))
    assert shown[0][0] == shown[1][0]
    for a, b in zip(shown[0][1], shown[1][1]):
        pd.testing.assert_frame_equal(a, b)
    assert shown[0][2] == shown[1][2]


@pytest.mark.parametrize("name", sorted(stored.VIEWS))
def test_views_read_as_pandas_reads_them(seed_out, name):
    """stored.frame_of (the views' reader) gives what pyarrow's to_pandas gives, nulls included."""
    table = stored.load(stored.path(store.current_dir(seed_out), name))
    pd.testing.assert_frame_equal(stored.frame_of(table), table.to_pandas())
    if table.num_rows:
        holes = pa.table({f.name: pa.chunked_array([table.column(f.name).chunk(0).slice(0, 1),
                                                    pa.nulls(1, f.type)]) for f in table.schema})
        pd.testing.assert_frame_equal(stored.frame_of(holes), holes.to_pandas())
