"""Item 4: the dashboard on big tables, server-side (AppTest) and in Chromium (Playwright).

Targets: the trivial one-chart page (benchmarks/trivial_app.py), the Overview (app.py) and
every page of app.PAGES whose file exists; beside them, server-side and cold only, the floor
pages (FLOORS: the trivial page after some imports, nothing read). For each target:

- server-side, in a fresh Python process per repetition (st.cache_data is process-global, so
  only a new process is truly cold): the first `AppTest.run()` (cold: modules, caches and
  tables all loaded by it), then warm runs (a new AppTest each, caches filled), then one
  filter change — the sidebar's "filters.topics" set to Karabağ, timed from `select().run()`
  on a warm page: the first time in the process (the filter value is new to every cache),
  then again (its results cached);
- in Chromium: a fresh `streamlit run` server per repetition for the cold visit, the time
  from `page.goto` until the page's main element is visible (`.js-plotly-plot .main-svg` for
  a chart page, the first data frame for a table page, else the title); then one server that
  visits every page in turn (first and warm visits) and whose peak memory (VmHWM, the
  kernel's high-water mark of its resident set) is read after all visits.
"""
from __future__ import annotations

import ast
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from benchmarks import ROOT

TRIVIAL = Path(__file__).resolve().parent / "trivial_app.py"
# Floors: the trivial page after imports only (nothing read), measured cold like the pages. No page
# that imports the same can be faster, so their ratios to the trivial page bound what any page shows.
FLOORS = {"trivial + pandas": "floor_pandas_app.py", "trivial + numpy, pyarrow.compute, networkx": "floor_arrow_app.py",
          "trivial + pyarrow.ipc": "floor_ipc_app.py"}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SELECTORS = {"chart": ".js-plotly-plot .main-svg", "table": '[data-testid="stDataFrame"]', "title": "h1"}
FILTER_KEY, FILTER_VALUE = "filters.topics", "Karabağ"


# -- targets ----------------------------------------------------------------------------------
def app_pages(app: Path = ROOT / "app.py") -> list[tuple[str, str, str]]:
    """(name, page file or '', url path) of the Overview and of each existing page in ui/nav.py's PAGES."""
    tree = ast.parse((app.parent / "ui" / "nav.py").read_text(encoding="utf-8"))
    pages = next(ast.literal_eval(n.value) for n in ast.walk(tree)
                 if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == "PAGES" for t in n.targets))
    out = [("Overview", "", "")]
    out += [(title, file, url) for file, title, _icon, url in pages if (app.parent / file).exists()]
    return out


def targets(app: Path = ROOT / "app.py") -> list[dict]:
    """The trivial page first, then the app's pages."""
    out = [{"name": "trivial", "app": str(TRIVIAL), "page": "", "url": ""}]
    out += [{"name": name, "app": str(app), "page": page, "url": url} for name, page, url in app_pages(app)]
    return out


# -- server-side probe (runs in its own process) ------------------------------------------------
def _vmhwm_mb(pid: int | str = "self") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


MEM_LIMIT_MB = 10_000.0        # a probe or server above this resident size is stopped (the machine is shared)


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class MemoryGuard:
    """Stops a child process whose resident memory passes MEM_LIMIT_MB (the machine is shared);
    remembers its peak (VmHWM) as last seen."""

    def __init__(self, proc: subprocess.Popen, limit_mb: float | None = None) -> None:
        import threading
        self.proc, self.limit, self.killed, self.peak = proc, limit_mb or MEM_LIMIT_MB, False, None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.25) and self.proc.poll() is None:
            self.peak = _vmhwm_mb(self.proc.pid) or self.peak
            rss = _rss_mb(self.proc.pid)
            if rss is not None and rss > self.limit:
                self.killed = True
                self.proc.kill()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)


def _open(app: str, page: str, timeout: float):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(app, default_timeout=timeout)
    if page:
        at.switch_page(page)
    return at


def _timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def _summary(at) -> dict:
    charts = len(at.get("plotly_chart"))
    frames = len(at.dataframe)
    kind = "chart" if charts else "table" if frames else "title"
    return {"charts": charts, "dataframes": frames, "kind": kind,
            "exception": [str(e.value)[:300] for e in at.exception] or None,
            "title": at.title[0].value if len(at.title) else None}


def _filter_change(app: str, page: str, timeout: float) -> tuple[float | None, str | None]:
    """ms of one change of the topic filter on a warm page (None when the page has no filter)."""
    at = _open(app, page, timeout)
    at.run()
    try:
        box = at.multiselect(key=FILTER_KEY)
    except KeyError:
        return None, None
    value = FILTER_VALUE if FILTER_VALUE in box.options else (box.options[0] if box.options else None)
    if value is None:
        return None, None
    t0 = time.perf_counter()
    box.select(value).run()
    ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        return ms, f"exception after filter: {at.exception[0].value}"[:300]
    return ms, value


