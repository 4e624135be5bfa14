"""`caredraft draft` input errors: one line on stderr, exit code 2, no traceback (nothing is loaded for them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _fails(runner: CliRunner, args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["draft", *args])
    assert result.exit_code == 2, result.output
    assert expected in result.output
    assert "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.strip()]) == 1


def test_empty_message(runner: CliRunner) -> None:
    _fails(runner, ["   "], "the message is empty")


def test_unreadable_and_invalid_customer_json(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    _fails(runner, ["hi", "--customer", str(bad)], "not valid JSON")
    invalid = tmp_path / "invalid.json"
    invalid.write_text('{"name": 5}')
    _fails(runner, ["hi", "--customer", str(invalid)], "is invalid: name")
    _fails(runner, ["hi", "--customer", str(tmp_path / "missing.json")], "not found")


def test_invalid_history(runner: CliRunner, tmp_path: Path) -> None:
    history = tmp_path / "history.json"
    history.write_text('[{"role": "robot", "text": "hi"}]')
    _fails(runner, ["hi", "--history", str(history)], "history file")


def test_unknown_backend_channel_and_index(runner: CliRunner, tmp_path: Path) -> None:
    _fails(runner, ["hi", "--backend", "gpt9"], "unknown backend 'gpt9'")
    _fails(runner, ["hi", "--channel", "fax"], "unknown channel 'fax'")
    _fails(runner, ["hi", "--index", str(tmp_path / "nope")], "index directory not found")
