"""`presswatch ingest`: read → clean → extract on every core, store in batches, then link.

Crash safety: each batch of articles is one transaction, and the batch's transaction also marks
the registry out of date, so a run killed at any moment leaves whole articles and a pending link;
the next run skips the sources already stored (by a hash of what was read) and finishes the job.
A record that cannot be written is its document's failure (a savepoint undoes it alone); a full
disk stops the run with a `StoreFull` that says so, and the batch is rolled back.

Memory is bounded by bytes, not by a count of documents: the parent hands documents to the
workers while the bytes read and not yet stored stay under `Limits.max_in_flight` (one document
always goes, so the largest, `Limits.max_bytes`, passes alone), stores a batch once it holds
`BATCH` articles or `BATCH_BYTES`, and keeps `KEPT_FAILURES` failures (every one goes to
`on_failure`). So the parent holds about `max_in_flight` twice (the documents, then their records)
plus a batch, and each worker one document while it extracts it, whatever the input;
benchmarks/ingest_memory.py measures it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
import sqlean as sqlite3

from ..limits import Limits
from ..link import link
from ..link.stories import signature
from ..pipeline import Failure, _one
from ..read import ReadError, Source, sources
from . import StoreError, StoreFull, get_meta, known_source, record, set_meta, source_hash, write

BATCH = 256  # articles per transaction
BATCH_BYTES = 32_000_000  # or fewer, when their records hold this much (a batch of 1 MB articles)
CHUNK = 16  # documents a worker takes at a time (fewer when they hold CHUNK_BYTES): fewer round trips
CHUNK_BYTES = 1_000_000
KEPT_FAILURES = 1000  # failures kept in the summary; every one goes to on_failure as it happens
SQLITE_FULL = 13


@dataclass
class Summary:
    new: int = 0
    unchanged: int = 0
    updated: int = 0
    failed: list[Failure] = field(default_factory=list)  # the first KEPT_FAILURES
    failures: int = 0  # all of them
    linked: bool = False

    def fail(self, failure: Failure) -> None:
        self.failures += 1
        if len(self.failed) < KEPT_FAILURES:
            self.failed.append(failure)

    def as_dict(self) -> dict[str, Any]:
        return {"new": self.new, "unchanged": self.unchanged, "updated": self.updated, "failed": self.failures,
                "failures": [{"origin": f.origin, "reason": f.reason} for f in self.failed], "linked": self.linked}


Job = tuple[Source, str, Limits]


def _extract(job: Job) -> dict[str, Any] | Failure:
    """In a worker: one document's bytes to the record the store writes, within the time limit."""
    source, digest, limits = job
    article = _one(source, limits)
    if isinstance(article, Failure):
        return article
    try:
        return record(article, digest, signature(article.title, article.body))
    except Exception as exc:  # one article must never stop a batch
        return Failure(source.origin, f"its record could not be built ({type(exc).__name__}: {exc}); please report this with the file")


def _extract_chunk(chunk: list[Job]) -> list[dict[str, Any] | Failure]:
    return [_extract(job) for job in chunk]


def _quiet_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def _chunks(jobs: Iterator[Job]) -> Iterator[tuple[list[Job], int]]:
    """Jobs in chunks of CHUNK, or fewer holding CHUNK_BYTES, each with its bytes."""
    chunk: list[Job] = []
    size = 0
    for job in jobs:
        chunk.append(job)
        size += len(job[0].data)
        if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
            yield chunk, size
            chunk, size = [], 0
    if chunk:
        yield chunk, size


def extract_records(jobs: Iterable[Job], workers: int, in_flight: int = Limits.max_in_flight) -> Iterator[dict[str, Any] | Failure]:
    """Records in input order, extracted by `workers` processes (in this one when 1), with at most `in_flight`
    bytes of documents handed out and not yet taken back (one chunk always goes, whatever its size).

    A worker that dies (killed, out of memory) costs at most the document it was extracting: the
    chunk it held is extracted again one document a process, the chunks that were waiting go to a
    new pool, and a document that kills its process again is a failure that says so."""
    if workers <= 1:
        yield from map(_extract, jobs)
        return
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
    try:
        pending: deque[tuple[Future, list[Job], int]] = deque()
        held = 0

        def taken() -> Iterator[dict[str, Any] | Failure]:
            nonlocal pool, held
            future, chunk, size = pending.popleft()
            held -= size
            try:
                yield from future.result()
                return
            except BrokenProcessPool:
                pass
            pool.shutdown(cancel_futures=True)
            pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_quiet_worker)
            for i, (waiting, its_chunk, its_size) in enumerate(pending):
                if not (waiting.done() and waiting.exception() is None):
                    pending[i] = (pool.submit(_extract_chunk, its_chunk), its_chunk, its_size)
            yield from (_alone(job, context) for job in chunk)

        for chunk, size in _chunks(iter(jobs)):
            while pending and held + size > in_flight:
                yield from taken()
            pending.append((pool.submit(_extract_chunk, chunk), chunk, size))
            held += size
        while pending:
            yield from taken()
    finally:
        pool.shutdown(cancel_futures=True)


