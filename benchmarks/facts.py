"""The clause report's one-line facts against CUAD's normalised answers, per half, beside the previous extractor.

For Governing Law, Agreement Date, Effective Date, Expiration Date and Renewal Term, each contract's stated fact (the
report's ``answer`` for that category) is compared with ``master_clauses.csv``'s ``<Category>-Answer``:

- right: CUAD gives a value and the fact states the same one (after normalising both, below);
- wrong: CUAD gives a value and the fact states another;
- missing: CUAD gives a value and the report states none;
- without basis: the report states a fact where CUAD gives none, or states one with no clause behind it.

The goal: right >= 0.85 of the values CUAD gives, and (wrong + without basis) <= 5% of the facts stated.

Normaliser (applied to CUAD's answer and to the stated fact alike):

- dates to ISO ``YYYY-MM-DD`` from ``Month D, YYYY``, ``D Month YYYY``, ``M/D/YYYY``; CUAD writes a part the contract
  leaves blank as ``[]`` (``[]/[]/2020``): only the parts it gives are compared, and a date with no year given
  (``[]/[]/[]``) is not a value. CUAD's sheet stores four 2030s years as 19xx (a spreadsheet's two-digit-year
  pivot: ``12/31/1934`` for "December 31, 2034"), so years before 1950 read as 20xx. ``perpetual`` (any case, or a
  stated "Perpetual ...") is its own value.
- Effective Date: where CUAD leaves it blank, the value is the Agreement Date's (the agreement is effective on its
  own date).
- jurisdictions to one name per place (``England and Wales`` = ``England`` = ``UK``; ``PRC`` = ``People's Republic
  of China`` = ``China``; ``Federal Republic of Germany`` = ``Germany``); CUAD's answers naming several places
  (``New York; Massachusetts``, ``British Columbia, Canada``) are right when the fact names one of them.
- renewal terms to a period in months (``successive 1 year`` = ``1-year periods`` = 12); whether the renewals are
  "successive" is not compared, since CUAD writes ``2 years`` for "additional two year periods" and ``successive 1
  year`` for "additional one-year terms" alike. ``perpetual`` is its own value; CUAD answers giving dates are
  compared as dates.

The baseline is the extractor as it was before this benchmark (``BASELINE`` commit), run from a copy of that
commit's ``contract_app`` in a child process on the same PDFs in the same run.

    .venv/bin/python benchmarks/facts.py [--baseline REV | --no-baseline] [--show wrong|missing|all]
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

from dev_corpus import CORPUS, HALF_NAMES, halves, master_rows  # noqa: E402

BASELINE = "d7e4e3c"  # the clause report's extractor before the fact rules (reports/extract.py of that commit)
FACTS = ("Governing Law", "Agreement Date", "Effective Date", "Expiration Date", "Renewal Term")
OUTCOMES = ("right", "wrong", "missing", "without basis")

# ---------------------------------------------------------------------------------------------------- normaliser

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name[:3].lower(): number for name, number in list(MONTHS.items())}
MONTHS["sept"] = 9
_NAMED_DATE = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DAY_FIRST = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}),?\s+(\d{4})\b")
_SLASHED = re.compile(r"(\[\]|\d{1,2})/(\[\]|\d{1,2})/(\[\]|\d{2}\[\]|\d{4})")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_YEAR_ONLY = re.compile(r"^\W*((?:19|20)\d\d)\b(?!\s*[-/])")  # a year stated alone: "2020 (day and month left blank)"

Date = tuple[int | None, int | None, int | None]  # year, month, day (None: left blank)


def _year(text: str) -> int | None:
    if not text.isdigit():
        return None
    year = int(text)
    return year + 100 if year < 1950 else year


def parse_date(text: str) -> Date | None:
    """The first date written in ``text`` (``None`` when it holds none, or only blanks)."""
    found: list[tuple[int, Date]] = []
    for match in _NAMED_DATE.finditer(text):
        month = MONTHS.get(match.group(1).lower())
        if month:
            found.append((match.start(), (_year(match.group(3)), month, int(match.group(2)))))
            break
    for match in _DAY_FIRST.finditer(text):
        month = MONTHS.get(match.group(2).lower())
        if month:
            found.append((match.start(), (_year(match.group(3)), month, int(match.group(1)))))
            break
    if match := _SLASHED.search(text):
        first, second = (None if part.startswith("[]") else int(part) for part in match.groups()[:2])
        if first and first > 12:  # day first (CUAD writes "31/01/2025" once)
            first, second = second, first
        found.append((match.start(), (_year(match[3]), first, second)))
    if match := _ISO.search(text):
        found.append((match.start(), (int(match.group(1)), int(match.group(2)), int(match.group(3)))))
    if not found and (match := _YEAR_ONLY.match(text)):
        found.append((0, (int(match.group(1)), None, None)))
    dates = [date for _, date in sorted(found)]
    return dates[0] if dates and dates[0][0] is not None else None


def iso(date: Date) -> str:
    return "-".join("??" if part is None else f"{part:02d}" for part in date)


_PLACE_ALIASES = {
    "england and wales": "England",
    "england": "England",
    "uk": "England",
    "united kingdom": "England",
    "the united kingdom": "England",
    "prc": "China",
    "people's republic of china": "China",
    "the people's republic of china": "China",
    "china": "China",
    "federal republic of germany": "Germany",
    "germany": "Germany",
    "massachussets": "Massachusetts",  # CUAD's spelling in one answer
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "the united states": "United States",
    "united states of america": "United States",
}


def places(text: str) -> set[str]:
    """The jurisdictions an answer names, one canonical name each."""
    names = set()
    for part in re.split(r"[;,]", text):
        part = " ".join(part.split()).strip(" .")
        if part:
            names.add(_PLACE_ALIASES.get(part.lower(), part.title()))
    return names


_PERIOD = re.compile(r"(\d+)\s*-?\s*(day|week|month|year)s?\b", re.IGNORECASE)
_PERIOD_MONTHS = {"day": 1 / 30, "week": 7 / 30, "month": 1, "year": 12}


def period_months(text: str) -> float | None:
    """The first period written in ``text``, in months (``successive 1 year`` -> 12)."""
    match = _PERIOD.search(text)
    return int(match.group(1)) * _PERIOD_MONTHS[match.group(2).lower()] if match else None


def normalise(fact: str, text: str | None) -> object:
    """One comparable value per answer (``None``: no value)."""
    if not text or not text.strip():
        return None
    if re.search(r"\bperpetu", text, re.IGNORECASE):
        return "perpetual"
    if fact == "Governing Law":
        return frozenset(places(text))
    if fact == "Renewal Term":
        months = period_months(text)
        if months is not None:
            return months
    return parse_date(text)


def same(fact: str, gold: object, stated: object) -> bool:
    if fact == "Governing Law" and isinstance(gold, frozenset) and isinstance(stated, frozenset):
        return bool(gold & stated)
    if isinstance(gold, tuple) and isinstance(stated, tuple):
        return all(g is None or g == s for g, s in zip(gold, stated, strict=True))
    return gold == stated


def gold_values(row: dict[str, str]) -> dict[str, object]:
    values = {fact: normalise(fact, row[f"{fact}-Answer"]) for fact in FACTS}
    if values["Effective Date"] is None:
        values["Effective Date"] = values["Agreement Date"]
    return values


# ---------------------------------------------------------------------------------------------- stated facts

EMITTER = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from contract_app.reports import report_from_structure
from contract_app.structure import load_contract
facts = json.loads(sys.argv[2])
out = {}
for path in sys.argv[3:]:
    report = report_from_structure(load_contract(path))
    out[Path(path).name] = {
        fact: [report.category(fact).answer, len(report.category(fact).clauses)] for fact in facts
    }
print(json.dumps(out))
"""


