"""The timeline view made from the last build's (timeline.update_view: the meetings' rows of the articles
whose meetings did not change kept, the rest made again) equals the one a full build makes, row for row,
over steps of added, removed, re-dated and renamed articles and people."""
from __future__ import annotations

import pyarrow as pa

from benchmarks.scaler import make_article
from newsgraph.storage import store
from newsgraph.views import stored, timeline
from newsgraph.jobs.build import build
from test_incremental import assert_same_tables
from test_incremental_scaled import N, scaled  # noqa: F401 - the generated corpus fixture


def test_the_view_made_from_the_last_one_equals_a_full_builds(scaled, tmp_path, monkeypatch):
    out, full = tmp_path / "inc", tmp_path / "full"
    build(scaled, out, backend="rules", workers=1)
    made, update = [], stored.update_view
    monkeypatch.setattr(stored, "update_view", lambda *a: (made.append(update(*a)), made[-1])[1])
    for step in range(4):
        for i in range(N + 10 * step, N + 10 * step + 10):                 # ten new articles, some in between
            name = f"a{i:04d}.txt" if i % 2 else f"a{i - N:04d}c.txt"
            (scaled / name).write_text(make_article(i, seed=7), encoding="utf-8")
        if step == 1:                                                     # articles removed
            for i in range(20, 60, 3):
                (scaled / f"a{i:04d}.txt").unlink()
        if step == 2:                                                     # a publication date from metadata.csv
            (scaled / "metadata.csv").write_text("article_id,url,source,published\na0011,,AA,2018-05-06\n",
                                                 encoding="utf-8")
        if step == 3:                                                     # an article analysed again
            (scaled / "a0003.txt").write_text(make_article(777, seed=7), encoding="utf-8")
        build(scaled, out, backend="rules", workers=1)
        assert made[-1] is not None                                       # made from the last view, not whole
        build(scaled, full, backend="rules", workers=1, force=True)
        assert made[-1].equals(_view(store.current_dir(full)))
        assert_same_tables(out, full)
    assert len(made) == 4


def _view(build_dir) -> pa.Table:
    return stored.load(stored.path(build_dir, "timeline_items"))


def _built(raw, out):
    """A build of `raw`: the tables the timeline view is made from, the names, and its view."""
    build(raw, out, backend="rules", workers=1)
    folder = store.current_dir(out)
    tables = {name: store.read_table(folder, name, timeline._VIEW_COLUMNS[name]) for name in timeline._VIEW_COLUMNS}
    return tables, dict(zip(tables["entities"]["entity_id"], tables["entities"]["name"])), _view(folder)


def test_meetings_naming_someone_renamed_are_made_again(scaled, tmp_path):
    tables, names, last = _built(scaled, tmp_path / "out")
    person = tables["meetings"]["participants"].explode().dropna().iloc[0]
    renamed = {**names, person: "Zeki Yenisoyad"}
    now = timeline.update_view(last, tables["meetings"], tables["dates"], tables["articles"], renamed, names,
                                  {"meetings": set(), "dates": set()})
    whole = pa.Table.from_pandas(timeline.timeline_index(tables["meetings"], tables["dates"], tables["articles"],
                                                         renamed), preserve_index=False)
    assert now.equals(whole)
    assert not now.equals(last)                                           # the new name is shown
    assert any("Yenisoyad" in label for label in now.column("label").to_pylist())


def test_a_last_view_lacking_kept_meetings_gives_none(scaled, tmp_path):
    tables, names, last = _built(scaled, tmp_path / "out")
    assert timeline.update_view(last.slice(1), tables["meetings"], tables["dates"], tables["articles"],
                                names, names, {"meetings": set(), "dates": set()}) is None
