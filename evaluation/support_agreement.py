"""How well a support score agrees with people: the labelled sets, the baselines and ROC AUC.

Sets (read in place from ``../shared/datasets``; ``DatasetMissing`` when absent):

- BEGIN dev splits (``wow``, ``cmu``, ``tc``): a dialogue response vs its knowledge passage, people's
  "fully attributable" as the positive class; ``low`` marks responses with low word overlap (under
  ``LOW_OVERLAP`` of their words found in the passage), the paraphrases that word counting misjudges;
- MTRAG-UN perturbations: sentences of reference answers vs their task's passages (positives) and one
  unfaithful twin of each (``evaluation.datasets.perturb``).

Baselines computed beside the score in the same run: the share of the response's words found in the passages,
and BERTScore-style token precision from the same embedder.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.grounding.features import word_share
from assistant.grounding.words import words_of

LOW_OVERLAP = 0.8  # a response with fewer than 80% of its words in the passage is no near-copy
MTRAG_MAX_CHARS = 4000  # 191 of the 332 answerable/partial tasks; longer ones cost minutes to encode on 2 cores


@dataclass(frozen=True)
class Labelled:
    text: str
    passages: tuple[str, ...]
    supported: bool
    source: str  # "wow", "cmu", "tc" or "mtrag"
    kind: str = ""  # perturbation kind for MTRAG, the human label for BEGIN
    group: str = ""  # the task or split the row comes from

    @property
    def word_share(self) -> float:
        return word_share(words_of(self.text), set(words_of(" ".join(self.passages))))

    @property
    def low_overlap(self) -> bool:
        return self.word_share < LOW_OVERLAP


def begin_rows(splits: Sequence[str] | None = None, limit: int | None = None) -> list[Labelled]:
    from evaluation.datasets.begin import SPLITS, load_begin

    out = []
    for split in splits or SPLITS:
        rows = load_begin(split)[:limit]
        out += [Labelled(r.response, (r.knowledge,), r.attributable, split, r.label, split) for r in rows]
    return out


def mtrag_rows(limit: int | None = None, *, per_task: int = 1, max_chars: int = MTRAG_MAX_CHARS) -> list[Labelled]:
    """Sentences of MTRAG-UN reference answers (answerable and partial tasks whose passages hold at most
    ``max_chars`` characters, the size of a reply's retrieved context) and one unfaithful twin each."""
    from assistant.grounding.sentences import split_sentences
    from evaluation.datasets.mtrag import load_tasks
    from evaluation.datasets.perturb import perturbed_examples

    tasks = []
    for task in load_tasks():
        size = sum(len(p.text) for p in task.passages)
        if task.answerability in ("ANSWERABLE", "PARTIAL") and task.reference and task.passages and size <= max_chars:
            sentences = [s for s in split_sentences(task.reference) if len(s.split()) >= 5 and not s.strip().endswith("?")]
            tasks.append((task.task_id.split("<::>")[0], [p.text for p in task.passages], sentences))
    examples = perturbed_examples(tasks[:limit], per_task=per_task)
    return [Labelled(e.sentence, e.passages, e.supported, "mtrag", e.kind, e.group) for e in examples]


def roc_auc(labels: Sequence[bool], scores: Sequence[float]) -> float:
    """Probability that a positive outscores a negative (ties count half); nan without both classes."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype=np.float64)
    n_pos, n_neg = int(y.sum()), int((~y).sum())
    if not n_pos or not n_neg:
        return float("nan")
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):  # average ranks over ties
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[y].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def agreement_table(rows: Sequence[Labelled], scores: dict[str, Sequence[float]],
                    subsets: dict[str, Callable[[Labelled], bool]] | None = None) -> list[dict]:
    """AUC of each named score on each source, and on each source's subsets (default: low word overlap)."""
    subsets = subsets if subsets is not None else {"low overlap": lambda r: r.low_overlap}
    table = []
    for source in dict.fromkeys(r.source for r in rows):
        groups = {source: [i for i, r in enumerate(rows) if r.source == source]}
        if source != "mtrag":
            for name, keep in subsets.items():
                groups[f"{source} {name}"] = [i for i in groups[source] if keep(rows[i])]
        for label, idx in groups.items():
            y = [rows[i].supported for i in idx]
            entry: dict = {"set": label, "rows": len(idx), "supported": int(sum(y))}
            for name, values in scores.items():
                entry[name] = round(roc_auc(y, [values[i] for i in idx]), 4)
            table.append(entry)
    return table
