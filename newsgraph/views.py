"""Derived tables written with every build, so that the pages filter small tables
instead of recomputing them from the big ones on every view.

A view is a pure function of the build's tables: `fn(build_dir, tables) -> DataFrame`,
where `tables` holds the corpus-wide tables just computed (articles without its text
column, dates, meetings, entities) and the partitioned ones (articles' text, sentences,
mentions) are read from `build_dir` with
`parts.read_columns`. Views are registered in VIEWS (the functions live with the page that uses them) and are
written to `<build>/views/<name>.parquet`; the dashboard reads them through ui/data.py.
Every view is recomputed on every build, so each must stay cheap at corpus scale.
"""
from __future__ import annotations

from pathlib import Path
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from newsgraph.timeline import timeline_view

View = Callable[[Path, dict[str, pd.DataFrame]], pd.DataFrame]
VIEWS: dict[str, View] = {}


def path(build_dir: Path, name: str) -> Path:
    """Where view `name` of a build lives."""
    return Path(build_dir) / "views" / f"{name}.parquet"


def write(build_dir: Path, tables: dict[str, pd.DataFrame], part_names: list[str] | None = None) -> dict[str, int]:
    """Compute and write every registered view; rows per view. With the build's part names
    (their view parts written by `write_parts`), the per-article views are combined from them."""
    rows = {}
    combined = combine(build_dir, part_names) if part_names is not None else {}
    for name, fn in VIEWS.items():
        frame = combined[name] if name in combined else fn(build_dir, tables)
        target = path(build_dir, name)
        target.parent.mkdir(exist_ok=True)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), target)
        rows[name] = len(frame)
    return rows


# ---- the dashboard's views (network, filters) -------------------------------------------------
# Ids are stored as dictionary (categorical) columns and indices as int32: the dashboard
# holds these instead of the sentences and mentions tables. Computed with integer codes and
# numpy (no groupby on strings): each costs tens of milliseconds at 10k articles.

MENTION_COLUMNS = ["article_id", "sent_idx", "entity_id", "label"]
SENTENCE_COLUMNS = ["article_id", "sent_idx", "paragraph_idx"]


@lru_cache(maxsize=1)
def _units(build_dir: str) -> tuple:
    """Linked mentions as sorted distinct (article, sentence, entity, label) codes, with counts,
    paragraph indices and the code → value arrays; read once for the views of one build."""
    from newsgraph import parts
    return _units_of(parts.read_columns(Path(build_dir), "mentions", MENTION_COLUMNS),
                     parts.read_columns(Path(build_dir), "sentences", SENTENCE_COLUMNS))


def _units_of(m: pd.DataFrame, s: pd.DataFrame) -> tuple:
    """The units of some articles' mentions and sentences (all of a build, or one part)."""
    m = m[m["entity_id"].notna()]
    art, arts = pd.factorize(m["article_id"], sort=True)
    ent, ents = pd.factorize(m["entity_id"], sort=True)
    lab, labs = pd.factorize(m["label"], sort=True)
    sent = m["sent_idx"].to_numpy(dtype="int64")
    S, E, L = int(sent.max(initial=0)) + 1, max(len(ents), 1), max(len(labs), 1)
    key = ((art.astype("int64") * S + sent) * E + ent) * L + lab
    uniq, counts = np.unique(key, return_counts=True)
    lab_u, rest = uniq % L, uniq // L
    ent_u, rest = rest % E, rest // E
    sent_u, art_u = rest % S, rest // S
    s_art = pd.Index(arts).get_indexer(s["article_id"])
    ok = (s_art >= 0) & (s["sent_idx"].to_numpy() < S)
    s_key = s_art[ok].astype("int64") * S + s["sent_idx"].to_numpy(dtype="int64")[ok]
    order = np.argsort(s_key)
    s_key, s_par = s_key[order], s["paragraph_idx"].fillna(-1).to_numpy(dtype="int64")[ok][order]
    want = art_u * S + sent_u
    at = np.clip(np.searchsorted(s_key, want), 0, max(len(s_key) - 1, 0))
    par = np.where((len(s_key) > 0) & (s_key[at] == want), s_par[at] if len(s_par) else -1, -1)
    return (art_u.astype("int32"), sent_u.astype("int32"), par.astype("int32"), ent_u.astype("int32"),
            lab_u.astype("int8"), counts.astype("int32"), np.asarray(arts, dtype=object),
            np.asarray(ents, dtype=object), np.asarray(labs, dtype=object))


