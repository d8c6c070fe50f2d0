"""User settings: one JSON file (never holding secrets) overlaid by environment variables, checked on the way in.

API keys live in the OS keyring (see ``secrets``) or come from the usual environment variables; they are never
written to the settings file.

Validation is a small layer of our own rather than pydantic-settings: the settings are a frozen dataclass that the
whole code base copies with ``dataclasses.replace``, the checks needed are few (text, true/false, a positive number,
one of a few names), and every message must be one sentence naming the file or variable, the key and what is
allowed, which pydantic's errors would have to be rewritten into anyway. Importing pydantic-settings also took about
1.5 s on a busy machine (the window reads its settings before it shows; ``contract-app --help`` should stay instant),
against 0.2 s for this module with platformdirs.

Folders come from platformdirs: XDG folders on Linux, ``~/Library/Application Support`` on macOS, ``%APPDATA%`` and
``%LOCALAPPDATA%`` on Windows. ``CONTRACT_APP_DATA_DIR`` and ``CONTRACT_APP_CONFIG_DIR`` override them.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlparse

import platformdirs

from contract_app import secrets
from contract_app.errors import ConfigurationError

EmbeddingBackend = Literal["local", "openai"]
AnswerBackend = Literal["offline", "openai"]
RerankBackend = Literal["local", "cohere"]
Precision = Literal["fp32", "int8"]

APP_NAME = "contract-app"


def default_data_dir() -> Path:
    return Path(os.environ.get("CONTRACT_APP_DATA_DIR") or platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_dir() -> Path:
    return Path(os.environ.get("CONTRACT_APP_CONFIG_DIR") or platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_cache_dir() -> Path:
    """Files the app can make again (derived model files); never the user's data."""
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    store_dir: str = ""  # "" means <data dir>/store
    chroma_url: str = ""  # a Chroma server (``chroma run``) shared by a team; "" means the local store
    model_dir: str = ""  # folder with the ONNX MiniLM model; "" means the shipped, downloaded or Chroma's copy
    allow_model_download: bool = False  # the command line fetches a missing model by itself
    offline: bool = False  # never fetch anything (the model included), whatever else says so
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


ENV_OVERRIDES: dict[str, str] = {
    "CONTRACT_APP_STORE": "store_dir",
    "CONTRACT_APP_CHROMA_URL": "chroma_url",
    "CONTRACT_APP_MODEL_DIR": "model_dir",
    "CONTRACT_APP_ALLOW_DOWNLOAD": "allow_model_download",
    "CONTRACT_APP_OFFLINE": "offline",
    "CONTRACT_APP_EMBEDDING_BACKEND": "embedding_backend",
    "CONTRACT_APP_EMBEDDING_PRECISION": "embedding_precision",
    "CONTRACT_APP_ANSWER_BACKEND": "answer_backend",
    "CONTRACT_APP_OPENAI_MODEL": "openai_model",
    "OPENAI_BASE_URL": "openai_base_url",
    "CONTRACT_APP_RERANK_BACKEND": "rerank_backend",
    "CONTRACT_APP_COHERE_MODEL": "cohere_model",
    "CONTRACT_APP_COHERE_BASE_URL": "cohere_base_url",
    "CONTRACT_APP_REQUEST_TIMEOUT": "request_timeout",
}
TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}


class SettingsError(ConfigurationError):
    """A settings file or variable the app cannot use; the message names it, the key and what is allowed."""

    def __init__(self, message: str, source: str, key: str | None = None) -> None:
        super().__init__(message)
        self.source = source  # the file's path or the variable's name
        self.key = key


def settings_file() -> Path:
    return default_config_dir() / "settings.json"


_FIELD_TYPES: dict[str, Any] = {f.name: f.type for f in fields(Settings)}
_CHOICES: dict[str, tuple[str, ...]] = {
    name: get_args(kind)
    for name, kind in {
        "embedding_backend": EmbeddingBackend,
        "embedding_precision": Precision,
        "answer_backend": AnswerBackend,
        "rerank_backend": RerankBackend,
    }.items()
}


