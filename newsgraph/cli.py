"""Command line: build, stats, models download, settings, evaluate, export, add. The only module that
talks to argparse."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from newsgraph import settings
from newsgraph.base.errors import NewsgraphError


def _progress_bar(stream=sys.stderr):
    """A terminal progress bar (tqdm) when stderr is a terminal, else nothing."""
    if not stream.isatty():
        return None, lambda: None
    from tqdm import tqdm
    bar = tqdm(total=0, unit="article", file=stream, leave=False)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return update, bar.close


def _waiting_teller():
    """An on_wait for builds: says on stderr that the build waits for another one, and how far that
    one is whenever it has moved on (at most every five seconds)."""
    last = {"said": None, "at": 0.0}

    def say(other: dict | None) -> None:
        from newsgraph.jobs.upload import waiting_text
        step = (other or {}).get("done"), (other or {}).get("total")
        if step != last["said"] and time.monotonic() - last["at"] >= 5 or last["said"] is None:
            text = waiting_text(other)
            print(f"newsgraph: {text[:1].lower()}{text[1:]}", file=sys.stderr)
            last.update(said=step, at=time.monotonic())
    return say


def run_build(start) -> None:
    """Run a build, `start(progress, on_wait)`, with a progress bar on a terminal; then print its
    problems and its one-line summary. A BuildError propagates (the bar closed)."""
    from newsgraph.jobs.build import report_problems
    update, close = _progress_bar()
    try:
        report = start(update, _waiting_teller())
    finally:
        close()
    report_problems(report)
    print(report.summary())


def cmd_build(args: argparse.Namespace) -> int:
    from newsgraph.jobs.build import build
    run_build(lambda progress, on_wait: build(Path(args.raw), Path(args.out), backend=args.backend,
                                              workers=args.workers, force=args.force, progress=progress,
                                              on_wait=on_wait))
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from newsgraph.storage import store
    manifest = store.read_manifest(Path(args.out))
    print(f"tables in {Path(args.out).resolve()} (backend {manifest['backend']}, built {manifest['built_at']})")
    for name, rows in manifest["rows"].items():
        print(f"  {name:<10} {rows:>8} rows")
    if manifest.get("problems"):
        print(f"  {len(manifest['problems'])} problem file(s): " + ", ".join(p["path"] for p in manifest["problems"]))
    return 0


def cmd_models(args: argparse.Namespace) -> int:
    from newsgraph.analysis.nlp import stanza_backend as sb
    target = Path(args.dir)
    print(f"downloading stanza Turkish models ({settings.STANZA_PROCESSORS}) into {target} …", file=sys.stderr)
    try:
        sb.download_models(target)
    except Exception as exc:  # noqa: BLE001 - network errors come in many types
        raise NewsgraphError(f"stanza model download failed ({exc.__class__.__name__}: {exc}); "
                             "the model hub must be reachable from this machine") from None
    print(f"stanza models ready in {target}; build with: python -m newsgraph build --backend stanza")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """`python -m newsgraph settings`: every environment setting, its value now and what it does."""
    for s in settings.describe():
        print(f"{s['variable']}={s['value']}\n    {s['help']} (default {s['default']})")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from newsgraph.jobs.evaluate import evaluate_cli
    return evaluate_cli(Path(args.gold), Path(args.out), args.json)


def cmd_export(args: argparse.Namespace) -> int:
    from dataclasses import fields
    from newsgraph.present.export import ExportRequest, write_export
    given = {f.name: getattr(args, f.name) for f in fields(ExportRequest)}
    print(write_export(ExportRequest(**{k: tuple(v) if isinstance(v, list) else v for k, v in given.items()})))
    return 0


def _export_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `python -m newsgraph export`."""
    from newsgraph.present.export import WHAT_FORMATS
    from newsgraph.views.network import MAX_NODES, WINDOWS
    p.add_argument("--what", required=True, choices=list(WHAT_FORMATS), help="what to write")
    p.add_argument("--format", metavar="FORMAT", help="; ".join(f"{w}: {', '.join(f)}" for w, f in WHAT_FORMATS.items())
                   + " (default: from --out's suffix; timelinejs for timeline .json)")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    p.add_argument("--processed", default=str(settings.PROCESSED_DIR), metavar="DIR", help="table folder (default data/processed)")
    p.add_argument("--topic", action="append", default=[], help="keep articles on this topic (repeatable)")
    p.add_argument("--actor", action="append", default=[], help="entity id or name, e.g. hulusi-akar (repeatable)")
    p.add_argument("--source", action="append", default=[], help="keep articles from this source (repeatable)")
    p.add_argument("--type", action="append", default=[], dest="types", metavar="TYPE", help="meeting type, e.g. phone_call (repeatable)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day, YYYY-MM-DD")
    p.add_argument("--window", default="sentence", choices=list(WINDOWS), help="network: co-occurrence window")
    p.add_argument("--min-weight", type=int, default=1, help="network: drop links seen fewer times")
    p.add_argument("--label", action="append", default=[], choices=["PER", "LOC", "ORG", "MISC"], dest="labels", metavar="LABEL",
                   help="network: entity kinds PER, LOC, ORG, MISC (repeatable; default PER)")
    p.add_argument("--max-nodes", type=int, default=MAX_NODES, help="network html/png/svg: nodes drawn")


