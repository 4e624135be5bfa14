"""MTRAG-UN adapter: draft from each task's own passages and check groundedness and behaviour by answerability.

The data (IBM's mt-rag-benchmark, Apache-2.0) is read in place from ``<repo>/../shared/datasets/mtrag-un/
reference.jsonl`` and never copied into the repository. Expected behaviour per answerability class:

- ANSWERABLE -> answers;
- UNANSWERABLE -> does not invent an answer: says it cannot / hands over to the agent (``escalate``);
- UNDERSPECIFIED -> asks a clarifying question (``clarify``);
- PARTIAL -> answers *and* says what it could not cover.

Results are reported overall, per collection (govt, ibmcloud, clapnq, fiqa) and per answerability class.
"""

from __future__ import annotations

import json
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.types import MAX_MESSAGE_CHARS, Passage, Ticket, Turn
from evaluation.report import atomic_write

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = REPO_ROOT.parent / "shared" / "datasets" / "mtrag-un" / "reference.jsonl"
EXPECTED_BEHAVIOUR = {"ANSWERABLE": "answer", "UNANSWERABLE": "escalate", "UNDERSPECIFIED": "clarify", "PARTIAL": "answer"}
# A partial answer must say what it could not cover: a phrase of this kind, or the drafter's needs-input flag.
_GAP = re.compile(
    r"\b(couldn'?t|could not|can'?t|cannot|don'?t|do not|wasn'?t|was not|isn'?t|is not)\s+(find|see|cover|confirm|say|"
    r"tell|answer|covered|mentioned|included|available|able)\b|\b(not|isn'?t)\s+(covered|mentioned|stated|included)\b|"
    r"\bno (information|details|source)\b|\b(sources?|passages?|documents?|articles?)\s+(don'?t|do not|doesn'?t|does not)\b|"
    r"\bcheck (with|on) (a colleague|the team|that)\b",
    re.IGNORECASE,
)


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


def dataset_path(path: Path | None = None) -> Path:
    target = Path(path) if path else DEFAULT_PATH
    if not target.exists():
        raise DatasetMissing(f"MTRAG-UN data not found at {target} (expected ../shared/datasets/mtrag-un/reference.jsonl)")
    return target


def load_tasks(path: Path | None = None, *, limit: int | None = None) -> Iterator[MtragTask]:
    """The tasks of ``reference.jsonl`` in file order (the first ``limit`` when given)."""
    with open(dataset_path(path), encoding="utf-8") as fh:
        count = 0
        for line in fh:
            if not line.strip():
                continue
            if limit is not None and count >= limit:
                return
            yield _task(json.loads(line))
            count += 1


def _task(raw: dict[str, Any]) -> MtragTask:
    turns = [t for t in raw.get("input", []) if (t.get("text") or "").strip()]
    last_user = max((i for i, t in enumerate(turns) if t.get("speaker") == "user"), default=len(turns) - 1)
    question = turns[last_user]["text"].strip()[:MAX_MESSAGE_CHARS] if turns else "(no question)"
    history = [Turn(role="customer" if t.get("speaker") == "user" else "agent", text=t["text"].strip()[:MAX_MESSAGE_CHARS])
               for t in turns[:last_user]]
    passages = []
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


def behaviour_ok(answerability: str, behaviour: str | None, text: str, flags: list[str]) -> bool:
    expected = EXPECTED_BEHAVIOUR.get(answerability, "answer")
    if answerability == "PARTIAL":
        return behaviour == "answer" and (bool(_GAP.search(text)) or "needs_agent_input" in flags)
    if answerability == "UNANSWERABLE":
        # Handing over and asking the customer to narrow it down are both honest ways not to invent an answer.
        return behaviour in ("escalate", "clarify")
    return behaviour == expected


def run_mtrag(
    drafter: Any,
    *,
    report_dir: Path | str,
    limit: int | None = None,
    backend: str | None = None,
    path: Path | None = None,
    scorer: Any = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Draft and score MTRAG-UN tasks; write ``mtrag.json`` and ``mtrag.md`` under ``report_dir``; return the report."""
    from evaluation.metrics import accuracy as acc
    from evaluation.runner import _scorer_for

    tasks = list(load_tasks(path, limit=limit))
    scorer = scorer or _scorer_for(drafter)
    rows = []
    for done, task in enumerate(tasks, start=1):
        ticket = Ticket(message=task.question, history=task.history, channel="chat")
        draft = drafter.draft_from_passages(ticket, task.passages, backend=backend)
        texts = [p.text for p in task.passages]
        grounded = acc.groundedness(draft.text, texts, scorer.support)
        flags = [f.type for f in draft.flags]
        behaviour = acc.behaviour(draft.text)
        rows.append({
            "task_id": task.task_id,
            "collection": task.collection,
            "answerability": task.answerability,
            "question": task.question,
            "draft": draft.text,
            "flags": flags,
            "groundedness": round(float(grounded["score"]), 6),
            "behaviour": behaviour,
            "expected_behaviour": EXPECTED_BEHAVIOUR.get(task.answerability, "answer"),
            "behaviour_ok": behaviour_ok(task.answerability, behaviour, draft.text, flags),
        })
        if progress:
            progress(done, len(tasks))
    report = {
        "dataset": str(dataset_path(path)),
        "tasks": len(rows),
        "overall": _group(rows),
        "by_answerability": {k: _group(v) for k, v in sorted(_split(rows, "answerability").items())},
        "by_collection": {k: _group(v) for k, v in sorted(_split(rows, "collection").items())},
        "rows": rows,
    }
    out = Path(report_dir)
    json_path, md_path = out / "mtrag.json", out / "mtrag.md"
    report["paths"] = [str(json_path), str(md_path)]
    atomic_write(json_path, json.dumps(report, indent=2, ensure_ascii=False))
    atomic_write(md_path, _markdown(report))
    return report


def _split(rows: list[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"tasks": 0, "groundedness": float("nan"), "behaviour_accuracy": float("nan")}
    # Groundedness is only meaningful where the reply answers from passages.
    answered = [r["groundedness"] for r in rows if r["behaviour"] == "answer"]
    return {
        "tasks": len(rows),
        "groundedness": round(statistics.fmean(r["groundedness"] for r in rows), 6),
        "groundedness_answered": round(statistics.fmean(answered), 6) if answered else None,
        "behaviour_accuracy": round(sum(r["behaviour_ok"] for r in rows) / len(rows), 6),
        "behaviours": {b: sum(r["behaviour"] == b for r in rows) for b in ("answer", "clarify", "escalate")},
    }


def _markdown(report: dict[str, Any]) -> str:
    lines = ["# MTRAG-UN evaluation", "", f"- tasks: {report['tasks']}", f"- data: `{report['dataset']}`", ""]
    for group in ("overall", "by_answerability", "by_collection"):
        rows = {"all": report["overall"]} if group == "overall" else report[group]
        lines += [f"## {group.replace('_', ' ')}", "", "| group | tasks | groundedness | behaviour ok | answer/clarify/escalate |",
                  "| --- | --- | --- | --- | --- |"]
        for name, row in rows.items():
            b = row.get("behaviours", {})
            lines.append(f"| {name} | {row['tasks']} | {row['groundedness']:.3f} | {row['behaviour_accuracy']:.3f} | "
                         f"{b.get('answer', 0)}/{b.get('clarify', 0)}/{b.get('escalate', 0)} |")
        lines.append("")
    return "\n".join(lines)
