"""User settings: one JSON file (never holding secrets) overlaid by environment variables.

API keys live in the OS keyring (see ``secrets``) or come from the usual environment variables; they are never
written to the settings file.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Literal
from urllib.parse import urlparse

from contract_app import secrets

EmbeddingBackend = Literal["local", "openai"]
AnswerBackend = Literal["offline", "openai"]
RerankBackend = Literal["local", "cohere"]
Precision = Literal["fp32", "int8"]

APP_NAME = "contract-app"


def _xdg(var: str, fallback: str) -> Path:
    return Path(os.environ.get(var) or Path.home() / fallback) / APP_NAME


def default_data_dir() -> Path:
    return Path(os.environ.get("CONTRACT_APP_DATA_DIR") or _xdg("XDG_DATA_HOME", ".local/share"))


def default_config_dir() -> Path:
    return Path(os.environ.get("CONTRACT_APP_CONFIG_DIR") or _xdg("XDG_CONFIG_HOME", ".config"))


@dataclass(frozen=True)
class Settings:
    store_dir: str = ""  # "" means <data dir>/store
    chroma_url: str = ""  # a Chroma server (``chroma run``) shared by a team; "" means the local store
    model_dir: str = ""  # folder with the ONNX MiniLM model; "" means Chroma's cache
    allow_model_download: bool = False
    embedding_backend: EmbeddingBackend = "local"
    embedding_precision: Precision = "fp32"  # the local MiniLM's weights: "int8" is made from the fp32 model once
    openai_embedding_model: str = "text-embedding-3-small"
    answer_backend: AnswerBackend = "offline"
    openai_model: str = "gpt-4o-mini"
    openai_base_url: str = ""  # "" means api.openai.com; a loopback URL means a local model server
    rerank_backend: RerankBackend = "local"
    cohere_model: str = "rerank-v3.5"
    cohere_base_url: str = ""
    request_timeout: float = 60.0

    @property
    def store_path(self) -> Path:
        return Path(self.store_dir) if self.store_dir else default_data_dir() / "store"

    def openai_api_key(self) -> str | None:
        return os.environ.get("OPENAI_API_KEY") or secrets.get_secret("openai_api_key")

    def cohere_api_key(self) -> str | None:
        return os.environ.get("COHERE_API_KEY") or os.environ.get("CO_API_KEY") or secrets.get_secret("cohere_api_key")


_ENV_OVERRIDES: dict[str, str] = {
    "CONTRACT_APP_STORE": "store_dir",
    "CONTRACT_APP_CHROMA_URL": "chroma_url",
    "CONTRACT_APP_MODEL_DIR": "model_dir",
    "CONTRACT_APP_EMBEDDING_BACKEND": "embedding_backend",
    "CONTRACT_APP_EMBEDDING_PRECISION": "embedding_precision",
    "CONTRACT_APP_ANSWER_BACKEND": "answer_backend",
    "CONTRACT_APP_OPENAI_MODEL": "openai_model",
    "OPENAI_BASE_URL": "openai_base_url",
    "CONTRACT_APP_RERANK_BACKEND": "rerank_backend",
    "CONTRACT_APP_COHERE_MODEL": "cohere_model",
    "CONTRACT_APP_COHERE_BASE_URL": "cohere_base_url",
}


def settings_file() -> Path:
    return default_config_dir() / "settings.json"


def _coerce(name: str, raw: object) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "bool" and isinstance(raw, str):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if kind == "float":
        return float(raw)  # type: ignore[arg-type]
    return raw


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the file (if any), then environment variables, which win."""
    path = path or settings_file()
    values: dict[str, object] = {}
    if path.is_file():
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stored = {}
        known = {f.name for f in fields(Settings)}
        values.update({k: _coerce(k, v) for k, v in stored.items() if k in known})
    for env, name in _ENV_OVERRIDES.items():
        if os.environ.get(env):
            values[name] = _coerce(name, os.environ[env])
    if os.environ.get("CONTRACT_APP_ALLOW_DOWNLOAD"):
        values["allow_model_download"] = _coerce("allow_model_download", os.environ["CONTRACT_APP_ALLOW_DOWNLOAD"])
    return replace(Settings(), **values)  # type: ignore[arg-type]


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    tmp.replace(path)


def is_loopback(url: str) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return host in {"localhost", "::1"} or host.startswith("127.")


@dataclass(frozen=True)
class BackendStatus:
    """One active backend, as the window's status bar and ``contract-app`` report it."""

    role: str  # "embeddings", "answers", "rerank", "store"
    name: str
    leaves_machine: bool


def _remote(url: str) -> bool:
    """An empty URL means the vendor's cloud; a loopback one is a server on this machine."""
    return not (url and is_loopback(url))


def active_backends(settings: Settings) -> tuple[BackendStatus, ...]:
    """What is switched on, and whether it sends contract text off this machine."""
    openai_url = settings.openai_base_url
    embeddings = (
        BackendStatus("embeddings", f"OpenAI-compatible ({settings.openai_embedding_model})", _remote(openai_url))
        if settings.embedding_backend == "openai"
        else BackendStatus("embeddings", "local MiniLM (ONNX)", False)
    )
    answers = (
        BackendStatus("answers", f"{settings.openai_model} at {openai_url or 'api.openai.com'}", _remote(openai_url))
        if settings.answer_backend == "openai"
        else BackendStatus("answers", "offline (extractive)", False)
    )
    rerank = (
        BackendStatus("rerank", f"Cohere {settings.cohere_model}", _remote(settings.cohere_base_url))
        if settings.rerank_backend == "cohere"
        else BackendStatus("rerank", "local", False)
    )
    store = (
        BackendStatus("store", f"Chroma server {settings.chroma_url}", not is_loopback(settings.chroma_url))
        if settings.chroma_url
        else BackendStatus("store", "local Chroma", False)
    )
    return (embeddings, answers, rerank, store)


def anything_leaves_machine(settings: Settings) -> bool:
    return any(status.leaves_machine for status in active_backends(settings))
