import numpy as np
import pytest

from models.embedders import HashingEmbedder
from models.query_cache import CachedDocumentEmbedder, QueryVectorCache


def test_embeds_each_query_once_and_shares_a_read_only_vector() -> None:
    calls: list[str] = []

    def embed(text: str) -> np.ndarray:
        calls.append(text)
        return np.full(3, len(text), dtype=np.float32)

    cache = QueryVectorCache(size=2)
    first = cache.get_or_embed("where is my parcel", embed)
    again = cache.get_or_embed("where is my parcel", embed)
    assert again is first and calls == ["where is my parcel"]
    with pytest.raises(ValueError):
        first[0] = 0.0  # callers share it: nobody may change it


def test_forgets_the_least_recently_used_query() -> None:
    calls: list[str] = []

    def embed(text: str) -> np.ndarray:
        calls.append(text)
        return np.zeros(2, dtype=np.float32)

    cache = QueryVectorCache(size=2)
    for text in ("a", "b", "a", "c", "a", "b"):
        cache.get_or_embed(text, embed)
    assert calls == ["a", "b", "c", "b"]  # "b" was the least recent when "c" came in
    cache.clear()
    cache.get_or_embed("a", embed)
    assert calls[-1] == "a"


class _CountingEmbedder(HashingEmbedder):
    """A hashing embedder that records the texts each ``embed_documents`` call receives."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[list[str]] = []

    def embed_documents(self, texts):  # noqa: ANN001, ANN201
        self.batches.append(list(texts))
        return super().embed_documents(texts)


def test_cached_document_embedder_encodes_only_texts_it_has_not_seen():
    inner = _CountingEmbedder()
    cached = CachedDocumentEmbedder(inner, size=3)
    first = cached.embed_documents(["a rule", "another rule", "a rule"])
    assert inner.batches == [["a rule", "another rule"]]  # one call, each new text once
    np.testing.assert_array_equal(first, inner.embed_documents(["a rule", "another rule", "a rule"]))
    inner.batches.clear()
    again = cached.embed_documents(["another rule", "a question", "a rule"])
    assert inner.batches == [["a question"]]
    np.testing.assert_array_equal(again, HashingEmbedder().embed_documents(["another rule", "a question", "a rule"]))
    cached.embed_documents(["a fourth"])  # size 3: the least recently used ("another rule") is forgotten
    inner.batches.clear()
    cached.embed_documents(["another rule", "a rule"])
    assert inner.batches == [["another rule"]]
    assert cached.embed_documents([]).shape == (0, inner.dimension)
    assert cached.dimension == inner.dimension and cached.model_id == inner.model_id
