"""Where the local MiniLM ONNX model lives: a folder the user named, the copy shipped in the desktop bundle, the
copy the app downloaded (``model_download``), or Chroma's own model cache, in that order.

The app never downloads anything unless the user asked (``contract-app model download``, the window's offer, or
``CONTRACT_APP_ALLOW_DOWNLOAD=1``), and never in offline mode.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from contract_app.settings import Settings, default_cache_dir, default_data_dir

MODEL_NAME = "all-MiniLM-L6-v2"
REQUIRED_FILES = ("model.onnx", "tokenizer.json")

log = logging.getLogger(__name__)


def chroma_cache_dir() -> Path:
    return Path.home() / ".cache" / "chroma" / "onnx_models" / MODEL_NAME / "onnx"


def downloaded_model_dir() -> Path:
    """Where ``contract-app model download`` puts the model: the app's data folder, not a cache that may be wiped."""
    return default_data_dir() / "models" / MODEL_NAME / "onnx"


def shipped_model_dir() -> Path:
    """The model inside the desktop bundle (absent from a source or wheel install)."""
    from contract_app.resources import SHIPPED_MODEL, resource_path

    return resource_path(SHIPPED_MODEL)


def is_model_dir(folder: Path) -> bool:
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def find_model_dir(settings: Settings) -> Path | None:
    """The folder holding model.onnx + tokenizer.json on this machine, or None; never fetches anything."""
    if settings.model_dir:
        folder = Path(settings.model_dir).expanduser()
        for candidate in (folder, folder / "onnx"):
            if is_model_dir(candidate):
                return candidate
    candidates = (shipped_model_dir(), downloaded_model_dir(), chroma_cache_dir())
    return next((folder for folder in candidates if is_model_dir(folder)), None)


def locate_model_dir(settings: Settings) -> Path | None:
    """``find_model_dir``, else (when the user allowed downloads and is not offline) the model fetched now."""
    folder = find_model_dir(settings)
    if folder is not None or not settings.allow_model_download or settings.offline:
        return folder
    from contract_app.retrieval.model_download import ModelDownloadError, download_model

    try:
        return download_model(settings)
    except ModelDownloadError as error:
        log.info("model download failed: %s", error)
        return None


def cache_dir() -> Path:
    """Where derived model files go (never the user's model folder, which may be read-only or shared)."""
    return default_cache_dir() / "models"


def quantised_model(model_dir: Path, cache: Path | None = None) -> Path | None:
    """MiniLM with int8 weights (onnxruntime's dynamic quantisation, one scale per output channel), made from
    ``model_dir/model.onnx`` on first use into the cache; None when it cannot be made (the caller keeps fp32).

    Per-channel scales matter here: on CPUs without VNNI (most laptops' AVX2), per-tensor int8 moved vectors to a
    mean cosine of 0.95 from fp32, per-channel to 0.99 (``benchmarks/big_contracts.py``).
    """
    source = model_dir / "model.onnx"
    try:
        stat = source.stat()
    except OSError:
        return None
    key = hashlib.sha256(f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    target = (cache or cache_dir()) / f"{MODEL_NAME}-int8-{key}.onnx"
    if target.is_file():
        return target
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        with _quiet_root_logger():  # the quantiser logs advice for image models through the root logger
            quantize_dynamic(source, partial, weight_type=QuantType.QInt8, per_channel=True)
        partial.replace(target)  # atomic: a reader never sees half a model
    except Exception as error:  # onnx missing, a read-only cache, an export the quantiser does not know
        log.warning("int8 model not made (%s): using the fp32 model", error)
        return None
    return target


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        yield
    finally:
        root.setLevel(level)


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
