"""A small logistic model from support features to a calibrated probability, and its fitting.

The model is a handful of standardised weights stored beside this file (written by
``scripts/fit_support_model.py``): ``support_model_layers3.json`` for features from the first 3 transformer layers
(the scorer's default depth), ``support_model.json`` for features from the whole model (a token model that cannot
be cut, the ONNX one); ``model_path`` names them. Classes are weighted equally when fitting, so 0.5 means "as likely supported
as not" whatever share of supported sentences the training data had. Scoring needs only numpy; fitting uses
scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).with_name("support_model.json")  # fitted on features from every layer


def model_path(layers: int | None) -> Path:
    """The support model fitted on token features from the first ``layers`` transformer layers (None: all)."""
    return MODEL_PATH if layers is None else MODEL_PATH.with_name(f"support_model_layers{layers}.json")


@dataclass(frozen=True)
class LogisticModel:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        sizes = {len(self.features), len(self.mean), len(self.scale), len(self.coef)}
        if len(sizes) != 1:
            raise ValueError(f"support model is inconsistent: {len(self.features)} features but sizes {sorted(sizes)}")
        if any(s <= 0 for s in self.scale):
            raise ValueError("support model has a non-positive feature scale")

    def logit(self, x: Sequence[float]) -> float:
        if len(x) != len(self.features):
            raise ValueError(f"expected {len(self.features)} features ({', '.join(self.features)}), got {len(x)}")
        return self.intercept + sum(c * (v - m) / s for c, v, m, s in zip(self.coef, x, self.mean, self.scale))

    def probability(self, x: Sequence[float]) -> float:
        z = self.logit(x)
        # numerically safe logistic for large |z|
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def probabilities(self, matrix: np.ndarray) -> np.ndarray:
        z = self.intercept + ((np.asarray(matrix, dtype=np.float64) - self.mean) / self.scale) @ np.asarray(self.coef)
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": list(self.mean), "scale": list(self.scale),
                "coef": list(self.coef), "intercept": self.intercept, "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LogisticModel:
        try:
            return cls(tuple(data["features"]), tuple(map(float, data["mean"])), tuple(map(float, data["scale"])),
                       tuple(map(float, data["coef"])), float(data["intercept"]), dict(data.get("meta") or {}))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a support model: {exc}") from exc

    def save(self, path: Path = MODEL_PATH) -> None:
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)


@lru_cache(maxsize=4)
def load_model(path: Path = MODEL_PATH) -> LogisticModel:
    return LogisticModel.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def fit(x: np.ndarray, y: np.ndarray, features: Sequence[str], *, c: float = 0.1,
        sample_weight: np.ndarray | None = None, meta: dict[str, Any] | None = None) -> LogisticModel:
    """L2-regularised logistic regression on standardised features, both classes weighted equally.

    ``c`` is scikit-learn's inverse regularisation strength: small values keep the weights small and the
    model close to an even mix of its features, which is what lets it carry over to data it was not fitted on.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=int)
    if x.ndim != 2 or x.shape[1] != len(features) or len(y) != len(x):
        raise ValueError(f"x must be (n, {len(features)}) and y (n,); got {x.shape} and {y.shape}")
    if len(set(y.tolist())) != 2:
        raise ValueError("fitting needs both supported and unsupported examples")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
    # equal total weight per class: the intercept then encodes even odds, not the training base rate
    for label in (0, 1):
        mask = y == label
        weights[mask] *= len(y) / (2.0 * weights[mask].sum())
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit((x - mean) / scale, y, sample_weight=weights)
    return LogisticModel(tuple(features), tuple(map(float, mean)), tuple(map(float, scale)),
                         tuple(map(float, model.coef_[0])), float(model.intercept_[0]), dict(meta or {}))
