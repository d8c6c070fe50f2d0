"""Embedding backends behind one small interface: the local MiniLM in ONNX (default) and OpenAI embeddings.

Every backend returns L2-normalised float32 rows, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from contract_app.errors import BackendError, ConfigurationError
from contract_app.progress import ProgressCallback, no_progress
from contract_app.retrieval.model_files import MODEL_NAME, locate_model_dir, quantised_model
from contract_app.secrets import redact
from contract_app.settings import Precision, Settings

MAX_TOKENS = 256
BATCH_SIZE = 32
BATCH_TOKENS = 1024
"""A batch holds at most BATCH_SIZE texts and BATCH_TOKENS padded word pieces: short texts go 32 at a time, long
ones fewer, so one batch's activations stay small (a 2,000-page contract embeds in a flat amount of memory).
onnxruntime keeps the memory of its largest batch for the session's life: over a 300-page contract's clauses, 4,096
word pieces kept 206 MB more than 1,024 did (15 MB), and 1,024 was no slower (median CPU 24.4 s against 27.0 s over
768 clauses, three interleaved runs)."""
NO_MODEL_NOTICE = (
    "No embedding model found: using lexical search only (`contract-app model download` fetches it once, or name "
    "a folder holding it in CONTRACT_APP_MODEL_DIR)."
)
EMBEDDING_MESSAGE = "Embedding clauses"


class Embedder(Protocol):
    name: str  # identifies the vector space: collections are per model

    @property
    def dimension(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...  # the exact weights: stored documents made with others are indexed again

    def embed(self, texts: Sequence[str], progress: ProgressCallback = no_progress) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


def cpu_count() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def distinct_texts(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """Each text once, and for every input the position of its text among them: identical clauses (a repeated
    boilerplate paragraph, an exhibit copied twice) are embedded once."""
    first: dict[str, int] = {}
    where = [first.setdefault(text, len(first)) for text in texts]
    return list(first), where


def token_batches(lengths: Sequence[int]) -> list[list[int]]:
    """Positions grouped into batches of similar length (sorted), each within BATCH_SIZE and BATCH_TOKENS, so a
    batch pads only to its own longest text."""
    batches: list[list[int]] = []
    current: list[int] = []
    for position in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        if current and (len(current) == BATCH_SIZE or (len(current) + 1) * lengths[position] > BATCH_TOKENS):
            batches.append(current)
            current = []
        current.append(position)
    return [*batches, current] if current else batches


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through onnxruntime: masked mean pooling, truncation at 256 tokens, padding per batch.

    One session uses every core the process may use; its threads sleep rather than spin between operators, which on
    a busy machine cost a quarter of the CPU time (46 against 62 ms per clause, ``benchmarks/big_contracts.py``).
    """

    def __init__(self, model_dir: Path, threads: int | None = None, precision: Precision = "fp32") -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        int8 = quantised_model(model_dir) if precision == "int8" else None
        self.model_file = int8 or model_dir / "model.onnx"
        self.precision: Precision = "int8" if int8 else "fp32"
        self.name = f"{MODEL_NAME}-int8" if int8 else MODEL_NAME  # int8 vectors are a space of their own
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.no_padding()  # batches are padded here, to their own longest text
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or cpu_count()
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(self.model_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self._session.get_inputs()}
        width = self._session.get_outputs()[0].shape[-1]  # a symbolic name in some exports
        self._dimension = width if isinstance(width, int) else int(self.embed(["dimension probe"]).shape[1])

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def fingerprint(self) -> str:
        from contract_app.retrieval.model_files import file_fingerprint

        return file_fingerprint(self.model_file)

    def _forward(self, encoded: Sequence[Any]) -> np.ndarray:
        width = max(len(item.ids) for item in encoded)
        ids = np.zeros((len(encoded), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, item in enumerate(encoded):
            ids[row, : len(item.ids)] = item.ids
            mask[row, : len(item.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)

    def embed(self, texts: Sequence[str], progress: ProgressCallback = no_progress) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        unique, where = distinct_texts(texts)
        encoded = self._tokenizer.encode_batch(unique)
        vectors: np.ndarray | None = None
        done = 0
        for batch in token_batches([len(item.ids) for item in encoded]):
            rows = self._forward([encoded[i] for i in batch])
            if vectors is None:
                vectors = np.zeros((len(unique), rows.shape[1]), dtype=np.float32)
            vectors[batch] = rows
            done += len(batch)
            progress(done / len(unique), EMBEDDING_MESSAGE)
        assert vectors is not None
        return vectors[where]


KNOWN_OPENAI_DIMENSIONS = {
    "text-embedding-3-small": 1536,
    "text-embedding-3-large": 3072,
    "text-embedding-ada-002": 1536,
}


class OpenAIEmbedder:
    """OpenAI embeddings (or any OpenAI-compatible server at ``base_url``)."""

    batch_size = 128

    def __init__(self, model: str, api_key: str | None, base_url: str = "", timeout: float = 60.0) -> None:
        import openai

        self.name = model
        self.fingerprint = f"{base_url or 'api.openai.com'} {model}"  # the service decides the weights behind a name
        self._key = api_key or "not-needed"
        self._client = openai.OpenAI(api_key=self._key, base_url=base_url or None, timeout=timeout)
        self._dimension = KNOWN_OPENAI_DIMENSIONS.get(model)

    @property
    def dimension(self) -> int:
        if self._dimension is None:  # an unknown model on a compatible server: ask it once
            self._dimension = int(self.embed(["dimension probe"]).shape[1])
        return self._dimension

    def embed(self, texts: Sequence[str], progress: ProgressCallback = no_progress) -> np.ndarray:
        import openai

        rows: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = [text or " " for text in texts[start : start + self.batch_size]]
            try:
                response = self._client.embeddings.create(model=self.name, input=batch)
            except openai.OpenAIError as error:
                raise BackendError(redact(f"The embedding service failed: {error}", (self._key,))) from error
            rows.extend(item.embedding for item in sorted(response.data, key=lambda item: item.index))
            progress(min(start + self.batch_size, len(texts)) / max(len(texts), 1), EMBEDDING_MESSAGE)
        if not rows:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        return normalise(np.asarray(rows, dtype=np.float32))


@lru_cache(maxsize=2)
def _onnx(model_dir: Path, precision: Precision = "fp32") -> OnnxMiniLM:
    """One warm session per model folder for the whole process (the UI and CLI share it)."""
    return OnnxMiniLM(model_dir, precision=precision)


def load_embedder(settings: Settings) -> Embedder | None:
    """The configured backend, or None when the local model is missing (the caller falls back to lexical search)."""
    if settings.embedding_backend == "openai":
        key = settings.openai_api_key()
        if not key and not settings.openai_base_url:
            raise ConfigurationError("OpenAI embeddings are selected but no OpenAI API key is set.")
        return OpenAIEmbedder(settings.openai_embedding_model, key, settings.openai_base_url, settings.request_timeout)
    folder = locate_model_dir(settings)
    return _onnx(folder.resolve(), settings.embedding_precision) if folder else None
