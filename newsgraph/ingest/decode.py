"""Bytes to text: refuse binaries, detect the encoding of Turkish text."""
from __future__ import annotations

import codecs
import re

from newsgraph.base.errors import IngestError

# Magic numbers of the binaries people rename to .txt by mistake.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"),
    (b"SQLite format 3", "SQLite database"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TURKISH = set("çğıöşüÇĞİÖŞÜ")
# Letters a single-byte Turkish file decoded with the wrong table turns into.
_IMPLAUSIBLE = set("þðýÝÞÐ¦¤§¨°±²³µ¶·¸¹º¼½¾")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of `data`, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    return None


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess UTF-16 byte order from where the zero bytes of ASCII letters fall."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even = even.count(0) / len(even)
    zeros_odd = odd.count(0) / len(odd)
    if zeros_odd > 0.3 and zeros_even < 0.05:
        return "utf-16-le"
    if zeros_even > 0.3 and zeros_odd < 0.05:
        return "utf-16-be"
    return None


def _single_byte_score(text: str) -> int:
    """Higher when the text reads like Turkish."""
    return sum(c in _TURKISH for c in text) - 5 * sum(c in _IMPLAUSIBLE for c in text)


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Windows-1254 and ISO-8859-9 agree except in 0x80-0x9F (C1 controls in the latter)."""
    candidates = ["windows-1254", "iso-8859-9", "cp857", "windows-1252"]
    if any(0x80 <= b <= 0x9F for b in data):
        candidates.remove("iso-8859-9")
    best = max(candidates, key=lambda enc: _single_byte_score(data.decode(enc, errors="replace")))
    return data.decode(best, errors="replace"), best


# Bytes of Windows-1254 that are invalid in UTF-8 and that Turkish text holds: its letters and the
# news punctuation of 0x80-0xBF (quotes, dashes, ellipsis, guillemets, degree, no-break space).
_CP1254_TEXT = {b: ch for b in range(0x80, 0x100)
                if (ch := bytes([b]).decode("cp1254", errors="replace")) in "çğıöşüÇĞİÖŞÜâîûÂÎÛ’‘“”–—…«»°\xa0"}
_ESCAPED = re.compile("[\udc80-\udcff]+")          # invalid bytes, as surrogateescape keeps them
_TURKISH_UTF8 = re.compile("[çğıöşüÇĞİÖŞÜâîûÂÎÛ’‘“”–—…«»]")


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode raw article bytes; return (text, encoding, flags) or raise IngestError. Flags:
    invalid_bytes_replaced (UTF-8 with stray bytes, each replaced by U+FFFD), mixed_encodings
    (UTF-8 holding Windows-1254 text, each part read in its own)."""
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise IngestError("empty file")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return *_checked(data.decode(enc, errors="replace"), enc), []
    kind = sniff_binary(data)
    if kind:
        raise IngestError(f"binary content ({kind}), not text")
    utf16 = _utf16_without_bom(data[:4000])
    if utf16:
        return *_checked(data.decode(utf16, errors="replace"), utf16), []
    if b"\x00" in data:
        raise IngestError("binary content (NUL bytes), not text")
    try:
        return *_checked(data.decode("utf-8"), "utf-8"), []
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    if not _TURKISH_UTF8.search(text):      # no Turkish text in UTF-8: a single-byte code page, when one reads
        single, encoding = _decode_single_byte(data)
        if _single_byte_score(single) >= 0:
            return *_checked(single, encoding), []
    text, flags = _almost_utf8(text)       # Turkish in UTF-8 with a few bytes astray, or with a part in Windows-1254
    return *_checked(text, "utf-8"), flags


def _almost_utf8(text: str) -> tuple[str, list[str]]:
    """UTF-8 text whose invalid bytes (kept as surrogates) are put right: a run that reads as Turkish
    text in Windows-1254 (punctuation, or letters of a word) is that, the file mixes encodings; any
    other byte is replaced by U+FFFD."""
    counts = {"mixed_encodings": 0, "invalid_bytes_replaced": 0}

    def fix(match: re.Match) -> str:
        raw = [ord(c) - 0xDC00 for c in match.group()]
        if all(b in _CP1254_TEXT for b in raw):
            read = "".join(_CP1254_TEXT[b] for b in raw)
            start, end = match.span()
            if len(read) > 1 or not read.isalpha() or text[start - 1:start].isalpha() or text[end:end + 1].isalpha():
                counts["mixed_encodings"] += 1
                return read
        counts["invalid_bytes_replaced"] += 1
        return "\ufffd" * len(raw)

    return _ESCAPED.sub(fix, text), [flag for flag, n in counts.items() if n]


def _checked(text: str, encoding: str) -> tuple[str, str]:
    """Refuse text that is mostly control characters (a binary in disguise)."""
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > 0.02 * len(sample):
        raise IngestError("binary content (control characters), not text")
    if sample.count("\ufffd") > 0.05 * max(len(sample), 1):
        raise IngestError(f"undecodable bytes: not text in a known encoding (tried {encoding})")
    if not text.strip():
        raise IngestError("empty file")
    return text, encoding
