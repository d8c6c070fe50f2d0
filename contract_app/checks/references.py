"""Citations that point nowhere: a section this document does not have, an attachment that is not attached.

The structure stage has already set statutes, SEC filings and (in an amendment) the amended agreement apart as
external. What it left dangling is reported unless the contract may still be right:

* the printed text shows the unit after all (a heading or an inline clause the section parser did not read, or
  subsections of it: ``5.1`` is there, so ``Section 5`` is);
* the sentence names another document or an attachment next to the citation (``Section 4.04 and elsewhere in the
  OP Agreement``, ``Section 7.3, Attachment 1``): the unit may be that document's.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from contract_app.checks.printed import PrintedText
from contract_app.model import ContractStructure, CrossReference, Finding, FindingKind, Section, Span, cited_as
from contract_app.structure.numbering import ATTACHMENT_WORDS, roman_to_int

_LABEL_PARTS = re.compile(r"^(?P<base>[^()]*?)\s*(?P<clauses>(?:\([^()]*\))*)$")
_CLAUSE = re.compile(r"\(([^()]*)\)")
_DASHES = re.compile(r"\s*[-–]\s*")
_CONTEXT_REACH = 150  # characters after a citation read for another document or an attachment it belongs to
_SENTENCE_END = re.compile(r"[.;:](?:\s|$)")
_ATTACHMENT_NAMED = re.compile(
    r"\b(?P<word>" + "|".join(ATTACHMENT_WORDS) + r")\s+(?P<name>[A-Z]{1,2}(?:-\d+)?|\d+(?:\.\d+)*[A-Za-z]?)\b",
    re.IGNORECASE,
)
_OTHER_DOCUMENT = re.compile(
    r"\b(?:of|in|under|to)\s+(?:the|such|that|any)\s+(?P<name>(?:[A-Z][\w&.-]*\s+){1,5})"
    r"(?P<kind>Agreement|Plan|Act|Code|Indenture|Certificate|Charter|Bylaws|Statement|Rules|Regulations|Policy|"
    r"Declaration|Contract|Lease|License|Supplement)\b"
)
_OPENING_CHARS = 3000  # where a contract names itself ("This Services Agreement")


def reference_findings(structure: ContractStructure, printed: PrintedText) -> list[Finding]:
    """One finding per citation (a citation read as two, like ``Annex I-A``, gives one)."""
    citations = _Citations(structure, printed)
    findings: dict[tuple[str, str | None, Span], Finding] = {}
    for reference in structure.cross_references:
        finding = citations.finding(reference) if reference.dangling else None
        if finding is not None:
            findings.setdefault((finding.kind, finding.label, finding.span), finding)
    return list(findings.values())


def _key(label: str) -> str:
    """One spelling per label: spaces and dashes evened out, case folded, a roman attachment number read as the
    same number in figures (``Appendix I`` is ``Appendix 1``)."""
    words = _DASHES.sub("-", " ".join(label.split())).casefold().split(" ")
    value = roman_to_int(words[1]) if len(words) == 2 and words[0] in ATTACHMENT_WORDS else None
    if value is not None:
        words[1] = str(value)
    return " ".join(words)


def attachment_of(label: str) -> str | None:
    """``Exhibit A`` for ``Exhibit A``, ``Exhibit A Part 4`` or ``Exhibit A 3``; None for a section's label."""
    words = label.split()
    if len(words) < 2 or words[0].casefold() not in ATTACHMENT_WORDS:
        return None
    return f"{ATTACHMENT_WORDS[words[0].casefold()]} {words[1]}"


