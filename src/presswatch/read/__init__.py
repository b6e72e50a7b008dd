"""The read stage: paths in, raw documents (text plus what the source says of it) out.

Knows text files, HTML pages, web archives (.warc, .warc.gz), JSON Lines (plain or gzip), zip and
tar archives of any of these (nested up to `Limits.max_depth`), folders (recursively) and standard
input (`-`). What a file is comes from its first bytes, then its name. Reading is a stream in two
steps: `sources` finds each document's bytes, cheaply and within the size limits; `parse` decodes
and parses one of them, the per-document work the pipeline puts under the time limit. An input
that cannot be read becomes a `ReadError` in the stream, with its path and the reason, and
reading goes on with the next one.
"""

from __future__ import annotations

import io
import json
import logging
import os
import sys
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..limits import Limits
from .archives import GZIP_MAGIC, ZIP_MAGIC, ArchiveBomb, Budget, Guarded, buffered, gunzip, tar_members, zip_members
from .decode import DecodeError, decode
from .document import Document, ReadError, Source, printable, valid_text
from .html import declared_charset, html_document

__all__ = ["Document", "ReadError", "Source", "parse", "read", "readable", "record_document", "sources"]

log = logging.getLogger("presswatch.read")

TEXT_SUFFIXES = (".txt", ".text", ".md")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc",)
ARCHIVE_SUFFIXES = (".zip", ".tar", ".tgz")
# What a folder is searched for (each also gzip-compressed).
READ_SUFFIXES = tuple({s + gz for s in TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES + (".tar",)
                       for gz in ("", ".gz")}) + (".zip", ".tgz")
_HTML_START = (b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<!--")
_UNSUPPORTED = {b"BZh": "bzip2", b"\xfd7zXZ": "xz", b"7z\xbc\xaf": "7-Zip", b"Rar!": "RAR", b"%PDF": "PDF"}

_META_KEYS = {"id": "id", "title": "title", "url": "url", "date": "date", "published": "date", "outlet": "outlet",
              "source": "outlet", "sapo": "lead", "lead": "lead", "author": "authors", "authors": "authors"}


def looks_like_html(head: bytes | str) -> bool:
    start = (head.encode("utf-8", "replace") if isinstance(head, str) else head)[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_START) and (b"<html" in start or b"<body" in start or b"<head" in start or b"<p" in start)


def _kind(name: str, head: bytes) -> str:
    """What a stream is, by its first bytes first, then its name."""
    lower = name.lower()
    if head[257:262] == b"ustar":  # first: a tar begins with its first member's name, which may be any bytes
        return "tar"
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZIP_MAGIC):
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    for magic, what in _UNSUPPORTED.items():
        if head.startswith(magic):
            return what
    if lower.endswith(JSONL_SUFFIXES) or (not lower.endswith(TEXT_SUFFIXES + HTML_SUFFIXES) and head.lstrip()[:1] == b"{"):
        return "jsonl"
    if lower.endswith(HTML_SUFFIXES) or looks_like_html(head):
        return "html"
    return "text"


def _inner_name(name: str) -> str:
    lower = name.lower()
    if lower.endswith(".tgz"):
        return name[:-4] + ".tar"
    return name[:-3] if lower.endswith(".gz") else name


def _jsonl(origin: str, stream: BinaryIO, budget: Budget) -> Iterator[Source | ReadError]:
    limits = budget.limits
    number = 0
    while line := stream.readline(limits.max_bytes + 1):
        number += 1
        budget.count()  # blank lines too: a gzip of a billion newlines is no corpus
        if len(line) > limits.max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # skip the rest of an over-long line without holding it
            yield ReadError(f"{origin}#{number}", f"line {number} is over {limits.max_bytes:,} bytes (--max-bytes); skipped")
        elif line.strip():
            yield Source(f"{origin}#{number}", "json", line)


def _whole(origin: str, kind: str, stream: BinaryIO, limits: Limits) -> Source | ReadError:
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return ReadError(origin, f"it is over {limits.max_bytes:,} bytes, the limit for one article (--max-bytes, PRESSWATCH_MAX_BYTES)")
    return Source(origin, "html" if kind == "html" else "text", data)