def stated_facts(code: Path, files: Sequence[Path]) -> dict[str, dict[str, tuple[str | None, int]]]:
    """File name -> fact -> (stated answer, clauses behind it), from the ``contract_app`` under ``code``."""
    command = [sys.executable, "-c", EMITTER, str(code), json.dumps(FACTS), *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"facts.py: the extractor under {code} failed:\n{result.stderr[-2000:]}")
    return {
        name: {fact: tuple(pair) for fact, pair in facts.items()} for name, facts in json.loads(result.stdout).items()
    }  # type: ignore[misc]


def baseline_code(revision: str, folder: Path) -> Path:
    """A copy of ``contract_app`` and ``resources`` as they were at ``revision`` (git archive, no checkout)."""
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", revision, "contract_app", "resources"], capture_output=True, check=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


# ------------------------------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Outcome:
    contract: str
    fact: str
    kind: str | None  # one of OUTCOMES, or None (CUAD has no value and none is stated)
    gold: str
    stated: str | None


def judge(rows: Iterable[dict[str, str]], stated: dict[str, dict[str, tuple[str | None, int]]]) -> list[Outcome]:
    outcomes = []
    for row in rows:
        name = row["Filename"]
        gold = gold_values(row)
        for fact in FACTS:
            answer, clauses = stated[name][fact]
            value = normalise(fact, answer)
            if answer and (gold[fact] is None or not clauses):
                kind: str | None = "without basis"
            elif gold[fact] is None:
                kind = None
            elif not answer:
                kind = "missing"
            else:
                kind = "right" if same(fact, gold[fact], value) else "wrong"
            outcomes.append(Outcome(name, fact, kind, row[f"{fact}-Answer"], answer))
    return outcomes


