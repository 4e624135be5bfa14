"""The OpenVINO int8 embedder against the fp32 torch one: same contract, vectors close and independent of their
batch-mates, the export cached, and an index it builds recorded as its own and searched only by it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.settings import EmbedderSettings
from models.embedders import build_embedder

pytest.importorskip("openvino")
pytest.importorskip("nncf")
pytestmark = pytest.mark.integration

TEXTS = [
    "Where is my parcel? It has not arrived after ten days.",
    "I was charged twice for the same order, please refund one of the payments.",
    "Can I exchange my boots for a bigger size? " + "They pinch at the toes and the heel slips. " * 12,
    "gift card",
]


@pytest.fixture(scope="module")
def openvino_embedder(tmp_path_factory: pytest.TempPathFactory, onnx_export_cache: Path):  # noqa: ANN201
    """Exported and quantised at most once per session into the session's export folder (the bundled model)."""
    embedder = build_embedder(EmbedderSettings(backend="openvino", cache_dir=onnx_export_cache),
                              tmp_path_factory.mktemp("data"))
    embedder.embed_query("export and load")
    return embedder


def test_contract_and_vectors_match_fp32(openvino_embedder, real_embedder) -> None:  # noqa: ANN001
    from models.openvino_embedder import XML_FILE, export_openvino

    assert openvino_embedder.model_id == real_embedder.model_id and openvino_embedder.dimension == 384
    vecs = openvino_embedder.embed_documents(TEXTS)
    assert vecs.shape == (len(TEXTS), 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    assert [openvino_embedder.count_tokens(t) for t in TEXTS] == [real_embedder.count_tokens(t) for t in TEXTS]
    assert float((vecs * real_embedder.embed_documents(TEXTS)).sum(axis=1).min()) > 0.97
    # static scales and a masked pad: a short text padded beside a long one keeps its own vector
    alone = openvino_embedder.embed_documents([TEXTS[3]])[0]
    assert float(openvino_embedder.embed_documents([TEXTS[2], TEXTS[3]])[1] @ alone) > 0.999
    # the token model the grounding scorer reads is served by the same compiled model
    tokens = openvino_embedder.model.encode([TEXTS[0]], output_value=None)[0]
    reference = real_embedder.model.encode([TEXTS[0]], output_value=None, show_progress_bar=False)[0]
    ta, tb = tokens["token_embeddings"], reference["token_embeddings"].numpy()
    assert ta.shape == tb.shape
    assert float(((ta * tb).sum(axis=1) / (np.linalg.norm(ta, axis=1) * np.linalg.norm(tb, axis=1))).mean()) > 0.97
    # cached: a second export call finds it, and no half-written folder is left behind
    path = export_openvino(openvino_embedder.model_dir, openvino_embedder.cache_dir)
    assert path.name == XML_FILE and path.with_suffix(".bin").is_file()
    assert not [p for p in openvino_embedder.cache_dir.iterdir() if p.name.startswith(".export-")]


def test_an_openvino_index_records_its_backend_and_is_searched_by_it_alone(openvino_embedder, real_embedder,  # noqa: ANN001
                                                                           tmp_path: Path) -> None:
    from assistant.container import Container
    from assistant.settings import SAMPLE_KB_DIR, KnowledgeBaseSettings, Settings
    from knowledge_base import storage
    from knowledge_base.errors import EmbedderMismatch
    from knowledge_base.live import LiveIndex
    from knowledge_base.sync import sync

    index = tmp_path / "index"
    docs = [SAMPLE_KB_DIR / "returns-policy.md", SAMPLE_KB_DIR / "exchanges.md"]
    version = sync(docs, index, openvino_embedder, settings=KnowledgeBaseSettings()).version
    recorded = storage.read_manifest(index, version)["embedder"]
    assert (recorded["backend"], recorded["quantisation"]) == ("openvino", "int8 static (NNCF)")
    # 'auto' serves it with the backend that embedded it; torch vectors are not mixed into it
    settings = Settings(data_dir=tmp_path / "data", kb=KnowledgeBaseSettings(index_dir=index))
    assert Container(settings).embedder_backend() == "openvino"
    with pytest.raises(EmbedderMismatch, match=r"'openvino' backend.*'torch'.*reindex"):
        LiveIndex(index, real_embedder).snapshot()
    snapshot = LiveIndex(index, openvino_embedder).snapshot()
    _, rows = snapshot.index.search(openvino_embedder.embed_query("I want a different size").reshape(1, -1), 1)
    assert [c.doc_id for c in snapshot.chunks([int(rows[0][0])])] == ["exchanges"]


def test_the_support_scorer_reads_the_int8_model_cut_after_its_first_layers(openvino_embedder, real_embedder,  # noqa: ANN001
                                                                            ) -> None:
    from assistant.grounding.encoding import scoring_copy
    from assistant.grounding.support import SCORING_LAYERS, SupportScorer
    from models.openvino_embedder import DEPTH_FILE, XML_FILE, export_openvino, export_openvino_depth

    assert SCORING_LAYERS == 3
    scorer = SupportScorer(openvino_embedder)
    assert scorer.depth == SCORING_LAYERS  # the scorer runs the cut, and reads the support model of that depth
    xml = export_openvino(openvino_embedder.model_dir, openvino_embedder.cache_dir)
    cut = export_openvino_depth(xml, SCORING_LAYERS)
    assert cut is not None and cut.name == DEPTH_FILE.format(layers=SCORING_LAYERS) and cut.with_suffix(".bin").is_file()
    assert export_openvino_depth(xml, 6) is None  # the last layer's output is the whole model: nothing to cut
    assert not [p for p in xml.parent.iterdir() if p.name.startswith(".cut-")]  # nothing half-written left
    # its tokens are the first layers' tokens of the fp32 model (a torch copy cut at the same depth)
    ours = openvino_embedder.model.first_layers(SCORING_LAYERS).encode([TEXTS[1]], output_value=None)[0]
    reference, depth = scoring_copy(real_embedder.model, layers=SCORING_LAYERS, low_precision=False)
    theirs = reference.encode([TEXTS[1]], output_value=None, show_progress_bar=False)[0]
    assert depth == SCORING_LAYERS
    ta, tb = ours["token_embeddings"], theirs["token_embeddings"].numpy()
    assert ta.shape == tb.shape
    assert float(((ta * tb).sum(axis=1) / (np.linalg.norm(ta, axis=1) * np.linalg.norm(tb, axis=1))).min()) > 0.97
    # same input, same score, whichever scorer and whatever was encoded before; and the torch scorer's score
    passages = ["Refunds go back to the original payment method within 5 business days.", TEXTS[2]]
    sentences = ["Your refund goes back to your original payment method within 5 business days.",
                 "We ship boots to every country for free."]
    first = scorer.score_sentences(sentences, passages)
    assert first == SupportScorer(openvino_embedder).score_sentences(sentences, passages)
    assert first[0] > 0.8 and first[1] < 0.2
    torch_scores = SupportScorer(real_embedder).score_sentences(sentences, passages)
    assert max(abs(a - b) for a, b in zip(first, torch_scores)) < 0.02
