"""The Ask panel: a question box, the answer streaming in, citation chips, the sources and the question history."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from contract_app.model import Chunk
from contract_app.ui.flow import FlowLayout
from contract_app.ui.operations import Asked, citation_label
from contract_app.ui.rich_text import answer_html, plain_html

SOURCE_PREVIEW = 700
DRAFT_NOTE = "Draft: being checked against the contract…"


def sources_html(sources: tuple[Chunk, ...]) -> str:
    """Each cited clause with its heading path and the definitions and references attached to it."""
    if not sources:
        return '<p style="color:#5f6b7a">No sources.</p>'
    parts = ["<style>p { margin: 0 0 6px 0; } .ctx { color:#3d4956; margin-left: 12px; }</style>"]
    for chunk in sources:
        path = " › ".join(chunk.heading_path) or chunk.section_label
        pages = ", ".join(str(page) for page in chunk.pages)
        text = chunk.text if len(chunk.text) <= SOURCE_PREVIEW else chunk.text[:SOURCE_PREVIEW].rstrip() + "…"
        parts.append(f'<p><b>{escape(path)}</b> <span style="color:#5f6b7a">· p. {pages}</span></p>')
        parts.append(f"<p>{escape(text)}</p>")
        for context in chunk.context:
            what = f"“{context.label}”" if context.kind == "definition" else f"Section {context.label}"
            snippet = context.text if len(context.text) <= 300 else context.text[:300].rstrip() + "…"
            parts.append(f'<p class="ctx"><i>{escape(what)}</i>: {escape(snippet)}</p>')
        parts.append("<hr/>")
    return "".join(parts)


def _titled(title: str, content: QWidget) -> QWidget:
    """A pane of the splitter: a small title above its content."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(title, objectName="panelTitle"))
    layout.addWidget(content)
    return box


def _backend_line(answer: object) -> str:
    backend = str(getattr(answer, "backend", ""))
    if not backend or backend.startswith("offline"):
        return "Answered offline from this contract's text (nothing left this machine)."
    return f"Answered by {backend}."


