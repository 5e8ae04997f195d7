"""The fast paths of the per-article stages give what the plain versions they replace give.

Each test keeps the plain version (a regex tried at every character, str.translate, a word
list joined longest first …) as the reference and compares on real article text and on
strings built to hit the edge cases.
"""
from __future__ import annotations

import random
import re
from dataclasses import fields

from pathlib import Path

import pyarrow as pa
import pytest

from newsgraph.ingest import ingest_file
from newsgraph.ingest.clean import _EDGE_SPACES, _SPACES, normalize_text
from newsgraph.analysis.nlp.tokens import BareSuffixStripper, Token, strip_bare_suffix, tokenize
from newsgraph.analysis.contacts.phrases import Phrase, chain
from newsgraph.ingest.segment import segment
from newsgraph.base.textnorm import LATIN_LETTER, TR_LETTER, fold, normalize_apostrophes, tr_lower, trie_alternation
from newsgraph.analysis.contacts.triggers import _COMBINED, TRIGGER_PATTERNS, TRIGGER_STARTS, matches

ROOT = Path(__file__).resolve().parents[1]
ALPHABET = "aAbİIıiŞşÇçğĞüÜöÖâÂîÎûÛ09 -'\t\n.,éřΣ"


def _random_strings(n: int, seed: int = 7, alphabet: str = ALPHABET, longest: int = 30) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, longest))) for _ in range(n)]


@pytest.fixture(scope="module")
def article_texts() -> list[str]:
    """The bodies of the seed articles, as ingest gives them."""
    return [ingest_file(p).text for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]


# -- fold ------------------------------------------------------------------------------------
_ASCII_TR = str.maketrans({
    "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u",
    "Ç": "c", "Ğ": "g", "İ": "i", "I": "i", "Ö": "o", "Ş": "s", "Ü": "u", "Â": "a", "Î": "i", "Û": "u",
})


def test_fold_maps_letters_as_a_translation_table_would(article_texts):
    for text in article_texts + _random_strings(3000) + _random_strings(300, longest=200):
        assert fold(text) == tr_lower(text).translate(_ASCII_TR)


# -- tokenize --------------------------------------------------------------------------------
_WORD = re.compile(rf"(?P<w>(?:[A-ZÇĞİÖŞÜ]'(?=[A-ZÇĞİÖŞÜ][a-zçğıöşü]))?[{LATIN_LETTER}0-9]+)(?P<s>'[{TR_LETTER}]+)?|(?<=[{LATIN_LETTER}0-9])-(?=[{LATIN_LETTER}0-9])")
_NAME_GAPS = frozenset(("", " ", "  ", "\t", " \t", "\t "))


def _plain_tokenize(text: str) -> list[Token]:
    """Spans first, then the gap to the next span decides whether a word joins the next."""
    spans = [(m.start(), m.end("w") if m.group("w") else m.end(), m.group("s") or "") for m in _WORD.finditer(text)]
    out = []
    for k, (s, e, suf) in enumerate(spans):
        word = text[s:e]
        joined = not suf and k + 1 < len(spans) and text[e:spans[k + 1][0]] in _NAME_GAPS
        out.append(Token(s, e, word, suf, fold(word), word[:1].isupper(), joined))
    return out


@pytest.mark.parametrize("text", ["A-B", "ABD-", "-a", "a-", "a - b", "a  b", "a   b", "a\t\tb", "a \tb", "a\t b",
                                  "x'", "x'ya b", "Şoygu'ya Putin'le", "İİ ıI", "es-Serrac ile", "a\nb", "a \n b",
                                  "Robert O'Brien'ın", "ABD'NİN O'B", "D'Alema ile"])
def test_tokenize_edge_cases(text):
    assert tokenize(text) == _plain_tokenize(text)


def test_tokenize_matches_the_plain_tokenizer(article_texts):
    for text in article_texts + _random_strings(5000):
        assert tokenize(text) == _plain_tokenize(text)


