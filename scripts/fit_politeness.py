"""Learn the weights of the politeness strategies from people's ratings (Stack Exchange requests, 5 raters each).

The paper's task: requests in the top quartile of the normalised rating are polite, the bottom quartile impolite.
A logistic regression over the fixed strategy list (``evaluation.metrics.politeness.PAPER_STRATEGIES``), see
``evaluation.politeness_agreement.fit``; 5-fold cross-validated AUC and accuracy are printed, then the weights
fitted on all rows are written to ``evaluation/lexicons/politeness_weights.json``. No word of the corpus becomes
a feature. Usage: ``python scripts/fit_politeness.py [--dry-run]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evaluation import politeness_agreement as agree  # noqa: E402
from evaluation.datasets.politeness import DatasetMissing, load_rated, quartile_rows  # noqa: E402
from evaluation.metrics import politeness as pol  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    args = parser.parse_args()
    try:
        rows = load_rated()
    except DatasetMissing as exc:
        print(exc, file=sys.stderr)
        return 2
    kept = quartile_rows(rows)
    texts, labels = [r.text for r, _ in kept], [y for _, y in kept]
    result = agree.cross_validate(texts, labels)
    print(f"5-fold: AUC {result['cv_auc']:.3f} ± {result['cv_auc_sd']:.3f}, accuracy {result['cv_accuracy']:.3f} "
          f"(n={result['rows']}, C={agree.C}); hand-set weights AUC {result['hand_set_auc']:.3f}")
    ceiling = agree.limits(rows)
    print(f"one rater vs the other four: AUC {ceiling['one_rater_vs_others_auc']:.3f}, accuracy "
          f"{ceiling['one_rater_vs_others_accuracy']:.3f}; fitted on {ceiling['largest_community']} -> others AUC "
          f"{ceiling['largest_to_others_auc']:.3f}, others -> it {ceiling['others_to_largest_auc']:.3f}")
    x, offset = agree.strategy_matrix(texts)
    w = agree.fit(x, np.asarray(labels, dtype=float), offset)
    for name, value in sorted(zip(pol.PAPER_STRATEGIES, w), key=lambda t: t[1]):
        print(f"  {name:22s} {value:+.3f}")
    if not args.dry_run:
        out = {"source": "Stack Exchange requests (Danescu-Niculescu-Mizil et al. 2013), top vs bottom quartile",
               "cv_auc": round(result["cv_auc"], 4), "cv_accuracy": round(result["cv_accuracy"], 4), "c": agree.C,
               "weights": {n: round(float(v), 4) for n, v in zip(pol.PAPER_STRATEGIES, w)}}
        pol.FITTED_WEIGHTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {pol.FITTED_WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
