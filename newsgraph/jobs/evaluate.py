"""`python -m newsgraph evaluate --gold FILE`: scores of the built tables against a gold file.

The gold format is documented in docs/gold.md (tests/gold/seeds.json is one). Per article:
mentions by exact span and label (PER/LOC/ORG) with linking accuracy on matched spans,
persons and all entities as sets, topics as a set, dates by (surface, value). Contacts are
matched one-to-one by their participant set (the union of the sides; a match of the same
type is preferred); on the matches, type, status, sides, location and date are counted
right or wrong (date only where the gold gives one). Gold ids that are slugs of a registry
alias mean that registry entity. The report lists, per construction tag, the gold contacts
found and missed, and every miss and false contact with its sentence.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from newsgraph.storage import store
from newsgraph.base.errors import NewsgraphError
from newsgraph.base.textnorm import slugify

LABELS = ("PER", "LOC", "ORG")
CHECKS = ("type", "status", "sides", "location", "date")


def prf(tp: int, fp: int, fn: int) -> dict:
    """Precision, recall, F1 (1.0 when there is nothing to find and nothing found)."""
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def load_gold(path: Path) -> dict:
    """Read a gold file; a malformed one is a NewsgraphError naming it."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        assert isinstance(gold.get("articles"), dict)
        return gold
    except (OSError, ValueError, AssertionError) as exc:
        raise NewsgraphError(f"{path}: not a gold file ({exc or 'no articles mapping'})") from None


def alias_ids(registry) -> dict[str, str]:
    """Slug of every registry alias → its entity id (gold ids written as another spelling)."""
    out = {}
    for e in registry.entities.values():
        for a in e.aliases:
            out.setdefault(slugify(a), e.entity_id)
    return out


def _nth(text: str, surface: str, n: int) -> int:
    pos = -1
    for _ in range(n):
        pos = text.find(surface, pos + 1)
        if pos < 0:
            raise NewsgraphError(f"gold surface {surface!r} (occurrence {n}) not in the article text")
    return pos


def gold_spans(text: str, mentions: list[dict]) -> dict[tuple[int, int, str], str | None]:
    """{(start, end, label): entity_id} of gold mentions."""
    out = {}
    for m in mentions:
        start = _nth(text, m["surface"], m.get("occurrence", 1))
        out[(start, start + len(m["surface"]), m["label"])] = m.get("entity_id")
    return out


def score_mentions(system: pd.DataFrame, gold: dict) -> tuple[dict, dict]:
    """Span+label P/R/F1 and linking accuracy for one article."""
    sys_spans = {(int(r.start), int(r.end), r.label): r.entity_id for r in system.itertuples() if r.label in LABELS}
    tp = set(sys_spans) & set(gold)
    linked = sum(sys_spans[k] == gold[k] for k in tp)
    return prf(len(tp), len(sys_spans) - len(tp), len(gold) - len(tp)), {"correct": linked, "matched": len(tp)}


def score_sets(system: set, gold: set) -> dict:
    """P/R/F1 of two sets."""
    return prf(len(system & gold), len(system - gold), len(gold - system))


def score_dates(system: pd.DataFrame, gold: list[dict]) -> dict:
    """Dates matched by surface, right when the value also matches."""
    sys_items = Counter((r.surface, r.value if isinstance(r.value, str) else None) for r in system.itertuples())
    gold_items = Counter((g["surface"], g.get("value")) for g in gold)
    tp = sum((sys_items & gold_items).values())
    return prf(tp, sum(sys_items.values()) - tp, sum(gold_items.values()) - tp)


def _gold_contact(g: dict, ids) -> dict:
    """A gold contact with canonical ids: participants, sides (or None), the rest as written."""
    sides = [[ids(p) for p in side] for side in g["sides"]] if "sides" in g else None
    people = [p for side in sides for p in side] if sides is not None else [ids(p) for p in g["participants"]]
    tags = g.get("construction", [])
    return {**g, "participants": frozenset(people), "sides": sides, "construction": [tags] if isinstance(tags, str) else tags}


def _right(check: str, g: dict, r) -> bool | None:
    """Whether a matched system contact gets one property right (None: the gold does not say)."""
    if check == "type":
        return g["type"] == r.type if "type" in g else None
    if check == "status":
        return g["status"] == r.status if "status" in g else None
    if check == "sides":
        if g["sides"] is None:
            return None
        found = getattr(r, "sides", None)
        return found is not None and not isinstance(found, float) and \
            {frozenset(s) for s in g["sides"]} == {frozenset(s) for s in found}
    if check == "location":
        return g["location"] == (r.location if isinstance(r.location, str) else None) if "location" in g else None
    if not g.get("date"):
        return None
    got = r.date if isinstance(r.date, str) else ""
    return got[:len(g["date"])] == g["date"] and len(got) >= len(g["date"])


