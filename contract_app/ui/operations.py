"""What the window asks of the core, one small function per operation; each runs in the runner's worker lane.

Each function takes the ``Session`` and the runner's ``TaskContext`` and returns a small result for the window to
show. They hold no logic of their own beyond picking the pieces the window needs from the core's answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_app.errors import InputError, StoreError
from contract_app.model import Chunk, Citation, ContractStructure
from contract_app.ui.runner import TaskContext
from contract_app.ui.session import Session
from contract_app.ui.text_layer import TextLayer, pages_phrase


@dataclass(frozen=True)
class Ingested:
    doc_id: str
    path: str
    pages: int
    skipped: bool
    structure: ContractStructure
    notices: tuple[str, ...]
    text_layer: TextLayer  # built here, in the worker: it indexes every line and section


@dataclass(frozen=True)
class Opened:
    structure: ContractStructure
    text_layer: TextLayer


@dataclass(frozen=True)
class MemoOf:
    """What ``export`` writes as a Q&A memo: the questions asked about this document."""

    doc_id: str
    file_name: str


@dataclass(frozen=True)
class Asked:
    question: str
    answer: Any  # contract_app.answering.Answer
    sources: tuple[Chunk, ...]  # the chunks the citations point at, with their attached definitions


def ingest(session: Session, path: str, password: str | None, context: TaskContext) -> Ingested:
    """Up to the point where the contract can be searched by its words; ``fill_vectors`` does the rest."""
    retriever = session.retriever()
    result = retriever.ingest(path, password=password, progress=context.progress, vectors=False)
    structure = retriever.structure(result.doc_id)
    notices = tuple(retriever.notices)
    return Ingested(result.doc_id, path, result.pages, result.skipped, structure, notices, TextLayer(structure))


def fill_vectors(session: Session, doc_id: str, context: TaskContext) -> int:
    """One step of filling in a contract's dense vectors; returns how many clauses still lack one. In steps, so a
    question asked meanwhile waits seconds, not minutes, in the runner's single lane."""
    retriever = session.retriever()
    try:
        retriever.record(doc_id)
    except InputError:
        return 0  # removed from the library between two steps
    try:
        retriever.fill_vectors(doc_id, context.progress, windows=1)
    except StoreError:  # the index was closed or reopened meanwhile (settings changed): the next opening resumes
        return 0
    return retriever.vectors_pending(doc_id)


def library(session: Session, context: TaskContext) -> list[Any]:
    """The documents already in the store (``DocumentRecord``), newest first; the pipeline is warmed up on the way."""
    session.warm_up()
    records = list(session.retriever().documents())
    return sorted(records, key=lambda record: getattr(record, "ingested_at", ""), reverse=True)


def load_structure(session: Session, doc_id: str, password: str | None, context: TaskContext) -> Opened:
    structure = session.retriever().structure(doc_id, password)
    return Opened(structure, TextLayer(structure))


def delete(session: Session, doc_id: str, context: TaskContext) -> str:
    session.retriever().delete(doc_id)
    return doc_id


def ask(session: Session, doc_id: str, question: str, file_name: str, context: TaskContext) -> Asked:
    """Answer, and keep the question and answer in the document's history (they survive a restart)."""
    from contract_app import answering

    retriever = session.retriever()
    answer = answering.ask(retriever, doc_id, question, session.settings, on_token=context.token)
    session.history.add(doc_id, question, answer, file_name)
    return Asked(question, answer, _sources(session, doc_id, answer))


def _sources(session: Session, doc_id: str, answer: Any) -> tuple[Chunk, ...]:
    """The chunks an answer's citations point at, in citation order, each once."""
    by_id = {chunk.id: chunk for chunk in session.retriever().chunks(doc_id)}
    seen: list[Chunk] = []
    for citation in answer.citations:
        chunk = by_id.get(citation.chunk_id)
        if chunk is not None and chunk not in seen:
            seen.append(chunk)
    return tuple(seen)


def load_history(session: Session, doc_id: str, context: TaskContext) -> list[Asked]:
    """The questions asked about this document in earlier sessions, oldest first, with their sources."""
    return [
        Asked(item.question, item.answer, _sources(session, doc_id, item.answer))
        for item in session.history.load(doc_id)
    ]


def clear_history(session: Session, doc_id: str, context: TaskContext) -> str:
    session.history.clear(doc_id)
    return doc_id


def summarize(session: Session, doc_id: str, context: TaskContext) -> Any:
    from contract_app import reports

    return reports.summarize(session.retriever(), doc_id, session.settings, progress=context.progress)


def clause_report(session: Session, doc_id: str, context: TaskContext) -> Any:
    from contract_app import reports

    return reports.build_clause_report(session.retriever(), doc_id, session.settings, progress=context.progress)


def export(
    session: Session,
    obj: Any,
    fmt: str,
    path: str,
    open_contracts: tuple[str, ...],
    context: TaskContext,
    *,
    force: bool = False,
) -> str:
    """A report, a summary, or a document's questions and answers (``obj`` is then its doc id and file name) as a
    memo: never over an open or indexed contract or into the index; over an existing file only with ``force``."""
    from contract_app import reports
    from contract_app.outputs import Protected
    from contract_app.reports.memo import export_memo

    protected = Protected.of_index(session.retriever(), *open_contracts)
    if isinstance(obj, MemoOf):
        export_memo(obj.file_name, session.history.load(obj.doc_id), fmt, Path(path), force=force, protected=protected)
    else:
        reports.export(obj, fmt, Path(path), force=force, protected=protected)
    return path


def citation_label(citation: Citation) -> str:
    """How a chip reads: ``4.2(b), p. 3``."""
    pages = pages_phrase(citation.pages)
    return f"{citation.section}, {pages}" if citation.section and pages else citation.section or pages
