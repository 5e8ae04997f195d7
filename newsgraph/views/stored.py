"""Derived tables written with every build, so that the pages filter small tables
instead of recomputing them from the big ones on every view.

A view is a pure function of the build's tables: `fn(build_dir, tables) -> DataFrame`,
where `tables` holds the corpus-wide tables just computed (articles without its text
column, dates, meetings, entities) and the partitioned ones (articles' text, sentences,
mentions) are read from `build_dir` with `parts.read_columns`. Views are registered in VIEWS
and written to `<build>/views/<name>.arrow` (Arrow IPC: derived data only the dashboard
reads, ten times faster to write than Parquet). The per-article ones (PER_PART) are also
kept per part of the partitioned tables; a build computes only its new parts' and writes
the whole view combined from all parts (`write_combined`). The dashboard reads views
through ui/data.py. The corpus-wide views are made again on every build from the overlay's
tables, so each must stay cheap at corpus scale; the timeline's is made from the last build's when
the overlay says which articles' rows changed (`timeline.update_view`, `redo`).
"""
from __future__ import annotations

from pathlib import Path
from functools import lru_cache
from typing import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.feather as feather
import pyarrow.parquet as pq

from newsgraph.views.timeline import timeline_view, update_view

View = Callable[[Path, dict[str, pd.DataFrame]], pd.DataFrame]
VIEWS: dict[str, View] = {}


def path(build_dir: Path, name: str) -> Path:
    """Where view `name` of a build lives."""
    return Path(build_dir) / "views" / f"{name}.arrow"


def _save(table: pa.Table, target: Path) -> None:
    feather.write_feather(table, target, compression="uncompressed")


def load(source: Path) -> pa.Table:
    """A view file as a table; an Arrow file is memory-mapped (files are never changed once written)."""
    return feather.read_table(source, memory_map=True) if source.suffix == ".arrow" else pq.read_table(source)


def write(build_dir: Path, tables: dict[str, pd.DataFrame], part_names: list[str] | None = None,
          last: Path | None = None, redo: dict[str, set[str]] | None = None) -> dict[str, int]:
    """Compute and write every registered view; rows per view. With the build's part names
    (their view parts written by `write_parts`), the per-article views are left to
    `write_combined`. With the last build (`last`) and the articles whose meetings and dates rows may
    differ from its (`redo`), the timeline view is made from the last one's (`timeline.update_view`)."""
    rows = {}
    for name, fn in VIEWS.items():
        if part_names is not None and name in PER_PART:
            continue
        table = _timeline_from(last, tables, redo) if name == "timeline_items" and last is not None \
            and redo is not None else None
        if table is None:
            table = pa.Table.from_pandas(fn(build_dir, tables), preserve_index=False)
        target = path(build_dir, name)
        target.parent.mkdir(exist_ok=True)
        _save(table, target)
        rows[name] = table.num_rows
    return rows


def redo(changed: dict[str, set[str] | None], processed, same_corrections: bool) -> dict[str, set[str]] | None:
    """"meetings", "dates" → the articles whose rows of that table may differ from the last build's: those
    the overlay says (`changed`, overlay.Kept.changed: other event ids or dates), and those processed
    again; None (not known) when the overlay does not say or the analyst's corrections changed (they may
    edit any meeting)."""
    if not same_corrections or any(changed.get(name) is None for name in ("meetings", "dates")):
        return None
    return {name: set(changed[name]) | set(processed) for name in ("meetings", "dates")}


def _timeline_from(last: Path, tables: dict[str, pd.DataFrame], redo: dict[str, set[str]]) -> pa.Table | None:
    """The timeline view from the last build's (None when it has none, or its entities cannot be read)."""
    source = path(last, "timeline_items")
    if not source.exists() or not all(n in tables for n in ("meetings", "dates", "articles", "entities")):
        return None
    try:
        old = pq.read_table(Path(last) / "entities.parquet", columns=["entity_id", "name"])
    except (OSError, pa.ArrowException):
        return None
    ents = tables["entities"]
    return update_view(load(source), tables["meetings"], tables["dates"], tables["articles"],
                       dict(zip(ents["entity_id"], ents["name"])),
                       dict(zip(old.column("entity_id").to_pylist(), old.column("name").to_pylist())), redo)


