"""``contract-app report`` and ``contract-app summarize`` end to end, through the real CLI entry point."""

from __future__ import annotations

import json
from pathlib import Path

import docx
import pytest

from contract_app.cli.main import main


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "store")


def test_report_json_to_stdout(services_pdf: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(services_pdf), "--json", "--store", store]) == 0
    data = json.loads(capsys.readouterr().out)
    governing = next(c for c in data["categories"] if c["category"] == "Governing Law")
    assert (governing["answer"], governing["clauses"][0]["section"]) == ("Delaware", "12.3")
    assert len(data["categories"]) == 41


def test_report_defaults_to_markdown(services_pdf: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", str(services_pdf), "--store", store]) == 0
    assert "| Governing Law | Delaware | § 12.3, p. 2 |" in capsys.readouterr().out


def test_report_docx_file_from_the_extension(services_pdf: Path, store: str, tmp_path: Path) -> None:
    out = tmp_path / "clauses.docx"
    assert main(["report", str(services_pdf), "-o", str(out), "--store", store]) == 0
    rows = [[c.text for c in row.cells] for t in docx.Document(str(out)).tables for row in t.rows]
    assert any(row[:2] == ["Governing Law", "Delaware"] for row in rows)


def test_summarize_json(services_pdf: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(services_pdf), "--json", "--store", store]) == 0
    lines = json.loads(capsys.readouterr().out)["lines"]
    assert all(line["citations"] for line in lines)
    assert {"topic": "Governing law", "text": "Governed by the law of Delaware."}.items() <= lines[3].items()


def test_summarize_csv_file(services_pdf: Path, store: str, tmp_path: Path) -> None:
    out = tmp_path / "brief.txt"
    assert main(["summarize", str(services_pdf), "--format", "csv", "-o", str(out), "--store", store]) == 0
    assert out.read_text(encoding="utf-8").startswith("topic,summary,section,pages,source_text")


def test_pdf_without_output_file_is_a_one_line_error(
    services_pdf: Path, store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", str(services_pdf), "--format", "pdf", "--store", store]) == 1
    assert capsys.readouterr().err == "contract-app: A PDF report needs an output file: add -o FILE.pdf.\n"


def test_missing_file_is_a_one_line_error(tmp_path: Path, store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(tmp_path / "nope.pdf"), "--store", store]) == 1
    err = capsys.readouterr().err
    assert err.startswith("contract-app: ") and err.count("\n") == 1 and "nope.pdf" in err
