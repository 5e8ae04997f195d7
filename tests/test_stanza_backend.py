"""Tests for the stanza NER backend, on real stanza Documents built from token dicts.

The Turkish models cannot be downloaded here, so nothing below loads one. The adapter is
exercised on real ``stanza.models.common.doc.Document`` objects built the way stanza's
tokenize/mwt/ner processors build them: CoNLL-U-like token dicts, a range entry for each
multi-word token carrying the NER tag, offsets either as keys or in ``misc``.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from stanza.models.common.doc import Document

from newsgraph.analysis.nlp import stanza_backend as sb
from newsgraph.analysis.nlp.stanza_backend import ModelSpan, StanzaModelsMissing

AKAR = "Milli Savunma Bakanı Hulusi Akar, Rusya Savunma Bakanı Sergey Şoygu'ya teşekkür etti."


def build_doc(text: str, sentences: list[list[tuple]], offsets_in_misc: bool = False) -> Document:
    """A real Document from (surface, ner[, words]) items; words make a multi-word token."""
    pos, built = 0, []
    for items in sentences:
        entries, word_id = [], 1
        for surface, ner, *words in items:
            start = text.index(surface, pos)
            pos = start + len(surface)
            entry = {"text": surface, "ner": ner}
            if offsets_in_misc:
                entry["misc"] = f"start_char={start}|end_char={pos}"
            else:
                entry.update(start_char=start, end_char=pos)
            words = words[0] if words else [surface]
            last = word_id + len(words) - 1
            entry["id"] = (word_id, last) if len(words) > 1 else (word_id,)
            entries.append(entry)
            if len(words) > 1:
                entries += [{"id": (word_id + k,), "text": w} for k, w in enumerate(words)]
            word_id = last + 1
        built.append(entries)
    return Document(built, text=text)


def akar_doc(offsets_in_misc: bool = False) -> Document:
    """The Akar–Şoygu sentence, with "Şoygu'ya" as a multi-word token tagged on its range."""
    return build_doc(AKAR, [[
        ("Milli", "O"), ("Savunma", "O"), ("Bakanı", "O"),
        ("Hulusi", "B-PERSON"), ("Akar", "E-PERSON"), (",", "O"),
        ("Rusya", "S-LOCATION"), ("Savunma", "O"), ("Bakanı", "O"),
        ("Sergey", "B-PERSON"), ("Şoygu'ya", "E-PERSON", ["Şoygu", "'ya"]),
        ("teşekkür", "O"), ("etti", "O"), (".", "O"),
    ]], offsets_in_misc)


def check_offsets(text: str, spans: list[ModelSpan]) -> None:
    """Every span's surface is the document text at its offsets, and the suffix follows it."""
    for span in spans:
        assert text[span.start:span.end] == span.surface
        assert text[span.end:span.end + len(span.suffix)] == span.suffix


# --- the adapter -------------------------------------------------------------------------

@pytest.mark.parametrize("offsets_in_misc", [False, True])
def test_akar_sentence_spans(offsets_in_misc):
    spans = sb.spans_from_doc(akar_doc(offsets_in_misc))
    start = AKAR.index("Sergey")
    assert spans == [
        ModelSpan(21, 32, "Hulusi Akar", "", "PER"),
        ModelSpan(34, 39, "Rusya", "", "LOC"),
        ModelSpan(start, start + len("Sergey Şoygu"), "Sergey Şoygu", "'ya", "PER"),
    ]
    check_offsets(AKAR, spans)


def test_mwt_tag_sits_on_the_range_token_and_ents_include_the_suffix():
    doc = akar_doc()
    token = doc.sentences[0].tokens[10]
    assert token.id == (11, 12)
    assert [w.text for w in token.words] == ["Şoygu", "'ya"]
    assert token.ner == "E-PERSON"
    assert doc.ents[-1].text == "Sergey Şoygu'ya"  # what the adapter has to cut


def test_ner_on_the_words_of_a_mwt_is_ignored_by_stanza():
    text = "Şoygu'ya teşekkür etti."
    entries = [
        {"id": (1, 2), "text": "Şoygu'ya", "ner": "O", "start_char": 0, "end_char": 8},
        {"id": (1,), "text": "Şoygu", "ner": "S-PERSON"},
        {"id": (2,), "text": "'ya"},
        {"id": (3,), "text": "teşekkür", "ner": "O", "start_char": 9, "end_char": 17},
        {"id": (4,), "text": "etti", "ner": "O", "start_char": 18, "end_char": 22},
        {"id": (5,), "text": ".", "ner": "O", "start_char": 22, "end_char": 23},
    ]
    assert sb.spans_from_doc(Document([entries], text=text)) == []


