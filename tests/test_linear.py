"""Issue #21: reading and analysing an article takes time in proportion to its length.

The shortcuts that made it so (one-pass scans, bisection, indexes) are checked against their
plain definitions — the regexes and scans they replace — on the seeds and on generated
pathological inputs; how the time grows is measured by `make bench` (step "pathological",
benchmarks/pathological.py), not here.
"""
from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings, strategies as st

from benchmarks.pathological import markup, unpunctuated
from conftest import SEEDS
from newsgraph.ingest import clean
from newsgraph.ingest.markup import _TextExtractor, html_to_text, strip_markdown, strip_markdown_plain
from newsgraph.ingest.repair import repair_letter_damage
from newsgraph.ingest.segment import MAX_SENTENCE_CHARS, segment
from test_upload import HOSTILE_HTML

FRAGMENTS = ["[", "]", "(", ")", "![", "](", "][", "](<", "<", ">", "*", "**", "__", "_", "`", "#", " ", "\n", '"',
             " \"t\"", "a", "Ş", "x)", "[t](u)", "[t][r]", "![i](s)", "**a**", "KELİME ", "AB'NİN ", "Ardından", ".",
             "'", "-", ",", ":", "1", "”"]
fragments = st.lists(st.sampled_from(FRAGMENTS), max_size=60).map("".join)
PATHOLOGICAL = ["[" * 3000 + "a" + "]" * 3000 + "(b)", "**a " * 2000, "![a](" * 2000, "[a](<" * 2000 + ">",
                '[a](x "' * 2000, "[[a][" * 2000, "__a " * 2000, "KELİME " * 2000 + "ABcd", "A" * 8000 + "Bcd",
                "1" + "A'" * 3000 + " B C Dxyz", markup(16_000), unpunctuated(16_000)]

# -- ingest --------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [p.read_text(encoding="utf-8", errors="replace") for p in SEEDS] + PATHOLOGICAL)
def test_markdown_scans_give_what_the_regexes_give(text):
    assert strip_markdown(text) == strip_markdown_plain(text)


@settings(max_examples=400, deadline=None)
@given(fragments)
def test_markdown_scans_give_what_the_regexes_give_on_any_fragments(text):
    assert strip_markdown(text) == strip_markdown_plain(text)


_UP, _LOW = "A-ZÇĞİÖŞÜ", "a-zçğıöşü"
_CAPS_WORD = rf"[{_UP}][{_UP}0-9'-]+"
PLAIN_CLEAN = {   # clean.py's patterns before they were made linear: the definitions
    "_GLUED_HEADLINE": re.compile(rf"((?:{_CAPS_WORD}[,:]?\s+){{3,}}[{_UP}]+?)(?=[{_UP}][{_LOW}]{{2}})"),
    "_HEADLINE_START": re.compile(rf"([.!?\"”]|(?<=[.!?])['’]|['’](?![{_UP}{_LOW}]))\s*(?=(?:{_CAPS_WORD}\s+){{3,}})"),
    "_CAPS_RUN": re.compile(rf"[{_UP}][{_UP}]+\s+[{_UP}]{{2,}}\s+[{_UP}]{{2,}}"),
}


@settings(max_examples=400, deadline=None)
@given(fragments)
def test_glued_headlines_are_split_as_the_plain_patterns_split_them(text):
    plain = {name: getattr(clean, name) for name in PLAIN_CLEAN}
    try:
        fast = clean.split_glued(text)
        for name, pattern in PLAIN_CLEAN.items():
            setattr(clean, name, pattern)
        assert fast == clean.split_glued(text)
    finally:
        for name, pattern in plain.items():
            setattr(clean, name, pattern)


def _parts(page: str, end) -> list[str]:
    parser = _TextExtractor()
    parser.feed(page)
    end(parser)
    return parser.parts


def test_html_that_never_closes_is_text_and_a_page_that_closes_reads_as_before():
    text, _, _ = html_to_text("<p>Erdoğan</p>" + "<a " * 3000)
    assert text.split() == ["Erdoğan"] + ["<a"] * 3000          # what HTMLParser.close() gave, in one pass
    assert html_to_text("<p>x</p><![_- y>z")[0].split() == ["x", "z"]   # a marked section it cannot name: no AssertionError
    for page in (HOSTILE_HTML, "<html><body><h1>Başlık</h1><p>Putin &amp; Erdoğan</p><!-- not text --></body></html>"):
        assert _parts(page, _TextExtractor.finish) == _parts(page, _TextExtractor.close)


def test_a_long_damaged_paragraph_is_repaired_sentence_by_sentence():
    damaged = next(p for p in SEEDS if "ř" in p.read_text(encoding="utf-8", errors="replace"))
    lines = [ln for ln in damaged.read_text(encoding="utf-8").splitlines() if ln.count("ř") >= 2 and ln.endswith(".")]
    one = repair_letter_damage(lines[:1])[0][0]
    many = repair_letter_damage([" ".join(lines[:1] * 200)])[0][0]
    assert one != lines[0] and many == " ".join([one] * 200)   # each copy as the one alone: linear, and the same


# -- segmentation ---------------------------------------------------------------------------------

def test_a_sentence_without_end_is_cut_at_the_documented_length():
    words = [random.Random(i).choice(["görüştü", "Erdoğan", "ve", "Libya'da", "ateşkes"]) for i in range(3000)]
    text = " ".join(words)
    sents = segment(text)
    spans = [text[s.start:s.end] for s in sents]
    assert all(len(s) <= MAX_SENTENCE_CHARS for s in spans) and len(sents) >= len(text) // MAX_SENTENCE_CHARS
    assert " ".join(spans).split() == words                    # cut at spaces: every word whole, in order
    assert all(MAX_SENTENCE_CHARS - len(s) < 10 for s in spans[:-1])   # at the last space before the limit
    word = "a" * (2 * MAX_SENTENCE_CHARS + 5)
    assert [(s.start, s.end) for s in segment(word)] == [(0, 1000), (1000, 2000), (2000, 2005)]   # no space: a hard cut
    short = "Erdoğan, Putin ile görüştü. İki lider Libya'yı ele aldı."
    assert [short[s.start:s.end] for s in segment(short)] == ["Erdoğan, Putin ile görüştü.", "İki lider Libya'yı ele aldı."]
