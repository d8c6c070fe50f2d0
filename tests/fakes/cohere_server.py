"""A fake Cohere API (``POST /v2/rerank``) on loopback, for driving the real ``cohere`` SDK.

It ranks documents by word overlap with the query, so a test can predict the order; ``fail_with`` makes every
call answer with an error status (429, 500), ``echo_key`` makes that error repeat the request's key, and ``delay``
makes it slow enough to time out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fakes.http import FakeServer, Request, Response, serve


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def overlap_score(query: str, document: str) -> float:
    """Share of the query's words found in the document (what the fake ranks by)."""
    wanted = _words(query)
    return len(wanted & _words(document)) / max(len(wanted), 1)


@dataclass
class CohereBehaviour:
    fail_with: int | None = None  # HTTP status to answer every rerank with
    delay: float = 0.0  # seconds before answering
    echo_key: bool = False  # a failure repeats the request's Authorization header in its body and headers
    calls: list[dict] = field(default_factory=list)


def _rerank(behaviour: CohereBehaviour, request: Request) -> Response:
    body = request.json()
    behaviour.calls.append(body)
    if behaviour.fail_with is not None:
        message = f"fake failure {behaviour.fail_with}"
        headers = {}
        if behaviour.echo_key:
            auth = {k.lower(): v for k, v in request.headers.items()}.get("authorization", "")
            message += f": invalid token in 'Authorization: {auth}'"
            headers["X-Request-Authorization"] = auth
        return Response(behaviour.fail_with, {"message": message}, headers, delay=behaviour.delay)
    scored = sorted(
        ((overlap_score(body["query"], doc), index) for index, doc in enumerate(body["documents"])),
        key=lambda pair: (-pair[0], pair[1]),
    )
    top = scored[: body.get("top_n") or len(scored)]
    results = [{"index": index, "relevance_score": score} for score, index in top]
    return Response(
        200,
        {"id": "fake-rerank", "results": results, "meta": {"billed_units": {"search_units": 1}}},
        delay=behaviour.delay,
    )


@contextmanager
def cohere_server(behaviour: CohereBehaviour | None = None) -> Iterator[tuple[FakeServer, CohereBehaviour]]:
    behaviour = behaviour or CohereBehaviour()
    fake = FakeServer(routes={("POST", "/v2/rerank"): lambda request: _rerank(behaviour, request)})
    with serve(fake) as running:
        yield running, behaviour
