"""Embedding backends behind one small interface: the local MiniLM in ONNX (default) and OpenAI embeddings.

Every backend returns L2-normalised float32 rows, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from contract_app.errors import BackendError, ConfigurationError
from contract_app.progress import ProgressCallback, no_progress
from contract_app.secrets import redact
from contract_app.settings import Settings

MAX_TOKENS = 256
BATCH_SIZE = 32
NO_MODEL_NOTICE = "No embedding model found: using lexical search only."


class Embedder(Protocol):
    name: str  # identifies the vector space: collections are per model

    @property
    def dimension(self) -> int: ...

    def embed(self, texts: Sequence[str], progress: ProgressCallback = no_progress) -> np.ndarray: ...


def normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.clip(norms, 1e-12, None)).astype(np.float32)


class OnnxMiniLM:
    """all-MiniLM-L6-v2 through onnxruntime: masked mean pooling, truncation at 256 tokens, padding per batch.

    Texts are sorted by length before batching so a batch pads only to its own longest text.
    """

    name = "all-MiniLM-L6-v2"

    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        self.model_dir = model_dir
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest, not a fixed length
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self._session.get_inputs()}
        width = self._session.get_outputs()[0].shape[-1]  # a symbolic name in some exports
        self._dimension = width if isinstance(width, int) else int(self._forward(["dimension probe"]).shape[1])

    @property
    def dimension(self) -> int:
        return self._dimension

    def _forward(self, texts: Sequence[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(list(texts))
        ids = np.array([item.ids for item in encoded], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, {k: v for k, v in feeds.items() if k in self._inputs})[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return normalise(pooled)

    def embed(self, texts: Sequence[str], progress: ProgressCallback = no_progress) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        result = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            result[batch] = self._forward([texts[i] for i in batch])
            progress(min(start + BATCH_SIZE, len(order)) / len(order), "Embedding clauses")
        return result


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
            progress(min(start + self.batch_size, len(texts)) / max(len(texts), 1), "Embedding clauses")
        if not rows:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        return normalise(np.asarray(rows, dtype=np.float32))


@lru_cache(maxsize=2)
def _onnx(model_dir: Path) -> OnnxMiniLM:
    """One warm session per model folder for the whole process (the UI and CLI share it)."""
    return OnnxMiniLM(model_dir)


def load_embedder(settings: Settings) -> Embedder | None:
    """The configured backend, or None when the local model is missing (the caller falls back to lexical search)."""
    if settings.embedding_backend == "openai":
        key = settings.openai_api_key()
        if not key and not settings.openai_base_url:
            raise ConfigurationError("OpenAI embeddings are selected but no OpenAI API key is set.")
        return OpenAIEmbedder(settings.openai_embedding_model, key, settings.openai_base_url, settings.request_timeout)
    from contract_app.retrieval.model_files import locate_model_dir

    folder = locate_model_dir(settings)
    return _onnx(folder.resolve()) if folder else None
