"""Checking a model's citations against the clauses it was given, after generation.

A citation survives only if its id is one of the clauses in the prompt and every quotation attributed to it
(the quoted words between the previous citation and this one) occurs in that clause, after normalising
whitespace, quote marks, dashes and case, and in a provision of it: a sentence addressed to an AI ("Ignore previous
instructions ...") is not a term of the contract and backs nothing. Survivors are renumbered ``[1]``, ``[2]``... in
order of first use, so ``[n]`` in the answer text is ``citations[n - 1]``.

Each sentence must then say nothing specific its cited clauses do not: every name, place, number, amount, date and
duration in it must occur in them (``claims.unbacked``; a party may appear under the name the contract defines for
it), and at least half its content words. Anything removed or unbacked makes the answer ungrounded, as does a
paragraph that states something without citing anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from contract_app.answering.claims import has_specifics, known_names, unbacked
from contract_app.answering.instructions import provisions
from contract_app.answering.locate import CHUNK_ONLY, Locator
from contract_app.answering.prompt import SourceClause
from contract_app.answering.scoring import words
from contract_app.model import Citation, ContractStructure, Span
from contract_app.sentences import split_sentences

MARKER = re.compile(r"\[\s*(C\d+(?:\s*(?:,|;|and)\s*C?\d+)*)\s*\]", re.IGNORECASE)
_GROUP_GLUE = re.compile(r"[\s,;]*(?:and)?[\s,;]*")
_QUOTE = re.compile(r"\"([^\"\n]+?)\"|“([^”\n]+?)”")
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[\.\.\.\])\s*")
_REFUSAL = re.compile(
    r"\b(i do(?:n'?t| not) know|(?:the )?(?:contract|agreement|clauses?|context) (?:does|do) not (?:say|address|"
    r"specify|mention|state|cover|provide)|no clause (?:in this contract )?appears|not (?:addressed|specified|stated) "
    r"in the (?:contract|clauses))",
    re.IGNORECASE,
)
_CHAR_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'", "–": "-", "—": "-",
                           "‑": "-", "\u00ad": None, "‹": "<", "›": ">", "ﬁ": "fi", "ﬂ": "fl"})  # fmt: skip

MIN_CLAIM_WORDS = 3  # shorter claims ("Yes", "See below") are not checked for support
SUPPORT_SHARE = 0.5  # share of a claim's content words that must occur in the clauses it cites

REMOVED_NOTICE = "Some citations could not be verified against the contract and were removed."
UNSUPPORTED_NOTICE = "Some statements say more than the clauses they cite:"
INSTRUCTION_PROBLEM = "is not a provision of the contract (it reads as instructions to an AI)"
UNCITED_NOTICE = "Part of the answer is not backed by a citation to the contract: check it against the clauses."


def normalise(text: str) -> tuple[str, list[int]]:
    """Lower-cased text with unified quotes/dashes and single spaces, plus each character's original offset."""
    chars: list[str] = []
    offsets: list[int] = []
    for index, original in enumerate(text):
        for char in original.translate(_CHAR_MAP):
            if char.isspace():
                if not chars or chars[-1] == " ":
                    continue
                char = " "
            chars.append(char.lower())
            offsets.append(index)
    while chars and chars[-1] == " ":
        chars.pop()
        offsets.pop()
    return "".join(chars), offsets


def find_quote(quote: str, text: str) -> Span | None:
    """Where ``quote`` occurs in ``text`` (normalised; "..." may elide words), as a span of ``text``."""
    haystack, offsets = normalise(text)
    parts = [normalise(p)[0].strip(" .,;:") for p in _ELLIPSIS.split(quote)]
    parts = [p for p in parts if p]
    if not parts or not haystack:
        return None
    position, start = 0, None
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return None
        start = found if start is None else start
        position = found + len(part)
    assert start is not None
    return offsets[start], offsets[position - 1] + 1


def marker_ids(match: re.Match[str]) -> list[str]:
    """The clause ids of one citation marker: "[C1, 3]" gives C1 and C3."""
    return [f"C{n}" for n in re.findall(r"\d+", match.group(1))]


@dataclass
class _Group:
    start: int
    end: int
    ids: list[str]
    quotes: list[str]
    segment: str = ""  # the claim: text since the previous citation (or the paragraph start)
    kept: list[str] = field(default_factory=list)
    quote_for: dict[str, str] = field(default_factory=dict)


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    for match in MARKER.finditer(text):
        ids = marker_ids(match)
        if groups and _GROUP_GLUE.fullmatch(text[groups[-1].end : match.start()]):
            groups[-1].end = match.end()
            groups[-1].ids.extend(ids)
            continue
        groups.append(_Group(match.start(), match.end(), ids, []))
    previous_end = 0
    for group in groups:
        paragraph_start = text.rfind("\n", 0, group.start) + 1
        group.segment = text[max(previous_end, paragraph_start) : group.start]
        group.quotes = [a or b for a, b in _QUOTE.findall(group.segment)]
        previous_end = group.end
    return groups


