"""The fast paths of the contacts stage give what the plain versions they replace give.

Each test keeps the plain version as the reference and compares on the text of the seed
articles and the construction cases, and on strings built to hit the edge cases.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml

from newsgraph.analysis.contacts import ContactExtractor
from newsgraph.analysis.contacts.extract import outside_earlier
from newsgraph.analysis.contacts.phrases import Phrase, _delegation_pattern, delegation_matches
from newsgraph.analysis.contacts.triggers import _CLAUSE_STATUS, CLAUSE_STATUS_WORDS
from newsgraph.base.registry import load_registry
from newsgraph.base.textnorm import tr_lower, word_search
from newsgraph.ingest import ingest_file

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def extractor() -> ContactExtractor:
    return ContactExtractor(load_registry())


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The seed articles' bodies and the construction cases' texts, lower-cased, line by line."""
    found = [ingest_file(p).text for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "constructions").glob("*.yaml")):
        found += [case["text"] for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
    return [tr_lower(line) for text in found for line in text.splitlines() if line.strip()]


def _spans(matches) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in matches]


def _made_up(extractor: ContactExtractor, n: int, seed: int = 11) -> list[str]:
    """Sentences of demonyms, head words, lists, adjectives and noise in random order."""
    rnd = random.Random(seed)
    demonyms = [tr_lower(d) for d, _ in extractor.delegation_nations]
    pieces = ["heyet", "heyeti", "heyetler", "heyetleri arası", "delegasyonu", "yetkilileri", "yetkili", "ve", ",", ", ",
              "teknik", "askeri", "üst düzey", "resmî", "ile", "görüştü", "'", ".", "x", "1", "  ", "\t", "arası"]
    out = []
    for _ in range(n):
        words = [rnd.choice(demonyms) if rnd.random() < 0.4 else rnd.choice(pieces) for _ in range(rnd.randint(0, 14))]
        out.append(rnd.choice(["", " "]).join(words) if rnd.random() < 0.2 else " ".join(words))
    return out


def test_delegation_matches_are_what_finditer_finds(extractor, texts):
    pattern, _, _, head = _delegation_pattern(extractor.delegation_nations, tuple(extractor.delegation_words))
    for low in texts + _made_up(extractor, 4000):
        assert _spans(delegation_matches(pattern, head, low)) == _spans(pattern.finditer(low)), low


def _status_words_made_up(n: int, seed: int = 5) -> list[str]:
    """Status words at word starts, inside words, after digits and underscores, at both ends."""
    rnd = random.Random(seed)
    pieces = ["beklen", "ertelendi", "iptal", "yapıldı", "olmadı", "belli olmadı", "net olmadı", "var", "yok", "gündemde",
              "gündemde değil", "planlanmıyor", "planlandı", "ön görüldü", "geçti", "geçtiği", "görüşme", "x", "_", "1", "ı",
              "İ", " ", "  ", ",", ".", "'", "\n", "é"]
    return ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 12))) for _ in range(n)]


def test_clause_status_at_word_start_is_what_word_search_finds(texts):
    plain = re.compile(CLAUSE_STATUS_WORDS)
    rnd = random.Random(3)
    for low in texts + _status_words_made_up(5000):
        for _ in range(3):
            pos = rnd.randint(0, len(low))
            end = rnd.randint(pos, len(low))
            want, got = word_search(plain, low, pos, end), _CLAUSE_STATUS.search(low, pos, end)
            assert (want and (want.span(), want.lastgroup)) == (got and (got.span(), got.lastgroup)), (low, pos, end)


def _outside_earlier_plain(found: list[Phrase]) -> list[Phrase]:
    """The reference: each phrase against every earlier one."""
    return [p for i, p in enumerate(found) if not any(q.start <= p.start and p.end <= q.end for q in found[:i])]


def test_outside_earlier_is_what_every_earlier_phrase_says():
    rnd = random.Random(7)
    for _ in range(20000):
        spans = [(a, a + rnd.randint(0, 6)) for a in (rnd.randint(0, 20) for _ in range(rnd.randint(0, 9)))]
        found = sorted((Phrase(a, b, rnd.choice(["person", "delegation"])) for a, b in spans), key=lambda p: (p.start, -p.end))
        want, got = _outside_earlier_plain(found), outside_earlier(found)
        assert [id(p) for p in got] == [id(p) for p in want], spans


def test_heyet_gate_of_the_case_blind_pattern():
    """narrative.people_by_sentence looks for "heyet" in text.lower() before its (?i) pattern: that
    holds only if the letters of "heyet" match, case-blind, nothing that lower() does not give back."""
    letter = re.compile(r"(?i)[heyt]")
    assert all(chr(c).lower() in "heyt" for c in range(0x110000) if letter.fullmatch(chr(c)))
