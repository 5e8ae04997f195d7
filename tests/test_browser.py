"""The dashboard in a real browser: `streamlit run app.py` driven by Playwright with Debian's Chromium.

Screenshots of every page go to tests/artifacts/ (gitignored) for a human to look at.
"""
from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import CHROMIUM, ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "tests" / "artifacts"
KARABAG = "Karaba%C4%9F"                      # "Karabağ", percent-encoded as a browser sends it
AKAR, SOYGU, SERRAC = "Hulusi Akar", "Sergey Şoygu", "Fayiz es-Serrac"

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:                             # pragma: no cover - depends on the machine
    sync_playwright = None
if sync_playwright is None:
    pytest.skip("the playwright Python package is missing (pip install -r requirements-dev.txt)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip("Debian's Chromium is missing at /usr/bin/chromium (apt-get install chromium; "
                "never `playwright install`)", allow_module_level=True)


def _app_pages() -> list[tuple[str, str]]:
    """(name, url path) of the overview and of every page in ui.nav.PAGES whose file exists (read, not run)."""
    tree = ast.parse((ROOT / "ui" / "nav.py").read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "PAGES")
    pages = ast.literal_eval(node.value)
    return [("overview", "")] + [(url, url) for file, _, _, url in pages if (ROOT / file).exists()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_streamlit(processed: Path, name: str) -> tuple[subprocess.Popen, str, Path]:
    """`streamlit run app.py` on a free port, answering; returns the process, its URL and its log."""
    port = _free_port()
    log = ARTIFACTS / f"streamlit-{name}.log"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEWSGRAPH_PROCESSED=str(processed), BROWSER_PATH=str(CHROMIUM))
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.address", "127.0.0.1",
           "--server.port", str(port), "--server.headless", "true", "--server.fileWatcherType", "none",
           "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url, log
        except OSError:
            time.sleep(0.3)
    _stop(proc)
    raise RuntimeError(f"streamlit did not answer on {url} within 60 s: {log.read_text()[-2000:]}")


def _stop(proc: subprocess.Popen) -> None:
    """Terminate, then kill if it does not go."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def app_url(seed_out, browser):
    """A running dashboard on the seed tables."""
    proc, url, _ = _start_streamlit(seed_out, "app")
    try:
        yield url
    finally:
        _stop(proc)


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="tr-TR")
    yield context.new_page()
    context.close()


def settle(page, timeout_ms: int = 30000) -> None:
    """Wait until the script run is over: content shown and no 'Running…' status, twice in a row."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    idle = """() => {
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        return !document.querySelector('[data-testid="stStatusWidget"]') && main && main.innerText.trim().length > 0;
    }"""
    for _ in range(2):
        page.wait_for_function(idle, timeout=timeout_ms)
        page.wait_for_timeout(400)


def screenshot(page, name: str) -> Path:
    """A full-page screenshot (the app scrolls inside its own container, so grow the viewport)."""
    height = page.evaluate("""() => Math.max(900, ...[...document.querySelectorAll(
        '[data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stSidebarContent"]')]
        .map(e => e.scrollHeight))""")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 8000)})
    page.wait_for_timeout(600)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": 1400, "height": 900})
    return path


def no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


def chart_nodes(page) -> set[str]:
    """Node names of the drawn network, read from the plotly graph div's data."""
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30000)
    hover = page.evaluate("""() => [...document.querySelector('.js-plotly-plot').data]
        .filter(t => t.mode === 'markers+text').flatMap(t => [...t.hovertext])""")
    return {re.match(r"<b>(.*?)</b>", h).group(1) for h in hover}


@pytest.mark.parametrize("name,path", _app_pages())
def test_every_page_opens_without_an_exception(app_url, page, name, path):
    page.goto(f"{app_url}/{path}")
    settle(page)
    no_exception(page)
    assert page.locator("h1").count() >= 1
    shot = screenshot(page, f"page-{name}")
    assert shot.stat().st_size > 10_000


