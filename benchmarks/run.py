"""`make bench` → `python -m benchmarks.run [--sizes 1000,10000,100000] [--skip-ui] [--quick]`.

Runs the issue #7 measurements and writes docs/benchmarks.md and benchmarks/results.json.
`--scaling` measures only full builds with both engines (pool, dask) for docs/scaling.md.
Everything it builds lives under benchmarks/work/ (gitignored), corpora under
benchmarks/corpora/<N>/ (gitignored, reused while the generator and seeds are unchanged).
A step that fails is recorded with its error and the run goes on.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import traceback
from pathlib import Path

from benchmarks import ROOT
from benchmarks.pathological import pathological
from benchmarks.phases import PhaseTimer
from benchmarks.report import big_ui_keys

WORK = ROOT / "benchmarks" / "work"
RESULTS = ROOT / "benchmarks" / "results.json"
DOCS = ROOT / "docs" / "benchmarks.md"
CORES = 2
INCREMENT = 10


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the build's pool workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _fresh(path: Path) -> Path:
    """An empty out path (also removes the build store's hidden siblings)."""
    for p in (path, path.parent / f".{path.name}.builds", path.parent / f".{path.name}.lock"):
        if p.is_symlink() or p.is_file():
            p.unlink()
        elif p.exists():
            shutil.rmtree(p)
    return path


def raw_copy(corpus: Path, dst: Path) -> Path:
    """A private raw folder of hard links to the corpus (so the increment never touches it)."""
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for p in corpus.glob("*.txt"):
        os.link(p, dst / p.name)
    return dst


def timed_build(raw: Path, out: Path, label: str, engine: str = "pool") -> dict:
    """One in-process build with phase timers: seconds, CPU, throughput, phases. On the dask
    engine the build starts (and closes) its own local cluster, as `--engine dask` does; the
    workers' CPU is counted once they exit (they are this process's children either way)."""
    from newsgraph.jobs.build import build
    timer = PhaseTimer()
    load0, cpu0 = _load(), _cpu()
    with timer.active():
        t0 = time.perf_counter()
        report = build(raw, out, backend="rules", workers=CORES, engine=engine)
        seconds = time.perf_counter() - t0
    cpu1 = _cpu()
    own, workers = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    cpu = own + workers
    # On an idle machine the parent's work is serial and the workers' is split over the cores.
    idle = own + workers / CORES
    n = report.n_processed + report.n_reused
    row = {"label": label, "articles": n, "processed": report.n_processed, "reused": report.n_reused,
           "seconds": round(seconds, 3), "articles_per_s": round(n / seconds, 1), "cpu_s": round(cpu, 2),
           "cpu_parent_s": round(own, 2), "cpu_workers_s": round(workers, 2),
           "idle_estimate_s": round(idle, 2), "idle_estimate_articles_per_s": round(n / idle, 1) if idle else None,
           "cpu_ms_per_processed_article": round(1000 * cpu / report.n_processed, 2) if report.n_processed else None,
           "rows": report.rows, "problems": len(report.problems), "load_before": load0, "load_after": _load(),
           "engine": engine, "phases": timer.table(seconds), **_stages(timer.table(seconds), seconds)}
    log(f"{label}: {n} articles ({report.n_processed} processed) in {seconds:.2f}s = {n / seconds:.1f}/s, CPU {cpu:.1f}s")
    return row


MAP_PHASE = "per-article stages (pool)"          # PhaseTimer's name for build._process, on either engine


def _stages(phases: list[dict], seconds: float) -> dict:
    """The build cut at the map: before it (listing, hashing, reading the last build), the map itself,
    and everything after it on the build's machine (the overlay: corpus-wide stages, the map's and the
    overlay's writes, views, manifest, publish) as the rest of the wall time; the corpus-wide stages
    proper are the sum of the phases named 'corpus: …'."""
    names = [p["phase"] for p in phases]
    if MAP_PHASE not in names:
        return {}
    cut = names.index(MAP_PHASE)
    before, mapped = sum(p["seconds"] for p in phases[:cut]), phases[cut]["seconds"]
    return {"before_map_s": round(before, 3), "map_s": round(mapped, 3),
            "after_map_s": round(seconds - before - mapped, 3),
            "corpus_stages_s": round(sum(p["seconds"] for p in phases if p["phase"].startswith("corpus:")), 3)}


def cli_build(raw: Path, out: Path) -> dict:
    """Wall time of `python -m newsgraph build` (a new interpreter, imports included)."""
    cmd = [sys.executable, "-m", "newsgraph", "build", "--raw", str(raw), "--out", str(_fresh(out)),
           "--backend", "rules", "--workers", str(CORES)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    n = len(list(raw.glob("*.txt")))
    log(f"CLI build: {wall:.1f}s (exit {proc.returncode})")
    return {"command": " ".join(["python", "-m", "newsgraph", "build", "--raw", "<raw>", "--out", "<out>", "--backend",
                                 "rules", "--workers", str(CORES)]),
            "seconds": round(wall, 2), "articles_per_s": round(n / wall, 1), "exit": proc.returncode,
            "stderr_tail": proc.stderr[-400:] if proc.returncode else None}


def article_profile(raw: Path, n: int = 300, top: int = 25) -> dict:
    """Per-article stages in one process: ms per article by stage, and the top functions."""
    import cProfile
    import io
    import pstats
    from newsgraph.ingest.rawfiles import list_raw
    from newsgraph.analysis.analyze import analyze_batch, make_context
    from newsgraph.base.registry import load_registry
    ctx = make_context(load_registry(), "rules")
    files = list_raw(raw)[0][:n]
    analyze_batch(files[:10], ctx)
    c0, t0 = time.process_time(), time.perf_counter()
    analyze_batch(files, ctx)
    cpu, wall = time.process_time() - c0, time.perf_counter() - t0
    timings: dict[str, float] = {}                      # the runner times each declared stage
    t1 = time.perf_counter()
    analyze_batch(files, ctx, timings)
    timed = time.perf_counter() - t1
    stages = [{"phase": name, "seconds": round(sec, 3), "share": round(sec / timed, 4) if timed else None,
               "ms_per_article": round(1000 * sec / len(files), 2)} for name, sec in timings.items()]
    prof = cProfile.Profile()
    prof.enable()
    analyze_batch(files, ctx)
    prof.disable()
    buf = io.StringIO()
    stats = pstats.Stats(prof, stream=buf)
    rows = []
    for sort in ("cumulative", "tottime"):
        stats.sort_stats(sort)
        for fn in stats.fcn_list[:top]:
            cc, nc, tt, ct, _ = stats.stats[fn]
            rows.append({"sort": sort, "function": f"{Path(fn[0]).name}:{fn[1]}({fn[2]})", "calls": nc,
                         "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    return {"articles": len(files), "cpu_ms_per_article": round(1000 * cpu / len(files), 2),
            "wall_ms_per_article": round(1000 * wall / len(files), 2), "stages": stages, "top_functions": rows}


def env_info() -> dict:
    import platform
    from importlib.metadata import PackageNotFoundError, version
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())

    def ver(pkg: str) -> str | None:
        try:
            return version(pkg)
        except PackageNotFoundError:
            return None

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "unknown"
        except OSError:
            return "unknown"

    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "nproc": os.cpu_count(), "ram_gib": round(mem / 1024 ** 2, 1),
            "cpu": cpu, "python": platform.python_version(), "platform": platform.platform(),
            "packages": {p: ver(p) for p in ("streamlit", "pandas", "pyarrow", "plotly", "spacy", "playwright", "dask",
                                             "distributed")},
            "git_head": (head := git("rev-parse", "--short", "HEAD")),
            "git_dirty_files": (len(dirty.splitlines()) if (dirty := git("status", "--porcelain")) != "unknown" else 0)
            if head != "unknown" else None,        # git() says "unknown" for an empty answer: a clean tree
            "load_at_start": _load()}


def step(details: dict, name: str, fn, *args, **kwargs):
    """Run one measurement; on failure record the error and go on."""
    log(f"— {name}")
    try:
        details[name] = fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - one failed measurement never stops the others
        details[name] = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-2000:]}
        log(f"{name} FAILED: {type(exc).__name__}: {exc}")
    _checkpoint(details)
    return details[name]


