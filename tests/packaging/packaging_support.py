"""Shared by the packaging tests: a small model archive served from loopback, and running the CLI in-process."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fakes.http import FakeServer, Response, serve

from contract_app.retrieval.model_download import ModelArchive

MODEL_BYTES = os.urandom(700 * 1024)  # incompressible: the archive arrives in several chunks (cancel mid-way)
TOKENIZER = b'{"version": "1.0"}'


def model_archive_bytes() -> bytes:
    """A tar.gz laid out like Chroma's: an ``onnx/`` folder with the model and its tokenizer."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in (("onnx/model.onnx", MODEL_BYTES), ("onnx/tokenizer.json", TOKENIZER)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@dataclass
class ModelServer:
    server: FakeServer
    archive: ModelArchive  # the URL and the checksum of the good archive
    body: bytes  # what the server sends (a test may damage it)


@contextmanager
def serve_model() -> Iterator[ModelServer]:
    good = model_archive_bytes()
    fake = FakeServer(routes={})
    state = ModelServer(fake, ModelArchive(), good)
    fake.routes[("GET", "/onnx.tar.gz")] = lambda _request: Response(200, state.body)
    with serve(fake):
        state.archive = ModelArchive(f"{fake.url}/onnx.tar.gz", hashlib.sha256(good).hexdigest(), len(good))
        yield state
