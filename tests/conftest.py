"""Shared fixtures: the real registry and real tables built from the real seed corpus."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The tests build the seeds as they are: an analyst's own data/corrections.yaml never applies to them
# (tests of corrections give their own file).
os.environ["NEWSGRAPH_CORRECTIONS"] = str(Path(tempfile.gettempdir()) / "newsgraph-tests-no-corrections.yaml")

from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEEDS = sorted(RAW.glob("*.txt"))
SEED_IDS = [p.stem for p in SEEDS]
TABLES = ("articles", "sentences", "mentions", "entities", "dates", "meetings")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def open_app(page: str | None = None, timeout: float = 30, **params: str):
    """AppTest through app.py, opened on a page of pages/ ("pages/network.py") as a link to it would open
    it: the page is chosen (and the query set) before the first run. AppTest.switch_page finds a page
    by file name only before that run (the router registers the pages' render functions, not files)."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params.update(params)
    if page:
        at.switch_page(page)
    return at.run()


def switch_to(at, url_path: str):
    """Run the page registered at `url_path` ("" for the Overview) in the same session, as the sidebar menu
    switches pages. After the first run AppTest.switch_page matches registered script paths only, and the
    router's pages are callables without one: the page is chosen by its hash among the pages st.navigation
    registered (AppTest's own record of them)."""
    at._page_hash = next(h for h, info in at._registered_pages.items() if info.get("url_pathname") == url_path)
    return at.run()


def seed(prefix: str) -> Path:
    """The seed file whose name starts with prefix ("003")."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


@pytest.fixture(scope="session")
def registry():
    return load_registry()


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory) -> Path:
    """Tables of the five seed articles, built once by the real pipeline."""
    out = tmp_path_factory.mktemp("seed-build") / "processed"
    build(RAW, out, backend="rules", workers=1)
    return out


@pytest.fixture(scope="session")
def tables(seed_out):
    return {name: store.read_table(seed_out, name) for name in TABLES}


@pytest.fixture(scope="session")
def reader(seed_out):
    """The pure reader (newsgraph.views.reader.Reader) of the seed tables; it only reads."""
    from newsgraph.views.reader import Reader
    return Reader(seed_out)


@pytest.fixture(scope="session")
def names(reader) -> dict[str, str]:
    return reader.entity_names()


@pytest.fixture()
def raw_copy(tmp_path) -> Path:
    """A private copy of the seed corpus to add or break files in."""
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for p in raw.iterdir():
        p.chmod(0o644)
    return raw


@pytest.fixture()
def app_env(seed_out, monkeypatch):
    """Point the app at the seed tables."""
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(seed_out))
    return seed_out


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (Playwright allows one sync driver
    per process); skipped, with the reason, where Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing at /usr/bin/chromium (apt-get install chromium; "
                    "never `playwright install`)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements-dev.txt")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
