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
from contract_app.structure.numbering import Marker, Reading, read_marker

_RUN_IN_TITLE = re.compile(r"^(?P<title>[^.;:\n]{2,90}?)(?:\.|\s[-–—]\s)(?=\s|$)")
_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "of",
        "the",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "at",
        "as",
        "from",
        "under",
        "upon",
        "into",
        "its",
        "their",
        "his",
        "her",
        "no",
        "non",
        "not",
        "vs",
        "per",
        "via",
        "against",
        "between",
        "without",
        "within",
    ]
)
_LIST_SEPARATOR = re.compile(r"(?:[;,]\s*(?:and|or|and/or)|[.:;!?])$")
_DANGLING_WORD = re.compile(r"\b(?:and|or|the|of|to|in|a|an|by|for|with|under|pursuant|per|than|nor)$")
_QUOTE_OPENERS = "\"'“‘(["


@dataclass
class _Node:
    """A section while the tree is being built."""

    index: int
    label: str
    title: str | None
    kind: SectionKind
    style: tuple[str, ...]
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


@dataclass
class _Page:
    left: float
    right: float
    lines: int = 1


def _page_geometry(lines: tuple[TextLine, ...]) -> dict[int, _Page]:
    pages: dict[int, _Page] = {}
    for line in lines:
        page = pages.get(line.page)
        if page is None:
            pages[line.page] = _Page(line.bbox.x0, line.bbox.x1)
        else:
            page.left = min(page.left, line.bbox.x0)
            page.right = max(page.right, line.bbox.x1)
            page.lines += 1
    return pages


def _is_caps(text: str) -> bool:
    return len(text) >= 3 and text.isupper()


def _is_title_case(text: str, share: float = 0.6) -> bool:
    words = [word for word in re.split(r"[\s/]+", text) if word and word[0].isalpha()]
    if not words or len(words) > 12:
        return False
    significant = [word for word in words if word.lower() not in _SMALL_WORDS]
    if not significant:
        return False
    capitalised = sum(1 for word in significant if word[0].isupper())
    return words[0][0].isupper() and capitalised >= share * len(significant)


def _clean_title(text: str) -> str | None:
    title = text.strip().rstrip(".:;,–—- ").strip()
    if title.startswith("[") and title.endswith("]"):
        title = title[1:-1].strip()
    return title or None


