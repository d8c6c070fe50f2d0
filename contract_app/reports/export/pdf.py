"""PDF through PyMuPDF's Story: the layout as HTML (escaped), flowed onto A4 pages, then page numbers stamped on.

Story lays out HTML but knows nothing of running footers, so the footer ("contract - page n of N") is drawn on each
page after layout, when the page count is known.

Story has no "keep with next" either: a group's heading and column names left at the foot of a page, its first row
overleaf, get a page break before them and the story is laid out again (one heading at a time: each move shifts
what follows).

No table cell has a background colour: MuPDF's Story paints the cell backgrounds of every earlier page again, as
strips at the same heights, on each later page (a navy header row became dark bars across clause text on pages 2-4
of a 4-page report). The header row is navy bold text over a navy rule instead.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pymupdf

from contract_app.reports.export.layout import AUTHOR, Layout, Table

PAGE = pymupdf.paper_rect("a4")
MARGIN = 48.0
FOOTER_GAP = 24.0

CSS = """
* { font-family: sans-serif; }
body { font-size: 9pt; color: #1d2330; }
h1 { font-size: 18pt; color: #16365c; margin: 0 0 2pt 0; }
p.subtitle { font-size: 11pt; color: #4a5568; margin: 0 0 10pt 0; }
h2 { font-size: 12pt; color: #16365c; margin: 14pt 0 4pt 0; border-bottom: 1px solid #16365c; }
h3 { font-size: 10.5pt; color: #16365c; margin: 10pt 0 3pt 0; }
p.intro { font-size: 9.5pt; margin: 0 0 4pt 0; }
table { border-collapse: collapse; width: 100%; }
table.facts td { padding: 1pt 6pt 1pt 0; font-size: 9pt; }
table.facts td.label { font-weight: bold; color: #4a5568; }
table.grid th { color: #16365c; font-weight: bold; text-align: left; padding: 3pt; font-size: 8.5pt;
                border-bottom: 1.5pt solid #16365c; }
table.grid td { border: 1px solid #c9d2de; padding: 3pt; vertical-align: top; font-size: 8.5pt; }
td.missing { color: #8a94a6; }
td.clause { font-size: 8pt; color: #2d3748; }
p.note { background-color: #fff7e0; padding: 4pt; font-size: 8.5pt; }
p.cell { margin: 0 0 3pt 0; }
"""


CELL_CHROME = 14.0  # points of padding and border per table column


def _column_widths(weights: tuple[float, ...]) -> list[float]:
    """Absolute widths in points: Story honours ``width`` in points on header cells, not percentages."""
    usable = PAGE.width - 2 * MARGIN - CELL_CHROME * len(weights)
    return [usable * weight / sum(weights) for weight in weights]


LONG_WORD = 40  # longer unbroken tokens (URLs, run-together text) get break opportunities so tables keep their width
ZERO_WIDTH_SPACE = "\u200b"


def _breakable(word: str) -> str:
    if len(word) <= LONG_WORD:
        return word
    return ZERO_WIDTH_SPACE.join(word[i : i + LONG_WORD // 2] for i in range(0, len(word), LONG_WORD // 2))


def _paragraph(text: str, nowrap: bool) -> str:
    escaped = html.escape(" ".join(_breakable(word) for word in text.split(" ")))
    if nowrap:  # citations: keep "§ 12.3" and "p. 9" together, but let long labels wrap between words
        escaped = re.sub(r"(§|pp?\.) ", "\\1&#160;", escaped)
    return escaped


def _cell_html(text: str, nowrap: bool = False) -> str:
    parts = [_paragraph(part, nowrap) for part in text.split("\n") if part]
    if len(parts) <= 1:
        return parts[0] if parts else "&#8212;"
    return "".join(f'<p class="cell">{part}</p>' for part in parts)


def _table_html(table: Table, index: int, new_page: bool) -> str:
    """The group's heading (id ``t<index>``) and its table, the first row with id ``r<index>``."""
    head = "".join(
        f'<th style="width: {width:.1f}pt">{html.escape(name)}</th>'
        for name, width in zip(table.columns, _column_widths(table.widths), strict=True)
    )
    rows = []
    for number, row in enumerate(table.rows):
        missing = row[1] == "Not found"
        cells = []
        for column, value in enumerate(row):
            css = "clause" if column == table.long_column else ("missing" if missing and column > 0 else "")
            cells.append(f'<td class="{css}">{_cell_html(value, column == table.nowrap_column)}</td>')
        row_id = f' id="r{index}"' if number == 0 else ""
        rows.append(f"<tr{row_id}>{''.join(cells)}</tr>")
    page_break = ' style="page-break-before: always"' if new_page else ""
    tag = "h2" if table.level == 1 else "h3"
    intro = f'<p class="intro">{html.escape(table.intro)}</p>' if table.intro else ""
    grid = f'<table class="grid"><tr>{head}</tr>{"".join(rows)}</table>' if table.columns else ""
    return f'<{tag} id="t{index}"{page_break}>{html.escape(table.heading)}</{tag}>{intro}{grid}'


def to_html(layout: Layout, new_pages: frozenset[int] = frozenset()) -> str:
    """The report as HTML; the tables numbered in ``new_pages`` start on a new page."""
    label_width, value_width = _column_widths((1.0, 4.0))
    facts = "".join(
        f'<tr><td class="label" style="width: {label_width:.1f}pt">{html.escape(label)}</td>'
        f'<td style="width: {value_width:.1f}pt">{html.escape(value)}</td></tr>'
        for label, value in layout.facts
    )
    notes = "".join(f'<p class="note">{html.escape(note)}</p>' for note in layout.notes)
    tables = "".join(
        _table_html(table, index, table.new_page or index in new_pages) for index, table in enumerate(layout.tables)
    )
    return (
        f'<h1>{html.escape(layout.title)}</h1><p class="subtitle">{html.escape(layout.subtitle)}</p>'
        f'<table class="facts">{facts}</table>{notes}{tables}'
    )


def _stamp_footers(document: pymupdf.Document, label: str) -> None:
    count = document.page_count
    for page in document:
        footer = f"{label}  \u00b7  page {page.number + 1} of {count}"
        width = pymupdf.get_text_length(footer, fontname="helv", fontsize=7.5)
        y = PAGE.height - FOOTER_GAP
        page.draw_line((MARGIN, y - 10), (PAGE.width - MARGIN, y - 10), color=(0.79, 0.82, 0.87), width=0.5)
        page.insert_text(((PAGE.width - width) / 2, y), footer, fontname="helv", fontsize=7.5, color=(0.35, 0.4, 0.47))


def _flowed(layout: Layout, new_pages: frozenset[int]) -> tuple[pymupdf.Document, dict[str, int]]:
    """The story on A4 pages, and the page each heading (``t<n>``) and each table's first row (``r<n>``) landed on."""
    body = pymupdf.Rect(MARGIN, MARGIN, PAGE.width - MARGIN, PAGE.height - MARGIN - FOOTER_GAP)
    pages: dict[str, int] = {}

    def placed(position: object) -> None:
        element = str(getattr(position, "id", "") or "")
        if element and getattr(position, "open_close", 0) & 1:  # where the element opens
            pages.setdefault(element, int(getattr(position, "page_num", 0)))

    story = pymupdf.Story(html=to_html(layout, new_pages), user_css=CSS)
    document = story.write_with_links(lambda _number, _filled: (PAGE, body, None), positionfn=placed)
    return document, pages


def _laid_out(layout: Layout) -> pymupdf.Document:
    """The pages, with no group heading stranded at the foot of one (see the module's docstring)."""
    new_pages: set[int] = set()
    while True:
        document, pages = _flowed(layout, frozenset(new_pages))
        stranded = [
            index
            for index, table in enumerate(layout.tables)
            if table.rows and index not in new_pages and pages[f"r{index}"] != pages[f"t{index}"]
        ]
        if not stranded:
            return document
        document.close()
        new_pages.add(stranded[0])


def render(layout: Layout, path: Path) -> None:
    document = _laid_out(layout)
    document.set_metadata(
        {
            "title": layout.contract,
            "subject": layout.title,
            "author": AUTHOR,
            "creator": AUTHOR,
            "producer": AUTHOR,
        }
    )
    _stamp_footers(document, f"{layout.title}: {layout.subtitle}")
    document.save(path, garbage=3, deflate=True)
    document.close()
