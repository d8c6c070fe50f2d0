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


def test_a_section_inserted_after_another_is_numbered_with_a_letter_between_them(tmp_path: Path) -> None:
    markup = (
        "**1. Term.** This Agreement runs for one year.\n"
        "**2. Publicity.** Neither party shall publicise this Agreement.\n"
        "**2A. News Releases.** Releases need the consent of both parties.\n"
        "**2B. Samples.** The Company shall supply samples of the products.\n"
        "**3. Fees.** The Company shall pay the fees.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("2", None, 1),
        ("2A", None, 1),
        ("2B", None, 1),
        ("3", None, 1),
    ]


AMENDMENT = """\
^**AMENDMENT NO. 2 TO SUPPLY AGREEMENT**
This Amendment amends the Supply Agreement (the “Existing Agreement”) between Alpha Ltd. and Beta Ltd.
1. The definition of “Batch” in Section 1 of the Existing Agreement shall be deleted and replaced with the following:
    ““Batch” means one lot of the Product.”
2. The following shall be added to Section 2.1 of the Existing Agreement as a new Section 2.1 (d):
    “2.1 (d) Beta may subcontract its activities with the consent of Alpha.”
3. A new Section 3A shall be inserted into the Existing Agreement as follows:
    “3A Machinery and Equipment
    3A.1 Alpha has provided Beta with the machinery listed in Exhibit B.
    3A.2 Beta shall maintain the machinery, and:
      (a) maintenance shall meet the standards of the industry;
      (b) Beta shall keep records of the maintenance.
    3A.3 Alpha owns the machinery.”
4. Section 5.1 of the Existing Agreement shall be deleted and replaced by the following:
    5.1 Price. The price is set out in Part 1 of Exhibit A.
5. All other terms of the Existing Agreement remain in force.
---
^**Exhibit A**
^**Part 1 – Volume adjusted price**
The volume prices are set out below.
^**Part 2 – Pricing model**
The pricing model is set out below.
"""


def test_sections_an_amendment_sets_out_keep_their_own_numbers_under_the_paragraph_setting_them_out(
    tmp_path: Path,
) -> None:
    """The amendment's paragraphs are 1-5; the amended agreement's 2.1(d), 3A, 5.1 sit under them, labelled as
    printed, and the amendment's numbering resumes after each."""
    structure = analyse_markup(tmp_path, AMENDMENT)
    assert tree(structure) == [
        ("1", None, 1),
        ("2", None, 1),
        ("2.1(d)", "2", 2),
        ("3", None, 1),
        ("3A", "3", 2),
        ("3A.1", "3A", 3),
        ("3A.2", "3A", 3),
        ("3A.2(a)", "3A.2", 4),
        ("3A.2(b)", "3A.2", 4),
        ("3A.3", "3A", 3),
        ("4", None, 1),
        ("5.1", "4", 2),
        ("5", None, 1),
        ("Exhibit A", None, 1),
        ("Exhibit A Part 1", "Exhibit A", 2),
        ("Exhibit A Part 2", "Exhibit A", 2),
    ]
    assert by_label(structure, "3A").title == "Machinery and Equipment"
    assert by_label(structure, "Exhibit A Part 1").title == "Volume adjusted price"


TYPEWRITER = """\
^SERVICES AGREEMENT
This Services Agreement is made between Alpha Inc. and Beta Corp. The parties agree as follows:
------------------------------------------------------------
1.0   Definitions
1.1   "Services" means the services described in Schedule 1, as amended from time to time by the parties in writing
1.2   "Fees" means the fees set out in Schedule 2.
------------------------------------------------------------
2.0   Services
2.1   Beta shall perform the Services in a professional manner and in accordance with the specifications agreed
2.2   Beta shall:
a.
  deliver monthly reports;
b.
  attend quarterly meetings.
------------------------------------------------------------
3.  TERM.
This Agreement runs for one year from the date it is signed by both parties and renews for further years unless
terminated by notice
4.  Payment of fees
Alpha shall pay the Fees within thirty days of each invoice.
IN WITNESS WHEREOF, the parties have signed this Agreement.
Alpha Inc. Beta Corp.
By: /s/ A. Smith By: /s/ B. Jones
------------------------------ ------------------------------
EXHIBIT A
FEES
1. Monthly fee of $1,000.
2. Travel at cost.
"""


def test_typewriter_headings_in_plain_monospace_under_dashed_rules_are_sections(tmp_path: Path) -> None:
    """Neither bold nor capitals: ``1.0   Definitions`` under a rule, ``4.  Payment of fees`` after a line that
    lost its full stop, items ``a.`` on their own lines, an exhibit right under the signature rules."""
    structure = analyse_markup(tmp_path, TYPEWRITER, family="courier")
    assert tree(structure) == [
        ("1.0", None, 1),
        ("1.1", "1.0", 2),
        ("1.2", "1.0", 2),
        ("2.0", None, 1),
        ("2.1", "2.0", 2),
        ("2.2", "2.0", 2),
        ("2.2(a)", "2.2", 3),
        ("2.2(b)", "2.2", 3),
        ("3", None, 1),
        ("4", None, 1),
        ("Exhibit A", None, 1),
        ("Exhibit A 1", "Exhibit A", 2),
        ("Exhibit A 2", "Exhibit A", 2),
    ]
    assert by_label(structure, "1.0").title == "Definitions"
    assert by_label(structure, "3").title == "TERM"
    assert by_label(structure, "Exhibit A").title == "FEES"


