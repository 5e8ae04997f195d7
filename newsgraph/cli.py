"""Command line: build, stats, models download, settings, evaluate, export, add, correct, search. The only
module that talks to argparse."""
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
                                              on_wait=on_wait, engine=args.engine, scheduler=args.scheduler))
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


def cmd_search(args: argparse.Namespace) -> int:
    """`python -m newsgraph search QUERY`: the matching sentences, their articles and facet counts."""
    from newsgraph.views.reader import Reader
    from newsgraph.views.search import parse_query, resolve_filters, result_lines, search, search_basis
    parse_query(args.query)                                  # a query without words stops before any read
    reader = Reader(Path(args.out))
    basis = search_basis(reader)
    f = resolve_filters(basis, args.topic, args.actor, args.source, args.date_from, args.date_to)
    result = search(reader, args.query, f, limit=args.limit, offset=args.offset, basis=basis)
    bold = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("**", "**")
    print("\n".join(result_lines(result, basis.names, bold, args.offset)))
    return 0


def _search_arguments(p: argparse.ArgumentParser) -> None:
    """Arguments of `python -m newsgraph search`."""
    p.add_argument("query", help="words to find (each as the start of a word, in any order; \"a phrase\" in quotes)")
    p.add_argument("--topic", action="append", default=[], help="keep articles on this topic (repeatable)")
    p.add_argument("--actor", action="append", default=[], help="keep articles naming this entity: id or name (repeatable)")
    p.add_argument("--source", action="append", default=[], help="keep articles from this source (repeatable)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first publication day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last publication day, YYYY-MM-DD")
    p.add_argument("--limit", type=int, default=20, help="sentences to print (default 20)")
    p.add_argument("--offset", type=int, default=0, help="sentences to skip first (the next page)")
    p.add_argument("--out", default=str(settings.PROCESSED_DIR), metavar="DIR", help="table folder (default data/processed)")


def cmd_add(args: argparse.Namespace) -> int:
    """`python -m newsgraph add FILE...`: a line per file, then the build; 1 when every file is refused."""
    from newsgraph.jobs.upload import check_metadata, read_path, save_incoming, shown
    meta = check_metadata(args.source, args.url, args.published)
    raw, out = Path(args.raw), Path(args.out)
    report = save_incoming([item for f in args.files for item in read_path(Path(f))], raw, meta)
    if report.changed:       # what an error from here on must not deny
        args.changed = f"{report.summary()} in {shown(raw)}"
    for outcome in report.outcomes:
        print(outcome.line())
    for note in report.notes:
        print(f"newsgraph: {note}", file=sys.stderr)
    print(report.summary())
    if not (report.saved or report.skipped):
        return 1
    return 0 if args.no_build else _build_after_add(raw, out, getattr(args, "changed", None))


