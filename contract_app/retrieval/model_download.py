"""Fetching the local embedding model once, on the user's say-so, with its checksum verified.

The archive is the one Chroma's default embedding function (``ONNXMiniLM_L6_V2`` in chromadb) downloads: the same
public URL and the SHA-256 chromadb pins for it. Our own code fetches it (chromadb's downloader is private API), into
the app's data folder; nothing is installed unless the whole archive matches the pinned checksum, and a cancelled or
failed download leaves nothing behind. With offline mode on, nothing is ever fetched.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from contract_app.errors import ConfigurationError
from contract_app.progress import ProgressCallback, no_progress
from contract_app.retrieval.model_files import MODEL_NAME, REQUIRED_FILES, downloaded_model_dir, is_model_dir
from contract_app.settings import Settings

CHUNK_BYTES = 256 * 1024
MEGABYTE = 1_000_000


@dataclass(frozen=True)
class ModelArchive:
    """Where the model comes from and what it must hash to (a test points these at a server of its own)."""

    url: str = "https://chroma-onnx-models.s3.amazonaws.com/all-MiniLM-L6-v2/onnx.tar.gz"
    sha256: str = "913d7300ceae3b2dbc2c50d1de4baacab4be7b9380491c27fab7418616a16ec3"
    approx_bytes: int = 83_000_000  # shown before the download starts; the server's Content-Length replaces it

    @property
    def size_label(self) -> str:
        return f"about {round(self.approx_bytes / MEGABYTE)} MB"


MINILM_ARCHIVE = ModelArchive()


def archive_size_label() -> str:
    return MINILM_ARCHIVE.size_label


class ModelDownloadError(ConfigurationError):
    """The model could not be fetched or did not check out; nothing was installed."""


OFFLINE_REFUSAL = (
    "Offline mode is on (CONTRACT_APP_OFFLINE), so the embedding model is not downloaded: copy it into a folder "
    "and name that folder in CONTRACT_APP_MODEL_DIR instead."
)


def how_to_get_model(settings: Settings) -> str:
    """One sentence for a missing model: the command that fetches it, or, offline, how to supply it by hand."""
    if settings.offline:
        return "Offline mode is on: put the model's files in a folder and name it in CONTRACT_APP_MODEL_DIR."
    return f"Run `contract-app model download` to fetch it once ({archive_size_label()})."


def download_model(
    settings: Settings,
    archive: ModelArchive | None = None,
    target: Path | None = None,
    progress: ProgressCallback = no_progress,
    timeout: float = 60.0,
) -> Path:
    """Fetch, verify and unpack the model into ``target`` (default: the app's model folder); returns ``target``.

    ``progress`` may raise ``OperationCancelled`` to stop: the partial download is removed and nothing is installed.
    """
    if settings.offline:
        raise ModelDownloadError(OFFLINE_REFUSAL)
    archive = archive or MINILM_ARCHIVE  # looked up now: a test points the app at a server of its own
    target = target or downloaded_model_dir()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial_name = tempfile.mkstemp(prefix=".download-", suffix=".tar.gz", dir=target.parent)
    partial = Path(partial_name)
    try:
        with os.fdopen(handle, "wb") as sink:
            digest = _fetch(archive, sink, progress, timeout)
        if digest != archive.sha256:
            raise ModelDownloadError(
                "The downloaded model did not match its published checksum (a damaged or altered download), "
                "so nothing was installed: try again later."
            )
        progress(1.0, "Unpacking the model")
        _install(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _fetch(archive: ModelArchive, sink: object, progress: ProgressCallback, timeout: float) -> str:
    """Stream the archive into ``sink``; returns its SHA-256."""
    digest = hashlib.sha256()
    request = urllib.request.Request(archive.url, headers={"User-Agent": "contract-app"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0) or archive.approx_bytes
            received = 0
            progress(0.0, f"Downloading the search model (0 of {total / MEGABYTE:.0f} MB)")
            while chunk := response.read(CHUNK_BYTES):
                sink.write(chunk)  # type: ignore[attr-defined]
                digest.update(chunk)
                received += len(chunk)
                progress(
                    min(received / total, 0.99),
                    f"Downloading the search model ({received / MEGABYTE:.0f} of {total / MEGABYTE:.0f} MB)",
                )
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or getattr(error, "strerror", None) or error
        raise ModelDownloadError(
            f"The embedding model could not be downloaded ({reason}): check the internet connection and try again."
        ) from error
    return digest.hexdigest()


def _install(archive_file: Path, target: Path) -> None:
    """Unpack into a temporary folder beside ``target``, check it, then move it into place in one step."""
    unpacked = Path(tempfile.mkdtemp(prefix=".unpack-", dir=target.parent))
    try:
        try:
            with tarfile.open(archive_file, mode="r:gz") as tar:
                members = [member for member in tar.getmembers() if _safe(member)]
                safety = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}  # Python 3.11.4 and later
                tar.extractall(unpacked, members=members, **safety)  # type: ignore[arg-type]
        except (tarfile.TarError, OSError, EOFError) as error:
            raise ModelDownloadError("The downloaded model archive could not be unpacked: try again.") from error
        folder = next((path.parent for path in unpacked.rglob(REQUIRED_FILES[0]) if is_model_dir(path.parent)), None)
        if folder is None:
            raise ModelDownloadError(f"The downloaded archive holds no {MODEL_NAME} model: nothing was installed.")
        if target.exists():  # an earlier, incomplete copy
            shutil.rmtree(target)
        folder.replace(target)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(unpacked)


def _safe(member: tarfile.TarInfo) -> bool:
    """Plain files and folders inside the archive's own tree only (no links, devices, absolute or ``..`` paths)."""
    path = PurePosixPath(member.name)
    return (member.isfile() or member.isdir()) and not path.is_absolute() and ".." not in path.parts
