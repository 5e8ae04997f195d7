"""The dask engine (newsgraph/jobs/engines.py) on a real local Dask cluster: the same tables as the
in-process pool, row for row; its own local cluster started and closed; clear errors when the
scheduler cannot be reached, a worker runs other code, or the engine does not fit the build."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys

import dask
import pandas as pd
import psutil
import pytest
from distributed import LocalCluster

from benchmarks.scaler import make_article
from conftest import RAW, ROOT, TABLES
from newsgraph.base.errors import BuildError
from newsgraph.jobs.build import build
from newsgraph.storage import store
from newsgraph.views import netstore, stored

N = 300                                          # ten chunks: arrivals out of order are likely


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded worker processes, as `--engine dask` starts on this machine."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}) as local:
        yield local


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    raw = tmp_path_factory.mktemp("generated")
    for i in range(N):
        (raw / f"g{i:04d}.txt").write_text(make_article(i, seed=11), encoding="utf-8")
    return raw


def assert_same_tables(a, b) -> None:
    """Every table and view of two builds equal, in the same row order."""
    for name in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(a / f"{name}.parquet"), pd.read_parquet(b / f"{name}.parquet"),
                                      obj=name)
    for name in stored.VIEWS:
        pd.testing.assert_frame_equal(*(stored.read(store.current_dir(out), name) for out in (a, b)), obj=name)
    for name in netstore.FILES:                      # the meeting pairs and the default network
        pd.testing.assert_frame_equal(*(pd.read_feather(netstore.folder(store.current_dir(out)) / name) for out in (a, b)),
                                      obj=name)


def _cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env})


@pytest.mark.parametrize("corpus", ["seeds", "generated"])
def test_dask_gives_the_tables_of_the_pool(corpus, cluster, generated, tmp_path):
    raw = RAW if corpus == "seeds" else generated
    pool = build(raw, tmp_path / "pool", backend="rules", workers=2)
    seen: list[tuple[int, int]] = []
    dask = build(raw, tmp_path / "dask", backend="rules", workers=2, engine="dask",
                 scheduler=cluster.scheduler_address, progress=lambda done, total: seen.append((done, total)))
    assert (dask.n_articles, dask.rows, dask.problems) == (pool.n_articles, pool.rows, pool.problems)
    assert_same_tables(tmp_path / "pool", tmp_path / "dask")
    assert seen[-1] == (pool.n_articles, pool.n_articles)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)      # progress never goes back


def test_an_incremental_build_on_dask_equals_a_full_build(cluster, generated, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(generated, raw)
    out = tmp_path / "inc"
    build(raw, out, backend="rules", workers=2, engine="dask", scheduler=cluster.scheduler_address)
    for i in range(N, N + 5):
        (raw / f"g{i:04d}.txt").write_text(make_article(i, seed=11), encoding="utf-8")
    (raw / "g0007.txt").unlink()
    again = build(raw, out, backend="rules", workers=2, engine="dask", scheduler=cluster.scheduler_address)
    assert (again.n_processed, again.n_reused) == (5, N - 1)
    build(raw, tmp_path / "full", backend="rules", workers=1)
    assert_same_tables(out, tmp_path / "full")


# multiprocessing's helpers live as long as the process that first needed them, by design
_PROCESS_HELPERS = ("multiprocessing.resource_tracker",)


def _of_a_cluster(p: psutil.Process) -> bool:
    """Whether a process may be a cluster's (scheduler, nanny, worker: this interpreter), not a process
    another test left starting its own children (kaleido's Chromium starts utility processes later)
    nor one of multiprocessing's helpers (started by the first build in this process, whichever test ran it)."""
    try:
        return p.exe() == psutil.Process().exe() and not any(h in " ".join(p.cmdline()) for h in _PROCESS_HELPERS)
    except psutil.Error:                                   # gone already: nothing left running
        return False


def test_without_a_scheduler_the_build_starts_and_closes_its_own_cluster(seed_out, tmp_path):
    me = psutil.Process()
    before = {p.pid for p in me.children(recursive=True)}
    build(RAW, tmp_path / "out", backend="rules", workers=2, engine="dask")
    assert_same_tables(seed_out, tmp_path / "out")
    left = [p for p in me.children(recursive=True) if p.pid not in before and _of_a_cluster(p)]
    gone, alive = psutil.wait_procs(left, timeout=10)         # a closed cluster's processes exit
    assert not alive, [p.cmdline() for p in alive]


def test_cli_engine_dask_without_scheduler(seed_out, tmp_path):
    done = _cli("build", "--out", str(tmp_path / "out"), "--backend", "rules", "--engine", "dask", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("built 5 articles (5 processed, 0 unchanged)")
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert_same_tables(seed_out, tmp_path / "out")


def test_cli_unreachable_scheduler_is_one_clear_line(tmp_path):
    with socket.socket() as s:                   # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    done = _cli("build", "--out", str(tmp_path / "out"), "--backend", "rules", "--engine", "dask",
                "--scheduler", address, DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT="2s")
    assert done.returncode == 1
    assert done.stderr.startswith(f"newsgraph: cannot reach the Dask scheduler at {address} ")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("kwargs, message", [
    ({"scheduler": "tcp://127.0.0.1:8786"}, "used only by the dask engine"),
    ({"engine": "dask", "scheduler": "nonsense"}, "'nonsense' is not a scheduler address"),
    ({"engine": "dask", "backend": "stanza"}, "the stanza backend runs only in this process"),
    ({"engine": "spark"}, "unknown engine 'spark'"),
])
def test_an_engine_that_does_not_fit_is_refused_before_any_work(kwargs, message, tmp_path):
    with pytest.raises(BuildError, match=message):
        build(RAW, tmp_path / "out", **{"backend": "rules", **kwargs})
    assert not (tmp_path / "out").exists()


def _empty_cluster() -> LocalCluster:
    """A scheduler on this machine with no worker of its own."""
    return LocalCluster(n_workers=0, processes=True, dashboard_address=None,
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})


