"""The runner's progress reaches the window as the latest report of each turn of its event loop."""

from __future__ import annotations

import threading

import pytest

from contract_app.ui.runner import Runner, TaskContext

pytestmark = pytest.mark.gui

REPORTS = 200


def test_reports_queued_while_the_window_is_busy_are_shown_once_as_the_latest_and_none_after_the_result(
    qtbot,
) -> None:
    runner = Runner(error_handler=lambda error, retry: pytest.fail(f"unexpected error: {error}"))
    all_sent = threading.Event()
    release = threading.Event()

    def report_many(context: TaskContext) -> str:
        for n in range(1, REPORTS + 1):
            context.progress(n / (REPORTS + 1), f"page {n} of {REPORTS}")  # each message differs: none throttled
        all_sent.set()
        release.wait(10)
        context.progress(1.0, "Finished")  # still queued when the result arrives
        return "done"

    shown: list[tuple[float, str]] = []
    reported: list[str] = []
    results: list[object] = []
    runner.started.connect(lambda task: task.signals.reported.connect(lambda _f, message: reported.append(message)))
    runner.run(
        report_many,
        label="Reading",
        on_progress=lambda f, m: shown.append((f, m)),
        on_success=lambda result: results.append((result, len(shown))),
    )
    assert all_sent.wait(10)  # the window's thread was busy while all of them were sent
    qtbot.waitUntil(lambda: len(reported) == REPORTS, timeout=10_000)
    qtbot.waitUntil(lambda: shown != [], timeout=10_000)

    assert shown == [(REPORTS / (REPORTS + 1), f"page {REPORTS} of {REPORTS}")]
    assert reported == [f"page {n} of {REPORTS}" for n in range(1, REPORTS + 1)]

    release.set()
    qtbot.waitUntil(lambda: results != [], timeout=10_000)
    qtbot.wait(50)
    assert shown[-1] == (1.0, "Finished")
    assert results == [("done", len(shown))]  # the last report was shown before the result, and none after it
