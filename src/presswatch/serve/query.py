"""What a reader typed in the search box, read as one rule for the CLI, the API and the pages.

- **Words typed together are a phrase.** A Vietnamese word is several syllables: ``chỉnh đốn Đảng``
  finds those syllables side by side, in that order, as if quoted. The other reading, ``order="any"``
  (`presswatch search --any-order`, the page's "any order" box), wants each word somewhere in the
  article; words found side by side then rank first.
- **Accents mean what was typed, word by word.** A word with marks (or đ) matches those marks, the
  tone's placement aside (hòa = hoà, thủy = thuỷ) and case aside; a word without any matches every
  spelling (``dang``: đang, Đảng, dạng). đ is not d: ``đang`` never matches ``Đảng`` nor ``dang``.
- ``"quotes"`` make a phrase in either reading; quoted phrases and groups are all required.
- ``A OR B`` (capitals): either; ``(…)`` groups: ``(Hà Nội OR Hải Phòng) "tham nhũng"``.
- ``-word``, ``-"a phrase"`` or ``NOT word``: articles without it. ``AND`` only separates phrases.
- A directive's number-symbol is found however its issuer's code is written: ``04-NQ/TW`` also finds
  ``04-NQ/TƯ`` and ``04-NQ/T.Ư`` (lexicon/issuers.tsv).
- ``word*``: any word that begins so (at least MIN_PREFIX letters; at most MAX_PREFIXES in a query,
  standing together for words in at most search.PREFIX_POSTINGS articles).

Limits keep one search from costing the server seconds (issue 14): MAX_WORDS words, MAX_PHRASES
phrases, and the prefixes above; beyond them the reader is told what to change (`QueryError`). The
index (store/rank.c's pw tokenizer) holds every syllable as written and folded, so each rule is a
plain FTS5 expression; nothing from the reader reaches FTS5 but words, each in its own quotes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from ..lexicon import table
from ..text import fold, key
from .i18n import Problem

Order = Literal["phrase", "any"]
ORDERS: tuple[Order, ...] = ("phrase", "any")
MAX_WORDS = 64
MAX_PHRASES = 32  # pw_bm25 takes a count per phrase and per pair of neighbours: 3 + 32 + 31 arguments
MIN_PREFIX = 2
MAX_PREFIXES = 4

_LEXEME = re.compile(r'\s+|"[^"]*"?|[()]|[^\s"()]+')
_TOKEN = re.compile(r"[^\W_]+\*?|\*")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "＂": '"'})
OPERATORS = ("OR", "AND", "NOT")


class QueryError(Problem, ValueError):
    """A query that cannot be searched, told in the reader's language (ui.tsv's query_* keys)."""


@dataclass(frozen=True)
class Word:
    text: str  # as typed, NFC
    prefix: bool = False
    symbol: bool = False  # after the slash of a number-symbol (04-NQ/TW): an issuer's code

    @property
    def accented(self) -> bool:
        """Typed with a mark or đ: matched as written."""
        return fold(self.text) != self.text.casefold()

    def fts(self) -> str:
        return f'"{self.text}"' + (" *" if self.prefix else "")


@dataclass(frozen=True)
class Phrase:
    """Words side by side, in order (one word is a phrase of one)."""

    words: tuple[Word, ...]

    def fts(self) -> str:
        return " + ".join(w.fts() for w in self.words)

    def typed(self) -> str:
        return '"' + " ".join(w.text + ("*" if w.prefix else "") for w in self.words) + '"'

    @property
    def accents(self) -> Literal["exact", "any", "mixed"]:
        marked = {w.accented for w in self.words}
        return "mixed" if len(marked) == 2 else "exact" if True in marked else "any"


@dataclass(frozen=True)
class Either:
    """Any of its alternatives."""

    options: tuple[Node, ...]

    def fts(self) -> str:
        return "(" + " OR ".join(o.fts() for o in self.options) + ")"

    def typed(self) -> str:
        return "(" + " OR ".join(o.typed() for o in self.options) + ")"


@dataclass(frozen=True)
class All:
    """Every one of `needed`, none of `excluded`."""

    needed: tuple[Node, ...]
    excluded: tuple[Node, ...] = ()

    def fts(self) -> str:
        needed = " AND ".join(n.fts() for n in self.needed)
        if not self.excluded:
            return needed if len(self.needed) == 1 else f"({needed})"
        return f"({needed}) NOT (" + " OR ".join(n.fts() for n in self.excluded) + ")"

    def typed(self) -> str:
        excluded = (f"({n.typed()})" if isinstance(n, All) else n.typed() for n in self.excluded)
        return " ".join([*(n.typed() for n in self.needed), *("-" + n for n in excluded)])


Node = Phrase | Either | All


def _walk(node: Node, excluded: bool = False) -> list[tuple[Phrase, bool]]:
    """The phrases of an expression in FTS5's order (as written, left to right), each with whether it is excluded."""
    if isinstance(node, Phrase):
        return [(node, excluded)]
    if isinstance(node, Either):
        return [x for option in node.options for x in _walk(option, excluded)]
    return [x for n in node.needed for x in _walk(n, excluded)] + [x for n in node.excluded for x in _walk(n, True)]


