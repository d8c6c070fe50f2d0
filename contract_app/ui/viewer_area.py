"""The centre of the window: the empty drop target, or the viewer with its zoom and page controls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QToolBar, QVBoxLayout, QWidget

from contract_app.files import has_pdf_header
from contract_app.ui.empty_state import EmptyState
from contract_app.ui.viewer import PdfViewer


def looks_like_pdf(path: str | Path) -> bool:
    """Only real PDFs within the size limit go to the viewer (PyMuPDF would also open text files, and a pipe would
    block the window); the core's ingest reports the rest in a sentence."""
    return has_pdf_header(Path(path))


class ViewerArea(QStackedWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = EmptyState()
        self.viewer = PdfViewer()
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; padding: 0 8px;")
        self.toolbar.addWidget(self.title)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        self.toolbar.addAction("−", self.viewer.zoom_out).setToolTip("Zoom out (Ctrl+-)")
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction("+", self.viewer.zoom_in).setToolTip("Zoom in (Ctrl++)")
        self.toolbar.addAction("Fit width", self.viewer.fit_width).setToolTip("Fit the page width (Ctrl+0)")
        self.toolbar.addSeparator()
        self.page_label = QLabel()
        self.page_label.setMinimumWidth(110)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.page_label)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.viewer, 1)
        self.addWidget(self.empty)
        self.addWidget(page)
        self._page = page
        self.drop_hint = QLabel("Drop to open and add to the library", self, objectName="dropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.hide()
        self.viewer.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{round(zoom * 100)}%"))
        self.viewer.page_changed.connect(self._show_page)

    def show_document(self, path: str, password: str | None = None) -> bool:
        """Open ``path`` in the viewer unless it already shows it; False when it cannot be shown (yet)."""
        if self.viewer.path is not None and Path(self.viewer.path) == Path(path):
            self.setCurrentWidget(self._page)
            return True
        if not looks_like_pdf(path):
            self.show_empty("This file cannot be shown")
            return False
        try:
            opened = self.viewer.open(path, password)
        except Exception:  # MuPDF could not open it at all: the ingest says why, in a sentence
            self.show_empty("This PDF is damaged and cannot be shown")
            return False
        if not opened:
            self.show_empty("This PDF is password-protected")
            return False
        self.title.setText(Path(path).name)
        self.setCurrentWidget(self._page)
        self._show_page(self.viewer.current_page())
        return True

    def set_drop_hint(self, visible: bool) -> None:
        """While files are dragged over the window: the empty card lights up, or an overlay covers the viewer."""
        self.empty.set_hover(visible)
        showing_document = self.currentWidget() is self._page
        self.drop_hint.setVisible(visible and showing_document)
        if visible and showing_document:
            self.drop_hint.setGeometry(self.rect().adjusted(16, 16, -16, -16))
            self.drop_hint.raise_()

    def show_empty(self, message: str = "Drop a contract PDF here") -> None:
        self.viewer.close_document()
        self.empty.set_message(message)
        self.setCurrentWidget(self.empty)

    def _show_page(self, page: int) -> None:
        self.page_label.setText(f"Page {page} of {self.viewer.page_count}" if page else "")