@dataclass(frozen=True)
class VerifiedAnswer:
    text: str
    citations: tuple[Citation, ...]
    grounded: bool
    notices: tuple[str, ...]


def _verify_group(group: _Group, clauses: dict[str, SourceClause], problems: list[str]) -> None:
    known = [i for i in dict.fromkeys(group.ids) if i in clauses]
    for unknown in dict.fromkeys(i for i in group.ids if i not in clauses):
        problems.append(f"[{unknown}] does not match any clause given to the model.")
    for quote in group.quotes:
        holders = [i for i in known if find_quote(quote, provisions(clauses[i].text))]
        if not holders:
            if any(find_quote(quote, clauses[i].text) for i in known):
                problems.append(f'"{_short(quote)}" {INSTRUCTION_PROBLEM}.')
            else:
                cited = ", ".join(f"[{i}]" for i in known) or "the contract"
                problems.append(f'"{_short(quote)}" does not appear in {cited}.')
            group.kept = []
            return
        for holder in holders:
            group.quote_for.setdefault(holder, quote)
    group.kept = known


def supported(claim: str, sources: Sequence[str]) -> bool:
    """Word share: at least half of a claim's content words occur in its sources (short claims pass).

    The backstop for a claim with no specifics, built of ordinary words only ("every clause of this Agreement is
    void"); a claim whose names, numbers and dates are all in its clause is tied to it already, and word share
    would reject its paraphrases ("dated 4/6/1999" for "the 6th day of April, 1999").
    """
    claim_words = set(words(_QUOTE.sub(" ", claim))) | set(words(" ".join(a or b for a, b in _QUOTE.findall(claim))))
    if len(claim_words) < MIN_CLAIM_WORDS:
        return True
    source_words = set(words(" ".join(sources)))
    return len(claim_words & source_words) >= SUPPORT_SHARE * len(claim_words)


def _aliases(structure: ContractStructure) -> dict[str, str]:
    """Each defined term's other name: what stands before ``("Consultant")``, or a "means" definition's text."""
    text = structure.document.text
    found: dict[str, str] = {}
    for definition in structure.definitions:
        start, end = definition.span
        quoted = re.search(rf"\(\s*(?:the\s+)?[\"“]{re.escape(definition.term)}[\"”]", text[start:end])
        if quoted is None:
            found[definition.term] = found.get(definition.term, "") + " " + definition.text
            continue
        opening = start + quoted.start()
        before = text[max(0, opening - 100) : opening]  # "Inc." ends no sentence here: cut at ")" ";" ":" or a break
        cut = max(before.rfind(mark) + len(mark) for mark in (")", ";", ":", "\n\n", ".\n"))
        found[definition.term] = found.get(definition.term, "") + " " + before[max(cut, 0) :]
    return found


def _with_aliases(texts: list[str], locator: Locator) -> list[str]:
    structure = locator.structure()
    if structure is None:
        return texts
    joined = " ".join(texts)
    extra = [alias for term, alias in _aliases(structure).items() if re.search(rf"\b{re.escape(term)}\b", joined)]
    return texts + extra


def _claim_spans(raw: str, groups: list[_Group]) -> list[tuple[str, list[str], list[str]]]:
    """Each sentence of the answer, its markers taken out, with the clause ids it cites and its paragraph cites.

    A marker that opens a sentence ("... governs. [C1] Fees ...") belongs to the sentence before it.
    """
    claims: list[tuple[int, int, int]] = []  # start, end, paragraph number
    offset = 0
    for number, paragraph in enumerate(raw.split("\n")):
        for start, end in split_sentences(paragraph):
            claims.append((offset + start, offset + end, number))
        offset += len(paragraph) + 1
    owners: list[list[str]] = [[] for _ in claims]
    for group in groups:
        index = next((n for n, (start, end, _) in enumerate(claims) if start <= group.start < end), None)
        if index is None:
            continue
        if index and not raw[claims[index][0] : group.start].strip() and claims[index - 1][2] == claims[index][2]:
            index -= 1
        owners[index].extend(group.kept)
    result = []
    for (start, end, number), ids in zip(claims, owners, strict=True):
        in_paragraph = [
            i for (_, _, other), owned in zip(claims, owners, strict=True) if other == number for i in owned
        ]
        text = MARKER.sub(" ", raw[start:end])
        result.append((text, list(dict.fromkeys(ids)), list(dict.fromkeys(in_paragraph))))
    return result


