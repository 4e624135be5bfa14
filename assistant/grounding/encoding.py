"""Encoding sentences for the support scorer: token and sentence vectors, their cache, and the fast model copy.

The backend seam: token models are sentence-transformers (torch tensors) or the ONNX embedder's token model
(numpy arrays); ``as_array`` turns either into numpy, and the alignment (``best_similarity``) is numpy only.

Token encodings come from a copy of the model that runs only its first ``layers`` transformer layers (half the
work with 3 of MiniLM's 6; the support model is fitted on features of the same depth, see ``scoring_copy``): for
torch in bfloat16 where the CPU has native bfloat16 (2x faster again, token cosines within 1e-4 of float32), on
OpenVINO the int8 graph cut after those layers. Token weights (punctuation 0, stopwords low, everything else 1) are
a table per tokenizer vocabulary, so weighting a sentence's tokens is one lookup.
"""

from __future__ import annotations

import copy
import sys
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.grounding.words import STOPWORDS
from assistant.protocols import LayeredTokenModel, TokenModel

STOP_WEIGHT = 0.1  # a stopword's share in token precision: it says little about support


@dataclass
class Encoded:
    """One sentence's encodings."""

    vector: np.ndarray  # (d,) L2-normalised sentence embedding
    tokens: np.ndarray | None  # (t, d) L2-normalised token embeddings (no special tokens)
    weights: np.ndarray | None  # (t,) importance of each token (stopwords and punctuation low)


class EncodingCache:
    """Encodings by sentence text, least recently used first out; safe to share between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[str, Encoded] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Encoded | None:
        with self.lock:
            value = self.data.get(key)
            if value is not None:
                self.data.move_to_end(key)
            return value

    def put(self, key: str, value: Encoded) -> None:
        with self.lock:
            self.data[key] = value
            self.data.move_to_end(key)
            while len(self.data) > self.size:
                self.data.popitem(last=False)


_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> {(layers, low precision): copy}
_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # tokenizer -> weight per token id
_COPY_LOCK = threading.Lock()


def scoring_copy(model: TokenModel, *, layers: int | None = None,
                 low_precision: bool = True) -> tuple[TokenModel, int | None]:
    """The model the support scorer encodes with, and how many transformer layers it runs (None: all of them).

    For a torch model: a copy that keeps only the first ``layers`` layers of its transformer (contextual token
    vectors from the lower layers align paraphrases as well as the last layer's, at a fraction of the cost;
    measured on BEGIN dev, ``scripts/fit_support_model.py``), in bfloat16 on a CPU that computes it natively
    (AVX512-BF16, AMX). A model that cannot be cut (the ONNX one) is used whole, and says so with None, so the
    scorer picks the support model fitted at that depth. One copy per model and setting, shared by every scorer;
    the embedder's own float32 model (the index's vectors) is untouched.
    """
    with _COPY_LOCK:
        try:
            copies = _COPIES.setdefault(model, {})
        except TypeError:  # not weak-referenceable: no cache
            copies = {}
        key = (layers, low_precision)
        if key not in copies:
            copies[key] = _make_copy(model, layers, low_precision)
        return copies[key]


def _make_copy(model: TokenModel, layers: int | None, low_precision: bool) -> tuple[TokenModel, int | None]:
    torch = sys.modules.get("torch")  # not imported yet: the model is no torch module (the ONNX one)
    try:
        if isinstance(model, LayeredTokenModel):
            own = model.first_layers(layers) if layers is not None else None
            return (own, layers) if own is not None else (model, None)
        if torch is None or not isinstance(model, torch.nn.Module) or not str(getattr(model, "device", "cpu")).startswith("cpu"):
            return model, None
        stack = _layer_stack(model, torch)
        cut = layers is not None and stack is not None and 0 < layers < len(getattr(*stack))
        bf16 = low_precision and native_bfloat16()
        if not cut and not bf16:
            return model, None
        fast = copy.deepcopy(model).eval()
        copied = _layer_stack(fast, torch) if cut else None
        if copied is not None:  # the copy's own stack, never the original's
            parent, name = copied
            setattr(parent, name, torch.nn.ModuleList(list(getattr(parent, name))[:layers]))
        if bf16:
            fast = fast.to(torch.bfloat16)
        return fast, layers if copied is not None else None
    except Exception:  # noqa: BLE001 - an exotic model: used as it is, at full depth
        return model, None


def _layer_stack(model: Any, torch: Any) -> tuple[Any, str] | None:  # noqa: ANN401 - torch modules
    """(parent module, attribute) of the model's stack of transformer layers: the first ``ModuleList`` named
    ``layer``/``layers`` (BERT's ``encoder.layer``), or None."""
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.ModuleList) and name.rsplit(".", 1)[-1] in ("layer", "layers") and len(module):
            parent_name, _, attr = name.rpartition(".")
            return model.get_submodule(parent_name) if parent_name else model, attr
    return None


