"""Progress and cancellation for long operations, without any UI dependency.

A long core operation takes ``progress: ProgressCallback``. It calls ``progress(fraction, message)`` as it goes;
the callback raises ``OperationCancelled`` when the user asked to stop, which unwinds the operation at a safe point.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[float, str], None]


def no_progress(fraction: float, message: str) -> None:
    """The default callback: report nothing, never cancel."""


def scaled(progress: ProgressCallback, start: float, end: float) -> ProgressCallback:
    """A callback for a sub-step that covers ``[start, end]`` of the parent's range."""

    def report(fraction: float, message: str) -> None:
        progress(start + (end - start) * min(max(fraction, 0.0), 1.0), message)

    return report
