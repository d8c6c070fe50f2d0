"""``contract-app ask FILE "question"``: a cited answer (or one JSON object).

A model's answer is printed only once it has been checked against the contract: what a terminal shows cannot be
taken back, and a set-aside answer must never have been on screen. Meanwhile a terminal shows a "checking" line
on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from contract_app.answering import Answer, ask
from contract_app.answering.pipeline import DEFAULT_TOP_K
from contract_app.answering.prompt import pages_label
from contract_app.cli.common import add_store_argument, command_settings, open_retriever, print_notices


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="the contract PDF (indexed first if needed)")
    parser.add_argument("question", help="the question, in quotes")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    add_store_argument(parser)
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("--top-k", type=int, default=DEFAULT_TOP_K, metavar="K", help="clauses to consider")


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "answer": answer.text,
        "citations": [
            {"section": c.section, "pages": list(c.pages), "char_span": list(c.char_span), "quote": c.quote}
            for c in answer.citations
        ],
        "backend": answer.backend,
        "grounded": answer.grounded,
    }


def citation_lines(answer: Answer) -> list[str]:
    lines = []
    for number, citation in enumerate(answer.citations, 1):
        where = ", ".join(part for part in (citation.section, pages_label(citation.pages)) if part)
        quote = f' "{citation.quote}"' if citation.quote else ""
        lines.append(f"  [{number}] {where}{quote}")
    return lines


def _progress(fraction: float, message: str) -> None:
    """Ingest progress on a terminal's stderr (a large contract takes a while the first time)."""
    if sys.stderr.isatty():
        end = "\n" if fraction >= 1.0 else ""
        sys.stderr.write(f"\r\033[KIndexing: {fraction:4.0%} {message}{end}")
        sys.stderr.flush()


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def run(args: argparse.Namespace) -> int:
    settings = command_settings(args.store)
    retriever = open_retriever(settings)
    doc_id = retriever.ingest(args.file, password=args.password, progress=_progress).doc_id
    print_notices(retriever.notices)
    if args.json:
        answer = ask(retriever, doc_id, args.question, settings, top_k=args.top_k)
        for notice in answer.notices:
            print(f"Note: {notice}", file=sys.stderr)
        print(json.dumps(answer_json(answer), ensure_ascii=False, indent=2))
        return 0
    checking = settings.answer_backend == "openai" and sys.stderr.isatty()
    if checking:
        sys.stderr.write("Asking the model; its answer is checked against the contract before it is shown…")
        sys.stderr.flush()
    try:
        answer = ask(retriever, doc_id, args.question, settings, top_k=args.top_k)
    finally:
        if checking:
            sys.stderr.write("\r\033[K")
    _write(answer.text + "\n")
    if answer.citations:
        print("\nCitations:")
        print("\n".join(citation_lines(answer)))
    if not answer.grounded:
        print("\nNote: this answer could not be fully verified against the contract.")
    for notice in answer.notices:
        print(f"Note: {notice}")
    return 0