class _TreeBuilder:
    """Feeds candidate heading lines through the numbering stack (see the module docstring)."""

    def __init__(self, doc: ParsedDocument, toc: set[int]) -> None:
        self.doc = doc
        self.toc = toc
        self.lines = doc.lines
        self.pages = _page_geometry(doc.lines)
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
        if not text or previous.bold or _is_caps(text):
            return False
        if _LIST_SEPARATOR.search(text) or text[-1] in ")]”\"'":
            return False
        if read_marker(text.lstrip()) is not None and len(text.split()) <= 1:
            return False  # a marker alone on its line ("(a)"), not running text
        if _DANGLING_WORD.search(text):
            return True
        page = self.pages[previous.page]
        return page.lines >= 8 and previous.bbox.x1 >= page.right - 0.1 * max(page.right - page.left, 1.0)

    def _heading_like(self, line: TextLine, rest: str) -> bool:
        return (
            line.bold
            or not rest
            or _is_caps(rest[:60])
            or rest[0] in ".:-–—"
            or rest[0].isupper()
            or (rest[0] in _QUOTE_OPENERS or rest[0].isdigit())
        )

    # ----- titles ---------------------------------------------------------------------------------------------
    def _title(self, index: int, rest: str, kind: str) -> str | None:
        line = self.lines[index]
        rest = rest.lstrip(".:-–— ").strip()
        from_next_line = False
        if not rest and index + 1 < len(self.lines):
            following = self.lines[index + 1]
            if read_marker(following.text.strip()) is None and following.page == line.page:
                rest = following.text.strip()
                if following.bold or _is_caps(rest):
                    return _clean_title(rest) if len(rest) <= 120 else None
                line = following
                from_next_line = not rest.endswith(",")
        if not rest:
            return None
        page = self.pages[line.page]
        wrapped = line.bbox.x1 >= page.right - 0.1 * max(page.right - page.left, 1.0) and len(rest.split()) > 6
        shaped = _is_caps(rest) or (
            line.bold and _is_title_case(_RUN_IN_TITLE.match(rest)[1] if _RUN_IN_TITLE.match(rest) else rest)
        )
        if shaped and len(rest.split()) <= 12 and not rest.endswith(",") and not wrapped:
            match = _RUN_IN_TITLE.match(rest)
            if match and len(rest) - match.end() > 2 and not _is_caps(rest):
                return _clean_title(match["title"])
            return _clean_title(rest)
        if kind in ("attachment", "article") and len(rest.split()) <= 12:
            return _clean_title(rest)
        match = _RUN_IN_TITLE.match(rest)
        if match and _is_title_case(match["title"]) and not match["title"].startswith(tuple(_QUOTE_OPENERS)):
            return _clean_title(match["title"])
        words = len(rest.split())
        short_line = line.bbox.x1 < page.right - 0.25 * max(page.right - page.left, 1.0)
        if _is_title_case(rest) and (
            (rest[-1] in ".:" and words <= 8) or ((from_next_line or short_line) and words <= 6)
        ):
            return _clean_title(rest)
        return None

    # ----- stack --------------------------------------------------------------------------------------------
    def _pop_to(self, depth: int, start: int) -> None:
        while len(self.stack) > depth:
            node = self.stack.pop()
            node.end = start

    def _scope_depth(self) -> int:
        """Stack depth of the innermost article or attachment (decimals restart inside them)."""
        for depth in range(len(self.stack), 0, -1):
            if self.stack[depth - 1].kind in ("article", "exhibit", "heading"):
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

    def _child_label(self, parent: _Node | None, token: str, enum: bool) -> str:
        if parent is None:
            return f"({token})" if enum else token
        if parent.kind in ("exhibit", "heading"):
            return f"{parent.label} ({token})" if enum else f"{parent.label} {token}"
        return f"{parent.label}({token})"

    # ----- kinds --------------------------------------------------------------------------------------------
    def article(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        value = marker.numbers[0]
        if rest and not (rest[0] in ".:-–—[(" or rest[0].isupper() or rest[0].isdigit()):
            return False
        if self._continues_sentence(index) and not line.bold:
            return False
        in_sequence = value == 1 or self.last_article < value <= self.last_article + 3
        if not in_sequence and not (line.bold or _is_caps(line.text)):
            return False
        if value <= self.last_article and not (value == 1 and (line.bold or _is_caps(line.text))):
            return False
        depth = self._scope_depth()
        while depth and self.stack[depth - 1].kind == "article":
            depth -= 1
        self._pop_to(depth, self.lines[index].span[0])
        self.last_article = value
        self.last_decimal = None
        self.body_started = True
        label = f"Article {marker.token.upper()}"
        if self.stack:
            label = f"{self.stack[-1].label} {label}"
        self._push(
            marker, marker.readings[0], index, "article", label, self._title(index, rest, "article"), marker.numbers
        )
        return True

    def attachment(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        if rest and not (rest[0] in "-–—:.(" or rest[0].isupper()):
            return False
        title = rest.lstrip("-–—:. ")
        if len(rest.split()) > 14 or "," in rest or (title and not (_is_caps(title) or _is_title_case(title, 0.8))):
            return False
        page = self.pages[line.page]
        first_on_page = (
            index == 0
            or self.lines[index - 1].page != line.page
            or (index >= 2 and self.lines[index - 2].page != line.page)
        )
        centred = line.bbox.x0 > page.left + 0.2 * (page.right - page.left)
        alone_in_capitals = not rest and _is_caps(line.text.strip()) and not self._continues_sentence(index)
        if not (first_on_page or line.bold or centred or alone_in_capitals):
            return False
        label = f"{marker.word} {marker.token}"
        if self.stack and self.stack[0].kind == "exhibit" and self.stack[0].label == label:
            return False  # the heading repeated on a continuation page
        self._pop_to(0, self.lines[index].span[0])
        self.last_decimal = None
        self.body_started = True
        self._push(marker, marker.readings[0], index, "exhibit", label, self._title(index, rest, "attachment"))
        return True

    def _decimal_fits(self, numbers: tuple[int, ...], heading: bool) -> bool:
        previous = self.last_decimal
        if previous is None:
            scope = self.stack[self._scope_depth() - 1] if self._scope_depth() else None
            if scope is not None and scope.kind == "article" and numbers[0] == scope.numbers[0]:
                return all(part <= 1 for part in numbers[1:]) or heading
            return all(part <= 1 for part in numbers[1:]) and (numbers[0] <= 2 or (heading and numbers[0] <= 3))
        limit = 3 if heading else 2
        if numbers[: len(previous)] == previous and all(part in (0, 1) for part in numbers[len(previous) :]):
            return len(numbers) > len(previous)
        for cut in range(min(len(previous), len(numbers)), 0, -1):
            if numbers[: cut - 1] == previous[: cut - 1] and 0 < numbers[cut - 1] - previous[cut - 1] <= limit:
                return all(part in (0, 1) for part in numbers[cut:])
        return heading and numbers == (1,) * len(numbers) and self._scope_depth() == 0 and len(numbers) == 1

    def decimal(self, marker: Marker, index: int, rest: str) -> bool:
        line = self.lines[index]
        numbers = marker.level_numbers
        continues = self._continues_sentence(index) and not line.bold
        heading = (line.bold or (bool(rest) and _is_caps(rest[:40])) or marker.word == "Section") and not continues
        if continues or not self._heading_like(line, rest):
            return False
        plain = marker.word == "Section" and not (marker.dotted or not rest or line.bold or _is_caps(rest[:40]))
        if plain and (_RUN_IN_TITLE.match(rest) is None or not _is_title_case(rest.split(".")[0])):
            return False  # "Section 3 shall ..." wrapped onto a new line is a reference, not a heading
        if not (marker.dotted or marker.word or len(numbers) > 1 or line.bold or _is_caps(rest)):
            return False  # "5 days" at the start of a line
        closing = marker.word == ")"
        if closing and (self.decimal_style not in (None, ")") or not _is_title_case(rest)):
            return False  # "3)" items in a contract whose sections are numbered "3." are a list
        if not self._decimal_fits(numbers, heading):
            return False
        # place it: under its numeric parent when open, else beside a sibling of the same depth, else in scope
        target = self._scope_depth()
        for depth in range(len(self.stack), self._scope_depth(), -1):
            node = self.stack[depth - 1]
            if (
                node.style[0] == "decimal"
                and len(node.numbers) < len(numbers)
                and node.numbers == numbers[: len(node.numbers)]
            ):
                target = depth
                break
            if node.style[0] == "decimal" and len(node.numbers) <= len(numbers):
                target = depth - 1
                break
        self._pop_to(target, line.span[0])
        self.last_decimal = numbers
        self.decimal_style = self.decimal_style or (")" if closing else ".")
        self.body_started = True
        parent = self.stack[-1] if self.stack else None
        token = marker.token
        if parent is not None and parent.kind in ("exhibit", "heading"):
            label = f"{parent.label} {token}"
        elif parent is not None and parent.style[0] == "decimal" and len(numbers) == 1:
            label = f"{parent.label}({token})"
        else:
            label = token
        reading = next(reading for reading in marker.readings if reading.style[0] == "decimal")
        kind: SectionKind = "section" if len(numbers) <= 2 or parent is None else "subsection"
        self._push(marker, reading, index, kind, label, self._title(index, rest, "decimal"), numbers)
        return True

    def enum(self, marker: Marker, index: int, rest: str) -> bool:
        if not self.body_started or not self.stack:
            return False
        line = self.lines[index]
        continues = self._continues_sentence(index) and not line.bold
        readings = [reading for reading in marker.readings if reading.style[0] != "decimal"]
        # 1. the next item of a list that is open
        for gap in (1, 2):
            for depth in range(len(self.stack), 0, -1):
                node = self.stack[depth - 1]
                if node.kind == "exhibit" or (node.style[0] == "decimal" and node.style[1] != "1"):
                    continue
                for reading in readings:
                    if node.style == reading.style and reading.value - node.value == gap:
                        if continues and gap > 1:
                            continue
                        return self._place_enum(marker, reading, index, rest, depth - 1)
                if node.style[0] in ("decimal", "article"):
                    break
        if continues:
            return False
        # 2. the first item of a new, deeper list
        for reading in readings:
            if reading.value == 1:
                same = [depth for depth in range(len(self.stack)) if self.stack[depth].style == reading.style]
                return self._place_enum(marker, reading, index, rest, same[-1] if same else len(self.stack))
        # 3. broken numbering after a finished sentence: beside the innermost list item
        top = self.stack[-1]
        if top.kind == "subsection" and top.style[0] in ("paren", "dot", "rparen"):
            return self._place_enum(marker, readings[0], index, rest, len(self.stack) - 1)
        return False

    def _place_enum(self, marker: Marker, reading: Reading, index: int, rest: str, depth: int) -> bool:
        self._pop_to(depth, self.lines[index].span[0])
        parent = self.stack[-1] if self.stack else None
        token = marker.token
        if reading.style[0] == "decimal" or (reading.style[1] == "num" and reading.style[0] != "paren"):
            label = self._child_label(
                parent, token, enum=parent is not None and parent.kind not in ("exhibit", "heading")
            )
        else:
            label = self._child_label(parent, token, enum=True)
        self._push(marker, reading, index, "subsection", label, self._title(index, rest, "enum"))
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
            if marker.kind == "article":
                self.article(marker, index, rest)
            elif marker.kind == "attachment":
                self.attachment(marker, index, rest)
            elif marker.kind == "decimal":
                if not self.decimal(marker, index, rest) and len(marker.readings) > 1:
                    self.enum(marker, index, rest)
            else:
                self.enum(marker, index, rest)
        self._pop_to(0, len(self.doc.text))
        return self._freeze()

    def heading(self, index: int, text: str) -> bool:
        line = self.lines[index]
        words = text.split()
        if not (1 <= len(words) <= 10) or text[-1] in ".,;:" or not (_is_caps(text) or line.bold):
            return False
        if not text[0].isalpha() or self._continues_sentence(index):
            return False
        following = self.lines[index + 1].text.split() if index + 1 < len(self.lines) else []
        if len(following) < 6 or _is_caps(" ".join(following)):
            return False  # a heading introduces running text (not a signature block or a cover page)
        self._pop_to(0, line.span[0])
        self.body_started = True
        self.last_decimal = None
        reading = Reading(("heading",), 0)
        self._push(Marker("heading", text, (reading,)), reading, index, "heading", text, text)
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


_FEW_SECTIONS = 3


def build_sections(doc: ParsedDocument, toc: set[int] | None = None) -> tuple[Section, ...]:
    """The document's section tree, in document order (ids ``s1``, ``s2``, ...); ``toc``: lines to skip."""
    if not doc.lines:
        return ()
    toc = toc_lines(doc.lines) if toc is None else toc
    sections = _TreeBuilder(doc, toc).build()
    if len(sections) < _FEW_SECTIONS:
        sections = _TreeBuilder(doc, toc).build(headings=True)
    return sections
