"""What the window remembers between sessions: the folders last used to open and export, and where the lawyer was
reading (document, page, zoom). Kept beside the settings in ``window.json``; plain JSON, no Qt.

These are not settings a lawyer edits, so they stay out of ``settings.json``; a damaged or missing file simply means
starting fresh.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from contract_app.settings import default_config_dir


@dataclass(frozen=True)
class WindowState:
    open_folder: str = ""  # where "Open" starts
    export_folder: str = ""  # where "Export" starts
    document: str = ""  # the contract shown when the window closed
    page: int = 1
    zoom: float = 0.0  # 0: fit the page width

    def starting_folder(self, kind: str) -> str:
        """The remembered folder if it still exists, else the home folder."""
        folder = self.open_folder if kind == "open" else self.export_folder
        return folder if folder and Path(folder).is_dir() else str(Path.home())


def state_file() -> Path:
    return default_config_dir() / "window.json"


def load_window_state(path: Path | None = None) -> WindowState:
    path = path or state_file()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return WindowState()
    if not isinstance(stored, dict):
        return WindowState()
    known = {field.name: field.type for field in fields(WindowState)}
    values = {}
    for name, value in stored.items():
        kind = {"str": str, "int": int, "float": float}.get(str(known.get(name)))
        if kind is not None and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            try:
                values[name] = kind(value)
            except ValueError:
                continue
    return replace(WindowState(), **values)


def save_window_state(state: WindowState, path: Path | None = None) -> None:
    path = path or state_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only home: the window forgets, and says nothing about it
        return
