"""Full-text search: one function, `search`, behind the CLI, the API, the pages and their CSV.

What a query means is query.py's rule (words typed together are a phrase; accents as typed, word by
word); the index is FTS5 with the pw tokenizer (store/rank.c), which holds every syllable as written
and folded, so the rule is a plain FTS5 expression. A search answers with:

- the **total**: every article the expression matches (and the filters pass), counted from the index;
- the **facets** of that same set (directives, localities, people, event types), counted over
  in-memory arrays of each fact table (`FacetIndex`);
- a page of **hits**, best first (pw_bm25, BM25 with the title weighted 4×, among the newest POOL
  matches) or newest first, each with a snippet whose highlights are the matched phrases only;
- the **reading**: how the query was understood, for the page and the CLI to say.

A search has a **budget** (BUDGET seconds, PRESSWATCH_SEARCH_BUDGET): SQLite's progress handler
interrupts it at the deadline and the reader is told to narrow it (`SearchTimeout`, 503 in the API);
query.py's limits refuse the costliest shapes before any work (`QueryError`, 400). The server runs
searches in worker threads (`in_worker`, at most WORKERS at once per process), so a slow one never
holds the event loop. Results are kept per process, keyed by the database's generation: paging
through them, or asking again, costs one page of snippets or nothing.
"""

from __future__ import annotations

import asyncio
import math
import os
import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import orjson
import sqlean as sqlite3

from ..store import WEIGHTS
from ..text import fold, key
from .query import Either, Node, Order, Phrase, Query, QueryError, parse

Sort = Literal["relevance", "date"]
SORTS: tuple[Sort, ...] = ("relevance", "date")
START, END = "\ue000", "\ue001"  # highlight markers: private-use characters no article contains
POOL = 10_000  # matches ranked per query, the newest: under 10 ms
FLOOR = 1_000  # matches ranked at least, when filters leave fewer in the pool: a CSV's best thousand
DEPTH = 200  # hits ranked at a time: the pages of one such pool share it
MANY = 20_000  # mentions of a filter value above which it is checked per match
FEW = 16  # facets are counted from the matches' own mentions when they hold under 1/FEW of them
FACET_SIZE = 8
BUDGET = float(os.environ.get("PRESSWATCH_SEARCH_BUDGET") or 2.0)  # seconds one search may take
PREFIX_POSTINGS = 250_000  # (article, word) pairs a query's words ending in * may stand for, all together
PROGRESS_STEPS = 20_000  # SQLite VM steps between looks at the clock (about a millisecond)
WORKERS = 4  # searches at once per server process, each in a thread of its own


class SearchTimeout(QueryError):
    """A search past its budget: the reader is told how to narrow it (503: the server is not broken)."""


@dataclass
class Filters:
    directive: str | None = None
    locality: str | None = None
    person: str | None = None
    since: str | None = None
    until: str | None = None
    event_type: str | None = None


@dataclass
class Hit:
    article_id: str
    title: str | None
    published: str | None
    outlet: str | None
    url: str | None
    score: float | None  # pw_bm25, higher is better; None when sorted by date
    snippet: str
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.article_id, "title": self.title, "published": self.published, "outlet": self.outlet,
                "url": self.url, "score": None if self.score is None else round(self.score, 4), "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights]}


@dataclass
class Results:
    """One search's answer, the same whoever asked."""

    query: Query
    sort: Sort
    total: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]]

    def as_dict(self, limit: int, offset: int) -> dict[str, Any]:
        return {"total": self.total, "limit": limit, "offset": offset, "sort": self.sort, "query": self.query.reading(),
                "items": [h.as_dict() for h in self.hits], "facets": self.facets}


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


# --- filters ------------------------------------------------------------------------------------

def _ids(conn: sqlite3.Connection, table: str, value: str) -> list[str]:
    """Registry ids for a value given as an id (what the API and the pages pass: one primary-key lookup)
    or as a name typed by hand (compared accent-insensitively over the registry table)."""
    if conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (value,)).fetchone():  # table: a constant below
        return [value]
    return [r[0] for r in conn.execute(f"SELECT id FROM {table} WHERE fold(name) = fold(?)", (value,))]


