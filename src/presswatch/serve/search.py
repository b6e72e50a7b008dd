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
WINDOW = 20_000


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


def _ids(conn: sqlite3.Connection, sql: str, value: str) -> list[str]:
    return [r[0] for r in conn.execute(sql, (value, value))]


def filter_sql(conn: sqlite3.Connection, filters: Filters) -> tuple[str, list[Any]]:
    """WHERE clauses (on articles a) and their parameters: names are resolved to registry ids first
    (small tables), then matched on indexed columns; every value is bound, never spliced."""
    where, params = [], []

    def among(ids: list[str], sql: str) -> None:
        where.append(sql.format(marks=",".join("?" * len(ids)) or "NULL"))
        params.extend(ids)

    if filters.directive:
        among(_ids(conn, "SELECT key FROM directives WHERE key = ? OR id = ?", filters.directive),
              "a.id IN (SELECT article_id FROM citations WHERE directive_key IN ({marks}))")
    if filters.locality:
        among(_ids(conn, "SELECT id FROM localities WHERE id = ? OR fold(name) = fold(?)", filters.locality),
              "a.id IN (SELECT article_id FROM locality_mentions WHERE locality_id IN ({marks}))")
    if filters.person:
        among(_ids(conn, "SELECT id FROM persons WHERE id = ? OR fold(name) = fold(?)", filters.person),
              "a.id IN (SELECT article_id FROM person_mentions WHERE person_id IN ({marks}))")
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


def _ranked(conn: sqlite3.Connection, expression: str, where: str, params: list[Any], wanted: int) -> list[tuple[int, float]]:
    """(rowid, bm25) of the best matches in the newest window of the store that holds `wanted` of them.

    BM25 must score every match it orders, about 2 µs each: a word in most of a million articles
    would take seconds. So the newest WINDOW articles (by rowid, the order of ingest) are ranked
    first, and the window grows fourfold until it holds enough matches or the whole store. A rare
    term reaches the whole store in a few cheap steps; a common one is ranked among recent articles.
    """
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    window = WINDOW
    while True:
        low = top - window
        sql = ("SELECT f.rowid, f.rank FROM articles_fts f" + (" JOIN articles a ON a.rowid = f.rowid" if where else "")
               + f" WHERE articles_fts MATCH ? AND f.rowid > ?{where} ORDER BY f.rank LIMIT ?")
        rows = conn.execute(sql, [expression, low, *params, wanted]).fetchall()
        if len(rows) >= wanted or low <= 0:
            return [(r[0], r[1]) for r in rows]
        window *= 4


def search(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best articles for `query`, BM25 ranked, exact accents first when the query has them."""
    register_functions(conn)
    expression = fts_query(query)
    where, params = filter_sql(conn, filters or Filters())
    accented = _accented(query)
    wanted = max(RERANK_POOL, limit + offset) if accented else limit + offset
    try:
        ranked = _ranked(conn, expression, where, params, wanted)
    except sqlite3.OperationalError as exc:
        if not any(word in str(exc) for word in ("locked", "busy", "disk", "no such table")):
            raise QueryError(f"the query {query!r} is not valid search syntax ({exc}). Put phrases in double quotes, "
                             "use AND, OR, NOT in capitals, or leave out special characters.") from exc
        raise
    score = dict(ranked)
    if accented:
        texts = dict(conn.execute(f"SELECT rowid, title || char(10) || body FROM articles WHERE rowid IN ({','.join('?' * len(ranked))})",
                                  [r for r, _ in ranked]).fetchall()) if ranked else {}

        def exact(rowid: int) -> int:
            words = set(_WORDS.findall(key(texts.get(rowid) or "")))
            return sum(w in words for w in accented)
        ranked = sorted(ranked, key=lambda r: (-exact(r[0]), r[1]))
    page = [rowid for rowid, _ in ranked[offset:offset + limit]]
    if not page:
        return []
    rows = {r["rowid"]: r for r in conn.execute(
        f"SELECT a.rowid, a.id, a.title, a.published, a.outlet, a.url, snippet(articles_fts, 1, '{START}', '{END}', '…', 24) AS snip"
        f" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid"
        f" WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({','.join('?' * len(page))})", [expression, *page])}
    hits = []
    for rowid in page:
        row = rows[rowid]
        text, spans = _snippet(row["snip"] or "")
        hits.append(Hit(row["id"], row["title"], row["published"], row["outlet"], row["url"], -score[rowid], text, spans))
    return hits
