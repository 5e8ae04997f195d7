"""Timeline items (meetings, dated named events, publication dates) and the TimelineJS export.

A date known only to the month or year is an interval, not a day: such items are drawn
as hatched bars over the whole period by newsgraph.present.timefigure (never as a point on the 1st), and the TimelineJS
export leaves out the fields the text does not fix. Undated items are returned flagged
`undated`, for the page to list beside the chart.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from newsgraph import settings
from newsgraph.views.filters import Filters, overlaps, period
from newsgraph.ingest.segment import paragraph_spans
from newsgraph.storage.store import to_frame, with_none
from newsgraph.base.textnorm import fold

KINDS = {"meeting": "Meetings", "event": "Named events", "published": "Publication dates"}
PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "minute": 3}
COLUMNS = ["item_id", "kind", "label", "value", "start", "end", "precision", "drawn_as", "undated", "type",
           "status", "topic", "topics", "participants", "location", "article_id", "sent_idx", "evidence",
           "evidences", "when", "hover"]

_MEETING_BASIS = {"sentence": "date written in the sentence", "article": "the article's publication date",
                  "context": "date an earlier sentence of the story gives (its lead)",
                  "event": "the date of the event it belongs to"}
_YEAR_SOURCE = {"article_date": "year from the article's date", "article_text": "year from the article's text",
                "other_articles": "year inferred from other articles"}
_PUBLISHED_BASIS = {"stated": "stated in the article", "inferred": "inferred from the article's own dates",
                    "metadata": "from metadata.csv"}


def _esc(value) -> str:
    return html.escape(str(value), quote=False)


def _wrap(text: str | None, width: int = 90, lines: int = 3) -> str:
    """Hover text does not wrap by itself: break long evidence into a few <br> lines (greedy, by words;
    cut with " …" after `lines` lines — hover text stays short)."""
    out, line = [], ""
    for word in (text or "").split():
        if line and len(line) + 1 + len(word) > width:
            out.append(line)
            if len(out) == lines:
                out[-1] += " …"
                line = ""
                break
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        out.append(line)
    return "<br>".join(_esc(p) for p in out)


@lru_cache(maxsize=65536)
def surname(name: str) -> str:
    """'Hulusi Akar' → 'Akar', 'Fayiz es-Serrac' → 'Serrac' (remembered: the same few thousand
    names come back in every table of meetings)."""
    last = name.split()[-1] if name.split() else name
    for prefix in ("es-", "el-", "al-", "eş-", "er-", "ed-"):
        if last.lower().startswith(prefix) and len(last) > len(prefix) + 1:
            return last[len(prefix):]
    return last


SIDE_SHOWN = 3            # names shown per side of a label; the rest as "+n"
STATUS_SAID = {"planned": ", planned", "cancelled": ", cancelled", "denied": ", denied"}


def meeting_label(sides, mtype: str | None, status: str | None, names: dict[str, str]) -> str:
    """'Akar — Şoygu (phone call)', 'Çavuşoğlu, Akar, Fidan — Lavrov, Şoygu (delegation talks)': one
    side after the other; planned, cancelled and denied contacts say so."""
    parts = []
    for side in list(sides if sides is not None else []):
        people = [surname(names.get(p, p)) for p in list(side)]
        parts.append(", ".join(people[:SIDE_SHOWN]) + (f" +{len(people) - SIDE_SHOWN}" if len(people) > SIDE_SHOWN else ""))
    who = " — ".join(parts) or "?"
    what = (mtype or "contact").replace("_", " ") + STATUS_SAID.get(status or "", "")
    return f"{who} ({what})"


def meeting_labels(sides: pa.Array, types, statuses, names: dict[str, str]) -> pa.Array:
    """meeting_label of every row of a meetings table, as an Arrow string array: its `sides` column
    (a list of lists) as Arrow, its types and statuses as columns. One surname per distinct person;
    the rest in Arrow."""
    inner = pc.list_flatten(sides)                          # one list of people per side
    flat = pc.list_flatten(inner)
    encoded = pc.dictionary_encode(flat)
    surnames = pa.array([surname(names.get(p, p)) for p in encoded.dictionary.to_pylist()], pa.string())
    people = pa.ListArray.from_arrays(inner.offsets, surnames.take(encoded.indices)) if len(inner) else \
        pa.array([], pa.list_(pa.string()))
    counts = pc.list_value_length(people)
    side_text = pc.binary_join(pc.list_slice(people, 0, SIDE_SHOWN), ", ")
    more = pc.greater(counts, SIDE_SHOWN)
    side_text = pc.if_else(more, pc.binary_join_element_wise(
        side_text, " +", pc.cast(pc.subtract(counts, SIDE_SHOWN), pa.string()), ""), side_text)
    rows = pa.ListArray.from_arrays(pc.fill_null(sides, []).offsets, side_text) if len(sides) else pa.array([], pa.list_(pa.string()))
    who = pc.binary_join(rows, " — ")
    who = pc.if_else(pc.fill_null(pc.equal(who, ""), True), "?", who)
    kinds = pa.array(np.asarray(types, dtype=object), pa.string(), from_pandas=True)
    kinds = pc.replace_substring(pc.if_else(pc.fill_null(pc.equal(kinds, ""), True), "contact", kinds), "_", " ")
    status = pa.array(np.asarray(statuses, dtype=object), pa.string(), from_pandas=True)
    said = pc.fill_null(pc.replace_substring_regex(pc.replace_substring_regex(status, "^held$", ""), "^(.+)$", ", \\1"), "")
    what = pc.binary_join_element_wise(kinds, said, "")
    return pc.binary_join_element_wise(who, " (", what, ")", "")


def when_text(value: str | None, precision: str | None, how: str = "") -> str:
    """'2020-01-19 (day; year inferred from other articles)', '2020 (year only; …)'."""
    if not value:
        return "undated"
    shown = value.replace("T", " ")
    extent = {"year": "year only", "month": "month only", "day": "day", "minute": "day and time"}.get(
        precision or "", precision or "precision unknown")
    return f"{shown} ({extent}{'; ' + how if how else ''})"


def _span(value: str | None, precision: str | None) -> dict:
    days = period(value)
    if days is None:
        return {"start": None, "end": None, "drawn_as": None, "undated": True}
    return {"start": days[0], "end": days[1], "undated": False,
            "drawn_as": "span" if precision in ("year", "month") or days[0] != days[1] else "point"}


def _lists(value) -> list:
    return [] if value is None or (isinstance(value, float) and pd.isna(value)) else list(value)


def _date_rows(dates: pd.DataFrame) -> dict[tuple[str, int], dict]:
    return {(r["article_id"], int(r["start"])): r for r in dates.to_dict("records")} if len(dates) else {}


def _meeting_how(m: dict, date_rows: dict, articles: dict) -> str:
    """How a meeting's date was found (basis, then how its year was found)."""
    how = [_MEETING_BASIS.get(m.get("date_basis") or "", "")]
    ref = m.get("date_ref")
    row = date_rows.get((m["article_id"], int(ref))) if ref is not None and not pd.isna(ref) else None
    if row is not None and m.get("date_basis") == "context":
        how[0] += f": “{row.get('surface')}”, sentence {int(row['sent_idx']) + 1}"
    if row is not None and row.get("year_source"):
        how.append(_YEAR_SOURCE.get(row["year_source"], row["year_source"]))
    art = articles.get(m["article_id"], {})
    if m.get("date_basis") == "article" and art.get("published_basis") == "inferred":
        how.append("publication date inferred")
    return "; ".join(h for h in how if h)


