"""Questions about a checklist category answered as the clause report finds it, on a small generated supply agreement.

The retriever here has no embedding model, so questions are recognised by their words alone (the category questions
and our phrasings); with the model, by meaning as well (measured in benchmarks/answers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfgen import write_markup_pdf

from contract_app.answering import NO_CLAUSE, ask
from contract_app.answering.checklist import CategoryRouter
from contract_app.reports import build_clause_report
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

SUPPLY_AGREEMENT = """\
This Supply Agreement (the "Agreement") is entered into as of March 1, 2021 by and between Northwind Traders, Inc. ("Customer") and Southpoint Foods LLC ("Supplier").

**1. Supply.** Supplier shall supply the Products listed in Schedule 1 at the prices set out there.

**2. Term.** This Agreement shall continue for three (3) years from the date hereof.

**3. Termination.** 3.1 Either party may terminate this Agreement if the other party materially breaches it and fails to cure the breach within thirty (30) days.

3.2 This Agreement may be terminated by Customer for any reason upon thirty (30) days written notice to Supplier.

**4. Governing Law.** This Agreement shall be governed by the laws of the State of New York.
"""  # noqa: E501 - one markup paragraph per line


def indexed(folder: Path, markup: str) -> tuple[Retriever, str]:
    """The markup as a PDF, ingested into a store of its own (no embedding model): the retriever and its doc id."""
    path = write_markup_pdf(folder / "contract.pdf", markup)
    retriever = Retriever(Settings(store_dir=str(folder / "store")))
    return retriever, retriever.ingest(path).doc_id


@pytest.fixture(scope="module")
def supply(tmp_path_factory: pytest.TempPathFactory) -> tuple[Retriever, str]:
    return indexed(tmp_path_factory.mktemp("supply"), SUPPLY_AGREEMENT)


def test_a_right_to_terminate_for_any_reason_on_notice_is_termination_for_convenience(
    supply: tuple[Retriever, str],
) -> None:
    retriever, doc_id = supply
    report = build_clause_report(retriever, doc_id, Settings())
    convenience = report.category("Termination for Convenience")
    assert convenience.found
    assert convenience.clauses[0].text.startswith("3.2 This Agreement may be terminated by Customer for any reason")
    answer = ask(retriever, doc_id, "Can a party terminate this agreement without cause, for convenience?", Settings())
    assert answer.citations[0].quote == convenience.clauses[0].text  # the answer and the report agree
    assert f"**{answer.citations[0].quote}**" in " ".join(answer.text.split())  # the answering sentence is marked


def test_a_contract_without_a_most_favoured_nation_clause_says_it_is_not_addressed(
    supply: tuple[Retriever, str],
) -> None:
    retriever, doc_id = supply
    assert not build_clause_report(retriever, doc_id, Settings()).category("Most Favored Nation").found
    for question in (
        "Is a party entitled to terms at least as favourable as those given to any third party?",
        "Is there a most favored nation clause?",
    ):
        answer = ask(retriever, doc_id, question, Settings())
        assert (answer.text, answer.citations) == (NO_CLAUSE, ())


def test_a_fact_question_is_answered_with_the_fact_and_the_clauses_behind_it(supply: tuple[Retriever, str]) -> None:
    retriever, doc_id = supply
    answer = ask(retriever, doc_id, "When does the initial term of this agreement expire?", Settings())
    assert answer.text.startswith(
        "Expiration Date: March 1, 2024 (the date of the agreement, March 1, 2021, per the preamble, + 3 years, "
        "per § 2)\n\nSection 2, p. 1 [1]:\n"
    )
    assert [citation.section for citation in answer.citations] == ["2", ""]


def test_a_question_about_no_checklist_category_is_answered_from_the_retrieved_clauses(
    supply: tuple[Retriever, str],
) -> None:
    retriever, doc_id = supply
    assert CategoryRouter(None).route("Where are the prices of the products set out?") is None
    answer = ask(retriever, doc_id, "Where are the prices of the products set out?", Settings())
    assert answer.citations[0].quote.startswith("1. Supply. Supplier shall supply the Products")


def test_questions_are_recognised_by_the_ways_a_category_is_asked() -> None:
    router = CategoryRouter(None)
    routes = {
        question: router.route(question)
        for question in (
            "Is there a non-compete clause?",
            "What law governs this agreement?",
            "Can we audit their books?",
        )
    }
    assert {question: route.category if route else None for question, route in routes.items()} == {
        "Is there a non-compete clause?": "Non-Compete",
        "What law governs this agreement?": "Governing Law",
        "Can we audit their books?": "Audit Rights",
    }


def test_with_the_embedding_model_free_phrasings_are_recognised_and_other_topics_are_left_to_retrieval(
    model_dir: Path,
) -> None:
    from contract_app.retrieval.embeddings import load_embedder

    router = CategoryRouter(load_embedder(Settings(model_dir=str(model_dir))))
    routes = {
        question: router.route(question)
        for question in (
            "Can they poach our staff?",
            "Whose law applies if there is a dispute?",
            "When must the Fees be paid?",
            "What are the payment terms?",
        )
    }
    assert {question: route.category if route else None for question, route in routes.items()} == {
        "Can they poach our staff?": "No-Solicit of Employees",
        "Whose law applies if there is a dispute?": "Governing Law",
        "When must the Fees be paid?": None,
        "What are the payment terms?": None,
    }


DISTRIBUTOR_AGREEMENT = """\
^**EXCLUSIVE DISTRIBUTOR AGREEMENT**

