"""The dashboard's shape (issue #18): the only st.cache_* are in ui/ (one module), newsgraph/ never
imports streamlit, pages are short, and the pages and app.py use public names only."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

CACHES = {"cache_data", "cache_resource", "experimental_memo", "experimental_singleton", "cache"}
PAGE_FILES = sorted(p for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
ROUTED = [ROOT / "app.py", *PAGE_FILES]                    # what the issue calls the pages (app.py hosts the Overview)
PRODUCT = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "ui").rglob("*.py")),
           *sorted((ROOT / "newsgraph").rglob("*.py"))]
MAX_PAGE_LINES = 100


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def uses_a_cache(path: Path) -> bool:
    """st.cache_data / st.cache_resource (or the old names), however streamlit was imported."""
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.Attribute) and node.attr in CACHES and isinstance(node.value, ast.Name) \
                and node.value.id in ("st", "streamlit"):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit") \
                and {a.name for a in node.names} & CACHES:
            return True
    return False


def test_the_caches_are_in_one_module_of_ui():
    users = {rel(p) for p in PRODUCT if uses_a_cache(p)}
    assert users == {"ui/data.py"}


def test_the_package_never_imports_streamlit():
    users = []
    for path in (ROOT / "newsgraph").rglob("*.py"):
        for node in ast.walk(tree(path)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            users += [rel(path) for n in names if n.split(".")[0] == "streamlit"]
    assert not users


@pytest.mark.parametrize("path", PAGE_FILES, ids=rel)
def test_a_page_is_under_a_hundred_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < MAX_PAGE_LINES


def private(name: str) -> bool:
    """_name, not __dunder__."""
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(path: Path) -> list[str]:
    """Private names a page imports from newsgraph or ui, or reaches through an attribute (a module's
    or an object's: `nw._kept`, `net.graph._adj`)."""
    found = []
    for node in ast.walk(tree(path)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in ("newsgraph", "ui"):
            found += [f"from {node.module} import {a.name}" for a in node.names
                      if private(a.name) or any(private(p) for p in node.module.split("."))]
        elif isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if any(private(p) for p in a.name.split("."))]
        elif isinstance(node, ast.Attribute) and private(node.attr):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


@pytest.mark.parametrize("path", ROUTED, ids=rel)
def test_pages_and_the_router_use_public_names_only(path):
    assert not private_uses(path)


def test_the_private_name_check_finds_what_it_should(tmp_path):
    page = tmp_path / "page.py"
    page.write_text("from newsgraph.views import network as nw\nfrom ui.data import _held, reader\n"
                    "import ui._hidden\nrows = nw._kept(1, 2)\nn = net.graph._adj\nok = __name__\n")
    assert sorted(private_uses(page)) == ["from ui.data import _held", "import ui._hidden", "line 4: ._kept",
                                          "line 5: ._adj"]


def test_the_router_touches_no_streamlit_internals():
    # no ui/router.py; the router and the pages import streamlit itself only (st.navigation, st.Page), never
    # streamlit.runtime & co, and run no script by hand
    assert not (ROOT / "ui" / "router.py").exists()
    for path in [*ROUTED, ROOT / "ui" / "nav.py"]:
        for node in ast.walk(tree(path)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not [m for m in modules if m.startswith("streamlit.") or m in ("runpy", "ui.router")], rel(path)
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
            assert name not in ("PagesManager", "uses_pages_directory", "ensure_router"), rel(path)


@pytest.mark.parametrize("path", PAGE_FILES, ids=rel)
def test_a_page_is_a_module_that_renders_and_hands_a_script_run_to_the_router(path):
    # ui/nav.py registers `render`; run as a script (Streamlit's folder-based pages on a fresh server's first
    # request), the module runs app.main, the router, and nothing else at its top level draws
    body = tree(path).body
    assert any(isinstance(n, ast.FunctionDef) and n.name == "render" for n in body)
    last = body[-1]
    assert isinstance(last, ast.If) and ast.unparse(last.test) == "__name__ == '__main__'"
    assert ast.unparse(last).endswith("from app import main\n    main()")
    calls = [n for n in body[:-1] if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call)]
    assert not calls, f"{rel(path)} draws when imported"


def test_every_page_is_registered_at_its_file_stem():
    # the folder-based run (see app.py) finds pages/<stem>.py at /<stem>: the router's url path must be the same
    from ui.nav import PAGES
    assert {f for f, *_ in PAGES} == {rel(p) for p in PAGE_FILES}
    assert all(url == Path(f).stem for f, _, _, url in PAGES)
