"""MTRAG-UN adapter: draft from each task's own passages and judge the draft by the task's answerability.

The data (IBM's mt-rag-benchmark, Apache-2.0) is read in place from ``<repo>/../shared/datasets/mtrag-un/
reference.jsonl`` and never copied into the repository. A draft is right for its class when:

- ANSWERABLE: it answers, and it covers the reference answer: ``fact_coverage`` is the share of the reference's
  factual sentences that the draft supports (the support scorer with the draft as the source), so a reply that
  answers something else ("I'll confirm the shipping options" to a vaccine question) scores near 0 and fails;
- UNDERSPECIFIED: its behaviour is ``clarify`` and it asks the customer a real question;
- PARTIAL: its behaviour is ``partial`` and it says what it could not cover;
- UNANSWERABLE: it does not answer (``handover``, ``decline``, ``clarify`` or a ``partial`` that states the gap):
  no invented answer.

The behaviour is the draft's own label when it records one, else inferred from its wording
(``evaluation.metrics.behaviour``). Results are reported overall, per answerability class and per collection.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.jsonlines import json_lines
from assistant.types import MAX_MESSAGE_CHARS, Passage, Ticket, Turn
from evaluation.report import atomic_write

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = REPO_ROOT.parent / "shared" / "datasets" / "mtrag-un" / "reference.jsonl"
EXPECTED_BEHAVIOUR = {"ANSWERABLE": "answer", "UNANSWERABLE": "handover|decline|clarify|partial",
                      "UNDERSPECIFIED": "clarify", "PARTIAL": "partial"}
# An answerable task counts as answered correctly only when the draft covers at least this share of the reference.
MIN_COVERAGE = 0.5
CLASSES = ("ANSWERABLE", "PARTIAL", "UNDERSPECIFIED", "UNANSWERABLE")


class DatasetMissing(RuntimeError):
    """The dataset file is not there; callers skip with this message."""


@dataclass
class MtragTask:
    task_id: str
    collection: str
    answerability: str
    question: str
    history: list[Turn]
    passages: list[Passage]
    reference: str | None

    def ticket(self) -> Ticket:
        """The request as the drafter gets it: the last user turn, the turns before it, a chat."""
        return Ticket(message=self.question, history=self.history, channel="chat")


def dataset_path(path: Path | None = None) -> Path:
    target = Path(path) if path else DEFAULT_PATH
    if not target.exists():
        raise DatasetMissing(f"MTRAG-UN data not found at {target} (expected ../shared/datasets/mtrag-un/reference.jsonl)")
    return target


def load_tasks(path: Path | None = None, *, limit: int | None = None,
               per_class: int | None = None, skip: int = 0) -> Iterator[MtragTask]:
    """The tasks of ``reference.jsonl`` in file order: the first ``limit``, and at most ``per_class`` of each
    answerability class (a stratified sample: the classes are far from balanced in the file).

    ``skip`` passes over the first N tasks (of each class when ``per_class`` is given), so one slice can be used
    for development and a later one held out for reporting."""
    if skip < 0:
        raise ValueError(f"skip must be 0 or more, got {skip}")
    with open(dataset_path(path), encoding="utf-8") as fh:
        count = 0
        skipped = 0
        seen: dict[str, int] = defaultdict(int)
        passed: dict[str, int] = defaultdict(int)
        for line in json_lines(fh, objects=True):
            if limit is not None and count >= limit:
                return
            if line.error:
                raise ValueError(f"{dataset_path(path)}: line {line.number}: {line.error}")
            task = _task(line.value)
            if per_class is not None:
                if passed[task.answerability] < skip:
                    passed[task.answerability] += 1
                    continue
                if seen[task.answerability] >= per_class:
                    continue
                seen[task.answerability] += 1
            elif skipped < skip:
                skipped += 1
                continue
            yield task
            count += 1


def _task(raw: dict[str, Any]) -> MtragTask:
    turns = [t for t in raw.get("input", []) if (t.get("text") or "").strip()]
    last_user = max((i for i, t in enumerate(turns) if t.get("speaker") == "user"), default=len(turns) - 1)
    question = turns[last_user]["text"].strip()[:MAX_MESSAGE_CHARS] if turns else "(no question)"
    history = [Turn(role="customer" if t.get("speaker") == "user" else "agent", text=t["text"].strip()[:MAX_MESSAGE_CHARS])
               for t in turns[:last_user]]
    passages: list[Passage] = []
    for marker, ctx in enumerate(raw.get("contexts") or [], start=1):
        text = (ctx.get("text") or "").strip()
        if not text:
            continue
        doc_id = str(ctx.get("document_id") or f"ctx-{marker}")
        title = (ctx.get("title") or "").strip() or text.split("\n", 1)[0][:80]
        passages.append(Passage(marker=len(passages) + 1, doc_id=doc_id, chunk_id=f"{doc_id}#{marker}", title=title,
                                url=ctx.get("url"), text=text, score=1.0))
    answerability = raw.get("answerability")
    if isinstance(answerability, list):
        answerability = answerability[0] if answerability else "ANSWERABLE"
    targets = raw.get("targets") or []
    return MtragTask(
        task_id=str(raw.get("task_id")),
        collection=str(raw.get("Collection") or "unknown"),
        answerability=str(answerability or "ANSWERABLE").upper(),
        question=question,
        history=history,
        passages=passages,
        reference=targets[0].get("text") if targets else None,
    )


def behaviour_ok(answerability: str, behaviour: str, text: str, n_citations: int = 0,
                 coverage: float | None = None, cited: Sequence[str] = ()) -> bool:
    """Is ``behaviour`` (carried out by ``text``) right for a task of this answerability; see the module docstring.
    ``cited``: the texts of the passages the reply cites."""
    from evaluation.metrics.behaviour import judge

    judged = judge(EXPECTED_BEHAVIOUR.get(answerability, "answer"), behaviour, text, n_citations, cited)
    if answerability == "ANSWERABLE":
        return bool(judged["correct"]) and coverage is not None and coverage >= MIN_COVERAGE
    return bool(judged["correct"])


def reference_coverage(draft: str, reference: str | None, support: Any) -> float | None:
    """Share of the reference answer's factual sentences that the draft supports (None without a reference)."""
    from evaluation.metrics import accuracy as acc
    from evaluation.scoring import strip_signoff

    if not reference:
        return None
    facts = acc.factual_sentences(reference)
    if not facts:
        return None
    body = acc.strip_markers(strip_signoff(draft))
    covered = acc.fact_coverage(body, [{"meaning": f} for f in facts], support)["covered"]
    return round(sum(covered) / len(covered), 6)


