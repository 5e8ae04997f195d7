"""What one filter state keeps of a build, read through a Reader: the sidebar's options, the kept
articles and the tables cut to them (the dashboard caches each per build and filter state)."""
from __future__ import annotations

import pandas as pd
import pyarrow.compute as pc

from newsgraph.views.filters import Filters, keep_articles, keep_meetings
from newsgraph.views.reader import Reader

MAX_ACTOR_OPTIONS = 400       # the most named persons are offered; a chosen actor stays offered


def filter_options(reader: Reader) -> dict:
    """The sidebar's choices: topics, sources, actors (id → name, most named first) and the years
    the articles span (first and last day)."""
    articles = reader.table("articles")
    entities = reader.table("entities", ["entity_id", "name", "label", "mention_count"])
    people = entities[entities["label"] == "PER"].sort_values(["mention_count", "entity_id"], ascending=[False, True])
    topics = pc.unique(reader.list_index("articles", "topics")[0]).drop_null().to_pylist()
    sources = pd.unique(articles["source"].to_numpy(dtype=object))
    dates = [d for d in articles["published"].tolist() if isinstance(d, str)]
    return {"topics": sorted(topics), "sources": sorted(s for s in sources if isinstance(s, str)),
            "actors": dict(zip(people["entity_id"], people["name"])),
            "first": min(dates)[:4] + "-01-01" if dates else None,
            "last": max(dates)[:4] + "-12-31" if dates else None}


def actor_options(names: dict[str, str], chosen, limit: int = MAX_ACTOR_OPTIONS) -> list[str]:
    """The `limit` most named persons, plus any chosen one beyond them."""
    top = list(names)[:limit]
    return top + [a for a in chosen or () if a not in set(top)]


def kept_articles(reader: Reader, f: Filters) -> pd.DataFrame:
    """The articles a filter state keeps (rows of the held table; the article_entities view is only
    read for an actor filter)."""
    articles = reader.table("articles")
    if f.is_empty():
        return articles
    return articles[keep_articles(articles, reader.view("article_entities") if f.actors else None, f,
                                  reader.any_of("articles"))]


def cut_tables(reader: Reader, f: Filters, names: tuple[str, ...], kept: pd.DataFrame,
               ids: frozenset[str] | None) -> dict[str, pd.DataFrame]:
    """The named tables cut to the kept articles (`ids`; None = no filter), meetings also by type,
    actor, topic and date; `kept` (the kept articles) is the articles table."""
    out = {"articles": kept}
    for name in dict.fromkeys(names):
        if name in ("articles", "entities"):
            continue
        table = reader.table(name)
        if ids is None:
            out[name] = table
        elif name == "meetings":
            out[name] = table[keep_meetings(table, ids, f, reader.any_of("meetings"))]
        else:
            out[name] = table[table["article_id"].isin(ids)]
    return out