# What the app's pages import, loaded before the cold run of a "preloaded" probe, which then
# serves one page (the app's landing page, the Overview; the landing pages themselves, Overview and
# the trivial page, are timed without it) before the timed first run of the page measured: that run
# is the page's own work (its tables read, its
# figures made) on a server process that has already served a page — as the issue defines it —
# without the one-time cost of importing pandas & co. or of the landing page's own tables.
PRELOAD = ("numpy", "pandas", "pyarrow", "pyarrow.parquet", "pyarrow.dataset", "pyarrow.compute", "pyarrow.feather",
           "networkx", "plotly.graph_objects", "newsgraph.views.network", "newsgraph.present.netfigure", "newsgraph.views.timeline",
           "newsgraph.present.timefigure", "newsgraph.views.sourceview", "newsgraph.views.filters", "newsgraph.views.stored", "newsgraph.present.export",
           "newsgraph.views.reader", "newsgraph.views.selection", "newsgraph.present.pages.overview",
           "newsgraph.present.pages.network", "newsgraph.present.pages.timeline", "newsgraph.present.pages.meetings",
           "newsgraph.present.pages.source", "ui.data", "ui.filters", "ui.nav", "ui.export")


def probe(app: str, page: str, warm: int, timeout: float, filters: int, preload: bool = False) -> dict:
    """One cold run, `warm` warm runs, `filters` filter changes; all in this process (after
    importing PRELOAD when `preload`)."""
    t0 = time.perf_counter()
    from streamlit.testing.v1 import AppTest  # noqa: F401 - import time is not page time
    if preload:
        import importlib
        for name in PRELOAD:
            importlib.import_module(name)
    import_s = time.perf_counter() - t0
    if preload and page:
        _open(app, "", timeout).run()           # the server has served one page: the landing page
    at = _open(app, page, timeout)
    cold = _timed_run(at)
    out = {"import_s": round(import_s, 3), "cold_s": round(cold, 4), **_summary(at)}
    out["warm_s"] = [round(_timed_run(_open(app, page, timeout)), 4) for _ in range(warm)]
    changes = [_filter_change(app, page, timeout) for _ in range(filters)]
    out["filter_ms"] = [round(ms, 1) for ms, _ in changes if ms is not None]
    out["filter_value"] = next((v for _, v in changes if v), None)
    out["peak_mb"] = _vmhwm_mb()
    return out


