"""Fixtures for matter tests: a local index with the MiniLM model, its matter registry and kept cells."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from matter_support import Indexed, write_matter_folder

from contract_app.matters import CellStore, MatterRegistry, add_folder
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


@pytest.fixture(scope="module")
def falcon(tmp_path_factory: pytest.TempPathFactory, model_dir: Path) -> Iterator[Indexed]:
    """The matter "Falcon": contracts 0-3 (0 and 2 forbid assignment)."""
    root = tmp_path_factory.mktemp("falcon")
    settings = Settings(store_dir=str(root / "store"), model_dir=str(model_dir))
    retriever = Retriever(settings)
    registry = MatterRegistry(settings)
    write_matter_folder(root / "falcon", 4)
    matter = add_folder(retriever, registry, "Falcon", root / "falcon").matter
    yield Indexed(settings, retriever, registry, CellStore(settings), matter, root / "falcon")
    retriever.close()