def cmd_add(args: argparse.Namespace) -> int:
    """`python -m newsgraph add FILE...`: a line per file, then the build; 1 when every file is refused."""
    from newsgraph.jobs.upload import check_metadata, read_path, save_incoming
    meta = check_metadata(args.source, args.url, args.published)
    raw, out = Path(args.raw), Path(args.out)
    report = save_incoming([item for f in args.files for item in read_path(Path(f))], raw, meta)
    for outcome in report.outcomes:
        print(outcome.line())
    for note in report.notes:
        print(f"newsgraph: {note}", file=sys.stderr)
    print(report.summary())
    if not (report.saved or report.skipped):
        return 1
    return 0 if args.no_build else _build_after_add(raw, out)


def _build_after_add(raw: Path, out: Path) -> int:
    """The build after `add`, with a progress bar on a terminal."""
    from newsgraph.base.errors import BuildError
    from newsgraph.jobs.upload import rebuild
    try:
        run_build(lambda progress, on_wait: rebuild(raw, out, progress, on_wait=on_wait))
    except BuildError as exc:
        print(f"newsgraph: the files are saved in {raw}, but the build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m newsgraph`."""
    p = argparse.ArgumentParser(prog="python -m newsgraph", description="Turkish news → who met whom, when, where.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build or update the processed tables")
    b.add_argument("--raw", default=str(settings.RAW_DIR), help="folder of raw articles (default data/raw)")
    b.add_argument("--out", default=str(settings.PROCESSED_DIR), help="table folder (default data/processed)")
    from newsgraph.analysis.analyze import BACKENDS
    b.add_argument("--backend", default="auto", choices=["auto", *BACKENDS],
                   help="NER backend: auto uses stanza when its models are present, else rules")
    b.add_argument("--workers", type=int, default=None, help="processes to use (default: all cores)")
    b.add_argument("--force", action="store_true", help="reprocess every article")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("stats", help="print table sizes")
    s.add_argument("--out", default=str(settings.PROCESSED_DIR))
    s.set_defaults(func=cmd_stats)
    m = sub.add_parser("models", help="stanza model management")
    msub = m.add_subparsers(dest="models_command", required=True)
    d = msub.add_parser("download", help="download the Turkish stanza models")
    d.add_argument("--dir", default=str(settings.STANZA_DIR), help="model folder (default data/models/stanza)")
    d.set_defaults(func=cmd_models)
    sub.add_parser("settings", help="list the NEWSGRAPH_* environment settings and their values").set_defaults(
        func=cmd_settings)
    e = sub.add_parser("evaluate", help="score the tables against a gold file")
    e.add_argument("--gold", required=True)
    e.add_argument("--out", default=str(settings.PROCESSED_DIR))
    e.add_argument("--json", action="store_true", help="print the scores as JSON")
    e.set_defaults(func=cmd_evaluate)
    x = sub.add_parser("export", help="write what the dashboard shows, with the same filters")
    _export_arguments(x)
    x.set_defaults(func=cmd_export)
    a = sub.add_parser("add", help="add article files (or a .zip of them) and rebuild")
    a.add_argument("files", nargs="+")
    a.add_argument("--raw", default=str(settings.RAW_DIR))
    a.add_argument("--out", default=str(settings.PROCESSED_DIR))
    a.add_argument("--source")
    a.add_argument("--url")
    a.add_argument("--published", help="publication date, YYYY-MM-DD (or YYYY-MM, YYYY)")
    a.add_argument("--no-build", action="store_true", help="only copy the files in")
    a.set_defaults(func=cmd_add)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point: one line on stderr and exit status 1 for any expected failure."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NewsgraphError as exc:
        print(f"newsgraph: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsgraph: interrupted; the previous tables are unchanged", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, keep the traceback
        import tempfile
        import traceback
        log = Path(tempfile.gettempdir()) / "newsgraph-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        print(f"newsgraph: internal error ({exc.__class__.__name__}: {exc}); nothing was changed; "
              f"traceback in {log} — please report it", file=sys.stderr)
        return 2
