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


# Table 3 of the paper (its Wikipedia requests): the mean normalised score of the requests showing each strategy
# and the share of them in the top quartile. Set beside the same two figures measured here on Stack Exchange.
PAPER_TABLE3: dict[str, tuple[float, float]] = {
    "gratitude": (0.87, 0.78), "deference": (0.78, 0.70), "greeting": (0.43, 0.45), "positive_lexicon": (0.12, 0.32),
    "negative_lexicon": (-0.13, 0.22), "apology": (0.36, 0.53), "please": (0.49, 0.57), "please_start": (-0.30, 0.22),
    "indirect_btw": (0.63, 0.58), "direct_question": (-0.27, 0.15), "direct_start": (-0.43, 0.09),
    "counterfactual_modal": (0.47, 0.52), "indicative_modal": (0.09, 0.27), "first_person_start": (0.12, 0.29),
    "first_person_plural": (0.08, 0.27), "first_person": (0.08, 0.28), "second_person": (0.05, 0.30),
    "second_person_start": (-0.30, 0.17), "hedges": (0.14, 0.35), "factuality": (-0.38, 0.13)}


def strategy_table(rows: Sequence[Rated]) -> list[dict[str, float | str]]:
    """Per strategy the detector knows: how often it fires over all requests, the mean normalised score and the
    share in the top quartile of the requests where it fires (the paper's Table 3 figures beside them), and its
    AUC alone on the quartile task (1 if present, 0 if not)."""
    scores = np.array([r.score for r in rows])
    top = float(np.quantile(scores, 0.75))
    found = [pol.strategies(r.text) for r in rows]
    kept_ids = {id(r): label for r, label in quartile_rows(list(rows))}
    in_quartiles = np.array([id(r) in kept_ids for r in rows])
    labels = [kept_ids[id(r)] == 1 for r in rows if id(r) in kept_ids]
    table: list[dict[str, float | str]] = []
    for name in sorted({k for f in found for k in f}):
        has = np.array([name in f for f in found])
        paper = PAPER_TABLE3.get(name)
        table.append({"strategy": name, "share": round(float(has.mean()), 4),
                      "mean_score": round(float(scores[has].mean()), 3),
                      "paper_mean_score": paper[0] if paper else "-",
                      "top_quartile": round(float((scores[has] >= top).mean()), 3),
                      "paper_top_quartile": paper[1] if paper else "-",
                      "auc_alone": round(roc_auc(labels, has[in_quartiles].astype(float).tolist()), 3)})
    return table


def community_transfer(rows: Sequence[Rated], folds: int = 5, seed: int = 0) -> dict:
    """Where the strategy weights carry: 5-fold AUC and accuracy within the largest community alone, the weights
    fitted on it scored on each other community (AUC per community), and leave-one-community-out (each community
    scored by weights fitted on all the others; pooled AUC and the mean of the per-community AUCs)."""
    from sklearn.model_selection import StratifiedKFold

    kept = quartile_rows(list(rows))
    y = np.array([label for _, label in kept], dtype=float)
    groups = np.array([row.community for row, _ in kept])
    x, offset = strategy_matrix([row.text for row, _ in kept])
    counts = {g: int((groups == g).sum()) for g in set(groups)}
    largest = max(counts, key=lambda g: counts[g])
    inside = np.where(groups == largest)[0]
    aucs, accs = [], []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(inside, y[inside]):
        tr, te = inside[train], inside[test]
        z = x[te] @ fit(x[tr], y[tr], offset[tr]) + offset[te]
        aucs.append(roc_auc((y[te] > 0.5).tolist(), z.tolist()))
        accs.append(float(((z > 0) == (y[te] > 0.5)).mean()))
    w = fit(x[inside], y[inside], offset[inside])
    per_community = []
    for g in sorted(counts, key=lambda g: -counts[g]):
        if g == largest:
            continue
        mask = groups == g
        per_community.append({"community": g, "rows": counts[g],
                              "auc": round(roc_auc((y[mask] > 0.5).tolist(), (x[mask] @ w + offset[mask]).tolist()), 3)})
    pooled = np.zeros(len(y))
    for g in counts:
        mask = groups == g
        pooled[mask] = x[mask] @ fit(x[~mask], y[~mask], offset[~mask]) + offset[mask]
    loco = [roc_auc((y[groups == g] > 0.5).tolist(), pooled[groups == g].tolist()) for g in counts]
    return {"largest_community": largest, "within_largest_auc": float(np.mean(aucs)),
            "within_largest_accuracy": float(np.mean(accs)), "per_community": per_community,
            "loco_pooled_auc": roc_auc((y > 0.5).tolist(), pooled.tolist()),
            "loco_mean_community_auc": float(np.nanmean(loco))}


def bag_of_words_reference(texts: Sequence[str], labels: Sequence[int], folds: int = 5, seed: int = 0) -> dict:
    """The paper's baseline kind of classifier, for scale only (never shipped: its features are the corpus's own
    words): binary unigrams, L2 logistic regression, 5-fold AUC and accuracy; then with the strategies added."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.asarray(labels)
    x, _ = strategy_matrix(texts)
    out: dict[str, float] = {}
    for name, with_strategies in (("unigrams", False), ("unigrams_and_strategies", True)):
        aucs, accs = [], []
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
            vec = CountVectorizer(binary=True, min_df=2)
            a = vec.fit_transform([texts[i] for i in train])
            b = vec.transform([texts[i] for i in test])
            if with_strategies:
                a, b = hstack([a, csr_matrix(x[train])]).tocsr(), hstack([b, csr_matrix(x[test])]).tocsr()
            z = LogisticRegression(C=0.1, max_iter=3000).fit(a, y[train]).decision_function(b)
            aucs.append(roc_auc((y[test] == 1).tolist(), z.tolist()))
            accs.append(float(((z > 0) == (y[test] == 1)).mean()))
        out[f"{name}_auc"], out[f"{name}_accuracy"] = float(np.mean(aucs)), float(np.mean(accs))
    return out
