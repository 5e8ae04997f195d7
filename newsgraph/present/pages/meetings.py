"""The Meetings page: every reported contact a filter state keeps, as a table, and for a selected
row its evidence sentences and the other reports of the same contact."""
from __future__ import annotations

import pandas as pd
import pyarrow as pa

from newsgraph.present.export import table_csv
from newsgraph.views.filters import Filters, link_params, with_filters
from newsgraph.views.reader import Reader
from newsgraph.views.sourceview import (date_candidates, for_display, meeting_detail, meetings_order, meetings_table,
                                        participant_texts)
from newsgraph.views.timeline import meeting_labels

SHOWN = ["date", "precision", "what", "location", "topics", "evidence", "open", "participants", "type", "status",
         "article", "corrected"]
CSV_COLUMNS = [c for c in SHOWN if c != "open"] + ["article_id", "sent_idx", "meeting_id", "event_id"]
MAX_ROWS = 5000          # rows sent to the table (the earliest first); the CSV holds every one
OTHERS_SHOWN = 50        # other reports of a contact listed under it
# the columns left out of the held table that meetings_table reads for a listing (not trigger, contact: two
# reads less; not sent_idxs, topic_terms: only a selected row's are read, by `with_detail`); `table` puts back
# only TABLE_READ (the participants column comes from the sides and participants as Arrow)
READ = ["evidence", "participants", "sides", "topics"]
TABLE_READ = ["evidence", "topics"]
DETAIL_READ = ["sent_idxs", "topic_terms"]


def labels_of(reader: Reader, meetings: pd.DataFrame, names: dict[str, str]) -> pa.Array:
    """The label ('Akar — Şoygu (phone call)') of some meetings (rows of the held table)."""
    rows = pa.array(meetings.index.to_numpy(), pa.int64())
    return meeting_labels(reader.column("meetings", "sides").take(rows), meetings["type"], meetings["status"], names)


def table(reader: Reader, meetings: pd.DataFrame, titles: pd.DataFrame, names: dict[str, str],
          limit: int = MAX_ROWS) -> pd.DataFrame:
    """The display table of some meetings (rows of the held table), its first `limit` rows in date order,
    labelled: only the rows that can be among them (`date_candidates`) are; `titles`: article_id and title
    of the articles. Without the columns only a selected row shows (`with_detail` adds them): two list
    columns less read, made and sent."""
    near = date_candidates(meetings, limit)
    near_labels = labels_of(reader, near, names)
    ordered = meetings_order(near, near_labels, limit)
    rows = pa.array(ordered.index.to_numpy(), pa.int64())
    sides = reader.column("meetings", "sides").take(rows)
    people = (reader.column("meetings", "participants").take(rows) if sides.null_count   # read only when needed
              else pa.nulls(len(rows), pa.list_(pa.string())))
    who = participant_texts(sides, people, names)
    return meetings_table(reader.with_columns(ordered, "meetings", TABLE_READ), titles, names,
                          near_labels.take(near.index.get_indexer(ordered.index)).to_pylist(), detail=False,
                          who=who.to_pylist(), ordered=True)


def with_detail(reader: Reader, row: pd.Series) -> pd.Series:
    """A row of the table with what only a selected row shows (sourceview.DETAIL_COLUMNS), from its
    meeting's lists read by meeting_id."""
    lists = _lists(reader, row)
    found = {c: [lists[c].iloc[0] if len(lists) else None] for c in DETAIL_READ}
    extra = meeting_detail(found["sent_idxs"], found["topic_terms"], [int(row["sent_idx"])])
    return pd.concat([row, pd.Series({c: v[0] for c, v in extra.items()}, dtype=object)])


def display(full: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """The table as shown: blanks for missing values, and links that keep the filters (a new tab opens)."""
    shown = for_display(full, {"date": "undated"})
    if not f.is_empty():
        shown["open"] = [with_filters(u, f) for u in shown["open"]]
    return shown


def source_query(article_id: str, sent_idx, f: Filters | None = None) -> dict:
    """The source view's query for a meeting (or another report of it): its article at its sentence,
    keeping the filters `f`."""
    return link_params(f or Filters(), {"article": article_id, "sent": str(sent_idx)})


def shown_note(total: int, limit: int = MAX_ROWS) -> str:
    """How many contacts there are, and which are listed."""
    if total <= limit:
        return f"{total} reported contact(s)"
    return (f"{total} reported contacts; the earliest {limit} are listed (narrow the filters to see others; "
            "the CSV holds every one)")


def csv(reader: Reader, meetings: pd.DataFrame, titles: pd.DataFrame, names: dict[str, str]) -> bytes:
    """Every meeting of a filter state as CSV."""
    return table_csv(meetings_table(reader.with_columns(meetings, "meetings", READ), titles, names,
                                    detail=False)[CSV_COLUMNS])


def detail_line(row: pd.Series) -> str:
    """'2020 (year) · phone call · held · Moskova' for a row of the table."""
    line = f"{row['date'] or 'undated'} ({row['precision'] or 'no date'}) · {row['type']} · {row['status']}"
    line += f" · {row['location']}" if row["location"] else ""
    return line + (f" · corrected ({row['corrected']})" if row.get("corrected") else "")


def evidence(reader: Reader, row: pd.Series) -> pd.DataFrame:
    """The sentences a row of the table stands on and those that gave it a topic (sent_idx, text, why:
    "" for the report's own, "gives its topic" for a readout), read from disk."""
    sentences = reader.rows("sentences", "article_id", [row["article_id"]], ["article_id", "sent_idx", "text"])
    shown = sentences[sentences["sent_idx"].isin(set(row["sent_idxs"]) | set(row["topic_sents"]))]
    return shown.assign(why=["" if i in row["sent_idxs"] else " — gives its topic" for i in shown["sent_idx"]])


def other_reports(reader: Reader, row: pd.Series, names: dict[str, str],
                  limit: int = OTHERS_SHOWN) -> tuple[int, pd.DataFrame]:
    """How many other articles report the same contact (any filter aside), and the first `limit` of
    them as table rows."""
    everything = reader.table("meetings")
    others = everything[(everything["event_id"] == row["event_id"]) & (everything["meeting_id"] != row["meeting_id"])]
    shown = meetings_table(reader.with_columns(others.head(limit), "meetings", READ),
                           reader.table("articles", ["article_id", "title"]), names, detail=False)
    return len(others), shown


def others_note(n: int, limit: int = OTHERS_SHOWN) -> str:
    """The heading of the other reports."""
    return f"**Other reports of this contact** ({n})" + (f", the first {limit} shown" if n > limit else "")


def _lists(reader: Reader, row: pd.Series) -> pd.DataFrame:
    """The sides and DETAIL_READ lists of a table row's meeting (read by meeting_id: one read for them all)."""
    return reader.rows("meetings", "meeting_id", [row["meeting_id"]], ["meeting_id", "sides", *DETAIL_READ])


def _sides(reader: Reader, row: pd.Series) -> list:
    """The sides of a table row's meeting (read by meeting_id), as lists of entity ids."""
    found = _lists(reader, row)
    sides = found["sides"].iloc[0] if len(found) else None
    return [list(side) for side in (sides if sides is not None else [])]


def participant_ids(reader: Reader, row: pd.Series) -> list[str]:
    """The entity ids of a table row's participants, side by side."""
    return [p for side in _sides(reader, row) for p in side]


def sides_text(reader: Reader, row: pd.Series) -> str:
    """A row's sides as the correction form writes them: 'hulusi-akar;sergey-soygu' (',' within a side)."""
    return ";".join(",".join(side) for side in _sides(reader, row))
