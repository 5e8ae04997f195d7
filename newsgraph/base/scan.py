"""Linear-time text scanning: where a pattern next matches, asked at increasing positions.

A regex like `\\[([^\\]\\n]+)\\]` tried at every "[" of "[[[[…]" reads the same stretch of text
once per "[" (quadratic on one long line). A scanner that asks "where is the next ']' after
here?" at increasing positions can keep its last answer: it stays right until the position
passes it, so the whole text is read once, whatever the number of questions.
"""
from __future__ import annotations

import re


class NextMatch:
    """Where `pattern` next matches in `text` at or after a position (len(text) when nowhere).

    Positions asked in increasing order cost one pass over the text in all; a position asked
    out of order is answered correctly by a new search. The pattern should match at a position
    whatever the search started from (a lookbehind may look before it; no `^` anchor).
    """

    def __init__(self, text: str, pattern: re.Pattern[str] | str) -> None:
        self.text = text
        self.pattern = re.compile(pattern) if isinstance(pattern, str) else pattern
        self.asked, self.found = 1, 0            # no answer kept yet (an empty interval)

    def __call__(self, pos: int) -> int:
        if not self.asked <= pos <= self.found:  # the kept answer is the next match from any pos in [asked, found]
            m = self.pattern.search(self.text, pos)
            self.asked, self.found = pos, m.start() if m else len(self.text)
        return self.found


def next_of(text: str, chars: str) -> NextMatch:
    """A NextMatch for any one of `chars` (a character class)."""
    return NextMatch(text, "[" + re.escape(chars) + "]")
