"""Write the demo contract ``sample_contract.pdf``: a realistic supply and license agreement with known structure.

Run ``.venv/bin/python resources/samples/make_sample.py`` (``--pages 100 long.pdf`` for a long variant).
The clauses cover the CUAD categories the app reports on, every kind of cross-reference and definition the
structure stage resolves (including one dangling reference, to Section 12.4), an exhibit, a running header and
"Page N of M" footers, and naturally hyphenated line breaks. ``write_long_contract(path, pages)`` repeats the
articles with fresh numbering to make long documents for responsiveness tests.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from pdfgen import SOFT_HYPHEN, write_markup_pdf  # noqa: E402

HEADER = "CONFIDENTIAL — Master Supply Agreement"
FOOTER = "Page {page} of {pages}"
SIZE = 12.0  # body font size: large enough for a comfortable demo, and about ten pages

TITLE = """^**MASTER SUPPLY AND LICENSE AGREEMENT**

This Master Supply and License Agreement (this “Agreement”) is entered into as of March 1, 2024 (the "Effective \
Date") by and between Northwind Components, Inc., a Delaware corporation with its principal offices at 400 Harbor \
Drive, Wilmington, Delaware 19801 (“Supplier”), and Bluefield Medical Systems, LLC, a California limited liability \
company with its principal offices at 88 Mission Street, San Francisco, California 94105 (the “Licensee”). Supplier \
and Licensee are each referred to as a "Party" and together as the "Parties".

^**RECITALS**

WHEREAS, Supplier designs and manufactures precision sensor assemblies and related firmware, and the Parties are \
parties to a prior supply agreement dated January 5, 2019 (the “Supply Agreement”);

WHEREAS, Licensee wishes to purchase sensor assemblies from Supplier for incorporation into its patient monitoring \
devices and to obtain a license to the related firmware, and Supplier wishes to supply and license the same, on \
the terms and conditions set forth below;

