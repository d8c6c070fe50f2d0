"""One question across a matter: each contract's best clauses, grouped by contract, the best-answering first."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from matter_support import Indexed, Terms

from contract_app.cli.main import main
from contract_app.errors import InputError
from contract_app.matters import search_matter
from contract_app.model import Hit

GOVERNING_LAW_QUESTION = "Which state's law governs this agreement?"
ASSIGNMENT_QUESTION = "Can this agreement be assigned on a change of control?"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_each_contract_answers_with_its_own_clause_grouped_by_contract(falcon: Indexed) -> None:
    matter = falcon.matter

    found = search_matter(falcon.retriever, matter, GOVERNING_LAW_QUESTION, per_contract=2)

    assert sorted(group.contract.doc_id for group in found.groups) == sorted(c.doc_id for c in matter.contracts)
    for group in found.groups:
        number = int(group.contract.file_name.split("-")[1])
        assert len(group.hits) == 2
        assert {hit.chunk.doc_id for hit in group.hits} == {group.contract.doc_id}
        assert Terms(number, assignable=True).governing_law in _one_line(group.hits[0].chunk.text)
        assert group.problem == ""


def test_the_contracts_whose_clause_answers_best_come_first(falcon: Indexed) -> None:
    found = search_matter(falcon.retriever, falcon.matter, ASSIGNMENT_QUESTION)  # 0 and 2 forbid it, 1 and 3 are silent

    first_two = {group.contract.file_name for group in found.groups[:2]}
    assert first_two == {"supply-00-valves.pdf", "supply-02-gaskets.pdf"}
    assert [group.relevance for group in found.groups] == sorted((g.relevance for g in found.groups), reverse=True)
    assert "Neither party may assign this Agreement" in _one_line(found.groups[0].hits[0].chunk.text)


def test_an_empty_question_is_refused_in_a_sentence(falcon: Indexed) -> None:
    with pytest.raises(InputError, match=r"Type a question to search the matter for\."):
        search_matter(falcon.retriever, falcon.matter, "   ")


def test_the_json_lines_are_one_clause_each_grouped_by_contract(
    falcon: Indexed, model_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(model_dir))
    store = falcon.settings.store_dir

    assert main(["matter", "search", "Falcon", GOVERNING_LAW_QUESTION, "--json", "--store", store]) == 0

    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 12
    assert {tuple(sorted(line)) for line in lines} == {
        ("char_span", "doc_id", "file", "pages", "score", "section", "text")
    }
    files = [line["file"] for line in lines]
    assert sorted(dict.fromkeys(files)) == [c.file_name for c in falcon.matter.contracts]
    assert all(files[i : i + 3] == [files[i]] * 3 for i in range(0, 12, 3))  # a contract's clauses together
    for first in lines[::3]:
        number = int(first["file"].split("-")[1])
        assert Terms(number, assignable=True).governing_law in _one_line(first["text"])
        assert (first["section"], first["pages"]) == ("Article III", [2])  # the chunk holds 3.1 and 3.2
        assert isinstance(first["score"], float)


SHARED_PASS_QUESTIONS = (
    GOVERNING_LAW_QUESTION,
    ASSIGNMENT_QUESTION,
    "Non-Compete. Is there a restriction on the ability of a party to compete? Does it cover the supplier?",
    "What are the payment terms and when are invoices due?",
    "zzz unknown-word",
)


def _same_hits(together: list[Hit], alone: list[Hit]) -> bool:
    """The same clauses (trimmed alike) in the same order, their scores equal but for the last float32 bits."""
    return [hit.chunk for hit in together] == [hit.chunk for hit in alone] and all(
        a.score == pytest.approx(b.score, abs=1e-5) and a.stage_scores == pytest.approx(b.stage_scores, abs=1e-5)
        for a, b in zip(together, alone, strict=True)
    )


@pytest.mark.parametrize("question", SHARED_PASS_QUESTIONS)
def test_the_matter_search_finds_exactly_what_each_contract_searched_alone_finds(
    falcon: Indexed, question: str
) -> None:
    retriever = falcon.retriever
    alone = {c.doc_id: retriever.search(c.doc_id, question, top_k=3) for c in falcon.matter.contracts}

    found = search_matter(retriever, falcon.matter, question, per_contract=3)

    assert sorted(group.contract.doc_id for group in found.groups) == sorted(alone)
    assert all(len(hits) == 3 for hits in alone.values())
    for group in found.groups:
        assert _same_hits(list(group.hits), alone[group.contract.doc_id]), group.contract.file_name
