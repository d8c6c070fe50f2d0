"""The facts a lawyer reads first, stated with their basis: dates, term, renewal and governing law.

Each fact comes from the clause that states it, read the way a lawyer reads it, and is given with that clause (and,
where it is computed, the arithmetic and every clause it uses). A fact nothing in the contract states is not given:

- **Agreement Date**: the date in the sentence that introduces this agreement ("is made as of ..."), not a date of
  another agreement it mentions; else a "Dated" line, the date the parties sign "in witness whereof", a date
  heading the first page, or the last date in the first signature block (an agreement dated only by its
  signatures is dated when the last party signs). A date left blank in a draft is stated as its year, saying so.
- **Effective Date**: the date the contract says it takes effect (a date defined as the "Effective Date", "shall
  be effective as of ..."); where it takes effect on the agreement's own date ("the date first written above",
  "upon signature"), or says nothing about it, the Agreement Date; where the term commences on a stated date,
  that date. An Effective Date tied to an event (a closing) is not a date yet, and none is stated.
- **Expiration Date**: the end of the initial term: a date the term clause names ("shall terminate on December 31,
  2020"), or its start plus its length ("five (5) years from the Effective Date"; where no start is named, the
  Effective Date), ending on the anniversary (three years from March 1, 2021 end on March 1, 2024); "until
  terminated" or "an indefinite term" is perpetual; "the later of (a) a date and (b) an event" (or "the longer
  of") fixes no date, and none is stated. A term measured from an event (a launch, a closing) has no date to state.
- **Renewal Term**: the length of each renewal or extension of this agreement or its term ("successive one (1)
  year periods", "automatic annual renewals"), never the initial term or a notice period in the same sentence.
- **Governing Law**: the jurisdiction the governing-law clause names ("governed by the laws of the State of New
  York"), not the first place the contract mentions (where a party is incorporated); a state rather than its
  country when the clause names both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from contract_app.model import ContractStructure, Span
from contract_app.reports.dates import DateMention, Period, add_period, find_dates, find_periods, format_date
from contract_app.reports.finder import SentenceIndex
from contract_app.reports.places import FEDERAL, PLACE, stated_place

FACT_CATEGORIES = ("Agreement Date", "Effective Date", "Expiration Date", "Renewal Term", "Governing Law")
OPENING_CHARS = 8000  # a title page and a table of contents can push the introductory sentence this far
TOP_CHARS = 600  # a letter's date heads its first page
SIGNATURE_WINDOW = (300, 700)  # characters before and after the first signature ("/s/") read as its block
MAX_JOINED = 3  # sentences of the opening joined where a line of rules or underscores cut one

_DOCUMENT = (
    r"(?:agreement|amendment|addendum|contract|lease|licen[cs]e|memorandum|letter|deed|statement|instrument"
    r"|undertaking|plan|mou)"
)
_THIS_DOCUMENT = re.compile(rf"\b(?:this|the)\s+(?:[\w'’&-]+\s+){{0,8}}?{_DOCUMENT}\b|^\W*THIS\b", re.IGNORECASE)
_INTRODUCES = re.compile(
    r"\b(?:made|entered\s+into|executed|dated|effective|concluded|signed)\b|\bby\s+and\s+(?:between|among)\b"
    r"|\bbetween\s*:",
    re.IGNORECASE,
)
_OTHER_DOCUMENT_BEFORE = re.compile(
    rf"\b(?:to|under|of|amends?|amending|amended|with|pursuant\s+to|supplements?)\s+(?:the|that\s+certain|that|an?)\s+"
    rf"[^;]{{0,120}}?\b{_DOCUMENT}\b(?:\s*\([^)]*\))*,?\s*(?:dated|entered\s+into|executed|made)\b[^;]{{0,20}}$",
    re.IGNORECASE,
)
_AS_AMENDED = re.compile(r"\(\s*as\s+amended\b[^)]*$", re.IGNORECASE)  # "(as amended by an agreement dated ..."
_DATED_LINE = re.compile(r"^\W*dated\b(?:\s+as\s+of)?\s*:?\s*$", re.IGNORECASE)
_WITNESS = re.compile(r"\bin\s+witness\s+whereof\b", re.IGNORECASE)
_SIGNATURE = re.compile(r"/s/")
_SENTENCE_END = re.compile(r"[.;:!?][\"'”’)\]]*$")

_EFFECTIVE_DATE_TERM = r"[\"“”']?\s*effective\s+date\s*[\"“”']?"
_DEFINED_AFTER = re.compile(
    rf"^\W{{0,3}}\((?:the\s+|hereinafter\s+(?:the\s+|called\s+|referred\s+to\s+as\s+(?:the\s+)?)?)?"
    rf"{_EFFECTIVE_DATE_TERM}\)",
    re.IGNORECASE,
)
_EFFECTIVE_MEANS = re.compile(rf"{_EFFECTIVE_DATE_TERM}\s*(?:shall\s+)?(?:means?|shall\s+be|will\s+be|is|:)\s*$", re.I)
_EFFECTIVE_LABEL = re.compile(
    r"(?:^|[^\w\s]\s*|[A-Z]{2,}\s+)(?i:[\"“”']?\s*effective\s+date\s*[\"“”']?)\s*:?\s*$"
)  # a cover's "EFFECTIVE DATE June 1, 1998"
_TAKES_EFFECT = re.compile(
    r"\b(?:(?:shall|will|to)\s+)?(?:be(?:come)?\s+|is\s+|are\s+|made\s+(?:and\s+)?|entered\s+into\s+)?effective"
    r"(?:\s+(?:as\s+of|on|from|upon|at))?(?:\s+the)?\s*$"
    r"|\btakes?\s+effect(?:\s+(?:as\s+of|on|from|upon))?\s*$"
    r"|\beffective\s+date\s+of\s+(?:this|the)\s+[\w\s]{1,40}?\s+(?:will|shall)\s+be\s*$"
    r"|\bwith\s+effect\s+(?:from|as\s+of)\s*$",
    re.IGNORECASE,
)
_OWN_DATE = (
    r"(?:the\s+)?(?:date\s+(?:first\s+)?(?:written|set\s+forth|stated|mentioned|shown)\s+above|date\s+hereof"
    r"|(?:first\s+)?date\s+(?:first\s+)?above\s+written|(?:when|once)\s+[^.;]{0,80}?\b(?:signed|executed)\b"
    r"|date\s+of\s+(?:this|the)\s+(?:agreement|amendment|contract)|date\s+of\s+(?:its\s+)?execution"
    r"|execution\s+(?:date\s+)?of\s+this|(?:date\s+of\s+)?(?:the\s+)?(?:last|latest|final)\s+(?:date\s+)?"
    r"(?:of\s+)?(?:signature|execution)|latest\s+date\s+(?:referenced|set\s+forth|written)\b[^.]{0,40}?signature"
    r"|signatures?\s+(?:and\s+seals\s+)?of\s+(?:both|all|the)\s+parties|(?:its\s+)?signature|(?:its\s+)?execution"
    r"|date\s+(?:on\s+which|when)\s+(?:this|the)\s+\w+\s+(?:is|has\s+been)\s+(?:signed|executed)"
    r"|date\s+signed|mutual\s+execution)"
)
_OWN_DATE_START = re.compile(rf"^\W*{_OWN_DATE}\b", re.IGNORECASE)
_EFFECTIVE_BY_REFERENCE = re.compile(
    rf"(?:\beffective|\btakes?\s+effect|{_EFFECTIVE_DATE_TERM}\s*(?:shall\s+)?(?:means?|is))\W+(?:\w+\W+){{0,5}}?"
    rf"{_OWN_DATE}\b|{_OWN_DATE}\b[^.;]{{0,80}}?\b(?:shall|will)\s+(?:be|become)\s+effective\b",
    re.IGNORECASE,
)  # "effective as of the date first written above", "executed as of the date first set forth above and shall be
# effective simultaneously", "shall become effective when ... signed by each Party"
_EFFECTIVE_DEFINED = re.compile(rf"{_EFFECTIVE_DATE_TERM}\s*(?:\)|shall\s+mean|means)", re.IGNORECASE)

_TERM_CLAUSE = re.compile(
    rf"(?P<subject>\b(?:the|this)\s+(?:initial\s+)?term\b(?:\s+of\s+(?:this|the)\s+(?:[\w-]+\s+){{0,3}}?{_DOCUMENT})?"
    rf"|\bthis\s+(?:[\w-]+\s+){{0,4}}?{_DOCUMENT}\b|\bthe\s+{_DOCUMENT}\b|\b(?:your|the)\s+(?:employment|engagement)\b"
    rf"|^\W*(?:\d[\d.]*\s+)?term\W+)"
    r"(?:\s*\([^)]*\))?(?:\s+(?:for|of|with\s+respect\s+to|in\s+respect\s+of)\s+[^.;,()]{1,40}?)?(?:\s*,[^,]{0,90},)?"
    r"\s*(?:(?:shall|will|is\s+to|may)\s+)?(?:(?:automatically|initially|hereby|"
    r"then|only|thereafter)\s+)?"
    r"(?P<verb>commence|begin|continue|remain|expire|terminate|end|run|last|be\s+valid|be\s+in\s+(?:full\s+)?force"
    r"|have\s+an?\s+(?:initial\s+)?term\b"
    r"|be(?:come)?\s+effective|(?:be|is)\s+(?:for\s+)?(?:a\s+(?:period|term)\s+of\s+)?"
    r"(?=(?:\w+[\s-]+){1,2}(?:\(\d+\)\s*)?(?:-\s*)?(?:years?|months?|days?)\b)|is\s+valid|takes?\s+effect)",
    re.IGNORECASE,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:during|throughout|of|under|in|for|to|by|with|after|upon|beyond|within|before|prior\s+to|at)\s*$", re.I
)  # "during the term of this Agreement, ...": the term is not the sentence's subject
_RENEWAL_WORDS = re.compile(
    r"\b(?:renew\w*|extend\w*\s+(?:for|by|on)|extension|successive|evergreen|thereafter|additional\s+(?:\w+\s+)?"
    r"(?:term|period)s?)\b",
    re.IGNORECASE,
)
_END_WORD = re.compile(
    r"\b(?:expir\w*|terminat\w*|end(?:s|ing)?|until|through|thru|to|valid\s+until)\s+(?:on\s+|as\s+of\s+|upon\s+)?"
    r"(?:the\s+(?:later|longer)\s+of\s+(?:\(\w\)\s*)?)?$",
    re.IGNORECASE,
)
_LATER_OF = re.compile(r"\b(?:later|longer)\s+of\b", re.IGNORECASE)
_EXPIRATION_DEFINED = re.compile(r"[\"“]\s*expiration\s+date\s*[\"”]\s*(?:means|shall\s+mean|is)\b", re.IGNORECASE)
_PERPETUAL = re.compile(
    r"\buntil\s+(?:it\s+is\s+)?terminat\w*|\bunless\s+and\s+until\b|\bindefinite(?:ly)?\b|\bin\s+perpetuity\b"
    r"|\bperpetual(?:ly)?\b",
    re.IGNORECASE,
)
_LICENSE_PERPETUAL = re.compile(
    r"\bperpetual\b[^.;]{0,100}\b(?:licen[cs]e|right)|\blicen[cs]e\b[^.;]{0,40}\bperpetual", re.I
)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "fifteenth": 15,
    "twentieth": 20,
}
_ANNIVERSARY = re.compile(
    rf"\b(?P<ordinal>{'|'.join(_ORDINALS)}|\d{{1,2}}(?:st|nd|rd|th))\s*(?:\(\s*\d{{1,2}}\s*(?:st|nd|rd|th)?\s*\)\s*)?"
    r"anniversary\s+of\s+(?P<start>[^;()]{3,80})",
    re.IGNORECASE,
)
_PERIOD_START = re.compile(
    r"^\W*(?:\([^)]*\)\s*)?(?:commencing|beginning|starting|from|after|following|as\s+of)\s*(?:on|from|as\s+of|upon|"
    r"with)?\s*(?:the\s+)?(?P<start>[^;()]{3,80})",
    re.IGNORECASE,
)
_STARTS_ON = re.compile(
    r"\b(?:commenc\w*|begin\w*|began|start\w*|become\s+effective|be\s+effective|effective)\s+(?:on|upon|as\s+of|from"
    r"|with|at)\s*(?:the\s+)?(?P<start>[^;()]{3,80})",
    re.IGNORECASE,
)
_NOT_TERM_PERIOD = re.compile(
    r"^\W*(?:\([^)]*\)\s*)?(?:prior|notice|before|in\s+advance|written|after\s+(?:the\s+)?(?:expir|terminat|receipt)"
    r"|following\s+(?:the\s+)?(?:expir|terminat)|thereafter|of\s+(?:the\s+)?(?:initial|then)|period\s+of\s+notice)",
    re.IGNORECASE,
)
_NOTICE_BEFORE = re.compile(
    r"(?:\b(?:at\s+least|not\s+less\s+than|no\s+less\s+than|within|upon|giving|with|initial|first|each|every|"
    r"per|last|past|preceding|during\s+the)\s*|[-–]\s*)$",
    re.IGNORECASE,
)
_EVENT_START = re.compile(
    r"^(?!(?:effective|commencement)\b)(?:[A-Z][a-z]+\b|date\s+(?:on\s+which|of\s+(?:the\s+)?[a-z]))"
)

_OF_THIS = r"(?!\s+of\s+(?:the|a|an|any|each|such)\s+(?!agreement|contract)[\w-]+)"  # not "the term of the Program"
_RENEWED = re.compile(
    rf"(?:\b(?:this|the|such)\s+(?:initial\s+)?(?:agreement|term{_OF_THIS}|contract)|\bit)\b(?:[^.;()]|\([^)]*\)){{0,140}}?"
    r"\b(?:(?:shall|will|may|to|is|are)\s+)?(?:(?:be|then|automatically|thereafter|only|have\s+the\s+right\s+to)\s+){0,3}"
    r"(?P<verb>renew(?:s|ed|able)?\b|extend(?:s|ed)?\b|continues?\s+automatically|automatically\s+continues?"
    r"|subject\s+to\s+an?\s+automatic)"
    rf"|\b(?P<verb2>renew\w*|extend\w*)\s+(?:this|the|such)\s+(?:initial\s+)?(?:agreement|term{_OF_THIS}|contract)\b"
    r"|\b(?P<verb3>automatic\s+(?:annual\s+)?(?:renewals?|extensions?))\b",
    re.IGNORECASE,
)
_ANNUAL = re.compile(
    r"\b(?:annual(?:ly)?|each\s+year|year[- ]to[- ]year|from\s+year\s+to\s+year|yearly)\b|\bmonth[- ]to[- ]month\b"
    r"|\badditional\s+month\b",
    re.IGNORECASE,
)
_SUCCESSIVE = re.compile(
    r"\b(?:successive|consecutive|one\s+or\s+more|each|annual(?:ly)?|renewals|year[- ]to[- ]year|month[- ]to[- ]month"
    r"|periods|terms)\b",
    re.IGNORECASE,
)
_CONDITIONAL = re.compile(r"\W*(?:\(?\w{1,4}[.)]\s*)*(?:if|in\s+the\s+event|provided\s+that|subject\s+to)\b", re.I)
_EVERGREEN_TEXT = "perpetual after the initial term (it continues until terminated)"
_EVERGREEN = re.compile(r"\bthereafter\b[^.;]{0,60}?\buntil\s+terminat", re.IGNORECASE)

_GOVERNS = re.compile(
    r"\bgovern(?:ed|s|ing)?\b|\bconstrued\b|\binterpret(?:ed|ation)\b|\bconstruction\b|\b(?:shall|will)\s+apply\b"
    r"|\bsubject\s+to\s+the\s+laws?\b|\bchoice\s+of\s+law\b|\bapplicable\s+law\b",
    re.IGNORECASE,
)
_LAWS_OF = re.compile(
    r"\blaws?\s*(?:and\s+(?:judicial\s+)?decisions\s+)?(?:of|in)\s*(?:the\s*)?(?:(?:State|Commonwealth|Province|"
    r"Republic|Kingdom|Federal\s+Republic)\s*of\s*)?|\blaws?\s+(?:State|Commonwealth)\s+of\s+",
    re.IGNORECASE,
)
_AND_OF_STATE = re.compile(
    r"(?:\s*,)?\s+and\s+(?:of\s+)?(?:the\s+)?(?:State|Commonwealth|Province)\s+of\s+", re.IGNORECASE
)
_LAW_HEADING = re.compile(r"\bgoverning\s+law|\bapplicable\s+law|\bchoice\s+of\s+law|\blaw\b", re.IGNORECASE)
_NOT_CHOICE = re.compile(
    r"\b(?:organi[sz]ed|incorporated|formed|existing|registered|licensed|qualified|permitted|chartered)\s+"
    r"(?:and\s+\w+\s+)?(?:under|in|by)\b",
    re.IGNORECASE,
)
_THIS_AGREEMENT = re.compile(r"\bthis\s+(?:[\w-]+\s+){0,3}?" + _DOCUMENT + r"\b|\bhereunder\b|\bhereto\b", re.I)


@dataclass(frozen=True)
class Fact:
    """One stated fact: ``text`` as the report gives it, ``basis`` the sentences it rests on (the main one first),
    ``working`` how it was read or computed (empty when the clause says it in so many words)."""

    category: str
    text: str  # empty: the clause is there but states nothing a lawyer could give as the fact (an undated end)
    basis: tuple[Span, ...]
    working: str = ""

    @property
    def stated(self) -> bool:
        return bool(self.text)

    @property
    def statement(self) -> str:
        return f"{self.text} ({self.working})" if self.working else self.text


@dataclass(frozen=True)
class _Sentence:
    index: int
    span: Span
    text: str


@dataclass(frozen=True)
class _Dated:
    """A date the contract gives, the sentence it is read from, and how it was read (empty: as written)."""

    value: date | None  # None: a draft's blank day and month
    year: int
    sentence: _Sentence
    how: str = ""
    name: str = ""  # what a term clause calls it ("the Effective Date"); empty: the clause writes the date

    @property
    def text(self) -> str:
        return format_date(self.value) if self.value else f"{self.year} (day and month left blank)"

    @classmethod
    def of(cls, mention: DateMention, sentence: _Sentence, how: str = "") -> _Dated:
        return cls(mention.value, mention.year, sentence, how)


@dataclass(frozen=True)
class _Ending:
    text: str
    basis: tuple[_Sentence, ...]
    working: str = ""


class FactReader:
    """Reads the facts of one contract from its sentences, citing each by the section it stands in."""

    def __init__(self, structure: ContractStructure, index: SentenceIndex | None = None) -> None:
        self.index = index or SentenceIndex(structure)
        self.sentences = _joined(list(zip(self.index.spans, self.index.texts, strict=True)))
        self._structure = structure

    def label(self, span: Span) -> str:
        """Where a sentence stands, as the working cites it (``§ 4.2``, ``Article IV``, ``the preamble``)."""
        section = self._structure.section_at(span[0])
        if section is not None:
            return section.label if section.label[:1].isalpha() else f"§ {section.label}"
        return "the preamble" if span[0] < self.index.preamble_end else "an unnumbered passage"

    def headings(self, span: Span) -> str:
        """The titles of the sections holding ``span``."""
        placed = self._structure.graph.covering((span[0], span[0] + 1))
        return " ".join(node.section.title or "" for node in placed.path) if placed else ""

    def _opening(self) -> Iterator[_Sentence]:
        for sentence in self.sentences:
            if sentence.span[0] >= OPENING_CHARS:
                return
            yield sentence

    def _spilled(self, sentence: _Sentence) -> str:
        """The sentence and the next: a date a wrong split cut ("Dec." ending a sentence) reads whole."""
        following = self.sentences[sentence.index + 1].text if sentence.index + 1 < len(self.sentences) else ""
        return f"{sentence.text} {following}"

    def _dates(self, sentence: _Sentence, *, spill: bool = True) -> list[DateMention]:
        text = self._spilled(sentence) if spill else sentence.text
        return [d for d in find_dates(text) if d.start < len(sentence.text)]

    def _own_dates(self, sentence: _Sentence) -> list[DateMention]:
        """The sentence's dates, less those of another agreement it mentions ("to the Supply Agreement dated ...")."""
        text = self._spilled(sentence)
        return [
            d
            for d in self._dates(sentence)
            if not (
                _OTHER_DOCUMENT_BEFORE.search(text[max(d.start - 240, 0) : d.start])
                or _AS_AMENDED.search(text[: d.start])
            )
        ]

    # ------------------------------------------------------------------------------------------ agreement date

    def introduction(self) -> _Sentence | None:
        """The sentence that introduces this agreement ("This Agreement is made as of ... by and between ...")."""
        for sentence in self._opening():
            text = sentence.text
            if len(text) < 40 or re.search(r"\.{4,}|\s\d{1,3}$", text):  # a line of the table of contents
                continue
            if _THIS_DOCUMENT.search(text) and _INTRODUCES.search(text):
                return sentence
        return None

    def agreement_date(self) -> _Dated | None:
        intro = self.introduction()
        if intro is not None and (dates := self._own_dates(intro)):
            return _Dated.of(dates[0], intro)
        for sentence in self._opening():
            dates = self._dates(sentence, spill=False)
            if dates and _DATED_LINE.match(sentence.text[: dates[0].start]):
                return _Dated.of(dates[0], sentence, "the date on its first page")
        for sentence in self.sentences:
            if _WITNESS.search(sentence.text) and (dates := self._dates(sentence, spill=False)):
                return _Dated.of(dates[0], sentence, "the date the parties signed it")
        for sentence in self._opening():
            if sentence.span[0] >= TOP_CHARS:
                break
            if (mention := _standalone_date(sentence.text)) is not None and "effective" not in sentence.text.lower():
                return _Dated.of(mention, sentence, "the date heading its first page")
        return self._last_signature()

    def _last_signature(self) -> _Dated | None:
        """The latest date in the first signature block: an agreement dated only by its signatures is dated when the
        last party signs."""
        text = self._structure.document.text
        witness = _WITNESS.search(text)
        signature = _SIGNATURE.search(text, witness.start() if witness else 0)
        if signature is None:
            return None
        start, end = signature.start() - SIGNATURE_WINDOW[0], signature.end() + SIGNATURE_WINDOW[1]
        found: list[tuple[date, _Sentence]] = []
        for sentence in self.sentences:
            if sentence.span[1] > start and sentence.span[0] < end:
                for line in self._structure.document.text[sentence.span[0] : sentence.span[1]].splitlines():
                    if (mention := _standalone_date(line, several=True)) is not None and mention.value:
                        found.extend((d.value, sentence) for d in find_dates(line) if d.value)
        if not found:
            return None
        value, sentence = max(found, key=lambda item: item[0])
        return _Dated(value, value.year, sentence, "the last date in the signature block")

    # ------------------------------------------------------------------------------------------ effective date

    def effective_date(self, agreed: _Dated | None) -> tuple[_Dated | None, tuple[_Sentence, ...]]:
        """The date the contract takes effect, and the sentences saying so besides the date's own."""
        by_reference: _Sentence | None = None
        tied_to_event = False
        commencing: _Dated | None = None
        for sentence in self._candidates_for_effect():
            text = sentence.text
            spilled = self._spilled(sentence)
            about_this = _THIS_DOCUMENT.search(text[:80]) is not None or sentence.span[0] < OPENING_CHARS
            for mention in self._own_dates(sentence):
                before = spilled[: mention.start]
                if _DEFINED_AFTER.match(spilled[mention.end :]) or _EFFECTIVE_MEANS.search(before[-40:]):
                    return _Dated.of(mention, sentence), ()
                if sentence.span[0] < OPENING_CHARS and _EFFECTIVE_LABEL.search(before[-60:]):
                    return _Dated.of(mention, sentence), ()
                if about_this and _TAKES_EFFECT.search(before[-60:]):
                    return _Dated.of(mention, sentence), ()
            if _EFFECTIVE_BY_REFERENCE.search(text) and (about_this or _EFFECTIVE_DEFINED.search(text)):
                by_reference = by_reference or sentence
            elif _EFFECTIVE_DEFINED.search(text) and not self._dates(sentence, spill=False):
                tied_to_event = True
            if (
                commencing is None
                and (clause := _TERM_CLAUSE.search(text))
                and clause["verb"].lower() in {"commence", "begin"}
            ):
                dates = find_dates(text[clause.end() : clause.end() + 20])
                if dates and dates[0].value:
                    commencing = _Dated(dates[0].value, dates[0].year, sentence, "the date its term commences")
        if by_reference is not None:
            return (agreed, (by_reference,)) if agreed else (None, ())
        if commencing is not None:
            return commencing, ()
        if tied_to_event:
            return None, ()
        return agreed, ()

    def _candidates_for_effect(self) -> Iterator[_Sentence]:
        opening = list(self._opening())
        yield from opening
        after = opening[-1].index + 1 if opening else 0
        for sentence in self.sentences[after:]:
            lowered = sentence.text.lower()
            if "effect" in lowered or "commence" in lowered or "begin" in lowered:
                yield sentence

    # ----------------------------------------------------------------------------------------- expiration date

    def term_clauses(self) -> list[_Sentence]:
        """Sentences saying how long this agreement lasts: a defined Expiration Date first, then the clauses under a
        "Term" heading, then the others, each group in document order."""
        ranked = []
        for sentence in self.sentences:
            text = sentence.text
            if _EXPIRATION_DEFINED.search(text):
                ranked.append((0, sentence.index, sentence))
                continue
            clause = _TERM_CLAUSE.search(text)
            if clause is None or clause.start() > 200 or _PREPOSITION_BEFORE.search(text[: clause.start()]):
                continue
            heading = self.headings(sentence.span) + " " + text[:40]
            ranked.append(
                (1 if re.search(r"\bterm\b|\bduration\b", heading, re.IGNORECASE) else 2, sentence.index, sentence)
            )
        return [sentence for *_, sentence in sorted(ranked, key=lambda item: item[:2])]

    def expiration(self, effective: _Dated | None, agreed: _Dated | None) -> _Ending | None:
        """The first end a term clause gives; an end date the contract writes out over one computed from a length
        ("shall expire on July 22, 2016" over "an initial term of three (3) years"), either over "perpetual", and
        any of them over a term clause whose end cannot be dated (returned with an empty text: not stated)."""
        endings = [e for s in self.term_clauses() if (e := self._ending(s, effective, agreed)) is not None]

        def rank(ending: _Ending) -> int:
            if not ending.text:
                return 3
            return 2 if ending.text.startswith("Perpetual") else 1 if ending.working else 0

        return min(endings, key=rank, default=None)

    def _ending(self, sentence: _Sentence, effective: _Dated | None, agreed: _Dated | None) -> _Ending | None:
        text = sentence.text
        clause = _TERM_CLAUSE.search(text)
        renewal = _RENEWAL_WORDS.search(text, clause.end() if clause else 0)
        undated = False
        initial = text[: renewal.start()] if renewal else text  # what comes before the renewals: the initial term
        for mention in find_dates(initial):
            before = initial[: mention.start]
            if mention.value and (_END_WORD.search(before[-50:]) or _EXPIRATION_DEFINED.search(before[-50:])):
                if _LATER_OF.search(before[-50:]):  # the later of this date and an event: no date to state
                    return _Ending("", (sentence,))
                return _Ending(format_date(mention.value), (sentence,))
        if (match := _ANNIVERSARY.search(initial)) is not None:
            ordinal = match["ordinal"].lower()
            years = _ORDINALS.get(ordinal) or int(re.sub(r"\D", "", ordinal))
            start = self._start(match["start"], sentence, effective, agreed)
            if start is not None:
                later = _LATER_OF.search(initial[max(match.start() - 50, 0) : match.start()])
                return self._computed(start, Period(years, "year"), sentence, later is not None, ordinal)
            undated = True  # the anniversary of an undated start: perhaps the length says more
        for period in find_periods(initial):
            before, after = initial[: period.start], initial[period.end :]
            if _NOT_TERM_PERIOD.match(after) or _NOTICE_BEFORE.search(before):
                continue
            start = self._term_start(initial, after, sentence, effective, agreed)
            if start is None:
                return _Ending("", (sentence,))  # a length from an event or an undated start: no date to state
            return self._computed(start, period, sentence, False)
        if _PERPETUAL.search(initial) and not _LICENSE_PERPETUAL.search(initial):
            return _Ending("Perpetual (until terminated)", (sentence,))
        return _Ending("", (sentence,)) if undated else None

    def _term_start(
        self, text: str, after_period: str, sentence: _Sentence, effective: _Dated | None, agreed: _Dated | None
    ) -> _Dated | None:
        """Where a term of a given length starts: as the clause says, else on the Effective Date."""
        if (match := _PERIOD_START.match(after_period)) is not None:
            return self._start(match["start"], sentence, effective, agreed)
        for match in _STARTS_ON.finditer(text):
            start = self._start(match["start"], sentence, effective, agreed)
            if start is not None:
                return start
            if _EVENT_START.match(match["start"].removeprefix("the ")):
                return None
        return replace(effective, name="the Effective Date") if effective else None

    def _start(
        self, phrase: str, sentence: _Sentence, effective: _Dated | None, agreed: _Dated | None
    ) -> _Dated | None:
        """The date a start named in a term clause refers to: a date written there, the Effective Date (or a
        Commencement Date defined as a date), or the agreement's own date."""
        phrase = phrase.strip()
        dates = find_dates(phrase)
        if dates and dates[0].start < 6:
            return _Dated.of(dates[0], sentence)
        if re.match(r"(?:the\s+)?[\"“]?effective\s+date|(?:the\s+)?date\s+of\s+effectiveness", phrase, re.IGNORECASE):
            return replace(effective, name="the Effective Date") if effective else None
        if _OWN_DATE_START.match(phrase):
            return replace(agreed, name="the date of the agreement") if agreed else None
        if term := re.match(r"(?:the\s+)?([A-Z]\w+(?:\s+[A-Z]\w+)*\s+Date)\b", phrase):
            defined = self._defined_date(term[1], effective, agreed)
            return replace(defined, name=f"the {term[1]}") if defined else None
        return None

    def _defined_date(self, term: str, effective: _Dated | None, agreed: _Dated | None) -> _Dated | None:
        """The date a defined term such as "Commencement Date" names, where it names one."""
        quoted = re.compile(rf"[\"“]{re.escape(term)}[\"”]")
        for sentence in self.sentences:
            found = quoted.search(sentence.text)
            if found is None:
                continue
            before, after = sentence.text[: found.start()], sentence.text[found.end() :]
            dates = find_dates(before[-120:])
            if dates and dates[-1].value:
                return _Dated.of(dates[-1], sentence)
            if re.search(rf"{_OWN_DATE}\W*\(?\W*$", before[-120:], re.IGNORECASE) or re.search(
                r"\bdate\s+first\s+(?:set\s+forth|written)\s+above\W*\(?\W*$", before[-120:], re.IGNORECASE
            ):
                return agreed
            if re.match(r"\W*(?:shall\s+)?(?:means?|shall\s+be)\s+(?:the\s+)?effective\s+date", after, re.IGNORECASE):
                return effective
            return None
        return None

    def _computed(
        self, start: _Dated, period: Period, sentence: _Sentence, at_least: bool, anniversary: str = ""
    ) -> _Ending:
        """The end of a term of ``period`` from ``start``, with the arithmetic and both clauses:
        "March 1, 2024 (the Effective Date, March 1, 2021, per the preamble, + 3 years, per § 2.1)"."""
        elsewhere = start.sentence.index != sentence.index
        basis = (sentence, start.sentence) if elsewhere else (sentence,)
        start_text = f"{start.name}, {start.text}" if start.name else start.text
        if elsewhere:
            start_text += f", per {self.label(start.sentence.span)}"
        term = f"per {self.label(sentence.span)}"
        if at_least:  # the later of this end and an event: the contract fixes no date
            return _Ending("", basis)
        if start.value is None:
            if period.unit != "year":
                return _Ending("", basis)
            text = f"{start.year + period.count} (day and month left blank)"
            return _Ending(text, basis, f"{start.year} + {period.text}, {term}")
        end = format_date(add_period(start.value, period))
        if anniversary:
            return _Ending(end, basis, f"the {anniversary} anniversary of {start_text}; term {term}")
        return _Ending(end, basis, f"{start_text}, + {period.text}, {term}")

    # -------------------------------------------------------------------------------------------- renewal term

    def renewal(self) -> tuple[str, _Sentence] | None:
        """The renewal period of the first renewal clause that gives one, automatic renewals first."""
        ranked = []
        for sentence in self.sentences:
            text = sentence.text
            if (renewed := _RENEWED.search(text)) is None:
                if _EVERGREEN.search(text) and _TERM_CLAUSE.search(text):
                    ranked.append((False, sentence.index, _EVERGREEN_TEXT, sentence))
                continue
            stated = self._renewal_in(text, renewed.start("verb") if renewed["verb"] else renewed.start())
            if stated is not None:
                if _CONDITIONAL.match(text):
                    stated += ", if the condition the clause sets is met"
                automatic = re.search(r"\bautomatic\w*|\bshall\s+(?:be\s+)?renew", text, re.IGNORECASE) is not None
                ranked.append((not automatic, sentence.index, stated, sentence))
        if not ranked:
            return None
        *_, stated, sentence = min(ranked, key=lambda item: item[:2])
        return stated, sentence

    def _renewal_in(self, text: str, renewed_at: int) -> str | None:
        rest = text[renewed_at:]
        if _EVERGREEN.search(text):
            return _EVERGREEN_TEXT
        for period in find_periods(rest):
            if period.unit not in {"year", "month"}:
                continue
            if _NOT_TERM_PERIOD.match(rest[period.end :]) or _NOTICE_BEFORE.search(rest[: period.start]):
                continue
            window = rest[: period.end + 40]
            return _renewal_text(period, _SUCCESSIVE.search(window) is not None)
        if annual := _ANNUAL.search(text, max(renewed_at - 30, 0), renewed_at + 80):
            unit = "month" if "month" in annual.group(0).lower() else "year"
            return _renewal_text(Period(1, unit), unit == "year" or _SUCCESSIVE.search(rest) is not None)
        return None

    # ------------------------------------------------------------------------------------------- governing law

    def governing_law(self) -> tuple[str, _Sentence] | None:
        """The jurisdiction of the governing-law clause: under a "Governing Law" heading first, then a clause about
        this agreement, then any other choice of law."""
        ranked = []
        for sentence in self.sentences:
            text = sentence.text
            governs = _GOVERNS.search(text)
            if governs is None or _NOT_CHOICE.search(text[max(governs.start() - 80, 0) : governs.end() + 20]):
                continue
            place = governing_place(text)
            if place is None:
                continue
            heading = self.headings(sentence.span) + " " + text[:60]
            ranked.append(
                (
                    _LAW_HEADING.search(heading) is None,
                    _THIS_AGREEMENT.search(text) is None,
                    sentence.index,
                    place,
                    sentence,
                )
            )
        if not ranked:
            return None
        *_, place, sentence = min(ranked, key=lambda item: item[:3])
        return place, sentence


