"""Turkish-aware string helpers: case folding, apostrophes, slugs, words."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Every apostrophe-like mark that news sites put before a case suffix.
APOSTROPHES = "'’ʼ′‘`´"
_APOS_TABLE = str.maketrans({c: "'" for c in APOSTROPHES if c != "'"})

_UPPER_TR = str.maketrans({"I": "ı", "İ": "i"})
_ASCII_TR = str.maketrans({
    "ç": "c", "ğ": "g", "ı": "i", "ö": "o", "ş": "s", "ü": "u", "â": "a", "î": "i", "û": "u",
    "Ç": "c", "Ğ": "g", "İ": "i", "I": "i", "Ö": "o", "Ş": "s", "Ü": "u", "Â": "a", "Î": "i", "Û": "u",
})

TR_UPPER = "A-ZÇĞİÖŞÜÂÎÛ"
TR_LOWER = "a-zçğıöşüâîû"
TR_LETTER = TR_UPPER + TR_LOWER
WORD_RE = re.compile(rf"[{TR_LETTER}0-9]+")


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
    return tr_lower(text).translate(_ASCII_TR)


@lru_cache(maxsize=1 << 15)
def _fold_word(text: str) -> str:
    return tr_lower(text).translate(_ASCII_TR)


def slugify(text: str) -> str:
    """ASCII slug used as entity_id: 'Mevlüt Çavuşoğlu' → 'mevlut-cavusoglu'."""
    ascii_text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def is_capitalized(word: str) -> bool:
    """True for 'Akar', 'AKAR', 'İdlib'; False for 'akar', '2020'."""
    return bool(word) and word[0].isupper()


def split_suffix(token: str) -> tuple[str, str]:
    """Split "Şoygu'ya" into ("Şoygu", "'ya"); tokens without an apostrophe are whole."""
    idx = token.find("'")
    if idx <= 0:
        return token, ""
    return token[:idx], token[idx:]
