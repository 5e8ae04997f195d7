"""Turkish-aware string helpers: case folding, apostrophes, slugs, words."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every apostrophe-like mark that news sites put before a case suffix.
APOSTROPHES = "'’ʼ′‘`´"
_APOS_TABLE = str.maketrans({c: "'" for c in APOSTROPHES if c != "'"})

# Turkish and circumflexed letters → ASCII, applied by _to_ascii one str.replace per letter
# (no value is also a key, so the order does not matter; replace is ~10x faster than
# str.translate with a dict on non-Latin-1 text such as Turkish).
_ASCII_PAIRS = tuple({
    "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u",
    "Ç": "c", "Ğ": "g", "İ": "i", "I": "i", "Ö": "o", "Ş": "s", "Ü": "u", "Â": "a", "Î": "i", "Û": "u",
}.items())

TR_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
TR_LOWER = "a-zçğıöşüâîû"
TR_LETTER = TR_UPPER + TR_LOWER
# Latin letters of other languages that foreign names bring (Noël, António, Kubiš, Əliyev):
# the Latin-1 letters, Latin Extended-A and -B and the schwa, without × and ÷.
LATIN_LETTER = TR_LETTER + "À-ÖØ-öø-ɏƏə"


def normalize_apostrophes(text: str) -> str:
    """Map curly and other apostrophe marks to a straight one (same length)."""
    for mark in APOSTROPHES[1:]:          # str.replace beats str.translate with a dict here
        if mark in text:
            text = text.replace(mark, "'")
    return text


def tr_lower(text: str) -> str:
    """Lower-case with Turkish rules: I→ı, İ→i."""
    return text.replace("I", "ı").replace("İ", "i").lower()


def tr_upper(text: str) -> str:
    """Upper-case with Turkish rules: i→İ, ı→I."""
    return text.replace("i", "İ").replace("ı", "I").upper()


def fold(text: str) -> str:
    """Loose key for matching: Turkish lower case, then ASCII, so that İdlib, IDLIB,
    İDLİB and Idlib all meet, as do Şoygu and Soygu."""
    if len(text) <= 32:
        return _fold_word(text)           # words and suffixes repeat: remember them
    return _to_ascii(tr_lower(text))


@lru_cache(maxsize=1 << 15)
def _fold_word(text: str) -> str:
    return _to_ascii(tr_lower(text))


def _to_ascii(text: str) -> str:
    """Map the Turkish letters of _ASCII_PAIRS to ASCII (other characters unchanged)."""
    for letter, ascii_letter in _ASCII_PAIRS:
        text = text.replace(letter, ascii_letter)
    return text


def word_search(pattern: re.Pattern, text: str, pos: int = 0, end: int | None = None) -> re.Match | None:
    """`pattern.search` at a word start only: what r"\b" + pattern finds, for a pattern whose
    branches start with a letter. A leading \b keeps the engine from skipping ahead to the
    letters a match can start with, which costs ~3x on a sentence; the start is checked here."""
    end = len(text) if end is None else end
    while (m := pattern.search(text, pos, end)) is not None:
        if m.start() == 0 or not text[m.start() - 1].isalnum() and text[m.start() - 1] != "_":
            return m
        pos = m.start() + 1
    return None


def trie_alternation(words) -> str:
    """A regex matching any of `words`, written as a prefix tree ("ab(?:c|d)?" for ab, abc,
    abd). Where several words match at one place, the engine tries the longest first and the
    shorter ones on backtracking, exactly as with the words joined longest first, but it tries
    one branch per letter instead of every word."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}                       # a word ends here
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
    if "" in node:                          # the word may end here: longer ones first (greedy ?)
        return f"(?:{body})?" if len(branches) == 1 else body + "?"
    return body


def slugify(text: str) -> str:
    """ASCII slug used as entity_id: 'Mevlüt Çavuşoğlu' → 'mevlut-cavusoglu'."""
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


# ---- transliteration key ------------------------------------------------------------------------
# One person's name reaches Turkish news in several spellings: Turkish (Şoygu, Zaharova, Kadirov,
# Dmitriy), English (Shoigu, Zakharova, Kadyrov, Dmitry), French or German (Peskoff, Sergej). The
# key maps each spelling to one form by stated rules, applied in this order to a folded word:
#   accents dropped (é→e, š→s, ə→e); kh→h, zh→j, sh→s, ch→c, gh→g, dzh/dj→c, j→c, q→k, w→v,
#   x→ks, ph→f, ou→u, a final ej/ij/oj → ei/ii/oi (Sergej, Dmitrij); y after the first letter
#   → i (Kadyrov→kadirov, Dmitry/Dmitriy→dmitri, Mariya→maria, Shoygu→soigu); double letters
#   single (Beşşar→besar, Guterres→gutres, Dmitrii→dmitri); a final f after o or e → v
#   (Peskof, Peskoff→peskov).
_DIGRAPHS = (("dzh", "c"), ("kh", "h"), ("zh", "j"), ("sh", "s"), ("ch", "c"), ("gh", "g"), ("dj", "c"),
             ("j", "c"), ("q", "k"), ("w", "v"), ("x", "ks"), ("ph", "f"), ("ou", "u"))
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=1 << 16)
def translit_key(word: str) -> str:
    """The transliteration key of one name word: 'Kadyrov' and 'Kadirov' → 'kadirov',
    'Dmitriy', 'Dmitry', 'Dmitri', 'Dmitrii' → 'dmitri', 'Peskof' → 'peskov' (rules above)."""
    key = fold(word)
    if key.endswith(("ej", "ij", "oj")):       # Slavic Sergej, Dmitrij; not Arabic Sarraj (j = c)
        key = key[:-1] + "i"
    if not key.isascii():
        key = unicodedata.normalize("NFKD", key.replace("ə", "e")).encode("ascii", "ignore").decode()
    for latin, turkish in _DIGRAPHS:
        if latin in key:
            key = key.replace(latin, turkish)
    if "y" in key[1:]:
        key = key[:1] + key[1:].replace("y", "i")
    key = _DOUBLE.sub(r"\1", key)
    return key[:-1] + "v" if key.endswith(("of", "ef")) else key
