"""Write small contract PDFs of known layout with PyMuPDF, so tests can assert exact parsing results.

Import it as ``from pdfgen import ...`` (pytest puts ``tests/`` on ``sys.path`` through ``tests/conftest.py``).

Two levels:

* ``write_contract_pdf(path, pages)`` draws exactly the lines you give, page by page: ``pages`` is a list of pages,
  each a list of ``Line`` (or plain ``str``). Nothing is wrapped, so a test controls every line break (e.g. a
  hyphenated ``"termi-"`` / ``"nation"`` pair).
* ``write_markup_pdf(path, markup)`` wraps and paginates a small markup, one paragraph per source line::

      ^**MASTER SUPPLY AGREEMENT**        <- "^" centres the line; **...** is bold (whole line or a run)
                                          <- blank line: paragraph gap
      **ARTICLE I**
      **1.1 Definitions.** "Products" means the goods listed in Exhibit A.
        (a) first item                    <- every two leading spaces indent the paragraph by 18 pt
      ---                                 <- a line of three dashes starts a new page

  A soft hyphen (U+00AD) inside a word is a break opportunity: printed as "-" when the line breaks there.

``family="courier"`` sets everything in monospace, as typewriter-style SEC filings are.

Both take ``header`` / ``footer`` templates drawn on every page (``{page}`` and ``{pages}`` are replaced), e.g.
``footer="Page {page} of {pages}"``. Pages are US Letter (612 x 792 pt), 72 pt margins, Times 11 pt.

``Line`` also takes ``indent``, ``size``, ``gap`` (extra space above: a paragraph break) and absolute ``x``/``y``
(baseline) for tables and columns. ``layout_markup(markup)`` returns the pages of ``Line`` without writing them.

Helpers for special inputs: ``write_two_column_pdf`` (two columns of lines, or of text wrapped to the column),
``write_scanned_pdf`` (pages rendered to images only, no text layer), ``write_encrypted_pdf`` (password "secret"),
and ``write_long_contract(path, pages=100)`` (a realistic contract of exactly that many pages, from the sample
generator in ``resources/samples/make_sample.py``).
"""

from __future__ import annotations

import importlib.util
import re
import types
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pymupdf

PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
MARGIN = 72.0
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN
BODY_TOP = 100.0  # baseline of the first body line
BODY_BOTTOM = 720.0  # no body baseline below this
HEADER_BASELINE = 45.0
FOOTER_BASELINE = 760.0
INDENT_STEP = 18.0
SOFT_HYPHEN = "\u00ad"
REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Line:
    """One printed line. ``text`` may hold ``**bold**`` runs; ``bold=True`` sets the whole line bold.

    ``gap`` adds vertical space above the line (a paragraph break). ``x``/``y`` place the line absolutely
    (``y`` is the baseline), for columns and tables; otherwise lines flow down from the top margin.
    """

    text: str
    bold: bool = False
    indent: float = 0.0
    size: float = 11.0
    gap: float = 0.0
    x: float | None = None
    y: float | None = None
    center: bool = False


PageSpec = Sequence[Line | str]


@cache
def _font(bold: bool, family: str = "times") -> pymupdf.Font:
    names = {"times": ("tiro", "tibo"), "helvetica": ("helv", "hebo"), "courier": ("cour", "cobo")}
    return pymupdf.Font(names[family][1 if bold else 0])


@cache
def _advances(bold: bool, family: str) -> dict[str, float]:
    return {}


def _width(text: str, bold: bool, size: float, family: str) -> float:
    """Printed width in points, from per-character advances (``Font.text_length`` is slow per call)."""
    advances = _advances(bold, family)
    total = 0.0
    for char in text:
        advance = advances.get(char)
        if advance is None:
            advance = advances[char] = _font(bold, family).text_length(char, 1.0)
        total += advance
    return total * size


def _runs(line: Line) -> list[tuple[str, bool]]:
    """Split ``**bold**`` markup into (text, bold) runs."""
    if line.bold:
        return [(line.text.replace("**", ""), True)]
    parts = line.text.split("**")
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]


def text_width(text: str, bold: bool = False, size: float = 11.0, family: str = "times") -> float:
    """Printed width of ``text`` in points (the same font the writers use)."""
    return _width(text.replace("**", ""), bold, size, family)


