"""`caredraft models`: the configured backends, and clear errors for a GGUF path that cannot load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_list_shows_every_backend_and_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF....")
    monkeypatch.setenv("CAREDRAFT_GENERATOR__BACKEND", "llamacpp")
    monkeypatch.setenv("CAREDRAFT_GENERATOR__GGUF_PATH", str(gguf))
    result = runner.invoke(app, ["models", "list", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = {r["backend"]: r for r in data["backends"]}
    assert set(rows) == {"composer", "llamacpp", "transformers", "openai"}
    assert rows["llamacpp"]["default"] and rows["llamacpp"]["model"] == str(gguf) and rows["llamacpp"]["ready"] == "yes"
    assert data["settings"]["threads"] == 1


@pytest.mark.parametrize(("content", "needle"), [(None, "not found"), (b"hello", "not a GGUF file")])
def test_check_a_bad_path_is_one_clear_line(tmp_path: Path, content: bytes | None, needle: str) -> None:
    path = tmp_path / "model.gguf"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["models", "check", str(path)])
    assert result.exit_code == 2 and needle in result.output
    assert "Traceback" not in result.output


def test_check_a_folder_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "check", str(tmp_path)])
    assert result.exit_code == 2 and "not a file" in result.output
