"""Helpers for the window tests: the test contract, a simulated file drop, and waiting for a document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from contract_app.ui.library import DocumentEntry
from contract_app.ui.main_window import MainWindow

# Three pages, one article per page: the governing-law clause (3.2) sits on page 3, and 2.2 cites a Section 9.9 that
# does not exist.
CONTRACT = """^**SERVICES AGREEMENT**

This Services Agreement (this “Agreement”) is made between Acme Corp. (“Client”) and Birch Consulting LLC \
(“Provider”).

**ARTICLE 1**

**DEFINITIONS**

**1.1 Definitions.** “Services” means the consulting services described in this Agreement. “Fees” means the \
amounts payable under Section 3.1.

**1.2 Interpretation.** Headings are for convenience only.
---
**ARTICLE 2**

**SERVICES**

**2.1 Performance.** Provider shall perform the Services with due care and skill.

**2.2 Changes.** Any change to the Services requires a written amendment signed by both parties, subject to \
Section 9.9.
---
**ARTICLE 3**

**PAYMENT AND GOVERNING LAW**

**3.1 Payment.** Client shall pay the Fees within thirty (30) days after receipt of each invoice.

**3.2 Governing Law.** This Agreement shall be governed by and construed in accordance with the laws of the State \
of New York, without regard to its conflict of laws principles.
"""


def drop_files(target: MainWindow, paths: list[Path]) -> None:
    """What the window receives when files are dragged from a file manager and released over it."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    where = QPointF(target.width() / 2, target.height() / 2)
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where.toPoint(), Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(target, QDropEvent(where, Qt.DropAction.CopyAction, mime, buttons, modifiers))


def wait_ready(qtbot, target: MainWindow, path: Path, timeout: int = 120_000) -> DocumentEntry:
    def ready() -> None:
        entry = target.library.find(path=str(path))
        assert entry is not None and entry.state == "ready"

    qtbot.waitUntil(ready, timeout=timeout)
    entry = target.library.find(path=str(path))
    assert entry is not None
    return entry


REDACTED_LINES = (
    "LICENSE AGREEMENT",
    "",
    "ARTICLE 1 TERM",
    "1.1 Term. This Agreement begins on the Effective Date and continues for [***] years.",
    "",
    "ARTICLE 2 TERMINATION",
    "2.1 Notice. Either party may terminate this Agreement upon [***] days' prior written notice to the other party.",
    "2.2 Fees on termination. Licensee shall pay a termination fee of $[***] (the *Fee*) within [*] days.",
)


def write_redacted_contract(path: Path) -> Path:
    """A short licence as SEC filings print it, with the confidential terms replaced by ``[***]``."""
    import pymupdf

    document = pymupdf.open()
    page = document.new_page(width=612, height=792)
    for number, line in enumerate(REDACTED_LINES):
        page.insert_text((72, 100 + 16 * number), line, fontname="tiro", fontsize=10)
    document.save(path)
    document.close()
    return path


def distinct_copy(source: Path, target: Path) -> Path:
    """The same contract as another document: other bytes (a metadata title), so another identity in the index."""
    import pymupdf

    target.parent.mkdir(parents=True, exist_ok=True)
    with pymupdf.open(source) as document:
        document.set_metadata({"title": f"copy saved as {target.name}"})
        document.save(target)
    return target
