"""Full-text search over the store: FTS5, ranked by BM25, accent-insensitive, đ folded to d.

"chinh don dang" finds "chỉnh đốn Đảng": the index holds text with đ folded and unicode61 strips
the other marks. The ranking is pw_bm25 (store/rank.c): BM25 with the phrases' document frequencies
kept by the process rather than recounted by every query, and a term for each pair of query words
written side by side (a Vietnamese word is several syllables). A query typed with accents ranks the
articles that carry those exact accents first (among the best candidates), then by score. Words are searched as typed; FTS5 syntax (quotes
for phrases, OR, NOT, NEAR, prefix*) is honoured, and a malformed query raises `QueryError` with a
message for the user, never a traceback. `search_with_facets` gives what a results page shows:
the total, the page of hits and the facets (directives, localities, people, event types of all the
matches), the facets counted over in-memory arrays.
"""

from __future__ import annotations

import heapq
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson
import sqlean as sqlite3

from ..store import WEIGHTS, fts_form
from ..text import fold, key, match_form
from .i18n import Problem

_SYNTAX = re.compile(r'["()*:^]|\b(?:AND|OR|NOT|NEAR)\b')
_WORDS = re.compile(r"\w+")
START, END = "\ue000", "\ue001"  # highlight markers: private-use characters no article contains
RERANK_POOL = 200
POOL = 10_000  # matches ranked per query, the newest: under 10 ms
WINDOW = 20_000  # articles first ranked when the phrases' frequencies are unknown
WINDOW_MIN = 1_000
WINDOW_MAX = 250_000  # articles first ranked for a rare phrase of several words: each article costs its words' positions
MANY = 20_000  # mentions of a filter value above which it is checked per match


