"""The layout of the Parquet datasets a Spark run writes, shared by the writer and the reader.

One dataset per table of `TABLES` under the output folder, each partitioned by `month` (of the
article's publication date, `unknown` when it states none). `articles` holds one row per article
with everything `Article.to_dict` gives except the facts; each fact table holds one row per fact
with the `article_id` and `index` (its position in the article's list) that put it back in place.
Neither Spark nor Arrow is imported here: the layout is plain Python, and so is the round trip.
"""

from __future__ import annotations

import re
from dataclasses import fields
from typing import Any, get_type_hints

from ..identity import article_key, content_hash
from ..model import FACT_KINDS, Article, Directive, Event, Indicator, Locality, Noise, Organization, Person, Statement

FACT_TYPES: dict[str, type] = {
    "directives": Directive,
    "organizations": Organization,
    "localities": Locality,
    "people": Person,
    "events": Event,
    "statements": Statement,
    "indicators": Indicator,
}
ARTICLES = "articles"
TABLES = (ARTICLES, *FACT_KINDS)
FAILURES = "failures"  # documents that could not be read or processed: path, reason
ARTICLE_ID = "article_id"
CONTENT_HASH = "content_hash"
INDEX = "index"
MONTH = "month"
UNKNOWN_MONTH = "unknown"
FAILURE = "failure"  # set, with `path`, on a record that is a failure instead of an article

# Article's own fields that are stored as they are; `paragraphs` is stored as `body`, `facts` in their tables.
ARTICLE_FIELDS = tuple(f.name for f in fields(Article) if f.name not in ("paragraphs", "facts"))
_YEAR_MONTH = re.compile(r"\d{4}-\d{2}")


def month_of(published: str | None) -> str:
    """'2013-10' for an article published in October 2013; 'unknown' when it states no date."""
    if published and _YEAR_MONTH.match(published):
        return published[:7]
    return UNKNOWN_MONTH


def article_columns() -> dict[str, Any]:
    """Column → Python type of the `articles` table (the partition column `month` last)."""
    hints = get_type_hints(Article)
    columns: dict[str, Any] = {ARTICLE_ID: str, CONTENT_HASH: str}
    columns.update((name, hints[name]) for name in ARTICLE_FIELDS)
    columns["body"] = str
    columns[MONTH] = str
    return columns


def fact_columns(kind: str) -> dict[str, Any]:
    """Column → Python type of the fact fields of a fact table (without article_id, index, month)."""
    hints = get_type_hints(FACT_TYPES[kind])
    return {f.name: hints[f.name] for f in fields(FACT_TYPES[kind])}


def record(article: Article) -> dict[str, Any]:
    """One article as the writer's record: `to_dict()` plus its key, content hash and month."""
    return {**article.to_dict(), ARTICLE_ID: article_key(article), CONTENT_HASH: content_hash(article),
            MONTH: month_of(article.published)}


def _fact(cls: type, row: dict[str, Any]) -> Any:
    values = {f.name: row[f.name] for f in fields(cls)}
    values["spans"] = [tuple(span) for span in values["spans"]]  # Parquet has lists; extractors make tuples
    return cls(**values)


def article_from(row: dict[str, Any], facts: dict[str, list[dict[str, Any]]]) -> Article:
    """The `Article` a row of `articles` and its fact rows (in `index` order) were written from."""
    body = row["body"]
    article = Article(**{name: row[name] for name in ARTICLE_FIELDS if name != "noise"},
                      paragraphs=body.split("\n") if body else [],
                      noise=[Noise(**n) for n in row["noise"]])
    article.facts = {kind: [_fact(FACT_TYPES[kind], f) for f in facts.get(kind, [])] for kind in FACT_KINDS}
    return article
