"""A one-line label that shortens its text to fit, in the middle (keeping the start of a name and its ".pdf").

Long SEC file names otherwise set a label's minimum width and push whatever stands beside it out of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy

MINIMUM_WIDTH = 40


class ElidedLabel(QLabel):
    """``natural=True``: it asks for its whole text's width (a layout gives it what is free, down to 40 px); else
    for 40 px only, as a toolbar needs (it folds away whatever its items' preferred widths do not leave room for)."""

    def __init__(self, text: str = "", natural: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._full = ""
        self._natural = natural
        self.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        self.setMinimumWidth(MINIMUM_WIDTH)
        horizontal = QSizePolicy.Policy.Preferred if natural else QSizePolicy.Policy.Ignored
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()
        self.updateGeometry()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self) -> QSize:
        margins = self.contentsMargins().left() + self.contentsMargins().right() + 2 * self.margin()
        width = self.fontMetrics().horizontalAdvance(self._full) + margins + 2 if self._natural else MINIMUM_WIDTH
        return QSize(max(width, MINIMUM_WIDTH), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(MINIMUM_WIDTH, super().sizeHint().height())

    def _elide(self) -> None:
        width = max(self.width() - self.contentsMargins().left() - self.contentsMargins().right(), MINIMUM_WIDTH)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))
