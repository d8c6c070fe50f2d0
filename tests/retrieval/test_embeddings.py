"""The embedding backends: the local MiniLM in ONNX and OpenAI embeddings through the real SDK."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fakes.openai_server import serve_openai

from contract_app.errors import ConfigurationError
from contract_app.retrieval.embeddings import (
    BATCH_SIZE,
    BATCH_TOKENS,
    OnnxMiniLM,
    OpenAIEmbedder,
    cpu_count,
    distinct_texts,
    load_embedder,
    token_batches,
)
from contract_app.retrieval.model_files import MODEL_NAME, locate_model_dir, quantised_model
from contract_app.settings import Settings

PAYMENT = "The Licensee shall pay the royalties within thirty days after the end of each quarter."
PAYMENT_PARAPHRASE = "Royalty payments are due from the licensee thirty days after each calendar quarter ends."
UNRELATED = "The parties shall keep the premises clean and free of snow during the winter months."


def test_minilm_vectors_are_unit_length_384_dimensional(minilm: OnnxMiniLM) -> None:
    vectors = minilm.embed([PAYMENT, UNRELATED])
    assert vectors.shape == (2, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_minilm_places_a_paraphrase_closer_than_an_unrelated_clause(minilm: OnnxMiniLM) -> None:
    payment, paraphrase, unrelated = minilm.embed([PAYMENT, PAYMENT_PARAPHRASE, UNRELATED])
    assert payment @ paraphrase > 0.6
    assert payment @ unrelated < 0.3


def test_minilm_is_deterministic_and_batching_does_not_change_a_vector(minilm: OnnxMiniLM) -> None:
    texts = [PAYMENT, "Short.", UNRELATED * 3, PAYMENT_PARAPHRASE]
    batch = minilm.embed(texts)
    singles = np.vstack([minilm.embed([text]) for text in texts])
    np.testing.assert_allclose(batch, singles, atol=1e-5)
    np.testing.assert_array_equal(minilm.embed(texts), batch)


def test_minilm_truncates_at_256_tokens(minilm: OnnxMiniLM) -> None:
    long_text = " ".join(f"clause{i % 50}" for i in range(600))  # far beyond 256 word pieces
    longer = long_text + " " + UNRELATED * 20
    first, second = minilm.embed([long_text, longer])
    np.testing.assert_allclose(first, second, atol=1e-6)


def test_model_folder_comes_from_the_setting_then_chromas_cache(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert locate_model_dir(Settings(model_dir=str(model_dir))) == model_dir
    assert locate_model_dir(Settings(model_dir=str(model_dir.parent))) == model_dir  # the folder above onnx/
    empty = tmp_path / "empty"
    empty.mkdir()
    assert locate_model_dir(Settings(model_dir=str(empty))) is None
    cache = tmp_path / ".cache/chroma/onnx_models/all-MiniLM-L6-v2/onnx"
    cache.mkdir(parents=True)
    for name in ("model.onnx", "tokenizer.json"):
        (cache / name).symlink_to(model_dir / name)
    assert locate_model_dir(Settings(model_dir=str(empty))) == cache


def test_openai_embeddings_go_through_the_sdk_and_come_back_normalised() -> None:
    with serve_openai(embedding_dim=1536) as fake:
        embedder = OpenAIEmbedder("text-embedding-3-small", "sk-test", fake.base_url, timeout=5)
        vectors = embedder.embed([PAYMENT, PAYMENT_PARAPHRASE, UNRELATED])
    body = fake.server.requests[-1].json()
    assert body["model"] == "text-embedding-3-small"
    assert body["input"] == [PAYMENT, PAYMENT_PARAPHRASE, UNRELATED]
    assert embedder.name == "text-embedding-3-small"
    assert vectors.shape == (3, embedder.dimension) == (3, 1536)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # the fake's vectors follow shared words


def test_openai_embedder_asks_an_unknown_model_for_its_dimension() -> None:
    with serve_openai(embedding_dim=64) as fake:
        embedder = OpenAIEmbedder("local-embedder", None, fake.base_url, timeout=5)
        assert embedder.dimension == 64


def test_openai_backend_without_key_or_server_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="no OpenAI API key"):
        load_embedder(Settings(embedding_backend="openai"))


def test_identical_texts_are_embedded_once_and_share_their_vector(
    minilm: OnnxMiniLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded: list[int] = []
    forward = minilm._forward
    monkeypatch.setattr(minilm, "_forward", lambda encoded: embedded.append(len(encoded)) or forward(encoded))
    vectors = minilm.embed([PAYMENT, UNRELATED, PAYMENT, PAYMENT, UNRELATED])
    assert sum(embedded) == 2
    np.testing.assert_array_equal(vectors[0], vectors[2])
    np.testing.assert_array_equal(vectors[1], vectors[4])
    np.testing.assert_allclose(vectors[:2], minilm.embed([PAYMENT, UNRELATED]), atol=1e-6)


def test_distinct_texts_keep_first_appearance_order() -> None:
    assert distinct_texts(["b", "a", "b", "c", "a"]) == (["b", "a", "c"], [0, 1, 0, 2, 1])


def test_batches_group_similar_lengths_within_the_text_and_token_limits() -> None:
    lengths = [250, 10, 250, 12, *([20] * 40), *([250] * 18)]
    batches = token_batches(lengths)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= BATCH_SIZE
        assert len(batch) * max(lengths[i] for i in batch) <= BATCH_TOKENS
    assert batches[0] == [1, 3, *range(4, 34)]  # the 32 shortest first
    assert [len(batch) for batch in batches] == [32, 10, 4, 4, 4, 4, 4]  # at most 4 x 250 word pieces: 1,024


def test_progress_counts_the_distinct_texts_embedded(minilm: OnnxMiniLM) -> None:
    seen: list[tuple[float, str]] = []
    minilm.embed([PAYMENT] * 40 + [f"Clause {n} applies." for n in range(40)], lambda f, m: seen.append((f, m)))
    assert seen[-1] == (1.0, "Embedding clauses")
    assert [fraction for fraction, _ in seen] == sorted(fraction for fraction, _ in seen)


def test_the_session_uses_every_core_the_process_may_use(minilm: OnnxMiniLM) -> None:
    assert minilm._session.get_session_options().intra_op_num_threads == cpu_count()


def test_int8_model_is_made_once_into_the_cache_and_stays_close_to_fp32(
    model_dir: Path, minilm: OnnxMiniLM, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    int8 = OnnxMiniLM(model_dir, precision="int8")
    assert int8.precision == "int8"
    assert int8.name == "all-MiniLM-L6-v2-int8"
    assert int8.model_file.parent == tmp_path / "cache" / "contract-app" / "models"
    assert not any(
        p.name.startswith(f"{MODEL_NAME}-int8") for p in model_dir.iterdir()
    )  # the model folder is left alone
    made = int8.model_file.stat().st_mtime_ns
    assert quantised_model(model_dir) == int8.model_file  # found again, not made again
    assert int8.model_file.stat().st_mtime_ns == made
    texts = [PAYMENT, PAYMENT_PARAPHRASE, UNRELATED]
    closeness = (int8.embed(texts) * minilm.embed(texts)).sum(axis=1)
    assert closeness.min() > 0.97
    payment, paraphrase, unrelated = int8.embed(texts)
    assert payment @ paraphrase > payment @ unrelated


def test_int8_falls_back_to_fp32_when_the_model_cannot_be_quantised(tmp_path: Path, model_dir: Path) -> None:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "model.onnx").write_bytes(b"not an onnx model")
    assert quantised_model(folder, cache=tmp_path / "cache") is None
    assert not list((tmp_path / "cache").glob("*.onnx"))
