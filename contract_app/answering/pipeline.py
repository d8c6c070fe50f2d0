"""``ask``: retrieve, then answer with the configured model or, offline, from the clause checklist or extractively.

A failing model never leaves the lawyer without an answer: the offline answer is shown instead, with a notice
saying why. So is a model answer that does not verify in full (unless it says the contract is silent): a wrong
citation, or a name, number or date its clause does not contain, and the whole answer is set aside, since one
unsupported statement presented beside verified ones would read as verified too. Offline mode sends nothing.

What streams to ``on_token`` while the model writes is a draft: it is shown as such and replaced by the returned
answer, which alone has been checked.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Protocol

from contract_app.answering.checklist import checklist_answer, router_for
from contract_app.answering.citations import verify
from contract_app.answering.extractive import NO_CLAUSE, extractive_answer
from contract_app.answering.llm import ChatClient, RetryPolicy, TokenCallback
from contract_app.answering.locate import CHUNK_ONLY, Locator
from contract_app.answering.prompt import build_messages, source_clauses
from contract_app.answering.result import Answer
from contract_app.answering.scoring import cached_term_stats
from contract_app.answering.stream import MarkerStream
from contract_app.errors import BackendError, InputError
from contract_app.model import Chunk, ContractStructure, Hit
from contract_app.settings import Settings

DEFAULT_TOP_K = 5
INCOMPLETE_TEXT_NOTICE = (
    "This answer can only draw on the text that could be read, and this contract's may be incomplete:"
)
SET_ASIDE_NOTICE = (
    "The model's answer could not be verified against the contract (a citation, or a name, number or date it "
    "gave, does not check out against the clause it cites), so it is set aside: the offline answer follows."
)


class Searchable(Protocol):
    """The part of ``contract_app.retrieval.Retriever`` answering needs (kept narrow so tests can stand in)."""

    def search(self, doc_id: str, query: str, top_k: int = 5) -> list[Hit]: ...

    def chunks(self, doc_id: str) -> tuple[Chunk, ...]: ...

    def structure(self, doc_id: str) -> ContractStructure: ...

    def search_notice(self, doc_id: str) -> str: ...  # "" or why the search was narrower than usual


def model_answer(
    question: str,
    hits: list[Hit],
    client: ChatClient,
    on_token: TokenCallback | None = None,
    locator: Locator = CHUNK_ONLY,
) -> Answer:
    """Ask the model about the retrieved clauses and keep only the citations that check out."""
    if not hits:
        return Answer(NO_CLAUSE, (), client.model, True)
    clauses = source_clauses(hits)
    stream = MarkerStream([c.id for c in clauses], on_token) if on_token else None
    raw = client.complete(build_messages(question, clauses), stream.feed if stream else None)
    if stream:
        stream.close()
    verified = verify(raw, clauses, locator)
    return Answer(verified.text, verified.citations, client.model, verified.grounded, verified.notices)


def ask(
    retriever: Searchable,
    doc_id: str,
    question: str,
    settings: Settings,
    on_token: TokenCallback | None = None,
    *,
    top_k: int = DEFAULT_TOP_K,
    retry: RetryPolicy | None = None,
) -> Answer:
    """Answer ``question`` about the indexed document ``doc_id``.

    ``on_token`` receives the model's draft as it is written (then the offline answer, if the draft is set aside):
    unverified text, to show as provisional and replace with the returned ``Answer``.
    """
    question = " ".join(question.split())
    if not question:
        raise InputError("Type a question about the contract.")
    hits = retriever.search(doc_id, question, top_k=top_k)
    searched = retriever.search_notice(doc_id)
    answer = _answer(retriever, doc_id, question, hits, settings, on_token, retry)
    return replace(answer, notices=(searched, *answer.notices)) if searched else answer


def _answer(
    retriever: Searchable,
    doc_id: str,
    question: str,
    hits: list[Hit],
    settings: Settings,
    on_token: TokenCallback | None,
    retry: RetryPolicy | None,
) -> Answer:
    locator = Locator(lambda: retriever.structure(doc_id))
    if settings.answer_backend == "openai":
        streamed: list[str] = []

        def relay(delta: str) -> None:
            streamed.append(delta)
            if on_token:
                on_token(delta)

        try:
            answer = model_answer(question, hits, ChatClient.shared(settings, retry), relay, locator)
        except BackendError as error:
            notice = f"{error} Showing the offline answer instead."
        else:
            if answer.grounded:  # every citation and statement checks out, or it says the contract is silent
                return with_document_warnings(answer, retriever, doc_id)
            notice = SET_ASIDE_NOTICE  # its specifics are not in the clauses, or a guess, or an echo
        fallback = offline_answer(retriever, doc_id, question, hits, locator)
        if on_token:
            on_token(("\n\n" if streamed else "") + fallback.text)
        return with_document_warnings(replace(fallback, notices=(notice, *fallback.notices)), retriever, doc_id)
    answer = offline_answer(retriever, doc_id, question, hits, locator)
    if on_token:
        on_token(answer.text)
    return with_document_warnings(answer, retriever, doc_id)


def with_document_warnings(answer: Answer, retriever: Searchable, doc_id: str) -> Answer:
    """An answer over a document whose text is incomplete or uncertain (a damaged file MuPDF repaired, skipped
    scans, OCR) says so: "no clause addresses this" may only mean the clause was not readable."""
    warnings = retriever.structure(doc_id).document.warnings
    if not warnings:
        return answer
    return replace(answer, notices=(*answer.notices, *(f"{INCOMPLETE_TEXT_NOTICE} {w}" for w in warnings)))


def offline_answer(retriever: Searchable, doc_id: str, question: str, hits: list[Hit], locator: Locator) -> Answer:
    """A question about a checklist category gets the clause report's finding for it (``checklist``); any other
    question, the retrieved clauses that address it (``extractive``)."""
    chunks = retriever.chunks(doc_id)
    route = router_for(getattr(retriever, "embedder", None)).route(question)
    if route is not None:
        answer = checklist_answer(route, retriever.structure(doc_id), chunks)
        if answer is not None:
            return answer
    stats = cached_term_stats(tuple(chunk.text for chunk in chunks))
    return extractive_answer(question, hits, stats, locator)
