"""Citation checking after generation: ids must be clauses that were given, quotes must be in the cited clause."""

from __future__ import annotations

from dataclasses import replace

from answering_support import definition, hits

from contract_app.answering.citations import (
    REMOVED_NOTICE,
    UNCITED_NOTICE,
    UNSUPPORTED_NOTICE,
    find_quote,
    verify,
)
from contract_app.answering.prompt import source_clauses
from contract_app.model import Citation

FEES = "Client shall pay Consultant a monthly fee of $12,000 within thirty (30) days after receipt of each invoice."
TERMINATION = "Either party may terminate this Agreement upon ninety (90) days' prior written notice."
CLAUSES = source_clauses(hits(("1.2", FEES), ("2.2", TERMINATION)))
FEES_START = 0
TERMINATION_START = len(FEES) + 2


def test_valid_citations_are_kept_renumbered_in_order_of_use_and_located():
    raw = 'Either party may terminate on "ninety (90) days\' prior written notice" [C2]. Fees are monthly [C1].'

    answer = verify(raw, CLAUSES)

    assert answer.text == raw.replace("[C2]", "[1]").replace("[C1]", "[2]")
    quote = "ninety (90) days' prior written notice"
    quote_start = TERMINATION_START + TERMINATION.index(quote)
    assert answer.citations == (
        Citation(CLAUSES[1].chunk.id, "2.2", (2,), (quote_start, quote_start + len(quote)), quote),
        Citation(CLAUSES[0].chunk.id, "1.2", (1,), CLAUSES[0].chunk.char_span, None),
    )
    assert answer.grounded is True
    assert answer.notices == ()


def test_a_citation_of_a_clause_that_was_not_given_is_removed_and_the_answer_marked():
    answer = verify("The fee is $12,000 per month [C1]. Late payment bears interest at 5% [C7].", CLAUSES)

    assert answer.text == "The fee is $12,000 per month [1]. Late payment bears interest at 5%."
    assert [c.section for c in answer.citations] == ["1.2"]
    assert answer.grounded is False
    assert answer.notices == (
        f"{REMOVED_NOTICE} [C7] does not match any clause given to the model.",
        f'{UNSUPPORTED_NOTICE} "5" does not appear in the clause it cites (1.2).',  # its paragraph's other citation
    )


def test_a_fabricated_quote_removes_its_citation():
    answer = verify('Payment is due "within sixty (60) days" [C1].', CLAUSES)

    assert answer.text == 'Payment is due "within sixty (60) days".'
    assert answer.citations == ()
    assert answer.grounded is False
    assert answer.notices[0] == f'{REMOVED_NOTICE} "within sixty (60) days" does not appear in [C1].'


def test_a_real_quote_attributed_to_the_wrong_clause_is_removed():
    answer = verify('The fee is "a monthly fee of $12,000" [C2].', CLAUSES)

    assert answer.citations == ()
    assert answer.grounded is False


def test_quotes_match_across_whitespace_curly_quotes_case_and_ellipses():
    raw = "Notice: “NINETY (90)  days’ prior written notice” [C1, C2] and payment is due “within … after receipt” [C1]."

    answer = verify(raw, CLAUSES)

    assert answer.grounded is True
    assert answer.text.endswith("notice” [1][2] and payment is due “within … after receipt” [1].")
    assert [(c.section, c.quote) for c in answer.citations] == [
        ("1.2", "within … after receipt"),
        ("2.2", "NINETY (90)  days’ prior written notice"),
    ]
    start = FEES_START + FEES.index("within")
    assert answer.citations[0].char_span == (start, start + len("within thirty (30) days after receipt"))


def test_a_quote_from_an_attached_definition_points_at_the_definition():
    term = definition("Invoice", '"Invoice" means a written request for payment sent by email.', start=9000)
    [hit] = hits(("1.2", FEES))
    clauses = source_clauses([replace(hit, chunk=replace(hit.chunk, context=(term,)))])

    answer = verify('An invoice is "a written request for payment sent by email" [C1].', clauses)

    assert answer.grounded is True
    assert answer.citations[0].char_span == term.span


def test_a_real_citation_attached_to_an_invented_fact_is_kept_but_the_answer_is_not_grounded():
    for invented, missing in (
        ("Disputes are heard by the courts of Paris [C2].", '"Paris" does not appear in the clause it cites (2.2).'),
        ("Client pays a monthly fee of $15,000 [C1].", '"15000" does not appear in the clause it cites (1.2).'),
    ):
        answer = verify(invented, CLAUSES)
        assert len(answer.citations) == 1
        assert answer.grounded is False
        assert answer.notices == (f"{UNSUPPORTED_NOTICE} {missing}",)


def test_a_faithful_paraphrase_is_grounded():
    answer = verify("Client pays Consultant a $12,000 fee each month, due 30 days after the invoice [C1].", CLAUSES)

    assert (answer.grounded, answer.notices) == (True, ())


def test_a_claim_without_any_citation_is_not_grounded():
    answer = verify("The agreement renews automatically every year.", CLAUSES)

    assert answer.citations == ()
    assert answer.grounded is False
    assert answer.notices == (UNCITED_NOTICE,)


def test_a_paragraph_without_a_citation_next_to_a_cited_one_is_not_grounded():
    answer = verify("The fee is $12,000 per month [C1].\n\nThe consultant owns all work product outright.", CLAUSES)

    assert [c.section for c in answer.citations] == ["1.2"]
    assert answer.grounded is False


def test_saying_the_contract_is_silent_is_grounded_without_citations():
    for reply in ("The contract does not say.", "I don't know."):
        answer = verify(reply, CLAUSES)
        assert (answer.text, answer.citations, answer.grounded, answer.notices) == (reply, (), True, ())


def test_find_quote_returns_the_span_in_the_original_text():
    text = "Either  party may\nterminate this Agreement."
    assert find_quote("party may terminate", text) == (8, 27)
    assert find_quote("party may cancel", text) is None
