"""A tiny HTTP server on 127.0.0.1 for fakes of remote APIs (OpenAI, Cohere), driven through the real SDKs.

A fake is a ``Route`` table: ``(method, path) -> handler(request) -> Response``. Handlers can stream (SSE), delay,
or fail with any status, so SDK retries, timeouts and streaming are exercised for real over a socket.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"{}")


@dataclass
class Response:
    status: int = 200
    body: Any = None  # dict/list -> JSON; bytes/str as is
    headers: dict[str, str] = field(default_factory=dict)
    stream: Iterable[bytes] | None = None  # chunks written one by one (e.g. SSE events)
    delay: float = 0.0  # seconds to wait before answering (timeouts)


Handler = Callable[[Request], Response]


@dataclass
class FakeServer:
    routes: dict[tuple[str, str], Handler]
    requests: list[Request] = field(default_factory=list)
    url: str = ""

    def route(self, method: str, path: str) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            self.routes[(method, path)] = handler
            return handler

        return register


def _handler_class(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # keep test output clean
            return

        def _dispatch(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = Request(self.command, self.path.split("?")[0], dict(self.headers), self.rfile.read(length))
            server.requests.append(request)
            handler = server.routes.get((request.method, request.path))
            response = handler(request) if handler else Response(404, {"error": {"message": "no such route"}})
            if response.delay:
                time.sleep(response.delay)
            with suppress(BrokenPipeError, ConnectionResetError):
                self._write(response)

        def _write(self, response: Response) -> None:
            self.send_response(response.status)
            for key, value in response.headers.items():
                self.send_header(key, value)
            if response.stream is not None:
                self.send_header("Content-Type", response.headers.get("Content-Type", "text/event-stream"))
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for piece in response.stream:
                    self.wfile.write(f"{len(piece):X}\r\n".encode() + piece + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                return
            body = response.body
            if isinstance(body, (dict, list)):
                payload = json.dumps(body).encode()
                content_type = "application/json"
            else:
                payload = body.encode() if isinstance(body, str) else (body or b"")
                content_type = "text/plain"
            self.send_header("Content-Type", response.headers.get("Content-Type", content_type))
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_DELETE = do_PUT = _dispatch

    return _Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a timeout, a retry, a refused key) is routine here; anything else is printed."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(fake: FakeServer) -> Iterator[FakeServer]:
    """Run ``fake`` on a free loopback port for the duration of the block."""
    httpd = _Server(("127.0.0.1", 0), _handler_class(fake))
    httpd.daemon_threads = True
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()


def sse(events: Iterable[Any], done: bool = True) -> Iterator[bytes]:
    """Server-sent events as the OpenAI API streams them."""
    for event in events:
        yield f"data: {json.dumps(event)}\n\n".encode()
    if done:
        yield b"data: [DONE]\n\n"