def write_combined(build_dir: Path, part_names: list[str], corrected: set[str] = frozenset()) -> None:
    """Write the per-article views whole, from their parts (one part: the part file is the view,
    linked); the parts in `corrected` from their corrected files (`write_corrected`). Arrow
    compute only (0.15 s for eleven parts at 10k articles)."""
    from newsgraph.storage import parts
    (Path(build_dir) / "views").mkdir(exist_ok=True)
    if len(part_names) == 1 and not corrected:
        for name in PER_PART:
            parts._link(part_file(build_dir, name, part_names[0]), path(build_dir, name))
        return
    for name, table in combine(build_dir, part_names, corrected=corrected).items():
        _save(table, path(build_dir, name))


def read(build_dir: Path, name: str) -> pd.DataFrame | None:
    """View `name` of a build as a DataFrame (ids as categoricals), whether written whole or
    kept in parts; None when the build has neither (built before the view existed)."""
    for whole in (path(build_dir, name), path(build_dir, name).with_suffix(".parquet")):   # .parquet: older builds
        if whole.exists():
            return frame_of(load(whole))
    folder = parts_dir(build_dir, name)
    if name in PER_PART and folder.is_dir():
        return combine(build_dir, sorted(p.name for p in folder.glob("*.arrow")), [name])[name].to_pandas()
    return None


def frame_of(table: pa.Table) -> pd.DataFrame:
    """table.to_pandas() of a view, its dictionary columns made categoricals from their codes as they
    are (no copy of the memory-mapped indices, categories from the dictionary once): a third of the
    time (sentence_pairs at 10k: 19 -> 8 ms; at 100k: 229 -> 70). The other columns go through
    to_pandas (the pandas metadata's dtypes). tests/test_netstore.py compares it with to_pandas."""
    coded = [f.name for f in table.schema if pa.types.is_dictionary(f.type)]
    rest = table.drop_columns(coded).to_pandas(split_blocks=True) if len(coded) < table.num_columns else None
    columns = {}
    for name in table.schema.names:
        if name not in coded:
            columns[name] = rest[name]
            continue
        column = table.column(name)
        column = column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
        indices = column.indices if column.null_count == 0 else pc.fill_null(column.indices, -1)
        codes = indices.to_numpy(zero_copy_only=False)
        columns[name] = pd.Categorical.from_codes(codes, categories=pd.Index(column.dictionary.to_pandas()),
                                                  validate=False)
    return pd.DataFrame(columns, columns=table.schema.names, copy=False)


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
    from newsgraph.storage import parts
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


VIEWS["timeline_items"] = timeline_view          # the timeline page's item index (newsgraph/views/timeline.py)
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


def part_file(build_dir: Path, name: str, part: str, corrected: bool = False) -> Path:
    """The file of view `name` (or of the entity stats) for data part `part` (a part's file name);
    `corrected`: the one made with the analyst's entity corrections (`write_corrected`)."""
    folder = Path(build_dir) / "views" / CORRECTED / name if corrected else parts_dir(build_dir, name)
    return folder / (Path(part).stem + ".arrow")


ENTITY_STATS = "entity_stats"        # entities.part_stats, kept with the views' parts
CORRECTED = "corrected"              # views/corrected/<view>/<part>.arrow: a part's views after entity corrections


