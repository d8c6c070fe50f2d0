"""Streaming deltas to the user with citation markers already in their final form ("[C2]" becomes "[1]").

The model's ids are prompt-local; the reader sees the numbering ``verify`` will give (order of first use). A marker
split across deltas is held back until it is complete, and ids that were never given to the model are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from contract_app.answering.citations import MARKER, marker_ids
from contract_app.answering.llm import TokenCallback

_LONGEST_MARKER = 40
_SPACED_MARKER = re.compile(r"[ \t]*" + MARKER.pattern, re.IGNORECASE)  # a dropped marker takes its space along


class MarkerStream:
    def __init__(self, valid_ids: Collection[str], on_token: TokenCallback) -> None:
        self._valid = set(valid_ids)
        self._on_token = on_token
        self._numbers: dict[str, int] = {}
        self._pending = ""

    def feed(self, delta: str) -> None:
        self._pending += delta
        opening = self._pending.rfind("[")
        hold = opening >= 0 and "]" not in self._pending[opening:] and len(self._pending) - opening < _LONGEST_MARKER
        if not hold:
            opening = len(self._pending)
        while opening > 0 and self._pending[opening - 1] in " \t":  # the space before a marker may have to go
            opening -= 1
        ready, self._pending = self._pending[:opening], self._pending[opening:]
        self._emit(ready)

    def close(self) -> None:
        self._emit(self._pending)
        self._pending = ""

    def _emit(self, text: str) -> None:
        if text:
            self._on_token(_SPACED_MARKER.sub(self._renumber, text))

    def _renumber(self, match: re.Match[str]) -> str:
        kept = [i for i in marker_ids(match) if i in self._valid]
        for clause_id in kept:
            self._numbers.setdefault(clause_id, len(self._numbers) + 1)
        if not kept:
            return ""
        space = match.group(0)[: len(match.group(0)) - len(match.group(0).lstrip(" \t"))]
        return space + "".join(f"[{self._numbers[i]}]" for i in kept)
