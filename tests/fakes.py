"""Fakes shared by unit tests (the embedder and generator fakes live in ``models/``)."""

from __future__ import annotations

import numpy as np

from knowledge_base.types import Chunk, Filters, ScoredChunk
from models.embedders import HashingEmbedder


class VectorRetriever:
    """A ``Retriever`` over a fixed list of chunks: cosine of hashing vectors, mapped to [0, 1].

    ``score = clip(floor + scale * cosine, 0, 1)``; audience filters apply (public only when none is given).
    It records its queries and filters so tests can see what the drafter asked for.
    """

    def __init__(self, embedder: HashingEmbedder, chunks: list[Chunk], *, floor: float = 0.0, scale: float = 1.6) -> None:
        self.embedder = embedder
        self.chunks = chunks
        self.vectors = embedder.embed_documents([c.text for c in chunks])
        self.floor, self.scale = floor, scale
        self.queries: list[str] = []
        self.filters: list[Filters | None] = []

    def retrieve(self, query: str, *, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        self.queries.append(query)
        self.filters.append(filters)
        if k <= 0:
            return []
        sims = self.vectors @ self.embedder.embed_query(query)
        allowed = filters.audience if filters and filters.audience else {"public"}
        hits = [ScoredChunk(self.chunks[i], float(min(max(self.floor + self.scale * sims[i], 0.0), 1.0)), float(sims[i]))
                for i in np.argsort(-sims, kind="stable") if self.chunks[i].audience in allowed]
        return hits[:k]