NOW, THEREFORE, in consideration of the mutual covenants contained herein, and for other good and valuable \
consideration, the receipt and sufficiency of which are hereby acknowledged, the Parties agree as follows:"""

# Each article: (title, [(section title, [paragraphs])]). A paragraph starting with "(a) " etc. is indented one
# step, "(i) " two steps. Section and article numbers are filled in when rendering.
ARTICLES: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "DEFINITIONS",
        [
            (
                "Definitions",
                [
                    "Capitalized terms used in this Agreement have the meanings set forth below or in the section "
                    "of this Agreement where they are first defined.",
                    "“Affiliate” means, with respect to a Party, any entity that directly or indirectly controls, "
                    "is controlled by, or is under common control with such Party, for so long as such control "
                    "exists.",
                    '"Change of Control" means (i) the acquisition by any person or group of beneficial ownership '
                    "of more than fifty percent (50%) of the voting securities of a Party, (ii) a merger or "
                    "consolidation of a Party with another entity, or (iii) the sale of all or substantially all of "
                    "the assets of a Party relating to this Agreement.",
                    "“Confidential Information” shall mean all non-public business, technical and financial "
                    "information disclosed by one Party to the other in connection with this Agreement, whether "
                    "orally, visually or in writing, including the Specifications and the Firmware.",
                    "“Firmware” means the embedded software supplied by Supplier for use with the Products, in "
                    "object code form, together with all updates and error corrections provided under this "
                    "Agreement.",
                    '"Intellectual Property Rights" means all patents, copyrights, trade secrets, trademarks, mask '
                    "work rights and other intellectual property rights anywhere in the world.",
                    "“Net Sales” has the meaning set forth in Section 4.3.",
                    '"Specifications" means the technical specifications for the Products set forth in Exhibit A, '
                    "as amended from time to time by written agreement of the Parties.",
                    "“Territory” means the United States of America and Canada.",
                ],
            ),
            (
                "Interpretation",
                [
                    "References in this Agreement to Articles, Sections and Exhibits are to the articles, sections "
                    "and exhibits of this Agreement unless stated otherwise. The words “include” and “including” "
                    "are deemed to be followed by the words “without limitation”. Headings are for convenience "
                    "only and do not affect the interpretation of this Agreement.",
                ],
            ),
        ],
    ),
    (
        "SUPPLY AND EXCLUSIVITY",
        [
            (
                "Supply of Products",
                [
                    "Supplier shall manufacture and supply to Licensee the sensor assemblies described in "
                    "Exhibit A (hereinafter “Products”) in accordance with the Specifications and applicable "
                    "law, and Licensee shall purchase the Products from Supplier in the quantities ordered "
                    "under Section 2.4.",
                ],
            ),
            (
                "Minimum Purchase Commitment",
                [
                    "During each calendar year of the Term, Licensee shall purchase Products with an aggregate "
                    "invoiced value of not less than two million U.S. dollars (US$2,000,000). Any shortfall shall "
                    "be invoiced to Licensee within thirty (30) days after the end of the relevant calendar year.",
                ],
            ),
            (
                "Exclusivity",
                [
                    "During the Term, Supplier shall not sell, license or otherwise make available the Products or "
                    "any substantially similar sensor assembly to any third party for use in patient monitoring "
                    "devices in the Territory. Licensee's rights under this Section 2.3 are conditioned on "
                    "Licensee meeting the minimum purchase commitment in Section 2.2.",
                ],
            ),
            (
                "Forecasts and Orders",
                [
                    "(a) Licensee shall provide Supplier, on the first business day of each calendar month, a "
                    "rolling twelve (12) month forecast of its requirements for Products.",
                    "(b) The first three (3) months of each forecast are binding on Licensee; the remaining "
                    "months are non-binding estimates made in good faith.",
                    "(c) Licensee shall order Products by written purchase orders specifying the quantity, "
                    "requested delivery date and delivery location (each, a “Purchase Order”).",
                    "(d) Supplier shall accept any Purchase Order submitted in accordance with subsection (c) "
                    "above that is consistent with the binding portion of the most recent forecast, and shall "
                    "confirm the delivery date within five (5) business days after receipt.",
                ],
            ),
        ],
    ),
    (
        "QUALITY AND WARRANTY",
        [
            (
                "Quality Control",
                [
                    "(a) Supplier shall maintain a quality management system certified to ISO 13485 throughout "
                    "the Term and shall notify Licensee promptly of any change to its manufacturing process that "
                    "could affect the Products.",
                    "(b) Licensee may inspect each shipment of Products within thirty (30) days after delivery "
                    "and may reject any Products that do not conform to the Specifications.",
                ],
            ),
            (
                "Warranty",
                [
                    "(a) Supplier warrants to Licensee that, for a period of twenty-four (24) months after "
                    "delivery, the Products will:",
                    "(i) conform to the Specifications;",
                    "(ii) be free from defects in materials and workmanship; and",
                    "(iii) be manufactured in compliance with all applicable laws and regulations.",
                    "(b) Licensee's sole remedy for a breach of the warranty in paragraph (a) of Section 3.2 "
                    "shall be, at Supplier's option, the repair or replacement of the nonconforming Products or a "
                    "refund of the price paid for them.",
                    "(c) EXCEPT AS EXPRESSLY SET FORTH IN THIS SECTION 3.2, SUPPLIER MAKES NO OTHER WARRANTIES, "
                    "EXPRESS OR IMPLIED, INCLUDING ANY WARRANTY OF MERCHANTABILITY OR FITNESS FOR A PARTICULAR "
                    "PURPOSE.",
                ],
            ),
        ],
    ),
    (
        "PRICE AND PAYMENT",
        [
            (
                "Prices",
                [
                    "The prices for the Products are set forth in Exhibit A. Supplier may increase prices once per "
                    "calendar year upon ninety (90) days' prior written notice, by no more than the percentage "
                    "increase in the Producer Price Index over the preceding twelve (12) months.",
                ],
            ),
            (
                "Payment Terms",
                [
                    "(a) Supplier shall invoice Licensee upon shipment of each order. Licensee shall pay each "
                    "undisputed invoice within thirty (30) days after the invoice date.",
                    "(b) Any amount not paid when due shall bear interest at the rate of one and one-half percent "
                    "(1.5%) per month, or the maximum rate permitted by law if lower, from the due date until "
                    "paid in full.",
                    "(c) All prices are exclusive of sales, use and value added taxes, which shall be paid by "
                    "Licensee, other than taxes on Supplier's income.",
                ],
            ),
            (
                "Royalties",
                [
                    "In consideration of the license granted in Section 6.2, Licensee shall pay Supplier a "
                    "royalty of three percent (3%) of the gross amounts invoiced by Licensee and its Affiliates "
                    "for devices incorporating the Products, less returns, credits and rebates actually granted "
                    "(“Net Sales”). Royalties are payable quarterly within forty-five (45) days after the end of "
                    "each calendar quarter, in accordance with Section 4.2(a).",
                ],
            ),
            (
                "Records and Audit",
                [
                    "Licensee shall keep complete and accurate records of its Net Sales for at least three (3) "
                    "years after the end of the year to which they relate. Supplier may, once per calendar year "
                    "and upon thirty (30) days' prior written notice, have an independent accountant audit those "
                    "records during normal business hours. If an audit reveals an underpayment of more than five "
                    "percent (5%), Licensee shall reimburse the cost of the audit and pay the shortfall with "
                    "interest under Section 4.2(b).",
                ],
            ),
        ],
    ),
    (
        "TERM AND TERMINATION",
        [
            (
                "Term and Renewal",
                [
                    "This Agreement commences on the Effective Date and continues for an initial term of five (5) "
                    "years (the “Initial Term”). Thereafter it renews automatically for successive one (1) year "
                    "periods (each, a “Renewal Term” and, together with the Initial Term, the “Term”) unless "
                    "either Party gives written notice of non-renewal at least ninety (90) days before the end of "
                    "the then-current term.",
                ],
            ),
            (
                "Termination",
                [
                    "(a) Licensee may terminate this Agreement for convenience at any time upon one hundred "
                    "eighty (180) days' prior written notice to Supplier.",
                    "(b) Either Party may terminate this Agreement upon written notice if the other Party commits "
                    "a material breach of this Agreement and fails to cure that breach within thirty (30) days "
                    "after receiving notice describing it.",
                    "(c) Either Party may terminate this Agreement immediately upon notice if the other Party "
                    "becomes insolvent, makes an assignment for the benefit of creditors, or becomes the subject "
                    "of a petition in bankruptcy. The Parties intend that the licenses granted under Article VI "
                    "are licenses of intellectual property for purposes of Section 365 of the Bankruptcy Code.",
                    "(d) Notwithstanding anything in this Section 5.2, neither Party may terminate this Agreement "
                    "for convenience during the first twelve (12) months of the Initial Term.",
                ],
            ),
            (
                "Effect of Termination",
                [
                    "Upon expiration or termination of this Agreement, Licensee shall pay all amounts accrued "
                    "under Article IV, and Supplier shall fill any Purchase Order accepted before the effective "
                    "date of termination. The obligations in Sections 2.1 through 2.4 end on termination, except "
                    "that Sections 2.1 and 2.3 continue to apply to accepted Purchase Orders. Section 4.4, "
                    "Article VII, Article VIII and Section 12.4 survive any expiration or termination.",
                ],
            ),
        ],
    ),
    (
        "INTELLECTUAL PROPERTY",
        [
            (
                "Ownership",
                [
                    "Supplier retains all right, title and interest in and to the Products, the Firmware and all "
                    "Intellectual Property Rights therein. Licensee owns all devices it develops that incorporate "
                    "the Products, excluding the Products and the Firmware themselves. Any improvement to the "
                    "Products conceived jointly by the Parties shall be owned jointly, without any duty to "
                    "account to the other Party.",
                ],
            ),
            (
                "License to Firmware",
                [
                    "Subject to the terms of this Agreement, Supplier grants Licensee a non-exclusive, "
                    "non-transferable license during the Term, without the right to sublicense except to its "
                    "Affiliates, to use and distribute the Firmware in the Territory solely as incorporated in "
                    "devices containing the Products. The license granted under Section 3 of the Supply "
                    "Agreement terminates on the Effective Date and is superseded by this Section 6.2.",
                ],
            ),
            (
                "Non-Competition",
                [
                    "During the Term and for two (2) years thereafter, Supplier shall not, directly or through an "
                    "Affiliate, develop or market in the Territory any patient monitoring device that competes "
                    "with Licensee's devices incorporating the Products.",
                ],
            ),
        ],
    ),
    (
        "CONFIDENTIALITY",
        [
            (
                "Confidentiality Obligations",
                [
                    "(a) Each Party shall hold the other Party's Confidential Information in confidence, use it "
                    "only to perform this Agreement, and disclose it only to its employees and advisers who need "
                    "to know it and are bound by obligations of confidentiality at least as protective as these.",
                    "(b) The obligations in paragraph (a) do not apply to information that:",
                    "(i) is or becomes publicly available through no fault of the receiving Party;",
                    "(ii) was lawfully known to the receiving Party before disclosure;",
                    "(iii) is independently developed without use of the Confidential Information; or",
                    "(iv) must be disclosed by law or court order, after notice to the disclosing Party.",
                ],
            ),
            (
                "Duration",
                [
                    "The obligations in this Article VII continue for five (5) years after the expiration or "
                    "termination of this Agreement, and for trade secrets for as long as they remain trade "
                    "secrets under applicable law.",
                ],
            ),
        ],
    ),
    (
        "LIABILITY AND INSURANCE",
        [
            (
                "Limitation of Liability",
                [
                    "EXCEPT FOR A BREACH OF ARTICLE VII OR A PARTY'S INDEMNIFICATION OBLIGATIONS, IN NO EVENT "
                    "SHALL EITHER PARTY BE LIABLE FOR ANY INDIRECT, INCIDENTAL, CONSEQUENTIAL OR PUNITIVE DAMAGES, "
                    "AND EACH PARTY'S TOTAL LIABILITY UNDER THIS AGREEMENT SHALL NOT EXCEED THE AMOUNTS PAID OR "
                    "PAYABLE BY LICENSEE UNDER ARTICLE IV IN THE TWELVE (12) MONTHS BEFORE THE CLAIM AROSE.",
                ],
            ),
            (
                "Indemnification",
                [
                    "Supplier shall defend, indemnify and hold harmless Licensee and its Affiliates from all "
                    "third-party claims, losses and expenses arising from a defect in the Products or an allegation "
                    "that the Products or the Firmware infringe any Intellectual Property Rights of a third "
                    "party, provided that Licensee gives prompt notice of the claim and reasonable cooperation.",
                ],
            ),
            (
                "Insurance",
                [
                    "Each Party shall maintain, during the Term and for three (3) years thereafter, commercial "
                    "general liability and product liability insurance with limits of not less than five million "
                    "U.S. dollars (US$5,000,000) per occurrence, with reputable insurers, and shall provide "
                    "certificates of insurance upon request.",
                ],
            ),
        ],
    ),
    (
        "GENERAL PROVISIONS",
        [
            (
                "Assignment and Change of Control",
                [
                    "Neither Party may assign or transfer this Agreement, by operation of law or otherwise, "
                    "without the prior written consent of the other Party, except to an Affiliate or to a "
                    "successor to all or substantially all of its business to which this Agreement relates. A "
                    "Change of Control of Supplier is deemed an assignment requiring Licensee's consent, and "
                    "Licensee may terminate this Agreement upon sixty (60) days' notice after any such Change of "
                    "Control.",
                ],
            ),
            (
                "Governing Law",
                [
                    "This Agreement is governed by the laws of the State of Delaware, without regard to its "
                    "conflict of laws rules. The state and federal courts located in Wilmington, Delaware have "
                    "exclusive jurisdiction over any dispute arising out of this Agreement.",
                ],
            ),
            (
                "Notices",
                [
                    "All notices under this Agreement shall be in writing and delivered by hand, by internationally "
                    "recognized courier or by email with confirmation of receipt, to the addresses set out in the "
                    "preamble or to such other address as a Party designates by notice.",
                ],
            ),
            (
                "Entire Agreement",
                [
                    "This Agreement, including Exhibit A, constitutes the entire agreement of the Parties on its "
                    "subject matter and supersedes all prior agreements, except that the Supply Agreement "
                    "continues to govern orders placed before the Effective Date. This Agreement may be amended "
                    "only in a writing signed by both Parties.",
                ],
            ),
            (
                "Counterparts",
                [
                    "This Agreement may be executed in counterparts, each of which is an original and all of which "
                    "together constitute one instrument. Signatures delivered electronically are binding.",
                ],
            ),
        ],
    ),
]

SIGNATURES = """IN WITNESS WHEREOF, the Parties have executed this Agreement as of the Effective Date.

