"""Reports with a model configured: the real ``openai`` SDK against our fake server on loopback.

The fake "model" answers from the clauses it is sent (it finds the clause ids in the request), so the tests check
what the real pipeline does with a correct answer, a fabricated one, and offline mode (no request at all).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest
from fakes.openai_server import FakeOpenAI, serve_openai

from contract_app.reports import build_clause_report, summarize
from contract_app.reports.model_answers import UNVERIFIED_NOTICE, supported
from contract_app.reports.model_summary import DROPPED_NOTICE, FALLBACK_NOTICE
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

_CLAUSE = re.compile(r'<clause id="(C\d+)"[^>]*>\n(.*?)\n</clause>', re.DOTALL)


def _clauses(body: dict[str, Any]) -> dict[str, str]:
    return dict(_CLAUSE.findall(body["messages"][-1]["content"]))


def _holding(body: dict[str, Any], words: str) -> str | None:
    return next((cid for cid, text in _clauses(body).items() if words in " ".join(text.split())), None)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with serve_openai() as server:
        yield server


@pytest.fixture
def model_settings(fake: FakeOpenAI, offline_settings: Settings) -> Settings:
    fake.reset()
    return replace(
        offline_settings,
        answer_backend="openai",
        openai_base_url=fake.base_url,
        openai_model="fake-model",
        request_timeout=5.0,
    )


def _answers(law: str, law_quote: str) -> Callable[[dict[str, Any]], str]:
    def respond(body: dict[str, Any]) -> str:
        question = body["messages"][-1]["content"]
        if "(Governing Law:" in question and (cid := _holding(body, "laws of the State of Delaware")):
            return f'{law} [{cid}] "{law_quote}"'
        if "(Termination for Convenience:" in question and (cid := _holding(body, "for convenience")):
            return f"Yes, 60 days' notice [{cid}] \"sixty (60) days' prior written notice\""
        return "The contract does not say."

    return respond


def test_model_answers_are_normalised_and_cited(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    fake.responder = _answers("Delaware", "laws of the State of Delaware")
    report = build_clause_report(retriever, services_doc, model_settings)
    assert report.backend == "fake-model"
    governing = report.category("Governing Law")
    assert (governing.found, governing.answer, [c.section for c in governing.clauses]) == (True, "Delaware", ["12.3"])
    convenience = report.category("Termination for Convenience")
    assert (convenience.answer, convenience.clauses[0].section) == ("Yes, 60 days' notice", "2.3")
    assert not report.category("Audit Rights").found  # the model said the contract does not say
    assert report.notices == ()
    bodies = fake.chat_bodies
    assert bodies and all(body["model"] == "fake-model" for body in bodies)
    assert len(bodies) <= 41


def _fabricated_notice(body: dict[str, Any]) -> str:
    if "(Termination for Convenience:" in body["messages"][-1]["content"] and (
        cid := _holding(body, "for convenience")
    ):
        return f"Yes, 90 days' notice [{cid}] \"ninety (90) days' prior written notice\""
    return "The contract does not say."


def test_a_fabricated_answer_is_not_shown(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    fake.responder = _fabricated_notice  # the quote is not in the clause it cites
    report = build_clause_report(retriever, services_doc, model_settings)
    convenience = report.category("Termination for Convenience")
    assert (convenience.found, convenience.answer, convenience.clauses[0].section) == (True, None, "2.3")
    assert UNVERIFIED_NOTICE in report.notices


def test_a_stated_fact_stands_without_asking_the_model(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    fake.responder = _answers("Texas", "laws of the State of Delaware")
    report = build_clause_report(retriever, services_doc, model_settings)
    assert report.category("Governing Law").answer == "Delaware"
    assert not any("(Governing Law:" in body["messages"][-1]["content"] for body in fake.chat_bodies)


def test_an_answer_that_names_another_state_than_its_quote_is_not_supported() -> None:
    assert supported("governing_law", "Delaware", ["governed by the laws of the State of Delaware"])
    assert not supported("governing_law", "Texas", ["governed by the laws of the State of Delaware"])


def test_offline_reports_send_no_request(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    offline = replace(model_settings, answer_backend="offline")
    build_clause_report(retriever, services_doc, offline)
    summarize(retriever, services_doc, offline)
    assert fake.requests == []


def _summary_model(body: dict[str, Any]) -> str:
    content = body["messages"][-1]["content"]
    if "<notes>" in content:  # reduce: keep the good notes, add one citing a clause that was never given
        notes = re.findall(r"^(?:Governing law|Payment): .*$", content, re.MULTILINE)
        return "\n".join([*notes, "Exclusivity: Provider is the exclusive supplier [C999]."])
    lines = []
    if cid := _holding(body, "laws of the State of Delaware"):
        lines.append(f'Governing law: Delaware law governs "laws of the State of Delaware" [{cid}]')
    if cid := _holding(body, "within thirty (30) days after receipt"):
        lines.append(f'Payment: fees are due "within thirty (30) days after receipt of each invoice" [{cid}]')
    return "\n".join(lines) or "The contract does not say."


def test_model_summary_keeps_only_verified_cited_lines(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    fake.responder = _summary_model
    summary = summarize(retriever, services_doc, model_settings)
    assert summary.backend == "fake-model"
    lines = {line.topic: line for line in summary.lines}
    assert list(lines) == ["Governing law", "Payment"]
    assert lines["Governing law"].text == 'Delaware law governs "laws of the State of Delaware"'
    assert [(c.section, c.pages) for c in lines["Governing law"].citations] == [("12.3", (2,))]
    assert lines["Payment"].citations[0].section == "1.2"
    assert summary.notices == (DROPPED_NOTICE,)
    assert len(fake.chat_bodies) >= 2  # at least one map call and the reduce call


def test_an_unverifiable_model_summary_falls_back_to_the_offline_brief(
    fake: FakeOpenAI, model_settings: Settings, retriever: Retriever, services_doc: str
) -> None:
    fake.reply = 'Governing law: Texas law governs [C1] "laws of the State of Texas"'
    summary = summarize(retriever, services_doc, model_settings)
    assert summary.notices[-1] == FALLBACK_NOTICE
    lines = {line.topic: line for line in summary.lines}
    assert lines["Governing law"].text == "Governed by the law of Delaware."
    assert all(line.citations for line in summary.lines)
