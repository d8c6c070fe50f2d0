"""Fetching the embedding model once: checksum verified, nothing installed on a bad or cancelled download, never
anything in offline mode. A server of ours on loopback stands in for the model's host."""

from __future__ import annotations

import pytest
from packaging_support import MODEL_BYTES, ModelServer

from contract_app.cli.main import main
from contract_app.errors import OperationCancelled
from contract_app.retrieval.model_download import OFFLINE_REFUSAL, ModelDownloadError, download_model
from contract_app.retrieval.model_files import downloaded_model_dir, find_model_dir, locate_model_dir
from contract_app.settings import Settings, load_settings

CORRUPTED = (
    "The downloaded model did not match its published checksum (a damaged or altered download), so nothing was "
    "installed: try again later."
)


def _leftovers() -> list[str]:
    folder = downloaded_model_dir().parent
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def test_the_model_is_installed_once_its_checksum_matches(model_server: ModelServer) -> None:
    messages: list[str] = []
    target = download_model(Settings(), progress=lambda fraction, message: messages.append(message))
    assert target == downloaded_model_dir()
    assert (target / "model.onnx").read_bytes() == MODEL_BYTES
    assert find_model_dir(Settings()) == target
    assert messages[-1] == "Unpacking the model"
    assert _leftovers() == ["onnx"]


def test_a_corrupted_download_is_refused_in_one_sentence_and_nothing_is_installed(model_server: ModelServer) -> None:
    model_server.body = model_server.body[:-10] + b"0123456789"
    with pytest.raises(ModelDownloadError) as refused:
        download_model(Settings())
    assert str(refused.value) == CORRUPTED
    assert _leftovers() == []
    assert find_model_dir(Settings()) is None


def test_a_cancelled_download_leaves_nothing_behind(model_server: ModelServer) -> None:
    def cancel_after_first_chunk(fraction: float, message: str) -> None:
        if fraction > 0:
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        download_model(Settings(), progress=cancel_after_first_chunk)
    assert _leftovers() == []
    assert len(model_server.server.requests) == 1


def test_offline_mode_never_fetches_the_model(model_server: ModelServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONTRACT_APP_OFFLINE", "1")
    monkeypatch.setenv("CONTRACT_APP_ALLOW_DOWNLOAD", "1")
    settings = load_settings()
    assert locate_model_dir(settings) is None
    with pytest.raises(ModelDownloadError) as refused:
        download_model(settings)
    assert str(refused.value) == OFFLINE_REFUSAL
    assert model_server.server.requests == []


def test_the_model_command_says_how_to_fetch_the_model_then_fetches_it(
    model_server: ModelServer, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["model"]) == 0
    size = f"about {round(model_server.archive.approx_bytes / 1_000_000)} MB"
    assert capsys.readouterr().out == (
        "No all-MiniLM-L6-v2 embedding model on this computer: search matches words only.\n"
        f"Run `contract-app model download` to fetch it once ({size}).\n"
    )
    assert main(["model", "download"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Downloading the all-MiniLM-L6-v2 embedding model ({size})…",
        f"Installed the all-MiniLM-L6-v2 embedding model in {downloaded_model_dir()} (checksum verified).",
    ]
