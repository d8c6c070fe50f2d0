"""The library sidebar: every document the lawyer opened or indexed, with where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from contract_app.model import ContractStructure
from contract_app.ui.elided import ElidedLabel

DocState = Literal["parsing", "indexing", "ready", "error", "cancelled", "stored"]

STATE_TEXT = {
    "parsing": "Parsing…",
    "indexing": "Indexing…",
    "ready": "Ready",
    "error": "Could not be read",
    "cancelled": "Cancelled — drop it again to retry",
    "stored": "Indexed — click to open",
}


@dataclass
class DocumentEntry:
    """What the window knows about one document; ``key`` is the path until the content hash is known."""

    key: str
    path: str
    name: str
    state: DocState = "parsing"
    doc_id: str | None = None
    pages: int = 0
    progress: float = 0.0
    detail: str = ""
    password: str | None = None
    structure: ContractStructure | None = None
    history: list[object] = field(default_factory=list)  # operations.Asked, oldest first
    history_loaded: bool = False  # the questions of earlier sessions have been read back
    text_layer: object | None = None  # text_layer.TextLayer over ``structure``, built when first shown
    summary: object | None = None
    clause_report: object | None = None
    status: str = ""  # the status bar's last message about this document (shown again when it is selected)

    @property
    def warnings(self) -> tuple[str, ...]:
        """What the parser said about the file (repaired, scans skipped, OCR): it stays shown as long as the file."""
        return self.structure.document.warnings if self.structure is not None else ()


class _EntryWidget(QWidget):
    def __init__(self, entry: DocumentEntry) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(3)
        self.name = ElidedLabel(objectName="docName")
        self.state = QLabel(objectName="docState", textFormat=Qt.TextFormat.PlainText, wordWrap=True)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 1000)
        self.bar.setFixedHeight(4)
        layout.addWidget(self.name)
        layout.addWidget(self.state)
        layout.addWidget(self.bar)
        self.show_entry(entry)

    def show_entry(self, entry: DocumentEntry) -> None:
        self.name.setText(entry.name)
        self.name.setToolTip(entry.path)
        text, look = STATE_TEXT[entry.state], entry.state
        if entry.state in ("parsing", "indexing"):
            text = f"{text} {round(entry.progress * 100)}%"
        elif entry.state == "ready" and entry.pages:
            text = f"Ready · {entry.pages} page{'' if entry.pages == 1 else 's'}"
        if entry.state == "ready" and entry.warnings:
            text, look = f"{text} · text may be incomplete", "warning"
        self.state.setText(text)
        self.state.setToolTip("\n\n".join(entry.warnings) or entry.detail)
        self.state.setProperty("state", look)
        self.state.style().unpolish(self.state)
        self.state.style().polish(self.state)
        busy = entry.state in ("parsing", "indexing")
        self.bar.setVisible(busy)
        self.bar.setValue(round(entry.progress * 1000))


class LibraryPanel(QWidget):
    """Lists ``DocumentEntry`` objects; the window owns them and calls ``refresh`` after changing one."""

    selected = Signal(object)  # DocumentEntry
    remove_requested = Signal(object)  # DocumentEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(QLabel("Library", objectName="panelTitle"))
        self.list = QListWidget(objectName="library")
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._on_current)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.list)
        self._items: dict[int, tuple[QListWidgetItem, _EntryWidget]] = {}
        self.list.viewport().installEventFilter(self)  # a wider or narrower sidebar re-wraps every state

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list.viewport() and event.type() == QEvent.Type.Resize:
            for item, widget in self._items.values():
                self._fit(item, widget)
        return super().eventFilter(watched, event)

    def _fit(self, item: QListWidgetItem, widget: _EntryWidget) -> None:
        """The row as tall as its state needs at the sidebar's width: a wrapped state gets its second line, a short
        one no blank line (a wrapping label's own size hint guesses its width, and so its height)."""
        width = self.list.viewport().width()
        height = widget.heightForWidth(width)
        item.setSizeHint(QSize(width, height if height > 0 else widget.sizeHint().height()))

    def entries(self) -> list[DocumentEntry]:
        return [self.list.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.list.count())]

    def find(self, *, path: str | None = None, doc_id: str | None = None) -> DocumentEntry | None:
        for entry in self.entries():
            if (doc_id and entry.doc_id == doc_id) or (path and Path(entry.path) == Path(path)):
                return entry
        return None

    def add(self, entry: DocumentEntry, select: bool = False) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, entry)
        widget = _EntryWidget(entry)
        self.list.addItem(item)
        self.list.setItemWidget(item, widget)
        self._fit(item, widget)
        self._items[id(entry)] = (item, widget)
        if select:
            self.list.setCurrentItem(item)

    def refresh(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            item, widget = self._items[id(entry)]
            widget.show_entry(entry)
            self._fit(item, widget)

    def remove(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            item, _widget = self._items.pop(id(entry))
            self.list.takeItem(self.list.row(item))

    def select(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            self.list.setCurrentItem(self._items[id(entry)][0])

    def current(self) -> DocumentEntry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _context_menu(self, where: QPoint) -> None:
        item = self.list.itemAt(where)
        if item is None:
            return
        entry = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        remove = menu.addAction("Remove from library")
        remove.setEnabled(entry.state not in ("parsing", "indexing"))
        if menu.exec(self.list.viewport().mapToGlobal(where)) is remove:
            self.remove_requested.emit(entry)

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.selected.emit(item.data(Qt.ItemDataRole.UserRole))
