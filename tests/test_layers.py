"""The package's shape: layers that only import downwards, no import cycle, no Streamlit.

Layers, lowest first (docs/architecture.md): settings and base, ingest, analysis, storage,
corpus, views, present, jobs, cli. A module may import its own layer and the ones below.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsgraph"
LAYERS = ["base", "ingest", "analysis", "storage", "corpus", "views", "present", "jobs", "cli"]
LAYER_OF_TOP = {"newsgraph": 0, "newsgraph.settings": 0, "newsgraph.cli": 8, "newsgraph.__main__": 8}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> int:
    if module in LAYER_OF_TOP:
        return LAYER_OF_TOP[module]
    return LAYERS.index(module.split(".")[1])


def imports(module: str) -> set[str]:
    """The newsgraph modules `module` imports, anywhere in it (inside functions too)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return {m for m in found if m in MODULES and m != module}


GRAPH = nx.DiGraph([(m, dep) for m in MODULES for dep in imports(m)])


def test_every_module_is_in_a_layer():
    assert all(layer(m) >= 0 for m in MODULES)
    assert len(MODULES) > 40


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_layer_and_the_ones_below(module):
    upward = sorted(dep for dep in imports(module) if layer(dep) > layer(module))
    assert not upward, f"{module} (layer {layer(module)}) imports higher layers: {upward}"


def test_there_is_no_import_cycle():
    cycles = [sorted(c) for c in nx.strongly_connected_components(GRAPH) if len(c) > 1]
    assert not cycles


def test_the_package_never_imports_streamlit():
    users = [m for m, p in MODULES.items() if "streamlit" in {n.split(".")[0] for n in _external(p)}]
    assert not users


def _external(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module)
    return names


def test_the_top_level_holds_only_the_entry_points_and_settings():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "cli.py", "settings.py"]
