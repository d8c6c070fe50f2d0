"""``contract-app ask FILE "question"``: the JSON shape, the human output, and a clean error for a bad file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes.openai_server import FakeOpenAI

from contract_app.cli.main import main

QUESTION = "What law governs this agreement?"


def test_json_output_has_exactly_the_documented_shape(services, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["ask", str(services.path), QUESTION, "--json", "--store", str(tmp_path / "store")])

    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert list(result) == ["answer", "citations", "backend", "grounded"]
    assert (result["backend"], result["grounded"]) == ("offline", True)
    [citation] = result["citations"]
    assert list(citation) == ["section", "pages", "char_span", "quote"]
    assert (citation["section"], citation["pages"]) == ("3.1", [2])
    assert citation["quote"].startswith(
        "3.1 Governing Law. This Agreement is governed by the laws of the State of Texas"
    )
    start, end = citation["char_span"]
    assert end - start == len(citation["quote"])
    assert result["answer"].startswith("Governing Law: Texas\n\nSection 3.1, p. 2 [1]:\n")


def test_human_output_streams_the_answer_then_lists_the_citations(
    services, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    code = main(["ask", str(services.path), QUESTION, "--store", str(tmp_path / "store"), "--top-k", "3"])

    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Governing Law: Texas\n\nSection 3.1, p. 2 [1]:\n")
    assert '\nCitations:\n  [1] 3.1, p. 2 "3.1 Governing Law. This Agreement is governed by' in out


def test_with_a_model_the_json_names_the_model_and_backend_failures_fall_back(
    services,
    fake_openai: FakeOpenAI,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("CONTRACT_APP_ANSWER_BACKEND", "openai")
    monkeypatch.setenv("CONTRACT_APP_OPENAI_MODEL", "fake-model")
    fake_openai.reply = "The contract does not say."
    store = str(tmp_path / "store")

    assert main(["ask", str(services.path), "Who audits the books?", "--json", "--store", store]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "answer": "The contract does not say.",
        "citations": [],
        "backend": "fake-model",
        "grounded": True,
    }

    fake_openai.api_key = "sk-other"
    assert main(["ask", str(services.path), QUESTION, "--json", "--store", store]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["backend"] == "offline"
    assert captured.err.splitlines()[-1].startswith(  # after the index's own notices (no model, ...), if any
        "Note: The OpenAI-compatible server rejected the API key. Showing the offline answer"
    )


def test_a_missing_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["ask", str(tmp_path / "nope.pdf"), QUESTION, "--store", str(tmp_path / "store")])

    assert code == 1
    assert capsys.readouterr().err == f"contract-app: {tmp_path / 'nope.pdf'} does not exist.\n"
