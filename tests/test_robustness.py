"""Cache integrity under stress: broken registries, builds killed half-way, builds at once,
tables of an older schema — the previous tables keep serving and the next build recovers."""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT, SEED_IDS, SEEDS, TABLES
from newsgraph import settings
from newsgraph.cli import main
from newsgraph.storage import store
from newsgraph.jobs.build import build
from newsgraph.base.errors import BuildError, CacheMissing, IngestError
from newsgraph.ingest import ingest_file
from newsgraph.jobs.upload import Incoming, add_uploads
from newsgraph.storage.schema import SCHEMA_VERSION

BROKEN_LINE = 7          # the line broken_data_dir breaks
ARTICLE = "Lavrov Ankara'da\n\nRusya Dışişleri Bakanı Sergey Lavrov, Mevlüt Çavuşoğlu ile Ankara'da görüştü.\n"


def data_copy(tmp_path: Path) -> Path:
    """A private copy of the curated data (registry files and lexicon), to break."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("raw", "processed", ".*", "models"))
    return data


def broken_data_dir(tmp_path: Path, name: str) -> tuple[Path, int]:
    """A copy of data/ whose `name` has a tab-indented line inserted as line 7: (dir, 7)."""
    data = data_copy(tmp_path)
    lines = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(BROKEN_LINE - 1, "\tbozuk: sekme ile girinti\n")
    (data / name).write_text("".join(lines), encoding="utf-8")
    return data, BROKEN_LINE


def cli(*args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **kwargs)


def snapshot(out: Path) -> tuple[str, dict]:
    """Which build `out` points at and its row counts, read through the store."""
    return os.path.realpath(out), {name: len(store.read_table(out, name)) for name in TABLES}


def corpus(raw: Path, n: int) -> Path:
    """n articles: copies of the seeds, each with its own closing paragraph."""
    raw.mkdir(parents=True)
    for i in range(n):
        src = SEEDS[i % len(SEEDS)]
        (raw / f"{src.stem[:3]}_{i:04d}.txt").write_bytes(
            src.read_bytes() + f"\n\nEk paragraf {i}: heyet Ankara'da toplandı.\n".encode())
    return raw


# --- a malformed registry --------------------------------------------------------------

@pytest.mark.parametrize("name", ["actors.yaml", "topics.yaml"])
def test_malformed_registry_names_the_line_and_the_last_tables_serve(raw_copy, tmp_path, name):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    before = snapshot(out)
    data, line = broken_data_dir(tmp_path, name)
    (raw_copy / "new.txt").write_text("Yeni\n\nAkar 5 Mart 2020'de Şoygu ile görüştü.\n", encoding="utf-8")
    done = cli("build", "--raw", str(raw_copy), "--out", str(out), env={"NEWSGRAPH_DATA": str(data)})
    assert done.returncode == 1
    assert done.stderr.strip() == (f"newsgraph: registry error, nothing rebuilt (the last good tables stay): "
                                   f"{data / name}:{line}: YAML syntax error: found character '\\t' that cannot "
                                   "start any token")
    assert snapshot(out) == before


def test_semantic_registry_error_in_process(raw_copy, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    before = snapshot(out)
    text = (ROOT / "data" / "topics.yaml").read_text(encoding="utf-8")
    data = data_copy(tmp_path)
    (data / "topics.yaml").write_text(text.replace("weight: 2", "weight: 3", 1), encoding="utf-8")
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "weight: 2" in l)
    monkeypatch.setattr(settings, "DATA_DIR", data)
    with pytest.raises(BuildError, match=rf"topics\.yaml:{line}: 'weight' must be one of 1, 2, not '3'"):
        build(raw_copy, out, backend="rules", workers=1)
    assert snapshot(out) == before


DEEP = 60000             # levels of nesting that segfaulted the CLI and, through an upload, the dashboard


def deep_data_dir(tmp_path: Path) -> tuple[Path, int]:
    """A copy of data/ whose actors.yaml ends with a value nested DEEP levels: (dir, its line)."""
    data = data_copy(tmp_path)
    text = (data / "actors.yaml").read_text(encoding="utf-8")
    (data / "actors.yaml").write_text(text + "\nextra: " + "[" * DEEP + "]" * DEEP + "\n", encoding="utf-8")
    return data, text.count("\n") + 2


def test_deeply_nested_yaml_stops_the_cli_with_file_and_line(raw_copy, tmp_path):
    data, line = deep_data_dir(tmp_path)
    done = cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"), env={"NEWSGRAPH_DATA": str(data)},
               timeout=300)
    assert done.returncode == 1, (done.returncode, done.stderr[-500:])          # -11 was the segfault
    assert done.stderr.strip() == (f"newsgraph: registry error, nothing rebuilt (the last good tables stay): "
                                   f"{data / 'actors.yaml'}:{line}: nested more than 50 levels deep "
                                   "(these files need 5 at most)")


def test_deeply_nested_yaml_during_an_upload_leaves_the_server_standing(raw_copy, tmp_path):
    """The Add page's build runs in a thread of the server process: its outcome is an error message."""
    data, line = deep_data_dir(tmp_path)
    script = ("import sys; from pathlib import Path; from newsgraph.jobs.upload import BuildJob\n"
              "job = BuildJob(Path(sys.argv[1]), Path(sys.argv[2])); job.join()\n"
              "print(job.outcome()[0]); print(job.outcome()[1])")
    done = subprocess.run([sys.executable, "-c", script, str(raw_copy), str(tmp_path / "out")], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "NEWSGRAPH_DATA": str(data)}, timeout=300)
    assert done.returncode == 0, (done.returncode, done.stderr[-500:])
    level, message = done.stdout.splitlines()
    assert level == "error" and message.startswith("The files are saved, but the build stopped: registry error")
    assert f"actors\\.yaml\\:{line}\\: nested more than 50 levels deep" in message      # escaped for markdown


