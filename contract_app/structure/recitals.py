"""Numbered recitals: ``Whereas:`` / ``1. Service Provider is ...`` / ``2. Service Recipient ...`` before the
operative text are the background of the contract, not its sections (they would also duplicate the labels of the
body's own ``1.`` and ``2.``).

The recitals are the numbered paragraphs that follow a recitals caption right below it and count up from 1 (a
caption followed by ``WHEREAS, ...`` paragraphs has unnumbered recitals); they end where the
numbering starts again, where anything else numbered comes, or where the operative text begins ("the parties agree
as follows"). Lettered recitals (``A.``, ``B.``) are held back by the preamble rule of the tree builder anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contract_app.structure.numbering import Marker

_CAPTION = re.compile(
    r"^(?:WHEREAS|Whereas|RECITALS?|Recitals?|BACKGROUND|Background|PREAMBLE|Preamble|WITNESSETH|Witnesseth"
    r"|W\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H)\s*[:.]?\s*$"
)


def is_recitals_caption(text: str) -> bool:
    return _CAPTION.match(text.strip()) is not None


@dataclass
class Recitals:
    """The run of numbered recitals after a caption, while it lasts."""

    numbers: list[float] = field(default_factory=list)
    over: bool = False

    def unmarked_line(self) -> None:
        """A line without a marker: under the caption, before any numbered recital, it means there are none."""
        if not self.numbers:
            self.over = True

    def take(self, marker: Marker) -> bool:
        """Whether the line opening with ``marker`` is the next recital (otherwise the recitals are over)."""
        if self.over:
            return False
        numbers = marker.level_numbers
        expected = self.numbers[-1] + 1 if self.numbers else 1
        if marker.kind != "decimal" or len(numbers) != 1 or numbers[0] != expected:
            self.over = True
            return False
        self.numbers.append(numbers[0])
        return True
