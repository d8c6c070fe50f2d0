"""Claim checking on real contract language: true claims kept, false ones caught, beside the word-share baseline.

For each dev contract and each CUAD category whose gold answer is a fact (governing law, dates, renewal and notice
periods, warranty duration, parties), a claim is written from the gold answer ("The agreement is governed by
Delaware law [C1].") and cited to the retrieval chunk holding the gold clause: it is true, and the check should
keep it. The same claim with another contract's answer for that category is false, and the check should catch it.
Both checks run in the same pass: the word-share rule used before (every digit present and half the content words)
and ``verify`` (names, places, numbers, dates and durations must be in the clause). Figures by dev halves.

    .venv/bin/python benchmarks/claims.py [--limit N]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dev_corpus import CORPUS, gold_clauses, halves, master_rows

from contract_app.answering.citations import supported, verify
from contract_app.answering.locate import Locator
from contract_app.answering.prompt import SourceClause, render_chunk
from contract_app.chunking import chunk_contract
from contract_app.model import Chunk
from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS
from contract_app.structure import load_contract

TEMPLATES = {
    "Governing Law": "The agreement is governed by {} law [C1].",
    "Agreement Date": "The agreement is dated {} [C1].",
    "Effective Date": "The agreement takes effect on {} [C1].",
    "Expiration Date": "The agreement expires on {} [C1].",
    "Renewal Term": "The agreement renews for {} [C1].",
    "Notice Period to Terminate Renewal": "Notice of non-renewal must be given {} before the term ends [C1].",
    "Warranty Duration": "The warranty lasts {} [C1].",
    "Parties": "The parties are {} [C1].",
}


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[^\w$%]+", " ", text.lower()).split())


def fact(category: str, answer: str) -> str | None:
    """The gold answer as a claim would state it, or None when it is no fact (empty, "perpetual", a blank date)."""
    answer = " ".join(answer.split())
    if (
        not answer
        or "[]" in answer
        or answer.lower() in ("yes", "no", "perpetual")
        or not re.search(r"\d|[A-Z]", answer)
    ):
        return None
    if category == "Parties":
        names = [re.split(r"\s*[(“\"]", part)[0].strip(" ,") for part in answer.split(";")]
        names = [name for name in names if name]
        return " and ".join(names[:2]) if len(names) >= 2 else None
    return answer


def holding_chunk(chunks: tuple[Chunk, ...], clauses: list[str], value: str) -> Chunk | None:
    """Of the chunks holding a gold clause's opening words, the one sharing most words with the answer."""
    holding = [chunk for clause in clauses for chunk in chunks if _flat(clause)[:80] in _flat(chunk.text)]
    wanted = set(_flat(value).split())
    return max(holding, key=lambda chunk: len(wanted & set(_flat(chunk.text).split())), default=None)


def word_share_baseline(claim: str, text: str) -> bool:
    """The check before this one: every digit of the claim in the clause, and half its content words."""
    digits = set(re.findall(r"\d+", claim.split(" [")[0]))
    return digits <= set(re.findall(r"\d+", text)) and supported(claim, [text])


@dataclass
class Tally:
    true_kept: int = 0
    true_total: int = 0
    false_caught: int = 0
    false_total: int = 0

    def add(self, truth: bool, accepted: bool) -> None:
        if truth:
            self.true_total += 1
            self.true_kept += accepted
        else:
            self.false_total += 1
            self.false_caught += not accepted

    def line(self) -> str:
        kept = self.true_kept / max(self.true_total, 1)
        caught = self.false_caught / max(self.false_total, 1)
        return (
            f"true kept {self.true_kept}/{self.true_total} ({kept:.1%})  "
            f"false caught {self.false_caught}/{self.false_total} ({caught:.1%})"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N contracts (a quick look)")
    parser.add_argument("--show", action="store_true", help="print every claim the check gets wrong")
    args = parser.parse_args()
    if not (CORPUS / "pdf").is_dir():
        print(f"The dev corpus is not at {CORPUS}.", file=sys.stderr)
        return 1
    rows = master_rows()[: args.limit] if args.limit else master_rows()
    half_of = {name: half for half, names in halves(r["Filename"] for r in rows).items() for name in names}
    answers: dict[str, list[str]] = defaultdict(list)  # category -> every contract's fact, for the false claims
    for row in rows:
        for category in TEMPLATES:
            value = fact(category, row[f"{category}-Answer"])
            if value:
                answers[category].append(value)
    tallies: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for row in rows:
        path = CORPUS / "pdf" / row["Filename"]
        structure = load_contract(path)
        chunks = chunk_contract(structure, RETRIEVAL_CHUNKS)
        locator = Locator(lambda structure=structure: structure)
        for category, template in TEMPLATES.items():
            value = fact(category, row[f"{category}-Answer"])
            clauses = gold_clauses(row, category)
            chunk = holding_chunk(chunks, clauses, value) if value and clauses else None
            if chunk is None:
                continue
            source = SourceClause("C1", chunk, render_chunk(chunk))
            others = [other for other in answers[category] if _flat(other) != _flat(value)]
            wrong = others[len(answers[category]) % len(others)] if others else None
            for truth, claimed in ((True, value), (False, wrong)):
                if claimed is None:
                    continue
                claim = template.format(claimed)
                accepted = verify(claim, [source], locator).grounded
                if args.show and truth != accepted:
                    what = "true claim rejected" if truth else "false claim kept"
                    print(f"  {what}: {claim}  <- {row['Filename'][:40]}", file=sys.stderr)
                for half in (half_of[row["Filename"]], "all"):
                    tallies[("verify", half)].add(truth, accepted)
                    tallies[("word share (before)", half)].add(truth, word_share_baseline(claim, source.text))
    print(f"Claims from CUAD gold answers over {len(rows)} dev contracts (true: the gold fact; false: another's)")
    for check in ("word share (before)", "verify"):
        for half in ("A", "B", "all"):
            print(f"{check:>20}  half {half:>3}: {tallies[(check, half)].line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
