"""Event ids from the last build's clustering (events.cluster_events with `kept`) equal clustering
every report again (the reference: without `kept`), whatever was added, removed or changed; and
the contacts whose new reports all come after the old ones are only extended."""
from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from newsgraph.corpus import events

COUNTRY_OF = {"trablus": "libya", "bingazi": "libya", "moskova": "russia"}
PLACES = [None, None, "trablus", "bingazi", "libya", "moskova", "russia"]


def _date(rng: random.Random) -> tuple[str | None, str | None]:
    """A date of any precision (a few months and days, so that many agree)."""
    day = f"2020-0{rng.randint(1, 3)}-{rng.randint(10, 13):02d}"
    return rng.choice([(None, None), (day[:4], "year"), (day[:7], "month"), (day[:7], "month"), (day, "day"),
                       (day, "day"), (day + "T10:00", "time"), (f"{day}/{day[:8]}{int(day[8:]) + 1}", "day_range")])


def _reports(rng: random.Random, n: int, start: int = 0) -> list[dict]:
    out = []
    for i in range(start, start + n):
        date, precision = _date(rng)
        out.append({"article_id": f"a{i:05d}", "meeting_id": f"a{i:05d}:m0", "contact": rng.choice(["x|y", "x|z", "y|z"]),
                    "type": rng.choice(["meeting", "meeting", "phone_call"]), "location": rng.choice(PLACES),
                    "published": date, "precision": precision})
    return out


def _cluster(reports: list[dict], kept: events.Clustering | None = None) -> tuple[pd.DataFrame, events.Clustering]:
    """The reports (one article each, dated by its publication date) in the order given."""
    frame = pd.DataFrame(reports)
    meetings = pd.DataFrame({c: pd.Series(frame[c].tolist(), dtype=object) for c in
                             ("meeting_id", "article_id", "contact", "type", "location")})
    meetings["sent_idx"], meetings["date_ref"], meetings["status"] = 0, None, "held"
    for col in ("date", "date_precision", "date_basis"):
        meetings[col] = pd.Series([None] * len(frame), dtype=object)
    articles = pd.DataFrame({"article_id": pd.Series(frame["article_id"].tolist(), dtype=object),
                             "published": pd.Series(frame["published"].tolist(), dtype=object),
                             "published_precision": pd.Series(frame["precision"].tolist(), dtype=object)})
    dates = pd.DataFrame(columns=["article_id", "sent_idx", "start", "value", "precision"])
    return events.cluster_events(meetings, dates, articles, COUNTRY_OF, kept)


def _ids(meetings: pd.DataFrame) -> dict:
    return dict(zip(meetings["meeting_id"], zip(meetings["event_id"], meetings["date"], meetings["date_basis"])))


def _step(rng: random.Random, reports: list[dict], start: int, later: bool) -> list[dict]:
    """Some new reports (sorted in among the old ones, or after all of them), and perhaps one
    old report removed or re-dated."""
    new = _reports(rng, rng.randint(1, 6), start)
    if not later:
        for r in new:                                   # sort in among the old ones (table order = article id)
            r["article_id"] = f"a{rng.randint(0, start):05d}b{r['article_id']}"
            r["meeting_id"] = r["article_id"] + ":m0"
    now = [dict(r) for r in reports]
    change = rng.random()
    if change < 0.2 and now:
        now.pop(rng.randrange(len(now)))
    elif change < 0.4 and now:
        now[rng.randrange(len(now))].update(zip(("published", "precision"), _date(rng)))
    return sorted(now + new, key=lambda r: r["article_id"])


@pytest.mark.parametrize("seed", range(12))
def test_kept_clustering_equals_clustering_again(seed):
    rng = random.Random(seed)
    reports = sorted(_reports(rng, 60), key=lambda r: r["article_id"])
    last, kept = _cluster(reports)
    assert kept.changed is None                         # nothing kept: not known
    extended = 0
    for step in range(8):
        reports = _step(rng, reports, 1000 * (step + 1), later=step % 2 == 0)
        inc, kept_next = _cluster(reports, kept)
        full, state = _cluster(reports)
        extended += int(events._plan(state.reports, kept, events._matched(state.reports, kept))[2].sum())      # (the dates reports were clustered with)
        assert _ids(inc) == _ids(full)
        pd.testing.assert_frame_equal(kept_next.reports, state.reports)
        before = _ids(last)
        assert kept_next.changed == {a for a, m in zip(inc["article_id"], inc["meeting_id"])
                                     if before.get(m) != _ids(inc)[m]}
        last, kept = inc, kept_next
    assert extended > 0                                 # the extension was exercised, not only clustering again


def test_a_new_report_placed_before_old_ones_clusters_the_contact_again():
    """A day reported after a month of the same contact sorts before it: the month's cluster is
    not kept (clustering again puts the month with the day)."""
    old = [{"article_id": "a1", "meeting_id": "a1:m0", "contact": "x|y", "type": "meeting", "location": None,
            "published": "2020-01", "precision": "month"}]
    _, kept = _cluster(old)
    new = old + [{"article_id": "a2", "meeting_id": "a2:m0", "contact": "x|y", "type": "meeting", "location": None,
                  "published": "2020-01-10", "precision": "day"}]
    _, keep, extend, old_rows, _ = events._plan(_cluster(new)[1].reports, kept, events._matched(_cluster(new)[1].reports, kept))
    assert not keep.any() and not extend.any() and old_rows.tolist() == [True, False]
    inc, _ = _cluster(new, kept)
    assert inc["event_id"].nunique() == 1 and _ids(inc) == _ids(_cluster(new)[0])
    assert np.array_equal(inc["date"].to_numpy(dtype=object), np.array(["2020-01-10"] * 2, dtype=object))
