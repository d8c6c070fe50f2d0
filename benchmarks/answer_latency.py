"""Answer latency: offline answers after ingest, and our overhead on top of a model server's time to first token.

Offline: ``ask`` on an ingested contract for the 41 CUAD category questions (repeated), beside ``Retriever.search``
alone (the retrieval it includes), so the extractive step's own cost shows as the difference. Target: p95 <= 100 ms.

Model: ``ask`` against the fake OpenAI-compatible server (tests/fakes), which streams after a fixed first-byte
delay; the client's time to first token is compared with the server's own first-byte time (request received to
first content chunk written). Our overhead = client TTFT - server first byte (retrieval, prompt, SDK, HTTP).
Target: <= 50 ms. The bare ``ChatClient`` (no retrieval) is measured too.

    nice .venv/bin/python benchmarks/answer_latency.py [--pdf FILE] [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fakes.openai_server import serve_openai  # noqa: E402

from contract_app.answering import ChatClient, RetryPolicy, ask  # noqa: E402
from contract_app.retrieval import Retriever  # noqa: E402
from contract_app.settings import load_settings  # noqa: E402

SAMPLE = REPO / "resources" / "samples" / "sample_contract.pdf"
QUESTIONS = [c["question"] for c in json.loads((REPO / "resources" / "cuad_categories.json").read_text())["categories"]]
SERVER_FIRST_BYTE = 0.2  # seconds the fake "model" thinks before its first token
REPLY = "The agreement is governed by the laws of the State of Delaware [C1]. " * 3


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   (n={len(ordered)})"


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def offline(retriever: Retriever, doc_id: str, repeat: int) -> None:
    settings = replace(retriever.settings, answer_backend="offline")
    ask(retriever, doc_id, QUESTIONS[0], settings)  # warm caches (term statistics, structure)
    searches, answers = [], []
    for _ in range(repeat):
        for question in QUESTIONS:
            searches.append(_timed(lambda q=question: retriever.search(doc_id, q, top_k=5)))
            answers.append(_timed(lambda q=question: ask(retriever, doc_id, q, settings)))
    print("Offline answer (ask, extractive), after ingest:")
    print(f"  baseline Retriever.search  {_ms(searches)}")
    print(f"  ask (offline)              {_ms(answers)}")
    ratio = statistics.median(answers) / statistics.median(searches)
    extra = (statistics.median(answers) - statistics.median(searches)) * 1000
    print(f"  ratio ask/search (median) {ratio:.2f}x; extractive step adds {extra:.1f} ms (median)")


def with_model(retriever: Retriever, doc_id: str, repeat: int) -> None:
    with serve_openai(reply=REPLY) as fake:
        settings = replace(
            retriever.settings, answer_backend="openai", openai_base_url=fake.base_url, openai_model="fake-model"
        )
        client = ChatClient(settings, RetryPolicy(retries=0))
        runners: dict[str, Callable[[Callable[[str], None]], object]] = {
            "ChatClient.complete": lambda on_token: client.complete([{"role": "user", "content": "Hi"}], on_token),
            "ask (search+prompt+SDK)": lambda on_token: ask(retriever, doc_id, QUESTIONS[7], settings, on_token),
        }
        client_ttft: dict[str, list[float]] = {name: [] for name in runners}
        server_ttft: dict[str, list[float]] = {name: [] for name in runners}
        for _ in range(repeat * 5):
            for name, run in runners.items():
                fake.script(delay=SERVER_FIRST_BYTE)
                first: list[float] = []
                started = time.perf_counter()
                run(lambda _delta, first=first, started=started: first or first.append(time.perf_counter() - started))
                client_ttft[name].append(first[0])
                server_ttft[name].append(fake.first_byte_times[-1])
        print(
            f"Time to first token, the fake server thinking {SERVER_FIRST_BYTE * 1000:.0f} ms before its first token:"
        )
        for name in runners:
            overhead = [c - s for c, s in zip(client_ttft[name], server_ttft[name], strict=True)]
            ratio = statistics.median(client_ttft[name]) / statistics.median(server_ttft[name])
            print(f"  {name}")
            print(f"    baseline server first byte {_ms(server_ttft[name])}")
            print(f"    client time to first token {_ms(client_ttft[name])}   ratio {ratio:.2f}x")
            print(f"    our overhead               {_ms(overhead)}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Answer latency, offline and against the fake model server.")
    parser.add_argument("--pdf", type=Path, default=SAMPLE)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings = replace(load_settings(), store_dir=tempfile.mkdtemp(prefix="answer-latency-"))
    retriever = Retriever(settings)
    ingest_seconds = _timed(lambda: retriever.ingest(args.pdf))
    doc_id = retriever.ingest(args.pdf).doc_id
    print(f"{args.pdf.name}: ingested in {ingest_seconds:.2f} s; {len(retriever.chunks(doc_id))} chunks")
    print(f"Retriever notices: {'; '.join(retriever.notices) or 'none'}")
    offline(retriever, doc_id, args.repeat)
    with_model(retriever, doc_id, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