def _build_after_add(raw: Path, out: Path, changed: str | None) -> int:
    """The build after `add`, with a progress bar on a terminal."""
    from newsgraph.base.errors import BuildError
    from newsgraph.jobs.upload import rebuild
    try:
        run_build(lambda progress, on_wait: rebuild(raw, out, progress, on_wait=on_wait))
    except BuildError as exc:
        done = f"the files are saved ({changed}), but " if changed else ""
        print(f"newsgraph: {done}the build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    """`python -m newsgraph correct OP …`: one entry into the corrections file (or out of it), then a build."""
    from newsgraph.jobs import correct
    who = {"by": args.by, "note": args.note, "path": args.file}
    where = {**who, "out": args.out}
    op = args.correct_command
    if op == "list":
        return _list_corrections(correct, args)
    if op == "undo":
        done = correct.undo(args.entry, args.file)
        print(f"undone: {done.id} {done.describe()}")
    else:
        changes = {k: getattr(args, k) for k in ("sides", "type", "status", "location", "date")
                   if getattr(args, k, None) is not None}
        changes.update({k: None for k in ("location", "date") if getattr(args, f"no_{k}", False)})
        done = {"reject-entity": lambda: correct.reject_entity(args.entity_id, **where),
                "merge": lambda: correct.merge_entities(args.from_id, args.into_id, **where),
                "split": lambda: correct.split_alias(args.entity_id, args.alias, args.into, **where),
                "add-meeting": lambda: correct.add_meeting(args.article_id, args.sent_idx, changes, **where),
                }.get(op, lambda: correct.correct_meeting(op, args.meeting_id, changes, **where))()
        print(f"{args.file}: {done.id} {done.describe()}")
    if args.no_build:
        return 0
    return _build_after_correct(Path(args.raw), Path(args.out), Path(args.file))


def _list_corrections(correct, args: argparse.Namespace) -> int:
    """One line per entry: its number, id, line, what it does; and whether the last build applied it."""
    found, missed = correct.listing(args.file), correct.not_applied(args.out)
    if not found.entries:
        print(f"no corrections in {args.file}")
    for n, c in enumerate(found.entries, 1):
        why = f"   [not applied: {missed[c.id]['why']}]" if c.id in missed else ""
        print(f"{n:>3}  {c.id}  line {c.line}: {c.describe()}{why}")
    return 0


def _build_after_correct(raw: Path, out: Path, corrections: Path) -> int:
    from newsgraph.base.errors import BuildError
    from newsgraph.jobs.build import build
    try:
        run_build(lambda progress, on_wait: build(raw, out, progress=progress, on_wait=on_wait,
                                                  corrections=corrections))
    except BuildError as exc:
        print(f"newsgraph: the correction is saved in {corrections}, but the build failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _correct_arguments(c: argparse.ArgumentParser) -> None:
    """The subcommands of `python -m newsgraph correct`."""
    from newsgraph.corpus.corrections import STATUSES
    from newsgraph.storage.schema import MEETING_TYPES
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--file", default=str(settings.CORRECTIONS_FILE), help="corrections file (default data/corrections.yaml)")
    common.add_argument("--out", default=str(settings.PROCESSED_DIR), help="table folder (default data/processed)")
    common.add_argument("--raw", default=str(settings.RAW_DIR), help="raw folder to rebuild (default data/raw)")
    common.add_argument("--by", help="who makes the correction (default: the login name)")
    common.add_argument("--note", help="why")
    common.add_argument("--no-build", action="store_true", help="only write the file; the next build applies it")
    sub = c.add_subparsers(dest="correct_command", required=True)

    def op(name: str, text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=text, description=text, parents=[common])

    op("reject-entity", "an entity that is none: its mentions link to nothing").add_argument("entity_id")
    m = op("merge", "two ids of one entity: FROM's mentions and contacts become INTO's")
    m.add_argument("from_id")
    m.add_argument("into_id")
    s = op("split", "a spelling linked to an entity names someone else: its mentions become a new entity's")
    s.add_argument("entity_id")
    s.add_argument("alias", help="the spelling, as written (Akar)")
    s.add_argument("--into", help="the new entity's id (default: the slug of the spelling)")
    for name, text in (("reject-meeting", "a contact that was not reported"),
                       ("confirm-meeting", "a contact checked and right"),
                       ("edit-meeting", "change a contact's sides, type, status, place or date")):
        op(name, text).add_argument("meeting_id", help="as the meetings table shows it (ARTICLE:m0)")
    a = op("add-meeting", "a contact the machine missed, told in one sentence")
    a.add_argument("article_id")
    a.add_argument("sent_idx", type=int, help="the sentence's number in the article, from 0")
    for p in (sub.choices["edit-meeting"], a):
        p.add_argument("--sides", help="entity ids, people of a side split by ',' and sides by ';' "
                                       "(hulusi-akar,yasar-guler;sergey-soygu)")
        p.add_argument("--type", choices=MEETING_TYPES)
        p.add_argument("--status", choices=STATUSES)
        p.add_argument("--location", help="entity id of the place")
        p.add_argument("--date", help="YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM or YYYY-MM-DD/YYYY-MM-DD")
    for name in ("location", "date"):
        sub.choices["edit-meeting"].add_argument(f"--no-{name}", action="store_true", help=f"clear the {name}")
    op("undo", "take an entry out of the file").add_argument("entry", help="its id, or its number in `correct list`")
    op("list", "the corrections, numbered, and those the last build could not apply")


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
    b.add_argument("--workers", type=int, default=None,
                   help="processes to use (default: all cores); with --engine dask, the workers of the local cluster")
    b.add_argument("--force", action="store_true", help="reprocess every article")
    from newsgraph.jobs.engines import ENGINES
    b.add_argument("--engine", default="pool", choices=list(ENGINES),
                   help="where the per-article stages run: pool = processes of this machine (default); "
                        "dask = a Dask cluster (--scheduler), or a local one started for this build")
    b.add_argument("--scheduler", metavar="ADDRESS", default=None,
                   help="Dask scheduler to send the articles to, e.g. tcp://HOST:8786 (only with --engine dask; "
                        "see docs/scaling.md)")
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
    q = sub.add_parser("search", help="find sentences by their words, with the dashboard's filters")
    _search_arguments(q)
    q.set_defaults(func=cmd_search)
    a = sub.add_parser("add", help="add article files (or a .zip of them) and rebuild")
    a.add_argument("files", nargs="+")
    a.add_argument("--raw", default=str(settings.RAW_DIR))
    a.add_argument("--out", default=str(settings.PROCESSED_DIR))
    a.add_argument("--source")
    a.add_argument("--url")
    a.add_argument("--published", help="publication date, YYYY-MM-DD (or YYYY-MM, YYYY)")
    a.add_argument("--no-build", action="store_true", help="only copy the files in")
    a.set_defaults(func=cmd_add)
    c = sub.add_parser("correct", help="correct what the machine extracted (data/corrections.yaml), then rebuild")
    _correct_arguments(c)
    c.set_defaults(func=cmd_correct)
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
        changed = getattr(args, "changed", None)     # set by a command once it has changed something
        done = f"{changed}, the tables were not rebuilt" if changed else "nothing was changed"
        print(f"newsgraph: internal error ({exc.__class__.__name__}: {exc}); {done}; "
              f"traceback in {log} — please report it", file=sys.stderr)
        return 2
