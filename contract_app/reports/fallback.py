"""A failing model never leaves the lawyer without a report: the offline one is built instead, with a notice saying
why (as ``ask`` does for answers). The model server may be down, refuse the key, or time out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from contract_app.errors import BackendError
from contract_app.reports.results import ClauseReport, Summary

Built = TypeVar("Built", ClauseReport, Summary)


def offline_on_failure(with_model: Callable[[], Built], offline: Callable[[], Built], what: str) -> Built:
    """``with_model()``, or when its backend fails, ``offline()`` with a notice naming the failure first."""
    try:
        return with_model()
    except BackendError as error:
        result = offline()
        return replace(result, notices=(f"{error} Showing the offline {what} instead.", *result.notices))