FACETS = {  # facet: (fact table, its column)
    "directive": ("citations", "directive_key"),
    "locality": ("locality_mentions", "locality_id"),
    "person": ("person_mentions", "person_id"),
    "event_type": ("events", "type"),
}


def _resolved(conn: sqlite3.Connection, filters: Filters) -> dict[str, list[str]]:
    """The facet values each filter stands for: names resolved to registry ids (small tables), a
    directive as cited (21-KL/TW) to the keys of every term it names."""
    register_functions(conn)
    given = {"directive": filters.directive, "locality": filters.locality, "person": filters.person,
             "event_type": filters.event_type}
    out = {}
    for facet, value in given.items():
        if not value:
            continue
        if facet == "directive":
            out[facet] = [r[0] for r in conn.execute("SELECT key FROM directives WHERE key = ? OR id = ?", (value,) * 2)]
        elif facet == "event_type":
            out[facet] = [value]
        else:
            out[facet] = _ids(conn, "localities" if facet == "locality" else "persons", value)
    return out


def _dates(filters: Filters) -> tuple[list[str], list[Any]]:
    """The date filters as WHERE clauses on articles a, and their parameters."""
    where, params = [], []
    if filters.since:
        where.append("a.published >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("substr(a.published, 1, 10) <= ?")
        params.append(filters.until)
    return where, params


def filter_sql(conn: sqlite3.Connection, filters: Filters) -> tuple[str, list[Any]]:
    """WHERE clauses (on articles a) and their parameters, for the lists of articles (views.py): values
    resolved first, then matched on indexed columns; every value is bound, never spliced.

    A value mentioned in few articles is listed once (its article ids); one in many (Hà Nội in a
    million articles) is looked up for each article instead: listing it would cost more.
    """
    where, params = _dates(filters)
    for facet, ids in _resolved(conn, filters).items():
        table, column = FACETS[facet]  # constants: nothing from the user is spliced
        marks = ",".join("?" * len(ids)) or "NULL"
        many = bool(ids) and conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {column} IN ({marks}) LIMIT ?)",
                                          [*ids, MANY]).fetchone()[0] >= MANY
        where.append(f"EXISTS (SELECT 1 FROM {table} m WHERE m.article_id = a.id AND m.{column} IN ({marks}))" if many
                     else f"a.id IN (SELECT article_id FROM {table} WHERE {column} IN ({marks}))")
        params.extend(ids)
    return (" AND " + " AND ".join(where)) if where else "", params


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL functions the queries use: fold(text) is accent- and case-insensitive, đ folded.

    Once per connection: SQLite refuses to redefine a function while one of its statements is open.
    """
    try:
        conn.execute("SELECT fold('')").fetchall()
    except sqlite3.OperationalError:
        conn.create_function("fold", 1, lambda s: fold(s) if s else s, deterministic=True)


def generation(conn: sqlite3.Connection) -> str:
    """Changes whenever ingest writes a batch or the link stage finishes: the key of anything cached.
    (The newest rowid alone misses a page updated in place of the newest article: it gets its rowid.)"""
    newest = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('written', 'link_pending')").fetchall())
    return f"{newest}:{meta.get('written', '')}:{meta.get('link_pending', '')}"


def _path(conn: sqlite3.Connection) -> str:
    return conn.execute("PRAGMA database_list").fetchone()[2]


# --- in-memory arrays: facets and the order of publication -----------------------------------------

@dataclass
class Facet:
    """One facet's mentions: article rowids ascending, value codes beside them, the values, and the
    mentions ordered by value (`by_value`, each value's run starting at `starts[code]`)."""

    rows: np.ndarray
    codes: np.ndarray
    values: list[str]
    code: dict[str, int]
    by_value: np.ndarray
    starts: np.ndarray

    def articles(self, ids: list[str]) -> np.ndarray:
        """The rowids of the articles that mention any of these values."""
        found = [self.code[v] for v in ids if v in self.code]
        return self.rows[self.by_value[_ranges(self.starts[found], self.starts[[c + 1 for c in found]])]]


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The indices start..end-1 of each range, one array: [2, 3, 7] for (2, 4) and (7, 8)."""
    lengths = ends - starts
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


class FacetIndex:
    """Per facet, two arrays (article rowid, value code), and each article's place in the order of
    publication: read from the store the first time a search needs them, once per database generation.

    Counting a facet over 26,000 hits in SQL means 26,000 index probes per fact table (half a second
    on the 2017 corpus); over these arrays it is one mask and one bincount, a few milliseconds.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.size = (conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0) + 1
        self._facets: dict[str, Facet] = {}
        self._newest: np.ndarray | None = None
        self._lock = threading.Lock()

    def load(self, conn: sqlite3.Connection, facets: tuple[str, ...] | list[str], order: bool = False) -> None:
        """Read these facets (and the order of publication) unless already read."""
        with self._lock:
            for name in facets:
                if name not in self._facets:
                    self._facets[name] = self._read(conn, name)
            if order and self._newest is None:
                (joined,) = conn.execute("SELECT group_concat(rowid) FROM (SELECT rowid FROM articles"
                                         " ORDER BY published DESC, rowid DESC)").fetchone()
                rowids = _numbers(joined)
                place = np.full(self.size, len(rowids), dtype=np.int64)  # an article written since: last
                place[rowids[rowids < self.size]] = np.arange(len(rowids))[rowids < self.size]
                self._newest = place

    @staticmethod
    def _read(conn: sqlite3.Connection, name: str) -> Facet:
        table, column = FACETS[name]  # constants: nothing from the user is spliced
        pairs = conn.execute(f"SELECT DISTINCT a.rowid, f.{column} FROM {table} f JOIN articles a ON a.id = f.article_id"
                             f" WHERE f.{column} IS NOT NULL ORDER BY a.rowid").fetchall()
        values = sorted({v for _, v in pairs})
        code = {v: i for i, v in enumerate(values)}
        codes = np.fromiter((code[v] for _, v in pairs), np.int64, len(pairs))
        by_value = np.argsort(codes, kind="stable")
        return Facet(np.fromiter((r for r, _ in pairs), np.int64, len(pairs)), codes, values, code, by_value,
                     np.searchsorted(codes[by_value], np.arange(len(values) + 1)))

    def allowed(self, conn: sqlite3.Connection, filters: Filters) -> np.ndarray | None:
        """Which articles (a mask by rowid) the filters let through; None without filters. Facet values
        come from the arrays (`load` them first); dates from the articles' index, read as one string."""
        masks = []
        for facet, ids in _resolved(conn, filters).items():
            mask = np.zeros(self.size, dtype=bool)
            mask[self._facets[facet].articles(ids)] = True
            masks.append(mask)
        where, params = _dates(filters)
        if where:
            (joined,) = conn.execute(f"SELECT group_concat(a.rowid) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()
            mask = np.zeros(self.size, dtype=bool)
            dated = _numbers(joined)
            mask[dated[dated < self.size]] = True
            masks.append(mask)
        return np.logical_and.reduce(masks) if masks else None

    def count(self, rowids: np.ndarray, size: int) -> dict[str, list[dict[str, Any]]]:
        """The `size` values carried by most of these articles (rowids ascending), per facet (ties in value
        order). An article written since the arrays were read is left out."""
        mask = None
        out = {}
        for name in FACETS:
            facet = self._facets[name]
            if len(rowids) * FEW < len(facet.rows):  # few articles: their mentions, found by rowid
                codes = facet.codes[_ranges(np.searchsorted(facet.rows, rowids), np.searchsorted(facet.rows, rowids, "right"))]
            else:  # many: every mention, kept or not by a mask
                if mask is None:
                    mask = np.zeros(self.size, dtype=bool)
                    mask[rowids[rowids < self.size]] = True
                codes = facet.codes[mask[facet.rows]]
            counts = np.bincount(codes, minlength=len(facet.values))
            top = np.argsort(-counts, kind="stable")[:size]
            out[name] = [{"value": facet.values[i], "articles": int(counts[i])} for i in top if counts[i]]
        return out

    def newest(self, rowids: np.ndarray, wanted: int) -> list[int]:
        """The `wanted` most recently published of these articles, newest first (undated last)."""
        place = self._newest[np.minimum(rowids, self.size - 1)]
        place[rowids >= self.size] = len(self._newest)
        first = np.argpartition(place, wanted - 1)[:wanted] if wanted < len(rowids) else np.arange(len(rowids))
        return rowids[first[np.argsort(place[first], kind="stable")]].tolist()


_facet_indexes: dict[str, tuple[str, FacetIndex]] = {}
_facet_lock = threading.Lock()


def facet_index(conn: sqlite3.Connection) -> FacetIndex:
    """The in-memory arrays of this connection's database as it is now (shared by every thread)."""
    path, current = _path(conn), generation(conn)
    with _facet_lock:
        cached = _facet_indexes.get(path)
        if cached is None or cached[0] != current:
            cached = _facet_indexes[path] = (current, FacetIndex(conn))
    return cached[1]


def warm(conn: sqlite3.Connection) -> None:
    """Read every array a results page may need, so that the first reader does not wait for it."""
    facet_index(conn).load(conn, list(FACETS), order=True)


def _numbers(joined: str | None) -> np.ndarray:
    """The integers of SQLite's group_concat, comma-separated."""
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)


# --- ranking ------------------------------------------------------------------------------------

class _Frequencies:
    """How many articles hold each phrase, per database, kept by the process for pw_bm25.

    Counting a phrase reads its whole doclist, tens of milliseconds for a common word in a million
    articles; FTS5's bm25() does it on every query. A count is reused while the store is within 5% of
    its size when counted (scaled to the size now), and counted again after.
    """

    DRIFT = 0.05
    KEPT = 100_000  # phrases per process, then the cache starts over

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str], tuple[int, int]] = {}

    def __call__(self, conn: sqlite3.Connection, phrases: list[str], size: int) -> list[int]:
        path = _path(conn)
        out = []
        for phrase in phrases:
            with self._lock:
                count, then = self._counts.get((path, phrase), (0, 0))
            if not then or abs(size - then) > self.DRIFT * then:  # never counted, or the store has changed
                count, then = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (phrase,)).fetchone()[0], size
                with self._lock:
                    if len(self._counts) >= self.KEPT:
                        self._counts.clear()
                    self._counts[(path, phrase)] = (count, then)
            out.append(round(count * size / then) if then else count)
        return out


