"""The shipped sample contract (resources/samples/sample_contract.pdf), as ``make demo`` reports it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from contract_app.reports import build_clause_report
from contract_app.reports.results import ClauseReport
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory: pytest.TempPathFactory) -> ClauseReport:
    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "sample_contract.pdf"
    settings = replace(Settings(), store_dir=str(tmp_path_factory.mktemp("sample-store")))
    retriever = Retriever(settings)
    return build_clause_report(retriever, retriever.ingest(sample).doc_id, settings)


def test_sample_governing_law_is_delaware_in_9_2_on_page_6(sample_report: ClauseReport) -> None:
    governing = sample_report.category("Governing Law")
    assert (governing.answer, [(c.section, c.pages) for c in governing.clauses]) == ("Delaware", [("9.2", (6,))])


def test_sample_term_renewal_and_key_clauses(sample_report: ClauseReport) -> None:
    expected = {
        "Document Name": ("MASTER SUPPLY AND LICENSE AGREEMENT", ""),
        "Agreement Date": ("March 1, 2024", ""),
        "Renewal Term": ("successive 1-year periods", "5.1"),
        "Notice Period to Terminate Renewal": ("90 days", "5.1"),
        "Warranty Duration": ("24 months", "3.2(a)"),
    }
    for name, (answer, section) in expected.items():
        result = sample_report.category(name)
        assert (result.answer, result.clauses[0].section) == (answer, section), name
    sections = {
        name: sample_report.category(name).clauses[0].section
        for name in ("Termination for Convenience", "Non-Compete", "Audit Rights", "Insurance", "License Grant")
    }
    assert sections == {
        "Termination for Convenience": "5.2(a)",
        "Non-Compete": "6.3",
        "Audit Rights": "4.4",
        "Insurance": "8.3",
        "License Grant": "6.2",
    }
    exclusivity = [clause.text for clause in sample_report.category("Exclusivity").clauses]
    assert exclusivity and not any("exclusive of sales" in text for text in exclusivity)  # taxes, not exclusivity
