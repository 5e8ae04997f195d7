"""Construction cases (tests/constructions/*.yaml): short passages in Turkish news style, each with
exactly the contacts it must yield (docs/gold.md), run through the real pipeline in one build.

Sides are compared as the meetings table gives them. A case the extractor does not handle yet
carries `xfail: "why"` (strict: it fails the run once it passes, so the mark comes off)."""
from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
import yaml

from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.registry import load_registry
from newsgraph.base.textnorm import slugify

HERE = Path(__file__).resolve().parent / "constructions"
CASES = [dict(case, file=path.name) for path in sorted(HERE.glob("*.yaml"))
         for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]]
TITLE = "Dış politika\n\n"          # a neutral title line, so the passage is all body
TAGS = {"phone_call", "phone_no_telefon", "receive", "meeting", "visit", "delegation", "multilateral",
        "press_conference", "statement", "video", "planned", "cancelled", "denied", "mediator",
        "spokesperson", "mevkidas", "title_only", "several", "two_sentences", "passive"}   # docs/gold.md


def _canonical_ids() -> dict[str, str]:
    """Slug of every registry id and alias → the entity's id."""
    table: dict[str, str] = {}
    for entity in load_registry().entities.values():
        for form in (entity.entity_id, *entity.aliases):
            table.setdefault(slugify(form), entity.entity_id)
    return table


CANON = _canonical_ids()


def canon(entity_id: str | None) -> str | None:
    return None if entity_id is None else CANON.get(entity_id, entity_id)


def expected_contacts(case: dict) -> list[dict]:
    out = []
    for c in case["contacts"] or []:
        sides = frozenset(frozenset(canon(p) for p in side) for side in c["sides"])
        e = {"participants": frozenset().union(*sides), "sides": sides, "type": c["type"], "status": c["status"]}
        if "location" in c:
            e["location"] = canon(c["location"])
        if "date" in c:
            e["date"] = None if c["date"] is None else str(c["date"])
        out.append(e)
    return out


def found_contact(row: dict) -> dict:
    parts = frozenset(row["participants"])
    sides = frozenset(frozenset(side) for side in row["sides"])
    keep = ("type", "status", "location", "date", "trigger", "evidence")
    return {"participants": parts, "sides": sides, **{k: row.get(k) for k in keep}}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every case as one article, built once with the rules backend."""
    raw = tmp_path_factory.mktemp("constructions") / "raw"
    raw.mkdir()
    with open(raw / "metadata.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["article_id", "url", "source", "published"])
        for case in CASES:
            (raw / f"{case['id']}.txt").write_text(TITLE + case["text"], encoding="utf-8")
            writer.writerow([case["id"], "", "constructions", str(case["published"])])
    out = raw.parent / "processed"
    build(raw, out, backend="rules", workers=1)
    meetings = store.read_table(out, "meetings").to_dict("records")
    mentions = store.read_table(out, "mentions")
    persons = mentions[(mentions["label"] == "PER") & mentions["entity_id"].notna()]
    return {"meetings": meetings, "persons": persons.groupby("article_id")["entity_id"].agg(set).to_dict()}


def _show(contacts: list[dict]) -> str:
    def one(c: dict) -> str:
        sides = " | ".join(", ".join(sorted(s)) for s in sorted(c["sides"], key=sorted))
        extra = "".join(f"\n      {k}: {c[k]}" for k in ("trigger", "evidence") if c.get(k))
        return (f"  - [{sides}] {c['type']} {c['status']} location={c.get('location', '(any)')} "
                f"date={c.get('date', '(any)')}{extra}")
    return "\n".join(one(c) for c in contacts) or "  (none)"


def _pair(expected: list[dict], found: list[dict]) -> list[tuple[dict, dict]]:
    """Match contacts of equal participant sets, best agreement first (type, status, place, date)."""
    pairs, free = [], list(found)
    for e in expected:
        same = [f for f in free if f["participants"] == e["participants"]]
        best = max(same, key=lambda f: sum(e.get(k, f.get(k)) == f.get(k) for k in ("type", "status", "location", "date")))
        free.remove(best)
        pairs.append((e, best))
    return pairs


def _field_errors(e: dict, f: dict) -> list[str]:
    who = ", ".join(sorted(e["participants"]))
    return [f"{who}: {k} expected {e[k]!r}, found {f.get(k)!r}"
            for k in ("sides", "type", "status", "location", "date") if k in e and e[k] != f.get(k)]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["id"], marks=[pytest.mark.xfail(reason=c["xfail"], strict=True)]
                                               if c.get("xfail") else []) for c in CASES])
def test_construction(case, built):
    expected = expected_contacts(case)
    found = [found_contact(m) for m in built["meetings"] if m["article_id"] == case["id"]]
    errors = []
    want, got = Counter(e["participants"] for e in expected), Counter(f["participants"] for f in found)
    if want != got:
        errors.append("participant sets differ")
    else:
        for e, f in _pair(expected, found):
            errors += _field_errors(e, f)
    if "persons" in case:
        want_p, got_p = {canon(p) for p in case["persons"] or []}, built["persons"].get(case["id"], set())
        if want_p != got_p:
            errors.append(f"persons: missing {sorted(want_p - got_p)}, extra {sorted(got_p - want_p)}")
    assert not errors, (f"{case['file']} {case['id']} {case.get('tags')}\n{case['text']}\n"
                        + "\n".join(errors) + f"\nexpected:\n{_show(expected)}\nfound:\n{_show(found)}")


def test_cases_are_well_formed():
    ids = Counter(c["id"] for c in CASES)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    assert all(c.get("tags") and c.get("published") and "contacts" in c and c.get("text") for c in CASES)
    assert not [c["id"] for c in CASES if set(c["tags"]) - TAGS], "tags not in docs/gold.md"
    assert len(CASES) >= 200, len(CASES)
