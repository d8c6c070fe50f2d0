"""Matters in the window: a folder dropped on it becomes a matter whose contracts the library groups; the grid tab
fills in the background and a click on a cell opens its contract at the clause, highlighted; a cancelled folder
keeps what it finished and resumes from there."""

from __future__ import annotations

from pathlib import Path

import pytest
from matter_support import Terms, write_matter_folder
from PySide6.QtCore import Qt
from ui_support import drop_files
from window_thread import WindowThreadWork

from contract_app.ui.main_window import MainWindow
from contract_app.ui.matter_flow import RESUME_HINT
from contract_app.ui.runner import Task

pytestmark = pytest.mark.gui

LONGEST_CORE_CALL_MS = 50  # as in test_ui_responsive: the window's thread only serves the window


def progress_messages(window: MainWindow) -> list[str]:
    """Every progress report of the operations started from now on (the window shows the latest of each turn)."""
    messages: list[str] = []
    window.runner.started.connect(
        lambda task: task.signals.reported.connect(lambda _fraction, message: messages.append(message))
    )
    return messages


def add_folder(qtbot, window: MainWindow, folder: Path) -> object:
    """Drop the folder on the window and wait until its contracts are in the matter (``AddedFiles``)."""
    with qtbot.waitSignal(window.matters.folder_added, timeout=300_000) as added:
        drop_files(window, [folder])
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    return added.args[0]


