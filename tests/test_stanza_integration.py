"""The stanza backend inside newsgraph: choosing it, refusing it without models, linking its
spans, and the build path that runs it. Turkish models cannot be downloaded here: the only
stand-ins are stanza.download (monkeypatched) and, for the build path, a pipeline object that
returns real stanza Documents (test_stanza_backend.build_doc) instead of loading weights."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT, RAW, SEED_IDS
from newsgraph import cli, settings
from newsgraph.storage import store
from newsgraph.analysis.analyze import analyze_batch, make_context
from newsgraph.jobs.build import resolve_backend
from newsgraph.ingest.rawfiles import list_raw
from newsgraph.base.errors import BuildError
from newsgraph.analysis.nlp import stanza_backend as sb
from newsgraph.analysis.nlp.link import Linker
from test_stanza_backend import akar_doc, build_doc


def test_stanza_without_models_stops_with_the_download_command(tmp_path):
    env = {"NEWSGRAPH_STANZA_DIR": str(tmp_path / "models"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "newsgraph", "build", "--backend", "stanza", "--out", str(tmp_path / "o")],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "python -m newsgraph models download" in lines[0]
    assert not (tmp_path / "o").exists()


def test_auto_falls_back_to_rules_and_says_how_to_switch(seed_out, monkeypatch, tmp_path):
    monkeypatch.setattr(settings, "STANZA_DIR", tmp_path / "none")
    assert resolve_backend("auto") == "rules"
    manifest = store.read_manifest(seed_out)
    assert manifest["backend"] == "rules"
    assert "python -m newsgraph models download" in manifest["backend_note"]


def test_auto_picks_stanza_when_models_are_present(monkeypatch, tmp_path):
    models = tmp_path / "stanza"
    for proc in ("tokenize", "mwt", "pos", "lemma", "ner"):
        (models / "tr" / proc).mkdir(parents=True)
        (models / "tr" / proc / "x.pt").write_bytes(b"")
    (models / "resources.json").write_text("{}")
    monkeypatch.setattr(settings, "STANZA_DIR", models)
    assert sb.models_present(models)
    assert resolve_backend("auto") == "stanza"
    with pytest.raises(BuildError, match="unknown backend"):
        resolve_backend("spacy")


def test_models_download_command(monkeypatch, tmp_path, capsys):
    calls = []
    import stanza
    monkeypatch.setattr(stanza, "download", lambda **kw: calls.append(kw))
    assert cli.main(["models", "download", "--dir", str(tmp_path / "m")]) == 0
    assert calls and calls[0]["lang"] == "tr" and "ner" in calls[0]["processors"]
    assert "--backend stanza" in capsys.readouterr().out

    def fail(**kw):
        raise ConnectionError("huggingface.co unreachable")
    monkeypatch.setattr(stanza, "download", fail)
    assert cli.main(["models", "download", "--dir", str(tmp_path / "m")]) == 1
    progress, error = capsys.readouterr().err.strip().splitlines()
    assert progress.startswith("downloading stanza Turkish models")
    assert error.startswith("newsgraph: stanza model download failed (ConnectionError")


def test_stanza_spans_are_linked_through_the_registry(registry):
    doc = akar_doc()
    spans = sb.spans_from_doc(doc)
    mentions = Linker(registry).link_spans(doc.text, spans, [0])
    got = [(m.surface, m.suffix, m.label, m.entity_id) for m in mentions]
    assert got == [("Hulusi Akar", "", "PER", "hulusi-akar"), ("Rusya", "", "LOC", "rusya"),
                   ("Sergey Şoygu", "'ya", "PER", "sergey-soygu")]


class DocumentsPipeline:
    """Stands in for stanza.Pipeline (whose Turkish weights cannot be downloaded here): it
    returns, for each Document it is given, a real stanza Document whose NER tags mark the
    registry names of that text — so the build's stanza path runs end to end on real objects."""

    def __init__(self, registry):
        from newsgraph.analysis.nlp.rules import RulesNER
        self.ner = RulesNER(registry)

    def __call__(self, docs):
        out = []
        for d in docs:
            items, text = [], d.text
            for m in self.ner.find(text):
                if m.method != "registry":
                    continue
                label = {"PER": "PERSON", "LOC": "LOCATION", "ORG": "ORGANIZATION"}[m.label]
                words = m.surface.split()
                if len(words) == 1:
                    items.append((m.surface + m.suffix, f"S-{label}", [m.surface, m.suffix]) if m.suffix
                                 else (m.surface, f"S-{label}"))
                else:
                    tags = [f"B-{label}"] + [f"I-{label}"] * (len(words) - 2) + [f"E-{label}"]
                    items += [(w, t) for w, t in zip(words[:-1], tags)]
                    items.append((words[-1] + m.suffix, tags[-1], [words[-1], m.suffix]) if m.suffix else (words[-1], tags[-1]))
            out.append(build_doc(text, [items]) if items else build_doc(text, [[(text.split()[0], "O")]]))
        return out


def test_build_path_with_the_stanza_backend(registry):
    files, _ = list_raw(RAW)
    ctx = make_context(registry, "stanza")
    ctx.stanza = DocumentsPipeline(registry)
    rows = analyze_batch(files, ctx)
    assert [r.article_id for r in rows] == SEED_IDS
    mentions = [m for r in rows for m in r.mentions]
    assert {m["backend"] for m in mentions} == {"stanza"}
    one = next(r for r in rows if r.article_id.startswith("001"))
    people = {m["entity_id"] for m in one.mentions if m["label"] == "PER"}
    assert people == {"hulusi-akar", "sergey-soygu"}
    assert any(m["surface"] == "Şoygu" and m["suffix"] == "'ya" for m in one.mentions)
    assert {frozenset(m["participants"]) for m in one.meetings} == {frozenset({"hulusi-akar", "sergey-soygu"})}
    json.dumps([m for r in rows for m in r.meetings], default=str)
