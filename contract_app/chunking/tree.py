"""How a section shows in a chunk's heading path (the sections themselves are placed by the section graph)."""

from __future__ import annotations

import re

from contract_app.structure.graph import PlacedSection

_TRAILING_PUNCTUATION = re.compile(r"[\s.:;,\-–—]+$")


def heading(node: PlacedSection) -> str:
    """How the section appears in a heading path: ``Article 4``, ``4.2 Payment``, ``(b)`` (not ``4.2(b)``)."""
    label = node.section.label
    if len(node.path) > 1:
        parent_label = node.path[-2].section.label
        local = label[len(parent_label) :].strip() if label.startswith(parent_label) else ""
        if local.startswith("("):
            label = local
    title = title_of(node)
    return f"{label} {title}" if title else label


def title_of(node: PlacedSection) -> str:
    """The section's title without trailing punctuation ("" when it has none)."""
    return _TRAILING_PUNCTUATION.sub("", node.section.title or "").strip()
