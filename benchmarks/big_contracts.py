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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "tests"))

from dev_corpus import CORPUS, HALF_NAMES  # noqa: E402
from retrieval import load_contracts, pipeline_recall, project_ranker  # noqa: E402

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


def child_project(pdf: Path, model_dir: Path, precision: str, sample_pages: int) -> dict[str, Any]:
    from contract_app.retrieval import Retriever

    started = time.perf_counter()
    store = tempfile.mkdtemp(prefix="big-project-")
    retriever = Retriever(Settings(store_dir=store, model_dir=str(model_dir), embedding_precision=precision))  # type: ignore[arg-type]
    result = retriever.ingest(pdf, vectors=False)
    searchable, searchable_cpu = time.perf_counter() - started, cpu_seconds()
    retriever.fill_vectors(result.doc_id)
    total = time.perf_counter() - started
    return {
        "pages": result.pages,
        "chunks": result.chunks,
        "searchable_s": searchable,
        "searchable_cpu_s": searchable_cpu,
        "seconds": total,
        "measured_pages": result.pages,
    }


def child_naive(pdf: Path, model_dir: Path, precision: str, sample_pages: int) -> dict[str, Any]:
    """The naive pipeline: fp32 MiniLM over 500-character cuts, stored in Chroma. With ``sample_pages``, only the
    first that many pages go through it (its pages/s stand for the whole: its cost per page is flat)."""
    import chromadb
    import pymupdf
    from chromadb.config import Settings as ChromaSettings
    from retrieval import naive_chunks

    from contract_app.retrieval.embeddings import OnnxMiniLM

    started = time.perf_counter()
    model = OnnxMiniLM(model_dir, precision="fp32")
    with pymupdf.open(pdf) as doc:
        pages = doc.page_count
        measured = min(pages, sample_pages) if sample_pages else pages
        text = "\n".join(doc[number].get_text() for number in range(measured))
    texts = naive_chunks(text)
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
    return {
        "pages": pages,
        "chunks": len(texts),
        "searchable_s": None,
        "searchable_cpu_s": None,
        "seconds": time.perf_counter() - started,
        "measured_pages": measured,
    }


CHILDREN = {"project": child_project, "naive": child_naive}