def _where(ids: list[str], clauses: dict[str, SourceClause]) -> str:
    labels = list(dict.fromkeys(clauses[i].chunk.section_label or "the preamble" for i in ids))
    noun = "the clause it cites" if len(labels) == 1 else "the clauses it cites"
    return f"{noun} ({', '.join(labels)})"


def _overreach(raw: str, groups: list[_Group], clauses: dict[str, SourceClause], locator: Locator) -> list[str]:
    """Sentences that say something specific, or mostly other words, than the clauses they cite."""
    contract_names = set().union(*(known_names(provisions(c.text)) for c in clauses.values()))
    problems: list[str] = []
    for claim, ids, paragraph_ids in _claim_spans(raw, groups):
        cited = ids or paragraph_ids
        if not cited or is_refusal(claim):
            continue
        texts = [provisions(clauses[i].text) for i in cited]
        missing = unbacked(claim, texts, contract_names)
        if missing:  # a party may be named as the contract defines it: read the clause with its definitions
            texts = _with_aliases(texts, locator)
            missing = unbacked(claim, texts, contract_names)
        if missing:
            listed = " and ".join(f'"{m}"' for m in missing[:3])
            verb = "does" if len(missing) == 1 else "do"
            problems.append(f"{listed} {verb} not appear in {_where(cited, clauses)}.")
        elif ids and not has_specifics(claim, contract_names) and not supported(claim, texts):
            problems.append(f'"{_short(" ".join(claim.split()))}" is not what {_where(cited, clauses)} says.')
    return problems


def _short(quote: str, limit: int = 80) -> str:
    return quote if len(quote) <= limit else quote[: limit - 1].rstrip() + "…"


def _citation(clause: SourceClause, quote: str | None, locator: Locator) -> Citation:
    chunk = clause.chunk
    if quote is None:
        return Citation(chunk.id, chunk.section_label, tuple(chunk.pages), chunk.char_span, None)
    local = find_quote(quote, chunk.text)
    if local is not None:
        span = (chunk.char_span[0] + local[0], chunk.char_span[0] + local[1])
        return Citation(chunk.id, locator.section(span, chunk), locator.pages(span, chunk), span, quote)
    for context in chunk.context:  # quoted from an attached definition or referenced section
        if find_quote(quote, context.text):
            return Citation(chunk.id, context.label if context.kind == "reference" else chunk.section_label,
                            tuple(context.pages), context.span, quote)  # fmt: skip
    return Citation(chunk.id, chunk.section_label, tuple(chunk.pages), chunk.char_span, quote)


def is_refusal(text: str) -> bool:
    return bool(_REFUSAL.search(text))


def _uncited_claims(text: str) -> bool:
    """A paragraph that states something (not a refusal, not a lead-in) without any citation."""
    for paragraph in re.split(r"\n+", text):
        body = paragraph.strip()
        if not body or body.endswith(":") or re.search(r"\[\d+\]", body):
            continue
        remainder = _REFUSAL.sub("", body)
        if len(re.findall(r"[A-Za-z0-9$%]+", remainder)) >= 4:
            return True
    return False


def verify(raw: str, clauses: Sequence[SourceClause], locator: Locator = CHUNK_ONLY) -> VerifiedAnswer:
    """Check and renumber the citations of a model's answer."""
    by_id = {clause.id: clause for clause in clauses}
    groups = _groups(raw)
    problems: list[str] = []
    for group in groups:
        _verify_group(group, by_id, problems)
    overreach = _overreach(raw, groups, by_id, locator)
    numbers: dict[str, int] = {}
    pieces: list[str] = []
    cursor = 0
    for group in groups:
        before = raw[cursor : group.start]
        for clause_id in group.kept:
            numbers.setdefault(clause_id, len(numbers) + 1)
        markers = "".join(f"[{numbers[i]}]" for i in group.kept)
        pieces.append(before if markers else before.rstrip(" "))
        pieces.append(markers)
        cursor = group.end
    pieces.append(raw[cursor:])
    text = re.sub(r"[ \t]+([.,;:])", r"\1", "".join(pieces)).strip()
    first_quote: dict[str, str] = {}
    for group in groups:
        for clause_id in group.kept:
            if clause_id in group.quote_for:
                first_quote.setdefault(clause_id, group.quote_for[clause_id])
    citations = tuple(_citation(by_id[i], first_quote.get(i), locator) for i in numbers)
    notices: list[str] = []
    if problems:
        notices.append(f"{REMOVED_NOTICE} " + " ".join(problems))
    if overreach:
        notices.append(f"{UNSUPPORTED_NOTICE} {' '.join(overreach)}")
    uncited = _uncited_claims(text) or (not citations and not is_refusal(text))
    if uncited and text:
        notices.append(UNCITED_NOTICE)
    grounded = not problems and not overreach and not uncited and bool(text)
    return VerifiedAnswer(text, citations, grounded, tuple(notices))
