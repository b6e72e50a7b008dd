"""Limits on size, count and time, so that one hostile input cannot stall or sink a batch.

Sizes are checked while reading (streams are read no further than the limit, so a 100 MB line or
a zip bomb costs no more than the limit); so are counts (a gzip of a billion empty lines or a tar
of a million empty members stops at `max_records`, whatever its size). `max_in_flight` bounds the
bytes of documents `ingest` holds between reading and storing, whatever their number. Time is limited with an interval timer (SIGALRM, Linux
and macOS): the timer is armed around one document's decoding, parsing, cleaning and extraction,
and when it fires, `DocumentTimeout` is raised in the middle of that work, which the pipeline
reports as that document's failure before going on with the next. It is a `BaseException`, like
`KeyboardInterrupt`, so that libraries catching `Exception` cannot swallow it, and the timer keeps
firing until it is disarmed. Signals reach only the main thread: in other threads no time limit
is applied (the size limits still are).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class DocumentTimeout(BaseException):
    """One document took longer than `Limits.timeout`."""


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"{name}={value!r} is not a number") from None


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 20_000_000  # one document (a file, an archive member, a record, a JSON line)
    timeout: float = 30.0  # seconds for one document, read to extracted; 0 = no limit
    max_archive_bytes: int = 4_000_000_000  # what one archive or compressed stream may expand to
    max_ratio: int = 200  # expansion ratio of one archive member past which it is a bomb
    max_depth: int = 3  # archives inside archives
    max_records: int = 1_000_000  # lines (blank ones too), WARC records and archive members of one input given
    max_in_flight: int = 32_000_000  # bytes of documents ingest has read and not yet stored (one document at least)

    @classmethod
    def from_env(cls) -> Limits:
        """Defaults, overridden by PRESSWATCH_MAX_BYTES, PRESSWATCH_TIMEOUT, PRESSWATCH_MAX_ARCHIVE_BYTES,
        PRESSWATCH_MAX_RECORDS and PRESSWATCH_MAX_IN_FLIGHT."""
        return cls(max_bytes=int(_env_number("PRESSWATCH_MAX_BYTES", cls.max_bytes)),
                   timeout=_env_number("PRESSWATCH_TIMEOUT", cls.timeout),
                   max_archive_bytes=int(_env_number("PRESSWATCH_MAX_ARCHIVE_BYTES", cls.max_archive_bytes)),
                   max_records=int(_env_number("PRESSWATCH_MAX_RECORDS", cls.max_records)),
                   max_in_flight=int(_env_number("PRESSWATCH_MAX_IN_FLIGHT", cls.max_in_flight)))


def _raise_timeout(signum: int, frame: object) -> None:
    raise DocumentTimeout


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `DocumentTimeout` in the body after `seconds` (and every second after, until it ends)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
