"""How well the politeness score agrees with people: 5-fold cross-validated AUC and accuracy on rated requests.

The folds refit the strategy weights (``evaluation.metrics.politeness.PAPER_STRATEGIES``) on four fifths and
score the fifth, the way ``scripts/fit_politeness.py`` fits the shipped weights; the shipped weights' own
(in-sample) agreement and the lexicon's hand-set weights are reported beside them.

Two more figures say what limits the score (``limits``): how well one rater agrees with the other four on the same
task (the human ceiling a text-only score is measured against), and how the fitted weights carry from the largest
community of the file to the others and back (the file's own check of generalising to requests from elsewhere).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from evaluation.datasets.politeness import Rated, quartile_rows
from evaluation.metrics import politeness as pol
from evaluation.support_agreement import roc_auc

C = 0.05  # inverse strength of the pull towards the hand-set weights


def strategy_matrix(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(values of the paper's strategies, logit added by the care-specific strategies) per text."""
    weights = pol._patterns().weights
    x, offset = [], []
    for text in texts:
        values = pol.strategy_values(pol.strategies(text), pol.sentiment_of(text))
        x.append([values.get(name, 0.0) for name in pol.PAPER_STRATEGIES])
        offset.append(sum(weights.get(k, 0.0) * v for k, v in values.items() if k not in pol.PAPER_STRATEGIES))
    return np.array(x), np.array(offset)


def prior() -> np.ndarray:
    """The lexicon's hand-set logit weights of the paper's strategies (0 where it has none)."""
    hand = {k: pol._SLOPE * float(v) for k, v in pol.load_lexicon("politeness")["weights"].items()}
    return np.array([hand.get(name, 0.0) for name in pol.PAPER_STRATEGIES])


def fit(x: np.ndarray, y: np.ndarray, offset: np.ndarray, c: float = C) -> np.ndarray:
    """Logistic regression without intercept (no strategy = 0.5), a fixed per-row offset, and an L2 pull
    towards the hand-set weights, so one community's habits move a weight only as far as its data insists."""
    from scipy.optimize import minimize

    w0 = prior()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w + offset
        p = 1.0 / (1.0 + np.exp(-z))
        d = w - w0
        nll = -np.mean(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)) + (d @ d) / (2 * c * len(y))
        return float(nll), x.T @ (p - y) / len(y) + d / (c * len(y))

    return minimize(loss, w0.copy(), jac=True, method="L-BFGS-B").x


def cross_validate(texts: Sequence[str], labels: Sequence[int], folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Mean AUC and accuracy over stratified folds, plus the shipped and hand-set weights on all rows."""
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels, dtype=float)
    x, offset = strategy_matrix(texts)
    aucs, accs = [], []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        z = x[test] @ fit(x[train], y[train], offset[train]) + offset[test]
        aucs.append(roc_auc(y[test] > 0.5, z))
        accs.append(float(((z > 0) == (y[test] > 0.5)).mean()))
    shipped = np.array([pol.politeness(t).score for t in texts])
    hand = x @ prior() + offset
    return {"rows": len(y), "cv_auc": float(np.mean(aucs)), "cv_auc_sd": float(np.std(aucs)),
            "cv_accuracy": float(np.mean(accs)), "shipped_auc": roc_auc((y > 0.5).tolist(), shipped.tolist()),
            "shipped_accuracy": float(((shipped > 0.5) == (y > 0.5)).mean()), "hand_set_auc": roc_auc((y > 0.5).tolist(), hand.tolist())}


def rater_agreement(rows: Sequence[Rated]) -> dict[str, float]:
    """One rater against the other four: each rater's scores are z-normalised over everything they rated; for each
    rater slot, the top/bottom quartile of the other four's mean is the label and the left-out rater's z-score the
    prediction (AUC; accuracy with z > 0 read as polite). Averaged over the five slots."""
    by_rater: dict[str, list[float]] = {}
    for row in rows:
        for rater, value in row.ratings:
            by_rater.setdefault(rater, []).append(value)
    stats = {k: (float(np.mean(v)), float(np.std(v)) or 1.0) for k, v in by_rater.items()}
    z = np.array([[(value - stats[rater][0]) / stats[rater][1] for rater, value in row.ratings] for row in rows])
    aucs, accs = [], []
    for k in range(z.shape[1]):
        others = np.delete(z, k, axis=1).mean(axis=1)
        low, high = np.quantile(others, 0.25), np.quantile(others, 0.75)
        keep = (others <= low) | (others >= high)
        label = others[keep] >= high
        aucs.append(roc_auc(label.tolist(), z[keep, k].tolist()))
        accs.append(float(((z[keep, k] > 0) == label).mean()))
    return {"one_rater_vs_others_auc": float(np.mean(aucs)), "one_rater_vs_others_accuracy": float(np.mean(accs))}


def cross_community(rows: Sequence[Rated]) -> dict[str, float | str]:
    """Weights fitted on the largest community's quartile rows, scored on every other community's, and back."""
    kept = quartile_rows(list(rows))
    counts: dict[str, int] = {}
    for row, _ in kept:
        counts[row.community] = counts.get(row.community, 0) + 1
    largest = max(counts, key=lambda c: counts[c])
    x, offset = strategy_matrix([row.text for row, _ in kept])
    y = np.array([label for _, label in kept], dtype=float)
    inside = np.array([row.community == largest for row, _ in kept])
    out: dict[str, float | str] = {"largest_community": largest, "largest_rows": int(inside.sum()),
                                   "other_rows": int((~inside).sum())}
    for name, train, test in (("largest_to_others_auc", inside, ~inside), ("others_to_largest_auc", ~inside, inside)):
        w = fit(x[train], y[train], offset[train])
        out[name] = roc_auc((y[test] > 0.5).tolist(), (x[test] @ w + offset[test]).tolist())
    return out


def limits(rows: Sequence[Rated]) -> dict[str, float | str]:
    """The human ceiling and the cross-community transfer (see the module docstring)."""
    return {**rater_agreement(rows), **cross_community(rows)}
