"""The dashboard's CSV downloads: every list and search as the page shows it (same filters), every page of it.

UTF-8 with a byte-order mark, which is how Excel knows the file is UTF-8 (without it Vietnamese comes
out as mojibake); lists and objects as JSON text, like `presswatch export`. A cell that Excel would
read as a formula (=, +, -, @ first: "--02-05", an article's "=HYPERLINK(…)") gets a leading
apostrophe, so text from the web never runs on a reader's machine. Rows are fetched a chunk at a
time and sent as they come, at most MAX_ROWS of them: `presswatch export` is for whole tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any

import orjson
from starlette.responses import StreamingResponse

BOM = "\ufeff"
MAX_ROWS = 100_000
CHUNK = 2_000
FORMULA = ("=", "+", "-", "@", "\t", "\r")

Fetch = Callable[[int, int], dict[str, Any]]  # (limit, offset) → a page of a list: {"total", "items"}

# The columns of each download, named as the API names the fields.
COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "published", "title", "outlet", "url"),
    "directives": ("key", "id", "type", "issuer", "date", "term", "subject", "alias", "citations", "articles",
                   "first_seen", "last_seen"),
    "people": ("id", "name", "position", "anchor", "articles", "mentions", "first_seen", "last_seen"),
    "localities": ("id", "level", "name", "tier", "district", "province", "code", "era", "successor", "successor_code",
                   "articles", "mentions"),
    "organizations": ("id", "name", "kind", "level", "locality", "articles", "mentions"),
    "events": ("date", "type", "chair", "chair_id", "host", "counterpart", "counterpart_locality_id", "directives",
               "sentence", "article_id", "title", "published"),
    "statements": ("type", "speaker", "speaker_id", "addressee", "text", "article_id", "title", "published"),
    "contradictions": ("id", "kind", "subject", "decided", "detail"),
    "citations": ("published", "article_id", "title", "outlet", "url", "directive", "date", "issuer", "sentence"),
    "search": ("rank", "id", "published", "title", "outlet", "url", "score", "snippet"),
}


def cell(value: Any) -> Any:
    """A value as a CSV cell Excel reads as written."""
    if isinstance(value, (list, dict)):
        value = orjson.dumps(value).decode()
    if isinstance(value, str) and value.startswith(FORMULA):
        return "'" + value
    return value


def _lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([cell(row.get(c)) for c in columns] for row in rows)
    return out.getvalue()


def paged(fetch: Fetch) -> Callable[[], AsyncIterator[list[dict[str, Any]]]]:
    """The rows of a list, CHUNK at a time up to MAX_ROWS, from a view taking (limit, offset)."""
    async def chunks() -> AsyncIterator[list[dict[str, Any]]]:
        for offset in range(0, MAX_ROWS, CHUNK):
            items = fetch(min(CHUNK, MAX_ROWS - offset), offset)["items"]
            if items:
                yield items
            if len(items) < CHUNK:
                return
    return chunks


def response(kind: str, name: str, chunks: Callable[[], AsyncIterator[list[dict[str, Any]]]]) -> StreamingResponse:
    """A CSV attachment called `name`.csv with the columns of `kind`, streamed chunk by chunk."""
    columns = COLUMNS[kind]

    async def body() -> AsyncIterator[bytes]:
        yield (BOM + _lines([dict(zip(columns, columns))], columns)).encode("utf-8")
        async for rows in chunks():
            yield _lines(rows, columns).encode("utf-8")

    return StreamingResponse(body(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
