"""Web archives (WARC, as crawlers and web archives write them): each HTML response is a page.

Every successful (2xx) HTTP response whose content is HTML becomes a `Source` with the URL it was
fetched from (meta "url"), when (meta "fetched") and the charset the server named; requests,
metadata, redirects, errors and non-HTML responses are counted and skipped, and the count is
logged. A record cut short (a truncated file), or whose headers run on past `HEADER_BYTES`, is reported;
the records before it are kept.
warcio reads any stream, seekable or not (a member of an archive, standard input).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .archives import Budget
from .document import ReadError, Source

log = logging.getLogger("presswatch.read")
HEADER_BYTES = 1 << 20  # a record's WARC and HTTP headers, and the blank lines before it: real ones take a few KB


def _bounded(iterator: ArchiveIterator) -> ArchiveIterator:
    """The iterator, its reader's header lines bounded. warcio reads headers with readline() and no limit, adding
    block to block: a gzip of one endless header line (or of a billion blank lines) would be held whole and take
    hours. Lines read since the last read() (a record's body) are capped at HEADER_BYTES, past which it is damaged."""
    reader = iterator.reader
    readline, read = reader.readline, reader.read
    since = 0

    def bounded_readline(length: int | None = None) -> bytes:
        nonlocal since
        room = HEADER_BYTES + 1 - since
        line = readline(room if length is None or length < 0 or length > room else length)
        since += len(line)
        if since > HEADER_BYTES:
            raise ValueError(f"a record's headers run past {HEADER_BYTES:,} bytes")
        return line

    def body_read(*args: int) -> bytes:
        nonlocal since
        since = 0
        return read(*args)

    reader.readline, reader.read = bounded_readline, body_read
    return iterator


def _skip_reason(record) -> str | None:  # type: ignore[no-untyped-def]
    """Why a record is not a page, or None for an HTML response."""
    if record.rec_type != "response":
        return f"{record.rec_type} record"
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.get_statuscode() or "?"
    if not status.startswith("2"):
        return f"HTTP {status} response"
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if content_type and "html" not in content_type:
        return f"{content_type.split(';')[0]} response"
    return None


def warc_sources(origin: str, stream: BinaryIO, budget: Budget) -> Iterator[Source | ReadError]:
    """The HTML pages of a WARC stream (decompressed), in record order: `origin#N` for record N."""
    limits = budget.limits
    skipped: Counter[str] = Counter()
    pages = number = 0
    try:
        for number, record in enumerate(_bounded(ArchiveIterator(stream, arc2warc=True)), 1):
            budget.count()
            reason = _skip_reason(record)
            if reason:
                skipped[reason] += 1
                continue
            where = f"{origin}#{number}"
            body = record.content_stream().read(limits.max_bytes + 1)
            if len(body) > limits.max_bytes:
                yield ReadError(where, f"the page is over {limits.max_bytes:,} bytes (--max-bytes); skipped")
                continue
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield ReadError(where, "the record is cut short: the file is truncated")
                continue
            pages += 1
            content_type = record.http_headers.get_header("Content-Type") or ""
            charset = content_type.lower().partition("charset=")[2].strip(" \"';")
            meta = {"url": record.rec_headers.get_header("WARC-Target-URI"), "fetched": record.rec_headers.get_header("WARC-Date"),
                    "charset": charset}
            yield Source(where, "html", body, {k: v for k, v in meta.items() if v})
    except (ArchiveLoadFailed, ValueError, OSError, EOFError) as exc:
        yield ReadError(origin, f"it is not a WARC file, or it is damaged after record {number} ({exc}); the records before were read")
        return
    if skipped and pages:
        detail = ", ".join(f"{n} {what}" for what, n in skipped.most_common())
        log.info("%s: %d HTML page(s) read; %d other record(s) skipped (%s)", origin, pages, sum(skipped.values()), detail)
    if not pages:
        found = ", ".join(f"{n} {what}" for what, n in skipped.most_common()) or "no records"
        yield ReadError(origin, f"it holds no HTML page ({found}); is it a WARC file of web pages?")
