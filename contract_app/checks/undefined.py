"""Capitalised terms used as defined terms but never defined.

English capitalises names, headings and the first word of a sentence, so a capitalised phrase is reported only on
evidence that the contract treats it as a defined term, and only when nothing suggests it is a name:

* it is used at least ``MIN_USES`` times in the middle of a sentence, after a word in lower case, and at least
  ``MIN_DETERMINED`` of those uses after "the", "such", "any" or "each" (``the Territory``, ``such Products``), as
  drafters use defined terms and rarely names;
* it is not a defined term, nor a form of one (``Products`` for ``Product``), nor part of one;
* it is not a name: nothing in it reads as a person, company, place, statute, court, authority, title, month or
  currency; it does not appear in the parties' description or the signature blocks; it is not a heading's words;
* the contract does not define it some way the definitions reader missed: never in quotation marks, never followed
  by "means", never in a parenthesis of its own, not introduced by its first use ("used as the Development
  Computer");
* the contract does not take its terms from another document ("capitalized terms used but not defined herein have
  the meanings given in the Agreement"), and is not an amendment (which uses the amended agreement's terms).
"""

from __future__ import annotations

import re
from collections import defaultdict

from contract_app.model import ContractStructure, Finding, Span
from contract_app.structure.amendments import is_amendment
from contract_app.structure.numbering import UNIT_WORDS

MIN_USES = 3
MIN_DETERMINED = 2
_WORD = r"[A-Z][a-z]+(?:-[A-Za-z]+)*"
_PHRASE = re.compile(rf"(?<![\w&/-]){_WORD}(?:\s+(?:of\s+|for\s+|and\s+)?{_WORD}){{0,5}}(?![\w&/-])")
_BEFORE_MIDSENTENCE = re.compile(r"\b([a-z]+)[,]?\s+$")
_LONGER_NAME_AFTER = re.compile(r"[-–&\d(]|\s*(?:(?:in|of|for|and|to|on|by|from)\s+)?[A-Z0-9]")
"""What follows a phrase that is only the start of a longer name: ``Prior CDA``, ``Change in Control Period``."""
_INTRODUCED = re.compile(r"\b(?:as|called|named)\s+(?:the|a|an)\s+$", re.IGNORECASE)
_DETERMINERS = frozenset(["the", "such", "any", "each", "all", "said", "every", "no", "other", "either"])
_BORROWED_TERMS = re.compile(
    r"capitali[sz]ed\s+terms\b[^.]{0,120}?\bmeanings?\b[^.]{0,60}?\b(?:in|to|under)\b", re.IGNORECASE
)
_PREAMBLE_CHARS = 1500  # where the parties are described
_SIGNATURE_BLOCKS_READ = 12  # signature lines read for names (forms repeat "Name:" on every page)
_SIGNATURE_BLOCK = re.compile(r"IN WITNESS WHEREOF|In Witness Whereof|\b(?:By|BY|Name|NAME|Title|TITLE):\s")
_NAME_WORDS = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "company",
        "co",
        "llc",
        "lp",
        "llp",
        "ltd",
        "limited",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "bv",
        "nv",
        "partners",
        "partnership",
        "holdings",
        "group",
        "bank",
        "trust",
        "fund",
        "foundation",
        "university",
        "college",
        "institute",
        "hospital",
        "center",
        "centre",
        "state",
        "states",
        "county",
        "city",
        "commonwealth",
        "republic",
        "kingdom",
        "province",
        "district",
        "territory's",
        "nation",
        "nations",
        "federal",
        "united",
        "america",
        "american",
        "europe",
        "european",
        "union",
        "china",
        "japan",
        "canada",
        "england",
        "wales",
        "delaware",
        "york",
        "california",
        "texas",
        "street",
        "avenue",
        "road",
        "drive",
        "suite",
        "floor",
        "building",
        "boulevard",
        "act",
        "code",
        "law",
        "laws",
        "rule",
        "rules",
        "regulation",
        "regulations",
        "statute",
        "treaty",
        "convention",
        "directive",
        "amendment",
        "constitution",
        "court",
        "courts",
        "commission",
        "committee",
        "department",
        "office",
        "bureau",
        "agency",
        "administration",
        "authority",
        "board",
        "exchange",
        "service",
        "services's",
        "association",
        "council",
        "ministry",
        "government",
        "president",
        "officer",
        "chief",
        "executive",
        "director",
        "secretary",
        "treasurer",
        "manager",
        "chairman",
        "vice",
        "counsel",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "dollar",
        "dollars",
        "euro",
        "euros",
        "pound",
        "pounds",
        "yen",
        "internet",
        "web",
        "god",
    ]
)
_STRUCTURE_WORDS = UNIT_WORDS | frozenset(["agreement", "agreements", "party", "parties", "recital", "recitals"])