def test_single_token_location_mwt_in_second_sentence_has_document_offsets():
    text = "Akar konuştu. Görüşme Moskova'da yapıldı."
    doc = build_doc(text, [
        [("Akar", "S-PERSON"), ("konuştu", "O"), (".", "O")],
        [("Görüşme", "O"), ("Moskova'da", "S-LOCATION", ["Moskova", "'da"]),
         ("yapıldı", "O"), (".", "O")],
    ])
    spans = sb.spans_from_doc(doc)
    moskova = text.index("Moskova")
    assert spans == [
        ModelSpan(0, 4, "Akar", "", "PER"),
        ModelSpan(moskova, moskova + 7, "Moskova", "'da", "LOC"),
    ]
    check_offsets(text, spans)


@pytest.mark.parametrize("as_mwt", [False, True])
def test_multi_token_organization_with_suffix_on_last_token(as_mwt):
    text = "Ulusal Mutabakat Hükümeti'nin Başbakanı konuştu."
    last = ("Hükümeti'nin", "E-ORGANIZATION") + ((["Hükümeti", "'nin"],) if as_mwt else ())
    doc = build_doc(text, [[
        ("Ulusal", "B-ORGANIZATION"), ("Mutabakat", "I-ORGANIZATION"), last,
        ("Başbakanı", "O"), ("konuştu", "O"), (".", "O"),
    ]])
    assert sb.spans_from_doc(doc) == [
        ModelSpan(0, 25, "Ulusal Mutabakat Hükümeti", "'nin", "ORG"),
    ]


def test_curly_apostrophe_counts_as_apostrophe():
    text = "Çavuşoğlu, Fayiz es-Serrac’la görüştü."
    doc = build_doc(text, [[
        ("Çavuşoğlu", "S-PERSON"), (",", "O"), ("Fayiz", "B-PERSON"),
        ("es-Serrac’la", "E-PERSON", ["es-Serrac", "’la"]), ("görüştü", "O"), (".", "O"),
    ]])
    spans = sb.spans_from_doc(doc)
    assert spans[1] == ModelSpan(11, 26, "Fayiz es-Serrac", "’la", "PER")
    check_offsets(text, spans)


def test_suffix_as_separate_token_outside_the_entity():
    text = "Erdoğan, Putin'le görüştü."
    doc = build_doc(text, [[
        ("Erdoğan", "S-PERSON"), (",", "O"), ("Putin", "S-PERSON"), ("'le", "O"),
        ("görüştü", "O"), (".", "O"),
    ]])
    assert sb.spans_from_doc(doc) == [
        ModelSpan(0, 7, "Erdoğan", "", "PER"),
        ModelSpan(9, 14, "Putin", "", "PER"),
    ]


def test_suffix_as_separate_token_inside_the_entity_is_cut():
    text = "Erdoğan, Putin'le görüştü."
    doc = build_doc(text, [[
        ("Erdoğan", "O"), (",", "O"), ("Putin", "B-PERSON"), ("'le", "E-PERSON"),
        ("görüştü", "O"), (".", "O"),
    ]])
    assert sb.spans_from_doc(doc) == [ModelSpan(9, 14, "Putin", "'le", "PER")]


def test_entity_that_is_only_a_suffix_is_dropped():
    text = "Putin 'le görüştü."
    doc = build_doc(text, [[("Putin", "O"), ("'le", "S-PERSON"), ("görüştü", "O"), (".", "O")]])
    assert sb.spans_from_doc(doc) == []


def test_labels_short_forms_kept_unknown_types_dropped():
    text = "Akar Ankara NATO Kurban 2020"
    doc = build_doc(text, [[
        ("Akar", "S-PER"), ("Ankara", "S-LOC"), ("NATO", "S-ORG"), ("Kurban", "S-MISC"),
        ("2020", "S-DATE"),
    ]])
    assert [(s.surface, s.label) for s in sb.spans_from_doc(doc)] == [
        ("Akar", "PER"), ("Ankara", "LOC"), ("NATO", "ORG"), ("Kurban", "MISC"),
    ]


def test_model_span_is_frozen():
    span = ModelSpan(0, 4, "Akar", "", "PER")
    with pytest.raises(AttributeError):
        span.start = 1  # type: ignore[misc]


