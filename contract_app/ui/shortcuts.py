"""The keyboard map: every menu action is created here with its shortcut, so the menus show each one and
Help > Keyboard shortcuts lists them all from the same place (nothing to keep in sync by hand).

Keys that mean something inside a text box (Home, End, Ctrl+C) are bound to the viewer only
(``viewer_only``): in the question box they still move the cursor and copy its text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

Keys = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class Binding:
    menu: str
    action: QAction

    @property
    def name(self) -> str:
        return self.action.text().replace("&", "").rstrip("…")

    @property
    def keys(self) -> str:
        return ", ".join(seq.toString(QKeySequence.SequenceFormat.NativeText) for seq in self.action.shortcuts())


class KeyboardMap:
    def __init__(self, window: QWidget) -> None:
        self._window = window
        self.bindings: list[Binding] = []

    def add(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        keys: Keys | Sequence[Keys],
        *,
        viewer_only: QWidget | None = None,
    ) -> QAction:
        """A menu action with its shortcut(s); with ``viewer_only`` the keys work while that widget has focus."""
        action = QAction(text, self._window)
        action.triggered.connect(lambda _checked=False: slot())
        sequences = [QKeySequence(key) for key in (keys if isinstance(keys, (list, tuple)) else [keys])]
        action.setShortcuts(sequences)
        if viewer_only is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            viewer_only.addAction(action)
        else:
            self._window.addAction(action)  # works while the menu bar is hidden or another window has the menus
        menu.addAction(action)
        self.bindings.append(Binding(menu.title().replace("&", ""), action))
        return action


class KeyboardMapDialog(QDialog):
    """Help > Keyboard shortcuts: every action, by menu, with its keys."""

    def __init__(self, keyboard_map: KeyboardMap, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(520, 640)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(keyboard_map.bindings), 3)
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        for row, binding in enumerate(keyboard_map.bindings):
            for column, text in enumerate((binding.menu, binding.name, binding.keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.table)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.table.item(row, column).text() for column in range(3))  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]
