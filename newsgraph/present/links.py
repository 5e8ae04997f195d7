"""Links between the pages: the Actor page's address of an entity, keeping the filters in force.
No plotly or networkx: the sidebar of every page imports it."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import quote_plus, urlencode

from newsgraph.views.sourceview import md_escape


def actor_link(entity_id: str, query: dict | None = None) -> str:
    """The Actor page's address for one entity ('actor?actor=hulusi-akar'), keeping `query` (the filters)
    but its actors: the link opens this entity's profile, not the profile of the actors filtered on."""
    return "actor?" + urlencode({"actor": entity_id, **_but_actors(query)}, doseq=True)


def _but_actors(query: dict | None) -> dict:
    return {k: v for k, v in (query or {}).items() if k != "actor"}


def actor_links(ids: Iterable[str], query: dict | None = None) -> list[str]:
    """actor_link of each entity, the query encoded once (a table of 626 actors: 12 -> 1 ms); the same
    strings (tests/test_ui_fast_paths.py)."""
    rest = urlencode(_but_actors(query), doseq=True)
    tail = "&" + rest if rest else ""
    return [f"actor?actor={quote_plus(str(e))}{tail}" for e in ids]


def profile_links(ids: Iterable[str], names: dict[str, str], query: dict | None = None) -> str:
    """Markdown links to the profiles of some entities, in order ('[Hulusi Akar](actor?actor=…) · …')."""
    return " · ".join(f"[{md_escape(names.get(e, e))}]({actor_link(e, query)})" for e in dict.fromkeys(ids) if e)

