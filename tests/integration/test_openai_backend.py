"""The openai backend against a small OpenAI-compatible server started on 127.0.0.1 in the test."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import SecretStr

from assistant.settings import GeneratorSettings
from models.generators.base import collect
from models.generators.openai_generator import OpenAIGenerator
from models.generators.scripted import ScriptedGenerator
from tests.unit.test_generator_contract import GeneratorContract, make_job

pytestmark = pytest.mark.integration

FALLBACK_TEXT = "Composer draft: I will check this for you."


def reply_for(body: dict) -> str:
    """The server's deterministic answer: it depends on the request, so a test can tell requests apart."""
    user = body["messages"][-1]["content"]
    name = "Maya" if "Maya" in user else "there"
    return f"Hi {name}, you can ask for a free replacement within 14 days [1]. I'll arrange it today."


class FakeServer:
    """OpenAI-compatible /v1/chat/completions. ``script`` holds actions for the next requests:
    ("status", code), ("sleep", seconds), ("stall_after_first", seconds), ("garbage", None); then normal replies."""

    def __init__(self) -> None:
        self.script: deque[tuple[str, object]] = deque()
        self.requests: list[tuple[dict, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # noqa: ANN002 - keep test output quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append((body, dict(self.headers)))
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": "not found"})
                action, arg = server.script.popleft() if server.script else ("ok", None)
                if action == "status":
                    return self._send(int(arg), {"error": {"message": "boom"}})
                if action == "sleep":
                    time.sleep(float(arg))
                if action == "garbage":
                    return self._raw(200, b"this is not json", "application/json")
                text = reply_for(body)
                if not body.get("stream"):
                    return self._send(200, {
                        "id": "c1", "object": "chat.completion", "model": body["model"],
                        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
                        "usage": {"prompt_tokens": 321, "completion_tokens": 17, "total_tokens": 338},
                    })
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                words = text.split(" ")
                pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
                self._event({"choices": [{"index": 0, "delta": {"role": "assistant"}}]})
                self.wfile.write(b": keep-alive comment\n\n")
                for i, piece in enumerate(pieces):
                    self._event({"choices": [{"index": 0, "delta": {"content": piece}}]})
                    if i == 0 and action == "stall_after_first":
                        time.sleep(float(arg))
                        return
                self._event({"choices": [], "usage": {"prompt_tokens": 321, "completion_tokens": len(pieces)}})
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

            def _event(self, data: dict) -> None:
                self.wfile.write(f"data: {json.dumps(data)}\n\n".encode())
                self.wfile.flush()

            def _send(self, status: int, data: dict) -> None:
                self._raw(status, json.dumps(data).encode(), "application/json")

            def _raw(self, status: int, payload: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:  # noqa: ANN001 - clients hang up on purpose
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():  # noqa: ANN201
    srv = FakeServer()
    yield srv
    srv.stop()


@pytest.fixture
def fallback() -> ScriptedGenerator:
    return ScriptedGenerator(lambda job: FALLBACK_TEXT, name="composer", model_id="composer-v1")


def make_generator(server: FakeServer, fallback: ScriptedGenerator, **overrides) -> OpenAIGenerator:
    settings = GeneratorSettings(
        backend="openai", openai_base_url=server.base_url, openai_model="tiny-chat", openai_api_key=SecretStr("sk-test"),
        timeout_s=overrides.pop("timeout_s", 10.0), retries=overrides.pop("retries", 2),
        prompt_version=overrides.pop("prompt_version", "v1"), **overrides,  # the wire format these tests read
    )
    return OpenAIGenerator(settings, fallback)


class TestOpenAIContract(GeneratorContract):
    cites_only_given_sources = False  # the fake server always cites [1]
    @pytest.fixture
    def generator(self, server, fallback):  # noqa: ANN001, ANN201
        return make_generator(server, fallback)


def test_generate_sends_a_chat_completion_and_reads_usage(server, fallback) -> None:  # noqa: ANN001
    gen = make_generator(server, fallback, max_new_tokens=77)
    generation = gen.generate(make_job())
    assert generation.text == reply_for(server.requests[0][0])
    assert generation.fallback_reason is None and fallback.jobs == []
    assert generation.model_id == "tiny-chat" and generation.prompt_version == "v1"
    assert (generation.prompt_tokens, generation.completion_tokens) == (321, 17)
    body, headers = server.requests[0]
    assert body["model"] == "tiny-chat" and body["stream"] is False and body["max_tokens"] == 77 and body["temperature"] == 0
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert "[1] Damaged or wrong items" in body["messages"][1]["content"]
    assert headers["Authorization"] == "Bearer sk-test"


def test_stream_reads_server_sent_events(server, fallback) -> None:  # noqa: ANN001
    gen = make_generator(server, fallback)
    pieces, generation = collect(gen.stream(make_job()))
    assert server.requests[0][0]["stream"] is True
    assert len(pieces) > 5 and "".join(pieces) == reply_for(server.requests[0][0])
    assert generation.text == "".join(pieces) and generation.fallback_reason is None
    assert generation.prompt_tokens == 321 and generation.completion_tokens == len(pieces)


def test_a_server_error_is_retried(server, fallback) -> None:  # noqa: ANN001
    server.script.extend([("status", 500), ("status", 503)])
    generation = make_generator(server, fallback, retries=2).generate(make_job())
    assert len(server.requests) == 3
    assert generation.fallback_reason is None and generation.text.startswith("Hi Maya")


def test_streaming_is_retried_before_the_first_piece(server, fallback) -> None:  # noqa: ANN001
    server.script.append(("status", 429))
    pieces, generation = collect(make_generator(server, fallback).stream(make_job()))
    assert len(server.requests) == 2 and generation.fallback_reason is None and "".join(pieces) == generation.text


def test_persistent_error_falls_back_with_the_reason(server, fallback) -> None:  # noqa: ANN001
    server.script.extend([("status", 500)] * 5)
    generation = make_generator(server, fallback, retries=2).generate(make_job())
    assert len(server.requests) == 3  # the first try and two retries
    assert generation.text == FALLBACK_TEXT and generation.model_id == "composer-v1"
    assert "openai" in generation.fallback_reason and "500" in generation.fallback_reason
    assert len(fallback.jobs) == 1


def test_client_errors_are_not_retried(server, fallback) -> None:  # noqa: ANN001
    server.script.append(("status", 401))
    generation = make_generator(server, fallback, retries=3).generate(make_job())
    assert len(server.requests) == 1 and "401" in generation.fallback_reason


def test_a_slow_server_hits_the_timeout(server, fallback) -> None:  # noqa: ANN001
    server.script.append(("sleep", 3.0))
    start = time.monotonic()
    generation = make_generator(server, fallback, timeout_s=0.5, retries=0).generate(make_job())
    assert time.monotonic() - start < 2.0
    assert generation.text == FALLBACK_TEXT and "0.5 s" in generation.fallback_reason


def test_a_stalled_stream_returns_the_fallback_after_partial_text(server, fallback) -> None:  # noqa: ANN001
    server.script.append(("stall_after_first", 3.0))
    start = time.monotonic()
    pieces, generation = collect(make_generator(server, fallback, timeout_s=0.6, retries=0).stream(make_job()))
    assert time.monotonic() - start < 2.5
    assert pieces == ["Hi"]  # what was already shown stays; nothing more is yielded
    assert generation.text == FALLBACK_TEXT and generation.fallback_reason


def test_unreachable_server_falls_back(fallback) -> None:  # noqa: ANN001
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings = GeneratorSettings(openai_base_url=f"http://127.0.0.1:{port}/v1", retries=1, timeout_s=5)
    pieces, generation = collect(OpenAIGenerator(settings, fallback).stream(make_job()))
    assert "".join(pieces) == FALLBACK_TEXT  # nothing was shown yet, so the fallback text is streamed
    assert "cannot reach" in generation.fallback_reason


def test_malformed_reply_falls_back(server, fallback) -> None:  # noqa: ANN001
    server.script.append(("garbage", None))
    generation = make_generator(server, fallback).generate(make_job())
    assert generation.text == FALLBACK_TEXT and "unexpected reply" in generation.fallback_reason