def run_mtrag(
    drafter: Any,
    *,
    report_dir: Path | str,
    limit: int | None = None,
    backend: str | None = None,
    path: Path | None = None,
    scorer: Any = None,
    progress: Callable[[int, int], None] | None = None,
    per_class: int | None = None,
    skip: int = 0,
) -> dict[str, Any]:
    """Draft and score MTRAG-UN tasks; write ``mtrag.json`` and ``mtrag.md`` under ``report_dir``; return the report."""
    from evaluation.metrics import accuracy as acc
    from evaluation.metrics.behaviour import draft_behaviour, form_problems
    from evaluation.runner import _scorer_for

    tasks = list(load_tasks(path, limit=limit, per_class=per_class, skip=skip))
    scorer = scorer or _scorer_for(drafter)
    rows = []
    for done, task in enumerate(tasks, start=1):
        draft = drafter.draft_from_passages(task.ticket(), task.passages, backend=backend)
        grounded = acc.groundedness(draft.text, [p.text for p in task.passages], scorer.support)
        behaviour, source = draft_behaviour(draft)
        coverage = reference_coverage(draft.text, task.reference, scorer.support) if task.answerability == "ANSWERABLE" else None
        rows.append({
            "task_id": task.task_id,
            "collection": task.collection,
            "answerability": task.answerability,
            "question": task.question,
            "reference": task.reference,
            "draft": draft.text,
            "confidence": round(float(draft.confidence), 4),
            "flags": [f.type for f in draft.flags],
            "groundedness": round(float(grounded["score"]), 6),
            "behaviour": behaviour,
            "behaviour_source": source,
            "behaviour_problems": form_problems(behaviour, draft.text, len(draft.citations),
                                                [c.passage for c in draft.citations]),
            "fact_coverage": coverage,
            "expected_behaviour": EXPECTED_BEHAVIOUR.get(task.answerability, "answer"),
            "behaviour_ok": behaviour_ok(task.answerability, behaviour, draft.text, len(draft.citations), coverage,
                                         [c.passage for c in draft.citations]),
        })
        if progress:
            progress(done, len(tasks))
    report = summarise_rows(rows)
    report["dataset"] = str(dataset_path(path))
    report["selection"] = {"skip": skip, "per_class": per_class, "limit": limit}
    out = Path(report_dir)
    json_path, md_path = out / "mtrag.json", out / "mtrag.md"
    report["paths"] = [str(json_path), str(md_path)]
    atomic_write(json_path, json.dumps(report, indent=2, ensure_ascii=False))
    atomic_write(md_path, _markdown(report))
    return report


