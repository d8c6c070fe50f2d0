"""``contract-app matter ...``: matters (named sets of contracts) from the command line.

    matter create NAME FOLDER          index the folder's PDFs into the matter (run it again to resume)
    matter list [NAME]                 the matters, or one matter's contracts
    matter search NAME "question"      each contract's best clauses, grouped by contract (--json: a line per hit)
    matter grid NAME [--columns ...]   the review grid, printed or written with -o grid.xlsx|csv|pdf|docx
    matter remove NAME CONTRACT        a contract out of the matter (and out of the index)
    matter delete NAME                 the whole matter

With ``CONTRACT_APP_CHROMA_URL`` the matter lives on the team's Chroma server.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from contract_app.cli.common import add_store_argument, command_settings, open_retriever, print_notices
from contract_app.cli.ingest import end_bar, progress_bar
from contract_app.cli.search import hit_lines
from contract_app.errors import InputError, OutputExistsError
from contract_app.matters import (
    CellStore,
    Grid,
    GridCell,
    Matter,
    MatterRegistry,
    add_folder,
    delete_matter,
    export_grid,
    fill_grid,
    grid_columns,
    open_matter,
    pdfs_in,
    remove_contract,
    search_matter,
)
from contract_app.matters.export import cell_text, grid_format, where_text
from contract_app.matters.search import PER_CONTRACT
from contract_app.outputs import Protected, check_output
from contract_app.retrieval import Retriever


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    create = _action(actions, "create", "index a folder's PDFs into a matter (again: resume or add new files)")
    create.add_argument("name", help="the matter's name")
    create.add_argument("folder", help="a folder of contract PDFs (subfolders included)")
    create.add_argument("--password", help="password of encrypted PDFs")
    create.add_argument("--json", action="store_true", help="print one JSON object per file")

    listing = _action(actions, "list", "list the matters, or the contracts of one")
    listing.add_argument("name", nargs="?", help="a matter: list its contracts")
    listing.add_argument("--json", action="store_true", help="print JSON")

    search = _action(actions, "search", "search every contract of a matter for the clauses that answer a question")
    search.add_argument("name", help="the matter")
    search.add_argument("question", help="what to look for")
    search.add_argument("--per-contract", type=int, default=PER_CONTRACT, metavar="K", help="clauses per contract")
    search.add_argument("--json", action="store_true", help="print one JSON object per clause found")

    grid = _action(actions, "grid", "fill the review grid: a row per contract, a column per category or question")
    grid.add_argument("name", help="the matter")
    grid.add_argument(
        "--columns",
        nargs="+",
        metavar="COLUMN",
        help='CUAD category names or questions ending in "?" (default: as chosen last, else all 41 categories)',
    )
    grid.add_argument("-o", "--output", type=Path, help="write the grid to FILE.xlsx, .csv, .pdf or .docx")
    grid.add_argument("--force", action="store_true", help="replace the output file if it already exists")
    grid.add_argument("--json", action="store_true", help="print one JSON object per cell")

    remove = _action(
        actions, "remove", "take a contract out of a matter and, unless another matter holds it, the index"
    )
    remove.add_argument("name", help="the matter")
    remove.add_argument("contract", help="the contract's file name, path or document id")

    delete = _action(actions, "delete", "delete a matter (and the index of contracts no other matter holds)")
    delete.add_argument("name", help="the matter")


def _action(actions: Any, name: str, help_text: str) -> argparse.ArgumentParser:
    parser = actions.add_parser(name, help=help_text, description=help_text)
    add_store_argument(parser)
    return parser


def run(args: argparse.Namespace) -> int:
    handlers: dict[str, Callable[[argparse.Namespace, Retriever, MatterRegistry], int]] = {
        "create": _create,
        "list": _list,
        "search": _search,
        "grid": _grid,
        "remove": _remove,
        "delete": _delete,
    }
    if args.action == "grid" and args.output is not None:
        grid_format(args.output)  # a bad -o is refused now, not after filling the grid
    if args.action == "create":
        pdfs_in(args.folder)  # likewise a folder without PDFs, before the index and the model load
    retriever = open_retriever(command_settings(args.store))
    return handlers[args.action](args, retriever, MatterRegistry(retriever.settings))


def _with_bar(label: str) -> Callable[[float, str], None]:
    return progress_bar(label[:40])


def _create(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    try:
        added = add_folder(retriever, registry, args.name, args.folder, _with_bar(args.name), args.password)
    finally:
        end_bar()
    for result in added.indexed:
        if args.json:
            print(
                json.dumps(
                    {
                        "file": result.file_name,
                        "doc_id": result.doc_id,
                        "pages": result.pages,
                        "chunks": result.chunks,
                        "skipped": result.skipped,
                        "seconds": round(result.seconds, 3),
                    }
                )
            )
    for failure in added.failed:
        print(f"contract-app: {failure.reason}", file=sys.stderr)
    matter = added.matter
    print(
        f"{matter.name}: {len(matter.contracts)} contracts, {matter.pages} pages "
        f"({added.newly_indexed} indexed now, {len(added.indexed) - added.newly_indexed} already indexed"
        f"{f', {len(added.failed)} could not be read' if added.failed else ''}; {added.seconds:.1f} s)",
        file=sys.stderr if args.json else sys.stdout,
    )
    return 1 if added.failed else 0


def _list(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    if args.name:
        matter = registry.matter(args.name)
        if args.json:
            print(json.dumps({"matter": matter.name, "contracts": [asdict(c) for c in matter.contracts]}))
            return 0
        print(f"{matter.name}: {len(matter.contracts)} contracts, {matter.pages} pages")
        for contract in matter.contracts:
            print(f"  {contract.file_name}  ({contract.pages} pages, {contract.doc_id[:12]})  {contract.path}")
        return 0
    matters = registry.matters()
    if args.json:
        print(json.dumps([{"matter": m.name, "contracts": len(m.contracts), "pages": m.pages} for m in matters]))
        return 0
    if not matters:
        print("No matters yet: contract-app matter create NAME FOLDER")
    for matter in matters:
        print(f"{matter.name}: {len(matter.contracts)} contracts, {matter.pages} pages")
    return 0


def _opened(retriever: Retriever, registry: MatterRegistry, name: str, warm: bool) -> Matter:
    try:
        return open_matter(retriever, registry, name, _with_bar(name), warm)
    finally:
        end_bar()


def _search(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    matter = _opened(retriever, registry, args.name, warm=True)
    found = search_matter(retriever, matter, args.question, args.per_contract)
    print_notices(retriever.notices)
    if not args.json:
        print(f"Q: {found.question}  ({len(matter.contracts)} contracts)")
    for group in found.groups:
        if group.problem:
            print(f"contract-app: {group.contract.file_name}: {group.problem}", file=sys.stderr)
            continue
        if not args.json:
            print(f"\n== {group.contract.file_name}")
            print("\n".join(hit_lines(list(group.hits))))
            continue
        for hit in group.hits:
            chunk = hit.chunk
            line = {
                "file": group.contract.file_name,
                "section": chunk.section_label,
                "pages": list(chunk.pages),
                "text": chunk.text,
                "score": round(hit.score, 4),
                "doc_id": group.contract.doc_id,
                "char_span": list(chunk.char_span),
            }
            print(json.dumps(line, ensure_ascii=False), flush=True)
    return 1 if any(group.problem for group in found.groups) else 0


def _grid(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    matter = _opened(retriever, registry, args.name, warm=False)
    if args.columns:
        columns = grid_columns(args.columns)
        matter = registry.set_columns(matter.name, columns)
    else:
        columns = matter.columns or grid_columns()
    protected = Protected.of_index(retriever)
    if args.output is not None:
        _refusing_existing(lambda: check_output(args.output, force=args.force, protected=protected))
    try:
        grid = fill_grid(
            retriever, CellStore(retriever.settings), matter, columns, retriever.settings, _with_bar(matter.name)
        )
    finally:
        end_bar()
    problems = [cell for cell in grid.cells.values() if cell.problem]
    for problem in dict.fromkeys(cell.problem for cell in problems):
        print(f"contract-app: {problem}", file=sys.stderr)
    if args.output is not None:
        written = _refusing_existing(lambda: export_grid(grid, args.output, force=args.force, protected=protected))
        print(f"Wrote {written}", file=sys.stderr)
    elif args.json:
        for cell in _cells_in_order(grid):
            print(json.dumps(_cell_json(grid, cell), ensure_ascii=False), flush=True)
    else:
        _print_grid(grid)
    return 1 if problems else 0


def _refusing_existing(write: Callable[[], Path]) -> Path:
    try:
        return write()
    except OutputExistsError as error:
        raise InputError(f"{error} Add --force to replace it.") from error


def _cells_in_order(grid: Grid) -> list[GridCell]:
    return [
        cell
        for contract in grid.matter.contracts
        for column in grid.columns
        if (cell := grid.cell(contract.doc_id, column)) is not None
    ]


def _cell_json(grid: Grid, cell: GridCell) -> dict[str, Any]:
    contract = next(c for c in grid.matter.contracts if c.doc_id == cell.doc_id)
    kind, _, text = cell.column.partition(":")
    return {
        "file": contract.file_name,
        "doc_id": cell.doc_id,
        "column": text,
        "kind": kind,
        "found": cell.found,
        "answer": cell.answer,
        "clauses": [clause.to_json() for clause in cell.clauses],
        "problem": cell.problem,
    }


def _print_grid(grid: Grid) -> None:
    for contract in grid.matter.contracts:
        print(f"== {contract.file_name}")
        for column in grid.columns:
            cell = grid.cell(contract.doc_id, column)
            where = where_text(cell)
            print(f"  {column.text}: {cell_text(cell)}{f'  ({where})' if where else ''}")


def _remove(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    matter = remove_contract(retriever, registry, CellStore(retriever.settings), args.name, args.contract)
    print(f"{matter.name}: {len(matter.contracts)} contracts left")
    return 0


def _delete(args: argparse.Namespace, retriever: Retriever, registry: MatterRegistry) -> int:
    delete_matter(retriever, registry, CellStore(retriever.settings), args.name)
    print(f"Deleted the matter {args.name}")
    return 0
