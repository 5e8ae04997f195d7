"""`python -m newsgraph export` run as a user would, on the real seed tables; every file read back."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest

from conftest import ROOT
from newsgraph.cli import main
from newsgraph.present.export import WHAT_FORMATS, chromium_path

NEEDS_CHROMIUM = pytest.mark.skipif(chromium_path() is None,
                                    reason="PNG/SVG export needs Chromium (Debian: apt-get install chromium)")
AKAR, SOYGU, SERRAC = "hulusi-akar", "sergey-soygu", "fayiz-es-serrac"


def export(seed_out, out, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "newsgraph", "export", "--processed", str(seed_out), "--out", str(out), *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


def ok(seed_out, out, *args: str):
    done = export(seed_out, out, *args)
    assert done.returncode == 0, done.stderr
    assert out.exists() and out.stat().st_size > 0
    return done


def karabag(seed_out, tmp_path, what: str, fmt: str):
    out = tmp_path / f"{what}.{fmt}"
    return ok(seed_out, out, "--what", what, "--format", fmt, "--topic", "Karabağ"), out


@pytest.mark.parametrize("fmt,read", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_network_graph_files_read_back(seed_out, tmp_path, fmt, read):
    out = tmp_path / f"all.{fmt}"
    done = ok(seed_out, out, "--what", "network", "--format", fmt)
    G = read(out) if fmt == "gexf" else read(out, force_multigraph=True)
    assert {AKAR, SOYGU, SERRAC} <= set(G)
    edges = list(G.get_edge_data(AKAR, SOYGU).values())
    (mention,) = [d for d in edges if d["kind"] == "co-mention"]
    assert float(mention["weight"]) == 2 and ":0; " in mention["evidence"]
    assert "phone_call" in {d.get("contact_type") for d in edges if d["kind"] == "contact"}
    assert "wrote network" in done.stdout and "contact link(s)" in done.stdout


def test_topic_karabag_keeps_only_seed_001(seed_out, tmp_path):
    _, out = karabag(seed_out, tmp_path, "network", "gexf")
    assert set(nx.read_gexf(out)) == {AKAR, SOYGU}
    _, out = karabag(seed_out, tmp_path, "mentions", "csv")
    mentions = pd.read_csv(out, encoding="utf-8-sig")
    assert set(mentions["article_id"].str[:3]) == {"001"}
    _, out = karabag(seed_out, tmp_path, "meetings", "json")
    meetings = json.loads(out.read_text(encoding="utf-8"))
    assert [m["participant_names"] for m in meetings] == [["Hulusi Akar", "Sergey Şoygu"]]
    assert meetings[0]["type"] == "phone_call" and meetings[0]["article_id"].startswith("001")


def test_network_json_and_csv(seed_out, tmp_path):
    _, out = karabag(seed_out, tmp_path, "network", "json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {n["id"] for n in data["nodes"]} == {AKAR, SOYGU}
    kinds = {d["kind"]: d for d in nx.node_link_graph(data, edges="edges").get_edge_data(AKAR, SOYGU).values()}
    assert kinds["co-mention"]["weight"] == 2 and kinds["contact"]["contact_type"] == "phone_call"
    _, out = karabag(seed_out, tmp_path, "network", "csv")
    edges = pd.read_csv(out, encoding="utf-8-sig")
    assert edges[["source_name", "target_name", "kind", "weight"]].values.tolist()[0] == \
        ["Hulusi Akar", "Sergey Şoygu", "co-mention", 2]
    assert edges[edges["kind"] == "contact"]["contact_type"].tolist() == ["phone_call"]


def test_window_min_weight_and_labels_reach_the_graph(seed_out, tmp_path):
    out = tmp_path / "places.graphml"
    ok(seed_out, out, "--what", "network", "--window", "article", "--min-weight", "2", "--label", "PER", "--label", "LOC")
    G = nx.read_graphml(out, force_multigraph=True)
    assert "moskova" in G and all(float(d["weight"]) >= 2 for *_, d in G.edges(data=True) if d["kind"] == "co-mention")
    assert G.graph["window"] == "article"


def test_entities_and_mentions_tables(seed_out, tmp_path):
    _, out = karabag(seed_out, tmp_path, "entities", "csv")
    ents = pd.read_csv(out, encoding="utf-8-sig").set_index("entity_id")
    assert ents.loc[AKAR, "mention_count"] == 4 and ents.loc[SOYGU, "name"] == "Sergey Şoygu"
    assert SERRAC not in ents.index
    _, out = karabag(seed_out, tmp_path, "entities", "json")
    assert {e["entity_id"] for e in json.loads(out.read_text(encoding="utf-8"))} == set(ents.index)
    _, out = karabag(seed_out, tmp_path, "mentions", "json")
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert {"Şoygu", "Hulusi Akar"} <= {r["surface"] for r in rows}


def test_timeline_timelinejs_and_csv(seed_out, tmp_path):
    _, out = karabag(seed_out, tmp_path, "timeline", "timelinejs")
    tl = json.loads(out.read_text(encoding="utf-8"))
    assert tl["events"] and all("start_date" in e and "text" in e for e in tl["events"])
    assert any("Şoygu" in e["text"]["headline"] for e in tl["events"])
    _, out = karabag(seed_out, tmp_path, "timeline", "csv")
    items = pd.read_csv(out, encoding="utf-8-sig")
    assert set(items["article_id"].str[:3]) == {"001"}


def test_html_exports_are_self_contained(seed_out, tmp_path):
    for what in ("network", "timeline"):
        _, out = karabag(seed_out, tmp_path, what, "html")
        page = out.read_text(encoding="utf-8")
        assert page.startswith("<!doctype html>") and "Plotly.newPlot" in page and "Şoygu" in page
        assert 'src="http' not in page                  # plotly.js inlined: opens offline


@NEEDS_CHROMIUM
@pytest.mark.parametrize("what", ["network", "timeline"])
def test_png_and_svg(seed_out, tmp_path, what):
    _, png = karabag(seed_out, tmp_path, what, "png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _, svg = karabag(seed_out, tmp_path, what, "svg")
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    texts = [t.text for t in root.iter() if t.tag.endswith("text") and t.text]
    assert f"{what.capitalize()} — topic Karabağ · 1 article" in texts     # the title line: filters and articles
    text = " ".join(t for t in root.itertext())
    assert "Akar" in text


def test_format_that_does_not_fit_is_one_line_and_exit_1(seed_out, tmp_path):
    done = export(seed_out, tmp_path / "m.gexf", "--what", "meetings", "--format", "gexf")
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert done.stderr.strip() == "newsgraph: --format gexf does not fit --what meetings; use one of: csv, json"
    assert not (tmp_path / "m.gexf").exists()



def test_every_what_names_its_formats(seed_out, tmp_path, capsys):
    for what, formats in WHAT_FORMATS.items():      # in-process: the same main() the subprocess runs
        assert main(["export", "--what", what, "--format", "pdf", "--out", str(tmp_path / "x"),
                     "--processed", str(seed_out)]) == 1
        assert capsys.readouterr().err == f"newsgraph: --format pdf does not fit --what {what}; " \
                                          f"use one of: {', '.join(formats)}\n"


def test_format_from_the_suffix_and_unknown_filter_values(seed_out, tmp_path):
    ok(seed_out, tmp_path / "net.graphml", "--what", "network", "--actor", "Hulusi Akar", "--topic", "karabag")
    assert set(nx.read_graphml(tmp_path / "net.graphml")) == {AKAR, SOYGU}
    ok(seed_out, tmp_path / "tl.json", "--what", "timeline")
    assert "events" in json.loads((tmp_path / "tl.json").read_text(encoding="utf-8"))
    done = export(seed_out, tmp_path / "x.gexf", "--what", "network", "--topic", "Kosova")
    assert done.returncode == 1 and "unknown topic 'Kosova'; known: Karabağ, Libya, İdlib" in done.stderr
    done = export(seed_out, tmp_path / "x.gexf", "--what", "network", "--from", "yesterday")
    assert done.returncode == 1 and "--from 'yesterday' is not a date" in done.stderr


def test_a_filter_that_keeps_nothing_still_writes_an_explained_figure(seed_out, tmp_path):
    out = tmp_path / "none.html"
    ok(seed_out, out, "--what", "network", "--topic", "Karabağ", "--source", "DHA")
    assert "No actors to draw: topic Karabağ, source DHA keeps no article." in out.read_text(encoding="utf-8")


def test_png_without_chromium_says_what_to_install(seed_out, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "BROWSER_PATH"}
    env["PATH"] = os.path.dirname(sys.executable)          # no chromium on this PATH
    done = export(seed_out, tmp_path / "n.png", "--what", "network", env=env)
    assert done.returncode == 1
    assert done.stderr.startswith("newsgraph: PNG/SVG export needs Chromium (Debian: apt-get install chromium)")
    assert not (tmp_path / "n.png").exists()


def test_exported_files_are_named_after_their_filters():
    from newsgraph.present.export import export_title, file_stem
    from newsgraph.views.filters import Filters
    assert file_stem("network", Filters(topics=("Karabağ",), date_from="2020-01-01", date_to="2020-12-31")) == \
        "network_Karabag_2020"
    names = {"hulusi-akar": "Hulusi Akar"}
    assert file_stem("meetings", Filters(actors=("hulusi-akar",), meeting_types=("phone_call",),
                                         date_from="2020-03-01", date_to="2020-04-15"), names) == \
        "meetings_Hulusi-Akar_phone-call_2020-03-01_2020-04-15"
    assert file_stem("timeline", Filters(topics=("İdlib", "Libya", "Karabağ"), date_from="2019-01-01",
                                         date_to="2021-12-31")) == "timeline_Idlib_Libya_and-1-more_2019-2021"
    assert file_stem("network", Filters(date_to="2020-06-30")) == "network_to-2020-06-30"
    assert export_title("Network", Filters(topics=("Karabağ",)), {}, 3) == "Network — topic Karabağ · 3 articles"


def test_a_title_line_moves_a_legend_pinned_to_the_top_below_it():
    import plotly.graph_objects as go
    from newsgraph.present.export import TITLE_PX, titled
    fig = go.Figure(layout=dict(legend=dict(yref="container", y=0.995), margin=dict(t=50)))
    out = titled(fig, "Timeline — no filter · 5 articles", height=900)
    assert out.layout.title.text == "Timeline — no filter · 5 articles" and out.layout.margin.t == 50 + TITLE_PX
    assert out.layout.legend.y == pytest.approx(0.995 - TITLE_PX / 900) and fig.layout.legend.y == 0.995