_frequencies = _Frequencies()


def _ranking(conn: sqlite3.Connection, query: Query) -> tuple[str, list[int]]:
    """pw_bm25 for the query (SQL) and the document frequencies it binds: each phrase's (0 for one
    excluded: no match holds it), then each pair of neighbours' (query.neighbours)."""
    size = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    wanted = [p.fts() for p, excluded in zip(query.phrases, query.excluded) if not excluded]
    wanted += [f"{a.fts()} + {b.fts()}" for a, b in query.neighbours]
    counted = iter(_frequencies(conn, wanted, size))
    frequencies = [0 if excluded else next(counted) for excluded in query.excluded] + list(counted)
    weights = ", ".join(map(str, WEIGHTS))
    return f"pw_bm25(articles_fts, {weights}{', ?' * len(frequencies)})", frequencies


SEEK = 30  # scoring one article found by its rowid costs about as much as scoring 30 met in a scan


def _best(conn: sqlite3.Connection, query: Query, everything: np.ndarray, chosen: np.ndarray, wanted: int,
          scores: np.ndarray | None = None) -> list[tuple[int, float | None]]:
    """(rowid, score) of the first `wanted` of `chosen` (the matches the filters pass; rowids ascending)
    in relevance order: the ranked pool, best first, then the older matches, newest first (no score).

    pw_bm25 must score every match it orders (under a microsecond each): a word in most of a million
    articles would take most of a second. So the pool is the matches among the newest POOL of
    `everything` (by rowid: the order of ingest), or, when the filters leave fewer than FLOOR there,
    the newest FLOOR that pass. The order never depends on `wanted`: a page, the next one and a CSV
    of the best thousand agree. `scores` (of `everything`, when `_scored` found them all at once) are
    taken as they are; else the pool is scored in a scan of the newest matches or, when the filters
    leave few among many, each looked up by its rowid, whichever reads less.
    """
    if not len(chosen):
        return []
    pool = chosen[chosen >= everything[-min(POOL, len(everything))]]
    if len(pool) < FLOOR:
        pool = chosen[-FLOOR:]
    ranked = min(wanted, len(pool))
    if scores is not None:
        pooled = scores[np.searchsorted(everything, pool)]
        order = np.lexsort((-pool, -pooled))[:ranked]  # score, then the newest, first: as the SQL below orders
        best = [(int(r), float(v)) for r, v in zip(pool[order], pooled[order])]
    else:
        best = _pool_scored(conn, query, everything, pool, ranked)
    older = chosen[:len(chosen) - len(pool)][::-1][:wanted - ranked]
    return best + [(int(r), None) for r in older]