def write_parts(build_dir: Path, plan, position: dict[str, int]) -> list[str]:
    """Link or compute the view parts (and entity stats) of every part of the build; the part
    names. `position`: article id → place of its raw file."""
    from newsgraph.corpus import entities
    from newsgraph.storage import parts
    build_dir = Path(build_dir)
    names = sorted(plan.part_map())
    kinds = [*PER_PART, ENTITY_STATS]
    for name in kinds:
        parts_dir(build_dir, name).mkdir(parents=True)
    linked = set(plan.link)
    for part in names:
        if part in linked and plan.previous is not None and \
                all(part_file(plan.previous, v, part).exists() for v in kinds):
            for name in kinds:
                parts._link(part_file(plan.previous, name, part), part_file(build_dir, name, part))
            continue
        m = pq.read_table(build_dir / "mentions.parquet" / part, columns=[*MENTION_COLUMNS, "surface"]).to_pandas()
        stats = entities.part_stats(m, position)
        _save(pa.Table.from_pandas(stats, preserve_index=False), part_file(build_dir, ENTITY_STATS, part))
        _save_part_views(build_dir, part, m, False)
    return names


def _save_part_views(build_dir: Path, part: str, mentions: pd.DataFrame, corrected: bool) -> None:
    """The per-article views of one part, from its mentions (given) and its sentences."""
    sentences = pq.read_table(build_dir / "sentences.parquet" / part, columns=SENTENCE_COLUMNS).to_pandas()
    units = _units_of(mentions, sentences)
    for name, fn in PER_PART.items():
        table = pa.Table.from_pandas(fn(units), preserve_index=False)
        schema = pa.schema([pa.field(f.name, WIDE) if pa.types.is_dictionary(f.type) else f for f in table.schema])
        _save(table.cast(schema), part_file(build_dir, name, part, corrected))


def combine(build_dir: Path, names: list[str], which=None, corrected: set[str] = frozenset()) -> dict[str, pa.Table]:
    """The per-part views of a build as the corpus-wide views (what `entity_sentences` & co. give),
    as Arrow tables: the union of the parts' dictionaries (sorted, shared by the columns of one kind,
    e.g. entity_id, a and b) as each id column's dictionary, rows in article order. Arrow compute
    only (no pandas round trip). The parts in `corrected` are read from their corrected files."""
    which = list(which or PER_PART)
    tables = {name: [load(part_file(build_dir, name, part, part in corrected)) for part in names] for name in which}
    recoded = _recoded({(name, i, f.name): table.column(f.name) for name, pieces in tables.items()
                        for i, table in enumerate(pieces) for f in table.schema if f.name in CATEGORY_OF})
    out = {}
    for name, pieces in tables.items():
        table = pa.concat_tables(pieces) if pieces else _empty(name)
        columns = [recoded[(name, f.name)] if pieces and f.name in CATEGORY_OF else table.column(f.name).combine_chunks()
                   for f in table.schema]
        table = pa.table(columns, names=table.schema.names)
        if len(pieces) > 1:                                 # parts hold distinct articles, each in order
            codes = table.column("article_id").combine_chunks().indices.to_numpy(zero_copy_only=False)
            order = np.argsort(codes, kind="stable")
            if (order[1:] < order[:-1]).any():
                table = table.take(order)
        out[name] = table
    return out


def _recoded(columns: dict[tuple, pa.ChunkedArray]) -> dict[tuple[str, str], pa.DictionaryArray]:
    """Every id column of every view (`columns[(view, part index, column)]`, the parts' own dictionaries)
    re-encoded against the sorted union of the dictionaries of its kind (CATEGORY_OF), the parts
    concatenated in order: `(view, column)` → one dictionary array. One hash look-up per kind (the parts'
    dictionaries concatenated), not one per part and column."""
    chunks = {key: [c for c in col.chunks] for key, col in columns.items()}
    out = {}
    for kind in sorted(set(CATEGORY_OF.values())):
        keys = [k for k in chunks if CATEGORY_OF[k[2]] == kind]
        pieces = [c for k in keys for c in chunks[k]]
        if not pieces:
            continue
        every = pa.concat_arrays([c.dictionary for c in pieces])
        distinct = pc.unique(every)
        values = distinct.take(pc.sort_indices(distinct))   # UTF-8 byte order: Python's sorted() order
        mapping = pc.index_in(every, value_set=values).cast(pa.int32())
        at, indices = 0, {}
        for c in pieces:
            n = len(c.dictionary)
            indices.setdefault(id(c), pc.take(mapping.slice(at, n), c.indices))
            at += n
        for view, column in dict.fromkeys((k[0], k[2]) for k in keys):
            mine = [indices[id(c)] for k in keys if (k[0], k[2]) == (view, column) for c in chunks[k]]
            out[(view, column)] = pa.DictionaryArray.from_arrays(
                pa.concat_arrays(mine) if mine else pa.array([], pa.int32()), values)
    return out


