"""A fake OpenAI-compatible server on 127.0.0.1, driven through the real ``openai`` SDK.

Routes: ``POST /v1/chat/completions`` (streaming and not), ``POST /v1/embeddings`` (deterministic hashed
bag-of-words vectors, so similar texts get similar vectors), ``GET /v1/models``. Every request is recorded.

Usage::

    from fakes.openai_server import FakeOpenAI, serve_openai

    with serve_openai(reply="Texas law governs [C1].") as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0)
        client.chat.completions.create(model="fake-model", messages=[...], stream=True)
        fake.script(status=429, retry_after=0)           # the next chat call fails once with 429, then...
        fake.script(reply="The contract does not say.")  # ...the one after answers this
        fake.script(delay=2.0)                           # a slow answer (client timeouts)
        fake.reply = "default text"                      # what unscripted calls answer
        fake.responder = lambda body: "..."              # or compute the reply from the request JSON
        fake.chat_bodies                                 # parsed JSON of every chat request, in order
        fake.requests                                    # every raw request (method, path, headers, body)
        fake.first_byte_times                            # seconds from request received to first content chunk
        fake.api_key = "sk-right"                        # requests with another bearer key get 401
        fake.echo_key = True                             # error replies repeat the request's key (body + header)
        fake.ignores_stream = True                       # one JSON completion even when asked to stream
        fake.reset()                                     # back to a fresh state (share one server across tests)

Scripted entries are consumed one per chat request (first in, first out); embeddings and models are never scripted.
"""

from __future__ import annotations

import base64
import hashlib
import re
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from fakes.http import FakeServer, Request, Response, serve, sse

DEFAULT_MODEL = "fake-model"
ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_api_key",
    422: "unprocessable_entity",
    403: "permission_denied",
    404: "not_found",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "service_unavailable",
}


@dataclass
class Scripted:
    """How the fake answers one chat request."""

    reply: str | None = None  # None: use the fake's responder / default reply
    status: int = 200
    retry_after: float | None = None  # seconds, sent as Retry-After on error statuses
    delay: float = 0.0  # before the response starts (timeouts, slow first byte)
    chunk_delay: float = 0.0  # between streamed chunks (generation speed)


