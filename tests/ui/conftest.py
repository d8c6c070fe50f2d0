"""Fixtures for the window tests: a small contract of known layout, the window on the real pipeline, and dialogs
intercepted so a test can assert what the lawyer would have been told."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ui_support import CONTRACT, drop_files, wait_ready

from contract_app.ui import dialogs
from contract_app.ui.main_window import MainWindow


@pytest.fixture
def contract_pdf(tmp_path: Path) -> Path:
    from pdfgen import write_markup_pdf

    return write_markup_pdf(tmp_path / "services_agreement.pdf", CONTRACT, footer="Page {page} of {pages}")


@pytest.fixture
def dialogs_seen(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every dialog the window would have shown, by kind; ``password_answers`` feeds the password prompt and
    ``matter_name_answers`` the matter's name (else the folder's is kept); every confirmation is answered yes."""
    seen: dict[str, list] = {
        "error": [],
        "notice": [],
        "password": [],
        "password_answers": [],
        "confirm": [],
        "matter_name": [],  # the folder name each dropped folder proposed
        "matter_name_answers": [],  # what the user types instead (none: the folder's name is kept)
    }
    monkeypatch.setattr(dialogs, "show_error", lambda parent, message, details=None: seen["error"].append(message))
    monkeypatch.setattr(dialogs, "show_notice", lambda parent, message: seen["notice"].append(message))

    def ask_password(parent: object, message: str) -> str | None:
        seen["password"].append(message)
        answers = seen["password_answers"]
        return answers.pop(0) if answers else None

    monkeypatch.setattr(dialogs, "ask_password", ask_password)
    monkeypatch.setattr(dialogs, "confirm", lambda parent, message, action: seen["confirm"].append(message) or True)

    def ask_matter_name(parent: object, folder_name: str) -> str | None:
        seen["matter_name"].append(folder_name)
        answers = seen["matter_name_answers"]
        return answers.pop(0) if answers else folder_name

    monkeypatch.setattr(dialogs, "ask_matter_name", ask_matter_name)
    return seen


@pytest.fixture
def window(qtbot, model_dir: Path, monkeypatch: pytest.MonkeyPatch, dialogs_seen) -> Iterator[MainWindow]:
    monkeypatch.setenv("CONTRACT_APP_MODEL_DIR", str(model_dir))
    main = MainWindow(load_library=False)
    qtbot.addWidget(main)
    main.resize(1280, 820)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.runner.cancel_all()
    main.runner.wait(30000)
    main.session.close()  # its index's child process


@pytest.fixture
def ready_window(qtbot, window: MainWindow, contract_pdf: Path) -> MainWindow:
    """The window with the test contract dropped on it and indexed."""
    drop_files(window, [contract_pdf])
    wait_ready(qtbot, window, contract_pdf)
    return window
