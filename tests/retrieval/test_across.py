"""Several documents' BM25 scored in one pass give each document's own scores, to the bit."""

from __future__ import annotations

import numpy as np

from contract_app.retrieval.across import JointLexical
from contract_app.retrieval.lexical import LexicalIndex

FIRST = [
    "The Supplier shall deliver the valves within thirty days.",
    "This Agreement is governed by the laws of Oregon.",
    "Neither party may assign this Agreement without consent.",
]
SECOND = [
    "Payment is due thirty days after the invoice date.",
    "",
    "The laws of the State of Nevada govern; assignment on a change of control needs consent.",
    "Confidential information stays confidential for five years.",
]


def test_one_pass_over_two_documents_gives_each_its_own_bm25_scores() -> None:
    first, second = LexicalIndex(FIRST), LexicalIndex(SECOND)
    joint = JointLexical([first, second], [0, len(FIRST)], len(FIRST) + len(SECOND))

    for query in ("governing laws of the state", "assign consent consent", "thirty days", "nothing matches zebra", ""):
        scores = joint.scores(query)
        assert np.array_equal(scores[: len(FIRST)], first.scores(query)), query
        assert np.array_equal(scores[len(FIRST) :], second.scores(query)), query