def test_nul_byte_in_yaml_is_a_registry_error_not_an_internal_one(raw_copy, tmp_path):
    data = data_copy(tmp_path)
    lines = (data / "events.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[11] = lines[11].rstrip("\n") + "\x00\n"
    (data / "events.yaml").write_text("".join(lines), encoding="utf-8")
    done = cli("build", "--raw", str(raw_copy), "--out", str(tmp_path / "out"), env={"NEWSGRAPH_DATA": str(data)})
    assert done.returncode == 1 and "internal error" not in done.stderr
    assert f"{data / 'events.yaml'}:12: character U+0000 is not allowed in YAML" in done.stderr


# --- a build killed half-way -----------------------------------------------------------

def _start_build(raw: Path, out: Path) -> subprocess.Popen:
    """`python -m newsgraph build` in its own process group (so its workers die with it)."""
    return subprocess.Popen([sys.executable, "-m", "newsgraph", "build", "--raw", str(raw), "--out", str(out),
                             "--backend", "rules", "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def _kill(proc: subprocess.Popen) -> int:
    os.killpg(proc.pid, signal.SIGKILL)          # the group this test started, by its id
    return proc.wait(timeout=30)


def _wait_for(condition, proc: subprocess.Popen, timeout: float = 300) -> bool:
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


@pytest.mark.slow
def test_build_killed_half_way_leaves_the_previous_tables(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    before = snapshot(out)
    big = corpus(tmp_path / "big", 2000)
    for p in raw_copy.iterdir():
        shutil.copy(p, big / p.name)
    proc = _start_build(big, out)                                  # killed while analysing
    time.sleep(3)
    assert _kill(proc) == -signal.SIGKILL
    assert snapshot(out) == before
    builds = store.builds_dir(out)
    proc = _start_build(big, out)                                  # killed while writing the tables
    writing = _wait_for(lambda: any(d.name.endswith(".tmp") for d in builds.iterdir()), proc)
    assert writing and _kill(proc) == -signal.SIGKILL
    assert snapshot(out) == before
    assert [d for d in builds.iterdir() if d.name.endswith(".tmp")]       # the half-written build is there
    for p in sorted(big.iterdir())[10:]:
        p.unlink()
    report = build(big, out, backend="rules", workers=1)               # a later build succeeds and cleans up
    assert report.n_articles == 10 and snapshot(out)[1]["articles"] == 10
    assert not [d for d in builds.iterdir() if d.name.endswith(".tmp")]


def test_abandoned_build_dirs_and_links_are_removed_by_the_next_build(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    stale = store.new_build_dir(out)                    # as a build killed a second ago leaves it
    (stale / "articles.parquet").write_bytes(b"PAR1 half")
    (tmp_path / ".processed.link-dead").symlink_to(stale)
    build(raw_copy, out, backend="rules", workers=1, force=True)
    assert not stale.exists() and not (tmp_path / ".processed.link-dead").is_symlink()
    assert len(list(store.builds_dir(out).iterdir())) <= store.KEEP_BUILDS


# --- a full disk (#21) -------------------------------------------------------------------

def fill_disk_at(monkeypatch, module, name: str, after: int = 0) -> None:
    """`module.name` (a writing function) raises ENOSPC once it has run `after` times."""
    real, calls = getattr(module, name), []

    def write(*args, **kwargs):
        calls.append(1)
        if len(calls) > after:
            raise OSError(errno.ENOSPC, "No space left on device", str(args[1] if len(args) > 1 else ""))
        return real(*args, **kwargs)
    monkeypatch.setattr(module, name, write)


@pytest.mark.parametrize("where", ["parquet", "link"])
def test_a_build_that_fills_the_disk_removes_its_folder_and_the_retry_succeeds(raw_copy, tmp_path, monkeypatch,
                                                                               capsys, where):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    before = snapshot(out)
    stale = store.new_build_dir(out)                      # a build killed earlier: its space is needed now
    (stale / "articles.parquet").write_bytes(b"PAR1" * 1000)
    (raw_copy / "yeni.txt").write_text("Yeni\n\nAkar 5 Mart 2020'de Şoygu ile görüştü.\n", encoding="utf-8")
    if where == "parquet":
        fill_disk_at(monkeypatch, pq, "write_table", after=3)       # some parts written, then no room
    else:
        fill_disk_at(monkeypatch, os, "symlink")                    # everything written but the new link
    assert main(["build", "--raw", str(raw_copy), "--out", str(out), "--backend", "rules", "--workers", "1"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("newsgraph: no space left on the disk (") and err.endswith(
        f"): the build stopped, its temporary folder was removed and the previous tables in {out} keep serving; "
        "free some space and build again")
    assert snapshot(out) == before
    assert sorted(d.name for d in store.builds_dir(out).iterdir()) == [Path(before[0]).name]   # nothing else left
    assert not list(tmp_path.glob(".processed.link-*"))
    monkeypatch.undo()                                      # space again
    report = build(raw_copy, out, backend="rules", workers=1)
    assert report.n_articles == 6 and snapshot(out)[1]["articles"] == 6


# --- two builds at once ----------------------------------------------------------------

def test_two_builds_at_once_are_serialized(tmp_path):
    raw = corpus(tmp_path / "raw", 150)
    single = build(raw, tmp_path / "single", backend="rules", workers=1)
    out = tmp_path / "processed"
    args = ["build", "--raw", str(raw), "--out", str(out), "--backend", "rules", "--workers", "1"]
    procs = [subprocess.Popen([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]
    assert [r[0] for r in results] == [0, 0], results
    assert sum("waiting for another build to finish" in r[2] for r in results) == 1
    assert sorted(r[1].split("(")[1].split(")")[0] for r in results) == ["0 processed, 150 unchanged",
                                                                         "150 processed, 0 unchanged"]
    assert snapshot(out)[1] == single.rows == store.read_manifest(out)["rows"]


# --- tables of an older schema ---------------------------------------------------------

def test_older_schema_is_rebuilt_not_read(raw_copy, tmp_path, monkeypatch):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    for name in (store.MANIFEST, store.SUMMARY):               # tables written under schema 1
        path = store.current_dir(out) / name
        path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), "schema_version": 1}), encoding="utf-8")
    with pytest.raises(CacheMissing, match=f"use schema 1, this code reads {SCHEMA_VERSION}; run: python -m newsgraph build"):
        store.read_manifest(out)
    monkeypatch.setenv("NEWSGRAPH_PROCESSED", str(out))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception and "python -m newsgraph build" in at.warning[0].value
    report = build(raw_copy, out, backend="rules", workers=1)
    assert (report.n_processed, report.n_reused) == (5, 0)
    assert store.read_manifest(out)["schema_version"] == SCHEMA_VERSION
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert {m.label: m.value for m in at.metric}["Articles"] == "5"


def test_link_to_a_deleted_build_is_a_missing_cache_then_rebuilt(raw_copy, tmp_path):
    out = tmp_path / "processed"
    build(raw_copy, out, backend="rules", workers=1)
    shutil.rmtree(store.builds_dir(out))
    with pytest.raises(CacheMissing):
        store.read_manifest(out)
    assert build(raw_copy, out, backend="rules", workers=1).n_processed == 5
    assert snapshot(out)[1]["articles"] == 5


# --- hostile metadata ------------------------------------------------------------------

def test_metadata_url_that_is_not_http_is_ignored(raw_copy, tmp_path):
    (raw_copy / "metadata.csv").write_text(
        "article_id,url,source,published\n"
        f"{SEED_IDS[0]},javascript:alert(document.cookie),AA,\n{SEED_IDS[1]},https://aa.com.tr/x,AA,\n", encoding="utf-8")
    report = build(raw_copy, tmp_path / "out", backend="rules", workers=1)
    assert {"path": "metadata.csv:2", "reason": "url 'javascript:alert(document.cookie)' ignored: not an http(s) address"} \
        in report.problems
    urls = store.read_table(tmp_path / "out", "articles").set_index("article_id")["url"]
    assert urls[SEED_IDS[0]] is None and urls[SEED_IDS[1]] == "https://aa.com.tr/x"


# --- the raw folder is a boundary (#21) ------------------------------------------------

OUTSIDE_ARTICLE = "Dışarıdaki haber\n\nPutin, 5 Mart 2020'de Erdoğan ile Moskova'da görüştü.\n"
TRAPS = {      # what the build says of each thing put in the raw folder
    "linked": "link to a folder outside the raw folder, not followed: copy its files in",
    "inside": "link to a folder inside the raw folder, not followed (its files are read where they are)",
    "loop_a": "symbolic link loop, not followed",
    "loop_b": "symbolic link loop, not followed",
    "pipe.txt": "a FIFO (named pipe), not an article file",
    "dead.txt": "link to something that does not exist, not read",
    "x.txt": "a folder named like an article file (its files are read)",
    "secret.txt": "link pointing outside the raw folder, not read",
}


def raw_with_traps(tmp_path: Path) -> Path:
    """Two seeds, plus a linked folder outside, a link to a folder inside, a symlink loop, a FIFO,
    a dangling link, a folder named x.txt (holding an article) and a link to a file outside."""
    raw, outside = tmp_path / "raw", tmp_path / "outside"
    raw.mkdir()
    outside.mkdir()
    for p in SEEDS[:2]:
        shutil.copy(p, raw / p.name)
    (outside / "gizli.txt").write_text(OUTSIDE_ARTICLE, encoding="utf-8")
    (raw / "linked").symlink_to(outside)
    (raw / "sub").mkdir()
    (raw / "sub" / "alt.txt").write_text(OUTSIDE_ARTICLE.replace("Dışarıdaki", "Alt"), encoding="utf-8")
    (raw / "inside").symlink_to(raw / "sub")
    (raw / "loop_a").symlink_to(raw / "loop_b")
    (raw / "loop_b").symlink_to(raw / "loop_a")
    os.mkfifo(raw / "pipe.txt")                         # reading it would wait for a writer forever
    (raw / "dead.txt").symlink_to(tmp_path / "gone.txt")
    (raw / "x.txt").mkdir()
    (raw / "x.txt" / "icerde.txt").write_text(OUTSIDE_ARTICLE.replace("Dışarıdaki", "İçerideki"), encoding="utf-8")
    (raw / "secret.txt").symlink_to(outside / "gizli.txt")
    return raw


def test_the_raw_folder_is_a_boundary(tmp_path):
    raw = raw_with_traps(tmp_path)
    done = cli("build", "--raw", str(raw), "--out", str(tmp_path / "out"), "--backend", "rules", "--workers", "1",
               timeout=300)                             # a FIFO read would hang here, a loop fail the build
    assert done.returncode == 0, done.stderr
    assert sorted(done.stderr.splitlines()) == sorted(f"newsgraph: skipped {p}: {r}" for p, r in TRAPS.items())
    assert "built 4 articles" in done.stdout and f"{len(TRAPS)} problem file(s)" in done.stdout
    articles = store.read_table(tmp_path / "out", "articles")
    assert set(articles["article_id"]) == {*SEED_IDS[:2], "alt", "icerde"}      # never gizli, from outside
    assert not articles["text"].str.contains("Dışarıdaki").any()


def test_adding_beside_the_traps_reads_nothing_outside_and_replaces_nothing(tmp_path):
    raw = raw_with_traps(tmp_path)
    report = add_uploads([Incoming("gizli.txt", OUTSIDE_ARTICLE.encode()), Incoming("pipe.txt", ARTICLE.encode()),
                          Incoming("dead.txt", ARTICLE.replace("Ankara", "Soçi").encode()),
                          Incoming("x.txt", ARTICLE.replace("Ankara", "Bakü").encode())], raw)
    assert [(o.status, Path(o.detail).name) for o in report.outcomes] == [
        ("saved", "gizli.txt"), ("saved", "pipe-2.txt"), ("saved", "dead-2.txt"), ("saved", "x-2.txt")]
    assert (raw / "pipe.txt").is_fifo() and (raw / "dead.txt").is_symlink() and (raw / "x.txt").is_dir()


def test_reading_a_fifo_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")                    # as if swapped in after the folder was listed
    with pytest.raises(IngestError, match="a FIFO"):
        ingest_file(tmp_path / "pipe.txt")
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(IngestError, match="a folder, not an article file"):
        ingest_file(tmp_path / "folder.txt")


# --- found by the property test --------------------------------------------------------------

def test_an_article_with_a_meeting_and_no_date_builds(raw_copy, tmp_path):
    (raw_copy / "tarihsiz.txt").write_text("Lavrov Ankara'da\n\nRusya Dışişleri Bakanı Sergey Lavrov, Dışişleri "
                                           "Bakanı Mevlüt Çavuşoğlu ile Ankara'da görüştü.\n", encoding="utf-8")
    build(raw_copy, tmp_path / "out", backend="rules", workers=1)      # the seeds' meetings have dates, this one none
    meetings = store.read_table(tmp_path / "out", "meetings")
    assert meetings.loc[meetings["article_id"] == "tarihsiz", "date"].isna().all()
