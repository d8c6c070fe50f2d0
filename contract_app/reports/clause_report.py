"""The 41-category clause report: which CUAD clauses a contract has, where, and (when it can be told) what they say."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from contract_app.checks import check_contract
from contract_app.model import ContractStructure, Finding, Hit, Span
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.reports.categories import Category, load_categories, unmet_requirements
from contract_app.reports.extract import extract_answer
from contract_app.reports.facts import FACT_CATEGORIES, Fact, contract_facts
from contract_app.reports.fallback import offline_on_failure
from contract_app.reports.finder import ScoredSentence, SentenceIndex, select_clauses
from contract_app.reports.results import CategoryResult, ClauseRef, ClauseReport
from contract_app.settings import Settings

MODEL_CANDIDATES = 6  # sentences shown to the model per category


class ContractSource(Protocol):
    """What the reports need from ``contract_app.retrieval.Retriever``."""

    def structure(self, doc_id: str) -> ContractStructure: ...

    def search(self, doc_id: str, query: str, top_k: int = 5) -> list[Hit]: ...


class Refiner(Protocol):
    """Reconsiders an offline finding (``model_answers.ModelAnswerer``); returns the result and an optional notice."""

    def refine(
        self, category: Category, offline: CategoryResult, candidates: Sequence[ClauseRef]
    ) -> tuple[CategoryResult, str | None]: ...


class Citer:
    """Turns spans of one contract into ``ClauseRef`` (section label, pages, text)."""

    def __init__(self, structure: ContractStructure) -> None:
        self.structure = structure

    def ref(self, span: Span) -> ClauseRef:
        document = self.structure.document
        section = self.structure.section_at(span[0])
        return ClauseRef(
            section=section.label if section else "",
            pages=document.pages_of(span),
            char_span=span,
            text=" ".join(document.text[span[0] : span[1]].split()),
        )


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def offline_result(
    category: Category, scored: Sequence[ScoredSentence], citer: Citer, fact: Fact | None = None
) -> CategoryResult:
    """The category's finding: its stated fact with the clauses it rests on (the stating clause first), else the
    clauses its cues find, with an answer read off them (never for a fact: one the fact rules do not give is not
    stated)."""
    if fact is not None:
        clauses = tuple(citer.ref(span) for span in fact.basis)
        answer = fact.statement if fact.stated else None
        return CategoryResult(category.name, category.group, category.description, True, answer, clauses)
    best_first = [citer.ref(span) for span in select_clauses(scored, category.threshold)]
    answer = None
    if best_first and category.name not in FACT_CATEGORIES:
        answer = extract_answer(category.answer, category.name, [c.text for c in best_first])
    clauses = tuple(sorted(best_first, key=lambda clause: clause.char_span))
    return CategoryResult(category.name, category.group, category.description, bool(clauses), answer, clauses)


def report_from_structure(
    structure: ContractStructure,
    hit_spans: Mapping[str, Sequence[Span]] | None = None,
    *,
    categories: Sequence[Category] | None = None,
    backend: str = "offline",
    answerer: Refiner | None = None,
    progress: ProgressCallback = no_progress,
    facts: Mapping[str, Fact] | None = None,
    drafting: tuple[Finding, ...] | None = None,
) -> ClauseReport:
    """The report for a parsed contract; ``answerer`` (a ``ModelAnswerer``) refines each category with a model,
    except the facts the fact rules state (``facts``, computed here when not given), which stand as computed.
    ``drafting`` (the drafting checks' findings, run by the caller) is carried into the report as given."""
    categories = categories or load_categories()
    hit_spans = hit_spans or {}
    index = SentenceIndex(structure)
    facts = contract_facts(structure, index) if facts is None else facts
    citer = Citer(structure)
    scored = {c.name: index.score(c, hit_spans.get(c.name, ())) for c in categories}
    offline = {c.name: offline_result(c, scored[c.name], citer, facts.get(c.name)) for c in categories}
    for name in unmet_requirements(categories, (r.category for r in offline.values() if r.found)):
        offline[name] = replace(offline[name], found=False, answer=None, clauses=())
    results: list[CategoryResult] = []
    notices: list[str] = []
    for number, category in enumerate(categories):
        progress(number / len(categories), f"Checking {category.name}")
        result = offline[category.name]
        if answerer is not None and category.name not in facts:
            candidates = [citer.ref(item.span) for item in scored[category.name][:MODEL_CANDIDATES]]
            result, notice = answerer.refine(category, result, candidates)
            if notice and notice not in notices:
                notices.append(notice)
        results.append(result)
    progress(1.0, "Clause report ready")
    return ClauseReport(
        file=Path(structure.document.path).name,
        doc_id=structure.document.sha256,
        backend=backend,
        pages=structure.document.page_count,
        created=now_iso(),
        categories=tuple(results),
        notices=tuple(notices),
        drafting=drafting,
    )


def build_clause_report(
    retriever: ContractSource,
    doc_id: str,
    settings: Settings,
    progress: ProgressCallback = no_progress,
    categories: Sequence[Category] | None = None,
) -> ClauseReport:
    """Find every CUAD category's clauses in an ingested contract (offline, or refined by the configured model);
    ``categories`` narrows it to some (a review grid's columns). The whole report also carries the drafting
    checks, run once here on the structure it reads (a grid's narrowed report has no use for them)."""
    whole = categories is None
    categories = categories or load_categories()
    progress(0.0, "Reading the contract")
    structure = retriever.structure(doc_id)
    drafting = None
    if whole:
        progress(0.03, "Checking the drafting")
        drafting = check_contract(structure)
    within = scaled(progress, 0.05, 1.0)

    def offline() -> ClauseReport:
        return report_from_structure(structure, categories=categories, progress=within, drafting=drafting)

    if settings.answer_backend != "openai":
        return offline()
    from contract_app.reports.model_answers import ModelAnswerer

    def with_model() -> ClauseReport:
        answerer = ModelAnswerer(settings, structure)
        return report_from_structure(
            structure,
            categories=categories,
            backend=settings.openai_model,
            answerer=answerer,
            progress=within,
            drafting=drafting,
        )

    return offline_on_failure(with_model, offline, "clause report")
