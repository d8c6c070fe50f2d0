"""Clause report answers from the configured model, checked against the clause text before they are shown.

For each category the model sees the candidate sentences the offline finder ranked highest (as numbered clauses,
through the answering stage's prompt, so contract text stays data) and gives a short normalised answer with
citations. The answer is kept only if its citations verify (answering's verifier) and its facts (a place, the
numbers) occur in the cited text; otherwise the offline finding stands and the report says so.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from contract_app.answering import ChatClient, verify
from contract_app.answering.citations import is_refusal
from contract_app.answering.prompt import SourceClause, build_messages
from contract_app.model import ContractStructure
from contract_app.reports.categories import AnswerKind, Category
from contract_app.reports.extract import spelled_numbers
from contract_app.reports.results import CategoryResult, ClauseRef
from contract_app.reports.sources import passage_sources
from contract_app.settings import Settings

UNVERIFIED_NOTICE = (
    "Some model answers could not be verified against the contract text; the offline finding is shown for them."
)
ANSWER_LIMIT = 160

FORMATS: dict[AnswerKind, str] = {
    "title": "the agreement's title as written",
    "parties": "the parties' names, separated by semicolons",
    "date": "a date written like March 1, 2021 (or Perpetual)",
    "governing_law": "the state or country only, e.g. Texas",
    "renewal": "the renewal term, e.g. Successive 1-year terms",
    "notice_period": "the notice period, e.g. 90 days",
    "duration": "the warranty period, e.g. 12 months",
    "yes_no": "Yes, plus the key condition in a few words, e.g. Yes, 90 days' notice",
}


def question_for(category: Category) -> str:
    return (
        f"{category.question} ({category.name}: {category.description}) "
        f"Reply on one line: the answer first, as short as possible ({FORMATS[category.answer]}), then the id of "
        "every clause it comes from in square brackets, then the decisive words quoted exactly in double quotes. "
        "If none of the clauses addresses this, reply exactly: The contract does not say."
    )


def _clean_answer(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    first = re.sub(r"\s*\[\d+\]", "", first)
    first = re.split(r"\s[\"“]", first, maxsplit=1)[0]
    first = first.strip(" .;:-—")
    return first[:ANSWER_LIMIT]


def _numbers(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def supported(kind: AnswerKind, answer: str, texts: Sequence[str]) -> bool:
    """The answer's checkable facts occur in the cited text: its place names, its numbers (digits or words)."""
    haystack = " ".join(" ".join(texts).split()).lower()
    if kind == "governing_law":
        return all(word.lower() in haystack for word in re.findall(r"[A-Za-z]{3,}", answer))
    if kind == "date" and answer.lower() == "perpetual":
        return "perpetu" in haystack or "indefinite" in haystack
    wanted = _numbers(answer)
    return wanted <= (_numbers(haystack) | spelled_numbers(haystack))


class ModelAnswerer:
    """Refines offline clause findings with one model call per category."""

    def __init__(self, settings: Settings, structure: ContractStructure, client: ChatClient | None = None) -> None:
        self.client = client or ChatClient(settings)
        self.structure = structure

    def _sources(self, candidates: Sequence[ClauseRef]) -> list[SourceClause]:
        return passage_sources(self.structure.document, candidates)

    def refine(
        self, category: Category, offline: CategoryResult, candidates: Sequence[ClauseRef]
    ) -> tuple[CategoryResult, str | None]:
        """The model's finding for the category, or the offline one (plus a notice) when it cannot be verified."""
        if not candidates:
            return offline, None
        sources = self._sources(candidates)
        raw = self.client.complete(build_messages(question_for(category), sources), max_tokens=200)
        if is_refusal(raw) and not re.search(r"\[C\d+\]", raw):
            return CategoryResult(category.name, category.group, category.description, False, None, ()), None
        verified = verify(raw, sources)
        by_chunk = {source.chunk.id: ref for source, ref in zip(sources, candidates, strict=True)}
        cited = tuple(dict.fromkeys(by_chunk[c.chunk_id] for c in verified.citations if c.chunk_id in by_chunk))
        answer = _clean_answer(verified.text)
        if (
            not verified.grounded
            or not cited
            or not answer
            or not supported(category.answer, answer, [c.text for c in cited])
        ):
            return offline, UNVERIFIED_NOTICE
        clauses = tuple(sorted(cited, key=lambda clause: clause.char_span))
        return CategoryResult(category.name, category.group, category.description, True, answer, clauses), None
