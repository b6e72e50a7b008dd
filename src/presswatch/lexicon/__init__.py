"""Lexicons of the genre, kept as data files beside this module so they can grow without code.

Each `.txt` file is one entry a line; each `.tsv` file is tab-separated columns. Lines starting
with `#` are comments. The first column, what is matched, is returned in its match form (see
`presswatch.text`); the other columns are values to display, kept as written.
"""

from __future__ import annotations

import re
from functools import cache

import regex
from importlib import resources

from ..text import match_form, nfc


def _rows(name: str) -> list[list[str]]:
    raw = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    rows = []
    for line in raw.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            cells = [nfc(cell.strip()) for cell in line.split("\t")]
            rows.append([match_form(cells[0]), *cells[1:]])
    return rows


@cache
def words(name: str) -> tuple[str, ...]:
    """A one-column list, longest first (so alternations prefer the longest entry)."""
    return tuple(sorted({row[0] for row in _rows(name)}, key=lambda w: (-len(w), w)))


@cache
def table(name: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(row) for row in _rows(name))


@cache
def mapping(name: str) -> dict[str, tuple[str, ...]]:
    """First column → the other columns."""
    return {row[0]: tuple(row[1:]) for row in _rows(name)}


def alternation(entries: tuple[str, ...] | list[str]) -> str:
    """A regex matching any of the literal entries, the longest where several match: the entries
    folded into a trie ("hội nghị|hội thảo" → "hội\\ (?:nghị|thảo)"), so the engine reads each
    character once instead of trying a hundred entries at every position of the text."""
    trie: dict[str, dict] = {}
    for entry in entries:
        node = trie
        for ch in entry:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) if trie else "(?!)"


def _trie_pattern(node: dict[str, dict]) -> str:
    branches = [re.escape(ch) + _trie_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: a longer entry is tried before this one ends


def phrases(name: str, *, at_start: bool = False) -> regex.Pattern[str]:
    """A pattern matching any entry of lexicon `name` as whole words; `at_start`: only at the start."""
    edge = "^" if at_start else r"(?<![\p{L}])"
    return regex.compile(rf"{edge}(?:{alternation(words(name))})(?![\p{{L}}])")


TERMS = {row[0]: (int(row[1]), int(row[2])) for row in table("terms.tsv")}  # party term → its first and next congress year


def term_of_year(year: int) -> str | None:
    """The party term (khóa) a year falls in."""
    return next((term for term, (first, last) in TERMS.items() if first <= year < last), None)