This Distributor Agreement is entered into as of May 4, 2019 by and between Acme Devices Ltd. ("Supplier") and Harbor Medical Inc. ("Distributor").

**1. Appointment.** During the Term, Supplier shall sell the Products in the Territory exclusively through Distributor.

**2. Orders.** Distributor shall order Products by written purchase order.
"""  # noqa: E501 - one markup paragraph per line


def test_the_clause_that_grants_exclusivity_is_cited_before_a_title_that_names_it(tmp_path: Path) -> None:
    retriever, doc_id = indexed(tmp_path, DISTRIBUTOR_AGREEMENT)
    answer = ask(retriever, doc_id, "Is the relationship exclusive?", Settings())
    assert answer.citations[0].quote == (
        "1. Appointment. During the Term, Supplier shall sell the Products in the Territory exclusively through "
        "Distributor."
    )


def test_free_phrasings_reach_the_category_their_concept_belongs_to_not_one_sharing_a_word(model_dir: Path) -> None:
    """Leaving early without a reason is termination for convenience (not a fee for ending early), a contract rolling
    over is its renewal (not the notice that stops it), a liability without a limit is uncapped (not the cap)."""
    from contract_app.retrieval.embeddings import load_embedder

    router = CategoryRouter(load_embedder(Settings(model_dir=str(model_dir))))
    questions = (
        "Can we end it early without a reason?",
        "Does it roll over automatically?",
        "Is any liability without a limit?",
    )
    assert {question: getattr(router.route(question), "category", None) for question in questions} == {
        "Can we end it early without a reason?": "Termination for Convenience",
        "Does it roll over automatically?": "Renewal Term",
        "Is any liability without a limit?": "Uncapped Liability",
    }


LICENCE_AGREEMENT = """\
This Licence Agreement is entered into as of June 2, 2020 by and between Brightline Software Inc. ("Licensor") and Cobalt Logistics LLC ("Licensee").

WHEREAS, Licensor wishes to grant Licensee an exclusive licence and to be protected should Licensee undergo a change of control, merger or sale of its business;

**1. Definitions.** 1.1 "Change of Control" means any merger, sale of all or substantially all assets, or acquisition of more than 50% of the voting shares of a party.

**2. Licence.** Licensor grants Licensee the exclusive right to use the Software in the Territory.

**3. Termination.** Licensor may terminate this Agreement on written notice if Licensee undergoes a Change of Control.
"""  # noqa: E501 - one markup paragraph per line


@pytest.fixture(scope="module")
def licence(tmp_path_factory: pytest.TempPathFactory) -> tuple[Retriever, str]:
    return indexed(tmp_path_factory.mktemp("licence"), LICENCE_AGREEMENT)


def test_the_clause_that_acts_on_a_change_of_control_is_cited_before_its_definition(
    licence: tuple[Retriever, str],
) -> None:
    retriever, doc_id = licence
    answer = ask(retriever, doc_id, "Is there a change of control clause?", Settings())
    assert answer.citations[0].quote == (
        "3. Termination. Licensor may terminate this Agreement on written notice if Licensee undergoes a Change of "
        "Control."
    )


def test_the_clause_that_grants_exclusivity_is_cited_before_a_recital_in_capitals_that_mentions_it(
    licence: tuple[Retriever, str],
) -> None:
    retriever, doc_id = licence
    answer = ask(retriever, doc_id, "Is the relationship exclusive?", Settings())
    assert answer.citations[0].quote == (
        "2. Licence. Licensor grants Licensee the exclusive right to use the Software in the Territory."
    )
