"""Fixtures for retrieval tests: the warm MiniLM and settings pointing at a temp store."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract_app.retrieval.embeddings import OnnxMiniLM, _onnx
from contract_app.settings import Settings


@pytest.fixture
def minilm(model_dir: Path) -> OnnxMiniLM:
    return _onnx(model_dir.resolve())


@pytest.fixture
def local_settings(tmp_path: Path, model_dir: Path) -> Settings:
    return Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir))