def test_capital_apostrophe_written_apostrophe_first_finds_what_the_plain_pattern_finds(article_texts):
    """tokenize's test for "O'B…" starts at the apostrophe and looks back at the capital: the
    plain pattern's first match, found one character later (tokenize asks only whether there is one)."""
    from newsgraph.analysis.nlp.tokens import _CAPITAL_APOSTROPHE, CAPITAL_APOSTROPHE_PLAIN
    plain = re.compile(CAPITAL_APOSTROPHE_PLAIN)
    built = ["O'Brien", "D'Alema", "ABD'NİN", "'A", "A'", "a'B", "A''B", "Ş'Ç'Ü", "İ'İ"]
    for text in article_texts + built + _random_strings(3000, seed=5, alphabet="aAİıŞş'Ç '", longest=20):
        fast, first = _CAPITAL_APOSTROPHE.search(text), plain.search(text)
        assert (fast and (fast.start() - 1, fast.end())) == (first and first.span()), text


def test_word_before_reads_backwards_what_the_plain_search_finds(article_texts):
    """datewords.word_before walks back from a position: what searching the 40 characters before it
    for WORD_BEFORE_PLAIN finds, at every position of the seeds and of random strings of words,
    digits, spaces, punctuation and other white space."""
    from newsgraph.analysis.datewords import WORD_BEFORE_PLAIN, word_before
    plain = re.compile(WORD_BEFORE_PLAIN)

    def plain_word_before(low: str, i: int) -> tuple[int, str]:
        m = plain.search(low, max(0, i - 40), i)
        return (m.start(1), m.group(1)) if m else (i, "")

    texts = [t.lower() for t in article_texts] + _random_strings(400, seed=3, alphabet="aşı1_ \t\n\u00a0.,'-", longest=90)
    for low in texts:
        for i in range(len(low) + 1):
            assert word_before(low, i) == plain_word_before(low, i), (low, i)


def test_segment_word_before_reads_backwards_what_the_plain_search_finds(article_texts):
    """segment._word_before walks back from a position: what searching the 40 characters before it
    for WORD_BEFORE_PLAIN finds, at every position of the seeds and of random strings."""
    from newsgraph.ingest.segment import WORD_BEFORE_PLAIN, _word_before
    plain = re.compile(WORD_BEFORE_PLAIN)
    texts = article_texts + _random_strings(400, seed=4, alphabet="aŞı1_ .\n\t,-", longest=90)
    for text in texts:
        for i in range(len(text) + 1):
            m = plain.search(text, max(0, i - 40), i)
            assert _word_before(text, i) == (m.group(1) if m else ""), (text, i)


def test_bare_suffix_stripper_remembers_what_strip_bare_suffix_says():
    known = {"guler", "akar", "basra korfez", "moskova"}
    strip = BareSuffixStripper(known)
    for key in ("gulerin", "akara", "akar", "moskovada", "moskovadaki", "x", "", "gulerin"):
        assert strip(key) == strip_bare_suffix(key, known)


# -- triggers ----------------------------------------------------------------------------------
def _plain_triggers(low: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.lastgroup) for m in _COMBINED.finditer(low)]


def _literal_starts(items: list) -> set[str]:
    """Literal strings every match of the parsed regex items begins with ("" when unknown)."""
    from re import _constants as sre, _parser  # noqa: F401 - the parser's own node names
    if not items:
        return {""}
    (op, av), rest = items[0], list(items[1:])
    if op is sre.LITERAL:
        return {chr(av) + tail for tail in _literal_starts(rest)}
    if op is sre.AT:                                         # \b, ^: zero width
        return _literal_starts(rest)
    if op is sre.SUBPATTERN:
        return _literal_starts(list(av[3]))
    if op is sre.BRANCH:
        return set().union(*(_literal_starts(list(alt)) for alt in av[1]))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        body = _literal_starts(list(av[2]))
        return body | _literal_starts(rest) if av[0] == 0 else body
    return {""}


def test_every_trigger_pattern_starts_with_a_listed_word():
    """matches tries only the places where a word of TRIGGER_STARTS begins."""
    from re import _parser
    for _, _, pattern in TRIGGER_PATTERNS:
        starts = _literal_starts(list(_parser.parse(pattern)))
        assert all(any(s.startswith(w) for w in TRIGGER_STARTS) for s in starts), (pattern, starts)


