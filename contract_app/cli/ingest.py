"""``contract-app ingest FILE... [--store DIR] [--json]``: parse, chunk, embed and index contracts."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import TextIO

from contract_app.cli.common import add_store_argument, command_settings, open_retriever, print_notices
from contract_app.errors import ContractAppError
from contract_app.progress import ProgressCallback
from contract_app.retrieval import IngestResult, Retriever

BAR_WIDTH = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="contract PDFs")
    add_store_argument(parser)
    parser.add_argument("--password", help="password of encrypted PDFs")
    parser.add_argument("--json", action="store_true", help="print one JSON object per file")


def progress_bar(label: str, stream: TextIO | None = None) -> ProgressCallback:
    """A one-line bar redrawn in place on a terminal (silent when stderr is a file or a pipe)."""
    stream = stream or sys.stderr
    last: list[tuple[int, str]] = []
    drawing = stream.isatty()

    def report(fraction: float, message: str) -> None:
        if not drawing:
            return
        percent = int(min(max(fraction, 0.0), 1.0) * 100)
        if last and last[0] == (percent, message):
            return
        last[:] = [(percent, message)]
        filled = BAR_WIDTH * percent // 100
        stream.write(f"\r\x1b[K{label} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {percent:3d}% {message}")
        stream.flush()

    return report


def end_bar(stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    if stream.isatty():
        stream.write("\r\x1b[K")
        stream.flush()


def ingest_with_bar(retriever: Retriever, path: str, password: str | None) -> IngestResult:
    name = path.rsplit("/", 1)[-1]
    try:
        return retriever.ingest(path, password=password, progress=progress_bar(name[:40]))
    finally:
        end_bar()


def summary(result: IngestResult) -> str:
    state = "already indexed" if result.skipped else f"{result.seconds:.1f} s"
    return f"{result.file_name}: {result.pages} pages, {result.sections} sections, {result.chunks} chunks ({state})"


def run(args: argparse.Namespace) -> int:
    retriever = open_retriever(command_settings(args.store))
    failed = False
    shown: set[str] = set()
    for path in args.files:
        try:
            result = ingest_with_bar(retriever, path, args.password)
        except ContractAppError as error:  # report it and go on with the other files
            print(f"contract-app: {error}", file=sys.stderr)
            failed = True
            continue
        print_notices(retriever.notices, shown)  # the index's and the document's own (OCR, damage), once each
        if args.json:
            print(json.dumps({"file": path, **asdict(result), "seconds": round(result.seconds, 3)}), flush=True)
        else:
            print(summary(result), flush=True)
    return 1 if failed else 0
