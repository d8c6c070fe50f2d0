"""``contract-app ingest`` and ``contract-app search``, run in-process through the real command dispatcher."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from retrieval_support import GOVERNING_LAW, write_supply_agreement

from contract_app.cli.main import main
from contract_app.structure import load_contract

HIT_KEYS = ["text", "score", "section", "heading_path", "pages", "char_span", "context"]


@pytest.fixture
def env(model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(model_dir))
    return tmp_path / "store"


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def test_ingest_prints_one_summary_per_file_and_skips_known_files(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write_supply_agreement(tmp_path)
    assert main(["ingest", str(pdf), "--store", str(env), "--json"]) == 0
    (first,) = lines(capsys.readouterr().out)
    structure = load_contract(pdf)
    assert first["file"] == str(pdf)
    assert (first["file_name"], first["pages"], first["sections"], first["skipped"]) == (
        "supply.pdf",
        1,
        len(structure.sections),
        False,
    )
    assert first["chunks"] > 0 and first["seconds"] > 0
    assert main(["ingest", str(pdf), "--store", str(env)]) == 0
    assert capsys.readouterr().out == (
        f"supply.pdf: 1 pages, {first['sections']} sections, {first['chunks']} chunks (already indexed)\n"
    )


def test_ingest_reports_a_bad_file_in_one_line_and_goes_on(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("just text")
    pdf = write_supply_agreement(tmp_path)
    assert main(["ingest", str(not_pdf), str(pdf), "--store", str(env)]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("contract-app: notes.pdf is not a PDF file")  # the parser words the rest
    assert captured.err.count("\n") == 1
    assert captured.out.startswith("supply.pdf: 1 pages")


def test_search_json_gives_the_clause_text_and_its_provenance(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write_supply_agreement(tmp_path)  # not ingested yet: search ingests it first
    question = "Which state's law governs this agreement?"
    assert main(["search", str(pdf), question, "--top-k", "2", "--store", str(env), "--json"]) == 0
    (result,) = lines(capsys.readouterr().out)
    assert result["id"] == "q1" and len(result["hits"]) == 2
    best = result["hits"][0]
    assert list(best) == HIT_KEYS
    text = load_contract(pdf).document.text
    assert best["text"] == text[best["char_span"][0] : best["char_span"][1]]  # the clause itself, nothing added
    assert GOVERNING_LAW in " ".join(best["text"].split())
    assert best["pages"] == [1]
    assert all(set(item) == {"kind", "label", "text"} for item in best["context"])


def test_search_runs_a_queries_file_in_order(env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_supply_agreement(tmp_path)
    queries = tmp_path / "q.jsonl"
    queries.write_text('{"id": "law", "text": "governing law"}\n\n{"id": "pay", "text": "when is payment due"}\n')
    assert main(["search", str(pdf), "--queries", str(queries), "--top-k", "1", "--store", str(env), "--json"]) == 0
    law, pay = lines(capsys.readouterr().out)
    assert (law["id"], pay["id"]) == ("law", "pay")
    assert GOVERNING_LAW in " ".join(law["hits"][0]["text"].split())
    assert "forty-five days after the invoice date" in " ".join(pay["hits"][0]["text"].split())


def test_search_text_output_names_section_and_pages(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = write_supply_agreement(tmp_path)
    assert main(["search", str(pdf), "when is payment due", "--top-k", "1", "--store", str(env)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Q: when is payment due\n1. ")
    assert "(p. 1)" in out and "forty-five days" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ([], "contract-app: Give either a question or --queries Q.jsonl (not both).\n"),
        (["--queries", "QUERIES"], 'contract-app: Line 1 of QUERIES is not a JSON object with "id" and "text".\n'),
    ],
    ids=["no-question", "bad-queries-file"],
)
def test_search_usage_errors_are_one_line(
    env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    queries = tmp_path / "bad.jsonl"
    queries.write_text('["not", "an", "object"]\n')
    args = [a.replace("QUERIES", str(queries)) for a in extra]
    assert main(["search", str(tmp_path / "any.pdf"), *args, "--store", str(env)]) == 1
    assert capsys.readouterr().err == message.replace("QUERIES", str(queries))


def test_ingest_names_a_damaged_file_it_could_only_partly_read(
    env: Path, sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contract_app.parsing.pdf import REPAIRED_WARNING

    partial = tmp_path / "partial.pdf"
    partial.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size * 9 // 10])

    assert main(["ingest", str(partial), "--store", str(env)]) == 0
    assert f"contract-app: partial.pdf: {REPAIRED_WARNING}\n" in capsys.readouterr().err
