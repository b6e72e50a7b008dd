"""Containers: gzip streams, zip and tar archives, read as streams under a budget.

Everything a container expands to is counted against one budget per input given
(`Limits.max_archive_bytes`); a zip member that would expand more than `Limits.max_ratio` times
its compressed size, archives nested deeper than `Limits.max_depth`, or a stream that runs past the
budget make the whole input an `ArchiveBomb`: one failure for that input, reported once, while
every document read from it before stays read. So does an input of more than `Limits.max_records`
lines, records or members, however small: a count is checked before anything is held for it (a
zip's table of contents is counted before it is loaded, a tar's members are not kept). A truncated gzip stream ends where its data ends and
remembers why (`Guarded.error`), so the documents before the cut are kept and the cut is reported.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ..limits import Limits

GZIP_MAGIC = b"\x1f\x8b"
ZIP_MAGIC = b"PK\x03\x04"


class ArchiveBomb(Exception):
    """An input that expands past what any real collection of articles does."""


class Budget:
    """Bytes one input may still expand to, and lines, records and members it may still hold."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.used = 0
        self.records = 0

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.limits.max_archive_bytes:
            raise ArchiveBomb(f"it expands past {self.limits.max_archive_bytes:,} bytes (PRESSWATCH_MAX_ARCHIVE_BYTES); "
                              "unpack it yourself if it is genuine")

    def count(self, n: int = 1, read: bool = True) -> None:
        """Count `n` more lines, records or members (`read`: counted as they are read, so the ones before were)."""
        self.records += n
        if self.records > self.limits.max_records:
            done = f"the first {self.limits.max_records:,} were read" if read else "none was read"
            raise ArchiveBomb(f"it holds more than {self.limits.max_records:,} lines, records or archive members "
                              f"(PRESSWATCH_MAX_RECORDS); {done}: split it, or raise the limit if it is genuine")


class Guarded(io.RawIOBase):
    """A decompressing stream that charges a budget and ends, instead of raising, where its data is cut."""

    def __init__(self, inner: BinaryIO, budget: Budget) -> None:
        self.inner = inner
        self.budget = budget
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self.error:
            return 0
        try:  # read1: what one step of decompression gives, so that data before a cut is not lost with the error
            data = self.inner.read1(len(buffer)) if hasattr(self.inner, "read1") else self.inner.read(len(buffer))
        except (EOFError, OSError, zlib.error, zipfile.BadZipFile) as exc:
            self.error = str(exc) or type(exc).__name__
            return 0
        self.budget.spend(len(data))
        buffer[:len(data)] = data
        return len(data)


def buffered(stream: io.RawIOBase) -> io.BufferedReader:
    return io.BufferedReader(stream, buffer_size=1 << 16)


def gunzip(stream: BinaryIO, budget: Budget) -> tuple[io.BufferedReader, Guarded]:
    """The decompressed stream, and its guard (which knows whether the data was cut short)."""
    guarded = Guarded(gzip.GzipFile(fileobj=stream, mode="rb"), budget)  # type: ignore[arg-type]
    return buffered(guarded), guarded


def _declared_entries(stream: BinaryIO) -> int:
    """How many entries a zip's end record says its table of contents holds (0 when it cannot tell: zipfile will say why)."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(max(0, size - 22 - 0xFFFF))
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return 0
    entries = int.from_bytes(tail[at + 10:at + 12], "little")
    locator = tail[at - 20:at] if at >= 20 else b""
    if entries == 0xFFFF and locator.startswith(b"PK\x06\x07"):  # zip64: the count is in the zip64 end record
        stream.seek(int.from_bytes(locator[8:16], "little"))
        record = stream.read(40)
        if record.startswith(b"PK\x06\x06"):
            entries = int.from_bytes(record[32:40], "little")
    return entries


def _member_name(member: zipfile.ZipInfo) -> str:
    """A member's name as its bytes say: UTF-8 when it is, else each byte that is not (see `document.printable`);
    zipfile reads a name without the UTF-8 flag as cp437, which turns the bytes of any other encoding into mojibake."""
    if member.flag_bits & 0x800:
        return member.filename
    raw = member.filename.encode("cp437")
    return raw.decode("utf-8", "surrogateescape")


def zip_members(stream: BinaryIO, budget: Budget) -> Iterator[tuple[str, Guarded | str]]:
    """(member name, its guarded stream) for each file of a zip, or (name, reason) for one that cannot be read."""
    limits = budget.limits
    budget.count(_declared_entries(stream), read=False)
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except UnicodeDecodeError as exc:  # zipfile reads a name flagged UTF-8 strictly, and then no member at all
        raise zipfile.BadZipFile(f"a member's name is marked as UTF-8 and is not ({exc.reason} at byte {exc.start}), so no "
                                 "member can be read: unpack it with another tool") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        declared = sum(m.file_size for m in members)
        if declared > limits.max_archive_bytes:
            raise ArchiveBomb(f"it says it expands to {declared:,} bytes, past {limits.max_archive_bytes:,} (PRESSWATCH_MAX_ARCHIVE_BYTES)")
        for member in members:
            if member.compress_size and member.file_size > 1_000_000 and member.file_size > limits.max_ratio * member.compress_size:
                raise ArchiveBomb(f"{member.filename} would expand {member.file_size // member.compress_size:,} times "
                                  f"({member.compress_size:,} to {member.file_size:,} bytes): a zip bomb, not articles")
        for member in members:
            name = _member_name(member)
            if member.flag_bits & 0x1:
                yield name, "it is encrypted; decrypt the archive first"
                continue
            try:
                inner = archive.open(member)
            except (zipfile.BadZipFile, NotImplementedError, OSError) as exc:
                yield name, f"it cannot be opened ({exc})"
                continue
            with inner:
                yield name, Guarded(inner, budget)  # type: ignore[arg-type]


def tar_members(stream: BinaryIO, budget: Budget) -> Iterator[tuple[str, BinaryIO]]:
    """(member name, its stream) for each regular file of an (uncompressed) tar stream, in order; a name
    that is not UTF-8 comes with its bytes as lone surrogates (tarfile's surrogateescape), as os.fsdecode gives."""
    with tarfile.open(fileobj=stream, mode="r|") as archive:
        while (member := archive.next()) is not None:
            archive.members.clear()  # tarfile keeps every member it has read: a million empty ones would be held
            budget.count()
            content = archive.extractfile(member) if member.isfile() else None
            if content is not None:
                yield member.name, content
