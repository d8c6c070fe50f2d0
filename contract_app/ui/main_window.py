"""The main window: library | viewer | tabs (Outline, Ask, Summary, Clause report), wired to the runner.

The window only routes: every core call is an ``operations`` function handed to the ``Runner``; widgets show the
small results that come back. Nothing heavy is imported here, so the window appears fast. What belongs to one
document (its status line, questions, reports, warnings) lives on its ``DocumentEntry`` and is shown again when the
document is selected; what the window remembers between sessions is in ``window_state``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QSplitter, QTabWidget

from contract_app.errors import InputError, OperationCancelled
from contract_app.files import resolved
from contract_app.model import Citation, ContractStructure, Finding, Highlight
from contract_app.settings import Settings
from contract_app.ui import dialogs, operations
from contract_app.ui.ask import AskPanel
from contract_app.ui.checks_tab import ChecksPanel, run_checks
from contract_app.ui.elided import ElidedLabel
from contract_app.ui.library import DocumentEntry, LibraryPanel
from contract_app.ui.matter_flow import MatterFlow, WindowHooks
from contract_app.ui.matter_grid import MatterGridPanel
from contract_app.ui.outline import OutlinePanel
from contract_app.ui.privacy import PrivacyBadge
from contract_app.ui.reports_view import EXPORT_FORMATS, ReportPanel
from contract_app.ui.runner import Runner, Task
from contract_app.ui.session import Session
from contract_app.ui.shortcuts import KeyboardMap, KeyboardMapDialog
from contract_app.ui.status import TaskIndicator
from contract_app.ui.viewer_area import ViewerArea
from contract_app.ui.window_state import load_window_state, save_window_state

INDEX_SETTINGS = ("store_dir", "chroma_url", "model_dir", "embedding_backend", "openai_embedding_model")
PARSE_SHARE = 0.4  # the retriever reports parsing in [0, 0.4] of an ingest, then chunking and indexing
MEMO_FORMATS = {"docx": "Word document (*.docx)", "md": "Markdown (*.md)", "pdf": "PDF document (*.pdf)"}


def _chosen_format(path: str, chosen_filter: str, formats: dict[str, str]) -> tuple[str, str]:
    """The format the lawyer meant: the typed suffix if it is one we write, else the chosen filter's."""
    fmt = next((key for key, text in formats.items() if text == chosen_filter), next(iter(formats)))
    suffix = Path(path).suffix.lower().lstrip(".")
    fmt = suffix if suffix in formats else fmt
    return (path if suffix == fmt else f"{path}.{fmt}"), fmt


