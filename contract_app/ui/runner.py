"""The one background runner: every core call (ingest, search, answer, report, export) goes through here.

Like Anki's ``CollectionOp``/``QueryOp``: a window hands a plain function to ``Runner.run`` together with what to do
on success. The runner owns the worker thread, progress, cancellation and the single error path, so no widget writes
its own try/except around a dialog. Core calls run on a one-thread lane (the store and caches see one caller at a
time); the window thread only ever receives signals.
"""

from __future__ import annotations

import gc
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from contract_app.errors import ContractAppError, OperationCancelled

PROGRESS_INTERVAL = 0.05  # seconds between progress signals with the same message: a flood would starve the loop


class TaskContext:
    """What an operation sees while it runs in the worker: progress, streamed tokens, and the cancel flag."""

    def __init__(self, signals: TaskSignals) -> None:
        self._signals = signals
        self._cancelled = threading.Event()
        self._last_progress = 0.0
        self._last_message = ""

    def progress(self, fraction: float, message: str) -> None:
        """A ``ProgressCallback``: forwards (throttled) to the window and unwinds the core when cancelled."""
        if self._cancelled.is_set():
            raise OperationCancelled()
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL or fraction >= 1.0 or message != self._last_message:
            self._last_progress, self._last_message = now, message
            self._signals.reported.emit(float(fraction), message)

    def token(self, text: str) -> None:
        if self._cancelled.is_set():
            raise OperationCancelled()
        self._signals.token.emit(text)

    def send(self, item: object) -> None:
        """A piece of the result as soon as it exists (a filled grid cell), for the window to show meanwhile."""
        if self._cancelled.is_set():
            raise OperationCancelled()
        self._signals.item.emit(item)

    def cancel(self) -> None:
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()


class TaskSignals(QObject):
    """Lives on the window's thread; the worker emits into it.

    ``reported`` (from the worker) is folded into ``progress`` (for the window) at most once per turn of the event
    loop: while the worker holds the interpreter lock, reports queue up, and handling each one (a library row, the
    status bar) made the window spend 50-100 ms of its own CPU in one stretch when they were finally delivered.
    """

    reported = Signal(float, str)
    progress = Signal(float, str)
    token = Signal(str)
    item = Signal(object)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._latest: tuple[float, str] | None = None
        self._closed = False
        self.reported.connect(self._take_report)

    def _take_report(self, fraction: float, message: str) -> None:
        if self._latest is None:
            QTimer.singleShot(0, self._deliver)
        self._latest = (fraction, message)

    def _deliver(self) -> None:
        latest, self._latest = self._latest, None
        if latest is not None and not self._closed:
            self.progress.emit(*latest)

    def close(self) -> None:
        """The last report is shown before the result, and none after it: a late one would mark a finished
        document as still indexing."""
        self._deliver()
        self._closed = True


def _settle_heap() -> None:
    """Take what survived an operation (documents, indexes, models) out of the collector's full sweeps.

    A full collection walks every tracked object while holding the interpreter lock, so with a few contracts in
    memory it froze the window for 100-400 ms at random moments (``benchmarks/ui_startup.py --stalls`` names them).
    Short-lived cycles are collected first; what remains is long-lived and freed by reference counting. Measured
    over 60 questions and 20 clause reports: 278 unreachable objects kept once, none after, resident memory flat.
    """
    gc.collect(1)
    gc.freeze()


class _Worker(QRunnable):
    """Runs at the window's own priority: a niced worker that holds the interpreter lock is descheduled on a busy
    machine while the window waits for that lock (priority inversion; the heartbeat test stalled 150+ ms that way).
    """

    def __init__(self, op: Callable[[TaskContext], Any], context: TaskContext, signals: TaskSignals) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._op = op
        self._context = context
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._op(self._context)
        except BaseException as error:
            if not isinstance(error, ContractAppError):
                error.details = traceback.format_exc()  # type: ignore[attr-defined]
            self._signals.failed.emit(error)
        else:
            _settle_heap()
            self._signals.finished.emit(result)


@dataclass(eq=False)
class Task:
    """A running operation: the window keeps it to show progress and to cancel it."""

    label: str
    context: TaskContext
    signals: TaskSignals
    cancellable: bool = True
    done: bool = False
    on_done: list[Callable[[Task], None]] = field(default_factory=list)

    def cancel(self) -> None:
        self.context.cancel()


ErrorHandler = Callable[[BaseException, Callable[..., None] | None], None]


class Runner(QObject):
    """Runs operations off the window thread and reports them through signals.

    ``started``/``ended`` let the status bar show a progress bar and a Cancel button for whatever is running.
    """

    started = Signal(object)
    ended = Signal(object)

    def __init__(self, error_handler: ErrorHandler, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._error_handler = error_handler
        self._tasks: set[Task] = set()

    def run(
        self,
        op: Callable[[TaskContext], Any],
        *,
        label: str,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[float, str], None] | None = None,
        on_token: Callable[[str], None] | None = None,
        on_item: Callable[[Any], None] | None = None,
        retry: Callable[..., None] | None = None,
        cancellable: bool = True,
    ) -> Task:
        """Start ``op(context)`` in the worker lane; callbacks run on the window thread.

        ``retry`` is what the error path calls again with extra keyword arguments (a password for an
        encrypted PDF). ``on_failure`` runs after the error has been shown (e.g. to mark a document as failed).
        """
        signals = TaskSignals()
        context = TaskContext(signals)
        task = Task(label, context, signals, cancellable)
        if on_progress:
            signals.progress.connect(on_progress)
        if on_token:
            signals.token.connect(on_token)
        if on_item:
            signals.item.connect(on_item)

        def finished(result: object) -> None:
            self._end(task)
            if on_success:
                on_success(result)

        def failed(error: BaseException) -> None:
            self._end(task)
            if not isinstance(error, OperationCancelled):
                self._error_handler(error, retry)
            if on_failure:
                on_failure(error)

        signals.finished.connect(finished)
        signals.failed.connect(failed)
        self._tasks.add(task)
        self.started.emit(task)
        self._pool.start(_Worker(op, context, signals))
        return task

    def _end(self, task: Task) -> None:
        task.signals.close()
        task.done = True
        self._tasks.discard(task)
        self.ended.emit(task)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def running(self) -> list[Task]:
        return [task for task in self._tasks if not task.done]

    def cancel_all(self) -> None:
        for task in list(self._tasks):
            task.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Block until the lane is idle (shutdown and tests)."""
        return self._pool.waitForDone(msecs)