class QueryError(Problem, ValueError):
    """A query that cannot be searched, told in the reader's language (ui.tsv's query_* keys)."""


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
        raise QueryError("query_empty")
    if _SYNTAX.search(query):
        return query
    phrases = [" ".join(_WORDS.findall(chunk)) for chunk in query.split()]
    phrases = [p for p in phrases if p]
    if not phrases:
        raise QueryError("query_no_words", query=query)
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
    """WHERE clauses (on articles a) and their parameters: values resolved first, then matched on
    indexed columns; every value is bound, never spliced.

    A value mentioned in few articles is listed once (its article ids); one in many (Hà Nội in a
    million articles) is looked up for each match instead: listing it would cost more than the search.
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


def _run(conn: sqlite3.Connection, query: str, sql: str, params: list[Any], plain: bool = False) -> list[Any]:
    """Execute a MATCH query; FTS5's complaints about the user's syntax become a QueryError.

    `plain` rows are tuples, not sqlite3.Row: five times cheaper for the thousands of rows of a ranking.
    """
    cursor = conn.cursor()
    if plain:
        cursor.row_factory = None
    try:
        return cursor.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if not any(word in str(exc) for word in ("locked", "busy", "disk", "no such table")):
            raise QueryError("query_syntax", query=query, detail=str(exc)) from exc
        raise


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
        path = conn.execute("PRAGMA database_list").fetchone()[2]
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
_TOKENS = re.compile(r'"(?:[^"]|"")*"|[()]|[^\s"()]+')


def _phrases(expression: str) -> list[str] | None:
    """The phrases of an FTS5 expression, in FTS5's order, each as an expression of its own; None when
    some are not plain phrases (prefix*, column:, NEAR, ^, +): pw_bm25 then counts them itself."""
    phrases = []
    for token in _TOKENS.findall(expression):
        if token in ("(", ")", "AND", "OR", "NOT"):
            continue
        if token == "NEAR" or not _WORDS.search(token) or (not token.startswith('"') and re.search(r"\W", token)):
            return None
        phrases.append(token if token.startswith('"') else f'"{token}"')
    return phrases


def _pairs(expression: str, phrases: list[str]) -> list[str]:
    """Each phrase followed at once by the next, for pw_bm25's reward of words written together: when the
    expression is phrases one after the other (what a query without operators becomes)."""
    if len(phrases) < 2 or re.search(r'(?:^|[\s)])(?:AND|OR|NOT)(?:$|[\s(])|[()]', re.sub(r'"(?:[^"]|"")*"', " ", expression)):
        return []
    return [f'"{a[1:-1]} {b[1:-1]}"' for a, b in zip(phrases, phrases[1:])]


@dataclass
class _Ranking:
    """pw_bm25 for one expression: its SQL, the document frequencies it binds, the store's size."""

    sql: str
    frequencies: list[int] | None  # the phrases', then their pairs'; None: pw_bm25 counts them, as bm25() does
    phrases: int
    size: int
    multiword: bool  # a phrase of several words: matching it reads every word's positions

    @classmethod
    def of(cls, conn: sqlite3.Connection, expression: str) -> _Ranking:
        size = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        phrases = _phrases(expression)
        frequencies = None
        if phrases is not None:
            frequencies = _frequencies(conn, phrases + _pairs(expression, phrases), size)
        weights = ", ".join(map(str, WEIGHTS))
        return cls(f"pw_bm25(articles_fts, {weights}{', ?' * len(frequencies or [])})", frequencies, len(phrases or []),
                   size, any(len(_WORDS.findall(p)) > 1 for p in phrases or []))

    @property
    def params(self) -> list[int]:
        return self.frequencies or []

    def window(self) -> int:
        """The newest articles that should hold about POOL matches: all of them for rare words, the newest
        WINDOW_MAX for a rare phrase of several common ones (it costs in proportion to the articles read)."""
        if self.frequencies is None:
            return WINDOW
        fewest = min(self.frequencies[:self.phrases], default=0)  # the matches hold every phrase: at most this many
        if fewest > POOL:
            return max(WINDOW_MIN, POOL * self.size // fewest)
        return WINDOW_MAX if self.multiword else self.size


def _passing(conn: sqlite3.Connection, scored: list[tuple[int, float]], where: str, params: list[Any],
             wanted: int) -> list[tuple[int, float]]:
    """The first `wanted` of `scored` (best first) that pass the filters: checked a growing batch at a
    time, so a filter most matches pass (a province) is checked on a few dozen articles, not thousands."""
    out: list[tuple[int, float]] = []
    at, batch = 0, max(4 * wanted, 100)
    while at < len(scored) and len(out) < wanted:
        chunk = scored[at:at + batch]
        ids = orjson.dumps([rowid for rowid, _ in chunk]).decode()
        ok = {r[0] for r in conn.execute(  # CROSS JOIN: SQLite then reads articles by these rowids, in this order
            f"SELECT a.rowid FROM json_each(?) j CROSS JOIN articles a ON a.rowid = j.value WHERE 1{where}", [ids, *params])}
        out.extend(r for r in chunk if r[0] in ok)
        at, batch = at + batch, batch * 4
    return out[:wanted]


def _ranked(conn: sqlite3.Connection, query: str, expression: str, where: str, params: list[Any],
            wanted: int, enough: int) -> list[tuple[int, float]]:
    """(rowid, score) of the `wanted` best matches among the newest ones, best first: about POOL
    matches are ranked, more until `enough` of them pass the filters.

    BM25 must score every match it orders (pw_bm25: under a microsecond each): a word in most of a
    million articles would take most of a second. So the newest articles (by rowid, the order of
    ingest) that should hold POOL matches, judged from the phrases' document frequencies, are ranked
    first; then the next older articles, four times as many each time, until `enough` matches are
    found or the store is exhausted. A rare word is ranked over the whole store at once; a common one
    among its newest POOL matches.
    """
    ranking = _Ranking.of(conn, expression)
    window, high, best = ranking.window(), ranking.size, []
    while True:
        low = max(0, ranking.size - window)
        sql = (f"SELECT rowid, {ranking.sql} AS score FROM articles_fts WHERE articles_fts MATCH ? AND rowid > ? AND rowid <= ?"
               " ORDER BY score" + ("" if where else " LIMIT ?"))
        scored = _run(conn, query, sql, [*ranking.params, expression, low, high, *([] if where else [wanted])], plain=True)
        if where:
            scored = _passing(conn, scored, where, params, wanted)
        best = heapq.nsmallest(wanted, [*best, *scored], key=lambda r: r[1])
        if len(best) >= enough or low == 0:
            return best
        window, high = window * 4, low


EXACT_BATCH = 40  # texts read at a time while looking for the page's exact-accent hits


def _exact_first(conn: sqlite3.Connection, words: list[str], ranked: list[tuple[int, float]], k: int) -> list[tuple[int, float]]:
    """The first `k` of `ranked` (best score first) in the order: most of `words` held exactly, then score.

    Exactly as key() compares: whole words, case and tone placement ignored. Texts are read in score
    order, a batch at a time, and reading stops once `k` articles holding every word are found: those
    are then the first `k` (nothing after them can rank higher), so a page of common words reads a
    few dozen texts rather than the whole pool.
    """
    patterns = [(w, re.compile(rf"(?<!\w){re.escape(w)}(?!\w)")) for w in words]

    def count(text: str) -> int:  # a substring test first: the pattern runs only where the word may be
        return sum(w in text and p.search(text) is not None for w, p in patterns)

    exact: dict[int, int] = {}
    for at in range(0, len(ranked), EXACT_BATCH):
        batch = [r for r, _ in ranked[at:at + EXACT_BATCH]]
        for rowid, text in conn.execute(f"SELECT rowid, coalesce(title, '') || char(10) || body FROM articles"
                                        f" WHERE rowid IN ({','.join('?' * len(batch))})", batch):
            found = count(text.casefold())  # most texts hold the words as typed; the rest get one tone placement
            exact[rowid] = found if found == len(patterns) else count(match_form(text).casefold())
        complete = [r for r in ranked[:at + len(batch)] if exact[r[0]] == len(patterns)]
        if len(complete) >= k:
            return complete[:k]
    return sorted(ranked, key=lambda r: (-exact[r[0]], r[1]))[:k]


def _hits(conn: sqlite3.Connection, query: str, expression: str, ranked: list[tuple[int, float]], limit: int,
          offset: int) -> list[Hit]:
    """The page `offset:offset+limit` of `ranked` (best BM25 first), exact accents first when the query has them."""
    accented = _accented(query)
    score = dict(ranked)
    if accented and ranked:
        ranked = _exact_first(conn, accented, ranked, limit + offset)
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


def _wanted(query: str, limit: int, offset: int) -> int:
    return max(RERANK_POOL, limit + offset) if _accented(query) else limit + offset


def search(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best articles for `query`, BM25 ranked, exact accents first when the query has them."""
    register_functions(conn)
    expression = fts_query(query)
    where, params = filter_sql(conn, filters or Filters())
    ranked = _ranked(conn, query, expression, where, params, _wanted(query, limit, offset), limit + offset)
    return _hits(conn, query, expression, ranked, limit, offset)


def generation(conn: sqlite3.Connection) -> str:
    """Changes whenever ingest writes a batch or the link stage finishes: the key of anything cached.
    (The newest rowid alone misses a page updated in place of the newest article: it gets its rowid.)"""
    newest = conn.execute("SELECT max(rowid) FROM articles").fetchone()[0]
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('written', 'link_pending')").fetchall())
    return f"{newest}:{meta.get('written', '')}:{meta.get('link_pending', '')}"


class FacetIndex:
    """Every facet as two arrays, article rowid and value code, read once per database generation.

    Counting a facet over 26,000 hits in SQL means 26,000 index probes per fact table (half a second
    on the 2017 corpus); over these arrays it is one mask and one bincount, a few milliseconds.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.size = (conn.execute("SELECT max(rowid) FROM articles").fetchone()[0] or 0) + 1
        self.facets: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        self.codes: dict[str, dict[str, int]] = {}
        for name, (table, column) in FACETS.items():  # constants: nothing from the user is spliced
            pairs = conn.execute(f"SELECT DISTINCT a.rowid, f.{column} FROM {table} f JOIN articles a ON a.id = f.article_id"
                                 f" WHERE f.{column} IS NOT NULL").fetchall()
            values = sorted({v for _, v in pairs})
            code = self.codes[name] = {v: i for i, v in enumerate(values)}
            self.facets[name] = (np.fromiter((r for r, _ in pairs), np.int64, len(pairs)),
                                 np.fromiter((code[v] for _, v in pairs), np.int64, len(pairs)), values)

    def allowed(self, conn: sqlite3.Connection, filters: Filters) -> np.ndarray | None:
        """Which articles (a mask by rowid) the filters let through; None without filters. Facet values
        come from the arrays; dates from the articles' index, read as one string."""
        masks = []
        for facet, ids in _resolved(conn, filters).items():
            rows, codes, _ = self.facets[facet]
            mask = np.zeros(self.size, dtype=bool)
            mask[rows[np.isin(codes, [self.codes[facet][v] for v in ids if v in self.codes[facet]])]] = True
            masks.append(mask)
        where, params = _dates(filters)
        if where:
            (joined,) = conn.execute(f"SELECT group_concat(a.rowid) FROM articles a WHERE {' AND '.join(where)}", params).fetchone()
            mask = np.zeros(self.size, dtype=bool)
            dated = _numbers(joined)
            mask[dated[dated < self.size]] = True
            masks.append(mask)
        return np.logical_and.reduce(masks) if masks else None

    def count(self, rowids: list[int] | np.ndarray, size: int) -> dict[str, list[dict[str, Any]]]:
        """The `size` values carried by most of these articles, per facet (ties in value order)."""
        mask = np.zeros(self.size, dtype=bool)
        rowids = np.asarray(rowids, dtype=np.int64)
        mask[rowids[rowids < self.size]] = True  # an article written since the arrays were read is left out
        out = {}
        for name, (rows, codes, values) in self.facets.items():
            counts = np.bincount(codes[mask[rows]], minlength=len(values))
            top = np.argsort(-counts, kind="stable")[:size]
            out[name] = [{"value": values[i], "articles": int(counts[i])} for i in top if counts[i]]
        return out


_facet_indexes: dict[str, tuple[str, FacetIndex]] = {}
_facet_lock = threading.Lock()


def facet_index(conn: sqlite3.Connection) -> FacetIndex:
    """The facet index of this connection's database as it is now (built by one thread, shared by all)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    current = generation(conn)
    with _facet_lock:
        cached = _facet_indexes.get(path)
        if cached is None or cached[0] != current:
            cached = _facet_indexes[path] = (current, FacetIndex(conn))
    return cached[1]


def _matches(conn: sqlite3.Connection, query: str, expression: str) -> np.ndarray:
    """The rowids of every match, as one string parsed by numpy: a million rows fetched one by one
    would take five times as long (240 ms against 50)."""
    (joined,) = _run(conn, query, "SELECT group_concat(rowid) FROM articles_fts WHERE articles_fts MATCH ?", [expression],
                     plain=True)[0]
    return _numbers(joined)


def _numbers(joined: str | None) -> np.ndarray:
    """The integers of SQLite's group_concat, comma-separated."""
    return np.fromstring(joined, dtype=np.int64, sep=",") if joined else np.zeros(0, dtype=np.int64)


SEEK = 30  # scoring one article found by its rowid costs about as much as scoring 30 met in a scan


def _newest_ranked(conn: sqlite3.Connection, query: str, expression: str, everything: np.ndarray, chosen: np.ndarray,
                   wanted: int) -> list[tuple[int, float]]:
    """The `wanted` best of `chosen` (the matches the filters pass; rowids ascending) among the newest
    POOL of `everything` (all the matches), as `_ranked` ranks; when fewer than `wanted` pass there,
    the newest `wanted` that pass. Ranked in a scan of the newest matches, or, when the filters leave
    few among many, by looking each up by its rowid, whichever reads less."""
    if not len(chosen):
        return []
    pool = chosen[chosen >= everything[-min(POOL, len(everything))]]
    if len(pool) < wanted:
        pool = chosen[-wanted:]
    scanned = len(everything) - int(np.searchsorted(everything, pool[0]))
    ranking = _Ranking.of(conn, expression)
    if len(pool) * SEEK < scanned:
        return _run(conn, query, f"SELECT rowid, {ranking.sql} AS score FROM articles_fts WHERE articles_fts MATCH ?"
                    " AND rowid IN (SELECT value FROM json_each(?)) ORDER BY score LIMIT ?",
                    [*ranking.params, expression, orjson.dumps(pool.tolist()).decode(), wanted], plain=True)
    every = len(pool) == scanned
    rows = _run(conn, query, f"SELECT rowid, {ranking.sql} AS score FROM articles_fts WHERE articles_fts MATCH ?"
                f" AND rowid >= ? ORDER BY score{' LIMIT ?' if every else ''}",
                [*ranking.params, expression, int(pool[0]), *([wanted] if every else [])], plain=True)
    if every:
        return rows
    keep = set(pool.tolist())
    return [r for r in rows if r[0] in keep][:wanted]


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


_pools, _pages = _Kept(), _Kept()


def search_with_facets(conn: sqlite3.Connection, query: str, filters: Filters | None = None, limit: int = 20,
                       offset: int = 0, size: int = 8) -> tuple[int, list[Hit], dict[str, Any]]:
    """What a results page shows: how many articles match, the page of hits, and the facets of every match.

    Every match is counted from the index alone (rowids, no scores), the filters are masks over the
    facet arrays, and the page is ranked as `search` ranks it. The total, the facets and the best
    RERANK_POOL (more, in whole pools, for a deep page) are kept, and so is each page: paging through
    results, or coming back to them, then costs one page of snippets or nothing.
    """
    register_functions(conn)
    expression = fts_query(query)
    filters = filters or Filters()
    depth = RERANK_POOL * -(-(limit + offset) // RERANK_POOL)  # whole pools: the pages of one pool share it

    def compute() -> tuple[int, list[tuple[int, float]], dict[str, Any]]:
        index = facet_index(conn)
        everything = matches = _matches(conn, query, expression)
        allowed = index.allowed(conn, filters)
        if allowed is not None:
            matches = matches[matches < len(allowed)]
            matches = matches[allowed[matches]]
        return len(matches), _newest_ranked(conn, query, expression, everything, matches, depth), index.count(matches, size)

    path = conn.execute("PRAGMA database_list").fetchone()[2]
    key = (path, generation(conn), query, tuple(vars(filters).values()), size, depth)
    total, ranked, counted = _pools(key, compute)
    return total, _pages((*key, limit, offset), lambda: _hits(conn, query, expression, ranked, limit, offset)), counted
