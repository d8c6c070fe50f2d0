"""The commands' shared plumbing: a model server that is down costs the lawyer no report (the offline one comes,
with a notice), and ``--store DIR`` means the local index in DIR for every command, even with a Chroma server
configured."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from fakes.openai_server import serve_openai

from contract_app.cli.main import main
from contract_app.reports.summary import summarize
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


DOWN = {
    "answers 500": "The OpenAI-compatible server failed with HTTP 500 after 4 attempts.",
    "closed port": "Could not reach the model server at {url} after 4 attempts.",
}


@pytest.mark.parametrize("down", DOWN)
def test_report_falls_back_to_the_offline_report_with_a_notice_when_the_model_server_is_down(
    down: str, sample_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    with serve_openai() as fake:
        for _ in range(8):
            fake.script(status=500)
        url = fake.base_url if down == "answers 500" else f"http://127.0.0.1:{_closed_port()}/v1"
        monkeypatch.setenv("CONTRACT_APP_ANSWER_BACKEND", "openai")
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        monkeypatch.setenv("CONTRACT_APP_CHROMA_URL", f"http://127.0.0.1:{_closed_port()}")  # --store wins
        code = main(["report", str(sample_pdf), "--format", "json", "--store", str(store)])
    captured = capsys.readouterr()
    assert code == 0
    report = json.loads(captured.out)
    assert (report["backend"], len(report["categories"])) == ("offline", 41)
    notice = DOWN[down].format(url=url)
    assert f"contract-app: {notice} Showing the offline clause report instead." in captured.err.splitlines()
    assert (store / "chroma.sqlite3").is_file()  # the local index in DIR, not the configured server


def test_summarize_falls_back_to_the_offline_summary_when_the_model_server_is_down(
    sample_pdf: Path, tmp_path: Path
) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/v1"
    settings = Settings(store_dir=str(tmp_path / "store"), answer_backend="openai", openai_base_url=url)
    retriever = Retriever(settings)
    doc_id = retriever.ingest(sample_pdf).doc_id
    summary = summarize(retriever, doc_id, settings)
    offline = summarize(retriever, doc_id, Settings(store_dir=settings.store_dir))
    assert summary.lines == offline.lines and summary.backend == "offline"
    down = DOWN["closed port"].format(url=url)
    assert summary.notices[0] == f"{down} Showing the offline summary instead."
    retriever.close()
