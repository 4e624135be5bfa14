"""Stack Exchange politeness ratings (Danescu-Niculescu-Mizil et al., ACL 2013), read in place.

``<repo>/../shared/datasets/politeness/stack-exchange.annotated.csv``: 6,603 requests, each rated by 5 people;
``Normalized Score`` is their mean after each rater's scores are z-normalised. The paper's binary task: top
quartile polite, bottom impolite.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from evaluation.datasets.mtrag import REPO_ROOT, DatasetMissing

DEFAULT_PATH = REPO_ROOT.parent / "shared" / "datasets" / "politeness" / "stack-exchange.annotated.csv"
RATERS = 5

__all__ = ["DEFAULT_PATH", "DatasetMissing", "Rated", "load_quartiles", "load_rated"]


@dataclass(frozen=True)
class Rated:
    """One rated request: its text, community, the normalised mean rating, and each rater's (id, raw score)."""

    text: str
    community: str
    score: float
    ratings: tuple[tuple[str, float], ...]


def load_rated(path: Path | None = None) -> list[Rated]:
    """Every rated request in file order."""
    target = Path(path or DEFAULT_PATH)
    if not target.exists():
        raise DatasetMissing(f"politeness ratings not found at {target} "
                             "(expected ../shared/datasets/politeness/stack-exchange.annotated.csv)")
    with open(target, encoding="utf-8", newline="") as fh:
        return [Rated(text=r["Request"], community=(r.get("Community") or "").split(" ", 1)[-1],
                      score=float(r["Normalized Score"]),
                      ratings=tuple((r[f"TurkId{i}"], float(r[f"Score{i}"])) for i in range(1, RATERS + 1)))
                for r in csv.DictReader(fh) if r.get("Request")]


def quartile_rows(rows: list[Rated]) -> list[tuple[Rated, int]]:
    """The rows in the top (label 1) or bottom (label 0) quartile of the normalised rating, in file order."""
    scores = sorted(r.score for r in rows)
    low, high = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    return [(r, int(r.score >= high)) for r in rows if r.score >= high or r.score <= low]


def load_quartiles(path: Path | None = None) -> tuple[list[str], list[int]]:
    """(requests, labels): 1 for the top quartile of the rating, 0 for the bottom one, in file order."""
    kept = quartile_rows(load_rated(path))
    return [r.text for r, _ in kept], [y for _, y in kept]