def _cut(item: Source | ReadError, origin: str) -> bool:
    """Whether the last item read from a stream cut short is what the cut broke (said once, for the stream)."""
    if isinstance(item, ReadError):
        return True
    return item.origin == origin or (item.kind == "json" and not item.data.endswith(b"\n"))


def _checked(origin: str, items: Iterator[Source | ReadError], guard: Guarded) -> Iterator[Source | ReadError]:
    """The items of a decompressed stream; when its data was cut short or damaged, the item the cut broke
    gives way to one failure for the stream, and everything before stays read."""
    last = None
    try:
        for item in items:
            if last is not None:
                yield last
            last = item
    except ArchiveBomb:  # a limit, not damage: what was read before it is whole
        if last is not None:
            yield last
        raise
    if last is not None and not (guard.error and _cut(last, origin)):
        yield last
    if guard.error:
        yield ReadError(origin, f"its compressed data is cut short or damaged ({guard.error}); everything before was read")


def _seekable(stream: BinaryIO, limits: Limits) -> BinaryIO | None:
    """A zip needs to seek: a stream that cannot (a member, standard input) is read into memory, within the limit."""
    if stream.seekable():
        return stream
    data = stream.read(limits.max_bytes + 1)
    return io.BytesIO(data) if len(data) <= limits.max_bytes else None


def _stream(origin: str, name: str, stream: io.BufferedReader, budget: Budget, depth: int) -> Iterator[Source | ReadError]:
    """Every document in one stream, whatever it is; `origin` names it, `name` tells its format."""
    limits = budget.limits
    kind = _kind(name, stream.peek(512)[:512])
    if kind in ("gzip", "zip", "tar") and depth >= limits.max_depth:
        raise ArchiveBomb(f"it nests archives more than {limits.max_depth} deep; unpack it yourself if it is genuine")
    if kind == "gzip":
        inner, guard = gunzip(stream, budget)
        yield from _checked(origin, _stream(origin, _inner_name(name), inner, budget, depth + 1), guard)
    elif kind == "zip":
        archive = _seekable(stream, limits)
        if archive is None:
            yield ReadError(origin, f"it is a zip archive over {limits.max_bytes:,} bytes inside another archive or on standard "
                                    "input, where it cannot be read as a stream; unpack it first")
            return
        try:
            for member, content in zip_members(archive, budget):
                where = f"{origin}/{printable(member)}"
                if isinstance(content, str):
                    yield ReadError(where, content)
                else:
                    yield from _checked(where, _stream(where, member, buffered(content), budget, depth + 1), content)
        except zipfile.BadZipFile as exc:
            yield ReadError(origin, f"it is not a readable zip archive ({exc})")
    elif kind == "tar":
        try:
            for member, content in tar_members(stream, budget):
                where = f"{origin}/{printable(member)}"
                yield from _stream(where, member, content, budget, depth + 1)  # type: ignore[arg-type]
        except tarfile.TarError as exc:
            yield ReadError(origin, f"the tar archive is damaged or cut short ({exc}); the members before were read")
    elif kind == "warc":
        from .warc import warc_sources  # warcio, only for web archives

        yield from warc_sources(origin, stream, budget)
    elif kind == "jsonl":
        yield from _jsonl(origin, stream, budget)
    elif kind in ("html", "text"):
        yield _whole(origin, kind, stream, limits)
    else:
        yield ReadError(origin, f"it is a {kind} file, which presswatch does not read; convert or unpack it first")


def readable(name: str) -> bool:
    """Whether a file found in a folder is one `read` takes (Spark's folder listing asks the same)."""
    return name.lower().endswith(READ_SUFFIXES)


def _folder(given: str) -> Iterator[str | ReadError]:
    """The files of a folder that `read` takes, in a stable order, and a failure for each subfolder that cannot be
    listed (os.walk would pass over it in silence, and its articles would be missing from the record unsaid)."""
    unlisted: list[OSError] = []
    for root, dirs, files in os.walk(given, onerror=unlisted.append):
        yield from _unlisted(unlisted)
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            if readable(name) and os.path.isfile(path):  # no device or pipe behind a name
                yield path
    yield from _unlisted(unlisted)


