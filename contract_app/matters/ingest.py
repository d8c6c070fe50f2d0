"""Putting contracts into a matter and taking them out.

A folder's PDFs are indexed one after the other under one progress (cancel stops between two steps of a contract).
Each contract joins the matter as soon as it is indexed, so a run that is cancelled or killed keeps every contract
it finished; running it again indexes only the rest, since the index recognises a completely stored document by
its content and skips it (``retrieval/bookkeeping.py``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from contract_app.errors import ContractAppError, InputError, OperationCancelled
from contract_app.files import file_error, resolved
from contract_app.matters.cells import CellStore
from contract_app.matters.records import AddedFiles, FailedFile, Matter, MatterContract
from contract_app.matters.registry import MatterRegistry
from contract_app.matters.search import warm_matter
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.retrieval import IngestResult, Retriever


def pdfs_in(folder: str | Path) -> list[Path]:
    """The folder's PDF files, subfolders included, in path order; hidden files and folders are left out."""
    root = resolved(folder)
    if not root.is_dir():
        raise InputError(f"{root} is not a folder.")
    try:
        found = [
            path
            for path in root.rglob("*")
            if path.suffix.lower() == ".pdf"
            and not any(part.startswith(".") for part in path.relative_to(root).parts)
            and path.is_file()
        ]
    except OSError as error:
        raise file_error(root, error) from error
    if not found:
        raise InputError(f"The folder {root} holds no PDF files.")
    return sorted(found, key=lambda path: str(path).casefold())


def _contract(result: IngestResult, path: Path) -> MatterContract:
    added = datetime.now(UTC).replace(microsecond=0).isoformat()
    return MatterContract(result.doc_id, result.file_name, str(path), result.pages, added)


def _step(progress: ProgressCallback, number: int, count: int, name: str) -> ProgressCallback:
    """One contract's progress as its share of the whole, its message prefixed with which contract it is
    ("Indexing 3 / 12: a.pdf — Embedding clauses")."""

    def report(fraction: float, message: str) -> None:
        share = (number + min(max(fraction, 0.0), 1.0)) / count
        progress(share, f"Indexing {number + 1} / {count}: {name} — {message}")

    return report


def add_files(
    retriever: Retriever,
    registry: MatterRegistry,
    name: str,
    paths: Sequence[str | Path],
    progress: ProgressCallback = no_progress,
    password: str | None = None,
) -> AddedFiles:
    """Index the files and add them to the matter (created if need be). A file that cannot be read is reported in
    ``failed`` and the others go on; a cancel (``progress`` raising) stops at once, keeping what was finished."""
    started = time.perf_counter()
    matter = registry.create(name)
    indexed: list[IngestResult] = []
    failed: list[FailedFile] = []
    files = [resolved(path) for path in paths]
    for number, path in enumerate(files):
        try:
            result = retriever.ingest(path, password=password, progress=_step(progress, number, len(files), path.name))
        except OperationCancelled:
            raise
        except ContractAppError as error:
            failed.append(FailedFile(str(path), str(error)))
            continue
        if not any(c.doc_id == result.doc_id and c.path == str(path) for c in matter.contracts):
            registry.add(matter.name, [_contract(result, path)])
            _drop_replaced(registry, matter, result.doc_id, path)
        indexed.append(result)
    progress(1.0, f"{len(indexed)} of {len(files)} contracts in {matter.name}")
    return AddedFiles(registry.matter(matter.name), tuple(indexed), tuple(failed), time.perf_counter() - started)


def add_folder(
    retriever: Retriever,
    registry: MatterRegistry,
    name: str,
    folder: str | Path,
    progress: ProgressCallback = no_progress,
    password: str | None = None,
) -> AddedFiles:
    """Every PDF of the folder (and its subfolders) into the matter: ``add_files`` over ``pdfs_in(folder)``."""
    return add_files(retriever, registry, name, pdfs_in(folder), progress, password)


def open_matter(
    retriever: Retriever,
    registry: MatterRegistry,
    name: str,
    progress: ProgressCallback = no_progress,
    warm: bool = True,
) -> Matter:
    """The matter, ready: a contract this index lacks (indexed under another embedding model, or removed from the
    library) is indexed again from its file, and with ``warm`` every contract's search index is loaded, so the
    first question is as quick as the next. A contract whose file is gone stays listed; searching it says why."""
    matter = registry.matter(name)
    indexed = {record.doc_id for record in retriever.documents()}
    missing = [contract.path for contract in matter.contracts if contract.doc_id not in indexed]
    readable = [path for path in missing if Path(path).is_file()]
    if readable:
        add_files(retriever, registry, matter.name, readable, scaled(progress, 0.0, 0.8 if warm else 1.0))
        matter = registry.matter(matter.name)
    if warm:
        warm_matter(retriever, matter, scaled(progress, 0.8 if readable else 0.0, 1.0))
    return matter


def _drop_replaced(registry: MatterRegistry, matter: Matter, doc_id: str, path: Path) -> None:
    """A file edited since it joined the matter is a new document: the matter keeps the new one only (the index
    dropped the old one when it indexed the new)."""
    stale = [c.doc_id for c in matter.contracts if c.path == str(path) and c.doc_id != doc_id]
    registry.remove(matter.name, stale)


def remove_contract(
    retriever: Retriever, registry: MatterRegistry, cells: CellStore, name: str, reference: str
) -> Matter:
    """Take a contract out of the matter and, unless another matter holds it too, out of the index with its
    kept grid cells. ``reference`` is its file name, path or document id (see ``Matter.contract``)."""
    matter = registry.matter(name)
    contract = matter.contract(reference)
    registry.remove(matter.name, [contract.doc_id])
    _forget_unheld(retriever, registry, cells, contract.doc_id)
    return registry.matter(matter.name)


def delete_matter(retriever: Retriever, registry: MatterRegistry, cells: CellStore, name: str) -> None:
    """The matter goes, and with it the index of each contract no other matter holds."""
    matter = registry.matter(name)
    registry.delete(matter.name)
    for contract in matter.contracts:
        _forget_unheld(retriever, registry, cells, contract.doc_id)


def _forget_unheld(retriever: Retriever, registry: MatterRegistry, cells: CellStore, doc_id: str) -> None:
    if not registry.holders(doc_id):
        retriever.delete(doc_id)
        cells.discard(doc_id)


__all__ = ["add_files", "add_folder", "delete_matter", "open_matter", "pdfs_in", "remove_contract"]
