"""The library sidebar: every document the lawyer opened or indexed, with where it stands.

Contracts of a matter are listed under the matter's heading (a click folds it); the others stay as they are, below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QFont
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


MATTER_ROLE = Qt.ItemDataRole.UserRole + 1  # a matter heading's item holds its ``MatterGroup`` here


@dataclass
class MatterGroup:
    """A matter's heading in the library: which documents it holds and what is happening to it."""

    name: str
    doc_ids: tuple[str, ...] = ()
    status: str = ""
    folded: bool = False

    def heading(self, shown: int) -> str:
        count = f" · {shown} contract{'' if shown == 1 else 's'}" if shown else ""  # none yet: it is being filled
        line = f"{'▸' if self.folded else '▾'} {self.name}{count}"
        return f"{line}\n{self.status}" if self.status else line


class LibraryPanel(QWidget):
    """Lists ``DocumentEntry`` objects; the window owns them and calls ``refresh`` after changing one."""

    selected = Signal(object)  # DocumentEntry
    remove_requested = Signal(object)  # DocumentEntry
    matter_selected = Signal(str)  # a matter's heading was clicked

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
        self.list.itemClicked.connect(self._clicked)
        layout.addWidget(self.list)
        self._items: dict[int, tuple[QListWidgetItem, _EntryWidget]] = {}
        self._groups: dict[str, MatterGroup] = {}
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
        items = (self.list.item(row) for row in range(self.list.count()))
        return [entry for item in items if isinstance(entry := item.data(Qt.ItemDataRole.UserRole), DocumentEntry)]

    def find(self, *, path: str | None = None, doc_id: str | None = None) -> DocumentEntry | None:
        for entry in self.entries():
            if (doc_id and entry.doc_id == doc_id) or (path and Path(entry.path) == Path(path)):
                return entry
        return None

    def add(self, entry: DocumentEntry, select: bool = False) -> None:
        if self.matter_of(entry) is not None:
            self._arrange([*self.entries(), entry])
        else:
            self._append(entry)
        if select:
            self.select(entry)

    def _append(self, entry: DocumentEntry, hidden: bool = False) -> None:
        item = QListWidgetItem()
        item.setData(Qt.ItemDataRole.UserRole, entry)
        widget = _EntryWidget(entry)
        self.list.addItem(item)
        self.list.setItemWidget(item, widget)
        self._fit(item, widget)
        item.setHidden(hidden)
        self._items[id(entry)] = (item, widget)

    # -- matters ---------------------------------------------------------------------------------------------------
    def set_matter(self, name: str, doc_ids: tuple[str, ...] | None = None, status: str | None = None) -> None:
        """Show the matter's heading, with these documents under it (those listed already; one in several matters
        shows under the first by name) and a line saying what is happening to it."""
        group = self._groups.setdefault(name, MatterGroup(name))
        if status is not None:
            group.status = status
        if doc_ids is not None and doc_ids != group.doc_ids:
            group.doc_ids = doc_ids
            self._arrange(self.entries())
        elif self._heading(name) is None:
            self._arrange(self.entries())
        else:
            self._show_heading(name)

    def matters(self) -> list[str]:
        return sorted(self._groups, key=str.casefold)

    def group(self, name: str) -> MatterGroup:
        return self._groups[name]

    def members(self, name: str) -> list[DocumentEntry]:
        """The documents listed under the matter's heading, in the order shown."""
        return [entry for entry in self.entries() if self.matter_of(entry) == name]

    def heading_text(self, name: str) -> str:
        item = self._heading(name)
        return item.text() if item is not None else ""

    def fold(self, name: str, folded: bool) -> None:
        self._groups[name].folded = folded
        for entry in self.members(name):
            self._items[id(entry)][0].setHidden(folded)
        self._show_heading(name)

    def matter_of(self, entry: DocumentEntry) -> str | None:
        """The matter the document is listed under (None: it is listed on its own)."""
        if not entry.doc_id:
            return None
        return next((name for name in self.matters() if entry.doc_id in self._groups[name].doc_ids), None)

    def _heading(self, name: str) -> QListWidgetItem | None:
        for row in range(self.list.count()):
            group = self.list.item(row).data(MATTER_ROLE)
            if group is not None and group.name == name:
                return self.list.item(row)
        return None

    def _show_heading(self, name: str) -> None:
        item = self._heading(name)
        if item is not None:
            group = self._groups[name]
            item.setText(group.heading(len(self.members(name))))
            item.setToolTip(f"{group.status}\n\nClick to fold or unfold the matter and show its review grid.".strip())

    def _arrange(self, entries: list[DocumentEntry]) -> None:
        """List again: each matter's heading with its documents, then the documents of no matter as they were."""
        current = self.current()
        self.list.blockSignals(True)
        self._items.clear()
        self.list.clear()
        loose = [entry for entry in entries if self.matter_of(entry) is None]
        for name in self.matters():
            group = self._groups[name]
            members = [entry for entry in entries if self.matter_of(entry) == name]
            heading = QListWidgetItem()  # its text: ``_show_heading`` below
            heading.setData(MATTER_ROLE, group)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # not selectable: the document on screen stays current
            font = QFont(heading.font())
            font.setBold(True)
            heading.setFont(font)
            self.list.addItem(heading)
            for entry in members:
                self._append(entry, hidden=group.folded)
        for entry in loose:
            self._append(entry)
        for name in self.matters():
            self._show_heading(name)
        if current is not None and id(current) in self._items:
            self.list.setCurrentItem(self._items[id(current)][0])
        self.list.blockSignals(False)

    def _clicked(self, item: QListWidgetItem) -> None:
        group = item.data(MATTER_ROLE)
        if group is not None:
            self.fold(group.name, not group.folded)
            self.matter_selected.emit(group.name)

    def refresh(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            item, widget = self._items[id(entry)]
            widget.show_entry(entry)
            self._fit(item, widget)

    def remove(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            item, _widget = self._items.pop(id(entry))
            self.list.takeItem(self.list.row(item))
            matter = self.matter_of(entry)
            if matter is not None:
                self._show_heading(matter)

    def select(self, entry: DocumentEntry) -> None:
        if id(entry) in self._items:
            item = self._items[id(entry)][0]
            if item.isHidden():  # in a folded matter: unfold it
                self.fold(self.matter_of(entry) or "", False)
            self.list.setCurrentItem(item)

    def current(self) -> DocumentEntry | None:
        item = self.list.currentItem()
        entry = item.data(Qt.ItemDataRole.UserRole) if item else None
        return entry if isinstance(entry, DocumentEntry) else None

    def _context_menu(self, where: QPoint) -> None:
        item = self.list.itemAt(where)
        if item is None or item.data(MATTER_ROLE) is not None:
            return
        entry = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        remove = menu.addAction("Remove from library")
        remove.setEnabled(entry.state not in ("parsing", "indexing"))
        if menu.exec(self.list.viewport().mapToGlobal(where)) is remove:
            self.remove_requested.emit(entry)

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(entry, DocumentEntry):
            self.selected.emit(entry)
