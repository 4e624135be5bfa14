"""The embedder on ONNX Runtime with int8 weights: the same sentence-transformers model, exported once, offline.

``export_onnx(model_dir, cache_dir)`` traces the model's transformer with torch (``torch.onnx``), quantises its
weights to int8 (ONNX Runtime's dynamic quantisation: weights int8, activations quantised per batch) and writes
``model_qint8.onnx`` plus a ``source.json`` naming what it came from into ``cache_dir``. ``OnnxEmbedder`` then runs
it with ONNX Runtime and the model's own fast tokenizer (``tokenizer.json``), pooling and normalising as the
model's sentence-transformers configuration says, so neither torch nor transformers is imported to embed.

sentence-transformers' own ONNX support goes through ``optimum-onnx``, which pins transformers below 5; this
path needs only ``onnxruntime`` and ``onnx``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.batching import embed_in_batches
from models.query_cache import QueryVectorCache

ProgressFn = Callable[[int], None]
# Batches are padded to a multiple of this many tokens (the outputs are cut back to the longest text). A runtime
# with dynamic shapes keeps compiled kernels and buffers per input shape it has seen: OpenVINO's CPU plugin held
# ~270 MiB more after a server's warm-up and kept growing with every new sentence length (a server passed 1 GiB
# after ~180 drafts); with lengths in steps of 16 it meets a few dozen shapes, reuses them, and runs faster.
PAD_TO_MULTIPLE = 16
Infer = Callable[[dict[str, NDArray[np.int64]]], NDArray[np.float32]]  # a padded batch's inputs -> token embeddings
EXPORT_VERSION = 1  # bump when the export recipe changes: cached exports of an older recipe are rebuilt
ONNX_FILE = "model_qint8.onnx"
INSTALL_HINT = "the onnx embedder backend needs onnxruntime and onnx: pip install onnxruntime onnx"


class ExportError(RuntimeError):
    """The model could not be exported (unsupported pooling, missing files, missing packages)."""


def _fingerprint(model_dir: Path, recipe: str = f"recipe-{EXPORT_VERSION}") -> str:
    """Identifies the source weights and the export ``recipe``, so a changed model is re-exported rather than
    served stale."""
    h = hashlib.sha256(recipe.encode())
    for name in ("config.json", "tokenizer.json", "modules.json", "1_Pooling/config.json"):
        p = model_dir / name
        if p.is_file():
            h.update(p.read_bytes())
    for name in ("model.safetensors", "pytorch_model.bin"):
        p = model_dir / name
        if p.is_file():
            st = p.stat()
            h.update(f"{name}:{st.st_size}".encode())
            with open(p, "rb") as fh:  # size plus the first MiB: cheap, and weights differ early
                h.update(fh.read(1 << 20))
    return h.hexdigest()[:16]


def _pooling(model_dir: Path) -> tuple[str, bool]:
    """(mode, normalise) from the sentence-transformers config; only what this adapter implements is accepted."""
    modules = json.loads((model_dir / "modules.json").read_text()) if (model_dir / "modules.json").is_file() else []
    normalise = any(m.get("type", "").endswith("Normalize") for m in modules)
    pool_dir = next((m["path"] for m in modules if m.get("type", "").endswith("Pooling")), "1_Pooling")
    cfg_path = model_dir / pool_dir / "config.json"
    cfg = json.loads(cfg_path.read_text()) if cfg_path.is_file() else {"pooling_mode_mean_tokens": True}
    modes = [k.removeprefix("pooling_mode_").removesuffix("_token").removesuffix("_tokens")
             for k, v in cfg.items() if k.startswith("pooling_mode_") and v]
    if modes not in (["mean"], ["cls"]):
        raise ExportError(f"pooling {modes} is not supported by the onnx backend (mean or cls only); use backend torch")
    return modes[0], normalise


def export_fp32(model_dir: Path, path: Path) -> Path:
    """Trace the model's transformer (token embeddings before pooling) into an fp32 ONNX graph at ``path``, with
    dynamic batch and token axes. The first step of every exported backend."""
    import torch
    from transformers import AutoModel

    # eager attention: a plain graph with the padding mask applied (fused kernels may drop an all-ones mask)
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class _Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):  # noqa: ANN001, ANN201
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2460, 102, 0, 0, 0]])
    mask = (ids != 0).long()  # a padded row, so the traced graph keeps the masking path
    axes = {0: "batch", 1: "tokens"}
    # tracing warns about shape-dependent Python branches of the model, which the padded example covers
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(_Encoder(model), (ids, mask, torch.zeros_like(ids)), str(path), dynamo=False,
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["token_embeddings"], opset_version=17,
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes,
                                        "token_embeddings": axes})
    return path


def onnx_export_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the ONNX export of ``model_dir`` is (or will be) kept under ``cache_dir``."""
    return Path(cache_dir) / _fingerprint(Path(model_dir)) / ONNX_FILE


