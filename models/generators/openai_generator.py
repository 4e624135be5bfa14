"""OpenAIGenerator: drafts through any OpenAI-compatible chat-completions server (vLLM, TGI, llama.cpp server,
Ollama) by base URL, model name and key, with plain ``httpx``.

``generate`` sends ``stream: false``; ``stream`` sends ``stream: true`` and reads the server-sent events
(``data: {...}`` lines up to ``data: [DONE]``). Both read the body incrementally so the hard deadline
(``settings.timeout_s``) holds even against a server that trickles bytes. Connection errors, 429 and 5xx
answers are retried ``settings.retries`` times with exponential backoff (honouring a short ``Retry-After``),
but only before any text has been produced. Whatever still fails becomes the composer's draft with
``fallback_reason``. The server's tokenizer is not at hand, so the prompt budget uses an estimate of about
4 characters per token; token counts come from the server's ``usage`` when it sends one.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Generator as PyGenerator
from collections.abc import Iterator
from typing import Any

import httpx

from assistant.protocols import Generator
from assistant.settings import GeneratorSettings
from assistant.types import DraftJob
from models.generators.base import (
    Attempt,
    Deadline,
    GenerationTimeout,
    GeneratorUnavailable,
    LLMGenerator,
    approx_tokens,
)

_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
_BACKOFF_S = 0.25
_MAX_BACKOFF_S = 4.0


class ServerError(Exception):
    """A non-2xx answer; ``retryable`` for 429/5xx."""

    def __init__(self, status: int, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"server answered {status}: {detail}"[:300])
        self.status = status
        self.retryable = status in _RETRY_STATUS
        self.retry_after = retry_after


class OpenAIGenerator(LLMGenerator):
    name = "openai"

    def __init__(self, settings: GeneratorSettings, fallback: Generator, *, transport: httpx.BaseTransport | None = None) -> None:
        super().__init__(settings, fallback)
        self._transport = transport  # tests may pass httpx.MockTransport; normally the network
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self.settings.openai_model

    @property
    def url(self) -> str:
        return self.settings.openai_base_url.rstrip("/") + "/chat/completions"

    @property
    def client(self) -> httpx.Client:
        """One pooled client per generator (connections are reused between drafts)."""
        with self._client_lock:
            if self._client is None:
                headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
                key = self.settings.openai_api_key.get_secret_value()
                if key:
                    headers["Authorization"] = f"Bearer {key}"
                self._client = httpx.Client(headers=headers, transport=self._transport, follow_redirects=False)
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def payload(self, job: DraftJob, *, stream: bool) -> tuple[dict[str, Any], int]:
        """The request body and the estimated prompt tokens."""
        budget = self.settings.prompt_token_budget
        if self.settings.openai_context_size:  # leave the reply its room in a context the operator declared
            budget = min(budget, self.settings.openai_context_size - self.settings.max_new_tokens - 16)
        rendered = self.render_for(job, approx_tokens, budget, overhead=8)
        body = {
            "model": self.settings.openai_model,
            "messages": rendered.messages,
            "max_tokens": self.settings.max_new_tokens,
            "temperature": 0,  # greedy: the same job gives the same draft on servers that honour it
            "stream": stream,
        }
        if stream:  # token counts in the last event (OpenAI's option; vLLM, llama.cpp and Ollama honour it)
            body["stream_options"] = {"include_usage": True}
        return body, rendered.tokens

    # -- one attempt, with retries before the first piece -----------------------------------------------
    def _attempt(self, job: DraftJob, deadline: Deadline, *, streaming: bool) -> PyGenerator[str, None, Attempt]:
        # generate() asks for one JSON answer, stream() for server-sent events.
        body, estimate = self.payload(job, stream=streaming)
        attempt = 0
        while True:
            produced = False
            try:
                pieces = self._sse(body, deadline) if streaming else self._single(body, deadline)
                usage: dict[str, Any] = {}
                for piece in pieces:
                    if isinstance(piece, dict):
                        usage = piece
                        continue
                    produced = True
                    yield piece
                return Attempt(prompt_tokens=usage.get("prompt_tokens", estimate), completion_tokens=usage.get("completion_tokens"))
            except (httpx.TransportError, ServerError) as exc:
                retryable = isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)) or (
                    isinstance(exc, ServerError) and exc.retryable
                )
                if produced or not retryable or attempt >= self.settings.retries:
                    if isinstance(exc, httpx.TimeoutException):
                        raise GenerationTimeout(f"the server did not answer within the {deadline.timeout_s:g} s limit") from exc
                    if isinstance(exc, httpx.TransportError):
                        what = "lost the connection to" if produced else "cannot reach"
                        raise GeneratorUnavailable(f"{what} {self.url}: {type(exc).__name__} {exc}".strip()[:300]) from exc
                    raise
                wait = min(_MAX_BACKOFF_S, _BACKOFF_S * 2**attempt)
                if isinstance(exc, ServerError) and exc.retry_after is not None:
                    wait = min(_MAX_BACKOFF_S, exc.retry_after)
                if wait >= deadline.remaining():
                    raise GenerationTimeout(f"no answer within the {deadline.timeout_s:g} s limit (last: {exc})") from exc
                time.sleep(wait)
                attempt += 1

    # -- wire formats -------------------------------------------------------------------------------
    def _timeout(self, deadline: Deadline) -> httpx.Timeout:
        left = max(deadline.remaining(), 0.001)
        return httpx.Timeout(left, connect=min(left, 10.0))

    def _lines(self, response: httpx.Response, deadline: Deadline) -> Iterator[str]:
        for line in response.iter_lines():
            deadline.check("the server's reply")
            yield line

    def _open(self, body: dict[str, Any], deadline: Deadline):  # noqa: ANN202
        deadline.check("the request")
        request = self.client.build_request("POST", self.url, json=body, timeout=self._timeout(deadline))
        response = self.client.send(request, stream=True)
        if response.status_code >= 400:
            try:
                detail = response.read().decode("utf-8", "replace")[:200].strip() or response.reason_phrase
            finally:
                response.close()
            retry_after = response.headers.get("retry-after")
            raise ServerError(response.status_code, detail, float(retry_after) if retry_after and retry_after.isdigit() else None)
        return response

    def _single(self, body: dict[str, Any], deadline: Deadline) -> Iterator[str | dict]:
        response = self._open(body, deadline)
        try:
            chunks = []
            for chunk in response.iter_bytes():
                deadline.check("the server's reply")
                chunks.append(chunk)
        finally:
            response.close()
        try:
            data = json.loads(b"".join(chunks))
            text = data["choices"][0]["message"].get("content") or ""
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise GeneratorUnavailable(f"unexpected reply from {self.url}: {type(exc).__name__}") from exc
        yield text
        if isinstance(data.get("usage"), dict):
            yield data["usage"]

    def _sse(self, body: dict[str, Any], deadline: Deadline) -> Iterator[str | dict]:
        response = self._open(body, deadline)
        try:
            for line in self._lines(response, deadline):
                if not line.startswith("data:"):
                    continue  # comments (": ping"), event names and blank separators
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    event = json.loads(data)
                except ValueError as exc:
                    raise GeneratorUnavailable(f"unreadable event from {self.url}: {data[:80]!r}") from exc
                if "error" in event:
                    raise ServerError(500, str(event["error"])[:200])
                if isinstance(event.get("usage"), dict):
                    yield event["usage"]
                for choice in event.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        yield content
        finally:
            response.close()
