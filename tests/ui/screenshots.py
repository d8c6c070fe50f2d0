"""Screenshots of the window's main states, for a human to look at: ``python tests/ui/screenshots.py [OUT_DIR]``.

Runs the real app on the sample contract (store and settings in a temp folder) under Xvfb: without a display it
re-runs itself through ``xvfb-run``. Writes empty.png, ingesting.png, loaded.png, drag_over.png, outline_links.png,
answer.png, summary.png, clause_report.png, find.png, selection_copied.png, back.png, keyboard_map.png, repaired.png,
redacted_answer.png, long_name_reading_1280x800.png, cancelled_1280x800.png, long_name_1280x800.png, settings.png,
cloud_badge.png and history_restored.png to OUT_DIR (default /tmp/screens).

``--matters`` shows a folder of contracts becoming a matter instead: matter_indexing.png, matter_library.png,
matter_grid.png, matter_cell_opened.png and matter_cancelled.png.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MODEL_DIR = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"


def _ensure_display() -> None:
    if os.environ.get("DISPLAY") or os.environ.get("QT_QPA_PLATFORM"):
        return
    xvfb = shutil.which("xvfb-run")
    if xvfb is None:
        sys.exit("screenshots: no display and no xvfb-run (apt-get install xvfb)")
    command = [xvfb, "-a", "-s", "-screen 0 1600x1000x24", sys.executable, *sys.argv]
    sys.exit(subprocess.call(command))


def _wait(app, condition: Callable[[], bool], timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not reach the expected state")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float = 0.4) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def matter_states(app, window, home: Path, shot: Callable[[str], None]) -> None:
    """A folder dropped as a matter: its progress, the library's group, the filled grid, a cell's clause, a cancel."""
    from matter_support import write_matter_folder

    from contract_app.ui.matter_grid import COLUMN_SETS, KEY_TERMS

    loose = home / "Master Supply Agreement.pdf"
    shutil.copy(REPO / "resources" / "samples" / "sample_contract.pdf", loose)
    window.open_files([str(loose)])
    _wait(app, lambda: (entry := window.current_entry()) is not None and entry.state == "ready")
    folder = home / "Project Falcon"
    write_matter_folder(folder, 6)
    messages: list[str] = []
    window.runner.started.connect(lambda task: task.signals.reported.connect(lambda _f, m: messages.append(m)))
    window.matters.add_folder(str(folder))
    _wait(app, lambda: any(message.startswith("Indexing 3 / 6") for message in messages))
    shot("matter_indexing.png")
    _wait(app, lambda: window.library.members("Project Falcon") and not window.runner.busy)
    shot("matter_library.png")

    window.tabs.setCurrentWidget(window.grid_panel)
    questions = ("Can either party assign this Agreement on a change of control?",)
    window.matters.choose_columns("Project Falcon", COLUMN_SETS[KEY_TERMS][:6] + questions)
    _wait(app, lambda: not window.runner.busy)
    window.matters.fill("Project Falcon")
    _wait(app, lambda: not window.runner.busy)
    shot("matter_grid.png")
    table = window.grid_panel.table
    column = next(n for n in range(table.columnCount()) if table.horizontalHeaderItem(n).text() == "Governing Law")
    table.cellClicked.emit(1, column)
    _wait(app, lambda: bool(window.viewer.highlights))
    _settle(app, 0.8)
    shot("matter_cell_opened.png")

    second = home / "Project Heron"
    write_matter_folder(second, 5, first=6)
    window.matters.add_folder(str(second))
    _wait(app, lambda: any(message.startswith("Indexing 3 / 5") for message in messages))
    window.task_indicator.cancel.click()
    _wait(app, lambda: window.library.members("Project Heron") and not window.runner.busy)
    shot("matter_cancelled.png")


def main(out_dir: Path, matters: bool = False) -> None:
    home = Path(tempfile.mkdtemp(prefix="contract-app-screens-"))
    os.environ.update(
        CONTRACT_APP_DATA_DIR=str(home / "data"),
        CONTRACT_APP_CONFIG_DIR=str(home / "config"),
        CONTRACT_APP_MODEL_DIR=str(MODEL_DIR),
        PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring",
    )
    sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "ui")]
    from ui_support import write_redacted_contract

    from contract_app.settings import Settings
    from contract_app.ui import dialogs
    from contract_app.ui.app import create_app
    from contract_app.ui.main_window import MainWindow
    from contract_app.ui.settings_dialog import SettingsDialog
    from contract_app.ui.shortcuts import KeyboardMapDialog

    dialogs.show_notice = lambda parent, message: print(f"notice: {message}")
    dialogs.show_error = lambda parent, message, details=None: print(f"error dialog: {message}\n{details or ''}")
    dialogs.ask_matter_name = lambda parent, folder_name: folder_name
    app = create_app()
    window = MainWindow(load_library=False)
    window.resize(1500, 940)
    window.show()
    out_dir.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget=None) -> None:
        _settle(app)
        (widget or window).grab().save(str(out_dir / name))
        print(f"wrote {out_dir / name}")

    if matters:
        matter_states(app, window, home, shot)
        window.close()
        return
    shot("empty.png")
    from pdfgen import write_long_contract

    long_contract = write_long_contract(home / "Distribution Agreement (long).pdf", pages=60)
    window.open_files([str(long_contract)])
    _wait(app, lambda: window.current_entry().state == "indexing" and window.current_entry().progress > 0.5)
    shot("ingesting.png")
    _wait(app, lambda: window.current_entry().state == "ready")
    contract = home / "Master Supply Agreement.pdf"
    shutil.copy(REPO / "resources" / "samples" / "sample_contract.pdf", contract)
    window.open_files([str(contract)])
    _wait(app, lambda: (entry := window.current_entry()) is not None and entry.state == "ready")
    shot("loaded.png")
    window.viewer_area.set_drop_hint(True)  # what a second file dragged over the window looks like
    shot("drag_over.png")
    window.viewer_area.set_drop_hint(False)

    structure = window.current_entry().structure
    dangling = [ref.source for ref in structure.cross_references if ref.dangling and ref.source]
    linked = structure.section(dangling[0]) if dangling else structure.sections[0]
    window.outline.select_section(linked.id)
    shot("outline_links.png")

    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText("Can the Licensee terminate for convenience, and with how much notice?")
    window.ask_panel.ask_button.click()
    _wait(app, lambda: bool(window.current_entry().history))
    if window.ask_panel.chip_buttons:
        window.ask_panel.chip_buttons[0].click()
    _settle(app, 0.8)
    shot("answer.png")

    for kind, panel, name in (
        ("summary", window.summary_panel, "summary.png"),
        ("clause_report", window.clause_panel, "clause_report.png"),
    ):
        window.tabs.setCurrentWidget(panel)
        window.build_report(kind)
        _wait(app, lambda kind=kind: not window.runner.busy, timeout=600)
        shot(name)

    window.tabs.setCurrentWidget(window.outline)
    window.find_action.trigger()
    window.viewer_area.find_bar.query.setText("terminate")
    window.viewer_area.find_bar.search()
    window.find_next_action.trigger()
    shot("find.png")
    window.viewer_area.find_bar.close_bar()

    layer = window.viewer.text_layer
    hits = layer.find("Either Party may terminate this Agreement upon written notice")
    if hits:
        text = window.current_entry().structure.document.text
        passage = (hits[0][0], text.find(".", hits[0][0]) + 1)
        window.viewer.go_to(layer.document.page_at(passage[0]), animate=False)
        window.viewer.select(passage)
        window.copy_action.trigger()
        print(f"clipboard: {app.clipboard().text()}")
    shot("selection_copied.png")
    window.viewer.clear_selection()
    window.back_action.trigger()
    shot("back.png")

    dialog = KeyboardMapDialog(window.keys, window)
    dialog.show()
    shot("keyboard_map.png", dialog)
    dialog.close()

    partial = home / "Supply Agreement (partial download).pdf"
    partial.write_bytes(contract.read_bytes()[: contract.stat().st_size * 9 // 10])
    window.open_files([str(partial)])
    _wait(app, lambda: window.current_entry().state in ("ready", "error"))
    shot("repaired.png")

    redacted = write_redacted_contract(home / "License Agreement (redacted).pdf")
    window.open_files([str(redacted)])
    _wait(app, lambda: window.current_entry().state == "ready")
    window.tabs.setCurrentWidget(window.ask_panel)
    window.ask_panel.question.setText("How much notice is needed to terminate?")
    window.ask_panel.ask_button.click()
    _wait(app, lambda: bool(window.current_entry().history))
    shot("redacted_answer.png")

    stem = ("ACMEPHARMACEUTICALSINC_20190314_10-K_EX-10.21_11571234_EX-10.21_Manufacturing and Supply " * 2)[:108]
    window.resize(1280, 800)
    draft = write_long_contract(home / f"{stem} (draft).pdf", pages=30)  # long enough to be caught reading it
    window.open_files([str(draft)])
    _wait(app, lambda: window.current_entry().state in ("parsing", "indexing"))
    shot("long_name_reading_1280x800.png")  # the task label in the status bar shortened, the badge in sight
    window.task_indicator.cancel.click()
    _wait(app, lambda: window.current_entry().state == "cancelled")
    shot("cancelled_1280x800.png")  # the library's state wraps inside the sidebar
    long_name = home / f"{stem}_2019.pdf"
    shutil.copy(contract, long_name)
    window.open_files([str(long_name)])
    _wait(app, lambda: window.current_entry().state == "ready")
    shot("long_name_1280x800.png")

    dialog = SettingsDialog(Settings(answer_backend="openai", rerank_backend="cohere"), window)
    dialog.show()
    shot("settings.png", dialog)
    dialog.close()
    window.apply_settings(replace(window.session.settings, answer_backend="openai"))
    shot("cloud_badge.png")
    window.apply_settings(replace(window.session.settings, answer_backend="offline"))
    window.library.select(window.library.find(path=str(contract.resolve())))
    _wait(app, lambda: not window.runner.busy, timeout=600)
    window.close()

    later = MainWindow()  # a new session: the last document reopens with its questions
    later.resize(1500, 940)
    later.show()
    _wait(app, lambda: later.current_entry() is not None and later.current_entry().history_loaded)
    later.tabs.setCurrentWidget(later.ask_panel)
    _settle(app, 0.8)
    later.grab().save(str(out_dir / "history_restored.png"))
    print(f"wrote {out_dir / 'history_restored.png'}")
    later.close()


if __name__ == "__main__":
    _ensure_display()
    arguments = [argument for argument in sys.argv[1:] if argument != "--matters"]
    main(Path(arguments[0]) if arguments else Path("/tmp/screens"), matters="--matters" in sys.argv)
