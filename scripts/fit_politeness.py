"""Learn the weights of the politeness strategies from people's ratings (Stack Exchange requests, 5 raters each).

The paper's task: requests in the top quartile of the normalised rating are polite, the bottom quartile impolite.
A logistic regression over the fixed strategy list (``evaluation.metrics.politeness.PAPER_STRATEGIES``), without
intercept so that a text with no strategy stays at 0.5, L2-regularised towards the lexicon's hand-set weights
(the direction and rough size of each strategy's effect in the paper, measured on Wikipedia requests), so that
one community's habits ("please" often opens a moderator's instruction on Stack Exchange) move a weight only as
far as the data insists. 5-fold cross-validated AUC and accuracy
are printed, then the weights fitted on all rows are written to ``evaluation/lexicons/politeness_weights.json``.
No word of the corpus becomes a feature. Usage: ``python scripts/fit_politeness.py [--dry-run]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation.datasets.politeness import DatasetMissing, load_quartiles  # noqa: E402
from evaluation.metrics import politeness as pol  # noqa: E402

C = 0.05  # inverse regularisation strength, towards the prior weights


def features(texts: list[str]) -> np.ndarray:
    rows = []
    for text in texts:
        values = pol.strategy_values(pol.strategies(text), pol.sentiment_of(text))
        rows.append([values.get(name, 0.0) for name in pol.PAPER_STRATEGIES])
    return np.array(rows)


def offsets(texts: list[str]) -> np.ndarray:
    """The logit the care-specific strategies (fixed weights) add to each text."""
    weights = pol._patterns().weights
    out = []
    for text in texts:
        values = pol.strategy_values(pol.strategies(text), 0.0)
        out.append(sum(weights.get(k, 0.0) * v for k, v in values.items() if k not in pol.PAPER_STRATEGIES))
    return np.array(out)


def prior() -> np.ndarray:
    """The lexicon's hand-set logit weights of the paper's strategies (0 where it has none)."""
    hand = {k: pol._SLOPE * float(v) for k, v in pol.load_lexicon("politeness")["weights"].items()}
    return np.array([hand.get(name, 0.0) for name in pol.PAPER_STRATEGIES])


def fit(x: np.ndarray, y: np.ndarray, offset: np.ndarray, c: float = C) -> np.ndarray:
    """Weights of a logistic regression without intercept, with a fixed per-row offset (care strategies) and an
    L2 penalty on the distance to the prior weights."""
    from scipy.optimize import minimize

    w0 = prior()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w + offset
        p = 1.0 / (1.0 + np.exp(-z))
        eps = 1e-12
        d = w - w0
        nll = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps)) + (d @ d) / (2 * c * len(y))
        grad = x.T @ (p - y) / len(y) + d / (c * len(y))
        return float(nll), grad

    return minimize(loss, w0.copy(), jac=True, method="L-BFGS-B").x


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    args = parser.parse_args()
    try:
        texts, labels = load_quartiles()
    except DatasetMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import StratifiedKFold

    y = np.array(labels, dtype=float)
    x, off = features(texts), offsets(texts)
    aucs, accs = [], []
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(x, y):
        w = fit(x[train], y[train], off[train])
        z = x[test] @ w + off[test]
        aucs.append(roc_auc_score(y[test], z))
        accs.append(float(((z > 0) == (y[test] > 0.5)).mean()))
    z0 = x @ prior() + off
    print(f"hand-set weights: AUC {roc_auc_score(y, z0):.3f}, accuracy {float(((z0 > 0) == (y > 0.5)).mean()):.3f}")
    print(f"5-fold: AUC {np.mean(aucs):.3f} ± {np.std(aucs):.3f}, accuracy {np.mean(accs):.3f}  (n={len(y)}, C={C})")
    w = fit(x, y, off)
    for name, value in sorted(zip(pol.PAPER_STRATEGIES, w), key=lambda t: t[1]):
        print(f"  {name:22s} {value:+.3f}")
    if not args.dry_run:
        out = {"source": "Stack Exchange requests (Danescu-Niculescu-Mizil et al. 2013), top vs bottom quartile",
               "cv_auc": round(float(np.mean(aucs)), 4), "cv_accuracy": round(float(np.mean(accs)), 4), "c": C,
               "weights": {n: round(float(v), 4) for n, v in zip(pol.PAPER_STRATEGIES, w)}}
        pol.FITTED_WEIGHTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {pol.FITTED_WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
