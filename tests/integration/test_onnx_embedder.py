"""The int8 ONNX embedder against the fp32 torch one: same contract, vectors close, export cached, token model kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.settings import EmbedderSettings
from models.embedders import build_embedder

pytest.importorskip("onnxruntime")
pytestmark = pytest.mark.integration

TEXTS = [
    "Where is my parcel? It has not arrived after ten days.",
    "How long do I have to return a wool sweater?",
    "I was charged twice for the same order, please refund one of the payments.",
    "Can I exchange my boots for a bigger size? " + "They pinch at the toes and the heel slips. " * 12,
    "gift card",
]


@pytest.fixture(scope="module")
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - OnnxEmbedder
    """Exported once for the module into a temporary data folder (nothing downloaded: the bundled model)."""
    embedder = build_embedder(EmbedderSettings(backend="onnx"), tmp_path_factory.mktemp("data"))
    embedder.embed_query("export and load")
    return embedder


def test_contract_matches_the_torch_embedder(onnx_embedder, real_embedder) -> None:  # noqa: ANN001
    assert onnx_embedder.backend == "onnx" and real_embedder.backend == "torch"
    assert onnx_embedder.model_id == real_embedder.model_id
    assert (onnx_embedder.dimension, onnx_embedder.max_tokens) == (real_embedder.dimension, real_embedder.max_tokens)
    vecs = onnx_embedder.embed_documents(TEXTS)
    assert vecs.shape == (len(TEXTS), 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert onnx_embedder.embed_query(TEXTS[0]).shape == (384,)
    assert onnx_embedder.embed_documents([]).shape == (0, 384)
    for text in TEXTS:  # chunk bounds depend on it: the same tokenizer, the same counts
        assert onnx_embedder.count_tokens(text) == real_embedder.count_tokens(text)


def test_int8_vectors_are_close_to_fp32_and_rank_alike(onnx_embedder, real_embedder) -> None:  # noqa: ANN001
    a, b = real_embedder.embed_documents(TEXTS), onnx_embedder.embed_documents(TEXTS)
    assert float((a * b).sum(axis=1).min()) > 0.97
    query = "my package is late"
    order_fp32 = np.argsort(-(a @ real_embedder.embed_query(query)))
    order_int8 = np.argsort(-(b @ onnx_embedder.embed_query(query)))
    assert order_fp32[0] == order_int8[0] == 0


def test_padding_is_masked(onnx_embedder, real_embedder) -> None:  # noqa: ANN001
    # a short text batched with a long one is padded to its length: were the padding not masked in the exported
    # graph, the short text's mean would be swamped by pad tokens and land far from its fp32 vector
    short, long_ = TEXTS[4], TEXTS[3]
    batched = onnx_embedder.embed_documents([long_, short])[1]
    reference = real_embedder.embed_documents([short])[0]
    assert float(batched @ reference) > 0.97
    # int8 activations are quantised per batch, so batch-mates move a vector a little, never far
    assert float(batched @ onnx_embedder.embed_documents([short])[0]) > 0.97


def test_export_is_cached_and_the_token_model_stays_torch(onnx_embedder, tmp_path: Path) -> None:  # noqa: ANN001
    from models.onnx_embedder import export_onnx

    path = export_onnx(onnx_embedder.model_dir, onnx_embedder.cache_dir)
    assert path.is_file() and path.parent.parent == onnx_embedder.cache_dir
    before = path.stat().st_mtime_ns
    assert export_onnx(onnx_embedder.model_dir, onnx_embedder.cache_dir) == path and path.stat().st_mtime_ns == before
    assert not [p for p in onnx_embedder.cache_dir.iterdir() if p.name.startswith(".export-")]  # no half export left
    model = onnx_embedder.model  # what the grounding scorer asks for its token-level encodings
    assert hasattr(model, "encode") and hasattr(model, "tokenizer")
