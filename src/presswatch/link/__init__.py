"""The link stage: cross-article work over the stored facts, in one transaction.

Each step reads the fact tables and rewrites its registry entries, in the order of `STEPS`: all of
them, or (usually) only those the batches written since the last link touched (scope.py), which is
what keeps a second ingest or an upload into a large store a matter of seconds. A killed link leaves
the previous registry and its queue in place, and the next ingest runs it again.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlean as sqlite3

from ..store import set_meta
from .directives import link_directives
from .people import link_people
from .places import link_localities, link_organizations
from .scope import Scope, among, queued


def _places(conn: sqlite3.Connection, scope: Scope | None) -> None:
    link_organizations(conn, scope, link_localities(conn, scope))
    # The unit an event reviewed: the locality of its article named inside the counterpart's name.
    condition, params = among("events.article_id", scope)
    conn.execute(
        "UPDATE events SET counterpart_locality_id = (SELECT m.locality_id FROM locality_mentions m"
        " WHERE m.article_id = events.article_id AND events.counterpart LIKE '%' || m.name || '%'"
        f" ORDER BY length(m.name) DESC LIMIT 1) WHERE counterpart IS NOT NULL AND {condition}", params)


def _stories(conn: sqlite3.Connection, scope: Scope | None) -> None:
    from .stories import link_stories  # datasketch loads scipy (0.7 s): not for the views, which import link.places

    link_stories(conn, scope)


STEPS: list[tuple[str, Callable[[sqlite3.Connection, Scope | None], None]]] = [
    ("directives", link_directives),
    ("places", _places),
    ("people", link_people),
    ("stories", _stories),
]


def link(conn: sqlite3.Connection, progress: Callable[[str], None] | None = None, *, full: bool = False) -> None:
    """Run every step over the queued changes (or everything, when `full` or when they are most of the store)
    in one transaction, then mark the registry current."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        scope = None if full else queued(conn)
        for name, step in STEPS:
            if progress:
                progress(name)
            step(conn, scope)
        conn.execute("DELETE FROM link_queue")
        set_meta(conn, "link_pending", "0")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
