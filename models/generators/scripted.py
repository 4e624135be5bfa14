"""ScriptedGenerator: the deterministic fake generator for unit tests.

Replies come from a list (used in order) or from a function of the job; a reply may be a ``str``, a
``Generation`` (to script token counts or a ``fallback_reason``) or an exception instance, which is raised
(to test how callers handle a failing backend). Every job seen is recorded in ``jobs``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from collections.abc import Generator as PyGenerator

from assistant.types import DraftJob, Generation
from models.generators.base import split_words

Reply = str | Generation | BaseException


class ScriptedGenerator:
    def __init__(
        self,
        replies: Sequence[Reply] | Callable[[DraftJob], Reply],
        *,
        name: str = "scripted",
        model_id: str = "scripted-v1",
        prompt_version: str | None = None,
    ) -> None:
        self.name = name
        self.model_id = model_id
        self.prompt_version = prompt_version
        self._replies = replies if callable(replies) else list(replies)
        self._next = 0
        self.jobs: list[DraftJob] = []
        self.last_generation: Generation | None = None
        self._lock = threading.Lock()

    def _reply(self, job: DraftJob) -> Generation:
        with self._lock:
            self.jobs.append(job)
            if callable(self._replies):
                reply = self._replies(job)
            else:
                if self._next >= len(self._replies):
                    raise IndexError(f"ScriptedGenerator ran out of replies after {len(self._replies)} call(s)")
                reply = self._replies[self._next]
                self._next += 1
        if isinstance(reply, BaseException):
            raise reply
        if not isinstance(reply, Generation):
            reply = Generation(text=reply, model_id=self.model_id, prompt_version=self.prompt_version,
                               completion_tokens=len(reply.split()))
        self.last_generation = reply
        return reply

    @property
    def last_fallback_reason(self) -> str | None:
        return self.last_generation.fallback_reason if self.last_generation else None

    def generate(self, job: DraftJob) -> Generation:
        return self._reply(job)

    def stream(self, job: DraftJob) -> PyGenerator[str, None, Generation]:
        """Word pieces of the next reply; returns its Generation, like the LLM backends."""
        generation = self._reply(job)
        yield from split_words(generation.text)
        return generation
