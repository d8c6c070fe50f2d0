"""A matter's ingest killed half-way resumes without embedding again what it had finished."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
from matter_support import write_matter_folder

from contract_app.matters import MatterRegistry, add_folder
from contract_app.retrieval import Retriever
from contract_app.retrieval.retriever import search_texts
from contract_app.retrieval.store import open_store
from contract_app.settings import Settings

REPO = Path(__file__).resolve().parents[2]

KILLED_ON_THE_THIRD = textwrap.dedent(
    """
    import os, signal, sys
    import contract_app.retrieval.store as store
    from contract_app.matters import MatterRegistry, add_folder
    from contract_app.retrieval import Retriever
    from contract_app.settings import Settings

    store.WRITE_BATCH = 1  # a row per write, so the kill lands with the third contract partly stored
    settings = Settings(store_dir=sys.argv[1], model_dir=sys.argv[2])
    retriever = Retriever(settings)
    stored = []

    def killed_on_the_third(fraction, message):
        if message.startswith("Indexing 3 / 4:") and message.endswith("Storing clauses"):
            stored.append(message)
            if len(stored) == 2:  # one row of the third contract is written, its record is not
                os.kill(os.getpid(), signal.SIGKILL)

    add_folder(retriever, MatterRegistry(settings), "Falcon", sys.argv[3], killed_on_the_third)
    """
)


def test_a_matter_killed_mid_ingest_resumes_embedding_only_the_contracts_it_had_not_finished(
    tmp_path: Path, settings: Settings, model_dir: Path
) -> None:
    folder = tmp_path / "falcon"
    pdfs = write_matter_folder(folder, 4)
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_ON_THE_THIRD, settings.store_dir, str(model_dir), str(folder)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert killed.returncode == -9, killed.stderr
    registry = MatterRegistry(settings)
    assert [c.file_name for c in registry.matter("Falcon").contracts] == [p.name for p in pdfs[:2]]

    retriever = Retriever(settings)
    embedded: list[str] = []
    embed = retriever.embedder.embed  # type: ignore[union-attr]

    def counting(texts: list[str], *args: object, **kwargs: object) -> np.ndarray:
        embedded.extend(texts)
        return embed(texts, *args, **kwargs)

    retriever.embedder.embed = counting  # type: ignore[union-attr, method-assign]
    resumed = add_folder(retriever, registry, "Falcon", folder)

    assert [result.skipped for result in resumed.indexed] == [True, True, False, False]
    assert [c.file_name for c in resumed.matter.contracts] == [p.name for p in pdfs]
    finished, unfinished = resumed.indexed[:2], resumed.indexed[2:]
    texts_of = {r.doc_id: search_texts(retriever.chunks(r.doc_id)) for r in resumed.indexed}
    assert sorted(embedded) == sorted(text for r in unfinished for text in texts_of[r.doc_id])
    assert not set(embedded) & {text for r in finished for text in texts_of[r.doc_id]}
    store = open_store(settings, retriever.index_format.embedding_model, retriever.embedder.dimension)  # type: ignore[union-attr]
    for result in resumed.indexed:  # every contract stored whole once, the one killed half-way too
        assert store.stored_indices(result.doc_id) == list(range(result.chunks))
    store.close()
