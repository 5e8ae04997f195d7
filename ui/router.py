"""Keep every page behind the router in app.py.

When a server's very first request is a deep link (/network), Streamlit — seeing a
`pages/` folder next to app.py — runs that page file alone, the old folder-based way,
until app.py has called st.navigation once: no page config, another sidebar menu. A page
that finds itself run that way switches the flag off and reruns, which goes through
app.py to the same page (its URL path, and so its page hash, is the same either way).
"""
from __future__ import annotations

import streamlit as st


def ensure_router() -> None:
    """Rerun through app.py when Streamlit ran this page file on its own."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a future Streamlit without folder-based pages: nothing to do
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
