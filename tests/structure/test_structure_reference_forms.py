"""Citations as contracts write them: lists cut by remarks and depth changes, no keyword, self-references,
statutes and filings, amendments, and inline clauses that become sections once cited."""

from __future__ import annotations

from pathlib import Path

import pytest
from structure_support import analyse_markup, by_label, references, tree

LISTS = """\
This Exhibit 10.13 omits confidential portions.
**1. DEFINITIONS**
1.1 Terms. Capitalised terms have the meanings given in Sections 6.4, 8 and 9.
1.2 Survival. SECTIONS 2.1 AND 2.2 and Sections 1 (Definitions), 2.1 and 3 (Fees) survive.
**2. SUPPLY**
2.1 Orders. The Supplier shall:
  (a) accept orders;
  (b) deliver goods, namely:
    (i) the products;
    (ii) the spare parts; and
    (iii) the manuals.
2.2 Returns. Returns under Section 2.1(b)(ii) or (iii) are free, as are those under 2.1 above and 7.7 below. \
Costs of the items in Section 2.1(b)(i) through (iii) are the Supplier's.
2.3 Services. The Supplier provides the services in clauses a), b) and c) of Section 2.4 and subparagraph (b) \
of Section 2.1.
2.4 Services are:
a) hosting;
b) support; and
c) training.
**3. FEES**
3.1 Fees. Sections 1, S(c), 2 and 3 prevail. Interest under Article 2.1(b) is due.
3.2 Law. Section 365 of the Bankruptcy Code, §§ 600-602, article 1077 of the Civil Code and any Schedule 13D apply.
**6. GENERAL**
6.1 Notices. Nothing in Section 6.4(c) limits this Section.
6.2 Survival. This clause and this Article survive.
6.3 Counterparts. Counterparts are allowed.
6.4 Notices. Notices are in writing.
**8. LAW**
8.1 Law. New York law governs.
**9. COURTS**
9.1 Courts. New York courts.
"""


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory):
    return analyse_markup(tmp_path_factory.mktemp("lists"), LISTS)


def test_a_list_of_sections_continues_across_depths_capitals_and_remarks(lists) -> None:
    found = references(lists)
    assert [ref for ref in found if ref[0] == "1.1"] == [
        ("1.1", "Sections 6.4, 8 and 9", "6.4", False, False),
        ("1.1", "Sections 6.4, 8 and 9", "8", False, False),
        ("1.1", "Sections 6.4, 8 and 9", "9", False, False),
    ]
    assert [ref[2] for ref in found if ref[0] == "1.2"] == ["2.1", "2.2", "1", "2.1", "3"]


def test_a_bracketed_item_replaces_the_part_numbered_the_same_way(lists) -> None:
    assert ("2.2", "Section 2.1(b)(ii) or (iii)", "2.1(b)(ii)", False, False) in references(lists)
    assert ("2.2", "Section 2.1(b)(ii) or (iii)", "2.1(b)(iii)", False, False) in references(lists)


def test_a_range_of_roman_items_gives_each_item(lists) -> None:
    found = [ref[2] for ref in references(lists) if ref[1] == "Section 2.1(b)(i) through (iii)"]
    assert found == ["2.1(b)(i)", "2.1(b)(ii)", "2.1(b)(iii)"]


def test_a_misprinted_item_dangles_without_ending_the_list(lists) -> None:
    assert [ref[2:] for ref in references(lists) if ref[1] == "Sections 1, S(c), 2 and 3"] == [
        ("1", False, False),
        (None, False, True),
        ("2", False, False),
        ("3", False, False),
    ]


def test_a_number_cited_above_or_below_without_keyword_counts_only_where_it_exists(lists) -> None:
    in_2_2 = [ref for ref in references(lists) if ref[0] == "2.2"]
    assert ("2.2", "2.1", "2.1", False, False) in in_2_2
    assert not any("7.7" in ref[1] for ref in in_2_2)


def test_items_printed_with_a_closing_bracket_and_subparagraphs_resolve(lists) -> None:
    assert [ref[2] for ref in references(lists) if ref[0] == "2.3"] == ["2.4(a)", "2.4(b)", "2.4(c)", "2.1(b)"]


def test_an_article_with_a_section_number_is_that_section(lists) -> None:
    assert ("3.1", "Article 2.1(b)", "2.1(b)", False, False) in references(lists)


