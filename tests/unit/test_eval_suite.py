"""Suite loading (YAML and JSONL) and gate evaluation, with clear one-line errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation.gate import Gate, GateError, evaluate_gate, load_gate
from evaluation.suite import SuiteError, load_suite

CASE = {
    "id": "returns-angry-01",
    "message": "My kettle leaks and I want my money back!",
    "history": [{"role": "customer", "text": "I wrote last week."}],
    "customer": {"name": "Sam Hill", "orders": [{"id": "NW-1", "items": ["kettle"]}]},
    "channel": "email",
    "expected": {
        "behaviour": "answer",
        "topic": "returns",
        "gold_docs": ["returns-policy"],
        "facts": ["30 days", {"pattern": r"\$?4\.95"}, {"meaning": "refunds go to the original payment method"}],
        "must_not": ["$500"],
        "tone": {"emotion": "anger", "acknowledge": True, "apology": True},
    },
}


def _yaml(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suite.yaml"
    path.write_text(body)
    return path


def test_yaml_suite_round_trip(tmp_path: Path) -> None:
    import yaml

    path = _yaml(tmp_path, yaml.safe_dump({"name": "mini", "cases": [CASE]}))
    suite = load_suite(path)
    assert suite.name == "mini" and len(suite.cases) == 1
    case = suite.cases[0]
    assert case.expected.facts[1] == {"pattern": r"\$?4\.95"}
    assert case.expected.tone.apology is True
    ticket = case.ticket()
    assert ticket.customer.orders[0].id == "NW-1" and ticket.history[0].role == "customer"


def test_jsonl_suite_named_after_file(tmp_path: Path) -> None:
    path = tmp_path / "night.jsonl"
    path.write_text(json.dumps(CASE) + "\n\n" + json.dumps({**CASE, "id": "two"}) + "\n")
    suite = load_suite(path)
    assert suite.name == "night" and [c.id for c in suite.cases] == ["returns-angry-01", "two"]


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("name: x\ncases: [{id: a}]", "case 1 (id 'a'): message"),
        ("name: x\ncases: [{id: a, message: hi, expected: {behaviour: dance}}]", "expected.behaviour"),
        ("name: x\ncases: [{id: a, message: hi}, {id: a, message: yo}]", "more than once"),
        ("name: x\ncases: [{id: a, message: hi, colour: red}]", "colour"),
        ("name: x\ncases: []", "no cases"),
        ("cases: [ {id: a", "not valid YAML"),
        ("- just a list", "mapping"),
        ("name: x\ncases: [{id: a, message: hi, expected: {facts: [{guess: x}]}}]", "text|pattern|meaning"),
    ],
)
def test_bad_suites_fail_with_one_clear_line(tmp_path: Path, body: str, needle: str) -> None:
    with pytest.raises(SuiteError) as info:
        load_suite(_yaml(tmp_path, body))
    assert needle in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_jsonl_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(CASE) + "\n{oops\n")
    with pytest.raises(SuiteError, match="line 2"):
        load_suite(path)


def test_unknown_suite_name() -> None:
    with pytest.raises(SuiteError, match="not found"):
        load_suite("no-such-suite-xyz")


def test_gate_thresholds_and_regressions(tmp_path: Path) -> None:
    path = tmp_path / "gate.yaml"
    path.write_text("min: {groundedness: 0.8}\nmax: {unsupported_claims_per_case: 0.1}\nmax_drop: {empathy: 0.03}\n")
    gate = load_gate(path)
    good = {"groundedness": 0.9, "unsupported_claims_per_case": 0.0, "empathy": 0.70}
    assert evaluate_gate(gate, good, {"empathy": 0.72}).passed
    result = evaluate_gate(gate, {**good, "groundedness": 0.7, "empathy": 0.6}, {"empathy": 0.72})
    assert not result.passed
    assert {c.metric for c in result.failures} == {"groundedness", "empathy"}
    assert "dropped by 0.12" in next(c.message for c in result.failures if c.metric == "empathy")
    # No baseline: drops are not checked, thresholds are.
    assert evaluate_gate(gate, good, None).passed


def test_gate_missing_metric_fails() -> None:
    result = evaluate_gate(Gate(min={"nonexistent": 0.5}), {"groundedness": 1.0})
    assert not result.passed and "not in this run" in result.failures[0].message


@pytest.mark.parametrize(("body", "needle"), [("min: {a: high}", "must be a number"), ("minimum: {a: 1}", "unknown gate section")])
def test_bad_gate_files(tmp_path: Path, body: str, needle: str) -> None:
    path = tmp_path / "g.yaml"
    path.write_text(body)
    with pytest.raises(GateError, match=needle):
        load_gate(path)


def test_shipped_default_gate_loads() -> None:
    gate = load_gate("default")
    assert gate.min["groundedness"] > 0 and "groundedness" in gate.max_drop