def _checkpoint(details: dict) -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "last-run.json").write_text(json.dumps(details, ensure_ascii=False, indent=1, default=str))


def corpora(sizes: list[int]) -> dict:
    from benchmarks.scaler import STAMP, is_current, make_corpus
    out = {}
    for n in sizes:
        reused = is_current(n)
        t0 = time.perf_counter()
        path = make_corpus(n)
        seconds = time.perf_counter() - t0
        stamp = json.loads((path / STAMP).read_text())
        if not reused or "seconds" not in stamp:
            stamp["seconds"] = round(seconds, 2)
            (path / STAMP).write_text(json.dumps(stamp))
        out[str(n)] = {"path": str(path.relative_to(ROOT)), "generated_s": stamp["seconds"], "reused": reused,
                       "mb": round(sum(p.stat().st_size for p in path.glob("*.txt")) / 1e6, 1)}
        log(f"corpus {n}: {out[str(n)]}")
    return out


def incremental(raw: Path, out: Path, main: int, full_seconds: float) -> dict:
    """Add INCREMENT new articles to the raw folder and build again."""
    from benchmarks.scaler import make_corpus
    extra = make_corpus(INCREMENT, WORK / "extra", start=10_000_000)
    noop = timed_build(raw, out, "no-op rebuild (nothing changed)")
    for p in extra.glob("*.txt"):
        shutil.copy2(p, raw / p.name)
    row = timed_build(raw, out, f"incremental (+{INCREMENT} articles)")
    row["fraction_of_full"] = round(row["seconds"] / full_seconds, 4)
    row["noop"] = noop
    return row


