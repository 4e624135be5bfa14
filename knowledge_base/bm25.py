"""BM25 over chunk texts (bm25s), with a tokenizer that keeps product codes and plan names intact.

"SKU-4410" yields "sku-4410" as well as "sku" and "4410", so an exact code matches exactly and its parts
still match loosely. A light plural folding ("refunds" → "refund") helps short support queries.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

_WORD = re.compile(r"[a-z0-9]+")
_COMPOUND = re.compile(r"(?<![a-z0-9])[a-z0-9]+(?:[-_./][a-z0-9]+)+")  # anchored: no retries inside words
_STOPWORDS = frozenset(
    "a an and are as at be but by can could do does for from had has have how i if in into is it its me my "
    "no not of on or our so than that the their them then there these they this to was we were what when "
    "where which who why will with would you your".split()
)


@lru_cache(maxsize=200_000)
def _fold(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Words (stopwords dropped, plurals folded) plus every compound such as a product code, whole."""
    lower = text.lower()
    tokens = [_fold(w) for w in _WORD.findall(lower) if w not in _STOPWORDS]
    tokens.extend(_COMPOUND.findall(lower))
    return tokens


class BM25Index:
    """A bm25s index plus document frequencies, so a query's matched-term coverage can be computed."""

    def __init__(self, model) -> None:  # noqa: ANN001 - bm25s.BM25
        self._model = model
        indptr = np.asarray(model.scores["indptr"])
        self._df = np.diff(indptr)
        self._vocab: dict[str, int] = model.vocab_dict
        self.n_docs = int(model.scores["num_docs"])

    @classmethod
    def build(cls, texts: Sequence[str]) -> BM25Index:
        import bm25s

        model = bm25s.BM25()
        corpus = [tokenize(t) or [""] for t in texts]
        model.index(corpus, show_progress=False)
        return cls(model)

    def save(self, directory: Path) -> None:
        self._model.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        import bm25s

        return cls(bm25s.BM25.load(str(directory), show_progress=False))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        known = [t for t in query_tokens if t in self._vocab]
        if not known or self.n_docs == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)

    def idf(self, token: str) -> float:
        """Lucene-style idf; unknown words get the idf of a word seen once (they are rare, hence telling)."""
        df = int(self._df[self._vocab[token]]) if token in self._vocab else 1
        return math.log(1 + (self.n_docs - df + 0.5) / (df + 0.5))

    def coverage(self, query_tokens: list[str], text_tokens: set[str]) -> float:
        """Share of the query's idf mass whose words occur in the text: 1.0 = every query word is there."""
        unique = list(dict.fromkeys(query_tokens))
        if not unique:
            return 0.0
        weights = [self.idf(t) for t in unique]
        total = sum(weights)
        if total <= 0:
            return 0.0
        return sum(w for t, w in zip(unique, weights) if t in text_tokens) / total
