"""Story clustering against labelled clusters: pairwise precision and recall of `presswatch ingest`.

Ingests ../shared/data/corpus/baomoi-2013.jsonl.gz (628 articles, 199 labelled stories of 2 to 5
articles from several outlets) into a fresh database, then compares the stories the link stage
found with the labels: a pair of articles is predicted when they share a story, true when they share
a label. Also sweeps the threshold over the stored signatures, to show the trade-off.

usage: python benchmarks/stories.py [--corpus FILE] [--json OUT]
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import pathlib
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from machine import describe  # noqa: E402

from presswatch.link.stories import THRESHOLD, cluster  # noqa: E402
from presswatch.store import connect  # noqa: E402
from presswatch.store.ingest import ingest  # noqa: E402


def pairwise(groups: dict[str, str], labels: dict[str, str]) -> dict[str, float]:
    ids = sorted(labels)
    predicted = {(a, b) for a, b in itertools.combinations(ids, 2) if a in groups and groups.get(a) == groups.get(b)}
    gold = {(a, b) for a, b in itertools.combinations(ids, 2) if labels[a] == labels[b]}
    tp = len(predicted & gold)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(gold) if gold else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "predicted_pairs": len(predicted), "gold_pairs": len(gold)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", default="../shared/data/corpus/baomoi-2013.jsonl.gz")
    parser.add_argument("--json")
    args = parser.parse_args()
    by_source = {json.loads(line)["id"]: json.loads(line)["cluster"] for line in gzip.open(args.corpus)}
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect(pathlib.Path(tmp) / "stories.db")
        ingest([args.corpus], conn, workers=2)
        rows = conn.execute("SELECT id, source_id, story_id, minhash, published FROM articles").fetchall()
    labels = {r["id"]: by_source[r["source_id"]] for r in rows}
    stored = {r["id"]: str(r["story_id"]) for r in rows if r["story_id"] is not None}
    result = {"machine": describe(), "corpus": args.corpus, "articles": len(rows), "labelled_stories": len(set(labels.values())),
              "threshold": THRESHOLD, "ingest": pairwise(stored, labels), "sweep": {}}
    for threshold in (0.04, 0.05, 0.06, 0.08, 0.10, 0.15, 0.2):
        groups = cluster(((r["id"], r["minhash"], r["published"]) for r in rows), threshold)
        result["sweep"][str(threshold)] = pairwise(groups, labels)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
