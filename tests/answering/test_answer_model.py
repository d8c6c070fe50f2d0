"""``ask`` with a model: the real openai SDK against the fake server, on a generated, ingested contract."""

from __future__ import annotations

from dataclasses import replace

import pytest
from answering_support import FAST_RETRY
from fakes.openai_server import FakeOpenAI

from contract_app.answering import ask
from contract_app.answering.pipeline import SET_ASIDE_NOTICE
from contract_app.answering.prompt import SYSTEM_PROMPT
from contract_app.settings import Settings, load_settings

QUESTION = "What law governs this agreement?"


def _clause_id(body: dict, section_label: str) -> str:
    """The id the prompt gave the clause holding ``section_label`` (what a well-behaved model would cite)."""
    user = body["messages"][1]["content"]
    for block in user.split("<clause ")[1:]:
        if section_label in block:
            return block.split('"')[1]
    raise AssertionError(f"{section_label} was not in the prompt")


def test_the_answer_streams_in_order_with_final_citation_numbers(services, fake_openai: FakeOpenAI, model_settings):
    fake_openai.responder = lambda body: (
        f'The agreement is governed by "the laws of the State of Texas" [{_clause_id(body, "3.1 Governing Law")}].'
    )
    tokens: list[str] = []

    answer = ask(services.retriever, services.doc_id, QUESTION, model_settings, tokens.append, retry=FAST_RETRY)

    assert "".join(tokens) == 'The agreement is governed by "the laws of the State of Texas" [1].'
    assert tokens[:3] == ["The", " agreement", " is"]
    assert answer.text == "".join(tokens)
    [citation] = answer.citations
    assert (citation.section, citation.pages, citation.quote) == ("3.1", (2,), "the laws of the State of Texas")
    document = services.retriever.structure(services.doc_id).document
    assert document.text[citation.char_span[0] : citation.char_span[1]] == "the laws of the State of Texas"
    assert (answer.backend, answer.grounded, answer.notices) == ("fake-model", True, ())


def test_the_prompt_gives_each_clause_an_id_label_and_pages_inside_the_data_block(
    services, fake_openai: FakeOpenAI, model_settings
):
    ask(services.retriever, services.doc_id, QUESTION, model_settings, retry=FAST_RETRY)

    [body] = fake_openai.chat_bodies
    system, user = body["messages"]
    assert system == {"role": "system", "content": SYSTEM_PROMPT}
    content = user["content"]
    assert content.startswith('<contract_data>\n<clause id="C1" ')
    assert '<clause id="C' in content and 'pages="2"' in content
    assert (
        content.index("3.1 Governing Law.") < content.index("</contract_data>") < content.index(f"Question: {QUESTION}")
    )


def test_an_answer_with_a_hallucinated_clause_id_is_set_aside_whole(services, fake_openai, model_settings):
    fake_openai.responder = lambda body: (
        f"Texas law governs [{_clause_id(body, '3.1 Governing Law')}]. Disputes go to arbitration in Paris [C9]."
    )

    answer = ask(services.retriever, services.doc_id, QUESTION, model_settings, retry=FAST_RETRY)

    assert (answer.backend, answer.notices[0]) == ("offline", SET_ASIDE_NOTICE)
    assert "Paris" not in answer.text  # the verified half is not shown beside the unverified half either
    assert answer.citations[0].section == "3.1"


def test_an_answer_whose_only_citation_has_a_fabricated_quote_is_set_aside(services, fake_openai, model_settings):
    fake_openai.responder = lambda body: f'The law of "the State of New York" applies [{_clause_id(body, "3.1 Gov")}].'

    answer = ask(services.retriever, services.doc_id, QUESTION, model_settings, retry=FAST_RETRY)

    assert "New York" not in answer.text
    assert (answer.backend, answer.notices[0]) == ("offline", SET_ASIDE_NOTICE)
    assert answer.citations[0].section == "3.1"


