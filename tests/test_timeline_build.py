"""The timeline view's build side: its Arrow shortcuts give what their plain references give."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd

from newsgraph.views.timeline import _event_index, _who_labels, event_index, who_labels

PEOPLE = ["Q1", "Q2", "Q3", "Q4", "Q5", "es-Serrac", "Hulusi Akar", "unknown person"]
SHORT = {"Q1": "Akar", "Q2": "Şoygu", "Q3": "Lavrov", "Q4": "", "Q5": "Fidan"}   # Q4: a blank name → surname(id)


def _as_read(sides: list) -> np.ndarray:
    """Sides as a table read from parquet holds them: a 1-d object array of string arrays."""
    out = np.empty(len(sides), dtype=object)
    for i, side in enumerate(sides):
        out[i] = np.array(side, dtype=object)
    return out


def _random_sides(rng: random.Random, n: int) -> list:
    rows = []
    for _ in range(n):
        pick = rng.random()
        if pick < 0.1:
            rows.append(None)
        elif pick < 0.15:
            rows.append([])
        else:
            sides = [[rng.choice(PEOPLE) for _ in range(rng.choice([0, 1, 1, 2, 3, 4, 6]))]
                     for _ in range(rng.choice([1, 2, 2, 3]))]
            rows.append(sides if rng.random() < 0.5 else _as_read(sides))
    return rows


def test_who_labels_give_what_the_plain_version_gives():
    rng = random.Random(7)
    for n in (1, 5, 200):
        sides = _random_sides(rng, n)
        assert who_labels(sides, SHORT) == _who_labels(sides, SHORT)


def test_who_labels_of_rows_without_people():
    for sides in ([], [None], [None, []], [[[]], [[], []]]):
        assert who_labels(sides, SHORT) == _who_labels(sides, SHORT)


def test_more_than_three_names_a_side_are_counted():
    assert who_labels([[["Q1", "Q2", "Q3", "Q5", "Q1"], ["Q3"]]], SHORT) == ["Akar, Şoygu, Lavrov +2 — Lavrov"]


def _same_index(a: dict, b: dict) -> None:
    assert list(a) == list(b)
    for col in a:
        assert len(a[col]) == len(b[col]), col
        got = [list(v) if isinstance(v, (list, np.ndarray)) else v for v in a[col]]
        want = [list(v) if isinstance(v, (list, np.ndarray)) else v for v in b[col]]
        assert got == want, col


def test_event_index_of_the_seed_build_is_the_plain_one(tables):
    _same_index(event_index(tables["dates"]), _event_index(tables["dates"]))


def _random_dates(rng: random.Random, n: int) -> pd.DataFrame:
    """Dated rows naming a few events, on a few days, at every precision, with ties in every sort key."""
    events = ["Berlin Konferansı", "berlin konferansı", "Astana Zirvesi", "ateşkes", None]
    values = {"year": ["2020"], "month": ["2020-01", "2020-02"], "day": ["2020-01-19", "2020-01-20"],
              "minute": ["2020-01-19T10:00", "2020-01-19T11:30"]}
    rows = []
    for _ in range(n):
        precision = rng.choice(list(values) + [None])
        rows.append({"article_id": rng.choice(["a3", "a1", "b2", "a10"]), "sent_idx": rng.randint(0, 3),
                     "start": rng.randint(0, 2) * 10, "value": rng.choice(values[precision]) if precision else None,
                     "precision": precision, "event": rng.choice(events),
                     "topics": rng.choice([None, [], ["Libya"], ["İdlib", "Libya"], np.array(["Libya"], dtype=object)])})
    return pd.DataFrame(rows)


def test_event_index_gives_what_the_plain_version_gives():
    rng = random.Random(3)
    for n in (1, 4, 40, 400):
        dates = _random_dates(rng, n)
        _same_index(event_index(dates), _event_index(dates))


def test_event_index_of_no_events():
    empty = _random_dates(random.Random(1), 5).assign(event=None)
    _same_index(event_index(empty), _event_index(empty))
    _same_index(event_index(empty.iloc[:0]), _event_index(empty.iloc[:0]))
