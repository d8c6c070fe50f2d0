"""Writing a file the user asked for (a report, a summary, a memo) without ever destroying something else.

Every export goes through ``write_output``. An output path is typed by hand or picked in a dialog, so it can be
the contract itself (under another name: ``x/../contract.pdf``, a symlink, a hard link), a contract in the index,
the index's own folder, or a file the lawyer wants to keep. Those are refused before anything is written; an
existing file is replaced only when the caller says so (``--force``, or the window after asking). The new content
goes to a temporary file beside the target and replaces it in one step, so a failure (a full disk, a crash) leaves
the old file whole; a replaced file keeps its permissions, a new one gets the user's usual ones.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from contract_app.errors import InputError, OutputExistsError, OutputRefusedError

Writer = Callable[[Path], None]  # writes the whole content to the (temporary) path it is given


class _Indexed(Protocol):
    path: str


class _Index(Protocol):
    """What ``Protected.of_index`` needs from a ``Retriever``."""

    @property
    def settings(self) -> object: ...

    def documents(self) -> Iterable[_Indexed]: ...


@dataclass(frozen=True)
class Protected:
    """What an export must never touch: contracts (the files themselves) and folders (nothing written inside)."""

    contracts: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()

    @classmethod
    def of_index(cls, index: _Index, *open_contracts: str | Path) -> Protected:
        """The contracts open now, every contract the index was built from, and the index folder."""
        indexed = tuple(Path(record.path) for record in index.documents())
        store = getattr(index.settings, "store_path", None)
        folders = (Path(store),) if store is not None else ()
        return cls(tuple(Path(p) for p in open_contracts) + indexed, folders)


NOTHING_PROTECTED = Protected()


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names (symlink, hard link, ``..`` detour), or the same path once resolved."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _inside(path: Path, folder: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _refuse_protected(requested: Path, protected: Protected) -> None:
    for contract in protected.contracts:
        if _same_file(requested, contract):
            raise OutputRefusedError(
                f"{requested} is the contract being analysed: nothing was written; choose another file."
            )
    for folder in protected.folders:
        if _inside(requested, folder):
            raise OutputRefusedError(
                f"{requested} is inside the index folder {os.path.realpath(folder)}: nothing was written; "
                "choose another folder."
            )


def _nearest_existing(path: Path) -> Path:
    """The closest existing folder above ``path``, or the file standing where a folder was expected."""
    for ancestor in path.parents:
        if ancestor.exists():
            return ancestor
    return path.parent


def _cause(error: OSError, path: Path) -> str:
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EROFS:
        return "the disk is read-only"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "the disk is full"
    if code == errno.ENAMETOOLONG:
        return "the file name is too long"
    if code == errno.EISDIR:
        return f"{path} is a folder"
    if code == errno.ENOTDIR:
        return f"{_nearest_existing(path)} is a file, not a folder"
    if code == errno.ENOENT:
        if path.parent.is_dir():
            return "this folder does not accept new files"
        return f"the folder {path.parent} does not exist"
    return (error.strerror or type(error).__name__).rstrip(".").lower()


def os_error_sentence(error: OSError, path: Path) -> str:
    """One sentence naming the file and why the operating system would not let it be written."""
    return f"Could not write {path}: {_cause(error, path)}."


def check_output(path: str | Path, *, force: bool = False, protected: Protected = NOTHING_PROTECTED) -> Path:
    """Refuse an output that is protected, a folder, or (without ``force``) an existing file; returns the path.

    Called again by ``write_output``; callers with slow work ahead (ingest, a report) call it first too, so a bad
    ``-o`` is refused in a second rather than after the work.
    """
    requested = Path(path).expanduser()
    _refuse_protected(requested, protected)
    if requested.is_dir():
        raise InputError(os_error_sentence(OSError(errno.EISDIR, "Is a directory"), requested))
    if not requested.parent.is_dir():
        missing = errno.ENOENT if _nearest_existing(requested).is_dir() else errno.ENOTDIR
        raise InputError(os_error_sentence(OSError(missing, os.strerror(missing)), requested))
    if not os.access(requested.parent, os.W_OK):
        raise InputError(os_error_sentence(OSError(errno.EACCES, os.strerror(errno.EACCES)), requested))
    if os.path.lexists(requested) and not force:
        raise OutputExistsError(f"{requested} already exists: nothing was written.", requested)
    return requested


def _temporary(folder: Path, name: str) -> Path:
    """A new empty file beside the target, created with the user's usual permissions (mode 0666 less the umask)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        candidate = folder / f".{name[:80]}.{secrets.token_hex(4)}.part"
        try:
            os.close(os.open(candidate, flags, 0o666))
            return candidate
        except FileExistsError:
            continue


def _fsync(path: Path, *, folder: bool = False) -> None:
    try:
        handle = os.open(path, os.O_RDONLY if folder else os.O_RDWR)
    except OSError:
        if folder:  # not every system can open a folder (Windows): its entry is then as durable as it gets
            return
        raise
    try:
        os.fsync(handle)
    except OSError:
        if not folder:
            raise
    finally:
        os.close(handle)


def _keep_owner_and_mode(temporary: Path, original: os.stat_result) -> None:
    os.chmod(temporary, stat.S_IMODE(original.st_mode))
    if hasattr(os, "chown") and (original.st_uid, original.st_gid) != (os.getuid(), os.getgid()):
        with contextlib.suppress(OSError):  # only root may give a file away; the mode is what matters
            os.chown(temporary, original.st_uid, original.st_gid)


def write_output(
    path: str | Path, write: Writer, *, force: bool = False, protected: Protected = NOTHING_PROTECTED
) -> Path:
    """Write a file the user asked for, safely (see the module docstring); returns the path as given.

    Raises ``OutputRefusedError`` (protected target), ``OutputExistsError`` (exists, no ``force``) or
    ``InputError`` with a sentence naming the path and the cause (a read-only folder, a full disk, ...).
    """
    requested = check_output(path, force=force, protected=protected)
    target = Path(os.path.realpath(requested)) if requested.is_symlink() else requested  # a link stays a link
    original = target.stat() if target.exists() else None
    temporary: Path | None = None
    try:
        temporary = _temporary(target.parent, target.name)
        write(temporary)
        _fsync(temporary)
        if original is not None:
            _keep_owner_and_mode(temporary, original)
        os.replace(temporary, target)
        temporary = None
        _fsync(target.parent, folder=True)
    except OSError as error:
        raise InputError(os_error_sentence(error, requested)) from error
    finally:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
    return requested


__all__ = ["NOTHING_PROTECTED", "Protected", "check_output", "os_error_sentence", "write_output"]
