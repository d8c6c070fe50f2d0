"""Find in document: a bar above the pages; every hit tinted in the viewer, Next/Previous step through them.

It searches the parsed text (``TextLayer``), so a phrase broken over two lines or two pages is still found, and the
hits are the same boxes a citation would highlight. Steps are not jumps: Back still returns to before the search.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from contract_app.model import Span
from contract_app.ui.viewer import PdfViewer

TYPING_PAUSE_MS = 150  # search once typing pauses, not at every key


class _QueryEdit(QLineEdit):
    """Enter: next hit, Shift+Enter: previous, Escape: close the bar."""

    def __init__(self, bar: FindBar) -> None:
        super().__init__(placeholderText="Find in document")
        self._bar = bar

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            self._bar.previous() if shift else self._bar.next()
        elif event.key() == Qt.Key.Key_Escape:
            self._bar.close_bar()
        else:
            super().keyPressEvent(event)


class FindBar(QWidget):
    def __init__(self, viewer: PdfViewer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._viewer = viewer
        self._hits: list[Span] = []
        self._current = -1
        self._searched = ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.query = _QueryEdit(self)
        self.query.setMaximumWidth(320)
        self.query.textChanged.connect(lambda _text: self._typing.start())
        self.count = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.previous_button = QToolButton(text="▲", toolTip="Previous match (Shift+F3)")
        self.previous_button.clicked.connect(self.previous)
        self.next_button = QToolButton(text="▼", toolTip="Next match (F3)")
        self.next_button.clicked.connect(self.next)
        close = QToolButton(text="✕", toolTip="Close (Esc)")
        close.clicked.connect(self.close_bar)
        layout.addWidget(self.query, 1)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.count)
        layout.addStretch(0)
        layout.addWidget(close)
        self._typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.search)
        self.hide()

    @property
    def hits(self) -> list[Span]:
        return list(self._hits)

    @property
    def current(self) -> int:
        return self._current

    def open_bar(self) -> None:
        self.show()
        self.query.setFocus()
        self.query.selectAll()
        if self.query.text():
            self.search()

    def close_bar(self) -> None:
        self._typing.stop()
        self._hits, self._current, self._searched = [], -1, ""
        self._viewer.clear_find_hits()
        self.hide()
        self._viewer.setFocus()

    def search(self) -> None:
        """Find every hit of the query; the current one is the first at or after the page being read."""
        self._typing.stop()
        layer = self._viewer.text_layer
        query = self.query.text()
        self._searched = query
        if layer is None:
            self._hits, self._current = [], -1
            self.count.setText("Find works once the contract has been read" if query.strip() else "")
            return
        self._hits = layer.find(query)
        page = self._viewer.current_page()
        pages = [layer.document.page_at(start) for start, _ in self._hits]
        self._current = next((n for n, at in enumerate(pages) if at >= page), 0) if self._hits else -1
        self._show()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        if self.query.text() != self._searched or self._typing.isActive():
            self.search()
            return
        if self._hits:
            self._current = (self._current + direction) % len(self._hits)
            self._show()

    def _show(self) -> None:
        if not self._hits:
            self.count.setText("No matches" if self._searched.strip() else "")
            self._viewer.clear_find_hits()
            return
        self.count.setText(f"{self._current + 1} of {len(self._hits)}")
        self._viewer.show_find_hits(self._hits, self._current)
