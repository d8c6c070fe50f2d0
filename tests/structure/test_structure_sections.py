"""The section tree: numbering styles, levels, labels as lawyers cite them, and what is not a section."""

from __future__ import annotations

from pathlib import Path

from pdfgen import write_contract_pdf
from structure_support import analyse_markup, by_label, tree

from contract_app.structure import load_contract

ARTICLES = """\
^**MASTER SERVICES AGREEMENT**
This Agreement is made between Alpha Inc. and Beta LLC.
(A) Alpha provides services.
(B) Beta wishes to buy them.
**ARTICLE I**
**DEFINITIONS**
**1.1 Defined Terms.** Capitalised terms have the meanings below.
**1.2 Interpretation.** Headings are for convenience only.
**ARTICLE II**
**SERVICES**
**2.1 Scope.** Alpha shall provide the following:
  (a) hosting of the platform;
  (b) support, which includes:
    (i) telephone support; and
    (ii) email support; and
  (c) training.
**2.2 Changes.** Either party may propose changes.
  (a) Proposals must be in writing.
    (A) Each proposal names a price.
    (B) Each proposal names a date.
  (b) Changes bind once signed.
---
^**EXHIBIT A**
^**PRICING**
1. Hosting fees are monthly.
2. Support fees are annual.
"""


def test_articles_numbered_sections_and_lettered_subsections_form_the_tree(tmp_path: Path) -> None:
    structure = analyse_markup(tmp_path, ARTICLES)
    assert tree(structure) == [
        ("Article I", None, 1),
        ("1.1", "Article I", 2),
        ("1.2", "Article I", 2),
        ("Article II", None, 1),
        ("2.1", "Article II", 2),
        ("2.1(a)", "2.1", 3),
        ("2.1(b)", "2.1", 3),
        ("2.1(b)(i)", "2.1(b)", 4),
        ("2.1(b)(ii)", "2.1(b)", 4),
        ("2.1(c)", "2.1", 3),
        ("2.2", "Article II", 2),
        ("2.2(a)", "2.2", 3),
        ("2.2(a)(A)", "2.2(a)", 4),
        ("2.2(a)(B)", "2.2(a)", 4),
        ("2.2(b)", "2.2", 3),
        ("Exhibit A", None, 1),
        ("Exhibit A 1", "Exhibit A", 2),
        ("Exhibit A 2", "Exhibit A", 2),
    ]


def test_titles_pages_and_spans_follow_the_headings(tmp_path: Path) -> None:
    structure = analyse_markup(tmp_path, ARTICLES)
    article = by_label(structure, "Article II")
    assert article.title == "SERVICES"
    assert article.kind == "article"
    assert by_label(structure, "2.1").title == "Scope"
    assert by_label(structure, "Exhibit A").title == "PRICING"
    assert by_label(structure, "Exhibit A").page == 2
    section = by_label(structure, "2.1")
    text = structure.text_of(section.span)
    assert text.startswith("2.1 Scope.")
    assert text.rstrip().endswith("(c) training.")
    own_text = structure.document.text[section.span[0] : section.body_end]
    assert own_text.strip().endswith("the following:")
    assert by_label(structure, "2.1(c)").body_end == by_label(structure, "2.1(c)").span[1]


def test_recitals_and_parties_before_the_first_section_are_not_sections(tmp_path: Path) -> None:
    structure = analyse_markup(tmp_path, ARTICLES)
    assert not any(section.label in ("(A)", "(B)") for section in structure.sections)


def test_roman_and_letter_i_are_told_apart_by_the_sequence(tmp_path: Path) -> None:
    letters = "\n".join(f"  ({chr(96 + index)}) item {index} of the list;" for index in range(1, 11))
    markup = f"**1. Lists.** The list:\n{letters}\n**2. Romans.** The romans:\n  (i) first;\n  (ii) second.\n"
    structure = analyse_markup(tmp_path, markup)
    labels = [section.label for section in structure.sections]
    assert labels == ["1", *[f"1({chr(96 + index)})" for index in range(1, 11)], "2", "2(i)", "2(ii)"]
    assert by_label(structure, "1(i)").parent == by_label(structure, "1").id


