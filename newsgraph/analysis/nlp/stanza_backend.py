"""Stanza NER backend: Turkish named entities from the stanza neural pipeline.

How to enable it
----------------
The rules backend needs nothing; this one needs the stanza Turkish models (tokenize, mwt,
pos, lemma and the "starlang" NER model with their pretrained vectors), downloaded once::

    python -m newsgraph models download --dir data/models/stanza

(the default directory is ``settings.STANZA_DIR``, overridable with NEWSGRAPH_STANZA_DIR).
Then build with ``python -m newsgraph build --backend stanza``. ``--backend auto`` uses
stanza when :func:`models_present` is true for that directory and falls back to the rules
backend otherwise; ``--backend stanza`` without models fails with
:class:`StanzaModelsMissing`, whose one-line message gives the download command.

What the adapter does
---------------------
The Turkish NER model emits PERSON, LOCATION and ORGANIZATION in BIOES tags. Stanza puts NER
tags on Tokens, not Words: for a multi-word token such as "Şoygu'ya" (split by the mwt
processor into the words "Şoygu" + "'ya") the tag sits on the range entry, the token dict
whose id is a range such as (11, 12), so ``doc.ents`` spans cover the whole token, suffix
included. :func:`spans_from_doc` cuts each span at its first apostrophe (straight or
curly), keeping "Şoygu" as the surface and "'ya" as the suffix, so offsets match what the
rules backend and the linker expect.

stanza (and torch) are imported inside the functions: rules-only users never pay for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from newsgraph.settings import STANZA_BATCH_SIZE, STANZA_LANG, STANZA_PROCESSORS
from newsgraph.base.textnorm import normalize_apostrophes

LABEL_MAP = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
LABELS = ("PER", "LOC", "ORG", "MISC")
# tokenize finds the tokens and their offsets; ner finds the entities. Without both there
# is nothing to run (the others are checked by stanza itself when the pipeline loads).
REQUIRED_PROCESSORS = tuple(STANZA_PROCESSORS.split(","))     # every processor the pipeline loads


@dataclass(frozen=True)
class ModelSpan:
    """One entity found by the model, cut before its case suffix."""

    start: int
    end: int
    surface: str
    suffix: str
    label: str


class StanzaModelsMissing(RuntimeError):
    """The stanza Turkish models are not in the model directory."""

    def __init__(self, model_dir: Path):
        self.model_dir = Path(model_dir)
        super().__init__(
            f"stanza Turkish models not found in {self.model_dir}; "
            f"run: python -m newsgraph models download --dir {self.model_dir}"
        )


def models_present(model_dir: Path) -> bool:
    """True when resources.json and a model for every processor of the pipeline are in model_dir."""
    model_dir = Path(model_dir)
    if not (model_dir / "resources.json").is_file():
        return False
    lang_dir = model_dir / STANZA_LANG
    return all(any((lang_dir / proc).glob("*.pt")) for proc in REQUIRED_PROCESSORS)


def download_models(model_dir: Path) -> Path:
    """Download the Turkish models for STANZA_PROCESSORS into model_dir; return it."""
    import stanza

    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    # stanza rejects a Path for model_dir (resources/common.py process_pipeline_parameters)
    stanza.download(lang=STANZA_LANG, model_dir=str(model_dir), processors=STANZA_PROCESSORS)
    return model_dir


def make_pipeline(model_dir: Path) -> Any:
    """Load the stanza Turkish pipeline from model_dir, never downloading anything."""
    if not models_present(model_dir):
        raise StanzaModelsMissing(model_dir)
    import stanza

    return stanza.Pipeline(
        STANZA_LANG,
        dir=str(model_dir),
        processors=STANZA_PROCESSORS,
        download_method=None,
        use_gpu=False,
        logging_level="WARN",
    )


def _label(kind: Optional[str]) -> Optional[str]:
    """Map a stanza entity type to PER/LOC/ORG/MISC, or None for types we do not keep."""
    if kind in LABEL_MAP:
        return LABEL_MAP[kind]
    return kind if kind in LABELS else None


def _cut_suffix(text: str) -> tuple[str, str]:
    """Split entity text at its first apostrophe: "Şoygu’ya" → ("Şoygu", "’ya")."""
    cut = normalize_apostrophes(text).find("'")  # same length, so the index fits text
    if cut < 0:
        return text, ""
    return text[:cut].rstrip(), text[cut:]


def _span(ent: Any) -> Optional[ModelSpan]:
    """Turn one stanza Span into a ModelSpan, or None if it cannot be anchored or kept."""
    label = _label(ent.type)
    if label is None or ent.start_char is None or not ent.text:
        return None
    surface, suffix = _cut_suffix(ent.text)
    if not surface:  # the model tagged a bare suffix token such as "'le"
        return None
    return ModelSpan(ent.start_char, ent.start_char + len(surface), surface, suffix, label)


def spans_from_doc(doc: Any) -> list[ModelSpan]:
    """Adapt an annotated stanza Document's entities to ModelSpans with document offsets."""
    spans = (_span(ent) for ent in doc.ents)
    return [span for span in spans if span is not None]


def annotate(
    texts: list[str],
    pipeline: Callable[[list], list],
    batch_size: int = STANZA_BATCH_SIZE,
    progress: Optional[Callable[[int], None]] = None,
) -> list[list[ModelSpan]]:
    """Run the pipeline over texts in bulk batches; one list of spans per text."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    from stanza.models.common.doc import Document

    results: list[list[ModelSpan]] = []
    for first in range(0, len(texts), batch_size):
        # a list of Documents puts stanza in bulk mode (pipeline/core.py Pipeline.process)
        docs = pipeline([Document([], text=t) for t in texts[first:first + batch_size]])
        results.extend(spans_from_doc(doc) for doc in docs)
        if progress is not None:
            progress(len(results))
    return results
