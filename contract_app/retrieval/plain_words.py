"""How people ask about each checklist concept, and the words contracts answer in.

A client asks "can they poach our people?" or "can we walk away?"; the contract says "solicit or hire any employee"
or "terminate this Agreement upon thirty days' notice". The checklist (``resources/cuad_categories.json``) words each
concept as a description and a formal question; this table adds, per concept, everyday ways of asking about it (what
a query is routed by) and the terms of art contracts use for it (what a routed query borrows). Both are written from
what the concept means in contract practice, never from any contract's text. The everyday questions were written
with the benchmark's lawyer questions in view (several are the same sentence), so the lawyer set overstates what
they are worth: ``benchmarks/heldout_questions.json``, written afterwards, is the measure of how they carry over.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PlainWords:
    asked: tuple[str, ...]  # everyday ways of asking about the concept
    contract_words: str  # the terms of art a contract uses for it


PLAIN_WORDS: dict[str, PlainWords] = {
    "Document Name": PlainWords(
        ("What is this contract called?", "What kind of agreement is this?"),
        "agreement contract title",
    ),
    "Parties": PlainWords(
        ("Who is this contract between?", "Who are we dealing with?", "Which companies signed this?"),
        "by and between among party parties hereinafter referred to as",
    ),
    "Agreement Date": PlainWords(
        ("When was this signed?", "What date is on the contract?", "When was the deal made?"),
        "dated as of made entered into this day of",
    ),
    "Effective Date": PlainWords(
        ("When does this start?", "From when does the contract apply?", "When does it kick in?"),
        "effective date commencement shall become effective commence",
    ),
    "Expiration Date": PlainWords(
        ("When does this end?", "How long does the contract last?", "When does it run out?"),
        "term expire expiration initial term period of years continue in effect until",
    ),
    "Renewal Term": PlainWords(
        ("Does it roll over?", "Does the contract extend itself automatically?", "Can it be renewed?"),
        "renew renewal automatically successive additional term extend extension evergreen",
    ),
    "Notice Period to Terminate Renewal": PlainWords(
        ("How do we stop it rolling over?", "When must we say we don't want to renew?", "How to opt out of renewal?"),
        "notice of non-renewal written notice prior to the end of the then-current term elect not to renew days",
    ),
    "Governing Law": PlainWords(
        ("Which law applies?", "Which jurisdiction's law rules this contract?", "Whose courts and laws?"),
        "governed by construed in accordance with the laws of the state jurisdiction",
    ),
    "Most Favored Nation": PlainWords(
        (
            "Do we get the best price they give anyone?",
            "Are we guaranteed terms as good as other customers?",
            "If they give someone a better deal, do we get it too?",
        ),
        "most favored favourable no less favorable terms than any other customer best price equal or better",
    ),
    "Competitive Restriction Exception": PlainWords(
        ("What is still allowed despite the non-compete?", "Are there carve-outs from the restrictions?"),
        "notwithstanding except shall not prohibit nothing shall restrict exception carve-out",
    ),
    "Non-Compete": PlainWords(
        (
            "Can they go into business against us?",
            "Are we barred from working with competitors?",
            "Can they sell rival products?",
        ),
        "compete competing competitive business competitor non-compete engage directly or indirectly",
    ),
    "Exclusivity": PlainWords(
        ("Are we locked in to them only?", "Can they deal with anyone else?", "Are we their only supplier?"),
        "exclusive exclusively sole solely exclusivity only supplier shall not appoint any other",
    ),
    "No-Solicit of Customers": PlainWords(
        ("Can they steal our clients?", "Can they go after our customers?", "Can they take our accounts?"),
        "solicit induce divert customers clients accounts entice business away",
    ),
    "No-Solicit of Employees": PlainWords(
        ("Can they poach our people?", "Can they hire our staff away?", "Can they recruit our team?"),
        "solicit hire employ recruit engage employees personnel staff induce to leave",
    ),
    "Non-Disparagement": PlainWords(
        ("Can they badmouth us?", "Are we allowed to criticise them publicly?", "Can they say bad things about us?"),
        "disparage disparaging derogatory negative statements reputation defame",
    ),
    "Termination for Convenience": PlainWords(
        ("Can we walk away?", "Can they pull out any time?", "Can we get out of the contract without a reason?"),
        "terminate termination for convenience without cause for any reason or no reason upon days written notice",
    ),
    "Rofr/Rofo/Rofn": PlainWords(
        ("Do we get first dibs?", "Must they offer it to us before anyone else?", "Can we match a rival offer?"),
        "right of first refusal first offer first negotiation match the offer before offering to any third party",
    ),
    "Change of Control": PlainWords(
        ("What if they get bought?", "What if the company is sold or merges?", "What if new owners take over?"),
        "change of control merger acquisition acquired sale of all or substantially all assets voting securities",
    ),
    "Anti-Assignment": PlainWords(
        ("Can they hand the contract over to someone else?", "Can the deal be transferred?"),
        "assign assignment transfer delegate prior written consent successors and assigns void",
    ),
    "Revenue/Profit Sharing": PlainWords(
        ("Do we get a cut of their sales?", "Do they share the money they make?", "Is there a commission?"),
        "royalty royalties revenue share profit sharing percentage of net sales commission",
    ),
    "Price Restrictions": PlainWords(
        ("Can they put prices up?", "Are price increases limited?", "Are prices fixed?"),
        "price increase adjust prices shall not increase fixed pricing pricing changes",
    ),
    "Minimum Commitment": PlainWords(
        ("Do we have to buy a minimum amount?", "Is there a quota we must meet?", "Must we spend a set amount?"),
        "minimum purchase minimum order quantity commitment shall purchase at least annual minimum",
    ),
    "Volume Restriction": PlainWords(
        ("What if we use more than allowed?", "Are there caps on usage?", "Do we pay extra over a limit?"),
        "exceed threshold additional fees excess usage volume limit cap on number of users",
    ),
    "IP Ownership Assignment": PlainWords(
        ("Who owns what they make for us?", "Do we own the work product?", "Who keeps the rights to what is built?"),
        "intellectual property ownership assigns all right title and interest work product inventions owned by",
    ),
    "Joint IP Ownership": PlainWords(
        ("Do we own it together?", "If we develop something jointly, who owns it?", "Is anything co-owned?"),
        "jointly owned joint ownership co-owned joint inventions undivided interest",
    ),
    "License Grant": PlainWords(
        ("Are we allowed to use their technology?", "What rights do we get to use it?", "Do they let us use it?"),
        "grants license licence right to use non-exclusive exclusive license under",
    ),
    "Non-Transferable License": PlainWords(
        ("Can we pass the licence on to others?", "Can we sublicense it?", "Is the licence personal to us?"),
        "non-transferable non-sublicensable may not sublicense transfer the license",
    ),
    "Affiliate License-Licensor": PlainWords(
        ("Does the licence cover their group companies' IP?", "Do their sister companies license too?"),
        "licensor and its affiliates affiliates of licensor owned or controlled by licensor",
    ),
    "Affiliate License-Licensee": PlainWords(
        ("Can our subsidiaries use it too?", "Does the licence cover our group companies?"),
        "licensee and its affiliates subsidiaries affiliates of licensee may use",
    ),
    "Unlimited/All-You-Can-Eat-License": PlainWords(
        ("Can we use it as much as we like?", "Is usage unlimited?", "Can the whole company use it?"),
        "unlimited enterprise-wide unlimited number of users copies without limitation site license",
    ),
    "Irrevocable or Perpetual License": PlainWords(
        ("Can they take the licence back?", "Is the licence forever?", "Does our right to use it ever end?"),
        "irrevocable perpetual fully paid-up royalty-free in perpetuity",
    ),
    "Source Code Escrow": PlainWords(
        ("What if the vendor goes bust, do we get the code?", "Is the code held by a third party for us?"),
        "source code escrow escrow agent deposit release condition bankruptcy",
    ),
    "Post-Termination Services": PlainWords(
        ("What happens after it ends?", "Do they have to help us move off?", "What survives the end of the deal?"),
        "after termination or expiration transition wind-down survive sell-off inventory return",
    ),
    "Audit Rights": PlainWords(
        ("Can we check their books?", "Can we inspect their records?", "Can we look at their accounts?"),
        "audit inspect examine books and records accounts premises auditor",
    ),
    "Uncapped Liability": PlainWords(
        ("What claims have no limit?", "Where is their liability unlimited?", "What is outside the cap?"),
        "shall not apply to exclusion from limitation unlimited liability gross negligence willful misconduct",
    ),
    "Cap on Liability": PlainWords(
        ("How much can we be sued for?", "Is there a ceiling on damages?", "What's the most they'd have to pay?"),
        "limitation of liability in no event liable aggregate liability shall not exceed amounts paid consequential",
    ),
    "Liquidated Damages": PlainWords(
        ("Is there a penalty for breaking it?", "Do we pay a fee to get out early?", "Is there a fixed damages sum?"),
        "liquidated damages termination fee penalty break fee not a penalty reasonable estimate",
    ),
    "Warranty Duration": PlainWords(
        ("How long is it guaranteed?", "How long do we have to report defects?", "How long is the guarantee?"),
        "warranty period warrants free from defects months from delivery acceptance",
    ),
    "Insurance": PlainWords(
        ("Do they need to be insured?", "What cover must they carry?", "Must they have insurance?"),
        "insurance policy coverage insured liability insurance additional insured certificate",
    ),
    "Covenant Not to Sue": PlainWords(
        ("Can they challenge our patents?", "Have they promised not to sue us?", "Can they contest our IP?"),
        "not to sue shall not contest challenge validity claim against covenant",
    ),
    "Third Party Beneficiary": PlainWords(
        ("Can someone outside the contract enforce it?", "Does anyone else get rights under it?"),
        "third party beneficiary beneficiaries no person other than the parties enforce rights",
    ),
}
"""Per checklist concept (by its name in the checklist): everyday questions about it, and contract terms for it."""