def test_dropping_a_folder_creates_a_matter_named_after_it_and_indexes_its_contracts(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    pdfs = write_matter_folder(tmp_path / "Falcon", 3)
    messages = progress_messages(window)

    added = add_folder(qtbot, window, tmp_path / "Falcon")

    assert dialogs_seen["matter_name"] == ["Falcon"]
    assert added.matter.name == "Falcon"
    assert [c.file_name for c in added.matter.contracts] == [pdf.name for pdf in pdfs]
    assert [result.skipped for result in added.indexed] == [False, False, False]
    steps = [message.split(" — ")[0] for message in messages if message.startswith("Indexing")]
    assert list(dict.fromkeys(steps)) == [f"Indexing {n} / 3: {pdf.name}" for n, pdf in enumerate(pdfs, 1)]
    assert window.library.matters() == ["Falcon"]
    assert [entry.name for entry in window.library.members("Falcon")] == [pdf.name for pdf in pdfs]
    assert [entry.doc_id for entry in window.library.members("Falcon")] == [c.doc_id for c in added.matter.contracts]
    assert window.library.heading_text("Falcon") == "▾ Falcon · 3 contracts\n3 indexed"
    assert window.grid_panel.matter_box.currentText() == "Falcon"
    assert dialogs_seen["error"] == []


def test_a_folder_given_an_existing_matters_name_adds_its_contracts_to_that_matter(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    first = write_matter_folder(tmp_path / "Falcon", 2)
    later = write_matter_folder(tmp_path / "Falcon second batch", 1, first=2)
    add_folder(qtbot, window, tmp_path / "Falcon")
    dialogs_seen["matter_name_answers"].append("Falcon")

    added = add_folder(qtbot, window, tmp_path / "Falcon second batch")

    assert dialogs_seen["matter_name"] == ["Falcon", "Falcon second batch"]
    assert [c.file_name for c in added.matter.contracts] == [pdf.name for pdf in first + later]
    assert window.library.matters() == ["Falcon"]
    assert [entry.name for entry in window.library.members("Falcon")] == [pdf.name for pdf in first + later]


def test_a_matters_heading_folds_its_contracts_and_contracts_of_no_matter_stay_listed_below(
    qtbot, window: MainWindow, tmp_path: Path
) -> None:
    pdfs = write_matter_folder(tmp_path / "Falcon", 2)
    loose = write_matter_folder(tmp_path / "elsewhere", 1, first=5)[0]
    add_folder(qtbot, window, tmp_path / "Falcon")
    drop_files(window, [loose])
    qtbot.waitUntil(lambda: (entry := window.library.find(path=str(loose))) is not None and entry.state == "ready")

    heading = window.library.list.item(0)
    assert heading.text() == "▾ Falcon · 2 contracts\n2 indexed"
    assert [entry.name for entry in window.library.entries()] == [pdf.name for pdf in pdfs] + [loose.name]
    window.library.list.itemClicked.emit(heading)
    assert heading.text().startswith("▸ Falcon · 2 contracts")
    assert [window.library.list.item(row).isHidden() for row in range(window.library.list.count())] == [
        False,
        True,
        True,
        False,
    ]
    assert window.tabs.currentWidget() is window.grid_panel
    assert window.library.current().path == str(loose)  # the contract on screen stays the one on screen


def test_clicking_a_grid_cell_opens_the_contract_at_the_cited_clause_highlighted(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    pdfs = write_matter_folder(tmp_path / "Falcon", 3)
    with WindowThreadWork() as work:
        add_folder(qtbot, window, tmp_path / "Falcon")
        panel = window.grid_panel
        with qtbot.waitSignal(window.matters.grid_shown, timeout=60_000):
            window.matters.choose_columns("Falcon", ("Governing Law", "Can a party assign this Agreement?"))
        assert [panel.table.horizontalHeaderItem(n).text() for n in range(2)] == [
            "Governing Law",
            "Can a party assign this Agreement?",
        ]
        assert panel.table.item(0, 0).text() == "—"  # not filled yet
        cells_seen: list[object] = []
        window.runner.started.connect(lambda task: task.signals.item.connect(cells_seen.append))
        with qtbot.waitSignal(window.matters.grid_shown, timeout=300_000):
            window.matters.fill("Falcon")
        qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)

        row = 1  # supply-01-pumps.pdf, governed by the laws of Oregon
        cell = panel.cell_at(row, 0)
        assert cell is not None and cell.found
        assert "Oregon" in cell.answer
        assert panel.table.item(row, 0).text() == cell.answer
        (clause, *_) = cell.clauses
        assert Terms(1, True).governing_law in clause.text
        rect = panel.table.visualItemRect(panel.table.item(row, 0))
        qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

        entry = window.library.find(doc_id=cell.doc_id)
        assert entry is not None and entry.path == str(pdfs[1])
        qtbot.waitUntil(lambda: window.viewer.highlights != (), timeout=60_000)
    assert window.current_entry() is entry
    assert window.viewer.highlights == entry.structure.document.highlights(clause.char_span)
    assert {box.page for box in window.viewer.highlights} == {clause.pages[0]} == {2}
    qtbot.waitUntil(lambda: window.viewer.current_page() == 2, timeout=10_000)
    assert len(cells_seen) == 6  # every cell shown as it was filled, before the whole grid came back
    assert panel.state.text() == "All 6 cells filled. Click a cell to open its clause."
    assert work.core_calls_over(LONGEST_CORE_CALL_MS) == []
    assert dialogs_seen["error"] == []


def test_the_grid_exports_to_xlsx_from_its_tab_with_a_row_per_contract(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    pdfs = write_matter_folder(tmp_path / "Falcon", 2)
    add_folder(qtbot, window, tmp_path / "Falcon")
    with qtbot.waitSignal(window.matters.grid_shown, timeout=60_000):
        window.matters.choose_columns("Falcon", ("Governing Law",))
    with qtbot.waitSignal(window.matters.grid_shown, timeout=300_000):
        window.matters.fill("Falcon")
    target = tmp_path / "out" / "falcon.xlsx"
    target.parent.mkdir()

    task = window.matters.export(window.grid_panel.grid(), str(target), "xlsx")
    qtbot.waitUntil(lambda: task.done, timeout=60_000)

    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Contract", "Pages", "Governing Law", "Governing Law - where")
    assert [row[0] for row in rows[1:]] == [pdf.name for pdf in pdfs]
    assert "Vermont" in rows[1][2] and "Oregon" in rows[2][2]
    assert window.status_message.full_text() == f"Grid exported to {target}"


def test_cancelling_a_folder_keeps_the_finished_contracts_and_dropping_it_again_resumes(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    pdfs = write_matter_folder(tmp_path / "Falcon", 3)
    tasks: list[Task] = []

    def cancel_at_the_second(task: Task) -> None:
        def check(_fraction: float, message: str) -> None:
            if message.startswith("Indexing 2 / 3:"):
                task.cancel()

        tasks.append(task)
        task.signals.reported.connect(check)

    window.runner.started.connect(cancel_at_the_second)
    drop_files(window, [tmp_path / "Falcon"])
    qtbot.waitUntil(lambda: window.library.members("Falcon") != [], timeout=300_000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)
    window.runner.started.disconnect(cancel_at_the_second)

    assert window.library.heading_text("Falcon") == f"▾ Falcon · 1 contract\n{RESUME_HINT}"
    assert [entry.name for entry in window.library.members("Falcon")] == [pdfs[0].name]
    assert dialogs_seen["error"] == []

    added = add_folder(qtbot, window, tmp_path / "Falcon")

    assert [result.skipped for result in added.indexed] == [True, False, False]
    assert [entry.name for entry in window.library.members("Falcon")] == [pdf.name for pdf in pdfs]
    assert window.library.heading_text("Falcon") == "▾ Falcon · 3 contracts\n3 indexed"


def test_removing_a_matters_contract_from_the_library_takes_it_out_of_the_matter_and_the_index(
    qtbot, window: MainWindow, dialogs_seen, tmp_path: Path
) -> None:
    pdfs = write_matter_folder(tmp_path / "Falcon", 2)
    add_folder(qtbot, window, tmp_path / "Falcon")
    window.library.fold("Falcon", True)
    leaving = window.library.members("Falcon")[0]
    window.library.select(leaving)  # a contract of a folded matter: the matter unfolds to show it
    assert window.library.group("Falcon").folded is False
    assert window.library.current() is leaving

    window.remove_entry(leaving)
    qtbot.waitUntil(lambda: len(window.library.members("Falcon")) == 1, timeout=60_000)
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)

    registry, _cells = window.session.matter_stores()
    assert [c.file_name for c in registry.matter("Falcon").contracts] == [pdfs[1].name]
    assert leaving.doc_id not in {record.doc_id for record in window.session.retriever().documents()}
    assert window.library.heading_text("Falcon") == "▾ Falcon · 1 contract\n2 indexed"
    assert dialogs_seen["error"] == []
