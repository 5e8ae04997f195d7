"""Repair damaged Turkish letters.

Two kinds of damage occur in scraped Turkish news:
- UTF-8 read as Windows-1252/1254 ("Ã¼" for ü, "ÅŸ" for ş): reversible byte by byte;
- a lossy conversion that wrote ř for ş and đ for ğ and dropped ç altogether
  ("aıklama" for "açıklama"). ř/đ map back one to one; a lost ç is put back only in
  damaged paragraphs and only where a word list makes the word unambiguous.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsgraph.base.textnorm import tr_lower, tr_upper

DAMAGE_MAP = {"ř": "ş", "Ř": "Ş", "đ": "ğ", "Đ": "Ğ"}
_DAMAGE_RE = re.compile("[" + "".join(DAMAGE_MAP) + "]")
MIN_DAMAGE_CHARS = 3          # one đ can be a Serbian name; three in Turkish text are damage
LONGEST_WORD = 64             # longer runs of letters are no words: never respelled (each try costs its length squared)

# A lead byte of a 2-4 byte UTF-8 sequence, then continuation bytes, as Windows-1252 shows them.
_CP1252_LEAD = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0xC2, 0xF5))
_CP1252_CONT = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
_DOUBLE_UTF8 = re.compile(f"[{re.escape(_CP1252_LEAD)}][{re.escape(_CP1252_CONT)}]{{1,3}}")
_WORD = re.compile(r"[A-Za-zÇĞİÖŞÜÂÎÛçğıöşüâîû]+")
_SENTENCE_END = re.compile(r"[.!?]")

VOCABULARY_FILE = Path(__file__).resolve().parents[2] / "data" / "lexicon" / "tr_words.tsv"


def fix_double_utf8(text: str) -> tuple[str, int]:
    """Undo UTF-8 bytes shown through Windows-1252/1254; return (text, fixes)."""
    count = 0
    if not any(lead in text for lead in "ÂÃÄÅ"):     # the lead bytes of Turkish letters, as cp1252 shows them
        return text, 0

    def undo(match: re.Match) -> str:
        nonlocal count
        for codec in ("cp1252", "cp1254"):
            try:
                fixed = match.group(0).encode(codec).decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            count += 1
            return fixed
        return match.group(0)

    return _DOUBLE_UTF8.sub(undo, text), count


# Ğ and Ş in UTF-8 end in byte 0x9E, which Windows-1254 does not define, and the closing quote ”
# in 0x9D, which neither Windows code page defines: read through them, what comes before is left
# with U+FFFD.
_UNDEFINED = {"Ä\ufffd": "Ğ", "Å\ufffd": "Ş", "â€\ufffd": "”"}
_UNDEFINED_SECOND = re.compile("|".join(_UNDEFINED))
# What is left when a repair could not finish: a lead byte shown as Â/Ã/Ä/Å before a continuation
# byte it could not be joined with (or U+FFFD); U+FFFD glued to a continuation byte; "â€", the
# start of every quote and dash; or, next to a letter, the second byte of a Turkish letter whose
# lead was lost ("AŸoygu", "¶ğün"): ı ş/ğ Ş/Ğ ç Ç ö ü Ü (İ's ° is left out: 25°C).
_CP1254_CONT = "".join(bytes([b]).decode("cp1254", "ignore") for b in range(0x80, 0xC0))
_CONT = re.escape(_CP1252_CONT + _CP1254_CONT)
_SECOND = "±Ÿž§‡¶¼œ"
_GARBLED = re.compile(f"[ÂÃÄÅ][{_CONT}\ufffd]|\ufffd[{_CONT}]|[{_CONT}]\ufffd|â€|"
                      f"(?<=[^\\W\\d_])[{_SECOND}]|[{_SECOND}](?=[^\\W\\d_])")
MAX_ROUNDS = 3                # UTF-8 read wrongly twice over is repaired; more is left, flagged


def repair_double_utf8(text: str) -> tuple[str, int, bool]:
    """Undo UTF-8 shown through Windows-1252/1254, as many times as it was done (up to
    MAX_ROUNDS); return (text, fixes, still garbled). Garbled means letters of the damage remain
    that no repair could restore: the article is not to be called repaired."""
    if not any(lead in text for lead in "ÂÃÄÅ"):
        return text, 0, False
    total = 0
    for _ in range(MAX_ROUNDS):
        text, fixed = fix_double_utf8(text)
        total += fixed
        if not fixed:
            break
    text, lost = _UNDEFINED_SECOND.subn(lambda m: _UNDEFINED[m.group()], text)
    return text, total + lost, bool(_GARBLED.search(text))


def has_letter_damage(text: str) -> bool:
    """True when the text carries enough ř/đ to be damaged Turkish."""
    return sum(text.count(ch) for ch in DAMAGE_MAP) >= MIN_DAMAGE_CHARS     # str.count: no regex pass


@dataclass(frozen=True)
class Vocabulary:
    """Turkish words with Zipf frequencies, plus a sorted list for prefix queries."""

    zipf: dict[str, float]
    ordered: tuple[str, ...]

    def frequency(self, word: str) -> float:
        """Zipf frequency of a lower-case word, 0.0 when unknown."""
        return self.zipf.get(word, 0.0)

    def prefix_support(self, word: str) -> int:
        """Length of the longest prefix of `word` that starts some known word."""
        lo, hi = 0, len(word)
        while lo < hi:  # prefix-ness is monotone in length: binary search on it
            mid = (lo + hi + 1) // 2
            if self._starts_some_word(word[:mid]):
                lo = mid
            else:
                hi = mid - 1
        return lo

    def _starts_some_word(self, prefix: str) -> bool:
        i = bisect.bisect_left(self.ordered, prefix)
        return i < len(self.ordered) and self.ordered[i].startswith(prefix)


@lru_cache(maxsize=2)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read word<TAB>zipf lines (see scripts/make_vocabulary.py)."""
    zipf: dict[str, float] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            word, _, value = line.partition("\t")
            zipf[word] = float(value or 0)
    return Vocabulary(zipf, tuple(sorted(zipf)))


