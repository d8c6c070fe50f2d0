"""A structured brief of a contract: parties, dates, term, law, money, exits, risk allocation, obligations.

Offline, it is assembled from the clause checklist (the same finder as the clause report) plus a few summary-only
topics (payment, termination rights), each line quoting or paraphrasing one found clause and citing it. With a
model configured, ``model_summary`` rewrites it by map-reduce over the contract's sections (see model_summary.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from contract_app.model import ContractStructure, Span
from contract_app.progress import ProgressCallback, no_progress, scaled
from contract_app.reports.categories import Category, Cue
from contract_app.reports.clause_report import Citer, ContractSource, now_iso, report_from_structure
from contract_app.reports.export.layout import shorten
from contract_app.reports.facts import Fact, contract_facts
from contract_app.reports.finder import SentenceIndex, select_clauses
from contract_app.reports.results import CategoryResult, ClauseRef, ClauseReport, Summary, SummaryLine
from contract_app.settings import Settings

QUOTE_LIMIT = 320


def _extra(name: str, question: str, threshold: float, *cues: tuple[str, float]) -> Category:
    compiled = tuple(Cue(re.compile(p, re.IGNORECASE | re.DOTALL), w) for p, w in cues)
    return Category(name, "Summary", "", question, "yes_no", compiled, threshold)


PAYMENT = _extra(
    "Payment",
    "What must be paid, how much and when?",
    3.0,
    (r"\b(shall|will|agrees? to) pay\b", 2.0),
    (r"\b(fees?|price|royalt(y|ies)|compensation|consideration)\b", 1.0),
    (r"\b(within|no later than)\b.{0,30}\bdays\b.{0,60}\b(invoice|receipt)\b|\binvoice", 1.5),
    (r"\$\s?\d|\b(USD|dollars)\b", 1.5),
    (r"\bpayable\b", 1.0),
)
TERMINATION = _extra(
    "Termination rights",
    "When may a party terminate this agreement?",
    3.0,
    (r"\bmay terminate\b|\bright to terminate\b|\bshall have the right to terminate\b", 3.0),
    (r"\bmaterial breach\b|\bfails? to cure\b|\binsolven|\bbankrupt", 1.5),
    (r"\bterminat", 0.5),
)


@dataclass(frozen=True)
class Topic:
    title: str
    categories: tuple[str, ...]  # clause report categories that feed the line, in order of preference


TOPICS = (
    Topic("Parties", ("Parties",)),
    Topic("Dates", ("Agreement Date", "Effective Date", "Expiration Date")),
    Topic("Term and renewal", ("Expiration Date", "Renewal Term", "Notice Period to Terminate Renewal")),
    Topic("Governing law", ("Governing Law",)),
    Topic("Payment", ("Payment", "Revenue/Profit Sharing", "Minimum Commitment")),
    Topic("Termination rights", ("Termination rights", "Termination for Convenience")),
    Topic("Liability cap", ("Cap on Liability", "Uncapped Liability")),
    Topic("Exclusivity", ("Exclusivity", "Non-Compete")),
    Topic("Assignment", ("Anti-Assignment", "Change of Control")),
    Topic(
        "Notable obligations",
        (
            "Insurance",
            "Audit Rights",
            "Minimum Commitment",
            "No-Solicit of Employees",
            "Post-Termination Services",
            "Most Favored Nation",
        ),
    ),
)


def _first(results: dict[str, CategoryResult], names: Sequence[str]) -> list[CategoryResult]:
    return [results[name] for name in names if name in results and results[name].found]


def _quote(result: CategoryResult) -> str:
    return f"“{shorten(result.clauses[0].text, QUOTE_LIMIT)}”"


def _refs(fact: Fact, citer: Citer) -> list[ClauseRef]:
    return [citer.ref(span) for span in fact.basis]


def _dates_line(facts: Mapping[str, Fact], citer: Citer) -> tuple[str, tuple[ClauseRef, ...]] | None:
    """The dates as the report states them (without the working, which the term line and the report give)."""
    labels = {"Agreement Date": "Dated", "Effective Date": "effective", "Expiration Date": "the initial term ends"}
    parts = [
        (f"{label} {facts[name].text}", _refs(facts[name], citer)[0]) for name, label in labels.items() if name in facts
    ]
    if not parts:
        return None
    if facts.get("Expiration Date") and facts["Expiration Date"].text.startswith("Perpetual"):
        parts[-1] = ("the term is perpetual (until terminated)", parts[-1][1])
    text = "; ".join(part for part, _ in parts)
    return text[0].upper() + text[1:] + ".", tuple(dict.fromkeys(ref for _, ref in parts))


def _term_line(
    found: list[CategoryResult], facts: Mapping[str, Fact], citer: Citer
) -> tuple[str, tuple[ClauseRef, ...]] | None:
    by_name = {r.category: r for r in found}
    pieces: list[str] = []
    refs: list[ClauseRef] = []
    if (expiry := facts.get("Expiration Date")) is not None:
        perpetual = expiry.text.startswith("Perpetual")
        pieces.append("Term: perpetual (until terminated)." if perpetual else f"Initial term ends {expiry.statement}.")
        refs.extend(_refs(expiry, citer))
    elif (term := by_name.get("Expiration Date")) is not None:
        pieces.append(f"Term: {_quote(term)}")
        refs.append(term.clauses[0])
    if (renewal := facts.get("Renewal Term")) is not None:
        pieces.append(f"Renews: {renewal.statement}.")
        refs.extend(_refs(renewal, citer))
    elif (clause := by_name.get("Renewal Term")) is not None:
        pieces.append(f"Renewal: {_quote(clause)}")
        refs.append(clause.clauses[0])
    if (notice := by_name.get("Notice Period to Terminate Renewal")) is not None and notice.answer:
        pieces.append(f"Notice to stop renewal: {notice.answer}.")
        refs.append(notice.clauses[0])
    return (" ".join(pieces), tuple(dict.fromkeys(refs))) if pieces else None


def _answer_or_quote(result: CategoryResult, label: str) -> str:
    if result.answer and result.answer.lower() not in {"yes", "no"}:
        return f"{label}: {result.answer}."
    return f"{label}: {_quote(result)}"


def _line(
    topic: Topic, results: dict[str, CategoryResult], facts: Mapping[str, Fact], citer: Citer
) -> SummaryLine | None:
    found = _first(results, topic.categories)
    if topic.title == "Dates":
        built = _dates_line(facts, citer)
    elif topic.title == "Term and renewal":
        built = _term_line(found, facts, citer)
    elif not found:
        return None
    elif topic.title == "Governing law":
        law = facts.get("Governing Law")
        built = (
            (f"Governed by the law of {law.text}.", tuple(_refs(law, citer)))
            if law
            else (_quote(found[0]), found[0].clauses[:1])
        )
    elif topic.title == "Parties":
        result = found[0]
        built = (f"{result.answer.rstrip('.')}." if result.answer else _quote(result), result.clauses[:1])
    elif topic.title == "Notable obligations":
        text = " ".join(_answer_or_quote(r, r.category) for r in found[:3])
        built = (text, tuple(r.clauses[0] for r in found[:3]))
    else:
        result = found[0]
        label = "" if result.category == topic.categories[0] else f"{result.category}: "  # say what stands in
        built = (label + _quote(result), result.clauses[:1])
    if built is None:
        return None
    return SummaryLine(topic.title, built[0], built[1])


def summary_from_report(
    report: ClauseReport, extras: Sequence[CategoryResult], facts: Mapping[str, Fact], citer: Citer
) -> Summary:
    """The brief: the report's findings, its facts stated from the same ``facts`` the report states."""
    results = {r.category: r for r in (*report.categories, *extras)}
    lines = tuple(line for topic in TOPICS if (line := _line(topic, results, facts, citer)) is not None)
    return Summary(report.file, report.doc_id, report.backend, report.pages, now_iso(), lines, report.notices)