class MainWindow(QMainWindow):
    document_ready = Signal(object)  # DocumentEntry, once ingested (tests and benchmarks wait on it)
    vectors_ready = Signal(object)  # DocumentEntry, once its dense vectors are all stored

    def __init__(self, session: Session | None = None, load_library: bool = True) -> None:
        super().__init__()
        self.session = session or Session()
        self.state = load_window_state()
        self.setWindowTitle("Contract App")
        self.resize(1440, 900)
        self.setAcceptDrops(True)
        self.runner = Runner(dialogs.ErrorPresenter(self), self)
        self._shown_notices: set[str] = set()
        self._ask_task: Task | None = None
        self._reopened = False
        self._pending_passage: tuple[DocumentEntry, object] | None = None  # shown once its contract is read

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
        self.checks_panel = ChecksPanel()
        self.tabs.addTab(self.checks_panel, "Checks")
        self.grid_panel = MatterGridPanel()
        self.tabs.addTab(self.grid_panel, "Grid")
        self.tabs.setTabToolTip(self.tabs.indexOf(self.grid_panel), "A matter's review grid: a row per contract")
        self.matters = MatterFlow(self, self.runner, self.session, self.library, self.grid_panel, self._matter_hooks())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.library)
        splitter.addWidget(self.viewer_area)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 720, 480])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

        self.status_message = ElidedLabel(natural=True)  # a long file name in a message never widens the window
        self.statusBar().addWidget(self.status_message, 1)
        self.task_indicator = TaskIndicator(self.runner)
        self.statusBar().addPermanentWidget(self.task_indicator)
        self.privacy_badge = PrivacyBadge(self.session.settings)
        self.statusBar().addPermanentWidget(self.privacy_badge)
        self.keys = KeyboardMap(self)
        self._build_menus()
        self._connect()
        self._refresh_actions()
        if load_library:
            QTimer.singleShot(200, self.load_library)

    # -- construction ----------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        add, bar, viewer = self.keys.add, self.menuBar(), self.viewer_area
        file_menu = bar.addMenu("&File")
        add(file_menu, "&Open…", self.choose_files, QKeySequence.StandardKey.Open)
        add(file_menu, "Open folder as &matter…", lambda: self.matters.choose_folder(), "Ctrl+Shift+O")
        export_menu = file_menu.addMenu("&Export")
        self.export_summary_action = add(export_menu, "Summary…", lambda: self.choose_export("summary"), "Ctrl+Shift+E")
        self.export_report_action = add(
            export_menu, "Clause report…", lambda: self.choose_export("clause_report"), "Ctrl+E"
        )
        self.export_memo_action = add(export_menu, "Questions and answers…", self.choose_memo_export, "Ctrl+Shift+M")
        file_menu.addSeparator()
        add(file_menu, "&Settings…", self.open_settings, "Ctrl+,")
        file_menu.addSeparator()
        add(file_menu, "&Quit", self.close, "Ctrl+Q")

        edit_menu = bar.addMenu("&Edit")
        self.copy_action = add(edit_menu, "&Copy with citation", self.copy_selection, "Ctrl+C", viewer_only=viewer)
        edit_menu.addSeparator()
        self.find_action = add(edit_menu, "&Find…", self.viewer_area.find_bar.open_bar, "Ctrl+F")
        self.find_next_action = add(edit_menu, "Find &next", self.viewer_area.find_bar.next, "F3")
        self.find_previous_action = add(edit_menu, "Find &previous", self.viewer_area.find_bar.previous, "Shift+F3")
        edit_menu.addSeparator()
        self.clear_history_action = add(
            edit_menu, "Clear &question history…", self.clear_history, "Ctrl+Shift+Backspace"
        )

        view_menu = bar.addMenu("&View")
        add(view_menu, "Zoom &in", self.viewer.zoom_in, QKeySequence.StandardKey.ZoomIn)
        add(view_menu, "Zoom &out", self.viewer.zoom_out, QKeySequence.StandardKey.ZoomOut)
        add(view_menu, "&Fit width", self.viewer.fit_width, "Ctrl+0")
        view_menu.addSeparator()
        add(view_menu, "Out&line", lambda: self.tabs.setCurrentWidget(self.outline), "Ctrl+1")
        add(view_menu, "&Ask a question", self._focus_question, ["Ctrl+2", "Ctrl+L"])
        add(view_menu, "&Summary", lambda: self.tabs.setCurrentWidget(self.summary_panel), "Ctrl+3")
        add(view_menu, "&Clause report", lambda: self.tabs.setCurrentWidget(self.clause_panel), "Ctrl+4")
        add(view_menu, "C&hecks", lambda: self.tabs.setCurrentWidget(self.checks_panel), "Ctrl+5")
        add(view_menu, "&Matter grid", lambda: self.tabs.setCurrentWidget(self.grid_panel), "Ctrl+6")

        go_menu = bar.addMenu("&Go")
        self.back_action = add(go_menu, "&Back", self.viewer.back, "Alt+Left")
        self.forward_action = add(go_menu, "&Forward", self.viewer.forward, "Alt+Right")
        go_menu.addSeparator()
        self.go_to_page_action = add(go_menu, "&Go to page…", self.viewer_area.focus_page_box, "Ctrl+G")
        add(go_menu, "&Top of page", self.viewer.page_top, "Home", viewer_only=viewer)
        add(go_menu, "&Bottom of page", self.viewer.page_bottom, "End", viewer_only=viewer)
        add(go_menu, "&First page", self.viewer.first_page, "Ctrl+Home", viewer_only=viewer)
        add(go_menu, "&Last page", self.viewer.last_page, "Ctrl+End", viewer_only=viewer)

        help_menu = bar.addMenu("&Help")
        add(help_menu, "&Keyboard shortcuts", self.show_keyboard_map, ["F1", "Ctrl+/"])
        self.back_action.setToolTip("Back to where you were (Alt+Left)")
        self.forward_action.setToolTip("Forward again (Alt+Right)")
        self.viewer_area.add_navigation(self.back_action, self.forward_action)

    def _connect(self) -> None:
        self.library.selected.connect(self.show_entry)
        self.library.remove_requested.connect(self.remove_entry)
        self.viewer_area.empty.open_requested.connect(self.choose_files)
        self.viewer.navigation_changed.connect(self._refresh_actions)
        self.viewer.selection_changed.connect(self._refresh_actions)
        self.outline.section_selected.connect(self.go_to_section)
        self.outline.term_clicked.connect(self.go_to_definition)
        self.outline.dangling_clicked.connect(lambda message: self._say(self.current_entry(), message))
        self.checks_panel.finding_clicked.connect(self.show_finding)
        self.checks_panel.title_changed.connect(
            lambda title: self.tabs.setTabText(self.tabs.indexOf(self.checks_panel), title)
        )
        self.ask_panel.ask_requested.connect(self.ask)
        self.ask_panel.stop_requested.connect(self._stop_answer)
        self.ask_panel.citation_clicked.connect(self.show_citation)
        for panel in (self.summary_panel, self.clause_panel):
            panel.build_requested.connect(self.build_report)
            panel.export_requested.connect(self.choose_export)
            panel.clause_clicked.connect(self.show_passage)
        self.clause_panel.finding_clicked.connect(self.show_finding)

    def _refresh_actions(self) -> None:
        """What can be done now: nothing to export without an indexed document, nothing to copy without a selection."""
        entry = self.current_entry()
        ready = entry is not None and entry.state == "ready"
        showing = self.viewer.page_count > 0
        self.export_summary_action.setEnabled(ready)
        self.export_report_action.setEnabled(ready)
        self.export_memo_action.setEnabled(ready and bool(entry and entry.history))
        self.clear_history_action.setEnabled(bool(entry and entry.history))
        self.copy_action.setEnabled(self.viewer.selection is not None)
        for action in (self.find_action, self.find_next_action, self.find_previous_action, self.go_to_page_action):
            action.setEnabled(showing)
        self.back_action.setEnabled(self.viewer.navigation.can_go_back)
        self.forward_action.setEnabled(self.viewer.navigation.can_go_forward)

    def _say(self, entry: DocumentEntry | None, message: str) -> None:
        """A status line about ``entry``: kept with it, shown while it is the document on screen."""
        if entry is not None:
            entry.status = message
        if entry is None or entry is self.current_entry():
            self.status_message.setText(message)

    def _matter_hooks(self) -> WindowHooks:
        return WindowHooks(
            say=lambda message: self._say(self.current_entry(), message),
            open_at=self.open_at,
            save_path=self._save_path,
            open_contracts=self._open_contracts,
            show_grid=lambda: self.tabs.setCurrentWidget(self.grid_panel),
            starting_folder=lambda: self.state.starting_folder("open"),
        )

    def show_keyboard_map(self) -> None:
        KeyboardMapDialog(self.keys, self).exec()

    # -- opening documents -------------------------------------------------------------------------------------
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Open contracts", self.state.starting_folder("open"), "PDF files (*.pdf)"
        )
        if paths:
            self._remember(open_folder=str(Path(paths[0]).parent))
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
        entry.text_layer = result.text_layer
        for other in self.library.entries():  # the same contract listed from the store under an older path
            if other is not entry and other.doc_id == entry.doc_id and other.state == "stored":
                self.library.remove(other)
        entry.state, entry.progress = "ready", 1.0
        entry.detail = "Already in the library" if result.skipped else ""
        self._say(entry, f"{entry.name} is ready: {len(result.structure.sections)} sections found.")
        self._became_ready(entry)
        self._show_notices(result.notices)
        self.document_ready.emit(entry)

    def _became_ready(self, entry: DocumentEntry) -> None:
        self.library.refresh(entry)
        if self.library.current() is entry:
            self.show_entry(entry)
        if not entry.history_loaded and entry.doc_id:
            self.runner.run(
                partial(operations.load_history, self.session, entry.doc_id),
                label="Opening earlier questions",
                on_success=partial(self._history_loaded, entry),
            )
        self.fill_vectors(entry)  # after a fresh ingest, or what a closed window left unfinished
        self._show_pending_passage()

    def fill_vectors(self, entry: DocumentEntry) -> None:
        """Embed the contract's clauses in the background, a step at a time, until meaning-based search is on."""
        if entry.doc_id is None:
            return
        self.runner.run(
            partial(operations.fill_vectors, self.session, entry.doc_id),
            label=f"Preparing meaning-based search in {entry.name}",
            on_success=lambda pending: self.fill_vectors(entry) if pending else self.vectors_ready.emit(entry),
        )

    def _history_loaded(self, entry: DocumentEntry, earlier: list[operations.Asked]) -> None:
        entry.history[:0] = earlier  # anything asked meanwhile comes after
        entry.history_loaded = True
        if self.current_entry() is entry:
            self.ask_panel.show_history(entry.history)  # type: ignore[arg-type]
        self._refresh_actions()

    def _failed(self, entry: DocumentEntry, error: BaseException) -> None:
        if entry.state != "ready":
            cancelled = isinstance(error, OperationCancelled)
            entry.state = "cancelled" if cancelled else "error"
            entry.detail = str(error)
            # the status line says what became of it, not nothing (or a progress message of a read that stopped)
            self._say(
                entry, f"Stopped reading {entry.name}: drop or open it again to read it." if cancelled else str(error)
            )
            self.library.refresh(entry)
            if self.library.current() is entry and self.viewer.path is None:
                self.viewer_area.show_empty("This file could not be read")
            self._refresh_actions()

    def _show_notices(self, notices: tuple[str, ...]) -> None:
        fresh = [notice for notice in notices if notice not in self._shown_notices]
        self._shown_notices.update(fresh)
        if fresh:
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
        self.matters.load()
        self.reopen_last_document()

    def reopen_last_document(self) -> None:
        """Where the lawyer left off: the last document, at its page and zoom (unless something is open already)."""
        if self._reopened or self.current_entry() is not None:
            return
        self._reopened = True
        last = self.state.document
        if not last or not Path(last).is_file():
            return
        self.open_files([last])
        if self.viewer.path is not None and Path(self.viewer.path) == Path(last).resolve():
            if self.state.zoom > 0:
                self.viewer.set_zoom(self.state.zoom)
            self.viewer.go_to(self.state.page, animate=False, remember=False)

    def remove_entry(self, entry: DocumentEntry) -> None:
        """Forget a document: its index entries go from the store (the PDF itself is left alone); a matter's
        contract leaves its matter too."""

        def forget(_result: object = None) -> None:
            self.library.remove(entry)
            if self.viewer.path is not None and Path(self.viewer.path) == Path(entry.path):
                self.viewer_area.show_empty()
                self.outline.set_structure(None)
                self.checks_panel.set_structure(None)
                self.ask_panel.set_ready(False)
                self.ask_panel.clear_answer()
            self._say(None, f"{entry.name} was removed from the library.")
            self._refresh_actions()

        matter = self.library.matter_of(entry)
        if entry.doc_id is None:
            forget()
        elif matter is not None:
            self.matters.remove_contract(entry, matter, then=forget)
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
        self.status_message.setText(entry.status)
        self.viewer_area.set_warnings(entry.warnings)
        if self.outline.structure is not entry.structure:
            self.outline.set_structure(entry.structure)
            if entry.structure is not None and self.checks_panel.structure is entry.structure:
                self.outline.show_findings(entry.structure, self.checks_panel.findings or ())
        if self.checks_panel.structure is not entry.structure:
            self.check_drafting(entry.structure)
        if self.viewer.path is not None and Path(self.viewer.path) == Path(entry.path):
            self.viewer.set_text_layer(entry.text_layer)  # type: ignore[arg-type]
        ready = entry.state == "ready"
        self.ask_panel.set_ready(ready, "Available once the contract has been indexed.")
        self.ask_panel.show_history(entry.history)  # type: ignore[arg-type]
        self.summary_panel.set_ready(ready)
        self.clause_panel.set_ready(ready)
        self.summary_panel.show_report(entry.summary)
        self.clause_panel.show_report(entry.clause_report)
        self._refresh_actions()
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

    def _structure_loaded(self, entry: DocumentEntry, opened: operations.Opened) -> None:
        entry.structure, entry.text_layer, entry.state = opened.structure, opened.text_layer, "ready"
        self._became_ready(entry)

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
        definition = structure.definition_of(term)
        if definition is not None:
            self._highlight(structure.document.highlights(definition.span), definition.page)
            self._say(self.current_entry(), f"“{term}” is defined on page {definition.page}.")

    def check_drafting(self, structure: ContractStructure | None) -> None:
        """The Checks tab follows the contract on screen: its drafting checks run in the runner."""
        self.checks_panel.set_structure(structure)
        if structure is not None:
            self.runner.run(
                partial(run_checks, structure),
                label="Checking the drafting",
                on_success=partial(self._checked, structure),
            )

    def _checked(self, structure: ContractStructure, findings: tuple[Finding, ...]) -> None:
        self.checks_panel.show_findings(structure, findings)
        self.outline.show_findings(structure, findings)

    def show_finding(self, finding: Finding) -> None:
        """A finding's place in the viewer, highlighted, and its message in the status line."""
        structure = self.checks_panel.structure
        if structure is not None:
            self._highlight(structure.document.highlights(finding.span), finding.page)
            self._say(self.current_entry(), finding.message)

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

    def open_at(self, entry: DocumentEntry, passage: object) -> None:
        """Show a contract and, as soon as its structure is read, the passage highlighted (a grid cell's clause)."""
        self._pending_passage = (entry, passage)
        if self.library.current() is not entry:
            self.library.select(entry)  # shows it, reading its structure first if it was only in the index
        self._show_pending_passage()

    def _show_pending_passage(self) -> None:
        if self._pending_passage is None:
            return
        entry, passage = self._pending_passage
        if entry is self.current_entry() and entry.state == "ready" and entry.structure is not None:
            self._pending_passage = None
            self.show_passage(passage)

    def _highlight(self, boxes: tuple[Highlight, ...], page: int) -> None:
        if boxes:
            self.viewer.show_highlights(boxes)
        else:
            self.viewer.clear_highlights()
            self.viewer.go_to(page)

    def copy_selection(self) -> None:
        """The selected text with its citation, e.g. ``... (Section 7.2(a), p. 11)``, as the lawyer would paste it."""
        layer, span = self.viewer.text_layer, self.viewer.selection
        if layer is None or span is None:
            return
        QApplication.clipboard().setText(layer.copied(span))
        self._say(self.current_entry(), f"Copied with its citation ({layer.citation(span)}).")

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
            partial(operations.ask, self.session, entry.doc_id, question, entry.name),
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
        self._refresh_actions()

    def _stop_answer(self) -> None:
        if self._ask_task is not None:
            self._ask_task.cancel()
        self.ask_panel.set_busy(False)

    def clear_history(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.doc_id is None or not entry.history:
            return
        message = f"Clear the {len(entry.history)} questions asked about {entry.name}, and their answers?"
        if not dialogs.confirm(self, message, "Clear"):
            return

        def cleared(_doc_id: object) -> None:
            entry.history.clear()
            if self.current_entry() is entry:
                self.ask_panel.show_history(entry.history)  # type: ignore[arg-type]
            self._say(entry, f"The questions asked about {entry.name} were cleared.")
            self._refresh_actions()

        self.runner.run(
            partial(operations.clear_history, self.session, entry.doc_id), label="Clearing", on_success=cleared
        )

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

    def _save_path(self, title: str, stem: str, formats: dict[str, str]) -> tuple[str, str] | None:
        """Ask where to write (starting in the folder last exported to); replacing a file is asked by the error
        path, once."""
        path, chosen = QFileDialog.getSaveFileName(
            self,
            title,
            str(Path(self.state.starting_folder("export")) / stem),
            ";;".join(formats.values()),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if not path:
            return None
        self._remember(export_folder=str(Path(path).parent))
        return _chosen_format(path, chosen, formats)

    def choose_export(self, kind: str) -> None:
        entry = self.current_entry()
        if entry is None or entry.state != "ready":
            self._say(entry, "Open and index a contract first.")
            return
        if getattr(entry, kind) is None:
            self.build_report(kind, then=lambda: self.choose_export(kind))
            return
        stem = Path(entry.name).stem + (" - summary" if kind == "summary" else " - clause report")
        chosen = self._save_path("Export", stem, EXPORT_FORMATS)
        if chosen is not None:
            self.export_report(kind, *chosen)

    def export_report(self, kind: str, path: str, fmt: str, force: bool = False) -> Task | None:
        entry = self.current_entry()
        report = getattr(entry, kind, None) if entry else None
        if report is None:
            return None
        return self._export(entry, report, path, fmt, force, retry=partial(self.export_report, kind, path, fmt))

    def _export(
        self, entry: DocumentEntry | None, obj: object, path: str, fmt: str, force: bool, retry: Callable[..., None]
    ) -> Task:
        return self.runner.run(
            partial(operations.export, self.session, obj, fmt, path, self._open_contracts(), force=force),
            label="Exporting",
            on_success=lambda written: self._say(entry, f"Exported to {written}"),
            retry=retry,  # with force=True once the lawyer said "Replace"
        )

    def choose_memo_export(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.state != "ready" or not entry.history:
            self._say(entry, "Ask a question about this contract first.")
            return
        chosen = self._save_path("Export questions and answers", f"{Path(entry.name).stem} - Q&A", MEMO_FORMATS)
        if chosen is not None:
            self.export_memo(*chosen)

    def export_memo(self, path: str, fmt: str, force: bool = False) -> Task | None:
        """The current document's questions and answers as a memo (DOCX, Markdown or PDF) with their citations."""
        entry = self.current_entry()
        if entry is None or entry.doc_id is None:
            return None
        memo = operations.MemoOf(entry.doc_id, entry.name)
        return self._export(entry, memo, path, fmt, force, retry=partial(self.export_memo, path, fmt))

    def _open_contracts(self) -> tuple[str, ...]:
        return tuple(open_entry.path for open_entry in self.library.entries())

    # -- settings and what the window remembers ------------------------------------------------------------------
    def open_settings(self) -> None:
        from contract_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session.settings, self)
        if dialog.exec() and dialog.saved is not None:
            self.apply_settings(dialog.saved)

    def apply_settings(self, settings: Settings) -> None:
        previous = self.session.settings
        self.session.replace_settings(settings)
        self.privacy_badge.update_for(settings)
        self._say(None, "Settings saved.")
        if any(getattr(previous, name) != getattr(settings, name) for name in INDEX_SETTINGS):
            for entry in self.library.entries():  # another index: make sure each open document is in it
                if entry.state == "ready":
                    self.ingest(entry)

    def _remember(self, **changes: object) -> None:
        self.state = replace(self.state, **changes)  # type: ignore[arg-type]
        save_window_state(self.state)

    def _remember_reading_position(self) -> None:
        entry = self.current_entry()
        if entry is None or self.viewer.path is None:
            return
        zoom = 0.0 if self.viewer.fits_width else self.viewer.zoom
        self._remember(document=entry.path, page=self.viewer.current_page() or 1, zoom=zoom)

    # -- drag and drop -----------------------------------------------------------------------------------------
    @staticmethod
    def _local_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []

    def _local_files(self, event: QDragEnterEvent | QDropEvent) -> list[str]:
        return [path for path in self._local_paths(event) if Path(path).is_file()]

    def _local_folders(self, event: QDragEnterEvent | QDropEvent) -> list[str]:
        """A dropped folder becomes a matter of its PDFs."""
        return [path for path in self._local_paths(event) if Path(path).is_dir()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._local_files(event) or self._local_folders(event):
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
        files, folders = self._local_files(event), self._local_folders(event)
        if files or folders:
            event.acceptProposedAction()
        if files:
            self.open_files(files)
        for folder in folders:
            self.matters.add_folder(folder)

    def closeEvent(self, event) -> None:
        self._remember_reading_position()
        self.runner.cancel_all()
        self.runner.wait(5000)
        self.session.close()
        super().closeEvent(event)
