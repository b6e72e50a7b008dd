"""Where the test sentences come from: the shared corpora, verbatim; never the dev or test-split articles.

A test written on a dev article (../shared/data/dev) fits the extractor to the five articles it
is tuned on, and one written on an article of the frozen test split (tests/gold/test) leaks it.
"""

from __future__ import annotations

import ast
import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest

from conftest import CORPORA, CORPUS_2017, CORPUS_DIR, DEV_DIR, GOLD_TEST_DIR, corpus_articles

TESTS = Path(__file__).parent
# Files whose long literals are quoted from the corpus.
QUOTING = sorted(TESTS.glob("test_extract_*.py")) + [TESTS / "test_clean.py"]
# Sentences of the genre written for the tests, where the corpus has no example of the documented form.
OWN = {
    "Sáng 16/6, Ban Chỉ đạo Tây Bắc tổ chức hội nghị triển khai quy hoạch vùng đến năm 2030.",
    "Năm 2016, Đảng bộ huyện kết nạp 215 đảng viên/200 chỉ tiêu (tỷ lệ đạt 107,5%), vượt kế hoạch đề ra.",
    "Năm 2016, toàn Đảng bộ xã kết nạp 12 đảng viên/10 chỉ tiêu (tỷ lệ đạt 120%).",
    "- Triển khai thực hiện nghiêm túc Quy định số 69 - QĐ / TW, ngày 13/02/2017 của Ban Bí thư về chức năng, "
    "nhiệm vụ, quyền hạn, tổ chức bộ máy của đảng ủy cấp trên cơ sở trong doanh nghiệp nhà nước và doanh nghiệp có "
    "vốn nhà nước chi phối.",
}
MIN_QUOTE = 50  # shorter literals are names, phrases and expected values


def _space(text: str) -> str:
    return " ".join(text.split())


def _literals(path: Path) -> list[str]:
    """Long string constants of a test file, without docstrings and xfail/skip reasons."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node, clean=False):
            skip.add(ast.get_docstring(node, clean=False))
        if isinstance(node, ast.keyword) and node.arg == "reason" and isinstance(node.value, ast.Constant):
            skip.add(node.value.value)
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= MIN_QUOTE
            and node.value not in skip]


def quotes() -> list[str]:
    return sorted({q for path in QUOTING if path.exists() for q in _literals(path) if q not in OWN})


def _dev_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(DEV_DIR.glob("*.txt"))] if DEV_DIR.is_dir() else []


def _dev_gold() -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV_DIR.glob("*.gold.json"))] if DEV_DIR.is_dir() else []


@cache
def _held_out_texts() -> tuple[str, ...]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in GOLD_TEST_DIR.glob("*.gold.json")]
    corpora = {g["corpus"] for g in golds}
    return tuple(_space(r["text"]) for c in corpora
                 for r in corpus_articles({g["corpus_id"] for g in golds if g["corpus"] == c}, c).values())


def _test_sources() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(TESTS.glob("*.py")) if p.name != Path(__file__).name)


def _not_in_corpus(quotes: list[str]) -> set[str]:
    """The quotes that no article text of the corpora holds (whitespace runs compared as one space)."""
    # Fast pass on the raw JSON lines (text as written, JSON-escaped); a quote missed there (e.g. over a
    # double space) is looked for again in the parsed, space-normalized texts.
    escaped = {json.dumps(_space(q), ensure_ascii=False)[1:-1]: _space(q) for q in quotes}
    missing = set(escaped)
    for corpus in CORPORA:
        with gzip.open(CORPUS_DIR / corpus, "rt", encoding="utf-8") as handle:
            for line in handle:
                missing -= {q for q in missing if q in line}
                if not missing:
                    return set()
    missing = {escaped[q] for q in missing}
    for corpus in CORPORA:
        with gzip.open(CORPUS_DIR / corpus, "rt", encoding="utf-8") as handle:
            for line in handle:
                text = _space(json.loads(line)["text"])
                missing -= {q for q in missing if q in text}
                if not missing:
                    return set()
    return missing


@pytest.mark.skipif(not CORPUS_2017.exists(), reason="the 2017 corpus is not available")
def test_quoted_sentences_are_verbatim_from_the_corpus():
    found = quotes()
    assert found, "no quotes found: is QUOTING right?"
    missing = _not_in_corpus(found)
    assert not missing, "not in the corpus verbatim:\n" + "\n".join(sorted(missing))


@pytest.mark.skipif(not CORPUS_2017.exists(), reason="the 2017 corpus is not available")
def test_no_quote_from_the_test_split():
    held_out = _held_out_texts()
    leaked = [q for q in quotes() if any(_space(q) in t for t in held_out)]
    assert not leaked, leaked


@pytest.mark.skipif(not DEV_DIR.is_dir(), reason="the dev set is not available")
def test_no_sentence_of_the_dev_articles():
    sources = _space(_test_sources())
    sentences = {s for t in _dev_texts() for s in re.split(r"(?<=[.!?])\s+|\n", t) if len(s.strip()) >= 40}
    used = [s for s in sentences if _space(s) in sources]
    assert not used, used


# Names that are in the dev articles and that the tests have no reason to use. "Hồ Chí Minh" (the
# city, and the fixed expression "tư tưởng Hồ Chí Minh") is everywhere in the genre and is allowed.
ALLOWED = {"hồ chí minh"}


@pytest.mark.skipif(not DEV_DIR.is_dir(), reason="the dev set is not available")
def test_no_name_or_place_of_the_dev_articles():
    from presswatch.text import key

    sources = key(_test_sources())
    found = set()
    for g in _dev_gold():
        values = [p["name"] for p in g["people"]] + [l["name"] for l in g["localities"]] + list(g["authors"])
        found |= {v for v in values if key(v) not in ALLOWED and re.search(rf"(?<!\w){re.escape(key(v))}(?!\w)", sources)}
    assert not found, sorted(found)
