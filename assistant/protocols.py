"""The seams of the system. Every implementation passes one shared contract test class."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from assistant.types import DraftJob, Generation
from knowledge_base.types import Filters, ScoredChunk


@runtime_checkable
class Embedder(Protocol):
    model_id: str
    dimension: int
    max_tokens: int

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """(n, dimension) float32, each row L2-normalised."""
        ...

    def embed_query(self, text: str) -> NDArray[np.float32]:
        """(dimension,) float32, L2-normalised."""
        ...

    def count_tokens(self, text: str) -> int:
        """Tokens the model's own tokenizer makes of ``text`` (special tokens included)."""
        ...


@runtime_checkable
class Retriever(Protocol):
    def retrieve(self, query: str, *, k: int, filters: Filters | None = None) -> list[ScoredChunk]: ...


@runtime_checkable
class Generator(Protocol):
    name: str
    model_id: str

    def generate(self, job: DraftJob) -> Generation: ...

    def stream(self, job: DraftJob) -> Iterator[str]:
        """Text pieces as they are produced; the composer yields sentences."""
        ...
