"""Where the local MiniLM ONNX model lives: a folder the user named, else Chroma's own model cache.

The app never downloads anything unless the user allowed it; then it reuses Chroma's downloader (checksummed).
"""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache
from pathlib import Path

from contract_app.settings import Settings

MODEL_NAME = "all-MiniLM-L6-v2"
REQUIRED_FILES = ("model.onnx", "tokenizer.json")

log = logging.getLogger(__name__)


def chroma_cache_dir() -> Path:
    return Path.home() / ".cache" / "chroma" / "onnx_models" / MODEL_NAME / "onnx"


def is_model_dir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def _download_into_chroma_cache() -> bool:
    """Fetch the model with Chroma's checksummed downloader; False when offline or it fails."""
    try:
        from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

        ONNXMiniLM_L6_V2()._download_model_if_not_exists()
    except Exception as error:
        log.info("model download failed: %s", error)
        return False
    return is_model_dir(chroma_cache_dir())


def locate_model_dir(settings: Settings) -> Path | None:
    """The folder holding model.onnx + tokenizer.json, or None when there is none (and none may be fetched)."""
    if settings.model_dir:
        folder = Path(settings.model_dir).expanduser()
        for candidate in (folder, folder / "onnx"):
            if is_model_dir(candidate):
                return candidate
    cache = chroma_cache_dir()
    if is_model_dir(cache):
        return cache
    if settings.allow_model_download and _download_into_chroma_cache():
        return cache
    return None


FINGERPRINT_SAMPLE = 1 << 20


def file_fingerprint(path: Path) -> str:
    """Identifies a model file's exact contents, cheaply: its size and a hash of its first, middle and last MiB.

    Hashing the whole 90 MB file took about a second per command; a re-export or quantisation of the model changes
    its size or every sampled block alike."""
    stat = path.stat()
    return _fingerprint(path.resolve(), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _fingerprint(path: Path, size: int, modified_ns: int) -> str:
    digest = hashlib.sha256(str(size).encode())
    with path.open("rb") as handle:
        for offset in sorted({0, max(size // 2 - FINGERPRINT_SAMPLE // 2, 0), max(size - FINGERPRINT_SAMPLE, 0)}):
            handle.seek(offset)
            digest.update(handle.read(FINGERPRINT_SAMPLE))
    return digest.hexdigest()[:16]
