"""Big contracts: ingest speed and peak memory for 30-, 300- and 2,000-page contracts beside the naive baseline,
and int8 against fp32 MiniLM (speed and R@4k on both dev halves), in one run.

Contracts are generated with PyMuPDF (``tests/pdfgen.write_long_contract``: the sample contract's articles with
numbered sections, definitions and cross-references, repeated and renumbered to size). Every ingest runs in a
fresh child process with a fresh store, so its peak RSS (``VmHWM``) is the whole ingest's, interpreter included.

* project: ``Retriever.ingest`` (structure, chunks and lexical index stored: the contract is searchable) and then
  ``Retriever.fill_vectors`` (dense vectors); both times are printed, pages/s counts both.
* naive: the PDF text cut into 500-character chunks (``benchmarks/retrieval.naive_chunks``), embedded with the
  same MiniLM and stored in Chroma.

int8 vs fp32: clauses per second embedding the 300-page contract's chunk texts (interleaved, median of 3), and
R@4k on the CUAD dev contracts (the ``benchmarks/retrieval.py`` metric and questions, the project's full search),
per half (``benchmarks/dev_corpus.halves``). int8 is chosen only if R@4k stays within 0.01 on both halves.

    nice -n 10 .venv/bin/python benchmarks/big_contracts.py               # everything (about an hour on 2 cores)
    nice -n 10 .venv/bin/python benchmarks/big_contracts.py --pages 30,300 --runs 1 --skip-recall   # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

from dev_corpus import CORPUS, halves  # noqa: E402
from retrieval import PROJECT_HITS, load_contracts, recall  # noqa: E402

from contract_app.settings import Settings  # noqa: E402

DEFAULT_MODEL = REPO.parent / "shared" / "models" / "all-MiniLM-L6-v2" / "onnx"
RESULTS = REPO / "benchmarks" / "results"
PRECISIONS = ("fp32", "int8")
R4K_TOLERANCE = 0.01


# -- one ingest in a child process -----------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time this process has used so far, every thread, user and system: on a machine shared with other work
    it moves far less than wall time, so it is printed beside it."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (``VmHWM``), in MiB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def child_project(pdf: Path, model_dir: Path, precision: str) -> dict[str, Any]:
    from contract_app.retrieval import Retriever

    started = time.perf_counter()
    store = tempfile.mkdtemp(prefix="big-project-")
    retriever = Retriever(Settings(store_dir=store, model_dir=str(model_dir), embedding_precision=precision))
    result = retriever.ingest(pdf, vectors=False)
    searchable = time.perf_counter() - started
    retriever.fill_vectors(result.doc_id)
    total = time.perf_counter() - started
    return {"pages": result.pages, "chunks": result.chunks, "searchable_s": searchable, "seconds": total}


def child_naive(pdf: Path, model_dir: Path, precision: str) -> dict[str, Any]:
    import chromadb
    import pymupdf
    from chromadb.config import Settings as ChromaSettings
    from retrieval import extract_text, naive_chunks

    from contract_app.retrieval.embeddings import OnnxMiniLM

    started = time.perf_counter()
    model = OnnxMiniLM(model_dir, precision=precision)  # type: ignore[arg-type]
    texts = naive_chunks(extract_text(pdf))
    vectors = model.embed(texts)
    client = chromadb.PersistentClient(
        tempfile.mkdtemp(prefix="big-naive-"), settings=ChromaSettings(anonymized_telemetry=False)
    )
    collection = client.get_or_create_collection("naive-500", embedding_function=None)
    for start in range(0, len(texts), 256):
        collection.add(
            ids=[str(i) for i in range(start, start + len(texts[start : start + 256]))],
            embeddings=vectors[start : start + 256],
            documents=texts[start : start + 256],
        )
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
    return {"pages": pages, "chunks": len(texts), "searchable_s": None, "seconds": time.perf_counter() - started}


CHILDREN = {"project": child_project, "naive": child_naive}


def run_child(pipeline: str, pdf: Path, model_dir: Path, precision: str) -> dict[str, Any]:
    """One ingest in a fresh interpreter; its figures and its peak RSS come back as JSON on stdout."""
    command = [sys.executable, __file__, "--child", pipeline, str(pdf), "--model-dir", str(model_dir)]
    command += ["--precision", precision]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{pipeline} on {pdf.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- int8 against fp32 ---------------------------------------------------------------------------------------------


def embedding_speed(texts: Sequence[str], model_dir: Path, runs: int) -> dict[str, float]:
    """Clauses per second for each precision over the same texts, interleaved, median of ``runs``."""
    from contract_app.retrieval.embeddings import OnnxMiniLM

    models = {p: OnnxMiniLM(model_dir, precision=p) for p in PRECISIONS}  # type: ignore[arg-type]
    seconds: dict[str, list[float]] = {p: [] for p in PRECISIONS}
    for _ in range(runs):
        for precision, model in models.items():
            started = time.perf_counter()
            model.embed(texts)
            seconds[precision].append(time.perf_counter() - started)
    return {p: len(texts) / statistics.median(values) for p, values in seconds.items()}


def recall_by_precision(corpus: Path, model_dir: Path, limit: int) -> dict[str, dict[str, float]]:
    """R@4k of the project's search per dev half, for each precision (fresh stores)."""
    from contract_app.retrieval import Retriever

    contracts = load_contracts(corpus)
    if limit:
        contracts = contracts[:limit]
    half = {name: h for h, names in halves(c.path.name for c in contracts).items() for name in names}
    scores: dict[str, dict[str, list[float]]] = {}
    for precision in PRECISIONS:
        store = tempfile.mkdtemp(prefix=f"big-recall-{precision}-")
        settings = Settings(store_dir=store, model_dir=str(model_dir), embedding_precision=precision)  # type: ignore[arg-type]
        retriever = Retriever(settings)
        per_half: dict[str, list[float]] = {"A": [], "B": []}
        for number, contract in enumerate(contracts, 1):
            print(f"[{precision} {number}/{len(contracts)}] {contract.path.name[:60]}", file=sys.stderr, flush=True)
            doc_id = retriever.ingest(contract.path).doc_id  # clauses and their vectors
            for question in contract.questions:
                hits = retriever.search(doc_id, question.text, top_k=PROJECT_HITS, candidates=PROJECT_HITS)
                per_half[half[contract.path.name]].append(recall([h.chunk.text for h in hits], question.gold, 4000))
        scores[precision] = per_half
        retriever.close()
    return {
        p: {h: sum(values) / len(values) if values else 0.0 for h, values in per_half.items()}
        for p, per_half in scores.items()
    }


