"""The store stage: one SQLite file (WAL) holding articles, their facts, the registry and full text.

An article is written with all its facts in the transaction of its batch, so a killed ingest leaves
whole articles or none. Identity is the URL when the source gives one, else the body's hash: the same
article twice is one row, and a changed page at a known URL replaces its old version.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import orjson
import sqlean as sqlite3  # the stdlib sqlite3 module over a current SQLite that can load extensions (pw_bm25)

from ..identity import content_hash
from ..model import FACT_KINDS, Article
from ..text import slug

SCHEMA_VERSION = "1"
RELINK_ALL = "all"  # the link_queue kind that asks for a full link (see link/scope.py)
WEIGHTS = (4.0, 1.0)  # search ranking: a word in the title counts four times one in the body
RANK = f"bm25({WEIGHTS[0]}, {WEIGHTS[1]})"  # the index's own rank, for SQL written by hand (datasette)


@dataclass(frozen=True)
class FactTable:
    """Where one kind of fact is stored: its table and the fields of the fact it keeps."""

    table: str
    fields: tuple[str, ...]
    json_fields: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (fact field, column)

    def columns(self) -> tuple[str, ...]:
        names = dict(self.renamed)
        return tuple(names.get(f, f) for f in self.fields)


FACT_TABLES: dict[str, FactTable] = {
    "directives": FactTable("citations", ("id", "type", "issuer", "date", "term", "subject", "alias", "implements"),
                            ("implements",), (("id", "directive"),)),
    "organizations": FactTable("organization_mentions", ("name", "expanded", "kind", "level", "locality")),
    "localities": FactTable("locality_mentions", ("name", "level", "parent")),
    "people": FactTable("person_mentions", ("name", "positions"), ("positions",)),
    "events": FactTable("events", ("type", "date", "chair", "host", "counterpart", "attendees", "directives"),
                        ("attendees", "directives")),
    "statements": FactTable("statements", ("type", "speaker", "addressee", "text")),
    "indicators": FactTable("indicators", ("label", "value", "unit", "target", "percent", "qualifier", "period", "subject")),
}
assert set(FACT_TABLES) == set(FACT_KINDS)


# Columns that hold JSON text, whatever table they are in.
JSON_COLUMNS = frozenset({"authors", "noise", "spans", "positions", "attendees", "directives", "implements", "detail"})


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """A stored row with its JSON columns as lists and dicts."""
    return {k: orjson.loads(v) if k in JSON_COLUMNS and isinstance(v, str) else v for k, v in row.items()}


class StoreError(RuntimeError):
    """The database cannot be used: the message says which file and what to do."""


class StoreBusy(StoreError):
    """Another ingest kept writing to the database longer than this one would wait."""

    exit_status = 75  # sysexits' EX_TEMPFAIL: the same command later will do (an upload answers 503)


class StoreFull(StoreError):
    """The disk filled while writing: the batch was rolled back, what was stored before is kept."""

    exit_status = 74  # sysexits' EX_IOERR: free space, then the same command goes on (an upload answers 507)


@contextmanager
def writer(path: str | Path, *, on_wait: Callable[[str], None] | None = None, wait: float | None = None) -> Iterator[None]:
    """Hold the database's writer lock, an flock on the file PATH.lock beside it, for the whole block.

    Writers (ingests from the command line and the server's uploads, from any process) take turns:
    one that finds the lock held says so through `on_wait` and waits, at most `wait` seconds (None:
    as long as it takes), rather than failing on SQLite's busy timeout while another one links.
    The lock file is never removed: a writer waiting on it would otherwise lock a file nobody else sees.
    """
    lock_path = Path(f"{path}.lock")
    try:
        handle = open(lock_path, "a+b")
    except OSError as exc:
        raise StoreError(f"{path}: cannot open its lock file {lock_path.name} ({exc.strerror}); "
                         "the database's folder must be writable to ingest.") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait(f"another ingest is writing to {path}; waiting…")
            _wait_for(handle, path, wait)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wait_for(handle: Any, path: str | Path, wait: float | None) -> None:
    if wait is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise StoreBusy(f"{path}: another ingest is still writing to it after {wait:g} s; "
                                "run this one again when it is done.") from None
            time.sleep(0.05)


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open (and create, unless `readonly`) a presswatch database."""
    path = Path(path)
    if readonly and not path.exists():
        raise StoreError(f"{path}: no such database. Create it with `presswatch ingest PATH --db {path}`.")
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=10000")
        conn.row_factory = sqlite3.Row
        _load_ranking(conn)
        stale = _stale_index(conn)
        if stale and readonly:
            raise StoreError(f"{path}: its search index was built by an earlier presswatch. Ingest any source into it once "
                             f"(`presswatch ingest SOURCES --db {path}`; sources already stored are not read again): "
                             "that rebuilds the index.")
        if stale:
            _drop_index(conn)
        if not readonly:
            queue_known = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'link_queue'").fetchone() is not None
            conn.executescript(resources.files(__package__).joinpath("schema.sql").read_text(encoding="utf-8"))
            if not queue_known and get_meta(conn, "link_pending") == "1":  # left pending before the queue existed: link all
                queue_link(conn, RELINK_ALL, [""])
            _rebuild_index(conn)
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
            if conn.execute("SELECT 1 FROM articles_fts_config WHERE k = 'rank'").fetchone() is None:
                conn.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', '{RANK}')")
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):  # a foreign program's transaction, not a foreign file
            raise StoreError(f"{path}: another program is writing to it ({exc}); try again when it is done.") from exc
        raise StoreError(f"{path}: not a presswatch database ({exc}). Give another --db file.") from exc
    if version is None or version[0] != SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version[0] if version else 'unknown'}, this presswatch needs {SCHEMA_VERSION}. "
                         "Ingest the sources again into a new --db file.")
    return conn


