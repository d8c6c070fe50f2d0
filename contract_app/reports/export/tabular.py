"""CSV and JSON: the machine-readable exports (full clause texts, spans for tracing back)."""

from __future__ import annotations

import csv
import io
import json

from contract_app.reports.export.layout import FlatTable
from contract_app.reports.results import ClauseReport, Summary

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection): prefixed with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def render_csv(table: FlatTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table.rows)
    return buffer.getvalue()


def render_json(obj: ClauseReport | Summary) -> str:
    return json.dumps(obj.to_json(), indent=2, ensure_ascii=False) + "\n"