def _candidates(word: str) -> list[tuple[str, int]]:
    """Spellings one lost letter away: ç put back anywhere, or one ı that was an i."""
    out = [(word[:i] + "ç" + word[i:], i) for i in range(len(word) + 1)]
    out += [(word[:i] + "i" + word[i + 1:], i) for i, ch in enumerate(word) if ch == "ı"]
    return out


def _best_spelling(word: str, vocab: Vocabulary, extra: set[str], in_damaged_sentence: bool) -> str | None:
    """The one spelling the vocabulary supports, or None when none or several do."""
    known = lambda w: vocab.frequency(w) or (3.0 if w in extra else 0.0)  # noqa: E731
    own = known(word)
    exact = sorted(((known(c), c) for c, _ in _candidates(word) if known(c)), reverse=True)
    if exact:
        (best_f, best), rest = exact[0], exact[1:]
        if rest and best_f - rest[0][0] < 1.0:
            return None                      # two real words fit: ambiguous
        if own and not (in_damaged_sentence and best_f - own >= 1.3):
            return None                      # "ok" stays "ok" unless damage is right there
        return best
    if own or len(word) < 6:
        return None
    base = vocab.prefix_support(word)
    scored = [(vocab.prefix_support(c), c, i) for c, i in _candidates(word)]
    scored = [(s, c) for s, c, i in scored if s >= i + 4 and s >= base + 3 and len(c) - s <= 6]
    if len(scored) == 1 or (len(scored) > 1 and sorted(scored)[-1][0] > sorted(scored)[-2][0]):
        return max(scored)[1]
    return None


def _match_case(template: str, word: str) -> str:
    """Give `word` the capitalisation of `template`."""
    if len(template) > 1 and template.isupper():
        return tr_upper(word)
    if template[:1].isupper():
        return tr_upper(word[:1]) + word[1:]
    return word


def _sentence_start(text: str, pos: int) -> bool:
    """True when only an opening quote or nothing separates pos from a sentence end."""
    i = pos
    while i > 0 and text[i - 1] in " \"'“«(":      # text[:pos].rstrip(…) without copying the text before pos
        i -= 1
    return i == 0 or text[i - 1] in ".!?:"


def restore_lost_letters(paragraph: str, damage_at: list[int], vocab: Vocabulary, extra: set[str],
                         memo: dict | None = None) -> tuple[str, int]:
    """Put back letters lost in a damaged paragraph; return (paragraph, words changed). `damage_at`
    is sorted; `memo` keeps the spellings chosen for one article's words (a word recurs often)."""
    changed = 0
    memo = {} if memo is None else memo
    ends = [m.end() for m in _SENTENCE_END.finditer(paragraph)]      # where each sentence ends

    def sentence_damaged(pos: int) -> bool:
        """Whether the sentence around pos holds damage (bisect: one long paragraph stays linear)."""
        i = bisect.bisect_right(ends, pos)
        start, end = ends[i - 1] if i else 0, ends[i] if i < len(ends) else len(paragraph)
        d = bisect.bisect_left(damage_at, start)
        return d < len(damage_at) and damage_at[d] < end

    def fix(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        lower = tr_lower(word)
        if lower in extra or len(word) > LONGEST_WORD:
            return word                      # the article spells it so where undamaged; or no word
        key = (lower, sentence_damaged(match.start()))
        if key not in memo:
            memo[key] = _best_spelling(lower, vocab, extra, key[1])
        better = memo[key]
        if not better:
            return word
        changed += 1
        if better[0] != lower[0] and _sentence_start(paragraph, match.start()):
            return tr_upper(better[:1]) + better[1:]   # the lost letter was a capital Ç
        return _match_case(word, better)

    return _WORD.sub(fix, paragraph), changed


def repair_letter_damage(paragraphs: list[str]) -> tuple[list[str], int]:
    """Map ř/đ back and restore lost ç in the damaged paragraphs of one article."""
    vocab = load_vocabulary()
    clean_words = {tr_lower(w) for p in paragraphs if not _DAMAGE_RE.search(p) for w in _WORD.findall(p)}
    out, total, memo = [], 0, {}
    for para in paragraphs:
        damage_at = [m.start() for m in _DAMAGE_RE.finditer(para)]
        if not damage_at:
            out.append(para)
            continue
        para = _DAMAGE_RE.sub(lambda m: DAMAGE_MAP[m.group(0)], para)
        para, changed = restore_lost_letters(para, damage_at, vocab, clean_words, memo)
        out.append(para)
        total += len(damage_at) + changed
    return out, total
