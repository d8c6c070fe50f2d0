"""The fake OpenAI server itself, through the real SDK: what other tests rely on it for."""

from __future__ import annotations

import openai
from fakes.openai_server import FakeOpenAI


def _client(fake: FakeOpenAI) -> openai.OpenAI:
    return openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0)


def test_non_streaming_completion_returns_the_scripted_reply_then_the_default(fake_openai: FakeOpenAI):
    fake_openai.script("First.")
    client = _client(fake_openai)

    replies = [
        client.chat.completions.create(model="m", messages=[{"role": "user", "content": "q"}])
        .choices[0]
        .message.content
        for _ in range(2)
    ]

    assert replies == ["First.", "I don't know."]
    assert [body["model"] for body in fake_openai.chat_bodies] == ["m", "m"]


def test_embeddings_are_deterministic_unit_vectors_that_reflect_shared_words(fake_openai: FakeOpenAI):
    client = _client(fake_openai)
    texts = ["governing law of Texas", "Texas law of governing", "payment within thirty days"]

    first = [d.embedding for d in client.embeddings.create(model="e", input=texts, encoding_format="float").data]
    again = [d.embedding for d in client.embeddings.create(model="e", input=texts).data]  # the SDK may ask base64

    def dot(a: list[float], b: list[float]) -> float:
        return sum(x * y for x, y in zip(a, b, strict=True))

    assert [len(v) for v in first] == [256, 256, 256]
    assert all(abs(a - b) < 1e-6 for u, v in zip(first, again, strict=True) for a, b in zip(u, v, strict=True))
    assert abs(dot(first[0], first[0]) - 1.0) < 1e-6
    assert abs(dot(first[0], first[1]) - 1.0) < 1e-6
    assert dot(first[0], first[2]) < 0.5


def test_models_lists_the_served_model(fake_openai: FakeOpenAI):
    assert [m.id for m in _client(fake_openai).models.list()] == ["fake-model"]
