"""``contract-app outline``: the JSON shape, the human tree, and one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pdfgen import write_encrypted_pdf, write_markup_pdf

from contract_app.cli.main import main

CONTRACT = """\
This Agreement (the “Agreement”) is made today.
**1. TERM**
1.1 The term is one year, renewable under Section 1.2.
1.2 Renewal needs notice under Section 4.4.
**2. FEES**
2.1 “Fees” means the amounts in Exhibit B.
"""


def test_json_has_exactly_the_documented_fields(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "c.pdf", CONTRACT)
    assert main(["outline", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] == "c.pdf"
    assert data["pages"] == 1
    assert [(s["id"], s["label"], s["parent"], s["level"]) for s in data["sections"]] == [
        ("s1", "1", None, 1),
        ("s2", "1.1", "s1", 2),
        ("s3", "1.2", "s1", 2),
        ("s4", "2", None, 1),
        ("s5", "2.1", "s4", 2),
    ]
    first = data["sections"][1]
    assert {"id", "label", "title", "level", "parent", "page", "end_page", "text", "referenced_by"} <= set(first)
    assert first["text"] == "1.1 The term is one year, renewable under Section 1.2."
    assert data["sections"][0]["title"] == "TERM"
    assert data["cross_references"] == [
        {
            "source": "s2",
            "text": "Section 1.2",
            "page": 1,
            "target": "s3",
            "target_label": "1.2",
            "external": False,
            "dangling": False,
            "span": data["cross_references"][0]["span"],
        },
        {
            "source": "s3",
            "text": "Section 4.4",
            "page": 1,
            "target": None,
            "target_label": "4.4",
            "external": False,
            "dangling": True,
            "span": data["cross_references"][1]["span"],
        },
        {
            "source": "s5",
            "text": "Exhibit B",
            "page": 1,
            "target": None,
            "target_label": "Exhibit B",
            "external": False,
            "dangling": True,
            "span": data["cross_references"][2]["span"],
        },
    ]
    assert [(d["term"], d["section"], d["page"]) for d in data["definitions"]] == [
        ("Agreement", None, 1),
        ("Fees", "s5", 1),
    ]
    assert all(isinstance(d["text"], str) and d["text"] for d in data["definitions"])


def test_json_gives_each_section_the_citations_of_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "c.pdf", CONTRACT)
    assert main(["outline", str(pdf), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    cited = {section["label"]: section["referenced_by"] for section in data["sections"]}
    span = data["cross_references"][0]["span"]
    assert cited["1.2"] == [{"source": "s2", "text": "Section 1.2", "page": 1, "span": span}]
    assert cited["1"] == cited["1.1"] == cited["2"] == cited["2.1"] == []


def test_tree_view_lists_sections_and_dangling_references(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = write_markup_pdf(tmp_path / "c.pdf", CONTRACT)
    assert main(["outline", str(pdf)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:5] == ["1  TERM  (p. 1)", "  1.1  (p. 1)", "  1.2  (p. 1)", "2  FEES  (p. 1)", "  2.1  (p. 1)"]
    assert 'dangling: "Section 4.4" in 1.2 (p. 1): no 4.4 in this document' in "\n".join(out)
    assert out[-1] == "Definitions: 2 defined terms, 1 uses."


def test_bad_inputs_exit_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    not_pdf = tmp_path / "notes.pdf"
    not_pdf.write_text("hello")
    assert main(["outline", str(not_pdf)]) == 1
    assert capsys.readouterr().err.count("\n") == 1
    locked = write_encrypted_pdf(tmp_path / "locked.pdf", [["1. Term. One year."]], password="pw")
    assert main(["outline", str(locked)]) == 1
    assert "password" in capsys.readouterr().err
    assert main(["outline", str(locked), "--password", "pw", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sections"][0]["label"] == "1"


def test_sample_contract_shows_every_kind_of_reference(sample_pdf: Path) -> None:
    from contract_app.structure import load_contract

    structure = load_contract(sample_pdf)
    kinds = {section.kind for section in structure.sections}
    assert {"article", "section", "subsection", "exhibit"} <= kinds
    references = structure.cross_references
    assert any(ref.target for ref in references)
    assert any(ref.external for ref in references)
    assert any(ref.dangling for ref in references)
    assert {definition.style for definition in structure.definitions} >= {"means", "parenthetical"}


def test_a_damaged_file_that_could_be_repaired_is_outlined_with_a_warning(
    sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from contract_app.parsing.pdf import REPAIRED_WARNING

    partial = tmp_path / "partial.pdf"
    partial.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size * 9 // 10])  # a download cut short

    assert main(["outline", str(partial), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["warnings"] == [REPAIRED_WARNING]
    assert captured.err == f"contract-app: {REPAIRED_WARNING}\n"
    assert main(["outline", str(sample_pdf), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["warnings"] == []


def test_a_bug_of_ours_is_one_sentence_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from contract_app.cli import outline

    def broken(structure: object) -> str:  # stands in for a defect no test has found yet
        raise KeyError("s99")

    monkeypatch.setattr(outline, "render_tree", broken)
    pdf = write_markup_pdf(tmp_path / "c.pdf", CONTRACT)

    assert main(["outline", str(pdf)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("contract-app: an unexpected error stopped this command (KeyError: 's99')")
    monkeypatch.setenv("CONTRACT_APP_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["outline", str(pdf)])
