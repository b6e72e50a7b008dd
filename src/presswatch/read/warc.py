"""Web archives (WARC, as crawlers and web archives write them): each HTML response is a page.

Every successful (2xx) HTTP response whose content is HTML becomes a `Source` with the URL it was
fetched from (meta "url"), when (meta "fetched") and the charset the server named; requests,
metadata, redirects, errors and non-HTML responses are counted and skipped, and the count is
logged. A record cut short (a truncated file) is reported; the records before it are kept.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecordType

from ..limits import Limits
from .document import ReadError, Source

log = logging.getLogger("presswatch.read")


def _skip_reason(record) -> str | None:  # type: ignore[no-untyped-def]
    """Why a record is not a page, or None for an HTML response."""
    if record.record_type != WarcRecordType.response:
        return record.record_type.name
    if record.http_headers is None:
        return "response without HTTP headers"
    status = record.http_headers.status_code or 0
    if not 200 <= status < 300:
        return f"HTTP {status} response"
    content_type = (record.http_content_type or "").lower()
    if content_type and "html" not in content_type:
        return f"{content_type} response"
    return None


def _encoded(record) -> bool:  # type: ignore[no-untyped-def]
    headers = record.http_headers
    return bool(headers.get("Transfer-Encoding") or headers.get("Content-Encoding"))


def warc_sources(origin: str, stream: BinaryIO, limits: Limits) -> Iterator[Source | ReadError]:
    """The HTML pages of a WARC stream (decompressed), in record order: `origin#N` for record N."""
    skipped: Counter[str] = Counter()
    pages = number = 0
    records = ArchiveIterator(stream, parse_http=True, auto_decode="all", stream_detect=False, fsspec_args=False)
    try:
        for number, record in enumerate(records, 1):
            reason = _skip_reason(record)
            if reason:
                skipped[reason] += 1
                continue
            where = f"{origin}#{number}"
            body = record.reader.read(limits.max_bytes + 1)
            if len(body) > limits.max_bytes:
                yield ReadError(where, f"the page is over {limits.max_bytes:,} bytes (--max-bytes); skipped")
                continue
            if not _encoded(record) and len(body) < record.content_length:
                yield ReadError(where, f"the record is cut short ({len(body):,} of {record.content_length:,} bytes): the file is truncated")
                continue
            pages += 1
            meta = {"url": record.headers.get("WARC-Target-URI", ""), "fetched": record.headers.get("WARC-Date", ""),
                    "charset": record.http_charset or ""}
            yield Source(where, "html", body, {k: v for k, v in meta.items() if v})
    except OSError as exc:
        yield ReadError(origin, f"it is not a WARC file, or it is damaged after record {number} ({exc}); "
                                "the records before were read")
    if skipped:
        detail = ", ".join(f"{n} {what}" for what, n in skipped.most_common())
        log.info("%s: %d HTML page(s) read; %d other record(s) skipped (%s)", origin, pages, sum(skipped.values()), detail)
    if not pages and not skipped and number == 0:
        yield ReadError(origin, "it holds no WARC records")