def _unlisted(errors: list[OSError]) -> Iterator[ReadError]:
    while errors:
        exc = errors.pop(0)
        yield ReadError(exc.filename or "?", f"the folder cannot be read ({exc.strerror or exc}); the files in it are not read")


def _input(given: str, limits: Limits) -> Iterator[Source | ReadError]:
    """Every document of one path as given (a file, or `-`), one failure for the whole of it at most. The path is
    opened as given; what the documents carry is its printable form (`printable`)."""
    budget = Budget(limits)
    origin = printable(given)
    try:
        if given == "-":
            stdin = sys.stdin.buffer
            yield from _stream("-", "", stdin if isinstance(stdin, io.BufferedReader) else buffered(stdin), budget, 0)  # type: ignore[arg-type]
            return
        with open(given, "rb") as handle:
            yield from _stream(origin, given, handle, budget, 0)
    except ArchiveBomb as exc:
        yield ReadError(given, str(exc))
    except OSError as exc:
        yield ReadError(given, f"it cannot be read ({exc.strerror or exc})")
    except Exception as exc:  # a damaged container must never stop the batch; the rest is read
        yield ReadError(given, f"reading stopped ({type(exc).__name__}: {exc}); the documents before were read. "
                               "Please report this with the file")


def sources(paths: Iterable[str], limits: Limits | None = None) -> Iterator[Source | ReadError]:
    """The bytes of every document under the given paths, in a stable order; `-` is standard input."""
    limits = limits or Limits.from_env()
    for given in paths:
        if given != "-" and os.path.isdir(given):
            found = False
            for path in _folder(given):
                found = True
                yield from (path,) if isinstance(path, ReadError) else _input(path, limits)
            if not found:
                yield ReadError(given, "the folder holds no file presswatch reads (.txt, .html, .jsonl, .warc, .zip, .tar.gz and gzip of them)")
        elif given == "-" or os.path.exists(given):
            yield from _input(given, limits)
        else:
            yield ReadError(given, "no such file or folder")


def record_document(origin: str, obj: object, what: str = "the record") -> Document | ReadError:
    """A record with a `text` string and optional metadata keys (a JSON Lines line, a Parquet row)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return ReadError(origin, f'{what} has no "text" string')
    meta = {}
    for src, dest in _META_KEYS.items():
        value = obj.get(src)
        if value not in (None, "", []):
            meta[dest] = valid_text("; ".join(map(str, value)) if isinstance(value, list) else str(value))
    return Document(origin, valid_text(obj["text"]), meta)


def _json_document(source: Source) -> Document | ReadError:
    number = source.origin.rsplit("#", 1)[-1]
    try:
        obj = json.loads(source.data)
    except (ValueError, UnicodeDecodeError) as exc:
        return ReadError(source.origin, f"line {number} is not valid JSON ({exc})")
    return record_document(source.origin, obj, f"line {number}")


def parse(source: Source) -> Document | ReadError:
    """One document's bytes decoded and, for a page, parsed: the per-document work of reading."""
    if source.kind == "json":
        return _json_document(source)
    declared = source.meta.get("charset") or (declared_charset(source.data) if source.kind == "html" else None)
    try:
        decoded = decode(source.data, declared)
    except DecodeError as exc:
        return ReadError(source.origin, str(exc))
    if decoded.note:
        log.warning("%s: %s", source.origin, decoded.note)
    if source.kind == "html" or looks_like_html(decoded.text[:1024]):
        return html_document(source.origin, decoded.text, source.meta)
    return Document(source.origin, decoded.text, dict(source.meta))


def read(paths: Iterable[str], limits: Limits | None = None) -> Iterator[Document | ReadError]:
    """Every document under `paths`, decoded and parsed, or a `ReadError` in its place."""
    for item in sources(paths, limits):
        yield parse(item) if isinstance(item, Source) else item