def _pool_scored(conn: sqlite3.Connection, query: Query, everything: np.ndarray, pool: np.ndarray,
                 ranked: int) -> list[tuple[int, float]]:
    """The `ranked` best of the pool by pw_bm25, in SQL (see _best)."""
    scanned = len(everything) - int(np.searchsorted(everything, pool[0]))
    score, frequencies = _ranking(conn, query)
    base = f"SELECT rowid, -{score} AS score FROM articles_fts WHERE articles_fts MATCH ?"
    if len(pool) * SEEK < scanned and not query.prefixes:  # a prefix is set up again for each rowid: see _among
        return _run(conn, base + " AND rowid IN (SELECT value FROM json_each(?)) ORDER BY score DESC, rowid DESC LIMIT ?",
                    [*frequencies, query.expression, orjson.dumps(pool.tolist()).decode(), ranked])
    if len(pool) == scanned:
        return _run(conn, base + " AND rowid >= ? ORDER BY score DESC, rowid DESC LIMIT ?",
                    [*frequencies, query.expression, int(pool[0]), ranked])
    keep = set(pool.tolist())
    return [r for r in _run(conn, base + " AND rowid >= ? ORDER BY score DESC, rowid DESC",
                            [*frequencies, query.expression, int(pool[0])]) if r[0] in keep][:ranked]