# --- annotate ----------------------------------------------------------------------------

class RecordedPipeline:
    """Stands in for the stanza Turkish pipeline, whose weights cannot be downloaded here.

    It is not a mock of stanza: it receives the real Documents annotate builds, checks they
    are bulk input (a list of Documents with only text), and returns real stanza Documents
    tagged the way the model tags them, so the adapter code path is the real one.
    """

    def __init__(self, annotated: dict[str, Document]):
        self.annotated = annotated
        self.batches: list[list[str]] = []

    def __call__(self, docs: list[Document]) -> list[Document]:
        assert all(isinstance(d, Document) and not d.sentences for d in docs)
        self.batches.append([d.text for d in docs])
        return [self.annotated[d.text] for d in docs]


def small_doc(name: str) -> Document:
    """'<name>'a teşekkür etti.' with the name as a PERSON multi-word token."""
    token = f"{name}'a"
    return build_doc(f"{token} teşekkür etti.", [[
        (token, "S-PERSON", [name, "'a"]), ("teşekkür", "O"), ("etti", "O"), (".", "O"),
    ]])


def test_annotate_batches_and_reports_progress():
    names = ["Akar", "Lavrov", "Putin", "Hafter", "Serrac"]
    docs = {d.text: d for d in map(small_doc, names)}
    texts = list(docs)
    pipeline, done = RecordedPipeline(docs), []
    result = sb.annotate(texts, pipeline, batch_size=2, progress=done.append)
    assert pipeline.batches == [texts[0:2], texts[2:4], texts[4:5]]
    assert done == [2, 4, 5]
    assert [[(s.surface, s.suffix, s.start, s.end) for s in spans] for spans in result] == [
        [(name, "'a", 0, len(name))] for name in names
    ]


def test_annotate_with_no_texts_calls_nothing():
    pipeline, done = RecordedPipeline({}), []
    assert sb.annotate([], pipeline, progress=done.append) == []
    assert pipeline.batches == [] and done == []


def test_annotate_rejects_a_zero_batch_size():
    with pytest.raises(ValueError, match="batch_size"):
        sb.annotate(["x"], RecordedPipeline({}), batch_size=0)


# --- models on disk ----------------------------------------------------------------------

def make_model_files(root: Path, processors=sb.REQUIRED_PROCESSORS) -> Path:
    """Lay out the files stanza.download writes: resources.json and tr/<proc>/<pkg>.pt."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "resources.json").write_text("{}", encoding="utf-8")
    for proc in processors:
        (root / "tr" / proc).mkdir(parents=True)
        (root / "tr" / proc / "x.pt").write_bytes(b"")
    return root


def test_models_present_false_on_empty_dir(tmp_path):
    assert not sb.models_present(tmp_path)
    assert not sb.models_present(tmp_path / "missing")


def test_models_present_needs_resources_and_every_processor(tmp_path):
    assert sb.models_present(make_model_files(tmp_path / "full"))
    assert not sb.models_present(make_model_files(tmp_path / "no_ner", ("tokenize", "mwt", "pos", "lemma")))
    assert not sb.models_present(make_model_files(tmp_path / "no_mwt", ("tokenize", "ner")))
    no_json = make_model_files(tmp_path / "no_json")
    (no_json / "resources.json").unlink()
    assert not sb.models_present(no_json)


def test_make_pipeline_without_models_names_the_download_command(tmp_path):
    with pytest.raises(StanzaModelsMissing) as info:
        sb.make_pipeline(tmp_path)
    message = str(info.value)
    assert "\n" not in message
    assert "python -m newsgraph models download" in message
    assert str(tmp_path) in message
    assert isinstance(info.value, RuntimeError)


def test_download_models_asks_stanza_for_turkish(tmp_path, monkeypatch):
    import stanza

    calls = []
    # the one mock: a real download needs HuggingFace, which is unreachable here
    monkeypatch.setattr(stanza, "download", lambda **kw: calls.append(kw))
    target = tmp_path / "models"
    assert sb.download_models(target) == target
    assert target.is_dir()
    assert calls == [{"lang": "tr", "model_dir": str(target),
                      "processors": "tokenize,mwt,pos,lemma,ner"}]


def test_importing_the_backend_does_not_import_stanza_or_torch():
    code = ("import sys, newsgraph.analysis.nlp.stanza_backend; "
            "print('stanza' in sys.modules, 'torch' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                         text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
