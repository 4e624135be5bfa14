"""BEGIN (Dziri et al., TACL 2022): people's judgements of whether a dialogue response is supported by its knowledge.

Read in place from ``<repo>/../shared/datasets/begin/begin_dev_{wow,cmu,tc}.tsv`` (tab-separated, no quoting) and
never copied into the repository. A row is positive when people judged it ``Fully attributable``; ``Not fully
attributable`` and ``Generic`` are negatives.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from evaluation.datasets.mtrag import REPO_ROOT, DatasetMissing

DEFAULT_DIR = REPO_ROOT.parent / "shared" / "datasets" / "begin"
SPLITS = ("wow", "cmu", "tc")
SPLIT_NAMES = {"wow": "Wizard of Wikipedia", "cmu": "CMU-DoG", "tc": "Topical-Chat"}
POSITIVE = "Fully attributable"


@dataclass(frozen=True)
class BeginRow:
    split: str
    knowledge: str
    response: str
    label: str

    @property
    def attributable(self) -> bool:
        return self.label == POSITIVE


def load_begin(split: str, directory: Path | None = None) -> list[BeginRow]:
    """The rows of one development split (``wow``, ``cmu`` or ``tc``), in file order."""
    if split not in SPLITS:
        raise ValueError(f"unknown BEGIN split {split!r}; expected one of {', '.join(SPLITS)}")
    path = Path(directory or DEFAULT_DIR) / f"begin_dev_{split}.tsv"
    if not path.exists():
        raise DatasetMissing(f"BEGIN data not found at {path} (expected ../shared/datasets/begin/begin_dev_{split}.tsv)")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [BeginRow(split, row["knowledge"].strip(), row["response"].strip(), row["begin_label"].strip())
                for row in reader if (row.get("knowledge") or "").strip() and (row.get("response") or "").strip()]
