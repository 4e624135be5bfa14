"""`caredraft kb ...` through Typer's CliRunner, with the hashing embedder injected into the Container."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import assistant.cli.kb as kb_cli
from assistant.cli import app
from assistant.container import Container
from assistant.settings import Settings
from knowledge_base import storage
from models.embedders import HashingEmbedder
from tests.unit.test_kb_sync import write_corpus

runner = CliRunner()


@pytest.fixture
def embedder(monkeypatch: pytest.MonkeyPatch) -> HashingEmbedder:
    fake = HashingEmbedder()
    original = kb_cli.make_container

    def make_container(index: Path | None) -> Container:
        return Container(original(index).settings, embedder=fake)

    monkeypatch.setattr(kb_cli, "make_container", make_container)
    return fake


def run(*args: str):  # noqa: ANN202
    return runner.invoke(app, ["kb", *args])


def test_sync_json_has_exact_keys(tmp_path: Path, embedder: HashingEmbedder) -> None:
    docs = write_corpus(tmp_path / "docs")
    (docs / "broken.pdf").write_bytes(b"not a pdf")
    result = run("sync", str(docs), "--index", str(tmp_path / "index"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["version", "documents", "chunks", "embedded", "reused", "deleted", "skipped", "seconds", "security",
                          "policy_changes"]
    assert data["documents"] == 5 and data["embedded"] == data["chunks"] > 0
    assert data["skipped"] == [{"path": str(docs / "broken.pdf"), "reason": data["skipped"][0]["reason"]}]
    again = json.loads(run("sync", str(docs), "--index", str(tmp_path / "index"), "--json").stdout)
    assert again["embedded"] == 0 and again["reused"] == data["chunks"]


def test_search_status_docs_delete_rollback(tmp_path: Path, embedder: HashingEmbedder) -> None:
    docs, index = write_corpus(tmp_path / "docs"), str(tmp_path / "index")
    assert run("sync", str(docs), "--index", index).exit_code == 0
    result = run("search", "PLUS-12 plan price", "-k", "2", "--index", index, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 2 and hits[0]["doc_id"] == "membership"
    assert set(hits[0]) == {"doc_id", "chunk_id", "title", "section", "url", "score", "text"}
    assert "Membership" in run("search", "PLUS-12", "--index", index).stdout

    status = json.loads(run("status", "--index", index, "--json").stdout)
    assert status["manifest"]["embedder"]["model_id"] == "hashing-v1" and status["manifest"]["counts"]["documents"] == 5
    assert "live" in run("status", "--index", index).stdout

    listed = json.loads(run("docs", "--index", index, "--json").stdout)
    assert {d["doc_id"] for d in listed} == {"returns", "shipping", "membership", "escalation", "future"}

    deleted = json.loads(run("delete", "membership", "--index", index, "--json").stdout)
    assert deleted["deleted"] == 1 and deleted["documents"] == 4 and deleted["embedded"] == 0
    rolled = json.loads(run("rollback", "--index", index, "--json").stdout)
    assert rolled["live"] == status["live"]
    assert "membership" in run("docs", "--index", index).stdout


def test_default_index_and_sample(tmp_path: Path, embedder: HashingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAREDRAFT_DATA_DIR", str(tmp_path / "data"))
    result = run("sync", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"] >= 1
    assert storage.read_live(Settings().index_dir) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sync", "{tmp}/missing", "--index", "{tmp}/index"], "source not found"),
        (["search", "refunds", "--index", "{tmp}/empty"], "no index published"),
        (["status", "--index", "{tmp}/empty"], "no index published"),
        (["docs", "--index", "{tmp}/empty"], "no index published"),
        (["rollback", "--index", "{tmp}/empty"], "no index published"),
    ],
)
def test_bad_input_is_one_line_error(tmp_path: Path, embedder: HashingEmbedder, args: list[str], message: str) -> None:
    result = run(*[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code in (1, 2)
    assert message in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_doc_and_corrupt_index_keep_everything(tmp_path: Path, embedder: HashingEmbedder) -> None:
    docs, index = write_corpus(tmp_path / "docs"), tmp_path / "index"
    assert run("sync", str(docs), "--index", str(index)).exit_code == 0
    live = storage.read_live(index)
    result = run("delete", "no-such-doc", "--index", str(index))
    assert result.exit_code == 1 and "unknown document 'no-such-doc'" in result.stderr
    assert storage.read_live(index) == live and storage.list_versions(index) == [live]
    (storage.version_path(index, live) / "manifest.json").write_text("{broken")
    result = run("search", "refunds", "--index", str(index))
    assert result.exit_code == 1 and "corrupt" in result.stderr and "Traceback" not in result.output
    assert (storage.version_path(index, live) / "chunks.sqlite").exists()


def test_embedder_mismatch_is_reported(tmp_path: Path, embedder: HashingEmbedder, monkeypatch: pytest.MonkeyPatch) -> None:
    docs, index = write_corpus(tmp_path / "docs"), tmp_path / "index"
    assert run("sync", str(docs), "--index", str(index)).exit_code == 0
    other = HashingEmbedder(model_id="other-model")
    monkeypatch.setattr(kb_cli, "make_container", lambda i: Container(Settings(), embedder=other) if i is None else Container(
        Settings().model_copy(update={"kb": Settings().kb.model_copy(update={"index_dir": i})}), embedder=other))
    result = run("search", "refunds", "--index", str(index))
    assert result.exit_code == 1 and "hashing-v1" in result.stderr and "other-model" in result.stderr


def test_unwritable_index_dir(tmp_path: Path, embedder: HashingEmbedder) -> None:
    docs = write_corpus(tmp_path / "docs")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    result = run("sync", str(docs), "--index", str(blocker / "index"))
    assert result.exit_code == 1 and "not writable" in result.stderr and "Traceback" not in result.output
    assert blocker.read_text() == "not a directory"


def test_a_bad_setting_is_named_without_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    monkeypatch.setenv("CAREDRAFT_EMBEDDER__BACKEND", "bogus")
    monkeypatch.setattr("sys.argv", ["caredraft", "kb", "status"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "setting embedder.backend" in err and "'bogus'" in err and "Traceback" not in err
