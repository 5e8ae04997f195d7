"""Download buttons for charts, tables and graphs. They never rerun the page (on_click="ignore"),
and files are only made when clicked (deferred data): PNG/SVG take kaleido seconds."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from newsgraph.present.export import (chromium_path, export_title, figure_html, figure_image, file_stem, table_csv,
                                      titled)
from ui import data
from ui.filters import current

if TYPE_CHECKING:                       # networkx is imported by the pages that draw graphs only
    import networkx as nx

PLOTLY_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},   # the modebar camera: PNG in the browser
    "modeBarButtonsToRemove": ["lasso2d"],
}


def export_name(what: str, suffix: str) -> str:
    """The file name of an export: what it is, then the filters in force ('network_Karabag_2020.gexf')."""
    return f"{file_stem(what, current(), data.reader().entity_names())}.{suffix}"


def chart_downloads(fig: go.Figure, name: str, key: str, n_articles: int | None = None) -> None:
    """HTML, PNG and SVG download buttons for one figure, named after the filters; with `n_articles`
    each file opens with a title line saying what it shows (filters and articles)."""
    title = None if n_articles is None else export_title(name.capitalize(), current(), data.reader().entity_names(),
                                                         n_articles)

    def exported() -> go.Figure:        # the titled copy is made when a file is asked for (a copy costs 20-80 ms)
        return fig if title is None else titled(fig, title)
    cols = st.columns([1, 1, 1, 3])
    cols[0].download_button("HTML", data=lambda: figure_html(exported()), file_name=export_name(name, "html"),
                            mime="text/html", on_click="ignore", key=f"{key}.html", icon=":material/download:")
    if chromium_path() is None:
        cols[3].caption("PNG/SVG download needs Chromium on the server (Debian: `apt-get install chromium`); "
                        "the camera button on the chart saves a PNG.")
        return
    cols[1].download_button("PNG", data=lambda: figure_image(exported(), "png"), file_name=export_name(name, "png"),
                            mime="image/png", on_click="ignore", key=f"{key}.png", icon=":material/download:")
    cols[2].download_button("SVG", data=lambda: figure_image(exported(), "svg"), file_name=export_name(name, "svg"),
                            mime="image/svg+xml", on_click="ignore", key=f"{key}.svg", icon=":material/download:")


def table_download(frame: pd.DataFrame, name: str, key: str, label: str = "CSV") -> None:
    """A CSV download button for a table."""
    st.download_button(label, data=lambda: table_csv(frame), file_name=export_name(name, "csv"), mime="text/csv",
                       on_click="ignore", key=key, icon=":material/download:")


def graph_downloads(graph: Callable[[], nx.Graph], name: str, key: str) -> None:
    """GEXF and GraphML download buttons, side by side; the graph is made (`graph()`) when one is clicked."""
    from newsgraph.present.graphfiles import to_gexf, to_graphml
    c = st.columns(2)
    c[0].download_button("GEXF", data=lambda: to_gexf(graph()), file_name=export_name(name, "gexf"),
                         mime="application/xml", on_click="ignore", key=f"{key}.gexf", icon=":material/download:",
                         help="For Gephi: contacts and co-mentions as typed edges, contacts on the timeline")
    c[1].download_button("GraphML", data=lambda: to_graphml(graph()), file_name=export_name(name, "graphml"),
                         mime="application/xml", on_click="ignore", key=f"{key}.graphml", icon=":material/download:")
