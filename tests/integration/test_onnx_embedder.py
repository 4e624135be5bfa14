"""The int8 ONNX embedder against the fp32 torch one: same contract, vectors close, export cached, token model
served from ONNX too, and a search or draft on it that never imports torch."""

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
def onnx_embedder(tmp_path_factory: pytest.TempPathFactory, onnx_export_cache: Path):  # noqa: ANN201 - OnnxEmbedder
    """Exported at most once per session into the session's export folder (nothing downloaded: the bundled model)."""
    settings = EmbedderSettings(backend="onnx", cache_dir=onnx_export_cache)
    embedder = build_embedder(settings, tmp_path_factory.mktemp("data"))
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


def test_export_is_cached(onnx_embedder) -> None:  # noqa: ANN001
    from models.onnx_embedder import export_onnx

    path = export_onnx(onnx_embedder.model_dir, onnx_embedder.cache_dir)
    assert path.is_file() and path.parent.parent == onnx_embedder.cache_dir
    before = path.stat().st_mtime_ns
    assert export_onnx(onnx_embedder.model_dir, onnx_embedder.cache_dir) == path and path.stat().st_mtime_ns == before
    assert not [p for p in onnx_embedder.cache_dir.iterdir() if p.name.startswith(".export-")]  # no half export left


def test_token_model_is_onnx_and_close_to_torch(onnx_embedder, real_embedder) -> None:  # noqa: ANN001
    from assistant.grounding.encoding import weight_table
    from assistant.protocols import TokenEncoder, TokenModel

    model = onnx_embedder.model  # what the grounding scorer asks for its token-level encodings
    assert isinstance(onnx_embedder, TokenEncoder) and isinstance(model, TokenModel)
    assert type(model).__module__ == "models.onnx_embedder"
    # the same token weights as the torch tokenizer gives: special tokens dropped, punctuation 0, stopwords low
    assert np.array_equal(weight_table(model.tokenizer), weight_table(real_embedder.model.tokenizer))
    mine = model.encode(TEXTS[:3], output_value=None)
    theirs = real_embedder.model.encode(TEXTS[:3], output_value=None, show_progress_bar=False)
    for a, b in zip(mine, theirs):
        n = int(a["attention_mask"].sum())  # torch pads each text to its batch's longest; each runs alone here
        assert np.array_equal(a["input_ids"][:n], b["input_ids"].numpy()[:n]) and int(b["attention_mask"].sum()) == n
        ta, tb = a["token_embeddings"][:n], b["token_embeddings"].numpy()[:n]
        cos = (ta * tb).sum(axis=1) / (np.linalg.norm(ta, axis=1) * np.linalg.norm(tb, axis=1))
        assert cos.min() > 0.95 and cos.mean() > 0.98  # int8 rounding, not another model
        assert float(a["sentence_embedding"] @ b["sentence_embedding"].numpy()) > 0.97
    # each text is encoded alone, so its tokens do not depend on what else is in the call
    alone = model.encode([TEXTS[1]], output_value=None)[0]["token_embeddings"]
    assert np.array_equal(alone, mine[1]["token_embeddings"])
    with pytest.raises(ValueError):
        model.encode(TEXTS[:1], output_value="sentence_embedding")


_NO_TORCH = """
import sys
from assistant.cli import main

for argv in (["kb", "sync", sys.argv[1], "--index", sys.argv[2]], ["kb", "search", "return a jacket", "--index", sys.argv[2]],
             ["draft", "Can I return a jacket I bought last week?", "--index", sys.argv[2], "--json"]):
    sys.argv = ["caredraft", *argv]
    try:
        main()
    except SystemExit as exc:
        assert not exc.code, (argv, exc.code)
print("LOADED", sorted(m for m in ("torch", "sentence_transformers", "transformers", "sklearn") if m in sys.modules))
"""


def test_sync_search_and_draft_on_onnx_import_no_torch(onnx_embedder, tmp_path: Path) -> None:  # noqa: ANN001
    import json
    import os
    import subprocess
    import sys

    from assistant.settings import SAMPLE_KB_DIR

    docs = tmp_path / "docs"  # a few sample documents: the point is what gets imported, not the index
    docs.mkdir()
    for name in ("returns-policy.md", "refund-timing.md", "exchanges.md", "gift-cards.md"):
        (docs / name).write_text((SAMPLE_KB_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "CAREDRAFT_EMBEDDER__BACKEND": "onnx", "CAREDRAFT_DATA_DIR": str(tmp_path / "data"),
           "CAREDRAFT_EMBEDDER__CACHE_DIR": str(onnx_embedder.cache_dir)}  # exported already: no torch for that
    out = subprocess.run([sys.executable, "-c", _NO_TORCH, str(docs), str(tmp_path / "index")], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    draft = json.loads(out.stdout[out.stdout.index("{"): out.stdout.rindex("}") + 1])
    # it drafted from the index and verified the cited sentences (the support scorer's token encodings)
    assert draft["text"] and draft["citations"] and "verify" in draft["timings_ms"]
    assert out.stdout.strip().splitlines()[-1] == "LOADED []"


def test_the_manifest_records_the_backend_and_the_other_backend_is_refused(onnx_embedder, real_embedder,  # noqa: ANN001
                                                                            tmp_path: Path) -> None:
    from assistant.container import Container
    from assistant.settings import SAMPLE_KB_DIR, KnowledgeBaseSettings, Settings
    from knowledge_base import storage
    from knowledge_base.errors import EmbedderMismatch
    from knowledge_base.live import LiveIndex
    from knowledge_base.sync import sync

    docs = [SAMPLE_KB_DIR / "returns-policy.md", SAMPLE_KB_DIR / "exchanges.md"]
    for built, other in ((onnx_embedder, real_embedder), (real_embedder, onnx_embedder)):
        index = tmp_path / f"index-{built.backend}"
        version = sync(docs, index, built, settings=KnowledgeBaseSettings()).version
        assert storage.read_manifest(index, version)["embedder"]["backend"] == built.backend
        # 'auto' serves the index with the backend that embedded it, whatever the default for new indexes is
        settings = Settings(data_dir=tmp_path / "data", kb=KnowledgeBaseSettings(index_dir=index))
        assert Container(settings).embedder_backend() == built.backend
        # same model id and dimension, but int8 and fp32 vectors are not mixed: refused, with the way out named
        with pytest.raises(EmbedderMismatch, match=rf"'{built.backend}' backend.*'{other.backend}'.*reindex"):
            LiveIndex(index, other).snapshot()
        snapshot = LiveIndex(index, built).snapshot()  # and served by its own backend
        _, rows = snapshot.index.search(built.embed_query("I want a different size").reshape(1, -1), 1)
        assert [c.doc_id for c in snapshot.chunks([int(rows[0][0])])] == ["exchanges"]
