"""An article as safe HTML: mentions coloured by type, dates underlined, one sentence marked.

Every character of article text and every attribute value goes through html.escape, so an
article that contains markup shows it as text. Spans may overlap (a date over a mention,
a mention across a sentence edge): tags are kept properly nested by closing and reopening
the inner ones where an outer one ends.
"""
from __future__ import annotations

import html
from collections import defaultdict
import re
from pathlib import Path
from urllib.parse import quote_plus, urlencode

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsgraph.ingest.segment import paragraph_spans
from newsgraph.views.timeline import meeting_label

LABEL_CLASSES = {"PER": "ng-per", "LOC": "ng-loc", "ORG": "ng-org", "MISC": "ng-misc"}
LABEL_WORDS = {"PER": "person", "LOC": "place", "ORG": "organisation", "MISC": "other name"}
FLAG_WORDS = {"mojibake_repaired": "encoding repaired", "duplicate_paragraphs_removed": "duplicate paragraphs removed",
              "markup_removed": "markup removed", "active_content_removed": "active content removed",
              "invalid_bytes_replaced": "invalid bytes replaced", "mixed_encodings": "mixed encodings",
              "mojibake_not_repaired": "encoding damaged, not repaired"}
MEETING_COLUMNS = ["date", "precision", "what", "participants", "type", "status", "location", "topics", "evidence",
                   "article", "open", "meeting_id", "event_id", "article_id", "sent_idx", "sent_idxs", "topics_why",
                   "topic_sents", "corrected"]
DETAIL_COLUMNS = ["sent_idxs", "topics_why", "topic_sents"]      # what a selected meeting shows besides its row
LISTED_COLUMNS = [c for c in MEETING_COLUMNS if c not in DETAIL_COLUMNS]
_RANK = {"p": 0, "s": 1, "m": 2, "d": 2}      # outer to inner when spans start together

SOURCE_CSS = """
.ng-article{font-size:1.02rem;line-height:1.75;max-width:52rem}
.ng-article p{margin:0 0 .9em 0}
.ng-m{border-radius:3px;padding:0 2px;color:#1b1b1b}
.ng-per{background:#cfe3ff;box-shadow:inset 0 -2px 0 #3b7dd8}
.ng-loc{background:#d4f1dc;box-shadow:inset 0 -2px 0 #2e9e55}
.ng-org{background:#ffe2c2;box-shadow:inset 0 -2px 0 #d9822b}
.ng-misc{background:#eadcf7;box-shadow:inset 0 -2px 0 #8e5bb5}
.ng-unlinked{opacity:.75;font-style:italic}
.ng-d{text-decoration:underline 2px #c2417a;text-underline-offset:3px;cursor:help}
.ng-s-hl{background:#fff3b0;color:#1b1b1b;border-radius:3px;box-shadow:0 0 0 2px #fff3b0}
.ng-legend span{margin-right:.9em;white-space:nowrap}
.ng-quote{border-left:4px solid #c9a227;margin:.2em 0 .4em 0;padding:.3em .8em;font-style:italic}
.ng-note{font-style:normal;font-size:.85em;opacity:.7;margin-top:.2em}
"""


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def flag_words(flags) -> list[str]:
    """Ingest flags in plain words ('mojibake_repaired' → 'encoding repaired')."""
    return [FLAG_WORDS.get(f, str(f).replace("_", " ")) for f in (flags if flags is not None else [])]


def source_url(article_id: str, sent_idx=None, base: str = "./source") -> str:
    """Link to the source view of an article, optionally at one sentence."""
    params = {"article": article_id}
    if sent_idx is not None and not pd.isna(sent_idx):
        params["sent"] = int(sent_idx)
    return f"{base}?{urlencode(params)}"


def raw_file(raw_dir: Path, relative: str | None) -> Path | None:
    """The article's raw file inside raw_dir, or None when it is gone (or points outside)."""
    if not relative:
        return None
    root = Path(raw_dir).resolve()
    path = (root / relative).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def _mention_tag(m: dict, i: int, names: dict[str, str]) -> str:
    cls = LABEL_CLASSES.get(m.get("label"), "ng-misc")
    eid = m.get("entity_id")
    if eid:
        return f'<span class="ng-m {cls}" title="{_esc(names.get(eid, eid))}" data-entity="{_esc(eid)}" data-m="{i}">'
    title = f"{LABEL_WORDS.get(m.get('label'), 'name')}, not linked to an actor"
    return f'<span class="ng-m {cls} ng-unlinked" title="{_esc(title)}" data-m="{i}">'


