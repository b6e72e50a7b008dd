"""The directive registry: one row per directive, every citation kept, disagreements recorded.

Numbers restart: a party document's with each term (khóa), so 21-KL/TW of term XIII and 21-KL/TW of
term XII are two directives; a state document's each year, unless its number carries the year
(26/CT-TTg of 2016 and 26/CT-TTg of 2017 are two; 30/2020/NĐ-CP is one). A citation's period is the
one it states or its date falls in; a citation that says neither joins the period of the article's
time among those known for the number. Date, issuer, type and subject are what most citing articles
say; when articles state different dates (or issuers), the registry keeps the majority and records
a contradiction with the sentences on each side.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import orjson
import sqlean as sqlite3

from .. import lexicon
from .scope import Scope, among, json_list


def _year(iso: str | None) -> int | None:
    return int(iso[:4]) if iso and iso[:4].isdigit() else None


def is_party(ident: str) -> bool:
    """Party documents ("21-KL/TW") restart their numbers each term."""
    return ident.count("/") == 1 and "-" in ident.split("/")[0]


def _numbered_yearly(ident: str) -> bool:
    """State documents without the year in their number ("26/CT-TTg", "1234/QĐ-UBND") restart each year."""
    return not is_party(ident) and not any(part.isdigit() and len(part) == 4 for part in ident.split("/")[1:])


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


def _key(ident: str, period: str | None) -> str:
    return f"{ident}@{period}" if period else ident


def _assign_periods(cites: list[Citation]) -> list[str | None]:
    """Each citation's numbering period (a party term, or a year for state documents numbered yearly):
    stated, else from its date, else the known period of its article's time."""
    ident = cites[0].directive
    if is_party(ident):
        own = [c.term or (lexicon.term_of_year(_year(c.date)) if c.date else None) for c in cites]
        at, start = lexicon.term_of_year, lambda term: lexicon.TERMS[term][0]
    elif _numbered_yearly(ident):
        own = [str(_year(c.date)) if _year(c.date) else None for c in cites]
        at, start = str, int
    else:
        return [None] * len(cites)
    known = Counter(t for t in own if t)
    out = []
    for c, period in zip(cites, own):
        if period is None and known:
            year = _year(c.published)
            at_time = at(year) if year else None
            if len(known) == 1:
                period = next(iter(known))
            elif at_time in known:
                period = at_time
            else:  # the latest known period that had begun when the article appeared, else the most cited
                started = [t for t in known if year and start(t) <= year]
                period = max(started, key=start) if started else known.most_common(1)[0][0]
        out.append(period)
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


def _chosen(conn: sqlite3.Connection, scope: Scope | None) -> tuple[str, tuple[str, ...]]:
    """SQL (`... IN (...)` or nothing) choosing the directives (ids as cited) to recompute: those the scope's
    articles cite or replaced articles cited; every one for a full link."""
    if scope is None:
        return "", ()
    condition, params = among("article_id", scope)
    cited = {r[0] for r in conn.execute(f"SELECT directive FROM citations WHERE {condition}", params)}
    return " IN (SELECT value FROM json_each(?))", (json_list(cited | scope.keys("directive")),)


def link_directives(conn: sqlite3.Connection, scope: Scope | None = None) -> None:
    """Recompute `directives`, the directive contradictions and citations.directive_key for the chosen
    directives, each from all its citations; then `directive_relations` (a few rows: all of them)."""
    chosen, params = _chosen(conn, scope)
    conn.execute("DELETE FROM directives" + (f" WHERE id{chosen}" if chosen else ""), params)
    conn.execute("DELETE FROM contradictions WHERE kind LIKE 'directive_%'"  # subject: a key, the id before any '@'
                 + (f" AND iif(instr(subject, '@'), substr(subject, 1, instr(subject, '@') - 1), subject){chosen}" if chosen else ""),
                 params)
    groups: dict[str, list[Citation]] = defaultdict(list)
    for row in conn.execute(
            "SELECT c.article_id, c.seq, c.directive, c.type, c.issuer, c.date, c.term, c.subject, c.alias, c.implements,"
            " c.sentence, a.published FROM citations c JOIN articles a ON a.id = c.article_id"
            + (f" WHERE c.directive{chosen}" if chosen else "") + " ORDER BY c.article_id, c.seq", params):
        cite = Citation(*row[:9], orjson.loads(row[9]), row[10], row[11])
        groups[cite.directive].append(cite)
    key_of: dict[tuple[str, str], str] = {}  # (article, directive id) → registry key
    registry, contradictions = [], []
    for ident, cites in groups.items():
        by_key: dict[str, list[Citation]] = defaultdict(list)
        for cite, period in zip(cites, _assign_periods(cites)):
            by_key[_key(ident, period)].append(cite)
            key_of[cite.article_id, ident] = _key(ident, period)
        for key, members in by_key.items():
            decided = {f: _vote(members, f) for f in ("type", "issuer", "date", "subject", "alias")}
            decided["term"] = ((key.partition("@")[2] or None) if is_party(ident) else None, {})
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
    # A plan implements a conclusion when its citation says so and the article also cites the conclusion.
    conn.execute("DELETE FROM directive_relations")
    conn.execute(
        "INSERT INTO directive_relations SELECT child, parent, 'implements', count(*) FROM (SELECT c.directive_key AS child,"
        " (SELECT p.directive_key FROM citations p WHERE p.article_id = c.article_id AND p.directive = j.value LIMIT 1) AS parent"
        " FROM citations c, json_each(c.implements) j WHERE c.implements != '[]')"
        " WHERE child IS NOT NULL AND parent IS NOT NULL GROUP BY child, parent")
