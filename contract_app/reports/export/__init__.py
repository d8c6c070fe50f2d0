"""Export a clause report or summary as PDF, DOCX, Markdown, CSV or JSON (contract text always escaped)."""

from __future__ import annotations

from pathlib import Path

from contract_app.errors import InputError
from contract_app.outputs import NOTHING_PROTECTED, Protected, write_output
from contract_app.reports.export.layout import Layout, flat_table, layout_of
from contract_app.reports.results import ClauseReport, Summary

FORMATS = ("pdf", "docx", "md", "csv", "json")
TEXT_FORMATS = ("md", "csv", "json")
BINARY_FORMATS = ("pdf", "docx")


def render_text(obj: ClauseReport | Summary, fmt: str) -> str:
    """The report as Markdown, CSV or JSON text."""
    from contract_app.reports.export import markdown, tabular

    if fmt == "md":
        return markdown.render(layout_of(obj))
    if fmt == "csv":
        return tabular.render_csv(flat_table(obj))
    if fmt == "json":
        return tabular.render_json(obj)
    raise InputError(f"'{fmt}' is not a text format: use one of {', '.join(TEXT_FORMATS)}.")


def _write_binary(layout: Layout, fmt: str, path: Path) -> None:
    if fmt == "pdf":
        from contract_app.reports.export import pdf

        pdf.render(layout, path)
    else:
        from contract_app.reports.export import word

        word.render(layout, path)


def export_layout(
    layout: Layout, fmt: str, path: str | Path, *, force: bool = False, protected: Protected = NOTHING_PROTECTED
) -> Path:
    """Write a layout built elsewhere (a matter's report) as PDF or DOCX, as safely as ``export``."""
    if fmt not in BINARY_FORMATS:
        raise InputError(f"A report layout is written as {' or '.join(BINARY_FORMATS)}, not '{fmt}'.")
    return write_output(path, lambda temporary: _write_binary(layout, fmt, temporary), force=force, protected=protected)


def export(
    obj: ClauseReport | Summary,
    fmt: str,
    path: str | Path,
    *,
    force: bool = False,
    protected: Protected = NOTHING_PROTECTED,
) -> Path:
    """Write ``obj`` to ``path`` in ``fmt`` through ``write_output``: never over a protected file, never over an
    existing one without ``force``, and atomically (a failure leaves no half file)."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"Unknown export format '{fmt}': use one of {', '.join(FORMATS)}.")

    def write(temporary: Path) -> None:
        if fmt in TEXT_FORMATS:
            temporary.write_text(render_text(obj, fmt), encoding="utf-8", newline="")
        else:
            _write_binary(layout_of(obj), fmt, temporary)

    return write_output(path, write, force=force, protected=protected)


__all__ = ["FORMATS", "export", "export_layout", "render_text"]
