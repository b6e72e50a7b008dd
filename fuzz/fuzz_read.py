"""atheris harness: any bytes, under any of the names presswatch knows, read as a stream of documents.

Reading must yield `Document`s or `ReadError`s that name the input and say why; any exception is a
crash. Run by `make fuzz` (bounded by FUZZ_SECONDS); a crash is saved under fuzz/crashes/ and becomes
a regression test (tests/test_fuzz.py).
"""

import logging
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["presswatch"]):
    from presswatch.limits import Limits
    from presswatch.read import Document, ReadError, read

NAMES = ["a.txt", "a.html", "a.jsonl", "a.jsonl.gz", "a.warc", "a.warc.gz", "a.zip", "a.tar.gz", "a.gz", "noname"]
FOLDER = Path(tempfile.mkdtemp(prefix="presswatch-fuzz-"))
logging.getLogger("presswatch").setLevel(logging.ERROR)  # notes on repaired encodings are not crashes
LIMITS = Limits(max_bytes=1_000_000, max_archive_bytes=20_000_000, timeout=0)


def test_one(data: bytes) -> None:
    if not data:
        return
    path = FOLDER / NAMES[data[0] % len(NAMES)]
    path.write_bytes(data[1:])
    for item in read([str(path)], LIMITS):
        assert isinstance(item, (Document, ReadError)), item
        assert item.origin.startswith(str(path))
        assert not isinstance(item, ReadError) or item.reason.strip()


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
