"""Chunk statistics over a set of contracts, for choosing sizes: ``python -m contract_app.chunking.stats PDF...``.

Prints, per run: contracts, chunks per contract, mean and p95 chunk tokens (the chunker's estimate), the share of
chunks with linked context (and with a definition, with a reference), mean context tokens, and seconds spent
chunking beside seconds spent parsing and analysing (medians per contract).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from contract_app.chunking.chunker import chunk_contract
from contract_app.chunking.config import ChunkConfig
from contract_app.chunking.tokens import TokenIndex
from contract_app.errors import ContractAppError
from contract_app.model import Chunk, ContractStructure, Definition, Span
from contract_app.structure import load_contract


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contract_app.chunking.stats", description=__doc__)
    parser.add_argument("pdfs", nargs="+", type=Path)
    for name, default in vars(ChunkConfig()).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    args = parser.parse_args(argv)
    config = ChunkConfig(**{name: getattr(args, name) for name in vars(ChunkConfig())})
    per_contract: list[int] = []
    sizes: list[int] = []
    context_sizes: list[int] = []
    with_context = with_definition = with_reference = 0
    used_terms = carried_terms = 0
    load_seconds: list[float] = []
    chunk_seconds: list[float] = []
    for path in args.pdfs:
        started = time.perf_counter()
        try:
            structure = load_contract(path)
        except ContractAppError as error:
            print(f"{path.name}: {error}", file=sys.stderr)
            continue
        loaded = time.perf_counter()
        chunks = chunk_contract(structure, config)
        chunk_seconds.append(time.perf_counter() - loaded)
        load_seconds.append(loaded - started)
        tokens = TokenIndex(structure.document.text)
        per_contract.append(len(chunks))
        for chunk in chunks:
            sizes.append(tokens.count(chunk.char_span))
            kinds = {item.kind for item in chunk.context}
            with_context += bool(kinds)
            with_definition += "definition" in kinds
            with_reference += "reference" in kinds
            context_sizes.append(sum(tokens.count(item.span) for item in chunk.context))
            used, carried = _definition_pairs(chunk, structure)
            used_terms += used
            carried_terms += carried
    if not sizes:
        return 1
    total = len(sizes)
    print(f"config: {config}")
    print(
        f"contracts {len(per_contract)}  chunks/contract mean {statistics.mean(per_contract):.1f}"
        f" median {statistics.median(per_contract):.0f}"
    )
    print(f"chunk tokens mean {statistics.mean(sizes):.0f}  p95 {sorted(sizes)[int(total * 0.95)]}  max {max(sizes)}")
    print(
        f"chunks with context {with_context / total:.1%}  with a definition {with_definition / total:.1%}"
        f"  with a reference {with_reference / total:.1%}  context tokens mean {statistics.mean(context_sizes):.0f}"
    )
    print(
        f"definitions carried for terms a chunk uses but does not define: {carried_terms}/{used_terms}"
        f" = {carried_terms / max(used_terms, 1):.1%}"
    )
    print(
        f"seconds per contract (median): load {statistics.median(load_seconds):.4f}"
        f"  chunk {statistics.median(chunk_seconds):.4f}"
        f"  ratio {statistics.median(chunk_seconds) / statistics.median(load_seconds):.1%}"
    )
    return 0


def _definition_pairs(chunk: Chunk, structure: ContractStructure) -> tuple[int, int]:
    """(defined terms the chunk uses, per the section graph, but does not define; how many it carries)."""
    graph = structure.graph
    used = {use.term for use in graph.uses_in(chunk.char_span)}
    used -= {term for term in used if _defined_in(graph.first_definition(term), chunk.char_span)}
    carried = {item.label for item in chunk.context if item.kind == "definition"}
    return len(used), len(used & carried)


def _defined_in(definition: Definition | None, span: Span) -> bool:
    return definition is not None and span[0] <= definition.span[0] < span[1]


if __name__ == "__main__":
    raise SystemExit(main())
