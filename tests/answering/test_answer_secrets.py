"""A model server that repeats the request's key in its error never gets that key printed: not in the sentence the
core raises, not on the CLI's stderr or stdout. The real openai SDK against the fake server, which echoes the key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from answering_support import FAST_RETRY
from fakes.openai_server import FakeOpenAI

from contract_app.answering import ChatClient
from contract_app.errors import BackendError
from contract_app.secrets import REDACTED, redact
from contract_app.settings import Settings

KEY = "sk-proj-Zq8vN3xLr7TtK2mWp9Yb4Hc6Fj1Ds5Ga"
MESSAGES = [{"role": "user", "content": "Which law governs?"}]
QUESTION = "What law governs this agreement?"


def _fail_with(fake: FakeOpenAI, status: int) -> None:
    fake.echo_key = True
    if status == 401:
        fake.api_key = "sk-the-right-one"
    else:
        fake.script(status=status)


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "The OpenAI-compatible server rejected the request (HTTP 400): Scripted failure 400."),
        (422, "The OpenAI-compatible server rejected the request (HTTP 422): Scripted failure 422."),
        (401, "The OpenAI-compatible server rejected the API key."),
    ],
)
def test_an_error_that_echoes_the_key_raises_a_sentence_without_it(
    fake_openai: FakeOpenAI, model_settings: Settings, monkeypatch: pytest.MonkeyPatch, status: int, message: str
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", KEY)
    _fail_with(fake_openai, status)

    with pytest.raises(BackendError) as error:
        ChatClient(model_settings, FAST_RETRY).complete(MESSAGES)

    assert KEY not in str(error.value)
    assert str(error.value).startswith(message)
    if status != 401:  # the server's own words are relayed, with the key taken out
        assert str(error.value) == (f"{message} Request headers: Authorization: Bearer {REDACTED}; api_key={REDACTED}.")


@pytest.mark.parametrize(("status", "json_output"), [(400, False), (401, True)])
def test_the_cli_never_prints_an_echoed_key(
    services, fake_openai: FakeOpenAI, tmp_path: Path, status: int, json_output: bool
) -> None:
    _fail_with(fake_openai, status)
    env = dict(os.environ)
    env.update(
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL=fake_openai.base_url,
        CONTRACT_APP_ANSWER_BACKEND="openai",
        CONTRACT_APP_OPENAI_MODEL="fake-model",
    )
    command = [sys.executable, "-m", "contract_app", "ask", str(services.path), QUESTION, "--store", str(tmp_path)]

    done = subprocess.run(command + ["--json"] * json_output, env=env, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    sent = [{k.lower(): v for k, v in r.headers.items()}["authorization"] for r in fake_openai.requests]
    assert sent == [f"Bearer {KEY}"]  # the key went out, and the server put it in its error
    assert KEY not in done.stdout and KEY not in done.stderr
    assert KEY[3:20] not in done.stdout + done.stderr  # nor a piece of it
    assert "Showing the offline answer instead." in done.stdout + done.stderr


def test_redact_removes_configured_keys_bearer_tokens_and_key_shaped_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COHERE_API_KEY", "plainlowercasecoherekey")
    text = (
        "auth failed for Bearer abc.DEF-123_xyz; x-api-key: 9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6; "
        "key sk-ant-api03-AbCdEfGh12345678 and cohere plainlowercasecoherekey, HTTP 401 at 127.0.0.1:8080"
    )

    assert redact(text, ("abc.DEF-123_xyz",)) == (
        f"auth failed for Bearer {REDACTED}; x-api-key: {REDACTED}; "
        f"key {REDACTED} and cohere {REDACTED}, HTTP 401 at 127.0.0.1:8080"
    )


def test_redact_leaves_paths_and_long_names_alone() -> None:
    text = (
        "Could not write /tmp/test_an_output_onto_the_contract10/Acme_Contracts_2021_Final_Version_Signed/r.md "
        "(document 9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c69f8e7d6c5b4a39281706f5e4)"
    )

    assert redact(text) == text
