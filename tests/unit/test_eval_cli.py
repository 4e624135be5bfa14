"""`caredraft eval` commands: bad input fails with one clear line and exit 2, before any model loads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("lines", "needle"),
    [
        (['{"id": 1, "message": "hi", "reply": "hello", "passages": []}', "{not json"], "line 2: not valid JSON"),
        (['{"id": 1, "message": "hi", "passages": []}'], "line 1: reply"),
        (['{"id": 1, "message": "hi", "reply": "x", "passages": "one"}'], "line 1: passages"),
        (['{"id": 1, "message": "hi", "reply": "x", "channel": "fax"}'], "line 1: channel"),
        (["[1, 2]"], "line 1: expected a JSON object"),
        ([""], "no replies to score"),
    ],
)
def test_score_bad_lines(tmp_path: Path, lines: list[str], needle: str) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(app, ["eval", "score", str(path), "--json"])
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_score_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "score", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2 and "cannot read" in result.output


def test_run_bad_suite_and_gate(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "run", str(tmp_path / "missing.yaml")])
    assert result.exit_code == 2 and "not found" in result.output
    suite = tmp_path / "s.jsonl"
    suite.write_text(json.dumps({"id": "a", "message": "hi"}) + "\n")
    gate = tmp_path / "g.yaml"
    gate.write_text("min: {groundedness: high}\n")
    result = runner.invoke(app, ["eval", "run", str(suite), "--gate", str(gate)])
    assert result.exit_code == 2 and "must be a number" in result.output
    result = runner.invoke(app, ["eval", "run", str(suite), "--backend", "gpt9"])
    assert result.exit_code == 2 and "unknown backend" in result.output
    result = runner.invoke(app, ["eval", "run", str(suite), "--baseline", str(tmp_path / "none.json")])
    assert result.exit_code == 2 and "baseline" in result.output


def test_relabel_says_what_is_wrong_and_writes_nothing_on_bad_input(tmp_path: Path) -> None:
    labels = tmp_path / "labels.yaml"
    labels.write_text("rubric: r\nitems:\n  - {id: a, request: {knowledge_base: sample, message: hi}, label: bad, "
                      "reason: old one, draft: Old.}\n")
    export = tmp_path / "drafts.jsonl"
    export.write_text(json.dumps({"id": "a", "status": "stale", "draft": "New draft.", "old_label": "bad",
                                  "request": {"knowledge_base": "sample", "message": "hi"}}) + "\n")
    before = labels.read_text()
    result = runner.invoke(app, ["eval", "relabel", str(export)])
    assert result.exit_code == 2 and "--show" in result.output
    result = runner.invoke(app, ["eval", "relabel", str(tmp_path / "none.jsonl"), "--show"])
    assert result.exit_code == 2 and "not found" in result.output
    judged = tmp_path / "judged.yaml"
    judged.write_text("- {id: zzz, label: good, reason: fine as is}\n")
    result = runner.invoke(app, ["eval", "relabel", str(export), "--apply", str(judged), "--labels", str(labels)])
    assert result.exit_code == 2 and "zzz" in result.output and labels.read_text() == before
    shown = runner.invoke(app, ["eval", "relabel", str(export), "--show"])
    assert shown.exit_code == 0 and "=== a" in shown.output and "New draft." in shown.output
    judged.write_text("- {id: a, label: good, reason: fine as is}\n")
    result = runner.invoke(app, ["eval", "relabel", str(export), "--apply", str(judged), "--labels", str(labels)])
    assert result.exit_code == 0 and "New draft." in labels.read_text() and "fine as is" in labels.read_text()
