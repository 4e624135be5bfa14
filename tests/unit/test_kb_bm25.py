"""The BM25 tokenizer and index: product codes stay whole, plurals fold, coverage is idf-weighted."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge_base.bm25 import BM25Index, tokenize


def test_tokenize_keeps_codes_and_folds_plurals() -> None:
    tokens = tokenize("Refunds for the NW-TR2 and SKU_4410 policies: 30 days.")
    assert {"refund", "policy", "day", "30", "nw-tr2", "sku_4410", "nw", "tr2"} <= set(tokens)
    assert "the" not in tokens and "for" not in tokens


def test_scores_prefer_exact_code_and_survive_save(tmp_path: Path) -> None:
    texts = ["The NW-TR2 trail runner has a 6 month warranty.", "Trail shoes can be returned in 30 days.", "Gift cards never expire."]
    index = BM25Index.build(texts)
    scores = index.scores(tokenize("NW-TR2 warranty"))
    assert scores.argmax() == 0 and scores[2] == 0
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert list(loaded.scores(tokenize("NW-TR2"))) == pytest.approx(list(index.scores(tokenize("NW-TR2"))))
    assert list(loaded.scores(["unknownword"])) == [0, 0, 0]


def test_coverage_is_idf_weighted() -> None:
    index = BM25Index.build(["gift card expire", "gift card balance", "gift wrap", "gift receipt"])
    q = tokenize("gift card expire")
    assert index.coverage(q, set(tokenize("gift card expire"))) == pytest.approx(1.0)
    rare_only = index.coverage(q, {"expire"})
    common_only = index.coverage(q, {"gift"})
    assert 0 < common_only < rare_only < 1
    assert index.coverage([], {"gift"}) == 0.0
