"""Full-text search over the store: FTS5 with BM25, accent-insensitive, đ folded to d.

"chinh don dang" finds "chỉnh đốn Đảng": the index holds text with đ folded and unicode61 strips
the other marks. A query typed with accents ranks the articles that carry those exact accents first
(among the best BM25 candidates), then by BM25. Words are searched as typed; FTS5 syntax (quotes
for phrases, OR, NOT, NEAR, prefix*) is honoured, and a malformed query raises `QueryError` with a
message for the user, never a traceback.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from ..store import fts_form
from ..text import fold, key

_SYNTAX = re.compile(r'["()*:^]|\b(?:AND|OR|NOT|NEAR)\b')
_WORDS = re.compile(r"\w+")
START, END = "\ue000", "\ue001"  # highlight markers: private-use characters no article contains
RERANK_POOL = 200


class QueryError(ValueError):
    pass


@dataclass
class Filters:
    directive: str | None = None
    locality: str | None = None
    person: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass
class Hit:
    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    score: float
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.article_id, "title": self.title, "published": self.published, "outlet": self.outlet,
                "url": self.url, "score": round(self.score, 4), "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights]}


def fts_query(query: str) -> str:
    """The FTS5 expression for what the user typed: each chunk a phrase, unless they wrote FTS5 syntax."""
    query = fts_form(query.strip())
    if not query:
        raise QueryError("the query is empty: give one or more words")
    if _SYNTAX.search(query):
        return query
    phrases = [" ".join(_WORDS.findall(chunk)) for chunk in query.split()]
    phrases = [p for p in phrases if p]
    if not phrases:
        raise QueryError(f"the query {query!r} has no words to search for")
    return " ".join(f'"{p}"' for p in phrases)


def _accented(query: str) -> list[str]:
    """The words of the query that carry marks (or đ): those whose exact spelling should rank first."""
    return [w for w in _WORDS.findall(key(query)) if fold(w) != w]


def _snippet(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    for part in re.split(f"({START}|{END})", marked):
        if part == START:
            begin = pos
        elif part == END:
            spans.append((begin, pos))
        else:
            out.append(part)
            pos += len(part)
    return "".join(out), spans


def filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    """WHERE clauses (on articles a) and their parameters: every value is bound, never spliced."""
    where, params = [], []
    if filters.directive:
        where.append("a.id IN (SELECT c.article_id FROM citations c WHERE c.directive = ? OR c.directive_key = ?)")
        params += [filters.directive, filters.directive]
    if filters.locality:
        where.append("a.id IN (SELECT m.article_id FROM locality_mentions m JOIN localities l ON l.id = m.locality_id"
                     " WHERE l.id = ? OR fold(l.name) = fold(?) OR fold(l.successor) LIKE '% ' || fold(?))")
        params += [filters.locality] * 3
    if filters.person:
        where.append("a.id IN (SELECT m.article_id FROM person_mentions m WHERE m.person_id = ? OR fold(m.name) = fold(?))")
        params += [filters.person] * 2
    if filters.since:
        where.append("a.published >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("substr(a.published, 1, 10) <= ?")
        params.append(filters.until)
    return (" AND " + " AND ".join(where)) if where else "", params


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the queries use: fold(text) is accent- and case-insensitive, đ folded."""
    conn.create_function("fold", 1, lambda s: fold(s) if s else s, deterministic=True)


def search(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best articles for `query`, BM25 ranked, exact accents first when the query has them."""
    register_functions(conn)
    expression = fts_query(query)
    where, params = filter_sql(filters or Filters())
    accented = _accented(query)
    pool = max(RERANK_POOL, limit + offset) if accented else limit + offset
    sql = (f"SELECT a.id, a.title, a.published, a.outlet, a.url, bm25(articles_fts, 4.0, 1.0) AS score,"
           f" snippet(articles_fts, 1, '{START}', '{END}', '…', 24) AS snip, a.title || char(10) || a.body AS text"
           f" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
           f" WHERE articles_fts MATCH ?{where} ORDER BY score LIMIT ?")
    try:
        rows = conn.execute(sql, [expression, *params, pool]).fetchall()
    except sqlite3.OperationalError as exc:
        if not any(word in str(exc) for word in ("locked", "busy", "disk", "no such table")):
            raise QueryError(f"the query {query!r} is not valid search syntax ({exc}). Put phrases in double quotes, "
                             "use AND, OR, NOT in capitals, or leave out special characters.") from exc
        raise
    if accented:
        def exact(row: sqlite3.Row) -> int:
            words = set(_WORDS.findall(key(row["text"])))
            return sum(w in words for w in accented)
        rows = sorted(rows, key=lambda r: (-exact(r), r["score"]))
    hits = []
    for row in rows[offset:offset + limit]:
        text, spans = _snippet(row["snip"] or "")
        hits.append(Hit(row["id"], row["title"], row["published"], row["outlet"], row["url"], -row["score"], text, spans))
    return hits
