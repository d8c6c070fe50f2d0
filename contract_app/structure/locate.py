"""Which section (and page) holds a character offset, and which sections carry a given label."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from contract_app.model import ParsedDocument, Section

_LEADING_ZEROS = re.compile(r"(?<=\.)0+(?=\d)")


def _without_leading_zeros(label: str) -> str:
    return _LEADING_ZEROS.sub("", label)


class SectionIndex:
    """Lookups over a section tree whose spans nest (children inside their parent's span)."""

    def __init__(self, sections: tuple[Section, ...], doc: ParsedDocument) -> None:
        self.sections = sections
        self.pages = doc  # page_at: one index of line starts, kept by the document
        self.by_id = {section.id: section for section in sections}
        self._starts = [section.span[0] for section in sections]
        self._parents = {section.parent for section in sections if section.parent}
        self._by_label: dict[str, list[Section]] = {}
        for section in sections:
            self._by_label.setdefault(section.label.casefold(), []).append(section)
        for section in sections:  # "Section 2.1" also finds a heading printed "2.01", unless a "2.1" exists
            self._by_label.setdefault(_without_leading_zeros(section.label.casefold()), []).append(section)

    def innermost(self, offset: int) -> Section | None:
        """The deepest section whose span holds ``offset`` (None in the preamble or between units)."""
        index = bisect_right(self._starts, offset) - 1
        section = self.sections[index] if index >= 0 else None
        while section is not None and not (section.span[0] <= offset < section.span[1]):
            section = self.by_id[section.parent] if section.parent else None
        return section

    def ancestors(self, section: Section | None) -> Iterator[Section]:
        """``section`` itself, then its parent, up to the top level."""
        while section is not None:
            yield section
            section = self.by_id[section.parent] if section.parent else None

    def has_children(self, section: Section) -> bool:
        return section.id in self._parents

    def top(self, section: Section | None) -> Section | None:
        last = None
        for last in self.ancestors(section):  # noqa: B007
            pass
        return last

    def with_label(self, label: str, near: Section | None = None) -> Section | None:
        """The section labelled ``label``; when several share it, the one under the same top-level unit."""
        candidates = self._by_label.get(label.casefold()) or self._by_label.get(
            _without_leading_zeros(label.casefold())
        )
        if not candidates:
            return None
        if len(candidates) > 1 and near is not None:
            scope = self.top(near)
            for candidate in candidates:
                if self.top(candidate) is scope:
                    return candidate
            outside_attachments = [candidate for candidate in candidates if candidate.kind != "exhibit"]
            if outside_attachments:
                return outside_attachments[0]
        return candidates[0]
