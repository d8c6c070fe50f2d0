"""A streaming chat client for OpenAI and any OpenAI-compatible server (Ollama, LM Studio, vLLM, llama.cpp).

Every failure leaves as a ``BackendError`` whose message a lawyer can act on. Retries (429, 5xx, dropped
connections) are ours rather than the SDK's so the backoff is explicit, honours ``Retry-After`` and stays
short in tests; a retry only happens before the first token, so streamed text is never duplicated.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import openai

from contract_app.errors import BackendError
from contract_app.secrets import redact
from contract_app.settings import Settings, is_loopback

TokenCallback = Callable[[str], None]
Message = dict[str, str]

PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, but the SDK insists on one
REJECTED_KEY = "The OpenAI-compatible server rejected the API key."


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 3  # after the first attempt
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    max_wait: float = 10.0  # cap on one wait, whatever Retry-After says


def _retry_after(error: openai.APIStatusError) -> float | None:
    headers = error.response.headers
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            return max(float(value) / divisor, 0.0)
        except ValueError:
            return None
    return None


class ChatClient:
    """One configured model endpoint. ``complete`` streams a chat completion and returns the full text."""

    def __init__(self, settings: Settings, retry: RetryPolicy | None = None, api_key: str | None = None) -> None:
        self.model = settings.openai_model
        self.base_url = settings.openai_base_url or None
        self.timeout = settings.request_timeout
        self.retry = retry or RetryPolicy()
        key = api_key or settings.openai_api_key()
        if not key:
            if not self.base_url:
                raise BackendError("No OpenAI API key is set: set OPENAI_API_KEY or store a key in the settings.")
            key = PLACEHOLDER_KEY  # a self-hosted server (loopback or on the firm's network) may need none
        self._key = key
        self._client = openai.OpenAI(api_key=key, base_url=self.base_url, timeout=self.timeout, max_retries=0)

    @classmethod
    def shared(cls, settings: Settings, retry: RetryPolicy | None = None) -> ChatClient:
        """A client reused across questions: building one (HTTP pool, TLS context) costs tens of milliseconds."""
        key = settings.openai_api_key()
        return _shared_client(settings, retry or RetryPolicy(), key)

    @property
    def is_local(self) -> bool:
        return bool(self.base_url) and is_loopback(self.base_url or "")

    def complete(
        self,
        messages: Sequence[Message],
        on_token: TokenCallback | None = None,
        *,
        temperature: float = 0.0,
        max_tokens: int | None = None,
    ) -> str:
        """Stream a completion; ``on_token`` gets each text delta as it arrives. Raises ``BackendError``.

        A server that ignores ``stream`` and answers with one JSON completion gets its whole text read at once.
        """
        response = self._open_stream(messages, temperature, max_tokens)
        if not response.headers.get("content-type", "").startswith("text/event-stream"):
            text = self._whole_reply(response)
            if on_token is not None and text:
                on_token(text)
            return text
        stream = response.parse()
        parts: list[str] = []
        try:
            for event in stream:
                if not event.choices:
                    continue
                delta = event.choices[0].delta.content
                if delta:
                    parts.append(delta)
                    if on_token is not None:
                        on_token(delta)
        except openai.APITimeoutError as error:
            raise BackendError(self._timeout_message()) from error
        except openai.APIError as error:
            raise self._failure(f"The model server stopped in the middle of the answer ({error.message}).") from error
        finally:
            stream.close()
        return "".join(parts)

    def _open_stream(self, messages: Sequence[Message], temperature: float, max_tokens: int | None) -> Any:
        params: dict[str, Any] = {"model": self.model, "messages": list(messages), "stream": True}
        params["temperature"] = temperature
        if max_tokens is not None:
            params["max_tokens"] = max_tokens
        attempt = 0
        while True:
            try:
                return self._client.chat.completions.with_raw_response.create(**params)
            except openai.APITimeoutError as error:
                raise BackendError(self._timeout_message()) from error
            except (openai.RateLimitError, openai.InternalServerError, openai.APIConnectionError) as error:
                if attempt >= self.retry.retries:
                    raise self._failure(self._give_up_message(error, attempt + 1)) from error
                self._wait(error, attempt)
                attempt += 1
            except openai.APIStatusError as error:
                raise self._failure(self._status_message(error)) from error

    def _whole_reply(self, response: Any) -> str:
        """One JSON chat completion, read whole (the SDK's HTTP errors are not openai's: told apart by name)."""
        try:
            content = json.loads(response.http_response.read())["choices"][0]["message"]["content"]
        except Exception as error:
            if "Timeout" in type(error).__name__:
                raise BackendError(self._timeout_message()) from error
            where = self._where()
            raise BackendError(f"The model server at {where} sent a reply that is not a chat completion.") from error
        return content if isinstance(content, str) else ""

    def _failure(self, message: str) -> BackendError:
        """A server's words can carry the request's key (some echo headers or body back): never relay it."""
        return BackendError(redact(message, (self._key,)))

    def _wait(self, error: openai.APIError, attempt: int) -> None:
        asked = _retry_after(error) if isinstance(error, openai.APIStatusError) else None
        delay = asked if asked is not None else self.retry.backoff * (2**attempt)
        time.sleep(min(delay, self.retry.max_wait))

    def _where(self) -> str:
        return self.base_url or "api.openai.com"

    def _timeout_message(self) -> str:
        return f"The model server at {self._where()} did not answer within {self.timeout:g} seconds."

    def _give_up_message(self, error: openai.APIError, attempts: int) -> str:
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        if isinstance(error, openai.RateLimitError):
            return f"The OpenAI-compatible server is rate-limiting requests (HTTP 429) after {tries}: try again later."
        if isinstance(error, openai.APIStatusError):
            return f"The OpenAI-compatible server failed with HTTP {error.status_code} after {tries}."
        return f"Could not reach the model server at {self._where()} after {tries}."

    def _status_message(self, error: openai.APIStatusError) -> str:
        if isinstance(error, openai.AuthenticationError):
            return REJECTED_KEY
        if isinstance(error, openai.PermissionDeniedError):
            return "The OpenAI-compatible server refused the request (HTTP 403): check the key's permissions."
        if isinstance(error, openai.NotFoundError):
            return f"The model server at {self._where()} does not offer the model '{self.model}'."
        return f"The OpenAI-compatible server rejected the request (HTTP {error.status_code}): {_detail(error)}"


@lru_cache(maxsize=4)
def _shared_client(settings: Settings, retry: RetryPolicy, api_key: str | None) -> ChatClient:
    return ChatClient(settings, retry, api_key)


def _detail(error: openai.APIStatusError) -> str:
    body = error.body
    message = None
    if isinstance(body, dict):
        inner = body.get("error")
        message = body.get("message") or (inner.get("message") if isinstance(inner, dict) else None)
    return f"{message.rstrip('.')}." if isinstance(message, str) and message else "no details given."