def run_probe(target: dict, processed: Path, warm: int, filters: int, timeout: float, preload: bool = False) -> dict:
    """A probe in a fresh interpreter; its JSON result (or the error)."""
    env = {**os.environ, "NEWSGRAPH_PROCESSED": str(processed), "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "benchmarks.ui_bench", "probe", target["app"], target["page"], str(warm),
           str(timeout), str(filters), *(["preload"] if preload else [])]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    guard = MemoryGuard(proc)
    try:
        stdout, stderr = proc.communicate(timeout=timeout * (3 + warm + filters))
    except subprocess.TimeoutExpired:
        proc.kill()
        stdout, stderr = proc.communicate()
        stderr = f"probe timed out after {timeout * (3 + warm + filters):.0f}s\n{stderr}"
    guard.stop()
    wall = time.perf_counter() - t0
    if guard.killed:
        return {"error": f"stopped: resident memory passed {guard.limit:.0f} MB", "peak_mb": guard.peak,
                "process_s": round(wall, 2)}
    try:
        result = json.loads(stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return {"error": (stderr or stdout)[-800:], "process_s": round(wall, 2)}
    result["process_s"] = round(wall, 2)
    return result


def floors(processed: Path, repeat: int = 3, timeout: float = 300.0, log=print) -> dict:
    """Median cold time of each floor page (FLOORS), each repetition in a new process."""
    out = {}
    for name, file in FLOORS.items():
        target = {"name": name, "app": str(TRIVIAL.with_name(file)), "page": "", "url": ""}
        runs = [run_probe(target, processed, 0, 0, timeout) for _ in range(repeat)]
        ok = [r for r in runs if "error" not in r and not r.get("exception")]
        out[name] = {"cold_s": _median(r["cold_s"] for r in ok)} if ok else {"error": str(runs[0].get("error")
                                                                                            or runs[0].get("exception"))}
        log(f"  server-side floor {name}: cold {out[name].get('cold_s')} s")
    return out


def server_side(processed: Path, repeat: int = 3, warm: int = 3, filters: int = 2, timeout: float = 300.0,
                log=print) -> dict:
    """Median cold/warm/filter times per target, each repetition in a new process."""
    out = {}
    for t in targets():
        runs = []
        for _ in range(repeat):
            runs.append(run_probe(t, processed, warm, filters if t["name"] != "trivial" else 0, timeout))
        preloaded = [run_probe(t, processed, 0, 0, timeout, preload=True) for _ in range(repeat)]
        ok = [r for r in runs if "error" not in r]
        row = {"runs": runs, "preloaded_runs": preloaded,
               "cold_preloaded_s": _median(r["cold_s"] for r in preloaded if "error" not in r)}
        if ok:
            row.update(cold_s=_median(r["cold_s"] for r in ok), warm_s=_median(w for r in ok for w in r["warm_s"]),
                       kind=ok[0]["kind"], exception=next((r["exception"] for r in ok if r["exception"]), None),
                       peak_mb=max(r["peak_mb"] or 0 for r in ok))
            first = [r["filter_ms"][0] for r in ok if r["filter_ms"]]
            again = [f for r in ok for f in r["filter_ms"][1:]]
            row.update(filter_first_ms=_median(first), filter_again_ms=_median(again))
        else:
            row["error"] = runs[0].get("error")
        out[t["name"]] = row
        log(f"  server-side {t['name']}: cold {row.get('cold_s')} s, warm {row.get('warm_s')} s, "
            f"filter {row.get('filter_first_ms')} ms, cold with modules preloaded {row.get('cold_preloaded_s')} s"
            f"{' ERROR' if 'error' in row or row.get('exception') else ''}")
    return out


def _median(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 4) if values else None


# -- browser ----------------------------------------------------------------------------------
def free_port(start: int = 8604) -> int:
    for port in range(start, start + 200):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError("no free port from 8604")


class Server:
    """`streamlit run <app>` on 127.0.0.1:<port>, stopped by its pid."""

    def __init__(self, app: str, processed: Path, port: int) -> None:
        self.app, self.port = app, port
        env = {**os.environ, "NEWSGRAPH_PROCESSED": str(processed), "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "streamlit", "run", app, "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--server.runOnSave", "false"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.guard = MemoryGuard(self.proc)
        self.url = f"http://127.0.0.1:{port}"

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.proc.stderr.read().decode()[-500:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"streamlit on {self.url} not ready after {timeout}s")

    def peak_mb(self) -> float | None:
        return _vmhwm_mb(self.proc.pid) or self.guard.peak

    @property
    def killed(self) -> bool:
        return self.guard.killed

    def stop(self) -> None:
        self.guard.stop()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stderr:
            self.proc.stderr.close()

    def __enter__(self) -> "Server":
        self.wait_ready()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _visit(browser, url: str, selector: str, timeout_s: float) -> dict:
    """Seconds from goto until `selector` is visible, and until the script run is over."""
    context = browser.new_context(viewport={"width": 1440, "height": 960})
    page = context.new_page()
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_selector(selector, state="visible", timeout=timeout_s * 1000)
        drawn = time.perf_counter() - t0
        try:   # the app's "running" indicator gone for a moment: the script run is over
            page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                   timeout=timeout_s * 1000, polling=50)
            done = time.perf_counter() - t0
        except Exception:  # noqa: BLE001 - only informative
            done = None
        errors = page.locator('[data-testid="stException"]').count()
        return {"drawn_s": round(drawn, 4), "done_s": round(done, 4) if done else None, "exceptions": errors}
    except Exception as exc:  # noqa: BLE001 - recorded, the run goes on
        return {"error": f"{type(exc).__name__}: {str(exc)[:300]}"}
    finally:
        context.close()


def browser_side(processed: Path, kinds: dict[str, str], repeat: int = 3, warm: int = 3, timeout_s: float = 180.0,
                 log=print, cold: bool = True) -> dict:
    """Cold visits (fresh server each) and one shared server visiting every page; peak memory."""
    from playwright.sync_api import sync_playwright
    out: dict = {"cold": {}, "shared": {}, "peak_mb": None, "killed_for_memory": False}
    tlist = targets()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for t in tlist if cold else ():
                selector = SELECTORS[kinds.get(t["name"], "title")]
                visits = []
                for _ in range(repeat):
                    with Server(t["app"], processed, free_port()) as srv:
                        visits.append(_visit(browser, f"{srv.url}/{t['url']}", selector, timeout_s) | {"server_peak_mb": srv.peak_mb()})
                out["cold"][t["name"]] = _browser_row(visits, selector)
                log(f"  browser cold {t['name']}: {out['cold'][t['name']].get('drawn_s')} s")
            app_targets = [t for t in tlist if t["name"] != "trivial"]
            with Server(app_targets[0]["app"], processed, free_port()) as srv:
                for t in app_targets:
                    if srv.killed:
                        break
                    selector = SELECTORS[kinds.get(t["name"], "title")]
                    first = _visit(browser, f"{srv.url}/{t['url']}", selector, timeout_s)
                    again = [_visit(browser, f"{srv.url}/{t['url']}", selector, timeout_s) for _ in range(warm)]
                    out["shared"][t["name"]] = {"first": first, **_browser_row(again, selector)}
                out["peak_mb"] = srv.peak_mb()
                out["killed_for_memory"] = srv.killed
            log(f"  browser shared server peak {out['peak_mb']} MB"
                + (f" (stopped: passed {MEM_LIMIT_MB:.0f} MB)" if out["killed_for_memory"] else ""))
        finally:
            browser.close()
    return out


def _browser_row(visits: list[dict], selector: str) -> dict:
    ok = [v for v in visits if "error" not in v]
    return {"selector": selector, "visits": visits, "drawn_s": _median(v["drawn_s"] for v in ok),
            "done_s": _median(v["done_s"] for v in ok), "errors": [v["error"] for v in visits if "error" in v] or None}


# -- summary ----------------------------------------------------------------------------------
def summarize(server: dict, browser: dict | None, floor: dict | None = None) -> dict:
    """Ratios to the trivial page, the worst filter change, peak memory; the floors' ratios."""
    base = server.get("trivial", {}).get("cold_s")
    base_warm = server.get("trivial", {}).get("warm_s")
    base_pre = server.get("trivial", {}).get("cold_preloaded_s")
    pages = {}
    for name, row in server.items():
        if name == "trivial" or "cold_s" not in row:
            continue
        pages[name] = {"server_cold_s": row["cold_s"], "server_warm_s": row["warm_s"],
                       "server_cold_ratio": round(row["cold_s"] / base, 2) if base else None,
                       "server_cold_preloaded_s": row.get("cold_preloaded_s"),
                       "server_cold_preloaded_ratio": round(row["cold_preloaded_s"] / base_pre, 2)
                       if base_pre and row.get("cold_preloaded_s") else None,
                       "server_warm_ratio": round(row["warm_s"] / base_warm, 2) if base_warm else None,
                       "filter_first_ms": row.get("filter_first_ms"), "filter_again_ms": row.get("filter_again_ms"),
                       "exception": row.get("exception")}
    if browser:
        b_base = browser["cold"].get("trivial", {}).get("drawn_s")
        for name, row in browser["cold"].items():
            if name in pages and row.get("drawn_s") is not None:
                pages[name]["browser_cold_s"] = row["drawn_s"]
                pages[name]["browser_cold_ratio"] = round(row["drawn_s"] / b_base, 2) if b_base else None
                shared = browser["shared"].get(name, {})
                pages[name]["browser_first_in_shared_s"] = shared.get("first", {}).get("drawn_s")
                pages[name]["browser_warm_s"] = shared.get("drawn_s")
    ratios = [v for p in pages.values() for k, v in p.items() if k in ("server_cold_ratio", "browser_cold_ratio") and v]
    filters = [p["filter_first_ms"] for p in pages.values() if p.get("filter_first_ms") is not None]
    server_peak = max((row.get("peak_mb") or 0 for row in server.values()), default=None)
    preloaded = [p["server_cold_preloaded_ratio"] for p in pages.values() if p.get("server_cold_preloaded_ratio")]
    floor_rows = {name: {"server_cold_s": row.get("cold_s"), "server_cold_ratio": round(row["cold_s"] / base, 2)
                         if base and row.get("cold_s") else None, "error": row.get("error")}
                  for name, row in (floor or {}).items()}
    return {"pages": pages, "floors": floor_rows, "trivial_server_cold_s": base, "trivial_server_warm_s": base_warm,
            "trivial_server_cold_preloaded_s": base_pre,
            "page_ratio_preloaded_max": max(preloaded) if preloaded else None,
            "trivial_browser_cold_s": (browser or {}).get("cold", {}).get("trivial", {}).get("drawn_s"),
            "page_ratio_max": max(ratios) if ratios else None,
            "filter_ms": max(filters) if filters else None,
            "app_peak_mb": (browser or {}).get("peak_mb"), "apptest_peak_mb": server_peak,
            "app_killed_for_memory": (browser or {}).get("killed_for_memory", False), "mem_limit_mb": MEM_LIMIT_MB}


def main(argv: list[str]) -> None:
    if argv and argv[0] == "probe":
        app, page, warm, timeout, filters = argv[1], argv[2], int(argv[3]), float(argv[4]), int(argv[5])
        print(json.dumps(probe(app, page, warm, timeout, filters, preload="preload" in argv[6:]), ensure_ascii=False))
        return
    processed = Path(argv[0])
    server = server_side(processed, repeat=1, warm=1, filters=1)
    kinds = {k: v.get("kind", "title") for k, v in server.items()}
    print(json.dumps(summarize(server, browser_side(processed, kinds, repeat=1, warm=1)), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
