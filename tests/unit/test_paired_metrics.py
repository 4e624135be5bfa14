"""Paired replies: the good reply must beat each bad variant on the metric that variant breaks, in every pair.

Data: ``tests/data/paired_replies.yaml`` (a good reply and variants curt, blaming, generic, wrong_number,
invented_promise, unsupported_claim, impersonal per customer message). Unit level: the hashing fake
embedder; the real embedder runs the same pairs in ``tests/integration/test_eval_paired_real.py``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.types import CustomerProfile
from evaluation.scoring import ReplyScorer

DATA = Path(__file__).resolve().parents[1] / "data" / "paired_replies.yaml"
TONE_VARIANTS = {"curt": ("politeness", "empathy"), "blaming": ("politeness",), "generic": ("empathy",),
                 "impersonal": ("personalization",)}
ACCURACY_VARIANTS = ("wrong_number", "invented_promise", "unsupported_claim")


def load_items() -> list[dict[str, Any]]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def flat_scores(scorer: ReplyScorer, item: dict[str, Any], reply: str) -> dict[str, Any]:
    customer = CustomerProfile.model_validate(item["customer"]) if item.get("customer") else None
    scored = scorer.score(message=item["message"], reply=reply, passages=item["passages"], customer=customer,
                          channel=item.get("channel", "email"))
    return {**scored["tone"], **scored["accuracy"]}


def accuracy_better(good: dict[str, Any], bad: dict[str, Any]) -> bool:
    """Better grounded: a higher groundedness, or fewer unsupported facts (claims + unsupported sentences)."""
    def unsupported(s: dict[str, Any]) -> int:
        return len(s["unsupported_claims"]) + s["unsupported_sentences"]

    return good["groundedness"] > bad["groundedness"] or unsupported(good) < unsupported(bad)


def paired_results(scorer: ReplyScorer, variants: tuple[str, ...]) -> tuple[Counter, Counter, list[str]]:
    passed, total, failures = Counter(), Counter(), []
    for item in load_items():
        good = flat_scores(scorer, item, item["good"])
        for variant, reply in item["variants"].items():
            if variant not in variants:
                continue
            bad = flat_scores(scorer, item, reply)
            if variant in TONE_VARIANTS:
                checks = {m: good[m] > bad[m] for m in TONE_VARIANTS[variant]}
            else:
                checks = {"accuracy": accuracy_better(good, bad)}
            for metric, ok in checks.items():
                total[(variant, metric)] += 1
                passed[(variant, metric)] += ok
                if not ok:
                    failures.append(f"{item['id']}/{variant}: {metric} good={good.get(metric)} bad={bad.get(metric)}")
    return passed, total, failures


def report(passed: Counter, total: Counter) -> str:
    return ", ".join(f"{v}/{m}: {passed[(v, m)]}/{n}" for (v, m), n in sorted(total.items()))


@pytest.fixture(scope="module")
def scorer() -> ReplyScorer:
    from models.embedders import HashingEmbedder

    return ReplyScorer(HashingEmbedder())


def test_data_has_enough_pairs() -> None:
    items = load_items()
    assert len(items) >= 40
    assert all("good" in i and i["variants"] for i in items)


def test_good_reply_beats_every_tone_variant(scorer: ReplyScorer) -> None:
    passed, total, failures = paired_results(scorer, tuple(TONE_VARIANTS))
    print("tone pairs:", report(passed, total))
    assert sum(total.values()) >= 150
    assert not failures, f"{len(failures)} pairs failed ({report(passed, total)}): {failures[:10]}"


def test_good_reply_beats_every_accuracy_variant_with_the_fake_embedder(scorer: ReplyScorer) -> None:
    passed, total, failures = paired_results(scorer, ACCURACY_VARIANTS)
    print("accuracy pairs:", report(passed, total))
    assert sum(total.values()) >= 100
    assert not failures, f"{len(failures)} pairs failed ({report(passed, total)}): {failures[:10]}"


def test_same_input_same_scores(scorer: ReplyScorer) -> None:
    item = load_items()[0]
    assert flat_scores(scorer, item, item["good"]) == flat_scores(ReplyScorer(scorer.embedder), item, item["good"])
