"""The entities table: every entity mentioned, registry or discovered, with counts."""
from __future__ import annotations

import pandas as pd

from newsgraph.registry import Registry

COLUMNS = ["entity_id", "name", "label", "aliases", "title", "country", "in_registry", "mention_count", "article_count"]


def entity_table(mentions: pd.DataFrame, registry: Registry) -> pd.DataFrame:
    """One row per linked entity: name, label, aliases, title, country, counts."""
    linked = mentions.loc[mentions["entity_id"].notna(), ["entity_id", "article_id", "label", "surface"]] \
        if len(mentions) else mentions
    if not len(linked):
        return pd.DataFrame(columns=COLUMNS)
    grouped = linked.groupby("entity_id", sort=False)
    stats = pd.DataFrame({"mention_count": grouped.size(), "article_count": grouped["article_id"].nunique(),
                          "name": grouped["surface"].first()})
    labels = linked.groupby(["entity_id", "label"], sort=False).size().sort_values(ascending=False)
    stats["label"] = labels.reset_index().drop_duplicates("entity_id").set_index("entity_id")["label"]
    surfaces = linked.drop_duplicates(["entity_id", "surface"]).groupby("entity_id")["surface"].agg(sorted)
    rows = []
    for entity_id, st in stats.iterrows():
        known = registry.entities.get(entity_id)
        if known:
            head = [entity_id, known.name, known.label, list(known.aliases), known.title, known.country, True]
        else:
            head = [entity_id, st["name"], st["label"], surfaces[entity_id], None, None, False]
        rows.append(head + [int(st["mention_count"]), int(st["article_count"])])
    table = pd.DataFrame(rows, columns=COLUMNS)
    return table.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)
