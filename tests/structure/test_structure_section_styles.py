"""Numbering as contracts really print it: markers with stray dots and spaces, numbers printed twice."""

from __future__ import annotations

from pathlib import Path

from structure_support import analyse_markup, by_label, tree


def test_markers_with_a_dot_inside_or_after_the_bracket_and_no_space_are_list_items(tmp_path: Path) -> None:
    markup = (
        "**1. Duties.** The Consultant shall:\n"
        "  (i.) advise the Board on strategy;\n"
        "  (ii.) attend the meetings of the Board; and\n"
        "  (iii)if asked, report in writing.\n"
        "**2. Fees.** The Company shall pay:\n"
        "  a) a monthly fee;\n"
        "  b) the expenses of travel.\n"
        "**3. General.** The following applies:\n"
        "  i). the law of Ohio governs;\n"
        "  ii). notices are written; and\n"
        "  iii). headings do not count.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("1(i)", "1", 2),
        ("1(ii)", "1", 2),
        ("1(iii)", "1", 2),
        ("2", None, 1),
        ("2(a)", "2", 2),
        ("2(b)", "2", 2),
        ("3", None, 1),
        ("3(i)", "3", 2),
        ("3(ii)", "3", 2),
        ("3(iii)", "3", 2),
    ]


def test_numbers_printed_with_spaces_read_as_the_numbers(tmp_path: Path) -> None:
    markup = (
        "**1. GENERAL**\n"
        "1. 1. Words have the meanings given to them.\n"
        "1. 2. Headings do not count.\n"
        "1. 2. 1. Notes do not count either.\n"
        "2 . The term of this Agreement is one year.\n"
        "3 . Ohio law governs this Agreement.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("1.1", "1", 2),
        ("1.2", "1", 2),
        ("1.2.1", "1.2", 3),
        ("2", None, 1),
        ("3", None, 1),
    ]


def test_a_number_and_the_first_item_on_one_line_open_the_section_and_its_item(tmp_path: Path) -> None:
    """``2. a. Confidentiality.`` opens section 2 with item (a); ``2. b.`` prints the open number again."""
    markup = (
        "**1.** The Broker shall sell the products.\n"
        "**2. a. Confidentiality.** Each Party keeps the information of the other secret.\n"
        "**2. b. Notice.** Each Party tells the other of any disclosure.\n"
        "**3.** This Agreement may be signed in counterparts.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert tree(structure) == [("1", None, 1), ("2", None, 1), ("2(a)", "2", 2), ("2(b)", "2", 2), ("3", None, 1)]
    assert by_label(structure, "2").title is None
    assert by_label(structure, "2(a)").title == "Confidentiality"


def test_a_citation_of_a_section_and_item_at_a_line_start_opens_nothing(tmp_path: Path) -> None:
    markup = (
        "**1. Amendments.** The parties may amend this Agreement as follows:\n"
        "  (a) Waivers. Any waiver must be written and signed, and a waiver effected under\n"
        "  Section 1(a) binds the successors of the parties.\n"
        "  (b) Assignment. Neither party may assign this Agreement.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [("1", None, 1), ("1(a)", "1", 2), ("1(b)", "1", 2)]
