"""Search at scale (issue #20): the index's build time and size, and query times.

`measure(processed)` times a built table folder: the index written again from its sentences
(every part, as a full build writes it), its size on disk, and each of QUERIES a few times,
cold (a new Reader: what `python -m newsgraph search` pays, the articles table read included)
and warm (a Reader holding the tables, as the dashboard's cached reader does), plus the CLI's
wall time for one query. `make bench` records it at 100k articles (benchmarks/run.py,
`search_<n>`); `python -m benchmarks.search_bench --sizes 10000,100000` builds the generated
corpora into benchmarks/work/search-<n> (reused while built by this code) and measures them.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import ROOT

QUERIES = (("ateşkes", {}), ("Şoygu", {}), ("Rusya", {}), ("Putin Erdoğan", {}), ('"Dışişleri Bakanı"', {}),
           ("telefonda görüştü", {}), ("ateşkes", {"topics": ("Libya",)}), ("ateşkes", {"actors": ("hulusi-akar",)}),
           ("ateşkes", {"date_from": "2021-01-01", "date_to": "2021-12-31"}), ("zzyzx", {}))
CLI_QUERY = ["ateşkes", "--topic", "Libya"]


def _held_reader(processed: Path):
    """A Reader that keeps what it read (the held tables, views, list indexes, names), as ui/data.py's
    CachedReader does for the dashboard."""
    from newsgraph.views.reader import Reader

    class Held(Reader):
        def __init__(self, where) -> None:
            super().__init__(where)
            self.kept: dict = {}

        def _keep(self, key, fn):
            if key not in self.kept:
                self.kept[key] = fn()
            return self.kept[key]

        def held(self, name):
            return self._keep(("held", name), lambda: super(Held, self).held(name))

        def view(self, name):
            return self._keep(("view", name), lambda: super(Held, self).view(name))

        def list_index(self, name, column):
            return self._keep(("list", name, column), lambda: super(Held, self).list_index(name, column))

        def entity_names(self):
            return self._keep(("names",), lambda: super(Held, self).entity_names())

    return Held(processed)


def index_build(processed: Path) -> dict:
    """Write the whole index again from the build's sentences (into a temporary folder): seconds, size."""
    import pyarrow.parquet as pq
    from newsgraph.storage import searchindex, store
    build = store.current_dir(processed)
    parts = sorted((build / "sentences.parquet").iterdir())
    with tempfile.TemporaryDirectory(dir=build.parent) as tmp:
        t0 = time.perf_counter()
        read = 0.0
        for part in parts:
            t1 = time.perf_counter()
            table = pq.read_table(part, columns=["article_id", "sent_idx", "text"])
            read += time.perf_counter() - t1
            searchindex.write_part(table, Path(tmp) / (part.stem + ".sqlite"))
        seconds = time.perf_counter() - t0
    sentences = sum(pq.ParquetFile(p).metadata.num_rows for p in parts)
    return {"parts": len(parts), "sentences": sentences, "seconds": round(seconds, 2), "read_s": round(read, 2),
            "us_per_sentence": round(1e6 * seconds / max(sentences, 1), 1),
            "index_mb": round(searchindex.size_bytes(build) / 1e6, 1),
            "sentences_parquet_mb": round(sum(p.stat().st_size for p in parts) / 1e6, 1)}


def query_times(processed: Path, repeat: int = 5) -> tuple[list[dict], float]:
    """Each query: matching sentences and articles, cold ms (a new Reader, the basis made too) and warm
    ms (tables and search basis held: median of `repeat`); and the seconds the basis took to make."""
    from newsgraph.views.filters import Filters
    from newsgraph.views.reader import Reader
    from newsgraph.views.search import search, search_basis
    rows = []
    warm_reader = _held_reader(processed)
    t0 = time.perf_counter()
    basis = search_basis(warm_reader)                    # what the dashboard holds per build
    basis_s = time.perf_counter() - t0
    search(warm_reader, "ateşkes", basis=basis)          # fills the held tables once
    for query, filters in QUERIES:
        f = Filters(**filters)
        t0 = time.perf_counter()
        result = search(Reader(processed), query, f)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            search(warm_reader, query, f, basis=basis)
            warm.append(time.perf_counter() - t0)
        rows.append({"query": query, "filters": f.describe() if not f.is_empty() else "", "sentences": result.total,
                     "articles": result.articles, "cold_ms": round(1000 * cold, 1),
                     "warm_ms": round(1000 * statistics.median(warm), 1)})
    return rows, basis_s