def export_onnx(model_dir: Path, cache_dir: Path) -> Path:
    """Export and quantise ``model_dir`` into ``cache_dir`` unless an export of the same weights is there; returns
    the ``.onnx`` path. Written into a temporary folder and renamed, so an interrupted export leaves nothing."""
    model_dir = Path(model_dir)
    path = onnx_export_path(model_dir, cache_dir)
    target = path.parent
    if path.is_file():
        return path
    try:
        import onnx  # noqa: F401 - needed by the quantiser
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise ExportError(INSTALL_HINT) from exc
    _pooling(model_dir)  # refuse an unsupported model before spending a minute on it
    def build(tmp: Path) -> dict[str, Any]:
        fp32 = export_fp32(model_dir, tmp / "model.onnx")
        logging.disable(logging.WARNING)  # the quantiser advises a pre-processing step on the root logger
        try:
            quantize_dynamic(str(fp32), str(tmp / ONNX_FILE), weight_type=QuantType.QInt8, per_channel=True)
        finally:
            logging.disable(logging.NOTSET)
        fp32.unlink()
        return {"model_dir": str(model_dir), "fingerprint": target.name, "recipe": EXPORT_VERSION,
                "weights": "int8 dynamic"}

    return publish_export(target, ONNX_FILE, build, what="ONNX int8", expected="about 30 s")


