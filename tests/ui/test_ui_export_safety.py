"""The window's Export never destroys a file: it asks before replacing one, and never writes over the contract."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from contract_app.ui import dialogs

pytestmark = pytest.mark.gui


def _summary(qtbot, window) -> object:
    window.build_report("summary")
    qtbot.waitUntil(lambda: window.current_entry().summary is not None, timeout=120_000)
    return window.current_entry().summary


def _idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=60_000)


def test_exporting_over_an_existing_file_asks_first_and_replaces_it_only_after_yes(
    qtbot, ready_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialogs_seen
) -> None:
    _summary(qtbot, ready_window)
    asked: list[str] = []
    answers = [False, True]
    monkeypatch.setattr(dialogs, "confirm_replace", lambda parent, message: asked.append(message) or answers.pop(0))
    target = tmp_path / "brief.md"
    target.write_text("my notes\n", encoding="utf-8")
    target.chmod(0o644)

    ready_window.export_report("summary", str(target), "md")
    _idle(qtbot, ready_window)
    assert target.read_text(encoding="utf-8") == "my notes\n"  # "Cancel": untouched

    ready_window.export_report("summary", str(target), "md")
    qtbot.waitUntil(lambda: target.read_text(encoding="utf-8") != "my notes\n", timeout=60_000)
    _idle(qtbot, ready_window)

    assert asked == [f"{target} already exists. Replace it?"] * 2
    assert target.read_text(encoding="utf-8").startswith("# Contract summary: services\\_agreement.pdf")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert dialogs_seen["error"] == []
    assert ready_window.status_message.full_text() == f"Exported to {target}"


def test_exporting_onto_the_open_contract_is_refused_and_the_contract_is_unchanged(
    qtbot, ready_window, contract_pdf: Path, monkeypatch: pytest.MonkeyPatch, dialogs_seen
) -> None:
    _summary(qtbot, ready_window)
    monkeypatch.setattr(dialogs, "confirm_replace", lambda parent, message: True)  # even a careless "yes"
    before = contract_pdf.read_bytes()

    ready_window.export_report("summary", str(contract_pdf), "pdf")
    _idle(qtbot, ready_window)

    assert contract_pdf.read_bytes() == before
    assert dialogs_seen["error"] == [
        f"{contract_pdf} is the contract being analysed: nothing was written; choose another file."
    ]