def allowed_values(name: str) -> str:
    """What a key accepts, in the words the error sentence uses."""
    if name in _CHOICES:
        return "one of " + ", ".join(f'"{choice}"' for choice in _CHOICES[name])
    kind = _FIELD_TYPES[name]
    if kind == "bool":
        return "true or false"
    if kind == "float":
        return "a number of seconds above 0, such as 60"
    return "text in double quotes"


def _checked(name: str, raw: object, from_text: bool) -> object:
    """The value for ``name``, or ValueError; ``from_text``: an environment variable, where everything is text."""
    kind = _FIELD_TYPES[name]
    if name in _CHOICES:
        value = raw.strip().lower() if isinstance(raw, str) else raw
        if value not in _CHOICES[name]:
            raise ValueError(name)
        return value
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if from_text and isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return raw.strip().lower() in TRUE_WORDS
        raise ValueError(name)
    if kind == "float":
        number: object = raw
        if from_text and isinstance(raw, str):
            try:
                number = float(raw)
            except ValueError:
                raise ValueError(name) from None
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number) or number <= 0:
            raise ValueError(name)
        return float(number)
    if not isinstance(raw, str):
        raise ValueError(name)
    return raw.strip()


def _shown(raw: object) -> str:
    text = json.dumps(raw, ensure_ascii=False) if not isinstance(raw, str) else f'"{raw}"'
    return text if len(text) <= 60 else text[:57] + "..."


def read_settings_file(path: Path) -> dict[str, object]:
    """The file's JSON object ({} when there is no file); a file that is not one is an error, never replaced."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        why = error.strerror or error
        raise SettingsError(f"The settings file {path} cannot be read ({why}).", str(path)) from error
    try:
        stored = json.loads(text)
    except ValueError as error:
        where = f" (line {error.lineno}, column {error.colno})" if isinstance(error, json.JSONDecodeError) else ""
        raise SettingsError(
            f"The settings file {path} is not valid JSON{where}: correct it, or delete it to go back to the defaults.",
            str(path),
        ) from error
    if not isinstance(stored, dict):
        raise SettingsError(
            f'The settings file {path} must hold one JSON object of settings, such as {{"answer_backend": "offline"}}.',
            str(path),
        )
    return stored


def _file_problem(path: Path, name: str, raw: object) -> SettingsError:
    return SettingsError(
        f'In the settings file {path}, "{name}" is {_shown(raw)}, but it must be {allowed_values(name)}.',
        str(path),
        name,
    )


def _env_problem(variable: str, name: str, raw: str) -> SettingsError:
    return SettingsError(
        f"The environment variable {variable} is {_shown(raw)}, but it must be {allowed_values(name)}.", variable, name
    )


def _values(path: Path, on_problem: Callable[[SettingsError], None]) -> dict[str, object]:
    """File values, then environment variables (which win); each bad one goes to ``on_problem`` and is left out.

    Keys this version does not know are ignored: a newer version's settings file must not stop an older one."""
    values: dict[str, object] = {}
    try:
        stored: Mapping[str, object] = read_settings_file(path)
    except SettingsError as error:
        on_problem(error)
        stored = {}
    for name, raw in stored.items():
        if name in _FIELD_TYPES:
            try:
                values[name] = _checked(name, raw, from_text=False)
            except ValueError:
                on_problem(_file_problem(path, name, raw))
    for variable, name in ENV_OVERRIDES.items():
        raw_text = os.environ.get(variable)
        if raw_text:
            try:
                values[name] = _checked(name, raw_text, from_text=True)
            except ValueError:
                on_problem(_env_problem(variable, name, raw_text))
    return values


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the file (if any), then environment variables; raises ``SettingsError`` on the first bad one."""

    def stop(error: SettingsError) -> None:
        raise error

    return replace(Settings(), **_values(path or settings_file(), stop))  # type: ignore[arg-type]


def load_settings_leniently(path: Path | None = None) -> tuple[Settings, tuple[SettingsError, ...]]:
    """The usable settings with every bad one left at its default, and the problems (for the window, which shows
    them and opens Settings rather than refusing to start). The file is left as it is."""
    problems: list[SettingsError] = []
    values = _values(path or settings_file(), problems.append)
    return replace(Settings(), **values), tuple(problems)  # type: ignore[arg-type]


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