def _meeting_item(m: dict, names: dict[str, str], date_rows: dict, articles: dict) -> dict:
    who = [names.get(p, p) for p in _lists(m["participants"])]
    topics = _lists(m["topics"])
    art = articles.get(m["article_id"], {})
    where = names.get(m["location"], m["location"]) if m.get("location") else None
    when = when_text(m["date"], m["date_precision"], _meeting_how(m, date_rows, articles))
    label = meeting_label(m.get("sides") if m.get("sides") is not None else [[p] for p in _lists(m["participants"])],
                          m["type"], m["status"], names)
    hover = (f"<b>{_esc(label)}</b><br>Who: {_esc(', '.join(who) or '—')}<br>Where: {_esc(where or '—')}"
             f"<br>When: {_esc(when)}<br>Topics: {_esc(', '.join(topics) or '—')} · {_esc(m['status'] or '')}"
             f"<br>Source: {_esc(art.get('title') or m['article_id'])}<br><i>{_wrap(m['evidence'])}</i>")
    return {"item_id": f"meeting:{m['meeting_id']}", "kind": "meeting", "label": label, "value": m["date"],
            "precision": m["date_precision"], "type": m["type"], "status": m["status"],
            "topic": topics[0] if topics else None, "topics": topics, "participants": who, "location": where,
            "article_id": m["article_id"], "sent_idx": int(m["sent_idx"]), "evidence": m["evidence"],
            "evidences": [{"article_id": m["article_id"], "sent_idx": int(m["sent_idx"]), "evidence": m["evidence"]}],
            "when": when, "hover": hover, **_span(m["date"], m["date_precision"])}


@lru_cache(maxsize=1)
def _event_registry() -> tuple[dict[str, str | None], frozenset[str]]:
    """Named event → topic, and the generic event nouns (empty when events.yaml is unreadable)."""
    from newsgraph.base.registry import RegistryError, load_events
    try:
        named, generic = load_events(settings.EVENTS_FILE)
    except (OSError, RegistryError):
        return {}, frozenset()
    return {e.name: e.topic for e in named}, frozenset(name for _, name in generic)


