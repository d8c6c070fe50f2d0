"""The status bar's task indicator: what is running, how far along, and a Cancel button."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from contract_app.ui.elided import ElidedLabel
from contract_app.ui.runner import Runner, Task

LABEL_WIDTH = 460  # at most: the status line beside it keeps its room while a long-named file is read


class TaskIndicator(QWidget):
    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        self.label = ElidedLabel(natural=True)
        self.label.setMaximumWidth(LABEL_WIDTH)
        self.bar = QProgressBar(textVisible=False)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.cancel = QPushButton("Cancel")
        self.cancel.setToolTip("Stop what is running (nothing is half-saved)")
        self.cancel.clicked.connect(runner.cancel_all)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel)
        runner.started.connect(self._started)
        runner.ended.connect(self._ended)
        self.hide()

    def _started(self, task: Task) -> None:
        task.signals.progress.connect(lambda fraction, message, t=task: self._progress(t, fraction, message))
        if not self.isVisible():
            self._progress(task, 0.0, "")
        self.show()

    def _progress(self, task: Task, fraction: float, message: str) -> None:
        self.label.setText(f"{task.label}{' — ' + message if message else ''}")
        self.bar.setValue(round(fraction * 1000))
        self.cancel.setVisible(task.cancellable)

    def _ended(self, _task: Task) -> None:
        running = self._runner.running()
        if running:
            self._progress(running[0], 0.0, "waiting")
        else:
            self.hide()
