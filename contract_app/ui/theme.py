"""A restrained look: Fusion with a light neutral palette, one blue accent and a small style sheet."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2456a6"
INK = "#1f2933"
MUTED = "#5f6b7a"
LINE = "#d9dde3"
PANEL = "#f6f7f9"

STYLE_SHEET = f"""
QMainWindow, QDialog {{ background: {PANEL}; }}
QSplitter::handle {{ background: {LINE}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}
QLabel#panelTitle {{ color: {MUTED}; font-size: 8.5pt; font-weight: 600; letter-spacing: 1px;
    padding: 10px 12px 6px 12px; text-transform: uppercase; }}
QListWidget#library {{ border: none; background: {PANEL}; outline: 0; }}
QListWidget#library::item {{ border-bottom: 1px solid {LINE}; }}
QListWidget#library::item:selected {{ background: #e3ebf8; }}
QLabel#docName {{ color: {INK}; font-weight: 600; }}
QLabel#docState {{ color: {MUTED}; font-size: 8.5pt; }}
QLabel#docState[state="error"] {{ color: #b3261e; }}
QLabel#docState[state="ready"] {{ color: #1e7d4f; }}
QLabel#docState[state="warning"] {{ color: #9a5b00; font-weight: 600; }}
QLabel#docWarning {{ background: #fff1d6; color: #7a4b00; border-bottom: 1px solid #f1d9a6; padding: 6px 10px; }}
QTabWidget::pane {{ border: none; border-top: 1px solid {LINE}; background: white; }}
QTabBar::tab {{ padding: 7px 14px; color: {MUTED}; border: none; background: transparent; }}
QTabBar::tab:selected {{ color: {INK}; border-bottom: 2px solid {ACCENT}; font-weight: 600; }}
QTreeWidget, QTextBrowser, QTableWidget {{ border: none; background: white; }}
QTreeWidget::item {{ padding: 3px 0; }}
QHeaderView::section {{ background: white; border: none; border-bottom: 1px solid {LINE}; padding: 5px 8px;
    color: {MUTED}; font-size: 8.5pt; font-weight: 600; }}
QTreeWidget::item:selected {{ background: #e3ebf8; color: {INK}; }}
QLineEdit {{ border: 1px solid {LINE}; border-radius: 6px; padding: 7px 9px; background: white;
    selection-background-color: {ACCENT}; }}
QLineEdit:focus {{ border: 1px solid {ACCENT}; }}
QPushButton {{ border: 1px solid {LINE}; border-radius: 6px; padding: 6px 14px; background: white; color: {INK}; }}
QPushButton:hover {{ border-color: #b8c1cc; background: #fbfbfc; }}
QPushButton:disabled {{ color: #a0a8b3; }}
QPushButton#primary {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; font-weight: 600; }}
QPushButton#primary:hover {{ background: #1d4a91; }}
QPushButton#primary:disabled {{ background: #9fb3d6; border-color: #9fb3d6; }}
QPushButton#chip {{ border: 1px solid #c9d6ee; border-radius: 11px; padding: 3px 10px; background: #eef3fb;
    color: {ACCENT}; font-weight: 600; }}
QPushButton#chip:hover {{ background: #dde8f8; }}
QToolBar {{ border: none; border-bottom: 1px solid {LINE}; background: white; spacing: 4px; padding: 3px 6px; }}
QToolButton {{ border: none; border-radius: 5px; padding: 4px 8px; color: {INK}; }}
QToolButton:hover {{ background: #eef0f3; }}
QToolButton:disabled {{ color: #a0a8b3; }}
QStatusBar {{ background: white; border-top: 1px solid {LINE}; color: {MUTED}; }}
QStatusBar::item {{ border: none; }}
QLabel#privacyBadge {{ border-radius: 10px; padding: 2px 10px; margin: 2px 6px; font-weight: 600; }}
QLabel#privacyBadge[leaves="no"] {{ background: #e3f4ea; color: #1e6b45; }}
QLabel#privacyBadge[leaves="yes"] {{ background: #fff1d6; color: #8a5200; }}
QFrame#emptyState {{ background: #eef0f3; }}
QFrame#dropCard {{ background: white; border: 2px dashed #b8c3d3; border-radius: 14px; }}
QFrame#dropCard[hover="yes"] {{ border-color: {ACCENT}; background: #f3f7fd; }}
QLabel#dropHint {{ background: rgba(243, 247, 253, 230); border: 2px dashed {ACCENT}; border-radius: 14px;
    color: {ACCENT}; font-size: 14pt; font-weight: 600; }}
QLabel#emptyTitle {{ color: {INK}; font-size: 15pt; font-weight: 600; }}
QLabel#emptyHint {{ color: {MUTED}; }}
QLabel#notice {{ background: #fff6e0; color: #7a4b00; border: 1px solid #f1d9a6; border-radius: 6px;
    padding: 6px 9px; }}
QLabel#answerMeta {{ color: {MUTED}; font-size: 8.5pt; }}
QProgressBar {{ border: none; background: #e6e9ee; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {ACCENT}; border-radius: 3px; }}
"""


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(PANEL))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.Text, QColor(INK))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(INK))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(10)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
