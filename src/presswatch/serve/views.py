"""Read-only views of the store, as plain dicts: what the CLI prints and the API returns.

Each view takes a connection and a name or id as the user gives it ("21-KL/TW", "Ngô Xuân Thắng",
"Hòa Khánh Nam"): matching ignores accents, case and tone placement; None means nothing matched.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from .. import gazetteer
from ..store import decode
from ..text import slug
from .search import register_functions

def _rows(conn: sqlite3.Connection, sql: str, params: tuple | list = ()) -> list[dict[str, Any]]:
    return [decode(dict(r)) for r in conn.execute(sql, params)]


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    count = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731 - table names below are constants
    return {
        "articles": count("SELECT count(*) FROM articles"),
        "directives": count("SELECT count(*) FROM directives"),
        "citations": count("SELECT count(*) FROM citations"),
        "people": count("SELECT count(*) FROM persons"),
        "organizations": count("SELECT count(*) FROM organizations"),
        "localities": count("SELECT count(*) FROM localities"),
        "events": count("SELECT count(*) FROM events"),
        "statements": count("SELECT count(*) FROM statements"),
        "indicators": count("SELECT count(*) FROM indicators"),
        "stories": count("SELECT count(*) FROM stories"),
        "contradictions": count("SELECT count(*) FROM contradictions"),
        "first_published": conn.execute("SELECT min(published) FROM articles").fetchone()[0],
        "last_published": conn.execute("SELECT max(published) FROM articles").fetchone()[0],
        "link_pending": conn.execute("SELECT value FROM meta WHERE key = 'link_pending'").fetchone()[0] == "1"
        if conn.execute("SELECT 1 FROM meta WHERE key = 'link_pending'").fetchone() else False,
    }


def _article_brief(conn: sqlite3.Connection, ids: list[str]) -> dict[str, dict[str, Any]]:
    marks = ",".join("?" * len(ids))
    return {r["id"]: r for r in _rows(conn, f"SELECT id, title, published, outlet, url FROM articles WHERE id IN ({marks})", ids)}


def directive(conn: sqlite3.Connection, ident: str) -> dict[str, Any] | None:
    """A directive: the registry row, its other terms, citations, relations, events, coverage, contradictions."""
    rows = _rows(conn, "SELECT * FROM directives WHERE key = ? OR id = ? ORDER BY key = ? DESC, articles DESC",
                 (ident, ident, ident))
    if not rows:
        rows = _rows(conn, "SELECT * FROM directives WHERE replace(lower(id), 'đ', 'd') = replace(lower(?), 'đ', 'd')"
                     " ORDER BY articles DESC", (ident,))
    if not rows:
        return None
    out = rows[0]
    key = out["key"]
    out["other_terms"] = [r["key"] for r in rows[1:]]
    citations = _rows(conn, "SELECT article_id, sentence, date, issuer, spans FROM citations WHERE directive_key = ?"
                      " ORDER BY article_id", (key,))
    briefs = _article_brief(conn, sorted({c["article_id"] for c in citations}))
    for c in citations:
        c["article"] = briefs.get(c["article_id"])
    out["citations"] = sorted(citations, key=lambda c: ((c["article"] or {}).get("published") or "", c["article_id"]))
    out["implements"] = _rows(conn, "SELECT parent AS key, articles FROM directive_relations WHERE child = ?", (key,))
    out["implemented_by"] = _rows(conn, "SELECT child AS key, articles FROM directive_relations WHERE parent = ?", (key,))
    out["events"] = _rows(
        conn, "SELECT e.article_id, e.type, e.date, e.chair, e.chair_id, e.counterpart, e.counterpart_locality_id, e.sentence"
        " FROM events e WHERE e.article_id IN (SELECT article_id FROM citations WHERE directive_key = ?)"
        " AND EXISTS (SELECT 1 FROM json_each(e.directives) j WHERE j.value = ?) ORDER BY e.date", (key, out["id"]))
    out["contradictions"] = contradictions(conn, subject=key)
    out["coverage"] = coverage(conn, key)
    return out


def coverage(conn: sqlite3.Connection, key: str) -> list[dict[str, Any]]:
    """Units reported on for a directive, by level, with the units under the same parent never seen.

    A unit is covered when an event discussing the directive reviewed it (its counterpart) or an
    article citing the directive names it. For each parent (the district of a ward, the province of
    a district), the units of the gazetteer under it that no such article names are listed as missing.
    """
    rows = _rows(conn, "SELECT DISTINCT l.* , (SELECT count(*) FROM events e WHERE e.counterpart_locality_id = l.id"
                 " AND e.article_id IN (SELECT article_id FROM citations WHERE directive_key = ?)) AS reviewed"
                 " FROM localities l JOIN locality_mentions m ON m.locality_id = l.id"
                 " WHERE m.article_id IN (SELECT article_id FROM citations WHERE directive_key = ?) AND l.code IS NOT NULL",
                 (key, key))
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        if r["tier"] == "province":
            continue
        parent = r["district"] if r["tier"] == "ward" and r["district"] else r["province"]
        groups[r["tier"], parent, r["province"]].append(r)
    out = []
    for (tier, parent, province), units in sorted(groups.items()):
        parent_units = [u for u in gazetteer.units() if u.era == (units[0]["era"] or "legacy") and u.province == province
                        and u.name == parent and u.tier == ("district" if tier == "ward" and parent != province else "province")]
        seen = {u["code"] for u in units}
        missing = [c for p in parent_units[:1] for c in gazetteer.children(p) if c.code not in seen]
        out.append({"tier": tier, "parent": parent, "province": province,
                    "covered": [{"id": u["id"], "name": u["name"], "level": u["level"], "reviewed": u["reviewed"]} for u in units],
                    "missing": [{"name": c.name, "level": c.level, "code": c.code} for c in missing]})
    return out


def person(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """A person by id or name: positions over time, events chaired, statements, and namesakes."""
    register_functions(conn)
    rows = _rows(conn, "SELECT * FROM persons WHERE id = ? OR fold(name) = fold(?) ORDER BY id = ? DESC, articles DESC",
                 (name, name, name))
    if not rows:
        rows = _rows(conn, "SELECT * FROM persons WHERE id LIKE ? ORDER BY articles DESC", (slug(name) + "%",))
    if not rows:
        return None
    out = rows[0]
    ident = out["id"]
    out["namesakes"] = [r["id"] for r in rows[1:]]
    out["positions"] = _rows(conn, "SELECT position, first_seen, last_seen, articles FROM person_positions WHERE person_id = ?"
                             " ORDER BY first_seen, position", (ident,))
    out["events_chaired"] = _rows(conn, "SELECT article_id, type, date, counterpart, directives, sentence FROM events"
                                  " WHERE chair_id = ? ORDER BY date", (ident,))
    out["statements"] = _rows(conn, "SELECT article_id, type, addressee, text FROM statements WHERE speaker_id = ?"
                              " ORDER BY article_id, seq", (ident,))
    out["articles"] = list(_article_brief(conn, [r["article_id"] for r in conn.execute(
        "SELECT DISTINCT article_id FROM person_mentions WHERE person_id = ?", (ident,))]).values())
    return out


def locality(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """A locality by id or name: its place in the hierarchy, its 2025 successor, and what is reported there."""
    register_functions(conn)
    rows = _rows(conn, "SELECT * FROM localities WHERE id = ? OR fold(name) = fold(?) OR fold(level || ' ' || name) = fold(?)"
                 " ORDER BY id = ? DESC, articles DESC", (name, name, name, name))
    if not rows:
        return None
    out = rows[0]
    out["namesakes"] = [r["id"] for r in rows[1:]]
    ident = out["id"]
    out["predecessors"] = _rows(conn, "SELECT id, name, level, district FROM localities WHERE successor_code = ?"
                                " AND successor = ? AND id != ?", (out["code"], f"{out['level']} {out['name']}", ident)) \
        if out["era"] == "2025" else []
    out["events"] = _rows(conn, "SELECT article_id, type, date, chair, chair_id, directives, sentence FROM events"
                          " WHERE counterpart_locality_id = ? ORDER BY date", (ident,))
    out["articles"] = list(_article_brief(conn, [r["article_id"] for r in conn.execute(
        "SELECT DISTINCT article_id FROM locality_mentions WHERE locality_id = ?", (ident,))]).values())
    return out


def contradictions(conn: sqlite3.Connection, subject: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT id, kind, subject, decided, detail FROM contradictions"
    return _rows(conn, sql + (" WHERE subject = ? ORDER BY id" if subject else " ORDER BY id"), (subject,) if subject else ())


def article(conn: sqlite3.Connection, ident: str) -> dict[str, Any] | None:
    """An article with every stored fact and the other sources of its story."""
    rows = _rows(conn, "SELECT id, identity, content_hash, source_id, url, origin, title, published, authors, outlet,"
                 " section, body, noise, story_id FROM articles WHERE id = ?", (ident,))
    if not rows:
        return None
    out = rows[0]
    from ..store import FACT_TABLES

    for kind, spec in FACT_TABLES.items():
        out[kind] = _rows(conn, f"SELECT * FROM {spec.table} WHERE article_id = ? ORDER BY seq", (ident,))
    out["story"] = _rows(conn, "SELECT id, title, published, outlet, url FROM articles WHERE story_id = ? AND id != ?"
                         " ORDER BY published", (out["story_id"], ident)) if out["story_id"] else []
    return out
