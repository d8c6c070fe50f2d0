"""Dropping files on the window runs the real pipeline; bad files end in a plain dialog, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from ui_support import distinct_copy, drop_files, wait_ready

from contract_app.errors import NotAPdfError
from contract_app.parsing import parse_pdf
from contract_app.ui.main_window import MainWindow
from contract_app.ui.outline import section_caption

pytestmark = pytest.mark.gui


def _tree_labels(window) -> list[str]:
    labels: list[str] = []

    def walk(item) -> None:
        labels.append(item.text(0))
        for index in range(item.childCount()):
            walk(item.child(index))

    for index in range(window.outline.tree.topLevelItemCount()):
        walk(window.outline.tree.topLevelItem(index))
    return labels


def test_dropping_a_pdf_shows_it_and_ingests_it_into_the_library(qtbot, window, contract_pdf: Path) -> None:
    drop_files(window, [contract_pdf])

    assert window.viewer.path == contract_pdf.resolve()  # shown straight from the file, before indexing
    assert window.viewer.page_count == 3
    entry = wait_ready(qtbot, window, contract_pdf)
    assert entry.doc_id and len(entry.doc_id) == 64
    assert window.library.current() is entry
    labels = _tree_labels(window)
    assert [label.removesuffix("  ⚠") for label in labels] == [
        section_caption(section) for section in entry.structure.sections
    ]  # the mark: a dangling reference stands in that section (test_ui_outline)
    assert any(label.startswith("3.2") for label in labels)
    assert window.ask_panel.ask_button.isEnabled()


def test_dropping_two_pdfs_lists_both_and_indexes_both(qtbot, window, contract_pdf: Path, tmp_path: Path) -> None:
    second = distinct_copy(contract_pdf, tmp_path / "copy" / "second_agreement.pdf")
    drop_files(window, [contract_pdf, second])

    assert [entry.name for entry in window.library.entries()] == ["services_agreement.pdf", "second_agreement.pdf"]
    first, other = wait_ready(qtbot, window, contract_pdf), wait_ready(qtbot, window, second)
    assert first.doc_id != other.doc_id
    assert window.library.current() is first


def test_dropping_a_file_that_is_not_a_pdf_shows_one_plain_error(qtbot, window, dialogs_seen, tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("Meeting notes, not a contract.", encoding="utf-8")
    drop_files(window, [notes])

    qtbot.waitUntil(lambda: window.library.find(path=str(notes)).state == "error", timeout=60_000)
    with pytest.raises(NotAPdfError) as raised:
        parse_pdf(notes)
    assert dialogs_seen["error"] == [str(raised.value)]  # exactly the core's sentence, once, no traceback
    assert str(raised.value).startswith("notes.pdf is not a PDF file")
    assert window.viewer.page_count == 0


def test_an_encrypted_pdf_asks_for_its_password_and_then_opens(qtbot, window, dialogs_seen, tmp_path: Path) -> None:
    from pdfgen import write_encrypted_pdf

    locked = write_encrypted_pdf(tmp_path / "locked.pdf", [["**1.1 Term.** This Agreement lasts two years."]])
    dialogs_seen["password_answers"].append("secret")
    drop_files(window, [locked])

    entry = wait_ready(qtbot, window, locked)
    assert len(dialogs_seen["password"]) == 1
    assert "locked.pdf" in dialogs_seen["password"][0]
    assert entry.password == "secret"
    assert window.viewer.page_count == 1  # the viewer opened it with the same password
    assert dialogs_seen["error"] == []


def test_an_encrypted_pdf_from_the_library_asks_for_its_password_again_in_a_new_session(
    qtbot, window, dialogs_seen, tmp_path: Path
) -> None:
    from pdfgen import write_encrypted_pdf

    locked = write_encrypted_pdf(tmp_path / "locked.pdf", [["**1.1 Term.** This Agreement lasts two years."]])
    dialogs_seen["password_answers"].append("secret")
    drop_files(window, [locked])
    indexed = wait_ready(qtbot, window, locked)
    window.close()

    dialogs_seen["password_answers"].append("secret")
    later = MainWindow()  # passwords are never stored: the new session, reopening it, asks once more
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: later.library.find(doc_id=indexed.doc_id) is not None, timeout=60_000)
    stored = later.library.find(doc_id=indexed.doc_id)
    qtbot.waitUntil(lambda: stored.state == "ready", timeout=60_000)
    assert len(dialogs_seen["password"]) == 2 and "locked.pdf" in dialogs_seen["password"][1]
    assert [section.label for section in stored.structure.sections] == ["1.1"]
    assert later.viewer.page_count == 1
    assert dialogs_seen["error"] == []
    later.runner.wait(30_000)
    later.close()


def test_a_partly_readable_damaged_pdf_opens_with_a_warning(
    qtbot, window, dialogs_seen, sample_pdf: Path, tmp_path: Path
) -> None:
    from contract_app.parsing.pdf import REPAIRED_WARNING

    partial = tmp_path / "partial.pdf"
    partial.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size * 9 // 10])  # a download cut short
    drop_files(window, [partial])

    wait_ready(qtbot, window, partial)
    assert dialogs_seen["notice"] == [f"partial.pdf: {REPAIRED_WARNING}"]
    assert dialogs_seen["error"] == []


def test_a_pdf_too_damaged_to_read_shows_one_sentence_and_a_plain_placeholder(
    qtbot, window, dialogs_seen, sample_pdf: Path, tmp_path: Path
) -> None:
    stub = tmp_path / "stub.pdf"
    stub.write_bytes(sample_pdf.read_bytes()[: sample_pdf.stat().st_size // 10])  # most of it never arrived
    drop_files(window, [stub])

    qtbot.waitUntil(lambda: window.library.find(path=str(stub)).state == "error", timeout=60_000)
    assert dialogs_seen["error"] == ["stub.pdf is damaged and cannot be read."]
    assert window.viewer.page_count == 0
    assert window.viewer_area.empty.title.text() == "This file could not be read"
    assert window.status_message.full_text() == "stub.pdf is damaged and cannot be read."


def test_cancel_stops_an_ingest_without_an_error_dialog(qtbot, window, dialogs_seen, tmp_path: Path) -> None:
    from pdfgen import write_long_contract

    contract = write_long_contract(tmp_path / "long_contract.pdf", pages=30)
    drop_files(window, [contract])
    qtbot.waitUntil(lambda: window.task_indicator.cancel.isVisible(), timeout=10_000)
    qtbot.mouseClick(window.task_indicator.cancel, Qt.MouseButton.LeftButton)

    entry = window.library.find(path=str(contract))
    qtbot.waitUntil(lambda: entry.state == "cancelled", timeout=60_000)
    assert dialogs_seen["error"] == []
    assert not window.runner.busy
    assert window.viewer.page_count >= 30  # still shown, straight from the file
    assert not window.task_indicator.isVisible()
    assert window.status_message.full_text() == "Stopped reading long_contract.pdf: drop or open it again to read it."


def test_a_new_window_lists_documents_already_in_the_store_and_opens_them(
    qtbot, window, contract_pdf: Path, tmp_path: Path, model_dir: Path
) -> None:
    other = distinct_copy(contract_pdf, tmp_path / "other" / "services_agreement_signed.pdf")
    drop_files(window, [contract_pdf, other])
    indexed, last = wait_ready(qtbot, window, contract_pdf), wait_ready(qtbot, window, other)
    window.library.select(last)  # the one on screen when the window closes is reopened
    window.close()

    later = MainWindow()  # a fresh session on the same store, loading the library as at start-up
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: later.library.find(doc_id=indexed.doc_id) is not None, timeout=60_000)
    stored = later.library.find(doc_id=indexed.doc_id)
    assert stored.state == "stored"
    qtbot.waitUntil(lambda: later.library.find(doc_id=last.doc_id).state == "ready", timeout=60_000)
    later.library.select(stored)
    qtbot.waitUntil(lambda: stored.state == "ready", timeout=60_000)
    assert later.outline.structure is stored.structure
    assert later.viewer.path == contract_pdf.resolve()
    later.runner.wait(30_000)
    later.close()  # and with it the index's child process


def test_a_contract_moved_to_another_folder_is_listed_once_when_opened_from_there(
    qtbot, window, contract_pdf: Path, tmp_path: Path
) -> None:
    drop_files(window, [contract_pdf])
    indexed = wait_ready(qtbot, window, contract_pdf)
    window.close()
    moved = tmp_path / "signed" / "services_agreement.pdf"
    moved.parent.mkdir()
    contract_pdf.rename(moved)

    later = MainWindow()  # the store still lists it under the folder it was indexed from
    qtbot.addWidget(later)
    later.show()
    qtbot.waitUntil(lambda: later.library.find(doc_id=indexed.doc_id) is not None, timeout=60_000)
    assert [entry.state for entry in later.library.entries()] == ["stored"]
    drop_files(later, [moved])
    reopened = wait_ready(qtbot, later, moved)
    assert later.library.entries() == [reopened]
    assert reopened.doc_id == indexed.doc_id
    later.runner.wait(30_000)
    later.close()


def test_removing_a_document_takes_it_out_of_the_library_and_the_store(qtbot, window, contract_pdf: Path) -> None:
    drop_files(window, [contract_pdf])
    entry = wait_ready(qtbot, window, contract_pdf)
    window.remove_entry(entry)

    qtbot.waitUntil(lambda: window.library.entries() == [], timeout=30_000)
    assert window.viewer.page_count == 0
    assert window.outline.structure is None
    assert contract_pdf.exists()  # the lawyer's file is never touched
    assert entry.doc_id not in {record.doc_id for record in window.session.retriever().documents()}


def test_dragging_a_file_over_an_open_document_shows_where_it_will_go(qtbot, window, contract_pdf: Path) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent
    from PySide6.QtWidgets import QApplication

    drop_files(window, [contract_pdf])
    assert not window.viewer_area.drop_hint.isVisible()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(contract_pdf))])
    enter = QDragEnterEvent(
        QPoint(400, 300), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert window.viewer_area.drop_hint.isVisible()
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not window.viewer_area.drop_hint.isVisible()
    wait_ready(qtbot, window, contract_pdf)
