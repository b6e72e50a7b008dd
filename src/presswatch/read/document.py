"""What the read stage yields: documents, the bytes they come from, and the inputs it could not read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..model import Noise


@dataclass
class Document:
    """One article as found: its text (one paragraph a line) and what its container said of it."""

    origin: str  # the path as given; "path#N" for the Nth document inside a file or archive
    text: str
    meta: dict[str, str] = field(default_factory=dict)  # id, title, url, date, outlet, lead, authors, fetched, section
    noise: list[Noise] = field(default_factory=list)  # recognised by the container, e.g. an HTML <figcaption>


@dataclass
class ReadError:
    origin: str
    reason: str

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
