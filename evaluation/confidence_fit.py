"""Fitting the confidence model (``assistant/confidence_model.json``) on labelled drafts, and checking it honestly.

The model is an L2-regularised logistic regression on standardised features (``assistant.confidence.FEATURES``)
for "good" (sent unchanged) against the rest, each weight held to the sign its signal means (``SIGNS``). Classes are *not* re-weighted: the probability is meant to be read
as the share of such drafts an agent sends as written, which the reliability table checks.

Three figures say how far it can be trusted:

- in-sample ROC AUC (optimistic);
- stratified k-fold cross-validated AUC (out-of-fold predictions, overall and per knowledge base);
- leave-one-knowledge-base-out AUC: fitted on the other bases, scored on the one left out (how it carries to a
  company's documentation it was never fitted on).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from assistant.confidence import FEATURES, FLAG_MAX_GOOD, LOW_CONFIDENCE
from assistant.grounding.calibration import LogisticModel
from evaluation.labelled import RELIABILITY_EDGES, flag_split
from evaluation.metrics.calibration import expected_calibration_error, reliability, roc_auc

DEFAULT_C = 1.0


class FitError(ValueError):
    """Labelled rows that cannot be fitted (one line for the user)."""


def rows_to_xy(rows: Sequence[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """(features, good, knowledge base, ids) of exported rows that carry a current label and features."""
    x, y, kb, ids = [], [], [], []
    for r in rows:
        feats = r.get("features") or {}
        if r.get("status") != "current" or not r.get("label") or not feats:
            continue
        missing = [f for f in FEATURES if f not in feats]
        if missing:
            raise FitError(f"{r['id']}: exported features lack {', '.join(missing)}; export again with this code")
        x.append([float(feats[f]) for f in FEATURES])
        y.append(r["label"] == "good")
        kb.append((r.get("request") or {}).get("knowledge_base") or r.get("knowledge_base") or "?")
        ids.append(r["id"])
    return np.array(x, dtype=np.float64).reshape(-1, len(FEATURES)), np.array(y, dtype=bool), np.array(kb), ids


# The direction each signal may move confidence: a better match or support can never lower it, a flag never
# raise it. Fitting within these signs keeps the reasons shown to the agent true to what the signal means and
# guards a model fitted on ~150 drafts against learning noise (behaviour indicators are free).
SIGNS: dict[str, int] = {
    "coverage": 1, "ask_match": 1, "stray_match": 1, "lead_match": 1, "min_support": 1, "retrieval": 1,
    "certainty": 1, "dates_unapplied": -1, "serious_flags": -1, "needs_input": -1, "procedural": -1, "foreign": -1,
    "extra_sentences": -1, "copy_residue": -1, "ack_mismatch": -1, "length": -1,
}


def fit(x: np.ndarray, y: np.ndarray, *, c: float = DEFAULT_C, meta: dict[str, Any] | None = None) -> LogisticModel:
    """L2-regularised logistic regression on standardised features, each weight within its sign (``SIGNS``)."""
    from scipy.optimize import minimize

    y = np.asarray(y, dtype=np.float64)
    if len(set(y.tolist())) != 2:
        raise FitError("fitting needs both good drafts and drafts that are not good")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0  # a feature constant in the labels carries no weight
    z = (x - mean) / scale

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        w, b = params[:-1], params[-1]
        logits = z @ w + b
        # log(1 + e^t) - y t, written stably
        value = float(np.sum(np.logaddexp(0.0, logits) - y * logits) + 0.5 / c * w @ w)
        p = 1.0 / (1.0 + np.exp(-logits))
        grad_w = z.T @ (p - y) + w / c
        return value, np.append(grad_w, np.sum(p - y))

    bounds = [((0.0, None) if SIGNS.get(f) == 1 else (None, 0.0) if SIGNS.get(f) == -1 else (None, None))
              for f in FEATURES] + [(None, None)]
    result = minimize(loss, np.zeros(len(FEATURES) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    if not result.success:
        raise FitError(f"the fit did not converge: {result.message}")
    w, b = result.x[:-1], result.x[-1]
    return LogisticModel(FEATURES, tuple(map(float, mean)), tuple(map(float, scale)), tuple(map(float, w)), float(b),
                         dict(meta or {}))


def choose_flag_threshold(p: np.ndarray, y: np.ndarray, max_good: float = FLAG_MAX_GOOD) -> dict[str, Any]:
    """The highest cut (two decimals) under which at most ``max_good`` of the drafts were good (out-of-fold ``p``).

    Flagging under it means "expect to rewrite": an agent reads every draft, but a flag on most of them says
    nothing. Falls back to ``LOW_CONFIDENCE`` when no cut qualifies.
    """
    best: dict[str, Any] = {"threshold": LOW_CONFIDENCE, "share_good_below": None, "n_below": None}
    for cut in np.round(np.arange(0.01, 0.91, 0.01), 2):
        below = p < cut
        if not below.any():
            continue
        share = float(y[below].mean())
        if share <= max_good:
            best = {"threshold": float(cut), "share_good_below": round(share, 4), "n_below": int(below.sum())}
    return best


def _auc(p: np.ndarray, y: np.ndarray) -> float | None:
    value = roc_auc(p.tolist(), y.tolist())
    return None if math.isnan(value) else round(value, 4)


def evaluate(x: np.ndarray, y: np.ndarray, kb: np.ndarray, *, c: float = DEFAULT_C, folds: int = 5,
             repeats: int = 5, seed: int = 0) -> dict[str, Any]:
    """In-sample, k-fold cross-validated and leave-one-knowledge-base-out AUC, overall and per knowledge base."""
    from sklearn.model_selection import StratifiedKFold

    in_sample = fit(x, y, c=c).probabilities(x)
    # out-of-fold probabilities averaged over repeats (each repeat a different split)
    oof = np.zeros(len(y))
    folds = max(2, min(folds, int(y.sum()), int((~y).sum())))
    for r in range(repeats):
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed + r).split(x, y):
            oof[test] += fit(x[train], y[train], c=c).probabilities(x[test]) / repeats
    held_kb = np.full(len(y), np.nan)
    for name in sorted(set(kb.tolist())):
        test = kb == name
        train = ~test
        if len(set(y[train].tolist())) == 2:
            held_kb[test] = fit(x[train], y[train], c=c).probabilities(x[test])
    groups = {"all": np.ones(len(y), dtype=bool), **{name: kb == name for name in sorted(set(kb.tolist()))}}
    out: dict[str, Any] = {}
    for name, mask in groups.items():
        ok = mask & ~np.isnan(held_kb)
        out[name] = {
            "n": int(mask.sum()), "good": int(y[mask].sum()),
            "auc_in_sample": _auc(in_sample[mask], y[mask]),
            "auc_cross_validated": _auc(oof[mask], y[mask]),
            "auc_leave_kb_out": _auc(held_kb[ok], y[ok]) if ok.any() else None,
        }
    table = reliability(oof.tolist(), y.tolist(), RELIABILITY_EDGES)
    out["reliability_cross_validated"] = table
    out["ece_cross_validated"] = expected_calibration_error(table) if table else None
    out["low_confidence"] = choose_flag_threshold(oof, y)
    out["flag_cross_validated"] = flag_split(oof.tolist(), y.tolist(), out["low_confidence"]["threshold"])
    return out