def test_trigger_matches_are_what_the_combined_pattern_finds(article_texts):
    sentences = [tr_lower(t[s.start:s.end]) for t in article_texts for s in segment(t)]
    words = [w for s in sentences for w in s.split()] + [
        "telefonda", "görüştü", "bir", "araya", "geldi", "birlikte", "ziyaret", "etti", "resmi", "ortak", "basın",
        "toplantısı", "düzenledi", "kabul", "gitti", "Ankara'ya", "heyetler", "arası", "istişare", "ederek", "gel"]
    rnd = random.Random(3)
    samples = sentences + [" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(5000)]
    samples += ["x" + s for s in samples[:500]] + [s.replace(" ", "") for s in samples[:500]]
    for low in samples:
        assert [(m.start(), m.end(), m.lastgroup) for m in matches(low)] == _plain_triggers(low)


# -- prefix-tree alternation -------------------------------------------------------------------
def test_trie_alternation_matches_the_words_joined_longest_first():
    rnd = random.Random(5)
    for _ in range(300):
        words = {"".join(rnd.choice("ab ") for _ in range(rnd.randint(1, 5))) for _ in range(rnd.randint(1, 8))}
        plain = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
        for tail in ("", "b", "(?= )", "[a-z]*"):            # what follows may force backtracking
            a = re.compile(f"(?<![a-z])({plain}){tail}")
            b = re.compile(f"(?<![a-z])({trie_alternation(words)}){tail}")
            for text in _random_strings(40, seed=rnd.random(), alphabet="ab c", longest=14):
                assert [(m.span(), m.group(1)) for m in a.finditer(text)] == \
                       [(m.span(), m.group(1)) for m in b.finditer(text)]


# -- ingest ------------------------------------------------------------------------------------
def _plain_normalize_spaces(text: str) -> str:
    return _EDGE_SPACES.sub("\n", _SPACES.sub(" ", text)).strip(" ")


@pytest.mark.parametrize("text", ["a b", "a  b", "a\tb", "a\u00a0b", "a \nb", "a\n b", "a\nb", " a ", "a\u3000 \t b\n\n c"])
def test_normalize_text_spaces(text):
    assert normalize_text(text) == _plain_normalize_spaces(normalize_apostrophes(text))


def test_split_glued_gate_passes_every_paragraph_one_of_its_tests_finds(article_texts):
    """split_glued reads a paragraph with its three tests only when one scan (_MAYBE_GLUED) finds
    something: it finds something in every paragraph where one of them does (seeds, glued
    sentences, words and headlines, random strings of capitals, lower-case letters, stops and
    spaces), and split_glued gives what the three tests alone give."""
    from newsgraph.ingest import clean
    built = ["dedi.Haliç", "MevlütÇavuşoğlu", "BEYAN ETTİLERArdından", "ABD İRAN RUSYA", ". ABD İRAN RUSYA",
             "aB", "ab.Cd", "ÇÇ ŞŞ ĞĞ", "A AA BB CC"]
    texts = [p for t in article_texts for p in t.split("\n\n")] + built + \
        _random_strings(5000, seed=12, alphabet="aAbBçÇİıŞş .!?\n", longest=30)
    for text in texts:
        tests = (clean._GLUED_SENTENCE, clean._GLUE_POINT, clean._CAPS_RUN)
        if any(rx.search(text) for rx in tests):
            assert clean._MAYBE_GLUED.search(text), text
        assert clean.split_glued(text) == [p.strip() for p in clean._unglued(text).split("\n") if p.strip()], text


def _plain_normalize_text(text: str) -> str:
    """normalize_text without its gate: every step on every text."""
    import unicodedata
    from newsgraph.ingest.clean import _CONTROL, _INVISIBLE
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
        text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _plain_normalize_spaces(normalize_apostrophes(text))


def test_normalize_text_is_the_ungated_steps(article_texts):
    """normalize_text removes invisible and control characters only when one scan finds either:
    the same text as every step run on every text, on the seeds and on random strings of letters,
    white space, carriage returns, line separators, invisible and control characters."""
    alphabet = "aşI \t\n\r\u2028\u2029\u200b\u00ad\ufeff\x00\x0b\x85\x9f’e\u0301"
    for text in article_texts + _random_strings(3000, seed=9, alphabet=alphabet, longest=25) + \
            _random_strings(300, seed=10, alphabet="ab \n\r\x01", longest=25):
        assert normalize_text(text) == _plain_normalize_text(text), repr(text)


# -- participants ------------------------------------------------------------------------------
def test_chain_makes_a_group_with_the_case_and_mark_of_its_last_member():
    """chain spells out the group phrase; a new Phrase field must be decided there too."""
    assert [f.name for f in fields(Phrase)] == ["start", "end", "kind", "persons", "nations", "case", "via_ile",
                                                "speaker", "extra", "mark"]
    a = Phrase(0, 4, "person", ("a",), case="nom")
    b = Phrase(8, 18, "delegation", nations=("TR",), case="com", via_ile=True, extra={"together": False})
    [merged] = chain([a, b], "Akar ve Türk heyet ile görüştü", set())
    assert (merged.start, merged.end, merged.kind, merged.case, merged.via_ile) == (0, 18, "group", "com", True)
    assert merged.extra["members"] == [a, b] and merged.mark is None


# -- store.to_frame ----------------------------------------------------------------------------

def _cells(frame) -> list[list]:
    """Every cell, arrays as lists and NaN as the string "NaN" (NaN != NaN)."""
    def cell(v):
        return v.tolist() if hasattr(v, "tolist") else "NaN" if isinstance(v, float) and v != v else v
    return [[cell(v) for v in frame[c].tolist()] for c in frame.columns]


@pytest.mark.parametrize("columns", [
    {"a": pa.array(["x", None, "İ"]), "n": pa.array([1, None, 3], pa.int32()),
     "l": pa.array([["a"], None, []], pa.list_(pa.string())), "b": pa.array([True, False, None])},
    {"only_text": pa.array([None, "ş"])},
    {"only_numbers": pa.array([1.5, None])},
])
def test_to_frame_gives_what_with_none_of_to_pandas_gives(columns):
    from newsgraph.storage.store import to_frame, with_none
    table = pa.table(columns)
    slow, fast = with_none(table.to_pandas()), to_frame(table)
    assert list(fast.columns) == list(slow.columns)
    assert list(fast.dtypes) == list(slow.dtypes)
    assert _cells(fast) == _cells(slow)
    for col in fast.columns:                 # missing text is None (NaN would be truthy), as before
        if table.schema.field(col).type == pa.string():
            assert [v is None for v in fast[col]] == [v is None for v in table.column(col).to_pylist()]


def test_to_frame_of_long_columns_of_few_or_many_values_is_the_plain_conversion():
    from newsgraph.storage.store import FEW_SAMPLE, to_frame
    n = 6 * FEW_SAMPLE
    few = [None if i % 7 == 0 else ("phone_call", "meeting", "ş")[i % 3] for i in range(n)]
    many = [f"m{i}" if i % 5 else None for i in range(n)]
    misleading = ["same"] * FEW_SAMPLE + [f"v{i}" for i in range(n - FEW_SAMPLE)]    # few only in the sample
    table = pa.table({"few": few, "many": many, "misleading": misleading, "nulls": pa.nulls(n, pa.string())})
    frame = to_frame(table)
    for col in table.column_names:
        assert frame[col].dtype == object
        assert frame[col].tolist() == table.column(col).to_pylist(), col
    shared = frame["few"].dropna()
    assert len({id(v) for v in shared}) == 3                 # one string object per distinct value


@pytest.mark.parametrize("fast, plain, back", [("_GLUE_POINT", "GLUE_POINT_PLAIN", 1), ("_CAPS_RUN", "CAPS_RUN_PLAIN", 0)])
def test_glue_tests_written_capital_first_find_what_the_plain_ones_find(fast, plain, back, article_texts):
    """clean.py's cheap tests of glued words and headlines start at the capital and look back:
    the same matches as the plain patterns (the glue point's without the lower-case letter before
    the capital), on the seed articles, headline-like strings and random strings of capitals,
    lower-case letters and spaces."""
    from newsgraph.ingest import clean
    fast_rx, plain_rx = getattr(clean, fast), re.compile(getattr(clean, plain))
    built = ["BEYAN ETTİLERArdından", "ABD İRAN RUSYA", "xABD İRAN RUSYA", "ÇÇ ŞŞ ĞĞ", "MevlütÇavuşoğlu",
             "HulusiAkar", "aB", "Ab", "AB", "AA BB", "A AA BB CC", "iÇİN BU ÜÇ KELİME", "1ABD İRAN SURİYE"]
    texts = article_texts + built + _random_strings(3000, seed=11, alphabet="aAbBçÇİıŞş \n-'1", longest=40)
    for text in texts:
        assert [(m.start() - back, m.end()) for m in fast_rx.finditer(text)] == \
            [m.span() for m in plain_rx.finditer(text)], text