def _line_width(line: Line, family: str) -> float:
    return sum(_width(text, bold, line.size, family) for text, bold in _runs(line))


def _draw(writer: pymupdf.TextWriter, line: Line, x: float, y: float, family: str) -> None:
    for text, bold in _runs(line):
        font = _font(bold, family)
        writer.append((x, y), text, font=font, fontsize=line.size)
        x += _width(text, bold, line.size, family)


def _furniture(writer: pymupdf.TextWriter, template: str, baseline: float, page: int, pages: int, family: str) -> None:
    line = Line(template.format(page=page, pages=pages), size=9.0)
    x = (PAGE_WIDTH - _line_width(line, family)) / 2
    _draw(writer, line, x, baseline, family)


def _render(
    pages: Sequence[PageSpec], header: str | None, footer: str | None, family: str = "times"
) -> pymupdf.Document:
    doc = pymupdf.open()
    for number, spec in enumerate(pages, start=1):
        page = doc.new_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        writer = pymupdf.TextWriter(page.rect)
        y = BODY_TOP
        first = True
        for item in spec:
            line = Line(item) if isinstance(item, str) else item
            if line.y is not None:
                y = line.y
            elif not first:
                y += line.size * 1.3 + line.gap
            first = False
            if line.x is not None:
                x = line.x
            elif line.center:
                x = (PAGE_WIDTH - _line_width(line, family)) / 2
            else:
                x = MARGIN + line.indent
            _draw(writer, line, x, y, family)
        if header:
            _furniture(writer, header, HEADER_BASELINE, number, len(pages), family)
        if footer:
            _furniture(writer, footer, FOOTER_BASELINE, number, len(pages), family)
        writer.write_text(page)
    return doc


def _save(doc: pymupdf.Document, path: str | Path, **options: object) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.subset_fonts()
    doc.save(path, garbage=4, deflate=True, **options)
    doc.close()
    return path


def write_contract_pdf(
    path: str | Path,
    pages: Sequence[PageSpec],
    *,
    header: str | None = None,
    footer: str | None = None,
    family: str = "times",
) -> Path:
    """Draw exactly these lines on these pages (no wrapping), plus the running header/footer templates."""
    return _save(_render(pages, header, footer, family), path, no_new_id=True)  # same input, same bytes


def _wrap(paragraph: str, width: float, size: float, bold_all: bool, family: str) -> list[str]:
    """Greedy word wrap that keeps ``**`` runs balanced per line and breaks at soft hyphens when useful."""

    def measure(word: str, bold: bool) -> tuple[float, bool]:
        """Printed width of ``word`` when it starts in ``bold``, and whether it ends in bold."""
        total = 0.0
        for index, part in enumerate(word.split("**")):
            bold = bold_all or (bold if index == 0 else not bold)
            if part:
                total += _width(part.replace(SOFT_HYPHEN, ""), bold, size, family)
        return total, bold

    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    starts_bold = state = bold_all
    for word in paragraph.split(" "):
        space = _width(" ", state, size, family) if current else 0.0
        word_width, end_state = measure(word, state)
        if not current or current_width + space + word_width <= width:
            current.append(word)
            current_width += space + word_width
            state = end_state
            continue
        pieces = word.split(SOFT_HYPHEN)
        for cut in range(len(pieces) - 1, 0, -1):  # longest prefix ending at a soft hyphen that still fits
            head = SOFT_HYPHEN.join(pieces[:cut]) + "-"
            head_width, head_state = measure(head, state)
            if current_width + space + head_width <= width:
                current.append(head)
                state = head_state
                word = SOFT_HYPHEN.join(pieces[cut:])
                break
        text = " ".join(current)
        lines.append(_balance(text, starts_bold, bold_all))
        starts_bold = bold_all or _ends_bold(text, starts_bold)
        current = [word]
        current_width, state = measure(word, starts_bold)
    if current:
        lines.append(_balance(" ".join(current), starts_bold, bold_all))
    return [line.replace(SOFT_HYPHEN, "") for line in lines]


def _ends_bold(text: str, starts_bold: bool) -> bool:
    return starts_bold ^ (text.count("**") % 2 == 1)


