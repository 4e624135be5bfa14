"""A small thread-safe memory of recent query vectors, shared by the embedders.

One draft embeds the same question in the retriever and in the composer, so every embedder remembers its
recent queries. The vectors are returned read-only because callers share them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray


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
        vec = embed(text)
        vec.flags.writeable = False
        with self._lock:
            self._vectors[text] = vec
            if len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vec

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