class AskPanel(QWidget):
    ask_requested = Signal(str)
    stop_requested = Signal()
    citation_clicked = Signal(object)  # Citation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.setSpacing(8)
        row = QHBoxLayout()
        self.question = QLineEdit(placeholderText="Ask about this contract, e.g. “Who may terminate, and how?”")
        self.question.returnPressed.connect(self._submit)
        self.ask_button = QPushButton("Ask", objectName="primary")
        self.ask_button.clicked.connect(self._submit)
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self._discard_draft)
        self.stop_button.clicked.connect(self.stop_requested)
        self.stop_button.hide()
        row.addWidget(self.question, 1)
        row.addWidget(self.ask_button)
        row.addWidget(self.stop_button)
        layout.addLayout(row)

        self.notice = QLabel(objectName="notice", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.notice.hide()
        layout.addWidget(self.notice)

        splitter = QSplitter(Qt.Orientation.Vertical)
        answer_box = QWidget()
        answer_layout = QVBoxLayout(answer_box)
        answer_layout.setContentsMargins(0, 0, 0, 0)
        answer_layout.setSpacing(6)
        self.answer = QTextBrowser()
        self.answer.setPlaceholderText("Answers appear here, each point cited to its clause.")
        self.answer.document().setDocumentMargin(8)
        self.answer.setOpenLinks(False)
        self.answer.anchorClicked.connect(self._on_answer_link)
        answer_layout.addWidget(self.answer, 1)
        self.meta = QLabel(objectName="answerMeta", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        answer_layout.addWidget(self.meta)
        self.chips_box = QWidget()
        self.chips_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.chips = FlowLayout(self.chips_box)
        answer_layout.addWidget(self.chips_box)
        splitter.addWidget(answer_box)

        self.sources = QTextBrowser()
        self.sources.document().setDocumentMargin(8)
        splitter.addWidget(_titled("Sources", self.sources))

        self.history = QListWidget()
        self.history.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.history.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.history.itemClicked.connect(self._on_history)
        splitter.addWidget(_titled("Earlier questions", self.history))
        splitter.setSizes([300, 260, 110])
        layout.addWidget(splitter, 1)
        self._chip_buttons: list[QPushButton] = []
        self._citations: tuple[object, ...] = ()
        self.set_ready(False)

    # -- state -------------------------------------------------------------------------------------------------
    def set_ready(self, ready: bool, why: str = "Open a contract to ask about it.") -> None:
        self.question.setEnabled(ready)
        self.ask_button.setEnabled(ready)
        self.question.setToolTip("" if ready else why)

    def set_busy(self, busy: bool) -> None:
        self.ask_button.setVisible(not busy)
        self.stop_button.setVisible(busy)
        self.question.setReadOnly(busy)

    def show_history(self, history: list[Asked]) -> None:
        self.history.clear()
        for asked in reversed(history):
            item = QListWidgetItem(asked.question)
            item.setData(Qt.ItemDataRole.UserRole, asked)
            self.history.addItem(item)
        if history:
            self.show_asked(history[-1])
        else:
            self.clear_answer()

    def clear_answer(self) -> None:
        self.answer.clear()
        self.meta.clear()
        self.sources.clear()
        self.notice.hide()
        self._set_chips(())

    def begin_answer(self, question: str) -> None:
        self.clear_answer()
        self.answer.setHtml(f'<p style="color:#5f6b7a"><b>Q:</b> {plain_html(question)}</p>')
        self.meta.setText("Looking for the clauses that answer this…")
        self.set_busy(True)

    def append_token(self, text: str) -> None:
        """The model's draft, greyed: it is replaced by the checked answer (or the offline one) when done."""
        self.meta.setText(DRAFT_NOTE)
        cursor = self.answer.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        draft = QTextCharFormat()
        draft.setForeground(QColor("#8a94a3"))
        cursor.insertText(text, draft)

    def _discard_draft(self) -> None:
        """Stopped: an unfinished answer was never checked, so it does not stay on screen."""
        if self.stop_button.isVisible():
            self.answer.setHtml('<p style="color:#5f6b7a">Stopped before the answer was checked.</p>')
            self.meta.clear()

    def show_asked(self, asked: Asked) -> None:
        answer = asked.answer
        self.set_busy(False)
        self._citations = tuple(answer.citations)
        self.answer.setHtml(answer_html(asked.question, str(answer.text), len(self._citations)))
        notices = tuple(getattr(answer, "notices", ()))
        self.notice.setText(" ".join(notices))
        self.notice.setVisible(bool(notices))
        self.meta.setText(_backend_line(answer))
        self._set_chips(tuple(answer.citations))
        self.sources.setHtml(sources_html(asked.sources))

    def add_to_history(self, asked: Asked) -> None:
        item = QListWidgetItem(asked.question)
        item.setData(Qt.ItemDataRole.UserRole, asked)
        self.history.insertItem(0, item)

    # -- chips ---------------------------------------------------------------------------------------------------
    @property
    def chip_buttons(self) -> list[QPushButton]:
        return list(self._chip_buttons)

    def _set_chips(self, citations: tuple[object, ...]) -> None:
        self.chips.clear()
        self._chip_buttons = []
        for citation in citations:
            chip = QPushButton(citation_label(citation), objectName="chip")  # type: ignore[arg-type]
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            quote = (getattr(citation, "quote", None) or "")[:300]
            chip.setToolTip(f"<p>{plain_html(quote)}</p>" if quote else "Show this clause in the document")
            chip.clicked.connect(lambda _=False, c=citation: self.citation_clicked.emit(c))
            self.chips.addWidget(chip)
            self._chip_buttons.append(chip)
        self.chips_box.setVisible(bool(citations))
        self.chips_box.updateGeometry()

    # -- events --------------------------------------------------------------------------------------------------
    def _submit(self) -> None:
        question = self.question.text().strip()
        if question and self.ask_button.isEnabled() and self.ask_button.isVisible():
            self.ask_requested.emit(question)

    def _on_answer_link(self, url: QUrl) -> None:
        scheme, _, value = url.toString().partition(":")
        if scheme == "cite" and value.isdigit() and 0 < int(value) <= len(self._citations):
            self.citation_clicked.emit(self._citations[int(value) - 1])

    def _on_history(self, item: QListWidgetItem) -> None:
        self.show_asked(item.data(Qt.ItemDataRole.UserRole))
