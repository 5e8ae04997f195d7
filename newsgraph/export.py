"""Exports: figures as HTML/PNG/SVG, tables as CSV, and `python -m newsgraph export`.

PNG and SVG are rendered server-side by kaleido 1, which drives a Chromium; without one
the caller gets ExportUnavailable with a message saying what to install.
"""
from __future__ import annotations

import argparse
import os
import shutil

import pandas as pd
import plotly.graph_objects as go

from newsgraph.errors import NewsgraphError

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "chrome")
IMAGE_FORMATS = ("png", "svg")


class ExportUnavailable(NewsgraphError):
    """An export format needs something this machine does not have."""


def chromium_path() -> str | None:
    """The Chromium kaleido will use (BROWSER_PATH wins), or None."""
    env = os.environ.get("BROWSER_PATH")
    if env and os.path.exists(env):
        return env
    return next((p for p in map(shutil.which, CHROMIUM_CANDIDATES) if p), None)


def figure_html(fig: go.Figure) -> str:
    """A self-contained interactive HTML page of the figure (plotly.js inlined, works offline)."""
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False})


def figure_image(fig: go.Figure, fmt: str, width: int = 1400, height: int = 900, scale: float = 1.0) -> bytes:
    """PNG or SVG bytes of the figure, rendered by kaleido with Chromium."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; use png or svg")
    path = chromium_path()
    if path is None:
        raise ExportUnavailable("PNG/SVG export needs Chromium (Debian: apt-get install chromium); "
                                "the chart's camera button still saves a PNG from the browser")
    os.environ.setdefault("BROWSER_PATH", path)
    return fig.to_image(format=fmt, width=width, height=height, scale=scale)


def table_csv(frame: pd.DataFrame) -> bytes:
    """CSV (UTF-8 with BOM so spreadsheet programs show Turkish letters); lists joined by '; '."""
    out = frame.copy()
    for col in out.columns:
        if out[col].map(lambda v: isinstance(v, (list, tuple)) or hasattr(v, "tolist")).any():
            out[col] = out[col].map(lambda v: "; ".join(map(str, list(v))) if v is not None and not isinstance(v, str) else v)
    return out.to_csv(index=False).encode("utf-8-sig")


def add_export_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `python -m newsgraph export` (completed by the dashboard issue)."""


def export_cli(args: argparse.Namespace) -> int:
    """`python -m newsgraph export` (completed by the dashboard issue)."""
    raise NewsgraphError("export is not available yet")
