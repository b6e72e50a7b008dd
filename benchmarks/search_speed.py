"""Search latency on a database of a million articles, built by replicating an ingested corpus.

Step 1 (`build`): copy a database made by `presswatch ingest` (by default the 35,418 baomoi-2017
articles) until it holds --target articles, each copy under new ids, identities and publication
dates spread over 2015-2025, with its citations, people and localities, and indexed in FTS5 as ingest
indexes (the pw tokenizer: every syllable as written and folded). Step 2 (`measure`): run a fixed mix
of queries as the dashboard and the API run them (`serve.search.search`: the exact total, the facets
of every match, a page of 20 ranked hits with snippets) — phrases with and without accents, mixed,
quoted, rare and common words, any order, OR and exclusion, prefixes, filters, newest first — each
several times, and report p50/p95/max per kind and overall, plus bytes per article.

Every timed run starts with the process's kept results dropped: it counts, ranks and cuts snippets
anew (a repeated search, served from what the process keeps, takes well under a millisecond). The
first run of each query is reported apart ("first time"): it reads the query's pages from disk and
counts the documents of its phrases, which the process then keeps. The arrays of the facets and of
the order of publication are read once before ("warm-up", what `presswatch serve` does at start).
Queries the search refuses or stops (issue 14's 22 prefixes, a prefix standing for too much, 500
words, a search past its budget) are timed once each, with what they answered.

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

from presswatch.serve import search as engine  # noqa: E402
from presswatch.serve.search import Filters, QueryError, search  # noqa: E402
from presswatch.store import connect  # noqa: E402

QUERIES = {
    "accent-free": ["chinh don dang", "phong chong tham nhung", "xay dung nong thon moi", "cai cach hanh chinh"],
    "accented": ["chỉnh đốn Đảng", "phòng, chống tham nhũng", "Ban Thường vụ Tỉnh ủy", "đảng viên"],
    "mixed, quoted": ["chinh don Đảng", '"kết luận số"', '"nghị quyết trung ương 4"', '"Đinh La Thăng" "tham nhũng"'],
    "rare": ["Vietlott", "Mỹ An", "xổ số điện toán"],
    "common": ["năm", "Việt Nam", "dang"],
    "any order": [("kỷ luật đảng viên", {"order": "any"}), ("tham nhung dat dai", {"order": "any"})],
    "operators": ["Đà Nẵng OR Quảng Nam", 'tham nhũng -"Đinh La Thăng"', "(Hà Nội OR Hải Phòng) giao thông", "Vietl*"],
    "filtered": [("chinh don dang", {"filters": Filters(since="2020-01-01", until="2020-12-31")}),
                 ("tham nhung", {"filters": Filters(locality="Hà Nội")}),
                 ("nghi quyet", {"filters": Filters(directive="04-NQ/TW")})],
    "newest first": [("tham nhũng", {"sort": "date"}), ("Việt Nam", {"sort": "date"})],
}
REFUSED = [" OR ".join(f"{c}*" for c in "abcdeghiklmnopqrstuvxy"), "ng*", "nguy* OR thanh* OR chi* OR viet*",
           " ".join(["xã"] * 500), " OR ".join(f'"{w}"' for w in ["năm", "người", "Việt Nam", "công", "của", "và"])]
ROUNDS = 5


def build(source: str, db: str, target: int) -> None:
    conn = connect(db)
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
        conn.execute("INSERT INTO articles_fts(rowid, title, body) SELECT rowid, title, body FROM articles WHERE rowid > ?", (last,))
        conn.execute("COMMIT")
        print(f"copy {copy + 1}/{copies}: {conn.execute('SELECT count(*) FROM articles').fetchone()[0]:,} articles,"
              f" {time.perf_counter() - started:.0f} s", flush=True)
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
    for table in ("directives", "localities", "persons"):  # the registry rows the filters join with
        conn.execute(f"INSERT OR IGNORE INTO main.{table} SELECT * FROM src.{table}")
    conn.execute("DETACH DATABASE src")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _fresh() -> None:
    """Drop the results the process keeps: the next search does all its work again."""
    engine._pools.clear()
    engine._pages.clear()


def summary(values: list[float]) -> dict[str, float]:
    values = sorted(values)
    return {"p50_ms": round(statistics.median(values), 1), "p95_ms": round(values[int(0.95 * (len(values) - 1))], 1),
            "max_ms": round(values[-1], 1), "n": len(values)}


def measure(db: str, out: str | None) -> None:
    conn = connect(db, readonly=True)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    started = time.perf_counter()
    engine.warm(conn)
    warm_ms = round((time.perf_counter() - started) * 1000)
    timings: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for kind, queries in QUERIES.items():
        for query in queries:
            text, options = query if isinstance(query, tuple) else (query, {})
            for round_ in range(ROUNDS + 1):
                _fresh()
                begun = time.perf_counter()
                results = search(conn, text, limit=20, **options)
                elapsed = (time.perf_counter() - begun) * 1000
                if round_:
                    timings.setdefault(kind, []).append(elapsed)
                    timings.setdefault("all", []).append(elapsed)
                else:  # the first time: a cold page cache for this query, its phrases' documents to count
                    timings.setdefault("first time", []).append(elapsed)
            totals[f"{text} {options}" if options else text] = results.total
    refused = {}
    for text in REFUSED:
        _fresh()
        begun = time.perf_counter()
        try:
            answer = f"{search(conn, text, limit=20).total} articles"
        except QueryError as exc:
            answer = f"{'503' if isinstance(exc, engine.SearchTimeout) else '400'}: {exc}"
        refused[text if len(text) < 80 else text[:77] + "..."] = {"ms": round((time.perf_counter() - begun) * 1000, 1),
                                                                   "answer": answer}
    size = pathlib.Path(db).stat().st_size
    result = {"machine": describe(), "db": db, "articles": articles, "bytes_per_article": round(size / articles),
              "database_bytes": size, "budget_s": engine.BUDGET, "warm_up_ms": warm_ms,
              "latency": {k: summary(v) for k, v in timings.items()}, "refused": refused, "totals": totals}
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
