#!/usr/bin/env python3
"""Bring gold statements to the guidelines' unit: one record per sentence, two only where one
sentence holds clauses of different types (../shared/eval/GUIDELINES.md, statements). Records of
one type and speaker whose keys stand in the same sentence are folded into the first. The first
annotation round split some ";"-lists inside a sentence per item; this undoes that, and nothing else.

    python scripts/gold_one_statement_a_sentence.py tests/gold/*/
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from presswatch.evaluate import load_gold, norm

SENTENCE = re.compile(r"(?<=[.!?…])[\"”]?\s+|\n")


def sentence_of(sentences: list[str], key: str) -> int:
    k = norm(key)
    return next((i for i, s in enumerate(sentences) if k in s), -1)


def fold(gold: dict, text: str) -> int:
    sentences = [norm(s) for s in SENTENCE.split(text)]
    kept, seen = [], set()
    for st in gold["statements"]:
        i = sentence_of(sentences, st["key"])
        group = (i, st["type"], norm(st["speaker"] or ""))
        if i >= 0 and group in seen:
            continue
        seen.add(group)
        kept.append(st)
    folded = len(gold["statements"]) - len(kept)
    gold["statements"] = kept
    return folded


def main() -> None:
    total = 0
    for folder in sys.argv[1:]:
        texts = {g["file"]: text for g, text in load_gold(Path(folder), Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus")}
        for path in sorted(Path(folder).glob("*.gold.json")):
            gold = json.loads(path.read_text(encoding="utf-8"))
            n = fold(gold, texts[gold["file"]])
            if n:
                total += n
                path.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{total} statements folded into the one before them in their sentence")


if __name__ == "__main__":
    main()
