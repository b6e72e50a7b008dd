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


def _end_record(stream: BinaryIO) -> tuple[int, bytes]:
    """Where a zip's end record starts and its 22 bytes, or (-1, b"") when there is none (zipfile will say why)."""
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    start = max(0, size - 22 - 0xFFFF)
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return -1, b""
    return start + at, tail[at:at + 22]


def _declared_entries(stream: BinaryIO) -> int:
    """How many entries a zip's end record says its table of contents holds (0 when it cannot tell: zipfile will say why)."""
    at, record = _end_record(stream)
    if at < 0:
        return 0
    entries = int.from_bytes(record[10:12], "little")
    stream.seek(max(0, at - 20))
    locator = stream.read(20) if at >= 20 else b""
    if entries == 0xFFFF and locator.startswith(b"PK\x06\x07"):  # zip64: the count is in the zip64 end record
        stream.seek(int.from_bytes(locator[8:16], "little"))
        zip64 = stream.read(40)
        if zip64.startswith(b"PK\x06\x06"):
            entries = int.from_bytes(zip64[32:40], "little")
    return entries


class _Overlaid(io.RawIOBase):
    """A seekable stream that reads as another one except for `patches`, {offset: bytes written over it there}."""

    def __init__(self, inner: BinaryIO, patches: dict[int, bytes]) -> None:
        self.inner, self.patches = inner, patches

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, pos: int, whence: int = io.SEEK_SET) -> int:
        return self.inner.seek(pos, whence)

    def tell(self) -> int:
        return self.inner.tell()

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        at = self.inner.tell()
        data = self.inner.read(len(buffer))
        for offset, patch in self.patches.items():
            start, end = max(at, offset), min(at + len(data), offset + len(patch))
            if start < end:
                data = data[:start - at] + patch[start - offset:end - offset] + data[end - at:]
        buffer[:len(data)] = data
        return len(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _names_unflagged(stream: BinaryIO) -> _Overlaid | None:
    """The zip read with the UTF-8 flag taken off each name that is not UTF-8 (so that `_member_name` escapes its
    bytes and the other members are read), or None when its table of contents cannot be found."""
    at, record = _end_record(stream)
    size = int.from_bytes(record[12:16], "little") if at >= 0 else 0
    if size == 0 or size == 0xFFFFFFFF or size > at:
        return None
    stream.seek(at - size)
    table = bytearray(stream.read(size))
    shift = at - size - int.from_bytes(record[16:20], "little")  # bytes before the zip (a self-extracting one)
    patches: dict[int, bytes] = {}
    i = 0
    while table[i:i + 4] == b"PK\x01\x02" and i + 46 <= len(table):
        n, m, k = (int.from_bytes(table[i + j:i + j + 2], "little") for j in (28, 30, 32))
        if table[i + 9] & 0x08 and not _is_utf8(bytes(table[i + 46:i + 46 + n])):  # bit 11 of the flags: UTF-8
            table[i + 9] &= ~0x08
            local = shift + int.from_bytes(table[i + 42:i + 46], "little")  # its local header says the same
            stream.seek(local)
            header = stream.read(8)
            if header[:4] == b"PK\x03\x04":
                patches[local + 7] = bytes([header[7] & ~0x08])
        i += 46 + n + m + k
    patches[at - size] = bytes(table)
    return _Overlaid(stream, patches)


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
        overlaid = _names_unflagged(stream)
        if overlaid is None:
            raise zipfile.BadZipFile(f"a member's name is marked as UTF-8 and is not ({exc.reason} at byte {exc.start}), "
                                     "so no member can be read: unpack it with another tool") from None
        archive = zipfile.ZipFile(io.BufferedReader(overlaid))  # type: ignore[arg-type]
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