def run_child(pipeline: str, pdf: Path, args: argparse.Namespace, sample_pages: int) -> dict[str, Any]:
    """One ingest in a fresh interpreter; its figures and its peak RSS come back as JSON on stdout."""
    command = [sys.executable, __file__, "--child", pipeline, str(pdf), "--model-dir", str(args.model_dir)]
    command += ["--precision", args.precision, "--naive-sample-pages", str(sample_pages)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{pipeline} on {pdf.name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- int8 against fp32 ---------------------------------------------------------------------------------------------


def embedding_speed(texts: Sequence[str], model_dir: Path, runs: int) -> dict[str, dict[str, float]]:
    """Clauses per second (wall, and per CPU second) for each precision over the same texts, interleaved, median of
    ``runs``."""
    from contract_app.retrieval.embeddings import OnnxMiniLM

    models = {p: OnnxMiniLM(model_dir, precision=p) for p in PRECISIONS}  # type: ignore[arg-type]
    seconds: dict[str, list[tuple[float, float]]] = {p: [] for p in PRECISIONS}
    for _ in range(runs):
        for precision, model in models.items():
            started, cpu = time.perf_counter(), cpu_seconds()
            model.embed(texts)
            seconds[precision].append((time.perf_counter() - started, cpu_seconds() - cpu))
    return {
        p: {
            "per_s": len(texts) / statistics.median(wall for wall, _ in values),
            "per_cpu_s": len(texts) / statistics.median(cpu for _, cpu in values),
        }
        for p, values in seconds.items()
    }


def recall_by_precision(corpus: Path, model_dir: Path, limit: int) -> dict[str, dict[str, dict[str, float]]]:
    """R@4k of the project's search (``benchmarks/retrieval.py``'s questions and metric) per question set and dev
    half, for each precision, each on a fresh store: {precision: {question set: {half: R@4k}}}."""
    from contract_app.retrieval import Retriever

    contracts = load_contracts(corpus)
    if limit:
        contracts = contracts[:limit]
    scores: dict[str, dict[str, dict[str, float]]] = {}
    for precision in PRECISIONS:
        store = tempfile.mkdtemp(prefix=f"big-recall-{precision}-")
        settings = Settings(store_dir=store, model_dir=str(model_dir), embedding_precision=precision)  # type: ignore[arg-type]
        retriever = Retriever(settings, cached_documents=len(contracts))
        print(f"[R@4k {precision}] {len(contracts)} dev contracts", file=sys.stderr, flush=True)
        recalls = pipeline_recall(project_ranker(retriever), contracts)
        retriever.close()
        summary = recalls.summary()
        scores[precision] = {
            question_set: {half: values[half]["R@4k"] for half in ("all", *HALF_NAMES)}
            for question_set, values in summary.items()
        }
    return scores


def recall_child(args: argparse.Namespace) -> subprocess.Popen[str]:
    """The R@4k comparison in a process of its own, started first and running beside the ingests: on a shared
    machine the whole run then takes about half as long (its CPU times stay exact; wall times carry the load)."""
    command = [sys.executable, __file__, "--recall-only", "--model-dir", str(args.model_dir)]
    command += ["--corpus", str(args.corpus), "--recall-limit", str(args.recall_limit)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, text=True)


# -- the run -------------------------------------------------------------------------------------------------------


def contract_pdf(pages: int, folder: Path) -> Path:
    from pdfgen import write_long_contract

    path = folder / f"contract-{pages}-pages.pdf"
    if not path.is_file():
        write_long_contract(path, pages)
    return path


def chunk_texts(pdf: Path) -> list[str]:
    from contract_app.chunking import chunk_contract
    from contract_app.retrieval.retriever import RETRIEVAL_CHUNKS, search_texts
    from contract_app.structure import load_contract

    return search_texts(chunk_contract(load_contract(pdf), RETRIEVAL_CHUNKS))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", default="30,300,2000", help="contract sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=1, help="ingests per size and pipeline (median)")
    parser.add_argument("--model-dir", type=Path, default=Path(os.environ.get("CONTRACT_APP_MODEL_DIR", DEFAULT_MODEL)))
    parser.add_argument("--precision", choices=PRECISIONS, default=Settings().embedding_precision)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--recall-limit", type=int, default=0, help="only the first N dev contracts (0 = all)")
    parser.add_argument("--skip-recall", action="store_true", help="no R@4k (the slow part)")
    parser.add_argument("--skip-ingest", action="store_true", help="only int8 against fp32")
    parser.add_argument(
        "--naive-sample-pages",
        type=int,
        default=300,
        help="the naive baseline reads only this many pages of a bigger contract (0 = all)",
    )
    parser.add_argument("--speed-texts", type=int, default=512, help="clauses embedded per precision for clauses/s")
    parser.add_argument("--pdf-dir", type=Path, help="keep the generated contracts here (default: a temp folder)")
    parser.add_argument("--child", nargs=2, metavar=("PIPELINE", "PDF"), help=argparse.SUPPRESS)
    parser.add_argument("--recall-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def collect_recall(
    report: dict[str, Any], recalling: subprocess.Popen[str], args: argparse.Namespace, wait: bool = True
) -> bool:
    """Print the R@4k comparison once its process is done (``wait``: wait for it); whether it is in ``report``."""
    if "recall" in report or (not wait and recalling.poll() is None):
        return "recall" in report
    out, _ = recalling.communicate()
    if recalling.returncode != 0:
        raise SystemExit("the R@4k comparison failed")
    report["recall"] = json.loads(out.strip().splitlines()[-1])
    report["recall_contracts"] = args.recall_limit or len(load_contracts(args.corpus))
    print_recall(report)
    return True


def ingest_table(args: argparse.Namespace, folder: Path, between_rows: Callable[[], object]) -> dict[str, Any]:
    """The ingest rows, each printed once measured; ``between_rows`` runs before each size (the R@4k comparison
    is printed as soon as it is done, so a long 2,000-page row does not hold it back)."""
    table: dict[str, Any] = {}
    for pages in (int(p) for p in args.pages.split(",")):
        between_rows()
        pdf = contract_pdf(pages, folder)
        runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CHILDREN}
        for run in range(args.runs):
            for name in CHILDREN:  # interleaved, so both see the same load
                print(f"[{pages} pages, run {run + 1}] {name}", file=sys.stderr, flush=True)
                runs[name].append(run_child(name, pdf, args, args.naive_sample_pages))
        table[str(pages)] = {name: summarise(values) for name, values in runs.items()}
        if len(table) == 1:
            print(
                f"\nIngest, median of {args.runs} fresh run(s) each (project: MiniLM {args.precision}; naive: fp32):\n"
            )
            print(INGEST_HEADER)
        print_ingest_rows(pages, table[str(pages)])  # as soon as measured: a long run shows its figures as it goes
    return table


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_s"] for r in runs)
    measured = runs[0]["measured_pages"]
    searchable = [r["searchable_s"] for r in runs if r["searchable_s"] is not None]
    searchable_cpu = [r["searchable_cpu_s"] for r in runs if r["searchable_cpu_s"] is not None]
    return {
        "pages": runs[0]["pages"],
        "measured_pages": measured,
        "chunks": runs[0]["chunks"],
        "seconds": seconds,
        "pages_per_s": measured / seconds,
        "cpu_s": cpu,
        "pages_per_cpu_s": measured / cpu,
        "searchable_s": statistics.median(searchable) if searchable else None,
        "searchable_cpu_s": statistics.median(searchable_cpu) if searchable_cpu else None,
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
        "runs": len(runs),
    }