def test_an_answer_that_cites_nothing_is_followed_by_the_offline_answer(services, fake_openai, model_settings):
    fake_openai.reply = "The text above is contract data only. Question: What law governs this agreement?"  # an echo
    tokens: list[str] = []

    answer = ask(services.retriever, services.doc_id, QUESTION, model_settings, tokens.append, retry=FAST_RETRY)

    assert answer.backend == "offline" and answer.notices[0] == SET_ASIDE_NOTICE
    assert "".join(tokens) == f"{fake_openai.reply}\n\n{answer.text}"  # shown below what had streamed
    assert "Texas" in answer.text and answer.citations[0].section == "3.1"


def test_saying_the_contract_is_silent_is_kept_without_citations(services, fake_openai, model_settings):
    fake_openai.reply = "The contract does not say."

    answer = ask(services.retriever, services.doc_id, "Is there a non-compete?", model_settings, retry=FAST_RETRY)

    assert (answer.text, answer.backend, answer.citations, answer.grounded) == (
        "The contract does not say.",
        "fake-model",
        (),
        True,
    )


@pytest.mark.parametrize(
    ("script", "message"),
    [
        ({"status": 401}, "The OpenAI-compatible server rejected the API key."),
        ({"status": 503, "times": 3}, "The OpenAI-compatible server failed with HTTP 503 after 3 attempts."),
        ({"delay": 1.5}, "did not answer within 0.3 seconds."),
    ],
)
def test_a_failing_backend_falls_back_to_the_offline_answer_and_says_why(
    services, fake_openai: FakeOpenAI, model_settings, script: dict, message: str
):
    fake_openai.script(**script)
    settings = replace(model_settings, request_timeout=0.3)
    tokens: list[str] = []

    answer = ask(services.retriever, services.doc_id, QUESTION, settings, tokens.append, retry=FAST_RETRY)

    assert answer.backend == "offline"
    assert [c.section for c in answer.citations] == ["3.1"]
    assert message in answer.notices[0]
    assert answer.notices[0].endswith("Showing the offline answer instead.")
    assert tokens == [answer.text]


def test_offline_mode_sends_no_request_even_with_a_base_url_set(
    services, fake_openai: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("OPENAI_BASE_URL", fake_openai.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-should-not-be-used")
    settings = load_settings()
    assert (settings.answer_backend, settings.openai_base_url) == ("offline", fake_openai.base_url)

    answer = ask(services.retriever, services.doc_id, QUESTION, settings)

    assert answer.backend == "offline"
    assert fake_openai.requests == []


def test_an_empty_question_is_a_clear_error(services):
    from contract_app.errors import InputError

    with pytest.raises(InputError) as error:
        ask(services.retriever, services.doc_id, "   ", Settings())

    assert str(error.value) == "Type a question about the contract."


def test_openai_selected_without_a_key_answers_offline_and_says_why(services, fake_openai: FakeOpenAI):
    settings = Settings(answer_backend="openai")  # api.openai.com, and no key anywhere

    answer = ask(services.retriever, services.doc_id, QUESTION, settings)

    assert answer.backend == "offline"
    assert answer.notices[0] == (
        "No OpenAI API key is set: set OPENAI_API_KEY or store a key in the settings. "
        "Showing the offline answer instead."
    )
    assert fake_openai.requests == []


def test_a_model_that_stalls_midway_is_followed_by_the_offline_answer_below_what_was_shown(
    services, fake_openai: FakeOpenAI, model_settings
):
    fake_openai.script("Texas law governs", chunk_delay=0.6)
    tokens: list[str] = []

    answer = ask(services.retriever, services.doc_id, QUESTION, replace(model_settings, request_timeout=0.3),
                 tokens.append, retry=FAST_RETRY)  # fmt: skip

    assert answer.backend == "offline"
    assert tokens == ["Texas", "\n\n" + answer.text]
