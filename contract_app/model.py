"""The data model every stage shares.

Everything is a frozen dataclass that carries provenance: 1-based page numbers, PDF-point bounding boxes and
character spans into ``ParsedDocument.text``. Any piece of text shown to a lawyer can therefore be traced back
to where it sits on the page (the viewer highlights exactly those boxes).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from contract_app.structure.graph import SectionGraph

Span = tuple[int, int]
"""Half-open character range ``[start, end)`` into ``ParsedDocument.text``."""

CHUNK_SCHEMA_VERSION = 2
"""Bump it when what a chunk holds or what of it is embedded changes: each stored document records the version it
was indexed with and is indexed again under a new one (``retrieval/records.py``).
2: chunks carry the defined terms they use (with a one-line meaning), the sections they cite, and the headings of
the sections that begin inside them."""


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points, origin top-left (PyMuPDF's convention)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def union(self, other: BBox) -> BBox:
        return BBox(min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1))


@dataclass(frozen=True)
class PageInfo:
    number: int  # 1-based physical page
    width: float
    height: float
    ocr: bool = False  # text came from OCR, not the PDF's text layer


@dataclass(frozen=True)
class TextLine:
    """One visual line of body text, in reading order, with where it sits and how it is set."""

    page: int
    bbox: BBox
    text: str
    span: Span  # where ``text`` (possibly repaired) sits in ParsedDocument.text
    font_size: float
    bold: bool
    font: str = ""


@dataclass(frozen=True)
class Highlight:
    """A box to draw on a page: what a citation link resolves to."""

    page: int
    bbox: BBox


@dataclass(frozen=True)
class ParsedDocument:
    """The body text of a PDF (running headers, footers and page numbers removed) with its layout."""

    path: str
    sha256: str  # content hash of the file bytes: the document's identity
    pages: tuple[PageInfo, ...]
    text: str
    lines: tuple[TextLine, ...]  # ordered by span start
    removed_furniture: tuple[str, ...] = ()  # running headers/footers that were kept out of ``text``
    warnings: tuple[str, ...] = ()  # plain sentences (e.g. pages without a text layer that could not be OCRed)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def _line_starts(self) -> list[int]:
        """Computed once: every offset lookup of every stage bisects them (the one offset-to-page index)."""
        cache = self.__dict__.get("_line_start_index")
        if cache is None:
            cache = [line.span[0] for line in self.lines]
            object.__setattr__(self, "_line_start_index", cache)
        return cache

    def lines_in(self, span: Span) -> tuple[TextLine, ...]:
        """Lines overlapping ``span``, using the sorted line starts."""
        starts = self._line_starts
        lo = max(bisect_right(starts, span[0]) - 1, 0)
        hi = bisect_left(starts, span[1])
        return tuple(line for line in self.lines[lo:hi] if line.span[1] > span[0] and line.span[0] < span[1])

    def page_at(self, offset: int) -> int:
        """The page holding character ``offset`` (the nearest line's page)."""
        starts = self._line_starts
        if not starts:
            return 1
        index = max(bisect_right(starts, offset) - 1, 0)
        return self.lines[index].page

    def pages_of(self, span: Span) -> tuple[int, ...]:
        lines = self.lines_in(span)
        if not lines:
            return (self.page_at(span[0]),)
        return tuple(sorted({line.page for line in lines}))

    def highlights(self, span: Span) -> tuple[Highlight, ...]:
        """Boxes covering ``span``: one per line, narrowed proportionally on the first and last line."""
        boxes: list[Highlight] = []
        for line in self.lines_in(span):
            start, end = line.span
            width = line.bbox.x1 - line.bbox.x0
            length = max(end - start, 1)
            left = line.bbox.x0 + width * max(span[0] - start, 0) / length
            right = line.bbox.x1 - width * max(end - span[1], 0) / length
            boxes.append(Highlight(line.page, BBox(left, line.bbox.y0, max(right, left + 1.0), line.bbox.y1)))
        return tuple(boxes)


SectionKind = Literal["article", "section", "subsection", "exhibit", "heading"]


@dataclass(frozen=True)
class Section:
    """A node of the section tree, labelled as a lawyer would cite it (``4.2(b)``, ``Article IV``, ``Exhibit A``)."""

    id: str  # "s1", "s2", ... in document order
    label: str
    title: str | None
    level: int  # 1 = top level
    parent: str | None
    kind: SectionKind
    page: int
    end_page: int
    span: Span  # from the heading to the end of the section, children included
    body_end: int  # end of the section's own text, before its first child (== span[1] when it has none)


DefinitionStyle = Literal["means", "parenthetical", "other"]


@dataclass(frozen=True)
class Definition:
    term: str
    section_id: str | None
    page: int
    span: Span  # the defining sentence (or the pointer sentence for "has the meaning set forth in")
    style: DefinitionStyle
    text: str
    refers_to: str | None = None  # section id when the definition points elsewhere ("as defined in Section 1.4")


@dataclass(frozen=True)
class TermUse:
    term: str
    section_id: str | None
    page: int
    span: Span


@dataclass(frozen=True)
class CrossReference:
    source: str | None  # section id the reference stands in
    text: str  # as written, one target per entry ("Sections 2.1 and 2.3" gives two)
    page: int
    span: Span
    target: str | None  # resolved section id
    target_label: str | None  # the label as cited ("2.3")
    external: bool = False  # points into another agreement or a statute
    dangling: bool = False  # cites a label that does not exist in this document


@dataclass(frozen=True)
class ContractStructure:
    """A parsed contract with its section tree, definitions, term uses and cross-references."""

    document: ParsedDocument
    sections: tuple[Section, ...]
    definitions: tuple[Definition, ...]
    uses: tuple[TermUse, ...]
    cross_references: tuple[CrossReference, ...]
    redefinitions: tuple[Definition, ...] = ()  # later places defining a term again (``definitions`` has its first)

    def section(self, section_id: str) -> Section:
        return self._by_id[section_id]

    @property
    def graph(self) -> SectionGraph:
        """The section graph every stage walks, built on first use and kept with the structure."""
        cache = self.__dict__.get("_section_graph")
        if cache is None:
            from contract_app.structure.graph import SectionGraph  # the graph is made of this model: built late

            cache = SectionGraph(self)
            object.__setattr__(self, "_section_graph", cache)
        return cache

    def section_at(self, offset: int) -> Section | None:
        """The most specific section holding ``offset`` (None in the preamble and between sections)."""
        return self.graph.section_at(offset)

    def referenced_by(self, section_id: str) -> tuple[CrossReference, ...]:
        """Every citation of the section, in document order."""
        return self.graph.referenced_by(section_id)

    def definition_of(self, term: str) -> Definition | None:
        """Where ``term`` is defined (its first full definition; a pointer only when there is no other)."""
        return self.graph.definition_of(term)

    def depends_on(self, section_id: str, depth: int = 2) -> Dependencies:
        """The definitions and cited sections the section relies on, following what those rely on ``depth`` deep."""
        return self.graph.depends_on(section_id, depth)

    def text_of(self, span: Span) -> str:
        return self.document.text[span[0] : span[1]]

    @property
    def _by_id(self) -> dict[str, Section]:
        cache = self.__dict__.get("_section_index")
        if cache is None:
            cache = {section.id: section for section in self.sections}
            object.__setattr__(self, "_section_index", cache)
        return cache


@dataclass(frozen=True)
class Dependencies:
    """What reading a section requires: the definitions of the terms it uses and the sections it cites."""

    definitions: tuple[Definition, ...]
    sections: tuple[Section, ...]


FindingKind = Literal[
    "dangling_reference",
    "missing_attachment",
    "undefined_term",
    "unused_definition",
    "duplicate_definition",
    "numbering_gap",
    "duplicate_number",
]


@dataclass(frozen=True)
class Finding:
    """A drafting problem the structure shows (a citation of a section that is not there, a term never defined)."""

    kind: FindingKind
    label: str | None  # the cited label or section number ("13.2", "Exhibit B"), None for term findings
    term: str | None  # the defined (or undefined) term, None for the others
    section: str | None  # label of the section the place stands in (None in the preamble)
    page: int
    span: Span
    message: str  # one plain sentence
    related: tuple[Span, ...] = ()  # the other places involved (the first definition of a term defined twice)

    @property
    def place(self) -> str:
        """Where a lawyer looks: ``p. 4, Section 13.2`` (plain data, so the window can show it on its own thread)."""
        return f"p. {self.page}" + (f", {cited_as(self.section)}" if self.section else "")


KIND_TITLES = {
    "dangling_reference": "Dangling references",
    "missing_attachment": "Missing attachments",
    "undefined_term": "Terms used but not defined",
    "unused_definition": "Definitions never used",
    "duplicate_definition": "Terms defined twice",
    "numbering_gap": "Gaps in numbering",
    "duplicate_number": "Numbers used twice",
}
"""Every kind, in the order findings are listed, with its heading for people."""

NO_FINDINGS = "No drafting issues found."
"""What every view of the checks (command, window, report) says when there is nothing to report."""


def findings_by_kind(findings: tuple[Finding, ...]) -> list[tuple[str, str, tuple[Finding, ...]]]:
    """``(kind, heading, findings)`` for each kind found, in ``KIND_TITLES`` order: how every view groups them."""
    grouped = []
    for kind, title in KIND_TITLES.items():
        found = tuple(finding for finding in findings if finding.kind == kind)
        if found:
            grouped.append((kind, title, found))
    return grouped


def findings_summary(findings: tuple[Finding, ...]) -> str:
    """One sentence over all findings: ``3 drafting issues found.`` or ``No drafting issues found.``"""
    if not findings:
        return NO_FINDINGS
    return f"{len(findings)} drafting issue{'s' if len(findings) > 1 else ''} found."


def cited_as(label: str) -> str:
    """How a lawyer names the unit in a sentence: ``Section 13.2``, ``clause (b)``, ``Exhibit B``."""
    if label.startswith("("):
        return f"clause {label}"
    return f"Section {label}" if label[:1].isdigit() or len(label.split()) == 1 else label


ContextKind = Literal["definition", "reference"]


@dataclass(frozen=True)
class LinkedContext:
    """Text a chunk depends on, attached by walking the section graph (kept apart from the chunk's own text)."""

    kind: ContextKind
    label: str  # the term for a definition, the section label for a reference
    text: str
    section_id: str | None
    pages: tuple[int, ...]
    span: Span


@dataclass(frozen=True)
class TermMeaning:
    """A defined term a chunk uses (defined elsewhere), with the gist of its definition on one line: a search can
    then match the words the definition uses ("Deliverables": all reports Provider prepares for Customer)."""

    term: str
    meaning: str


@dataclass(frozen=True)
class CitedSection:
    """A section a chunk cites: its id in the section graph and the titles along its heading path, as words."""

    section_id: str
    title: str  # "TERMINATION > Termination for Convenience"


@dataclass(frozen=True)
class Chunk:
    """A section-bounded piece of clause text plus where it came from and what it depends on."""

    id: str  # stable: f"{doc_sha256[:16]}:{index}"
    doc_id: str  # the document's sha256
    index: int
    text: str  # the clause text itself, exactly ParsedDocument.text[char_span]
    char_span: Span
    pages: tuple[int, ...]
    section_ids: tuple[str, ...]
    section_label: str  # the most specific section covering the whole chunk
    heading_path: tuple[str, ...]  # ("Article 4", "4.2 Payment", "(b)")
    inner_headings: tuple[str, ...] = ()  # the sections that begin inside it, below the one covering it all
    context: tuple[LinkedContext, ...] = ()
    terms: tuple[TermMeaning, ...] = ()  # every defined term it uses, in order of first use (context may hold fewer)
    cited: tuple[CitedSection, ...] = ()  # every section it cites, in document order
    schema_version: int = CHUNK_SCHEMA_VERSION


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    stage_scores: dict[str, float] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Citation:
    chunk_id: str
    section: str
    pages: tuple[int, ...]
    char_span: Span
    quote: str | None = None
