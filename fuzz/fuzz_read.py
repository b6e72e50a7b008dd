"""atheris harness: any bytes, under any name (a file's, or an archive member's), read as a stream of documents.

The input gives the name's bytes (any but "/" and NUL: not UTF-8, control characters, text-reordering
marks), how it is carried (a file in a folder, a member of a tar, of a zip that stores names as it
finds them, or of one that says they are UTF-8) and the content, under one of the suffixes presswatch
knows. Reading must yield `Document`s or `ReadError`s that name the input and say why, every origin
text that prints and stores (no lone surrogate, no control character: JSON and UTF-8 take it); any
exception is a crash. Run by `make fuzz` (bounded by FUZZ_SECONDS); a crash is saved under
fuzz/crashes/ and becomes a regression test (tests/test_fuzz.py, tests/test_hostile.py).
"""

import io
import logging
import os
import re
import shutil
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import atheris
import orjson

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.limits import Limits
    from presswatch.read import Document, ReadError, read

SUFFIXES = [b".txt", b".html", b".jsonl", b".jsonl.gz", b".warc", b".warc.gz", b".zip", b".tar.gz", b".gz", b""]
CARRIERS = ["file", "folder", "tar", "zip", "zip-utf8"]
FOLDER = Path(tempfile.mkdtemp(prefix="presswatch-fuzz-"))
logging.getLogger("presswatch").setLevel(logging.ERROR)  # notes on repaired encodings are not crashes
LIMITS = Limits(max_bytes=1_000_000, max_archive_bytes=20_000_000, timeout=0, max_records=10_000)
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _zip(name: bytes, data: bytes, utf8: bool) -> bytes:
    """A zip of one member named by these bytes: written under a placeholder of their length, then replaced
    (zipfile writes only names it can encode; the flag says UTF-8 when the placeholder is not ASCII)."""
    wide, odd = divmod(len(name), 2)
    placeholder = ("é" * wide + "~" * odd if utf8 else "~" * len(name)).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(placeholder.decode(), data)
    return buffer.getvalue().replace(placeholder, name)


def _tar(name: bytes, data: bytes) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.GNU_FORMAT) as archive:
        info = tarfile.TarInfo(os.fsdecode(name))
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    name = fdp.ConsumeBytes(fdp.ConsumeIntInRange(1, 40)).replace(b"/", b"_").replace(b"\x00", b"_") or b"_"
    name += SUFFIXES[fdp.ConsumeIntInRange(0, len(SUFFIXES) - 1)]
    carrier = CARRIERS[fdp.ConsumeIntInRange(0, len(CARRIERS) - 1)]
    content = fdp.ConsumeBytes(fdp.remaining_bytes())
    if name in (b".", b".."):
        return
    folder = os.fsencode(FOLDER) + b"/" + os.urandom(6).hex().encode()
    os.mkdir(folder)
    if carrier in ("file", "folder"):
        path = folder + b"/" + name
    else:
        path = folder + (b"/a.tar.gz" if carrier == "tar" else b"/a.zip")
        content = _tar(name, content) if carrier == "tar" else _zip(name, content, carrier == "zip-utf8")
    with open(path, "wb") as handle:
        handle.write(content)
    given = os.fsdecode(folder if carrier == "folder" else path)
    try:
        for item in read([given], LIMITS):
            assert isinstance(item, (Document, ReadError)), item
            assert not UNPRINTABLE.search(item.origin), item.origin
            orjson.dumps({"origin": item.origin, "reason": getattr(item, "reason", "")})
            assert not isinstance(item, ReadError) or item.reason.strip()
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
