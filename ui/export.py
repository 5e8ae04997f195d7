"""Download buttons for charts and tables. They never rerun the page (on_click="ignore"),
and PNG/SVG are only rendered when clicked (deferred data), as kaleido takes seconds."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from newsgraph.present.export import chromium_path, figure_html, figure_image, table_csv

PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},   # the modebar camera: PNG in the browser
    "modeBarButtonsToRemove": ["lasso2d"],
}


def chart_downloads(fig: go.Figure, name: str, key: str) -> None:
    """HTML, PNG and SVG download buttons for one figure."""
    cols = st.columns([1, 1, 1, 3])
    cols[0].download_button("HTML", data=lambda: figure_html(fig), file_name=f"{name}.html", mime="text/html",
                            on_click="ignore", key=f"{key}.html", icon=":material/download:")
    if chromium_path() is None:
        cols[3].caption("PNG/SVG download needs Chromium on the server (Debian: `apt-get install chromium`); "
                        "the camera button on the chart saves a PNG.")
        return
    cols[1].download_button("PNG", data=lambda: figure_image(fig, "png"), file_name=f"{name}.png", mime="image/png",
                            on_click="ignore", key=f"{key}.png", icon=":material/download:")
    cols[2].download_button("SVG", data=lambda: figure_image(fig, "svg"), file_name=f"{name}.svg",
                            mime="image/svg+xml", on_click="ignore", key=f"{key}.svg", icon=":material/download:")


def table_download(frame: pd.DataFrame, name: str, key: str, label: str = "CSV") -> None:
    """A CSV download button for a table."""
    st.download_button(label, data=lambda: table_csv(frame), file_name=f"{name}.csv", mime="text/csv",
                       on_click="ignore", key=key, icon=":material/download:")
