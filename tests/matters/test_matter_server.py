"""A team on one index: a matter on a real ``chroma run`` server, filled by two users' processes at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chroma_server import chroma_server
from matter_support import Terms, write_matter_folder

from contract_app.matters import MatterRegistry, search_matter
from contract_app.retrieval import Retriever
from contract_app.retrieval.store import open_store
from contract_app.settings import Settings

pytestmark = pytest.mark.server
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def _user(name: str, folder: Path, url: str, model_dir: Path, home: Path) -> subprocess.Popen[str]:
    """Another user's ``contract-app matter create``: their own machine's folders, the team's server."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "CONTRACT_APP_CHROMA_URL": url,
        "CONTRACT_APP_MODEL_DIR": str(model_dir),
        "CONTRACT_APP_DATA_DIR": str(home / name / "data"),
        "CONTRACT_APP_CONFIG_DIR": str(home / name / "config"),
    }
    command = [sys.executable, "-m", "contract_app", "matter", "create", "Falcon", str(folder)]
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_users_filling_one_matter_at_once_on_the_server_lose_nothing_and_double_nothing(
    chroma_url: str, model_dir: Path, tmp_path: Path
) -> None:
    alice_pdfs = write_matter_folder(tmp_path / "alice", 3)
    bob_pdfs = write_matter_folder(tmp_path / "bob", 2, first=3)
    shared = tmp_path / "bob" / alice_pdfs[2].name
    shutil.copy(alice_pdfs[2], shared)  # the same contract in both folders: one document, one member
    bob_pdfs.append(shared)

    users = [_user(name, tmp_path / name, chroma_url, model_dir, tmp_path) for name in ("alice", "bob")]
    finished = [user.communicate(timeout=600) for user in users]
    assert [user.returncode for user in users] == [0, 0], finished

    carol = Settings(chroma_url=chroma_url, model_dir=str(model_dir), store_dir=str(tmp_path / "carol"))
    matter = MatterRegistry(carol).matter("Falcon")
    names = [contract.file_name for contract in matter.contracts]
    assert names == sorted({pdf.name for pdf in alice_pdfs + bob_pdfs})  # five contracts, the shared one once
    retriever = Retriever(carol)
    records = {record.doc_id: record for record in retriever.documents()}
    assert sorted(records) == sorted(contract.doc_id for contract in matter.contracts)
    store = open_store(carol, retriever.index_format.embedding_model, retriever.embedder.dimension)  # type: ignore[union-attr]
    for doc_id, record in records.items():
        assert store.stored_indices(doc_id) == list(range(record.chunks))  # every clause there, once

    found = search_matter(retriever, matter, "Which state's law governs this agreement?", per_contract=1)
    for group in found.groups:
        number = int(group.contract.file_name.split("-")[1])
        assert Terms(number, True).governing_law in " ".join(group.hits[0].chunk.text.split())
    assert not (tmp_path / "carol").exists()  # the server holds it all
