"""Back and Forward through the places the lawyer jumped from (a citation, a cross-reference, Go to page...).

A browser's history, over reading positions: a jump remembers where the reader was; Back returns there (and
Forward undoes that); a new jump after going back drops what lay forward. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 100


@dataclass(frozen=True)
class Position:
    """Where the reader is: the page at the top of the view and how far down it, in PDF points."""

    page: int
    y: float = 0.0

    def near(self, other: Position) -> bool:
        return self.page == other.page and abs(self.y - other.y) < 24


class NavigationHistory:
    def __init__(self) -> None:
        self._back: list[Position] = []
        self._forward: list[Position] = []

    def jumped_from(self, position: Position) -> None:
        """Remember where the reader was before a jump (once, however many jumps start from there)."""
        if not (self._back and self._back[-1].near(position)):
            self._back.append(position)
            del self._back[:-LIMIT]
        self._forward.clear()

    def back(self, current: Position) -> Position | None:
        if not self._back:
            return None
        self._forward.append(current)
        return self._back.pop()

    def forward(self, current: Position) -> Position | None:
        if not self._forward:
            return None
        self._back.append(current)
        return self._forward.pop()

    @property
    def can_go_back(self) -> bool:
        return bool(self._back)

    @property
    def can_go_forward(self) -> bool:
        return bool(self._forward)

    def clear(self) -> None:
        self._back.clear()
        self._forward.clear()
