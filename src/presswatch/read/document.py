"""What the read stage yields: documents, the bytes they come from, and the inputs it could not read.

Every origin is text that can always be printed and stored (`printable`): a file or member name
that is not UTF-8 reaches Python as lone surrogates (os.fsdecode), which neither JSON nor SQLite
nor a terminal takes, so each origin is escaped when an item is made, whoever makes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..model import Noise

# What must not reach an output as it is: lone surrogates (bytes of a name that is not UTF-8), control
# characters (a newline or a terminal escape in a file name) and the marks that reorder text on screen.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode carries it: the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x80 else f"\\u{code:04x}"


def printable(name: str) -> str:
    """A file or member name as text that can always be printed and stored: each byte that is not UTF-8
    written as \\xNN, control and text-reordering characters as \\xNN or \\uNNNN; other names unchanged."""
    return _UNSAFE.sub(_escape, name) if _UNSAFE.search(name) else name


def storable(text: str) -> str:
    """A message (which may quote a name) with the bytes that are not UTF-8 escaped as in `printable`."""
    return _SURROGATES.sub(_escape, text) if _SURROGATES.search(text) else text


def valid_text(text: str) -> str:
    """Text with U+FFFD for each lone surrogate (what a JSON "\\ud800" escape decodes to), as for broken UTF-8."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


@dataclass
class Document:
    """One article as found: its text (one paragraph a line) and what its container said of it."""

    origin: str  # the path as given; "path#N" for the Nth document inside a file or archive
    text: str
    meta: dict[str, str] = field(default_factory=dict)  # id, title, url, date, outlet, lead, authors, fetched, section
    noise: list[Noise] = field(default_factory=list)  # recognised by the container, e.g. an HTML <figcaption>

    def __post_init__(self) -> None:
        self.origin = printable(self.origin)


@dataclass
class ReadError:
    origin: str
    reason: str

    def __post_init__(self) -> None:
        self.origin, self.reason = printable(self.origin), storable(self.reason)

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Source:
    """One document's bytes as found, not yet decoded: turning it into a `Document` is the
    per-document work that the time limit covers (`read.parse`)."""

    origin: str
    kind: Literal["text", "html", "json"]  # a text file, an HTML page, one line of JSON Lines
    data: bytes
    meta: dict[str, str] = field(default_factory=dict)  # url, fetched, charset: what a WARC record said

    def __post_init__(self) -> None:
        self.origin = printable(self.origin)