def _bound(conn: sqlite3.Connection, query: Query) -> int:
    """At most how many articles the query matches, from its phrases' document frequencies (kept by the
    process): a phrase's count, the fewest of what must all be there, the sum of alternatives."""
    size = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
    wanted = [p for p, excluded in zip(query.phrases, query.excluded) if not excluded]
    counts = dict(zip((p.fts() for p in wanted), _frequencies(conn, [p.fts() for p in wanted], size)))

    def most(node: Node) -> int:
        if isinstance(node, Phrase):
            return counts[node.fts()]
        if isinstance(node, Either):
            return sum(map(most, node.options))
        return min(map(most, node.needed))
    return most(query.tree)


def _scored(conn: sqlite3.Connection, query: Query) -> tuple[np.ndarray, np.ndarray]:
    """Every match with its pw_bm25 score, rowids ascending: one reading of the index where a count,
    then a ranking, would read it twice (a phrase of common syllables costs most of its time there)."""
    score, frequencies = _ranking(conn, query)
    rows = _run(conn, f"SELECT rowid, -{score} FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid",
                [*frequencies, query.expression])
    return np.fromiter((r for r, _ in rows), np.int64, len(rows)), np.fromiter((v for _, v in rows), np.float64, len(rows))


def _run(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[Any]:
    """Rows as plain tuples: five times cheaper than sqlite3.Row for the thousands of a ranking."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params).fetchall()


def _check_prefixes(conn: sqlite3.Connection, query: Query) -> None:
    """Refuse a query whose words ending in * stand for words held PREFIX_POSTINGS times or more: FTS5
    merges the position lists of every word a prefix stands for on each statement (no interrupt reaches
    it), which is what took 22 one-letter prefixes 54.7 s on 35,000 articles. The words are counted in
    the index's vocabulary, one at a time, stopping as soon as the limit is passed."""
    if not query.prefixes:
        return
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pw_vocabulary USING fts5vocab(main, articles_fts, 'row')")
    held = 0
    for word in query.prefixes:
        start = key(word.text)  # as the pw tokenizer writes it: lower case, one tone placement
        for (articles,) in conn.execute("SELECT doc FROM temp.pw_vocabulary WHERE term >= ? AND term < ?",
                                        (start, start + "\U0010ffff")):
            held += articles
            if held > PREFIX_POSTINGS:
                raise QueryError("query_wide_prefix", prefix=word.text + "*", most=f"{PREFIX_POSTINGS:,}")


def _matches(conn: sqlite3.Connection, query: Query) -> np.ndarray:
    """The rowids of every match, ascending, as one string parsed by numpy: a million rows fetched one
    by one would take five times as long (240 ms against 50)."""
    (joined,) = _run(conn, "SELECT group_concat(rowid) FROM articles_fts WHERE articles_fts MATCH ?", [query.expression])[0]
    return _numbers(joined)


# --- the search ---------------------------------------------------------------------------------

@contextmanager
def _budget(conn: sqlite3.Connection, seconds: float) -> Iterator[None]:
    """SQLite interrupts the connection's statements past `seconds` from now: a SearchTimeout."""
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: time.monotonic() > deadline, PROGRESS_STEPS)
    try:
        yield
    except sqlite3.OperationalError as exc:  # "interrupted", or a statement FTS5 ran inside another one failing so
        if "interrupt" in str(exc) or time.monotonic() > deadline:
            raise SearchTimeout("query_budget", seconds=f"{seconds:g}") from exc
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _among(query: Query, rowids: list[int]) -> tuple[str, list[int]]:
    """SQL (and its parameters) keeping the rows of these rowids in an FTS5 MATCH. SQLite hands FTS5 a
    list one rowid at a time and FTS5 sets the query up for each: cheap for words, but for a prefix a
    merge of every word it stands for, each time. So a prefix's rows are found in one scan of the
    rowids' range, the list checked by SQLite (the unary + keeps it from FTS5)."""
    marks = ",".join("?" * len(rowids))
    if query.prefixes:
        return f"articles_fts.rowid BETWEEN ? AND ? AND +articles_fts.rowid IN ({marks})", [min(rowids), max(rowids), *rowids]
    return f"articles_fts.rowid IN ({marks})", rowids