def publish_export(target: Path, file_name: str, build: Callable[[Path], dict[str, Any]], *, what: str,
                   expected: str) -> Path:
    """Run ``build`` in a temporary folder beside ``target`` (it writes ``file_name`` there and returns what
    ``source.json`` records), then rename the folder to ``target``: an interrupted export leaves nothing, and an
    export another process finished first is used as it is. Returns ``target / file_name``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # once per model and cache folder: say so, since the command that triggers it waits for it
    print(f"caredraft: exporting the embedder to {what} in {target} (once; {expected})...", file=sys.stderr,
          flush=True)
    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        source = build(tmp)
        (tmp / "source.json").write_text(json.dumps(source))
        try:
            os.replace(tmp, target)
        except OSError:  # another process finished the same export first: use theirs
            if not (target / file_name).is_file():
                raise
        print(f"caredraft: {what} export done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target / file_name


class OnnxEmbedder:
    """A sentence-transformers model served by ONNX Runtime with int8 weights (``backend = "onnx"``).

    Same ``model_id`` as the torch embedder of the same model; the index manifest records the backend, since
    int8 vectors are close to, not equal to, fp32 ones. ``model`` (the token-level encoder the grounding
    scorer asks for) is the same ONNX session read before pooling (``OnnxTokenModel``), so drafting with this
    backend never imports torch.
    """

    backend = "onnx"
    quantisation = "int8 dynamic (ONNX Runtime)"

    def __init__(self, model_dir: Path, *, model_id: str, cache_dir: Path, batch_size: int = 16,
                 threads: int | None = None) -> None:
        self.model_id = model_id
        self.model_dir = Path(model_dir)
        self.cache_dir = Path(cache_dir)
        self.batch_size = batch_size
        self.threads = threads
        self._token_model: OnnxTokenModel | None = None
        self._depth_models: dict[int, OnnxTokenModel | None] = {}
        self._infer: Infer | None = None
        self._tokenizer: Any = None
        self._counter: Any = None
        self._lock = threading.Lock()
        self._pool, self._normalise = _pooling(self.model_dir)
        config = json.loads((self.model_dir / "config.json").read_text())
        self.dimension = int(config["hidden_size"])
        st_config = self.model_dir / "sentence_bert_config.json"
        seq = json.loads(st_config.read_text()).get("max_seq_length") if st_config.is_file() else None
        self.max_tokens = int(seq or config.get("max_position_embeddings", 512))
        self._queries = QueryVectorCache()

    def _load(self) -> Infer:
        if self._infer is not None:
            return self._infer
        with self._lock:
            if self._infer is not None:
                return self._infer
            from tokenizers import Tokenizer

            infer = self._open_runtime()
            tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(max_length=self.max_tokens)
            tokenizer.enable_padding(pad_id=tokenizer.token_to_id("[PAD]") or 0,
                                     pad_to_multiple_of=PAD_TO_MULTIPLE)
            counter = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            counter.no_truncation()
            counter.no_padding()
            self._tokenizer, self._counter = tokenizer, counter
            self._infer = infer
            return infer

    def _open_runtime(self) -> Infer:
        """Export if needed, open the model, and return what maps one padded batch to its token embeddings."""
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ExportError(INSTALL_HINT) from exc
        path = export_onnx(self.model_dir, self.cache_dir)
        options = ort.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # idle worker threads sleep instead of spinning: on cores shared with request handling or other
        # processes, spinning burnt about a third of the CPU time and cut indexing throughput by a third
        # (measured at load average 9 on 2 cores; benchmarks/bench_embedders.py)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return lambda feed: session.run(None, feed)[0]  # a session's run is thread-safe

    def _open_depth_runtime(self, layers: int) -> Infer | None:
        """What maps a batch to the token embeddings after the first ``layers`` transformer layers, or None when
        this backend cannot stop early (the dynamic int8 ONNX graph is served whole)."""
        return None

    @property
    def model(self) -> OnnxTokenModel:
        """Token-level encodings for the grounding scorer (the ``TokenModel`` protocol), from this same session."""
        if self._token_model is None:
            self._token_model = OnnxTokenModel(self)
        return self._token_model

    def token_model_at_depth(self, layers: int) -> OnnxTokenModel | None:
        """The token model of the first ``layers`` transformer layers (one per depth, opened at first use), or None
        when the backend cannot cut the model there."""
        self._load()  # the tokenizers, and the whole model's export the cut one is made from
        with self._lock:
            if layers not in self._depth_models:
                infer = self._open_depth_runtime(layers)
                self._depth_models[layers] = OnnxTokenModel(self, infer) if infer is not None else None
            return self._depth_models[layers]

    def count_tokens(self, text: str) -> int:
        self._load()
        return len(self._counter.encode(text).ids)

    def _run(self, texts: Sequence[str], infer: Infer | None = None,
             ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float32]]:
        """(input ids, attention mask, token embeddings) of one padded batch: the model's output before pooling
        (``infer``: another runtime over the same inputs, a model cut after fewer layers)."""
        infer = infer or self._load()
        encodings = self._tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        tokens = infer({"input_ids": ids, "attention_mask": mask, "token_type_ids": types})
        length = int(mask.sum(axis=1).max()) if len(mask) else 0
        return ids[:, :length], mask[:, :length], tokens[:, :length]

    def _pool_tokens(self, mask: NDArray[np.int64], tokens: NDArray[np.float32]) -> NDArray[np.float32]:
        """Sentence vectors from token embeddings, as the model's sentence-transformers modules say."""
        if self._pool == "cls":
            vecs = tokens[:, 0, :]
        else:
            weights = mask[:, :, None].astype(np.float32)
            vecs = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        if self._normalise:
            vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs.astype(np.float32, copy=False)

    def _encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        _, mask, tokens = self._run(texts)
        return self._pool_tokens(mask, tokens)

    def embed_documents(self, texts: Sequence[str], progress: ProgressFn | None = None) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        self._load()
        return embed_in_batches(texts, self.dimension, self.batch_size, self._encode, progress)

    def clear_cache(self) -> None:
        self._queries.clear()

    def embed_query(self, text: str) -> NDArray[np.float32]:
        return self._queries.get_or_embed(text, self._embed_one)

    def _embed_one(self, text: str) -> NDArray[np.float32]:
        self._load()
        return self._encode([text])[0]


