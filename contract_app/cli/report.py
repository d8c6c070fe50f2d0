"""``contract-app report FILE``: the 41-category clause report, to stdout (Markdown/JSON/CSV) or to a file."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from contract_app.cli.common import add_store_argument, command_settings, open_retriever, print_notices
from contract_app.errors import InputError, OutputExistsError
from contract_app.outputs import Protected, check_output
from contract_app.reports.results import ClauseReport, Summary
from contract_app.settings import Settings

Builder = Callable[[object, str, Settings], ClauseReport | Summary]


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """The options ``report`` and ``summarize`` share."""
    parser.add_argument("file", type=Path, help="the contract (PDF)")
    parser.add_argument("--format", choices=("pdf", "docx", "md", "csv", "json"), help="output format")
    parser.add_argument("-o", "--output", type=Path, help="write to this file (format from its extension)")
    parser.add_argument("--force", action="store_true", help="replace the output file if it already exists")
    parser.add_argument("--json", action="store_true", help="print JSON to stdout (same as --format json)")
    add_store_argument(parser)
    parser.add_argument("--password", help="password of an encrypted PDF")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_output_arguments(parser)


def _format(args: argparse.Namespace) -> str:
    if args.json:
        return "json"
    if args.format:
        return args.format
    if args.output and args.output.suffix.lower().lstrip(".") in ("pdf", "docx", "md", "csv", "json"):
        return args.output.suffix.lower().lstrip(".")
    return "md"


def produce(args: argparse.Namespace, build: Builder) -> int:
    """Ingest the file (a no-op when already indexed), build the report or summary, and write it out."""
    from contract_app.reports import export, render_text

    fmt = _format(args)
    if args.output is None and fmt in ("pdf", "docx"):
        raise InputError(f"A {fmt.upper()} report needs an output file: add -o FILE.{fmt}.")
    settings = command_settings(args.store)
    if args.output is not None:  # a bad -o is refused now, not after the ingest
        _checked(args, Protected((args.file,), (settings.store_path,)))
    retriever = open_retriever(settings)
    result = retriever.ingest(args.file, password=args.password)
    obj = build(retriever, result.doc_id, settings)
    print_notices((*retriever.notices, *obj.notices))
    if args.output is None:
        sys.stdout.write(render_text(obj, fmt))
        return 0
    protected = Protected.of_index(retriever, args.file)
    written = _checked(args, protected, lambda: export(obj, fmt, args.output, force=args.force, protected=protected))
    print(f"Wrote {written}", file=sys.stderr)
    return 0


def _checked(args: argparse.Namespace, protected: Protected, write: Callable[[], Path] | None = None) -> Path:
    """Check (or write) the output; an existing file's refusal says how to replace it."""
    try:
        return write() if write else check_output(args.output, force=args.force, protected=protected)
    except OutputExistsError as error:
        raise InputError(f"{error} Add --force to replace it.") from error


def run(args: argparse.Namespace) -> int:
    from contract_app.reports import build_clause_report

    return produce(args, build_clause_report)
