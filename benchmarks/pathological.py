"""Issue #21: ingest and analysis of a pathological article at two sizes, and the ratio of their times.

Linear code takes twice the time for twice the text (a ratio near 2); quadratic code four
times. Two inputs, each one line of N bytes, then 2N:
- `markup`: Turkish words of the seed articles, a third of them markdown and HTML fragments
  ("[", "](", "![", "**", "__", "<a ", "[[", "]]", "](<", "`") — what made ingest quadratic;
- `unpunctuated`: the seed articles' words (names, places, topic terms, dates, contact verbs,
  damaged letters) without a full stop — what made analysis quadratic.
Times are CPU seconds of this process (the smallest of `repeat` runs: the machine is shared);
the per-article time budget is off while measuring. `make bench` runs it as the step
"pathological"; alone: `python -m benchmarks.pathological [--kb 512] [--repeat 2]`.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "data" / "raw"
FRAGMENTS = ("[", "](", "![", "**", "__", "<a ", "[[", "]]", "](<", "`")


def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt")))
    return re.sub(r"[.!?…\[\]()#*_`<>]", " ", text).split()


def _line(n_bytes: int, pick) -> str:
    out, size = [], 0
    while size < n_bytes:
        word = pick()
        out.append(word)
        size += len(word.encode()) + 1
    return "Başlık\n\n" + " ".join(out)


def markup(n_bytes: int, seed: int = 0) -> str:
    """One line of seed words and markup fragments (a third), about n_bytes long."""
    words, rnd = _words(), random.Random(seed)
    return _line(n_bytes, lambda: rnd.choice(FRAGMENTS) if rnd.random() < 1 / 3 else rnd.choice(words))


def unpunctuated(n_bytes: int, seed: int = 0) -> str:
    """One line of the seeds' words without a full stop, about n_bytes long."""
    words, rnd = _words(), random.Random(seed)
    return _line(n_bytes, lambda: rnd.choice(words))


INPUTS = {"markup": markup, "unpunctuated": unpunctuated}


def _cpu(fn) -> float:
    started = time.process_time()
    fn()
    return time.process_time() - started


def measure(text: str, repeat: int = 2) -> dict:
    """CPU seconds to ingest the text as a .txt file, and to analyse it after ingest."""
    from newsgraph.analysis.analyze import analyze_batch, make_context
    from newsgraph.base.registry import load_registry
    from newsgraph.ingest import ingest_file
    from newsgraph.ingest.rawfiles import list_raw
    ctx = make_context(load_registry(), "rules")
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "article.txt").write_text(text, encoding="utf-8")
        files = list_raw(Path(tmp))[0]
        ingest = min(_cpu(lambda: ingest_file(files[0].path, files[0].root, ctx.ingest)) for _ in range(repeat))
        whole = min(_cpu(lambda: analyze_batch(files, ctx)) for _ in range(repeat))
    return {"bytes": len(text.encode()), "ingest_s": round(ingest, 3), "analysis_s": round(max(whole - ingest, 0.0), 3)}


def pathological(kb: int = 512, repeat: int = 2) -> dict:
    """Each input at kb and 2·kb KB: ingest and analysis seconds, and the ratios 2N / N."""
    was = os.environ.get("NEWSGRAPH_ARTICLE_SECONDS")
    os.environ["NEWSGRAPH_ARTICLE_SECONDS"] = "0"           # measure the code, not the budget
    try:
        out = {}
        for name, make in INPUTS.items():
            small, big = (measure(make(n * 1024), repeat) for n in (kb, 2 * kb))
            out[name] = {"n": small, "2n": big,
                         "ingest_ratio": round(big["ingest_s"] / small["ingest_s"], 2) if small["ingest_s"] else None,
                         "analysis_ratio": round(big["analysis_s"] / small["analysis_s"], 2) if small["analysis_s"] else None}
        return {"kb": kb, "repeat": repeat, "inputs": out}
    finally:
        if was is None:
            os.environ.pop("NEWSGRAPH_ARTICLE_SECONDS", None)
        else:
            os.environ["NEWSGRAPH_ARTICLE_SECONDS"] = was


def section(details: dict) -> list[str]:
    """The docs/benchmarks.md section of the step "pathological"."""
    row = details.get("pathological") or {}
    if "inputs" not in row:
        return ["## Pathological articles (issue #21)", "", f"Not measured: {row.get('error', 'step not run')}.", ""]
    lines = ["## Pathological articles (issue #21)", "",
             "One line of N bytes, then 2N: ingest must be linear in the file's size, and so must analysis (a ratio "
             "near 2, not 4). CPU seconds, the smallest of "
             f"{row['repeat']} runs; the per-article budget off (`benchmarks/pathological.py` says what the inputs hold).",
             "", "| input | N | ingest N, s | ingest 2N, s | ratio | analysis N, s | analysis 2N, s | ratio |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for name, r in row["inputs"].items():
        lines.append(f"| {name} | {r['n']['bytes'] / 1024:,.0f} KB | {r['n']['ingest_s']:.2f} | {r['2n']['ingest_s']:.2f} | "
                     f"{r['ingest_ratio']} | {r['n']['analysis_s']:.2f} | {r['2n']['analysis_s']:.2f} | {r['analysis_ratio']} |")
    return lines + [""]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.pathological", description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=512, help="N in KB (default 512); 2N is measured too")
    ap.add_argument("--repeat", type=int, default=2, help="runs of each measurement; the smallest counts (default 2)")
    args = ap.parse_args(argv)
    row = pathological(args.kb, args.repeat)
    print(json.dumps(row, indent=1))
    print("\n".join(section({"pathological": row})))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
