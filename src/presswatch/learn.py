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

import numpy as np


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: np.ndarray  # one a class
    rows: dict[str, int]  # feature -> its row of `weights`
    weights: np.ndarray  # features x classes

    def scores(self, features: list[str]) -> np.ndarray:
        rows = self.rows
        return self.bias + np.add.reduce(self.weights[[rows[f] for f in features if f in rows]], axis=0)

    def predict(self, features: list[str]) -> str:
        return self.classes[int(self.scores(features).argmax())]


@cache
def model(name: str) -> LinearModel:
    """The model lexicon/models/NAME.json (committed; `make train` fits it again)."""
    path = resources.files("presswatch.lexicon").joinpath("models", f"{name}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    names = list(data["weights"])
    return LinearModel(tuple(data["classes"]), np.array(data["bias"]), {n: i for i, n in enumerate(names)},
                       np.array([data["weights"][n] for n in names]).reshape(len(names), len(data["classes"])))
