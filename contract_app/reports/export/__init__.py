"""Export a clause report or summary as PDF, DOCX, Markdown, CSV or JSON (contract text always escaped)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from contract_app.errors import InputError
from contract_app.reports.export.layout import flat_table, layout_of
from contract_app.reports.results import ClauseReport, Summary

FORMATS = ("pdf", "docx", "md", "csv", "json")
TEXT_FORMATS = ("md", "csv", "json")


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


def _write_binary(obj: ClauseReport | Summary, fmt: str, path: Path) -> None:
    if fmt == "pdf":
        from contract_app.reports.export import pdf

        pdf.render(layout_of(obj), path)
    else:
        from contract_app.reports.export import word

        word.render(layout_of(obj), path)


def export(obj: ClauseReport | Summary, fmt: str, path: str | Path) -> Path:
    """Write ``obj`` to ``path`` in ``fmt``; written to a temporary file first so a failure leaves no half file."""
    fmt = fmt.lower().lstrip(".")
    if fmt not in FORMATS:
        raise InputError(f"Unknown export format '{fmt}': use one of {', '.join(FORMATS)}.")
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise InputError(f"The folder {path.parent} does not exist.")
    handle, temporary = tempfile.mkstemp(prefix=".export-", suffix=f".{fmt}", dir=path.parent)
    os.close(handle)
    try:
        if fmt in TEXT_FORMATS:
            Path(temporary).write_text(render_text(obj, fmt), encoding="utf-8", newline="")
        else:
            _write_binary(obj, fmt, Path(temporary))
        os.replace(temporary, path)
    except OSError as error:
        raise InputError(f"Could not write {path.name}: {error.strerror or error}.") from error
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return path


__all__ = ["FORMATS", "export", "render_text"]
