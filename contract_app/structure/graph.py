"""The section graph: one per contract, the structure every stage walks (chunker, window, reports, checks).

A networkx ``MultiDiGraph``. Nodes: ``"s7"`` (kind="section": the ``Section`` and its label, title, level, page,
end_page, section_kind, span), ``"term:<Term>"`` (kind="term": the term, its first full definition's section, page,
span, refers_to) and ``DOCUMENT`` (kind="document": the text outside every section, such as the preamble). Edges
(``kind`` attribute):

* ``contains``: parent section -> child section;
* ``cites``: citing section (or DOCUMENT) -> cited section, with the ``CrossReference``, its text, page and span
  (one edge per citation). Citations that resolve nowhere are not edges: external and dangling ones are kept on the
  citing node (``external_references`` / ``dangling_references``: lists of ``CrossReference``);
* ``defines``: section (or DOCUMENT) -> term, with the ``Definition``; a pointer ("has the meaning set forth in
  Section 1.4") keeps its target section in ``refers_to`` (its citation is already a ``cites`` edge);
* ``uses``: section (or DOCUMENT) -> term, with ``count`` and ``spans``.

Beside the graph, the sections are placed as a strictly nested tree (a span the structure stage got slightly wrong
is clipped inside its parent and after its previous sibling, an empty one left out) with sorted starts, so offset
lookups are a bisection: ``section_at``, ``covering``, ``overlapping``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import networkx as nx

from contract_app.model import (
    ContractStructure,
    CrossReference,
    Definition,
    Dependencies,
    Section,
    Span,
    TermUse,
)

_Placed = TypeVar("_Placed", CrossReference, TermUse)
DOCUMENT = "document"
DEPENDENCY_DEPTH = 2  # a clause, what it relies on, and what those rely on: deeper pulls in the whole contract


def term_node(term: str) -> str:
    return f"term:{term}"


@dataclass(eq=False)
class PlacedSection:
    """A section as placed in the nested tree: its span clipped so that children nest strictly."""

    section: Section
    span: Span
    children: list[PlacedSection] = field(default_factory=list)
    child_starts: list[int] = field(default_factory=list)
    path: tuple[PlacedSection, ...] = ()  # root first, this one last


class SectionGraph:
    """The graph of one contract, with the lookups the stages need (built once per ``ContractStructure``)."""

    def __init__(self, structure: ContractStructure) -> None:
        self.structure = structure
        self.graph = nx.MultiDiGraph()
        self.citations: tuple[CrossReference, ...] = ()  # the resolved ones (the cites edges), in document order
        self._definitions: dict[str, list[Definition]] = defaultdict(list)
        self._add_sections(structure.sections)
        self._add_citations(structure.cross_references)
        every = sorted((*structure.definitions, *structure.redefinitions), key=lambda definition: definition.span[0])
        self._add_terms(tuple(every), structure.uses)
        self._placed: dict[str, PlacedSection] = {}
        self.roots = self._place(None, (0, len(structure.document.text)), ())
        self.root_starts = [root.span[0] for root in self.roots]
        self._citation_starts = [reference.span[0] for reference in self.citations]
        self._uses = tuple(sorted(structure.uses, key=lambda use: use.span))
        self._use_starts = [use.span[0] for use in self._uses]
        self._occurrences: list[tuple[int, int, str]] | None = None

    # ----- building ---------------------------------------------------------------------------------------------
    def _add_sections(self, sections: tuple[Section, ...]) -> None:
        self.graph.add_node(DOCUMENT, kind="document", external_references=[], dangling_references=[])
        self.graph.add_nodes_from(
            (
                section.id,
                {
                    "kind": "section",
                    "section": section,
                    "label": section.label,
                    "title": section.title,
                    "level": section.level,
                    "page": section.page,
                    "end_page": section.end_page,
                    "section_kind": section.kind,
                    "span": section.span,
                    "external_references": [],
                    "dangling_references": [],
                },
            )
            for section in sections
        )
        self._children: dict[str | None, list[Section]] = defaultdict(list)  # the contains edges, as sections
        for section in sections:
            parent = section.parent if section.parent != section.id and section.parent in self.graph else None
            self._children[parent].append(section)
        self.graph.add_edges_from(
            (parent, child.id, {"kind": "contains"})
            for parent, kids in self._children.items()
            if parent
            for child in kids
        )

    def _add_citations(self, references: tuple[CrossReference, ...]) -> None:
        resolved: list[CrossReference] = []
        for reference in references:
            source = self._holder(reference.source)
            if reference.target is not None and not reference.external and reference.target in self.graph:
                resolved.append(reference)
            elif reference.external:
                self.graph.nodes[source]["external_references"].append(reference)
            elif reference.dangling:
                self.graph.nodes[source]["dangling_references"].append(reference)
        for reference in resolved:
            self.graph.add_edge(
                self._holder(reference.source),
                reference.target,
                kind="cites",
                reference=reference,
                text=reference.text,
                page=reference.page,
                span=reference.span,
            )
        self.citations = tuple(sorted(resolved, key=lambda reference: reference.span))

    def _add_terms(self, definitions: tuple[Definition, ...], uses: tuple[TermUse, ...]) -> None:
        for definition in definitions:
            if definition.term.strip():
                self._definitions[definition.term].append(definition)
        self.graph.add_nodes_from(
            (
                term_node(term),
                {
                    "kind": "term",
                    "term": term,
                    "section": first.section_id,
                    "page": first.page,
                    "span": first.span,
                    "refers_to": first.refers_to,
                },
            )
            for term, first in ((term, _first_full(defined)) for term, defined in self._definitions.items())
        )
        for term, defined in self._definitions.items():
            for definition in defined:
                self.graph.add_edge(
                    self._holder(definition.section_id), term_node(term), kind="defines", definition=definition
                )
        spans: dict[tuple[str, str], list[Span]] = defaultdict(list)
        for use in uses:
            if use.term in self._definitions:
                spans[(self._holder(use.section_id), use.term)].append(use.span)
        for (holder, term), term_spans in spans.items():
            self.graph.add_edge(holder, term_node(term), kind="uses", count=len(term_spans), spans=term_spans)

    def _holder(self, section_id: str | None) -> str:
        return section_id if section_id is not None and section_id in self.graph else DOCUMENT

    def _place(self, parent: str | None, bounds: Span, path: tuple[PlacedSection, ...]) -> list[PlacedSection]:
        """Children in order of their spans, each clipped inside ``bounds`` and after the previous one."""
        placed: list[PlacedSection] = []
        previous_end = bounds[0]
        for section in sorted(self._children.get(parent, ()), key=lambda item: (item.span[0], -item.span[1])):
            start = max(section.span[0], previous_end)
            end = min(section.span[1], bounds[1])
            if start >= end or section.id in self._placed:
                continue
            node = PlacedSection(section, (start, end))
            node.path = (*path, node)
            self._placed[section.id] = node
            node.children = self._place(section.id, node.span, node.path)
            node.child_starts = [child.span[0] for child in node.children]
            placed.append(node)
            previous_end = end
        return placed

    # ----- the tree -----------------------------------------------------------------------------------------------
    def children(self, section_id: str) -> list[Section]:
        """The section's subsections, in document order (its ``contains`` edges)."""
        return list(self._children.get(section_id, ()))

    def placed(self, section_id: str) -> PlacedSection | None:
        """The section as placed in the nested tree (None for one left out: an empty or repeated span)."""
        return self._placed.get(section_id)

    def covering(self, span: Span) -> PlacedSection | None:
        """The deepest section whose span holds all of ``span``."""
        found: PlacedSection | None = None
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

    def section_at(self, offset: int) -> Section | None:
        placed = self.covering((offset, offset + 1))
        return placed.section if placed else None

    def overlapping(self, span: Span) -> list[PlacedSection]:
        """Every section sharing text with ``span``, in document order (ancestors before descendants)."""
        result: list[PlacedSection] = []
        self._collect(self.roots, self.root_starts, span, result)
        return result

    def _collect(self, nodes: list[PlacedSection], starts: list[int], span: Span, result: list[PlacedSection]) -> None:
        first = max(bisect_right(starts, span[0]) - 1, 0)
        for node in nodes[first:]:
            if node.span[0] >= span[1]:
                break
            if node.span[1] > span[0]:
                result.append(node)
                self._collect(node.children, node.child_starts, span, result)

    # ----- citations and terms ------------------------------------------------------------------------------------
    def referenced_by(self, section_id: str) -> tuple[CrossReference, ...]:
        if section_id not in self.graph:
            return ()
        citing = (
            data["reference"] for _, _, data in self.graph.in_edges(section_id, data=True) if data["kind"] == "cites"
        )
        return tuple(sorted(citing, key=lambda reference: reference.span))

    def citations_in(self, span: Span) -> list[CrossReference]:
        """Resolved citations standing wholly inside ``span``, in document order."""
        return _standing_in(self.citations, self._citation_starts, span)

    def uses_in(self, span: Span) -> list[TermUse]:
        """Uses of defined terms standing wholly inside ``span``, in document order."""
        return [use for use in _standing_in(self._uses, self._use_starts, span) if use.term in self._definitions]

    def definitions_of(self, term: str) -> tuple[Definition, ...]:
        """Every place defining ``term`` (or pointing at its definition), in document order."""
        return tuple(self._definitions.get(term, ()))

    def definition_of(self, term: str) -> Definition | None:
        defined = self._definitions.get(term)
        return _first_full(defined) if defined else None

    def first_definition(self, term: str) -> Definition | None:
        """The first place defining ``term``, a pointer included: the one the chunker attaches (a later place
        defining it again is a drafting problem, not a second meaning to offer)."""
        defined = self._definitions.get(term)
        return defined[0] if defined else None

    def term_occurrences(self) -> list[tuple[int, int, str]]:
        """Every use of a defined term as (start, end, term), in order: the structure stage's uses plus one
        whole-word scan that also finds plurals and possessives (``Products``, ``Licensee's``)."""
        if self._occurrences is None:
            found = {
                (use.span[0], use.span[1], use.term) for use in self.structure.uses if use.term in self._definitions
            }
            if self._definitions:
                terms = sorted(self._definitions, key=len, reverse=True)
                pattern = re.compile(
                    r"(?<![\w-])(" + "|".join(re.escape(term) for term in terms) + r")(?:s|es|['’]s)?(?![\w-])"
                )
                text = self.structure.document.text
                found.update((match.start(), match.end(), match.group(1)) for match in pattern.finditer(text))
            self._occurrences = sorted(found)
        return self._occurrences

    def terms(self) -> list[str]:
        """Every defined term, in order of first definition."""
        return list(self._definitions)

    def depends_on(self, section_id: str, depth: int = DEPENDENCY_DEPTH) -> Dependencies:
        """Definitions of the terms the section uses and the sections it cites; then, ``depth - 1`` more times,
        what those definitions and sections use and cite. Nothing the section holds itself is listed."""
        own = self.structure.section(section_id).span
        definitions: dict[Definition, None] = {}  # ordered sets
        sections: dict[str, Section] = {}
        frontier = [own]
        for _ in range(depth):
            found: list[Span] = []
            for span in frontier:
                for use in self.uses_in(span):
                    definition = self.definition_of(use.term)
                    if definition is None or _inside(definition.span, own) or definition in definitions:
                        continue
                    definitions[definition] = None
                    found.append(definition.span)
                for reference in self.citations_in(span):
                    target = self.structure.section(reference.target or "")
                    if _inside(target.span, own) or _inside(own, target.span) or target.id in sections:
                        continue
                    sections[target.id] = target
                    found.append(target.span)
            frontier = found
        return Dependencies(
            definitions=tuple(sorted(definitions, key=lambda item: item.span)),
            sections=tuple(sorted(sections.values(), key=lambda item: item.span)),
        )


def _standing_in(items: Sequence[_Placed], starts: list[int], span: Span) -> list[_Placed]:
    """The items (sorted by span, ``starts`` their starts) standing wholly inside ``span``, in document order."""
    found = []
    for position in range(bisect_left(starts, span[0]), len(items)):  # no slice: it would copy the rest each time
        item = items[position]
        if item.span[0] >= span[1]:
            break
        if item.span[1] <= span[1]:
            found.append(item)
    return found


def _first_full(definitions: list[Definition]) -> Definition:
    """The first definition that says what the term means; a pointer only when there is nothing else."""
    return next((definition for definition in definitions if definition.refers_to is None), definitions[0])


def _inside(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]