@dataclass(frozen=True)
class Query:
    """A query as read: the tree, its FTS5 expression, and how to say what was searched."""

    text: str
    order: Order
    tree: Node
    expression: str = field(init=False)
    phrases: tuple[Phrase, ...] = field(init=False)  # in FTS5's order, as pw_bm25 numbers them
    excluded: tuple[bool, ...] = field(init=False)  # for each phrase, whether the query excludes it

    def __post_init__(self) -> None:
        walked = _walk(self.tree)
        object.__setattr__(self, "expression", self.tree.fts())
        object.__setattr__(self, "phrases", tuple(p for p, _ in walked))
        object.__setattr__(self, "excluded", tuple(e for _, e in walked))

    @property
    def prefixes(self) -> list[Word]:
        return [w for p in self.phrases for w in p.words if w.prefix]

    @property
    def neighbours(self) -> list[tuple[Phrase, Phrase]]:
        """Each phrase and the next, when the query is phrases all required and nothing else (what
        pw_bm25 rewards for being found side by side: words typed together, read in any order)."""
        tree = self.tree
        if isinstance(tree, All) and not tree.excluded and all(isinstance(n, Phrase) for n in tree.needed):
            return list(zip(self.phrases, self.phrases[1:]))
        return []

    def reading(self) -> dict[str, object]:
        """What was searched, for the page, the API and the CLI to say: the query as the rules read it
        (each phrase in quotes), the order, and each phrase's accents (exact, any or mixed)."""
        return {"typed": self.tree.typed(), "order": self.order,
                "phrases": [{"text": p.typed(), "accents": p.accents, "excluded": e} for p, e in _walk(self.tree)]}


class _Reader:
    """A recursive-descent reader of the lexemes: query := clause*, clause := term (OR term)*,
    term := [- | NOT] unit, unit := "quoted" | ( query ) | words typed together."""

    def __init__(self, text: str, order: Order) -> None:
        self.text, self.order = text, order
        self.lexemes = [x for x in _LEXEME.findall(text) if not x.isspace()]
        self.at = 0

    def peek(self) -> str | None:
        return self.lexemes[self.at] if self.at < len(self.lexemes) else None

    def query(self, closing: bool = False) -> All:
        needed: list[Node] = []
        excluded: list[Node] = []
        while (lexeme := self.peek()) is not None and lexeme != ")":
            if lexeme == "AND":
                self.at += 1
                continue
            negative, node = self.clause()
            if node is not None:
                (excluded if negative else needed).append(node)
        if closing and self.peek() != ")":
            raise QueryError("query_paren", query=self.text)
        if not needed:
            raise QueryError("query_only_excluded" if excluded else "query_no_words", query=self.text)
        return All(tuple(needed), tuple(excluded))

    def clause(self) -> tuple[bool, Node | None]:
        negative, first = self.term()
        options = [first] if first is not None else []
        while self.peek() == "OR":
            self.at += 1
            if negative or self.peek() in (None, ")", "OR", "AND"):
                raise QueryError("query_or", query=self.text)
            excluded, option = self.term()
            if excluded:
                raise QueryError("query_or", query=self.text)
            if option is not None:
                options.append(option)
        if not options:
            return negative, None
        return negative, options[0] if len(options) == 1 else Either(tuple(options))

    def term(self) -> tuple[bool, Node | None]:
        lexeme = self.peek()
        negative = False
        if lexeme == "NOT":
            negative, self.at = True, self.at + 1
        elif lexeme is not None and lexeme.startswith("-") and len(lexeme) > 1:
            negative = True
            self.lexemes[self.at] = lexeme[1:]
        elif lexeme == "-" and self.at + 1 < len(self.lexemes) and self.lexemes[self.at + 1][:1] in ('"', "("):
            negative, self.at = True, self.at + 1  # -"a phrase", -(a group), written with the dash apart
        return negative, self.unit()

    def _continues(self) -> bool:
        """Whether the next lexeme goes on the words typed so far: not an operator, a quote, a group or
        an exclusion (a dash standing alone between words is punctuation: "phòng - chống")."""
        following = self.peek()
        if following is None or following in OPERATORS or following[0] in '"()':
            return False
        if following == "-":
            return self.at + 1 >= len(self.lexemes) or self.lexemes[self.at + 1][:1] not in ('"', "(")
        return not following.startswith("-")

    def unit(self) -> Node | None:
        lexeme = self.peek()
        if lexeme is None or lexeme in OPERATORS or lexeme == ")":
            raise QueryError("query_operator", query=self.text, operator=lexeme or "-")
        self.at += 1
        if lexeme == "(":
            inner = self.query(closing=True)
            self.at += 1
            return inner.needed[0] if len(inner.needed) == 1 and not inner.excluded else inner
        if lexeme.startswith('"'):
            if len(lexeme) < 2 or not lexeme.endswith('"'):
                raise QueryError("query_quote", query=self.text)
            words = _words(lexeme[1:-1])
            return _phrase(words) if words else None
        chunks = [_words(lexeme)]
        while self._continues():
            chunks.append(_words(self.lexemes[self.at]))
            self.at += 1
        chunks = [c for c in chunks if c]
        if not chunks:
            return None
        if self.order == "phrase":
            return _phrase([w for c in chunks for w in c])
        units = [_phrase(c) for c in chunks]
        return units[0] if len(units) == 1 else All(tuple(units))


