"""Downloads from the pages, in Chromium: named after the filters, saying what they show, and the
graph files holding the contacts."""
from __future__ import annotations

import networkx as nx
import pytest

from test_browser import KARABAG, app_url, no_exception, page, settle   # noqa: F401 - fixtures

pytestmark = pytest.mark.browser


def download(page, label: str):
    """Click a download button; the file Chromium saved and the name it was offered under."""
    with page.expect_download(timeout=60000) as got:
        page.get_by_role("button", name=label).first.click()
    return got.value


def test_the_network_downloads_are_named_after_the_filters_and_hold_the_contacts(app_url, page, tmp_path):
    page.goto(f"{app_url}/network?topic={KARABAG}")
    settle(page)
    no_exception(page)
    gexf = download(page, "GEXF")
    assert gexf.suggested_filename == "network_Karabag.gexf"
    gexf.save_as(tmp_path / "n.gexf")
    G = nx.read_gexf(tmp_path / "n.gexf")
    kinds = {d["kind"]: d for d in G.get_edge_data("hulusi-akar", "sergey-soygu").values()}
    assert kinds["contact"]["contact_type"] == "phone_call" and "co-mention" in kinds
    html = download(page, "HTML")
    assert html.suggested_filename == "network_Karabag.html"
    html.save_as(tmp_path / "n.html")
    assert "Network — topic Karabağ · 1 article" in (tmp_path / "n.html").read_text(encoding="utf-8")