NORTHWIND COMPONENTS, INC.

By: Margaret L. Chen, Chief Executive Officer

BLUEFIELD MEDICAL SYSTEMS, LLC

By: Daniel R. Ortiz, President"""

EXHIBIT = """---
^**EXHIBIT A**

^**PRODUCTS, SPECIFICATIONS AND PRICES**

1. Model NW-200 pulse oximetry sensor assembly: accuracy of plus or minus two percent (±2%) SpO2 over the range of \
70% to 100%; operating temperature 5 °C to 40 °C. Unit price: US$42.50.

2. Model NW-310 temperature sensor assembly: accuracy of plus or minus 0.1 °C over the range of 32 °C to 42 °C; \
response time under four (4) seconds. Unit price: US$18.75.

3. Model NW-450 integrated sensor hub with Firmware version 3.2 or later, supporting the communication \
protocols listed in the Specifications. Unit price: US$96.00.

4. Volume discounts: orders of more than ten thousand (10,000) units of any one model in a calendar quarter \
receive a discount of five percent (5%) on that model, applied to the invoice under Section 4.2."""

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def roman(number: int) -> str:
    """Roman numeral (enough for the long variants: up to 399)."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    tens_part = ["", "X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"][tens]
    return "C" * hundreds + tens_part + ["", *ROMAN[:9]][units]


