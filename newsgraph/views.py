"""Derived tables written with every build, so that the pages filter small tables
instead of recomputing them from the big ones on every view.

A view is a pure function of the build's tables: `fn(build_dir, tables) -> DataFrame`,
where `tables` holds the corpus-wide tables just computed (articles without its text
column, dates, meetings, entities) and the partitioned ones (articles' text, sentences,
mentions) are read from `build_dir` with
`parts.read_columns`. Views are registered in VIEWS by the module that owns them and are
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


def write(build_dir: Path, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
    """Compute and write every registered view; rows per view."""
    rows = {}
    for name, fn in VIEWS.items():
        frame = fn(build_dir, tables)
        target = path(build_dir, name)
        target.parent.mkdir(exist_ok=True)
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), target)
        rows[name] = len(frame)
    return rows


# ---- the dashboard's views (network, filters) -------------------------------------------------
# Ids are stored as dictionary (categorical) columns and indices as int32: the dashboard
# holds these instead of the sentences and mentions tables. Computed with integer codes and
# numpy (no groupby on strings): each costs tens of milliseconds at 10k articles.

@lru_cache(maxsize=1)
def _units(build_dir: str) -> tuple:
    """Linked mentions as sorted distinct (article, sentence, entity, label) codes, with counts,
    paragraph indices and the code → value arrays; read once for the views of one build."""
    from newsgraph import parts
    m = parts.read_columns(Path(build_dir), "mentions", ["article_id", "sent_idx", "entity_id", "label"])
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
    s = parts.read_columns(Path(build_dir), "sentences", ["article_id", "sent_idx", "paragraph_idx"])
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
    """One row per linked entity, label and sentence naming it: article_id, sent_idx, paragraph_idx,
    entity_id, label, n (its mentions there). The network's paragraph and article windows and a
    node's evidence are computed from it."""
    art, sent, par, ent, lab, n, arts, ents, labs = _units(str(build_dir))
    return pd.DataFrame({"article_id": _cat(art, arts), "sent_idx": sent, "paragraph_idx": par,
                         "entity_id": _cat(ent, ents), "label": _cat(lab, labs), "n": n})


def article_entities(build_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per article, linked entity and label: mentions (count) and first_sent. The actor
    filter and the network's node sizes read it."""
    art, sent, _par, ent, lab, n, arts, ents, labs = _units(str(build_dir))
    key = (art.astype("int64") * (len(ents) + 1) + ent) * (len(labs) + 1) + lab
    order = np.argsort(key, kind="stable")
    key, sent, n, art, ent, lab = key[order], sent[order], n[order], art[order], ent[order], lab[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.array([], dtype="int64")
    mentions = np.add.reduceat(n, starts) if len(key) else n
    return pd.DataFrame({"article_id": _cat(art[starts], arts), "entity_id": _cat(ent[starts], ents),
                         "label": _cat(lab[starts], labs), "mentions": mentions.astype("int32"),
                         "first_sent": np.minimum.reduceat(sent, starts).astype("int32") if len(key) else sent})


def sentence_pairs(build_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per article and pair of linked entities named in one sentence (a < b, as ids):
    label_a, label_b, weight (sentences naming both), first_sent (the first of them)."""
    art, sent, _par, ent, lab, _n, arts, ents, labs = _units(str(build_dir))
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


VIEWS.update({"entity_sentences": entity_sentences, "article_entities": article_entities,
              "sentence_pairs": sentence_pairs})
VIEWS["timeline_items"] = timeline_view          # the timeline page's item index (newsgraph/timeline.py)
