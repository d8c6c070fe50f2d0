"""Fixtures every test folder shares: where the shared corpus and the local model are, and a clean environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CONTRACT_APP_SHARED", REPO.parent / "shared"))
CORPUS = SHARED / "corpus" / "cuad-dev"
MODEL_DIR = SHARED / "models" / "all-MiniLM-L6-v2" / "onnx"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's settings, store or keys."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CONTRACT_APP_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("CONTRACT_APP_CONFIG_DIR", str(home / "config"))
    for var in (
        "OPENAI_API_KEY",
        "OPENAI_BASE_URL",
        "COHERE_API_KEY",
        "CO_API_KEY",
        "CONTRACT_APP_CHROMA_URL",
        "CONTRACT_APP_ANSWER_BACKEND",
        "CONTRACT_APP_RERANK_BACKEND",
        "CONTRACT_APP_EMBEDDING_BACKEND",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "pdf").is_dir():
        pytest.skip("the CUAD dev corpus (../shared/corpus/cuad-dev) is not present")
    return CORPUS


@pytest.fixture(scope="session")
def model_dir() -> Path:
    if not (MODEL_DIR / "model.onnx").is_file():
        pytest.skip("the local MiniLM model (../shared/models/all-MiniLM-L6-v2/onnx) is not present")
    return MODEL_DIR


@pytest.fixture(scope="session")
def sample_pdf() -> Path:
    return REPO / "resources" / "samples" / "sample_contract.pdf"
