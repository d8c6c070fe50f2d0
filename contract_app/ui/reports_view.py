"""The Summary and Clause report tabs: build on request (in the runner), show, and export."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

EXPORT_FORMATS = {
    "pdf": "PDF document (*.pdf)",
    "docx": "Word document (*.docx)",
    "md": "Markdown (*.md)",
    "csv": "CSV table (*.csv)",
    "json": "JSON (*.json)",
}


class ReportPanel(QWidget):
    """One report kind (``summary`` or ``clause_report``): a Build button, the report, and Export..."""

    build_requested = Signal(str)  # kind
    export_requested = Signal(str)  # kind

    def __init__(self, kind: str, build_text: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
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
        self.view = QTextBrowser()
        self.view.setOpenExternalLinks(False)
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

    def show_report(self, markdown: str | None) -> None:
        self.export_button.setEnabled(markdown is not None)
        if markdown is None:
            self.view.setHtml('<p style="color:#5f6b7a">Nothing built yet for this contract.</p>')
        else:
            self.view.setMarkdown(markdown)