_LONG_WORD = re.compile(r"\b[a-z]{9,}\b")


def _fits(word: str, cut: int, pattern: str) -> bool:
    before, after = pattern.split("|")
    letters = word[cut - len(before) : cut + len(after)]
    return all((letter in "aeiouy") == (kind == "V") for letter, kind in zip(letters, before + after, strict=True))


def soft_hyphenate(text: str) -> str:
    """Mark one break opportunity in the middle of long lower-case words, so wrapping hyphenates naturally."""

    def mark(match: re.Match[str]) -> str:
        word = match.group(0)
        middle = len(word) // 2
        cuts = sorted(range(3, len(word) - 2), key=lambda cut: abs(cut - middle))
        for pattern in ("VC|CV", "V|CV"):  # "infor-mation", "moni-toring"; else the middle
            for cut in cuts:
                if _fits(word, cut, pattern):
                    return word[:cut] + SOFT_HYPHEN + word[cut:]
        return word[:middle] + SOFT_HYPHEN + word[middle:]

    return _LONG_WORD.sub(mark, text)


def _indent(paragraph: str) -> str:
    if re.match(r"\((?:i|ii|iii|iv|v|vi)\) ", paragraph):
        return "    "
    if re.match(r"\([a-z]\) ", paragraph):
        return "  "
    return ""


