"""read → clean → extract for one document or a stream of them: the public entry points.

    >>> from presswatch import extract_text
    >>> article = extract_text("Tiêu đề\\nSáng 24-11, ông Nguyễn Văn An chủ trì buổi làm việc.")
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import extract
from .clean import clean
from .limits import DocumentTimeout, Limits, time_limit
from .model import Article
from .read import Document, ReadError, Source, parse, sources
from .read.document import printable, storable


@dataclass
class Failure:
    """A document that could not be read or processed: where, and why."""

    origin: str
    reason: str

    def __post_init__(self) -> None:  # printed and stored whatever the name (read.document.printable)
        self.origin, self.reason = printable(self.origin), storable(self.reason)

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def process(doc: Document) -> Article:
    return extract.run(clean(doc))


def extract_text(text: str, path: str = "-", **meta: str) -> Article:
    return process(Document(path, text, {k: v for k, v in meta.items() if v}))


def _one(item: Source | Document, limits: Limits) -> Article | Failure:
    """Read (when not yet read), clean and extract one document within the time limit: its failure, never an exception."""
    try:
        with time_limit(limits.timeout):
            doc = parse(item) if isinstance(item, Source) else item
            return Failure(doc.origin, doc.reason) if isinstance(doc, ReadError) else process(doc)
    except DocumentTimeout:
        return Failure(item.origin, f"it took longer than {limits.timeout:g} s (--timeout, PRESSWATCH_TIMEOUT); skipped")
    except Exception as exc:  # one article must never stop a batch; the failure is reported
        return Failure(item.origin, f"extraction failed ({type(exc).__name__}: {exc}); please report this with the file")


def extract_paths(paths: Iterable[str], limits: Limits | None = None) -> Iterator[Article | Failure]:
    """Every article under `paths`, or a `Failure` in its place; never raises for one bad input."""
    limits = limits or Limits.from_env()
    for item in sources(paths, limits):
        yield Failure(item.origin, item.reason) if isinstance(item, ReadError) else _one(item, limits)


def extract_documents(items: Iterable[Source | Document | ReadError], limits: Limits | None = None) -> Iterator[Article | Failure]:
    """`extract_paths` after reading, for documents read elsewhere (Spark's executors, a store's queue);
    a `Source` is parsed here, under the time limit."""
    limits = limits or Limits.from_env()
    for item in items:
        yield Failure(item.origin, item.reason) if isinstance(item, ReadError) else _one(item, limits)
