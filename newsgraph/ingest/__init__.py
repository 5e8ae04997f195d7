"""Ingest: one raw file's bytes → a clean article (text, title, source, date line, flags).

Raw files are never rewritten; everything here works on a copy in memory.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from newsgraph.base.errors import IngestError
from newsgraph.ingest import header as hdr
from newsgraph.ingest.clean import drop_repeats, normalize_text, paragraph_key, split_glued, split_paragraphs
from newsgraph.ingest.decode import decode_bytes
from newsgraph.ingest.markup import html_to_text, looks_like_html, strip_markdown
from newsgraph.ingest.rawfiles import read_article_bytes
from newsgraph.ingest.repair import has_letter_damage, repair_double_utf8, repair_letter_damage
from newsgraph.ingest.segment import DEFAULT_ABBREVIATIONS, PARAGRAPH_SEP, segment

DEFAULT_OUTLETS = ("AA", "DHA", "İHA", "ANKA", "Reuters", "AFP", "AP", "Sputnik", "TASS")
DEFAULT_BYLINE_ROLES = ("Kamera", "Muhabir", "Haber", "Foto", "Fotoğraf", "Görüntü", "Editör", "Yazan")
TITLE_MAX = 200


@dataclass(frozen=True)
class IngestConfig:
    """The word lists ingest needs (normally from data/lexicon.yaml and the registry)."""

    outlets: tuple[str, ...] = DEFAULT_OUTLETS
    byline_roles: tuple[str, ...] = DEFAULT_BYLINE_ROLES
    places: frozenset[str] = frozenset()          # folded place names: "ANKARA –" is a dateline
    abbreviations: frozenset[str] = DEFAULT_ABBREVIATIONS


@dataclass
class Ingested:
    """A cleaned article, ready for segmentation and NLP."""

    article_id: str
    text: str
    sha256: str
    encoding: str
    path: str = ""
    title: str | None = None
    title_derived: bool = False
    source: str | None = None
    byline: str | None = None
    dateline: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_basis: str | None = None
    tags: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)


def _to_plain(text: str, suffix: str, flags: list[str]) -> tuple[str, str | None]:
    """Strip HTML or markdown markup; return (text, HTML <title> if any)."""
    html_title = None
    if suffix in (".html", ".htm") or looks_like_html(text):
        text, html_title, active = html_to_text(text)
        flags.append("markup_removed")
        if active:
            flags.append("active_content_removed")
    text, changed = strip_markdown(text)
    if changed and "markup_removed" not in flags:
        flags.append("markup_removed")
    return text, html_title


STAMP_MAX = 60                # a date stamp line is short
_BYLINE_NAME = re.compile(r"[A-ZÇĞİÖŞÜ][a-zçğıöşü]+(?:\s+[A-ZÇĞİÖŞÜ][a-zçğıöşüA-ZÇĞİÖŞÜ]+){1,2}")
_UPDATED = re.compile(r"Güncelle|\|")
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b(?![.:]\d)")
_DAY_MONTH = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2}\s*(?:Ocak|Şubat|Mart|Nisan|Mayıs|Haziran|Temmuz|Ağustos|"
                        r"Eylül|Ekim|Kasım|Aralık)\s+\d{4}")


def _split_header(paragraphs: list[str], config: IngestConfig, head: hdr.Header) -> list[str]:
    """Move title, date line, byline, outlet and tags out of the paragraphs."""
    body, glued = hdr.take_date_lines(list(paragraphs), config.byline_roles, config.outlets, head)
    if not glued and len(body) > 1 and hdr.looks_like_title(body[0]):
        head.title, body = body[0], body[1:]
    if body:
        body[0] = hdr.take_lead_outlet(body[0], config.outlets, config.places, head)
    return hdr.take_trailer(_drop_stamps([p for p in body if p.strip()]), head)


def _drop_stamps(body: list[str]) -> list[str]:
    """A line that is only a date (and time) inside the text ("30-10-2019 05:02" under a repeated
    headline) is a stamp of the page, not a date of the story; far from the top it does not date
    the article either. Labelled lines ("Yayın tarihi: …") are left to the trailer. A line that
    is only a person's name is a byline."""
    kept: list[str] = []
    for p in body:
        if kept and _BYLINE_NAME.fullmatch(p.strip()):
            continue                  # a paragraph that is only a name ("Hakan Öksüz"): a byline, never an actor
        dated = hdr.read_date_line(p) if kept and len(p) < STAMP_MAX else None
        stamp = dated and not dated[1] and not any(st.labelled for st in dated[0])
        if not stamp and kept and len(p) < STAMP_MAX and not p.rstrip().endswith(".") \
                and (_CLOCK.search(p) or _UPDATED.search(p)) and _DAY_MONTH.search(p):
            stamp = True              # "AA6 Ekim 2023 Cuma 12:55 - Güncelleme:", "Ad Soyad | 01.10.2025 - Güncelleme : …"
        if not stamp:
            kept.append(p)
    return kept


def _derived_title(text: str, abbreviations: frozenset[str]) -> str:
    """The first sentence, cut at a word boundary when long."""
    first = segment(text, abbreviations)[0]
    title = text[first.start:first.end].rstrip(".")
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return title


def ingest_bytes(data: bytes, article_id: str, suffix: str = ".txt", config: IngestConfig = IngestConfig()) -> Ingested:
    """Decode, clean and split one raw article; raise IngestError when it has no text."""
    text, encoding, flags = decode_bytes(data)
    text, fixed, garbled = repair_double_utf8(text)
    if garbled:
        flags.append("mojibake_not_repaired")
    elif fixed >= 2 and not encoding.startswith("utf"):
        flags.append("mixed_encodings")        # UTF-8 text inside a single-byte file, read as such
    elif fixed >= 2:
        flags.append("mojibake_repaired")
    text, html_title = _to_plain(text, suffix.lower(), flags)
    paragraphs = split_paragraphs(normalize_text(text))
    if has_letter_damage(text):
        paragraphs, _ = repair_letter_damage(paragraphs)
        flags.append("mojibake_repaired") if not {"mojibake_repaired", "mojibake_not_repaired"} & set(flags) else None
    head = hdr.Header()
    body = _split_header(paragraphs, config, head)
    head.title = head.title or html_title
    body = [q for p in body for q in split_glued(p)]
    body, dropped = drop_repeats(body, {paragraph_key(head.title)} if head.title else set())
    if dropped:
        flags.append("duplicate_paragraphs_removed")
    if not any(ch.isalnum() for p in body for ch in p):
        raise IngestError("no article text left after removing markup and header lines")
    text = PARAGRAPH_SEP.join(body)
    art = Ingested(article_id=article_id, text=text, sha256=hashlib.sha256(data).hexdigest(),
                   encoding=encoding, title=head.title, source=head.source, byline=head.byline,
                   dateline=head.dateline, published=head.published,
                   published_precision=head.published_precision,
                   published_basis="stated" if head.published else None, tags=head.tags, flags=flags)
    if not art.title:
        art.title, art.title_derived = _derived_title(text, config.abbreviations), True
    return art


def ingest_file(path: Path, raw_root: Path | None = None, config: IngestConfig = IngestConfig()) -> Ingested:
    """Read and ingest one raw file; the article_id is the file's stem."""
    art = ingest_bytes(read_article_bytes(path), path.stem, path.suffix, config)
    art.path = str(path.relative_to(raw_root)) if raw_root else path.name
    return art
