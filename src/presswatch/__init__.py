"""presswatch: reads Vietnamese political news and keeps a linked record of what it reports.

The public API is small: `extract_text` for one text, `extract_paths` for files and folders,
and the `Article` they return (see `presswatch.model`). They are loaded on first use, so that
`presswatch search` and the rest of the store's commands never import the readers and extractors.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Article
    from .pipeline import Failure, extract_paths, extract_text

__version__ = "0.1.0"
__all__ = ["Article", "Failure", "extract_paths", "extract_text", "__version__"]
_HOME = {"Article": ".model", "Failure": ".pipeline", "extract_paths": ".pipeline", "extract_text": ".pipeline"}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'presswatch' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name], __name__), name)
