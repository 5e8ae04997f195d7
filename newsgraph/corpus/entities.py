"""The entities table: every entity mentioned, registry or discovered, with counts."""
from __future__ import annotations

import numpy as np
import pandas as pd

from newsgraph.analysis.nlp.names import key_of_name
from newsgraph.base.registry import Registry
from newsgraph.base.textnorm import fold, slugify

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
    table = pd.DataFrame(_one_name_per_key(rows), columns=COLUMNS)
    return table.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)


# ---- per part ---------------------------------------------------------------------------------
# A build keeps, per part of the partitioned tables (parts.py), one row per linked (entity, label,
# surface) of the part's mentions: count, the part's articles naming the entity, and where it is
# first named (article, row within the article's linked mentions). The entities table is then a
# sum over parts (`table_from_parts`), the same as `entity_table` on every mention in file order.

STAT_COLUMNS = ["entity_id", "label", "surface", "count", "entity_articles", "first_article", "first_row"]


def part_stats(mentions: pd.DataFrame, position: dict[str, int]) -> pd.DataFrame:
    """The stats of one part's mentions (article_id, entity_id, label, surface; each article's
    rows in their order); `position`: article id → place of its raw file."""
    linked = mentions.loc[mentions["entity_id"].notna(), ["entity_id", "article_id", "label", "surface"]]
    if not len(linked):
        return pd.DataFrame({c: pd.Series(dtype="int64" if c in ("count", "entity_articles", "first_row") else object)
                             for c in STAT_COLUMNS})
    codes, ids = pd.factorize(linked["article_id"])
    keys = np.fromiter((position[a] for a in ids.tolist()), dtype=np.int64, count=len(ids))[codes]
    linked = linked.take(np.argsort(keys, kind="stable")).reset_index(drop=True)
    linked["row"] = linked.groupby("article_id", sort=False).cumcount()
    grouped = linked.groupby(["entity_id", "label", "surface"], sort=False, dropna=False)
    stats = pd.DataFrame({"count": grouped.size(), "first_article": grouped["article_id"].first(),
                          "first_row": grouped["row"].first()}).reset_index()
    per_entity = linked.groupby("entity_id", sort=False)["article_id"].nunique()
    stats["entity_articles"] = stats["entity_id"].map(per_entity).astype("int64")
    return stats[STAT_COLUMNS]


def table_from_parts(stats: list[pd.DataFrame], position: dict[str, int], registry: Registry,
                     merged: set[str] = frozenset()) -> pd.DataFrame:
    """The entities table from every part's stats (what `entity_table` gives on all mentions);
    a registry entity of `merged` (others merged into it by an analyst) also lists the spellings
    the corpus used as aliases."""
    pieces = [s.assign(part=i) for i, s in enumerate(stats) if len(s)]
    if not pieces:
        return pd.DataFrame(columns=COLUMNS)
    s = pd.concat(pieces, ignore_index=True)
    arts, ids = pd.factorize(s["first_article"])
    pos = np.fromiter((position[a] for a in ids.tolist()), dtype=np.int64, count=len(ids))[arts]
    order = np.lexsort((s["first_row"].to_numpy(dtype="int64"), pos))   # first named first
    s = s.take(order).reset_index(drop=True)
    grouped = s.groupby("entity_id", sort=False)
    per_part = s.drop_duplicates(["part", "entity_id"]).groupby("entity_id", sort=False)["entity_articles"].sum()
    st = pd.DataFrame({"mention_count": grouped["count"].sum(), "article_count": per_part,
                       "name": grouped["surface"].first()})
    labels = s.groupby(["entity_id", "label"], sort=False)["count"].sum().astype("int64").sort_values(ascending=False)
    st["label"] = labels.reset_index().drop_duplicates("entity_id").set_index("entity_id")["label"]
    surfaces = s.drop_duplicates(["entity_id", "surface"]).groupby("entity_id")["surface"].agg(sorted)
    rows = []
    for entity_id, mention_count, article_count, name, label in zip(
            st.index.tolist(), st["mention_count"].tolist(), st["article_count"].tolist(), st["name"].tolist(),
            st["label"].tolist()):
        known = registry.entities.get(entity_id)
        if known:
            aliases = list(known.aliases)
            if entity_id in merged:
                folded = {fold(a) for a in aliases}
                aliases += [a for a in surfaces[entity_id] if fold(a) not in folded]
            head = [entity_id, known.name, known.label, aliases, known.title, known.country, True]
        else:
            head = [entity_id, name, label, surfaces[entity_id], None, None, False]
        rows.append(head + [int(mention_count), int(article_count)])
    table = pd.DataFrame(_one_name_per_key(rows), columns=COLUMNS)
    return table.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)


# ---- one person, several spellings ---------------------------------------------------------------
# Articles spell a person outside the registry differently ("Dmytro Kuleba", "Dmitro Kuleba"); each
# article's id is the slug of its own spelling (docs/gold.md), so across the corpus one person may
# have several ids. Discovered persons whose names have one key (names.key_of_name) are one person:
# their rows share the name first written in the corpus and all the group's spellings as aliases,
# and `same_person` maps each id to the group's first id, for views that draw one node per person.

def same_person(table: pd.DataFrame) -> dict[str, str]:
    """{entity_id: the group's id} for the discovered persons of an entities table that share
    a name key with another id; the group's id is the slug of its name (the first spelling)."""
    found = table[(table["label"] == "PER") & ~table["in_registry"].astype(bool)]
    groups: dict[tuple[str, ...], list[tuple[str, str]]] = {}
    for entity_id, name in zip(found["entity_id"].tolist(), found["name"].tolist()):
        key = key_of_name(name)
        if len(key) >= 2:
            groups.setdefault(key, []).append((entity_id, name))
    out = {}
    for members in groups.values():
        if len(members) > 1:
            ids = [m[0] for m in members]
            head = slugify(members[0][1])
            head = head if head in ids else ids[0]
            out.update({i: head for i in ids})
    return out


def _one_name_per_key(rows: list[list]) -> list[list]:
    """Rows (COLUMNS order, first named first) with discovered persons of one name key
    sharing the first one's name and every spelling of the group as aliases."""
    groups: dict[tuple[str, ...], list[list]] = {}
    for row in rows:
        if row[2] == "PER" and not row[6]:
            key = key_of_name(row[1])
            if len(key) >= 2:
                groups.setdefault(key, []).append(row)
    for members in groups.values():
        if len(members) > 1:
            aliases = sorted({a for m in members for a in m[3]})
            for m in members:
                m[1], m[3] = members[0][1], aliases
    return rows
