"""Timeline items (meetings, dated named events, publication dates) and the TimelineJS export.

A date known only to the month or year is an interval, not a day: such items are drawn
as hatched bars over the whole period by newsgraph.timefigure (never as a point on the 1st), and the TimelineJS
export leaves out the fields the text does not fix. Undated items are returned flagged
`undated`, for the page to list beside the chart.
"""
from __future__ import annotations

import html
import re
import textwrap
from functools import lru_cache

import pandas as pd

from newsgraph import settings
from newsgraph.filters import Filters, overlaps, period
from newsgraph.segment import paragraph_spans
from newsgraph.store import with_none
from newsgraph.textnorm import fold

KINDS = {"meeting": "Meetings", "event": "Named events", "published": "Publication dates"}
PRECISION_RANK = {"year": 0, "month": 1, "day": 2, "minute": 3}
COLUMNS = ["item_id", "kind", "label", "value", "start", "end", "precision", "drawn_as", "undated", "type",
           "status", "topic", "topics", "participants", "location", "article_id", "sent_idx", "evidence",
           "evidences", "when", "hover"]

_MEETING_BASIS = {"sentence": "date written in the sentence", "article": "the article's publication date",
                  "event": "the date of the event it belongs to"}
_YEAR_SOURCE = {"article_date": "year from the article's date", "article_text": "year from the article's text",
                "other_articles": "year inferred from other articles"}
_PUBLISHED_BASIS = {"stated": "stated in the article", "inferred": "inferred from the article's own dates",
                    "metadata": "from metadata.csv"}


def _esc(value) -> str:
    return html.escape(str(value), quote=False)


def _wrap(text: str | None, width: int = 90, lines: int = 4) -> str:
    """Hover text does not wrap by itself: break long evidence into a few <br> lines."""
    parts = textwrap.wrap(text or "", width=width, max_lines=lines, placeholder=" …")
    return "<br>".join(_esc(p) for p in parts)


def surname(name: str) -> str:
    """'Hulusi Akar' → 'Akar', 'Fayiz es-Serrac' → 'Serrac'."""
    last = name.split()[-1] if name.split() else name
    for prefix in ("es-", "el-", "al-", "eş-", "er-", "ed-"):
        if last.lower().startswith(prefix) and len(last) > len(prefix) + 1:
            return last[len(prefix):]
    return last


def meeting_label(participants, mtype: str | None, status: str | None, names: dict[str, str]) -> str:
    """'Akar — Şoygu (phone call)'; planned contacts say so."""
    people = [surname(names.get(p, p)) for p in list(participants if participants is not None else [])]
    who = " — ".join(people[:3]) + (f" +{len(people) - 3}" if len(people) > 3 else "") or "?"
    what = (mtype or "contact").replace("_", " ") + (", planned" if status == "planned" else "")
    return f"{who} ({what})"


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
    label = meeting_label(m["participants"], m["type"], m["status"], names)
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
    from newsgraph.registry import RegistryError, load_events
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
    sent_topics = {t for e in evidences
                   for t in _lists((sentences.get((e["article_id"], e["sent_idx"])) or {}).get("topics"))}
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
