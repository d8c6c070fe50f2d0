"""The Checks tab: the contract's drafting problems (``contract-app check``), listed by kind; clicking one shows its
place in the viewer, highlighted.

The checks run in the runner (``run_checks``) once a contract's structure is at hand; the panel keeps the findings
of the structure on screen and says how many there are in the tab's title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from contract_app.model import NO_FINDINGS, ContractStructure, Finding, findings_by_kind

if TYPE_CHECKING:
    from contract_app.ui.runner import TaskContext

FINDING_ROLE = Qt.ItemDataRole.UserRole
TAB_TITLE = "Checks"


def run_checks(structure: ContractStructure, context: TaskContext) -> tuple[Finding, ...]:
    """The operation the window hands the runner (the checks read the whole contract: not on the window thread)."""
    from contract_app.checks import check_contract

    return check_contract(structure)


def tab_title(findings: tuple[Finding, ...] | None) -> str:
    return TAB_TITLE if not findings else f"{TAB_TITLE} ({len(findings)})"


class ChecksPanel(QWidget):
    finding_clicked = Signal(object)  # the Finding: the window shows its place highlighted
    title_changed = Signal(str)  # the tab's title, with the number of findings

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._structure: ContractStructure | None = None
        self._findings: tuple[Finding, ...] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setWordWrap(True)
        self.state.setStyleSheet("color: #5f6b7a; padding: 24px;")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Finding", "Page"])
        self.tree.setWordWrap(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(self._on_item)
        self.tree.itemActivated.connect(self._on_item)
        layout.addWidget(self.state)
        layout.addWidget(self.tree)
        self.set_structure(None)

    @property
    def structure(self) -> ContractStructure | None:
        return self._structure

    @property
    def findings(self) -> tuple[Finding, ...] | None:
        """The findings on show (None while the checks run or before a contract is read)."""
        return self._findings

    def set_structure(self, structure: ContractStructure | None) -> None:
        """A new contract on screen: its findings follow from ``show_findings`` once the checks have run."""
        self._structure, self._findings = structure, None
        self.tree.clear()
        self.tree.setVisible(False)
        self.state.setVisible(True)
        self.state.setText(
            "The drafting checks appear here once the contract has been read."
            if structure is None
            else "Checking the drafting…"
        )
        self.title_changed.emit(tab_title(None))

    def show_findings(self, structure: ContractStructure, findings: tuple[Finding, ...]) -> None:
        """Findings of ``structure``, under a heading per kind; ignored when another contract is on screen now."""
        if structure is not self._structure:
            return
        self._findings = findings
        self.tree.clear()
        for _kind, title, found in findings_by_kind(findings):
            group = QTreeWidgetItem([f"{title} ({len(found)})", ""])
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for finding in found:
                item = QTreeWidgetItem([finding.message, str(finding.page)])
                item.setData(0, FINDING_ROLE, finding)
                item.setToolTip(0, f"{finding.message}\n{finding.place}")
                item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                group.addChild(item)
        self.tree.expandAll()
        self.tree.setVisible(bool(findings))
        self.state.setVisible(not findings)
        self.state.setText(NO_FINDINGS if not findings else "")
        self.title_changed.emit(tab_title(findings))

    def item_of(self, finding: Finding) -> QTreeWidgetItem | None:
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            for child in range(group.childCount()):
                if group.child(child).data(0, FINDING_ROLE) == finding:
                    return group.child(child)
        return None

    def _on_item(self, item: QTreeWidgetItem) -> None:
        finding = item.data(0, FINDING_ROLE)
        if isinstance(finding, Finding):
            self.finding_clicked.emit(finding)
