"""API keys in the OS keyring (the ``keyring`` package), never in a plain file."""

from __future__ import annotations

import contextlib

SERVICE = "contract-app"


def get_secret(name: str) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(SERVICE, name)
        except KeyringError:
            return None
    except Exception:
        return None


def set_secret(name: str, value: str | None) -> None:
    import keyring

    if value:
        keyring.set_password(SERVICE, name, value)
    else:
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(SERVICE, name)
