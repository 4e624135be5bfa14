"""Which embedder an index version was built with, and whether the configured one may read it.

Kept apart from ``sync`` so that opening an index to search it does not import the sync pipeline (loaders,
quarantine, YAML).
"""

from __future__ import annotations

from typing import Any

from assistant.protocols import Embedder
from knowledge_base.errors import EmbedderMismatch

__all__ = ["check_embedder", "embedder_backend", "embedder_quantisation"]


def embedder_backend(embedder: Embedder) -> str:
    """How ``embedder`` computes vectors ("torch", "onnx", ...); indexes from before backends existed were torch."""
    return str(getattr(embedder, "backend", "torch"))


def embedder_quantisation(embedder: Embedder) -> str | None:
    """How the backend's weights are stored ("fp32", "int8 dynamic (ONNX Runtime)", ...), recorded in the manifest
    beside the backend for whoever reads it; None for an embedder that does not say (the test fakes)."""
    value = getattr(embedder, "quantisation", None)
    return str(value) if value else None


def check_embedder(manifest: dict[str, Any], embedder: Embedder, *, check_dimension: bool = True,
                   check_backend: bool = True) -> None:
    """Raise ``EmbedderMismatch`` when the index was built with another model than ``embedder`` or, with
    ``check_backend``, by another backend of it (int8 ONNX vectors are close to fp32 torch ones, not equal)."""
    built = manifest["embedder"]
    if built["model_id"] != embedder.model_id or (check_dimension and int(built["dimension"]) != embedder.dimension):
        raise EmbedderMismatch(
            f"index {manifest.get('version')} was built with embedder {built['model_id']!r} ({built['dimension']}-d) "
            f"but the configured embedder is {embedder.model_id!r}"
            + (f" ({embedder.dimension}-d)" if check_dimension else "")
            + "; rebuild the index into a new directory or configure the original model"
        )
    built_backend, backend = built.get("backend", "torch"), embedder_backend(embedder)
    if check_backend and built_backend != backend:
        raise EmbedderMismatch(
            f"index {manifest.get('version')} was embedded with the {built_backend!r} backend but the configured "
            f"embedder backend is {backend!r}; reindex (`caredraft kb sync` or POST /v1/kb/reindex re-embeds every "
            f"chunk) or set CAREDRAFT_EMBEDDER__BACKEND={built_backend}"
        )