def _date_tag(d: dict, i: int) -> str:
    if d.get("value"):
        title = f"{d['value'].replace('T', ' ')} ({d.get('precision') or '?'})"
        if d.get("basis") == "year_inferred":
            title += f", year inferred from {(d.get('year_source') or 'context').replace('_', ' ')}"
        elif d.get("basis") == "relative":
            title += ", counted from the publication date"
    else:
        title = "date not resolved"
    if d.get("event"):
        title += f" · {d['event']}"
    return f'<span class="ng-d" title="{_esc(title)}" data-d="{i}">'


def _spans(text: str, mentions: pd.DataFrame | None, dates: pd.DataFrame | None, names: dict[str, str],
           highlight_sent: int | None, sentences: pd.DataFrame | None) -> list[tuple[int, int, str, str, str]]:
    """(start, end, kind, open tag, close tag) of every span, offsets checked against the text."""
    out = [(a, b, "p", '<p>', "</p>") for a, b in paragraph_spans(text)]
    for i, m in enumerate(mentions.to_dict("records") if mentions is not None else []):
        out.append((int(m["start"]), int(m["end"]), "m", _mention_tag(m, i, names), "</span>"))
    for i, d in enumerate(dates.to_dict("records") if dates is not None else []):
        out.append((int(d["start"]), int(d["end"]), "d", _date_tag(d, i), "</span>"))
    for s in sentences.to_dict("records") if sentences is not None else []:
        if highlight_sent is not None and int(s["sent_idx"]) == int(highlight_sent):
            out.append((int(s["start"]), int(s["end"]), "s", f'<mark class="ng-s-hl" id="sent-{int(s["sent_idx"])}">',
                        "</mark>"))
    return [sp for sp in out if 0 <= sp[0] < sp[1] <= len(text)]


def _piece(text: str) -> str:
    return _esc(text).replace("\n", "<br>")


def render_article_html(text: str, mentions: pd.DataFrame | None, dates: pd.DataFrame | None, names: dict[str, str],
                        highlight_sent: int | None = None, sentences: pd.DataFrame | None = None) -> str:
    """The article as escaped HTML paragraphs with mentions, dates and one sentence marked."""
    text = text or ""
    spans = _spans(text, mentions, dates, names, highlight_sent, sentences)
    cuts = sorted({0, len(text)} | {x for sp in spans for x in sp[:2]})
    order = sorted(range(len(spans)), key=lambda i: (_RANK[spans[i][2]], spans[i][0], -spans[i][1]))
    rank = {i: r for r, i in enumerate(order)}
    starts, ends = defaultdict(set), defaultdict(set)
    for i, (a, b, *_) in enumerate(spans):
        starts[a].add(i)
        ends[b].add(i)
    out, stack, opened, active = [], [], set(), set()
    for a, b in zip(cuts, cuts[1:]):
        active = (active - ends[a]) | starts[a]              # the spans covering text[a:b]
        want = sorted(active, key=rank.get)
        if not any(spans[i][2] == "p" for i in want):
            want = []                                    # blank lines between paragraphs are dropped
        keep = next((k for k, (x, y) in enumerate(zip(stack, want)) if x != y), min(len(stack), len(want)))
        out.extend(spans[i][4] for i in reversed(stack[keep:]))
        for i in want[keep:]:
            tag = spans[i][3]
            out.append(tag if i not in opened else tag.replace(' id="', ' data-cont="'))   # ids stay unique
            opened.add(i)
        stack = want
        if want:
            out.append(_piece(text[a:b]))
    out.extend(spans[i][4] for i in reversed(stack))
    return f'<div class="ng-article">{"".join(out)}</div>'


def legend_html() -> str:
    """A one-line key of the highlight colours."""
    chips = [f'<span><span class="ng-m {cls}">{LABEL_WORDS[label]}</span></span>'
             for label, cls in LABEL_CLASSES.items()]
    chips += ['<span><span class="ng-d">date</span> (hover: resolved value)</span>',
              '<span><mark class="ng-s-hl">selected sentence</mark></span>']
    return f'<div class="ng-legend">{"".join(chips)}</div>'


