#!/usr/bin/env python3
"""Bring annotators' gold files into tests/gold, each in its split.

An annotator writes ID.a.gold.json (first annotation) or ID.b.gold.json (an independent second
one) in the form of ../shared/eval/GUIDELINES.md, with "file": "ID.txt". Here each gets the corpus
it names ("corpus", "corpus_id", found from the id) and goes to its folder:

- a first annotation of an article already in tests/gold replaces it where it is (a re-check);
- a new one goes to the split its id hashes to (docs/evaluation.md): test 40%, dev 15%, train 45%,
  unless --split names one (articles drawn to grow the train split only);
- a second annotation goes to tests/gold/agreement.

    python scripts/import_annotations.py /tmp/annot/out
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold"
SPLITS = ("train", "dev", "test")
CORPORA = {"magizbox-baomoi-": "baomoi-2017.jsonl.gz", "trends-": "trends-2024.jsonl.gz", "vmds-": "baomoi-2013.jsonl.gz"}


def corpus_of(article_id: str) -> str:
    return next(name for prefix, name in CORPORA.items() if article_id.startswith(prefix))


def split_of(article_id: str) -> str:
    """A fixed split from the id alone, so that it never depends on the order of import."""
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest(), 16) % 100
    return "test" if bucket < 40 else "dev" if bucket < 55 else "train"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("--split", choices=SPLITS, help="put new articles here instead of their hashed split")
    ap.add_argument("--only", type=Path, help="a JSON list of the ids to import (default: every file of SOURCE)")
    args = ap.parse_args()
    only = set(json.loads(args.only.read_text(encoding="utf-8"))) if args.only else None
    where = {p.name.split(".gold.json")[0]: p.parent for s in SPLITS for p in (GOLD / s).glob("*.gold.json")}
    counts: dict[str, int] = {}
    for path in sorted(args.source.glob("*.gold.json")):
        article_id, copy = path.name[: -len(".gold.json")].rsplit(".", 1)
        if only is not None and article_id not in only:
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))
        record = {"corpus": corpus_of(article_id), "corpus_id": article_id, **gold}
        folder = GOLD / "agreement" if copy == "b" else where.get(article_id) or GOLD / (args.split or split_of(article_id))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{article_id}.gold.json").write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        counts[folder.name] = counts.get(folder.name, 0) + 1
    print(counts)


if __name__ == "__main__":
    main()
