"""What the viewer area shows before any contract is open: a friendly drop target."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget


def document_glyph(size: int = 72, color: str = "#2456a6") -> QPixmap:
    """A page with a folded corner and a down arrow, drawn rather than shipped (no icon files to keep in sync)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), size / 24)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    s = size / 24
    page = QPainterPath()
    page.moveTo(5 * s, 2 * s)
    page.lineTo(14 * s, 2 * s)
    page.lineTo(19 * s, 7 * s)
    page.lineTo(19 * s, 22 * s)
    page.lineTo(5 * s, 22 * s)
    page.closeSubpath()
    painter.fillPath(page, QColor("#eef3fb"))
    painter.drawPath(page)
    painter.drawPolyline([QPointF(14 * s, 2 * s), QPointF(14 * s, 7 * s), QPointF(19 * s, 7 * s)])
    painter.drawLine(QPointF(12 * s, 10 * s), QPointF(12 * s, 18 * s))
    painter.drawPolyline([QPointF(9 * s, 15 * s), QPointF(12 * s, 18 * s), QPointF(15 * s, 15 * s)])
    painter.end()
    return pixmap


class EmptyState(QFrame):
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card = QFrame(objectName="dropCard")
        self.card.setFixedSize(440, 300)
        layout = QVBoxLayout(self.card)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(document_glyph())
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel("Drop a contract PDF here", objectName="emptyTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel("or open one from your computer. You can drop several at once.", objectName="emptyHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        button = QPushButton("Open PDF…", objectName="primary")
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.clicked.connect(self.open_requested)
        layout.addWidget(icon)
        layout.addWidget(self.title)
        layout.addWidget(hint)
        layout.addSpacing(6)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(self.card)

    def set_hover(self, hover: bool) -> None:
        self.card.setProperty("hover", "yes" if hover else "no")
        self.card.style().unpolish(self.card)
        self.card.style().polish(self.card)

    def set_message(self, title: str) -> None:
        self.title.setText(title)
