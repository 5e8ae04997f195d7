"""Keep every page behind the router in app.py.

When a server's very first request is a deep link (/network), Streamlit — seeing a
`pages/` folder next to app.py — runs that page file alone, the old folder-based way,
until app.py has called st.navigation once: no page config, another sidebar menu. (AppTest
does the same on every run.) A page that finds itself run that way switches the old mode
off and runs app.py in its place, in the same run, so clicks and uploads of that run are
kept; app.py's router then runs the page, which finds the mode off and goes on normally.
"""
from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure_router() -> None:
    """Run app.py instead when Streamlit ran this page file on its own."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without folder-based pages: nothing to do
        return
    if not PagesManager.uses_pages_directory:
        return
    PagesManager.uses_pages_directory = False
    runpy.run_path(str(APP), run_name="__main__")   # the router, which runs this very page
    st.stop()
