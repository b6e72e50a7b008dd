"""The baseline presswatch must beat: underthesea's bundled NER, scored by the project's rules.

A user who wants people and places out of Vietnamese news reaches first for underthesea
(``from underthesea import ner``, the offline CRF model, never ``deep=True``).  This script
measures what that gets on the development set, scored with the shared ``score.py`` exactly as
``presswatch extract`` is, and how fast underthesea is on real news text:

* people: every B-PER/I-PER span;
* localities: every B-LOC/I-LOC span, with a leading level word (tỉnh, thành phố, quận, huyện,
  thị xã, phường, xã, thị trấn) moved into ``level``.  To give the baseline every fair chance, a
  level word standing just before a LOC span (tagged O, or tagged LOC on its own) is merged into
  it, and repeated names are reported once (with a level when any mention has one);
* speed: ``word_tokenize`` over whole articles of the 2017 corpus, and the NER pipeline above on
  a smaller subset, single process, timed with ``time.perf_counter``.

usage: python benchmarks/underthesea_baseline.py [--dev DIR] [--corpus FILE] [--limit N]
                                                 [--ner-limit N] [--json OUT]
"""
from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.util
import itertools
import json
import pathlib
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

from machine import cpu_model

import underthesea
from underthesea import ner, sent_tokenize, word_tokenize

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score.py"
DEFAULT_DEV = SHARED / "data" / "dev"
DEFAULT_CORPUS = SHARED / "data" / "corpus" / "baomoi-2017.jsonl.gz"

LEVELS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "quận", "huyện", "phường", "xã")

Span = tuple[str, int, int]  # entity type, first token, one past the last token


