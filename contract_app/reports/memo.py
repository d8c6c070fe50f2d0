"""The questions asked about a contract and their answers, as a memo a lawyer can file: DOCX, Markdown or PDF.

Built on the reports' format-neutral ``Layout``, so it is written by the same exporters (contract text escaped for
each format) and through the same guarded ``write_output`` (never over the contract, asked before replacing).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from contract_app.answer_text import without_marks
from contract_app.errors import InputError
from contract_app.history import AskedQuestion
from contract_app.outputs import NOTHING_PROTECTED, Protected, write_output
from contract_app.reports.export.layout import Layout, Table, contract_name
from contract_app.reports.results import ClauseRef

MEMO_FORMATS = ("docx", "md", "pdf")


def _sources(item: AskedQuestion) -> str:
    lines = []
    for number, citation in enumerate(item.answer.citations, 1):
        where = ClauseRef(citation.section, citation.pages, citation.char_span, "").where if citation.pages else ""
        quote = f": “{citation.quote}”" if citation.quote else ""
        lines.append(f"[{number}] {where or citation.section}{quote}")
    return "\n".join(lines) or "No clause cited"


def _answer(item: AskedQuestion) -> str:
    notes = [f"Note: {notice}" for notice in item.answer.notices]
    return "\n".join([without_marks(item.answer.text), *notes])


def memo_layout(file: str, items: Sequence[AskedQuestion]) -> Layout:
    backends = sorted({item.answer.backend for item in items}) or ["offline"]
    facts = (
        ("Contract", file),
        ("Questions", str(len(items))),
        ("Answered by", ", ".join("offline, from the contract's text" if b == "offline" else b for b in backends)),
        ("Generated", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
    )
    rows = tuple(
        (f"{number}. {item.question} (asked {item.asked_at[:10]})", _answer(item), _sources(item))
        for number, item in enumerate(items, 1)
    )
    columns = ("Question", "Answer", "Cited clauses")
    table = Table("Questions and answers", columns, rows, (2.4, 6.0, 3.2), long_column=1)  # Markdown: quoted below
    return Layout("Questions and answers", file, facts, (table,), (), contract_name(file))


def export_memo(
    file: str,
    items: Sequence[AskedQuestion],
    fmt: str,
    path: str | Path,
    *,
    force: bool = False,
    protected: Protected = NOTHING_PROTECTED,
) -> Path:
    """Write the memo through ``write_output`` (refuses the contract, asks before replacing: see ``outputs``)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in MEMO_FORMATS:
        raise InputError(f"A memo is written as {', '.join(MEMO_FORMATS)}, not '{fmt}'.")
    if not items:
        raise InputError("No questions have been asked about this contract yet: nothing to export.")
    layout = memo_layout(file, items)

    def write(temporary: Path) -> None:
        from contract_app.reports.export import markdown, pdf, word

        if fmt == "md":
            temporary.write_text(markdown.render(layout), encoding="utf-8", newline="")
        elif fmt == "docx":
            word.render(layout, temporary)
        else:
            pdf.render(layout, temporary)

    return write_output(path, write, force=force, protected=protected)
