"""Markdown (GitHub flavour): tables for the checklist, the clause texts quoted under each table."""

from __future__ import annotations

import re

from contract_app.reports.export.layout import Layout, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")


def escape(text: str) -> str:
    """Contract text as literal Markdown: no emphasis, links, HTML or table breaks can come out of it."""
    escaped = _SPECIAL.sub(r"\\\1", re.sub(r"&(?=#?\w+;)", "&amp;", text))
    return re.sub(r"^(\d+)\.(?=\s)", r"\1\\.", re.sub(r"^([-=+])", r"\\\1", escaped))


def _cell(text: str) -> str:
    return "<br>".join(escape(part) for part in text.split("\n")) if text else " "


def _table(table: Table) -> list[str]:
    columns = [i for i in range(len(table.columns)) if i != table.long_column]
    lines = [f"{'#' * (table.level + 1)} {escape(table.heading)}", ""]
    if table.intro:
        lines.extend([escape(table.intro), ""])
    if not columns:
        return lines
    lines.append("| " + " | ".join(escape(table.columns[i]) for i in columns) + " |")
    lines.append("|" + "|".join("---" for _ in columns) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(row[i]) for i in columns) + " |")
    lines.append("")
    if table.long_column is not None:
        for row in table.rows:
            if not row[table.long_column]:
                continue
            lines.append(f"**{escape(row[0])}**")
            lines.append("")
            lines.extend(f"> {escape(part)}\n" for part in row[table.long_column].split("\n"))
    return lines


def render(layout: Layout) -> str:
    lines = [f"# {escape(layout.title)}: {escape(layout.subtitle)}", ""]
    lines.extend(f"- **{escape(label)}:** {escape(value)}" for label, value in layout.facts)
    lines.append("")
    for note in layout.notes:
        lines.extend([f"> **Note:** {escape(note)}", ""])
    for table in layout.tables:
        lines.extend(_table(table))
    return "\n".join(lines).rstrip() + "\n"
