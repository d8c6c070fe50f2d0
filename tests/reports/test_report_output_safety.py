"""An export never destroys anything: not the contract, not the index, not an existing file unless asked to.

Through the real CLI entry point (``report``/``summarize -o``) and the core ``export``, on real files.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_app.cli.main import main
from contract_app.errors import InputError, OutputExistsError
from contract_app.outputs import Protected, os_error_sentence, write_output
from contract_app.reports import export


@pytest.fixture
def contract(services_pdf: Path, tmp_path: Path) -> Path:
    """A private copy of the contract, mode 0644, in its own folder (the tests try to overwrite it)."""
    copy = tmp_path / "contracts" / "services.pdf"
    copy.parent.mkdir()
    copy.write_bytes(services_pdf.read_bytes())
    copy.chmod(0o644)
    return copy


@pytest.fixture
def store(tmp_path: Path) -> str:
    return str(tmp_path / "store")


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), stat.S_IMODE(path.stat().st_mode)


def _aliases(contract: Path) -> dict[str, Path]:
    """Other names of the same file: a dotted detour, a symlink, a hard link."""
    (contract.parent / "x").mkdir()
    symlink = contract.parent / "link.pdf"
    symlink.symlink_to(contract)
    hardlink = contract.parent / "hard.pdf"
    os.link(contract, hardlink)
    return {
        "itself": contract,
        "dotted": contract.parent / "x" / ".." / contract.name,
        "symlink": symlink,
        "hardlink": hardlink,
    }


@pytest.mark.parametrize("command", ["report", "summarize"])
@pytest.mark.parametrize("alias", ["itself", "dotted", "symlink", "hardlink"])
@pytest.mark.parametrize("force", [False, True])
def test_an_output_onto_the_contract_is_refused_and_the_contract_is_unchanged(
    contract: Path, store: str, command: str, alias: str, force: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    target = _aliases(contract)[alias]
    before = _state(contract)

    code = main([command, str(contract), "--format", "md", "-o", str(target), "--store", store, *(["--force"] * force)])

    assert code == 1
    assert _state(contract) == before
    assert capsys.readouterr().err == (
        f"contract-app: {target} is the contract being analysed: nothing was written; choose another file.\n"
    )
    assert sorted(p.name for p in contract.parent.iterdir()) == ["hard.pdf", "link.pdf", "services.pdf", "x"]


def test_an_output_onto_another_indexed_contract_is_refused(
    contract: Path, services_pdf: Path, store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    other = contract.parent / "other.pdf"
    other.write_bytes(services_pdf.read_bytes() + b"\n% another revision\n")
    assert main(["ingest", str(other), "--store", store]) == 0
    before = _state(other)

    code = main(["report", str(contract), "-o", str(other), "--format", "md", "--store", store, "--force"])

    assert code == 1
    assert _state(other) == before
    assert f"{other} is the contract being analysed" in capsys.readouterr().err


def test_an_output_inside_the_index_folder_is_refused(
    contract: Path, store: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(contract), "--store", store]) == 0
    capsys.readouterr()
    inside = Path(store) / "report.md"

    code = main(["report", str(contract), "-o", str(inside), "--store", store])

    assert code == 1
    assert not inside.exists()
    assert capsys.readouterr().err == (
        f"contract-app: {inside} is inside the index folder {Path(store).resolve()}: "
        "nothing was written; choose another folder.\n"
    )


def test_an_existing_file_is_not_replaced_without_force(
    contract: Path, store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    existing = tmp_path / "brief.md"
    existing.write_text("my own notes\n", encoding="utf-8")
    existing.chmod(0o644)

    code = main(["summarize", str(contract), "-o", str(existing), "--store", store])

    assert code == 1
    assert _state(existing) == (b"my own notes\n", 0o644)
    assert capsys.readouterr().err == (
        f"contract-app: {existing} already exists: nothing was written. Add --force to replace it.\n"
    )


def test_force_replaces_an_existing_file_and_keeps_its_mode(
    contract: Path, store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], umask_022: None
) -> None:
    existing = tmp_path / "brief.md"
    existing.write_text("my own notes\n", encoding="utf-8")
    existing.chmod(0o644)
    shared = tmp_path / "shared.md"
    shared.write_text("for the team\n", encoding="utf-8")
    shared.chmod(0o664)

    assert main(["summarize", str(contract), "-o", str(existing), "--store", store, "--force"]) == 0
    assert main(["summarize", str(contract), "-o", str(shared), "--store", store, "--force"]) == 0

    assert existing.read_text(encoding="utf-8").startswith("# Contract summary: services.pdf")
    assert stat.S_IMODE(existing.stat().st_mode) == 0o644
    assert stat.S_IMODE(shared.stat().st_mode) == 0o664
    assert capsys.readouterr().err.endswith(f"Wrote {shared}\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary file left


def test_a_new_file_gets_the_usual_mode_not_a_private_one(
    contract: Path, store: str, tmp_path: Path, umask_022: None
) -> None:
    for fmt in ("md", "pdf", "docx"):
        target = tmp_path / f"report.{fmt}"
        assert main(["report", str(contract), "-o", str(target), "--store", store]) == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o644, fmt


def test_a_symlinked_output_is_written_through_and_the_link_kept(contract: Path, store: str, tmp_path: Path) -> None:
    real = tmp_path / "reports" / "latest.md"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.md"
    link.symlink_to(real)

    assert main(["report", str(contract), "-o", str(link), "--store", store, "--force"]) == 0

    assert link.is_symlink() and link.resolve() == real
    assert real.read_text(encoding="utf-8").startswith("# Clause report")


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in: read-only, or (as root, who ignores modes) one under /proc."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    if os.access(folder, os.W_OK):  # root: the mode does not stop it
        return Path("/proc")
    return folder


def test_an_unwritable_folder_is_one_sentence_naming_the_path_and_the_cause(
    contract: Path, store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _unwritable_folder(tmp_path)
    target = folder / "report.md"

    code = main(["report", str(contract), "-o", str(target), "--store", store])

    assert code == 1
    assert not target.exists()
    cause = "this folder does not accept new files" if folder == Path("/proc") else "permission denied"
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == f"contract-app: Could not write {target}: {cause}."
    assert "unexpected" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("make", "cause"),
    [
        (lambda tmp: tmp / "missing" / "report.md", "the folder {parent} does not exist"),
        (lambda tmp: tmp / "notes.txt" / "report.md", "{parent} is a file, not a folder"),
        (lambda tmp: tmp / "a-folder", "{target} is a folder"),
    ],
    ids=["missing-folder", "file-as-folder", "is-a-folder"],
)
def test_a_target_that_cannot_be_a_file_is_one_sentence(
    contract: Path, store: str, tmp_path: Path, make, cause: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    target = make(tmp_path)

    code = main(["report", str(contract), "--format", "md", "-o", str(target), "--store", store, "--force"])

    assert code == 1
    expected = cause.format(parent=target.parent, target=target)
    assert capsys.readouterr().err == f"contract-app: Could not write {target}: {expected}.\n"
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "notes\n"


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "the disk is read-only"),
        (errno.EACCES, "permission denied"),
        (errno.ENAMETOOLONG, "the file name is too long"),
    ],
)
def test_each_os_error_becomes_a_sentence_with_the_path_and_the_cause(tmp_path: Path, code: int, cause: str) -> None:
    error = OSError(code, os.strerror(code))

    assert os_error_sentence(error, tmp_path / "report.md") == f"Could not write {tmp_path / 'report.md'}: {cause}."


def test_the_core_writer_refuses_the_contract_and_existing_files_and_writes_atomically(
    contract: Path, tmp_path: Path
) -> None:
    protected = Protected(contracts=(contract,), folders=(tmp_path / "store",))
    before = _state(contract)

    with pytest.raises(InputError, match="is the contract being analysed"):
        write_output(contract, lambda path: path.write_text("x"), force=True, protected=protected)
    target = tmp_path / "memo.md"
    write_output(target, lambda path: path.write_text("first"), protected=protected)
    with pytest.raises(OutputExistsError) as refused:
        write_output(target, lambda path: path.write_text("second"), protected=protected)

    def fails_halfway(path: Path) -> None:
        path.write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(InputError) as full:
        write_output(target, fails_halfway, force=True, protected=protected)

    assert _state(contract) == before
    assert refused.value.path == target
    assert str(full.value) == f"Could not write {target}: the disk is full."
    assert target.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contracts", "memo.md"]


def test_export_of_a_report_goes_through_the_same_guard(
    retriever, services_doc: str, offline_settings, services_pdf: Path, tmp_path: Path
) -> None:
    from contract_app.reports import build_clause_report

    report = build_clause_report(retriever, services_doc, offline_settings)
    target = tmp_path / "r.json"
    target.write_text("{}", encoding="utf-8")

    with pytest.raises(OutputExistsError):
        export(report, "json", target)
    with pytest.raises(InputError, match="is the contract being analysed"):
        export(report, "pdf", services_pdf, force=True, protected=Protected(contracts=(services_pdf,)))
    assert export(report, "json", target, force=True) == target
    assert target.read_text(encoding="utf-8").startswith("{\n")