def _hits(conn: sqlite3.Connection, query: Query, ranked: list[tuple[int, float | None]], limit: int,
          offset: int) -> list[Hit]:
    """The page `offset:offset+limit` of `ranked`, each hit with its snippet: the body around the
    matched phrases, those marked (FTS5's snippet marks the instances of the expression's phrases)."""
    page = ranked[offset:offset + limit]
    if not page:
        return []
    among, rowids = _among(query, [rowid for rowid, _ in page])
    rows = {r["rowid"]: r for r in conn.execute(
        f"SELECT a.rowid, a.id, a.title, a.published, a.outlet, a.url, snippet(articles_fts, 1, '{START}', '{END}', '…', 24) AS snip"
        f" FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ? AND {among}",
        [query.expression, *rowids])}
    hits = []
    for rowid, score in page:
        row = rows[rowid]
        text, spans = _snippet(row["snip"] or "")
        hits.append(Hit(row["id"], row["title"], row["published"], row["outlet"], row["url"], score, text, spans))
    return hits


class _Kept:
    """Results kept by the process, the newest KEPT, each under a key that holds the database's
    generation: they are never served once the database has changed."""

    KEPT = 256

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple, Any] = OrderedDict()

    def __call__(self, key: tuple, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        value = compute()
        with self._lock:
            self._kept[key] = value
            while len(self._kept) > self.KEPT:
                self._kept.popitem(last=False)
        return value

    def peek(self, key: tuple) -> Any | None:
        """What is kept under `key`, or None: never computes."""
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        return None

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()


_pools, _pages = _Kept(), _Kept()


def search(conn: sqlite3.Connection, text: str, filters: Filters | None = None, *, order: Order = "phrase",
           sort: Sort = "relevance", limit: int = 20, offset: int = 0, facets: int = FACET_SIZE,
           budget: float | None = None) -> Results:
    """The articles `text` asks for (query.py's rules, read in `order`) that the filters pass: how many,
    the page `offset:offset+limit` best first (`sort="relevance"`) or newest first (`"date"`), and the
    `facets` most frequent values of each facet over all of them (0: none).

    Raises QueryError for a query that cannot be searched (400) and SearchTimeout past the budget
    (BUDGET seconds unless `budget` says otherwise; 503).
    """
    query, filters, key = _keyed(conn, text, filters, order, sort, limit, offset, facets)
    register_functions(conn)
    depth = key[-1]
    index = facet_index(conn)
    index.load(conn, [*(FACETS if facets else ()), *_resolved(conn, filters)], order=sort == "date")

    def compute() -> tuple[int, list[tuple[int, float | None]], dict[str, Any]]:
        _check_prefixes(conn, query)
        scores = None
        if sort == "relevance" and _bound(conn, query) <= POOL:  # every match ranked: counted and scored at once
            everything, scores = _scored(conn, query)
        else:
            everything = _matches(conn, query)
        matches = everything
        allowed = index.allowed(conn, filters)
        if allowed is not None:
            matches = matches[matches < len(allowed)]
            matches = matches[allowed[matches]]
        if sort == "date":
            ranked: list[tuple[int, float | None]] = [(r, None) for r in index.newest(matches, depth)]
        else:
            ranked = _best(conn, query, everything, matches, depth, scores)
        return len(matches), ranked, index.count(matches, facets) if facets else {}

    with _budget(conn, BUDGET if budget is None else budget):
        total, ranked, counted = _pools(key, compute)
        hits = _pages((*key, limit, offset), lambda: _hits(conn, query, ranked, limit, offset))
    return Results(query, sort, total, hits, counted)


def _keyed(conn: sqlite3.Connection, text: str, filters: Filters | None, order: Order, sort: Sort, limit: int, offset: int,
           facets: int) -> tuple[Query, Filters, tuple]:
    """The query read, the filters, and the key its results are kept under (QueryError for one that cannot be searched)."""
    query = parse(text, order)
    if sort not in SORTS:
        raise QueryError("query_sort", sort=sort)
    filters = filters or Filters()
    depth = DEPTH * math.ceil((limit + offset) / DEPTH)
    return query, filters, (_path(conn), generation(conn), query.expression, tuple(vars(filters).values()), sort, facets, depth)


def kept(conn: sqlite3.Connection, text: str, filters: Filters | None = None, *, order: Order = "phrase",
         sort: Sort = "relevance", limit: int = 20, offset: int = 0, facets: int = FACET_SIZE) -> Results | None:
    """`search`'s answer when the process keeps it (a repeated search, a page gone back to), else None: what
    a server answers at once, without a worker thread. A query that cannot be searched raises QueryError here."""
    query, _, key = _keyed(conn, text, filters, order, sort, limit, offset, facets)
    pools, hits = _pools.peek(key), _pages.peek((*key, limit, offset))
    if pools is None or hits is None:
        return None
    total, _, counted = pools
    return Results(query, sort, total, hits, counted)


_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


async def in_worker(connection: Callable[[], sqlite3.Connection], text: str, filters: Filters | None = None,
                    **options: Any) -> Results:
    """`search` in a worker thread, at most WORKERS at once per event loop (a server process): the loop
    serves other requests meanwhile (SQLite lets go of Python's lock while it works), and a search that
    runs to its budget holds only its own thread. A search the process keeps, or a query that cannot be
    searched, is answered on the loop at once: a thread's hop costs more than it (334 → 493 requests a
    second flat out, benchmarks/results/load_heavy.md). `connection` gives the calling thread's connection."""
    import anyio

    answered = kept(connection(), text, filters, **{k: v for k, v in options.items() if k != "budget"})
    if answered is not None:
        return answered
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop) or _limiters.setdefault(loop, anyio.CapacityLimiter(WORKERS))
    return await anyio.to_thread.run_sync(lambda: search(connection(), text, filters, **options), limiter=limiter)