def meetings_table(meetings: pd.DataFrame, articles: pd.DataFrame, names: dict[str, str], what=None,
                   detail: bool = True, who=None, ordered: bool = False) -> pd.DataFrame:
    """Meetings for display: names instead of ids, date with precision, a link to the sentence.
    Column-wise; the label and names of a participant list are worked out once per distinct list.
    `what`: the rows' labels (meeting_label) when known already (timeline.meeting_labels of the whole
    table, which the Meetings page holds: ~12 ms less per 5,000 rows), else worked out here.
    Without `detail`, the columns only a selected row needs (DETAIL_COLUMNS: from the `sent_idxs` and
    `topic_terms` lists, which `meetings` then need not hold) are left out: `meeting_detail` adds them.
    `who`: the rows' participants column when known already (`participant_texts`, with `what`: then
    `meetings` need not hold their sides and participants). `ordered`: the rows are in the table's order
    already (meetings_order's)."""
    n = len(meetings)
    col = {c: meetings[c].to_numpy(dtype=object) if c in meetings.columns else np.full(n, None, dtype=object)
           for c in ("date", "date_precision", "participants", "sides", "type", "status", "location", "topics", "evidence",
                     "article_id", "meeting_id", "event_id", "corrected") + (("sent_idxs", "topic_terms") if detail else ())}
    col = {c: [None if isinstance(v, float) and v != v else v for v in values] for c, values in col.items()}
    sent_idx = [int(v) for v in meetings["sent_idx"].to_numpy()] if n else []
    if what is None or who is None:
        people = [tuple(tuple(side) for side in sides) if sides is not None
                  else tuple((x,) for x in (p if p is not None else ())) for sides, p in zip(col["sides"], col["participants"])]
    if what is None:
        whats = {k: meeting_label(*k, names) for k in set(zip(people, col["type"], col["status"]))}
        what = [whats[k] for k in zip(people, col["type"], col["status"])]
    if who is None:
        joined = {p: " — ".join(", ".join(names.get(x, x) for x in side) for side in p)    # "Hulusi Akar — Sergey Şoygu"
                  for p in set(people)}
        who = [joined[p] for p in people]
    ids, heads = articles["article_id"].to_numpy(dtype=object), articles["title"].to_numpy(dtype=object)
    title_of = dict(zip(ids[::-1], heads[::-1]))            # an id's first title (set last)
    linked = {a: quote_plus(str(a)) for a in set(col["article_id"])}
    table = pd.DataFrame({
        "date": col["date"], "precision": col["date_precision"],
        "what": list(what),
        "participants": list(who),
        "type": [(t or "").replace("_", " ") for t in col["type"]], "status": col["status"],
        "location": [names.get(loc, loc) if loc else None for loc in col["location"]],
        "topics": [", ".join(t) if t is not None else "" for t in col["topics"]], "evidence": col["evidence"],
        "article": [None if isinstance(a := title_of.get(i), float) else a for i in col["article_id"]],
        "open": [f"./source?article={linked[a]}&sent={s}" for a, s in zip(col["article_id"], sent_idx)],
        "corrected": [c or "" for c in col["corrected"]],
        "meeting_id": col["meeting_id"], "event_id": col["event_id"], "article_id": col["article_id"],
        "sent_idx": sent_idx,
        **(meeting_detail(col["sent_idxs"], col["topic_terms"], sent_idx) if detail else {}),
    }, columns=MEETING_COLUMNS if detail else LISTED_COLUMNS, dtype=object)   # text as plain objects, missing as
    table["sent_idx"] = table["sent_idx"].astype("int64")  # None (what with_none gives), without pandas 3's str columns
    return table if ordered else table.sort_values(["date", "what"], na_position="last").reset_index(drop=True)


def participant_texts(sides: pa.Array, participants: pa.Array, names: dict[str, str]) -> pa.Array:
    """meetings_table's participants column in Arrow, from the `sides` and `participants` columns of some
    meetings: each side's names joined by ', ', the sides by ' — ' ('Hulusi Akar — Sergey Şoygu'); a
    meeting without sides has each participant as a side of its own. One name look-up per distinct id."""
    def named(ids: pa.Array) -> pa.Array:                   # entity ids → display names
        encoded = pc.dictionary_encode(ids)
        shown = pa.array([names.get(x, x) for x in encoded.dictionary.to_pylist()], pa.string())
        return shown.take(encoded.indices)

    def joined(lists: pa.Array, values: pa.Array, sep: str) -> pa.Array:   # `values` regrouped as `lists`, joined
        return pc.binary_join(pa.ListArray.from_arrays(lists.offsets, values), sep)

    missing = pc.is_null(sides)
    sides, participants = pc.fill_null(sides, []), pc.fill_null(participants, [])
    inner = pc.list_flatten(sides)                          # one list of ids per side
    by_side = joined(sides, joined(inner, named(pc.list_flatten(inner)), ", "), " — ")
    return pc.if_else(missing, joined(participants, named(pc.list_flatten(participants)), " — "), by_side)