def _extra_results(index: SentenceIndex, citer: Citer) -> list[CategoryResult]:
    results = []
    for category in (PAYMENT, TERMINATION):
        spans = select_clauses(index.score(category), category.threshold, limit=1)
        clauses = tuple(citer.ref(span) for span in spans)
        results.append(CategoryResult(category.name, category.group, "", bool(clauses), None, clauses))
    return results


def offline_summary(structure: ContractStructure, hit_spans: Mapping[str, Sequence[Span]] | None = None) -> Summary:
    """The offline brief of a parsed contract (``hit_spans`` as for ``report_from_structure``)."""
    index = SentenceIndex(structure)
    facts = contract_facts(structure, index)
    citer = Citer(structure)
    report = report_from_structure(structure, hit_spans, facts=facts)
    stated = {name: fact for name, fact in facts.items() if fact.stated}
    return summary_from_report(report, _extra_results(index, citer), stated, citer)


def summarize(
    retriever: ContractSource, doc_id: str, settings: Settings, progress: ProgressCallback = no_progress
) -> Summary:
    """A cited brief of an ingested contract: offline from the clause checklist, or by the configured model."""
    progress(0.0, "Reading the contract")
    structure = retriever.structure(doc_id)
    if settings.answer_backend == "openai":
        from contract_app.reports.fallback import offline_on_failure
        from contract_app.reports.model_summary import model_summary

        with_model = partial(model_summary, structure, settings, scaled(progress, 0.05, 1.0))
        return offline_on_failure(with_model, partial(offline_summary, structure), "summary")
    summary = offline_summary(structure)
    progress(1.0, "Summary ready")
    return summary
