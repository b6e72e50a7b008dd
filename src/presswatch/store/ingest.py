"""`presswatch ingest`: read → clean → extract on every core, store in batches, then link.

Crash safety: each batch of articles is one transaction, and the batch's transaction also marks
the registry out of date, so a run killed at any moment leaves whole articles and a pending link;
the next run skips the sources already stored (by a hash of what was read) and finishes the job.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import sqlean as sqlite3

from ..limits import Limits
from ..link import link
from ..link.stories import signature
from ..pipeline import Failure, _one
from ..read import ReadError, Source, sources
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


Job = tuple[Source, str, Limits]


def _extract(job: Job) -> dict[str, Any] | Failure:
    """In a worker: one document's bytes to the record the store writes, within the time limit."""
    source, digest, limits = job
    article = _one(source, limits)
    if isinstance(article, Failure):
        return article
    return record(article, digest, signature(article.title, article.body))


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _windows(items: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(items, size)):
        yield chunk


def extract_records(jobs: Iterable[Job], workers: int) -> Iterator[dict[str, Any] | Failure]:
    """Records in input order, extracted by `workers` processes (in this one when 1)."""
    if workers <= 1:
        yield from map(_extract, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
        for window in _windows(iter(jobs), WINDOW):
            yield from pool.imap(_extract, window, chunksize=16)


def ingest(paths: Iterable[str], conn: sqlite3.Connection, *, workers: int | None = None, limits: Limits | None = None,
           records: Iterable[dict[str, Any]] | None = None,
           on_item: Callable[[], None] | None = None, on_link: Callable[[str], None] | None = None) -> Summary:
    """Store every article under `paths` (or the ready `records`, already extracted elsewhere), then link."""
    summary = Summary()
    workers = workers or os.cpu_count() or 1
    limits = limits or Limits.from_env()

    def jobs() -> Iterator[Job]:
        for item in sources(paths, limits):
            if isinstance(item, ReadError):
                summary.failed.append(Failure(item.origin, item.reason))
            elif known_source(conn, digest := source_hash(item.data, item.meta)):
                summary.unchanged += 1
            else:
                yield item, digest, limits
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
            set_meta(conn, "written", str(time.time_ns()))  # what readers' caches are keyed on (serve.search.generation)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        batch.clear()

    batch: list[dict[str, Any]] = []
    for result in (extract_records(jobs(), workers) if records is None else records):
        if isinstance(result, Failure):
            summary.failed.append(result)
            continue
        batch.append(result)
        if on_item and records is not None:
            on_item()
        if len(batch) >= BATCH:
            flush(batch)
    flush(batch)
    if get_meta(conn, "link_pending") != "0":
        link(conn, on_link)
        summary.linked = True
    return summary


def parquet_records(directory: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of the Parquet datasets written by `presswatch spark extract`: extracted once, on the cluster."""
    from ..spark.load import read_parquet_articles  # pyarrow only, no Spark

    for article in read_parquet_articles(directory):
        yield record(article, f"parquet:{article.path}", signature(article.title, article.body))