# -- the run -------------------------------------------------------------------------------------------------------


def contract_pdf(pages: int, folder: Path) -> Path:
    from pdfgen import write_long_contract

    path = folder / f"contract-{pages}-pages.pdf"
    if not path.is_file():
        write_long_contract(path, pages)
    return path


def chunk_texts(pdf: Path) -> list[str]:
    from contract_app.chunking import chunk_contract, text_for_embedding
    from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS
    from contract_app.structure import load_contract

    return [text_for_embedding(chunk) for chunk in chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS)]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="30,300,2000", help="contract sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="ingests per size and pipeline (median)")
    parser.add_argument("--model-dir", type=Path, default=Path(os.environ.get("CONTRACT_APP_MODEL_DIR", DEFAULT_MODEL)))
    parser.add_argument("--precision", choices=PRECISIONS, default=Settings().embedding_precision)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--recall-limit", type=int, default=0, help="only the first N dev contracts (0 = all)")
    parser.add_argument("--skip-recall", action="store_true", help="no R@4k (the slow part)")
    parser.add_argument("--skip-ingest", action="store_true", help="only int8 against fp32")
    parser.add_argument("--pdf-dir", type=Path, help="keep the generated contracts here (default: a temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("PIPELINE", "PDF"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def ingest_table(args: argparse.Namespace) -> dict[str, Any]:
    folder = args.pdf_dir or Path(tempfile.mkdtemp(prefix="big-contracts-"))
    folder.mkdir(parents=True, exist_ok=True)
    table: dict[str, Any] = {}
    for pages in (int(p) for p in args.pages.split(",")):
        pdf = contract_pdf(pages, folder)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CHILDREN}
        for run in range(args.runs):
            for name in CHILDREN:  # interleaved, so both see the same load
                print(f"[{pages} pages, run {run + 1}] {name}", file=sys.stderr, flush=True)
                runs[name].append(run_child(name, pdf, args.model_dir, args.precision))
        table[str(pages)] = {name: summarise(values) for name, values in runs.items()}
        if len(table) == 1:
            print(f"\nIngest, median of {args.runs} fresh runs (precision {args.precision}):\n")
            print(INGEST_HEADER)
        print_ingest_rows(pages, table[str(pages)])  # as soon as measured: a long run shows its figures as it goes
    return table


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    searchable = [r["searchable_s"] for r in runs if r["searchable_s"] is not None]
    return {
        "pages": runs[0]["pages"],
        "chunks": runs[0]["chunks"],
        "seconds": seconds,
        "pages_per_s": runs[0]["pages"] / seconds,
        "searchable_s": statistics.median(searchable) if searchable else None,
        "cpu_s": statistics.median(r["cpu_s"] for r in runs),
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
        "runs": len(runs),
    }


