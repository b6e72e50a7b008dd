"""The typed record presswatch builds: an `Article` and the facts found on it.

Every fact carries `spans`: (start, end) character offsets into `Article.body`, so each
claim can be traced back to the sentence it came from.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any

from .text import match_form

Span = tuple[int, int]


@dataclass
class Noise:
    """Text removed from the page while cleaning, kept with the reason it was removed."""

    text: str
    reason: str  # title, dateline, banner, section, caption, byline, widget, duplicate_lead, punctuation


@dataclass
class Directive:
    id: str  # canonical: "21-KL/TW", or a state document as written: "30/2020/NĐ-CP"
    type: str | None  # Kết luận, Nghị quyết, ...
    issuer: str | None = None
    date: str | None = None  # ISO 8601 as the article states it
    term: str | None = None  # khoá, as a Roman numeral
    subject: str | None = None
    alias: str | None = None  # the words used when cited by alias ("Nghị quyết Trung ương 4 khoá XII")
    implements: list[str] = field(default_factory=list)  # ids of the directives this one carries out
    spans: list[Span] = field(default_factory=list)


@dataclass
class Organization:
    name: str  # as written
    expanded: str  # abbreviations expanded
    kind: str | None = None  # party_committee, standing_board, front, peoples_committee, ...
    level: str | None = None  # central, province, district, ward, cell
    locality: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Locality:
    name: str  # without the level word
    level: str | None  # tỉnh, thành phố, quận, huyện, thị xã, phường, xã, thị trấn
    parent: str | None = None
    spans: list[Span] = field(default_factory=list)


@dataclass
class Person:
    name: str
    positions: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # every mention, coreferent ones included


@dataclass
class Event:
    type: str  # working_session, conference, congress, meeting, visit, ceremony, inspection
    date: str | None  # ISO 8601, or --MM-DD when the year cannot be known
    chair: str | None = None
    host: str | None = None
    counterpart: str | None = None
    attendees: list[str] = field(default_factory=list)
    directives: list[str] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)


@dataclass
class Statement:
    type: str  # recommendation, petition, assessment, commitment, report
    speaker: str | None
    addressee: str | None
    text: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class Indicator:
    label: str
    value: float
    unit: str | None
    target: float | None = None
    percent: float | None = None
    qualifier: str | None = None  # hơn, gần, khoảng, trên, ...
    period: str | None = None
    subject: str | None = None
    spans: list[Span] = field(default_factory=list)


# A stop that ends a sentence, unless it closes an abbreviation ("TP. Hồ Chí Minh", "P. Khuê Mỹ").
_STOP = re.compile(r'\n|[.!?…]+["”»)]?[ ]+(?=[^\W_a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]|["“(])')
_ABBREVIATION = re.compile(r"[A-ZĐ]{1,3}|[A-ZĐ]\.[A-ZĐ]|Tp|Th|ThS|Ths|Ts|TSKH|PGS|Pgs|Gs|Bs|Ks|St")

FACT_KINDS = ("directives", "organizations", "localities", "people", "events", "statements", "indicators")


@dataclass
class Article:
    """One cleaned article: metadata, the kept body, what was removed, and the facts."""

    path: str
    title: str | None = None
    published: str | None = None  # ISO 8601 with +07:00 when a time is stated
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    section: str | None = None
    url: str | None = None
    id: str | None = None
    fetched: str | None = None  # when a web archive fetched the page (WARC-Date), not when it was published
    paragraphs: list[str] = field(default_factory=list)
    noise: list[Noise] = field(default_factory=list)
    facts: dict[str, list[Any]] = field(default_factory=dict)

    @cached_property
    def body(self) -> str:
        """The kept paragraphs, one a line: every span points into this string."""
        return "\n".join(self.paragraphs)

    @cached_property
    def match(self) -> str:
        """`body` in match form (same length): what extractors run their patterns over."""
        return match_form(self.body)

    @cached_property
    def sentences(self) -> list[Span]:
        """Sentence spans: a paragraph ends one, and so does a stop followed by a capital."""
        spans, start = [], 0
        text = self.match
        for m in _STOP.finditer(text):
            if m.group() == "\n":
                end = m.start()
            else:
                before = text[max(0, m.start() - 4):m.start()].split()
                if before and _ABBREVIATION.fullmatch(before[-1]):
                    continue
                end = m.start() + len(m.group().rstrip())
            if text[start:end].strip():
                spans.append((start, end))
            start = m.end()
        if text[start:].strip():
            spans.append((start, len(text)))
        return spans

    def sentence_at(self, offset: int) -> str:
        """The sentence of `body` that holds `offset`: the evidence shown beside a fact."""
        for start, end in self.sentences:
            if start <= offset < end:
                return self.body[start:end].strip()
        return ""

    def paragraph_of(self, offset: int) -> int:
        return self.body.count("\n", 0, offset)

    def to_dict(self) -> dict[str, Any]:
        """The output contract of DESIGN.md: metadata, body, then one list per fact kind."""
        out: dict[str, Any] = {
            "path": self.path,
            "id": self.id,
            "url": self.url,
            "fetched": self.fetched,
            "title": self.title,
            "published": self.published,
            "authors": self.authors,
            "outlet": self.outlet,
            "section": self.section,
            "body": self.body,
        }
        for kind in FACT_KINDS:
            out[kind] = [asdict(fact) for fact in self.facts.get(kind, [])]
        out["noise"] = [asdict(n) for n in self.noise]
        return out
