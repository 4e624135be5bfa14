"""Embedding many texts in length-sorted batches, reporting progress: shared by the embedders."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray


def embed_in_batches(texts: Sequence[str], dimension: int, step: int,
                     encode: Callable[[list[str]], NDArray[np.float32]],
                     progress: Callable[[int], None] | None = None) -> NDArray[np.float32]:
    """``encode`` over ``texts`` in batches of ``step``, longest first (a batch pads to similar lengths), the
    rows put back in the input order; ``progress`` hears how many texts each batch embedded."""
    step = max(step, 1)
    out = np.empty((len(texts), dimension), dtype=np.float32)
    order = np.argsort([-len(t) for t in texts], kind="stable")
    for start in range(0, len(texts), step):
        idx = order[start : start + step]
        out[idx] = encode([texts[i] for i in idx])
        if progress:
            progress(len(idx))
    return out
