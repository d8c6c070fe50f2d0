"""DOCX through python-docx: real headings and Word tables, so a lawyer can edit and forward the report.

python-docx writes text runs literally (XML-escaped), so contract text cannot inject markup; control characters
that XML forbids are dropped.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from contract_app.reports.export.layout import AUTHOR, Layout, Table

NAVY = RGBColor(0x16, 0x36, 0x5C)
GREY = RGBColor(0x8A, 0x94, 0xA6)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _XML_UNSAFE.sub("", text)


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _repeat_header(row) -> None:
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _write_cell(cell, text: str, *, size: float = 8.5, bold: bool = False, colour: RGBColor | None = None) -> None:
    parts = [part for part in text.split("\n")] or [""]
    cell.text = ""
    for index, part in enumerate(parts):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        run = paragraph.add_run(_clean(part))
        run.font.size = Pt(size)
        run.bold = bold
        if colour is not None:
            run.font.color.rgb = colour


def _page_number_footer(section, label: str) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = 1
    run = paragraph.add_run(f"{_clean(label)} · page ")
    run.font.size = Pt(7.5)
    for code in ("begin", "PAGE", "end"):
        field_run = paragraph.add_run()
        field_run.font.size = Pt(7.5)
        if code == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), code)
        field_run._r.append(element)


def _fixed_widths(word_table, widths: list[Cm]) -> None:
    """Word and LibreOffice size columns from the table grid and a fixed layout; cell widths alone are ignored
    (every column came out the same width)."""
    word_table.autofit = False
    properties = word_table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    for column, width in zip(word_table.columns, widths, strict=True):
        column.width = width


def _table(document, table: Table, usable_width: float) -> None:
    if table.new_page:
        document.add_page_break()
    document.add_heading(_clean(table.heading), level=table.level)
    if table.intro:
        document.add_paragraph(_clean(table.intro))
    if not table.columns:
        return
    word_table = document.add_table(rows=1, cols=len(table.columns))
    word_table.style = "Table Grid"
    word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(table.widths)
    widths = [Cm(usable_width * w / total) for w in table.widths]
    _fixed_widths(word_table, widths)
    header = word_table.rows[0]
    _repeat_header(header)
    for cell, name, width in zip(header.cells, table.columns, widths, strict=True):
        _write_cell(cell, name, bold=True, colour=RGBColor(0xFF, 0xFF, 0xFF))
        _shade(cell, "16365C")
        cell.width = width
    for row in table.rows:
        cells = word_table.add_row().cells
        missing = row[1] == "Not found"
        for index, (cell, value, width) in enumerate(zip(cells, row, widths, strict=True)):
            colour = GREY if missing and index > 0 else None
            _write_cell(cell, value, size=8 if index == table.long_column else 8.5, bold=index == 0, colour=colour)
            cell.width = width


def render(layout: Layout, path: Path) -> None:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10)
    for style in ("Title", "Heading 1", "Heading 2"):
        document.styles[style].font.color.rgb = NAVY
    document.add_heading(_clean(layout.title), level=0)
    subtitle = document.add_paragraph()
    subtitle.add_run(_clean(layout.subtitle)).font.size = Pt(12)
    facts = document.add_table(rows=0, cols=2)
    _fixed_widths(facts, [Cm(4.0), Cm(13.4)])
    for label, value in layout.facts:
        cells = facts.add_row().cells
        _write_cell(cells[0], label, size=9, bold=True, colour=NAVY)
        _write_cell(cells[1], value, size=9)
        cells[0].width, cells[1].width = Cm(4.0), Cm(13.4)
    for note in layout.notes:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(_clean(f"Note: {note}"))
        run.italic = True
    for table in layout.tables:
        _table(document, table, usable_width=17.4)
    _page_number_footer(section, f"{layout.title}: {layout.subtitle}")
    _properties(document, layout)
    document.save(str(path))


def _properties(document, layout: Layout) -> None:
    """What Word shows under File > Info: the contract as title, the app as author (python-docx's template says
    "python-docx" and a 2013 date otherwise)."""
    now = datetime.now(UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.title = _clean(layout.contract or layout.subtitle)
    properties.subject = _clean(layout.title)
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = _clean(f"{layout.title} of {layout.subtitle}")
    properties.keywords = ""
    properties.created = properties.modified = now
    properties.revision = 1
