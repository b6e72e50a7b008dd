"""read → clean → extract for one document or a stream of them: the public entry points.

    >>> from presswatch import extract_text
    >>> article = extract_text("Tiêu đề\\nSáng 24-11, ông Nguyễn Văn An chủ trì buổi làm việc.")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import extract
from .clean import clean
from .model import Article
from .read import Document, ReadError, read


@dataclass
class Failure:
    """A document that could not be read or processed: where, and why."""

    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def process(doc: Document) -> Article:
    return extract.run(clean(doc))


def extract_text(text: str, path: str = "-", **meta: str) -> Article:
    return process(Document(path, text, {k: v for k, v in meta.items() if v}))


def extract_paths(paths: Iterable[str]) -> Iterator[Article | Failure]:
    """Every article under `paths`, or a `Failure` in its place; never raises for one bad input."""
    return extract_documents(read(paths))


def extract_documents(items: Iterable[Document | ReadError]) -> Iterator[Article | Failure]:
    """`extract_paths` after reading: Spark's executors feed it the documents they read."""
    for item in items:
        if isinstance(item, ReadError):
            yield Failure(item.origin, item.reason)
            continue
        try:
            yield process(item)
        except Exception as exc:  # one article must never stop a batch; the failure is reported
            yield Failure(item.origin, f"extraction failed ({type(exc).__name__}: {exc}); please report this with the file")
