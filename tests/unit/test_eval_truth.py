"""The evaluation tells the truth: behaviour classes and their form, per-class gate rules, reports, calibration."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from evaluation.gate import Gate, evaluate_gate, load_gate
from evaluation.metrics.behaviour import confusion, infer_behaviour, judge
from evaluation.metrics.calibration import reliability, roc_auc
from evaluation.report import render_html, render_markdown
from evaluation.runner import summarise
from evaluation.suite import SuiteError, allowed_behaviours, load_suite


def _yaml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(body)
    return path


# ---- suite extensions ---------------------------------------------------------------------------------------------


def test_suite_defaults_reach_every_case_and_its_ticket(tmp_path: Path) -> None:
    path = _yaml(tmp_path, """
name: x
today: 2026-11-26
brand_voice: {company_name: Acme}
sources: [some/manual.json]
cases:
  - {id: a, message: hi, expected: {behaviour: "answer|handover", language: es}}
  - {id: b, message: yo, today: 2026-01-02}
""")
    suite = load_suite(path)
    a, b = suite.cases
    assert a.ticket().today == date(2026, 11, 26) and b.ticket().today == date(2026, 1, 2)
    assert a.ticket().brand_voice.company_name == "Acme"
    assert a.expected.language == "es"
    assert suite.missing_sources() and suite.source_paths()[0].name == "manual.json"


def test_behaviour_expectations_accept_alternatives_and_the_legacy_class() -> None:
    assert allowed_behaviours("answer|handover") == ("answer", "handover")
    assert allowed_behaviours("escalate") == ("handover", "partial", "decline")
    with pytest.raises(ValueError, match="unknown behaviour"):
        allowed_behaviours("answer|dance")


def test_unknown_behaviour_and_bad_today_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SuiteError, match="expected.behaviour"):
        load_suite(_yaml(tmp_path, "name: x\ncases: [{id: a, message: hi, expected: {behaviour: shout}}]"))
    with pytest.raises(SuiteError, match="today"):
        load_suite(_yaml(tmp_path, "name: x\ntoday: someday\ncases: [{id: a, message: hi}]"))


def test_shipped_realistic_sets_are_large_and_cover_every_behaviour() -> None:
    realistic, abcd, sample = load_suite("realistic"), load_suite("abcd"), load_suite("sample")
    assert len(realistic.cases) >= 100 and len(abcd.cases) >= 40
    for suite in (realistic, abcd, sample):
        assert suite.today is not None
        assert all(c.expected.behaviour for c in suite.cases if suite is not sample)
    for suite in (realistic, sample):
        classes = {allowed_behaviours(c.expected.behaviour)[0] for c in suite.cases if c.expected.behaviour}
        assert classes == {"answer", "partial", "clarify", "handover", "decline"}
    assert abcd.sources and not realistic.sources


# ---- behaviour: the label must be carried out ------------------------------------------------------------------------


def test_a_label_counts_only_when_the_text_carries_it_out() -> None:
    assert judge("clarify", "clarify", "Which order is it about?")["correct"] is True
    no_question = judge("clarify", "clarify", "I'll look into it.")
    assert no_question["correct"] is False and "no question" in no_question["problems"][0]
    assert judge("clarify", "clarify", "Is there anything else I can help with?")["correct"] is False
    assert judge("partial", "partial", "Shipping takes 5 days.")["correct"] is False
    assert judge("partial", "partial", "Shipping takes 5 days. Our articles don't mention carbon offsets.")["correct"]
    assert judge("decline", "decline", "We can't help with that [1].", n_citations=1)["correct"] is False
    assert judge("handover", "handover", "A colleague will reply to you within 1 business day.")["correct"] is True
    assert judge("answer|handover", "answer", "You have 30 days.")["correct"] is True
    assert judge("answer", "handover", "A colleague will reply.")["correct"] is False


def test_inferred_behaviour_for_replies_without_a_label() -> None:
    assert infer_behaviour("Could you tell me your order number?") == "clarify"
    assert infer_behaviour("You have 30 days from delivery to return it.") == "answer"
    assert infer_behaviour("I'm afraid that's outside what we can help with here.") == "decline"
    assert infer_behaviour("I don't have that information; I will check with the team and get back to you.") == "handover"


def test_confusion_counts_produced_behaviour_per_expected_class() -> None:
    rows = [{"expected_class": "clarify", "behaviour": "answer"}, {"expected_class": "clarify", "behaviour": "clarify"},
            {"expected_class": "answer", "behaviour": "answer"}, {"expected_class": None, "behaviour": "answer"}]
    assert confusion(rows) == {"answer": {"answer": 1}, "clarify": {"answer": 1, "clarify": 1}}


# ---- gate -------------------------------------------------------------------------------------------------------------


def test_wildcard_rule_checks_every_class_and_fails_when_none_is_there() -> None:
    gate = Gate(min={"behaviour_accuracy.*": 0.9})
    result = evaluate_gate(gate, {"behaviour_accuracy.answer": 0.95, "behaviour_accuracy.clarify": 0.2})
    assert not result.passed
    assert [(c.metric, c.passed) for c in result.checks] == [("behaviour_accuracy.answer", True),
                                                            ("behaviour_accuracy.clarify", False)]
    missing = evaluate_gate(gate, {"pass_rate": 1.0})
    assert not missing.passed and "not in this run" in missing.checks[0].message


def test_metrics_a_suite_never_asks_for_are_skipped_with_a_reason() -> None:
    cases = [_case("a", True, 0.9, None, "answer")]
    summary = summarise(cases)
    assert {"gold_cited_recall@5", "fact_coverage", "behaviour_accuracy.*"} <= set(summary["not_applicable"])
    result = evaluate_gate(Gate(min={"gold_cited_recall@5": 0.6, "pass_rate": 0.5}, max_drop={"fact_coverage": 0.05}), summary, {})
    assert result.passed and "not applicable" in result.checks[0].message
    with_facts = summarise([{**cases[0], "metrics": {"fact_coverage": 0.2}}])
    assert "fact_coverage" not in with_facts["not_applicable"]
    assert not evaluate_gate(Gate(min={"fact_coverage": 0.5}), with_facts).passed


def test_default_gate_demands_a_pass_rate_and_each_behaviour_class() -> None:
    gate = load_gate("default")
    assert gate.min["pass_rate"] >= 0.85 and gate.min["behaviour_accuracy.*"] >= 0.9
    # Good means everywhere, but only 13 of 94 cases meeting every expectation: the gate must say so.
    summary = {"pass_rate": 13 / 94, "behaviour_accuracy": 0.8, "behaviour_accuracy.answer": 0.95,
               "behaviour_accuracy.clarify": 0.0, "groundedness": 0.95, "citation_precision": 1.0,
               "fact_coverage": 0.6, "empathy": 0.6, "politeness": 0.9, "gold_cited_recall@5": 0.9,
               "unsupported_claims_per_case": 0.0, "must_not_violations_per_case": 0.0}
    failures = {c.metric for c in evaluate_gate(gate, summary).failures}
    assert failures == {"pass_rate", "behaviour_accuracy", "behaviour_accuracy.clarify"}


# ---- summary, calibration, report --------------------------------------------------------------------------------------


def _case(case_id: str, passed: bool, confidence: float, expected: str | None, produced: str, **extra) -> dict:
    return {"id": case_id, "message": f"message {case_id}", "draft": f"draft {case_id}", "passed": passed,
            "failed": [] if passed else ["missing fact: 30 days"], "flags": [], "confidence": confidence,
            "behaviour": produced, "expected_behaviour": expected, "expected_class": expected and expected.split("|")[0],
            "metrics": {"behaviour_correct": float(expected is not None and produced in expected.split("|"))}
            if expected else {}, **extra}


def test_summary_has_per_class_accuracy_and_confidence_auc() -> None:
    cases = [_case("a", True, 0.9, "answer", "answer"), _case("b", False, 0.4, "clarify", "answer"),
             _case("c", True, 0.8, "clarify", "clarify"), _case("d", False, 0.95, "answer", "handover")]
    summary = summarise(cases)
    assert summary["behaviour_accuracy.answer"] == 0.5 and summary["behaviour_accuracy.clarify"] == 0.5
    assert summary["confidence_auc"] == pytest.approx(0.5)


def test_roc_auc_and_reliability_bins() -> None:
    assert roc_auc([0.9, 0.8, 0.3, 0.2], [True, True, False, False]) == 1.0
    assert roc_auc([0.2, 0.9], [True, False]) == 0.0
    assert roc_auc([0.5, 0.5], [True, False]) == 0.5
    assert math.isnan(roc_auc([0.5], [True]))
    rows = reliability([0.95, 0.92, 0.6, 1.0], [True, False, False, True])
    assert [(r["bin"], r["n"], r["share_good"]) for r in rows] == [("0.50–0.70", 1, 0.0), ("0.90–1.00", 3, 0.6667)]


def test_reports_put_message_draft_passages_and_facts_side_by_side() -> None:
    case = _case("ret-1", False, 0.93, "answer", "answer", tags=[],
                 citations=[{"marker": 1, "doc_id": "returns-policy", "title": "Returns policy",
                             "passage": "You have 30 days from the delivery date."}],
                 facts=[{"fact": "30 days", "found": True}, {"fact": "meaning: refunds go to the card", "found": False}])
    run = {"suite": "mini", "summary": summarise([case]), "cases": [case], "reliability": reliability([0.93], [False]),
           "ece": 0.93, "behaviour_confusion": {"answer": {"answer": 1}}}
    md = render_markdown(run)
    for needle in ("message ret-1", "draft ret-1", "[1] Returns policy", "You have 30 days from the delivery date.",
                   "✅ `30 days`", "❌ `meaning: refunds go to the card`", "## Behaviour by expected class",
                   "## Confidence reliability", "| 0.90–1.00 | 1 | 0.930 | 0.000 |"):
        assert needle in md, needle
    page = render_html(run)
    assert "Returns policy" in page and "❌ meaning: refunds go to the card" in page and "Behaviour by expected class" in page


def test_reports_show_confidence_against_the_labelled_drafts() -> None:
    from evaluation.runner import labelled_check

    check = labelled_check()  # the shipped model's own figures, from its fit
    assert check is not None and check["auc"]["all"]["auc_cross_validated"] > 0.5
    assert sum(r["n"] for r in check["reliability_cross_validated"]) == check["fitted_on"]["all"]["n"]
    case = _case("ret-1", True, 0.9, "answer", "answer", tags=[])
    run = {"suite": "mini", "summary": summarise([case]), "cases": [case], "reliability": reliability([0.9], [True]),
           "ece": 0.1, "behaviour_confusion": {"answer": {"answer": 1}}, "confidence_labels": check}
    md, page = render_markdown(run), render_html(run)
    auc = f"{check['auc']['all']['auc_cross_validated']:.3f}"
    assert "### Confidence against labelled drafts" in md and auc in md and "share judged good" in md
    assert "Confidence against labelled drafts" in page and auc in page
    run["confidence_labels"] = None  # a model fitted without labels: no section, no error
    assert "labelled drafts" not in render_markdown(run)


def test_a_forbidden_claim_asked_about_is_not_stated() -> None:
    from evaluation.scoring import must_not_violations

    asked = "I couldn't find whether you can swap your seat for a window one; I'm checking with the team."
    assert must_not_violations(asked, ["you can swap your seat"]) == []
    told = "Yes, you can swap your seat at the gate. I'm checking whether you can swap your seat online too."
    assert must_not_violations(told, ["you can swap your seat"]) == ["you can swap your seat"]
