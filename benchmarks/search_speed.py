"""Search latency on a database of a million articles, built by replicating an ingested corpus.

Step 1 (`build`): copy a database made by `presswatch ingest` (by default the 35,440 baomoi-2017
articles, from benchmarks/ingest_speed.py --db) until it holds --target articles, each copy under
new ids, identities and publication dates spread over 2015-2025, with its citations, people and
localities, and indexed in FTS5 as ingest indexes (đ folded). Step 2 (`measure`): run a fixed mix
of queries (accent-free, accented, phrases, rare and common words, with and without filters),
each several times, and report p50/p95/max per query kind and overall, plus bytes per article.
The first run of each query is reported apart ("first time"): it reads the query's pages from disk
and counts the documents of its phrases and word pairs, which the process then keeps.

usage: python benchmarks/search_speed.py build --from DB --db BIG.db [--target 1000000]
       python benchmarks/search_speed.py measure --db BIG.db [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402

from presswatch.serve.search import Filters, search  # noqa: E402
from presswatch.store import connect, fts_form  # noqa: E402

QUERIES = {
    "accent-free": ["chinh don dang", "phong chong tham nhung", "xay dung nong thon moi", "cai cach hanh chinh"],
    "accented": ["chỉnh đốn Đảng", "phòng, chống tham nhũng", "Ban Thường vụ Tỉnh ủy", "đảng viên"],
    "phrase": ['"kết luận số"', '"nghị quyết trung ương 4"', '"tu dien bien"'],
    "rare": ["Vietlott", "Mỹ An", "xổ số điện toán"],
    "common": ["năm", "Việt Nam", "dang"],
    "filtered": [("chinh don dang", Filters(since="2020-01-01", until="2020-12-31")),
                 ("tham nhung", Filters(locality="Hà Nội")),
                 ("nghi quyet", Filters(directive="04-NQ/TW"))],
}
ROUNDS = 5


def build(source: str, db: str, target: int) -> None:
    conn = connect(db)
    conn.create_function("fts_form", 1, fts_form, deterministic=True)
    conn.execute("ATTACH DATABASE ? AS src", (source,))
    n = conn.execute("SELECT count(*) FROM src.articles").fetchone()[0]
    copies = -(-target // n)
    started = time.perf_counter()
    for copy in range(copies):
        limit = min(n, target - copy * n)
        suffix = f"{copy:04d}"
        last = conn.execute("SELECT coalesce(max(rowid), 0) FROM articles").fetchone()[0]
        conn.execute("BEGIN")
        conn.execute(
            "INSERT INTO articles(id, identity, content_hash, source_id, url, origin, title, published, authors, outlet, section,"
            " body, noise, minhash, story_id, ingested_at)"
            " SELECT substr(id, 1, 12) || ?1, identity || '#' || ?1, content_hash, source_id, url, origin, title,"
            " date('2015-01-01', '+' || ((rowid * 7919 + ?2 * 104729) % 4000) || ' days'), authors, outlet, section,"
            " body, noise, NULL, NULL, ingested_at FROM src.articles ORDER BY rowid LIMIT ?3",
            (suffix, copy, limit))
        for table, columns in (("citations", "directive, type, issuer, date, term, subject, alias, implements, directive_key"),
                               ("locality_mentions", "name, level, parent, locality_id"),
                               ("person_mentions", "name, positions, person_id")):
            conn.execute(f"INSERT INTO {table}(article_id, seq, sentence, spans, {columns})"
                         f" SELECT substr(article_id, 1, 12) || ?1, seq, sentence, spans, {columns} FROM src.{table}"
                         f" WHERE article_id IN (SELECT id FROM src.articles ORDER BY rowid LIMIT ?2)", (suffix, limit))
        conn.execute("INSERT INTO articles_fts(rowid, title, body) SELECT rowid, fts_form(title), fts_form(body)"
                     " FROM articles WHERE rowid > ?", (last,))
        conn.execute("COMMIT")
        print(f"copy {copy + 1}/{copies}: {conn.execute('SELECT count(*) FROM articles').fetchone()[0]:,} articles,"
              f" {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    for table in ("directives", "localities", "persons"):  # the registry rows the filters join with
        conn.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM src.{table}")
    conn.execute("DETACH DATABASE src")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def measure(db: str, out: str | None) -> None:
    conn = connect(db, readonly=True)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    timings: dict[str, list[float]] = {}
    hits: dict[str, int] = {}
    for kind, queries in QUERIES.items():
        for query in queries:
            text, filters = query if isinstance(query, tuple) else (query, None)
            for round_ in range(ROUNDS + 1):
                started = time.perf_counter()
                found = search(conn, text, filters, limit=20)
                elapsed = (time.perf_counter() - started) * 1000
                if round_:
                    timings.setdefault(kind, []).append(elapsed)
                    timings.setdefault("all", []).append(elapsed)
                else:  # the first time: a cold page cache for this query, and its phrases' documents counted
                    timings.setdefault("first time", []).append(elapsed)
            hits[text] = len(found)

    def summary(values: list[float]) -> dict[str, float]:
        values = sorted(values)
        return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
                "max_ms": round(values[-1], 1), "n": len(values)}

    size = pathlib.Path(db).stat().st_size
    result = {"machine": describe(), "db": db, "articles": articles, "bytes_per_article": round(size / articles),
              "database_bytes": size, "latency": {k: summary(v) for k, v in timings.items()}, "hits": hits}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if out:
        pathlib.Path(out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--from", dest="source", required=True)
    b.add_argument("--db", required=True)
    b.add_argument("--target", type=int, default=1_000_000)
    m = sub.add_parser("measure")
    m.add_argument("--db", required=True)
    m.add_argument("--json")
    args = parser.parse_args()
    if args.command == "build":
        build(args.source, args.db, args.target)
    else:
        measure(args.db, args.json)


if __name__ == "__main__":
    main()
