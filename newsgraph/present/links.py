"""Links between the pages: the Actor page's address of an entity, keeping the filters in force.
No plotly or networkx: the sidebar of every page imports it."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlencode

from newsgraph.views.sourceview import md_escape


def actor_link(entity_id: str, query: dict | None = None) -> str:
    """The Actor page's address for one entity ('actor?actor=hulusi-akar'), keeping `query` (the filters)."""
    return "actor?" + urlencode({"actor": entity_id, **(query or {})}, doseq=True)


def profile_links(ids: Iterable[str], names: dict[str, str], query: dict | None = None) -> str:
    """Markdown links to the profiles of some entities, in order ('[Hulusi Akar](actor?actor=…) · …')."""
    return " · ".join(f"[{md_escape(names.get(e, e))}]({actor_link(e, query)})" for e in dict.fromkeys(ids) if e)

