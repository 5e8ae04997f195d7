"""Links between the pages: the Actor page's address of an entity, keeping the filters in force.
Light on purpose (no pandas, no plotly): the sidebar of every page imports it."""
from __future__ import annotations

from typing import Iterable
from urllib.parse import urlencode

_MARKDOWN = set("\\`*_{}[]()#+-.!|<>~:$")


def actor_link(entity_id: str, query: dict | None = None) -> str:
    """The Actor page's address for one entity ('actor?actor=hulusi-akar'), keeping `query` (the filters)."""
    return "actor?" + urlencode({"actor": entity_id, **(query or {})}, doseq=True)


def profile_links(ids: Iterable[str], names: dict[str, str], query: dict | None = None) -> str:
    """Markdown links to the profiles of some entities, in order ('[Hulusi Akar](actor?actor=…) · …')."""
    return " · ".join(f"[{_esc(names.get(e, e))}]({actor_link(e, query)})" for e in dict.fromkeys(ids) if e)


def _esc(text: str) -> str:
    return "".join("\\" + c if c in _MARKDOWN else c for c in text)