def score_meetings(system: pd.DataFrame, gold: list[dict], ids=lambda x: x) -> dict:
    """Contacts matched one-to-one by participants (same type first); properties checked on matches."""
    left = [_gold_contact(g, ids) for g in gold]
    rows = list(system.itertuples())
    keys = [frozenset(ids(p) for p in r.participants) for r in rows]
    matched: list[tuple[dict, object]] = []
    for same_type in (True, False):
        for r, key in zip(rows, keys):
            if any(r is m for _, m in matched):
                continue
            hit = next((g for g in left if g["participants"] == key and (not same_type or g.get("type") == r.type)), None)
            if hit is not None:
                left.remove(hit)
                matched.append((hit, r))
    spurious = [r for r in rows if not any(r is m for _, m in matched)]
    out = prf(len(matched), len(spurious), len(left))
    for check in CHECKS:
        said = [x for x in (_right(check, g, r) for g, r in matched) if x is not None]
        out[f"{check}_correct"], out[f"{check}_checked"] = sum(said), len(said)
    out["found"] = [g for g, _ in matched]
    out["missed"] = left
    out["spurious"] = [{"participants": sorted(r.participants), "type": r.type, "status": r.status,
                        "evidence": r.evidence} for r in spurious]
    out["wrong"] = [{"gold": _public(g), "found": {c: _value(r, c) for c in CHECKS}}
                    for g, r in matched if any(_right(c, g, r) is False for c in CHECKS)]
    return out


def _value(r, check: str):
    v = getattr(r, check, None)
    if check == "sides":
        return [list(s) for s in v] if v is not None and not isinstance(v, float) else None
    return v if isinstance(v, str) else None


def _public(g: dict) -> dict:
    return {k: (sorted(v) if isinstance(v, frozenset) else v) for k, v in g.items()}


_COUNTS = ("tp", "fp", "fn") + tuple(f"{c}_{k}" for c in CHECKS for k in ("correct", "checked"))


def _sum(parts: list[dict]) -> dict:
    out = prf(*(sum(p[k] for p in parts) for k in ("tp", "fp", "fn")))
    for k in _COUNTS[3:]:
        if parts and k in parts[0]:
            out[k] = sum(p[k] for p in parts)
    return out


def by_construction(rows: list[dict]) -> dict[str, dict]:
    """Per construction tag: gold contacts found and missed."""
    out: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for g in row["found"]:
            for tag in g["construction"] or ["(untagged)"]:
                out[tag]["found"] += 1
        for g in row["missed"]:
            for tag in g["construction"] or ["(untagged)"]:
                out[tag]["missed"] += 1
    return {tag: dict(c) for tag, c in sorted(out.items())}


def evaluate(tables: dict[str, pd.DataFrame], gold: dict, aliases: dict[str, str] | None = None) -> dict:
    """Scores per article and overall (`aliases`: gold spellings → registry ids, see alias_ids)."""
    ids = (lambda x: aliases.get(x, x)) if aliases else (lambda x: x)
    articles = tables["articles"].set_index("article_id")
    per, totals = {}, {k: [] for k in ("mentions", "persons", "entities", "dates", "meetings")}
    linking = Counter()
    topics_right = topics_checked = 0
    for aid, g in gold["articles"].items():
        if aid not in articles.index:
            raise NewsgraphError(f"article {aid} of the gold file is not in the tables")
        ments = tables["mentions"][tables["mentions"]["article_id"] == aid]
        spans = gold_spans(articles.at[aid, "text"], g.get("mentions", []))
        m_scores, link = score_mentions(ments, spans)
        linking.update(link)
        sys_people = {ids(p) for p in ments.loc[ments["label"] == "PER", "entity_id"].dropna()}
        sys_all = set(ments.loc[ments["label"].isin(LABELS), "entity_id"].dropna())
        row = {"mentions": m_scores if "mentions" in g else prf(0, 0, 0),
               "persons": score_sets(sys_people, {ids(p) for p in g.get("persons", [])}),
               "entities": score_sets(sys_all, {e for e in spans.values() if e}) if "mentions" in g else prf(0, 0, 0),
               "dates": score_dates(tables["dates"][tables["dates"]["article_id"] == aid], g.get("dates", [])),
               "meetings": score_meetings(tables["meetings"][tables["meetings"]["article_id"] == aid],
                                          g.get("meetings", []), ids)}
        if "topics" in g:
            row["topics_correct"] = set(articles.at[aid, "topics"]) == set(g["topics"])
            topics_right += row["topics_correct"]
            topics_checked += 1
        per[aid] = row
        for k in totals:
            totals[k].append(row[k])
    overall = {k: _sum(v) for k, v in totals.items()}
    overall["linking_accuracy"] = linking["correct"] / linking["matched"] if linking["matched"] else 1.0
    overall["topic_accuracy"] = topics_right / topics_checked if topics_checked else 1.0
    overall["discovered"] = discovery(tables["mentions"], gold, articles)
    overall["constructions"] = by_construction([r["meetings"] for r in per.values()])
    return {"articles": per, "overall": overall}


