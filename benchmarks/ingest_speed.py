"""End-to-end ingest throughput and database size: `presswatch ingest` of a corpus into a fresh database.

Times the whole job (read, clean, extract on N worker processes, store, link) over the 35,440
articles of ../shared/data/corpus/baomoi-2017.jsonl.gz, the link stage separately, then a second
run of the same input (everything unchanged), and reports database bytes per article.

usage: python benchmarks/ingest_speed.py [--corpus FILE] [--workers N] [--db FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402

from presswatch.serve.views import stats  # noqa: E402
from presswatch.store import connect  # noqa: E402
from presswatch.store.ingest import ingest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="../shared/data/corpus/baomoi-2017.jsonl.gz")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--db", help="keep the database here (default: a temporary file)")
    parser.add_argument("--json")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory()
    db = pathlib.Path(args.db or pathlib.Path(tmp.name) / "bench.db")
    db.unlink(missing_ok=True)
    conn = connect(db)
    link_started: list[float] = []
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    summary = ingest([args.corpus], conn, workers=args.workers, on_link=lambda step: link_started.append(time.perf_counter()))
    total = time.perf_counter() - started
    link_seconds = total - (link_started[0] - started) if link_started else 0.0
    started = time.perf_counter()
    again = ingest([args.corpus], conn, workers=args.workers)
    rerun = time.perf_counter() - started
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db.stat().st_size
    articles = summary.new + summary.unchanged + summary.updated + len(summary.failed)
    result = {
        "machine": describe(), "load_1min_before": load_before, "corpus": args.corpus, "workers": args.workers,
        "documents": articles, "new": summary.new, "unchanged": summary.unchanged, "failed": len(summary.failed),
        "seconds_total": round(total, 1), "articles_per_second": round(articles / total, 1),
        "seconds_link": round(link_seconds, 1),
        "articles_per_second_without_link": round(articles / (total - link_seconds), 1),
        "rerun_seconds": round(rerun, 1), "rerun_unchanged": again.unchanged,
        "database_bytes": size, "bytes_per_article": round(size / max(1, summary.new)),
        "counts": stats(conn),
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
