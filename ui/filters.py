"""The shared sidebar filters: the same on every page, kept across pages, mirrored in the URL.

The canonical value lives in session_state under STATE (a Filters object); widgets are
seeded from it and write back through on_change, so switching pages never loses a
choice. The URL's query string is rewritten from it on every run, and read once when a
session starts, so a copied URL opens the same view.
"""
from __future__ import annotations

import datetime as dt

import streamlit as st

from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views.filters import DATE_KEYS, LIST_KEYS, Filters, from_query, to_query
from newsgraph.views.selection import MAX_ACTOR_OPTIONS, actor_options
from ui import data

STATE = "filters.value"
KEYS = {"topics": "filters.topics", "actors": "filters.actors", "sources": "filters.sources",
        "meeting_types": "filters.types", "date_from": "filters.from", "date_to": "filters.to"}


def _query_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def current() -> Filters:
    """The session's filters (from the URL on the first run of a session)."""
    if STATE not in st.session_state:
        st.session_state[STATE] = from_query(_query_params())
    return st.session_state[STATE]


def _to_widget(attr: str, value):
    if attr.startswith("date"):
        return dt.date.fromisoformat(value) if value else None
    return list(value)


def _from_widgets() -> None:
    """on_change: widgets → canonical filters."""
    values = {}
    for attr, key in KEYS.items():
        raw = st.session_state.get(key)
        values[attr] = (raw.isoformat() if raw else None) if attr.startswith("date") else tuple(raw or ())
    st.session_state[STATE] = Filters(**values)


def clear() -> None:
    """on_click of 'Clear filters'."""
    st.session_state[STATE] = Filters()
    for attr, key in KEYS.items():
        st.session_state[key] = _to_widget(attr, getattr(Filters(), attr))


def _seed_widgets(f: Filters) -> None:
    for attr, key in KEYS.items():
        if key not in st.session_state:
            st.session_state[key] = _to_widget(attr, getattr(f, attr))


def sidebar() -> Filters:
    """Render the filter widgets in the sidebar; return the current filters."""
    f = current()
    _seed_widgets(f)
    opts = data.filter_options()
    names = opts["actors"]
    with st.sidebar:
        st.subheader("Filters")
        st.multiselect("Topic", opts["topics"], key=KEYS["topics"], on_change=_from_widgets, placeholder="All topics")
        st.multiselect("Actors", actor_options(names, st.session_state.get(KEYS["actors"])), key=KEYS["actors"],
                       on_change=_from_widgets, format_func=lambda e: names.get(e, e),
                       placeholder="All actors" if len(names) <= MAX_ACTOR_OPTIONS
                       else f"All actors (the {MAX_ACTOR_OPTIONS} most named are listed)")
        lo = dt.date.fromisoformat(opts["first"]) if opts["first"] else None
        hi = dt.date.fromisoformat(opts["last"]) if opts["last"] else None
        c1, c2 = st.columns(2)
        c1.date_input("From", key=KEYS["date_from"], on_change=_from_widgets, min_value=lo, max_value=hi, format="YYYY-MM-DD")
        c2.date_input("To", key=KEYS["date_to"], on_change=_from_widgets, min_value=lo, max_value=hi, format="YYYY-MM-DD")
        st.multiselect("Source", opts["sources"], key=KEYS["sources"], on_change=_from_widgets, placeholder="All sources")
        st.multiselect("Meeting type", list(MEETING_TYPES), key=KEYS["meeting_types"], on_change=_from_widgets,
                       format_func=lambda t: t.replace("_", " "), placeholder="All types")
        st.button("Clear filters", on_click=clear, key="filters.clear", icon=":material/filter_alt_off:",
                  disabled=current().is_empty())
    f = current()
    _sync_url(f)
    return f


def _sync_url(f: Filters) -> None:
    """Rewrite the filter keys of the query string; other keys (article=, sent=) stay."""
    wanted = to_query(f)
    for key in set(LIST_KEYS.values()) | set(DATE_KEYS.values()):
        if key not in wanted and key in st.query_params:
            del st.query_params[key]
    for key, value in wanted.items():
        current_value = st.query_params.get_all(key)
        if current_value != (value if isinstance(value, list) else [value]):
            st.query_params[key] = value


def filtered(names: tuple[str, ...] = ("articles", "meetings")) -> tuple[Filters, dict]:
    """The sidebar, then the named tables cut by its filters (plus a count caption)."""
    f = sidebar()
    out = data.cut(f, tuple(names))
    total = len(data.reader().table("articles"))
    meetings = f" · {len(out['meetings'])} meetings" if "meetings" in out else ""
    with st.sidebar:
        st.caption(f"Showing **{len(out['articles'])}** of {total} articles{meetings}.")
    return f, out


def meeting_count(f: Filters) -> int:
    """The meetings a filter state keeps: with no filter the table's row count from its file (the
    table is not read: a page that shows only the count opens without it), else the cut's rows."""
    if f.is_empty():
        return data.reader().row_count("meetings")
    return len(data.cut(f, ("articles", "meetings"))["meetings"])