def undefined_terms(structure: ContractStructure) -> list[Finding]:
    text = structure.document.text
    if is_amendment(text) or _BORROWED_TERMS.search(text):
        return []
    lower_words = set(re.findall(r"\b[a-z]+\b", text))
    names = _name_words(structure, lower_words)
    headings = _heading_words(structure)
    defined = {term.casefold().removesuffix("(s)") for term in structure.graph.terms()}
    uses: dict[str, list[Span]] = defaultdict(list)
    determined: dict[str, int] = defaultdict(int)
    introduced: set[str] = set()
    for match in _PHRASE.finditer(text):
        before = _BEFORE_MIDSENTENCE.search(text, max(match.start() - 30, 0), match.start())
        if before is None:
            continue  # the first word of a sentence, of a clause or of a heading: capitalised anyway
        if _LONGER_NAME_AFTER.match(text, match.end()):
            continue
        phrase = " ".join(match[0].split())
        if phrase not in uses and _INTRODUCED.search(text, max(match.start() - 12, 0), match.start()):
            introduced.add(phrase)
        uses[phrase].append(match.span())
        determined[phrase] += before[1] in _DETERMINERS
    findings: list[Finding] = []
    for phrase, spans in _merged_forms(uses).items():
        if len(spans) < MIN_USES or determined_count(phrase, determined) < MIN_DETERMINED:
            continue
        if phrase in introduced or phrase.rstrip("s") in introduced:
            continue  # first used as "may be used as the Development Computer": introduced without quotes
        if not _common_words(phrase, lower_words) or _adjective(phrase) or _defined(phrase, defined):
            continue
        if _named(phrase, names, headings) or _defined_elsewhere(text, phrase):
            continue
        findings.append(_finding(structure, phrase, spans))
    return findings


def determined_count(phrase: str, determined: dict[str, int]) -> int:
    return determined.get(phrase, 0) + determined.get(phrase + "s", 0)


