"""``contract-app FILE`` and ``contract-app gui FILE...`` open the window; without a display they say so in one line."""

from __future__ import annotations

import pytest

from contract_app.cli.main import main


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)


def test_without_a_display_the_gui_command_fails_with_one_plain_line(no_display, capsys) -> None:
    assert main(["gui"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("contract-app: No display found:")
    assert error.count("\n") == 1


@pytest.mark.parametrize("argv", [["a.pdf", "b.pdf"], ["gui", "a.pdf", "b.pdf"]])
def test_files_on_the_command_line_are_opened_in_the_window(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import contract_app.ui.app as app

    opened: list[list[str]] = []
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(app, "run_app", lambda files: opened.append(list(files)) or 0)
    assert main(argv) == 0
    assert opened == [["a.pdf", "b.pdf"]]
