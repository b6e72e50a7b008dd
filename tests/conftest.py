"""Shared helpers: building small articles of the genre, finding facts, and the real corpus.

Every sentence used in the extractor tests is quoted verbatim from the 2017 baomoi corpus
(../shared/data/corpus/baomoi-2017.jsonl.gz), never from the five dev articles and never from
the frozen test split of tests/gold/test; tests/test_provenance.py checks this.
"""

from __future__ import annotations

import gzip
import json
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from presswatch import extract_text
from presswatch.model import Article
from presswatch.text import key

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
CORPUS_DIR = SHARED / "data" / "corpus"
CORPUS_2017 = CORPUS_DIR / "baomoi-2017.jsonl.gz"
DEV_DIR = SHARED / "data" / "dev"
GOLD_DIR = Path(__file__).parent / "gold"
GOLD_TEST_DIR = GOLD_DIR / "test"  # frozen: its figures are reported, its articles never quoted
CORPORA = ("baomoi-2017.jsonl.gz", "trends-2024.jsonl.gz", "baomoi-2013.jsonl.gz")


# --- the corpus --------------------------------------------------------------------------------

@cache
def _corpus_articles(corpus: str, ids: frozenset[str]) -> dict[str, dict[str, Any]]:
    path = CORPUS_DIR / corpus
    found: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return found
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not any(i in line[:200] for i in ids):  # cheap filter: the id comes first
                continue
            obj = json.loads(line)
            if obj.get("id") in ids:
                found[obj["id"]] = obj
                if len(found) == len(ids):
                    break
    return found


def corpus_articles(ids: list[str] | set[str], corpus: str = "baomoi-2017.jsonl.gz") -> dict[str, dict[str, Any]]:
    """The corpus records with these ids ({} when the corpus file is absent)."""
    return _corpus_articles(corpus, frozenset(ids))


def corpus_article(article_id: str, corpus: str = "baomoi-2017.jsonl.gz") -> dict[str, Any] | None:
    """One corpus record (id, title, text) by id, or None when the corpus or the id is absent."""
    return corpus_articles({article_id}, corpus).get(article_id)


# --- building articles -------------------------------------------------------------------------

def page(title: str, *paragraphs: str, dateline: str | None = None, banner: str | None = None,
         byline: str | None = None, after: tuple[str, ...] = ()) -> str:
    """A scraped page as plain text: banner, title, dateline, paragraphs, byline, trailing furniture."""
    lines = [x for x in (banner, title, dateline) if x]
    lines += list(paragraphs)
    if byline:
        lines.append(byline)
    lines += list(after)
    return "\n".join(lines) + "\n"


TITLE = "Nâng cao chất lượng sinh hoạt chi bộ"  # a headline of the genre, used where the title does not matter


def article_of(*paragraphs: str, **meta: str) -> Article:
    """Extract from a page made of a fixed title line and these paragraphs."""
    return extract_text(page(TITLE, *paragraphs), **meta)


# --- looking at facts ----------------------------------------------------------------------------

def facts(article: Article, kind: str) -> list[Any]:
    return list(article.facts.get(kind, []))


def names(article: Article, kind: str, attr: str = "name") -> list[str]:
    return [getattr(f, attr) for f in facts(article, kind)]


def same(a: str | None, b: str | None) -> bool:
    """Equal under the scorer's normalization (NFC, tone placement, case, spaces, outer punctuation)."""
    return a is not None and b is not None and key(a) == key(b)


def find(article: Article, kind: str, attr: str, value: str) -> Any | None:
    """The first fact of `kind` whose `attr` equals `value` (normalized), or None."""
    for f in facts(article, kind):
        if same(getattr(f, attr), value):
            return f
    return None


def body_has(article: Article, text: str) -> bool:
    """`text` is in the body (normalized, however the body splits it into lines)."""
    return key(text) in key(" ".join(article.body.split("\n")))


def assert_spans_valid(article: Article) -> None:
    body = article.body
    for kind, found in article.facts.items():
        for fact in found:
            for start, end in fact.spans:
                assert 0 <= start < end <= len(body), (kind, fact, len(body))
                assert body[start:end].strip(), (kind, fact)


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


@pytest.fixture
def write(tmp_path: Path):
    """write(name, data) → path of a file under tmp_path with these bytes or this UTF-8 text."""
    def _write(name: str, data: bytes | str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return path
    return _write
