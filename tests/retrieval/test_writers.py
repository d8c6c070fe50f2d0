"""Several writers on one store (the window and a command, the realistic case): a document is always either complete
or absent, whatever is killed when, and a broken stored copy repairs itself on the next ingest.

The writers are real processes on a real Chroma folder. Each pauses after its first look at the store until the
other has looked too, so both start from "not indexed", which is the race that destroyed documents before. A writer
is killed with SIGKILL at a named moment, reached through its own progress reports.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from retrieval_support import GOVERNING_LAW, SUPPLY_AGREEMENT, write_supply_agreement

from contract_app.chunking import chunk_contract
from contract_app.retrieval import Retriever
from contract_app.retrieval.bookkeeping import WAITING
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS, search_texts, vectors_message
from contract_app.retrieval.store import LEXICAL_SPACE, WRITE_LOCK, ChunkStore, open_client
from contract_app.settings import Settings
from contract_app.structure import load_contract

REPO = Path(__file__).resolve().parents[2]

WRITER = textwrap.dedent(
    """
    import json, os, signal, sys, time
    from pathlib import Path
    import contract_app.retrieval.store as store_module
    store_module.WRITE_BATCH = 1  # a batch per row even for a one-page contract: "half-way through" exists
    import contract_app.retrieval.retriever as retriever_module
    retriever_module.FILL_WINDOW = 2  # dense vectors stored two at a time: "half-way through the fill" exists
    from contract_app.retrieval import Retriever
    from contract_app.settings import Settings

    store, model, pdf, die_at, tell, wait_for = sys.argv[1:7]
    seen = []

    def progress(fraction, message):
        seen.append(message)
        if message == "Cutting clauses":  # the store has been looked at: nothing is indexed yet
            Path(tell).touch()
            deadline = time.monotonic() + 120
            while not Path(wait_for).exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        moments = {
            "mid-write": seen.count("Storing clauses") == 2,  # after the first row
            "rows-stored": message == "Clauses stored",  # every row written, no record yet
            "recorded": message == "Indexed",  # the record written
            # the second window of vectors embedded, the first one stored (each reports once embedded, once stored)
            "mid-fill": seen.count(message) == 1 and message.startswith("Embedding clauses 4 /"),
        }
        if moments.get(die_at):
            os.kill(os.getpid(), signal.SIGKILL)

    result = Retriever(Settings(store_dir=store, model_dir=model)).ingest(pdf, progress=progress)
    print(json.dumps({"skipped": result.skipped, "chunks": result.chunks}))
    """
)


def start_writer(store: Path, model_dir: Path, pdf: Path, die_at: str, tell: Path, wait_for: Path) -> subprocess.Popen:
    arguments = [str(store), str(model_dir), str(pdf), die_at, str(tell), str(wait_for)]
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *arguments], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def finish(process: subprocess.Popen) -> tuple[int, str]:
    out, err = process.communicate(timeout=240)
    assert process.returncode in (0, -9), err  # finished, or killed where the test said
    return process.returncode, out


def stored_copy(store: Path, model_dir: Path, pdf: Path) -> str:
    """'complete' (the record, and exactly the chunks the chunker makes, each once), 'absent' (no record), or what
    else is there; read through the store's primitives, not through the code under test's checks."""
    settings = Settings(store_dir=str(store), model_dir=str(model_dir))
    embedder = Retriever(settings).embedder
    expected = chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS)
    doc_id = expected[0].doc_id
    model, dimension = (embedder.name, embedder.dimension) if embedder else (LEXICAL_SPACE, 1)
    store_handle = ChunkStore(open_client(settings), model, dimension)
    record = store_handle.record(doc_id)
    if record is None:
        return "absent"
    chunks, vectors = store_handle.load(doc_id)
    if record.chunks != len(expected) or chunks != expected:
        return f"broken: {len(chunks)} chunks stored, {record.chunks} recorded, {len(expected)} made"
    if embedder is None:
        return "complete" if vectors is None else "broken: dense vectors in a lexical-only index"
    if vectors is None:  # complete and searchable by its words; the rest of its vectors are filled in later
        return f"complete, vectors pending: {len(expected) - len(store_handle.vector_indices(doc_id))}"
    if not np.allclose(vectors, embedder.embed(search_texts(expected)), atol=1e-4):
        return "broken: stored vectors are not the chunks' own"
    return "complete"


SCENARIOS = [
    # (first writer dies at, second writer dies at, what the store then holds)
    ("", "mid-write", "complete"),  # the reported bug: the second writer deleted the first one's complete rows
    ("mid-write", "", "complete"),
    ("rows-stored", "mid-write", "absent"),
    ("recorded", "rows-stored", "complete"),
]


@pytest.mark.parametrize(("first_dies", "second_dies", "outcome"), SCENARIOS)
def test_two_writers_of_one_file_killed_at_any_moment_leave_it_complete_or_absent(
    first_dies: str, second_dies: str, outcome: str, tmp_path: Path
) -> None:
    model_dir = tmp_path / "no-model"  # lexical-only: the order of writes is the same, each writer starts faster
    pdf = write_supply_agreement(tmp_path)
    store = tmp_path / "store"
    first_looked, second_looked, first_gone = (tmp_path / name for name in ("first", "second", "first-gone"))
    first = start_writer(store, model_dir, pdf, first_dies, first_looked, second_looked)
    second = start_writer(store, model_dir, pdf, second_dies, second_looked, first_gone)
    finish(first)
    first_gone.touch()  # the second writer goes on only once the first has finished or died
    finish(second)
    assert stored_copy(store, model_dir, pdf) == outcome
    again = Retriever(Settings(store_dir=str(store), model_dir=str(model_dir))).ingest(pdf)
    assert again.skipped == (outcome == "complete")
    assert stored_copy(store, model_dir, pdf) == "complete"


def test_a_writer_killed_while_filling_vectors_leaves_the_document_complete_and_the_next_ingest_fills_the_rest(
    tmp_path: Path, model_dir: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    store = tmp_path / "store"
    looked, go = tmp_path / "looked", tmp_path / "go"
    go.touch()
    code, _ = finish(start_writer(store, model_dir, pdf, "mid-fill", looked, go))
    assert code == -9
    chunks = len(chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS))
    assert stored_copy(store, model_dir, pdf) == f"complete, vectors pending: {chunks - 2}"
    settings = Settings(store_dir=str(store), model_dir=str(model_dir))
    retriever = Retriever(settings)
    assert GOVERNING_LAW in " ".join(
        retriever.search(retriever.documents()[0].doc_id, "Which law governs?")[0].chunk.text.split()
    )
    messages: list[str] = []
    again = Retriever(settings).ingest(pdf, progress=lambda fraction, message: messages.append(message))
    assert again.skipped
    assert messages[0] == vectors_message(2, chunks)  # resumed after the two stored vectors, not from the start
    assert messages[-2:] == [vectors_message(chunks, chunks), "Already indexed"]
    assert stored_copy(store, model_dir, pdf) == "complete"


def test_two_writers_of_different_files_both_end_complete(tmp_path: Path, model_dir: Path) -> None:
    supply = write_supply_agreement(tmp_path)
    other = write_supply_agreement(tmp_path, "maine.pdf", SUPPLY_AGREEMENT.replace("Vermont", "Maine"))
    store = tmp_path / "store"
    looked = [tmp_path / "supply-looked", tmp_path / "maine-looked"]
    writers = [
        start_writer(store, model_dir, supply, "", looked[0], looked[1]),
        start_writer(store, model_dir, other, "", looked[1], looked[0]),
    ]
    results = [json.loads(finish(writer)[1]) for writer in writers]
    assert [result["skipped"] for result in results] == [False, False]
    assert stored_copy(store, model_dir, supply) == stored_copy(store, model_dir, other) == "complete"
    retriever = Retriever(Settings(store_dir=str(store), model_dir=str(model_dir)))
    assert sorted(record.file_name for record in retriever.documents()) == ["maine.pdf", "supply.pdf"]
    law = {r.file_name: retriever.search(r.doc_id, "Which law governs?", top_k=1)[0] for r in retriever.documents()}
    assert GOVERNING_LAW in " ".join(law["supply.pdf"].chunk.text.split())
    assert "State of Maine" in " ".join(law["maine.pdf"].chunk.text.split())


def delete_rows(store: Path, doc_id: str, positions: list[int]) -> None:
    (chunks,) = (
        c for c in open_client(Settings(store_dir=str(store))).list_collections() if c.name.startswith("clauses")
    )
    chunks.delete(ids=[f"{doc_id[:16]}:{position}" for position in positions])


def test_a_document_with_rows_deleted_by_hand_is_indexed_again_on_the_next_ingest(
    tmp_path: Path, model_dir: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    settings = Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir))
    first = Retriever(settings).ingest(pdf)
    delete_rows(settings.store_path, first.doc_id, [1, 3])
    assert stored_copy(settings.store_path, model_dir, pdf).startswith("broken")
    retriever = Retriever(settings)
    messages: list[str] = []
    again = retriever.ingest(pdf, progress=lambda fraction, message: messages.append(message))
    problem = f"its stored copy was incomplete ({first.chunks - 2} of {first.chunks} clauses)"
    assert (again.skipped, again.reindexed, again.chunks) == (False, problem, first.chunks)
    assert messages[0] == f"Indexing again: {problem}"
    assert retriever.notices == (f"supply.pdf: {problem}, so it was indexed again.",)
    assert stored_copy(settings.store_path, model_dir, pdf) == "complete"


def test_a_search_of_a_broken_document_repairs_it_first(tmp_path: Path, model_dir: Path) -> None:
    pdf = write_supply_agreement(tmp_path)
    settings = Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir))
    doc_id = Retriever(settings).ingest(pdf).doc_id
    delete_rows(settings.store_path, doc_id, [0])
    (hit,) = Retriever(settings).search(doc_id, "Which law governs?", top_k=1)
    assert GOVERNING_LAW in " ".join(hit.chunk.text.split())
    assert stored_copy(settings.store_path, model_dir, pdf) == "complete"


def test_a_writer_waits_while_another_process_holds_the_lock_and_then_writes(tmp_path: Path, model_dir: Path) -> None:
    pdf = write_supply_agreement(tmp_path)
    settings = Settings(store_dir=str(tmp_path / "store"), model_dir=str(model_dir))
    retriever = Retriever(settings)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(settings.store_path / WRITE_LOCK)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    messages: list[str] = []

    def release_once_waiting(fraction: float, message: str) -> None:
        if message == WAITING and WAITING not in messages:
            assert retriever.documents() == []  # nothing written while the other holds the lock
            holder.stdin.write("release\n")
            holder.stdin.flush()
        messages.append(message)

    try:
        assert holder.stdout.readline() == "locked\n"
        result = retriever.ingest(pdf, progress=release_once_waiting)
    finally:
        holder.kill()
        holder.wait()
    assert not result.skipped
    assert messages.index(WAITING) < messages.index("Storing clauses")
    assert stored_copy(settings.store_path, model_dir, pdf) == "complete"


HOLD_LOCK = textwrap.dedent(
    """
    import sys
    from filelock import FileLock
    lock = FileLock(sys.argv[1])
    lock.acquire()
    print("locked", flush=True)
    sys.stdin.readline()
    lock.release()
    sys.stdin.readline()
    """
)


LOCK_WRITER = textwrap.dedent(
    """
    import json, os, signal, sys, time
    from pathlib import Path
    import contract_app.retrieval.store as store_module
    store_module.WRITE_BATCH = 1  # a batch per row: "half-way through the rows" exists
    from contract_app.retrieval import Retriever
    from contract_app.retrieval.bookkeeping import WAITING
    from contract_app.settings import Settings

    store, model, pdf, role, die_at, folder = sys.argv[1:7]
    folder = Path(folder)
    seen = []

    def wait_for(name):
        deadline = time.monotonic() + 120
        while not (folder / name).exists() and time.monotonic() < deadline:
            time.sleep(0.05)

    def hold_then_die():  # the lock held, some rows written: die once the other writer is waiting for the lock
        (folder / "first-holds").touch()
        wait_for("second-waits")
        time.sleep(0.5)  # the other keeps polling the lock
        os.kill(os.getpid(), signal.SIGKILL)

    if role == "first" and die_at == "mid-fill":
        original = store_module.ChunkStore.write_vectors

        def write_vectors(self, doc_id, chunk_ids, vectors):
            original(self, doc_id, chunk_ids[:1], vectors[:1])
            hold_then_die()

        store_module.ChunkStore.write_vectors = write_vectors

    def progress(fraction, message):
        seen.append(message)
        if role == "second" and message == "Cutting clauses":  # it has looked: nothing indexed yet
            wait_for("first-holds")
        if role == "second" and message == WAITING:
            (folder / "second-waits").touch()
        if role == "first" and die_at == "mid-write" and seen.count("Storing clauses") == 2:
            hold_then_die()

    retriever = Retriever(Settings(store_dir=store, model_dir=model))
    if role == "second":  # a window with another contract open: its vectors have been read
        other = retriever.ingest(folder / "maine.pdf")
        retriever.search(other.doc_id, "Which law governs?")
        (folder / "second-warm").touch()
    else:
        wait_for("second-warm")
    result = retriever.ingest(pdf, progress=progress)
    hits = retriever.search(result.doc_id, "Which law governs?", top_k=1)  # through the client open all along
    print(json.dumps({"skipped": result.skipped, "waited": WAITING in seen, "law": hits[0].chunk.text}))
    """
)


@pytest.mark.parametrize("die_at", ["mid-write", "mid-fill"])
def test_a_writer_waiting_on_the_lock_completes_the_document_when_the_holder_is_killed_mid_write(
    die_at: str, tmp_path: Path, model_dir: Path
) -> None:
    pdf = write_supply_agreement(tmp_path)
    write_supply_agreement(tmp_path, "maine.pdf", SUPPLY_AGREEMENT.replace("Vermont", "Maine"))
    store = tmp_path / "store"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", LOCK_WRITER, str(store), str(model_dir), str(pdf), role, die_at, str(tmp_path)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role in ("first", "second")
    ]
    (_, first_err), (second_out, second_err) = (writer.communicate(timeout=240) for writer in writers)
    assert writers[0].returncode == -9, first_err
    assert writers[1].returncode == 0, second_err
    assert "Error finding id" not in second_err
    second = json.loads(second_out.strip().splitlines()[-1])
    assert second["waited"] and GOVERNING_LAW in " ".join(second["law"].split())
    assert second["skipped"] == (die_at == "mid-fill")  # the killed writer had recorded it before its fill
    assert stored_copy(store, model_dir, pdf) == "complete"
    retriever = Retriever(Settings(store_dir=str(store), model_dir=str(model_dir)))
    (record,) = (record for record in retriever.documents() if record.file_name == "supply.pdf")
    (hit,) = retriever.search(record.doc_id, "Which law governs?", top_k=1)
    assert GOVERNING_LAW in " ".join(hit.chunk.text.split())