def _alone(job: Job, context: Any) -> dict[str, Any] | Failure:
    """One document extracted in a process of its own: the one that died with its chunk, or another of that chunk."""
    with ProcessPoolExecutor(1, mp_context=context, initializer=_quiet_worker) as one:
        try:
            return one.submit(_extract_chunk, [job]).result()[0]
        except BrokenProcessPool:
            return Failure(job[0].origin, "the process extracting it died (killed, or out of memory); the other documents "
                                          "were read. Run it alone to see why, or report it with the file")


def _weight(rec: dict[str, Any]) -> int:
    """About the bytes a record holds: its length as JSON (the minhash's bytes counted as a number)."""
    return len(orjson.dumps(rec, default=len))


def _full_disk(exc: BaseException) -> sqlite3.Error | None:
    """The SQLITE_FULL error behind `exc`, if any: SQLite may roll the transaction back itself, and then the
    caller's ROLLBACK fails with "no transaction is active", which must not hide why."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, sqlite3.Error) and getattr(seen, "sqlite_errorcode", None) == SQLITE_FULL:
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


@contextmanager
def _writing(conn: sqlite3.Connection, what: str) -> Iterator[None]:
    """Database work that, when the disk is full, leaves no transaction open and says so as a `StoreFull`."""
    try:
        yield
    except BaseException as exc:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back already, or cannot: the error that stopped the work is the one to tell
        full = _full_disk(exc)
        if full is None:
            raise
        database = conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
        raise StoreFull(f"{database}: the disk is full ({full}) while {what}; that batch was rolled back, everything "
                         "stored before it is kept. Free some space and run the same command again: it goes on from there.") from exc


def _write_one(conn: sqlite3.Connection, rec: dict[str, Any]) -> str | Failure:
    """Write one record inside the batch's transaction, under a savepoint: a record the database refuses is
    that document's failure alone; a full disk stops the batch."""
    conn.execute("SAVEPOINT article")
    try:
        outcome = write(conn, rec)
    except (sqlite3.Error, ValueError, TypeError) as exc:
        if _full_disk(exc) is not None or not conn.in_transaction:
            raise
        conn.execute("ROLLBACK TO article")
        conn.execute("RELEASE article")
        return Failure(str(rec.get("path")), f"it could not be stored ({type(exc).__name__}: {exc}); please report this with the file")
    conn.execute("RELEASE article")
    return outcome.status


def ingest(paths: Iterable[str], conn: sqlite3.Connection, *, workers: int | None = None, limits: Limits | None = None,
           records: Iterable[dict[str, Any]] | None = None, on_item: Callable[[], None] | None = None,
           on_link: Callable[[str], None] | None = None, on_failure: Callable[[Failure], None] | None = None) -> Summary:
    """Store every article under `paths` (or the ready `records`, already extracted elsewhere), then link.
    Each document that fails is passed to `on_failure` as it happens (the summary keeps the first KEPT_FAILURES)."""
    summary = Summary()
    workers = workers or os.cpu_count() or 1
    limits = limits or Limits.from_env()

    def fail(failure: Failure) -> None:
        summary.fail(failure)
        if on_failure:
            on_failure(failure)

    def jobs() -> Iterator[Job]:
        for item in sources(paths, limits):
            if isinstance(item, ReadError):
                fail(Failure(item.origin, item.reason))
            elif known_source(conn, digest := source_hash(item.data, item.meta)):
                summary.unchanged += 1
            else:
                yield item, digest, limits
            if on_item:
                on_item()

    def flush(batch: list[dict[str, Any]]) -> None:
        if not batch:
            return
        with _writing(conn, "storing articles"):
            conn.execute("BEGIN IMMEDIATE")
            for rec in batch:
                outcome = _write_one(conn, rec)
                if isinstance(outcome, Failure):
                    fail(outcome)
                else:
                    setattr(summary, outcome, getattr(summary, outcome) + 1)
            set_meta(conn, "link_pending", "1")
            set_meta(conn, "written", str(time.time_ns()))  # what readers' caches are keyed on (serve.search.generation)
            conn.execute("COMMIT")
        batch.clear()

    batch: list[dict[str, Any]] = []
    weight = 0
    results = extract_records(jobs(), workers, limits.max_in_flight) if records is None else records
    for result in results:
        if isinstance(result, Failure):
            fail(result)
            continue
        batch.append(result)
        weight += _weight(result)
        if on_item and records is not None:
            on_item()
        if len(batch) >= BATCH or weight >= BATCH_BYTES:
            flush(batch)
            weight = 0
    flush(batch)
    if get_meta(conn, "link_pending") != "0":
        with _writing(conn, "linking the registry"):
            link(conn, on_link)
        summary.linked = True
    return summary


def parquet_records(directory: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    """The records of the Parquet datasets written by `presswatch spark extract`: extracted once, on the cluster."""
    from ..spark.load import read_parquet_articles  # pyarrow only, no Spark

    for article in read_parquet_articles(directory):
        yield record(article, f"parquet:{article.path}", signature(article.title, article.body))
