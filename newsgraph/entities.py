"""The entities table: every entity mentioned, registry or discovered, with counts."""
from __future__ import annotations

import pandas as pd

from newsgraph.registry import Registry

COLUMNS = ["entity_id", "name", "label", "aliases", "title", "country", "in_registry", "mention_count", "article_count"]


def entity_table(mentions: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """One row per linked entity: name, label, aliases, title, country, counts."""
    linked = mentions.dropna(subset=["entity_id"]) if len(mentions) else mentions
    if not len(linked):
        return pd.DataFrame(columns=COLUMNS)
    grouped = linked.groupby("entity_id", sort=False)
    stats = grouped.agg(mention_count=("article_id", "size"), article_count=("article_id", "nunique"),
                        name=("surface", "first"), label=("label", lambda s: s.mode().iat[0]),
                        aliases=("surface", lambda s: sorted(set(s))))
    rows = []
    for entity_id, st in stats.iterrows():
        known = registry.entities.get(entity_id)
        if known:
            head = [entity_id, known.name, known.label, list(known.aliases), known.title, known.country, True]
        else:
            head = [entity_id, st["name"], st["label"], st["aliases"], None, None, False]
        rows.append(head + [int(st["mention_count"]), int(st["article_count"])])
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)
