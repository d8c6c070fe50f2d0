"""The Checks tab and "Referenced by": a drafting problem found in the contract is one click from its place in the
viewer, highlighted; a section's text lists the clauses that cite it, each a link to that clause."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

pytestmark = pytest.mark.gui


def _section_id(window, label: str) -> str:
    return next(s.id for s in window.outline.structure.sections if s.label == label)


def _checked(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.checks_panel.findings is not None, timeout=30_000)


def test_the_checks_tab_lists_the_findings_by_kind_with_their_count(qtbot, ready_window) -> None:
    _checked(qtbot, ready_window)
    panel = ready_window.checks_panel
    tree = panel.tree
    groups = [tree.topLevelItem(index).text(0) for index in range(tree.topLevelItemCount())]
    assert groups == ["Dangling references (1)"]
    assert [finding.kind for finding in panel.findings] == ["dangling_reference"]
    assert tree.topLevelItem(0).child(0).text(0) == "Section 9.9 is cited here, but this document has no Section 9.9."
    assert tree.topLevelItem(0).child(0).text(1) == "2"
    assert ready_window.tabs.tabText(ready_window.tabs.indexOf(panel)) == "Checks (1)"


def test_clicking_a_finding_moves_the_viewer_to_it_and_highlights_it(qtbot, ready_window) -> None:
    _checked(qtbot, ready_window)
    ready_window.viewer.go_to(3, animate=False)
    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 3, timeout=3000)
    panel = ready_window.checks_panel
    (finding,) = panel.findings
    item = panel.item_of(finding)

    panel.tree.itemClicked.emit(item, 0)

    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 2, timeout=3000)
    document = panel.structure.document
    assert document.text[finding.span[0] : finding.span[1]] == "Section 9.9"
    assert ready_window.viewer.highlights == document.highlights(finding.span)
    assert {box.page for box in ready_window.viewer.highlights} == {2}
    assert ready_window.status_message.text() == finding.message


def test_referenced_by_lists_the_clauses_citing_the_section(qtbot, ready_window) -> None:
    """3.1 (Payment) is cited by 1.1's definition of "Fees"; the link selects 1.1 and shows its page."""
    outline = ready_window.outline
    outline.select_section(_section_id(ready_window, "3.1"))
    text = outline.text.toPlainText()
    assert text.endswith("Referenced by: Section 1.1 (p. 1)")

    citing = _section_id(ready_window, "1.1")
    outline.text.anchorClicked.emit(QUrl(f"ref:{citing}"))
    assert outline.tree.currentItem() is outline._items[citing]
    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 1, timeout=3000)


def test_a_section_nothing_cites_says_nothing_about_references(ready_window) -> None:
    ready_window.outline.select_section(_section_id(ready_window, "3.2"))
    assert "Referenced by" not in ready_window.outline.text.toPlainText()
