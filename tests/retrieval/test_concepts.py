"""Query expansion from the clause checklist: a question is routed to the concepts it is about and borrows the
words contracts use for them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import make_chunk

from contract_app.retrieval.concepts import Concept, ConceptRouter, Routed, cue_words, load_concepts, load_other_topics
from contract_app.retrieval.embeddings import OnnxMiniLM
from contract_app.retrieval.lexical import tokenize
from contract_app.retrieval.other_topics import OTHER_TOPICS
from contract_app.retrieval.plain_words import PLAIN_WORDS
from contract_app.retrieval.ranking import DocumentIndex, SearchTuning, borrowed, concept_words, rank


def test_a_cue_is_read_as_its_plain_words() -> None:
    assert cue_words(r"\bright of first (refusal|offer|negotiation)\b") == [
        "right",
        "first",
        "refusal",
        "offer",
        "negotiation",
    ]
    assert cue_words(r"\blicen[cs]e\b.{0,100}\b(perpetual|irrevocable)\b") == ["licence", "perpetual", "irrevocable"]
    assert cue_words(r"\bmost favou?red\b") == ["most", "favoured"]


def test_the_words_a_cue_forbids_are_not_borrowed() -> None:
    pattern = r"^(?!.*\b(?:breach|default|if\b))(?=.*\b(?:may|can)\s+terminate\b).*(?<!prior )notice"
    assert cue_words(pattern) == ["may", "can", "terminate", "notice"]


def test_each_concept_borrows_only_the_words_of_its_positive_cues() -> None:
    concepts = {concept.name: concept for concept in load_concepts()}
    assert len(concepts) == 41
    convenience = concepts["Termination for Convenience"]
    assert {"convenience", "without", "cause"} <= set(convenience.vocabulary.split())
    assert "breach" not in convenience.vocabulary.split()  # a negative cue: termination for cause is not this
    assert concepts["Governing Law"].phrasings == (
        "Governing Law. Whose law decides how the contract is read. Which state or country's law governs this "
        "agreement?",
        "Whose law decides how the contract is read.",
        "Which state or country's law governs this agreement?",
        "Governing Law",
    )


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("Is either side allowed to hire away the other's employees?", "No-Solicit of Employees"),
        ("Must the supplier keep an insurance policy?", "Insurance"),
        ("Can the buyer inspect the seller's records?", "Audit Rights"),
    ],
)
def test_a_question_in_plain_words_is_routed_to_the_concept_it_is_about(
    minilm: OnnxMiniLM, question: str, concept: str
) -> None:
    routed = ConceptRouter(load_concepts(), minilm).route(minilm.embed([question])[0])
    assert routed[0].concept.name == concept
    assert [r.similarity for r in routed] == sorted((r.similarity for r in routed), reverse=True)


def routed(name: str, similarity: float, vocabulary: str = "") -> Routed:
    return Routed(Concept(name, name, (name,), vocabulary), similarity, np.zeros(4, dtype=np.float32))


def test_the_closest_concepts_that_are_close_enough_are_borrowed_the_nearer_the_more() -> None:
    candidates = [routed("A", 0.50), routed("B", 0.45), routed("C", 0.44)]
    tuning = SearchTuning(concept_count=2, concept_min_similarity=0.3, concept_temperature=0.05)
    (first, first_weight), (second, second_weight) = borrowed(candidates, tuning)
    assert (first.concept.name, second.concept.name) == ("A", "B")
    assert first_weight + second_weight == pytest.approx(1.0)
    assert second_weight / first_weight == pytest.approx(np.exp(-1.0), rel=1e-5)
    assert borrowed(candidates, replace(tuning, concept_min_similarity=0.6)) == []
    assert [c.concept.name for c, _ in borrowed(candidates, replace(tuning, concept_count=1))] == ["A"]


STAFF = (
    make_chunk(0, "Neither party shall solicit or hire any employee of the other party during the Term."),
    make_chunk(1, "Our staff will be available on business days."),
    make_chunk(2, "Fees are payable monthly in arrears."),
)


def test_a_routed_query_finds_the_clause_in_the_words_contracts_use() -> None:
    index = DocumentIndex.build(STAFF, np.zeros((3, 4), dtype=np.float32), SearchTuning())
    no_solicit = [routed("No-Solicit of Employees", 0.5, "solicit hire employee personnel")]
    plain = SearchTuning(concept_lexical_weight=0.0, concept_heading_weight=0.0, heading_weight=0.0)
    assert rank(index, "Can they poach our staff?", None, plain, 3, no_solicit).shortlist[0] == 1
    expanded = replace(plain, concept_lexical_weight=1.5)
    assert rank(index, "Can they poach our staff?", None, expanded, 3, no_solicit).shortlist[0] == 0
    too_far = replace(expanded, concept_min_similarity=0.6)
    assert rank(index, "Can they poach our staff?", None, too_far, 3, no_solicit).shortlist[0] == 1


def test_every_checklist_concept_has_everyday_questions_and_contract_terms() -> None:
    concepts = load_concepts()
    assert set(PLAIN_WORDS) == {concept.name for concept in concepts}
    assert all(concept.asked and concept.contract_words for concept in concepts)
    employees = next(concept for concept in concepts if concept.name == "No-Solicit of Employees")
    assert employees.asked == PLAIN_WORDS["No-Solicit of Employees"].asked
    assert {"solicit", "hire", "employees"} <= set(employees.contract_words.split())


def test_a_query_borrows_the_words_of_the_sources_named() -> None:
    concept = Concept("X", "X. About x.", ("X",), "cue words", ("Plain?",), "terms of art")
    routed_x = Routed(concept, 0.9, np.zeros(4, dtype=np.float32))
    assert concept_words(routed_x, "cues") == "cue words"
    assert concept_words(routed_x, "cues+plain") == "cue words terms of art"
    assert concept_words(routed_x, "cues+description+plain") == "cue words X. About x. terms of art"


def test_everyday_ways_of_asking_route_a_question_only_when_asked_for(minilm: OnnxMiniLM) -> None:
    plain = Concept(
        "Escrow",
        "Escrow. Source code deposited with an agent.",
        ("Source code escrow",),
        "",
        ("Is the code held by a third party for us?",),
        "",
    )
    other = Concept("Law", "Law. Which law governs.", ("Governing law",), "", ("Which law applies?",), "")
    router = ConceptRouter((plain, other), minilm)
    question = minilm.embed(["Is the code held by a third party for us?"])[0]
    checklist_only, with_asked = router.route(question), router.route(question, asked=True)
    assert with_asked[0].concept.name == "Escrow"
    assert with_asked[0].similarity == pytest.approx(1.0, abs=1e-4)  # the very same words as an everyday phrasing
    assert checklist_only[0].similarity < 0.9


def test_a_concepts_words_are_scored_once_per_document_and_rank_the_same() -> None:
    index = DocumentIndex.build(STAFF, np.zeros((3, 4), dtype=np.float32), SearchTuning())
    words = "solicit hire employee personnel"
    first = index.fixed_scores("text", words)
    assert index.fixed_scores("text", words) is first
    fresh = index.fields["text"].scores(words)
    assert np.allclose(first, (fresh - fresh.mean()) / fresh.std())
    no_solicit = [routed("No-Solicit of Employees", 0.5, words)]
    tuning = SearchTuning(concept_lexical_weight=1.5, concept_heading_weight=0.0, heading_weight=0.0)
    assert rank(index, "Can they poach our staff?", None, tuning, 3, no_solicit).shortlist == [0, 1, 2]


def test_no_everyday_phrasing_repeats_a_benchmark_question() -> None:
    """The routing tables were written without the benchmark's questions: none of their phrasings shares half or more of
    its searchable words (stemmed, stopwords out) with a lawyer or held-out question, so both sets measure how
    they carry over."""
    benchmark = Path(__file__).resolve().parents[2] / "benchmarks"
    questions = [
        text
        for name in ("lawyer_questions.json", "heldout_questions.json")
        for text in json.loads((benchmark / name).read_text(encoding="utf-8"))["questions"].values()
    ]
    phrasings = [text for plain in PLAIN_WORDS.values() for text in plain.asked]
    assert len(phrasings) >= 2 * len(PLAIN_WORDS)
    phrasings += [text for topic in load_other_topics() for text in topic.phrasings]

    def shared(first: str, second: str) -> float:
        a, b = set(tokenize(first)), set(tokenize(second))
        return len(a & b) / len(a | b)

    near = [
        (phrasing, question) for phrasing in phrasings for question in questions if shared(phrasing, question) >= 0.5
    ]
    assert near == []


def off_checklist(name: str, similarity: float) -> Routed:
    return Routed(Concept(name, name, (name,), "", on_checklist=False), similarity, np.zeros(4, dtype=np.float32))


def test_a_query_closest_to_a_subject_off_the_checklist_borrows_nothing() -> None:
    tuning = SearchTuning(concept_count=2, concept_min_similarity=0.3)
    payment_first = [off_checklist("Payment Terms", 0.60), routed("Minimum Commitment", 0.52), routed("B", 0.45)]
    assert borrowed(payment_first, tuning) == []
    checklist_first = [routed("Governing Law", 0.93), off_checklist("Dispute Resolution", 0.70), routed("B", 0.60)]
    assert [r.concept.name for r, _ in borrowed(checklist_first, tuning)] == ["Governing Law", "B"]


def test_a_query_borrows_only_when_its_closest_concept_leads_the_next_by_the_margin() -> None:
    candidates = [routed("A", 0.50), routed("B", 0.47)]
    tuning = SearchTuning(concept_count=1, concept_min_similarity=0.3, concept_min_margin=0.05)
    assert borrowed(candidates, tuning) == []
    assert [r.concept.name for r, _ in borrowed(candidates, replace(tuning, concept_min_margin=0.02))] == ["A"]


def test_a_question_about_a_subject_off_the_checklist_is_routed_to_it_only_when_asked_for(minilm: OnnxMiniLM) -> None:
    router = ConceptRouter(load_concepts(), minilm)
    question = minilm.embed(["When must Buyer pay the Price?"])[0]
    assert router.route(question)[0].concept.on_checklist
    closest = router.route(question, others=True)[0]
    assert (closest.concept.name, closest.concept.on_checklist) == ("Payment Terms", False)
    law = router.route(minilm.embed(["Which state's law governs this agreement?"])[0], others=True)[0]
    assert law.concept.name == "Governing Law"


def test_no_subject_off_the_checklist_is_a_checklist_concept_under_another_name() -> None:
    checklist = {concept.name.casefold() for concept in load_concepts()}
    assert len(OTHER_TOPICS) >= 15
    assert not checklist & {name.casefold() for name in OTHER_TOPICS}
    assert all(not topic.on_checklist and not topic.vocabulary for topic in load_other_topics())


def test_a_subject_off_the_checklist_that_is_not_closest_takes_no_borrowed_concepts_place() -> None:
    candidates = [routed("A", 0.50), off_checklist("Notices", 0.48), routed("B", 0.45)]
    tuning = SearchTuning(concept_count=2, concept_min_similarity=0.3, concept_temperature=0.05)
    assert [r.concept.name for r, _ in borrowed(candidates, tuning)] == ["A", "B"]
