"""The 41 CUAD clause categories, as shipped in ``resources/cuad_categories.json``.

The names are CUAD's (benchmarks compare them verbatim); descriptions, questions, lexical cues and the calibrated
thresholds are ours. Keeping them in one data file means a threshold can be recalibrated without touching code.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from contract_app.errors import ConfigurationError
from contract_app.resources import CATEGORIES, resource_path

CATEGORIES_FILE = resource_path(CATEGORIES)  # shipped with the package: resources/ in a source checkout

AnswerKind = Literal["title", "parties", "date", "governing_law", "renewal", "notice_period", "duration", "yes_no"]


@dataclass(frozen=True)
class Cue:
    pattern: re.Pattern[str]
    weight: float


@dataclass(frozen=True)
class Category:
    name: str  # exactly as CUAD writes it
    group: str
    description: str
    question: str  # what retrieval is asked when looking for this clause
    answer: AnswerKind
    cues: tuple[Cue, ...]
    threshold: float  # a sentence scoring at least this counts as the clause
    scope: Literal["preamble", "body"] = "body"  # "preamble": only the opening of the contract is searched
    requires: tuple[str, ...] = ()  # found only beside one of these categories (an exception needs its restriction)
    asked: tuple[str, ...] = ()  # other ways people ask about it: how a question is recognised as about it

    @property
    def phrasings(self) -> tuple[str, ...]:
        """Every way the category is put as a question or described."""
        return (self.question, *self.asked, self.description)

    def score(self, sentence: str) -> float:
        """Sum of the weights of the cues the sentence matches (each cue counts once)."""
        return sum(cue.weight for cue in self.cues if cue.pattern.search(sentence))


def _cue(raw: dict[str, Any]) -> Cue:
    flags = re.DOTALL | (0 if raw.get("case_sensitive") else re.IGNORECASE)
    return Cue(re.compile(str(raw["pattern"]), flags), float(raw["weight"]))


@cache
def load_categories(path: Path = CATEGORIES_FILE) -> tuple[Category, ...]:
    """The categories in CUAD's order."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple(
            Category(
                name=item["category"],
                group=item["group"],
                description=item["description"],
                question=item["question"],
                answer=item["answer"],
                cues=tuple(_cue(cue) for cue in item["cues"]),
                threshold=float(item["threshold"]),
                scope=item.get("scope", "body"),
                requires=tuple(item.get("requires", ())),
                asked=tuple(item.get("asked", ())),
            )
            for item in data["categories"]
        )
    except (OSError, ValueError, KeyError, re.error) as error:
        raise ConfigurationError(f"The clause category list {path.name} is missing or damaged.") from error


GROUP_ORDER = (
    "Basics",
    "Term & termination",
    "Assignment & control",
    "Restrictive covenants",
    "Commercial terms",
    "IP & licensing",
    "Liability",
    "Other",
)


def unmet_requirements(categories: Sequence[Category], found: Iterable[str]) -> set[str]:
    """The categories found without any of the categories they require (which are then not found)."""
    present = set(found)
    return {c.name for c in categories if c.name in present and c.requires and not present & set(c.requires)}


def group_order(groups: Iterable[str]) -> list[str]:
    """The given group names in display order (known groups first, others after in their own order)."""
    names = list(groups)
    return sorted(
        names,
        key=lambda name: (GROUP_ORDER.index(name) if name in GROUP_ORDER else len(GROUP_ORDER), names.index(name)),
    )
