"""Markdown links, images and emphasis removed in one pass over the text.

markup.py defines these as regexes (`_MD_IMAGE`, `_MD_LINK`, `_MD_REF_LINK`, `_MD_EMPHASIS`),
and `markup.strip_markdown_plain` applies them: that is the definition, and tests check that
these scans give the same text. The regexes are tried at every "[" or "**", and each attempt
reads on to the closing bracket or the end of the line: on one long line of "[[[[" or "**a "
that is quadratic (a 320 KB file held the server for 71 s). Here each closing character is
looked for once (base.scan.NextMatch), so the time grows with the text's length only.
"""
from __future__ import annotations

import re
from typing import Callable

from newsgraph.base.scan import NextMatch, next_of

_IMAGE_OPEN = re.compile(r"!\[")
_LINK_OPEN = re.compile(r"\[")
_URL = re.compile(r"[^()\s]*")                 # a link target written bare
_TITLE_OPEN = re.compile(r"\s+\"")             # the start of a link title: ' "'
_EMPHASIS_OPEN = re.compile(r"(\*\*|__)(?=\S)")
_EMPHASIS_CLOSE = {"**": re.compile(r"(?<=\S)\*\*"), "__": re.compile(r"(?<=\S)__")}

# A markup match: (start, end, the text kept in its place), or None when no match starts here.
Match = tuple[int, int, str]


def _substitute(text: str, opener: re.Pattern[str], match_at: Callable[[int], Match | None]) -> str:
    """re.sub's walk: at each opener, left to right, the match found there is replaced by its kept
    text and the walk goes on after it; where none is found, it goes on at the next character."""
    out, done, at = [], 0, 0
    while (m := opener.search(text, at)) is not None:
        found = match_at(m.start())
        if found is None:
            at = m.start() + 1
            continue
        start, end, kept = found
        out += [text[done:start], kept]
        done = at = end
    return "".join(out) + text[done:] if out else text


def strip_images(text: str) -> str:
    """`![alt](src)` → alt (as `_MD_IMAGE`)."""
    close, paren, n = next_of(text, "]\n"), next_of(text, ")\n"), len(text)

    def image_at(s: int) -> Match | None:
        j = close(s + 2)
        if j < n and text[j] == "]" and text.startswith("(", j + 1) and (k := paren(j + 2)) < n and text[k] == ")":
            return s, k + 1, text[s + 2:j]
        return None
    return _substitute(text, _IMAGE_OPEN, image_at)


def strip_links(text: str) -> str:
    """`[text](target "title")` and `[text](<target>)` → text (as `_MD_LINK`)."""
    close, n = next_of(text, "]\n"), len(text)
    angle, quote_a, quote_b = next_of(text, ">\n"), next_of(text, "\"\n"), next_of(text, "\"\n")
    last: list = [None, None]                    # (k, end) of the last target read: "[[[[a](b)" reads it once
    titled: dict[int, int | None] = {}          # x → after_target(x): "[a](<[a](<…>" reads what follows ">" once

    def after_target(x: int, quote: NextMatch) -> int | None:
        """`(?:\\s+"[^"\\n]*")?\\)` at x: the end of an optional title and the closing parenthesis."""
        if x not in titled:
            if (t := _TITLE_OPEN.match(text, x)) and (q := quote(t.end())) < n and text[q] == '"' \
                    and text.startswith(")", q + 1):
                titled[x] = q + 2
            else:
                titled[x] = x + 1 if text.startswith(")", x) else None
        return titled[x]

    def target_end(k: int) -> int | None:
        """Where `(target "title")` that starts at k (after "](") ends: a bare target first, then
        one in angle brackets, as the regex's alternation tries them."""
        if last[0] != k:
            end = after_target(_URL.match(text, k).end(), quote_a)
            if end is None and text.startswith("<", k) and (g := angle(k + 1)) < n and text[g] == ">":
                end = after_target(g + 1, quote_b)
            last[:] = k, end
        return last[1]

    def link_at(s: int) -> Match | None:
        j = close(s + 1)
        if j > s + 1 and j < n and text[j] == "]" and text.startswith("(", j + 1) and (e := target_end(j + 2)):
            return s, e, text[s + 1:j]
        return None
    return _substitute(text, _LINK_OPEN, link_at)


def strip_ref_links(text: str) -> str:
    """`[text][ref]` → text (as `_MD_REF_LINK`)."""
    close, close_ref, n = next_of(text, "]\n"), next_of(text, "]\n"), len(text)

    def ref_at(s: int) -> Match | None:
        j = close(s + 1)
        if j > s + 1 and j < n and text[j] == "]" and text.startswith("[", j + 1) \
                and (k := close_ref(j + 2)) < n and text[k] == "]":
            return s, k + 1, text[s + 1:j]
        return None
    return _substitute(text, _LINK_OPEN, ref_at)


def strip_emphasis(text: str) -> str:
    """`**bold**` and `__bold__` → bold (as `_MD_EMPHASIS`: the nearest closing mark on the same
    line, after a character that is not white space)."""
    closers = {mark: NextMatch(text, pattern) for mark, pattern in _EMPHASIS_CLOSE.items()}
    newline, n = next_of(text, "\n"), len(text)

    def emphasis_at(s: int) -> Match | None:
        mark = text[s:s + 2]
        e = closers[mark](s + 3)
        if e < n and newline(s + 2) >= e:
            return s, e + 2, text[s + 2:e]
        return None
    return _substitute(text, _EMPHASIS_OPEN, emphasis_at)