INGEST_HEADER = (
    f"{'pages':>6} {'pipeline':<9}{'chunks':>8}{'searchable s':>14}{'total s':>9}{'pages/s':>9}"
    f"{'CPU s':>8}{'pages/CPU s':>13}{'peak RSS MB':>13}{'pages/s vs naive':>18}"
)


def print_ingest_rows(pages: int, row: dict[str, Any]) -> None:
    naive = row["naive"]["pages_per_s"]
    for name, values in row.items():
        searchable = f"{values['searchable_s']:.1f}" if values["searchable_s"] is not None else "-"
        print(
            f"{pages:>6} {name:<9}{values['chunks']:>8}{searchable:>14}{values['seconds']:>9.1f}"
            f"{values['pages_per_s']:>9.2f}{values['cpu_s']:>8.1f}{values['pages'] / values['cpu_s']:>13.2f}"
            f"{values['peak_rss_mb']:>13.0f}"
            f"{values['pages_per_s'] / naive:>17.2f}x",
            flush=True,
        )


def print_report(report: dict[str, Any]) -> None:
    """int8 against fp32 (the ingest table is printed row by row while it is measured)."""
    speed = report.get("embedding_speed")
    if speed:
        print(
            f"\nEmbedding {report['speed_texts']} clauses: fp32 {speed['fp32']:.1f}/s, int8 {speed['int8']:.1f}/s "
            f"-> int8 {speed['int8'] / speed['fp32']:.2f}x"
        )
    recall_table = report.get("recall")
    if recall_table:
        print(f"\nR@4k per dev half ({report['recall_contracts']} contracts):")
        for precision, values in recall_table.items():
            print(f"  {precision:<5} A {values['A']:.3f}   B {values['B']:.3f}")
        deltas = {h: recall_table["int8"][h] - recall_table["fp32"][h] for h in ("A", "B")}
        verdict = "within" if all(abs(d) <= R4K_TOLERANCE for d in deltas.values()) else "NOT within"
        print(f"  int8 - fp32: A {deltas['A']:+.3f}, B {deltas['B']:+.3f} ({verdict} {R4K_TOLERANCE})")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        pipeline, pdf = args.child
        figures = CHILDREN[pipeline](Path(pdf), args.model_dir, args.precision)
        print(json.dumps({**figures, "peak_rss_mb": peak_rss_mb(), "cpu_s": cpu_seconds()}))
        return 0
    report: dict[str, Any] = {"precision": args.precision}
    if not args.skip_ingest:
        report["ingest"] = ingest_table(args)
    folder = args.pdf_dir or Path(tempfile.mkdtemp(prefix="big-contracts-"))
    texts = chunk_texts(contract_pdf(300, folder))
    report["speed_texts"] = len(texts)
    report["embedding_speed"] = embedding_speed(texts, args.model_dir, runs=3)
    if not args.skip_recall and (args.corpus / "pdf").is_dir():
        report["recall"] = recall_by_precision(args.corpus, args.model_dir, args.recall_limit)
        report["recall_contracts"] = args.recall_limit or len(load_contracts(args.corpus))
    print_report(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"big-contracts-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nFull results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
