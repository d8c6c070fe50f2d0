"""The outline panel: the section tree, and the selected section's text with its terms and references as links.

Links: ``term:<Term>`` (definition shown on hover, click shows where it is defined), ``ref:<section id>``
(navigates to the cited section), ``dangling:<n>`` (struck through in red once the drafting checks report that the
cited unit is not in the document).
The drafting checks' findings (the Checks tab's, once they have run) are counted in the tree's header and marked on
the sections they stand in, so a lawyer sees them without opening each section; the header counts what the checks
report, not every citation the structure stage could not resolve (most of those are headings the parser missed).
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote, unquote

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from contract_app.model import ContractStructure, Finding, Section, Span
from contract_app.ui.referenced_by import referenced_by_html

SECTION_ROLE = Qt.ItemDataRole.UserRole


DANGLING_MARK = "⚠"
DANGLING_COLOUR = QColor("#b3261e")
CITATION_KINDS = ("dangling_reference", "missing_attachment")


def findings_by_section(structure: ContractStructure, findings: tuple[Finding, ...]) -> dict[str, list[Finding]]:
    """The findings by the most specific section their place stands in (one in the preamble stands in none)."""
    found: dict[str, list[Finding]] = {}
    for finding in findings:
        section = structure.section_at(finding.span[0])
        if section is not None:
            found.setdefault(section.id, []).append(finding)
    return found


def findings_header(count: int) -> str:
    if not count:
        return "Sections"
    return f"Sections · {DANGLING_MARK} {count} drafting issue{'s' if count > 1 else ''}"


def section_caption(section: Section) -> str:
    return f"{section.label}  {section.title}" if section.title else section.label


def citation_findings(findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
    return tuple(finding for finding in findings if finding.kind in CITATION_KINDS)


def _finding_over(span: Span, findings: tuple[Finding, ...]) -> Finding | None:
    return next((f for f in findings if f.span[0] < span[1] and span[0] < f.span[1]), None)


def section_html(structure: ContractStructure, section: Section, flagged: tuple[Finding, ...] = ()) -> str:
    """The section's text (children included) with term uses and cross-references marked up as links.

    A citation is struck through only where the drafting checks report it (``flagged``): the structure also leaves
    unresolved what may well be right (a section of another agreement named next to it), and striking those out
    told the lawyer of errors the checks had weighed and dismissed."""
    start, end = section.span
    marks: list[tuple[int, int, str]] = []  # (start, end, opening tag) - closing tag derived from the opening
    for index, ref in enumerate(structure.cross_references):
        if start <= ref.span[0] and ref.span[1] <= end:
            finding = _finding_over(ref.span, flagged) if ref.dangling else None
            if finding is not None:
                tip = finding.message
                marks.append((*ref.span, f'<a href="dangling:{index}" title="{escape(tip)}" class="dangling">'))
            elif ref.target and not ref.external:
                target = structure.section(ref.target) if ref.target in structure.graph.graph else None
                tip = f"Go to {section_caption(target)} (p. {target.page})" if target else ref.text
                marks.append((*ref.span, f'<a href="ref:{quote(ref.target)}" title="{escape(tip)}">'))
    for use in structure.graph.uses_in(section.span):
        definition = structure.definition_of(use.term)
        if definition is not None:
            tip = definition.text
            tip = tip if len(tip) <= 400 else tip[:400].rstrip() + "…"
            marks.append((*use.span, f'<a href="term:{quote(use.term)}" title="{escape(tip)}" class="term">'))
    marks.sort(key=lambda mark: (mark[0], -(mark[1] - mark[0])))
    breaks = {child.span[0] for child in structure.sections if start < child.span[0] < end}
    text = structure.document.text
    pieces: list[str] = []
    cursor = start
    for mark_start, mark_end, tag in marks:
        if mark_start < cursor:
            continue  # overlapping marks: the earlier, longer one wins
        pieces.append(_plain(text, cursor, mark_start, breaks))
        pieces.append(tag + escape(text[mark_start:mark_end]) + "</a>")
        cursor = mark_end
    pieces.append(_plain(text, cursor, end, breaks))
    heading = escape(section_caption(section))
    meta = f"Page {section.page}" + (f"–{section.end_page}" if section.end_page != section.page else "")
    return (
        "<style>a { color: #2456a6; text-decoration: none; } a.term { border-bottom: 1px dotted #2456a6; }"
        " a.dangling { color: #b3261e; text-decoration: line-through; } p { margin: 0 0 8px 0; }</style>"
        f'<h3 style="margin:0 0 2px 0">{heading}</h3><p style="color:#5f6b7a">{meta}</p>'
        f"<p>{''.join(pieces).strip()}</p>{referenced_by_html(structure, section)}"
    )


def _plain(text: str, start: int, end: int, breaks: set[int]) -> str:
    """Escaped text with visual line breaks joined, and a paragraph break where a subsection starts."""
    out: list[str] = []
    for offset in range(start, end):
        char = text[offset]
        if offset in breaks:
            out.append("</p><p>")
        out.append(" " if char == "\n" else escape(char))
    return "".join(out)


class OutlinePanel(QWidget):
    section_selected = Signal(str)  # section id: the window navigates the viewer and highlights the heading
    term_clicked = Signal(str)
    dangling_clicked = Signal(str)  # the message to show

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._structure: ContractStructure | None = None
        self._items: dict[str, QTreeWidgetItem] = {}
        self._flagged: tuple[Finding, ...] = ()  # the checks' citation findings: struck through in the text
        self._shown: str | None = None  # the section whose text is on screen
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Sections", "Page"])
        self.tree.setColumnWidth(0, 250)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.tree.setUniformRowHeights(True)
        self.tree.currentItemChanged.connect(lambda item, _: self._on_item(item))
        self.tree.itemClicked.connect(self._on_clicked)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.anchorClicked.connect(self._on_link)
        self.text.document().setDocumentMargin(14)
        self.placeholder = QLabel("The outline appears here once the contract has been read.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet("color: #5f6b7a; padding: 24px;")
        splitter.addWidget(self.tree)
        splitter.addWidget(self.text)
        splitter.setSizes([320, 280])
        layout.addWidget(self.placeholder)
        layout.addWidget(splitter)
        self._splitter = splitter
        self.set_structure(None)

    def set_structure(self, structure: ContractStructure | None) -> None:
        self._structure = structure
        self._flagged = ()
        self._shown = None
        self.tree.clear()
        self.text.clear()
        self._items = {}
        self.tree.setHeaderLabels(["Sections", "Page"])
        self.placeholder.setVisible(structure is None)
        self._splitter.setVisible(structure is not None)
        if structure is None:
            return
        self.text.setHtml(
            '<p style="color:#5f6b7a">Select a section to read it here. Defined terms and cross-references are '
            "links: hover a term for its definition, click a reference to go to it.</p>"
        )
        top_level: list[QTreeWidgetItem] = []
        for section in structure.sections:  # built apart from the tree, which then takes them in one step
            parent = self._items.get(section.parent) if section.parent else None
            item = QTreeWidgetItem([section_caption(section), str(section.page)])
            item.setData(0, SECTION_ROLE, section.id)
            item.setToolTip(0, section_caption(section))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if parent is None:
                top_level.append(item)
            else:
                parent.addChild(item)
            self._items[section.id] = item
        self.tree.addTopLevelItems(top_level)
        self.tree.expandToDepth(0)

    def show_findings(self, structure: ContractStructure, findings: tuple[Finding, ...]) -> None:
        """The drafting checks' findings counted in the header and marked on their sections; ignored when another
        contract is on screen now."""
        if structure is not self._structure:
            return
        self._flagged = citation_findings(findings)
        if self._flagged and self._shown is not None:  # the section on screen gets its struck-through citations
            self.text.setHtml(section_html(structure, structure.section(self._shown), self._flagged))
        for section_id, found in findings_by_section(structure, findings).items():
            item = self._items[section_id]
            item.setText(0, f"{item.text(0)}  {DANGLING_MARK}")
            item.setToolTip(0, "\n".join([item.toolTip(0), *(finding.message for finding in found)]))
            item.setForeground(0, DANGLING_COLOUR)
        self.tree.setHeaderLabels([findings_header(len(findings)), "Page"])
        if findings:
            self.tree.headerItem().setForeground(0, DANGLING_COLOUR)
            self.tree.headerItem().setToolTip(
                0, f"Drafting issues, marked {DANGLING_MARK} on their sections: listed in the Checks tab (Ctrl+5)"
            )

    @property
    def structure(self) -> ContractStructure | None:
        return self._structure

    def select_section(self, section_id: str) -> None:
        """Select ``section_id`` in the tree, show its text and tell the window to navigate."""
        item = self._items.get(section_id)
        if item is None:
            return
        if self.tree.currentItem() is item:
            self._show_section(section_id)
        else:
            self.tree.setCurrentItem(item)  # shows it through currentItemChanged
        self.tree.scrollToItem(item)

    def _on_clicked(self, item: QTreeWidgetItem) -> None:
        """Clicking the selected section again brings the viewer back to it."""
        self.section_selected.emit(item.data(0, SECTION_ROLE))

    def _on_item(self, item: QTreeWidgetItem | None) -> None:
        if item is not None:
            self._show_section(item.data(0, SECTION_ROLE))

    def _show_section(self, section_id: str) -> None:
        if self._structure is None:
            return
        self._shown = section_id
        self.text.setHtml(section_html(self._structure, self._structure.section(section_id), self._flagged))
        self.section_selected.emit(section_id)

    def _on_link(self, url: QUrl) -> None:
        scheme, _, value = url.toString().partition(":")
        value = unquote(value)
        if scheme == "ref":
            self.select_section(value)
        elif scheme == "term":
            self.term_clicked.emit(value)
        elif scheme == "dangling" and self._structure is not None:
            finding = _finding_over(self._structure.cross_references[int(value)].span, self._flagged)
            if finding is not None:
                self.dangling_clicked.emit(finding.message)