def test_this_clause_and_this_article_resolve_to_the_units_they_stand_in(lists) -> None:
    assert [ref for ref in references(lists) if ref[0] == "6.2"] == [
        ("6.2", "This clause", "6.2", False, False),
        ("6.2", "this Article", "6", False, False),
    ]


def test_statutes_and_securities_filings_are_external(lists) -> None:
    external = [(ref[1], ref[3], ref[4]) for ref in references(lists) if ref[0] == "3.2"]
    assert external == [
        ("Section 365", True, False),
        ("§§ 600-602", True, False),
        ("§§ 600-602", True, False),
        ("§§ 600-602", True, False),
        ("article 1077", True, False),
        ("Schedule 13D", True, False),
    ]


def test_a_clause_its_unit_does_not_have_dangles_and_a_filing_exhibit_number_is_no_reference(lists) -> None:
    assert ("6.1", "Section 6.4(c)", None, False, True) in references(lists)
    assert not any("10.13" in ref[1] for ref in references(lists))


AMENDMENT = """\
^**AMENDMENT NO. 1 TO SUPPLY AGREEMENT**
This Amendment No. 1 (this "Amendment") amends the Supply Agreement dated 1 May 2019 (the "Agreement").
1. Section 4.2 of the Agreement is deleted. The term in Section 7 is extended.
2. Section 5.1 of the Agreement is replaced as follows:
"5.1 Price. The price is set out in Section 5.2 and, after renewal, in Sections 1 and 5.1."
3. This Amendment takes effect on signature as provided in paragraph 1 above.
"""


def test_an_amendment_cites_the_agreement_it_amends_as_another_document(tmp_path: Path) -> None:
    found = [ref[1:] for ref in references(analyse_markup(tmp_path, AMENDMENT))]
    assert found == [
        ("Section 4.2", None, True, False),  # "of the Agreement": the agreement amended
        ("Section 7", None, True, False),  # not set out here: the agreement amended
        ("Section 5.1", None, True, False),
        ("Section 5.2", None, True, False),
        ("Sections 1 and 5.1", None, True, False),  # the new text speaks the Agreement's numbering, not paragraph 1
        ("Sections 1 and 5.1", "5.1", False, False),  # ... and cites the 5.1 it sets out
        ("paragraph 1", "1", False, False),
    ]


INLINE = """\
**1. DELIVERY**
1.1 Notice. The Buyer shall give notice of defects within ten days.
1.2 Obligations. The Supplier shall (a) deliver the goods to the site and (b) pay all freight charges, and the \
Buyer shall (i) unload them and (ii) store them safely.
1.3 Costs. Costs under Section 1.2(b) are the Supplier's. The Buyer may (a) reject or (b) accept late goods; a \
rejection under clause (a) above is final.
**2. PRICES**
2.1 Price changes. The Supplier may change prices for the following reasons:
[***]
  (iii) any change agreed in writing.
A change under clause (i) takes effect after notice. Section 2.1(b) does not apply.
"""


@pytest.fixture(scope="module")
def inline(tmp_path_factory: pytest.TempPathFactory):
    return analyse_markup(tmp_path_factory.mktemp("inline"), INLINE)


def test_every_item_of_a_cited_inline_enumeration_becomes_a_section(inline) -> None:
    assert tree(inline) == [
        ("1", None, 1),
        ("1.1", "1", 2),
        ("1.2", "1", 2),
        ("1.2(a)", "1.2", 3),
        ("1.2(b)", "1.2", 3),
        ("1.3", "1", 2),
        ("1.3(a)", "1.3", 3),
        ("1.3(b)", "1.3", 3),
        ("2", None, 1),
        ("2.1", "2", 2),
    ]  # the uncited (i), (ii) of 1.2 stay text
    item = by_label(inline, "1.2(b)")  # the last item runs to the end of its sentence
    sentence_end = "(b) pay all freight charges, and the Buyer shall (i) unload them and (ii) store them safely."
    assert " ".join(inline.text_of(item.span).split()) == sentence_end
    assert by_label(inline, "1.2").body_end == by_label(inline, "1.2(a)").span[0]


def test_citations_of_inline_clauses_resolve_to_the_clause_not_its_unit(inline) -> None:
    found = references(inline)
    assert ("1.3", "Section 1.2(b)", "1.2(b)", False, False) in found
    assert ("1.3(b)", "clause (a)", "1.3(a)", False, False) in found


