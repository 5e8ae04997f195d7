"""The Source page: the articles one may open, and one article as the pipeline read it (its heading,
badges, highlighted sentence, meetings, dates and raw file)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from newsgraph import settings
from newsgraph.views.filters import Filters, with_filters
from newsgraph.views.reader import Reader
from newsgraph.views.sourceview import flag_words, for_display, md_escape, meetings_table, raw_file

MAX_OPTIONS = 1000         # articles offered in the select box (a linked article is always offered)
MEETING_COLUMNS = ["date", "precision", "what", "location", "topics", "evidence", "open"]
DATE_COLUMNS = ["sent_idx", "surface", "value", "precision", "basis", "year_source", "event"]


def titles(reader: Reader) -> dict[str, str]:
    """article_id → title (or the id) of every article of the build."""
    a = reader.table("articles", ["article_id", "title"])
    return {i: t or i for i, t in zip(a["article_id"], a["title"])}


def options(kept: pd.Series, wanted: str | None, known: dict[str, str], limit: int = MAX_OPTIONS) -> list[str]:
    """The articles offered: the first `limit` the filters keep, and the linked one (when it exists)."""
    return list(dict.fromkeys(list(kept.iloc[:limit]) + ([wanted] if wanted in known else [])))


def listing_help(n_kept: int, limit: int = MAX_OPTIONS) -> str | None:
    """The select box's help when it lists only some of the kept articles."""
    if n_kept <= limit:
        return None
    return (f"Listing the first {limit} of {n_kept} articles kept by the filters; narrow the filters, or open an "
            "article from another page.")


MAX_SENTENCE_DIGITS = 6


def sentence_number(value: str | None) -> int | None:
    """The sentence a link asks for (?sent=3), or None (also for '²', '٣' or a thousand digits)."""
    ok = isinstance(value, str) and 0 < len(value) <= MAX_SENTENCE_DIGITS and value.isascii() and value.isdigit()
    return int(value) if ok else None


def sentence_note(value: str | None, n_sentences: int) -> str | None:
    """Why a link's ?sent= is not shown, or None when it is (or none was asked for)."""
    if not value:
        return None
    number = sentence_number(value)
    if number is None:
        return f"Link parameter sent={value[:20]}{'…' if len(value) > 20 else ''} ignored: not a sentence number."
    if number >= n_sentences:
        return f"Link parameter sent={number} ignored: the article has {n_sentences} sentences (0 – {n_sentences - 1})."
    return None


def heading(art: pd.Series, article_id: str) -> tuple[str, str]:
    """The article's title and its line of source, publication date and byline (markdown-escaped)."""
    published = (art["published"] or "date unknown") + (" (inferred)" if art["published_basis"] == "inferred" else "")
    line = " · ".join(md_escape(x) for x in (art["source"] or "source unknown", published, art["byline"]) if x)
    if link := url_link(art.get("url")):
        line += f" · {link}"
    return md_escape(art["title"] or article_id), line


def url_link(url: str | None) -> str:
    """The article's web address (given at upload or in metadata.csv) as a markdown link showing its
    host, or '' without one; only http(s) addresses get here (ingest refuses the rest)."""
    if not isinstance(url, str) or not re.match(r"https?://", url):
        return ""
    host = re.match(r"https?://([^/?#]+)", url).group(1)
    return f"[{md_escape(host)} ↗]({url.replace('(', '%28').replace(')', '%29').replace(' ', '%20')})"


def badges(art: pd.Series) -> str:
    """Topic and flag badges (markdown), or '' when there are none."""
    chips = [f":blue-badge[{md_escape(t)}]" for t in art["topics"]]
    chips += [f":orange-badge[{w}]" for w in flag_words(art["flags"])]
    return " ".join(chips)


def sentence_text(sentences: pd.DataFrame, sent: int | None) -> str | None:
    """The text of the sentence a link highlights, when the article has it."""
    if sent is None or sent not in set(sentences["sent_idx"]):
        return None
    return sentences.loc[sentences["sent_idx"] == sent, "text"].iat[0]


def meetings_shown(one: dict[str, pd.DataFrame], names: dict[str, str], f: Filters | None = None) -> pd.DataFrame:
    """The article's meetings as a table (a link highlights each one's sentence, keeping the filters `f`)."""
    shown = for_display(meetings_table(one["meetings"], one["articles"], names)[MEETING_COLUMNS], {"date": "undated"})
    if f is not None and not f.is_empty():
        shown["open"] = [with_filters(u, f) for u in shown["open"]]
    return shown


def dates_shown(dates: pd.DataFrame) -> pd.DataFrame:
    """The article's dates as a table."""
    return for_display(dates[DATE_COLUMNS], {"value": "unresolved"})


def raw_path(art: pd.Series) -> Path | None:
    """The article's raw file, when it is still in the raw folder."""
    return raw_file(settings.RAW_DIR, art["path"])


def raw_missing(art: pd.Series, article_id: str) -> str:
    """What the page says when the raw file is gone."""
    return (f"The raw file {md_escape(art['path'] or article_id)} is no longer in {md_escape(str(settings.RAW_DIR))}; "
            "only the cleaned text above remains.")


def people_named(mentions: pd.DataFrame) -> list[str]:
    """The persons an article names (entity ids), in the order it first names them."""
    per = mentions[(mentions["label"] == "PER") & mentions["entity_id"].notna()].sort_values("start")
    return list(dict.fromkeys(per["entity_id"]))