def _load_ranking(conn: sqlite3.Connection) -> None:
    """Add pw_bm25 and the pw tokenizer (rank.c, built by pip install) to the connection: the index needs both."""
    spec = importlib.util.find_spec(f"{__package__}._rank")
    if spec is None or spec.origin is None:
        raise StoreError("presswatch's ranking extension (store/rank.c) is not built: run `make install`.")
    conn.enable_load_extension(True)
    try:
        conn.load_extension(spec.origin)
    finally:
        conn.enable_load_extension(False)


TOKENIZER = "tokenize='pw'"  # how schema.sql declares articles_fts


def _stale_index(conn: sqlite3.Connection) -> bool:
    """Whether articles_fts predates the pw tokenizer (it held text with đ folded, every mark stripped)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    return row is not None and TOKENIZER not in row[0]


def _drop_index(conn: sqlite3.Connection) -> None:
    """Drop a stale index, leaving a note that it is to be rebuilt: a kill before the rebuild ends is
    finished by the next writable connection."""
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DROP TABLE articles_fts")
    set_meta(conn, "index_pending", "1")
    conn.execute("COMMIT")


def _rebuild_index(conn: sqlite3.Connection) -> None:
    """Index every stored article again (about a minute per 100,000), when a stale index was dropped."""
    if get_meta(conn, "index_pending") is None:
        return
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
    conn.execute("DELETE FROM meta WHERE key = 'index_pending'")
    conn.execute("COMMIT")


def fts_form(text: str | None) -> str:
    """đ folded to d, one letter for one: how a directive id typed by hand is compared (NĐ-CP as ND-CP)."""
    return (text or "").replace("đ", "d").replace("Đ", "D")


def source_hash(data: bytes, meta: dict[str, str]) -> str:
    """What was read, before decoding: the same bytes with the same metadata are skipped unread."""
    digest = hashlib.sha1(data)
    digest.update(orjson.dumps(meta, option=orjson.OPT_SORT_KEYS))
    return digest.hexdigest()


def identity(article: Article) -> tuple[str, str, str]:
    """(article id, identity, content hash): the URL when there is one, else the body's hash."""
    content = content_hash(article)
    url = (article.url or "").strip()
    ident = f"url:{url}" if url else f"sha1:{content}"
    return hashlib.sha1(ident.encode("utf-8")).hexdigest()[:16], ident, content


