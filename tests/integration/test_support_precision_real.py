"""The fast path of the support scorer with the real embedder: bfloat16 encodings and batched preparation
score like the float32 model, one sentence at a time."""

from __future__ import annotations

import pytest

from assistant.grounding.support import SupportScorer
from tests.integration.test_grounding_real import PAIRS, POLICY

pytestmark = pytest.mark.integration


def test_fast_scores_match_float32_scores(real_embedder) -> None:  # noqa: ANN001
    passages = list(POLICY.values())
    sentences = [s for _, good, bad in PAIRS for s in (good, bad)]
    fast = SupportScorer(real_embedder)
    fast.prepare(sentences, passages)  # the batched path, as the evaluation scorer uses it
    exact = SupportScorer(real_embedder, low_precision=False)
    got = fast.score_sentences(sentences, passages)
    want = [exact.score(s, passages) for s in sentences]  # one sentence, one model call at a time
    worst = max(abs(a - b) for a, b in zip(got, want))
    print(f"\nlargest bfloat16-vs-float32 support difference over {len(sentences)} sentences: {worst:.4f}")
    assert worst < 0.02
