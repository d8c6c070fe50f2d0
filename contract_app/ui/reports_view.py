"""The Summary and Clause report tabs: build on request (in the runner), show with clickable citations, export.

A citation link is ``clause:<n>``, an index into the report's clause references; clicking one asks the window to
highlight that passage in the viewer. The clause report's drafting checks link their places the same way
(``finding:<n>``).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from contract_app.model import findings_by_kind, findings_summary

EXPORT_FORMATS = {
    "pdf": "PDF document (*.pdf)",
    "docx": "Word document (*.docx)",
    "md": "Markdown (*.md)",
    "csv": "CSV table (*.csv)",
    "json": "JSON (*.json)",
}

STYLE = (
    "<style>a { color: #2456a6; text-decoration: none; font-weight: 600; } p { margin: 0 0 4px 0; }"
    " .topic { color: #1f2933; font-weight: 600; } .muted { color: #8a94a3; } .group { color: #5f6b7a;"
    " font-size: 8.5pt; font-weight: 600; letter-spacing: 1px; } .found { color: #1e7d4f; }</style>"
)


def _where(ref: Any) -> str:
    return str(getattr(ref, "where", "") or f"p. {ref.pages[0]}")


class _Links:
    """Collects clause references while HTML is written, so ``clause:<n>`` can be resolved on click."""

    def __init__(self) -> None:
        self.refs: list[Any] = []
        self.findings: list[Any] = []

    def link(self, ref: Any) -> str:
        self.refs.append(ref)
        tip = escape(str(ref.text)[:300], quote=True)
        label = escape(_where(ref)).replace(" ", "&nbsp;")  # a citation never breaks across lines
        return f'<a href="clause:{len(self.refs) - 1}" title="{tip}">{label}</a>'

    def links(self, refs: Any) -> str:
        return " · ".join(self.link(ref) for ref in refs)

    def finding_link(self, finding: Any) -> str:
        self.findings.append(finding)
        label = escape(str(finding.place)).replace(" ", "&nbsp;")
        return f'<a href="finding:{len(self.findings) - 1}">{label}</a>'


def _notices(report: Any) -> str:
    notices = tuple(getattr(report, "notices", ()))
    if not notices:
        return ""
    return "".join(f'<p style="color:#7a4b00">{escape(str(notice))}</p>' for notice in notices)


def summary_html(summary: Any, links: _Links) -> str:
    parts = [STYLE, _notices(summary)]
    for line in summary.lines:
        cited = links.links(line.citations)
        parts.append(f'<p class="topic">{escape(line.topic)}</p><p>{escape(line.text)} {cited}</p><p>&nbsp;</p>')
    if not summary.lines:
        parts.append('<p class="muted">Nothing could be summarised from this document.</p>')
    return "".join(parts)


def clause_report_html(report: Any, links: _Links, found_only: bool) -> str:
    found = sum(bool(result.found) for result in report.categories)
    parts = [STYLE, f"<p><b>{found}</b> of {len(report.categories)} categories found.</p>", _notices(report)]
    groups: dict[str, list[Any]] = {}
    for result in report.categories:
        if result.found or not found_only:
            groups.setdefault(str(result.group), []).append(result)
    for group, results in groups.items():
        parts.append(f'<p>&nbsp;</p><p class="group">{escape(group.upper())}</p>')
        for result in results:
            if result.found:
                answer = f" — {escape(str(result.answer))}" if result.answer else ""
                cited = links.links(result.clauses)
                parts.append(
                    f'<p><span class="found">●</span> <b>{escape(result.category)}</b>{answer} &nbsp;{cited}</p>'
                )
            else:
                parts.append(f'<p class="muted">○ {escape(result.category)} — not found</p>')
    drafting = getattr(report, "drafting", None)
    if drafting is not None:
        parts.append(drafting_html(drafting, links))
    return "".join(parts)


def drafting_html(findings: Any, links: _Links) -> str:
    """The report's drafting checks as the exports group them: a sentence, then each kind with its findings."""
    parts = [f'<p>&nbsp;</p><p class="group">DRAFTING CHECKS</p><p>{escape(findings_summary(findings))}</p>']
    for _kind, title, found in findings_by_kind(findings):
        parts.append(f'<p class="topic">{escape(title)} ({len(found)})</p>')
        parts.extend(f"<p>{escape(finding.message)} &nbsp;{links.finding_link(finding)}</p>" for finding in found)
    return "".join(parts)


class ReportPanel(QWidget):
    """One report kind (``summary`` or ``clause_report``): a Build button, the report, and Export..."""

    build_requested = Signal(str)  # kind
    export_requested = Signal(str)  # kind
    clause_clicked = Signal(object)  # reports.ClauseRef
    finding_clicked = Signal(object)  # a drafting check's Finding

    def __init__(self, kind: str, build_text: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._report: Any = None
        self._links = _Links()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        row = QHBoxLayout()
        self.intro = QLabel(intro, wordWrap=True)
        self.intro.setStyleSheet("color: #5f6b7a;")
        self.build_button = QPushButton(build_text, objectName="primary")
        self.build_button.clicked.connect(lambda: self.build_requested.emit(self.kind))
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.kind))
        row.addWidget(self.intro, 1)
        row.addWidget(self.build_button)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.found_only = QCheckBox("Show only categories found")
        self.found_only.setVisible(kind == "clause_report")
        self.found_only.toggled.connect(lambda _checked: self.show_report(self._report))
        layout.addWidget(self.found_only)
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._on_link)
        self.view.document().setDocumentMargin(12)
        layout.addWidget(self.view, 1)
        self.show_report(None)
        self.set_ready(False)

    def set_ready(self, ready: bool) -> None:
        self.build_button.setEnabled(ready)

    def set_busy(self, busy: bool) -> None:
        self.build_button.setEnabled(not busy)
        if busy:
            self.view.setHtml('<p style="color:#5f6b7a">Working… (progress in the status bar)</p>')

    @property
    def report(self) -> Any:
        return self._report

    def show_report(self, report: Any) -> None:
        self._report = report
        self._links = _Links()
        self.export_button.setEnabled(report is not None)
        if report is None:
            self.view.setHtml('<p style="color:#5f6b7a">Nothing built yet for this contract.</p>')
        elif self.kind == "summary":
            self.view.setHtml(summary_html(report, self._links))
        else:
            self.view.setHtml(clause_report_html(report, self._links, self.found_only.isChecked()))

    def _on_link(self, url: QUrl) -> None:
        scheme, _, value = url.toString().partition(":")
        if scheme == "clause" and value.isdigit() and int(value) < len(self._links.refs):
            self.clause_clicked.emit(self._links.refs[int(value)])
        elif scheme == "finding" and value.isdigit() and int(value) < len(self._links.findings):
            self.finding_clicked.emit(self._links.findings[int(value)])