def _cat(codes: np.ndarray, values: np.ndarray) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=pd.Index(values, dtype=object))


def entity_sentences(build_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _entity_sentences(_units(str(build_dir)))


def _entity_sentences(units: tuple) -> pd.DataFrame:
    """One row per linked entity, label and sentence naming it: article_id, sent_idx, paragraph_idx,
    entity_id, label, n (its mentions there). The network's paragraph and article windows and a
    node's evidence are computed from it."""
    art, sent, par, ent, lab, n, arts, ents, labs = units
    return pd.DataFrame({"article_id": _cat(art, arts), "sent_idx": sent, "paragraph_idx": par,
                         "entity_id": _cat(ent, ents), "label": _cat(lab, labs), "n": n})


def article_entities(build_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _article_entities(_units(str(build_dir)))


def _article_entities(units: tuple) -> pd.DataFrame:
    """One row per article, linked entity and label: mentions (count) and first_sent. The actor
    filter and the network's node sizes read it."""
    art, sent, _par, ent, lab, n, arts, ents, labs = units
    key = (art.astype("int64") * (len(ents) + 1) + ent) * (len(labs) + 1) + lab
    order = np.argsort(key, kind="stable")
    key, sent, n, art, ent, lab = key[order], sent[order], n[order], art[order], ent[order], lab[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype="int64")
    mentions = np.add.reduceat(n, starts) if len(key) else n
    return pd.DataFrame({"article_id": _cat(art[starts], arts), "entity_id": _cat(ent[starts], ents),
                         "label": _cat(lab[starts], labs), "mentions": mentions.astype("int32"),
                         "first_sent": np.minimum.reduceat(sent, starts).astype("int32") if len(key) else sent})


def sentence_pairs(build_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return _sentence_pairs(_units(str(build_dir)))


def _sentence_pairs(units: tuple) -> pd.DataFrame:
    """One row per article and pair of linked entities named in one sentence (a < b, as ids):
    label_a, label_b, weight (sentences naming both), first_sent (the first of them)."""
    art, sent, _par, ent, lab, _n, arts, ents, labs = units
    E, L, S = len(ents) + 1, len(labs) + 1, int(sent.max(initial=0)) + 1
    unit = art.astype("int64") * S + sent                  # sorted by (article, sentence, entity), as the units are
    starts = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1]]) if len(unit) else np.array([], dtype="int64")
    sizes = np.diff(np.r_[starts, len(unit)])
    pos = np.arange(len(unit)) - np.repeat(starts, sizes)             # place of each row in its sentence
    partners = np.repeat(sizes, sizes) - 1 - pos                     # rows after it in the same sentence
    left = np.repeat(np.arange(len(unit)), partners)
    first_of = np.repeat(np.cumsum(partners) - partners, partners)
    right = left + 1 + (np.arange(len(left)) - first_of)
    keep = ent[left] < ent[right]                                   # one entity under two labels is no pair
    left, right = left[keep], right[keep]
    key = (((art[left].astype("int64") * E + ent[left]) * E + ent[right]) * L + lab[left]) * L + lab[right]
    order = np.argsort(key, kind="stable")                          # stable: the first of a group is its first sentence
    key, first = key[order], sent[left][order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype="int64")
    k, weight = key[starts], np.diff(np.r_[starts, len(key)])
    lb, k = k % L, k // L
    la, k = k % L, k // L
    b, k = k % E, k // E
    a, a_art = k % E, k // E
    return pd.DataFrame({"article_id": _cat(a_art.astype("int32"), arts), "a": _cat(a.astype("int32"), ents),
                         "b": _cat(b.astype("int32"), ents), "label_a": _cat(la.astype("int8"), labs),
                         "label_b": _cat(lb.astype("int8"), labs), "weight": weight.astype("int32"),
                         "first_sent": first[starts].astype("int32")})


VIEWS["timeline_items"] = timeline_view          # the timeline page's item index (newsgraph/timeline.py)
VIEWS.update({"entity_sentences": entity_sentences, "article_entities": article_entities,
              "sentence_pairs": sentence_pairs})
PER_PART = {"entity_sentences": _entity_sentences, "article_entities": _article_entities,
            "sentence_pairs": _sentence_pairs}


# ---- per part -----------------------------------------------------------------------------------
# The three views above depend on each article's own mentions and sentences only, so a build
# keeps them per part of the partitioned tables (parts.py): `<build>/views/parts/<view>/<part>`,
# the rows of that part's articles with the part's own (sorted) dictionaries. A part the build
# links gets its view parts linked too; a new or rewritten part gets them computed from its own
# rows. `combine` then gives the corpus-wide view a full computation gives: the union of the
# parts' dictionaries (sorted) as categories, codes mapped onto it, rows in article order.

