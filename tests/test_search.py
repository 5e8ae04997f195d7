"""Full-text search (#20): the index built with the tables, Turkish folding and suffixes, facets,
the CLI, and queries that must not break it. Real seed tables from the real build."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, seed
from newsgraph.base.errors import SearchError
from newsgraph.jobs.build import build
from newsgraph.storage import searchindex, store
from newsgraph.views.filters import Filters
from newsgraph.views.reader import Reader
from newsgraph.views.search import expression, hit_spans, parse_query, result_lines, search, with_facet

A001, A004 = seed("001").stem, seed("004").stem


def found(result) -> set[tuple[str, int]]:
    return set(zip(result.rows["article_id"], result.rows["sent_idx"]))


def test_the_build_publishes_one_index_file_per_part(seed_out):
    build_dir = store.current_dir(seed_out)
    manifest = store.read_manifest(seed_out)
    assert [p.name for p in searchindex.part_files(build_dir)] == [searchindex.part_file(build_dir, p).name
                                                                 for p in sorted(manifest["parts"])]


def test_turkish_case_folding_dotted_and_dotless_i(reader):
    upper = search(reader, "İDLİB")                  # İ → i, not Python's i + combining dot
    assert found(upper) == found(search(reader, "idlib")) == found(search(reader, "Idlib"))
    assert (A001, 5) in found(upper)                 # "İDLİB KONUSU DA ELE ALINDI", a headline in capitals
    row = upper.rows.set_index(["article_id", "sent_idx"]).loc[(A001, 5)]
    assert row["marked"].startswith("**İDLİB** KONUSU")
    assert (A001, 5) in found(search(reader, "alındı"))     # capital I is dotless ı: ALINDI = alındı


def test_turkish_letters_meet_their_ascii_spelling(reader):
    # Decided and documented (README 'Search'): the index folds ş/s, ç/c, ğ/g, ö/o, ü/u, ı/i as the
    # name matching does, so a query typed without Turkish letters finds them.
    assert found(search(reader, "Soygu")) == found(search(reader, "Şoygu")) != set()
    assert found(search(reader, "cavusoglu")) == found(search(reader, "Çavuşoğlu")) != set()


def test_a_word_finds_it_with_a_suffix_after_an_apostrophe(reader):
    result = search(reader, "Şoygu")
    assert (A001, 2) in found(result)                # "… Şoygu'ya, sivil yerleşim …"
    marked = result.rows.set_index(["article_id", "sent_idx"]).loc[(A001, 2), "marked"]
    assert "**Şoygu**'ya" in marked
    suffixed = search(reader, "Şoygu'ya")            # written with its suffix: that form only
    assert found(suffixed) == {(A001, 2)}
    assert "**Şoygu'ya**" in suffixed.rows["marked"].iat[0]


def test_a_word_finds_the_words_it_starts(reader):
    result = search(reader, "ateşkes", limit=100)
    words = {m.lower() for t, spans in zip(result.rows["text"], result.rows["hits"]) for m in (t[a:b] for a, b in spans)}
    assert {"ateşkes", "ateşkesin"} <= words
    assert result.total == len(result.rows) > len(search(reader, "ateşkes", limit=5).rows) == 5


def test_every_word_must_be_in_the_sentence_and_quotes_keep_words_together(reader):
    both = search(reader, "Akar Şoygu", limit=100)
    assert both.total and all("Akar" in t and "Şoygu" in t for t in both.rows["text"])
    assert found(search(reader, '"telefonda görüştü"')) == {(A001, 0)}
    assert search(reader, '"görüştü telefonda"').total == 0


def test_rows_carry_their_article_and_a_link_to_the_source_view(reader):
    rows = search(reader, "ateşkes", limit=100).rows
    assert list(rows.columns) == ["article_id", "sent_idx", "text", "marked", "hits", "title", "source", "published",
                                  "topics", "open"]
    texts = store.read_table(reader.build, "sentences").set_index(["article_id", "sent_idx"])["text"]
    assert all(texts.loc[(a, s)] == t for a, s, t in zip(rows["article_id"], rows["sent_idx"], rows["text"]))
    assert all(o == f"./source?article={a}&sent={s}" for a, s, o in zip(rows["article_id"], rows["sent_idx"], rows["open"]))
    assert rows["published"].tolist() == sorted(rows["published"], reverse=True)      # newest article first
    assert all(isinstance(t, list) and "Libya" in t for t in rows["topics"])


def test_pages_follow_each_other(reader):
    whole = search(reader, "Bakanı", limit=100).rows
    pages = pd.concat([search(reader, "Bakanı", limit=4, offset=i).rows for i in range(0, len(whole), 4)])
    assert pages[["article_id", "sent_idx"]].values.tolist() == whole[["article_id", "sent_idx"]].values.tolist()


def test_filters_choose_articles_as_the_sidebar_does_and_facets_count_them(reader):
    every = search(reader, "Bakanı", limit=100)
    facets = every.facets.set_index(["facet", "value"])
    karabag = search(reader, "Bakanı", Filters(topics=("Karabağ",)), limit=100)
    assert set(karabag.rows["article_id"]) == {A001}
    assert karabag.rows["open"].str.endswith("&topic=Karaba%C4%9F").all()           # links keep the filters
    assert karabag.total == facets.loc[("topic", "Karabağ"), "sentences"]
    akar = search(reader, "Bakanı", Filters(actors=("hulusi-akar",)), limit=100)
    assert akar.total == facets.loc[("actor", "hulusi-akar"), "sentences"] < every.total
    assert (akar.articles, facets.loc[("actor", "hulusi-akar"), "label"]) == (facets.loc[("actor", "hulusi-akar"), "articles"],
                                                                               "Hulusi Akar")
    dha = search(reader, "Bakanı", Filters(sources=("DHA",)), limit=100)
    assert set(dha.rows["article_id"]) == {A004} and dha.total == facets.loc[("source", "DHA"), "sentences"]
    assert facets.loc[("year", "2020"), "sentences"] == every.total
    assert search(reader, "Bakanı", Filters(date_from="2021-01-01")).total == 0
    assert search(reader, "Bakanı", Filters(meeting_types=("visit",))).total == every.total   # chooses meetings only
    assert set(every.facets["facet"]) == {"topic", "actor", "source", "year"}


def test_a_facet_count_clicked_gives_its_own_total(reader):
    every = search(reader, "Bakanı", limit=0)
    for row in every.facets.itertuples():
        narrowed = with_facet(Filters(), row.facet, row.value)
        if narrowed != Filters():
            assert search(reader, "Bakanı", narrowed, limit=0, facets=False).total == row.sentences, row
    assert with_facet(Filters(topics=("Libya",)), "year", "2020") == Filters(("Libya",), date_from="2020-01-01",
                                                                             date_to="2020-12-31")
    assert with_facet(Filters(), "source", None) == Filters()


@pytest.mark.parametrize("query", ['ateşkes"', '"ateşkes', 'ateşkes OR', 'NOT ateşkes', 'ateşkes AND (', 'NEAR(a b)',
                                   'text:ateşkes', '^ateşkes', 'ateş*', "x'); DROP TABLE sentences; --", '{a b}: c',
                                   '"a" + "b"', 'a' * 300])
def test_operators_and_quotes_are_text_never_query_syntax(reader, query):
    result = search(reader, query)
    assert result.total >= 0
    assert all(w.isalnum() for p in result.phrases for w in p)
    assert search(reader, "ateşkes").total > 0                  # the index is intact


def test_stray_marks_are_read_as_the_words_they_hold():
    assert parse_query('NOT ateşkes*') == (("not",), ("ateskes",))
    assert parse_query("“Rus mevkidaşı” Şoygu'ya") == (("rus", "mevkidasi"), ("soygu", "ya"))
    assert expression(parse_query("Şoygu'ya a")) == '"soygu"* + "ya"* AND "a"'


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "'-'", "()", "?!"])
def test_a_query_without_words_is_refused_with_a_reason(reader, query):
    with pytest.raises(SearchError, match="nothing to search for"):
        search(reader, query)


def test_a_query_of_too_many_words_is_refused(reader):
    with pytest.raises(SearchError, match="more than 32 words"):
        search(reader, " ".join(f"kelime{i}" for i in range(40)))


def test_hit_spans_mark_whole_words_where_the_phrase_stands():
    text = "Akar, Şoygu'ya İdlib'deki ateşkesin önemini anlattı; Şoygu ise dinledi."
    spans = hit_spans(text, parse_query("şoygu'ya ateşkes"))
    assert [text[a:b] for a, b in spans] == ["Şoygu'ya", "ateşkesin"]


def test_a_build_without_an_index_or_with_a_damaged_one_says_so(seed_out, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(store.current_dir(seed_out), copy)
    shutil.rmtree(copy / "search")
    with pytest.raises(SearchError, match="no search index; run: python -m newsgraph build"):
        search(Reader(copy), "ateşkes")
    shutil.copytree(store.current_dir(seed_out) / "search", copy / "search")
    for part in (copy / "search").iterdir():
        part.write_bytes(b"not a database" * 100)
    with pytest.raises(SearchError, match="could not run"):
        search(Reader(copy), "ateşkes")


def test_an_added_article_is_indexed_and_the_old_parts_index_is_shared(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, backend="rules", workers=1)
    [before] = searchindex.part_files(store.current_dir(out))
    (raw_copy / "yeni.txt").write_text("Zebercet görüşmesi\n\nBakan Zebercet'e ateşkesin şartlarını anlattı.\n",
                                       encoding="utf-8")
    build(raw_copy, out, backend="rules", workers=1)
    after = searchindex.part_files(store.current_dir(out))
    assert len(after) == 2 and after[0].name == before.name and after[0].stat().st_ino == before.stat().st_ino
    result = search(Reader(out), "zebercet")
    assert found(result) == {("yeni", 0)} and "**Zebercet**'e" in result.rows["marked"].iat[0]
    full = tmp_path / "full"
    build(raw_copy, full, backend="rules", workers=1, force=True)
    for query in ("ateşkes", "Bakanı", "zebercet"):
        a, b = search(Reader(out), query, limit=100), search(Reader(full), query, limit=100)
        assert a.rows.drop(columns="open").equals(b.rows.drop(columns="open")) and a.facets.equals(b.facets)


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "newsgraph", "search", *args], cwd=ROOT, capture_output=True, text=True)


def test_cli_prints_the_same_results(seed_out, reader):
    done = _cli("ateşkes", "--topic", "libya", "--limit", "3", "--out", str(seed_out))
    assert done.returncode == 0, done.stderr
    result = search(reader, "ateşkes", Filters(topics=("Libya",)), limit=3)
    assert done.stdout.splitlines() == result_lines(result, reader.entity_names())
    lines = done.stdout.splitlines()
    assert lines[0] == f"{result.total} sentences in {result.articles} articles match 'ateşkes' (topic Libya); " \
                       "1–3 shown, newest article first"
    assert "**ateşkes" in done.stdout and f"./source?article={A004}&sent=" in done.stdout
    assert "  topic: Libya " in lines[-4] and lines[-3].startswith("  actor: ")
    actor = _cli("Bakanı", "--actor", "Hulusi Akar", "--from", "2020-01-01", "--out", str(seed_out))
    assert actor.returncode == 0 and "match 'Bakanı' (actor Hulusi Akar, dates 2020-01-01 to …)" in actor.stdout


@pytest.mark.parametrize("args, message", [
    (['"'], "newsgraph: nothing to search for"),
    (["ateşkes", "--topic", "Mars"], "newsgraph: unknown topic 'Mars'; known: Karabağ, Libya, İdlib"),
    (["ateşkes", "--from", "dün"], "newsgraph: from date 'dün' is not a date"),
])
def test_cli_errors_are_one_line(seed_out, args, message):
    done = _cli(*args, "--out", str(seed_out))
    assert done.returncode == 1 and done.stderr.startswith(message) and len(done.stderr.splitlines()) == 1


def test_cli_without_tables_says_to_build(tmp_path):
    done = _cli("ateşkes", "--out", str(tmp_path / "none"))
    assert done.returncode == 1 and "run: python -m newsgraph build" in done.stderr


# -- the index written beside the overlay: in a process of its own for a large build ------------
def index_contents(out) -> list[tuple[list, list]]:
    """Per index file, in part order: every word instance it holds (fts5vocab) and its articles table."""
    import sqlite3
    from contextlib import closing
    contents = []
    for path in searchindex.part_files(store.current_dir(out)):
        with closing(sqlite3.connect(path)) as con:
            con.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, fts, 'instance')")
            contents.append((con.execute("SELECT * FROM temp.words ORDER BY 1, 2, 3, 4").fetchall(),
                             con.execute("SELECT * FROM articles ORDER BY n").fetchall()))
    return contents


@pytest.fixture
def generated(tmp_path):
    """A raw folder large enough for the process pool and the index's own process."""
    from benchmarks.scaler import make_article
    from newsgraph.jobs.build import PARALLEL_MIN
    raw = tmp_path / "generated"
    raw.mkdir()
    for i in range(PARALLEL_MIN + 6):
        (raw / f"a{i:04d}.txt").write_text(make_article(i, seed=3), encoding="utf-8")
    return raw


