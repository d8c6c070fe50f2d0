"""What contracts commonly provide that the clause checklist does not cover.

Query expansion borrows the words of the checklist concept a question is closest to. A question about a subject the
checklist has no concept for ("When is the price due?") is still closest to *some* concept (Minimum Commitment),
and borrowing that concept's words ranks the wrong clause first. Routing a question against these subjects too lets
it say "none of the checklist": a question closer to one of them than to any checklist concept borrows nothing.
Each subject is named and described as the checklist describes its concepts (a name, one sentence, a formal
question), from the general vocabulary of contract practice; none is a checklist concept under another name.
"""

from __future__ import annotations

OTHER_TOPICS: dict[str, tuple[str, str]] = {
    "Payment Terms": (
        "When and how the price or fees are invoiced and paid, and interest on late payment.",
        "When is payment due and how must it be made?",
    ),
    "Delivery": (
        "How, where and when goods are shipped and delivered, and when title and risk of loss pass.",
        "When and where must the goods be delivered?",
    ),
    "Acceptance and Inspection": (
        "How delivered goods or work are inspected, accepted or rejected as nonconforming.",
        "How may the buyer inspect and reject the goods?",
    ),
    "Orders and Forecasts": (
        "How purchase orders are placed, accepted and filled, and rolling forecasts given.",
        "How are purchase orders placed and accepted?",
    ),
    "Definitions": (
        "The meaning given to the capitalised terms the contract uses.",
        "What does a defined term of this agreement mean?",
    ),
    "Confidentiality": (
        "Keeping the other party's confidential information secret and using it only for the contract.",
        "What must a party do to protect the other's confidential information?",
    ),
    "Indemnification": (
        "One party defends and holds the other harmless against third-party claims and losses.",
        "Which party indemnifies the other, and against what claims?",
    ),
    "Representations": (
        "Statements of fact each party makes: due organisation, authority, no conflicting obligations.",
        "What does each party represent about itself?",
    ),
    "Termination for Breach": (
        "Ending the contract for a material breach not cured in time, or for insolvency.",
        "Can a party terminate this agreement for breach or insolvency?",
    ),
    "Force Majeure": (
        "Excuse from performance delayed by events beyond a party's reasonable control.",
        "Is a party excused when events beyond its control prevent performance?",
    ),
    "Notices": (
        "How and where formal notices must be sent, and when they count as given.",
        "How must notices under this agreement be given?",
    ),
    "Dispute Resolution": (
        "How disputes are escalated, mediated, arbitrated or brought before which courts.",
        "How are disputes between the parties resolved, and in which forum?",
    ),
    "Taxes": (
        "Which party bears sales, use, value-added and withholding taxes.",
        "Who is responsible for taxes on the payments?",
    ),
    "Services and Deliverables": (
        "The work, services or deliverables a party must provide and the standard it must meet.",
        "What services must the provider perform?",
    ),
    "Compliance with Laws": (
        "A party must comply with applicable laws, regulations and permits in performing.",
        "Must the parties comply with applicable laws and regulations?",
    ),
    "Relationship of the Parties": (
        "The parties are independent contractors, not partners, agents or joint venturers.",
        "What is the legal relationship between the parties?",
    ),
    "Entire Agreement and Amendment": (
        "The contract is the whole agreement, and changes or waivers must be in a signed writing.",
        "How can this agreement be amended or waived?",
    ),
    "Severability": (
        "An invalid provision is severed and the rest of the contract stays in force.",
        "What happens if a provision of this agreement is held invalid?",
    ),
}
"""Name -> (what it is, the formal question about it)."""


def other_topic_phrasings() -> list[tuple[str, ...]]:
    """Per subject, the phrasings a query is compared with, built as a checklist concept's are (see ``concepts``)."""
    return [
        (f"{name}. {description} {question}", description, question, name)
        for name, (description, question) in OTHER_TOPICS.items()
    ]
