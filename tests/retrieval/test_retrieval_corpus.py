"""One real CUAD contract through ingest and search: the gold governing-law clause comes back in the top five."""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

from contract_app.retrieval import Retriever
from contract_app.settings import Settings

pytestmark = pytest.mark.corpus
CONTRACT = "CENTRACKINTERNATIONALINC_10_29_1999-EX-10.3-WEB SITE HOSTING AGREEMENT.PDF"


def words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def gold_clauses(corpus: Path, filename: str, category: str) -> list[str]:
    csv.field_size_limit(1 << 30)
    with (corpus / "master_clauses.csv").open(encoding="utf-8") as handle:
        (row,) = [row for row in csv.DictReader(handle) if row["Filename"] == filename]
    return ast.literal_eval(row[category])


def test_the_governing_law_clause_of_a_cuad_contract_is_in_the_top_five(
    corpus_dir: Path, model_dir: Path, tmp_path: Path
) -> None:
    (gold,) = gold_clauses(corpus_dir, CONTRACT, "Governing Law")
    retriever = Retriever(Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir)))
    result = retriever.ingest(corpus_dir / "pdf" / CONTRACT)
    assert result.pages > 1 and result.chunks > 10
    hits = retriever.search(result.doc_id, "Which state's law governs this agreement?")
    assert len(hits) == 5
    assert any(words(gold) in words(hit.chunk.text) for hit in hits)