def _balance(text: str, starts_bold: bool, bold_all: bool) -> str:
    """Re-open a bold run carried over from the previous line and close one left open at the end."""
    if bold_all:
        return text
    if starts_bold:
        text = "**" + text
    if text.count("**") % 2:
        text += "**"
    return text


_PAGE_BREAK = re.compile(r"^\s*---\s*$")


def layout_markup(
    markup: str, *, size: float = 11.0, family: str = "times", width: float = BODY_WIDTH
) -> list[list[Line]]:
    """Wrap and paginate markup (see the module docstring) into pages of ``Line``."""
    pages: list[list[Line]] = [[]]
    y = BODY_TOP
    gap = 0.0
    leading = size * 1.3
    for raw in markup.splitlines():
        if _PAGE_BREAK.match(raw):
            pages.append([])
            y, gap = BODY_TOP, 0.0
            continue
        if not raw.strip():
            gap = size * 0.7 if pages[-1] else 0.0
            continue
        stripped = raw.lstrip(" ")
        indent = (len(raw) - len(stripped)) // 2 * INDENT_STEP
        center = stripped.startswith("^")
        stripped = stripped.removeprefix("^").strip()
        bold_all = stripped.startswith("**") and stripped.endswith("**") and stripped.count("**") == 2
        if bold_all:
            stripped = stripped[2:-2]
        for index, text in enumerate(_wrap(stripped, width - indent, size, bold_all, family)):
            step = (leading + (gap if index == 0 else 0.0)) if pages[-1] else 0.0
            if y + step > BODY_BOTTOM:
                pages.append([])
                y, step = BODY_TOP, 0.0
            y += step
            pages[-1].append(
                Line(text, bold=bold_all, indent=indent, size=size, gap=gap if index == 0 else 0.0, center=center)
            )
        gap = 0.0
    return [page for page in pages if page] or [[]]


def write_markup_pdf(
    path: str | Path,
    markup: str,
    *,
    header: str | None = None,
    footer: str | None = None,
    size: float = 11.0,
    family: str = "times",
) -> Path:
    """Wrap, paginate and draw markup, with running header/footer templates."""
    return write_contract_pdf(
        path, layout_markup(markup, size=size, family=family), header=header, footer=footer, family=family
    )


def write_two_column_pdf(
    path: str | Path,
    left: str | Sequence[str],
    right: str | Sequence[str],
    *,
    title: str | None = None,
    footer: str | None = None,
    gutter: float = 36.0,
) -> Path:
    """One page: an optional full-width bold title, then two columns side by side (left read first).

    Each column is a list of lines, or a string wrapped to the column width.
    """
    column = (BODY_WIDTH - gutter) / 2
    top = BODY_TOP + (30.0 if title else 0.0)
    lines: list[Line] = [Line(title, bold=True, center=True, y=BODY_TOP)] if title else []
    for x, texts in ((MARGIN, left), (MARGIN + column + gutter, right)):
        wrapped = _wrap(texts, column, 11.0, False, "times") if isinstance(texts, str) else texts
        lines += [Line(text, x=x, y=top + index * 14.3) for index, text in enumerate(wrapped)]
    return write_contract_pdf(path, [lines], footer=footer)


def write_scanned_pdf(path: str | Path, pages: Sequence[PageSpec], *, dpi: int = 200) -> Path:
    """Pages rendered to images and nothing else: what a scanner produces (no text layer)."""
    source = _render(pages, None, None)
    target = pymupdf.open()
    for page in source:
        pixmap = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        scanned = target.new_page(width=page.rect.width, height=page.rect.height)
        scanned.insert_image(scanned.rect, pixmap=pixmap)
    source.close()
    path = Path(path)
    target.save(path, garbage=4, deflate=True)
    target.close()
    return path


def write_encrypted_pdf(path: str | Path, pages: Sequence[PageSpec], *, password: str = "secret") -> Path:
    """A PDF that opens only with ``password`` (AES-256, user and owner password the same)."""
    return _save(
        _render(pages, None, None), path, encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw=password, owner_pw=password
    )


def write_long_contract(path: str | Path, pages: int = 100) -> Path:
    """A realistic contract of about ``pages`` pages (the sample contract's clauses, repeated and renumbered)."""
    return _sample_generator().write_long_contract(path, pages=pages)


@cache
def _sample_generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample", REPO / "resources" / "samples" / "make_sample.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
