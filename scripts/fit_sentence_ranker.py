"""Fit (and judge) a sentence ranker on the features scripts/record_sentence_features.py recorded.

    python scripts/fit_sentence_ranker.py FEATS.jsonl [--calls first|all] [--out WEIGHTS.json]

A logistic regression on each candidate's score parts (and the same parts relative to the call's best, so the
model ranks within a call) predicts whether the sentence's passage is a gold section. Leave-one-set-out
cross-validation compares it on each held-out set with the hand score: precision@1 of the lead (the policy's own
lead vs. the model's most probable sentence), the mean within-call AUC (hand ``score_final`` vs. model), and the
precision of the chosen set (the policy's set; the same set without the followers the model gives under
``--drop`` probability, never the lead). With ``--out`` the model fitted on all sets is written as JSON.
"""
from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

FEATURES = ["sim", "sim_ask", "lexical", "overlap", "retrieval", "short", "cross_ref", "dangling", "anaphoric",
            "out_of_scope", "boost", "key_only", "same_amount", "window", "anchored", "kind_bonus", "own_case",
            "fit_final", "on_object", "pointed", "pointer", "score_final"]
LABEL = "gold"  # what a positive is: "gold" (the sentence's passage is a gold section) or "answer" (see labels)
RELATIVE = ["score_final", "fit_final", "sim_ask", "sim", "lexical", "retrieval"]  # minus the call's best


def matrix(call: dict) -> np.ndarray:
    cands = call["candidates"]
    raw = np.array([[c.get(f, c.get(f.replace("_final", ""), 0.0)) for f in FEATURES] for c in cands], dtype=float)
    rel = np.array([[c.get(f, 0.0) for f in RELATIVE] for c in cands], dtype=float)
    return np.hstack([raw, rel - rel.max(axis=0)])


ANSWERS = 0.3  # --label answer: a gold section's sentence whose words the excellent reply uses this much


def labels(call: dict) -> np.ndarray:
    if LABEL == "answer":  # the sentence, not only its section, answers
        return np.array([bool(c["gold"]) and c.get("reply_overlap", 0.0) >= ANSWERS for c in call["candidates"]],
                        dtype=int)
    return np.array([bool(c["gold"]) for c in call["candidates"]], dtype=int)


def fit(calls: list[dict], c: float) -> LogisticRegression:
    x = np.vstack([matrix(k) for k in calls])
    y = np.concatenate([labels(k) for k in calls])
    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(
        (x - x.mean(axis=0)) / (x.std(axis=0) + 1e-9), y), x.mean(axis=0), x.std(axis=0) + 1e-9


def judge(calls: list[dict], model, drop: float) -> dict[str, float]:  # noqa: ANN001
    lr, mu, sd = model
    p1_hand, p1_model, auc_hand, auc_model, set_hand, set_model, kept = [], [], [], [], [], [], []
    for call in calls:
        y = labels(call)
        lead = [i for i, c in enumerate(call["candidates"]) if c["lead"]]
        if not y.any() or not lead:
            continue  # no gold among the candidates (no choice can be right), or the policy found no answer
        prob = lr.predict_proba((matrix(call) - mu) / sd)[:, 1]
        hand = np.array([c["score_final"] for c in call["candidates"]])
        p1_hand.append(y[lead[0]])
        p1_model.append(y[int(np.argmax(prob))])
        if 0 < y.sum() < len(y):
            auc_hand.append(roc_auc_score(y, hand))
            auc_model.append(roc_auc_score(y, prob))
        chosen = [i for i, c in enumerate(call["candidates"]) if c["chosen"]]
        if chosen:
            set_hand.append(y[chosen].mean())
            keep = [i for i in chosen if call["candidates"][i]["lead"] or prob[i] >= drop] or chosen[:1]
            set_model.append(y[keep].mean())
            kept.append(len(keep) / len(chosen))
    mean = lambda v: float(np.mean(v)) if v else float("nan")  # noqa: E731
    return {"n": len(p1_hand), "p1_hand": mean(p1_hand), "p1_model": mean(p1_model), "auc_hand": mean(auc_hand),
            "auc_model": mean(auc_model), "set_hand": mean(set_hand), "set_model": mean(set_model),
            "kept": mean(kept)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("feats", type=Path)
    ap.add_argument("--calls", choices=["first", "all"], default="first")
    ap.add_argument("--c", type=float, default=0.3)
    ap.add_argument("--drop", type=float, default=0.3)
    ap.add_argument("--label", choices=["gold", "answer"], default="gold")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args()
    global LABEL
    LABEL = a.label
    calls = [json.loads(line) for line in a.feats.read_text().splitlines() if line.strip()]
    calls = [k for k in calls if k["candidates"] and (a.calls == "all" or k["call"] == 0)]
    by_set: dict[str, list[dict]] = defaultdict(list)
    for k in calls:
        by_set[k["set"]].append(k)
    total: dict[str, list[float]] = defaultdict(list)
    print(f"{'set':6} {'n':>3}  P@1 hand model   AUC hand model   set-prec hand model (kept)")
    for name, held in by_set.items():
        r = judge(held, fit([k for k in calls if k["set"] != name], a.c), a.drop)
        for key, v in r.items():
            total[key] += [v] * (r["n"] if key != "n" else 1)
        print(f"{name:6} {r['n']:3}  {r['p1_hand']:.2f} {r['p1_model']:.2f}       {r['auc_hand']:.2f} "
              f"{r['auc_model']:.2f}        {r['set_hand']:.2f} {r['set_model']:.2f} ({r['kept']:.2f})")
    w = {k: float(np.nanmean(v)) for k, v in total.items() if k != "n"}
    print(f"{'ALL':6} {int(sum(total['n'])):3}  {w['p1_hand']:.2f} {w['p1_model']:.2f}       {w['auc_hand']:.2f} "
          f"{w['auc_model']:.2f}        {w['set_hand']:.2f} {w['set_model']:.2f} ({w['kept']:.2f})")
    if a.out:
        lr, mu, sd = fit(calls, a.c)
        names = FEATURES + [f"{f}_rel" for f in RELATIVE]
        a.out.write_text(json.dumps({"features": names, "mean": mu.tolist(), "scale": sd.tolist(),
                                     "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0])}, indent=1))


if __name__ == "__main__":
    main()
