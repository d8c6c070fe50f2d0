"""The CUAD dev set as every benchmark sees it: where it is, its rows, and its two halves.

The halves are alternate contracts in name order (case-insensitive): a rule fitted on one half and measured on the
other shows whether it fits contracts or files. Every benchmark that reports halves takes them from here, so "half A"
means the same contracts in every table.
"""

from __future__ import annotations

import ast
import csv
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "cuad-dev"
HALF_NAMES = ("A", "B")


def halves(names: Iterable[str]) -> dict[str, list[str]]:
    """Half A holds the 1st, 3rd, 5th ... name in case-insensitive order; half B the others."""
    ordered = sorted(set(names), key=str.casefold)
    return {"A": ordered[0::2], "B": ordered[1::2]}


def half_of(name: str, names: Iterable[str]) -> str:
    return next(half for half, members in halves(names).items() if name in members)


def master_rows(corpus: Path = CORPUS) -> list[dict[str, str]]:
    """``master_clauses.csv`` rows, one per contract (``Filename`` is the PDF name)."""
    with (corpus / "master_clauses.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def gold_clauses(row: dict[str, str], category: str) -> list[str]:
    """The gold clause texts of one category (a Python list literal in the CSV)."""
    return list(ast.literal_eval(row[category] or "[]"))
