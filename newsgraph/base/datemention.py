"""What the temporal tagger returns (newsgraph.analysis.dates) and the calendar checks it shares with
the resolver (newsgraph.analysis.dateresolve): one DateMention per expression, ranges of days included."""
from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass

# The end of a range as `partial` writes it: "--03-03/--03-04", "2024-02-29/2024-03-01".
_RANGE_END = re.compile(r"/(?:(\d{4})|-)-(\d\d)-(\d\d)\Z")


@dataclass(frozen=True)
class DateMention:
    """One temporal expression; offsets index the text given to find_dates."""

    start: int
    end: int
    surface: str
    kind: str                          # date | time | weekday | relative (anaphor: inside the tagger only)
    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    weekday: int | None = None         # 0=Monday .. 6=Sunday
    offset_days: int | None = None     # exact shift in days (day and week units), else None
    offset_unit: str | None = None     # day | week | weekend | month | year
    # Shift counted in offset_unit ("geçen ay" → -1, "iki gün önce" → -2); for a weekday the
    # direction only: "geçen cuma" -1, "önümüzdeki salı" +1, a bare weekday None.
    offset: int | None = None
    # A range of days ("3-4 Mart", "29 Şubat-1 Mart 2024"): its last day; year, month, day
    # above are its first. end_year stays None when the text gives no year.
    end_year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    # Anaphors only ("ertesi gün", "zirvenin ikinci günü"), before the tagger pins them to the
    # date they count from: the event noun that date must stand next to, and how far back (in
    # characters) that date may end.
    noun: str | None = None
    reach: int | None = None

    @property
    def partial(self) -> str:
        """What the text itself fixes, ISO style: "2020-03-05", "--01-19", "-W-7", "T00:00",
        "--03-03/--03-04" for a range."""
        stamp = _stamp(self.year, self.month, self.day)
        if not stamp and self.weekday is not None:      # ISO 8601 truncated week date: "-W-7" is a Sunday
            stamp = f"-W-{self.weekday + 1}"
        if self.end_day is not None:
            return f"{stamp}/{_stamp(self.end_year, self.end_month, self.end_day)}"
        return stamp + (f"T{self.hour:02d}:{self.minute or 0:02d}" if self.hour is not None else "")


def _stamp(y: int | None, mo: int | None, d: int | None) -> str:
    """"2020-03-05", "2020-03", "--01-19", "--03", "---05" (a day of an unnamed month), or ""."""
    if y is not None:
        return f"{y:04d}" + (f"-{mo:02d}" if mo else "") + (f"-{d:02d}" if mo and d else "")
    if mo or d:
        return "-" + (f"-{mo:02d}" if mo else "-") + (f"-{d:02d}" if d else "")
    return ""


def range_end(partial: str | None) -> dict:
    """The end_year/end_month/end_day a range's `partial` spells ({} for a single date), so a
    dates-table row rebuilds its DateMention."""
    m = _RANGE_END.search(partial) if isinstance(partial, str) and "/" in partial else None
    if m is None:
        return {}
    return {"end_year": int(m[1]) if m[1] else None, "end_month": int(m[2]), "end_day": int(m[3])}


def valid_day(year: int | None, month: int | None, day: int | None) -> bool:
    """True when the day exists in the month (29 Şubat passes when the year is unknown)."""
    month, day = month or 1, day or 1
    return 1 <= month <= 12 and 1 <= day <= monthrange(2000 if year is None else year, month)[1]
