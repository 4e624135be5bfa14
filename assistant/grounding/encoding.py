"""Encoding sentences for the support scorer: token and sentence vectors, their cache, and the fast model copy.

The backend seam: token models are sentence-transformers (torch tensors) or the ONNX embedder's token model
(numpy arrays); ``as_array`` turns either into numpy, and the alignment (``best_similarity``) is numpy only.

Token encodings come from a bfloat16 copy of the model where the CPU has native bfloat16 (2.5x faster, token
cosines within 1e-4 of float32); token weights (punctuation 0, stopwords low, everything else 1) are a table
per tokenizer vocabulary, so weighting a sentence's tokens is one lookup.
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
from assistant.protocols import TokenModel

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


_COPIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> its bfloat16 inference copy
_TABLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # tokenizer -> weight per token id
_COPY_LOCK = threading.Lock()


def inference_copy(model: TokenModel) -> TokenModel:
    """A bfloat16 copy of a torch model on a CPU with native bfloat16 (AVX512-BF16, AMX), else the model itself.

    One copy per model, shared by every scorer; the embedder's own float32 model (the index's vectors) is untouched.
    """
    with _COPY_LOCK:
        try:
            return _COPIES[model]
        except (KeyError, TypeError):
            pass
        fast = model
        torch = sys.modules.get("torch")  # not imported yet: the model is no torch module (the ONNX one)
        try:
            on_cpu = str(getattr(model, "device", "cpu")).startswith("cpu")
            if torch is not None and isinstance(model, torch.nn.Module) and on_cpu and native_bfloat16():
                fast = copy.deepcopy(model).to(torch.bfloat16).eval()
        except Exception:  # noqa: BLE001 - no torch, an exotic model: the model as it is
            fast = model
        try:
            _COPIES[model] = fast
        except TypeError:  # not weak-referenceable: no cache
            pass
        return fast


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
