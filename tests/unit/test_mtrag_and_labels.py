"""MTRAG-UN scoring on small fake tasks, and the labelled-confidence set's stale-label logic."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from evaluation.datasets.mtrag import behaviour_ok, run_mtrag
from evaluation.labelled import Item, LabelsError, flag_split, load_labels, measure, render_markdown, text_hash
from evaluation.scoring import ReplyScorer
from models.embedders import HashingEmbedder

VACCINE = "The flu vaccine is free for adults over 65 at any county clinic. Appointments can be booked online."


def _task(task_id: str, answerability: str, question: str, reference: str) -> dict:
    return {"task_id": task_id, "Collection": "govt", "answerability": [answerability],
            "input": [{"speaker": "user", "text": question}],
            "contexts": [{"document_id": "d1", "text": VACCINE}], "targets": [{"speaker": "agent", "text": reference}]}


@dataclass
class FakeDraft:
    text: str
    behaviour: str | None = None
    confidence: float = 0.9
    flags: list = field(default_factory=list)
    citations: list = field(default_factory=list)


class FakeDrafter:
    def __init__(self, replies: dict[str, FakeDraft]) -> None:
        self.replies = replies

    def draft_from_passages(self, ticket, passages, *, backend=None):  # noqa: ANN001, ANN201
        return self.replies[ticket.message]


def test_mtrag_judges_each_class_by_its_own_rule(tmp_path: Path) -> None:
    data = tmp_path / "reference.jsonl"
    tasks = [
        _task("a1", "ANSWERABLE", "Is the flu shot free for seniors?", VACCINE),
        _task("a2", "ANSWERABLE", "Where do I get the flu shot?", VACCINE),
        _task("u1", "UNDERSPECIFIED", "What about the other one?", "Which vaccine do you mean?"),
        _task("u2", "UNDERSPECIFIED", "And the form?", "Which form do you mean?"),
        _task("p1", "PARTIAL", "Is it free and does it hurt?", "It is free for adults over 65; pain is not covered."),
        _task("n1", "UNANSWERABLE", "Who invented the vaccine?", "I cannot answer that from the documents."),
    ]
    data.write_text("\n".join(json.dumps(t) for t in tasks) + "\n")
    drafter = FakeDrafter({
        "Is the flu shot free for seniors?": FakeDraft("Yes: the flu vaccine is free for adults over 65 at any county "
                                                       "clinic, and appointments can be booked online [1].", "answer"),
        # Answers, but something else: the form says "answer", the coverage says no.
        "Where do I get the flu shot?": FakeDraft("I'll confirm the shipping options for your parcel.", "answer"),
        "What about the other one?": FakeDraft("Which vaccine are you asking about?", "clarify"),
        "And the form?": FakeDraft("I'll look into the form for you.", "clarify"),  # labelled clarify, asks nothing
        "Is it free and does it hurt?": FakeDraft("It is free for adults over 65 [1]. Our documents don't say whether "
                                                  "it hurts; I'll check with the team.", "partial"),
        "Who invented the vaccine?": FakeDraft("The vaccine was invented in 1938 by a famous doctor.", None),
    })
    report = run_mtrag(drafter, report_dir=tmp_path / "out", path=data, scorer=ReplyScorer(HashingEmbedder()))
    ok = {r["task_id"]: r["behaviour_ok"] for r in report["rows"]}
    assert ok == {"a1": True, "a2": False, "u1": True, "u2": False, "p1": True, "n1": False}
    rows = {r["task_id"]: r for r in report["rows"]}
    assert rows["a1"]["fact_coverage"] > rows["a2"]["fact_coverage"] and rows["a2"]["fact_coverage"] < 0.5
    assert rows["n1"]["behaviour_source"] == "inferred" and rows["n1"]["behaviour"] == "answer"
    by = report["by_answerability"]
    assert by["UNDERSPECIFIED"]["behaviour_accuracy"] == 0.5 and by["ANSWERABLE"]["fact_coverage"] is not None
    md = (tmp_path / "out" / "mtrag.md").read_text()
    assert "fact coverage" in md and "## Wrong drafts" in md
    stratified = run_mtrag(drafter, report_dir=tmp_path / "one", path=data, per_class=1,
                           scorer=ReplyScorer(HashingEmbedder()))
    assert [r["task_id"] for r in stratified["rows"]] == ["a1", "u1", "p1", "n1"]
    # --skip 1 with --per-class 1: the second task of each class that has one, a held-out slice.
    held_out = run_mtrag(drafter, report_dir=tmp_path / "two", path=data, per_class=1, skip=1,
                         scorer=ReplyScorer(HashingEmbedder()))
    assert [r["task_id"] for r in held_out["rows"]] == ["a2", "u2"]
    assert held_out["selection"] == {"skip": 1, "per_class": 1, "limit": None}
    assert "after skipping 1 of each class" in (tmp_path / "two" / "mtrag.md").read_text()
    unstratified = run_mtrag(drafter, report_dir=tmp_path / "three", path=data, skip=4, limit=1,
                             scorer=ReplyScorer(HashingEmbedder()))
    assert [r["task_id"] for r in unstratified["rows"]] == ["p1"]


def test_partial_must_name_the_gap_and_unanswerable_must_not_answer() -> None:
    assert not behaviour_ok("PARTIAL", "partial", "It is free for adults over 65.")
    assert not behaviour_ok("PARTIAL", "answer", "It is free. The documents don't say whether it hurts.")
    assert behaviour_ok("UNANSWERABLE", "handover", "I don't have that information; a colleague will follow up.")
    assert not behaviour_ok("UNANSWERABLE", "answer", "It was invented in 1938.")
    assert not behaviour_ok("ANSWERABLE", "answer", "It is free.", coverage=0.2)


# ---- labelled confidence set ----------------------------------------------------------------------------------------


def _item(item_id: str, draft: str, label: str, kb: str = "sample") -> Item:
    request = {"knowledge_base": kb, "message": "How long do I have?"} if kb != "mtrag-un" else \
        {"knowledge_base": kb, "task_id": "t1"}
    body = {"draft": draft} if kb == "sample" else {"draft_sha256": text_hash(draft)}
    return Item.model_validate({"id": item_id, "request": request, "label": label, "reason": "because", **body})


def test_labels_count_only_while_the_judged_draft_is_unchanged() -> None:
    items = [_item("a", "You have 30 days.", "good"), _item("b", "Let me check.", "bad"),
             _item("c", "You have  30\ndays.", "good", kb="abcd"), _item("d", "Old text.", "good"),
             _item("e", "x", "bad", kb="mtrag-un")]
    fresh = {"a": FakeDraft("You have 30 days.", confidence=0.9), "b": FakeDraft("Let me check.", confidence=0.3),
             "c": FakeDraft("You have 30 days.", confidence=0.8), "d": FakeDraft("New text.", confidence=0.2), "e": None}
    report = measure(items, lambda item: fresh[item.id])
    assert report["current"] == 3 and report["stale"] == ["d"] and report["unavailable"] == ["e"]
    assert report["groups"]["all"]["roc_auc_good"] == 1.0
    assert report["groups"]["all"]["reliability"][0]["bin"] == "0.20–0.35"
    # the low-confidence flag's split: how many current drafts fall under it, and how many of those were good
    flag = flag_split([0.9, 0.3, 0.8], [True, False, True], threshold=0.5)
    assert flag == {"threshold": 0.5, "flagged": {"n": 1, "share_good": 0.0}, "unflagged": {"n": 2, "share_good": 1.0}}
    assert "flagged" in report["groups"]["all"]["flag"]
    text = render_markdown(report)
    assert "Low-confidence flag" in text and "share good" in text


def test_label_file_errors_name_the_item(tmp_path: Path) -> None:
    path = tmp_path / "labels.yaml"
    path.write_text("rubric: r\nitems:\n  - {id: a, request: {knowledge_base: sample, message: hi}, label: fine, "
                    "reason: ok ok, draft: d}\n")
    with pytest.raises(LabelsError, match=r"item 1 \(a\).*label"):
        load_labels(path)
    path.write_text("rubric: r\nitems:\n  - {id: a, request: {knowledge_base: mtrag-un}, label: good, reason: fine, draft: d}\n")
    with pytest.raises(LabelsError, match="task_id"):
        load_labels(path)
