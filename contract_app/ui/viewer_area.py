"""The centre of the window: the empty drop target, or the viewer with its navigation, zoom and page controls."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from contract_app.files import has_pdf_header
from contract_app.ui.elided import ElidedLabel
from contract_app.ui.empty_state import EmptyState
from contract_app.ui.find_bar import FindBar
from contract_app.ui.viewer import PdfViewer


def looks_like_pdf(path: str | Path) -> bool:
    """Only real PDFs within the size limit go to the viewer (PyMuPDF would also open text files, and a pipe would
    block the window); the core's ingest reports the rest in a sentence."""
    return has_pdf_header(Path(path))


class ViewerArea(QStackedWidget):
    """Toolbar (Back/Forward, the file's name, zoom, "Page x of y"), a warning banner, the find bar, the pages."""

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
        self.title = ElidedLabel()
        self.title.setStyleSheet("font-weight: 600; padding: 0 8px;")
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # takes the room left
        self._title_action = self.toolbar.addWidget(self.title)
        self.toolbar.addAction("−", self.viewer.zoom_out).setToolTip("Zoom out (Ctrl+-)")
        self.zoom_label = QLabel("100%")
        self.zoom_label.setMinimumWidth(44)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.toolbar.addWidget(self.zoom_label)
        self.toolbar.addAction("+", self.viewer.zoom_in).setToolTip("Zoom in (Ctrl++)")
        self.toolbar.addAction("Fit", self.viewer.fit_width).setToolTip("Fit the page width (Ctrl+0)")
        self.toolbar.addSeparator()
        self.page_box = QSpinBox(prefix="Page ", keyboardTracking=False)
        self.page_box.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
        self.page_box.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_box.setToolTip("Go to page (Ctrl+G): type a number and press Enter")
        self.page_box.setFrame(False)
        self.page_box.editingFinished.connect(self._go_to_typed_page)
        self.toolbar.addWidget(self.page_box)
        self.warning = QLabel(objectName="docWarning", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.warning.hide()
        self.find_bar = FindBar(self.viewer)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.warning)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.viewer, 1)
        self.addWidget(self.empty)
        self.addWidget(page)
        self._page = page
        self.drop_hint = QLabel("Drop to open and add to the library", self, objectName="dropHint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.hide()
        self.viewer.zoom_changed.connect(lambda zoom: self.zoom_label.setText(f"{round(zoom * 100)}%"))
        self.viewer.page_changed.connect(self._show_page)

    def add_navigation(self, back: QAction, forward: QAction) -> None:
        """Back and Forward (the window's actions, so their shortcuts live in one place) left of the title."""
        self.toolbar.insertAction(self._title_action, back)
        self.toolbar.insertAction(self._title_action, forward)

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
        self.find_bar.close_bar()
        self.setCurrentWidget(self._page)
        self._show_page(self.viewer.current_page())
        return True

    def set_warnings(self, warnings: tuple[str, ...]) -> None:
        """The parser's warnings about the file shown (damaged and repaired, scans skipped...), for as long as it is."""
        self.warning.setText("⚠ " + " ".join(warnings) if warnings else "")
        self.warning.setVisible(bool(warnings))

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
        self.find_bar.close_bar()
        self.set_warnings(())
        self.empty.set_message(message)
        self.setCurrentWidget(self.empty)

    def focus_page_box(self) -> None:
        """Go to page: the page number is selected, ready to be typed over."""
        if self.currentWidget() is self._page:
            self.page_box.setFocus()
            self.page_box.selectAll()

    def _go_to_typed_page(self) -> None:
        if self.viewer.page_count and self.page_box.value() != self.viewer.current_page():
            self.viewer.go_to(self.page_box.value(), animate=False)
            self.viewer.setFocus()

    def _show_page(self, page: int) -> None:
        count = self.viewer.page_count
        self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 1))
        self.page_box.setSuffix(f" of {count}")
        self.page_box.setValue(page)
        self.page_box.blockSignals(False)
