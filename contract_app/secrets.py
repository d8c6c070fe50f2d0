"""API keys: kept in the OS keyring (the ``keyring`` package), never in a plain file, and never printed.

A backend's error can repeat the request's key (some servers echo the headers or the body back), so every error
that becomes a sentence for the user goes through ``redact`` first.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable

from contract_app.errors import ConfigurationError

SERVICE = "contract-app"
REDACTED = "[key removed]"

KEY_LABELS = {  # keyring name -> (what the lawyer calls it, the environment variable that can hold it instead)
    "openai_api_key": ("OpenAI API key", "OPENAI_API_KEY"),
    "cohere_api_key": ("Cohere API key", "COHERE_API_KEY"),
}
KEY_VARIABLES = ("OPENAI_API_KEY", "COHERE_API_KEY", "CO_API_KEY")

_KEY_SHAPES = re.compile(
    r"(?P<bearer>\b(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{6,}"  # an Authorization header's credentials
    r"|(?P<named>\b(?:api[_-]?key|x-api-key|access[_-]?token|token|secret|password)[\"']?\s*[:=]\s*[\"']?)"
    r"[^\s\"',;}]{6,}"  # api_key=..., "x-api-key": "..."
    r"|\bsk-[A-Za-z0-9_-]{8,}"  # sk-..., sk-proj-..., sk-ant-...
    r"|(?P<long>\b[A-Za-z0-9_-]{32,}\b)",  # a long token: a key if it looks random (see _random)
    re.IGNORECASE,
)
_WORDLIKE = re.compile(r"[A-Z]?[a-z]*|[A-Z]+|\d+")  # "Final", "USA", "2021": parts of a name, not of a key


def configured_keys() -> tuple[str, ...]:
    """The keys this app may send: from the environment and the keyring."""
    found = [os.environ.get(name) for name in KEY_VARIABLES]
    found += [get_secret(name) for name in KEY_LABELS]
    return tuple(key for key in found if key)


def _random(token: str) -> bool:
    """Upper case, lower case and digits mixed inside one part: ``Zq8vN3xLr7...``, not ``Contract_2021_Final``."""
    classes = [any(c.isupper() for c in token), any(c.islower() for c in token), any(c.isdigit() for c in token)]
    return all(classes) and not all(_WORDLIKE.fullmatch(part) for part in re.split(r"[_-]", token))


def _shape(match: re.Match[str]) -> str:
    if match.group("long") is not None and not _random(match.group("long")):
        return match.group(0)
    return (match.group("bearer") or match.group("named") or "") + REDACTED


def redact(text: str, keys: Iterable[str | None] = ()) -> str:
    """``text`` with every API key taken out: the given and configured keys, and anything shaped like a key."""
    for key in sorted({k for k in (*keys, *configured_keys()) if k and len(k) >= 6}, key=len, reverse=True):
        text = text.replace(key, REDACTED)
    return _KEY_SHAPES.sub(_shape, text)


def get_secret(name: str) -> str | None:
    try:
        import keyring

        return keyring.get_password(SERVICE, name)
    except Exception:  # no backend, a locked or broken keyring: no stored key
        return None


class SecretStoreError(ConfigurationError):
    """The keyring would not keep a key; the message says which and why."""


def _cannot_store(name: str, why: str) -> SecretStoreError:
    label, variable = KEY_LABELS.get(name, (name, ""))
    instead = f"; set {variable} in the environment instead" if variable else ""
    return SecretStoreError(f"The {label} could not be stored: {why}{instead}.")


def set_secret(name: str, value: str | None) -> None:
    """Store ``value`` in the keyring, or forget the key when ``value`` is empty; raises ``SecretStoreError``.

    Forgetting a key where no keyring exists is not an error: nothing can have been stored there.
    """
    try:
        import keyring
        from keyring.errors import NoKeyringError, PasswordDeleteError
    except ImportError:
        if not value:
            return
        raise _cannot_store(name, "the keyring package is not installed") from None
    try:
        if not value:
            with contextlib.suppress(PasswordDeleteError, NoKeyringError):
                keyring.delete_password(SERVICE, name)
            return
        keyring.set_password(SERVICE, name, value)
        kept = keyring.get_password(SERVICE, name)
    except NoKeyringError as error:
        raise _cannot_store(name, "this computer has no system keyring") from error
    except Exception as error:  # a locked keyring, a D-Bus failure, a refused write
        cause = redact(str(error), (value,)).rstrip(".") or type(error).__name__
        raise _cannot_store(name, f"the system keyring refused it ({cause})") from error
    if kept != value:  # the "null" keyring accepts everything and keeps nothing
        raise _cannot_store(name, "the system keyring did not keep it (no keyring backend is configured)")
