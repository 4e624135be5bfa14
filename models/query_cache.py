"""A small thread-safe memory of recent query vectors, shared by the embedders.

One draft embeds the same question in the retriever and in the composer, so every embedder remembers its
recent queries. The vectors are returned read-only because callers share them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from assistant.protocols import Embedder


class QueryVectorCache:
    """Least-recently-used map from query text to its (read-only) vector."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, NDArray[np.float32]] = OrderedDict()

    def get_or_embed(self, text: str, embed: Callable[[str], NDArray[np.float32]]) -> NDArray[np.float32]:
        """The remembered vector of ``text``, or ``embed(text)`` remembered (outside the lock: embedding is slow)."""
        with self._lock:
            cached = self._vectors.get(text)
            if cached is not None:
                self._vectors.move_to_end(text)
                return cached
        return self.put(text, embed(text))

    def put(self, text: str, vec: NDArray[np.float32]) -> NDArray[np.float32]:
        """Remember ``vec`` (made read-only) as the vector of ``text``; returns it."""
        vec.flags.writeable = False
        with self._lock:
            self._vectors[text] = vec
            if len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vec

    def peek_many(self, texts: Sequence[str]) -> list[NDArray[np.float32] | None]:
        """The remembered vector of each text, or None where there is none (remembered ones count as used)."""
        out: list[NDArray[np.float32] | None] = []
        with self._lock:
            for text in texts:
                vec = self._vectors.get(text)
                if vec is not None:
                    self._vectors.move_to_end(text)
                out.append(vec)
        return out

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()


class CachedDocumentEmbedder:
    """An embedder whose ``embed_documents`` remembers each text's vector (least-recently-used, ``size`` texts).

    After a draft, confidence embeds the customer's asks and the draft's cited sentences. The cited sentences are
    the documentation's own, and the same few policies answer most messages, so most of those texts were embedded
    for an earlier draft: remembering them saves an encoder call per draft. Only the misses are encoded, in one
    batch. Everything else is the wrapped embedder's.
    """

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        self.inner = inner
        self._texts = QueryVectorCache(size)

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    @property
    def max_tokens(self) -> int:
        return self.inner.max_tokens

    def embed_documents(self, texts: Sequence[str]) -> NDArray[np.float32]:
        known = self._texts.peek_many(texts)
        todo = list(dict.fromkeys(t for t, v in zip(texts, known) if v is None))
        fresh = dict(zip(todo, np.asarray(self.inner.embed_documents(todo), dtype=np.float32))) if todo else {}
        for text, vec in fresh.items():
            self._texts.put(text, vec)
        rows = [v if v is not None else fresh[t] for t, v in zip(texts, known)]
        return np.stack(rows).astype(np.float32, copy=False) if rows else np.zeros((0, self.dimension), np.float32)

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self.inner.embed_query(text)

    def count_tokens(self, text: str) -> int:
        return self.inner.count_tokens(text)
