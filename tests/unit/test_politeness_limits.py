"""The politeness ceiling figures: one rater against the others, and weights carried between communities."""

from __future__ import annotations

import numpy as np

from evaluation.datasets.politeness import Rated
from evaluation.politeness_agreement import (bag_of_words_reference, community_transfer, cross_community,
                                           rater_agreement, strategy_table)

POLITE = ["Thanks so much, could you please share the file?", "Hi, would you mind checking this? Thank you!",
          "Great answer, thanks. Could you add an example?"]
RUDE = ["Why did you not read the docs?", "So what is wrong with you?", "Why would you post this garbage?"]


def _rows(noise: float, seed: int = 0) -> list[Rated]:
    """Requests whose five ratings are a shared true politeness plus each rater's own noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(240):
        truth = rng.normal()
        ratings = tuple((f"r{(i + k) % 7}", float(truth + noise * rng.normal())) for k in range(5))
        text = (POLITE if truth > 0 else RUDE)[i % 3]
        rows.append(Rated(text=text, community="big" if i % 3 else "small", score=float(np.mean([v for _, v in ratings])),
                          ratings=ratings))
    return rows


def test_one_rater_agrees_with_the_others_as_far_as_their_noise_allows() -> None:
    clean, noisy = rater_agreement(_rows(0.1)), rater_agreement(_rows(3.0))
    assert clean["one_rater_vs_others_auc"] > 0.97
    assert 0.5 < noisy["one_rater_vs_others_auc"] < clean["one_rater_vs_others_auc"] - 0.15


def test_cross_community_names_the_largest_and_scores_both_directions() -> None:
    result = cross_community(_rows(0.1))
    assert result["largest_community"] == "big" and result["largest_rows"] > result["other_rows"] > 0
    # the strategies separate these requests in every community, so the weights carry over
    assert result["largest_to_others_auc"] > 0.9 and result["others_to_largest_auc"] > 0.9


def test_strategy_table_reads_each_strategy_against_the_ratings() -> None:
    table = {row["strategy"]: row for row in strategy_table(_rows(0.1))}
    # thanks only ever appears in the polite half, "why" only in the rude half
    assert table["gratitude"]["mean_score"] > 0.3 > -0.3 > table["why"]["mean_score"]
    assert table["gratitude"]["auc_alone"] > 0.6 and table["why"]["auc_alone"] < 0.4
    assert table["gratitude"]["paper_mean_score"] == 0.87 and table["why"]["paper_mean_score"] == "-"
    assert 0 < table["gratitude"]["share"] < 1


def test_community_transfer_scores_every_other_community_and_leaves_each_out() -> None:
    result = community_transfer(_rows(0.1))
    assert result["largest_community"] == "big" and result["within_largest_auc"] > 0.9
    assert [row["community"] for row in result["per_community"]] == ["small"]
    assert result["per_community"][0]["auc"] > 0.9 and result["loco_mean_community_auc"] > 0.9


def test_bag_of_words_reference_learns_the_corpus_words() -> None:
    rows = _rows(0.1)
    labels = [int(r.score > 0) for r in rows]
    result = bag_of_words_reference([r.text for r in rows], labels)
    assert result["unigrams_auc"] > 0.95 and result["unigrams_and_strategies_auc"] > 0.95