WIDE = pa.dictionary(pa.int32(), pa.string())
CATEGORY_OF = {"article_id": "article_id", "entity_id": "entity_id", "a": "entity_id", "b": "entity_id",
               "label": "label", "label_a": "label", "label_b": "label"}


def parts_dir(build_dir: Path, name: str) -> Path:
    """The folder of view `name`'s parts in a build."""
    return Path(build_dir) / "views" / "parts" / name


ENTITY_STATS = "entity_stats"        # entities.part_stats, kept with the views' parts


def write_parts(build_dir: Path, plan, position: dict[str, int]) -> list[str]:
    """Link or compute the view parts (and entity stats) of every part of the build; the part
    names. `position`: article id → place of its raw file."""
    from newsgraph import entities, parts
    build_dir = Path(build_dir)
    names = sorted(plan.part_map())
    before = plan.previous / "views" / "parts" if plan.previous is not None else None
    kinds = [*PER_PART, ENTITY_STATS]
    for name in kinds:
        parts_dir(build_dir, name).mkdir(parents=True)
    linked = set(plan.link)
    for part in names:
        if part in linked and before is not None and all((before / v / part).exists() for v in kinds):
            for name in kinds:
                parts._link(before / name / part, parts_dir(build_dir, name) / part)
            continue
        m = pq.read_table(build_dir / "mentions.parquet" / part, columns=[*MENTION_COLUMNS, "surface"]).to_pandas()
        stats = entities.part_stats(m, position)
        pq.write_table(pa.Table.from_pandas(stats, preserve_index=False), parts_dir(build_dir, ENTITY_STATS) / part)
        units = _units_of(m, pq.read_table(build_dir / "sentences.parquet" / part, columns=SENTENCE_COLUMNS).to_pandas())
        for name, fn in PER_PART.items():
            table = pa.Table.from_pandas(fn(units), preserve_index=False)
            schema = pa.schema([pa.field(f.name, WIDE) if pa.types.is_dictionary(f.type) else f for f in table.schema])
            pq.write_table(table.cast(schema), parts_dir(build_dir, name) / part)
    return names


def combine(build_dir: Path, names: list[str]) -> dict[str, pd.DataFrame]:
    """The per-part views of a build as the corpus-wide views (what `entity_sentences` & co. give)."""
    tables = {name: [pq.read_table(parts_dir(build_dir, name) / part) for part in names] for name in PER_PART}
    values: dict[str, pd.Index] = {}
    for col in ("article_id", "entity_id", "label"):
        used: set[str] = set()
        for table in tables["entity_sentences"]:
            for chunk in table.column(col).chunks:
                idx = np.unique(chunk.indices.to_numpy(zero_copy_only=False))
                used.update(np.asarray(chunk.dictionary.to_pylist(), dtype=object)[idx].tolist())
        values[col] = pd.Index(sorted(used), dtype=object)
    out = {}
    for name, pieces in tables.items():
        table = pa.concat_tables(pieces)
        cols = {}
        for field in table.schema:
            col = table.column(field.name)
            if field.name in CATEGORY_OF:
                cols[field.name] = _recode(col, values[CATEGORY_OF[field.name]])
            else:
                cols[field.name] = col.to_numpy()
        order = np.argsort(cols["article_id"], kind="stable")        # parts hold distinct articles
        out[name] = pd.DataFrame({c: _cat(v[order], np.asarray(values[CATEGORY_OF[c]], dtype=object))
                                  if c in CATEGORY_OF else v[order] for c, v in cols.items()})
    return out


def _recode(col: pa.ChunkedArray, values: pd.Index) -> np.ndarray:
    """Codes of a dictionary column's values in `values`."""
    pieces = [values.get_indexer(np.asarray(chunk.dictionary.to_pylist(), dtype=object))
              [chunk.indices.to_numpy(zero_copy_only=False)].astype("int32") for chunk in col.chunks]
    return np.concatenate(pieces) if pieces else np.empty(0, dtype="int32")


def read_entity_stats(build_dir: Path, names: list[str]) -> list[pd.DataFrame]:
    """Every part's entity stats (entities.part_stats), in part order."""
    return [pq.read_table(parts_dir(build_dir, ENTITY_STATS) / part).to_pandas() for part in names]
