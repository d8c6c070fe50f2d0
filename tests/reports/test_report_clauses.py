"""The clause report on a generated services agreement: what is found, where, and what it says."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from contract_app.reports import build_clause_report
from contract_app.reports.categories import load_categories
from contract_app.reports.results import ClauseReport
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


@pytest.fixture(scope="module")
def report(retriever: Retriever, services_doc: str, offline_settings: Settings):
    return build_clause_report(retriever, services_doc, offline_settings)


def test_the_category_list_is_cuads_41_in_order() -> None:
    names = [category.name for category in load_categories()]
    assert len(names) == 41 == len(set(names))
    assert names[:3] == ["Document Name", "Parties", "Agreement Date"]
    assert names[-1] == "Third Party Beneficiary"


@pytest.mark.corpus
def test_category_names_match_master_clauses_exactly(corpus_dir: Path) -> None:
    with (corpus_dir / "master_clauses.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    cuad = [name for name in header[1:] if not name.endswith("-Answer")]
    assert [category.name for category in load_categories()] == cuad


def test_governing_law_is_delaware_in_section_12_3_on_page_2(report: ClauseReport) -> None:
    governing = report.category("Governing Law")
    assert governing.found
    assert governing.answer == "Delaware"
    assert [(c.section, c.pages) for c in governing.clauses] == [("12.3", (2,))]
    assert governing.clauses[0].text.startswith("12.3 Governing Law. This Agreement shall be governed")


def test_clause_spans_point_at_the_clause_text_in_the_document(
    report: ClauseReport, retriever: Retriever, services_doc: str
) -> None:
    text = retriever.structure(services_doc).document.text
    for result in report.categories:
        for clause in result.clauses:
            start, end = clause.char_span
            assert " ".join(text[start:end].split()) == clause.text


def test_term_renewal_and_notice_answers_are_read_off_section_2(report: ClauseReport) -> None:
    answers = {name: report.category(name) for name in ("Renewal Term", "Notice Period to Terminate Renewal")}
    assert answers["Renewal Term"].answer == "successive 1-year periods"
    assert answers["Notice Period to Terminate Renewal"].answer == "90 days"
    assert {c.section for r in answers.values() for c in r.clauses} == {"2.2"}
    assert report.category("Effective Date").answer == "March 1, 2021"
    expiry = report.category("Expiration Date")
    assert expiry.answer == "March 1, 2024 (the Effective Date, March 1, 2021, per the preamble, + 3 years, per § 2.1)"
    assert [c.section for c in expiry.clauses] == ["2.1", ""]
    assert report.category("Parties").answer == "Acme Widgets, Inc.; Blue Harbor Logistics LLC"


def test_present_clauses_are_found_and_absent_ones_are_not(report: ClauseReport) -> None:
    found = {result.category for result in report.categories if result.found}
    assert {"Termination for Convenience", "Audit Rights", "Insurance", "Cap on Liability", "Anti-Assignment"} <= found
    for absent in ("Source Code Escrow", "Joint IP Ownership", "Non-Disparagement", "Most Favored Nation"):
        result = report.category(absent)
        assert (result.found, result.answer, result.clauses) == (False, None, ())
    sections = {
        name: [c.section for c in report.category(name).clauses] for name in ("Audit Rights", "Anti-Assignment")
    }
    assert sections == {"Audit Rights": ["3.1"], "Anti-Assignment": ["12.2"]}


def test_json_has_the_documented_shape(report: ClauseReport) -> None:
    data = json.loads(json.dumps(report.to_json()))
    assert data["file"] == "services_agreement.pdf"
    assert data["backend"] == "offline"
    assert [c["category"] for c in data["categories"]] == [c.name for c in load_categories()]
    governing = next(c for c in data["categories"] if c["category"] == "Governing Law")
    assert governing["found"] is True and governing["answer"] == "Delaware"
    clause = governing["clauses"][0]
    assert set(clause) == {"section", "pages", "char_span", "text"}
    assert clause["section"] == "12.3" and clause["pages"] == [2] and len(clause["char_span"]) == 2
