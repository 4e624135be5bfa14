import numpy as np
import pytest

from models.query_cache import QueryVectorCache


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
