"""Fixtures for the answering tests: the fake OpenAI server, settings that point at it, an indexed contract."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from answering_support import write_services_agreement
from fakes.openai_server import FakeOpenAI, serve_openai

from contract_app.settings import Settings


@pytest.fixture(scope="session")
def _running_fake_openai() -> Iterator[FakeOpenAI]:
    with serve_openai() as fake:
        yield fake


@pytest.fixture
def fake_openai(_running_fake_openai: FakeOpenAI) -> FakeOpenAI:
    """The fake OpenAI server, fresh for each test (one server per session: stopping one takes half a second)."""
    _running_fake_openai.reset()
    return _running_fake_openai


@pytest.fixture
def model_settings(fake_openai: FakeOpenAI, tmp_path: Path) -> Settings:
    """A model backend on loopback (no key needed), with a short timeout."""
    return Settings(
        store_dir=str(tmp_path / "store"),
        answer_backend="openai",
        openai_base_url=fake_openai.base_url,
        openai_model="fake-model",
        request_timeout=1.0,
    )


@dataclass(frozen=True)
class Indexed:
    retriever: object
    doc_id: str
    path: Path


def _index(tmp: Path, injected: bool) -> Indexed:
    from contract_app.retrieval import Retriever

    path = write_services_agreement(tmp / ("injected.pdf" if injected else "services.pdf"), injected=injected)
    retriever = Retriever(Settings(store_dir=str(tmp / "store")))
    return Indexed(retriever, retriever.ingest(path).doc_id, path)


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The consulting agreement, ingested once per module (lexical retrieval: no embedding model configured)."""
    return _index(tmp_path_factory.mktemp("services"), injected=False)


@pytest.fixture(scope="module")
def injected_services(tmp_path_factory: pytest.TempPathFactory) -> Indexed:
    """The same agreement with a prompt-injection paragraph in section 3.3."""
    return _index(tmp_path_factory.mktemp("injected"), injected=True)
