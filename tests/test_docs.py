"""What the docs promise: every table column and every setting is documented."""
from __future__ import annotations

import re

from newsgraph import settings
from newsgraph.storage.schema import TABLES

from conftest import ROOT


def documented_columns() -> dict[str, list[str]]:
    """docs/tables.md: table → the columns its section lists, in order."""
    out: dict[str, list[str]] = {}
    table = None
    for line in (ROOT / "docs" / "tables.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            table = line[3:].strip()
            out[table] = []
        elif table and (m := re.match(r"\| `([a-z_0-9]+)` \|", line)):
            out[table].append(m.group(1))
    return out


def test_every_table_column_is_documented_in_order():
    from newsgraph.storage import searchindex
    search = [column for columns in searchindex.COLUMNS.values() for column in columns]
    assert documented_columns() == {**{name: schema.names for name, schema in TABLES.items()}, "search": search}


def test_every_setting_is_in_the_readme_and_read_only_through_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert all(s.env in readme for s in settings.SETTINGS)
    sources = [p for d in ("newsgraph", "ui", "pages") for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]
    readers = [p.relative_to(ROOT).as_posix() for p in sources
               if re.search(r"environ(\.get)?\(?\[?[\"']NEWSGRAPH_", p.read_text(encoding="utf-8"))]
    assert not readers           # settings.py reads them by Setting.env, nobody by name


def test_a_setting_is_read_when_used(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSGRAPH_DATA", str(tmp_path))
    assert settings.RAW_DIR == tmp_path / "raw" and settings.ACTORS_FILE == tmp_path / "actors.yaml"
    monkeypatch.setenv("NEWSGRAPH_MAX_FILE_BYTES", "1000")
    assert settings.MAX_FILE_BYTES == 1000
    monkeypatch.setenv("NEWSGRAPH_MAX_FILE_BYTES", "ten")
    try:
        settings.MAX_FILE_BYTES
    except ValueError as exc:
        assert "NEWSGRAPH_MAX_FILE_BYTES='ten'" in str(exc)
    else:
        raise AssertionError("a bad value must be refused")