def discovery(mentions: pd.DataFrame, gold: dict, articles: pd.DataFrame) -> dict:
    """Names found outside the registry, and how many of them the gold file confirms."""
    found = mentions[(mentions["method"] == "discovered") & mentions["article_id"].isin(list(gold["articles"]))]
    right = 0
    for r in found.itertuples():
        g = gold["articles"].get(r.article_id)
        if g and (int(r.start), int(r.end), r.label) in gold_spans(articles.at[r.article_id, "text"], g.get("mentions", [])):
            right += 1
    return {"mentions": len(found), "right": right, "entities": int(found["entity_id"].nunique())}


def _fmt(s: dict) -> str:
    return f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  ({s['tp']}/{s['fp']}/{s['fn']})"


def _checks(s: dict) -> str:
    return "; ".join(f"{c} right {s[f'{c}_correct']}/{s[f'{c}_checked']}" for c in CHECKS if f"{c}_checked" in s)


def report(scores: dict, details: bool = True) -> str:
    """Human-readable table: per article, overall, per construction, then misses and false contacts."""
    lines = []
    for aid, row in scores["articles"].items():
        lines.append(f"{aid}")
        for k in ("mentions", "persons", "entities", "dates", "meetings"):
            lines.append(f"  {k:<9} {_fmt(row[k])}")
        if "topics_correct" in row:
            lines.append(f"  topics    {'right' if row['topics_correct'] else 'WRONG'}")
    o = scores["overall"]
    lines.append("overall")
    for k in ("mentions", "persons", "entities", "dates", "meetings"):
        lines.append(f"  {k:<9} {_fmt(o[k])}")
    lines.append(f"  contacts found: {_checks(o['meetings'])}")
    lines.append(f"  linking accuracy {o['linking_accuracy']:.3f}; topic accuracy {o['topic_accuracy']:.3f}")
    d = o["discovered"]
    lines.append(f"  names outside the registry: {d['mentions']} mentions found ({d['entities']} entities), "
                 f"{d['right']} confirmed by the gold file")
    if o["constructions"]:
        lines.append("per construction (gold contacts found / missed)")
        lines += [f"  {tag:<18} {c.get('found', 0):>4} / {c.get('missed', 0)}" for tag, c in o["constructions"].items()]
    if details:
        lines += _details(scores)
    return "\n".join(lines)


def _details(scores: dict) -> list[str]:
    lines = []
    for aid, row in scores["articles"].items():
        m = row["meetings"]
        for g in m["missed"]:
            lines.append(f"MISSED  {aid}: {_who(g)} {g.get('type')} {g.get('status')} [{', '.join(g['construction'])}]"
                         f" «{g.get('evidence', '')}»")
        for r in m["spurious"]:
            lines.append(f"FALSE   {aid}: {' + '.join(r['participants'])} {r['type']} {r['status']} «{r['evidence'][:120]}»")
        for w in m["wrong"]:
            lines.append(f"WRONG   {aid}: {_who(w['gold'])} gold {[w['gold'].get(c) for c in CHECKS]} found "
                         f"{[w['found'][c] for c in CHECKS]}")
    return lines


def _who(g: dict) -> str:
    sides = g.get("sides")
    if sides:
        return " — ".join("+".join(side) for side in sides)
    return " + ".join(sorted(g["participants"]))


def evaluate_cli(gold_path: Path, out: Path, as_json: bool = False) -> int:
    """Print the scores of the tables in `out` against `gold_path`."""
    from newsgraph.base.registry import load_registry
    gold = load_gold(gold_path)
    tables = {n: store.read_table(out, n) for n in ("articles", "mentions", "dates", "meetings")}
    scores = evaluate(tables, gold, alias_ids(load_registry()))
    scores["corrections"] = corrections_applied(out)
    text = report(scores)
    if scores["corrections"]["entries"]:
        c = scores["corrections"]
        text = (f"scored after the analyst's corrections: {c['applied']} of {c['entries']} applied "
                f"({c['file']})\n") + text
    print(json.dumps(scores, indent=1, ensure_ascii=False, default=_jsonable) if as_json else text)
    return 0


def corrections_applied(out: Path) -> dict:
    """What the build of `out` applied of the analyst's corrections (the tables are scored as they are:
    after them): file, entries, applied, not_applied."""
    c = store.read_manifest(out, summary=True).get("corrections", {})
    return {"file": c.get("file"), "entries": c.get("entries", 0), "applied": c.get("applied", 0),
            "not_applied": len(c.get("not_applied", []))}


def _jsonable(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(type(value).__name__)
