"""The shared sidebar filters: the same on every page, kept across pages, mirrored in the URL.

The canonical value lives in session_state under STATE (a Filters object under a key of its own,
never a widget's, so Streamlit never cleans it up). The widgets are a view of it: every run writes
each widget's key from it before drawing the widget, and a widget writes back through on_change
(option 2 of Streamlit's "Working with widgets in multipage apps"). Writing only a missing key is
not enough: a widget's id includes the page it is drawn on, so the Topic box of Network is another
widget than the Overview's; on the first run after a page switch the key is still there (the old
page's widget is cleaned up at the end of that run), so it was not written, and the new page's
widget started at its default: the box showed "All topics" with a topic in force, and a topic
picked in it replaced the hidden one. The URL's query string is rewritten from STATE on every run,
and read once when a session starts, so a copied URL opens the same view. Each page shows the
filters in force in one line at its top (`banner`); the page models' links keep them.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from newsgraph.present.links import profile_links
from newsgraph.storage.schema import MEETING_TYPES
from newsgraph.views.filters import (DATE_KEYS, LIST_KEYS, Filters, banner_text, date_bounds, read_query, to_query,
                                     with_chosen)
from newsgraph.views.sourceview import md_escape
from newsgraph.views.selection import MAX_ACTOR_OPTIONS, actor_options
from ui import data, nav

STATE = "filters.value"
KEYS = {"topics": "filters.topics", "actors": "filters.actors", "sources": "filters.sources",
        "meeting_types": "filters.types", "date_from": "filters.from", "date_to": "filters.to"}
BANNER = "filters-banner"
NOTES = "filters.link_notes"


def _query_params() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in st.query_params.keys()}


def current() -> Filters:
    """The session's filters (from the URL on the first run of a session: what the link held that
    cannot be used is said once, by `link_notes`)."""
    if STATE not in st.session_state:
        opts = data.filter_options()
        st.session_state[STATE], st.session_state[NOTES] = read_query(_query_params(), opts["first"], opts["last"])
    return st.session_state[STATE]


def link_notes() -> None:
    """Say which parameters of the link that opened the session were ignored, and why (once)."""
    for note in st.session_state.pop(NOTES, None) or ():
        st.warning(md_escape(f"Link parameter {note}."), icon=":material/link_off:")


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
    """on_click of 'Clear filters' (the widgets follow on the run it starts)."""
    st.session_state[STATE] = Filters()


def set_filters(f: Filters) -> None:
    """Make `f` the filters in force (a facet clicked on the Search page); the widgets follow."""
    st.session_state[STATE] = f


def _search_box(f: Filters) -> None:
    """The search box at the top of every page's sidebar: Enter opens the Search page with the words."""
    with st.form("search.sidebar", border=False, enter_to_submit=True):
        words = st.text_input("Search the articles", key="search.sidebar.words", placeholder="ateşkes, Şoygu …",
                              label_visibility="collapsed")
        if st.form_submit_button("Search", icon=":material/search:") and words.strip():
            st.switch_page(nav.page("search"), query_params={"q": words.strip(), **to_query(f)})


def show_actor(entity_id: str | None) -> None:
    """Make `entity_id` the one actor of the filters (the Actor page's pick); the other filters stay."""
    st.session_state[STATE] = dataclasses.replace(current(), actors=(entity_id,) if entity_id else ())


def _seed_widgets(f: Filters) -> None:
    """Every widget's key from the canonical filters, on every run, before the widgets are drawn:
    whatever Streamlit kept or dropped under a key on a page switch, the widget shows `f`."""
    for attr, key in KEYS.items():
        st.session_state[key] = _to_widget(attr, getattr(f, attr))


def sidebar() -> Filters:
    """Render the filter widgets in the sidebar; return the current filters."""
    f = current()
    _seed_widgets(f)
    opts = data.filter_options()
    names = opts["actors"]
    with st.sidebar:
        _search_box(f)
        st.subheader("Filters")
        st.multiselect("Topic", with_chosen(opts["topics"], f.topics), key=KEYS["topics"], on_change=_from_widgets,
                       placeholder="All topics")
        st.multiselect("Actors", actor_options(names, f.actors), key=KEYS["actors"],
                       on_change=_from_widgets, format_func=lambda e: names.get(e, e),
                       placeholder="All actors" if len(names) <= MAX_ACTOR_OPTIONS
                       else f"All actors (the {MAX_ACTOR_OPTIONS} most named are listed)")
        if f.actors:                                  # each chosen actor's profile, one click away
            st.markdown("Profile: " + profile_links(f.actors, names, to_query(dataclasses.replace(f, actors=()))))
        lo, hi = (dt.date.fromisoformat(d) if d else None for d in date_bounds(opts["first"], opts["last"], f))
        for label, key in (("From", KEYS["date_from"]), ("To", KEYS["date_to"])):   # one per line: a date fits
            st.date_input(label, key=key, on_change=_from_widgets, min_value=lo, max_value=hi, format="YYYY-MM-DD")
        st.multiselect("Source", with_chosen(opts["sources"], f.sources), key=KEYS["sources"], on_change=_from_widgets,
                       placeholder="All sources")
        st.multiselect("Meeting type", with_chosen(MEETING_TYPES, f.meeting_types), key=KEYS["meeting_types"],
                       on_change=_from_widgets, format_func=lambda t: t.replace("_", " "), placeholder="All types")
        st.button("Clear filters", on_click=clear, key="filters.clear", icon=":material/filter_alt_off:",
                  disabled=f.is_empty())
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
    """The sidebar, then the named tables cut by its filters (plus a count caption), and the line at
    the top of the page that says which filters are in force (`banner`)."""
    f = sidebar()
    out = data.cut(f, tuple(names))
    total = len(data.reader().table("articles"))
    meetings = f" · {len(out['meetings'])} meetings" if "meetings" in out else ""
    with st.sidebar:
        st.caption(f"Showing **{len(out['articles'])}** of {total} articles{meetings}.")
    banner(f, len(out["articles"]), total)
    return f, out


def banner(f: Filters, kept: int, total: int) -> None:
    """One line at the top of the page: 'Filters: topic Karabağ · actor Hulusi Akar · 1 of 5 articles'
    ('No filters: all 5 articles'), in a container keyed BANNER (its CSS class st-key-filters-banner)."""
    text = md_escape(banner_text(f, data.reader().entity_names(), kept, total))
    link_notes()
    with st.container(key=BANNER):
        if f.is_empty():
            st.caption(f":material/filter_alt_off: {text}")
        else:
            st.markdown(f":material/filter_alt: :blue-background[{text}]")


def meeting_count(f: Filters) -> int:
    """The meetings a filter state keeps: with no filter the table's row count from the manifest (or its
    file's metadata; the table is not read: a page that shows only the count opens without it), else the
    cut's rows."""
    if f.is_empty():
        rows = data.reader().manifest().get("rows", {})
        return rows["meetings"] if "meetings" in rows else data.reader().row_count("meetings")
    return len(data.cut(f, ("articles", "meetings"))["meetings"])
