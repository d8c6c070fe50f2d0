"""One question across a matter: each contract's best clauses, the contracts that answer it best first.

Each contract is ranked exactly as it is alone (``Retriever.search``: dense + BM25 over its own clauses, held in
memory), so a clause found in the matter is the clause found in its contract. What does not depend on the contract
is done once per question (``Retriever.search_each``): the embedding, the routing to the checklist, and each BM25
pass, over all the matter's clauses at once. One filtered Chroma query over one big collection would have to give
up BM25 and the per-document ranking, and was slower (benchmarks/matters.py)."""

from __future__ import annotations

import time

from contract_app.errors import ContractAppError, InputError
from contract_app.matters.records import ContractHits, Matter, MatterSearch
from contract_app.progress import ProgressCallback, no_progress
from contract_app.retrieval import Retriever

PER_CONTRACT = 3  # clauses shown per contract


def warm_matter(retriever: Retriever, matter: Matter, progress: ProgressCallback = no_progress) -> None:
    """Load every contract's search index into memory, so the first question is as fast as the next (a window
    does this when a matter is opened)."""
    retriever.keep_indexes(len(matter.contracts))
    for number, contract in enumerate(matter.contracts):
        progress(number / max(len(matter.contracts), 1), f"Opening {contract.file_name}")
        try:
            retriever.chunks(contract.doc_id)
        except ContractAppError:  # searching it says why; the others are ready
            continue
    retriever.warm_together([contract.doc_id for contract in matter.contracts])
    progress(1.0, "Ready")


def search_matter(
    retriever: Retriever,
    matter: Matter,
    question: str,
    per_contract: int = PER_CONTRACT,
    progress: ProgressCallback = no_progress,
) -> MatterSearch:
    """The ``per_contract`` best clauses of every contract of the matter, grouped by contract. A contract that
    cannot be searched (its file must be indexed again but has moved) is listed with the reason."""
    started = time.perf_counter()
    question = " ".join(question.split())
    if not question:
        raise InputError("Type a question to search the matter for.")
    if per_contract < 1:
        raise InputError("Ask for at least one clause per contract.")
    retriever.keep_indexes(len(matter.contracts))
    progress(0.0, f"Searching {len(matter.contracts)} contracts")
    found = retriever.search_each([contract.doc_id for contract in matter.contracts], question, top_k=per_contract)
    groups = [
        ContractHits(contract, (), str(hits))
        if isinstance(hits, ContractAppError)
        else ContractHits(contract, tuple(hits))
        for contract, hits in zip(matter.contracts, found, strict=True)
    ]
    groups.sort(key=lambda group: (-group.relevance, group.contract.file_name.casefold()))
    progress(1.0, "Searched")
    return MatterSearch(matter.name, question, tuple(groups), time.perf_counter() - started)
