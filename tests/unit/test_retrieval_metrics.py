"""recall@k, MRR and nDCG@k against gold document ids, computed by hand for small rankings."""

from __future__ import annotations

import math

import pytest

from evaluation.metrics.retrieval import mrr, ndcg_at_k, recall_at_k


def test_recall_at_k_counts_distinct_gold_documents() -> None:
    ranked = ["a", "a", "b", "c", "d"]
    assert recall_at_k(ranked, {"b", "d"}, k=2) == 0.5  # distinct top-2 is a, b
    assert recall_at_k(ranked, {"b", "d"}, k=4) == 1.0
    assert recall_at_k(ranked, {"x"}, k=5) == 0.0
    assert recall_at_k([], {"x"}, k=5) == 0.0


def test_mrr_is_inverse_rank_of_first_hit() -> None:
    assert mrr(["x", "y", "g"], {"g"}) == pytest.approx(1 / 3)
    assert mrr(["g", "g", "x"], {"g"}) == 1.0
    assert mrr(["x", "x", "g"], {"g"}) == 0.5  # repeated chunks of one document count once
    assert mrr(["x"], {"g"}) == 0.0


def test_ndcg_matches_hand_computation() -> None:
    got = ndcg_at_k(["x", "g1", "y", "g2"], {"g1", "g2"}, k=4)
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert got == pytest.approx(dcg / ideal)
    assert ndcg_at_k(["g1", "g2"], {"g1", "g2"}, k=2) == pytest.approx(1.0)
    assert ndcg_at_k(["x", "y"], {"g1"}, k=2) == 0.0


def test_better_ranking_scores_higher_on_every_metric() -> None:
    gold = {"g"}
    good, bad = ["g", "x", "y"], ["x", "y", "g"]
    assert mrr(good, gold) > mrr(bad, gold)
    assert ndcg_at_k(good, gold, 3) > ndcg_at_k(bad, gold, 3)
    assert recall_at_k(good, gold, 1) > recall_at_k(bad, gold, 1)


def test_no_gold_is_vacuously_perfect() -> None:
    assert recall_at_k(["a"], [], 3) == mrr(["a"], []) == ndcg_at_k(["a"], [], 3) == 1.0
