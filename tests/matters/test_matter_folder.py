"""A matter made from a folder: every PDF in it indexed under one progress, each once, cancellable, removable."""

from __future__ import annotations

from pathlib import Path

import pytest
from matter_support import Terms, write_contract, write_matter_folder

from contract_app.errors import InputError, OperationCancelled
from contract_app.matters import (
    CellStore,
    MatterRegistry,
    add_folder,
    delete_matter,
    fill_grid,
    grid_columns,
    open_matter,
    remove_contract,
)
from contract_app.matters.grid import grid_method
from contract_app.retrieval import Retriever
from contract_app.settings import Settings


def test_a_folder_becomes_a_matter_of_all_its_pdfs_under_one_progress(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    folder = tmp_path / "falcon"
    pdfs = write_matter_folder(folder, 2)
    pdfs.append(write_contract(folder / "schedules", Terms(7, assignable=True)))
    (folder / "notes.txt").write_text("not a contract", encoding="utf-8")
    write_contract(folder / ".trash", Terms(5, assignable=True))  # hidden folders are left out
    reports: list[tuple[float, str]] = []

    added = add_folder(retriever, registry, "Project  Falcon", folder, lambda f, m: reports.append((f, m)))

    matter = added.matter
    assert matter.name == "Project Falcon"
    assert [c.file_name for c in matter.contracts] == [
        "supply-00-valves.pdf",
        "supply-01-pumps.pdf",
        "supply-07-hoses.pdf",
    ]
    assert [c.path for c in matter.contracts] == [str(p) for p in pdfs]
    assert [c.pages for c in matter.contracts] == [2, 2, 2]
    assert {c.doc_id for c in matter.contracts} == {r.doc_id for r in retriever.documents()}
    assert (added.newly_indexed, added.failed) == (3, ())
    fractions = [fraction for fraction, _ in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert list(dict.fromkeys(message.split(" — ")[0] for _, message in reports[:-1])) == [
        "Indexing 1 / 3: supply-07-hoses.pdf",  # in path order: schedules/ before supply-00
        "Indexing 2 / 3: supply-00-valves.pdf",
        "Indexing 3 / 3: supply-01-pumps.pdf",
    ]
    assert reports[-1] == (1.0, "3 of 3 contracts in Project Falcon")
    assert [m.name for m in registry.matters()] == ["Project Falcon"]


def test_adding_the_folder_again_indexes_nothing_and_doubles_nothing(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    write_matter_folder(tmp_path / "falcon", 2)
    first = add_folder(retriever, registry, "Falcon", tmp_path / "falcon")
    again = add_folder(retriever, registry, "Falcon", tmp_path / "falcon")
    assert [result.skipped for result in again.indexed] == [True, True]
    assert again.matter.contracts == first.matter.contracts
    assert len(retriever.documents()) == 2


def test_a_file_that_cannot_be_read_is_reported_and_the_others_join(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    folder = tmp_path / "falcon"
    write_matter_folder(folder, 2)
    (folder / "scan.pdf").write_bytes(b"this is no PDF at all")
    added = add_folder(retriever, registry, "Falcon", folder)
    assert [c.file_name for c in added.matter.contracts] == ["supply-00-valves.pdf", "supply-01-pumps.pdf"]
    (failure,) = added.failed
    assert failure.path == str(folder / "scan.pdf")
    assert "scan.pdf" in failure.reason


def test_a_folder_without_pdfs_is_refused_in_a_sentence(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"The folder .*empty holds no PDF files\."):
        add_folder(None, None, "Falcon", tmp_path / "empty")  # type: ignore[arg-type]  # refused before either is used


def test_a_cancel_keeps_the_contracts_finished_before_it(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    write_matter_folder(tmp_path / "falcon", 3)

    def cancel_at_the_second(fraction: float, message: str) -> None:
        if message.startswith("Indexing 2 / 3:"):
            raise OperationCancelled()

    with pytest.raises(OperationCancelled):
        add_folder(retriever, registry, "Falcon", tmp_path / "falcon", cancel_at_the_second)
    assert [c.file_name for c in registry.matter("Falcon").contracts] == ["supply-00-valves.pdf"]


def test_removing_a_contract_takes_it_out_of_the_index_with_its_kept_cells(
    tmp_path: Path, settings: Settings, retriever: Retriever, registry: MatterRegistry, cells: CellStore
) -> None:
    write_matter_folder(tmp_path / "falcon", 2)
    added = add_folder(retriever, registry, "Falcon", tmp_path / "falcon")
    gone, kept = added.matter.contracts
    fill_grid(retriever, cells, added.matter, grid_columns(["Governing Law"]), settings)

    matter = remove_contract(retriever, registry, cells, "Falcon", gone.file_name)

    assert matter.contracts == (kept,)
    assert [record.doc_id for record in retriever.documents()] == [kept.doc_id]
    kept_cells = cells.load([gone.doc_id, kept.doc_id], grid_method(settings))
    assert list(kept_cells) == [(kept.doc_id, "category:Governing Law")]


def test_a_contract_another_matter_holds_keeps_its_index(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry, cells: CellStore
) -> None:
    (shared,) = write_matter_folder(tmp_path / "falcon", 1)
    add_folder(retriever, registry, "Falcon", tmp_path / "falcon")
    add_folder(retriever, registry, "Osprey", tmp_path / "falcon")
    doc_id = registry.matter("Falcon").contracts[0].doc_id

    remove_contract(retriever, registry, cells, "Falcon", str(shared))

    assert registry.matter("Falcon").contracts == ()
    assert [c.doc_id for c in registry.matter("Osprey").contracts] == [doc_id]
    assert [record.doc_id for record in retriever.documents()] == [doc_id]


def test_an_edited_file_replaces_its_old_version_in_the_matter(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    folder = tmp_path / "falcon"
    (pdf,) = write_matter_folder(folder, 1)
    old = add_folder(retriever, registry, "Falcon", folder).matter.contracts[0]
    pdf.unlink()
    edited = write_contract(folder, Terms(0, assignable=True))  # same name, other text
    assert edited == pdf

    (new,) = add_folder(retriever, registry, "Falcon", folder).matter.contracts

    assert new.doc_id != old.doc_id
    assert [record.doc_id for record in retriever.documents()] == [new.doc_id]


def test_deleting_a_matter_removes_it_and_the_index_of_its_contracts(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry, cells: CellStore
) -> None:
    write_matter_folder(tmp_path / "falcon", 2)
    add_folder(retriever, registry, "Falcon", tmp_path / "falcon")
    delete_matter(retriever, registry, cells, "Falcon")
    assert registry.matters() == ()
    assert retriever.documents() == []
    with pytest.raises(InputError, match=r"There is no matter named Falcon: create it first\."):
        registry.matter("Falcon")


def test_opening_a_matter_indexes_again_a_contract_the_index_lost(
    tmp_path: Path, retriever: Retriever, registry: MatterRegistry
) -> None:
    write_matter_folder(tmp_path / "falcon", 2)
    matter = add_folder(retriever, registry, "Falcon", tmp_path / "falcon").matter
    retriever.delete(matter.contracts[0].doc_id)  # removed from the library by hand

    opened = open_matter(retriever, registry, "Falcon")

    assert [c.doc_id for c in opened.contracts] == [c.doc_id for c in matter.contracts]
    assert sorted(record.doc_id for record in retriever.documents()) == sorted(c.doc_id for c in matter.contracts)