def test_a_clause_withheld_by_redaction_is_not_dangling_but_one_never_printed_is(inline) -> None:
    found = references(inline)
    assert ("2.1", "clause (i)", "2.1", False, False) in found  # (i) and (ii) are in the [***]
    assert ("2.1", "Section 2.1(b)", None, False, True) in found


AMENDMENT_WITH_EXHIBIT = """\
^**AMENDMENT NO. 2 TO SUPPLY AGREEMENT**
This Amendment No. 2 (this "Amendment") amends the Supply Agreement dated 1 May 2019 (the "Agreement").
1. Section 5.1 of the Agreement is amended: the prices are those in Part 1 of Exhibit A and in Part 4 of Exhibit A.
2. This Amendment takes effect on signature.
---
^**EXHIBIT A**
Part 1 - Prices
The prices are fixed.
Part 2 - Rebates
The rebates are fixed.
"""


def test_in_an_amendment_a_part_its_own_exhibit_lacks_dangles(tmp_path: Path) -> None:
    found = [ref[1:] for ref in references(analyse_markup(tmp_path, AMENDMENT_WITH_EXHIBIT))]
    assert ("Part 1 of Exhibit A", "Exhibit A Part 1", False, False) in found
    assert ("Part 4 of Exhibit A", None, False, True) in found


def test_the_last_item_of_a_cited_inline_enumeration_runs_past_semicolons_to_the_full_stop(tmp_path: Path) -> None:
    condition = (
        "condition set by the Board in writing for every remarketing of the shares, as notified to the Agent and to "
        "the Paying Agent no later than ten business days before the date on which the remarketing begins"
    )
    words = ["first", "second", "third", "fourth", "fifth", "sixth"]
    items = "; ".join(
        f"({token}) the {word} {condition}"
        for token, word in zip(["i", "ii", "iii", "iv", "v", "vi"], words, strict=True)
    )  # one sentence longer than a shown sentence may be, its items separated by semicolons
    markup = (
        "**1. Appointment.** The Fund appoints the Agent.\n"
        f"**2. Conditions.** The Agent acts subject to: (a) the Fund performing; and (b) none of these: {items}.\n"
        "**3. Termination.** The Agent may resign if any event in Section 2(b)(v) or (vi) occurs.\n"
    )
    structure = analyse_markup(tmp_path, markup)
    assert [label for label, _, _ in tree(structure)] == [
        "1",
        "2",
        "2(a)",
        "2(b)",
        "2(b)(i)",
        "2(b)(ii)",
        "2(b)(iii)",
        "2(b)(iv)",
        "2(b)(v)",
        "2(b)(vi)",
        "3",
    ]
    assert [(target, dangling) for _, _, target, _, dangling in references(structure)] == [
        ("2(b)(v)", False),
        ("2(b)(vi)", False),
    ]


NEIGHBOURS = """\
**1. PROMOTION**
1.1 Banners. The Supplier shall show the banners described in Exhibit A.
1.2 Retail Promotions.
1.2.1 The Supplier shall run retail promotions, together with the banners contemplated in the preceding paragraph.
1.2.2 Prices are set out in Part 1 of Exhibit A, and the rebates in Part 4 of Exhibit A.
1.3 Indemnity. Each party shall indemnify the other, except where the Buyer indemnifies under the following paragraph.
1.4 Buyer Indemnity. The Buyer shall indemnify the Supplier.
1.5 Other documents. Section 3 of Schedule 2 of the Distribution Agreement, Exhibit 21 to the Registration Statement \
and Section 7.1(f) ofthe Credit Agreement apply.
---
^**EXHIBIT A**
Part 1 - Prices
The prices are fixed.
"""


@pytest.fixture(scope="module")
def neighbours(tmp_path_factory: pytest.TempPathFactory):
    return analyse_markup(tmp_path_factory.mktemp("neighbours"), NEIGHBOURS)


def test_the_preceding_and_the_following_paragraph_are_the_units_beside_it(neighbours) -> None:
    found = references(neighbours)
    assert ("1.2.1", "the preceding paragraph", "1.1", False, False) in found  # the 1.2 heading has no text
    assert ("1.3", "the following paragraph", "1.4", False, False) in found


def test_a_part_of_an_attachment_resolves_inside_it_and_a_part_it_lacks_dangles(neighbours) -> None:
    assert [ref for ref in references(neighbours) if ref[0] == "1.2.2"] == [
        ("1.2.2", "Part 1 of Exhibit A", "Exhibit A Part 1", False, False),
        ("1.2.2", "Part 4 of Exhibit A", None, False, True),
    ]