def _joined(pieces: list[tuple[Span, str]]) -> list[_Sentence]:
    """Sentences, each one a line of rules or underscores cut ("... shall / ------ / commence ...") joined again:
    a piece that does not end a sentence, followed by one starting in lower case, continues it."""
    sentences: list[_Sentence] = []
    position = 0
    while position < len(pieces):
        last = position
        while (
            last + 1 < len(pieces)
            and last - position < MAX_JOINED
            and not _SENTENCE_END.search(pieces[last][1])
            and pieces[last + 1][1][:1].islower()
        ):
            last += 1
        text = " ".join(text for _, text in pieces[position : last + 1])
        sentences.append(_Sentence(len(sentences), (pieces[position][0][0], pieces[last][0][1]), text))
        position = last + 1
    return sentences


def _standalone_date(text: str, several: bool = False) -> DateMention | None:
    """The date of a line that is little more than a date ("May 25, 2016", "Hamburg, November 19, 2012",
    "Date: 4/25/2018"); with ``several``, a line of signature dates side by side ("7/14/11 7/18/11")."""
    dates = find_dates(text)
    if not dates or (len(dates) > 1 and not several):
        return None
    rest = text
    for mention in dates:
        rest = rest.replace(text[mention.start : mention.end], " ")
    rest = re.sub(r"\b(?:dated?|signed|title|name)\b", " ", rest, flags=re.IGNORECASE)
    return dates[-1] if len(rest.strip(" ,.:;/-")) <= 25 else None