def big_build(n: int, main_row: dict, budget_min: float, engine: str = "pool") -> dict:
    """The 100k build, when its projection (linear from the main build) fits the budget."""
    from benchmarks.scaler import make_corpus
    projected = main_row["seconds"] * n / main_row["articles"]
    if projected > budget_min * 60:
        log(f"{n} build skipped: projected {projected / 60:.0f} min > budget {budget_min:.0f} min")
        return {"skipped": True, "projected_s": round(projected), "budget_s": round(budget_min * 60)}
    raw = make_corpus(n)
    if engine == "pool":                         # private: the increment goes into it afterwards
        raw = raw_copy(raw, WORK / f"raw-{n}")
    return timed_build(raw, _fresh(WORK / _out_name(n, engine)), _label(n, engine), engine)


def _out_name(n: int, engine: str) -> str:
    return f"out-{n}" if engine == "pool" else f"out-{n}-{engine}"


def _label(n: int, engine: str) -> str:
    return f"full build {n}" if engine == "pool" else f"full build {n}, {engine} engine (local cluster)"


def scaling(sizes: list[int]) -> int:
    """`--scaling`: a full build of each size on both engines, nothing else (docs/scaling.md).
    Writes benchmarks/work/scaling.json (not last-run.json: the full run's figures stay) and
    prints the table."""
    from benchmarks.scaler import make_corpus
    details: dict = {"machine": env_info(), "sizes": sizes, "builds": []}
    _warm_up()
    for n in sizes:
        raw = make_corpus(n)
        for engine in ("pool", "dask"):
            log(f"— {_label(n, engine)}")
            try:
                row = timed_build(raw, _fresh(WORK / _out_name(n, engine)), _label(n, engine), engine)
            except Exception as exc:  # noqa: BLE001 - one failed measurement never stops the others
                row = {"label": _label(n, engine), "error": f"{type(exc).__name__}: {exc}"}
                log(f"FAILED: {row['error']}")
            details["builds"].append(row)
            _fresh(WORK / _out_name(n, engine))      # 100k tables are GBs: keep none
            (WORK / "scaling.json").write_text(json.dumps(details, ensure_ascii=False, indent=1, default=str))
    details["machine"]["load_at_end"] = _load()
    (WORK / "scaling.json").write_text(json.dumps(details, ensure_ascii=False, indent=1, default=str))
    print("\n".join(scaling_table(details["builds"])))
    return 0


