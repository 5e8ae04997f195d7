"""`python -m newsgraph evaluate --gold FILE`: scores of the built tables against a gold file.

Gold format (see tests/gold/seeds.json): per article, `mentions` (surface, label, entity_id,
occurrence = n-th occurrence of the surface in the cleaned text), `persons` (entity ids),
`topics`, `dates` (surface, value — in text order), `meetings` (participants, type,
status, location). Scores: mentions by exact span and label (PER/LOC/ORG), linking
accuracy on matched spans, person and all entities per article as sets, topic accuracy
(exact set per article), date recall/precision (surface and value), meetings by
participants and type (one-to-one), with status and location accuracy on matches.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd

from newsgraph import store
from newsgraph.errors import NewsgraphError

LABELS = ("PER", "LOC", "ORG")


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
    """Dates matched in order by surface, right when the value also matches."""
    sys_items = Counter((r.surface, r.value if isinstance(r.value, str) else None) for r in system.itertuples())
    gold_items = Counter((g["surface"], g.get("value")) for g in gold)
    tp = sum((sys_items & gold_items).values())
    return prf(tp, sum(sys_items.values()) - tp, sum(gold_items.values()) - tp)


def score_meetings(system: pd.DataFrame, gold: list[dict]) -> dict:
    """Meetings matched one-to-one by participants and type; status/location checked on matches."""
    left = [dict(g) for g in gold]
    tp = status_ok = location_ok = 0
    for r in system.itertuples():
        key = (frozenset(r.participants), r.type)
        hit = next((g for g in left if (frozenset(g["participants"]), g["type"]) == key), None)
        if hit is None:
            continue
        left.remove(hit)
        tp += 1
        status_ok += hit.get("status", r.status) == r.status
        location_ok += hit.get("location") == (r.location if isinstance(r.location, str) else None)
    out = prf(tp, len(system) - tp, len(gold) - tp)
    out.update(status_correct=status_ok, location_correct=location_ok)
    return out


def _sum(parts: list[dict]) -> dict:
    tp, fp, fn = (sum(p[k] for p in parts) for k in ("tp", "fp", "fn"))
    out = prf(tp, fp, fn)
    for extra in ("status_correct", "location_correct"):
        if parts and extra in parts[0]:
            out[extra] = sum(p[extra] for p in parts)
    return out


def evaluate(tables: dict[str, pd.DataFrame], gold: dict) -> dict:
    """Scores per article and overall."""
    articles = tables["articles"].set_index("article_id")
    per, totals = {}, {k: [] for k in ("mentions", "persons", "entities", "dates", "meetings")}
    linking = Counter()
    topics_right = 0
    for aid, g in gold["articles"].items():
        if aid not in articles.index:
            raise NewsgraphError(f"article {aid} of the gold file is not in the tables")
        ments = tables["mentions"][tables["mentions"]["article_id"] == aid]
        spans = gold_spans(articles.at[aid, "text"], g.get("mentions", []))
        m_scores, link = score_mentions(ments, spans)
        linking.update(link)
        sys_people = set(ments.loc[ments["label"] == "PER", "entity_id"].dropna())
        sys_all = set(ments.loc[ments["label"].isin(LABELS), "entity_id"].dropna())
        row = {"mentions": m_scores,
               "persons": score_sets(sys_people, set(g.get("persons", []))),
               "entities": score_sets(sys_all, {e for e in spans.values() if e}),
               "dates": score_dates(tables["dates"][tables["dates"]["article_id"] == aid], g.get("dates", [])),
               "meetings": score_meetings(tables["meetings"][tables["meetings"]["article_id"] == aid], g.get("meetings", [])),
               "topics_correct": set(articles.at[aid, "topics"]) == set(g.get("topics", []))}
        topics_right += row["topics_correct"]
        per[aid] = row
        for k in totals:
            totals[k].append(row[k])
    overall = {k: _sum(v) for k, v in totals.items()}
    overall["linking_accuracy"] = linking["correct"] / linking["matched"] if linking["matched"] else 1.0
    overall["topic_accuracy"] = topics_right / len(per) if per else 1.0
    overall["discovered"] = discovery(tables["mentions"], gold, articles)
    return {"articles": per, "overall": overall}


def discovery(mentions: pd.DataFrame, gold: dict, articles: pd.DataFrame) -> dict:
    """Names found outside the registry, and how many of them the gold file confirms."""
    found = mentions[mentions["method"] == "discovered"]
    right = 0
    for r in found.itertuples():
        g = gold["articles"].get(r.article_id)
        if g and (int(r.start), int(r.end), r.label) in gold_spans(articles.at[r.article_id, "text"], g.get("mentions", [])):
            right += 1
    return {"mentions": len(found), "right": right, "entities": int(found["entity_id"].nunique())}


def _fmt(s: dict) -> str:
    return f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}  ({s['tp']}/{s['fp']}/{s['fn']})"


def report(scores: dict) -> str:
    """Human-readable table."""
    lines = []
    for aid, row in scores["articles"].items():
        lines.append(f"{aid}")
        for k in ("mentions", "persons", "entities", "dates", "meetings"):
            lines.append(f"  {k:<9} {_fmt(row[k])}")
        lines.append(f"  topics    {'right' if row['topics_correct'] else 'WRONG'}")
    o = scores["overall"]
    lines.append("overall")
    for k in ("mentions", "persons", "entities", "dates", "meetings"):
        lines.append(f"  {k:<9} {_fmt(o[k])}")
    lines.append(f"  linking accuracy {o['linking_accuracy']:.3f}; topic accuracy {o['topic_accuracy']:.3f}; "
                 f"meetings status right {o['meetings']['status_correct']}/{o['meetings']['tp']}, "
                 f"location right {o['meetings']['location_correct']}/{o['meetings']['tp']}")
    d = o["discovered"]
    lines.append(f"  names outside the registry: {d['mentions']} mentions found ({d['entities']} entities), "
                 f"{d['right']} confirmed by the gold file")
    return "\n".join(lines)


def evaluate_cli(gold_path: Path, out: Path, as_json: bool = False) -> int:
    """Print the scores of the tables in `out` against `gold_path`."""
    gold = load_gold(gold_path)
    tables = {n: store.read_table(out, n) for n in ("articles", "mentions", "dates", "meetings")}
    scores = evaluate(tables, gold)
    print(json.dumps(scores, indent=1, ensure_ascii=False) if as_json else report(scores))
    return 0
