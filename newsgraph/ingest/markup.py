"""Markup to plain text: HTML documents and markdown inside text files.

Link text is kept, link targets dropped; HTML <script>/<style> bodies are code, not
article text, so they are dropped. Nothing here is ever rendered: what survives is
plain text, escaped by the pages that show it.
"""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Callable

from newsgraph.ingest import mdscan

_BLOCK_TAGS = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr", "table",
    "section", "article", "header", "footer", "blockquote", "pre", "hr", "figure", "figcaption",
}
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|p|div|br|h[1-6]|article|span|a\s)[\s>/]", re.I)

_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:[^()\s]*|<[^>\n]*>)(?:\s+\"[^\"\n]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_QUOTE = re.compile(r"^ {0,3}>\s?", re.M)
_MD_CODE = re.compile(r"`([^`\n]+)`")
_MD_RULE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$", re.M)


_MD_STEPS = (  # (a character the markup needs, pattern, replacement), in order: the definition
    ("![", _MD_IMAGE, r"\1"), ("](", _MD_LINK, r"\1"), ("][", _MD_REF_LINK, r"\1"), ("#", _MD_HEADING, r"\1"),
    ("**", _MD_EMPHASIS, r"\2"), ("__", _MD_EMPHASIS, r"\2"), ("*", _MD_EM, r"\1"), (">", _MD_QUOTE, ""),
    ("`", _MD_CODE, r"\1"), ("---", _MD_RULE, ""), ("***", _MD_RULE, ""), ("___", _MD_RULE, ""),
)
# The same steps as run: the patterns that read on from every "[" or "**" to the end of the line
# (quadratic on one long line) are replaced by one-pass scans giving the same text (mdscan.py).
_LINEAR = {_MD_IMAGE: mdscan.strip_images, _MD_LINK: mdscan.strip_links,
           _MD_REF_LINK: mdscan.strip_ref_links, _MD_EMPHASIS: mdscan.strip_emphasis}


def _step(pattern: re.Pattern[str], repl: str) -> Callable[[str], str]:
    return _LINEAR.get(pattern) or (lambda text: pattern.sub(repl, text))


_MD_RUN = tuple((cue, _step(pattern, repl)) for cue, pattern, repl in _MD_STEPS)


def looks_like_html(text: str) -> bool:
    """True when the text is an HTML document or fragment rather than prose."""
    return bool(_HTML_HINT.search(text[:5000]))


class _TextExtractor(HTMLParser):
    """Collect text; blocks become paragraph breaks; skip code-bearing elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False
        self.removed_active = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS:
            self._skip += 1
            self.removed_active |= tag in {"script", "iframe", "object"}
        if any(k.startswith("on") or (v or "").strip().lower().startswith("javascript:") for k, v in attrs):
            self.removed_active = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS and self._skip:
            self._skip -= 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)

    def parse_html_declaration(self, i: int) -> int:
        """A marked section the base class cannot name ("<![_-") is a bogus comment, as HTML5 has
        it (the base class raises AssertionError on it)."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return self.parse_bogus_comment(i)

    def finish(self) -> None:
        """The end of the document. What feed() left unread is text: a tag or comment that never
        closes ("<a <a <a …", "<!-- …") and everything after it, or text ending in an
        unfinished character reference. HTMLParser.close() would show the same text for a run of
        such tags, but it reads the rest of the document again from every "<" after the first:
        quadratic (40 KB of "<a " took 10 s). Inside <script> or <style> the rest is dropped."""
        rest, self.rawdata = self.rawdata, ""
        if rest:
            self.handle_data(html.unescape(rest))


def html_to_text(text: str) -> tuple[str, str | None, bool]:
    """Return (plain text, <title> or None, whether active content was dropped)."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.finish()
    body = _strip_line_ends("".join(parser.parts))
    body = re.sub(r"[ \t]+", " ", body)
    title = " ".join("".join(parser.title).split()) or None
    return html.unescape(body), title, parser.removed_active


def _strip_line_ends(text: str) -> str:
    """White space (but newlines) around each newline removed: what
    re.sub(r"[ \\t\\r\\f\\v]*\\n[ \\t\\r\\f\\v]*", "\\n", text) gives, without trying that pattern at
    every space of a long run of spaces (quadratic)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    ws = " \t\r\f\v"
    return "\n".join([lines[0].rstrip(ws), *(line.strip(ws) for line in lines[1:-1]), lines[-1].lstrip(ws)])


def strip_markdown(text: str) -> tuple[str, bool]:
    """Remove markdown link, emphasis and heading markup; return (text, changed). Linear in the
    text's length; gives what strip_markdown_plain gives."""
    out = text
    for cue, run in _MD_RUN:
        if cue in out:                        # most texts carry no markup: skip the scan
            out = run(out)
    return out, out != text


def strip_markdown_plain(text: str) -> tuple[str, bool]:
    """strip_markdown by the regexes alone: the definition tests compare it with (quadratic on
    a long line of "[" or "**")."""
    out = text
    for cue, pattern, repl in _MD_STEPS:
        if cue in out:
            out = pattern.sub(repl, out)
    return out, out != text
