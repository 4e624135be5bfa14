"""The embedder on OpenVINO with int8 weights and activations: the same model, exported and quantised once, offline.

``export_openvino(model_dir, cache_dir)`` traces the transformer to fp32 ONNX (as the ONNX backend does), reads it
into OpenVINO and quantises it statically with NNCF (weights and activations int8, scales fixed by a calibration
pass over ``calibration_texts()``: the transformer preset keeps softmax, layer norms and the GELU in floating
point and smooths activation outliers first), then writes ``model_int8.xml``/``.bin`` plus ``source.json`` into
``cache_dir/<fingerprint>``. ``OpenVinoEmbedder`` runs it with OpenVINO's CPU plugin and the model's own fast
tokenizer; pooling, token counting and the grounding scorer's token model are the ONNX embedder's.

``export_openvino_depth(xml, layers)`` cuts that int8 model after its first ``layers`` transformer layers (the
output of that layer's last layer norm becomes the model's output) and keeps it beside it as
``model_int8_layers<N>.xml``: the support scorer's token model (``OpenVinoEmbedder.token_model_at_depth``), the same
quantised weights and scales as the first layers of the whole model, no second calibration (under a second).

Static scales make a text's vector independent of what it is batched with (dynamic int8 rescales per batch).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models.onnx_embedder import (ExportError, Infer, OnnxEmbedder, _fingerprint, _pooling, export_fp32,
                                  publish_export)

EXPORT_VERSION = 1  # bump when the recipe below changes: cached exports of an older recipe are rebuilt
XML_FILE = "model_int8.xml"
INSTALL_HINT = "the openvino embedder backend needs openvino and nncf: pip install openvino nncf"
DEPTH_FILE = "model_int8_layers{layers}.xml"  # the export cut after its first ``layers`` transformer layers
# A transformer layer's output in the traced graph (``export_fp32``: the layer's final layer norm, by the node name
# torch gives it); the last layer's is the graph's output and has its own name.
_LAYER_OUTPUT = re.compile(r"/encoder/layer\.(\d+)/output/LayerNorm/LayerNormalization$")
CALIBRATION_SIZE = 300  # texts NNCF reads to fix the activation scales (its default subset size)


def calibration_texts(limit: int = CALIBRATION_SIZE) -> list[str]:
    """Texts whose activations fix the int8 scales: paragraphs of the bundled sample knowledge base, the kind of
    text the product embeds, in a fixed order so that two exports of the same model are identical."""
    from assistant.settings import SAMPLE_KB_DIR

    paragraphs: list[str] = []
    for path in sorted(SAMPLE_KB_DIR.iterdir()):
        if path.suffix in {".md", ".txt", ".html"}:
            paragraphs += [" ".join(p.split()) for p in path.read_text(encoding="utf-8").split("\n\n")
                           if len(p.split()) >= 6]
    if not paragraphs:
        raise ExportError(f"no calibration text found in {SAMPLE_KB_DIR}")
    # every n-th paragraph, so that the sample spreads over all the documents rather than the first few
    step = max(len(paragraphs) // limit, 1)
    return paragraphs[::step][:limit]


def openvino_export_path(model_dir: Path, cache_dir: Path) -> Path:
    """Where the OpenVINO int8 export of ``model_dir`` is (or will be) kept under ``cache_dir``."""
    return Path(cache_dir) / _fingerprint(Path(model_dir), recipe=f"openvino-int8-{EXPORT_VERSION}") / XML_FILE


def export_openvino(model_dir: Path, cache_dir: Path) -> Path:
    """Export and quantise ``model_dir`` into ``cache_dir`` unless an export of the same weights and recipe is
    there; returns the ``.xml`` path. Built in a temporary folder and renamed, so an interruption leaves nothing."""
    model_dir = Path(model_dir)
    path = openvino_export_path(model_dir, cache_dir)
    target = path.parent
    if path.is_file():
        return path
    try:
        import nncf
        import openvino as ov
    except ImportError as exc:
        raise ExportError(INSTALL_HINT) from exc
    from tokenizers import Tokenizer

    _pooling(model_dir)  # refuse an unsupported model before spending minutes on it

    def build(tmp: Path) -> dict[str, Any]:
        model = ov.Core().read_model(str(export_fp32(model_dir, tmp / "model.onnx")))
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=512)

        def feed(text: str) -> dict[str, NDArray[np.int64]]:
            ids = np.array([tokenizer.encode(text).ids], dtype=np.int64)
            return {"input_ids": ids, "attention_mask": np.ones_like(ids), "token_type_ids": np.zeros_like(ids)}

        texts = calibration_texts()
        nncf.set_log_level(logging.ERROR)
        # NNCF's progress bars go to stdout, which a CLI command's --json answer owns: show them on stderr
        with contextlib.redirect_stdout(sys.stderr):
            quantised = nncf.quantize(model, nncf.Dataset(texts, feed), model_type=nncf.ModelType.TRANSFORMER,
                                      subset_size=len(texts))
        ov.save_model(quantised, str(tmp / XML_FILE))
        (tmp / "model.onnx").unlink()
        return {"model_dir": str(model_dir), "fingerprint": target.name, "recipe": EXPORT_VERSION,
                "calibration_texts": len(texts), "weights": "int8 static (NNCF, transformer preset)"}

    return publish_export(target, XML_FILE, build, what="OpenVINO int8", expected="1-2 minutes")


def export_openvino_depth(xml: Path, layers: int) -> Path | None:
    """The int8 model at ``xml`` cut after its first ``layers`` transformer layers, saved beside it once; returns its
    ``.xml`` path, or None when the model has no such inner layer (``layers`` at or past its depth, or a graph
    whose layer outputs are not named as ``export_fp32`` names them). Written under temporary names and renamed,
    weights first: an ``.xml`` present means a complete model."""
    import openvino as ov

    target = xml.with_name(DEPTH_FILE.format(layers=layers))
    if target.is_file():
        return target
    if layers < 1:
        return None
    model = ov.Core().read_model(str(xml))
    outputs = {int(m.group(1)): op for op in model.get_ops() if (m := _LAYER_OUTPUT.search(op.get_friendly_name()))}
    if layers - 1 not in outputs:
        return None
    cut = ov.Model([outputs[layers - 1].output(0)], model.get_parameters(), f"{model.get_friendly_name()}-{layers}")
    tmp = Path(tempfile.mkdtemp(prefix=".cut-", dir=xml.parent))
    try:
        # compress_to_fp16 off: the cut keeps the exported constants exactly, so its tokens are the whole model's
        # first layers' tokens
        ov.save_model(cut, str(tmp / target.name), compress_to_fp16=False)
        os.replace(tmp / target.with_suffix(".bin").name, target.with_suffix(".bin"))
        os.replace(tmp / target.name, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


class OpenVinoEmbedder(OnnxEmbedder):
    """A sentence-transformers model served by OpenVINO with int8 weights and activations (``backend =
    "openvino"``); everything but the runtime is the ONNX embedder's, so neither torch nor transformers is
    imported to embed, and ``model`` is the token-level encoder the grounding scorer asks for."""

    backend = "openvino"
    quantisation = "int8 static (NNCF)"

    def _open_runtime(self) -> Infer:
        try:
            import openvino as ov
        except ImportError as exc:
            raise ExportError(INSTALL_HINT) from exc
        return self._compile(ov, export_openvino(self.model_dir, self.cache_dir))

    def _open_depth_runtime(self, layers: int) -> Infer | None:
        import openvino as ov

        path = export_openvino_depth(export_openvino(self.model_dir, self.cache_dir), layers)
        return self._compile(ov, path) if path is not None else None

    def _compile(self, ov: Any, path: Path) -> Infer:  # noqa: ANN401 - the openvino module
        """The model at ``path`` compiled for this machine's CPU, as a function of one padded batch."""
        config: dict[str, Any] = {"PERFORMANCE_HINT": "LATENCY"}
        if self.threads:
            config["INFERENCE_NUM_THREADS"] = self.threads
        core = ov.Core()
        # the compiled model is kept beside the export: a later start loads it instead of compiling again
        # (compiling took about 0.5 CPU-s of a cold `kb search`, loading the kept one 0.1 s)
        core.set_property({"CACHE_DIR": str(path.parent / "compiled")})
        compiled = core.compile_model(str(path), "CPU", config)
        local = threading.local()  # an infer request serves one call at a time: one per calling thread

        def infer(feed: dict[str, NDArray[np.int64]]) -> NDArray[np.float32]:
            request = getattr(local, "request", None)
            if request is None:
                request = local.request = compiled.create_infer_request()
            return np.asarray(request.infer(feed)[0])  # outputs are copied out of the request (share_outputs off)

        return infer
