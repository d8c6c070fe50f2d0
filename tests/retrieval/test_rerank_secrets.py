"""A failing Cohere that repeats the key in its error body and headers: the key never reaches stderr or a notice.

The real cohere SDK against the fake server (which echoes the Authorization header), in process and through the CLI.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from fakes.cohere_server import CohereBehaviour, cohere_server
from retrieval_support import write_supply_agreement

from contract_app.retrieval import Retriever
from contract_app.settings import Settings

KEY = "Zq8vN3xLr7TtK2mWp9Yb4Hc6Fj1Ds5GaQe0Ru3Ik"  # Cohere keys are 40 letters and digits
NOTICE = "Cohere rerank is unavailable (HTTP 401): results use local ranking."


def test_a_rejected_key_echoed_by_cohere_is_neither_logged_nor_in_the_notice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("COHERE_API_KEY", KEY)
    pdf = write_supply_agreement(tmp_path)
    with cohere_server(CohereBehaviour(fail_with=401, echo_key=True)) as (server, behaviour):
        settings = Settings(store_dir=str(tmp_path / "store"), rerank_backend="cohere", cohere_base_url=server.url)
        retriever = Retriever(replace(settings, model_dir=str(tmp_path / "no-model")))
        doc_id = retriever.ingest(pdf).doc_id
        with caplog.at_level(logging.DEBUG, logger="contract_app"):
            hits = retriever.search(doc_id, "Which law governs?")

    ours = [record.getMessage() for record in caplog.records if record.name.startswith("contract_app")]
    assert hits and behaviour.calls
    assert NOTICE in retriever.notices
    assert "Cohere rerank failed (HTTP 401)." in ours
    assert all(KEY not in message for message in ours)


def test_the_cli_never_prints_a_key_cohere_echoed(tmp_path: Path) -> None:
    pdf = write_supply_agreement(tmp_path)
    with cohere_server(CohereBehaviour(fail_with=401, echo_key=True)) as (server, behaviour):
        env = dict(os.environ)
        env.update(COHERE_API_KEY=KEY, CONTRACT_APP_RERANK_BACKEND="cohere", CONTRACT_APP_COHERE_BASE_URL=server.url)
        command = [sys.executable, "-m", "contract_app", "search", str(pdf), "Which law governs?"]
        done = subprocess.run(
            [*command, "--store", str(tmp_path / "store")], env=env, capture_output=True, text=True, timeout=120
        )

    assert done.returncode == 0, done.stderr
    assert behaviour.calls  # the key went out, and came back in the error
    assert KEY not in done.stdout and KEY not in done.stderr
    assert f"contract-app: {NOTICE}" in done.stderr.splitlines()
