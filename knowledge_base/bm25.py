"""BM25 over chunk texts (bm25s), with a tokenizer that keeps product codes and plan names intact.

"SKU-4410" yields "sku-4410" as well as "sku" and "4410", so an exact code matches exactly and its parts
still match loosely. Words are the grounding package's (``assistant.grounding.words.terms``): one stopword list
and one stemmer ("refunds" → "refund") for search and for support scoring.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from assistant.grounding.words import terms

# Bumped whenever ``tokenize`` changes: an index saved with other tokens is rebuilt from its chunk texts on load
# (``LiveIndex``), so queries and index always share their words.
TOKENIZER_VERSION = "2"
_TOKENIZER_FILE = "tokenizer"
_COMPOUND = re.compile(r"(?<![a-z0-9])[a-z0-9]+(?:[-_./][a-z0-9]+)+")  # anchored: no retries inside words


def tokenize(text: str) -> list[str]:
    """The grounding package's search terms (stopwords dropped, stemmed) plus every compound such as a product
    code, whole."""
    lower = text.lower()
    return terms(lower) + _COMPOUND.findall(lower)


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
        (directory / _TOKENIZER_FILE).write_text(TOKENIZER_VERSION, encoding="utf-8")

    @staticmethod
    def current(directory: Path) -> bool:
        """The index in ``directory`` was saved with today's ``tokenize`` (indexes from before the marker were not)."""
        marker = directory / _TOKENIZER_FILE
        return marker.is_file() and marker.read_text(encoding="utf-8").strip() == TOKENIZER_VERSION

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