@dataclass
class FakeOpenAI:
    reply: str = "I don't know."
    responder: Callable[[dict[str, Any]], str] | None = None
    models: tuple[str, ...] = (DEFAULT_MODEL,)
    api_key: str | None = None  # when set, other bearer keys are rejected with 401
    echo_key: bool = False  # error replies repeat the request's Authorization header, as careless servers do
    ignores_stream: bool = False  # answers ``stream: true`` with one JSON completion, as some servers do
    embedding_dim: int = 256
    chunk_delay: float = 0.0
    server: FakeServer = field(default_factory=lambda: FakeServer(routes={}))
    first_byte_times: list[float] = field(default_factory=list)
    _queue: deque[Scripted] = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.server.routes[("POST", "/v1/chat/completions")] = self._chat
        self.server.routes[("POST", "/v1/embeddings")] = self._embeddings
        self.server.routes[("GET", "/v1/models")] = self._models

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def base_url(self) -> str:
        """What to pass as the SDK's ``base_url`` (or ``OPENAI_BASE_URL``)."""
        return f"{self.server.url}/v1"

    @property
    def requests(self) -> list[Request]:
        return self.server.requests

    @property
    def chat_bodies(self) -> list[dict[str, Any]]:
        return [r.json() for r in self.server.requests if r.path == "/v1/chat/completions"]

    def reset(self) -> None:
        """Forget requests, scripts and settings, so one running server can serve many tests."""
        with self._lock:
            self._queue.clear()
        self.server.requests.clear()
        self.first_byte_times.clear()
        self.reply, self.responder, self.api_key, self.chunk_delay = "I don't know.", None, None, 0.0
        self.echo_key = self.ignores_stream = False

    def script(
        self,
        reply: str | None = None,
        *,
        status: int = 200,
        retry_after: float | None = None,
        delay: float = 0.0,
        chunk_delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """Queue how the next ``times`` chat requests are answered."""
        with self._lock:
            for _ in range(times):
                self._queue.append(Scripted(reply, status, retry_after, delay, chunk_delay))

    def _next(self) -> Scripted:
        with self._lock:
            return self._queue.popleft() if self._queue else Scripted(chunk_delay=self.chunk_delay)

    def _rejected_key(self, request: Request) -> bool:
        if self.api_key is None:
            return False
        return _authorization(request) != f"Bearer {self.api_key}"

    def _echo(self, request: Request) -> str | None:
        return _authorization(request) if self.echo_key else None

    def _chat(self, request: Request) -> Response:
        received = time.perf_counter()
        body = request.json()
        scripted = self._next()
        if self._rejected_key(request):
            return _error(401, "Incorrect API key provided.", echo=self._echo(request))
        if scripted.status != 200:
            message = f"Scripted failure {scripted.status}."
            return _error(scripted.status, message, scripted.retry_after, scripted.delay, self._echo(request))
        text = scripted.reply
        if text is None:
            text = self.responder(body) if self.responder else self.reply
        model = body.get("model", DEFAULT_MODEL)
        headers = {"Connection": "close"} if scripted.delay else {}  # the client may have timed out meanwhile
        if not body.get("stream") or self.ignores_stream:
            return Response(200, _completion(model, text), headers, delay=scripted.delay)
        events = self._stream_events(model, text, scripted.chunk_delay, received)
        return Response(200, headers=headers, stream=sse(events), delay=scripted.delay)

    def _stream_events(self, model: str, text: str, chunk_delay: float, received: float) -> Iterator[dict[str, Any]]:
        created = int(time.time())
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": created, "model": model}

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}]}

        yield chunk({"role": "assistant", "content": ""})
        for index, piece in enumerate(tokens(text)):
            if index == 0:
                self.first_byte_times.append(time.perf_counter() - received)
            elif chunk_delay:
                time.sleep(chunk_delay)
            yield chunk({"content": piece})
        yield chunk({}, "stop")

    def _embeddings(self, request: Request) -> Response:
        if self._rejected_key(request):
            return _error(401, "Incorrect API key provided.")
        body = request.json()
        inputs = body.get("input", [])
        inputs = [inputs] if isinstance(inputs, str) else list(inputs)
        dim = int(body.get("dimensions") or self.embedding_dim)
        data = []
        for index, text in enumerate(inputs):
            vector = embed(text if isinstance(text, str) else " ".join(map(str, text)), dim)
            encoded: Any = vector
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack(f"<{dim}f", *vector)).decode()
            data.append({"object": "embedding", "index": index, "embedding": encoded})
        usage = {"prompt_tokens": sum(len(str(t).split()) for t in inputs), "total_tokens": 0}
        usage["total_tokens"] = usage["prompt_tokens"]
        return Response(200, {"object": "list", "data": data, "model": body.get("model", ""), "usage": usage})

    def _models(self, request: Request) -> Response:
        data = [{"id": name, "object": "model", "created": 0, "owned_by": "fake"} for name in self.models]
        return Response(200, {"object": "list", "data": data})


def tokens(text: str) -> list[str]:
    """Split a reply into stream deltas the way a model emits them: words with their leading whitespace."""
    return re.findall(r"\s*\S+", text) or [text]


def embed(text: str, dim: int) -> list[float]:
    """A deterministic unit vector: hashed lower-cased words, so texts sharing words point the same way."""
    vector = [0.0] * dim
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        digest = hashlib.sha256(word.encode()).digest()
        slot = int.from_bytes(digest[:4], "little") % dim
        vector[slot] += 1.0 if digest[4] & 1 else -1.0
    norm = sum(v * v for v in vector) ** 0.5
    if norm == 0:
        vector[0], norm = 1.0, 1.0
    return [v / norm for v in vector]


def _completion(model: str, text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": "stop",
                "logprobs": None,
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": len(tokens(text)), "total_tokens": len(tokens(text))},
    }


def _authorization(request: Request) -> str:
    return {k.lower(): v for k, v in request.headers.items()}.get("authorization", "")


def _error(
    status: int, message: str, retry_after: float | None = None, delay: float = 0.0, echo: str | None = None
) -> Response:
    headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
    if echo is not None:  # what some servers do: the request's credentials, back in the error
        message = f"{message} Request headers: Authorization: {echo}; api_key={echo.removeprefix('Bearer ')}"
        headers["X-Request-Authorization"] = echo
    if delay:
        headers["Connection"] = "close"  # the client may have given up: do not wait for its next request
    kind = ERROR_TYPES.get(status, "error")
    return Response(status, {"error": {"message": message, "type": kind, "code": kind}}, headers, delay=delay)


@contextmanager
def serve_openai(reply: str = "I don't know.", **options: Any) -> Iterator[FakeOpenAI]:
    """Run a ``FakeOpenAI`` on a free loopback port for the duration of the block."""
    fake = FakeOpenAI(reply=reply, **options)
    with serve(fake.server):
        yield fake
