"""``contract-app search FILE "question" | --queries Q.jsonl [--top-k K] [--store DIR] [--json]``.

The file is ingested first when it is not indexed yet; the embedding model loads once for all the queries.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path
from typing import Any

from contract_app.cli.common import add_store_argument, command_settings, open_retriever, print_notices
from contract_app.cli.ingest import ingest_with_bar
from contract_app.errors import InputError
from contract_app.model import Hit


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="the contract PDF")
    parser.add_argument("question", nargs="?", help="what to look for (or use --queries)")
    parser.add_argument("--queries", metavar="Q.jsonl", help='one {"id": ..., "text": ...} per line')
    parser.add_argument("--top-k", type=int, default=5, metavar="K", help="clauses per query (default 5)")
    add_store_argument(parser)
    parser.add_argument("--password", help="password of an encrypted PDF")
    parser.add_argument("--json", action="store_true", help="print one JSON line per query")


def read_queries(path: str) -> list[tuple[str, str]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"Cannot read the queries file {path}: {error.strerror or error}.") from error
    queries = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            queries.append((str(item["id"]), str(item["text"])))
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f'Line {number} of {path} is not a JSON object with "id" and "text".') from error
    return queries


def hit_json(hit: Hit) -> dict[str, Any]:
    chunk = hit.chunk
    return {
        "text": chunk.text,
        "score": round(hit.score, 4),
        "section": chunk.section_label,
        "heading_path": list(chunk.heading_path),
        "pages": list(chunk.pages),
        "char_span": list(chunk.char_span),
        "context": [{"kind": c.kind, "label": c.label, "text": c.text} for c in chunk.context],
    }


def render_hits(question: str, hits: list[Hit]) -> str:
    return "\n".join([f"Q: {question}", *hit_lines(hits)])


def hit_lines(hits: list[Hit]) -> list[str]:
    """Each hit as a ranked citation line, its clause text wrapped below, and the context it carries."""
    lines = []
    if not hits:
        lines.append("  No matching clauses.")
    for rank, hit in enumerate(hits, 1):
        chunk = hit.chunk
        pages = ", ".join(map(str, chunk.pages))
        where = " > ".join(chunk.heading_path) or "Preamble"
        lines.append(f"{rank}. {chunk.section_label or where} (p. {pages}) score {hit.score:.3f}  {where}")
        lines.append(textwrap.indent(textwrap.fill(" ".join(chunk.text.split()), 100), "   "))
        labels = [f"{c.kind} {c.label}" for c in chunk.context]
        if labels:
            lines.append(f"   with: {'; '.join(labels)}")
    return lines


def run(args: argparse.Namespace) -> int:
    if (args.question is None) == (args.queries is None):
        raise InputError("Give either a question or --queries Q.jsonl (not both).")
    if args.top_k < 1:
        raise InputError("--top-k must be at least 1.")
    queries = read_queries(args.queries) if args.queries else [("q1", args.question)]
    retriever = open_retriever(command_settings(args.store))
    shown: set[str] = set()
    doc_id = ingest_with_bar(retriever, args.file, args.password).doc_id
    for query_id, text in queries:
        hits = retriever.search(doc_id, text, top_k=args.top_k)
        print_notices(retriever.notices, shown)
        if args.json:
            print(json.dumps({"id": query_id, "hits": [hit_json(h) for h in hits]}, ensure_ascii=False), flush=True)
        else:
            print(render_hits(text, hits) + "\n", flush=True)
    return 0