def contract_markup(repeats: int = 1) -> str:
    """The whole contract as pdfgen markup; ``repeats`` > 1 repeats the articles with continued numbering."""
    parts = [TITLE]
    number = 0
    for _ in range(repeats):
        for title, sections in ARTICLES:
            number += 1
            parts.append(f"**ARTICLE {roman(number)}**\n\n**{title}**")
            for index, (section_title, paragraphs) in enumerate(sections, start=1):
                first, *rest = paragraphs
                label = f"{number}.{index}"
                if _indent(first):
                    parts.append(f"**{label} {section_title}.**")
                    rest = paragraphs
                else:
                    parts.append(f"**{label} {section_title}.** {soft_hyphenate(first)}")
                parts += [_indent(paragraph) + soft_hyphenate(paragraph) for paragraph in rest]
    parts += [SIGNATURES, EXHIBIT]
    return "\n\n".join(parts)


def write_sample(path: str | Path = HERE / "sample_contract.pdf") -> Path:
    return write_markup_pdf(path, contract_markup(), header=HEADER, footer=FOOTER, size=SIZE)


def write_long_contract(path: str | Path, pages: int = 100) -> Path:
    """A contract of exactly ``pages`` pages: the sample's articles repeated with continued numbering, cut to size."""
    from pdfgen import layout_markup, write_contract_pdf

    repeats = 1
    layout = layout_markup(contract_markup(repeats), size=SIZE)
    while len(layout) < pages:
        repeats = max(repeats + 1, -(-pages * repeats // len(layout)))  # pages grow about linearly with repeats
        layout = layout_markup(contract_markup(repeats), size=SIZE)
    return write_contract_pdf(path, layout[:pages], header=HEADER, footer=FOOTER)


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the demo contract PDF (or a long variant of it).")
    parser.add_argument("output", nargs="?", type=Path, default=HERE / "sample_contract.pdf")
    parser.add_argument("--pages", type=int, help="write a long variant of exactly this many pages instead")
    args = parser.parse_args()
    written = write_long_contract(args.output, args.pages) if args.pages else write_sample(args.output)
    print(f"wrote {written} ({written.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