class _Vocabulary:
    """The slice of a transformers tokenizer the grounding scorer's token weights read, over ``tokenizer.json``."""

    def __init__(self, tokenizer: Any) -> None:  # noqa: ANN401 - a tokenizers.Tokenizer
        self._tokenizer = tokenizer
        decoder = tokenizer.get_added_tokens_decoder()
        self.all_special_ids = sorted(i for i, token in decoder.items() if token.special)

    def __len__(self) -> int:
        return int(self._tokenizer.get_vocab_size(with_added_tokens=True))

    def convert_ids_to_tokens(self, ids: Sequence[int]) -> list[str | None]:
        return [self._tokenizer.id_to_token(i) for i in ids]


class OnnxTokenModel:
    """Contextual token embeddings from an ``OnnxEmbedder``'s session: the ``TokenModel`` the support scorer uses.

    ``encode(texts, output_value=None)`` answers like sentence-transformers' (one dict per text: ``input_ids``,
    ``attention_mask``, ``token_embeddings``, ``sentence_embedding``), with numpy arrays instead of tensors.
    Each text runs alone: int8 activations are quantised per batch, so in a batch a text's token vectors would
    move with its batch-mates (token cosines down to 0.985), and a sentence's support score would depend on
    what else happened to be encoded with it. Alone is deterministic, and measured no slower than batches of 32
    on 2 CPU cores (no padding to compute).

    ``infer`` (given by ``OnnxEmbedder.token_model_at_depth``) is a runtime that stops after fewer layers; the
    sentence embedding is then pooled from those layers' tokens, as a cut torch model's is.
    """

    def __init__(self, embedder: OnnxEmbedder, infer: Infer | None = None) -> None:
        self._embedder = embedder
        self._infer = infer
        self._vocabulary: _Vocabulary | None = None

    @property
    def tokenizer(self) -> _Vocabulary:
        if self._vocabulary is None:
            self._embedder._load()
            self._vocabulary = _Vocabulary(self._embedder._counter)
        return self._vocabulary

    def encode(self, sentences: Sequence[str], *, output_value: str | None = None,
               **_: Any) -> list[dict[str, NDArray[Any]]]:  # noqa: ANN401 - sentence-transformers' batching options
        if output_value is not None:
            raise ValueError("the onnx token model only answers output_value=None (token embeddings)")
        out = []
        for text in sentences:
            ids, mask, tokens = self._embedder._run([text], self._infer)
            out.append({"input_ids": ids[0], "attention_mask": mask[0], "token_embeddings": tokens[0],
                        "sentence_embedding": self._embedder._pool_tokens(mask, tokens)[0]})
        return out

    def first_layers(self, layers: int) -> OnnxTokenModel | None:
        """This model cut after its first ``layers`` transformer layers (``LayeredTokenModel``), None if it cannot."""
        return self._embedder.token_model_at_depth(layers)
