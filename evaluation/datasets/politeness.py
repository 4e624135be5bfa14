"""Stack Exchange politeness ratings (Danescu-Niculescu-Mizil et al., ACL 2013), read in place.

``<repo>/../shared/datasets/politeness/stack-exchange.annotated.csv``: 6,603 requests, each rated by 5 people;
``Normalized Score`` is their normalised mean. The paper's binary task: top quartile polite, bottom impolite.
"""

from __future__ import annotations

import csv
from pathlib import Path

from evaluation.datasets.mtrag import REPO_ROOT, DatasetMissing

DEFAULT_PATH = REPO_ROOT.parent / "shared" / "datasets" / "politeness" / "stack-exchange.annotated.csv"

__all__ = ["DEFAULT_PATH", "DatasetMissing", "load_quartiles"]


def load_quartiles(path: Path | None = None) -> tuple[list[str], list[int]]:
    """(requests, labels): 1 for the top quartile of the rating, 0 for the bottom one, in file order."""
    target = Path(path or DEFAULT_PATH)
    if not target.exists():
        raise DatasetMissing(f"politeness ratings not found at {target} "
                             "(expected ../shared/datasets/politeness/stack-exchange.annotated.csv)")
    with open(target, encoding="utf-8", newline="") as fh:
        rows = [(r["Request"], float(r["Normalized Score"])) for r in csv.DictReader(fh) if r.get("Request")]
    scores = sorted(s for _, s in rows)
    low, high = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    kept = [(text, int(score >= high)) for text, score in rows if score >= high or score <= low]
    return [t for t, _ in kept], [y for _, y in kept]
