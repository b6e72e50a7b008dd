"""Uploads: the only writing the serve stage does, by running the existing `presswatch ingest`.

Allowed only with the token of the environment variable PRESSWATCH_TOKEN (compared in constant
time); without one the server is read-only. The body is read no further than the size limit, and
ingest runs in its own process, so extraction's time limits apply (they need a main thread) and a
bad file can neither block nor crash the server. Uploads take turns with every other ingest into
the database, from any server worker or the command line, through its writer lock: one that has
waited WRITE_WAIT seconds for it is answered 503. What went wrong inside ingest goes to the log,
never into the answer (it names files of the server).
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import logging
import os
import re
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import sqlean as sqlite3
from starlette.datastructures import FormData
from starlette.requests import Request

from ..read import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES
from ..store import StoreBusy, StoreFull
from .i18n import Problem

log = logging.getLogger("presswatch.serve")

SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
INGEST_TIMEOUT = 600.0  # seconds for one upload, linking included
WRITE_WAIT = 60.0  # seconds an upload waits while another ingest writes, before it is answered 503
CHILDREN = 2  # ingest processes at a time per server worker (each holds ~100 MB); the others wait their turn
NICENESS = 10


class UploadError(Problem):
    """An upload refused, with its HTTP status; told in the reader's language (ui.tsv's upload_* keys)."""

    def __init__(self, status: int, key: str, **fields: Any) -> None:
        super().__init__(key, **fields)
        self.status = status
        self.message = str(self)  # English: what the API answers
        self.headers = {"Retry-After": str(int(WRITE_WAIT))} if status == 503 else {}


def check_token(configured: str | None, given: str | None) -> None:
    if not configured:
        raise UploadError(403, "upload_readonly")
    if not given or not hmac.compare_digest(given.encode("utf-8"), configured.encode("utf-8")):
        raise UploadError(401, "upload_bad_token")


def bearer(header: str | None) -> str | None:
    """The token of an `Authorization: Bearer TOKEN` header."""
    scheme, _, token = (header or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _too_large(limit: int) -> UploadError:
    return UploadError(413, "upload_too_large", limit=f"{limit:,}")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused as soon as it passes `limit` bytes (declared or actually sent)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


async def form(request: Request, body: bytes) -> FormData:
    """The multipart form of a body already read (and bounded) by `read_body`."""
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}
    try:
        return await Request(request.scope, receive).form(max_files=1, max_fields=8)
    except Exception as exc:  # python-multipart and Starlette raise several kinds for a broken body
        raise UploadError(400, "upload_bad_form", detail=str(exc)) from exc


def safe_name(filename: str | None) -> str:
    """The file's base name reduced to letters, digits, dots and dashes, with a suffix ingest reads."""
    name = re.sub(r"[^\w.-]+", "_", Path(filename or "").name).strip("._") or "upload"
    if not name.lower().endswith(SUFFIXES):
        raise UploadError(415, "upload_bad_type", name=name)
    return name


@dataclass
class Outcome:
    summary: dict[str, Any]
    articles: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {**self.summary, "articles": self.articles}


_children = asyncio.Semaphore(CHILDREN)


@asynccontextmanager
async def _turn() -> AsyncIterator[None]:
    """A place among this worker's CHILDREN, waited for at most WRITE_WAIT seconds (then 503, as for the writer lock)."""
    try:
        await asyncio.wait_for(_children.acquire(), WRITE_WAIT)
    except asyncio.TimeoutError:
        raise UploadError(503, "upload_busy", seconds=f"{WRITE_WAIT:g}") from None
    try:
        yield
    finally:
        _children.release()


def _behind_readers() -> None:
    """In the ingest child: a lower CPU priority, so that the server's readers keep their pace while it works."""
    os.nice(NICENESS)


async def ingest_upload(db: Path, filename: str | None, data: bytes) -> Outcome:
    """Store the uploaded file with `presswatch ingest` in a child process; the articles it wrote."""
    name = safe_name(filename)
    if not data:
        raise UploadError(400, "upload_empty", name=name)
    async with _turn():
        with tempfile.TemporaryDirectory(prefix="presswatch-upload-") as tmp:
            try:
                (Path(tmp) / "uploads").mkdir()
                (Path(tmp) / "uploads" / name).write_bytes(data)
            except OSError as exc:  # the temporary folder's disk: told without its path
                log.error("upload %s: cannot write it to %s: %s", name, tmp, exc)
                raise UploadError(507 if exc.errno == errno.ENOSPC else 500, "upload_no_space" if exc.errno == errno.ENOSPC
                                  else "upload_ingest_failed", name=name) from None
            origin = f"uploads/{name}"
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "presswatch.cli", "ingest", origin, "--db", str(Path(db).resolve()), "--workers", "1",
                "--wait", str(WRITE_WAIT), "--json", cwd=tmp, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                preexec_fn=_behind_readers)
            try:
                out, err = await asyncio.wait_for(proc.communicate(), INGEST_TIMEOUT)
            except asyncio.TimeoutError:
                proc.kill()
                await proc.wait()
                raise UploadError(504, "upload_timeout", name=name, seconds=f"{INGEST_TIMEOUT:g}") from None
    if proc.returncode == StoreBusy.exit_status:
        raise UploadError(503, "upload_busy", seconds=f"{WRITE_WAIT:g}")
    if proc.returncode == StoreFull.exit_status:
        log.error("upload %s: %s", name, err.decode("utf-8", "replace")[-4000:])
        raise UploadError(507, "upload_no_space", name=name)
    try:
        summary = orjson.loads(out)
    except orjson.JSONDecodeError:
        log.error("upload %s: ingest exited with status %s:\n%s", name, proc.returncode, err.decode("utf-8", "replace")[-4000:])
        raise UploadError(500, "upload_ingest_failed") from None
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:  # what this upload's lines became
        rows = conn.execute("SELECT DISTINCT a.id, a.title FROM sources s JOIN articles a ON a.id = s.article_id"
                            " WHERE s.origin = ? OR substr(s.origin, 1, ?) = ? ORDER BY a.rowid",
                            (origin, len(origin) + 1, origin + "#")).fetchall()
    return Outcome(summary, [{"id": i, "title": t} for i, t in rows])
