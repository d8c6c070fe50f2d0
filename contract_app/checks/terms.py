"""Defined terms: used but never defined, defined but never used, defined twice.

* ``unused_definition``: no use anywhere outside the sentences that define the term, counting plurals,
  possessives (``Products``, ``Parties``, ``Licensee's``) and the term set in capitals in a conspicuous clause.
* ``duplicate_definition``: two definitions that say what the term means (a pointer such as "has the meaning set
  forth in Section 4.2" is not a second definition) in the same instrument. An attached form of another agreement
  defines its own terms, and an amendment's quoted replacement text redefines the amended agreement's: neither
  is a duplicate.
* ``undefined_term``: see ``undefined.py``.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from contract_app.checks.undefined import undefined_terms
from contract_app.model import ContractStructure, Definition, Finding
from contract_app.structure.amendments import is_amendment

_MIN_TERM_LENGTH = 2
_STEM_LETTERS = 6
_DEFINITION_FOLLOWS = re.compile(
    r"(?:s|es)?[”\"’'],?\s*(?:[),;:.]|$|\(|means?\b|shall\b|has\b|have\b|is\b|are\b|or\b|and\b|refers?\b|includes?\b|"
    r"as\b|for\b|when\b|with\b)",
    re.IGNORECASE,
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def term_findings(structure: ContractStructure) -> list[Finding]:
    return [*undefined_terms(structure), *_unused(structure), *_duplicates(structure)]


def _section_label(structure: ContractStructure, definition: Definition) -> str | None:
    return structure.section(definition.section_id).label if definition.section_id else None


def _place(structure: ContractStructure, definition: Definition) -> str:
    section = _section_label(structure, definition)
    where = f"Section {section}" if section and section[:1].isdigit() else section or "the opening"
    return f"{where} (page {definition.page})"


# ----- unused ----------------------------------------------------------------------------------------------------
def _unused(structure: ContractStructure) -> list[Finding]:
    """Terms never used: every occurrence is the defining one, set in quotation marks (``(the “Fees”)``, a
    glossary's ``“Fees” has the meaning set forth in Section 4``). The uses the graph knows come first; a term
    they miss is looked for again in every form a drafter writes it, inside longer terms too (``Confidential`` in
    ``Confidential Information``): a definition is reported unused only when no form of it is found."""
    graph = structure.graph
    text = structure.document.text
    used = {term for start, end, term in graph.term_occurrences() if not _quoted(text, start, end)}
    candidates = [
        term
        for term in graph.terms()
        # "the terms “herein” and “hereof”": words explained, not terms the contract sets up to use
        if len(term) >= _MIN_TERM_LENGTH and term[:1].isupper() and term not in used
        if any(_sets_up(text, term, definition) for definition in graph.definitions_of(term))
    ]
    unused = _unmatched(text, candidates)
    used_words = [term.casefold() for term in graph.terms() if term not in unused and " " not in term]
    findings: list[Finding] = []
    for term in unused:
        if any(_variants(term.casefold(), word) for word in used_words):
            continue  # a form ("Package" or "Packaging", "Control" ... "Controlling") of a term that is used
        first = graph.definitions_of(term)[0]
        findings.append(
            Finding(
                "unused_definition",
                None,
                term,
                _section_label(structure, first),
                first.page,
                first.span,
                f"“{term}” is defined here but never used.",
            )
        )
    return findings


def _variants(word: str, other: str) -> bool:
    """Two forms of one word: one starts the other (``cover``, ``coverage``) or they share their first six
    letters (``package``, ``packaging``)."""
    if " " in word or min(len(word), len(other)) < _STEM_LETTERS - 2:
        return False
    shared = next(
        (index for index, (a, b) in enumerate(zip(word, other, strict=False)) if a != b), min(len(word), len(other))
    )
    return shared >= min(_STEM_LETTERS, len(word), len(other))


def _sets_up(text: str, term: str, definition: Definition) -> bool:
    """The quoted term is followed as a defined term is (``)``, a comma, ``means``, ``or “X”``), not as a name
    merely quoted (``the “Money Rates” table``)."""
    start, end = definition.span
    at = text.find(term, start, end)
    if at < 0:
        return True
    return _DEFINITION_FOLLOWS.match(text, at + len(term), min(at + len(term) + 30, end + 1)) is not None


def _quoted(text: str, start: int, end: int) -> bool:
    """The occurrence that defines or names the term: in quotation marks (a possessive or plural inside them)."""
    closing = re.match(r"(?:s|es|['’]s)?[,.;]?[”\"’']", text[end : end + 4])
    return start > 0 and text[start - 1] in "“\"‘'" and closing is not None


def _unmatched(text: str, candidates: list[str]) -> list[str]:
    """The candidate terms no form of which stands anywhere outside quotation marks. Each term is tried only where
    the start of its first word stands (found in a lower-cased copy of the text)."""
    lowered = text.translate(_ASCII_LOWER)  # same length as the text: offsets carry over
    unmatched: list[str] = []
    for term in candidates:
        pattern = _forms(term)
        first = re.split(r"[\s-]", term.removesuffix("(s)").translate(_ASCII_LOWER), maxsplit=1)[0]
        stem = first[:-1] if len(first) > _MIN_TERM_LENGTH + 1 else first  # "part" finds Party and Parties
        position = lowered.find(stem)
        while position >= 0:
            here = pattern.match(text, position)
            if here is not None and not _quoted(text, *here.span()):
                break
            position = lowered.find(stem, position + 1)
        else:
            unmatched.append(term)
    return unmatched


def _forms(term: str) -> re.Pattern[str]:
    """The term as drafters write it: plural or singular (``Parties`` for ``Party``, ``Indemnitee`` for
    ``Indemnitees``), possessive, ``Affiliate(s)`` as ``Affiliates``, in any case (``CONFIDENTIAL INFORMATION`` in a
    clause set in capitals, ``Confidential information``), across a line break, a hyphen the text breaks
    (``IMMU- 132``)."""
    base = term[:-3] if term.endswith("(s)") else term
    base = base[:-1] if base.endswith("s") and not base.endswith("ss") and len(base) > _MIN_TERM_LENGTH + 1 else base
    words = (r"\s*".join(re.escape(part) for part in re.split(r"(?<=-)\s*", word)) for word in base.split())
    pattern = r"s?\s+".join(words)  # a word inside the term in the plural too: "Laboratory Services Revenue"
    if base.endswith("y"):
        pattern = f"(?:{pattern}|{re.escape(base[:-1])}ies)"
    return re.compile(rf"(?<![\w-]){pattern}(?:s|es|['’]s)?(?![\w-])", re.IGNORECASE)


# ----- defined twice ---------------------------------------------------------------------------------------------
_AFTER_TERM = 90  # characters after the term read to tell a pointer or an extension from a definition
_POINTER_WORDS = re.compile(r"\bmeanings?\b|\bdefined\s+(?:in|on|under|by)\b|\bas\s+defined\b", re.IGNORECASE)
_EXTENSION_WORDS = re.compile(
    r"\b(?:also\s+)?includes?\b|\bshall\s+(?:also\s+)?include\b|\balso\s+means?\b|\bused\s+as\s+a\s+verb\b|"
    r"\bcorrelative\b|\bwith\s+respect\s+to\b",
    re.IGNORECASE,
)
_LEADER_DOTS = "....."
_SIGNATURES = re.compile(r"IN\s+WITNESS\s+WHEREOF", re.IGNORECASE)
_NAMED_AS = re.compile(
    r"(?:referred\s+to|known|called)\s+(?:herein\s+|hereinafter\s+)?as\s+(?:the\s+)?\W?$", re.IGNORECASE
)


def _duplicates(structure: ContractStructure) -> list[Finding]:
    """A term given a meaning twice, in two sections of one instrument. Not a second definition: a pointer to the
    first ("has the meaning set forth in the preamble"), an extension of it ("also includes", "when used as a
    verb"), the same section going on about the term, or a word merely quoted ('marked "Confidential"'). Not
    one instrument: an attachment, or another document bound in after a signature block, defines its own terms;
    and an amendment (often bound with the others) restates the parties and the agreement it amends."""
    text = structure.document.text
    if is_amendment(text):
        return []
    signatures = [match.start() for match in _SIGNATURES.finditer(text)]
    findings: list[Finding] = []
    for term in structure.graph.terms():
        by_instrument: dict[tuple[str | None, int], list[Definition]] = {}
        for definition in structure.graph.definitions_of(term):
            if definition.refers_to is not None or not _gives_meaning(text, term, definition):
                continue
            instrument = (_instrument(structure, definition), bisect_left(signatures, definition.span[0]))
            places = by_instrument.setdefault(instrument, [])
            if not any(other.section_id == definition.section_id for other in places):
                places.append(definition)
        for places in by_instrument.values():
            if len(places) > 1:
                findings.append(_duplicate(structure, term, places[0], places[1]))
    return findings


def _gives_meaning(text: str, term: str, definition: Definition) -> bool:
    """The definition says what the term means, rather than pointing elsewhere, adding to a meaning or quoting."""
    start, end = definition.span
    at = text.find(term, start, end)
    if _LEADER_DOTS in text[start:end]:
        return False  # a line of the table of contents
    if definition.style == "other" and not (at > 0 and _NAMED_AS.search(text, max(start, at - 40), at)):
        return False
    after = text[at + len(term) : min(at + len(term) + _AFTER_TERM, end)] if at >= 0 else text[start:end]
    return not (_POINTER_WORDS.search(after) or _EXTENSION_WORDS.search(after))


def _instrument(structure: ContractStructure, definition: Definition) -> str | None:
    """The attachment a definition stands in (None for the agreement itself)."""
    if definition.section_id is None:
        return None
    section = structure.section(definition.section_id)
    while section.parent is not None:
        section = structure.section(section.parent)
    return section.id if section.kind == "exhibit" else None


def _duplicate(structure: ContractStructure, term: str, first: Definition, second: Definition) -> Finding:
    return Finding(
        "duplicate_definition",
        None,
        term,
        _section_label(structure, second),
        second.page,
        second.span,
        f"“{term}” is defined twice: in {_place(structure, first)} and in {_place(structure, second)}.",
        related=(first.span,),
    )
