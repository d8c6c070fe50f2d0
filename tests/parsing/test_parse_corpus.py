"""Real EDGAR filings from the dev corpus: no crash, every page accounted for, no page furniture left in the text."""

from __future__ import annotations

import re
from pathlib import Path

import pymupdf
import pytest
from parsing_support import assert_spans_consistent

from contract_app.parsing import parse_pdf
from contract_app.parsing.furniture import PAGE_NUMBER

HANDFUL = [
    "ArmstrongFlooringInc_20190107_8-K_EX-10.2_11471795_EX-10.2_Intellectual Property Agreement.pdf",  # Source: footer
    "CORALGOLDRESOURCES,LTD_05_28_2020-EX-4.1-CONSULTING AGREEMENT.PDF",  # "-1-" page numbers
    "ParatekPharmaceuticalsInc_20170505_10-KA_EX-10.29_10323872_EX-10.29_Outsourcing Agreement.pdf",  # legends
    "SPIENERGYCO,LTD_03_09_2011-EX-99.5-OPERATIONS AND MAINTENANCE AGREEMENT.PDF",  # running header, exhibit pages
    "KIROMICBIOPHARMA,INC_05_11_2020-EX-10.23-CONSULTING AGREEMENT.PDF",  # "PAGE 1" footers
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", HANDFUL)
def test_dev_contracts_parse_without_page_furniture(corpus_dir: Path, name: str) -> None:
    path = corpus_dir / "pdf" / name
    doc = parse_pdf(path)

    with pymupdf.open(path) as raw:
        assert doc.page_count == raw.page_count
    assert {line.page for line in doc.lines} == set(range(1, doc.page_count + 1))
    assert not [line.text for line in doc.lines if PAGE_NUMBER.match(line.text) and re.search(r"\d", line.text)]
    assert "Source:" not in doc.text
    assert doc.removed_furniture
    assert_spans_consistent(doc)
