"""The outline navigates: sections go to their page with the heading highlighted; terms explain themselves on hover;
references jump to their target; a reference to a section that does not exist is marked as such."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

pytestmark = pytest.mark.gui


def _section_id(window, label: str) -> str:
    return next(s.id for s in window.outline.structure.sections if s.label == label)


def _link_formats(window) -> dict[str, str]:
    return _anchors(window.outline)


def _anchors(outline) -> dict[str, str]:
    """Each link in the section text view and the tooltip Qt shows when hovering it."""
    links: dict[str, str] = {}
    block = outline.text.document().begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.charFormat().isAnchor():
                links[fragment.charFormat().anchorHref()] = fragment.charFormat().toolTip()
            iterator += 1
        block = block.next()
    return links


def test_clicking_a_section_shows_its_page_with_the_heading_highlighted(qtbot, ready_window) -> None:
    item = ready_window.outline._items[_section_id(ready_window, "3.2")]
    ready_window.outline.tree.setCurrentItem(item)

    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 3, timeout=3000)
    (heading,) = ready_window.viewer.highlights
    assert heading.page == 3
    line = next(line for line in ready_window.outline.structure.document.lines if line.text.startswith("3.2 Governing"))
    assert (heading.bbox.y0, heading.bbox.y1) == (line.bbox.y0, line.bbox.y1)


def test_a_defined_term_shows_its_definition_on_hover(ready_window) -> None:
    ready_window.outline.select_section(_section_id(ready_window, "2.1"))
    links = _link_formats(ready_window)
    assert links["term:Services"] == "“Services” means the consulting services described in this Agreement."


NO_SECTION_9_9 = "Section 9.9 is cited here, but this document has no Section 9.9."


def test_a_dangling_reference_is_struck_through_and_says_why(qtbot, ready_window) -> None:
    ready_window.outline.select_section(_section_id(ready_window, "2.2"))  # before the checks have run
    qtbot.waitUntil(lambda: ready_window.checks_panel.findings is not None, timeout=30_000)
    html = ready_window.outline.text.toHtml()  # the section on screen was marked when they came in
    links = _link_formats(ready_window)
    (dangling,) = [href for href in links if href.startswith("dangling:")]
    assert links[dangling] == NO_SECTION_9_9
    assert "line-through" in html
    ready_window.outline.text.anchorClicked.emit(QUrl(dangling))
    assert ready_window.status_message.full_text() == NO_SECTION_9_9


def test_a_cross_reference_navigates_to_the_cited_section(qtbot, ready_window) -> None:
    ready_window.outline.select_section(_section_id(ready_window, "1.1"))
    target = _section_id(ready_window, "3.1")
    assert f"ref:{target}" in _link_formats(ready_window)

    ready_window.outline.text.anchorClicked.emit(QUrl(f"ref:{target}"))
    assert ready_window.outline.tree.currentItem() is ready_window.outline._items[target]
    qtbot.waitUntil(lambda: ready_window.viewer.current_page() == 3, timeout=3000)
    assert "3.1 Payment" in ready_window.outline.text.toPlainText()


def test_the_drafting_checks_findings_are_counted_in_the_header_and_marked_on_their_sections(
    qtbot, ready_window
) -> None:
    qtbot.waitUntil(lambda: ready_window.checks_panel.findings is not None, timeout=30_000)
    outline = ready_window.outline
    assert outline.tree.headerItem().text(0) == "Sections · ⚠ 1 drafting issue"
    marked = [
        section.label for section in outline.structure.sections if outline._items[section.id].text(0).endswith("  ⚠")
    ]
    assert marked == ["2.2"]
    item = outline._items[_section_id(ready_window, "2.2")]
    assert item.toolTip(0) == f"2.2  Changes\n{NO_SECTION_9_9}"


FLAWED = """^**CONSULTING AGREEMENT**

This Consulting Agreement (this “Agreement”) is made between Acme Corp. (“Client”) and Birch LLC (“Consultant”).

**1. SERVICES**

1.1 “Services” means the advice described in this Section 1.1. Consultant shall perform the Services diligently.

1.2 “Deliverables” means the written reports Consultant prepares.

1.3 Client shall pay for the Services as set out in Section 7.4. Reports follow the form in Exhibit A.

**2. TERM**

2.1 This Agreement ends one year after it is signed.
"""


def test_the_header_counts_every_kind_the_checks_find_not_the_structures_own_flags(qtbot, tmp_path) -> None:
    """Two citations the structure could not resolve, three findings (a dangling reference, a missing attachment
    and a definition never used): the header says three, and nothing before the checks have run."""
    from pdfgen import write_markup_pdf

    from contract_app.checks import check_contract
    from contract_app.structure import load_contract
    from contract_app.ui.outline import OutlinePanel

    structure = load_contract(str(write_markup_pdf(tmp_path / "flawed.pdf", FLAWED)))
    findings = check_contract(structure)
    assert [finding.kind for finding in findings] == ["dangling_reference", "missing_attachment", "unused_definition"]
    assert sum(ref.dangling for ref in structure.cross_references) == 2
    panel = OutlinePanel()
    qtbot.addWidget(panel)
    panel.set_structure(structure)
    assert panel.tree.headerItem().text(0) == "Sections"

    panel.show_findings(structure, findings)

    assert panel.tree.headerItem().text(0) == "Sections · ⚠ 3 drafting issues"
    marked = [section.label for section in structure.sections if panel._items[section.id].text(0).endswith("  ⚠")]
    assert marked == ["1.2", "1.3"]


CITED_IN_AN_ATTACHMENT = """^**SUPPLY AGREEMENT**

This Supply Agreement is made between Acme Corp. (“Buyer”) and Birch LLC (“Seller”).

**1. PRICE**

1.1 Buyer shall pay the price set out in Section 7.3, Attachment 1.

1.2 Seller shall deliver as set out in Section 6.4.
"""


def test_only_citations_the_checks_report_are_struck_through(qtbot, tmp_path) -> None:
    """The structure leaves all three citations unresolved; the checks dismiss the section cited as one of an
    attachment (which is missing: that they report)."""
    from pdfgen import write_markup_pdf

    from contract_app.checks import check_contract
    from contract_app.structure import load_contract
    from contract_app.ui.outline import OutlinePanel

    structure = load_contract(str(write_markup_pdf(tmp_path / "supply.pdf", CITED_IN_AN_ATTACHMENT)))
    findings = check_contract(structure)
    assert [(ref.text, ref.dangling) for ref in structure.cross_references] == [
        ("Section 7.3", True),
        ("Attachment 1", True),
        ("Section 6.4", True),
    ]
    assert [(finding.kind, finding.label) for finding in findings] == [
        ("dangling_reference", "6.4"),
        ("missing_attachment", "Attachment 1"),
    ]
    panel = OutlinePanel()
    qtbot.addWidget(panel)
    panel.set_structure(structure)
    panel.select_section(next(s.id for s in structure.sections if s.label == "1"))
    assert "line-through" not in panel.text.toHtml()  # nothing is struck through before the checks have run

    panel.show_findings(structure, findings)

    struck = [href for href in _anchors(panel) if href.startswith("dangling:")]
    assert [structure.cross_references[int(href.split(":")[1])].text for href in struck] == [
        "Attachment 1",
        "Section 6.4",
    ]
    assert "Section 7.3, Attachment 1" in panel.text.toPlainText()