def meeting_detail(sent_idxs: list, topic_terms: list, sent_idx: list[int]) -> dict[str, list]:
    """The DETAIL_COLUMNS of meetings (their `sent_idxs` and `topic_terms` lists, None when missing, and
    their own sentence): every sentence of the report, why it has its topics, the sentences that gave them."""
    return {"sent_idxs": [[int(i) for i in x] if x is not None else [s] for x, s in zip(sent_idxs, sent_idx)],
            "topics_why": [topics_why(x) for x in topic_terms],
            "topic_sents": [sorted({int(t["sent_idx"]) for t in x if t["sent_idx"] is not None}) if x is not None else []
                            for x in topic_terms]}


def topics_why(terms) -> str:
    """Why a contact has its topics, in a line: 'İdlib: “İdlib'deki” (sentence 4); Libya: the article's topic'."""
    if terms is None:
        return ""
    return "; ".join(f"{t['topic']}: “{t['term']}” (sentence {int(t['sent_idx'])})" if t["term"] is not None
                     else f"{t['topic']}: the article's topic (its own sentences name none)" for t in terms)


def for_display(frame: pd.DataFrame, words: dict[str, str] | None = None) -> pd.DataFrame:
    """A table as shown on a page: missing text as a blank (or `words[column]`, e.g. "undated"),
    not the grey "None" of a data frame widget; numbers and the CSV downloads are untouched."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col].dtype):
            values = out[col].to_numpy(dtype=object)
            missing = pd.isna(values)
            if missing.any():                               # only the columns with a blank to fill are remade
                values = values.copy()
                values[missing] = (words or {}).get(col, "")
            if missing.any() or out[col].dtype != object:
                out[col] = pd.Series(values, index=out.index, dtype=object)
    return out


def meetings_order(meetings: pd.DataFrame, what, limit: int | None = None) -> pd.DataFrame:
    """The meetings in meetings_table's order (date, then what), the first `limit` of them, without
    building the table: pass them to meetings_table. `what`: each row's meeting_label
    (timeline.meeting_labels); one stable Arrow sort, missing dates last."""
    what = what if isinstance(what, pa.Array) else pa.array(np.asarray(what, dtype=object), pa.string())
    key = pa.table({"date": pa.array(meetings["date"].to_numpy(dtype=object), pa.string(), from_pandas=True),
                    "what": what})
    order = pc.sort_indices(key, sort_keys=[("date", "ascending", "at_end"), ("what", "ascending", "at_end")])
    return meetings.iloc[order.to_numpy()[:limit]]


def date_candidates(meetings: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """The rows that can be among meetings_order's first `limit` (date, then what), in their order: every
    row dated no later than the limit-th date (all rows when fewer than `limit` are dated). meetings_order
    of these and of all the rows gives the same first `limit`, with labels needed for these only."""
    if limit is None or len(meetings) <= limit:
        return meetings
    dates = pa.array(meetings["date"].to_numpy(dtype=object), pa.string(), from_pandas=True)
    last = dates[pc.array_sort_indices(dates, null_placement="at_end")[limit - 1].as_py()]
    if not last.is_valid:
        return meetings
    return meetings[pc.fill_null(pc.less_equal(dates, last), False).to_numpy(zero_copy_only=False)]


def evidence_html(text: str | None, note: str = "") -> str:
    """One evidence sentence as an escaped block quote (with an optional escaped note under it)."""
    tail = f'<div class="ng-note">{_esc(note)}</div>' if note else ""
    return f'<blockquote class="ng-quote">{_esc(text)}{tail}</blockquote>'


def md_escape(text: str | None) -> str:
    """Text safe to put inside Streamlit markdown (markdown and HTML characters escaped)."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$])", r"\\\1", text or "")
