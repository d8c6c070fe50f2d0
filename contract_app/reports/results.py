"""What a clause report and a summary contain, independent of how they are exported.

``to_json`` gives the documented JSON shape (benchmarks and other tools read it), so it is the one place that shape
is defined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from contract_app.checks import finding_json, findings_by_kind, findings_summary
from contract_app.model import Finding, Span


@dataclass(frozen=True)
class ClauseRef:
    """A passage of the contract, cited the way a lawyer cites it (section and pages) and traceable by span."""

    section: str  # "" when the passage is outside any numbered section (e.g. the preamble)
    pages: tuple[int, ...]
    char_span: Span
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "pages": list(self.pages),
            "char_span": list(self.char_span),
            "text": self.text,
        }

    @property
    def where(self) -> str:
        """``§ 12.3, p. 9`` / ``Article IV, pp. 9-10``: the short citation shown next to a line."""
        pages = self.pages
        page_text = f"p. {pages[0]}" if len(pages) == 1 else f"pp. {pages[0]}-{pages[-1]}"
        if not self.section:
            return page_text
        return f"{self.section}, {page_text}" if self.section[:1].isalpha() else f"§ {self.section}, {page_text}"


@dataclass(frozen=True)
class CategoryResult:
    category: str  # CUAD's name
    group: str
    description: str
    found: bool
    answer: str | None
    clauses: tuple[ClauseRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "group": self.group,
            "found": self.found,
            "answer": self.answer,
            "clauses": [clause.to_json() for clause in self.clauses],
        }


@dataclass(frozen=True)
class ClauseReport:
    file: str
    doc_id: str
    backend: str  # "offline" or the model's name
    pages: int
    created: str  # ISO 8601, UTC
    categories: tuple[CategoryResult, ...]
    notices: tuple[str, ...] = ()
    drafting: tuple[Finding, ...] | None = None  # the drafting checks' findings; None when they were not run

    def category(self, name: str) -> CategoryResult:
        return next(result for result in self.categories if result.category == name)

    @property
    def found_count(self) -> int:
        return sum(result.found for result in self.categories)

    def to_json(self) -> dict[str, Any]:
        shape = _document_facts(self) | {"categories": [result.to_json() for result in self.categories]}
        if self.drafting is not None:
            shape["drafting_checks"] = drafting_json(self.drafting)
        return shape


def drafting_json(findings: tuple[Finding, ...]) -> dict[str, Any]:
    """The report's drafting checks: a sentence, the count per kind, then each finding as ``contract-app check
    --json`` gives it, with its kind and place in words."""
    grouped = findings_by_kind(findings)
    return {
        "summary": findings_summary(findings),
        "counts": {kind: len(found) for kind, _title, found in grouped},
        "findings": [
            finding_json(finding) | {"kind_title": title, "place": finding.place}
            for _kind, title, found in grouped
            for finding in found
        ],
    }


@dataclass(frozen=True)
class SummaryLine:
    """One statement of the brief, with the passages that support it."""

    topic: str  # "Governing law", "Term and renewal", ...
    text: str
    citations: tuple[ClauseRef, ...]

    def to_json(self) -> dict[str, Any]:
        return {"topic": self.topic, "text": self.text, "citations": [c.to_json() for c in self.citations]}


@dataclass(frozen=True)
class Summary:
    file: str
    doc_id: str
    backend: str
    pages: int
    created: str
    lines: tuple[SummaryLine, ...]
    notices: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return _document_facts(self) | {"lines": [line.to_json() for line in self.lines]}


def _document_facts(exported: ClauseReport | Summary) -> dict[str, Any]:
    """The fields a report and a summary share, first in their JSON."""
    return {
        "file": exported.file,
        "doc_id": exported.doc_id,
        "backend": exported.backend,
        "pages": exported.pages,
        "created": exported.created,
        "notices": list(exported.notices),
    }
