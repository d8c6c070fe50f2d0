"""A file is checked from its directory entry before any of it is read, in every entry point (the commands, the
retriever, the window's viewer), and every way the system refuses to open it is one plain sentence."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract_app.cli.main import main
from contract_app.errors import FileTooLargeError, NotAPdfError, UnreadableFileError
from contract_app.files import check_pdf_file, file_error, has_pdf_header, resolved
from contract_app.parsing import parse_pdf
from contract_app.retrieval import Retriever
from contract_app.settings import Settings

OPENED: list[str] = []


def _record_opens(event: str, args: tuple[object, ...]) -> None:
    if event == "open" and args and isinstance(args[0], str | bytes | os.PathLike):
        OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_record_opens)  # audit hooks stay for the process; this one only appends to a list


@pytest.fixture
def opened() -> Iterator[list[str]]:
    """The paths Python opened (``open``, ``os.open``, ``Path.read_bytes``...) while the test ran."""
    OPENED.clear()
    yield OPENED
    OPENED.clear()


@pytest.fixture
def huge_pdf(tmp_path: Path) -> Path:
    """A 400 MB file that takes no disk space (sparse), starting like a PDF."""
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
    os.truncate(path, 400 * 2**20)
    return path


@pytest.fixture
def loop(tmp_path: Path) -> Path:
    path = tmp_path / "loop.pdf"
    path.symlink_to(path)
    return path


def last_line(stderr: str) -> str:
    """The error line (a notice about a missing embedding model may come before it)."""
    return stderr.splitlines()[-1]


TOO_LARGE = "huge.pdf is too large (400 MB): the limit is 200 MB."
LOOP = "loop.pdf cannot be opened: it is a link that leads back to itself (a symbolic link loop)."


def test_a_400_mb_file_is_refused_by_parsing_without_being_opened(huge_pdf: Path, opened: list[str]) -> None:
    with pytest.raises(FileTooLargeError) as error:
        parse_pdf(huge_pdf)
    assert str(error.value) == TOO_LARGE
    assert str(huge_pdf) not in opened


def test_a_400_mb_file_is_refused_by_the_retriever_without_being_opened(
    huge_pdf: Path, tmp_path: Path, opened: list[str]
) -> None:
    retriever = Retriever(Settings(store_dir=str(tmp_path / "store"), model_dir=str(tmp_path / "no-model")))
    with pytest.raises(FileTooLargeError) as error:
        retriever.ingest(huge_pdf)
    assert str(error.value) == TOO_LARGE
    assert str(huge_pdf) not in opened


@pytest.mark.parametrize("command", ["ingest", "outline", "search"])
def test_a_400_mb_file_is_one_sentence_from_every_command_and_never_opened(
    command: str, huge_pdf: Path, tmp_path: Path, opened: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, str(huge_pdf), *(["governing law"] if command == "search" else [])]
    argv += ["--store", str(tmp_path / "store")] if command != "outline" else []
    assert main(argv) == 1
    assert last_line(capsys.readouterr().err) == f"contract-app: {TOO_LARGE}"
    assert str(huge_pdf) not in opened


def test_the_window_viewer_refuses_a_400_mb_file_without_opening_it(huge_pdf: Path, opened: list[str]) -> None:
    assert has_pdf_header(huge_pdf) is False
    assert str(huge_pdf) not in opened


def test_the_ingest_command_does_not_read_a_400_mb_file_into_memory(huge_pdf: Path, tmp_path: Path) -> None:
    """Peak memory of the whole command, in a child process: reading the file would add 400 MB to it."""
    script = (
        "import sys\n"
        "from contract_app.cli.main import main\n"
        "code = main(sys.argv[1:])\n"
        "peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "print(peak // 1024, code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "ingest", str(huge_pdf), "--store", str(tmp_path / "store")],
        capture_output=True,
        text=True,
        env={**os.environ, "CONTRACT_APP_MODEL_DIR": str(tmp_path / "no-model")},
        check=False,
    )
    peak_mb, code = map(int, done.stdout.split())
    assert code == 1
    assert done.stderr.endswith(f"contract-app: {TOO_LARGE}\n")
    assert peak_mb < 400, f"peak {peak_mb} MB"


def test_a_symlink_loop_is_one_sentence_from_parsing_and_the_retriever(loop: Path, tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as parsing:
        parse_pdf(loop)
    retriever = Retriever(Settings(store_dir=str(tmp_path / "store"), model_dir=str(tmp_path / "no-model")))
    with pytest.raises(UnreadableFileError) as ingest:
        retriever.ingest(loop)
    assert str(parsing.value) == str(ingest.value) == LOOP


@pytest.mark.parametrize("command", ["ingest", "outline", "ask"])
def test_a_symlink_loop_is_one_sentence_from_every_command_not_an_unexpected_error(
    command: str, loop: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [command, str(loop), *(["What law governs?"] if command == "ask" else [])]
    argv += ["--store", str(tmp_path / "store")] if command != "outline" else []
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert last_line(err) == f"contract-app: {LOOP}"
    assert "unexpected" not in err


def test_the_window_path_of_a_symlink_loop_is_a_sentence_and_the_viewer_declines_it(loop: Path) -> None:
    with pytest.raises(UnreadableFileError, match="symbolic link loop"):
        resolved(loop)
    assert has_pdf_header(loop) is False


def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(NotAPdfError) as error:
        check_pdf_file(fifo)
    assert str(error.value) == "pipe.pdf is not a PDF file: it is not a regular file."
    assert has_pdf_header(fifo) is False


@pytest.mark.parametrize(
    ("code", "sentence"),
    [
        (errno.EACCES, "contract.pdf cannot be opened: permission to read it is denied."),
        (errno.EIO, "contract.pdf cannot be opened: the disk reported a read error."),
        (errno.ENAMETOOLONG, "contract.pdf cannot be opened: its name is too long."),
        (errno.EROFS, "contract.pdf cannot be opened: read-only file system."),
    ],
)
def test_operating_system_errors_become_plain_sentences(code: int, sentence: str) -> None:
    error = file_error(Path("/somewhere/contract.pdf"), OSError(code, os.strerror(code)))
    assert isinstance(error, UnreadableFileError)
    assert str(error) == sentence


def test_a_missing_file_names_its_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFileError) as error:
        check_pdf_file(tmp_path / "gone.pdf")
    assert str(error.value) == f"{tmp_path / 'gone.pdf'} does not exist."


def test_a_file_within_the_limit_passes_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "small.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"x" * 2000)
    assert check_pdf_file(path) == 2009
    assert has_pdf_header(path) is True