def scaling_table(rows: list[dict]) -> list[str]:
    """Markdown rows: engine, articles, wall s, articles/s, map s, after-map s, corpus stages s, CPU,
    the idle-machine estimate (parent CPU + workers' CPU / 2, as in docs/benchmarks.md), load."""
    out = ["| engine | articles | wall s | articles/s | map s | after the map s | corpus-wide stages s | "
           "CPU s parent + workers | idle-machine estimate, articles/s | load avg before → after |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        if "seconds" in r:
            out.append(f"| {r['engine']} | {r['articles']:,} | {r['seconds']:.1f} | {r['articles_per_s']:,.1f} | "
                       f"{r.get('map_s', 0):.1f} | {r.get('after_map_s', 0):.1f} | {r.get('corpus_stages_s', 0):.1f} | "
                       f"{r['cpu_parent_s']:.0f} + {r['cpu_workers_s']:.0f} | {r['idle_estimate_articles_per_s']:,.1f} | "
                       f"{r['load_before'][0]} → {r['load_after'][0]} |")
    return out


def _warm_up() -> None:
    """Imports and a build of the five seeds, so the first measured build pays for neither."""
    log("warm-up: imports and a build of the five seeds")
    from newsgraph import settings
    from newsgraph.jobs.build import build
    try:
        build(settings.RAW_DIR, _fresh(WORK / "warmup"), backend="rules", workers=1)
    except Exception as exc:  # noqa: BLE001 - the measured builds will report it
        log(f"warm-up build failed: {exc}")


def search_timing(processed: Path) -> dict:
    """Search at the size of `processed` (issue #20): the index's build time and size, query times."""
    from benchmarks.search_bench import measure
    return measure(processed)


def ui(processed: Path, repeat: int, warm: int, browser: bool, label: str, cold_browser: bool = True) -> dict:
    from benchmarks import ui_bench
    log(f"UI on {label} ({processed})")
    server = ui_bench.server_side(processed, repeat=repeat, warm=warm, filters=2 if repeat > 1 else 1, log=log)
    floors = ui_bench.floors(processed, repeat=repeat, log=log)
    kinds = {k: v.get("kind", "title") for k, v in server.items()}
    br = step_safe(lambda: ui_bench.browser_side(processed, kinds, repeat=repeat, warm=warm, log=log,
                                                 cold=cold_browser)) if browser else None
    summary = ui_bench.summarize(server, br if isinstance(br, dict) and "error" not in br else None, floors)
    return {"tables": label, "server": server, "floors": floors, "browser": br, "summary": summary}


def step_safe(fn):
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001
        log(f"browser part FAILED: {exc}")
        return {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-1500:]}


