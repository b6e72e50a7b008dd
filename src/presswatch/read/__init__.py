"""The read stage: paths in, raw documents (text plus what the source says of it) out.

Knows text files, directories (recursively), JSON Lines (plain or gzip) and standard input.
A file it cannot read becomes a `ReadError` in the stream, with the path and the reason, and
reading goes on with the next one.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .decode import DecodeError, decode

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
MAX_DOCUMENT_BYTES = 20_000_000


@dataclass
class Document:
    """One article as found: its text and the metadata its container gave."""

    origin: str  # the path as given; "path#N" for line N of a JSON Lines file
    text: str
    meta: dict[str, str] = field(default_factory=dict)  # id, title, url, date, outlet, lead


@dataclass
class ReadError:
    origin: str
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def _text_document(origin: str, data: bytes) -> Document | ReadError:
    if len(data) > MAX_DOCUMENT_BYTES:
        return ReadError(origin, f"it is {len(data):,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,} for one article")
    try:
        text, _ = decode(data)
    except DecodeError as exc:
        return ReadError(origin, str(exc))
    return Document(origin, text)


_META_KEYS = {"id": "id", "title": "title", "url": "url", "date": "date", "published": "date",
              "outlet": "outlet", "source": "outlet", "sapo": "lead", "lead": "lead"}


def record_document(origin: str, obj: object, what: str = "the record") -> Document | ReadError:
    """A record with a `text` string and optional metadata keys (a JSON Lines line, a Parquet row)."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return ReadError(origin, f'{what} has no "text" string')
    meta = {dest: str(obj[src]) for src, dest in _META_KEYS.items() if obj.get(src) not in (None, "")}
    return Document(origin, obj["text"], meta)


def _jsonl_documents(origin: str, lines: Iterable[bytes]) -> Iterator[Document | ReadError]:
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        where = f"{origin}#{number}"
        try:
            obj = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            yield ReadError(where, f"line {number} is not valid JSON ({exc})")
            continue
        yield record_document(where, obj, f"line {number}")


def _read_jsonl(path: Path, origin: str) -> Iterator[Document | ReadError]:
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rb") as handle:
            yield from _jsonl_documents(origin, handle)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        yield ReadError(origin, f"reading stopped part-way: {exc}")


def _read_file(path: Path, origin: str) -> Iterator[Document | ReadError]:
    if path.name.endswith(JSONL_SUFFIXES):
        yield from _read_jsonl(path, origin)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, f"it cannot be read ({exc.strerror or exc})")
        return
    yield _text_document(origin, data)


def readable(name: str) -> bool:
    """Whether a file found in a folder is one `read` takes (Spark's folder listing asks the same)."""
    return Path(name).suffix in TEXT_SUFFIXES or name.endswith(JSONL_SUFFIXES)


def read(paths: Iterable[str]) -> Iterator[Document | ReadError]:
    """Every document under the given paths, in a stable order; `-` is standard input."""
    for given in paths:
        if given == "-":
            data = sys.stdin.buffer.read()
            if data.lstrip().startswith(b"{"):
                yield from _jsonl_documents("-", data.splitlines())
            else:
                yield _text_document("-", data)
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and readable(p.name))
            if not found:
                yield ReadError(given, "the folder holds no .txt or .jsonl files")
            for child in found:
                yield from _read_file(child, str(child))
        elif path.exists():
            yield from _read_file(path, given)
        else:
            yield ReadError(given, "no such file or folder")
