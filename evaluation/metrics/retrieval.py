"""Retrieval metrics against a case's gold documents: recall@k, MRR, nDCG@k (binary relevance).

``retrieved`` is the ranked list of document ids the retriever returned (chunk-level results may repeat a
document; only its first, best-ranked occurrence counts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def _ranked_unique(retrieved: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(retrieved))


def recall_at_k(retrieved: Sequence[str], gold: Iterable[str], k: int) -> float:
    """Share of gold documents among the first ``k`` distinct retrieved documents (1.0 when there is no gold)."""
    gold_set = set(gold)
    if not gold_set:
        return 1.0
    top = set(_ranked_unique(retrieved)[:k])
    return len(top & gold_set) / len(gold_set)


def mrr(retrieved: Sequence[str], gold: Iterable[str]) -> float:
    """1 / rank of the first gold document (0.0 when none is retrieved, 1.0 when there is no gold)."""
    gold_set = set(gold)
    if not gold_set:
        return 1.0
    for rank, doc in enumerate(_ranked_unique(retrieved), start=1):
        if doc in gold_set:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(retrieved: Sequence[str], gold: Iterable[str], k: int) -> float:
    """Normalised discounted cumulative gain of the first ``k`` distinct documents, binary relevance."""
    gold_set = set(gold)
    if not gold_set:
        return 1.0
    ranked = _ranked_unique(retrieved)[:k]
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked) if doc in gold_set)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold_set), k)))
    return dcg / ideal if ideal else 0.0
