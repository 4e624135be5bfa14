"""The support scorer's model copy: cut to its first layers, cached per setting, the original left whole."""

from __future__ import annotations

import pytest

from assistant.grounding.calibration import MODEL_PATH, model_path
from assistant.grounding.encoding import scoring_copy

torch = pytest.importorskip("torch")


class _Encoder(torch.nn.Module):
    def __init__(self, depth: int) -> None:
        super().__init__()
        self.layer = torch.nn.ModuleList(torch.nn.Linear(4, 4) for _ in range(depth))

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        for layer in self.layer:
            x = layer(x)
        return x


class _Model(torch.nn.Module):
    """The shape of a sentence-transformers BERT: the layer stack sits at ``...encoder.layer``."""

    def __init__(self, depth: int = 6) -> None:
        super().__init__()
        self.encoder = _Encoder(depth)
        self.tokenizer = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # noqa: D102
        return self.encoder(x)

    def encode(self, sentences, **_):  # noqa: ANN001, ANN003, ANN201 - the TokenModel shape, unused here
        return []


def test_copy_runs_only_the_first_layers_and_leaves_the_model_whole() -> None:
    model = _Model(6)
    fast, depth = scoring_copy(model, layers=3, low_precision=False)
    assert depth == 3 and len(fast.encoder.layer) == 3 and len(model.encoder.layer) == 6
    x = torch.ones(1, 4)
    with torch.no_grad():
        want = x
        for layer in model.encoder.layer[:3]:
            want = layer(want)
        assert torch.allclose(fast(x), want)
    assert scoring_copy(model, layers=3, low_precision=False)[0] is fast  # one copy per model and setting


def test_whole_model_when_nothing_to_cut() -> None:
    model = _Model(2)
    assert scoring_copy(model, layers=None, low_precision=False) == (model, None)
    assert scoring_copy(model, layers=3, low_precision=False) == (model, None)  # fewer layers than asked for

    class NotTorch:
        tokenizer = None

        def encode(self, sentences, **_):  # noqa: ANN001, ANN003, ANN201
            return []

    other = NotTorch()  # the ONNX token model's case: used whole, so the whole-model support model applies
    assert scoring_copy(other, layers=3) == (other, None)


def test_a_support_model_is_shipped_for_each_depth_the_scorer_runs() -> None:
    from assistant.grounding.support import SCORING_LAYERS

    assert MODEL_PATH.exists() and model_path(None) == MODEL_PATH
    assert SCORING_LAYERS is not None and model_path(SCORING_LAYERS).exists()
