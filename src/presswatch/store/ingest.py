"""`presswatch ingest`: read → clean → extract on every core, store in batches, then link.

Crash safety: each batch of articles is one transaction, and the batch's transaction also marks
the registry out of date, so a run killed at any moment leaves whole articles and a pending link;
the next run skips the sources already stored (by a hash of what was read) and finishes the job.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from ..link import link
from ..link.stories import signature
from ..pipeline import Failure, process
from ..read import Document, ReadError, read
from . import get_meta, known_source, record, set_meta, source_hash, write

BATCH = 256  # articles per transaction
WINDOW = 2048  # documents handed to the pool at a time: bounds memory on any corpus size


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[Failure] = field(default_factory=list)
    linked: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated, "failed": len(self.failed),
                "failures": [{"origin": f.origin, "reason": f.reason} for f in self.failed], "linked": self.linked}


def _extract(job: tuple[Document, str]) -> dict[str, Any] | Failure:
    """In a worker: one document to the record the store writes."""
    doc, source = job
    try:
        article = process(doc)
        return record(article, source, signature(article.title, article.body))
    except Exception as exc:  # one article must never stop a batch; the failure is reported with its origin
        return Failure(doc.origin, f"extraction failed ({type(exc).__name__}: {exc}); please report this with the file")


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _windows(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def extract_records(jobs: Iterable[tuple[Document, str]], workers: int) -> Iterator[dict[str, Any] | Failure]:
    """Records in input order, extracted by `workers` processes (in this one when 1)."""
    if workers <= 1:
        yield from map(_extract, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
        for window in _windows(iter(jobs), WINDOW):
            yield from pool.imap(_extract, window, chunksize=16)


def ingest(paths: Iterable[str], conn: sqlite3.Connection, *, workers: int | None = None,
           items: Iterable[Document | ReadError | dict[str, Any]] | None = None,
           on_item: Callable[[], None] | None = None, on_link: Callable[[str], None] | None = None) -> Summary:
    """Store every article under `paths` (or the given `items`: documents or ready records), then link."""
    summary = Summary()
    workers = workers or os.cpu_count() or 1
    ready: list[dict[str, Any]] = []

    def jobs() -> Iterator[tuple[Document, str]]:
        for item in (read(paths) if items is None else items):
            if isinstance(item, ReadError):
                summary.failed.append(Failure(item.origin, item.reason))
            elif isinstance(item, dict):  # already extracted (presswatch ingest --from-parquet)
                ready.append(item)
            elif known_source(conn, source := source_hash(item.text, item.meta)):
                summary.unchanged += 1
            else:
                yield item, source
            if on_item:
                on_item()

    def flush(batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            for rec in batch:
                outcome = write(conn, rec)
                setattr(summary, outcome.status, getattr(summary, outcome.status) + 1)
            set_meta(conn, "link_pending", "1")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        batch.clear()

    batch: list[dict[str, Any]] = []
    for result in extract_records(jobs(), workers):
        if isinstance(result, Failure):
            summary.failed.append(result)
            continue
        batch.append(result)
        if len(batch) >= BATCH:
            flush(batch)
        if len(ready) >= BATCH:
            flush(ready)
    flush(batch)
    flush(ready)
    if get_meta(conn, "link_pending") != "0":
        link(conn, on_link)
        summary.linked = True
    return summary
