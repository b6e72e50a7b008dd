"""Learned components at run time: linear models over string features, read from JSON.

A model is fitted by `make train` (scripts/train.py, scikit-learn's logistic regression on the
train split of tests/gold) and written as lexicon/models/NAME.json: the classes, a bias per class
and, per feature, its weight for each class. Predicting is a sum of weights: no scikit-learn at
run time, nothing downloaded, the file small enough to read and diff. The file also says what it
was fitted on (the gold files and their hash), so a model is versioned with its data.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def scores(self, features: list[str]) -> list[float]:
        total = list(self.bias)
        for feature in features:
            w = self.weights.get(feature)
            if w is not None:
                for i, x in enumerate(w):
                    total[i] += x
        return total

    def probabilities(self, features: list[str]) -> dict[str, float]:
        scores = self.scores(features)
        top = max(scores)
        exp = [math.exp(s - top) for s in scores]
        norm = sum(exp)
        return {c: e / norm for c, e in zip(self.classes, exp)}

    def predict(self, features: list[str]) -> str:
        scores = self.scores(features)
        return self.classes[max(range(len(scores)), key=scores.__getitem__)]


@cache
def model(name: str) -> LinearModel:
    """The model lexicon/models/NAME.json (committed; `make train` fits it again)."""
    path = resources.files("presswatch.lexicon").joinpath("models", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    return LinearModel(tuple(data["classes"]), tuple(data["bias"]), {k: tuple(v) for k, v in data["weights"].items()})
