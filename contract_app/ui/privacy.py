"""The status-bar badge that always says whether contract text leaves this machine."""

from __future__ import annotations

from urllib.parse import urlparse

from PySide6.QtWidgets import QLabel, QWidget

from contract_app.settings import Settings, active_backends

_DEFAULT_HOSTS = {"answers": "api.openai.com", "embeddings": "api.openai.com", "rerank": "api.cohere.com"}


def _host(settings: Settings, role: str) -> str:
    url = {
        "answers": settings.openai_base_url,
        "embeddings": settings.openai_base_url,
        "rerank": settings.cohere_base_url,
        "store": settings.chroma_url,
    }.get(role, "")
    if url:
        return urlparse(url if "://" in url else f"http://{url}").hostname or url
    return _DEFAULT_HOSTS.get(role, role)


def privacy_text(settings: Settings) -> tuple[str, bool]:
    """(badge text, leaves the machine) e.g. ``("Sends text to api.openai.com (answers)", True)``."""
    by_host: dict[str, list[str]] = {}
    for status in active_backends(settings):
        if status.leaves_machine:
            by_host.setdefault(_host(settings, status.role), []).append(status.role)
    if not by_host:
        return "Local only", False
    parts = [f"{host} ({', '.join(roles)})" for host, roles in by_host.items()]
    return "Sends text to " + "; ".join(parts), True


def privacy_details(settings: Settings) -> str:
    lines = []
    for status in active_backends(settings):
        where = "sends text off this machine" if status.leaves_machine else "stays on this machine"
        lines.append(f"{status.role.capitalize()}: {status.name} — {where}")
    return "\n".join(lines)


class PrivacyBadge(QLabel):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacyBadge")
        self.update_for(settings)

    def update_for(self, settings: Settings) -> None:
        text, leaves = privacy_text(settings)
        self.setText(("● " if not leaves else "▲ ") + text)
        self.setProperty("leaves", "yes" if leaves else "no")
        self.setToolTip(privacy_details(settings))
        self.style().unpolish(self)
        self.style().polish(self)

    @property
    def leaves_machine(self) -> bool:
        return self.property("leaves") == "yes"
