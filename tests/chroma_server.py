"""A real ``chroma run`` server on 127.0.0.1 for server-mode tests: ``with chroma_server(folder) as url: ...``.

Import it as ``from chroma_server import chroma_server, free_port`` (``tests/`` is on ``sys.path``).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMA = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "chroma"
START_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def chroma_server(data: Path) -> Iterator[str]:
    """Start ``chroma run`` keeping its data in ``data``, yield its URL once it answers, stop it afterwards."""
    binary = CHROMA if CHROMA.exists() else shutil.which("chroma")
    assert binary, "the chroma CLI (installed with chromadb) is missing"
    port = free_port()
    server = subprocess.Popen(
        [str(binary), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(data)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("chroma run did not start") from None
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