class _Citations:
    def __init__(self, structure: ContractStructure, printed: PrintedText) -> None:
        self.structure = structure
        self.text = structure.document.text
        self.printed = printed
        self.holder: dict[str, str | None] = {}  # section id -> label of the top-level attachment holding it
        for section in structure.sections:
            top = self._top(section)
            self.holder[section.id] = top.label if top.kind == "exhibit" else None
        self.by_label: dict[tuple[str, str | None], list[Section]] = {}
        for section in structure.sections:
            self.by_label.setdefault((_key(section.label), self._place_key(self.holder[section.id])), []).append(
                section
            )
        self.tops = [section for section in structure.sections if section.parent is None]
        self.attachments = [section for section in self.tops if section.kind == "exhibit"]
        self.ordered = sorted(structure.sections, key=lambda section: section.span[0])
        self.starts = [section.span[0] for section in self.ordered]
        opening = self.text[:_OPENING_CHARS]
        self.own_names = {" ".join(match["name"].split()).casefold() for match in _OTHER_DOCUMENT.finditer(opening)}
        self.own_names |= {
            " ".join(match[1].split()).casefold()
            for match in re.finditer(
                r"\b(?:This|THIS|this)\s+((?:[A-Z][\w&.-]*\s+){1,5})(?:Agreement|AGREEMENT)", opening
            )
        }
        self._printed_attachments: dict[str, bool] = {}
        self.external_attachments = {  # "Exhibit 21 to the Registration Statement" is that document's wherever cited
            _key(attachment)
            for reference in structure.cross_references
            if reference.external and (attachment := attachment_of(reference.target_label or "")) is not None
        }

    def finding(self, reference: CrossReference) -> Finding | None:
        label = reference.target_label or reference.text
        attachment = attachment_of(label)
        if attachment is not None and _key(attachment) in self.external_attachments:
            return None
        if attachment is not None and not self._attached(attachment):
            if self._attachment_printed(attachment):
                return None
            attachment = attachment_of(reference.text) if _single_unit(reference.text) else attachment
            message = f"{attachment} is cited here, but it is not attached to this document."
            return self._finding("missing_attachment", attachment, reference, message)
        named = self._named_after(reference)
        if named is False:
            return None  # cited together with another document: the unit may be that document's
        places: list[str | None] = [attachment] if attachment else [self._holding(reference)]
        if isinstance(named, str):
            if not self._attached(named):
                return None  # a unit of an attachment that is not here: that attachment is what is missing
            places.append(named)
        local = label[len(attachment) :].strip() if attachment else label
        if any(self._printed(local, place, reference) for place in places):
            return None
        message = f"{cited_as(label)} is cited here, but this document has no {cited_as(label)}."
        return self._finding("dangling_reference", label, reference, message)

    def _finding(self, kind: FindingKind, label: str, reference: CrossReference, message: str) -> Finding:
        source = self.structure.section(reference.source).label if reference.source else None
        return Finding(kind, label, None, source, reference.page, reference.span, message)

    # ----- attachments ----------------------------------------------------------------------------------------
    def _attached(self, attachment: str) -> bool:
        key = _key(attachment)
        return any(_key(top.label) == key for top in self.attachments) or any(
            place == key for _, place in self.by_label
        )

    def _attachment_printed(self, attachment: str) -> bool:
        if attachment not in self._printed_attachments:
            self._printed_attachments[attachment] = self.printed.shows_attachment(attachment)
        return self._printed_attachments[attachment]

    # ----- what the sentence names beside the citation --------------------------------------------------------
    def _named_after(self, reference: CrossReference) -> str | bool | None:
        """Another document named right after the citation (False), an attachment (its label), or nothing."""
        end = reference.span[1]
        stop = _SENTENCE_END.search(self.text, end, end + _CONTEXT_REACH)
        after = self.text[end : stop.start() if stop else end + _CONTEXT_REACH]
        other = _OTHER_DOCUMENT.search(after)
        if other is not None and " ".join(other["name"].split()).casefold() not in self.own_names:
            return False
        named = _ATTACHMENT_NAMED.search(after)
        if named is None:
            return None
        return f"{ATTACHMENT_WORDS[named['word'].casefold()]} {named['name']}"

    # ----- is the unit printed after all ----------------------------------------------------------------------
    def _printed(self, local: str, place: str | None, reference: CrossReference) -> bool:
        """The unit shows in ``place`` (an attachment's label, None for the body): its nearest cited ancestor is
        there and prints the next clause, subsections of it are there, or its number heads a line."""
        parts = _LABEL_PARTS.match(local)
        if parts is None:
            return False
        base, clauses = parts["base"].strip(), _CLAUSE.findall(parts["clauses"])
        if not base and not clauses:
            return True  # the attachment itself
        if not base:
            return self._printed_near(clauses[0], reference)
        prefix = f"{place} " if place else ""
        for depth in range(len(clauses), -1, -1):
            found = self._labelled(prefix + base + "".join(f"({clause})" for clause in clauses[:depth]), place)
            if found:
                return depth == len(clauses) or any(
                    self.printed.shows_clause(clauses[depth], self._reach(section)) for section in found
                )
        if self._has_subsections(prefix + base, place):
            return True
        return self.printed.shows_number(base, self._spans_of(place))

    def _printed_near(self, clause: str, reference: CrossReference) -> bool:
        """A bare ``clause (b)``: printed anywhere in the top-level unit the citation stands in."""
        if reference.source is None:
            return False
        return self.printed.shows_clause(clause, self._top(self.structure.section(reference.source)).span)

    def _labelled(self, label: str, place: str | None) -> list[Section]:
        return self.by_label.get((_key(label), self._place_key(place)), [])

    def _has_subsections(self, label: str, place: str | None) -> bool:
        key, wanted = _key(label), self._place_key(place)
        return any(
            place_key == wanted and (other.startswith(key + ".") or other.startswith(key + "("))
            for other, place_key in self.by_label
        )

    def _reach(self, section: Section) -> Span:
        """From the section to the next unit of its level or above: a list the parser cut short still counts."""
        position = bisect_right(self.starts, section.span[0])
        for following in self.ordered[position:]:
            if following.level <= section.level and not _within(following.span, section.span):
                return (section.span[0], max(following.span[0], section.span[1]))
        return (section.span[0], len(self.text))

    def _spans_of(self, place: str | None) -> list[Span]:
        """The text of an attachment, or (for None) the text outside every attachment."""
        if place is not None:
            return [top.span for top in self.attachments if _key(top.label) == _key(place)]
        spans: list[Span] = []
        position = 0
        for top in self.attachments:
            spans.append((position, top.span[0]))
            position = max(position, top.span[1])
        spans.append((position, len(self.text)))
        return [span for span in spans if span[0] < span[1]]

    # ----- where sections stand -------------------------------------------------------------------------------
    def _holding(self, reference: CrossReference) -> str | None:
        return self.holder[reference.source] if reference.source else None

    @staticmethod
    def _place_key(place: str | None) -> str | None:
        return _key(place) if place else None

    def _top(self, section: Section) -> Section:
        while section.parent is not None:
            section = self.structure.section(section.parent)
        return section


def _single_unit(text: str) -> bool:
    """The citation names one attachment as written (``Annex I-A``), not a list or a unit inside it."""
    return attachment_of(text) is not None and len(text.split()) == 2


def _within(inner: Span, outer: Span) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]