def test_units_of_attachments_of_other_documents_are_external(neighbours) -> None:
    assert [ref for ref in references(neighbours) if ref[0] == "1.5"] == [
        ("1.5", "Section 3 of Schedule 2", None, True, False),
        ("1.5", "Exhibit 21", None, True, False),
        ("1.5", "Section 7.1(f)", None, True, False),
    ]


ATTACHED = """\
**1.0 SCOPE**
1.1 Services. The services are set out in Attachment 1, Section 2 and in Section 3 in Attachment 1.
1.2 Changes. Delete paragraph 2 in Supplement 1. This Section 1 and Section 2 apply.
**2.0 TERM**
2.1 Term. The term is one year.
---
^**ATTACHMENT 1**
1. Hosting. The Supplier hosts the site.
2. Support. The Supplier supports the site.
3. Training. The Supplier trains the staff.
"""


def test_units_of_an_attachment_cited_before_or_after_it_and_numbers_printed_with_a_zero(tmp_path: Path) -> None:
    assert references(analyse_markup(tmp_path, ATTACHED)) == [
        ("1.1", "Attachment 1", "Attachment 1", False, False),
        ("1.1", "Section 2", "Attachment 1 2", False, False),  # "Attachment 1, Section 2"
        ("1.1", "Section 3 in Attachment 1", "Attachment 1 3", False, False),
        ("1.2", "paragraph 2", None, True, False),  # in a supplement this PDF does not set out
        ("1.2", "This Section 1", "1.0", False, False),
        ("1.2", "Section 2", "2.0", False, False),
    ]


TITLED_CITATIONS = """\
**ARTICLE I**
1.01 CONTRACTORS. The Affiliate shall locate contractors.
1.02 OFFICE. The Affiliate shall keep an office, subject to the conditions of 1.01.
**ARTICLE II**
2.01 RETENTION. In the event of a transfer:
  (a) the Affiliate shall give notice;
  (b) the Client may withdraw merchants; and
  (c) the Exit Fee is payable.
2.02 TERMINATION. This Agreement may be terminated:
  A. By the Affiliate, for convenience.
  B. By the Company, for cause.
2.03 EFFECT. Merchants move in accordance with Section 2.01 (b) [RETENTION] and 2.01 (c). After termination \
under Section 2.02 [TERMINATION]B no fee accrues. Interest runs at a rate of 1.02 per cent.
2.04 LINKS. The Company may link to the pages contemplated by Section 1.l, and to no others.
"""


def test_a_title_in_square_brackets_inside_a_citation_neither_ends_a_list_nor_hides_an_item(tmp_path: Path) -> None:
    found = [
        (source, text, target) for source, text, target, _, _ in references(analyse_markup(tmp_path, TITLED_CITATIONS))
    ]
    assert found == [
        ("1.02", "1.01", "1.01"),  # "subject to the conditions of 1.01": a citation without its keyword
        ("2.03", "Section 2.01 (b) [RETENTION] and 2.01 (c)", "2.01(b)"),
        ("2.03", "Section 2.01 (b) [RETENTION] and 2.01 (c)", "2.01(c)"),
        ("2.03", "Section 2.02 [TERMINATION]B", "2.02(B)"),
        ("2.04", "Section 1.l", None),  # item l of Section 1, as written: dangling (not Section 1)
    ]


def test_a_numbered_paragraph_cited_as_no_n_below_is_the_paragraph_of_its_article(tmp_path: Path) -> None:
    markup = (
        "**Article 1 Supply**\n"
        "Cremer supplies the Product.\n"
        "**Article 2 Liability**\n"
        "1) the parties assume that the product is an active ingredient in the meaning of the law.\n"
        "2) the liability of Cremer for the processing is excluded, and only No. 3 below applies.\n"
        "3) the liability of Cremer arising from this agreement is limited to the price paid.\n"
        "**Article 3 Term**\n"
        "1) This Agreement runs for two years.\n"
    )
    found = [(source, text, target) for source, text, target, _, _ in references(analyse_markup(tmp_path, markup))]
    assert found == [("Article 2(2)", "No. 3", "Article 2(3)")]


