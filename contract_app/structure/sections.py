"""The section tree: numbered and lettered units set on their own lines, labelled as a lawyer cites them.

One pass over the lines keeps a stack of open sections. A line that opens with a marker (``4.2``, ``(b)``,
``ARTICLE IV``, ``Exhibit A``) becomes a section only when the numbering around it agrees: it continues an open list,
starts a new one, or (tolerating broken numbering) stands after a finished sentence. Markers that merely continue a
wrapped sentence, sit in a table of contents, or precede the operative text (parties, recitals) are not sections.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from contract_app.model import ParsedDocument, Section, SectionKind, TextLine
from contract_app.structure.contents import DOT_LEADERS, TOC_ENTRY, TOC_TITLE, toc_lines
from contract_app.structure.headings import (
    MAX_TITLE_WORDS,
    QUOTE_OPENERS,
    RUN_IN_TITLE,
    clean_title,
    is_caps,
    is_title_case,
    page_boxes,
    run_in_title,
)
from contract_app.structure.numbering import HEADING_STYLE, Form, ListStyle, Marker, Reading, read_marker

_LIST_SEPARATOR = re.compile(r"(?:[;,]\s*(?:and|or|and/or)|[.:;!?])$")
_DANGLING_WORD = re.compile(r"\b(?:and|or|the|of|to|in|a|an|by|for|with|under|pursuant|per|than|nor)$")
_CLOSING_MARKS = ")]”\"'"
_HEADING_OPENERS = ".:-–—"
_MAX_OWN_LINE_TITLE = 120  # characters of a title set on the line below its number
_MAX_ATTACHMENT_WORDS = 14  # "Exhibit A – Form of Notice" has a few words after the marker; a sentence has more
_MAX_HEADING_WORDS = 10  # an unnumbered heading in capitals or bold
_MIN_FOLLOWING_WORDS = 6  # ... introduces running text, not a signature block or a cover page
_CAPS_PROBE = 40  # characters of a line read to tell a heading in capitals
_FEW_SECTIONS = 3
_SCOPE_KINDS = ("article", "exhibit", "heading")  # decimals restart inside them
_CHILDLESS_LABEL_KINDS = ("exhibit", "heading")  # "Exhibit A 3": their items are cited after a space


@dataclass
class _Node:
    """A section while the tree is being built."""

    index: int
    label: str
    title: str | None
    kind: SectionKind
    style: ListStyle
    value: int
    numbers: tuple[int, ...]
    page: int
    start: int
    parent: _Node | None
    level: int
    token: str
    end: int = -1
    first_child_start: int = -1
    children: list[_Node] = field(default_factory=list)

    @property
    def is_scope(self) -> bool:
        return self.kind in _SCOPE_KINDS

    @property
    def labels_items_after_space(self) -> bool:
        return self.kind in _CHILDLESS_LABEL_KINDS


def _child_label(parent: _Node | None, token: str, enum: bool) -> str:
    """``4.2(b)`` under a section; ``Exhibit A (b)`` / ``Exhibit A 3`` under an attachment or a heading."""
    if parent is None:
        return f"({token})" if enum else token
    if parent.labels_items_after_space:
        return f"{parent.label} ({token})" if enum else f"{parent.label} {token}"
    return f"{parent.label}({token})"


def _ends_clause(text: str) -> bool:
    """A line ending in a full stop, a list separator ("; and") or a closing bracket or quote."""
    return bool(_LIST_SEPARATOR.search(text)) or text[-1] in _CLOSING_MARKS


def _is_lone_marker(text: str) -> bool:
    return read_marker(text.lstrip()) is not None and len(text.split()) <= 1


class _TreeBuilder:
    """Feeds candidate heading lines through the numbering stack (see the module docstring)."""

    def __init__(self, doc: ParsedDocument, toc: set[int]) -> None:
        self.doc = doc
        self.toc = toc
        self.lines = doc.lines
        self.pages = page_boxes(doc.lines)
        self.nodes: list[_Node] = []
        self.stack: list[_Node] = []
        self.last_decimal: tuple[int, ...] | None = None
        self.last_article = 0
        self.body_started = False
        self.decimal_style: str | None = None  # "." or ")": how this contract numbers its sections

    # ----- line context -------------------------------------------------------------------------------------
    def _continues_sentence(self, index: int) -> bool:
        """True when line ``index`` only continues a sentence wrapped from the previous line."""
        if index == 0 or index - 1 in self.toc:
            return False
        previous = self.lines[index - 1]
        text = previous.text.rstrip()
        if not text or previous.bold or is_caps(text) or _ends_clause(text) or _is_lone_marker(text):
            return False
        return bool(_DANGLING_WORD.search(text)) or self.pages[previous.page].fills_line(previous)

    def _wrapped_here(self, index: int) -> bool:
        """The line continues a sentence and nothing (bold) says it opens a unit of its own."""
        return self._continues_sentence(index) and not self.lines[index].bold

    def _emphasised(self, line: TextLine, rest: str) -> bool:
        """Set in bold, or the text after the marker in capitals."""
        return line.bold or (bool(rest) and is_caps(rest[:_CAPS_PROBE]))

    @staticmethod
    def _heading_like(line: TextLine, rest: str) -> bool:
        return (
            line.bold
            or not rest
            or is_caps(rest[:60])
            or rest[0] in _HEADING_OPENERS
            or rest[0].isupper()
            or (rest[0] in QUOTE_OPENERS or rest[0].isdigit())
        )

    # ----- titles ---------------------------------------------------------------------------------------------
    def _title(self, index: int, rest: str, own_line_title: bool = False) -> str | None:
        """The unit's title: after its marker, or alone on the next line; ``own_line_title`` for articles and
        attachments, whose heading line holds nothing but the title."""
        line = self.lines[index]
        rest = rest.lstrip(".:-–— ").strip()
        from_next_line = False
        if not rest:
            following = self._title_line_below(index)
            if following is None:
                return None
            rest = following.text.strip()
            if following.bold or is_caps(rest):
                return clean_title(rest) if len(rest) <= _MAX_OWN_LINE_TITLE else None
            line = following
            from_next_line = not rest.endswith(",")
        words = len(rest.split())
        shaped = self._shaped_title(line, rest, words)
        if shaped is not None:
            return shaped
        if own_line_title and words <= MAX_TITLE_WORDS:
            return clean_title(rest)
        run_in = run_in_title(rest)
        if run_in is not None:
            return clean_title(run_in)
        short_line = self.pages[line.page].is_short(line)
        if is_title_case(rest) and (
            (rest[-1] in ".:" and words <= 8) or ((from_next_line or short_line) and words <= 6)
        ):
            return clean_title(rest)
        return None

    def _title_line_below(self, index: int) -> TextLine | None:
        """The line under a bare marker, when it may hold the title (same page, not a marker of its own)."""
        if index + 1 >= len(self.lines):
            return None
        following = self.lines[index + 1]
        if read_marker(following.text.strip()) is not None or following.page != self.lines[index].page:
            return None
        return following if following.text.strip() else None

    def _shaped_title(self, line: TextLine, rest: str, words: int) -> str | None:
        """A title set apart by its shape: in capitals, or bold and title-cased, on a line of its own."""
        match = RUN_IN_TITLE.match(rest)
        shaped = is_caps(rest) or (line.bold and is_title_case(match[1] if match else rest))
        wrapped = self.pages[line.page].reaches_right_margin(line) and words > 6
        if not shaped or words > MAX_TITLE_WORDS or rest.endswith(",") or wrapped:
            return None
        if match and len(rest) - match.end() > 2 and not is_caps(rest):
            return clean_title(match["title"])
        return clean_title(rest)

    # ----- stack --------------------------------------------------------------------------------------------
    def _pop_to(self, depth: int, start: int) -> None:
        while len(self.stack) > depth:
            node = self.stack.pop()
            node.end = start

    def _scope_depth(self) -> int:
        """Stack depth of the innermost article, attachment or heading (decimals restart inside them)."""
        for depth in range(len(self.stack), 0, -1):
            if self.stack[depth - 1].is_scope:
                return depth
        return 0

    def _push(
        self,
        marker: Marker,
        reading: Reading,
        index: int,
        kind: SectionKind,
        label: str,
        title: str | None,
        numbers: tuple[int, ...] = (),
    ) -> None:
        line = self.lines[index]
        offset = len(line.text) - len(line.text.lstrip())
        start = line.span[0] + offset
        parent = self.stack[-1] if self.stack else None
        node = _Node(
            len(self.nodes),
            label,
            title,
            kind,
            reading.style,
            reading.value,
            numbers,
            line.page,
            start,
            parent,
            len(self.stack) + 1,
            marker.token,
        )
        if parent is not None:
            if parent.first_child_start < 0:
                parent.first_child_start = start
            parent.children.append(node)
        self.nodes.append(node)
        self.stack.append(node)

    def _open_body(self) -> None:
        """The operative text has begun: lettered items from here on may be sections."""
        self.body_started = True

    # ----- articles and attachments -------------------------------------------------------------------------
    def article(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        value = marker.numbers[0]
        emphasised = line.bold or is_caps(line.text)
        if rest and not (rest[0] in ".:-–—[(" or rest[0].isupper() or rest[0].isdigit()):
            return False
        if self._wrapped_here(index):
            return False
        in_sequence = value == 1 or self.last_article < value <= self.last_article + 3
        if not in_sequence and not emphasised:
            return False
        if value <= self.last_article and not (value == 1 and emphasised):
            return False
        depth = self._scope_depth()
        while depth and self.stack[depth - 1].kind == "article":
            depth -= 1
        self._pop_to(depth, line.span[0])
        self.last_article = value
        self.last_decimal = None
        self._open_body()
        label = f"Article {marker.token.upper()}"
        if self.stack:
            label = f"{self.stack[-1].label} {label}"
        title = self._title(index, rest, own_line_title=True)
        self._push(marker, marker.readings[0], index, "article", label, title, marker.numbers)
        return True

    def _attachment_caption(self, rest: str) -> bool:
        """What follows ``Exhibit A`` on its line is a caption (a dash, a title), not a sentence citing it."""
        if rest and not (rest[0] in "-–—:.(" or rest[0].isupper()):
            return False
        title = rest.lstrip("-–—:. ")
        if len(rest.split()) > _MAX_ATTACHMENT_WORDS or "," in rest:
            return False
        return not title or is_caps(title) or is_title_case(title, 0.8)

    def _set_apart(self, index: int, rest: str) -> bool:
        """The attachment's heading stands apart: first on its page, bold, centred, or alone in capitals."""
        line = self.lines[index]
        first_on_page = (
            index == 0
            or self.lines[index - 1].page != line.page
            or (index >= 2 and self.lines[index - 2].page != line.page)
        )
        alone_in_capitals = not rest and is_caps(line.text.strip()) and not self._continues_sentence(index)
        return first_on_page or line.bold or self.pages[line.page].is_centred(line) or alone_in_capitals

    def attachment(self, marker: Marker, index: int, rest: str) -> bool:
        if not self._attachment_caption(rest) or not self._set_apart(index, rest):
            return False
        label = f"{marker.word} {marker.token}"
        if self.stack and self.stack[0].kind == "exhibit" and self.stack[0].label == label:
            return False  # the heading repeated on a continuation page
        self._pop_to(0, self.lines[index].span[0])
        self.last_decimal = None
        self._open_body()
        title = self._title(index, rest, own_line_title=True)
        self._push(marker, marker.readings[0], index, "exhibit", label, title)
        return True

    # ----- decimal sections ---------------------------------------------------------------------------------
    def _decimal_fits(self, numbers: tuple[int, ...], heading: bool) -> bool:
        """The number continues the numbering so far (a gap of up to 2, or 3 for a heading, is tolerated)."""
        previous = self.last_decimal
        if previous is None:
            return self._decimal_opens(numbers, heading)
        limit = 3 if heading else 2
        if numbers[: len(previous)] == previous and all(part in (0, 1) for part in numbers[len(previous) :]):
            return len(numbers) > len(previous)
        for cut in range(min(len(previous), len(numbers)), 0, -1):
            if numbers[: cut - 1] == previous[: cut - 1] and 0 < numbers[cut - 1] - previous[cut - 1] <= limit:
                return all(part in (0, 1) for part in numbers[cut:])
        return heading and numbers == (1,) * len(numbers) and self._scope_depth() == 0 and len(numbers) == 1

    def _decimal_opens(self, numbers: tuple[int, ...], heading: bool) -> bool:
        """The first decimal of the document or of an article: ``1``, ``1.1`` (or the article's own number)."""
        scope = self.stack[self._scope_depth() - 1] if self._scope_depth() else None
        first_parts = all(part <= 1 for part in numbers[1:])
        if scope is not None and scope.kind == "article" and numbers[0] == scope.numbers[0]:
            return first_parts or heading
        return first_parts and (numbers[0] <= 2 or (heading and numbers[0] <= 3))

    def _decimal_heading_shaped(self, marker: Marker, line: TextLine, rest: str) -> bool:
        """Whether the line can open a decimal section at all (a number at a line start is often just text)."""
        if not self._heading_like(line, rest):
            return False
        emphasised = self._emphasised(line, rest)
        plain_section_word = marker.word == "Section" and not (marker.dotted or not rest or emphasised)
        if plain_section_word and (RUN_IN_TITLE.match(rest) is None or not is_title_case(rest.split(".")[0])):
            return False  # "Section 3 shall ..." wrapped onto a new line is a reference, not a heading
        if not (marker.dotted or marker.word or len(marker.level_numbers) > 1 or line.bold or is_caps(rest)):
            return False  # "5 days" at the start of a line
        # "3)" items in a contract whose sections are numbered "3." are a list
        closing = marker.word == ")"
        return not (closing and (self.decimal_style not in (None, ")") or not is_title_case(rest)))

    def _decimal_depth(self, numbers: tuple[int, ...]) -> int:
        """Where the section goes: under its numeric parent when open, else beside a sibling, else in scope."""
        scope = self._scope_depth()
        for depth in range(len(self.stack), scope, -1):
            node = self.stack[depth - 1]
            if not node.style.decimal:
                continue
            if len(node.numbers) < len(numbers) and node.numbers == numbers[: len(node.numbers)]:
                return depth
            if len(node.numbers) <= len(numbers):
                return depth - 1
        return scope

    def decimal(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        numbers = marker.level_numbers
        if self._wrapped_here(index) or not self._decimal_heading_shaped(marker, line, rest):
            return False
        heading = self._emphasised(line, rest) or marker.word == "Section"
        if not self._decimal_fits(numbers, heading):
            return False
        self._pop_to(self._decimal_depth(numbers), line.span[0])
        self.last_decimal = numbers
        self.decimal_style = self.decimal_style or (")" if marker.word == ")" else ".")
        self._open_body()
        parent = self.stack[-1] if self.stack else None
        if parent is not None and parent.labels_items_after_space:
            label = f"{parent.label} {marker.token}"
        elif parent is not None and parent.style.decimal and len(numbers) == 1:
            label = f"{parent.label}({marker.token})"
        else:
            label = marker.token
        reading = next(reading for reading in marker.readings if reading.style.decimal)
        kind: SectionKind = "section" if len(numbers) <= 2 or parent is None else "subsection"
        self._push(marker, reading, index, kind, label, self._title(index, rest), numbers)
        return True

    # ----- lettered and numbered items ----------------------------------------------------------------------
    def _next_in_open_list(self, readings: list[Reading], wrapped: bool) -> tuple[Reading, int] | None:
        """The reading that continues an open list (the next value, or one skipped), and the list's depth."""
        for gap in (1, 2):
            if wrapped and gap > 1:
                continue
            for depth in range(len(self.stack), 0, -1):
                node = self.stack[depth - 1]
                if node.kind == "exhibit" or (node.style.decimal and node.style.depth != 1):
                    continue
                for reading in readings:
                    if node.style == reading.style and reading.value - node.value == gap:
                        return reading, depth - 1
                if node.style.form in (Form.DECIMAL, Form.ARTICLE):
                    break
        return None

    def _first_of_new_list(self, readings: list[Reading]) -> tuple[Reading, int] | None:
        """A first item (``(a)``, ``(i)``, ``1.``) opens a list below the innermost open unit."""
        for reading in readings:
            if reading.value == 1:
                same = [depth for depth in range(len(self.stack)) if self.stack[depth].style == reading.style]
                return reading, same[-1] if same else len(self.stack)
        return None

    def enum(self, marker: Marker, index: int, rest: str) -> bool:
        if not self.body_started or not self.stack:
            return False
        wrapped = self._wrapped_here(index)
        readings = [reading for reading in marker.readings if not reading.style.decimal]
        found = self._next_in_open_list(readings, wrapped)
        if found is None and not wrapped:
            found = self._first_of_new_list(readings)
            top = self.stack[-1]
            if found is None and top.kind == "subsection" and top.style.form in (Form.PAREN, Form.DOT, Form.RPAREN):
                found = readings[0], len(self.stack) - 1  # broken numbering after a finished sentence
        if found is None:
            return False
        reading, depth = found
        self._pop_to(depth, self.lines[index].span[0])
        parent = self.stack[-1] if self.stack else None
        enum = not reading.style.numbered_item or (parent is not None and not parent.labels_items_after_space)
        label = _child_label(parent, marker.token, enum=enum)
        self._push(marker, reading, index, "subsection", label, self._title(index, rest))
        return True

    # ----- unnumbered headings ------------------------------------------------------------------------------
    def heading(self, index: int, text: str) -> bool:
        line = self.lines[index]
        words = text.split()
        if not (1 <= len(words) <= _MAX_HEADING_WORDS) or text[-1] in ".,;:" or not (is_caps(text) or line.bold):
            return False
        if not text[0].isalpha() or self._continues_sentence(index):
            return False
        following = self.lines[index + 1].text.split() if index + 1 < len(self.lines) else []
        if len(following) < _MIN_FOLLOWING_WORDS or is_caps(" ".join(following)):
            return False  # a heading introduces running text (not a signature block or a cover page)
        self._pop_to(0, line.span[0])
        self._open_body()
        self.last_decimal = None
        reading = Reading(HEADING_STYLE, 0)
        self._push(Marker("heading", text, (reading,)), reading, index, "heading", text, text)
        return True

    # ----- driver -------------------------------------------------------------------------------------------
    def build(self, headings: bool = False) -> tuple[Section, ...]:
        """One pass over the lines; with ``headings``, unnumbered headings in capitals or bold open sections too
        (the fallback for contracts that number nothing but lists)."""
        in_toc = False
        for index, line in enumerate(self.lines):
            if index in self.toc:
                continue
            text = line.text.lstrip()
            if TOC_TITLE.match(text):
                in_toc = True
                continue
            marker = read_marker(text)
            if marker is None:
                if headings:
                    self.heading(index, text.rstrip())
                continue
            rest = text[marker.end :].strip()
            if in_toc:
                if DOT_LEADERS.search(text) or TOC_ENTRY.search(text):
                    continue
                in_toc = False
            self._feed(marker, index, rest)
        self._pop_to(0, len(self.doc.text))
        return self._freeze()

    def _feed(self, marker: Marker, index: int, rest: str) -> bool:
        if marker.kind == "article":
            return self.article(marker, index, rest)
        if marker.kind == "attachment":
            return self.attachment(marker, index, rest)
        if marker.kind == "decimal":
            if self._compound(marker, index, rest):
                return True
            return self.decimal(marker, index, rest) or (len(marker.readings) > 1 and self.enum(marker, index, rest))
        return self.enum(marker, index, rest)

    def _spaced_after(self, index: int, marker: Marker) -> bool:
        text = self.lines[index].text.lstrip()
        return marker.end < len(text) and text[marker.end].isspace()

    def _compound(self, marker: Marker, index: int, rest: str) -> bool:
        """``21. a. Confidentiality.``: a section number and the first item of its list on one line (the section
        opens with that item), or the number of the open section printed again before its next item."""
        inner = read_marker(rest)
        if inner is None or inner.kind != "enum" or not self._spaced_after(index, marker):
            return False  # "Section 18(a)" written as one label is a citation, not two markers
        inner_rest = rest[inner.end :].strip()
        if any(node.style.decimal and node.numbers == marker.level_numbers for node in self.stack):
            readings = [reading for reading in inner.readings if not reading.style.decimal]
            if self._next_in_open_list(readings, self._wrapped_here(index)) is None:
                return False
            return self.enum(inner, index, inner_rest)
        if not any(reading.value == 1 for reading in inner.readings) or not self.decimal(marker, index, inner_rest):
            return False
        self.stack[-1].title = None  # the title after the item's marker is the item's
        self.enum(inner, index, inner_rest)
        return True

    def _freeze(self) -> tuple[Section, ...]:
        text_end = len(self.doc.text)
        line_starts = [line.span[0] for line in self.lines]
        sections: list[Section] = []
        for node in self.nodes:
            end = node.end if node.end >= 0 else text_end
            end = _trim_end(self.doc.text, node.start, end)
            body_end = node.first_child_start if node.first_child_start >= 0 else end
            last_line = self.lines[max(bisect_right(line_starts, max(end - 1, node.start)) - 1, 0)]
            sections.append(
                Section(
                    id=f"s{node.index + 1}",
                    label=node.label,
                    title=node.title,
                    level=node.level,
                    parent=f"s{node.parent.index + 1}" if node.parent is not None else None,
                    kind=node.kind,
                    page=node.page,
                    end_page=max(last_line.page, node.page),
                    span=(node.start, end),
                    body_end=min(max(body_end, node.start), end),
                )
            )
        return tuple(sections)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def build_sections(doc: ParsedDocument, toc: set[int] | None = None) -> tuple[Section, ...]:
    """The document's section tree, in document order (ids ``s1``, ``s2``, ...); ``toc``: lines to skip."""
    if not doc.lines:
        return ()
    toc = toc_lines(doc.lines) if toc is None else toc
    sections = _TreeBuilder(doc, toc).build()
    if len(sections) < _FEW_SECTIONS:
        sections = _TreeBuilder(doc, toc).build(headings=True)
    return sections
