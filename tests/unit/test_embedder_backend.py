"""Which embedder backend runs: 'auto' follows the live index (old indexes keep their backend), the default for a new one."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.container import Container
from assistant.settings import NEW_INDEX_BACKEND, SAMPLE_KB_DIR, EmbedderSettings, KnowledgeBaseSettings, Settings
from knowledge_base.errors import EmbedderMismatch
from knowledge_base.live import LiveIndex
from knowledge_base.sync import sync
from models.embedders import HashingEmbedder, SentenceTransformerEmbedder, build_embedder


def _index(tmp_path: Path, backend: str) -> Path:
    embedder = HashingEmbedder()
    embedder.backend = backend  # type: ignore[misc] - stands in for vectors made by that runtime
    index = tmp_path / "index"
    sync([SAMPLE_KB_DIR / "returns-policy.md"], index, embedder, settings=KnowledgeBaseSettings())
    return index


def _container(tmp_path: Path, index: Path, backend: str = "auto") -> Container:
    return Container(Settings(data_dir=tmp_path / "data", kb=KnowledgeBaseSettings(index_dir=index),
                              embedder=EmbedderSettings(backend=backend)))  # type: ignore[arg-type]


@pytest.mark.parametrize("built", ["torch", "onnx"])
def test_auto_follows_an_existing_index_and_picks_the_default_for_a_new_one(tmp_path: Path, built: str) -> None:
    assert _container(tmp_path, tmp_path / "none").embedder_backend() == NEW_INDEX_BACKEND
    index = _index(tmp_path, built)
    assert _container(tmp_path, index).embedder_backend() == built  # served by the backend that embedded it
    other = "onnx" if built == "torch" else "torch"
    assert _container(tmp_path, index, other).embedder_backend() == other  # an explicit setting wins


def test_auto_on_a_damaged_index_falls_back_to_the_default(tmp_path: Path) -> None:
    index = _index(tmp_path, "torch")
    (index / "LIVE").write_text("not a version\n")
    assert _container(tmp_path, index).embedder_backend() == NEW_INDEX_BACKEND  # opening it reports the damage


def test_a_torch_index_read_by_onnx_names_the_way_out(tmp_path: Path) -> None:
    index = _index(tmp_path, "torch")
    onnx = HashingEmbedder()
    onnx.backend = "onnx"  # type: ignore[misc]
    with pytest.raises(EmbedderMismatch, match=r"'torch' backend.*'onnx'.*reindex.*CAREDRAFT_EMBEDDER__BACKEND=torch"):
        LiveIndex(index, onnx).snapshot()


def test_build_embedder_is_lazy_and_uses_the_cache_setting(tmp_path: Path) -> None:
    from models.onnx_embedder import OnnxEmbedder

    cache = tmp_path / "exports"
    embedder = build_embedder(EmbedderSettings(backend="onnx", cache_dir=cache), tmp_path / "data")
    assert isinstance(embedder, OnnxEmbedder) and embedder.cache_dir == cache
    assert not cache.exists()  # nothing exported or loaded until the first text is embedded
    default = build_embedder(EmbedderSettings(backend="onnx"), tmp_path / "data")
    assert default.cache_dir == tmp_path / "data" / "models" / "onnx"
    assert isinstance(build_embedder(EmbedderSettings(backend="torch"), tmp_path), SentenceTransformerEmbedder)


def test_export_fingerprint_follows_the_model_files(tmp_path: Path) -> None:
    from models.onnx_embedder import _fingerprint

    (tmp_path / "config.json").write_text('{"hidden_size": 384}')
    (tmp_path / "model.safetensors").write_bytes(b"\x00" * 64)
    first = _fingerprint(tmp_path)
    assert _fingerprint(tmp_path) == first
    (tmp_path / "model.safetensors").write_bytes(b"\x01" * 64)  # new weights: a new export folder
    assert _fingerprint(tmp_path) != first


def test_openvino_is_built_lazily_into_its_own_cache(tmp_path: Path) -> None:
    from models.openvino_embedder import OpenVinoEmbedder

    embedder = build_embedder(EmbedderSettings(backend="openvino"), tmp_path / "data")
    assert isinstance(embedder, OpenVinoEmbedder) and embedder.backend == "openvino"
    assert embedder.cache_dir == tmp_path / "data" / "models" / "openvino"  # apart from the ONNX Runtime export
    assert not embedder.cache_dir.exists()  # nothing exported until the first text is embedded


def test_the_manifest_records_the_quantisation_and_a_deletion_keeps_it(tmp_path: Path) -> None:
    from knowledge_base import storage
    from knowledge_base.versions import delete_document

    embedder = HashingEmbedder()
    embedder.backend, embedder.quantisation = "openvino", "int8 static (NNCF)"  # type: ignore[misc, attr-defined]
    index = tmp_path / "index"
    docs = [SAMPLE_KB_DIR / "returns-policy.md", SAMPLE_KB_DIR / "exchanges.md"]
    built = sync(docs, index, embedder, settings=KnowledgeBaseSettings()).version
    recorded = storage.read_manifest(index, built)["embedder"]
    assert (recorded["backend"], recorded["quantisation"]) == ("openvino", "int8 static (NNCF)")
    after = delete_document(index, "exchanges", embedder, KnowledgeBaseSettings()).version
    assert after != built and storage.read_manifest(index, after)["embedder"] == recorded
    plain = sync(docs, tmp_path / "plain", HashingEmbedder(), settings=KnowledgeBaseSettings()).version
    assert "quantisation" not in storage.read_manifest(tmp_path / "plain", plain)["embedder"]  # a fake says none
