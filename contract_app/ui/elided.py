"""A one-line label that shortens its text to fit, in the middle (keeping the start of a name and its ".pdf").

Long SEC file names otherwise set a label's minimum width and push whatever stands beside it out of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy


class ElidedLabel(QLabel):
    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        self.setMinimumWidth(40)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def sizeHint(self) -> QSize:
        return QSize(40, super().sizeHint().height())  # any width will do: the text is shortened to fit

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def _elide(self) -> None:
        width = max(self.width() - self.contentsMargins().left() - self.contentsMargins().right(), 40)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideMiddle, width))
