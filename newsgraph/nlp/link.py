"""Linking model spans (stanza) to the registry, the same way the rules backend links."""
from __future__ import annotations

from newsgraph.nlp.rules import Mention
from newsgraph.nlp.tokens import key_of
from newsgraph.registry import Registry
from newsgraph.textnorm import fold, slugify


class Linker:
    """Registry lookup by folded alias, then surname-after-full-name within an article."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.aliases = {key_of(a): e.entity_id for e in registry.entities.values() for a in e.aliases if key_of(a)}

    def entity_for(self, surface: str, label: str) -> tuple[str | None, str]:
        """(entity_id, method) for a span's surface; discovered ids are slugs."""
        key = key_of(surface)
        if key in self.aliases:
            return self.aliases[key], "registry"
        if label == "PER" and len(key) > 1 and key[-1:] in self.aliases:
            hit = self.aliases[key[-1:]]
            if self.registry.entities[hit].label == "PER":
                return hit, "registry"      # "Sn Hakan Fidan" style spans with extra words
        slug = slugify(surface)
        return (slug or None), "model"

    def link_spans(self, text: str, spans: list, sentence_starts: list[int]) -> list[Mention]:
        """Mentions from model spans, linked; a lone surname follows an earlier full name."""
        out: list[Mention] = []
        surnames: dict[str, str] = {}
        for sp in sorted(spans, key=lambda s: s.start):
            words = sp.surface.split()
            entity_id, method = self.entity_for(sp.surface, sp.label)
            if sp.label == "PER" and len(words) == 1 and method == "model" and fold(words[0]) in surnames:
                entity_id, method = surnames[fold(words[0])], "coref"
            if sp.label == "PER" and len(words) >= 2 and entity_id:
                surnames.setdefault(fold(words[-1]), entity_id)
            label = self.registry.entities[entity_id].label if method == "registry" else sp.label
            out.append(Mention(sp.start, sp.end, sp.surface, sp.suffix, label, entity_id, method))
        return out