def _context(text: str | None, start: int, end: int, width: int = 240) -> str:
    """The sentence-ish stretch around a date (when no sentences table is given)."""
    if not text:
        return ""
    lo, hi = next(((a, b) for a, b in paragraph_spans(text) if a <= start < b), (0, len(text)))
    stop = text.rfind(". ", lo, start)
    lo = max(lo, stop + 2 if stop >= 0 else lo, start - width // 2)
    stop = text.find(". ", end, hi)
    hi = min(hi, stop + 1 if stop >= 0 else hi, end + width // 2)
    return text[lo:hi].strip()


def _event_groups(dates: pd.DataFrame) -> list[list[dict]]:
    """Dated rows that name an event, grouped by event and date (day-level dates by day)."""
    rows = dates[dates["event"].notna() & dates["value"].notna()] if len(dates) else dates
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in rows.to_dict("records"):
        key = (fold(r["event"]), r["value"][:10] if r["precision"] in ("day", "minute") else r["value"])
        groups.setdefault(key, []).append(r)
    return list(groups.values())


def _event_item(rows: list[dict], sentences: dict, articles: dict) -> dict:
    best = max(rows, key=lambda r: PRECISION_RANK.get(r["precision"], -1))
    named, generic = _event_registry()
    evidences = []
    for r in sorted(rows, key=lambda r: (r["article_id"], r["sent_idx"], r["start"])):
        s = sentences.get((r["article_id"], int(r["sent_idx"])))
        text = s["text"] if s else _context(articles.get(r["article_id"], {}).get("text"), r["start"], r["end"])
        if not any(e["article_id"] == r["article_id"] and e["sent_idx"] == r["sent_idx"] for e in evidences):
            evidences.append({"article_id": r["article_id"], "sent_idx": int(r["sent_idx"]), "evidence": text})
    # the topics of the sentences (the dates table carries them too, when the sentences are not given)
    sent_topics = {t for e in evidences
                   for t in _lists((sentences.get((e["article_id"], e["sent_idx"])) or {}).get("topics"))} \
        if sentences else {t for r in rows for t in _lists(r.get("topics"))}
    topic = named.get(best["event"]) or (sent_topics.pop() if len(sent_topics) == 1 else None)
    label = best["event"] + (f" ({topic})" if topic and best["event"] in generic else "")
    how = "; ".join(filter(None, [_YEAR_SOURCE.get(best.get("year_source") or ""),
                                  "counted from the publication date" if best["basis"] == "relative" else ""]))
    when = when_text(best["value"], best["precision"], how)
    n_art = len({e["article_id"] for e in evidences})
    hover = (f"<b>{_esc(label)}</b><br>When: {_esc(when)}<br>Reported in {n_art} article(s), "
             f"{len(evidences)} sentence(s)<br><i>{_wrap(evidences[0]['evidence'])}</i>")
    return {"item_id": f"event:{fold(best['event'])}|{best['value']}", "kind": "event", "label": label,
            "value": best["value"], "precision": best["precision"], "type": None, "status": None, "topic": topic,
            "topics": [topic] if topic else sorted(sent_topics), "participants": [], "location": None,
            "article_id": evidences[0]["article_id"], "sent_idx": evidences[0]["sent_idx"],
            "evidence": evidences[0]["evidence"], "evidences": evidences, "when": when, "hover": hover,
            **_span(best["value"], best["precision"])}


def _published_item(a: dict) -> dict:
    topics = _lists(a.get("topics"))
    title = a.get("title") or a["article_id"]
    label = title if len(title) <= 60 else title[:59] + "…"
    how = _PUBLISHED_BASIS.get(a.get("published_basis") or "", "")
    when = when_text(a.get("published"), a.get("published_precision"), how)
    inferred = " (inferred)" if a.get("published_basis") == "inferred" else ""
    hover = (f"<b>{_esc(label)}</b><br>Published{inferred}: {_esc(when)}<br>Source: {_esc(a.get('source') or '—')}"
             f"<br>Topics: {_esc(', '.join(topics) or '—')}")
    return {"item_id": f"published:{a['article_id']}", "kind": "published", "label": label, "value": a.get("published"),
            "precision": a.get("published_precision"), "type": None, "status": a.get("published_basis"),
            "topic": topics[0] if topics else None, "topics": topics, "participants": [], "location": None,
            "article_id": a["article_id"], "sent_idx": None, "evidence": title,
            "evidences": [{"article_id": a["article_id"], "sent_idx": None, "evidence": title}],
            "when": when, "hover": hover, **_span(a.get("published"), a.get("published_precision"))}


def _sentences_of(sentences: pd.DataFrame | None, keys: set[tuple[str, int]]) -> dict:
    """The sentences the event items quote, by (article_id, sent_idx) — only those."""
    if sentences is None or not keys:
        return {}
    wanted = sentences[sentences["article_id"].isin({a for a, _ in keys})]
    return {(r["article_id"], int(r["sent_idx"])): r for r in wanted.to_dict("records")
            if (r["article_id"], int(r["sent_idx"])) in keys}


def timeline_items(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame, names: dict[str, str],
                   sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per drawable item: meetings, dated named events (deduplicated), publication dates."""
    arts = {a["article_id"]: a for a in articles.to_dict("records")}
    date_rows = _date_rows(dates)
    groups = _event_groups(dates)
    sents = _sentences_of(sentences, {(r["article_id"], int(r["sent_idx"])) for g in groups for r in g})
    rows = [_meeting_item(m, names, date_rows, arts) for m in meetings.to_dict("records")]
    rows += [_event_item(g, sents, arts) for g in groups]
    rows += [_published_item(a) for a in arts.values()]
    items = with_none(pd.DataFrame(rows, columns=COLUMNS))
    items["undated"] = items["undated"].astype(bool)
    items["sent_idx"] = items["sent_idx"].astype("Int64")
    items = items.sort_values(["kind", "start", "end", "label"], key=_kind_order, na_position="last")
    return items.reset_index(drop=True)


def _kind_order(col: pd.Series) -> pd.Series:
    if col.name == "kind":
        return col.map(list(KINDS).index)
    return col.map(fold) if col.name == "label" else col


def _tl_date(value: str, precision: str | None) -> dict[str, str]:
    """TimelineJS date parts; only those the text fixes (no invented day or month)."""
    parts = {"year": str(int(value[:4]))}
    if len(value) >= 7:
        parts["month"] = str(int(value[5:7]))
    if len(value) >= 10:
        parts["day"] = str(int(value[8:10]))
    if precision == "minute" and len(value) >= 16:
        parts.update(hour=str(int(value[11:13])), minute=str(int(value[14:16])))
    return parts


def timelinejs_json(items: pd.DataFrame) -> dict:
    """TimelineJS3 JSON of the dated items (undated ones left out)."""
    events = []
    for it in items[~items["undated"]].to_dict("records") if len(items) else []:
        body = [f"<p>{_esc(it['when'])}</p>"]
        if it["participants"]:
            body.append(f"<p>Who: {_esc(', '.join(it['participants']))}</p>")
        if it["location"]:
            body.append(f"<p>Where: {_esc(it['location'])}</p>")
        body.append(f"<blockquote>{_esc(it['evidence'] or '')}</blockquote>")
        events.append({"start_date": _tl_date(it["value"], it["precision"]),
                       "unique_id": re.sub(r"[^\w-]+", "-", it["item_id"]),
                       "text": {"headline": _esc(it["label"]), "text": "".join(body)},
                       "group": KINDS[it["kind"]]})
    return {"title": {"text": {"headline": "newsgraph timeline",
                               "text": f"{len(events)} dated item(s): meetings, named events, publication dates"}},
            "events": events}


def visible_items(items: pd.DataFrame, f: Filters, kinds: list[str] | tuple[str, ...] = tuple(KINDS)) -> pd.DataFrame:
    """The items of the chosen kinds that overlap the filters' date range (undated ones go when a range is set)."""
    if not len(items):
        return items
    return items[items["kind"].isin(list(kinds)) & overlaps(items["value"], f)].reset_index(drop=True)


# -- the compact item index: one row per item of the whole corpus, computed at build time -------------------
INDEX_COLUMNS = ["item_id", "kind", "label", "value", "precision", "start", "end", "drawn_as", "undated", "type",
                 "status", "topic", "article_id", "sent_idx", "key", "articles", "day"]
_DERIVED = ("start", "end", "drawn_as", "undated", "day")
_PRECISION_ORDER = {"year": 0, "month": 1, "day": 2, "minute": 3}


def _spans(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day of each ISO date of any precision or interval (vectorised `period`);
    None when undated."""
    if len(values) and values.str.contains("/", regex=False, na=False).any():
        parts = values.str.split("/", n=1)
        return _spans(parts.str[0])[0], _spans(parts.str[-1])[1]
    v = values.where(values.str.match(r"^\d{4}", na=False)) if len(values) else values
    day = v.str.len() >= 10
    month = (v.str.len() >= 7) & ~day
    start = v.str[:4] + "-01-01"
    end = v.str[:4] + "-12-31"
    start = start.mask(month, v.str[:7] + "-01").mask(day, v.str[:10])
    if month.any():
        last = (pd.to_datetime(v[month].str[:7] + "-01", errors="coerce") + pd.offsets.MonthEnd(0)).dt.strftime("%Y-%m-%d")
        end = end.mask(month, last)
    end = end.mask(day, v.str[:10])
    return start, end


def _finish_index(frame: pd.DataFrame) -> pd.DataFrame:
    """start, end, undated, drawn_as and day of every row, worked out once per distinct date value."""
    codes, distinct = pd.factorize(frame["value"].to_numpy(dtype=object))   # missing → -1
    start, end = _spans(pd.Series(np.asarray(distinct, dtype=object), dtype="str"))
    first = np.append(start.astype(object).where(start.notna(), None).to_numpy(dtype=object), None)
    last = np.append(end.astype(object).where(end.notna(), None).to_numpy(dtype=object), None)
    days = np.append(day_numbers(start).to_numpy(dtype="int32"), np.int32(-1))
    frame["start"] = pd.Series(first[codes], index=frame.index, dtype=object)   # code -1 takes the appended None
    frame["end"] = pd.Series(last[codes], index=frame.index, dtype=object)
    frame["day"] = days[codes]
    undated = np.array([x is None for x in first], dtype=bool)[codes]
    frame["undated"] = undated
    coarse = (frame["precision"].isin(["year", "month"]).to_numpy(dtype=bool)
              | (first[codes] != last[codes]))
    drawn = np.where(coarse, "span", "point").astype(object)
    drawn[undated] = None
    frame["drawn_as"] = pd.Series(drawn, index=frame.index, dtype=object)
    return frame


def _first_topic(topics: pd.Series) -> list:
    return [t[0] if t is not None and len(t) else None for t in topics.tolist()]


def _objs(values, n: int | None = None) -> np.ndarray:
    """A column as a numpy object array (missing → None): the index is built without pandas' string
    inference, which would turn every column into Arrow strings and back."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype=object, na_value=None)
    if n is not None and not isinstance(values, (list, np.ndarray)):
        return np.full(n, values, dtype=object)
    out = np.empty(len(values), dtype=object)
    out[:] = values if not len(values) or not isinstance(values[0], (list, np.ndarray)) else [None] * len(values)
    if len(values) and isinstance(values[0], (list, np.ndarray)):
        for i, v in enumerate(values):
            out[i] = v
    return out


_BASE = [c for c in INDEX_COLUMNS if c not in _DERIVED]


def timeline_index(meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                   names: dict[str, str], events: dict[str, np.ndarray] | None = None) -> pd.DataFrame:
    """The timeline's items as a compact table (no hover, no evidence text), vectorised: what the page filters,
    counts and lists. `key` is the meeting id, the article id, or the event's group key; `articles` the
    articles that report an event (None for the other kinds: their article_id); `day` the start as days since
    1970-01-01 (-1 undated). `timeline_items` gives the full rows (hover, evidence) of a few items. `events`:
    the event rows (`event_index`) when already worked out (then `dates` is not read)."""
    short = {e: surname(n) for e, n in names.items()}
    m, n = meetings, len(meetings)
    who = who_labels(m["sides"].tolist() if "sides" in m.columns else [[[p] for p in ps] if ps is not None else None
                                                                        for ps in m["participants"].tolist()], short)
    types, status = _objs(m["type"]), _objs(m["status"])
    what = [(t or "contact").replace("_", " ") + STATUS_SAID.get(st or "", "") for t, st in zip(types, status)]
    ids = _objs(m["meeting_id"])
    meet = {"item_id": _objs(["meeting:" + i for i in ids]), "kind": _objs("meeting", n),
            "label": _objs([f"{w or '?'} ({x})" for w, x in zip(who, what)]), "value": _objs(m["date"]),
            "precision": _objs(m["date_precision"]), "type": types, "status": status,
            "topic": _objs(_first_topic(m["topics"])), "article_id": _objs(m["article_id"]),
            "sent_idx": _objs([int(x) for x in m["sent_idx"].tolist()]), "key": ids, "articles": _objs(None, n)}
    a, n = articles, len(articles)
    art_ids = _objs(a["article_id"])
    titles = [t if t else i for t, i in zip(_objs(a["title"]), art_ids)]
    pub = {"item_id": _objs(["published:" + i for i in art_ids]), "kind": _objs("published", n),
           "label": _objs([t if len(t) <= 60 else t[:59] + "…" for t in titles]), "value": _objs(a["published"]),
           "precision": _objs(a["published_precision"]), "type": _objs(None, n), "status": _objs(a["published_basis"]),
           "topic": _objs(_first_topic(a["topics"])), "article_id": art_ids, "sent_idx": _objs(None, n),
           "key": art_ids, "articles": _objs(None, n)}
    parts = [meet, event_index(dates) if events is None else events, pub]
    index = pd.DataFrame({c: pd.Series(np.concatenate([p[c] for p in parts]), dtype=object) for c in _BASE})
    index = _finish_index(index)[INDEX_COLUMNS]
    index["sent_idx"] = pd.array(index["sent_idx"].to_numpy(), dtype="Int64")
    ends = index["end"].to_numpy(dtype=object)
    kind = np.repeat(np.arange(len(parts)), [len(p["kind"]) for p in parts])     # the parts in KINDS' order
    order = np.lexsort((np.where(pd.isna(ends), "~", ends).astype(str),
                        np.where(index["day"].to_numpy() < 0, np.iinfo("int32").max, index["day"].to_numpy()), kind))
    return index.iloc[order].reset_index(drop=True)


def _who_labels(sides: list, short: dict[str, str]) -> list[str]:
    """"Akar — Şoygu", "Çavuşoğlu, Akar — Lavrov" per meeting, side after side (three names a side at
    most, "+2" for more); worked out once per list of sides (the same pairs recur across thousands
    of reports)."""
    seen: dict[tuple, str] = {}
    out = []
    for ss in sides:
        if ss is None or not len(ss):
            out.append("")
            continue
        key = tuple(tuple(side) for side in ss)
        label = seen.get(key)
        if label is None:
            label = " — ".join(", ".join(short.get(p) or surname(p) for p in side[:SIDE_SHOWN])
                               + (f" +{len(side) - SIDE_SHOWN}" if len(side) > SIDE_SHOWN else "") for side in key)
            seen[key] = label
        out.append(label)
    return out


SIDES = pa.list_(pa.list_(pa.string()))


def who_labels(sides: list, short: dict[str, str]) -> list[str]:
    """What `_who_labels` gives (its plain reference, compared in tests/test_timeline_build.py), in Arrow: one
    surname per distinct person, the joins in Arrow compute (a third of the timeline view's time at 30k
    articles went to `_who_labels`' Python loops)."""
    nested = pa.array(sides, SIDES)
    inner = pc.list_flatten(nested)                         # one list of people per side
    flat = pc.list_flatten(inner)
    if not len(flat):
        return _who_labels(sides, short)
    encoded = pc.dictionary_encode(flat).combine_chunks() if isinstance(flat, pa.ChunkedArray) else pc.dictionary_encode(flat)
    people = encoded.dictionary.to_pylist()
    names = pa.array([short.get(p) or surname(p) for p in people], pa.string())
    shown = pa.ListArray.from_arrays(inner.offsets, names.take(encoded.indices))
    counts = pc.list_value_length(shown)
    side_text = pc.binary_join(pc.list_slice(shown, 0, SIDE_SHOWN), ", ")
    more = pc.fill_null(pc.greater(counts, SIDE_SHOWN), False)
    side_text = pc.if_else(more, pc.binary_join_element_wise(
        side_text, " +", pc.cast(pc.subtract(counts, SIDE_SHOWN), pa.string()), ""), side_text)
    rows = pa.ListArray.from_arrays(pc.fill_null(nested, []).offsets, side_text)
    return pc.fill_null(pc.binary_join(rows, " — "), "").to_pylist()


def _group_keys(events, values, precision, folded: dict[str, str]) -> list[str]:
    """The group of each dated row naming an event: the folded event and its date (to the day)."""
    return [f"{folded[e]}|{v[:10] if p in ('day', 'minute') else v}" for e, v, p in zip(events, values, precision)]


def _event_index(dates: pd.DataFrame) -> dict[str, np.ndarray]:
    """One row per named event and date (the groups of `_event_groups`), with its supporting articles."""
    rows = dates[dates["event"].notna() & dates["value"].notna()] if len(dates) else dates
    if not len(rows):
        return {c: np.empty(0, dtype=object) for c in _BASE}
    events, values, precision = _objs(rows["event"]), _objs(rows["value"]), _objs(rows["precision"])
    folded = {e: fold(e) for e in set(events)}
    keys = _group_keys(events, values, precision, folded)
    r = pd.DataFrame({"key": pd.Series(keys, dtype=object), "article_id": pd.Series(_objs(rows["article_id"]), dtype=object),
                      "sent_idx": rows["sent_idx"].to_numpy(), "pos": rows["start"].to_numpy(),
                      "rank": [_PRECISION_ORDER.get(p, -1) for p in precision], "seq": np.arange(len(keys))})
    # the best row: highest precision, first in table order (as max() over the group does)
    best = r.sort_values(["key", "rank", "seq"], ascending=[True, False, True]).drop_duplicates("key")
    f0 = r.sort_values(["key", "article_id", "sent_idx", "pos"]).drop_duplicates("key")
    first = dict(zip(f0["key"], zip(f0["article_id"], f0["sent_idx"])))
    arts: dict[str, dict] = {}
    for k, a in zip(keys, r["article_id"]):
        arts.setdefault(k, {})[a] = None
    topics: dict[str, dict] = {}
    for k, ts in zip(keys, rows["topics"].tolist()):
        if ts is not None:
            for t in ts:
                topics.setdefault(k, {})[t] = None
    named, generic = _event_registry()
    out: dict[str, list] = {c: [] for c in _BASE}
    for k, i in zip(best["key"], best["seq"]):
        event, value = events[i], values[i]
        st = list(topics.get(k, ()))
        topic = named.get(event) or (st[0] if len(st) == 1 else None)
        art, sent = first[k]
        row = {"item_id": f"event:{folded[event]}|{value}", "kind": "event",
               "label": event + (f" ({topic})" if topic and event in generic else ""), "value": value,
               "precision": precision[i], "type": None, "status": None, "topic": topic, "article_id": art,
               "sent_idx": int(sent), "key": k, "articles": list(arts[k])}
        for c in _BASE:
            out[c].append(row[c])
    return {c: _objs(v) for c, v in out.items()}


def event_index(dates: pd.DataFrame) -> dict[str, np.ndarray]:
    """What `_event_index` gives (its plain reference, compared in tests/test_timeline_build.py), with the
    groups worked out on integer codes (numpy sorts, no string sorts or per-row dict loops): one row per
    named event and date, with its supporting articles."""
    rows = dates[dates["event"].notna() & dates["value"].notna()] if len(dates) else dates
    if not len(rows):
        return {c: np.empty(0, dtype=object) for c in _BASE}
    events, values, precision = _objs(rows["event"]), _objs(rows["value"]), _objs(rows["precision"])
    folded = {e: fold(e) for e in set(events)}
    group, keys = pd.factorize(np.asarray(_group_keys(events, values, precision, folded), dtype=object), sort=True)
    art, art_ids = pd.factorize(_objs(rows["article_id"]), sort=True)
    sent, pos = rows["sent_idx"].to_numpy(dtype="int64"), rows["start"].to_numpy(dtype="int64")
    rank = np.array([_PRECISION_ORDER.get(p, -1) for p in precision], dtype="int64")
    seq = np.arange(len(group))
    best = _first_of_groups(group, np.lexsort((seq, -rank, group)))       # highest precision, then table order
    first = _first_of_groups(group, np.lexsort((pos, sent, art, group)))  # first article, sentence, place
    arts = _distinct_in_order(group, art, len(keys))
    topics = _topic_lists(rows["topics"], group, len(keys))
    named, generic = _event_registry()
    art_ids = np.asarray(art_ids, dtype=object)
    event, value = events[best], values[best]
    topic = [named.get(e) or (st[0] if len(st) == 1 else None) for e, st in zip(event.tolist(), topics)]
    n = len(keys)
    return {"item_id": _objs([f"event:{folded[e]}|{v}" for e, v in zip(event.tolist(), value.tolist())]),
            "kind": _objs("event", n),
            "label": _objs([e + (f" ({t})" if t and e in generic else "") for e, t in zip(event.tolist(), topic)]),
            "value": value, "precision": precision[best], "type": _objs(None, n), "status": _objs(None, n),
            "topic": _objs(topic), "article_id": art_ids[art[first]], "sent_idx": _objs(sent[first].tolist()),
            "key": np.asarray(keys, dtype=object), "articles": _objs([art_ids[a].tolist() for a in arts])}


def _first_of_groups(group: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The first row of each group (`order` sorts the rows by group first), groups in code order."""
    g = group[order]
    return order[np.r_[True, g[1:] != g[:-1]]]


def _distinct_in_order(group: np.ndarray, values: np.ndarray, n_groups: int) -> list[np.ndarray]:
    """Per group, its distinct `values` (integer codes) in the order they first appear."""
    pair = group.astype("int64") * (int(values.max(initial=0)) + 1) + values
    _, at = np.unique(pair, return_index=True)
    at = np.sort(at)                                          # first rows of each (group, value), in row order
    at = at[np.argsort(group[at], kind="stable")]
    return np.split(values[at], np.cumsum(np.bincount(group[at], minlength=n_groups))[:-1])


def _topic_lists(topics: pd.Series, group: np.ndarray, n_groups: int) -> list[list]:
    """Per group, the distinct topics of its rows in the order they first appear."""
    lists = pa.array(topics.tolist(), pa.list_(pa.string()))
    flat = pc.list_flatten(lists)
    if not len(flat):
        return [[] for _ in range(n_groups)]
    row = pc.list_parent_indices(lists).to_numpy()
    code, names = pd.factorize(np.asarray(flat.to_numpy(zero_copy_only=False), dtype=object))
    names = np.asarray(names, dtype=object)
    return [names[c].tolist() for c in _distinct_in_order(group[row], code, n_groups)]


_VIEW_COLUMNS = {"meetings": ["meeting_id", "article_id", "sent_idx", "participants", "sides", "type", "status", "date",
                                "date_precision", "topics"],
                 "dates": ["article_id", "sent_idx", "start", "value", "precision", "event", "topics"],
                 "articles": ["article_id", "title", "published", "published_precision", "published_basis", "topics"],
                 "entities": ["entity_id", "name"]}


def timeline_view(build_dir, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The build-time view (newsgraph.views.stored): the item index of the whole corpus. Tables not given are
    read from `build_dir` (a build made before this view existed)."""
    import pyarrow.parquet as pq

    def table(name: str) -> pd.DataFrame:
        if name in tables:
            return tables[name]
        path = Path(build_dir) / f"{name}.parquet"
        return to_frame(pq.read_table(path, columns=_VIEW_COLUMNS[name]))

    ents = table("entities")
    return timeline_index(table("meetings"), table("dates"), table("articles"),
                          dict(zip(ents["entity_id"], ents["name"])))


# -- what the page shows: the items the filters keep, and whether to draw them one by one ----------------
AGGREGATE_ABOVE = 1500        # more day-precise items than this are counted per period, not drawn one by one


def _member(values, wanted) -> np.ndarray:
    """Which of `values` (strings; missing = not) are in `wanted`, by one Arrow hash look-up (pandas' isin on
    Arrow strings converts `wanted` value by value)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    col = pa.array(np.asarray(values, dtype=object), type=pa.string(), from_pandas=True)
    found = pc.is_in(col, value_set=pa.array(np.asarray(list(wanted), dtype=object), type=pa.string(), from_pandas=True))
    return found.fill_null(False).to_numpy(zero_copy_only=False)


def select_index(index: pd.DataFrame, f: Filters, kinds=tuple(KINDS), article_ids=None, meeting_ids=None) -> pd.DataFrame:
    """The index rows the filters keep (as `visible_items` over the filtered tables would): meetings among
    `meeting_ids`, publication dates of `article_ids`, events reported in one of `article_ids` (None: all),
    of the chosen kinds, overlapping the date range (undated ones go when a range is set)."""
    if article_ids is None and not (f.date_from or f.date_to) and set(KINDS) <= set(kinds):
        return index                                                  # everything: no copy
    mask = np.array(index["kind"].isin(list(kinds)).to_numpy(dtype=bool), copy=True)
    if article_ids is not None:
        kind = index["kind"].to_numpy(dtype=object)
        kept = np.zeros(len(index), dtype=bool)
        meet, pub, ev = kind == "meeting", kind == "published", kind == "event"
        kept[meet] = _member(index["key"].to_numpy(dtype=object)[meet], meeting_ids if meeting_ids is not None else [])
        kept[pub] = _member(index["article_id"].to_numpy(dtype=object)[pub], article_ids)
        reported = index["articles"].to_numpy(dtype=object)[ev]
        if len(reported):
            lengths = np.fromiter((len(a) for a in reported), dtype=np.int64, count=len(reported))
            flat = np.concatenate([np.asarray(a, dtype=object) for a in reported]) if lengths.sum() else np.array([], dtype=object)
            hit = _member(flat, article_ids)
            owner = np.repeat(np.flatnonzero(ev), lengths)
            kept[np.unique(owner[hit])] = True
        mask &= kept
    if f.date_from or f.date_to:
        lo, hi = f.date_from or "0000-01-01", f.date_to or "9999-12-31"
        mask &= (index["start"].notna() & (index["start"].fillna("") <= hi) & (index["end"].fillna("") >= lo)).to_numpy(dtype=bool)
    return index[mask].reset_index(drop=True)


def should_aggregate(items: pd.DataFrame, limit: int | None = None) -> bool:
    """True when there are more day-precise items (one marker each) than an analyst can read one by one
    (AGGREGATE_ABOVE). Items known only to the month or year do not count: when many, the item chart sums
    them per period anyway, and a short date range still overlaps every item dated only to its year."""
    limit = AGGREGATE_ABOVE if limit is None else limit
    return int((items["drawn_as"] == "point").sum()) > limit if len(items) else False


def choose_bin(items: pd.DataFrame, window: tuple[str | None, str | None] = (None, None)) -> str:
    """The counting period: day, week or month, by how long the items dated to the day stretch (within
    the filter's date range, when one is set)."""
    points = (items["drawn_as"] == "point").to_numpy(dtype=bool)
    if not points.any():
        return "month"
    day = (items["day"] if "day" in items else day_numbers(items["start"])).to_numpy(dtype="int64")[points]
    lo, hi = int(day.min()), int(day.max())
    epoch = pd.Timestamp("1970-01-01")
    lo = max(lo, (pd.Timestamp(window[0]) - epoch).days) if window[0] else lo
    hi = min(hi, (pd.Timestamp(window[1]) - epoch).days) if window[1] else hi
    days = hi - lo
    return "day" if days <= 120 else "week" if days <= 3 * 366 else "month"


def day_numbers(starts: pd.Series) -> pd.Series:
    """Days since 1970-01-01 of ISO days (-1 when undated): the index stores them to count without parsing."""
    d = pd.to_datetime(starts.astype("str"), format="%Y-%m-%d", errors="coerce")
    return pd.Series((d - pd.Timestamp("1970-01-01")).dt.days.fillna(-1).astype("int32").to_numpy(), index=starts.index)


def _day_text(days: np.ndarray) -> list[str]:
    return pd.to_datetime(days.astype("int64"), unit="D").strftime("%Y-%m-%d").tolist()


def count_items(items: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts of the dated items: day-precise ones per (kind, period, topic); those known only to the month
    or year per (kind, precision, period, topic) — never put on a day they do not name. Each column is
    coded by its sorted distinct values and a row's codes make one integer (`_distinct_counts`), so the
    groups come out counted and in order: no per-row Python, no pandas groupby or sort (this runs for every
    new filter state; `count_items_plain` is the reference the tests compare it with)."""
    dated = ~items["undated"].to_numpy(dtype=bool)
    pts = (items["drawn_as"] == "point").to_numpy(dtype=bool) & dated
    sps = dated & ~pts
    day = (items["day"] if "day" in items else day_numbers(items["start"])).to_numpy(dtype="int64")[pts]
    kind, topic = _coded(items["kind"]), _coded(items["topic"].fillna("no topic").astype(str))
    bins, at_bin = np.unique(_period_starts(day, unit), return_inverse=True)
    (k, b, t), n = _distinct_counts([kind[0][pts], at_bin.reshape(-1), topic[0][pts]], [kind[1], bins, topic[1]])
    first = np.asarray(_day_text(bins), dtype=object)
    points = pd.DataFrame({"kind": kind[1][k], "start": first[b], "end": _period_ends(bins, unit, first)[b],
                           "topic": topic[1][t], "n": n})
    s = items.loc[sps, ["precision", "start", "end"]]     # the few known to the month or year only
    coded = [(kind[0][sps], kind[1]), _coded(s["precision"].fillna("day")), _coded(s["start"]), _coded(s["end"]),
             (topic[0][sps], topic[1])]
    rows, n = _distinct_counts([c for c, _ in coded], [u for _, u in coded])
    spans = pd.DataFrame({name: u[r] for name, r, (_, u) in zip(["kind", "precision", "start", "end", "topic"], rows, coded)}
                         | {"n": n})
    return points, spans


def _coded(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A column's codes and its sorted distinct values (an object array)."""
    codes, uniques = pd.factorize(column, sort=True)
    return codes, np.asarray(uniques, dtype=object)


def _distinct_counts(codes: list[np.ndarray], uniques: list) -> tuple[list[np.ndarray], np.ndarray]:
    """The distinct rows of some coded columns (codes into sorted `uniques`), in sorted order, as codes per
    column, and how many times each occurs: a row's codes are one integer whose order is the rows' order."""
    key = np.zeros(len(codes[0]), dtype="int64")
    for c, u in zip(codes, uniques):
        key = key * max(len(u), 1) + c
    keys, n = np.unique(key, return_counts=True)
    rows = []
    for u in reversed(uniques):
        keys, code = np.divmod(keys, max(len(u), 1))
        rows.append(code)
    return rows[::-1], n.astype("int64")


def _period_starts(day: np.ndarray, unit: str) -> np.ndarray:
    """The first day (days since 1970-01-01) of the day, week (from Monday) or month of each day."""
    if unit == "week":
        return day - (day + 3) % 7                               # 1970-01-01 was a Thursday: back to Monday
    if unit == "month":
        return day - pd.to_datetime(day, unit="D").day.to_numpy() + 1
    return day


def _period_ends(bins: np.ndarray, unit: str, first: np.ndarray) -> np.ndarray:
    """The last day (ISO) of the periods that start on `bins` (their ISO days: `first`)."""
    if unit == "week":
        return np.asarray(_day_text(bins + 6), dtype=object)
    if unit == "month":
        return np.asarray((pd.to_datetime(bins, unit="D") + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d").tolist(),
                          dtype=object)
    return first


def count_items_plain(items: pd.DataFrame, unit: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`count_items` with pandas' value_counts and groupby (the reference tests compare it with)."""
    dated = ~items["undated"].to_numpy(dtype=bool)
    pts = (items["drawn_as"] == "point").to_numpy(dtype=bool) & dated
    sps = dated & ~pts
    day = (items["day"] if "day" in items else day_numbers(items["start"])).to_numpy(dtype="int64")[pts]
    lo = _period_starts(day, unit)
    kinds_at, kinds = pd.factorize(items["kind"])
    topics_at, topics = pd.factorize(items["topic"].fillna("no topic").astype(str))
    counts = pd.DataFrame({"k": kinds_at[pts], "b": lo, "t": topics_at[pts]}).value_counts(sort=False).reset_index(name="n")
    bins = np.unique(counts["b"].to_numpy())
    first = np.asarray(_day_text(bins), dtype=object)
    at = np.searchsorted(bins, counts["b"].to_numpy())
    points = pd.DataFrame({"kind": np.asarray(kinds, dtype=object)[counts["k"]] if len(counts) else [],
                           "start": first[at], "end": _period_ends(bins, unit, first)[at],
                           "topic": np.asarray(topics, dtype=object)[counts["t"]] if len(counts) else [],
                           "n": counts["n"].astype("int64")})
    points = points.sort_values(["kind", "start", "topic"]).reset_index(drop=True)
    s = items.loc[sps, ["kind", "precision", "start", "end", "topic"]]
    spans = (pd.DataFrame({"kind": s["kind"], "precision": s["precision"].fillna("day"), "start": s["start"],
                           "end": s["end"], "topic": s["topic"].fillna("no topic").astype(str)})
             .groupby(["kind", "precision", "start", "end", "topic"], as_index=False, sort=True).size()
             .rename(columns={"size": "n"}))
    return points, spans


def bucket_items(items: pd.DataFrame, bucket: str) -> pd.DataFrame:
    """The items behind one bar of the count chart ('kind|start|end|point' or '…|span')."""
    try:
        kind, lo, hi, what = bucket.split("|")
    except ValueError:
        return items.head(0)
    mask = (items["kind"] == kind) & (items["drawn_as"] == what) & ~items["undated"]
    if what == "point":
        mask &= (items["start"].fillna("") >= lo) & (items["start"].fillna("") <= hi)
    else:
        mask &= (items["start"] == lo) & (items["end"] == hi)
    return items[mask.to_numpy(dtype=bool)]


def sort_items(items: pd.DataFrame) -> pd.DataFrame:
    """Kind, then date, then label (Turkish-folded) — the order of `timeline_items`."""
    return items.sort_values(["kind", "start", "end", "label"], key=_kind_order, na_position="last")


def detail_items(selected: pd.DataFrame, meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                 names: dict[str, str], sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The full rows (hover, evidence, participants…) of a few index rows, from the (filtered) tables: only
    the rows these items need are passed to `timeline_items`."""
    if not len(selected):
        return timeline_items(meetings.head(0), dates.head(0), articles.head(0), names)
    kind = selected["kind"]
    m = meetings[meetings["meeting_id"].isin(selected.loc[kind == "meeting", "key"])]
    ev_arts = set(selected.loc[kind == "event", "articles"].explode().dropna())
    ev_arts &= set(articles["article_id"])
    d = dates[dates["article_id"].isin(ev_arts | set(m["article_id"]))]      # events, and how meetings got a date
    need = set(selected["article_id"]) | set(m["article_id"]) | ev_arts
    a = articles[articles["article_id"].isin(need)]
    items = timeline_items(m, d, a, names, sentences=sentences)
    return items[items["item_id"].isin(selected["item_id"])].reset_index(drop=True)


# -- the view of a build made from the last build's: meetings' rows kept, the rest made again ---------------------
def _shown_name(person: str, names: dict[str, str]) -> str:
    """A person's name in a meeting's label (as `who_labels` gives it)."""
    return (surname(names[person]) if person in names else None) or surname(person)


def _renamed(names: dict[str, str], old_names: dict[str, str]) -> set[str]:
    """The people whose shown name (`who_labels`) differs between two builds' entity names."""
    return {p for p in names.keys() | old_names.keys() if _shown_name(p, names) != _shown_name(p, old_names)}


def _naming(meetings: pd.DataFrame, people: set[str]) -> np.ndarray:
    """Which meetings name one of `people` (on any side)."""
    if not people or not len(meetings):
        return np.zeros(len(meetings), dtype=bool)
    sides = meetings["sides"].tolist() if "sides" in meetings.columns else \
        [[list(ps)] if ps is not None else None for ps in meetings["participants"].tolist()]
    nested = pa.array(sides, SIDES)
    inner = pc.list_flatten(nested)
    hit = pc.is_in(pc.list_flatten(inner), value_set=pa.array(sorted(people), pa.string())).to_numpy(zero_copy_only=False)
    out = np.zeros(len(meetings), dtype=bool)
    side_of = pc.list_parent_indices(inner).to_numpy()
    out[pc.list_parent_indices(nested).to_numpy()[side_of[hit]]] = True
    return out


def _events_again(last: pa.Table, dates: pd.DataFrame, touched: set[str]) -> tuple[dict, pa.Array]:
    """The event rows (`event_index`) of the groups that may differ from the last view's: those a `touched`
    article (dates rows changed, or removed) supports, and those a touched article's rows now fall in; the
    groups' keys. Worked out from the rows of the articles these groups name, not from every dated row."""
    ev = last.filter(pc.equal(last.column("kind"), "event"))
    supported = ev.column("articles").combine_chunks()
    wanted = pa.array(sorted(touched), pa.string())
    hit = pc.is_in(pc.list_flatten(supported), value_set=wanted).to_numpy(zero_copy_only=False)
    hit_rows = np.unique(pc.list_parent_indices(supported).to_numpy()[hit])
    mine = dates[dates["article_id"].isin(touched).to_numpy(dtype=bool)]
    mine = mine[(mine["event"].notna() & mine["value"].notna()).to_numpy(dtype=bool)]
    folded = {e: fold(e) for e in set(_objs(mine["event"]))}
    new_keys = _group_keys(_objs(mine["event"]), _objs(mine["value"]), _objs(mine["precision"]), folded)
    keys = pa.array(sorted(set(ev.column("key").take(pa.array(hit_rows, pa.int64())).to_pylist()) | set(new_keys)),
                    pa.string())
    again = pc.is_in(ev.column("key"), value_set=keys).to_numpy(zero_copy_only=False)
    need = set(pc.list_flatten(supported.filter(pa.array(again))).to_pylist()) | touched
    rows = event_index(dates[dates["article_id"].isin(need).to_numpy(dtype=bool)])
    keep = pc.is_in(pa.array(rows["key"], pa.string()), value_set=keys).to_numpy(zero_copy_only=False)
    return {c: v[keep] for c, v in rows.items()}, keys


def _kept(last: pa.Table, kind: str, keys: pa.Array) -> pa.Table | None:
    """The rows of `kind` in the last view whose key is one of `keys`; None unless there is one for each."""
    rows = last.filter(pc.and_(pc.equal(last.column("kind"), kind), pc.is_in(last.column("key"), value_set=keys)))
    return rows if rows.num_rows == len(keys) else None


def update_view(last: pa.Table, meetings: pd.DataFrame, dates: pd.DataFrame, articles: pd.DataFrame,
                names: dict[str, str], old_names: dict[str, str], redo: dict[str, set[str]]) -> pa.Table | None:
    """What `timeline_view` gives (as the Arrow table `stored.write` saves), from the last build's view `last`.
    `redo`: "meetings", "dates" → the articles whose rows of that table may differ from the last build's
    (processed again, given other event ids or dates, or new; a publication date is inferred from the
    article's own dates). Kept from `last`: the meetings' rows of the other articles (unless they name
    someone whose shown name changed), their publication dates, and the named events no article of
    `redo["dates"]` or removed takes part in (`_events_again`); the other rows are made again
    (`timeline_index`); all put in the view's order. None when `last` cannot give them (then the caller
    makes the view whole)."""
    if not pa.types.is_list(last.schema.field("articles").type):        # a view without any event: all null
        return None
    meeting_ids = pa.array(meetings["meeting_id"].to_numpy(dtype=object), pa.string())
    article_ids = pa.array(articles["article_id"].to_numpy(dtype=object), pa.string())
    again = meetings["article_id"].isin(redo["meetings"]).to_numpy(dtype=bool) | \
        _naming(meetings, _renamed(names, old_names))
    dated_again = articles["article_id"].isin(redo["meetings"] | redo["dates"]).to_numpy(dtype=bool)
    meetings_last = _kept(last, "meeting", meeting_ids.filter(pa.array(~again)))
    published_last = _kept(last, "published", article_ids.filter(pa.array(~dated_again)))
    if meetings_last is None or published_last is None:
        return None
    kind = last.column("kind")
    published = last.filter(pc.equal(kind, "published")).column("key")
    gone = pc.filter(published, pc.invert(pc.is_in(published, value_set=article_ids)))
    events, keys = _events_again(last, dates, set(redo["dates"]) | set(gone.to_pylist()))
    events_last = last.filter(pc.and_(pc.equal(kind, "event"), pc.invert(pc.is_in(last.column("key"), value_set=keys))))
    made = timeline_index(meetings[again], dates, articles[dated_again], names, events)
    try:
        made = pa.Table.from_pandas(made, preserve_index=False).cast(last.schema)
    except (pa.ArrowException, ValueError):
        return None
    both = pa.concat_tables([meetings_last, events_last, published_last, made]).combine_chunks()
    kinds, key = both.column("kind"), both.column("key")
    place = np.where(pc.equal(kinds, "meeting").to_numpy(zero_copy_only=False),     # ties: in table order
                     pc.fill_null(pc.index_in(key, value_set=meeting_ids), -1).to_numpy(zero_copy_only=False),
                     pc.fill_null(pc.index_in(key, value_set=article_ids), -1).to_numpy(zero_copy_only=False))
    event = _sorted_codes(pc.if_else(pc.equal(kinds, "event"), key, ""))          # events: in key order
    end = _sorted_codes(pc.fill_null(both.column("end"), "~"))
    day = both.column("day").to_numpy()
    kind_code = pc.index_in(kinds, value_set=pa.array(list(KINDS))).to_numpy(zero_copy_only=False)
    order = np.lexsort((place, event, end, np.where(day < 0, np.iinfo("int32").max, day), kind_code))
    return both.take(pa.array(order))


def _sorted_codes(strings: pa.Array) -> np.ndarray:
    """Integer codes that sort as the strings do (UTF-8 byte order: Python's)."""
    encoded = pc.dictionary_encode(strings.combine_chunks() if isinstance(strings, pa.ChunkedArray) else strings)
    rank = pc.rank(encoded.dictionary, sort_keys="ascending", tiebreaker="dense").to_numpy(zero_copy_only=False)
    return rank[encoded.indices.to_numpy(zero_copy_only=False)]
