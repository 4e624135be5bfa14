"""What the LLM backends share: the deadline, fallback to the composer, whitespace trimming while streaming,
citation parsing and a template for ``generate``/``stream``.

A backend subclasses ``LLMGenerator`` and implements ``_attempt(job, deadline)``: a Python generator that
yields raw text pieces and *returns* an ``Attempt`` (token counts). Everything else — trimming, the
empty-reply check, turning any failure or timeout into the composer's draft with ``fallback_reason`` — lives
here once, so both backends behave the same.

Streaming contract: ``stream(job)`` yields ``str`` pieces and returns the final ``Generation`` as the
generator's return value, so a caller can write ``generation = yield from backend.stream(job)`` (or use
``collect``). When nothing was yielded before a failure, the fallback's text is yielded instead, so
``"".join(stream(job)) == generate(job).text``. When a failure comes after pieces were already yielded
(e.g. the timeout hits mid-reply), nothing more is yielded and the returned Generation carries the
composer's text: the caller must use the returned Generation, not the partial pieces.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Generator as PyGenerator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from assistant.prompts import CountTokens, Prompt, RenderedPrompt, load_prompt, render, render_polish
from assistant.protocols import Generator
from assistant.settings import GeneratorSettings
from assistant.types import DraftJob, Generation

log = logging.getLogger(__name__)

class GenerationTimeout(Exception):
    """The hard deadline passed before the reply was complete."""


class GeneratorUnavailable(Exception):
    """The backend cannot run (no model configured, load failed, server unreachable); message says why."""


@dataclass
class Attempt:
    """What a backend reports about one finished LLM call."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None


class Deadline:
    """A monotonic point in time ``timeout_s`` from now."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.start = time.monotonic()
        self.at = self.start + timeout_s

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at

    def check(self, what: str = "generation") -> None:
        if self.expired():
            raise GenerationTimeout(f"{what} exceeded the {self.timeout_s:g} s limit")


def approx_tokens(text: str) -> int:
    """Token estimate when the server's tokenizer is not at hand: about 4 characters per token for English."""
    return max(1, (len(text) + 3) // 4) if text else 0


def collect(pieces: Iterator[str]) -> tuple[list[str], Generation | None]:
    """Drain a ``stream`` and return (pieces, the Generation it returned, if any)."""
    out: list[str] = []
    while True:
        try:
            out.append(next(pieces))
        except StopIteration as stop:
            return out, stop.value


class _Trimmer:
    """Strips leading and trailing whitespace from a streamed reply without buffering the whole reply."""

    def __init__(self) -> None:
        self.started = False
        self.pending = ""  # whitespace held back until we know it is not the end

    def feed(self, piece: str) -> str:
        if not self.started:
            piece = piece.lstrip()
            if not piece:
                return ""
            self.started = True
        body = piece.rstrip()
        if not body:
            self.pending += piece
            return ""
        out = self.pending + body
        self.pending = piece[len(body):]
        return out


class LLMGenerator:
    """Template for backends that render a prompt and call a language model, falling back on failure."""

    name = "llm"

    def __init__(self, settings: GeneratorSettings, fallback: Generator) -> None:
        self.settings = settings
        self.fallback = fallback
        # The last finished call's result, for callers that drain ``stream`` with a for-loop. With concurrent
        # calls prefer the stream's return value (``collect``), which always belongs to that call.
        self.last_generation: Generation | None = None

    @property
    def prompt_version(self) -> str:
        return self.settings.prompt_version

    @property
    def last_fallback_reason(self) -> str | None:
        return self.last_generation.fallback_reason if self.last_generation else None

    # -- for subclasses --------------------------------------------------------------------------------
    @property
    def model_id(self) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def _attempt(self, job: DraftJob, deadline: Deadline, *, streaming: bool) -> PyGenerator[str, None, Attempt]:  # pragma: no cover
        """Yield raw text pieces, return an Attempt. ``streaming`` says whether the caller reads piece by piece
        (a backend may use a cheaper non-streaming call when it does not)."""
        raise NotImplementedError

    # -- shared ----------------------------------------------------------------------------------------
    @property
    def prompt(self) -> Prompt:
        return load_prompt(self.settings.prompt_version)

    def render(self, job: DraftJob, count_tokens: CountTokens, overhead: int = 0) -> RenderedPrompt:
        return self.render_for(job, count_tokens, self.settings.prompt_token_budget, overhead)

    def render_for(self, job: DraftJob, count_tokens: CountTokens, budget: int, overhead: int = 0) -> RenderedPrompt:
        """The chat messages within ``budget``: the drafting prompt, or in polish mode the request to rewrite the
        fallback's (composer's) draft."""
        if self.settings.mode == "polish":
            draft = self.fallback.generate(job).text
            return render_polish(job, draft, self.prompt, count_tokens, budget, overhead=overhead)
        return render(job, self.prompt, count_tokens, budget, overhead=overhead, signature=self.settings.signature)

    def generate(self, job: DraftJob) -> Generation:
        _, generation = collect(self._run(job, streaming=False))
        assert generation is not None
        return generation

    def stream(self, job: DraftJob) -> PyGenerator[str, None, Generation]:
        return self._run(job, streaming=True)

    def _run(self, job: DraftJob, *, streaming: bool) -> PyGenerator[str, None, Generation]:
        deadline = Deadline(self.settings.timeout_s)
        trimmer = _Trimmer()
        parts: list[str] = []
        attempt = None
        try:
            attempt = self._attempt(job, deadline, streaming=streaming)
            while True:
                try:
                    raw = next(attempt)
                except StopIteration as stop:
                    info: Attempt = stop.value or Attempt()
                    break
                piece = trimmer.feed(raw)
                if piece:
                    parts.append(piece)
                    yield piece
        except GeneratorExit:
            raise
        except Exception as exc:  # any failure of the LLM path becomes the composer's draft
            reason = f"{self.name}: {_reason(exc)}"
            return (yield from self._fall_back(job, reason, yielded=bool(parts)))
        finally:
            if attempt is not None:
                attempt.close()  # lets the backend cancel work in flight (e.g. a consumer stopped reading)
        text = "".join(parts)
        if not text:
            return (yield from self._fall_back(job, f"{self.name}: the model returned an empty reply", yielded=False))
        self.last_generation = Generation(
            text=text,
            model_id=self.model_id,
            prompt_version=self.prompt.version,
            prompt_tokens=info.prompt_tokens,
            completion_tokens=info.completion_tokens,
        )
        return self.last_generation

    def _fall_back(self, job: DraftJob, reason: str, *, yielded: bool) -> PyGenerator[str, None, Generation]:
        log.warning("%s backend fell back to %s: %s", self.name, getattr(self.fallback, "name", "fallback"), reason)
        generation = self.fallback.generate(job)
        if not yielded and generation.text:
            yield generation.text
        self.last_generation = generation.model_copy(update={"fallback_reason": reason})
        return self.last_generation


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, (GenerationTimeout, GeneratorUnavailable)):
        return text
    return f"{type(exc).__name__}: {text}"[:300]


def split_words(text: str) -> Iterable[str]:
    """Pieces of ``text`` at word boundaries whose concatenation is ``text`` (used by fakes and fallbacks)."""
    return re.findall(r"\S+\s*|\s+", text)