def test_this_exhibit_in_a_filing_legend_cites_nothing(tmp_path: Path) -> None:
    markup = (
        "**1. Services.** The Provider supplies the services in Exhibit A.\n"
        "**2. Fees.** The fees are in Exhibit A.\n"
        "**3. Law.** The law of Ohio governs.\n"
        "---\n"
        "^**EXHIBIT A**\n"
        "* Portions of this exhibit have been omitted and filed separately with the Commission.\n"
        "The services and fees under this Exhibit are listed below.\n"
    )
    found = [(source, text, target) for source, text, target, _, _ in references(analyse_markup(tmp_path, markup))]
    assert found == [
        ("1", "Exhibit A", "Exhibit A"),
        ("2", "Exhibit A", "Exhibit A"),
        ("Exhibit A", "this Exhibit", "Exhibit A"),
    ]


def test_a_section_cited_with_its_attachment_named_after_it_resolves_inside_that_attachment(tmp_path: Path) -> None:
    markup = (
        "**1.0 SCOPE**\n"
        "1.1 Services. The service levels are those of Section 2.2, Attachment 1, and Section 2.1 applies.\n"
        "**2.0 TERM**\n"
        "2.1 Term. The term is one year, renewed under Section 2.1, Attachment 1 only by notice.\n"
        "---\n"
        "^**ATTACHMENT 1**\n"
        "1. Hosting. The Supplier hosts the site.\n"
        "2. Service levels.\n"
        "2.1 Calls. The Supplier answers every call within one hour.\n"
        "2.2 Credits. A missed level earns a credit.\n"
    )
    assert references(analyse_markup(tmp_path, markup)) == [
        ("1.1", "Section 2.2, Attachment 1", "Attachment 1 2.2", False, False),  # the body has no 2.2
        ("1.1", "Section 2.1", "2.1", False, False),
        ("2.1", "Section 2.1", "2.1", False, False),  # the body has its own 2.1: the attachment is named apart
        ("2.1", "Attachment 1", "Attachment 1", False, False),
    ]


WITHHELD = """\
**1. LICENCE**
1.1 Grant. The Licensor grants the licence.
1.2 Conditions. The licence is subject to the following:
  1.2.1 the Licensee pays the fees;
  1.2.2 the Licensee keeps records;
[* * *]
1.3 Scope. The conditions of Section 1.2.7 are waived for the first year; Section 1.1.4 does not apply.
1.4 Royalties. Royalties are due as follows:
  (a) on net sales;
[…***…]
  (d) on sublicence income.
1.5 Payment. Royalties under Section 1.4(c) are paid quarterly.
"""


def test_a_unit_numbered_past_the_last_printed_one_before_withheld_text_is_not_dangling(tmp_path: Path) -> None:
    assert references(analyse_markup(tmp_path, WITHHELD)) == [
        ("1.3", "Section 1.2.7", None, False, False),  # after 1.2.2 the filing withholds text: 1.2.7 is in it
        ("1.3", "Section 1.1.4", None, False, True),  # 1.1 withholds nothing: a unit never printed
        ("1.5", "Section 1.4(c)", "1.4", False, False),  # withheld between (a) and (d), printed "[…***…]"
    ]


CAPITALS_AFTER_AN_ARTICLE = """\
**ARTICLE I**
1.1 SUPPLY. Supplier shall supply the Products.
**ARTICLE II**
2.1 LIABILITY. EXCEPT FOR A BREACH OF ARTICLE I OR A PARTY'S INDEMNIFICATION OBLIGATIONS, NEITHER PARTY IS \
LIABLE FOR INDIRECT DAMAGES.
2.2 SURVIVAL. Articles I and II survive, as do Exhibits A or B.
"""


def test_a_list_of_articles_continues_only_with_what_can_number_an_article(tmp_path: Path) -> None:
    """An article is numbered or in roman numerals: in capitals, "ARTICLE I OR A PARTY'S" cites Article I only."""
    found = [
        (source, text, target, dangling)
        for source, text, target, _, dangling in references(analyse_markup(tmp_path, CAPITALS_AFTER_AN_ARTICLE))
    ]
    assert found == [
        ("2.1", "ARTICLE I", "Article I", False),
        ("2.2", "Articles I and II", "Article I", False),
        ("2.2", "Articles I and II", "Article II", False),
        ("2.2", "Exhibits A or B", None, True),  # lettered, so a list of two; neither is in this document
        ("2.2", "Exhibits A or B", None, True),
    ]