def _merged_forms(uses: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """``Product`` and ``Products`` are one term (the singular stands for both)."""
    merged: dict[str, list[Span]] = {}
    for phrase, spans in uses.items():
        singular = phrase[:-1] if phrase.endswith("s") and phrase[:-1] in uses else phrase
        merged.setdefault(singular, []).extend(spans)
    return {phrase: sorted(spans) for phrase, spans in merged.items()}


def _defined(phrase: str, defined: set[str]) -> bool:
    """A defined term or a form of one (``Products``, ``Parties``, ``Handling`` for ``Handle``); a phrase with a
    defined term in it (``Product Specifications`` when ``Product`` is defined: the reader sees the term); or the
    start or end of a defined term (``Sample`` for ``Sample Results``: a shortened use of it)."""
    key = phrase.casefold()
    stem = key.removesuffix("ing")
    forms = {key, key.rstrip("s"), key + "s", stem, stem + "e", key.removesuffix("ed"), key.removesuffix("d")}
    if key.endswith("ies"):
        forms.add(key[:-3] + "y")
    if key.endswith("y"):
        forms.add(key[:-1] + "ies")
    if forms & defined:
        return True
    words = re.split(r"[\s-]+", key)
    if any(
        " ".join(words[start:end]) in defined for start in range(len(words)) for end in range(start + 1, len(words) + 1)
    ):
        return True
    return any(term.startswith(form + " ") or term.endswith(" " + form) for term in defined for form in forms)


def _named(phrase: str, names: set[str], headings: set[str]) -> bool:
    words = [word.casefold().strip("’'") for word in phrase.split() if word not in ("of", "for", "and")]
    if any(word in _NAME_WORDS or word.rstrip("s") in _NAME_WORDS for word in words):
        return True
    if all(word in _STRUCTURE_WORDS for word in words):
        return True
    if phrase.casefold() in headings:
        return True
    return any(word in names for word in words)


def _adjective(phrase: str) -> bool:
    """``Pretzel Time-approved``: a compound ending in a word in lower case qualifies a noun; it is no term."""
    last = phrase.split()[-1].split("-")[-1]
    return last[:1].islower()


def _common_words(phrase: str, lower_words: set[str]) -> bool:
    """Every word of the phrase is written in lower case somewhere in the contract: words of the language
    capitalised as a term (``Deliverable``), not a name (``Bellcore``) that is always capitalised."""
    words = [word.casefold() for word in re.split(r"[\s-]+", phrase)]
    return all(word in lower_words or word.rstrip("s") in lower_words for word in words)


def _name_words(structure: ContractStructure, lower_words: set[str]) -> set[str]:
    """Words of the parties' description and of the signature blocks that the contract never writes in lower
    case: names, not terms."""
    text = structure.document.text
    sources = [text[:_PREAMBLE_CHARS]]
    for number, match in enumerate(_SIGNATURE_BLOCK.finditer(text)):
        if number == _SIGNATURE_BLOCKS_READ:
            break
        sources.append(text[match.start() : match.start() + 300])
    words: set[str] = set()
    for source in sources:
        for match in re.finditer(_WORD, source):
            if not _quoted_at(source, match.start()):
                words.add(match[0].casefold())
    return words - lower_words


def _quoted_at(text: str, position: int) -> bool:
    return position > 0 and text[position - 1] in "“\"'‘("


def _heading_words(structure: ContractStructure) -> set[str]:
    titles = {" ".join((section.title or "").split()).casefold() for section in structure.sections}
    return {title.rstrip(".:;") for title in titles if title}


def _defined_elsewhere(text: str, phrase: str) -> bool:
    """Signs of a definition the definitions reader missed, or of one the drafter points to: the phrase in
    quotation marks, closing a parenthesis (``(collectively, the Deliverables)``), followed by "means" or
    "includes", labelling a line of a form (``Provider Name: ...``), or followed by "(as defined below)"."""
    escaped = r"\s+".join(re.escape(word) for word in phrase.split()) + r"(?:s|\(s\)|\(ies\))?"
    signs = (
        rf"[“\"‘']\s*(?:the\s+)?{escaped}[,.;]?\s*[”\"’']",
        rf"\([^()]{{0,40}}?\b{escaped}\s*\)",
        rf"\b{escaped}\s+(?:shall\s+)?(?:mean|means|is\s+defined|refers?\s+to|includes?|include)\b",
        rf"(?m:^)\s*{escaped}(?:\s+Name)?\s*:",
        rf"\b{escaped}\s*\(\s*(?:as\s+)?defined\b",
    )
    return re.search("|".join(f"(?:{sign})" for sign in signs), text) is not None


def _finding(structure: ContractStructure, phrase: str, spans: list[Span]) -> Finding:
    first = spans[0]
    section = structure.section_at(first[0])
    return Finding(
        "undefined_term",
        None,
        phrase,
        section.label if section else None,
        structure.document.page_at(first[0]),
        first,
        f"“{phrase}” is used {len(spans)} times as a defined term but is never defined.",
        related=tuple(spans[1:]),
    )
