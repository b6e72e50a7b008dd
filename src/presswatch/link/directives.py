"""The directive registry: one row per directive, every citation kept, disagreements recorded.

A party document's number restarts with each term (khóa), so 21-KL/TW of term XIII and 21-KL/TW of
term XII are two directives. A citation's term is the one it states, else the one its stated date
falls in; a citation that says neither joins the term of the article's time among those known for
the number. Date, issuer, type and subject are what most citing articles say; when articles state
different dates (or issuers), the registry keeps the majority and records a contradiction with
the sentences on each side.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import orjson
import sqlean as sqlite3

from .. import lexicon

_TERMS = {row[0]: (int(row[1]), int(row[2])) for row in lexicon.table("terms.tsv")}


def term_of_year(year: int) -> str | None:
    return next((term for term, (first, last) in _TERMS.items() if first <= year < last), None)


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def is_party(ident: str) -> bool:
    """Party documents ("21-KL/TW") restart their numbers each term; state ones carry their year."""
    return ident.count("/") == 1 and "-" in ident.split("/")[0]


@dataclass
class Citation:
    article_id: str
    seq: int
    directive: str
    type: str | None
    issuer: str | None
    date: str | None
    term: str | None
    subject: str | None
    alias: str | None
    implements: list[str]
    sentence: str | None
    published: str | None


def _key(ident: str, term: str | None) -> str:
    return f"{ident}@{term}" if term else ident


def _assign_terms(cites: list[Citation]) -> list[str | None]:
    """Each citation's term: stated, else from its date, else the known term of its article's time."""
    if not is_party(cites[0].directive):
        return [None] * len(cites)
    own = [c.term or (term_of_year(_year(c.date)) if c.date else None) for c in cites]
    known = Counter(t for t in own if t)
    out = []
    for c, term in zip(cites, own):
        if term is None and known:
            year = _year(c.published)
            at_time = term_of_year(year) if year else None
            if len(known) == 1:
                term = next(iter(known))
            elif at_time in known:
                term = at_time
            else:  # the latest known term that had begun when the article appeared, else the most cited
                started = [t for t in known if year and _TERMS[t][0] <= year]
                term = max(started, key=lambda t: _TERMS[t][0]) if started else known.most_common(1)[0][0]
        out.append(term)
    return out


def _vote(cites: list[Citation], field: str) -> tuple[str | None, dict[str, list[Citation]]]:
    """The value most articles state (ties: the one stated first), and every stated value with its citations."""
    by_value: dict[str, list[Citation]] = defaultdict(list)
    for c in sorted(cites, key=lambda c: (c.published or "9999", c.article_id)):
        value = getattr(c, field)
        if value:
            by_value[value].append(c)
    if not by_value:
        return None, {}
    decided = max(by_value, key=lambda v: len({c.article_id for c in by_value[v]}))
    return decided, by_value


def link_directives(conn: sqlite3.Connection) -> None:
    """Rebuild `directives`, `directive_relations`, the directive contradictions and citations.directive_key."""
    for table in ("directives", "directive_relations"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM contradictions WHERE kind LIKE 'directive_%'")
    groups: dict[str, list[Citation]] = defaultdict(list)
    for row in conn.execute(
            "SELECT c.article_id, c.seq, c.directive, c.type, c.issuer, c.date, c.term, c.subject, c.alias, c.implements,"
            " c.sentence, a.published FROM citations c JOIN articles a ON a.id = c.article_id"):
        cite = Citation(*row[:9], orjson.loads(row[9]), row[10], row[11])
        groups[cite.directive].append(cite)
    key_of: dict[tuple[str, str], str] = {}  # (article, directive id) → registry key
    registry, contradictions = [], []
    for ident, cites in groups.items():
        by_key: dict[str, list[Citation]] = defaultdict(list)
        for cite, term in zip(cites, _assign_terms(cites)):
            by_key[_key(ident, term)].append(cite)
            key_of[cite.article_id, ident] = _key(ident, term)
        for key, members in by_key.items():
            decided = {f: _vote(members, f) for f in ("type", "issuer", "date", "subject", "alias")}
            decided["term"] = (key.partition("@")[2] or None, {})
            published = sorted(c.published for c in members if c.published)
            registry.append((key, ident, *(decided[f][0] for f in ("type", "issuer", "date", "term", "subject", "alias")),
                             len(members), len({c.article_id for c in members}),
                             published[0] if published else None, published[-1] if published else None))
            for field in ("date", "issuer"):
                value, by_value = decided[field]
                if len(by_value) > 1:
                    detail = [{"value": v, "articles": [{"article_id": c.article_id, "sentence": c.sentence} for c in cs]}
                              for v, cs in sorted(by_value.items(), key=lambda kv: -len(kv[1]))]
                    contradictions.append((f"directive_{field}", key, value, orjson.dumps(detail).decode()))
    conn.executemany("INSERT INTO directives VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", registry)
    conn.executemany("UPDATE citations SET directive_key = ? WHERE article_id = ? AND directive = ?",
                     [(key, article, ident) for (article, ident), key in key_of.items()])
    conn.executemany("INSERT INTO contradictions(kind, subject, decided, detail) VALUES (?, ?, ?, ?)", contradictions)
    relations: Counter[tuple[str, str]] = Counter()
    for ident, cites in groups.items():
        for c in cites:
            for parent in c.implements:
                child_key, parent_key = key_of.get((c.article_id, ident)), key_of.get((c.article_id, parent))
                if child_key and parent_key:
                    relations[child_key, parent_key] += 1
    conn.executemany("INSERT INTO directive_relations VALUES (?, ?, 'implements', ?)",
                     [(child, parent, n) for (child, parent), n in relations.items()])