def tally(outcomes: Sequence[Outcome]) -> dict[str, Counter[str]]:
    table: dict[str, Counter[str]] = {fact: Counter() for fact in (*FACTS, "all")}
    for outcome in outcomes:
        if outcome.kind:
            table[outcome.fact][outcome.kind] += 1
            table["all"][outcome.kind] += 1
    return table


def cell(counts: Counter[str]) -> str:
    given = counts["right"] + counts["wrong"] + counts["missing"]
    stated = counts["right"] + counts["wrong"] + counts["without basis"]
    bad = counts["wrong"] + counts["without basis"]
    share = f"{counts['right'] / given:4.2f}" if given else "  - "
    bad_share = f"{bad / stated:4.0%}" if stated else "  - "
    return (
        f"{counts['right']:3d}/{given:<3d} {share} {counts['wrong']:3d} {counts['missing']:3d} "
        f"{counts['without basis']:3d} {bad_share:>4s}"
    )


def print_tables(results: dict[str, list[Outcome]], parts: dict[str, set[str]]) -> None:
    header = "right/CUAD  share wrong miss no-basis bad%"
    for part, members in parts.items():
        print(f"\n{part} ({len(members)} contracts)")
        print(f"{'fact':16s}" + "".join(f" | {label:^41s}" for label in results))
        print(f"{'':16s}" + "".join(f" | {header:41s}" for _ in results))
        tables = {label: tally([o for o in outcomes if o.contract in members]) for label, outcomes in results.items()}
        for fact in (*FACTS, "all"):
            print(f"{fact:16s}" + "".join(f" | {cell(table[fact]):41s}" for table in tables.values()))
    print("\nbad%: wrong + without basis, as a share of the facts stated")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the baseline extractor")
    parser.add_argument("--no-baseline", action="store_true", help="measure the current code only")
    parser.add_argument("--show", choices=("wrong", "missing", "basis", "all"), help="list these cases")
    parser.add_argument("--limit", type=int, default=None, help="only the first N contracts (a quick look)")
    args = parser.parse_args(argv)
    if not (args.corpus / "master_clauses.csv").is_file():
        sys.exit(f"facts.py: no CUAD corpus at {args.corpus}")
    rows = master_rows(args.corpus)[: args.limit]
    files = [args.corpus / "pdf" / row["Filename"] for row in rows]
    results: dict[str, list[Outcome]] = {}
    with tempfile.TemporaryDirectory(prefix="facts-baseline-") as folder:
        if not args.no_baseline:
            old = stated_facts(baseline_code(args.baseline, Path(folder)), files)
            results[f"baseline {args.baseline}"] = judge(rows, old)
    results["now"] = judge(rows, stated_facts(REPO, files))
    split = halves(row["Filename"] for row in rows)
    parts = {f"half {half}": set(split[half]) for half in HALF_NAMES} | {"all": {row["Filename"] for row in rows}}
    print_tables(results, parts)
    if args.show:
        kinds = {"wrong": {"wrong"}, "missing": {"missing"}, "basis": {"without basis"}, "all": set()}
        print()
        for outcome in results["now"]:
            if outcome.kind in kinds[args.show] or (args.show == "all" and outcome.kind):
                print(f"{outcome.kind:13s} {outcome.fact:16s} {outcome.contract[:40]:40s} "
                      f"CUAD {outcome.gold!r:24s} stated {outcome.stated!r}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
