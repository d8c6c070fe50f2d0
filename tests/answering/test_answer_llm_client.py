"""The chat client through the real openai SDK against our fake server: streaming, errors, retries, timeouts."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from answering_support import FAST_RETRY
from fakes.openai_server import FakeOpenAI

from contract_app.answering import ChatClient
from contract_app.errors import BackendError
from contract_app.settings import Settings

MESSAGES = [{"role": "user", "content": "Which law governs?"}]


def test_streamed_tokens_arrive_in_order_and_add_up_to_the_reply(fake_openai: FakeOpenAI, model_settings: Settings):
    fake_openai.reply = "Texas law governs the agreement [C1]."
    received: list[str] = []

    text = ChatClient(model_settings, FAST_RETRY).complete(MESSAGES, received.append)

    assert received == ["Texas", " law", " governs", " the", " agreement", " [C1]."]
    assert text == "Texas law governs the agreement [C1]."
    body = fake_openai.chat_bodies[0]
    assert body["model"] == "fake-model"
    assert body["stream"] is True
    assert body["messages"] == MESSAGES


def test_a_loopback_server_gets_a_placeholder_key_and_a_configured_key_is_sent(
    fake_openai: FakeOpenAI, model_settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-123")
    ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    keys = [{k.lower(): v for k, v in r.headers.items()}["authorization"] for r in fake_openai.requests]
    assert keys == ["Bearer not-needed", "Bearer sk-test-123"]


def test_api_openai_com_without_a_key_is_a_clear_error_before_any_request():
    with pytest.raises(BackendError, match="No OpenAI API key is set"):
        ChatClient(Settings(answer_backend="openai"))


def test_a_rejected_key_gives_the_plain_message_without_retrying(
    fake_openai: FakeOpenAI, model_settings: Settings, monkeypatch: pytest.MonkeyPatch
):
    fake_openai.api_key = "sk-right"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-wrong")

    with pytest.raises(BackendError) as error:
        ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    assert str(error.value) == "The OpenAI-compatible server rejected the API key."
    assert len(fake_openai.requests) == 1


@pytest.mark.parametrize("status", [429, 500, 503])
def test_rate_limits_and_server_errors_are_retried_then_answered(
    fake_openai: FakeOpenAI, model_settings: Settings, status: int
):
    fake_openai.script(status=status, times=2)
    fake_openai.script("Recovered [C1].")

    text = ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    assert text == "Recovered [C1]."
    assert len(fake_openai.chat_bodies) == 3


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (429, "The OpenAI-compatible server is rate-limiting requests (HTTP 429) after 3 attempts: try again later."),
        (503, "The OpenAI-compatible server failed with HTTP 503 after 3 attempts."),
    ],
)
def test_persistent_failures_end_in_a_clear_error_after_the_retries(
    fake_openai: FakeOpenAI, model_settings: Settings, status: int, message: str
):
    fake_openai.script(status=status, times=3)

    with pytest.raises(BackendError) as error:
        ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    assert str(error.value) == message
    assert len(fake_openai.chat_bodies) == 3


def test_retry_after_is_honoured(fake_openai: FakeOpenAI, model_settings: Settings):
    fake_openai.script(status=429, retry_after=0.3)
    started = time.perf_counter()

    ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    assert time.perf_counter() - started >= 0.3
    assert len(fake_openai.chat_bodies) == 2


def test_a_server_that_does_not_answer_in_time_is_a_clear_error(fake_openai: FakeOpenAI, model_settings: Settings):
    fake_openai.script(delay=2.0)
    settings = replace(model_settings, request_timeout=0.3)

    with pytest.raises(BackendError) as error:
        ChatClient(settings, FAST_RETRY).complete(MESSAGES)

    assert str(error.value) == f"The model server at {fake_openai.base_url} did not answer within 0.3 seconds."


def test_an_unknown_model_is_named_in_the_error(fake_openai: FakeOpenAI, model_settings: Settings):
    fake_openai.script(status=404)

    with pytest.raises(BackendError, match="does not offer the model 'fake-model'"):
        ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)


def test_nothing_listens_is_a_clear_error(model_settings: Settings):
    settings = replace(model_settings, openai_base_url="http://127.0.0.1:9/v1")

    with pytest.raises(BackendError) as error:
        ChatClient(settings, FAST_RETRY).complete(MESSAGES)

    assert str(error.value) == "Could not reach the model server at http://127.0.0.1:9/v1 after 3 attempts."


def test_a_stream_that_stalls_midway_is_a_timeout_after_the_tokens_already_shown(
    fake_openai: FakeOpenAI, model_settings: Settings
):
    fake_openai.script("one two three", chunk_delay=0.6)
    received: list[str] = []

    with pytest.raises(BackendError, match=r"did not answer within 0\.3 seconds"):
        ChatClient(replace(model_settings, request_timeout=0.3), FAST_RETRY).complete(MESSAGES, received.append)

    assert received == ["one"]