def governing_place(text: str) -> str | None:
    """The place a governing-law sentence's "laws of ..." names ("the State of New York" -> ``New York``); a state
    over its country ("the United States of America and of the State of Texas" -> ``Texas``)."""
    places: list[str] = []
    for law in _LAWS_OF.finditer(text):
        match = PLACE.match(text, law.end())
        while match is not None:
            places.append(stated_place(match.group(1)))
            more = _AND_OF_STATE.match(text, match.end())
            match = PLACE.match(text, more.end()) if more else None
    specific = [p for p in places if p not in FEDERAL]
    return (specific or places or [None])[0]


def _renewal_text(period: Period, successive: bool) -> str:
    return f"successive {period.adjective} periods" if successive else f"one further {period.adjective} period"


def contract_facts(structure: ContractStructure, index: SentenceIndex | None = None) -> dict[str, Fact]:
    """Every fact of ``FACT_CATEGORIES`` the contract states, by category: the one place each fact is computed
    (the clause report and the summary both state these)."""
    reader = FactReader(structure, index)
    facts: dict[str, Fact] = {}
    agreed = reader.agreement_date()
    if agreed is not None:
        facts["Agreement Date"] = Fact("Agreement Date", agreed.text, (agreed.sentence.span,), agreed.how)
    effective, reasons = reader.effective_date(agreed)
    if effective is not None:
        basis = tuple(dict.fromkeys(s.span for s in (*reasons, effective.sentence)))
        working = "the Agreement Date: it takes effect on its own date" if effective is agreed else effective.how
        facts["Effective Date"] = Fact("Effective Date", effective.text, basis, working)
    if (ending := reader.expiration(effective, agreed)) is not None:
        basis = tuple(s.span for s in ending.basis)
        facts["Expiration Date"] = Fact("Expiration Date", ending.text, basis, ending.working)
    if (renewal := reader.renewal()) is not None:
        facts["Renewal Term"] = Fact("Renewal Term", renewal[0], (renewal[1].span,))
    if (law := reader.governing_law()) is not None:
        facts["Governing Law"] = Fact("Governing Law", law[0], (law[1].span,))
    return facts