def load_scorer(path: pathlib.Path = SCORER) -> ModuleType:
    """Imports the shared scorer (standard library only) from its file."""
    spec = importlib.util.spec_from_file_location("presswatch_eval_score", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entity_spans(tags: list[str]) -> list[Span]:
    """BIO spans; an I- tag that does not continue a span of its type starts a new one."""
    spans: list[Span] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, kind = tag.split("-", 1)
        if prefix == "I" and spans and spans[-1][0] == kind and spans[-1][2] == i:
            spans[-1] = (kind, spans[-1][1], i + 1)
        else:
            spans.append((kind, i, i + 1))
    return spans


def split_level(name: str) -> tuple[str, str | None]:
    """'huyện Điện Bàn' gives ('Điện Bàn', 'huyện'); a name without a level word keeps level None."""
    lowered = name.casefold()
    for level in LEVELS:
        if lowered.startswith(level + " "):
            return name[len(level) + 1:].strip(), level
    return name, None


def is_level(word: str) -> bool:
    return word.casefold() in LEVELS


def sentence_entities(sentence: str) -> tuple[list[str], list[tuple[str, str | None]]]:
    """People names and (locality, level) pairs that underthesea's CRF NER finds in one sentence."""
    tokens = ner(sentence)
    words = [token[0] for token in tokens]
    spans = entity_spans([token[3] for token in tokens])
    people = [" ".join(words[start:end]) for kind, start, end in spans if kind == "PER"]
    localities: list[tuple[str, str | None]] = []
    for kind, start, end in spans:
        if kind != "LOC" or (end - start == 1 and is_level(words[start])):
            continue  # a level word alone is not a place; it is taken as the level of the next span
        name, level = split_level(" ".join(words[start:end]))
        if level is None and start > 0 and is_level(words[start - 1]):
            level = words[start - 1]
        localities.append((name, level.casefold() if level else None))
    return people, localities


def sentences(text: str) -> Iterator[str]:
    for line in text.splitlines():
        if line.strip():
            yield from sent_tokenize(line)


def extract(text: str, norm: Callable[[str], str]) -> dict[str, list[dict[str, Any]]]:
    """People and localities of one article, each reported once (compared under ``norm``)."""
    people: dict[str, str] = {}
    localities: dict[str, dict[str, str | None]] = {}
    for sentence in sentences(text):
        found_people, found_localities = sentence_entities(sentence)
        for name in found_people:
            people.setdefault(norm(name), name)
        for name, level in found_localities:
            entry = localities.setdefault(norm(name), {"name": name, "level": level})
            if entry["level"] is None:
                entry["level"] = level
    return {
        "people": [{"name": name, "positions": []} for name in people.values()],
        "localities": list(localities.values()),
    }


def score_dev(dev: pathlib.Path) -> dict[str, Any]:
    """Runs the baseline over DEV/*.txt and scores it with the shared scorer."""
    scorer = load_scorer()
    articles = sorted(dev.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        output = pathlib.Path(tmp) / "underthesea.jsonl"
        with output.open("w", encoding="utf-8") as out:
            for path in articles:
                record = {"path": str(path), **extract(path.read_text(encoding="utf-8"), scorer.norm)}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        result = scorer.score(dev, output)
    return {"articles": len(articles), "people": result["people"], "localities": result["localities"]}


def read_corpus(path: pathlib.Path, limit: int) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in itertools.islice(lines, limit)]


def time_over(texts: list[str], function: Callable[[str], object]) -> dict[str, float]:
    """Wall-clock throughput of FUNCTION over TEXTS, one after another in this process."""
    start = time.perf_counter()
    for text in texts:
        function(text)
    seconds = time.perf_counter() - start
    return {
        "articles": len(texts),
        "characters": sum(map(len, texts)),
        "seconds": round(seconds, 3),
        "articles_per_second": round(len(texts) / seconds, 2),
    }


def measure_speed(corpus: pathlib.Path, limit: int, ner_limit: int) -> dict[str, Any]:
    texts = read_corpus(corpus, limit)
    ner(texts[0][:200])  # load the models outside the timed runs
    identity: Callable[[str], str] = str
    return {
        "corpus": corpus.name,
        "word_tokenize": time_over(texts, word_tokenize),
        "ner": time_over(texts[:ner_limit], lambda text: extract(text, identity)),
    }




def machine() -> dict[str, str]:
    return {
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
        "underthesea": underthesea.__version__,
        "date": datetime.date.today().isoformat(),
    }


def markdown(results: dict[str, Any]) -> str:
    dev = results["dev"]
    rows = ["| measure | value |", "| --- | --- |"]
    for key in ("people", "localities"):
        m = dev[key]
        rows.append(f"| {key} F1 / P / R (dev, {dev['articles']} articles) "
                    f"| {m['f1']:.3f} / {m['precision']:.3f} / {m['recall']:.3f} |")
    speed = results.get("speed")
    if speed:
        for key, label in (("word_tokenize", "word_tokenize"), ("ner", "ner, sentence by sentence")):
            s = speed[key]
            rows.append(f"| {label} ({s['articles']} articles of {speed['corpus']}) "
                        f"| {s['articles_per_second']:.2f} articles/s ({s['seconds']:.1f} s) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--dev", type=pathlib.Path, default=DEFAULT_DEV, help="gold directory to score on")
    parser.add_argument("--corpus", type=pathlib.Path, default=DEFAULT_CORPUS, help="gzip JSON Lines with 'text'")
    parser.add_argument("--limit", type=int, default=2000, help="articles for word_tokenize timing")
    parser.add_argument("--ner-limit", type=int, default=200, help="articles for ner timing")
    parser.add_argument("--json", type=pathlib.Path, help="also write the numbers and machine info here")
    args = parser.parse_args(argv)

    results: dict[str, Any] = {"machine": machine(), "dev": score_dev(args.dev)}
    if args.corpus.is_file():
        results["speed"] = measure_speed(args.corpus, args.limit, args.ner_limit)
    else:
        print(f"corpus {args.corpus} not found: speed not measured", file=sys.stderr)
    print(markdown(results))
    info = results["machine"]
    print(f"\n{info['cpu']}, {info['platform']}, Python {info['python']}, "
          f"underthesea {info['underthesea']}, {info['date']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
