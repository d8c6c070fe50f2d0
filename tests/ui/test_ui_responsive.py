"""The window keeps breathing while a long contract is parsed, chunked, embedded and stored in the background."""

from __future__ import annotations

import gc
import itertools
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from ui_support import drop_files, wait_ready

pytestmark = pytest.mark.gui

TICK_MS = 20
MAX_LATE_MS = 150


def test_heartbeat_never_stalls_while_a_50_page_contract_is_ingested(qtbot, window, tmp_path: Path) -> None:
    from pdfgen import write_long_contract

    contract = write_long_contract(tmp_path / "long_contract.pdf", pages=50)
    window.load_library()  # what the app does at start-up, before the lawyer drops anything
    qtbot.waitUntil(lambda: not window.runner.busy, timeout=120_000)
    ticks: list[float] = []
    phases: list[tuple[float, str]] = [(time.perf_counter(), "drop")]  # what the worker reported, when
    window.runner.started.connect(
        lambda task: task.signals.progress.connect(lambda _f, message: phases.append((time.perf_counter(), message)))
    )
    heartbeat = QTimer(interval=TICK_MS)
    heartbeat.timeout.connect(lambda: ticks.append(time.perf_counter()))
    heartbeat.start()
    drop_files(window, [contract])
    entry = wait_ready(qtbot, window, contract, timeout=300_000)
    heartbeat.stop()

    assert entry.pages >= 50
    assert len(ticks) > 10

    def phase_at(moment: float) -> str:
        return [message for at, message in phases if at <= moment][-1]

    late = [
        f"{(later - earlier) * 1000 - TICK_MS:.0f} ms during '{phase_at(earlier)}'"
        for earlier, later in itertools.pairwise(ticks)
        if (later - earlier) * 1000 - TICK_MS > MAX_LATE_MS
    ]
    assert late == [], f"the window stalled: {late} (benchmarks/ui_startup.py --stalls names the core calls)"


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
