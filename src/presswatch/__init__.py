"""presswatch: reads Vietnamese political news and keeps a linked record of what it reports.

The public API is small: `extract_text` for one text, `extract_paths` for files and folders,
and the `Article` they return (see `presswatch.model`).
"""

from .model import Article
from .pipeline import Failure, extract_paths, extract_text

__version__ = "0.1.0"
__all__ = ["Article", "Failure", "extract_paths", "extract_text", "__version__"]
