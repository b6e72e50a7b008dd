"""Learned components at run time: linear models over string features, read from JSON.

A model is fitted by `make train` (scripts/train.py, scikit-learn's logistic regression on the
train split of tests/gold) and written as lexicon/models/NAME.json: the classes, a bias per class
and, per feature, its weight for each class. Predicting is a sum of weights: no scikit-learn at
run time, nothing downloaded, the file small enough to read and diff. The file also says what it
was fitted on (the gold files and their hash), so a model is versioned with its data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat


@dataclass(frozen=True)
class LinearModel:
    """Per class, its bias and a weight a feature: a class's score is one C-level sum over dict
    lookups, faster for a clause's hundred features than numpy's gather and free of its import."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]  # one a class
    weights: tuple[dict[str, float], ...]  # one a class: feature -> weight

    def scores(self, features: list[str]) -> list[float]:
        return [b + sum(map(w.get, features, repeat(0.0))) for b, w in zip(self.bias, self.weights)]

    def predict(self, features: list[str]) -> str:
        scores = self.scores(features)
        return self.classes[scores.index(max(scores))]


@cache
def model(name: str) -> LinearModel:
    """The model lexicon/models/NAME.json (committed; `make train` fits it again)."""
    path = resources.files("presswatch.lexicon").joinpath("models", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    classes = tuple(data["classes"])
    weights = tuple({f: row[i] for f, row in data["weights"].items() if row[i]} for i in range(len(classes)))
    return LinearModel(classes, tuple(data["bias"]), weights)