def _indexed_by_pid(build_dir, plan):
    """The index written, and the process that wrote it told (the test's stand-in for _write_index)."""
    (build_dir.parent.parent / "indexed-by").write_text(str(os.getpid()))
    searchindex.write_parts(build_dir, plan)


def _dies(build_dir, plan):
    """A process that dies without a word (in the test's own process, an error instead)."""
    if os.getpid() == int(os.environ["TEST_SEARCH_BUILDER"]):
        raise RuntimeError("the index was not written in a process of its own")
    os._exit(3)


@pytest.mark.parametrize("method", ["fork", "spawn"])   # fork from the CLI, spawn inside the Streamlit server
def test_a_large_build_indexes_in_a_process_of_its_own_the_same_as_in_a_thread(generated, tmp_path, monkeypatch,
                                                                               method):
    import multiprocessing
    from newsgraph.jobs import build as jobs_build
    build(generated, tmp_path / "thread", backend="rules", workers=1)          # one worker: the index in a thread
    monkeypatch.setattr(jobs_build, "_write_index", _indexed_by_pid)
    monkeypatch.setattr(jobs_build, "_mp_context", lambda: multiprocessing.get_context(method))
    build(generated, tmp_path / "process", backend="rules", workers=2)
    assert int((tmp_path / "indexed-by").read_text()) != os.getpid()
    assert index_contents(tmp_path / "process") == index_contents(tmp_path / "thread") != []


def test_an_index_process_that_dies_is_made_up_for_here(generated, tmp_path, monkeypatch, capsys):
    from newsgraph.jobs import build as jobs_build
    build(generated, tmp_path / "thread", backend="rules", workers=1)
    monkeypatch.setattr(jobs_build, "_write_index", _dies)
    monkeypatch.setenv("TEST_SEARCH_BUILDER", str(os.getpid()))
    build(generated, tmp_path / "process", backend="rules", workers=2)
    assert "the search index process failed; indexing in this process" in capsys.readouterr().err
    assert index_contents(tmp_path / "process") == index_contents(tmp_path / "thread") != []
    assert found(search(Reader(tmp_path / "process"), "Lavrov")) == found(search(Reader(tmp_path / "thread"), "Lavrov")) != set()