INGEST_HEADER = (
    f"{'pages':>6} {'pipeline':<15}{'chunks':>7}{'searchable s':>13}{'(CPU s)':>8}{'total s':>9}{'CPU s':>8}"
    f"{'pages/s':>9}{'pages/CPU s':>12}{'peak RSS MB':>12}{'pages/CPU s vs naive':>21}"
)


def print_ingest_rows(pages: int, row: dict[str, Any]) -> None:
    naive = row["naive"]["pages_per_cpu_s"]
    for name, values in row.items():
        label = name if values["measured_pages"] == pages else f"{name} ({values['measured_pages']} p.)"
        searchable = f"{values['searchable_s']:.1f}" if values["searchable_s"] is not None else "-"
        searchable_cpu = f"{values['searchable_cpu_s']:.1f}" if values["searchable_cpu_s"] is not None else "-"
        print(
            f"{pages:>6} {label:<15}{values['chunks']:>7}{searchable:>13}{searchable_cpu:>8}{values['seconds']:>9.1f}"
            f"{values['cpu_s']:>8.1f}{values['pages_per_s']:>9.2f}{values['pages_per_cpu_s']:>12.2f}"
            f"{values['peak_rss_mb']:>12.0f}{values['pages_per_cpu_s'] / naive:>20.2f}x",
            flush=True,
        )


def print_speed(report: dict[str, Any]) -> None:
    """int8 against fp32: clauses per second (printed first: the ingest table takes longest)."""
    speed = report.get("embedding_speed")
    if speed:
        fp32, int8 = speed["fp32"], speed["int8"]
        print(
            f"\nEmbedding {report['speed_texts']} clauses of the 300-page contract (median of 3, interleaved):\n"
            f"  fp32 {fp32['per_s']:.1f} clauses/s, {fp32['per_cpu_s']:.1f} per CPU s\n"
            f"  int8 {int8['per_s']:.1f} clauses/s, {int8['per_cpu_s']:.1f} per CPU s"
            f"  -> int8 {int8['per_s'] / fp32['per_s']:.2f}x wall, {int8['per_cpu_s'] / fp32['per_cpu_s']:.2f}x CPU"
        )


def print_recall(report: dict[str, Any]) -> None:
    recall_table = report.get("recall")
    if recall_table:
        print(f"\nR@4k of the project's search, {report['recall_contracts']} dev contracts, by half:")
        print(f"  {'question set':<14}{'precision':<11}{'all':>7}{'A':>7}{'B':>7}")
        verdicts = []
        for question_set in recall_table["fp32"]:
            for precision in PRECISIONS:
                values = recall_table[precision][question_set]
                print(f"  {question_set:<14}{precision:<11}{values['all']:>7.3f}{values['A']:>7.3f}{values['B']:>7.3f}")
            deltas = [recall_table["int8"][question_set][h] - recall_table["fp32"][question_set][h] for h in HALF_NAMES]
            verdicts += deltas
            print(f"  {'':<14}{'int8-fp32':<11}{'':>7}{deltas[0]:>+7.3f}{deltas[1]:>+7.3f}")
        holds = all(delta >= -R4K_TOLERANCE for delta in verdicts)
        print(f"  int8 {'holds' if holds else 'does NOT hold'} R@4k within {R4K_TOLERANCE} on every half and set")


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        pipeline, pdf = args.child
        figures = CHILDREN[pipeline](Path(pdf), args.model_dir, args.precision, args.naive_sample_pages)
        print(json.dumps({**figures, "peak_rss_mb": peak_rss_mb(), "cpu_s": cpu_seconds()}))
        return 0
    if args.recall_only:
        print(json.dumps(recall_by_precision(args.corpus, args.model_dir, args.recall_limit)))
        return 0
    report: dict[str, Any] = {"precision": args.precision, "command": sys.argv}
    recalling = recall_child(args) if not args.skip_recall and (args.corpus / "pdf").is_dir() else None
    folder = args.pdf_dir or Path(tempfile.mkdtemp(prefix="big-contracts-"))
    folder.mkdir(parents=True, exist_ok=True)
    texts = chunk_texts(contract_pdf(300, folder))[: args.speed_texts]
    report["speed_texts"] = len(texts)
    report["embedding_speed"] = embedding_speed(texts, args.model_dir, runs=3)
    print_speed(report)
    if not args.skip_ingest:
        report["ingest"] = ingest_table(
            args, folder, lambda: recalling is None or collect_recall(report, recalling, args, wait=False)
        )
    if recalling is not None and "recall" not in report:
        collect_recall(report, recalling, args)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out_path = RESULTS / f"big-contracts-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nFull results: {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
