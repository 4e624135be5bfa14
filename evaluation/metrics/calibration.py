"""Does confidence mean anything: ROC AUC of a score for a binary label, and a reliability table by score bin."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from scipy.stats import mannwhitneyu

DEFAULT_EDGES = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0)


def roc_auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Probability that a random positive scores above a random negative (ties count half); NaN without both."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    if not pos or not neg:
        return math.nan
    u = mannwhitneyu(pos, neg, alternative="two-sided", method="asymptotic").statistic
    return float(u) / (len(pos) * len(neg))


def reliability(scores: Sequence[float], labels: Sequence[bool],
                edges: Sequence[float] = DEFAULT_EDGES) -> list[dict[str, Any]]:
    """One row per non-empty bin ``[lo, hi)`` (the last closed): count, mean score and share of positives.

    A confidence that means something has ``share_good`` close to ``mean_confidence`` in every row.
    """
    rows = []
    for i, (lo, hi) in enumerate(zip(edges, edges[1:])):
        last = i == len(edges) - 2
        members = [(s, y) for s, y in zip(scores, labels) if lo <= s < hi or (last and s == hi)]
        if not members:
            continue
        rows.append({
            "bin": f"{lo:.2f}–{hi:.2f}",
            "n": len(members),
            "mean_confidence": round(sum(s for s, _ in members) / len(members), 4),
            "share_good": round(sum(bool(y) for _, y in members) / len(members), 4),
        })
    return rows


def expected_calibration_error(rows: Sequence[dict[str, Any]]) -> float:
    """Count-weighted mean gap between mean confidence and share good over the reliability rows."""
    total = sum(r["n"] for r in rows)
    if not total:
        return math.nan
    return round(sum(r["n"] * abs(r["mean_confidence"] - r["share_good"]) for r in rows) / total, 4)
