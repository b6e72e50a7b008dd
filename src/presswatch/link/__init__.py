"""The link stage: cross-article work over the stored facts, rebuilt whole in one transaction.

Each step reads the fact tables and rewrites its registry tables, in the order of `STEPS`; a
killed link leaves the previous registry in place and the next ingest runs it again.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlean as sqlite3

from ..store import set_meta
from .directives import link_directives
from .people import link_people
from .places import link_localities, link_organizations


def _places(conn: sqlite3.Connection) -> None:
    link_organizations(conn, link_localities(conn))
    # The unit an event reviewed: the locality of its article named inside the counterpart's name.
    conn.execute(
        "UPDATE events SET counterpart_locality_id = (SELECT m.locality_id FROM locality_mentions m"
        " WHERE m.article_id = events.article_id AND events.counterpart LIKE '%' || m.name || '%'"
        " ORDER BY length(m.name) DESC LIMIT 1) WHERE counterpart IS NOT NULL")


def _stories(conn: sqlite3.Connection) -> None:
    from .stories import link_stories  # datasketch loads scipy (0.7 s): not for the views, which import link.places

    link_stories(conn)


STEPS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("directives", link_directives),
    ("places", _places),
    ("people", link_people),
    ("stories", _stories),
]


def link(conn: sqlite3.Connection, progress: Callable[[str], None] | None = None) -> None:
    """Run every step in one transaction, then mark the registry current."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name, step in STEPS:
            if progress:
                progress(name)
            step(conn)
        set_meta(conn, "link_pending", "0")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
