"""The window's thread only serves the window while a long contract is parsed, chunked, embedded and stored.

Stated in the window thread's own CPU time, which does not depend on how busy the machine is; the wall-clock pauses
(which do) are measured by ``benchmarks/ui_startup.py --stalls`` beside a baseline.
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from ui_support import drop_files, wait_ready
from window_thread import WindowThreadWork

pytestmark = pytest.mark.gui

LONGEST_CORE_CALL_MS = 50  # rendering a page to show it is the longest the window's thread may do (about 5-10 ms)
LONGEST_BUSY_STRETCH_MS = 100  # the window's own work between two turns of its event loop


def test_window_thread_does_no_long_work_while_a_50_page_contract_is_dropped_and_ingested(
    qtbot, window, tmp_path: Path
) -> None:
    from pdfgen import write_long_contract

    contract = write_long_contract(tmp_path / "long_contract.pdf", pages=50)
    window.load_library()  # what the app does at start-up, before the lawyer drops anything
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=120_000)
    with WindowThreadWork() as work:
        drop_files(window, [contract])
        entry = wait_ready(qtbot, window, contract, timeout=300_000)

    assert entry.pages >= 50
    assert work.beats > 10
    rendered = [call for call in work.core_calls if call.name == "pymupdf.Page.get_pixmap"]
    assert rendered, "the viewer rendered pages on the window's thread, and the probe saw it"
    assert work.core_calls_over(LONGEST_CORE_CALL_MS) == []
    stage_calls = [
        call.name
        for call in work.core_calls
        # the shared data model (a finding's place, how findings are grouped), a stat of the file: plain data
        if not call.name.startswith(("pymupdf", "contract_app.model.", "contract_app.files."))
    ]
    assert stage_calls == []  # parsing, structure, retrieval: all in the worker
    assert work.busiest_ticks(LONGEST_BUSY_STRETCH_MS) == []


def test_a_dropped_contract_is_on_screen_before_its_ingest_starts(qtbot, window, contract_pdf: Path) -> None:
    """Once the worker parses, it holds the interpreter lock for long stretches: opening the viewer after that
    made the window's thread wait for it (a 300-600 ms pause on every drop of a busy machine)."""
    shown_when_started: list[object] = []
    window.runner.started.connect(lambda _task: shown_when_started.append(window.viewer.path))
    drop_files(window, [contract_pdf])
    assert shown_when_started == [contract_pdf]
    wait_ready(qtbot, window, contract_pdf)


def test_what_outlives_an_operation_is_kept_out_of_full_garbage_collections(qtbot, window) -> None:
    """A full collection walks every tracked object with the interpreter lock held: hundreds of ms with a few
    contracts in memory, so the runner freezes what survived each operation."""
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=120_000)
    gc.unfreeze()
    before = gc.get_freeze_count()
    kept: list[object] = []
    window.runner.run(lambda context: kept.append([{"clause": n} for n in range(5_000)]), label="Holding clauses")
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=10_000)
    assert len(kept) == 1
    assert gc.get_freeze_count() >= before + 5_000
