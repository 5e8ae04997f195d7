"""The Search page: what a search shows — each matching sentence with its hits marked (the text
escaped first, so a sentence never runs as markdown), grouped under its article with a link to the
source view that keeps the filters, and the facet counts a click turns into a filter."""
from __future__ import annotations

import pandas as pd

from newsgraph.views.filters import Filters, with_filters
from newsgraph.views.sourceview import md_escape

PAGE_SIZE = 20
FACET_TITLES = {"topic": "Topic", "actor": "Actor", "source": "Source", "year": "Year"}
EXAMPLES = 'ateşkes · Şoygu (finds Şoygu\'ya) · "Rus mevkidaşı" (words together) · idlib (case and Turkish letters do not matter)'


def marked(text: str, hits) -> str:
    """Markdown of a sentence with its hit spans in bold, every other character escaped."""
    out, at = [], 0
    for start, end in sorted((int(a), int(b)) for a, b in (hits if hits is not None else ())):
        if start < at:
            continue
        out += [md_escape(text[at:start]), "**", md_escape(text[start:end]), "**"]
        at = end
    return "".join(out + [md_escape(text[at:])])


def articles(rows: pd.DataFrame, f: Filters) -> list[dict]:
    """The result rows grouped by article, in their order: heading line, link, sentences (markdown)."""
    out: dict[str, dict] = {}
    for r in rows.itertuples():
        a = out.get(r.article_id)
        if a is None:
            line = " · ".join(md_escape(str(x)) for x in (r.published or "date unknown", r.source or "source unknown"))
            a = out[r.article_id] = {"title": md_escape(r.title or r.article_id), "line": line, "sentences": []}
        a["sentences"].append((marked(r.text, r.hits), with_filters(r.open, f)))
    return list(out.values())


def facet_groups(facets: pd.DataFrame) -> list[tuple[str, str, list[tuple[str, str, int]]]]:
    """(facet, title, [(value, label, sentences)]) for each facet with counts, in a fixed order."""
    groups = []
    for facet, title in FACET_TITLES.items():
        rows = facets[facets["facet"] == facet]
        if len(rows):
            groups.append((facet, title, [(v, str(lbl), int(n)) for v, lbl, n in
                                          zip(rows["value"], rows["label"], rows["sentences"])]))
    return groups


def pages_note(total: int, offset: int, shown: int) -> str:
    """'Sentences 21–40 of 133, newest article first'."""
    if not total:
        return "No sentence matches."
    return f"Sentences {offset + 1}–{offset + shown} of {total:,}, newest article first."
