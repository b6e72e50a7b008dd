"""What one link recomputes: everything, or what the batches written since the last link touched.

Ingest notes its changes in the link_queue table (store.write and store._delete_article): the
articles it wrote, and the registry keys the facts of each article it replaced pointed to. Each link
step widens that to the registry entries it keeps (a directive's every citation, a name's every
mention, a story's connected articles) and recomputes those from all stored facts, so a link of the
queue gives the registry a full link gives.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import orjson
import sqlean as sqlite3

from ..store import RELINK_ALL

FULL_SHARE = 0.25  # a queue of more articles than this share of the store is linked whole: cheaper than piecewise


@dataclass
class Scope:
    """The articles written since the last link, and per kind (directive, family, person, locality,
    organization, story) the registry keys of replaced facts."""

    articles: set[str]
    removed: dict[str, set[str]] = field(default_factory=dict)

    def keys(self, kind: str) -> set[str]:
        return self.removed.get(kind, set())


def queued(conn: sqlite3.Connection) -> Scope | None:
    """The work in link_queue, or None when the whole registry is to be linked."""
    removed: dict[str, set[str]] = defaultdict(set)
    for kind, key in conn.execute("SELECT kind, key FROM link_queue"):
        removed[kind].add(key)
    if RELINK_ALL in removed:
        return None
    written = removed.pop("article", set())
    articles = {r[0] for r in conn.execute("SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                                           (json_list(written),))}
    total = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    if len(articles) > FULL_SHARE * total:
        return None
    return Scope(articles, dict(removed))


def json_list(values: object) -> str:
    """A JSON array, for SQL's json_each: a set of keys as one parameter, however many there are."""
    return orjson.dumps(sorted(values)).decode()  # type: ignore[call-overload]


def among(column: str, scope: Scope | None) -> tuple[str, tuple[str, ...]]:
    """SQL condition and parameters limiting an article id `column` to the scope's articles (none: all)."""
    if scope is None:
        return "1", ()
    return f"{column} IN (SELECT value FROM json_each(?))", (json_list(scope.articles),)
