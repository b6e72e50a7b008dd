"""Learn the word pairs too common to tell stories apart, from a corpus of news (JSON Lines with `text`).

    python scripts/learn_common_pairs.py ../shared/data/corpus/baomoi-2017.jsonl.gz > src/presswatch/lexicon/common_pairs.txt

A pair in more than 1% of all articles ("cho biết", "có thể"), or in more than 3% of the
party-building ones ("xây dựng Đảng", "đảng viên suy thoái"), is shared by unrelated stories;
story clustering (presswatch.link.stories) leaves them out of its MinHash sets.
"""

from __future__ import annotations

import gzip
import sys
from collections import Counter

import orjson

from presswatch import lexicon
from presswatch.link.stories import pairs
from presswatch.text import match_form

ALL_SHARE, GENRE_SHARE = 0.01, 0.03
GENRE = lexicon.phrases("party_vocabulary.txt")


def main(path: str) -> None:
    everywhere: Counter[str] = Counter()
    in_genre: Counter[str] = Counter()
    total = genre = 0
    with gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb") as handle:
        for line in handle:
            text = orjson.loads(line)["text"]
            found = pairs(text, common=frozenset())
            everywhere.update(found)
            total += 1
            if len(GENRE.findall(match_form(text.lower()))) >= 3:
                in_genre.update(found)
                genre += 1
    common = {p for p, n in everywhere.items() if n / total > ALL_SHARE}
    common |= {p for p, n in in_genre.items() if n / genre > GENRE_SHARE}
    print(f"# Word pairs (accents folded) in more than {ALL_SHARE:.0%} of the {total:,} articles of {path.rsplit('/', 1)[-1]},")
    print(f"# or in more than {GENRE_SHARE:.0%} of its {genre:,} party-building ones; written by scripts/learn_common_pairs.py.")
    print("# Story clustering ignores them.")
    for pair in sorted(common, key=lambda p: (-everywhere[p], p)):
        print(pair)


if __name__ == "__main__":
    main(sys.argv[1])
