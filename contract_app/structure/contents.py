"""Tables of contents: their lines are neither sections nor cross-references.

Three signs, any of which marks a line: a page where most numbered lines end in a page number or dot leaders;
the lines from a "Table of Contents" title to where its first entry recurs as the real heading; and runs of bare
headings (no text between them) whose numbers recur later in the document.
"""

from __future__ import annotations

import re

from contract_app.model import ParsedDocument, TextLine
from contract_app.structure.numbering import read_marker

TOC_ENTRY = re.compile(r"(?:\.{3,}|…{2,}|\s)\s*(?:\d{1,3}|[ivx]{1,5})\s*$")
DOT_LEADERS = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")
TOC_TITLE = re.compile(r"^\s*(?:TABLE OF CONTENTS|Table [Oo]f Contents|CONTENTS|INDEX)\s*$")
_MAX_TOC_PAGES = 12
_MIN_TOC_RUN = 4
_CITED_NUMBER = re.compile(
    r"(?:Sections?|Articles?|Exhibit|Schedule|Annex|Clauses?|Paragraphs?|§|of|and|to|or)\s+[\d.]+$", re.IGNORECASE
)


def toc_lines(lines: tuple[TextLine, ...]) -> set[int]:
    """Indices of table-of-contents lines: pages where most marked lines end in a page number or leaders, a
    titled contents list, and runs of headings that recur later."""
    by_page: dict[int, list[int]] = {}
    marked: dict[int, int] = {}
    for index, line in enumerate(lines):
        text = line.text.strip()
        if not text:
            continue
        marker = read_marker(text) if text[0].isalnum() or text[0] in "(§" else None
        if marker is not None:
            marked[line.page] = marked.get(line.page, 0) + 1
        if not (text[-1].isdigit() or text[-1] in "ivx") or _CITED_NUMBER.search(text):
            continue
        if DOT_LEADERS.search(text) or (marker is not None and TOC_ENTRY.search(text)):
            by_page.setdefault(line.page, []).append(index)
    skipped: set[int] = set()
    for page, indices in by_page.items():
        if len(indices) >= 3 and len(indices) >= 0.5 * marked.get(page, 0):
            skipped.update(range(indices[0], indices[-1] + 1))
    skipped.update(_titled_toc(lines))
    skipped.update(_repeated_heading_runs(lines))
    return skipped


def _repeated_heading_runs(lines: tuple[TextLine, ...]) -> set[int]:
    """Runs of heading lines with no text between them whose headings recur later: an untitled contents list."""
    keys: list[tuple[str, str] | None] = []
    last_seen: dict[tuple[str, str], int] = {}
    for index, line in enumerate(lines):
        text = line.text.strip()
        marker = read_marker(text)
        entry_like = marker is not None and marker.kind != "enum" and text[-1] not in ".;,:" and '"' not in text
        key = (marker.kind, marker.token.upper()) if entry_like and "“" not in text else None
        keys.append(key)
        if key is not None:
            last_seen[key] = index
    skipped: set[int] = set()
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and keys[end] is not None and lines[end].page == lines[start].page:
            end += 1
        if end - start >= _MIN_TOC_RUN:
            recurring = sum(1 for index in range(start, end) if last_seen[keys[index]] >= end)
            if recurring >= 0.75 * (end - start):
                skipped.update(range(start, end))
        start = max(end, start + 1)
    return skipped


def _marker_key(text: str) -> tuple[str, str] | None:
    marker = read_marker(text)
    return None if marker is None else (marker.kind, marker.token.upper())


def _titled_toc(lines: tuple[TextLine, ...]) -> range:
    """Lines from a "Table of Contents" title up to where its first entry is repeated as the real heading."""
    for title_index, line in enumerate(lines):
        if line.page > 6:
            break
        if not TOC_TITLE.match(line.text):
            continue
        first_seen: dict[tuple[str, str], int] = {}
        first_page = line.page
        for index in range(title_index + 1, len(lines)):
            if lines[index].page > line.page + _MAX_TOC_PAGES:
                break
            key = _marker_key(lines[index].text.strip())
            if key is None:
                continue
            if not first_seen:
                first_page = lines[index].page
            elif key in first_seen and lines[index].page > first_page:
                # the body starts here, or just before: at the lines that are no entry of the contents
                end = index - 1
                while (
                    end > title_index
                    and lines[end].page == lines[index].page
                    and not _is_toc_entry(lines[end].text.strip(), first_seen, end)
                ):
                    end -= 1
                return range(title_index, end + 1)
            first_seen.setdefault(key, index)
    return range(0)


def _is_toc_entry(text: str, first_seen: dict[tuple[str, str], int], index: int) -> bool:
    """A contents line: leaders or a page number at its end, or a marker listed before it."""
    if DOT_LEADERS.search(text) or TOC_ENTRY.search(text):
        return True
    key = _marker_key(text)
    return key is not None and first_seen.get(key, index) < index


def toc_spans(doc: ParsedDocument, toc: set[int] | None = None) -> list[tuple[int, int]]:
    """Character spans of table-of-contents lines (their citations are not cross-references)."""
    return [doc.lines[index].span for index in sorted(toc_lines(doc.lines) if toc is None else toc)]
