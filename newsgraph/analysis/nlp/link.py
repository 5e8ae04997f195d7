"""Linking model spans (stanza) to the registry, the same way the rules backend links:
folded aliases first, then the name keys of names.py (another spelling of a registry person's
full name or of a surname one person owns; a given name before a registry surname is that
person's only when it is one of their given names, else a relative's), then a surname after
a full name named earlier in the article (also by key)."""
from __future__ import annotations

from newsgraph.analysis.nlp.names import PersonIndex, key_of_name
from newsgraph.base.mention import Mention
from newsgraph.analysis.nlp.tokens import key_of
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold, slugify, translit_key


class Linker:
    """Registry lookup by folded alias and name key, then surname-after-full-name within an article."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.aliases = {key_of(a): e.entity_id for e in registry.entities.values() for a in e.aliases if key_of(a)}
        self.people = PersonIndex(registry)
        lex = registry.lexicon
        self.titles = {fold(w) for t in lex.person_titles for w in t.replace(".", "").split()}

    def entity_for(self, surface: str, label: str) -> tuple[str | None, str]:
        """(entity_id, method) for a span's surface; discovered ids are slugs."""
        key = key_of(surface)
        if key in self.aliases:
            return self.aliases[key], "registry"
        if label == "PER":
            hit = self._person(surface)
            if hit:
                return hit, "registry"
        slug = slugify(surface)
        return (slug or None), "model"

    def _person(self, surface: str) -> str | None:
        """The registry person a PER span names in another spelling, titles before it left
        out ("Sn Hakan Fidan", "Dmitrii Peskof"); None for a relative ("Melania Trump")."""
        words = surface.split()
        while len(words) > 1 and fold(words[0].rstrip(".")) in self.titles:
            words = words[1:]
        name = " ".join(words)
        if key_of(name) in self.aliases:
            hit = self.aliases[key_of(name)]
            return hit if self.registry.entities[hit].label == "PER" else None
        nkey = key_of_name(name)
        if len(nkey) >= 2 and (hit := self.people.by_name(nkey)):
            return hit
        last = self.aliases.get(key_of(words[-1])) or self.people.by_surname(nkey[-1] if nkey else "")
        if not last or self.registry.entities[last].label != "PER":
            return None
        return last if len(nkey) == 1 or self.people.same_given(last, nkey[0]) else None

    def link_spans(self, text: str, spans: list, sentence_starts: list[int]) -> list[Mention]:
        """Mentions from model spans, linked; a lone surname follows an earlier full name."""
        out: list[Mention] = []
        surnames: dict[str, str] = {}
        for sp in sorted(spans, key=lambda s: s.start):
            words = sp.surface.split()
            entity_id, method = self.entity_for(sp.surface, sp.label)
            if sp.label == "PER" and len(words) == 1 and method == "model" and translit_key(words[0]) in surnames:
                entity_id, method = surnames[translit_key(words[0])], "coref"
            if sp.label == "PER" and len(words) >= 2 and entity_id:
                surnames.setdefault(translit_key(words[-1]), entity_id)
            label = self.registry.entities[entity_id].label if method == "registry" else sp.label
            out.append(Mention(sp.start, sp.end, sp.surface, sp.suffix, label, entity_id, method))
        return out
