"""The timeline view's build side: its Arrow shortcuts give what their plain references give."""
from __future__ import annotations

import random

import numpy as np

from newsgraph.views.timeline import _who_labels, who_labels

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
