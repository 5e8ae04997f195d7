"""Speed work on the per-article stages must not change a row: this checks it.

    python -m benchmarks.rows_equal corpus                       # the equality corpus: benchmarks/work/equality
    (cd OTHER_TREE && python $HERE/benchmarks/rows_equal.py dump /tmp/before.pkl)   # each tree's own
    python benchmarks/rows_equal.py dump /tmp/after.pkl                             # newsgraph is imported
    python -m benchmarks.rows_equal compare /tmp/before.pkl /tmp/after.pkl       # exit 1, the first differences

The corpus: the five seed articles, every construction case of tests/constructions (its text under a
`Tarih:` line of its date), the Turkish test sentences of tests/*.py (string literals of 40 characters or
more, six to an article) and the first 1,500 articles of the generated 10k corpus (benchmarks/scaler.py).
`dump` runs the rules backend's stages (analyze_batch) over it in one process and keeps every row of every
per-article table; `compare` wants the same values, types and order (floats equal, NaN equal to NaN).
"""
from __future__ import annotations

import ast
import math
import os
import pickle
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "work" / "equality"
GENERATED = 1500


def write_corpus(out: Path = CORPUS) -> Path:
    import yaml
    from benchmarks.scaler import make_corpus
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for f in sorted((ROOT / "data" / "raw").glob("*.txt")):          # the five seed articles
        shutil.copy(f, out / f"seed_{f.name}")
    n = 0
    for path in sorted((ROOT / "tests" / "constructions").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
            y, m, d = str(case["published"]).split("-")
            (out / f"cx_{n:04d}.txt").write_text(f"{case['id']}\n\nTarih: {d}.{m}.{y}\n\n{case['text']}\n", encoding="utf-8")
            n += 1
    literals = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 40 \
                    and re.search(r"[çğışöüÇĞİŞÖÜ]", node.value) and "\x00" not in node.value:
                literals.append(node.value)
    literals = list(dict.fromkeys(literals))
    for i in range(0, len(literals), 6):
        (out / f"lit_{i // 6:04d}.txt").write_text(f"Haber {i}\n\n" + "\n\n".join(literals[i:i + 6]) + "\n",
                                                   encoding="utf-8")
    for f in sorted(make_corpus(10_000).glob("*.txt"))[:GENERATED]:
        shutil.copy(f, out / f.name)
    print(f"{out}: {len(list(out.glob('*.txt')))} articles ({n} construction cases, {len(literals)} test sentences)")
    return out


def dump(target: Path, corpus: Path = CORPUS) -> None:
    """The rows of the tree this runs in (the current directory's newsgraph) over `corpus`."""
    sys.path.insert(0, os.getcwd())
    from newsgraph.analysis.analyze import TABLE_FIELDS, analyze_batch, make_context
    from newsgraph.base.registry import load_registry
    from newsgraph.ingest.rawfiles import list_raw
    ctx = make_context(load_registry(), "rules")
    files = list_raw(corpus)[0]
    started = time.process_time()
    got = analyze_batch(files, ctx)
    cpu = time.process_time() - started
    rows = [("problem", r.get("path"), r.get("reason")) if isinstance(r, dict)
            else (r.article_id, {k: v for k, v in r.input.items() if k != "mtime_ns"},   # the file's, not the code's
                  {name: getattr(r, name) for name in TABLE_FIELDS}) for r in got]
    target.write_bytes(pickle.dumps(rows))
    print(f"{len(files)} articles, {cpu:.2f} CPU s, {1000 * cpu / max(len(files), 1):.2f} ms an article")


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


def compare(before: Path, after: Path, shown: int = 5) -> int:
    a, b = pickle.loads(before.read_bytes()), pickle.loads(after.read_bytes())
    if len(a) != len(b):
        print(f"different numbers of articles: {len(a)} and {len(b)}")
        return 1
    differ = [(x, y) for x, y in zip(a, b) if not same(x, y)]
    for x, y in differ[:shown]:
        print("differs:", x[0] if x[0] != "problem" else x[1])
        if x[0] != "problem" and x[1] != y[1]:
            print("  its input record:", x[1], "and", y[1])
        if "problem" not in (x[0], y[0]):
            for name in x[2]:
                pairs = list(zip(x[2][name], y[2][name]))
                first = next(((p, q) for p, q in pairs if not same(p, q)), None)
                if first or len(x[2][name]) != len(y[2][name]):
                    print(f"  {name}: {len(x[2][name])} and {len(y[2][name])} rows; first difference:", *first or ())
    print(f"{len(a)} articles, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    verb, *args = sys.argv[1:] or ["help"]
    if verb == "corpus":
        write_corpus()
    elif verb == "dump" and len(args) == 1:
        dump(Path(args[0]))
    elif verb == "compare" and len(args) == 2:
        sys.exit(compare(Path(args[0]), Path(args[1])))
    else:
        sys.exit(__doc__)
