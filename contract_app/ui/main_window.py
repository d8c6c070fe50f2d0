"""The main window: library | viewer | tabs (Outline, Ask, Summary, Clause report), wired to the runner.

The window only routes: every core call is an ``operations`` function handed to the ``Runner``; widgets show the
small results that come back. Nothing heavy is imported here, so the window appears fast.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDragLeaveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QSplitter, QTabWidget

from contract_app.errors import InputError, OperationCancelled
from contract_app.files import resolved
from contract_app.model import Citation, Highlight
from contract_app.settings import Settings
from contract_app.ui import dialogs, operations
from contract_app.ui.ask import AskPanel
from contract_app.ui.library import DocumentEntry, LibraryPanel
from contract_app.ui.outline import OutlinePanel
from contract_app.ui.privacy import PrivacyBadge
from contract_app.ui.reports_view import EXPORT_FORMATS, ReportPanel
from contract_app.ui.runner import Runner, Task
from contract_app.ui.session import Session
from contract_app.ui.status import TaskIndicator
from contract_app.ui.viewer_area import ViewerArea

INDEX_SETTINGS = ("store_dir", "chroma_url", "model_dir", "embedding_backend", "openai_embedding_model")
PARSE_SHARE = 0.4  # the retriever reports parsing in [0, 0.4] of an ingest, then chunking and indexing


class MainWindow(QMainWindow):
    document_ready = Signal(object)  # DocumentEntry, once ingested (tests and benchmarks wait on it)
    vectors_ready = Signal(object)  # DocumentEntry, once its dense vectors are all stored

    def __init__(self, session: Session | None = None, load_library: bool = True) -> None:
        super().__init__()
        self.session = session or Session()
        self.setWindowTitle("Contract App")
        self.resize(1440, 900)
        self.setAcceptDrops(True)
        self.runner = Runner(dialogs.ErrorPresenter(self), self)
        self._shown_notices: set[str] = set()
        self._ask_task: Task | None = None

        self.library = LibraryPanel()
        self.viewer_area = ViewerArea()
        self.viewer = self.viewer_area.viewer
        self.outline = OutlinePanel()
        self.ask_panel = AskPanel()
        self.summary_panel = ReportPanel(
            "summary", "Summarize", "A short summary of the contract; every line cites its clause."
        )
        self.clause_panel = ReportPanel(
            "clause_report", "Build report", "The 41 CUAD clause categories: what this contract says on each."
        )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.outline, "Outline")
        self.tabs.addTab(self.ask_panel, "Ask")
        self.tabs.addTab(self.summary_panel, "Summary")
        self.tabs.addTab(self.clause_panel, "Clause report")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.library)
        splitter.addWidget(self.viewer_area)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 720, 480])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.status_message = QLabel()
        self.statusBar().addWidget(self.status_message, 1)
        self.task_indicator = TaskIndicator(self.runner)
        self.statusBar().addPermanentWidget(self.task_indicator)
        self.privacy_badge = PrivacyBadge(self.session.settings)
        self.statusBar().addPermanentWidget(self.privacy_badge)
        self._build_menus()
        self._connect()
        if load_library:
            QTimer.singleShot(200, self.load_library)

    # -- construction ----------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open…", self.choose_files, QKeySequence.StandardKey.Open)
        export_menu = file_menu.addMenu("&Export")
        self._action(export_menu, "Summary…", lambda: self.choose_export("summary"))
        self._action(export_menu, "Clause report…", lambda: self.choose_export("clause_report"), "Ctrl+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Settings…", self.open_settings, "Ctrl+,")
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        view_menu = self.menuBar().addMenu("&View")
        self._action(view_menu, "Zoom &in", self.viewer.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self._action(view_menu, "Zoom &out", self.viewer.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self._action(view_menu, "&Fit width", self.viewer.fit_width, "Ctrl+0")
        view_menu.addSeparator()
        self._action(view_menu, "&Ask a question", self._focus_question, "Ctrl+L")

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _connect(self) -> None:
        self.library.selected.connect(self.show_entry)
        self.library.remove_requested.connect(self.remove_entry)
        self.viewer_area.empty.open_requested.connect(self.choose_files)
        self.outline.section_selected.connect(self.go_to_section)
        self.outline.term_clicked.connect(self.go_to_definition)
        self.outline.dangling_clicked.connect(self.status_message.setText)
        self.ask_panel.ask_requested.connect(self.ask)
        self.ask_panel.stop_requested.connect(self._stop_answer)
        self.ask_panel.citation_clicked.connect(self.show_citation)
        for panel in (self.summary_panel, self.clause_panel):
            panel.build_requested.connect(self.build_report)
            panel.export_requested.connect(self.choose_export)
            panel.clause_clicked.connect(self.show_passage)

    # -- opening documents -------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open contracts", str(Path.home()), "PDF files (*.pdf)")
        if paths:
            self.open_files(paths)

    def open_files(self, paths: list[str]) -> None:
        """Show the first file at once (straight from disk), then ingest them all in the background.

        Showing comes first: once the worker parses, it holds the interpreter lock for long stretches, and the
        window would wait for it in the middle of opening the viewer.
        """
        first: DocumentEntry | None = None
        to_ingest: list[DocumentEntry] = []
        for raw in paths:
            try:
                path = str(resolved(raw))
            except InputError:  # a link loop: the ingest below says so in a sentence
                path = str(Path(raw).expanduser().absolute())
            entry = self.library.find(path=path)
            if entry is None or entry.state in ("error", "cancelled"):
                if entry is None:
                    entry = DocumentEntry(key=path, path=path, name=Path(path).name)
                    self.library.add(entry)
                entry.state = "parsing"
                to_ingest.append(entry)
            first = first or entry
        if first is not None:
            self.library.select(first)
            self.show_entry(first)
        for entry in to_ingest:
            self.ingest(entry)

    def ingest(self, entry: DocumentEntry, password: str | None = None) -> None:
        entry.state, entry.progress, entry.detail = "parsing", 0.0, ""
        self._take_password(entry, password)
        self.library.refresh(entry)
        self.runner.run(
            partial(operations.ingest, self.session, entry.path, entry.password),
            label=f"Reading {entry.name}",
            on_progress=partial(self._ingest_progress, entry),
            on_success=partial(self._ingested, entry),
            on_failure=partial(self._failed, entry),
            retry=partial(self.ingest, entry),
        )

    def _take_password(self, entry: DocumentEntry, password: str | None) -> None:
        """A password the lawyer just typed (after an operation asked for it) opens the viewer too."""
        if password:
            entry.password = password
            if self.library.current() is entry:
                self.viewer_area.show_document(entry.path, password)

    def _ingest_progress(self, entry: DocumentEntry, fraction: float, message: str) -> None:
        entry.state = "parsing" if fraction < PARSE_SHARE else "indexing"
        entry.progress, entry.detail = fraction, message
        self.library.refresh(entry)

    def _ingested(self, entry: DocumentEntry, result: operations.Ingested) -> None:
        entry.doc_id, entry.pages, entry.structure = result.doc_id, result.pages, result.structure
        entry.state, entry.progress = "ready", 1.0
        entry.detail = "Already in the library" if result.skipped else ""
        self.library.refresh(entry)
        if self.library.current() is entry:
            self.show_entry(entry)
        self._show_notices(result.notices)
        self.status_message.setText(f"{entry.name} is ready: {len(result.structure.sections)} sections found.")
        self.document_ready.emit(entry)
        self.fill_vectors(entry)

    def fill_vectors(self, entry: DocumentEntry) -> None:
        """Embed the contract's clauses in the background, a step at a time, until meaning-based search is on."""
        if entry.doc_id is None:
            return
        self.runner.run(
            partial(operations.fill_vectors, self.session, entry.doc_id),
            label=f"Preparing meaning-based search in {entry.name}",
            on_success=lambda pending: self.fill_vectors(entry) if pending else self.vectors_ready.emit(entry),
        )

    def _failed(self, entry: DocumentEntry, error: BaseException) -> None:
        if entry.state != "ready":
            entry.state = "cancelled" if isinstance(error, OperationCancelled) else "error"
            entry.detail = str(error)
            self.library.refresh(entry)
            if self.library.current() is entry and self.viewer.path is None:
                self.viewer_area.show_empty("This file could not be read")

    def _show_notices(self, notices: tuple[str, ...]) -> None:
        fresh = [notice for notice in notices if notice not in self._shown_notices]
        self._shown_notices.update(fresh)
        if fresh:
            self.status_message.setText(" ".join(fresh))
            dialogs.show_notice(self, "\n\n".join(fresh))

    def load_library(self) -> None:
        """List what the store already holds (and warm the pipeline up): run once the window is on screen."""
        self.runner.run(
            partial(operations.library, self.session), label="Opening the library", on_success=self._add_records
        )

    def _add_records(self, records: list[object]) -> None:
        for record in records:
            path, doc_id = str(getattr(record, "path", "")), str(getattr(record, "doc_id", ""))
            if self.library.find(doc_id=doc_id) or self.library.find(path=path):
                continue
            name = str(getattr(record, "file_name", "")) or Path(path).name
            entry = DocumentEntry(key=doc_id, path=path, name=name, state="stored", doc_id=doc_id)
            entry.pages = int(getattr(record, "pages", 0))
            self.library.add(entry)

    def remove_entry(self, entry: DocumentEntry) -> None:
        """Forget a document: its index entries go from the store (the PDF itself is left alone)."""

        def forget(_result: object = None) -> None:
            self.library.remove(entry)
            if self.viewer.path is not None and Path(self.viewer.path) == Path(entry.path):
                self.viewer_area.show_empty()
                self.outline.set_structure(None)
                self.ask_panel.set_ready(False)
                self.ask_panel.clear_answer()
            self.status_message.setText(f"{entry.name} was removed from the library.")

        if entry.doc_id is None:
            forget()
        else:
            self.runner.run(
                partial(operations.delete, self.session, entry.doc_id),
                label=f"Removing {entry.name}",
                on_success=forget,
            )

    # -- showing a document ------------------------------------------------------------------------------------
    def current_entry(self) -> DocumentEntry | None:
        return self.library.current()

    def show_entry(self, entry: DocumentEntry) -> None:
        if entry.state == "error":
            self.viewer_area.show_empty("This file could not be read")
        else:
            self.viewer_area.show_document(entry.path, entry.password)
        self.setWindowTitle(f"{entry.name} — Contract App")
        if self.outline.structure is not entry.structure:
            self.outline.set_structure(entry.structure)
        ready = entry.state == "ready"
        self.ask_panel.set_ready(ready, "Available once the contract has been indexed.")
        self.ask_panel.show_history(entry.history)  # type: ignore[arg-type]
        self.summary_panel.set_ready(ready)
        self.clause_panel.set_ready(ready)
        self.summary_panel.show_report(entry.summary)
        self.clause_panel.show_report(entry.clause_report)
        if entry.state == "stored" and entry.doc_id:
            self.open_stored(entry)

    def open_stored(self, entry: DocumentEntry, password: str | None = None) -> None:
        """Read an indexed contract's structure from its file (asking for the password of an encrypted one)."""
        self._take_password(entry, password)
        entry.state = "parsing"
        self.library.refresh(entry)
        self.runner.run(
            partial(operations.load_structure, self.session, entry.doc_id, entry.password),
            label=f"Opening {entry.name}",
            on_success=partial(self._structure_loaded, entry),
            on_failure=partial(self._failed, entry),
            retry=partial(self.open_stored, entry),
        )

    def _structure_loaded(self, entry: DocumentEntry, structure: object) -> None:
        entry.structure, entry.state = structure, "ready"  # type: ignore[assignment]
        self.library.refresh(entry)
        if self.library.current() is entry:
            self.show_entry(entry)
        self.fill_vectors(entry)  # what a closed window left unfinished

    # -- navigation ----------------------------------------------------------------------------------------------
    def go_to_section(self, section_id: str) -> None:
        structure = self.outline.structure
        if structure is None:
            return
        section = structure.section(section_id)
        lines = structure.document.lines_in((section.span[0], section.span[0] + 1))
        heading = structure.document.highlights(lines[0].span) if lines else ()
        self._highlight(heading, section.page)

    def go_to_definition(self, term: str) -> None:
        structure = self.outline.structure
        if structure is None:
            return
        definition = next((d for d in structure.definitions if d.term == term), None)
        if definition is not None:
            self._highlight(structure.document.highlights(definition.span), definition.page)
            self.status_message.setText(f"“{term}” is defined on page {definition.page}.")

    def show_citation(self, citation: Citation) -> None:
        self.show_passage(citation)

    def show_passage(self, passage: Citation | object) -> None:
        """Highlight a cited passage (an answer's ``Citation`` or a report's ``ClauseRef``: both carry a span)."""
        entry = self.current_entry()
        if entry is None or entry.structure is None:
            return
        pages = tuple(getattr(passage, "pages", ()))
        boxes = entry.structure.document.highlights(passage.char_span)  # type: ignore[union-attr]
        self._highlight(boxes, pages[0] if pages else 1)

    def _highlight(self, boxes: tuple[Highlight, ...], page: int) -> None:
        if boxes:
            self.viewer.show_highlights(boxes)
        else:
            self.viewer.clear_highlights()
            self.viewer.go_to(page)

    # -- asking ------------------------------------------------------------------------------------------------
    def _focus_question(self) -> None:
        self.tabs.setCurrentWidget(self.ask_panel)
        self.ask_panel.question.setFocus()

    def ask(self, question: str) -> None:
        entry = self.current_entry()
        if entry is None or entry.doc_id is None or entry.state != "ready":
            return
        self.ask_panel.begin_answer(question)
        self._ask_task = self.runner.run(
            partial(operations.ask, self.session, entry.doc_id, question),
            label="Answering",
            on_token=self.ask_panel.append_token,
            on_success=partial(self._answered, entry),
            on_failure=lambda _error: self.ask_panel.show_history(entry.history),  # type: ignore[arg-type]
        )

    def _answered(self, entry: DocumentEntry, asked: operations.Asked) -> None:
        entry.history.append(asked)
        if self.current_entry() is entry:
            self.ask_panel.add_to_history(asked)
            self.ask_panel.show_asked(asked)
        self.ask_panel.set_busy(False)

    def _stop_answer(self) -> None:
        if self._ask_task is not None:
            self._ask_task.cancel()
        self.ask_panel.set_busy(False)

    # -- reports -----------------------------------------------------------------------------------------------
    def _panel(self, kind: str) -> ReportPanel:
        return self.summary_panel if kind == "summary" else self.clause_panel

    def build_report(self, kind: str, then: Callable[[], None] | None = None) -> None:
        entry = self.current_entry()
        if entry is None or entry.doc_id is None:
            return
        build = operations.summarize if kind == "summary" else operations.clause_report
        panel = self._panel(kind)
        panel.set_busy(True)

        def done(report: object) -> None:
            setattr(entry, kind, report)
            panel.set_busy(False)
            if self.current_entry() is entry:
                panel.show_report(report)
            if then is not None:
                then()

        self.runner.run(
            partial(build, self.session, entry.doc_id),
            label="Summarizing" if kind == "summary" else "Building the clause report",
            on_success=done,
            on_failure=lambda _error: (panel.set_busy(False), panel.show_report(getattr(entry, kind))),
        )

    def choose_export(self, kind: str) -> None:
        entry = self.current_entry()
        if entry is None or entry.state != "ready":
            self.status_message.setText("Open and index a contract first.")
            return
        if getattr(entry, kind) is None:
            self.build_report(kind, then=lambda: self.choose_export(kind))
            return
        stem = Path(entry.name).stem + (" - summary" if kind == "summary" else " - clause report")
        filters = ";;".join(EXPORT_FORMATS.values())
        path, chosen = QFileDialog.getSaveFileName(  # replacing a file is asked once, by the error path
            self, "Export", str(Path.home() / stem), filters, options=QFileDialog.Option.DontConfirmOverwrite
        )
        if not path:
            return
        fmt = next((key for key, text in EXPORT_FORMATS.items() if text == chosen), "pdf")
        suffix = Path(path).suffix.lower().lstrip(".")
        fmt = suffix if suffix in EXPORT_FORMATS else fmt
        if suffix != fmt:
            path = f"{path}.{fmt}"
        self.export_report(kind, path, fmt)

    def export_report(self, kind: str, path: str, fmt: str, force: bool = False) -> Task | None:
        entry = self.current_entry()
        report = getattr(entry, kind, None) if entry else None
        if report is None:
            return None
        open_contracts = tuple(open_entry.path for open_entry in self.library.entries())
        return self.runner.run(
            partial(operations.export, self.session, report, fmt, path, open_contracts, force=force),
            label="Exporting",
            on_success=lambda written: self.status_message.setText(f"Exported to {written}"),
            retry=partial(self.export_report, kind, path, fmt),  # with force=True once the lawyer said "Replace"
        )

    # -- settings ------------------------------------------------------------------------------------------------
    def open_settings(self) -> None:
        from contract_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self)
        if dialog.exec() and dialog.saved is not None:
            self.apply_settings(dialog.saved)

    def apply_settings(self, settings: Settings) -> None:
        previous = self.session.settings
        self.session.replace_settings(settings)
        self.privacy_badge.update_for(settings)
        self.status_message.setText("Settings saved.")
        if any(getattr(previous, name) != getattr(settings, name) for name in INDEX_SETTINGS):
            for entry in self.library.entries():  # another index: make sure each open document is in it
                if entry.state == "ready":
                    self.ingest(entry)

    # -- drag and drop -----------------------------------------------------------------------------------------
    @staticmethod
    def _local_files(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile() and Path(url.toLocalFile()).is_file()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event):
            event.acceptProposedAction()
            self.viewer_area.set_drop_hint(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self.viewer_area.set_drop_hint(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self.viewer_area.set_drop_hint(False)
        files = self._local_files(event)
        if files:
            event.acceptProposedAction()
            self.open_files(files)

    def closeEvent(self, event) -> None:
        self.runner.cancel_all()
        self.runner.wait(5000)
        self.session.close()
        super().closeEvent(event)
