"""Fixtures for matter tests: a local index with the MiniLM model, its matter registry and kept cells."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_app.matters import CellStore, MatterRegistry
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


@pytest.fixture
def settings(tmp_path: Path, model_dir: Path) -> Settings:
    return Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir))


@pytest.fixture
def retriever(settings: Settings) -> Iterator[Retriever]:
    retriever = Retriever(settings)
    yield retriever
    retriever.close()


@pytest.fixture
def registry(settings: Settings) -> MatterRegistry:
    return MatterRegistry(settings)


@pytest.fixture
def cells(settings: Settings) -> CellStore:
    return CellStore(settings)