def test_numbered_items_whose_text_starts_in_lower_case_are_sections(tmp_path: Path) -> None:
    markup = (
        "**12. Representations.**\n"
        "12.1 Each party represents that:\n"
        "12.1.1 it has obtained every consent it needs;\n"
        "12.1.2 it is duly organised; and\n"
        "12.1.3 it is solvent.\n"
        "12.2 Each representation survives closing.\n"
    )
    structure = analyse_markup(tmp_path, "**1. Term.** One year.\n" + markup.replace("12", "2"))
    assert tree(structure) == [
        ("1", None, 1),
        ("2", None, 1),
        ("2.1", "2", 2),
        ("2.1.1", "2.1", 3),
        ("2.1.2", "2.1", 3),
        ("2.1.3", "2.1", 3),
        ("2.2", "2", 2),
    ]


def test_a_sub_list_whose_first_item_is_missing_is_kept(tmp_path: Path) -> None:
    markup = (
        "**1. Fees.**\n"
        "1.1 The fees are due monthly.\n"
        "1.1.2 Late fees accrue interest.\n"
        "1.1.3 Interest is five per cent a year.\n"
        "1.2 Taxes are extra. The following also applies.\n"
        "  (b) Invoices are sent by email.\n"
        "  (c) Disputes are raised within ten days.\n"
        "**2. Term.** One year.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("1.1", "1", 2),
        ("1.1.2", "1.1", 3),
        ("1.1.3", "1.1", 3),
        ("1.2", "1", 2),
        ("1.2(b)", "1.2", 3),
        ("1.2(c)", "1.2", 3),
        ("2", None, 1),
    ]


def test_a_first_item_after_the_run_in_title_opens_the_list_its_next_items_continue(tmp_path: Path) -> None:
    markup = (
        "**1. Services.** The Agent shall remarket the shares.\n"
        "**2. Termination.** (a) This Agreement ends on the earliest of (i) the sale of the shares and (ii) the"
        " redemption of the shares.\n"
        "  (b) The Agent may also end this Agreement by notice.\n"
        "**3. Law.** New York law governs.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("2", None, 1),
        ("2(a)", "2", 2),
        ("2(b)", "2", 2),
        ("3", None, 1),
    ]


def test_a_lettered_item_in_operative_text_under_an_unnumbered_heading_is_labelled_alone(tmp_path: Path) -> None:
    markup = (
        "This Consulting Agreement is made between Alpha Corp. and Beta LLC.\n"
        "(A) Alpha wishes to engage a consultant.\n"
        "NOW, THEREFORE, the parties agree as follows:\n"
        "DUTIES. The Consultant shall advise the Company on its financing.\n"
        "TERM. This Agreement is for a term of twelve months.\n"
        "(a) If the Company does not renew, it shall give notice within five days.\n"
        "Upon termination the Consultant shall hand over its files.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [("(a)", None, 1)]


def test_a_section_word_heading_with_the_very_next_number_needs_no_title_case(tmp_path: Path) -> None:
    markup = (
        "**ARTICLE I**\n"
        "Section 1.1 Ownership. Each party keeps what it owns.\n"
        "Section 1.2 Steam/its generation and use. The parties agree the textbook belongs to RemainCo.\n"
        "Section 1.3 RemainCo and SpinCo shall hold the information in confidence.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("Article I", None, 1),
        ("1.1", "Article I", 2),
        ("1.2", "Article I", 2),
        ("1.3", "Article I", 2),
    ]


def test_numbered_units_inside_an_exhibit_are_labelled_with_the_exhibit_first(tmp_path: Path) -> None:
    markup = (
        "**1. Services.** The Provider supplies the services in Exhibit A.\n"
        "**2. Term.** One year.\n"
        "---\n"
        "^**EXHIBIT A**\n"
        "^**MASTER TERMS OF SERVICE**\n"
        "**1. DEFINITIONS**\n"
        "1.1 Words have the meanings given here.\n"
        "1.2 Headings do not count, save that:\n"
        "  (a) a heading may be cited.\n"
        "**2. FEES**\n"
        "2.1 Fees are monthly.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [
        ("1", None, 1),
        ("2", None, 1),
        ("Exhibit A", None, 1),
        ("Exhibit A 1", "Exhibit A", 2),
        ("Exhibit A 1.1", "Exhibit A 1", 3),
        ("Exhibit A 1.2", "Exhibit A 1", 3),
        ("Exhibit A 1.2(a)", "Exhibit A 1.2", 4),
        ("Exhibit A 2", "Exhibit A", 2),
        ("Exhibit A 2.1", "Exhibit A 2", 3),
    ]


def test_items_starting_lower_case_after_an_item_ending_in_a_look_alike_semicolon_are_sections(tmp_path: Path) -> None:
    markup = (
        "**1. Term.** This Agreement runs for two years.\n"
        "**1.1 Termination.** This Agreement may be terminated:\n"
        "1.1.1 in its entirety by mutual written consent of the Parties\u037e\n"
        "1.1.2 by a Party if the other Party materially breaches it\u037e and\n"
        "1.1.3 by the Buyer for any reason.\n"
    )
    assert [label for label, _, _ in tree(analyse_markup(tmp_path, markup))] == ["1", "1.1", "1.1.1", "1.1.2", "1.1.3"]


def test_a_capitalised_word_after_an_attachment_noun_is_no_attachment_letter(tmp_path: Path) -> None:
    markup = (
        "^**ADDENDUM TO**\n"
        "^**DISTRIBUTOR AGREEMENT**\n"
        "This Addendum is made between the parties named below and amends their agreement.\n"
        "**1. Scope.** The Distributor may resell the products.\n"
        "**2. Term.** One year.\n"
        "**3. Law.** The law of Delaware governs.\n"
    )
    assert tree(analyse_markup(tmp_path, markup)) == [("1", None, 1), ("2", None, 1), ("3", None, 1)]