def cli_time(processed: Path) -> dict:
    """Wall time of `python -m newsgraph search` (a new interpreter, imports included)."""
    cmd = [sys.executable, "-m", "newsgraph", "search", *CLI_QUERY, "--out", str(processed)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    return {"command": "python -m newsgraph search " + " ".join(CLI_QUERY), "seconds": round(time.perf_counter() - t0, 2),
            "exit": proc.returncode, "first_line": proc.stdout.splitlines()[0] if proc.stdout else proc.stderr[-300:]}


def measure(processed: Path, repeat: int = 5) -> dict:
    """The index (build seconds, size) and the queries (ms) of one table folder."""
    from newsgraph.storage import store
    manifest = store.read_manifest(processed, summary=True)
    queries, basis_s = query_times(processed, repeat)
    return {"articles": manifest["articles"], "index": index_build(processed), "queries": queries,
            "basis_s": round(basis_s, 3),
            "median_warm_ms": round(statistics.median(q["warm_ms"] for q in queries), 1),
            "median_cold_ms": round(statistics.median(q["cold_ms"] for q in queries), 1), "cli": cli_time(processed)}


def report_lines(details: dict) -> list[str]:
    """The search section of docs/benchmarks.md, from run.py's `search_<n>` entries."""
    out = []
    for key, block in details.items():
        if not key.startswith("search_") or not isinstance(block, dict):
            continue
        if "error" in block:
            out += [f"## Search at {key[7:]} articles (issue #20)", "", f"ERROR: {block['error'][:300]}", ""]
            continue
        ix = block["index"]
        out += [f"## Search at {block['articles']:,} articles (issue #20)", "", *_in_build(details, key[7:], block),
                f"Index (SQLite FTS5, {ix['parts']} part files, {ix['sentences']:,} sentences): written again from the "
                f"sentences in **{ix['seconds']} s** ({ix['us_per_sentence']} µs per sentence), **{ix['index_mb']} MB** "
                f"(sentences.parquet: {ix['sentences_parquet_mb']} MB). Query times below: cold = a new reader (the "
                f"articles table read and the search basis made, as the CLI does), warm = tables and basis held (as the "
                f"dashboard will; the basis took {block.get('basis_s')} s); median of the warm "
                f"queries **{block['median_warm_ms']} ms**. CLI: `{block['cli']['command']}` "
                f"{block['cli']['seconds']} s wall, imports included.", "",
                "| query | filters | sentences | articles | cold ms | warm ms |", "| --- | --- | ---: | ---: | ---: | ---: |"]
        out += [f"| `{q['query']}` | {q['filters']} | {q['sentences']:,} | {q['articles']:,} | {q['cold_ms']} | {q['warm_ms']} |"
                for q in block["queries"]] + [""]
    return out


def _in_build(details: dict, n: str, block: dict) -> list[str]:
    """A line on the index's phase in the measured build of the same size, when there is one."""
    build = details.get(f"build_full_{n}") or {}
    phase = next((p["seconds"] for p in build.get("phases", []) if p["phase"].startswith("search index")), None)
    if phase is None and (block.get("build") or {}).get("search_index_s") is not None:
        build, phase = block["build"], block["build"]["search_index_s"]
    if phase is None:
        return []
    return [f"In the full build ({build['seconds']:.0f} s) the index took {phase:.1f} s of wall time, in a thread beside "
            "the corpus-wide stages (so overlapping them).", ""]


def _built(n: int) -> tuple[Path, dict]:
    """The table folder of the generated corpus of n articles, built by this code (a no-op build when
    it already is), and that build's seconds and the search index's share of them."""
    from benchmarks.run import WORK, timed_build
    from benchmarks.scaler import make_corpus
    out = WORK / f"search-{n}"
    row = timed_build(make_corpus(n), out, f"build {n} (search)")
    index = next((p["seconds"] for p in row["phases"] if p["phase"].startswith("search index")), None)
    return out, {"processed": row["processed"], "seconds": row["seconds"], "search_index_s": index,
                 "load_before": row["load_before"], "load_after": row["load_after"]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.search_bench", description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="generated corpus sizes (default 10000,100000)")
    ap.add_argument("--processed", help="measure this table folder instead of building corpora")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.processed:
        print(json.dumps(measure(Path(args.processed), args.repeat), ensure_ascii=False, indent=1))
        return 0
    results = {}
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        out, built = _built(n)
        results[f"search_{n}"] = {**measure(out, args.repeat), "build": built}
        print(json.dumps(results[f"search_{n}"], ensure_ascii=False, indent=1), flush=True)
    print("\n".join(report_lines(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