def _empty(name: str) -> pa.Table:
    frame = PER_PART[name](_units_of(pd.DataFrame({c: pd.Series(dtype=object) for c in MENTION_COLUMNS}),
                                     pd.DataFrame({c: pd.Series(dtype="int64") for c in SENTENCE_COLUMNS})))
    return pa.Table.from_pandas(frame, preserve_index=False)


def read_entity_stats(build_dir: Path, names: list[str], corrected: set[str] = frozenset()) -> list[pd.DataFrame]:
    """Every part's entity stats (entities.part_stats), in part order (those of `corrected` parts
    with the analyst's entity corrections)."""
    return [load(part_file(build_dir, ENTITY_STATS, part, part in corrected)).to_pandas() for part in names]


# ---- the analyst's entity corrections ------------------------------------------------------------
# The map's parts and the per-part views above are what the machine found, and are linked from
# build to build whatever the corrections say. A part that names an entity an analyst merged,
# rejected or split gets, in this build only, its published mentions rewritten with the corrected
# links and its views and entity stats computed from them (views/corrected/); the whole views and
# the entities table are made from those. Corrections of rarely named entities touch few parts.

def write_corrected(build_dir: Path, names: list[str], position: dict[str, int], fix) -> tuple[set[str], pd.DataFrame]:
    """For every part naming an entity `fix` (corpus.corrected.EntityFix) changes: its published
    mentions with corrected links, and its views and entity stats from them. The parts corrected,
    and their mentions of the changed entities as they were (article_id, sent_idx, entity_id, surface)."""
    from newsgraph.corpus import entities
    from newsgraph.storage import parts
    build_dir, wanted = Path(build_dir), pa.array(sorted(fix.affected), pa.string())
    done, before = set(), []
    for part in names:
        named = load(part_file(build_dir, ENTITY_STATS, part)).column("entity_id")
        if not pc.any(pc.is_in(named, value_set=wanted)).as_py():
            continue
        table = pq.read_table(build_dir / "mentions.parquet" / part)
        m = table.select([*MENTION_COLUMNS, "surface"]).to_pandas()
        before.append(m.loc[m["entity_id"].isin(fix.affected).to_numpy(), ["article_id", "sent_idx", "entity_id", "surface"]])
        m = fix.mentions(m)
        i = table.schema.get_field_index("entity_id")
        parts.replace_published(build_dir, "mentions", part,
                                table.set_column(i, table.schema.field(i), pa.array(m["entity_id"].tolist(), pa.string())))
        for kind in (*PER_PART, ENTITY_STATS):
            part_file(build_dir, kind, part, True).parent.mkdir(parents=True, exist_ok=True)
        _save(pa.Table.from_pandas(entities.part_stats(m, position), preserve_index=False),
              part_file(build_dir, ENTITY_STATS, part, True))
        _save_part_views(build_dir, part, m, True)
        done.add(part)
    links = pd.concat(before, ignore_index=True) if before else \
        pd.DataFrame({c: pd.Series(dtype=object) for c in ("article_id", "sent_idx", "entity_id", "surface")})
    return done, links