def test_topic_from_the_url_draws_only_the_karabag_actors(app_url, page):
    page.goto(f"{app_url}/network?topic={KARABAG}")
    settle(page)
    no_exception(page)
    names = chart_nodes(page)
    assert {AKAR, SOYGU} <= names and SERRAC not in names
    svg_text = page.locator(".js-plotly-plot .main-svg").first.text_content()
    assert SOYGU in svg_text and SERRAC not in svg_text
    screenshot(page, "network-karabag-url")


def test_topic_from_the_sidebar_draws_only_the_karabag_actors(app_url, page):
    page.goto(f"{app_url}/network")
    settle(page)
    assert SERRAC in chart_nodes(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="Karabağ").click()
    page.keyboard.press("Escape")
    page.wait_for_function("""() => {
        const gd = document.querySelector('.js-plotly-plot');
        const hover = gd ? [...gd.data].filter(t => t.mode === 'markers+text').flatMap(t => [...t.hovertext]) : [];
        return hover.length && !hover.some(h => h.startsWith('<b>Fayiz es-Serrac</b>'));
    }""", timeout=30000)
    settle(page)
    no_exception(page)
    names = chart_nodes(page)
    assert {AKAR, SOYGU} <= names and SERRAC not in names
    assert f"topic={KARABAG}" in page.url                    # the filter is mirrored in the URL
    screenshot(page, "network-karabag-sidebar")


def test_clicking_a_node_shows_its_sentences(app_url, page):
    page.goto(f"{app_url}/network?topic={KARABAG}")
    settle(page)
    chart_nodes(page)
    x, y = page.evaluate("""() => {
        const gd = document.querySelector('.js-plotly-plot'), L = gd._fullLayout;
        const t = [...gd.data].findIndex(t => t.mode === 'markers+text' && [...t.text].includes('Hulusi Akar'));
        const i = [...gd.data[t].text].indexOf('Hulusi Akar');
        const box = gd.querySelector('.main-svg').getBoundingClientRect();
        return [box.left + L.xaxis._offset + L.xaxis.l2p(gd.data[t].x[i]),
                box.top + L.yaxis._offset + L.yaxis.l2p(gd.data[t].y[i])];
    }""")
    page.mouse.click(x, y)
    page.get_by_text("4 supporting sentence(s)").wait_for(timeout=30000)
    settle(page)
    no_exception(page)
    assert page.locator('[data-testid="stDataFrame"]').count() == 2          # the sentences, then the metrics
    screenshot(page, "network-picked-akar")


@pytest.mark.parametrize("path,title", [("network?topic=Libya", "Network"), ("timeline", "Timeline")])
def test_a_deep_link_as_a_fresh_servers_first_request_goes_through_the_router(seed_out, browser, path, title):
    # Streamlit runs pages/<page>.py itself on a fresh server's first request (its folder-based pages):
    # the page must still come through app.py: its page config, one menu (the router's) and the filters
    proc, url, _ = _start_streamlit(seed_out, f"fresh-{title.lower()}")
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{url}/{path}")
        settle(page)
        no_exception(page)
        assert title in page.locator("h1").first.inner_text()
        assert page.title() == "newsgraph"                                        # app.py's set_page_config
        navs = page.locator('[data-testid="stSidebarNav"]')
        assert navs.count() == 1
        assert {"Overview", "Network", "Timeline", "Meetings", "Source", "Add articles"} <= set(
            navs.inner_text().splitlines())
        sidebar = page.locator('[data-testid="stSidebar"]')       # the widgets are drawn a moment after the text
        expect(sidebar.locator('[data-testid="stMultiSelect"]')).to_have_count(4, timeout=15000)  # topic, actors…
        expect(sidebar.locator('[data-testid="stDateInput"]')).to_have_count(2, timeout=15000)    # from, to
        expect(sidebar.get_by_role("button", name="Clear filters")).to_be_visible(timeout=15000)
        assert "Filters" in sidebar.inner_text() and "Showing 5 of 5 articles" in sidebar.inner_text()
        if "topic=Libya" in path:
            chips = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first.inner_text()
            assert "Libya" in chips and "topic=Libya" in page.url              # the filter read from the link
        screenshot(page, f"fresh-{title.lower()}")
        page.close()
    finally:
        _stop(proc)
