"""Hybrid retrieval: dense (FAISS) + BM25 candidates, fused by reciprocal rank, with a calibrated score.

Ranking uses reciprocal-rank fusion (RRF) of the two candidate lists, which needs no score scaling. The
score reported on each hit is separate and calibrated so a caller can threshold it across queries:

    dense = clip((cosine - COS_FLOOR) / (COS_CEIL - COS_FLOOR), 0, 1)
    lexical = idf-weighted share of the query's words found in the chunk (title and section included)
    score = DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical

For all-MiniLM-L6-v2 unrelated text rarely exceeds cosine 0.15 and a passage answering the question
usually reaches 0.5-0.7, hence the floor and ceiling. The lexical part rewards exact words (product codes,
plan names) that embeddings blur. Filters are applied before ranking (as masks on both searches), and
near-duplicates (cosine ≥ ``dedup_threshold`` to a better hit) are dropped before truncating to ``k``. Query words
that are neither the documents' words nor English are first corrected to the nearest document word (``spelling``).
Hits come in fused (RRF) order; scores mostly decrease along it but need not, so take ``max`` for "best".
"""

from __future__ import annotations

import numpy as np

from assistant.protocols import Embedder
from assistant.settings import RetrievalSettings
from knowledge_base.bm25 import tokenize
from knowledge_base.chunking import chunk_prefix
from knowledge_base.errors import IndexNotFound
from knowledge_base.live import LiveIndex
from knowledge_base.types import Chunk, Filters, ScoredChunk

COS_FLOOR = 0.15
COS_CEIL = 0.70
DENSE_WEIGHT = 0.7


def calibrated_score(cosine: float, lexical: float) -> float:
    dense = min(max((cosine - COS_FLOOR) / (COS_CEIL - COS_FLOOR), 0.0), 1.0)
    return float(DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * min(max(lexical, 0.0), 1.0))


class HybridRetriever:
    """Implements the ``Retriever`` protocol over a ``LiveIndex``."""

    def __init__(self, live_index: LiveIndex, embedder: Embedder, settings: RetrievalSettings | None = None) -> None:
        self.live = live_index
        self.embedder = embedder
        self.settings = settings or RetrievalSettings()

    def spell(self, text: str) -> str:
        """``text`` with its misspelt words read as the indexed documents' words (see ``knowledge_base.spelling``);
        unchanged when nothing is indexed."""
        try:
            return self.live.snapshot().speller.correct(text)
        except IndexNotFound:
            return text

    def knows(self, word: str) -> bool:
        """Whether the indexed documents use ``word`` (any case); False when nothing is indexed."""
        try:
            return word in self.live.snapshot().speller
        except IndexNotFound:
            return False

    def retrieve(self, query: str, *, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        if k <= 0 or not query.strip():
            return []
        snap = self.live.snapshot()  # one snapshot for the whole search
        if snap.size == 0:
            return []
        # a misspelt word ("retrun") is searched as the documents' word it stands for; a query whose words are all
        # known is searched as written
        query = snap.speller.correct(query)
        qvec = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        mask = snap.allowed(filters)
        n = max(self.settings.candidates, 2 * k)
        rrf_k = self.settings.rrf_k

        fused: dict[int, float] = {}
        _, dense_rows = snap.dense_search(qvec, n, mask)
        for rank, row in enumerate(dense_rows.tolist()):
            fused[row] = fused.get(row, 0.0) + 1.0 / (rrf_k + rank + 1)

        q_tokens = tokenize(query)
        bm25 = np.zeros(0, dtype=np.float32)
        if snap.bm25 is not None and q_tokens:
            bm25 = snap.bm25.scores(q_tokens)
            if mask is not None:
                bm25 = np.where(mask, bm25, 0.0)
            top = np.argpartition(-bm25, min(n, bm25.size - 1))[:n] if bm25.size > n else np.arange(bm25.size)
            top = top[bm25[top] > 0]
            for rank, row in enumerate(top[np.argsort(-bm25[top], kind="stable")].tolist()):
                fused[row] = fused.get(row, 0.0) + 1.0 / (rrf_k + rank + 1)
        if not fused:
            return []

        rows = sorted(fused, key=lambda r: (-fused[r], r))
        vecs = np.asarray(snap.vectors[np.array(rows)], dtype=np.float32)
        cosines = vecs @ qvec
        hits: list[ScoredChunk] = []
        kept: list[np.ndarray] = []
        fetched: dict[int, Chunk] = {}
        for i, row in enumerate(rows):
            vec = vecs[i]
            if any(float(vec @ other) >= self.settings.dedup_threshold for other in kept):
                continue  # near-duplicate of a better hit
            if row not in fetched:  # read texts in small batches: most searches stop after the first few
                batch = rows[i : i + 2 * k]
                fetched.update(zip(batch, snap.chunks(batch)))
            chunk = fetched[row]
            lexical = (
                snap.bm25.coverage(q_tokens, set(tokenize(chunk_prefix(chunk.title, chunk.section) + chunk.text)))
                if snap.bm25 is not None
                else 0.0
            )
            score = calibrated_score(float(cosines[i]), lexical)
            if score < self.settings.min_score:
                continue
            kept.append(vec)
            hits.append(
                ScoredChunk(
                    chunk=chunk,
                    score=round(score, 4),
                    dense_score=round(float(cosines[i]), 4),
                    bm25_score=round(float(bm25[row]), 4) if bm25.size else None,
                )
            )
            if len(hits) >= k:
                break
        return hits