def headline(d: dict) -> dict:
    """The headline figures of results.json."""
    full = d.get("build_full") or {}
    inc = d.get("incremental") or {}
    cmp_ = d.get("spacy") or {}
    ui10 = (d.get("ui") or {}).get("summary") or {}
    spacy_best = max((s["articles_per_s"] for s in cmp_.get("spacy", []) if s.get("variant") == "apostrophe"), default=None)
    build_rate = full.get("articles_per_s")
    return {"build_articles_per_s": build_rate,
            "spacy_ratio": round(build_rate / spacy_best, 3) if build_rate and spacy_best else None,
            "incremental_fraction": inc.get("fraction_of_full"),
            "page_ratio_max": ui10.get("page_ratio_max"),
            "page_ratio_preloaded_max": ui10.get("page_ratio_preloaded_max"),
            "incremental_s": inc.get("seconds"),
            "incremental_s_100000": (d.get("incremental_100000") or {}).get("seconds"),
            "filter_ms": ui10.get("filter_ms"),
            "app_peak_mb": ui10.get("app_peak_mb")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000", help="corpus sizes (default 1000,10000,100000)")
    ap.add_argument("--skip-ui", action="store_true", help="no dashboard measurements (item 4)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 1k only, one repetition; still writes both files")
    ap.add_argument("--repeat", type=int, default=3, help="repetitions of each UI timing (medians reported)")
    ap.add_argument("--budget-min", type=float, default=30.0, help="largest projected 100k build to run, in minutes")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI wall-time build")
    ap.add_argument("--no-browser", action="store_true", help="server-side UI timings only")
    ap.add_argument("--note", default="", help="a remark printed in docs/benchmarks.md (e.g. a local patch)")
    ap.add_argument("--mem-limit-mb", type=float, default=10_000,
                    help="stop an app server or AppTest process whose resident memory passes this (default 10000)")
    ap.add_argument("--scaling", action="store_true",
                    help="only full builds of each size (--sizes) on both engines, pool and dask (docs/scaling.md)")
    ap.add_argument("--report-only", action="store_true",
                    help="only rewrite docs/benchmarks.md and results.json from benchmarks/work/last-run.json")
    ap.add_argument("--ui-only", action="store_true",
                    help="measure only the dashboard again, on the tables of the last run (benchmarks/work/out-*)")
    args = ap.parse_args(argv)
    if args.report_only:
        return _report_only(args.note)
    if args.scaling:
        return scaling(sorted({int(s) for s in args.sizes.split(",") if s.strip()}))
    from benchmarks import ui_bench
    ui_bench.MEM_LIMIT_MB = args.mem_limit_mb
    if args.ui_only:
        return _ui_only(args, argv)
    sizes = [1000] if args.quick else sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    main_n = max(s for s in sizes if s <= 10_000) if any(s <= 10_000 for s in sizes) else min(sizes)
    repeat = 1 if args.quick else args.repeat
    t_start = time.perf_counter()
    details: dict = {"argv": sys.argv[1:] if argv is None else argv, "sizes": sizes, "main_size": main_n, "note": args.note}
    step(details, "machine", env_info)
    step(details, "corpora", corpora, [s for s in sizes if s <= 10_000] or sizes)
    from benchmarks.scaler import CORPORA
    raw = raw_copy(CORPORA / str(main_n), WORK / f"raw-{main_n}")
    out = _fresh(WORK / f"out-{main_n}")
    _warm_up()
    for n in sizes:
        if n < main_n:
            small_raw = raw_copy(CORPORA / str(n), WORK / f"raw-{n}")
            step(details, f"build_full_{n}", timed_build, small_raw, _fresh(WORK / f"out-{n}"), f"full build {n}")
    full = step(details, "build_full", timed_build, raw, out, f"full build {main_n}")
    step(details, "build_full_dask", timed_build, raw, _fresh(WORK / _out_name(main_n, "dask")),
         _label(main_n, "dask"), "dask")
    if not args.no_cli:
        step(details, "build_cli", cli_build, raw, WORK / f"cli-{main_n}")
    if "seconds" in full:
        step(details, "incremental", incremental, raw, out, main_n, full["seconds"])
    step(details, "article_profile", article_profile, raw)
    step(details, "pathological", pathological)           # issue #21: ingest and analysis at N and 2N
    step(details, "spacy", _spacy, raw, main_n, full.get("articles_per_s"))
    big = [n for n in sizes if n > 10_000]
    for n in big:
        if "seconds" in full:
            step(details, "corpora_big", corpora, [n])
            step(details, f"build_full_{n}", big_build, n, full, args.budget_min)
            if details[f"build_full_{n}"].get("seconds"):
                step(details, f"search_{n}", search_timing, WORK / f"out-{n}")
            step(details, f"build_full_dask_{n}", big_build, n, full, args.budget_min, "dask")
            _fresh(WORK / _out_name(n, "dask"))      # nothing reads them after: 100k tables are GBs
    if not args.skip_ui and "seconds" not in full:
        details["ui"] = {"error": "skipped: the full build failed, there are no tables to open"}
    elif not args.skip_ui:
        _measure_ui(details, out, main_n, big, repeat, 2 if not args.quick else 1, not args.no_browser)
    for n in big:                      # +10 at each bigger size too, after its pages were measured on its tables
        seconds = (details.get(f"build_full_{n}") or {}).get("seconds")
        if seconds:
            step(details, f"incremental_{n}", incremental, WORK / f"raw-{n}", WORK / f"out-{n}", n, seconds)
    details["total_s"] = round(time.perf_counter() - t_start, 1)
    details["machine"]["load_at_end"] = _load()
    details["command"] = " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)])
    return _finish(details, f"done in {details['total_s']}s → {RESULTS.relative_to(ROOT)}, {DOCS.relative_to(ROOT)}")


def _measure_ui(details: dict, out: Path, main_n: int, big: list[int], repeat: int, filters: int,
                browser: bool) -> None:
    """Item 4: the dashboard on the main size's tables, then on each bigger size's."""
    step(details, "ui", ui, out, repeat, filters, browser, f"{main_n + INCREMENT} articles")
    for n in big:
        step(details, f"ui_{n}", _ui_big, n, out, details.get(f"build_full_{n}", {}), browser)


def _finish(details: dict, message: str) -> int:
    """Keep the raw figures, write both result files, print the headline."""
    _checkpoint(details)
    _write(details)
    log(message)
    print(json.dumps(headline(details), indent=1))
    return 0


def _write(details: dict) -> None:
    from benchmarks import ui_bench
    from benchmarks.report import write_docs
    for key in ["ui", *big_ui_keys(details)]:
        block = details.get(key)
        if isinstance(block, dict) and "server" in block:      # summaries always from the raw figures
            br = block.get("browser")
            block["summary"] = ui_bench.summarize(block["server"], br if isinstance(br, dict) and "error" not in br else None,
                                                  block.get("floors"))
    results = {**headline(details), "details": _slim(details)}
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n")
    write_docs(DOCS, results, details, details.get("command", "python -m benchmarks.run"))


def _ui_only(args, argv) -> int:
    """Item 4 again on the last run's tables; the other figures are kept from that run."""
    details = json.loads((WORK / "last-run.json").read_text(encoding="utf-8"))
    main_n, sizes = details["main_size"], details["sizes"]
    out = WORK / f"out-{main_n}"
    if not (out / "manifest.json").exists():
        log(f"no tables in {out}: run the whole benchmark first")
        return 1
    t0 = time.perf_counter()
    details["ui_machine"] = env_info()
    wanted = {int(x) for x in args.sizes.split(",") if x.strip()}
    big = [] if args.quick else [n for n in sizes if n > 10_000 and n in wanted]
    _measure_ui(details, out, main_n, big, 1 if args.quick else args.repeat, 1 if args.quick else 2,
                not args.no_browser)
    details["ui_machine"]["seconds"] = round(time.perf_counter() - t0, 1)
    details["command"] = (details.get("command", "python -m benchmarks.run") + "; dashboard re-measured with: "
                          + " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)]))
    if args.note:
        details["note"] = args.note
    return _finish(details, f"dashboard re-measured in {details['ui_machine']['seconds']}s")


def _report_only(note: str) -> int:
    details = json.loads((WORK / "last-run.json").read_text(encoding="utf-8"))
    if note:
        details["note"] = note
    _write(details)
    log(f"rewritten from {WORK / 'last-run.json'}")
    return 0


def _spacy(raw: Path, n: int, build_rate: float | None) -> dict:
    from benchmarks.ner_compare import compare
    return compare(raw, build_rate, cores=CORES, limit=n)


def _ui_big(n: int, out10: Path, built: dict, browser: bool) -> dict:
    """Pages at n articles: the real build when it ran, else the main tables replicated."""
    from benchmarks.tables import replicate
    if built.get("seconds"):
        processed, how = WORK / f"out-{n}", f"{n} articles (built)"
    else:
        factor = max(1, round(n / 10_000))
        processed = replicate(out10, WORK / f"replicated-{n}", factor)
        how = f"main tables replicated ×{factor} (the {n} build was skipped)"
    return ui(processed, 1, 1, browser, how, cold_browser=False)   # one server: first visits, peak memory


def _slim(details: dict) -> dict:
    """results.json keeps the figures, not the long lists (those stay in work/last-run.json)."""
    slim = json.loads(json.dumps(details, default=str))
    for key in ("ui", *big_ui_keys(slim)):
        block = slim.get(key) or {}
        for name, row in (block.get("server") or {}).items():
            row.pop("runs", None)
        for part in ("cold", "shared"):
            for row in ((block.get("browser") or {}).get(part) or {}).values():
                row.pop("visits", None)
    prof = slim.get("article_profile") or {}
    if "top_functions" in prof:
        prof["top_functions"] = prof["top_functions"][:15]
    for k, v in slim.items():
        if isinstance(v, dict):
            v.pop("traceback", None)
    return slim


if __name__ == "__main__":
    sys.exit(main())
