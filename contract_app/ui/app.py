"""Start the desktop app: the window first, everything heavy later (in the runner's worker)."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from contract_app.settings import load_settings_leniently
from contract_app.ui.main_window import MainWindow
from contract_app.ui.session import Session
from contract_app.ui.theme import apply_theme


def _skip_optional_layout_addon() -> None:
    """Keep ``import pymupdf`` light in the window's process.

    When the optional ``pymupdf_layout`` add-on is installed (pymupdf4llm pulls it in; the project does not depend
    on it), ``import pymupdf`` also loads it, with numpy and an ONNX model: seconds on a busy machine, before the
    first page can show. It only serves ``Page.get_layout()``, which the app never calls.
    """
    sys.modules.setdefault("pymupdf.layout", None)  # type: ignore[arg-type]


def _warm_up() -> None:
    """Import PyMuPDF off the window thread while the lawyer looks at the window, so a first drop renders at once."""
    import pymupdf  # noqa: F401


def create_app(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv or sys.argv[:1]))
    app.setApplicationName("Contract App")
    app.setOrganizationName("contract-app")
    apply_theme(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def launch(files: Sequence[str] = ()) -> tuple[QApplication, MainWindow]:
    """The window shown, PyMuPDF warming up, ``files`` queued to open (what ``run_app`` and the benchmark share)."""
    _skip_optional_layout_addon()
    app = create_app()
    settings, problems = load_settings_leniently()  # a bad settings file is shown, not fatal (see first_run)
    window = MainWindow(Session(settings))
    window.show()
    threading.Thread(target=_warm_up, name="warm-up", daemon=True).start()
    if files:
        QTimer.singleShot(0, lambda: window.open_files(list(files)))
    QTimer.singleShot(300, lambda: _first_run_checks(window, problems))
    return app, window


def _first_run_checks(window: MainWindow, problems: tuple[object, ...]) -> None:
    from contract_app.ui import first_run

    if problems:
        first_run.show_settings_problems(window, problems)  # type: ignore[arg-type]
    else:
        first_run.offer_model_download(window)


def run_app(files: Sequence[str] = ()) -> int:
    app, _window = launch(files)
    return app.exec()
