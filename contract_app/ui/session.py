"""The window's handle on the core: settings, one warm ``Retriever`` (created lazily inside the worker lane) and the
questions asked about each document.

Creating the retriever imports chromadb and onnxruntime, which is slow; doing it on first use in the worker keeps
start-up fast. No Qt here: the session is plain Python so operations can be called from tests and benchmarks too.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from contract_app.history import QuestionHistory
from contract_app.settings import Settings, load_settings

if TYPE_CHECKING:
    from contract_app.matters import CellStore, MatterRegistry
    from contract_app.retrieval import Retriever


WARM_MODULES = (
    "contract_app.parsing",
    "contract_app.structure",
    "contract_app.chunking",
    "contract_app.answering",
    "contract_app.reports",
)


class Session:
    def __init__(self, settings: Settings | None = None) -> None:
        self._settings = settings or load_settings()
        self._retriever: Retriever | None = None
        self._matters: tuple[MatterRegistry, CellStore] | None = None
        self._lock = threading.Lock()
        self.history = QuestionHistory()  # touched only in the worker lane, like the retriever

    @property
    def settings(self) -> Settings:
        return self._settings

    def replace_settings(self, settings: Settings) -> None:
        """New settings take effect on the next operation (the retriever is rebuilt with them)."""
        with self._lock:
            self._settings = settings
            retired, self._retriever = self._retriever, None
            self._matters = None
        if retired is not None:  # closing waits for its store's call in flight: not on the window's thread
            threading.Thread(target=retired.close, name="close-retired-index", daemon=True).start()

    def close(self) -> None:
        with self._lock:
            if self._retriever is not None:
                self._retriever.close()
            self._retriever = None

    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                from contract_app.retrieval import Retriever

                # Chroma in a child process: its writes would otherwise hold the interpreter lock from the window
                self._retriever = Retriever(self._settings, isolate_store=True)
            return self._retriever

    def matter_stores(self) -> tuple[MatterRegistry, CellStore]:
        """The matters and their kept grid cells, beside the index (opened on first use, in the worker lane)."""
        with self._lock:
            if self._matters is None:
                from contract_app.matters import CellStore, MatterRegistry

                self._matters = MatterRegistry(self._settings), CellStore(self._settings)
            return self._matters

    def warm_up(self) -> None:
        """Load the retriever and every stage's modules now, in the background, not in the middle of a first drop.

        Importing a C extension holds the interpreter lock for a while; done at start-up, that pause goes unseen.
        """
        import importlib

        self.retriever()
        for module in WARM_MODULES:
            importlib.import_module(module)
