"""What an answer is, whichever backend produced it."""

from __future__ import annotations

from dataclasses import dataclass

from contract_app.model import Citation


@dataclass(frozen=True)
class Answer:
    """``[n]`` in ``text`` refers to ``citations[n - 1]``; ``grounded`` is False when anything could not be verified."""

    text: str
    citations: tuple[Citation, ...]
    backend: str  # "offline" or the model's name
    grounded: bool
    notices: tuple[str, ...] = ()  # plain sentences for the user (fallbacks, removed citations)