def native_bfloat16() -> bool:
    """The CPU multiplies bfloat16 in hardware; elsewhere bfloat16 is emulated and can be slower than float32."""
    import torch

    checks = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in checks)


def as_array(value: Any) -> np.ndarray:  # noqa: ANN401 - a torch tensor or a numpy array
    """A model output as numpy: torch tensors (bfloat16 ones as float32) or the ONNX model's arrays as they are."""
    if isinstance(value, np.ndarray):
        return value
    return (value.float() if value.is_floating_point() else value).numpy()


def token_matrix(parts: list[np.ndarray]) -> np.ndarray:
    """Passage token vectors stacked and transposed for ``best_similarity``: float32, (d, n)."""
    return np.ascontiguousarray(np.concatenate(parts, axis=0).T, dtype=np.float32)


_BLAS_LOCK = threading.Lock()
_BLAS: list[Any] | None = None  # threadpoolctl's controllers of the BLAS libraries numpy loaded, found at first use


def best_similarity(tokens: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """For each row of ``tokens`` (n, d), its best cosine with any column of ``matrix`` (d, m).

    The product is small (a reply's tokens against three passages': ~0.3 ms on one core), so it runs on one BLAS
    thread: handed to a thread pool on a busy 2-core machine it waited for the second thread and took 60 ms
    (torch's pool, measured) or 16 ms (OpenBLAS's). The lock keeps the limit and its restoration in order when
    several threads score at once.
    """
    global _BLAS
    left = tokens.astype(np.float32, copy=False)
    with _BLAS_LOCK:
        if _BLAS is None:
            from threadpoolctl import ThreadpoolController

            _BLAS = list(ThreadpoolController().select(user_api="blas").lib_controllers)
        before = [lib.num_threads for lib in _BLAS]
        for lib in _BLAS:
            lib.set_num_threads(1)
        try:
            product = left @ matrix
        finally:
            for lib, n in zip(_BLAS, before):
                lib.set_num_threads(n)
    return product.max(axis=1)


def weight_table(tokenizer: Any) -> np.ndarray:
    """``token_weight`` of every vocabulary id, computed once per tokenizer; -1 marks special tokens (dropped)."""
    try:
        return _TABLES[tokenizer]
    except (KeyError, TypeError):
        pass
    size = max(len(tokenizer), 1)
    pieces = tokenizer.convert_ids_to_tokens(list(range(size)))
    table = np.array([token_weight(p or "") for p in pieces], dtype=np.float32)
    special = [i for i in (getattr(tokenizer, "all_special_ids", None) or []) if 0 <= i < size]
    table[special] = -1.0
    try:
        _TABLES[tokenizer] = table
    except TypeError:
        pass
    return table


def token_weight(piece: str) -> float:
    bare = piece[2:] if piece.startswith("##") else piece
    if not any(ch.isalnum() for ch in bare):
        return 0.0  # punctuation says nothing about support
    if not piece.startswith("##") and bare.lower() in STOPWORDS:
        return STOP_WEIGHT
    return 1.0
