"""How a lawyer names each checklist concept, and the words contracts answer in.

A lawyer asks "is there a right to terminate without cause?" or "is there an employee non-solicitation clause?";
the contract says "terminate this Agreement upon thirty days' notice" or "solicit or hire any employee". The
checklist (``resources/cuad_categories.json``) words each concept as a description and a formal question; this table
adds, per concept, short questions in the vocabulary lawyers use for it (what a query is routed by) and the terms
of art contracts use for it (what a routed query borrows). Both are written from CUAD's category descriptions and
the general vocabulary of contract practice (the clause's usual names, its elements), never from any contract's
text nor from a benchmark's questions: tests/retrieval/test_concepts.py checks that no phrasing here repeats one of
``benchmarks/lawyer_questions.json`` or ``heldout_questions.json`` (near-copies included), so both sets measure how
the table carries over to questions nobody wrote it for.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlainWords:
    asked: tuple[str, ...]  # everyday ways of asking about the concept
    contract_words: str  # the terms of art a contract uses for it


PLAIN_WORDS: dict[str, PlainWords] = {
    "Document Name": PlainWords(
        ("What is the title of the agreement?", "How is the agreement titled?"),
        "agreement title heading this agreement",
    ),
    "Parties": PlainWords(
        ("Who are the contracting parties?", "Which entities are parties to the agreement?"),
        "by and between among party parties hereinafter incorporated organized under the laws of",
    ),
    "Agreement Date": PlainWords(
        ("When was the agreement executed?", "On what date was the agreement entered into?"),
        "dated as of entered into made this day of executed",
    ),
    "Effective Date": PlainWords(
        ("What is the commencement date?", "On what date do the obligations take effect?"),
        "effective date commencement date shall become effective commence take effect",
    ),
    "Expiration Date": PlainWords(
        ("What is the duration of the initial term?", "On what date does the term expire?"),
        "term expire expiration initial term period of years remain in force until",
    ),
    "Renewal Term": PlainWords(
        ("Is there an automatic renewal provision?", "Is the term extended by an evergreen clause?"),
        "renew renewal automatically successive additional term extend extension evergreen",
    ),
    "Notice Period to Terminate Renewal": PlainWords(
        ("What notice of non-renewal is required?", "How many days before expiry must notice of non-renewal be given?"),
        "notice of non-renewal written notice prior to expiration of the then-current term elect not to renew days",
    ),
    "Governing Law": PlainWords(
        ("What is the choice of law?", "Which jurisdiction's law governs the agreement?"),
        "governed by construed in accordance with the laws of the state choice of law jurisdiction",
    ),
    "Most Favored Nation": PlainWords(
        ("Is there a most-favoured-customer clause?", "Is a party entitled to terms matching those offered to others?"),
        "most favored favourable no less favorable terms than any other customer lower price",
    ),
    "Competitive Restriction Exception": PlainWords(
        (
            "What exceptions apply to the restrictive covenants?",
            "Which activities are excluded from the non-competition or exclusivity obligations?",
        ),
        "notwithstanding except shall not prohibit nothing shall restrict exception carve-out permitted",
    ),
    "Non-Compete": PlainWords(
        ("Is there a non-competition covenant?", "Is a party restricted from engaging in a competing business?"),
        "compete competing competitive business competitor non-compete engage directly or indirectly",
    ),
    "Exclusivity": PlainWords(
        (
            "Is there an exclusive dealing obligation?",
            "Is a party required to purchase its requirements solely from the other?",
        ),
        "exclusive exclusively sole solely exclusivity requirements shall not appoint any other",
    ),
    "No-Solicit of Customers": PlainWords(
        (
            "Is there a customer non-solicitation covenant?",
            "Is a party prohibited from soliciting the other's customers?",
        ),
        "solicit induce divert customers clients accounts entice business away",
    ),
    "No-Solicit of Employees": PlainWords(
        ("Is there an employee non-solicitation clause?", "Is a party prohibited from hiring the other's personnel?"),
        "solicit hire employ recruit engage employees personnel staff induce to leave",
    ),
    "Non-Disparagement": PlainWords(
        ("Is there a non-disparagement covenant?", "Must a party refrain from making disparaging statements?"),
        "disparage disparaging derogatory negative statements reputation defame",
    ),
    "Termination for Convenience": PlainWords(
        ("Is there a right to terminate without cause?", "May a party terminate on notice for convenience?"),
        "terminate termination for convenience without cause for any reason or no reason upon days written notice",
    ),
    "Rofr/Rofo/Rofn": PlainWords(
        ("Is there a right of first refusal?", "Must an offer be made to a party before it is made to third parties?"),
        "right of first refusal first offer first negotiation match the offer before offering to any third party",
    ),
    "Change of Control": PlainWords(
        ("Is there a change of control provision?", "What are the consequences of a merger or acquisition of a party?"),
        "change of control merger acquisition acquired sale of all or substantially all assets voting securities",
    ),
    "Anti-Assignment": PlainWords(
        ("Is assignment restricted without consent?", "May the agreement be assigned to a third party?"),
        "assign assignment transfer delegate prior written consent successors and assigns void",
    ),
    "Revenue/Profit Sharing": PlainWords(
        ("Is there a royalty or revenue share?", "Must a party pay a percentage of its revenue or profits?"),
        "royalty royalties revenue share profit sharing percentage of net sales commission",
    ),
    "Price Restrictions": PlainWords(
        ("Are price increases restricted?", "Are the prices fixed for the term?"),
        "price increase adjust prices shall not increase fixed pricing pricing changes",
    ),
    "Minimum Commitment": PlainWords(
        ("Is there a minimum purchase obligation?", "Is a party bound to order a minimum quantity each period?"),
        "minimum purchase minimum order quantity commitment shall purchase at least annual minimum",
    ),
    "Volume Restriction": PlainWords(
        (
            "Are there usage thresholds that trigger additional fees?",
            "Is use beyond a volume limit subject to consent?",
        ),
        "exceed threshold additional fees excess usage volume limit cap on number of users",
    ),
    "IP Ownership Assignment": PlainWords(
        ("Is intellectual property assigned to the other party?", "Who holds title to work product and inventions?"),
        "intellectual property ownership assigns all right title and interest work product inventions owned by",
    ),
    "Joint IP Ownership": PlainWords(
        ("Is there joint ownership of intellectual property?", "How is title to jointly developed inventions held?"),
        "jointly owned joint ownership co-owned joint inventions undivided interest",
    ),
    "License Grant": PlainWords(
        ("What licence is granted?", "What is the scope of the licence grant?"),
        "grants license licence right to use non-exclusive exclusive license under",
    ),
    "Non-Transferable License": PlainWords(
        ("Is the licence non-transferable?", "May the licensee sublicense or transfer its licence?"),
        "non-transferable non-sublicensable may not sublicense transfer the license",
    ),
    "Affiliate License-Licensor": PlainWords(
        (
            "Do the licensor's affiliates grant a licence?",
            "Does the licence include intellectual property of the licensor's affiliates?",
        ),
        "licensor and its affiliates affiliates of licensor owned or controlled by licensor",
    ),
    "Affiliate License-Licensee": PlainWords(
        (
            "Does the licence extend to the licensee's affiliates?",
            "May the licensee's subsidiaries exercise the licence?",
        ),
        "licensee and its affiliates subsidiaries affiliates of licensee may use",
    ),
    "Unlimited/All-You-Can-Eat-License": PlainWords(
        ("Is there an enterprise-wide licence?", "Is the licence unlimited in users or copies?"),
        "unlimited enterprise-wide unlimited number of users copies without limitation site license",
    ),
    "Irrevocable or Perpetual License": PlainWords(
        ("Is the licence irrevocable?", "Is the licence granted in perpetuity?"),
        "irrevocable perpetual fully paid-up royalty-free in perpetuity",
    ),
    "Source Code Escrow": PlainWords(
        ("Is there a source code escrow arrangement?", "When is the escrowed source code released?"),
        "source code escrow escrow agent deposit release condition bankruptcy",
    ),
    "Post-Termination Services": PlainWords(
        ("What obligations survive termination?", "Is there a transition or wind-down period after expiry?"),
        "after termination or expiration transition wind-down survive sell-off inventory return",
    ),
    "Audit Rights": PlainWords(
        ("Is there an audit right?", "May a party inspect the other's books and records?"),
        "audit inspect examine books and records accounts premises auditor",
    ),
    "Uncapped Liability": PlainWords(
        ("Which claims are excluded from the limitation of liability?", "Is liability unlimited for certain breaches?"),
        "shall not apply to exclusion from limitation unlimited liability gross negligence willful misconduct",
    ),
    "Cap on Liability": PlainWords(
        ("Is there a limitation of liability?", "What is the maximum aggregate liability?"),
        "limitation of liability in no event liable aggregate liability shall not exceed amounts paid consequential",
    ),
    "Liquidated Damages": PlainWords(
        ("Is there a liquidated damages clause?", "Is a termination fee payable?"),
        "liquidated damages termination fee penalty break fee not a penalty reasonable estimate",
    ),
    "Warranty Duration": PlainWords(
        ("What is the warranty period?", "For how long is the product warranted against defects?"),
        "warranty period warrants free from defects months from delivery acceptance",
    ),
    "Insurance": PlainWords(
        ("What insurance coverage is required?", "Must a party maintain liability insurance?"),
        "insurance policy coverage insured liability insurance additional insured certificate",
    ),
    "Covenant Not to Sue": PlainWords(
        (
            "Is there a covenant not to sue?",
            "Is a party barred from contesting the validity of the other's intellectual property?",
        ),
        "not to sue shall not contest challenge validity claim against covenant",
    ),
    "Third Party Beneficiary": PlainWords(
        ("Are there third-party beneficiaries?", "May a non-party enforce any term of the agreement?"),
        "third party beneficiary beneficiaries no person other than the parties enforce rights",
    ),
}
"""Per checklist concept (by its name in the checklist): everyday questions about it, and contract terms for it."""
