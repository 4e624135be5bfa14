"""Confidence against labelled drafts (issue 9, item 6): ROC AUC of confidence for "good" and a reliability table.

Every labelled request (evaluation/labels/confidence.yaml) is drafted again with the current code over the bundled
sample, the ABCD manual and MTRAG-UN (the last two read from ../shared/datasets; their items are reported as
unavailable when it is absent). Labels count only while the draft text is the one that was judged; changed drafts
are listed as stale (relabel them). Target: ROC AUC >= 0.85 over all current items.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from benchmarks.common import print_table, write_results  # noqa: E402

TARGET_AUC = 0.85


def main(quick: bool = False) -> None:
    from assistant.container import Container
    from assistant.settings import Settings
    from evaluation.labelled import draft_function, load_labels, measure

    labels = load_labels()
    items = labels.items[::4] if quick else labels.items
    with tempfile.TemporaryDirectory(prefix="bench-confidence-") as tmp:
        container = Container(Settings(data_dir=Path(tmp)))
        container.ensure_index()
        report = measure(items, draft_function(container))
    rows = []
    for name, group in report["groups"].items():
        rows.append({"knowledge base": name, "items": group["n"], "good": group["good"],
                     "ROC AUC good": group["roc_auc_good"] if group["roc_auc_good"] is not None else float("nan"),
                     "mean confidence": group["mean_confidence"] if group["mean_confidence"] is not None else float("nan"),
                     "ECE": group["ece"] if group["ece"] is not None else float("nan")})
    print_table(f"Confidence vs labels ({report['current']} current of {report['items']}, "
                f"{len(report['stale'])} stale, {len(report['unavailable'])} unavailable)", rows)
    print_table("Reliability (all current items)", [
        {"bin": r["bin"], "items": r["n"], "mean confidence": r["mean_confidence"], "share good": r["share_good"]}
        for r in report["groups"]["all"]["reliability"]])
    model_auc = (report.get("model") or {}).get("auc") or {}
    if model_auc:
        print_table("The model's held-out check at fitting (ROC AUC for good)", [
            {"knowledge base": name, "in-sample": v.get("auc_in_sample") or float("nan"),
             "5-fold CV": v.get("auc_cross_validated") or float("nan"),
             "leave-KB-out": v.get("auc_leave_kb_out") or float("nan")} for name, v in model_auc.items()])
    auc = report["groups"]["all"]["roc_auc_good"]
    cv = (model_auc.get("all") or {}).get("auc_cross_validated")
    print(f"target ROC AUC >= {TARGET_AUC}: in-sample {'met' if auc is not None and auc >= TARGET_AUC else 'NOT met'} "
          f"({auc}); cross-validated {'met' if cv is not None and cv >= TARGET_AUC else 'NOT met'} ({cv})")
    write_results("confidence", {
        "quick": quick, "items": report["items"], "current": report["current"], "stale": report["stale"],
        "unavailable": report["unavailable"], "labels": report["labels"], "groups": report["groups"],
        "model": report.get("model"), "target_roc_auc": TARGET_AUC,
    })


if __name__ == "__main__":
    main()
