"""The article page's text: the body cut at every fact's span, each piece knowing the facts over it.

Spans are character offsets into the stored body, so a piece is body[a:b] exactly. Facts nest and
overlap (a person inside a statement), so a piece carries every kind covering it, and links to the
innermost fact that has a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from . import i18n

LINKED = {"directives": ("directive_key", "/directives/"), "people": ("person_id", "/people/"),
          "organizations": ("organization_id", "/organizations/"), "localities": ("locality_id", "/localities/")}
KINDS = ("directives", "people", "organizations", "localities", "indicators", "events", "statements")


def href(prefix: str, ident: str) -> str:
    """A page's address; directive keys keep their slashes ('21-KL/TW@XIII' is a path)."""
    return prefix + quote(ident, safe="/@")


@dataclass(frozen=True)
class Mark:
    kind: str
    start: int
    end: int
    href: str | None
    title: str


@dataclass
class Piece:
    text: str
    kinds: tuple[str, ...] = ()
    href: str | None = None
    title: str = ""


def _title(kind: str, fact: dict[str, Any], lang: str) -> str:
    """A one-line summary of the fact, shown on hover, in the reader's language."""
    t = i18n.translator(lang)

    def day(value: str | None) -> str | None:
        return i18n.when(value, lang) if value else None

    if kind == "directives":
        return " · ".join(str(v) for v in (fact["directive"], fact.get("type"), fact.get("issuer"), day(fact.get("date"))) if v)
    if kind == "people":
        return " · ".join([fact["name"], *fact.get("positions", [])])
    if kind == "indicators":
        return " ".join(str(v) for v in (fact.get("label"), fact.get("value"), fact.get("unit")) if v is not None)
    if kind == "events":
        return " · ".join(str(v) for v in (t(f"ev_{fact['type']}"), day(fact.get("date")), fact.get("chair") or fact.get("host")) if v)
    if kind == "statements":
        return " · ".join(str(v) for v in (t(f"st_{fact['type']}"), fact.get("speaker")) if v)
    if kind == "organizations":
        return " · ".join(str(v) for v in (fact.get("expanded") or fact.get("name"), fact.get("level") and t(f"lvl_{fact['level']}")) if v)
    return " · ".join(str(v) for v in (fact.get("name"), fact.get("level")) if v)


def marks(article: dict[str, Any], lang: str = i18n.DEFAULT) -> list[Mark]:
    """Every span of every fact of the article (as views.article returns it), inside the body."""
    size = len(article["body"])
    out = []
    for kind in KINDS:
        column, prefix = LINKED.get(kind, (None, ""))
        for fact in article.get(kind, []):
            link = href(prefix, fact[column]) if column and fact.get(column) else None
            for start, end in fact.get("spans") or []:
                if 0 <= start < end <= size:
                    out.append(Mark(kind, start, end, link, _title(kind, fact, lang)))
    return out


def paragraphs(body: str, found: list[Mark]) -> list[list[Piece]]:
    """The body's lines as pieces: plain text, or text under one or more facts."""
    bounds = {0, len(body)}
    for m in found:
        bounds.update((m.start, m.end))
    for i, ch in enumerate(body):
        if ch == "\n":
            bounds.update((i, i + 1))
    out: list[list[Piece]] = [[]]
    cuts = sorted(bounds)
    for a, b in zip(cuts, cuts[1:]):
        text = body[a:b]
        if text == "\n":
            out.append([])
            continue
        over = sorted((m for m in found if m.start <= a and b <= m.end), key=lambda m: m.end - m.start)
        linked = next((m for m in over if m.href), None)
        out[-1].append(Piece(text, tuple(sorted({m.kind for m in over})), linked.href if linked else None,
                             " | ".join(dict.fromkeys(m.title for m in over))))
    return [p for p in out if p]
