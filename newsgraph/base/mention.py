"""A name found in an article text (shared by the rules backend, the linker and meetings)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """One name in an article text (suffix cut off)."""

    start: int
    end: int
    surface: str
    suffix: str
    label: str
    entity_id: str | None
    method: str              # registry | discovered | coref | model