def summarise_rows(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Overall, per answerability class and per collection figures of scored task rows."""
    from evaluation.metrics.calibration import reliability, roc_auc

    scored = [r for r in rows if isinstance(r.get("confidence"), (int, float))]
    auc = roc_auc([r["confidence"] for r in scored], [r["behaviour_ok"] for r in scored]) if scored else float("nan")
    return {
        "tasks": len(rows),
        "overall": _group(rows),
        "by_answerability": {k: _group(v) for k, v in sorted(_split(rows, "answerability").items(),
                                                              key=lambda kv: _class_order(kv[0]))},
        "by_collection": {k: _group(v) for k, v in sorted(_split(rows, "collection").items())},
        "confidence_auc": None if auc != auc else round(auc, 6),
        "reliability": reliability([r["confidence"] for r in scored], [r["behaviour_ok"] for r in scored]),
        "rows": rows,
    }


def _class_order(name: str) -> int:
    return CLASSES.index(name) if name in CLASSES else len(CLASSES)


def _split(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    from evaluation.suite import BEHAVIOURS

    if not rows:
        return {"tasks": 0, "groundedness": float("nan"), "behaviour_accuracy": float("nan")}
    # Groundedness is only meaningful where the reply answers from passages.
    answered = [r["groundedness"] for r in rows if r["behaviour"] in ("answer", "partial")]
    coverage = [r["fact_coverage"] for r in rows if isinstance(r.get("fact_coverage"), (int, float))]
    return {
        "tasks": len(rows),
        "groundedness": round(statistics.fmean(r["groundedness"] for r in rows), 6),
        "groundedness_answered": round(statistics.fmean(answered), 6) if answered else None,
        "behaviour_accuracy": round(sum(r["behaviour_ok"] for r in rows) / len(rows), 6),
        "fact_coverage": round(statistics.fmean(coverage), 6) if coverage else None,
        "behaviours": {b: sum(r["behaviour"] == b for r in rows) for b in BEHAVIOURS},
    }


def _selection(sel: dict[str, Any]) -> str:
    """The slice of the file a report covers, in words."""
    parts = [f"first {sel['per_class']} of each class" if sel.get("per_class") else "all tasks"]
    if sel.get("skip"):
        parts.append(f"after skipping {sel['skip']}" + (" of each class" if sel.get("per_class") else ""))
    if sel.get("limit"):
        parts.append(f"at most {sel['limit']}")
    return ", ".join(parts)


def _markdown(report: dict[str, Any]) -> str:
    lines = ["# MTRAG-UN evaluation", "", f"- tasks: {report['tasks']}", f"- data: `{report['dataset']}`",
             f"- selection: {_selection(report.get('selection') or {})}",
             "- right: ANSWERABLE answers and covers the reference (fact coverage >= "
             f"{MIN_COVERAGE}); UNDERSPECIFIED asks a clarifying question; PARTIAL says what is missing; "
             "UNANSWERABLE does not answer", ""]
    for group in ("overall", "by_answerability", "by_collection"):
        rows = {"all": report["overall"]} if group == "overall" else report[group]
        lines += [f"## {group.replace('_', ' ')}", "",
                  "| group | tasks | right | fact coverage | groundedness | answer/partial/clarify/handover/decline |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, row in rows.items():
            b = row.get("behaviours", {})
            cov = row.get("fact_coverage")
            lines.append(f"| {name} | {row['tasks']} | {row['behaviour_accuracy']:.3f} | "
                         f"{'-' if cov is None else f'{cov:.3f}'} | {row['groundedness']:.3f} | "
                         + "/".join(str(b.get(k, 0)) for k in ("answer", "partial", "clarify", "handover", "decline"))
                         + " |")
        lines.append("")
    auc = report.get("confidence_auc")
    lines += ["## Confidence", "", f"ROC AUC of confidence for a right draft: {'n/a' if auc is None else f'{auc:.3f}'}", "",
              "| confidence bin | tasks | mean confidence | share right |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['bin']} | {r['n']} | {r['mean_confidence']:.3f} | {r['share_good']:.3f} |" for r in report.get("reliability", [])]
    wrong = [r for r in report["rows"] if not r["behaviour_ok"]][:40]
    if wrong:
        lines += ["", f"## Wrong drafts (first {len(wrong)})", ""]
        for r in wrong:
            cov = "" if r.get("fact_coverage") is None else f", coverage {r['fact_coverage']:.2f}"
            lines += [f"### {r['task_id']} ({r['answerability']}: drafted {r['behaviour']}{cov})", "",
                      f"**Question:** {r['question']}", "", f"**Draft:** {' '.join(r['draft'].split())}", ""]
            if r.get("reference"):
                lines += [f"**Reference:** {' '.join(r['reference'].split())}", ""]
    return "\n".join(lines) + "\n"
