"""Inline enumerations that the contract cites become sections: ``... shall (a) deliver ... and (b) pay ...``.

Items set on their own lines are sections already; a list running inside a sentence is not, unless another clause
cites one of its items (``Section 5.2(b)``, ``clause (b) above``). A lawyer cites 5.2(b), so it is a unit: every item
of that enumeration becomes a section under the unit that holds it, and the citation resolves to the item.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from contract_app.model import ParsedDocument, Section, Span
from contract_app.sentences import sentence_end
from contract_app.structure.numbering import Series, clause_values

# "(b)" inside a sentence (a block item is the tree builder's), not glued to a word ("2(b)")
_INLINE_MARKER = re.compile(r"(?<=\s)\((?P<token>[a-z]{1,2}|[ivx]{1,6}|[A-Z]|\d{1,2})\)(?=\s)")
_MIN_ITEMS = 2  # "(i)" with no "(ii)" after it is a parenthesis, not an enumeration


@dataclass(frozen=True)
class CitedClause:
    """A citation of clauses below a unit that has no such section: ``5.2(b)(ii)`` is unit 5.2, ("(b)", "(ii)")."""

    unit: Section
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class _Marker:
    token: str
    start: int


def _sequences(markers: list[_Marker], series: Series) -> list[list[_Marker]]:
    """The enumerations numbered in ``series``: each starts at its first item, then 2 after it, then 3 ..."""
    sequences: list[list[_Marker]] = []
    for marker in markers:
        value = clause_values(marker.token).get(series)
        if value == 1:
            sequences.append([marker])
        elif sequences and value == len(sequences[-1]) + 1:
            sequences[-1].append(marker)
    return [sequence for sequence in sequences if len(sequence) >= _MIN_ITEMS]


class _Enumerator:
    def __init__(self, doc: ParsedDocument, sections: tuple[Section, ...], citations: list[Span]) -> None:
        self.doc = doc
        self.text = doc.text
        self.pages = doc
        self.labels = {section.label.casefold() for section in sections}
        self.section_starts = {section.span[0] for section in sections}
        self.citation_starts = [span[0] for span in citations]
        self.citations = citations
        self.added: list[Section] = []
        self.body_ends: dict[str, int] = {}

    def _in_citation(self, position: int) -> bool:
        index = bisect_left(self.citation_starts, position + 1) - 1
        return index >= 0 and self.citations[index][0] <= position < self.citations[index][1]

    def _markers(self, unit: Section) -> list[_Marker]:
        end = self.body_ends.get(unit.id, unit.body_end)
        return [
            _Marker(match["token"], match.start())
            for match in _INLINE_MARKER.finditer(self.text, unit.span[0], end)
            if not self._in_citation(match.start()) and match.start() not in self.section_starts
        ]

    def add(self, cited: CitedClause) -> None:
        unit = cited.unit
        for clause in cited.clauses:
            existing = self._child(unit, clause)
            if existing is None:
                existing = self._enumerate(unit, clause)
            if existing is None:
                return
            unit = existing

    def _child(self, unit: Section, clause: str) -> Section | None:
        label = self._label(unit, clause)
        return next((section for section in self.added if section.label == label), None)

    @staticmethod
    def _label(unit: Section, clause: str) -> str:
        return f"{unit.label}{' ' if unit.kind == 'exhibit' else ''}{clause}"

    def _enumerate(self, unit: Section, clause: str) -> Section | None:
        """Make the items of the enumeration in ``unit`` that holds ``clause``; the item cited, or None."""
        token = clause.strip("()")
        if self._label(unit, clause).casefold() in self.labels:
            return None  # the tree has it already (a block item): nothing inline to make
        markers = self._markers(unit)
        for series in clause_values(token):
            for sequence in _sequences(markers, series):
                if any(marker.token == token for marker in sequence):
                    items = self._make_items(unit, sequence)
                    return next(item for item, marker in zip(items, sequence, strict=True) if marker.token == token)
        return None

    def _make_items(self, unit: Section, sequence: list[_Marker]) -> list[Section]:
        unit_end = self.body_ends.get(unit.id, unit.body_end)
        last = sequence[-1].start
        bounds = [marker.start for marker in sequence] + [sentence_end(self.text, last, unit_end)]
        items = []
        for number, marker in enumerate(sequence):
            start, end = bounds[number], bounds[number + 1]
            end = max(start + 1, len(self.text[start:end].rstrip()) + start)
            items.append(
                Section(
                    id=f"{unit.id}.{marker.token}",
                    label=self._label(unit, f"({marker.token})"),
                    title=None,
                    level=unit.level + 1,
                    parent=unit.id,
                    kind="subsection",
                    page=self.pages.page_at(start),
                    end_page=self.pages.page_at(end - 1),
                    span=(start, end),
                    body_end=end,
                )
            )
        self.body_ends[unit.id] = min(unit_end, sequence[0].start)
        self.added.extend(items)
        self.labels.update(item.label.casefold() for item in items)
        return items


@dataclass(frozen=True)
class Enumerated:
    """The section tree with the cited inline items added, and each old section id's new one (empty when no
    item was added and the tree is unchanged)."""

    sections: tuple[Section, ...]
    renamed: dict[str, str]


def _renumbered(sections: list[Section]) -> Enumerated:
    """Ids ``s1``, ``s2`` ... in document order again (a parent before the items it holds)."""
    ordered = sorted(sections, key=lambda section: (section.span[0], section.level))
    new_ids = {section.id: f"s{number}" for number, section in enumerate(ordered, start=1)}
    renumbered = tuple(
        replace(section, id=new_ids[section.id], parent=new_ids[section.parent] if section.parent else None)
        for section in ordered
    )
    return Enumerated(renumbered, new_ids)


def add_cited_enumerations(
    doc: ParsedDocument, sections: tuple[Section, ...], cited: list[CitedClause], citations: list[Span]
) -> Enumerated:
    """``sections`` with every item of each cited inline enumeration added (unchanged when none is cited);
    ``citations`` are the spans of the citations found, whose own "(b)" is no item marker."""
    if not cited:
        return Enumerated(sections, {})
    enumerator = _Enumerator(doc, sections, sorted(citations))
    for clause in cited:
        enumerator.add(clause)
    if not enumerator.added:
        return Enumerated(sections, {})
    body_ends = enumerator.body_ends
    kept = [
        replace(section, body_end=body_ends[section.id]) if section.id in body_ends else section for section in sections
    ]
    return _renumbered(kept + enumerator.added)
