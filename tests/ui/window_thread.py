"""What the window's thread did during a flow, counted in that thread's own CPU time.

Wall-clock pauses depend on the machine: on a loaded machine the window's thread waits to be scheduled, and a test
that times them fails for reasons the app cannot change (``benchmarks/ui_startup.py --stalls`` measures those, beside
a baseline). The CPU time the window's thread itself spends does not depend on load, so a test can state it:

* ``core_calls``: every call from the window's thread into the core (``contract_app`` outside ``ui``) or into
  PyMuPDF, with the CPU milliseconds it took (the outermost call only);
* ``busiest_ticks``: the CPU milliseconds the window's thread spent between two beats of a 20 ms timer, i.e. the
  longest stretch of its own work before it could serve the event loop again.
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

from PySide6.QtCore import QTimer

TICK_MS = 20


def _is_core(module: str) -> bool:
    if module.startswith("contract_app.ui.") or module == "contract_app.ui":
        return False
    return module.startswith(("contract_app.", "pymupdf"))


@dataclass(frozen=True)
class CoreCall:
    name: str  # module.function
    caller: str  # the window's function that made it
    cpu_ms: float


@dataclass
class WindowThreadWork:
    """A context manager: ``with WindowThreadWork() as work: ...`` on the window's thread (sys.setprofile is
    per-thread, so the worker's calls are not seen)."""

    core_calls: list[CoreCall] = field(default_factory=list)
    _ticks: list[tuple[float, float]] = field(default_factory=list)  # (wall, thread CPU) at each beat
    _active: tuple[FrameType, float] | None = None
    _timer: QTimer | None = None

    def __enter__(self) -> WindowThreadWork:
        self._timer = QTimer(interval=TICK_MS)
        self._timer.timeout.connect(self._beat)
        self._timer.start()
        self._beat()
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *_exc: object) -> None:
        sys.setprofile(None)
        assert self._timer is not None
        self._timer.stop()
        self._beat()

    def _beat(self) -> None:
        self._ticks.append((time.perf_counter(), time.thread_time()))

    def _profile(self, frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call":
            if self._active is None and _is_core(frame.f_globals.get("__name__", "")):
                self._active = (frame, time.thread_time())
        elif event == "return" and self._active is not None and self._active[0] is frame:
            started = self._active[1]
            self._active = None
            caller = frame.f_back.f_code.co_qualname if frame.f_back else "?"
            name = f"{frame.f_globals.get('__name__', '')}.{frame.f_code.co_qualname}"
            self.core_calls.append(CoreCall(name, caller, (time.thread_time() - started) * 1000))

    def core_calls_over(self, cpu_ms: float) -> list[str]:
        return [
            f"{call.name} from {call.caller}: {call.cpu_ms:.0f} ms" for call in self.core_calls if call.cpu_ms > cpu_ms
        ]

    def busiest_ticks(self, over_ms: float) -> list[str]:
        """Stretches between beats in which the window's thread spent more than ``over_ms`` of its own CPU."""
        return [
            f"{(cpu - cpu_before) * 1000:.0f} ms of CPU ({(wall - wall_before) * 1000:.0f} ms wall)"
            for (wall_before, cpu_before), (wall, cpu) in itertools.pairwise(self._ticks)
            if (cpu - cpu_before) * 1000 > over_ms
        ]

    @property
    def beats(self) -> int:
        return len(self._ticks)
