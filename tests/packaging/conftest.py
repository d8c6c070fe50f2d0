"""Fixtures of the packaging tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging_support import ModelServer, serve_model

from contract_app.retrieval import model_download, model_files


@pytest.fixture
def model_server(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[ModelServer]:
    """The app's default model archive pointed at our server on loopback; no model anywhere on this machine."""
    monkeypatch.setattr(model_files, "chroma_cache_dir", lambda: tmp_path / "no-chroma-cache")
    monkeypatch.delenv("CONTRACT_APP_MODEL_DIR", raising=False)
    with serve_model() as served:
        monkeypatch.setattr(model_download, "MINILM_ARCHIVE", served.archive)
        yield served