def test_enumeration_wrapped_inside_a_sentence_is_not_a_section(tmp_path: Path) -> None:
    markup = (
        "**1. Payment.** The Customer shall pay (a) the fees and (b) the expenses of the Supplier within thirty days"
        " of each invoice, and\n(c) interest on late payments at the statutory rate.\n"
        "**2. Notices.** Notices must be in writing.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert [section.label for section in structure.sections] == ["1", "2"]


def test_table_of_contents_is_skipped(tmp_path: Path) -> None:
    markup = (
        "^**TABLE OF CONTENTS**\n1.1 Definitions ........ 2\n1.2 Term ........ 2\n2.1 Fees ........ 3\n---\n"
        "**1. DEFINITIONS**\n1.1 Definitions. Words have meanings.\n1.2 Term. The term is one year.\n"
        "**2. FEES**\n2.1 Fees. Fees are due monthly.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert [(section.label, section.page) for section in structure.sections] == [
        ("1", 2),
        ("1.1", 2),
        ("1.2", 2),
        ("2", 2),
        ("2.1", 2),
    ]


def test_section_word_headings_and_lettered_items_cite_as_section_then_letter(tmp_path: Path) -> None:
    markup = (
        "Section 1. Services. The Promoter shall provide:\nA.\n  Promotion of the events.\nB.\n  Booking of venues.\n"
        "Section 2. Fees. The fee is fixed.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert tree(structure) == [("1", None, 1), ("1(A)", "1", 2), ("1(B)", "1", 2), ("2", None, 1)]
    assert by_label(structure, "1").title == "Services"


def test_broken_numbering_is_tolerated(tmp_path: Path) -> None:
    markup = (
        "**1. Claims.** The following applies:\n  (i) notice of the claim is given.\n  (ii) the claim is described.\n"
        "  (b) The other party may assist.\n  (c) Disputes go to arbitration.\n"
        "**2. Term.** One year.\n**4. Law.** Ohio law governs.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert tree(structure) == [
        ("1", None, 1),
        ("1(i)", "1", 2),
        ("1(ii)", "1", 2),
        ("1(b)", "1", 2),
        ("1(c)", "1", 2),
        ("2", None, 1),
        ("4", None, 1),
    ]


def test_point_zero_headings_head_their_numbered_sections(tmp_path: Path) -> None:
    markup = (
        "SECTION 1.0 DEFINITIONS\n1.1 Terms have meanings.\n1.2 Headings do not count.\n"
        "SECTION 2.0 TERM\nThe term is one year, as set out in Section 2.01.\n2.01 Renewal is automatic.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert tree(structure) == [
        ("1.0", None, 1),
        ("1.1", "1.0", 2),
        ("1.2", "1.0", 2),
        ("2.0", None, 1),
        ("2.01", "2.0", 2),
    ]
    assert by_label(structure, "1.0").title == "DEFINITIONS"
    assert structure.cross_references[0].target == by_label(structure, "2.01").id


def test_unnumbered_capital_headings_are_sections_when_nothing_is_numbered(tmp_path: Path) -> None:
    markup = (
        "DEFINITIONS\nThe term Web Site means a computer system connected to the Internet.\n"
        "SERVICES\nThe Provider will provide the following limited services to the Customer:\n"
        "1. connectivity to the Internet;\n2. daily backups of the hosted site.\n"
        "TERM AND TERMINATION\nThis Agreement runs for one year from the date of signature.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert tree(structure) == [
        ("DEFINITIONS", None, 1),
        ("SERVICES", None, 1),
        ("SERVICES 1", "SERVICES", 2),
        ("SERVICES 2", "SERVICES", 2),
        ("TERM AND TERMINATION", None, 1),
    ]
    assert {section.kind for section in structure.sections if section.level == 1} == {"heading"}


_WORDS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
]


def test_untitled_contents_list_repeated_by_the_headings_is_skipped(tmp_path: Path) -> None:
    articles = [
        ("I", "DEFINITIONS", "Words have meanings."),
        ("II", "SUPPLY", "Supplier supplies."),
        ("III", "PRICE", "Buyer pays."),
        ("IV", "TERM", "One year."),
    ]
    contents = "".join(f"Article {number} – {title.title()} provisions\n" for number, title, _ in articles)
    body = "".join(
        "---\n"
        + "".join(f"The {word} clause of the parties.\n" for word in _WORDS[: index * 3])
        + f"**ARTICLE {number} {title}**\n{index}.1 {text}\n"
        for index, (number, title, text) in enumerate(articles, start=1)
    )
    structure = analyse_markup(tmp_path, f"^**SUPPLY AGREEMENT**\n{contents}{body}")
    assert [(section.label, section.page) for section in structure.sections] == [
        ("Article I", 2),
        ("1.1", 2),
        ("Article II", 3),
        ("2.1", 3),
        ("Article III", 4),
        ("3.1", 4),
        ("Article IV", 5),
        ("4.1", 5),
    ]


def _lines_contract(tmp_path: Path, lines: list[str]) -> list[tuple[str, str | None, int]]:
    return tree(load_contract(write_contract_pdf(tmp_path / "c.pdf", [lines])))


def test_an_item_of_a_running_enumeration_that_opens_a_line_is_not_a_section(tmp_path: Path) -> None:
    lines = [
        "1. Licence. The Sponsor grants the Company a licence to:",
        "(a) use and display the Sponsor Marks on the pages and",
        "in the newsletters; (b) link to the Sponsor Web Site; and (c) show",
        "the logos of the Sponsor.",
        "2. Transfer. If the Affiliate receives (i) any offer to buy its revenue, or",
        "(ii) any offer to merge with it, the Affiliate shall give notice, or",
        "(iii) withdraw.",
        "3. Lists. The Company shall:",
        "(a) pay the fees; and",
        "(b) file the reports.",
    ]
    assert _lines_contract(tmp_path, lines) == [
        ("1", None, 1),
        ("2", None, 1),
        ("3", None, 1),
        ("3(a)", "3", 2),
        ("3(b)", "3", 2),
    ]


def test_a_block_item_holding_an_inner_running_list_is_still_a_section(tmp_path: Path) -> None:
    lines = [
        "1. Appearances. The Endorser shall:",
        "(i) make four appearances a year, being: (i) one at a trade show, (ii) one",
        "at a charity event and (iii) one at a sports event;",
        "(ii) attend the annual meeting; and",
        "(iii) sign fifty items.",
        "2. Fees. The fee is fixed.",
        "3. Law. The law of Ohio governs.",
    ]
    assert _lines_contract(tmp_path, lines) == [
        ("1", None, 1),
        ("1(i)", "1", 2),
        ("1(ii)", "1", 2),
        ("1(iii)", "1", 2),
        ("2", None, 1),
        ("3", None, 1),
    ]


def test_numbered_recitals_under_a_whereas_caption_are_not_sections(tmp_path: Path) -> None:
    lines = [
        "Whereas:",
        "1. The Provider is a company with resources in the field of teaching;",
        "2. The Recipient engages in teaching and wishes to use the Provider's services.",
        "This Agreement is entered into by the Provider and the Recipient.",
        "1. Scope of Services",
        "The Provider shall provide the services listed in Schedule 1.",
        "2. Non-exclusivity",
        "The services are not exclusive.",
        "3. Fees",
        "The Recipient shall pay the fees in Schedule 1.",
    ]
    assert _lines_contract(tmp_path, lines) == [("1", None, 1), ("2", None, 1), ("3", None, 1)]


def test_a_whereas_caption_over_unnumbered_recitals_holds_nothing_back(tmp_path: Path) -> None:
    lines = [
        "WITNESSETH:",
        "WHEREAS, the Fund issues shares; and",
        "WHEREAS, the Agent remarkets them.",
        "1. Definitions. Words have the meanings given here.",
        "2. Appointment. The Fund appoints the Agent.",
        "3. Fees. The Fund pays the fees.",
    ]
    assert _lines_contract(tmp_path, lines) == [("1", None, 1), ("2", None, 1), ("3", None, 1)]


def test_attachment_headings_repeated_on_continuation_pages_do_not_open_new_attachments(tmp_path: Path) -> None:
    """A filing converted from text: each original page (inside the PDF pages) starts with the headings again."""
    header = ["ATTACHMENT 6", "SOFTWARE INSTALLATION TERMS", "APPENDIX A", "ADDITIONAL OBLIGATIONS"]
    lines = [
        "1. Scope. The Supplier installs software.",
        "2. Fees. The Buyer pays the fees.",
        *header,
        "1. AUTHORIZATION. The terms of this Attachment 6 apply.",
        "2. LICENSE. The Supplier shall:",
        "(a) install the images as shipped;",
        *header,
        "(b) keep records of every installation; and",
        "(c) report monthly.",
        "3. WARRANTY. The Supplier warrants the work.",
        *header,
        "MS LICENSE OBLIGATIONS IMPOSED ON THE SUPPLIER",
        "1. INSTALLATION OBLIGATIONS. The Supplier installs the images as shipped.",
        "2. NOTICES. The Supplier keeps every notice.",
    ]
    assert [label for label, _, _ in _lines_contract(tmp_path, lines)] == [
        "1",
        "2",
        "Attachment 6",
        "Appendix A",
        "Appendix A 1",
        "Appendix A 2",
        "Appendix A 2(a)",
        "Appendix A 2(b)",
        "Appendix A 2(c)",
        "Appendix A 3",
        "Appendix A 1",  # a document of its own under its title in capitals: its numbering starts again
        "Appendix A 2",
    ]
