"""The section tree as the chunker needs it: children in order, spans nested, and fast lookups by offset."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from contract_app.model import Section, Span


@dataclass
class Node:
    section: Section
    span: Span  # clipped inside the parent and after the previous sibling, so the tree nests strictly
    children: list[Node] = field(default_factory=list)
    child_starts: list[int] = field(default_factory=list)
    path: tuple[Node, ...] = ()  # root first, this node last


class SectionTree:
    """Nested sections; spans the structure stage got slightly wrong are clipped rather than trusted."""

    def __init__(self, sections: tuple[Section, ...], text_length: int) -> None:
        ids = {section.id for section in sections}
        by_parent: dict[str | None, list[Section]] = {}
        for section in sections:
            parent = section.parent if section.parent in ids and section.parent != section.id else None
            by_parent.setdefault(parent, []).append(section)
        self.nodes: dict[str, Node] = {}
        self.roots = self._build(by_parent, None, (0, text_length), ())
        self.root_starts = [node.span[0] for node in self.roots]

    def _build(
        self, by_parent: dict[str | None, list[Section]], parent: str | None, bounds: Span, path: tuple[Node, ...]
    ) -> list[Node]:
        nodes: list[Node] = []
        previous_end = bounds[0]
        for section in sorted(by_parent.get(parent, ()), key=lambda item: (item.span[0], -item.span[1])):
            start = max(section.span[0], previous_end)
            end = min(section.span[1], bounds[1])
            if start >= end or section.id in self.nodes:
                continue
            node = Node(section, (start, end))
            node.path = (*path, node)
            self.nodes[section.id] = node
            node.children = self._build(by_parent, section.id, node.span, node.path)
            node.child_starts = [child.span[0] for child in node.children]
            nodes.append(node)
            previous_end = end
        return nodes

    def covering(self, span: Span) -> Node | None:
        """The deepest section whose span holds all of ``span``."""
        found: Node | None = None
        nodes, starts = self.roots, self.root_starts
        while True:
            position = bisect_right(starts, span[0]) - 1
            if position < 0:
                return found
            node = nodes[position]
            if node.span[1] < span[1]:
                return found
            found = node
            nodes, starts = node.children, node.child_starts

    def overlapping(self, span: Span) -> list[Node]:
        """Every section sharing text with ``span``, in document order (ancestors before descendants)."""
        result: list[Node] = []
        self._collect(self.roots, self.root_starts, span, result)
        return result

    def _collect(self, nodes: list[Node], starts: list[int], span: Span, result: list[Node]) -> None:
        first = max(bisect_right(starts, span[0]) - 1, 0)
        for node in nodes[first:]:
            if node.span[0] >= span[1]:
                break
            if node.span[1] > span[0]:
                result.append(node)
                self._collect(node.children, node.child_starts, span, result)


_TRAILING_PUNCTUATION = re.compile(r"[\s.:;,\-–—]+$")


def heading(node: Node) -> str:
    """How the section appears in a heading path: ``Article 4``, ``4.2 Payment``, ``(b)`` (not ``4.2(b)``)."""
    label = node.section.label
    if len(node.path) > 1:
        parent_label = node.path[-2].section.label
        local = label[len(parent_label) :].strip() if label.startswith(parent_label) else ""
        if local.startswith("("):
            label = local
    title = title_of(node)
    return f"{label} {title}" if title else label


def title_of(node: Node) -> str:
    """The section's title without trailing punctuation ("" when it has none)."""
    return _TRAILING_PUNCTUATION.sub("", node.section.title or "").strip()
