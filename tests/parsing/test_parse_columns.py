"""Reading order: two text columns are read one after the other; tables and single columns row by row."""

from __future__ import annotations

from pathlib import Path

from parsing_support import assert_spans_consistent, line_texts
from pdfgen import Line, write_contract_pdf, write_two_column_pdf

from contract_app.parsing import parse_pdf

LEFT = (
    "1. Supply. The Supplier shall manufacture and deliver the Products to the Licensee in the quantities set out in "
    "each purchase order accepted under this Agreement, at the prices in Exhibit A. Title and risk of loss pass to "
    "the Licensee on delivery at the destination named in the order, and the Supplier bears all freight costs."
)
RIGHT = (
    "2. Payment. The Licensee shall pay each undisputed invoice within thirty days after its date, and late amounts "
    "bear interest at one percent per month until they are paid in full. The Licensee may withhold any amount it "
    "disputes in good faith while the parties resolve the dispute under the procedure in Section 9."
)


def test_a_two_column_page_is_read_column_by_column(tmp_path: Path) -> None:
    doc = parse_pdf(write_two_column_pdf(tmp_path / "c.pdf", LEFT, RIGHT, title="SUPPLY TERMS"))

    texts = line_texts(doc)
    assert texts[0] == "SUPPLY TERMS"
    left_lines = [i for i, text in enumerate(texts) if i and doc.lines[i].bbox.x0 < 300]
    right_lines = [i for i, text in enumerate(texts) if doc.lines[i].bbox.x0 > 300]
    assert len(left_lines) >= 5 and len(right_lines) >= 5
    assert max(left_lines) < min(right_lines)  # the whole left column first
    assert " ".join(texts[1:]) == f"{LEFT} {RIGHT}"
    assert doc.text.index("1. Supply.") < doc.text.index("2. Payment.")
    assert_spans_consistent(doc)


def test_a_finished_left_column_ends_its_paragraph(tmp_path: Path) -> None:
    doc = parse_pdf(write_two_column_pdf(tmp_path / "c.pdf", LEFT, RIGHT))

    assert "costs.\n\n2. Payment." in doc.text


def test_a_single_column_page_with_indented_items_is_not_split(tmp_path: Path) -> None:
    lines = [Line("(a) The Supplier shall deliver the Products within thirty days after the order.", indent=36)] * 1
    lines += [
        Line(f"Clause {n}: the Licensee may inspect shipments and reject nonconforming units.") for n in range(12)
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [lines]))

    assert line_texts(doc) == [line.text for line in lines]


def test_table_rows_keep_their_cells_together(tmp_path: Path) -> None:
    rows = [("Product", "Unit price", "Minimum order")] + [
        (f"Model NW-{n}00", f"US${n}2.50", f"{n},000 units") for n in range(1, 9)
    ]
    lines = [
        Line(cell, x=x, y=120 + 16 * index)
        for index, row in enumerate(rows)
        for cell, x in zip(row, (72, 250, 400), strict=True)
    ]
    doc = parse_pdf(write_contract_pdf(tmp_path / "c.pdf", [lines]))

    assert line_texts(doc) == [" ".join(row) for row in rows]


def test_side_by_side_signature_blocks_read_row_by_row(tmp_path: Path) -> None:
    left = ["NORTHWIND COMPONENTS, INC.", "By: Margaret L. Chen", "Title: Chief Executive Officer"]
    right = ["BLUEFIELD MEDICAL SYSTEMS, LLC", "By: Daniel R. Ortiz", "Title: President"]
    doc = parse_pdf(write_two_column_pdf(tmp_path / "c.pdf", left, right, title="IN WITNESS WHEREOF"))

    assert line_texts(doc) == ["IN WITNESS WHEREOF", *(f"{a} {b}" for a, b in zip(left, right, strict=True))]
