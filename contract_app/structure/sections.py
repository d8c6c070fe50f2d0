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
from contract_app.structure.numbering import (
    HEADING_STYLE,
    Form,
    ListStyle,
    Marker,
    Reading,
    decimal_style,
    read_marker,
)
from contract_app.structure.recitals import Recitals, is_recitals_caption
from contract_app.structure.running import runs_in_sentence

_LIST_SEPARATOR = re.compile(r"(?:[;,]\s*(?:and|or|and/or)|[.:;!?])$")
_DANGLING_WORD = re.compile(r"\b(?:and|or|the|of|to|in|a|an|by|for|with|under|pursuant|per|than|nor)$")
_CLOSING_MARKS = ")]”\"'"
_DASHES = "-–—"
_RULE = re.compile(r"[-_=–—\s]*[-_=–—]{3}[-_=–—\s]*")
_HEADING_OPENERS = ".:-–—"
_MAX_OWN_LINE_TITLE = 120  # characters of a title set on the line below its number
_MAX_ATTACHMENT_WORDS = 14  # "Exhibit A – Form of Notice" has a few words after the marker; a sentence has more
_MAX_HEADING_WORDS = 10  # an unnumbered heading in capitals or bold
_MIN_FOLLOWING_WORDS = 6  # ... introduces running text, not a signature block or a cover page
_CAPS_PROBE = 40  # characters of a line read to tell a heading in capitals
_FEW_SECTIONS = 3
_MAX_ALONE_TITLE_WORDS = 6  # a heading's title on its own line, after a line that lost its full stop
_SENTENCE_ENDS = (".", ":")
_SECOND = 2  # a list that starts at its second item lost its first
# "... the parties agree as follows:" opens the operative text
_OPERATIVE = re.compile(r"\bagree\w*\b[^.]{0,40}?\bas follows\s*[:.]?\s*$", re.IGNORECASE)
_OPENING_QUOTES = '“"'
_CLOSING_QUOTES = ("”", '"', "”)", '".')
_SAME_MARGIN = 4.0  # points: lines starting within this of each other start at the same margin
_INSERTING = re.compile(
    r"\b(?:added|inserted|amended|replaced|restated|substituted|deleted|read as follows|set forth below)\b",
    re.IGNORECASE,
)
_REPEATED_HEADINGS = 2  # an attachment heading repeating one of the last two opened is a continuation page's header
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
    value: float
    numbers: tuple[float, ...]
    page: int
    start: int
    parent: _Node | None
    level: int
    token: str
    x0: float = 0.0  # where its marker stands on the page
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
        self.last_decimal: tuple[float, ...] | None = None
        self.last_article = 0
        self.body_started = False
        self.decimal_style: str | None = None  # "." or ")": how this contract numbers its sections
        self.insertion: _Insertion | None = None  # text of the amended agreement being set out, if any
        self.running_items: set[int] = set()  # where items of enumerations running in a sentence open a line
        self.attachments: list[str] = []  # attachment headings opened so far, in order
        self.recitals: Recitals | None = None  # numbered recitals after a "Whereas:" caption, while they last

    # ----- line context -------------------------------------------------------------------------------------
    def _continues_sentence(self, index: int) -> bool:
        """True when line ``index`` only continues a sentence wrapped from the previous line."""
        if index == 0 or index - 1 in self.toc:
            return False
        previous = self.lines[index - 1]
        text = previous.text.rstrip()
        if not text or previous.bold or is_caps(text) or _ends_clause(text) or _is_lone_marker(text):
            return False
        if _RULE.fullmatch(text):
            return False  # a rule (an underline, a signature line) is no sentence for the line to continue
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
        numbers: tuple[float, ...] = (),
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
            line.bbox.x0,
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

    def _attachment_caption(self, rest: str, line: TextLine) -> bool:
        """What follows ``Exhibit A`` on its line is a caption (a dash, a title), not a sentence citing it."""
        if rest and not (rest[0] in "-–—:.(" or rest[0].isupper()):
            return False
        if rest and rest[0] in _DASHES and line.bold and len(rest.split()) <= _MAX_ATTACHMENT_WORDS:
            return True  # "Part 1 – Volume adjusted purchase price" set in bold: a caption in any case
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
        if not self._attachment_caption(rest, self.lines[index]) or not self._set_apart(index, rest):
            return False
        label = f"{marker.word} {marker.token}"
        if label in self.attachments[-_REPEATED_HEADINGS:]:
            return False  # the heading repeated on a continuation page ("ATTACHMENT 6" / "APPENDIX A" on every page)
        self.attachments.append(label)
        self._pop_to(0, self.lines[index].span[0])
        self.last_decimal = None
        self._open_body()
        title = self._title(index, rest, own_line_title=True)
        self._push(marker, marker.readings[0], index, "exhibit", label, title)
        return True

    def part(self, marker: Marker, index: int, rest: str) -> bool:
        """``Part 1 – Pricing``: a division of the attachment it stands in (``Exhibit A Part 1``), or of the
        contract, like an article."""
        if not self._attachment_caption(rest, self.lines[index]) or not self._set_apart(index, rest):
            return False
        attachment = self.stack[0] if self.stack and self.stack[0].kind == "exhibit" else None
        self._pop_to(1 if attachment else 0, self.lines[index].span[0])
        token = marker.token.upper()
        label = f"{attachment.label} Part {token}" if attachment else f"Part {token}"
        self.last_decimal = None
        self._open_body()
        title = self._title(index, rest, own_line_title=True)
        self._push(marker, marker.readings[0], index, "article", label, title, marker.numbers)
        return True

    # ----- decimal sections ---------------------------------------------------------------------------------
    def _decimal_fits(self, numbers: tuple[float, ...], heading: bool) -> bool:
        """The number continues the numbering so far (a gap of up to 2, or 3 for a heading, is tolerated)."""
        previous = self.last_decimal
        if previous is None:
            return self._decimal_opens(numbers, heading)
        limit = 3 if heading else 2
        if numbers[: len(previous)] == previous and all(part in (0, 1) for part in numbers[len(previous) :]):
            return len(numbers) > len(previous)
        if len(numbers) == len(previous) + 1 and numbers[:-1] == previous and numbers[-1] <= limit:
            return True  # a sub-list whose first item is missing: 4.1 then 4.1.2
        for cut in range(min(len(previous), len(numbers)), 0, -1):
            if numbers[: cut - 1] == previous[: cut - 1] and 0 < numbers[cut - 1] - previous[cut - 1] <= limit:
                return all(part in (0, 1) for part in numbers[cut:])
        return heading and numbers == (1,) * len(numbers) and self._scope_depth() == 0 and len(numbers) == 1

    def _next_number(self, numbers: tuple[float, ...]) -> bool:
        """Exactly the number that comes next: the next sibling, the first child, or the next of an ancestor."""
        previous = self.last_decimal
        if previous is None:
            scope = self.stack[self._scope_depth() - 1] if self._scope_depth() else None
            first = (scope.numbers[0],) if scope is not None and scope.kind == "article" else ()
            return numbers in ((*first, 1), (1,), (1, 1))
        if numbers == (*previous, 1):
            return True
        cut = len(numbers)
        return cut <= len(previous) and numbers == (*previous[: cut - 1], previous[cut - 1] + 1)

    def _decimal_opens(self, numbers: tuple[float, ...], heading: bool) -> bool:
        """The first decimal of the document or of an article: ``1``, ``1.1`` (or the article's own number)."""
        scope = self.stack[self._scope_depth() - 1] if self._scope_depth() else None
        first_parts = all(part <= 1 for part in numbers[1:])
        if scope is not None and scope.kind == "article" and numbers[0] == scope.numbers[0]:
            return first_parts or heading
        return first_parts and (numbers[0] <= 2 or (heading and numbers[0] <= 3))

    def _decimal_heading_shaped(self, marker: Marker, line: TextLine, rest: str) -> bool:
        """Whether the line can open a decimal section at all (a number at a line start is often just text)."""
        numbers = marker.level_numbers
        if not self._heading_like(line, rest) and not (len(numbers) > 1 and self._decimal_fits(numbers, False)):
            return False  # "12.1.1 it has obtained ..." continuing the numbering is an item whatever its first word
        emphasised = self._emphasised(line, rest)
        plain_section_word = marker.word == "Section" and not (marker.dotted or not rest or emphasised)
        titled = RUN_IN_TITLE.match(rest) is not None and is_title_case(rest.split(".")[0])
        if plain_section_word and not titled and not self._next_number(marker.level_numbers):
            return False  # "Section 3 shall ..." at a line start is a reference, unless the very next number
        if not (marker.dotted or marker.word or len(marker.numbers) > 1 or line.bold or is_caps(rest)):
            return False  # "5 days" at the start of a line ("1.0 Definitions" is printed as a section number)
        # "3)" items in a contract whose sections are numbered "3." are a list
        closing = marker.word == ")"
        return not (closing and (self.decimal_style not in (None, ")") or not is_title_case(rest)))

    def _decimal_depth(self, numbers: tuple[float, ...]) -> int:
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

    def _under_document_title(self, index: int) -> bool:
        """The line right above is a title in capitals with no number ("MS LICENSE OBLIGATIONS IMPOSED ON MSL"):
        a ``1.`` under it that the numbering so far cannot take opens a document of its own."""
        if index == 0:
            return False
        above = self.lines[index - 1].text.strip()
        words = len(above.split())
        return 2 <= words <= _MAX_HEADING_WORDS and is_caps(above) and read_marker(above) is None

    def _heading_alone(self, marker: Marker, line: TextLine, rest: str) -> bool:
        """The very next number with a short title on a short line of its own: a heading, though the line above
        lacks its full stop (a sentence does not wrap onto the next section number and a title)."""
        words = len(rest.split())
        if not (1 <= words <= _MAX_ALONE_TITLE_WORDS) or not self.pages[line.page].is_short(line):
            return False
        titled = is_caps(rest) or is_title_case(rest.rstrip(".:"))
        return titled and self._next_number(marker.level_numbers)

    def decimal(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        numbers = marker.level_numbers
        if self._wrapped_here(index) and not self._heading_alone(marker, line, rest):
            return False
        if not self._decimal_heading_shaped(marker, line, rest):
            return False
        heading = self._emphasised(line, rest) or marker.word == "Section"
        if not self._decimal_fits(numbers, heading):
            if not (numbers == (1,) and self._under_document_title(index)):
                return False
            self._pop_to(1 if self.stack and self.stack[0].kind == "exhibit" else 0, line.span[0])
            self.last_decimal = None  # a document of its own (inside the attachment): its numbering starts afresh
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
            attachment = self.stack[0] if self.stack and self.stack[0].kind == "exhibit" else None
            label = f"{attachment.label} {marker.token}" if attachment else marker.token  # "Exhibit A 5.1"
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

    def _skipped_first(self, readings: list[Reading], index: int) -> tuple[Reading, int] | None:
        """A list whose first item is missing (``(b)`` after a sentence that ends, with no ``(a)`` before)."""
        previous = self.lines[index - 1].text.rstrip() if index else ""
        if not previous.endswith(_SENTENCE_ENDS):
            return None
        if self.stack[-1].kind == "subsection" and not self.stack[-1].style.decimal:
            return None  # after a list item, a stray letter is broken numbering of that list (see ``enum``)
        for reading in readings:
            if reading.value == _SECOND:
                return reading, len(self.stack)
        return None

    def enum(self, marker: Marker, index: int, rest: str) -> bool:
        if not self.stack:
            return self.body_started and self._orphan_item(marker, index, rest)
        if not self.body_started:
            return False
        wrapped = self._wrapped_here(index)
        readings = [reading for reading in marker.readings if not reading.style.decimal]
        found = self._next_in_open_list(readings, wrapped)
        if found is None and not wrapped:
            found = self._first_of_new_list(readings) or self._skipped_first(readings, index)
            top = self.stack[-1]
            if found is None and top.kind == "subsection" and top.style.form in (Form.PAREN, Form.DOT, Form.RPAREN):
                found = readings[0], len(self.stack) - 1  # broken numbering after a finished sentence
            if found is not None and self._runs_in_sentence(marker, index):
                return False
        if found is None:
            return False
        reading, depth = found
        self._pop_to(depth, self.lines[index].span[0])
        parent = self.stack[-1] if self.stack else None
        if parent is None:  # at the top, "(a)" is cited "(a)", "A." is cited "A"
            enum = reading.style.form is Form.PAREN
        else:
            enum = not reading.style.numbered_item or not parent.labels_items_after_space
        label = _child_label(parent, marker.token, enum=enum)
        self._push(marker, reading, index, "subsection", label, self._title(index, rest))
        return True

    def _runs_in_sentence(self, marker: Marker, index: int) -> bool:
        """An item that opens a line but belongs to an enumeration running inside a sentence (see ``running``),
        in any of the series its marker may count in (``(ii)`` after ``(i)``, ``(hh)`` after ``(gg)``)."""
        line = self.lines[index]
        start = line.span[0] + len(line.text) - len(line.text.lstrip())
        unit_start = self.stack[-1].start if self.stack else 0
        for reading in marker.readings:
            if reading.style.series is None or reading.style.decimal:
                continue
            item = (reading.style.form, reading.style.series, int(reading.value))
            if runs_in_sentence(self.doc.text, start, start + marker.end, unit_start, item, self.running_items):
                self.running_items.add(start)
                return True
        return False

    def _orphan_item(self, marker: Marker, index: int, rest: str) -> bool:
        """A first item in operative text whose enclosing unit carries no number: ``(a)``, at the top."""
        if self._wrapped_here(index):
            return False
        reading = next((reading for reading in marker.readings if reading.value == 1), None)
        if reading is None or reading.style.numbered_item:
            return False
        label = _child_label(None, marker.token, enum=reading.style.form is Form.PAREN)  # "(a)"; "A." is "A"
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
            if self.insertion is not None and self.insertion.closed:
                self._end_insertion()
            if not self.nodes and not self.body_started and is_recitals_caption(text):
                self.recitals = Recitals()
                continue
            in_toc = self._read_line(index, text, headings, in_toc)
            if not self.body_started and _OPERATIVE.search(line.text):
                self._open_body()
                self.recitals = None
            if self.insertion is not None:
                self.insertion.read(line.text)
        self._pop_to(0, len(self.doc.text))
        return self._freeze()

    def _read_line(self, index: int, text: str, headings: bool, in_toc: bool) -> bool:
        """Feed one line; returns whether a titled contents list is still being read."""
        quoted = text[:1] in _OPENING_QUOTES and (self.insertion is not None or self._introduced(index))
        body = text[1:] if quoted else text
        marker = read_marker(body)
        if marker is None:
            if self.recitals is not None:
                self.recitals.unmarked_line()
            if headings:
                self.heading(index, text.rstrip())
            return in_toc
        if in_toc and (DOT_LEADERS.search(text) or TOC_ENTRY.search(text)):
            return True
        if self.recitals is not None and not self.body_started and self.recitals.take(marker):
            return False
        line = _MarkedLine(index, body, marker, body[marker.end :].strip(), quoted)
        if not self._insert(line):
            self._feed(line)
        insertion = self.insertion
        if insertion is not None and insertion.host not in self.stack:
            self.insertion = None  # an attachment or article began: the paragraph and its set-out text are over
        return False

    def _feed(self, line: _MarkedLine) -> bool:
        marker, index, rest = line.marker, line.index, line.rest
        if marker.kind == "article":
            return self.article(marker, index, rest)
        if marker.kind == "attachment":
            return self.attachment(marker, index, rest)
        if marker.kind == "part":
            return self.part(marker, index, rest)
        if marker.kind == "decimal":
            if line.attached_item is not None:
                return False  # "Section 18(a)" written as one label at a line start is a citation
            if self._compound(line):
                return True
            if self.decimal(marker, index, rest):
                self._run_in_first_item(index, rest)
                return True
            return len(marker.readings) > 1 and self.enum(marker, index, rest)
        return self.enum(marker, index, rest)

    def _run_in_first_item(self, index: int, rest: str) -> None:
        """``10. Termination. (a) This Agreement shall ...``: the first item follows the run-in title on the
        heading's line; the items after it stand on their own lines."""
        title = RUN_IN_TITLE.match(rest)
        if title is None or not is_title_case(title["title"]):
            return
        after = rest[title.end() :].strip()
        item = read_marker(after)
        if item is None or item.kind != "enum" or not any(reading.value == 1 for reading in item.readings):
            return
        item_rest = after[item.end :].strip()
        if item_rest[:1].isupper():
            self.enum(item, index, item_rest)

    def _compound(self, line: _MarkedLine) -> bool:
        """``21. a. Confidentiality.``: a section number and the first item of its list on one line (the section
        opens with that item), or the number of the open section printed again before its next item."""
        marker, inner, index = line.marker, line.item, line.index
        if inner is None:
            return False
        inner_rest = line.item_rest
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

    # ----- text an amendment sets out -------------------------------------------------------------------------
    def _introduced(self, index: int) -> bool:
        """The line follows a sentence of the open unit that inserts or replaces text and ends with a colon
        ("Section 5.1 of the Agreement shall be deleted and replaced by the following:")."""
        if not self.stack or index == 0 or not self.lines[index - 1].text.rstrip().endswith(":"):
            return False
        host = self.stack[-1]
        return bool(_INSERTING.search(self.doc.text[host.start : self.lines[index].span[0]]))

    def _insert(self, line: _MarkedLine) -> bool:
        """Units of the amended agreement set out in an amendment: labelled as printed, under the paragraph
        that sets them out; the amendment's own numbering resumes after them."""
        if line.marker.kind != "decimal":
            return False
        if self.insertion is None:
            if not self._introduced(line.index) or not self._set_out(line):
                return False
            self._begin_insertion(line.index)
        elif not line.quoted and self._resumes_host_numbering(line):
            self._end_insertion()
            return False
        return self._inserted_unit(line)

    def _set_out(self, line: _MarkedLine) -> bool:
        """Quoted, indented under the paragraph, or numbered apart from the amendment's own paragraphs."""
        indented = self.lines[line.index].bbox.x0 > self.stack[-1].x0 + _SAME_MARGIN
        return line.quoted or indented or not self._fits_running(line)

    def _fits_running(self, line: _MarkedLine) -> bool:
        return self._decimal_fits(line.marker.level_numbers, self._emphasised(self.lines[line.index], line.rest))

    def _begin_insertion(self, index: int) -> None:
        host = self.stack[-1]
        self.insertion = _Insertion(host, len(self.stack), self.lines[index - 1].bbox.x0, self.last_decimal)

    def _end_insertion(self) -> None:
        insertion = self.insertion
        assert insertion is not None
        if len(self.stack) > insertion.host_depth:
            self._pop_to(insertion.host_depth, self.stack[insertion.host_depth].start)
        self.last_decimal = insertion.outer_decimal
        self.insertion = None

    def _resumes_host_numbering(self, line: _MarkedLine) -> bool:
        """The amendment's next paragraph, at the paragraphs' margin: the set-out text has ended."""
        insertion = self.insertion
        assert insertion is not None
        if self.lines[line.index].bbox.x0 > insertion.margin + _SAME_MARGIN:
            return False
        inserted, self.last_decimal = self.last_decimal, insertion.outer_decimal
        fits = self._fits_running(line)
        self.last_decimal = inserted
        return fits

    def _inserted_unit(self, line: _MarkedLine) -> bool:
        insertion = self.insertion
        assert insertion is not None
        if self._wrapped_here(line.index) or not self._heading_like(self.lines[line.index], line.rest):
            return False
        marker, numbers = line.marker, line.marker.level_numbers
        item = line.item or line.attached_item  # "2.2 (b)" / "10.1(a)": one unit of the amended agreement
        depth = insertion.host_depth
        for at in range(len(self.stack), insertion.host_depth, -1):
            node = self.stack[at - 1]
            encloses = node.style.decimal and node.numbers == numbers[: len(node.numbers)] and node.token != "compound"
            if encloses and (len(node.numbers) < len(numbers) or item is not None):
                depth = at
                break
        self._pop_to(depth, self.lines[line.index].span[0])
        if item is not None:
            label, rest = f"{marker.token}({item.token})", line.item_rest
            reading = Reading(decimal_style(len(numbers) + 1), item.readings[0].value)
        else:
            label, rest = marker.token, line.rest
            reading = next(reading for reading in marker.readings if reading.style.decimal)
        self.last_decimal = numbers
        self._push(marker, reading, line.index, "section", label, self._title(line.index, rest), numbers)
        if item is not None:
            self.stack[-1].token = "compound"
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


@dataclass
class _MarkedLine:
    """A line that opens with a marker: the marker, the text after it, and an item marker right after it."""

    index: int
    body: str  # the line's text from the marker on (an opening quote before it left out)
    marker: Marker
    rest: str
    quoted: bool  # an opening quote stood before the marker
    item: Marker | None = field(init=False, default=None)  # "(a)" in "2.2 (a)" / "21. a."
    attached_item: Marker | None = field(init=False, default=None)  # "(a)" in "2.2(a)": a label written whole
    item_rest: str = field(init=False, default="")

    def __post_init__(self) -> None:
        inner = read_marker(self.rest) if self.marker.kind == "decimal" else None
        if inner is None or inner.kind != "enum":
            return
        self.item_rest = self.rest[inner.end :].strip()
        spaced = self.marker.end < len(self.body) and self.body[self.marker.end].isspace()
        if spaced:
            self.item = inner
        else:
            self.attached_item = inner


@dataclass
class _Insertion:
    """Text of the amended agreement that an amendment paragraph sets out, while it lasts."""

    host: _Node  # the amendment's paragraph that sets the text out
    host_depth: int
    margin: float  # where the amendment's own paragraphs start
    outer_decimal: tuple[float, ...] | None  # the amendment's numbering, resumed after the text
    quotes: int = 0  # opening minus closing quotation marks read so far
    closed: bool = False

    def read(self, text: str) -> None:
        """Count quotation marks: the set-out text ends with the line that closes its opening quote."""
        opened = self.quotes > 0
        self.quotes += text.count("“") - text.count("”")
        if opened or self.quotes > 0:
            self.closed = self.quotes <= 0 and text.rstrip().endswith(_CLOSING_QUOTES)


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
