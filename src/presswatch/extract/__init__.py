"""The extract stage: a pipeline of small pure functions over an `Article`.

Each extractor takes the article and returns its facts with spans into `article.body`. They run
in the order of `PIPELINE`, and each result is put on `article.facts` before the next runs, so a
later extractor (events, statements) may use an earlier one's facts (people, organizations), never
by parsing again. Adding a kind of fact is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Article
from .directives import extract_directives
from .events import extract_events
from .indicators import extract_indicators
from .people import extract_people
from .places import extract_localities, extract_organizations
from .statements import extract_statements

Extractor = Callable[[Article], list[Any]]

PIPELINE: list[tuple[str, Extractor]] = [
    ("directives", extract_directives),
    ("localities", extract_localities),
    ("organizations", extract_organizations),
    ("people", extract_people),
    ("events", extract_events),
    ("statements", extract_statements),
    ("indicators", extract_indicators),
]


def run(article: Article) -> Article:
    for kind, extractor in PIPELINE:
        article.facts[kind] = extractor(article)
    return article