def _words(chunk: str) -> list[Word]:
    """The words of a chunk ("21-KL/TW" is three, side by side), each marked when it ends in *, and
    an issuer's code after the slash of a number-symbol marked as such."""
    out = []
    for found in _TOKEN.finditer(chunk):
        token = found.group()
        if token == "*":
            continue
        out.append(Word(token.rstrip("*"), token.endswith("*"), chunk[found.start() - 1:found.start()] == "/"))
    return out


@cache
def _issuer_spellings() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each way of writing an issuer's code (lexicon/issuers.tsv: TW, TƯ, T.Ư) → all of them, as words."""
    spellings: dict[str, set[tuple[str, ...]]] = {}
    for name, code, _ in table("issuers.tsv"):
        if " " not in name:  # a spelling of the code itself, not a body's name
            spellings.setdefault(code, {(code,)}).add(tuple(_TOKEN.findall(name)))
    return {key(w[0]): tuple(sorted(group)) for group in spellings.values() for w in group if len(w) == 1}


def _phrase(words: list[Word]) -> Node:
    """Words side by side; a number-symbol's issuer code in every way it is written ("04-NQ/TW" is also
    "04-NQ/TƯ", as most party papers print it): one phrase, or one for each spelling."""
    options: list[list[Word]] = [[]]
    for word in words:
        spelled = _issuer_spellings().get(key(word.text)) if word.symbol and not word.prefix else None
        variants = [[Word(t) for t in spelling] for spelling in spelled] if spelled else [[word]]
        options = [option + variant for option in options for variant in variants]
    phrases = tuple(Phrase(tuple(option)) for option in options)
    return phrases[0] if len(phrases) == 1 else Either(phrases)


def _flatten(node: Node) -> Node:
    """All inside All (words read in any order) made one level: `a b -c` is three conditions."""
    if isinstance(node, All):
        needed: list[Node] = []
        excluded: list[Node] = [_flatten(n) for n in node.excluded]
        for child in map(_flatten, node.needed):
            if isinstance(child, All):
                needed.extend(child.needed)
                excluded.extend(child.excluded)
            else:
                needed.append(child)
        return All(tuple(needed), tuple(excluded))
    if isinstance(node, Either):  # and Either inside Either one level too: a OR (b OR c) is three options
        options = [_flatten(o) for o in node.options]
        return Either(tuple(x for o in options for x in (o.options if isinstance(o, Either) else (o,))))
    return node


def parse(text: str, order: Order = "phrase") -> Query:
    """The query `text` as the rules above read it; `QueryError` says what to change."""
    if order not in ORDERS:
        raise QueryError("query_order", order=order)
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).strip()
    if not text:
        raise QueryError("query_empty")
    reader = _Reader(text, order)
    tree = reader.query()
    if reader.peek() is not None:  # a ")" nothing opened
        raise QueryError("query_paren", query=text)
    tree = _flatten(tree)
    if isinstance(tree, All) and len(tree.needed) == 1 and not tree.excluded:
        tree = tree.needed[0]
    query = Query(text, order, tree)
    words = [w for p in query.phrases for w in p.words]
    prefixes = query.prefixes
    if len(words) > MAX_WORDS:
        raise QueryError("query_too_many_words", words=len(words), most=MAX_WORDS)
    if len(query.phrases) > MAX_PHRASES:
        raise QueryError("query_too_many_phrases", phrases=len(query.phrases), most=MAX_PHRASES)
    if len(prefixes) > MAX_PREFIXES:
        raise QueryError("query_too_many_prefixes", prefixes=len(prefixes), most=MAX_PREFIXES)
    if short := next((w for w in prefixes if len(w.text) < MIN_PREFIX), None):
        raise QueryError("query_short_prefix", prefix=short.text + "*", least=MIN_PREFIX)
    return query
