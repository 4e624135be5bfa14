"""Fit the confidence model (``assistant/confidence_model.json``) on the labelled drafts.

Input: the JSONL of ``caredraft eval confidence --export FILE`` (every labelled request drafted with the current
code, with the model's features) and the label file: a row counts when its draft is the one judged there, so
judgements applied after the export need no second export. Prints in-sample,
5-fold cross-validated (5 repeats) and leave-one-knowledge-base-out ROC AUC for "good", overall and per base, the
cross-validated reliability table and the weights, then writes the model (unless ``--dry-run``).

Usage: ``python scripts/fit_confidence.py drafts.jsonl [--c 0.3] [--dry-run] [--judged-on COMMIT]``
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.confidence import MODEL_PATH  # noqa: E402
from evaluation.confidence_fit import DEFAULT_C, FitError, evaluate, fit, rows_to_xy  # noqa: E402
from evaluation.labelled import LABELS_PATH, LabelsError, load_labels, read_export, relabelled_rows  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("export", type=Path, help="JSONL from 'caredraft eval confidence --export'")
    parser.add_argument("--c", type=float, default=DEFAULT_C, help="inverse L2 strength on standardised features")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    parser.add_argument("--judged-on", help="code version the labels were judged on (recorded in the model)")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--labels", type=Path, default=LABELS_PATH,
                        help="label file; a row counts when its exported draft is the one judged there")
    args = parser.parse_args()
    try:
        x, y, kb, ids = rows_to_xy(relabelled_rows(read_export(args.export), load_labels(args.labels)))
        if len(ids) < 20:
            raise FitError(f"only {len(ids)} current labelled drafts in {args.export}: relabel the stale ones first")
        figures = evaluate(x, y, kb, c=args.c)
        model = fit(x, y, c=args.c)
    except (LabelsError, FitError) as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{'set':10s} {'n':>4s} {'good':>4s} {'in-sample':>9s} {'5-fold CV':>9s} {'leave-KB-out':>12s}")
    for name, g in figures.items():
        if isinstance(g, dict) and "auc_in_sample" in g:
            cells = [("n/a" if g[k] is None else f"{g[k]:.3f}") for k in
                     ("auc_in_sample", "auc_cross_validated", "auc_leave_kb_out")]
            print(f"{name:10s} {g['n']:4d} {g['good']:4d} {cells[0]:>9s} {cells[1]:>9s} {cells[2]:>12s}")
    print("reliability (cross-validated probabilities):")
    for row in figures["reliability_cross_validated"]:
        print(f"  {row['bin']:10s} n={row['n']:3d} mean={row['mean_confidence']:.3f} good={row['share_good']:.3f}")
    print(f"  ECE {figures['ece_cross_validated']}")
    flag = figures["flag_cross_validated"]
    print(f"  flag under {flag['threshold']}: {flag['flagged']['n']} drafts, share good {flag['flagged']['share_good']}; "
          f"unflagged {flag['unflagged']['n']}, share good {flag['unflagged']['share_good']}")
    for name, coef, mean in zip(model.features, model.coef, model.mean):
        print(f"  {name:16s} {coef:+.3f}   (mean {mean:.3f})")
    print(f"  {'intercept':16s} {model.intercept:+.3f}")
    if not args.dry_run:
        meta = {"fitted_on": {name: {"n": g["n"], "good": g["good"]} for name, g in figures.items()
                              if isinstance(g, dict) and "auc_in_sample" in g},
                "c": args.c, "judged_on": args.judged_on,
                "auc": {name: {k: g[k] for k in ("auc_in_sample", "auc_cross_validated", "auc_leave_kb_out")}
                        for name, g in figures.items() if isinstance(g, dict) and "auc_in_sample" in g},
                "ece_cross_validated": figures["ece_cross_validated"],
                "reliability_cross_validated": figures["reliability_cross_validated"],
                "flag_cross_validated": figures["flag_cross_validated"],
                "low_confidence": figures["low_confidence"]}
        fitted = fit(x, y, c=args.c, meta=meta)
        fitted.save(args.out)
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