def record(article: Article, source: str, minhash: bytes | None) -> dict[str, Any]:
    """Everything the store keeps of one article, built where it was extracted (a worker process)."""
    out = article.to_dict()
    out["id"], out["identity"], out["content_hash"] = identity(article)
    out["source_id"] = article.id
    out["source_hash"] = source
    out["minhash"] = minhash
    for kind in FACT_KINDS:
        for fact in out[kind]:
            fact["sentence"] = article.sentence_at(fact["spans"][0][0]) if fact["spans"] else None
    return out


@dataclass
class Outcome:
    article_id: str
    status: str  # new, unchanged, updated


# Where a stored article's facts point into the registry: what the link must recompute once they are gone.
_REGISTRY_KEYS = (
    ("directive", "SELECT directive FROM citations WHERE article_id = ?"),
    ("person", "SELECT person_id FROM person_mentions WHERE article_id = ? AND person_id IS NOT NULL"),
    ("locality", "SELECT locality_id FROM locality_mentions WHERE article_id = ? AND locality_id IS NOT NULL"),
    ("organization", "SELECT organization_id FROM organization_mentions WHERE article_id = ? AND organization_id IS NOT NULL"),
    ("story", "SELECT story_id FROM articles WHERE id = ? AND story_id IS NOT NULL"),
)


def queue_link(conn: sqlite3.Connection, kind: str, keys: Iterable[Any]) -> None:
    """Note registry work for the next link (see link_queue in schema.sql)."""
    conn.executemany("INSERT OR IGNORE INTO link_queue(kind, key) VALUES (?, ?)", [(kind, str(k)) for k in keys])


def _delete_article(conn: sqlite3.Connection, article_id: str) -> None:
    row = conn.execute("SELECT rowid, title, body FROM articles WHERE id = ?", (article_id,)).fetchone()
    if row is None:
        return
    for kind, query in _REGISTRY_KEYS:
        queue_link(conn, kind, (r[0] for r in conn.execute(query, (article_id,))))
    queue_link(conn, "family", {slug(r[0]) for r in conn.execute("SELECT name FROM person_mentions WHERE article_id = ?", (article_id,))})
    conn.execute("INSERT INTO articles_fts(articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)",
                 (row["rowid"], row["title"], row["body"]))
    for spec in FACT_TABLES.values():
        conn.execute(f"DELETE FROM {spec.table} WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


def write(conn: sqlite3.Connection, rec: dict[str, Any]) -> Outcome:
    """Store one record inside the caller's transaction; the same content again changes nothing."""
    existing = conn.execute("SELECT id, content_hash FROM articles WHERE identity = ?", (rec["identity"],)).fetchone()
    conn.execute("INSERT OR IGNORE INTO sources(source_hash, article_id, origin) VALUES (?, ?, ?)",
                 (rec["source_hash"], rec["id"], rec["path"]))
    if existing is not None and existing["content_hash"] == rec["content_hash"]:
        return Outcome(rec["id"], "unchanged")
    status = "new" if existing is None else "updated"
    if existing is not None:
        _delete_article(conn, existing["id"])
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    cur = conn.execute(
        "INSERT INTO articles(id, identity, content_hash, source_id, url, origin, title, published, authors, outlet,"
        " section, body, noise, minhash, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (rec["id"], rec["identity"], rec["content_hash"], rec["source_id"], rec["url"], rec["path"], rec["title"],
         rec["published"], orjson.dumps(rec["authors"]).decode(), rec["outlet"], rec["section"], rec["body"],
         orjson.dumps(rec["noise"]).decode(), rec["minhash"], now))
    conn.execute("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (cur.lastrowid, rec["title"], rec["body"]))
    for kind, spec in FACT_TABLES.items():
        facts = rec[kind]
        if not facts:
            continue
        cols = ("article_id", "seq", "sentence", "spans", *spec.columns())
        rows = [(rec["id"], seq, fact["sentence"], orjson.dumps(fact["spans"]).decode(),
                 *(orjson.dumps(fact[f]).decode() if f in spec.json_fields else fact[f] for f in spec.fields))
                for seq, fact in enumerate(facts)]
        conn.executemany(f"INSERT INTO {spec.table}({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
    queue_link(conn, "article", [rec["id"]])
    return Outcome(rec["id"], status)


def known_source(conn: sqlite3.Connection, source: str) -> bool:
    return conn.execute("SELECT 1 FROM sources WHERE source_hash = ?", (source,)).fetchone() is not None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None
