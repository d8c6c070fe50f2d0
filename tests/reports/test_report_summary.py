"""The offline summary: the brief's topics, each line cited to the section and page it comes from."""

from __future__ import annotations

import pytest

from contract_app.reports import summarize
from contract_app.reports.results import Summary
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


@pytest.fixture(scope="module")
def summary(retriever: Retriever, services_doc: str, offline_settings: Settings):
    return summarize(retriever, services_doc, offline_settings)


def test_every_line_is_cited_and_each_citation_is_real_contract_text(
    summary: Summary, retriever: Retriever, services_doc: str
) -> None:
    text = retriever.structure(services_doc).document.text
    assert summary.lines
    for line in summary.lines:
        assert line.citations, line.topic
        for citation in line.citations:
            start, end = citation.char_span
            assert " ".join(text[start:end].split()) == citation.text
            assert citation.pages


def test_the_brief_covers_the_contracts_key_terms(summary: Summary) -> None:
    lines = {line.topic: line for line in summary.lines}
    assert list(lines)[:4] == ["Parties", "Dates", "Term and renewal", "Governing law"]
    assert lines["Parties"].text == "Acme Widgets, Inc.; Blue Harbor Logistics LLC."
    assert lines["Dates"].text == "Dated March 1, 2021; effective March 1, 2021; the initial term ends March 1, 2024."
    assert lines["Term and renewal"].text == (
        "Initial term ends March 1, 2024 (the Effective Date, March 1, 2021, per the preamble, + 3 years, per § 2.1). "
        "Renews: successive 1-year periods. Notice to stop renewal: 90 days."
    )
    assert [c.section for c in lines["Term and renewal"].citations] == ["2.1", "", "2.2"]
    assert (lines["Governing law"].text, lines["Governing law"].citations[0].where) == (
        "Governed by the law of Delaware.",
        "§ 12.3, p. 2",
    )
    assert lines["Payment"].citations[0].section == "1.2"
    assert lines["Termination rights"].citations[0].section == "2.3"
    assert lines["Liability cap"].citations[0].section == "4.1"
    assert lines["Assignment"].citations[0].section == "12.2"
    assert "Insurance:" in lines["Notable obligations"].text


def test_summary_json_shape(summary: Summary) -> None:
    data = summary.to_json()
    assert data["backend"] == "offline" and data["file"] == "services_agreement.pdf"
    line = data["lines"][0]
    assert set(line) == {"topic", "text", "citations"}
    assert set(line["citations"][0]) == {"section", "pages", "char_span", "text"}