def test_a_scheduler_without_workers_is_an_error_not_a_hang(tmp_path):
    with _empty_cluster() as empty, dask.config.set({"distributed.comm.timeouts.connect": "2s"}):
        with pytest.raises(BuildError, match=f"the Dask scheduler at {empty.scheduler_address} has no worker"):
            build(RAW, tmp_path / "out", backend="rules", engine="dask", scheduler=empty.scheduler_address)
    assert not (tmp_path / "out").exists()


def test_a_worker_running_other_code_is_refused(tmp_path):
    """A worker started from another checkout (one file changed): its rows could differ, so the
    build stops with a message naming the scheduler and the worker, and publishes nothing."""
    other = tmp_path / "other"
    shutil.copytree(ROOT / "newsgraph", other / "newsgraph", ignore=shutil.ignore_patterns("__pycache__"))
    with (other / "newsgraph" / "analysis" / "topics.py").open("a", encoding="utf-8") as f:
        f.write("# another version\n")
    with _empty_cluster() as empty:
        worker = subprocess.Popen([sys.executable, "-m", "dask", "worker", empty.scheduler_address, "--nthreads", "1",
                                   "--no-dashboard"], cwd=other, env={**os.environ, "PYTHONPATH": str(other)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:                                     # the build waits for the worker to join
            with pytest.raises(BuildError) as err:
                build(RAW, tmp_path / "out", backend="rules", engine="dask", scheduler=empty.scheduler_address)
        finally:
            worker.terminate()
            worker.wait(30)
    assert str(err.value).startswith(f"build on the Dask scheduler at {empty.scheduler_address} failed: worker tcp://")
    assert "runs newsgraph code" in str(err.value) and not (tmp_path / "out").exists()
