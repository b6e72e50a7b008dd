"""Read-only views of the store, as plain dicts: what the CLI prints and the API returns.

Each view takes a connection and a name or id as the user gives it ("21-KL/TW", "Ngô Xuân Thắng",
"Hòa Khánh Nam"): matching ignores accents, case and tone placement; None means nothing matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from typing import Any

import sqlean as sqlite3

from .. import gazetteer
from ..link.places import locality_id
from ..store import decode, fts_form
from ..text import fold, slug
from .search import Filters, filter_sql

# What every table of events shows: who chaired (or the body that did), the unit reviewed and its page, the sentence.
EVENT_COLUMNS = "article_id, seq, type, date, chair, chair_id, host, counterpart, counterpart_locality_id, directives, sentence"


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
        conn, f"SELECT {EVENT_COLUMNS} FROM events WHERE article_id IN (SELECT article_id FROM citations WHERE directive_key = ?)"
        " AND EXISTS (SELECT 1 FROM json_each(directives) j WHERE j.value = ?) ORDER BY date", (key, out["id"]))
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
        parent_tier = "district" if tier == "ward" and parent != province else "province"
        parent_units = [u for u in gazetteer.within(units[0]["era"] or "legacy", parent_tier, province) if u.name == parent]
        seen = {u["code"] for u in units}
        missing = [c for p in parent_units[:1] for c in gazetteer.children(p) if c.code not in seen]
        out.append({"tier": tier, "parent": parent, "province": province,
                    "covered": [{"id": u["id"], "name": u["name"], "level": u["level"], "reviewed": u["reviewed"]} for u in units],
                    "missing": [{"name": c.name, "level": c.level, "code": c.code} for c in missing]})
    return out


def person(conn: sqlite3.Connection, name: str, limit: int | None = None) -> dict[str, Any] | None:
    """A person by id or name: positions over time, events chaired, statements, and namesakes.

    With `limit`, the lists of events, statements and articles hold at most that many (the latest
    articles), and `totals` counts them all: what a page shows of someone named in thousands of articles.
    """
    # An id is the slug of the name (and a province), so the slug prefix finds every namesake through the
    # primary key; the accent-insensitive comparison then runs on those few rows, not on every person.
    stem = slug(name) or name
    candidates = _rows(conn, "SELECT * FROM persons WHERE id = ? OR id = ? OR (id > ? AND id < ?)"  # '.' follows '-'
                       " ORDER BY id = ? DESC, articles DESC", (name, stem, stem + "-", stem + ".", name))
    rows = [r for r in candidates if r["id"] == name or fold(r["name"]) == fold(name)] or candidates
    if not rows:
        return None
    out = rows[0]
    ident = out["id"]
    out["namesakes"] = [r["id"] for r in rows[1:]]
    out["positions"] = _rows(conn, "SELECT position, first_seen, last_seen, articles FROM person_positions WHERE person_id = ?"
                             " ORDER BY first_seen, position", (ident,))
    out["events_chaired"] = _rows(conn, f"SELECT {EVENT_COLUMNS} FROM events WHERE chair_id = ? ORDER BY date DESC LIMIT ?",
                                  (ident, _sql_limit(limit)))
    out["statements"] = _rows(conn, "SELECT article_id, type, addressee, text FROM statements WHERE speaker_id = ?"
                              " ORDER BY article_id, seq LIMIT ?", (ident, _sql_limit(limit)))
    articles = list_articles(conn, Filters(person=ident), limit=limit)
    out["articles"] = articles["items"]
    if limit is not None:
        out["totals"] = {"articles": articles["total"], **_counts(conn, ident, events_chaired=("events", "chair_id"),
                                                                  statements=("statements", "speaker_id"))}
    return out


def locality(conn: sqlite3.Connection, name: str, limit: int | None = None) -> dict[str, Any] | None:
    """A locality by id or name: its place in the hierarchy, the units under it, its 2025 successor, and what
    is reported there.

    A unit of the gazetteer no article names has a page too (by the id it would have), so the hierarchy can
    be walked up and down through units the store does not hold. `limit` bounds the lists of events and
    articles as for `person`.
    """
    candidates = _rows(conn, "SELECT * FROM localities WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC, articles DESC",
                       (name, f"%{slug(name)}%" if slug(name) else name, name))  # an id holds the slug of the name
    rows = [r for r in candidates if r["id"] == name or fold(name) in (fold(r["name"]), fold(f"{r['level']} {r['name']}"))]
    if rows:
        out = {**rows[0], "stored": True}
    elif (unit := _gazetteer_unit(name)) is not None:
        out = {**_unit_row(unit), "stored": False}
    else:
        return None
    out["namesakes"] = [r["id"] for r in rows[1:]]
    ident = out["id"]
    unit = _unit_of(out)
    out["parents"] = _parents(conn, out)
    out["units"] = _units(conn, unit) if unit else None
    # the successor's page: its id as locality_id gives it ("successor" is its level and name)
    out["successor_id"] = slug(f"{out['successor']} {out['successor_code']}") + "-2025" if out["successor_code"] else None
    out["predecessors"] = _rows(conn, "SELECT id, name, level, district FROM localities WHERE successor_code = ?"
                                " AND successor = ? AND id != ?", (out["code"], f"{out['level']} {out['name']}", ident)) \
        if out["era"] == "2025" else []
    out["events"] = _rows(conn, f"SELECT {EVENT_COLUMNS} FROM events WHERE counterpart_locality_id = ? ORDER BY date DESC"
                          " LIMIT ?",
                          (ident, _sql_limit(limit)))
    articles = list_articles(conn, Filters(locality=ident), limit=limit)
    out["articles"] = articles["items"]
    if limit is not None:
        out["totals"] = {"articles": articles["total"], **_counts(conn, ident, events=("events", "counterpart_locality_id"))}
    return out


def _unit_row(unit: gazetteer.Unit) -> dict[str, Any]:
    """A unit of the gazetteer as a row of `localities` would hold it, were it named in some article."""
    after = gazetteer.successor(unit)
    return {"id": locality_id(unit, unit.name, unit.level), "name": unit.name, "level": unit.level, "tier": unit.tier,
            "district": unit.district, "province": unit.province, "code": unit.code, "era": unit.era,
            "successor": after.full_name if after else None, "successor_level": after.level if after else None,
            "successor_code": after.code if after else None, "mentions": 0, "articles": 0}


@cache
def _by_code() -> dict[tuple[str, str], list[gazetteer.Unit]]:
    index: dict[tuple[str, str], list[gazetteer.Unit]] = defaultdict(list)
    for unit in gazetteer.units():
        index[unit.era, unit.code].append(unit)
    return index


def _gazetteer_unit(ident: str) -> gazetteer.Unit | None:
    """The unit of the gazetteer whose locality id is `ident` (phuong-hoa-khanh-nam-20197, …-2025), if any."""
    found = re.search(r"-(\d+)(-2025)?$", ident)
    if not found:
        return None
    era = "2025" if found[2] else "legacy"
    return next((u for u in _by_code().get((era, found[1]), []) if locality_id(u, u.name, u.level) == ident), None)


def _unit_of(place: dict[str, Any]) -> gazetteer.Unit | None:
    """The gazetteer's unit of a stored locality (None when it was never matched to one)."""
    if not place["code"]:
        return None
    return next((u for u in _by_code().get((place["era"] or "legacy", place["code"]), []) if u.tier == place["tier"]), None)


def _units(conn: sqlite3.Connection, unit: gazetteer.Unit) -> dict[str, Any] | None:
    """The units directly under `unit` in the gazetteer, those the store holds (or holds units under) first.

    On the page of a province before 2025 each district also lists its wards the store holds: a province's
    wards are too many to list from the gazetteer, but those the articles name are what a reader looks for.
    """
    children = gazetteer.children(unit)
    if not children:
        return None
    stored = _rows(conn, "SELECT id, name, level, tier, district, code, articles FROM localities WHERE province = ?"
                   " AND coalesce(era, 'legacy') = ? AND tier != 'province' AND code IS NOT NULL ORDER BY articles DESC, name",
                   (unit.province, unit.era))
    by_code = {(r["tier"], r["code"]): r for r in stored}
    grandchildren = unit.tier == "province" and unit.era == "legacy"
    rows = []
    for child in children:
        row = by_code.get((child.tier, child.code))
        below = [r for r in stored if r["tier"] == "ward" and r["district"] == child.name] if grandchildren else []
        rows.append({"id": row["id"] if row else locality_id(child, child.name, child.level), "name": child.name,
                     "level": child.level, "code": child.code, "articles": row["articles"] if row else 0,
                     "stored": row is not None, "below": below})
    seen = sorted((r for r in rows if r["stored"] or r["below"]),
                  key=lambda r: (-r["articles"] - sum(b["articles"] for b in r["below"]), r["name"]))
    return {"tier": children[0].tier, "total": len(children), "seen": seen,
            "others": [r for r in rows if not (r["stored"] or r["below"])], "below": grandchildren}


def _parents(conn: sqlite3.Connection, place: dict[str, Any]) -> list[dict[str, Any]]:
    """The province (and district) a unit lies in, from the gazetteer, with their pages (stored or not)."""
    era = place["era"] or "legacy"
    chain = []
    if place["tier"] != "province" and place["province"]:
        chain += gazetteer.within(era, "province", place["province"])[:1]
    if place["tier"] == "ward" and place["district"]:
        chain += [u for u in gazetteer.within(era, "district", place["province"]) if u.name == place["district"]][:1]
    out = []
    for unit in chain:
        row = conn.execute("SELECT id FROM localities WHERE code = ? AND tier = ? AND coalesce(era, 'legacy') = ?",
                           (unit.code, unit.tier, era)).fetchone()
        out.append({"name": unit.name, "level": unit.level, "tier": unit.tier, "code": unit.code,
                    "id": row[0] if row else locality_id(unit, unit.name, unit.level), "stored": row is not None})
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


# --- Lists and the overview: what the API and the dashboard page through ----------------------------

def _sql_limit(limit: int | None) -> int:
    return -1 if limit is None else limit  # SQLite reads a negative LIMIT as none


def _counts(conn: sqlite3.Connection, ident: str, **lists: tuple[str, str]) -> dict[str, int]:
    """How many rows of each (table, column) hold `ident`: the totals of lists shown in part."""
    return {name: conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (ident,)).fetchone()[0]
            for name, (table, column) in lists.items()}  # table and column names are constants of this module


def _page(conn: sqlite3.Connection, sql: str, where: list[str], params: list[Any], order: str,
          limit: int | None, offset: int, count: str | None = None, outer: str | None = None) -> dict[str, Any]:
    """One page of `sql` (SELECT … FROM …) under the AND of `where`, with the total it is part of.

    `count` (SELECT count(*) FROM …) counts without the joins that only add columns; `outer` (SELECT …
    FROM page) computes costly columns for the rows of the page alone, not for those skipped by OFFSET.
    """
    clause = (" WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(f"{count}{clause}" if count else f"SELECT count(*) FROM ({sql}{clause})", params).fetchone()[0]
    page = f"{sql}{clause} ORDER BY {order} LIMIT ? OFFSET ?"
    items = _rows(conn, f"WITH page AS ({page}) {outer}" if outer else page, [*params, _sql_limit(limit), offset])
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def _slug_filter(where: list[str], params: list[Any], column: str, text: str | None) -> None:
    """Match `text` inside a slug id: accents, case and punctuation ignored, through the index's own text."""
    if text is None:
        return
    where.append(f"{column} LIKE ?" if slug(text) else "0")
    params.extend([f"%{slug(text)}%"] if slug(text) else [])


def _equal(where: list[str], params: list[Any], **columns: Any) -> None:
    for column, value in columns.items():
        if value is not None:
            where.append(f"{column} = ?")  # column names are keywords of the calling function, never user text
            params.append(value)


def list_articles(conn: sqlite3.Connection, filters: Filters | None = None, *, outlet: str | None = None,
                  limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """Articles, latest first, under the search filters (directive, locality, person, event type, dates)."""
    clause, params = filter_sql(conn, filters or Filters())
    where = [clause.removeprefix(" AND ")] if clause else []
    _equal(where, params, **{"a.outlet": outlet})
    return _page(conn, "SELECT a.id, a.title, a.published, a.outlet, a.url, a.story_id FROM articles a",
                 where, params, "a.published DESC, a.rowid DESC", limit, offset)


DIRECTIVE_ORDER = {"articles": "articles DESC, key", "date": "date DESC, key", "recent": "last_seen DESC, articles DESC, key"}


def list_directives(conn: sqlite3.Connection, *, q: str | None = None, type: str | None = None, issuer: str | None = None,
                    sort: str = "articles", limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """The directive registry: `q` in the id or subject (đ as d), most cited first unless `sort` says otherwise."""
    where: list[str] = []
    params: list[Any] = []
    if q:
        where.append("(replace(replace(key, 'Đ', 'D'), 'đ', 'd') LIKE ? OR subject LIKE ? OR alias LIKE ?)")
        params += [f"%{fts_form(q)}%", f"%{q}%", f"%{q}%"]
    _equal(where, params, type=type, issuer=issuer)
    return _page(conn, "SELECT * FROM directives", where, params, DIRECTIVE_ORDER[sort], limit, offset)


def list_people(conn: sqlite3.Connection, *, q: str | None = None, anchor: str | None = None,
                limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """People, most written about first, each with the position most articles state."""
    where: list[str] = []
    params: list[Any] = []
    _slug_filter(where, params, "id", q)
    _equal(where, params, anchor=anchor)
    return _page(conn, "SELECT * FROM persons", where, params, "articles DESC, id", limit, offset,
                 outer="SELECT page.*, (SELECT position FROM person_positions p WHERE p.person_id = page.id"
                       " ORDER BY p.articles DESC, p.last_seen DESC LIMIT 1) AS position FROM page")


def list_localities(conn: sqlite3.Connection, *, q: str | None = None, level: str | None = None, tier: str | None = None,
                    province: str | None = None, era: str | None = None, limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """Localities, most written about first."""
    where: list[str] = []
    params: list[Any] = []
    _slug_filter(where, params, "id", q)
    _equal(where, params, level=level, tier=tier, province=province, era=era)
    return _page(conn, "SELECT * FROM localities", where, params, "articles DESC, id", limit, offset)


def list_organizations(conn: sqlite3.Connection, *, q: str | None = None, kind: str | None = None, level: str | None = None,
                       locality: str | None = None, limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """Organizations, most written about first."""
    where: list[str] = []
    params: list[Any] = []
    _slug_filter(where, params, "id", q)
    _equal(where, params, kind=kind, level=level, locality=locality)
    return _page(conn, "SELECT * FROM organizations", where, params, "articles DESC, id", limit, offset)


def list_events(conn: sqlite3.Connection, *, type: str | None = None, since: str | None = None, until: str | None = None,
                chair: str | None = None, locality: str | None = None, directive: str | None = None,
                limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """Events, latest first (those whose year is unknown last), with their article's title."""
    where: list[str] = []
    params: list[Any] = []
    _equal(where, params, **{"e.type": type, "e.chair_id": chair, "e.counterpart_locality_id": locality})
    if since:
        where.append("e.date >= ?")
        params.append(since)
    if until:
        where.append("e.date <= ? AND e.date NOT LIKE '--%'")
        params.append(until)
    if directive:  # a key (21-KL/TW@XIII) or an id as cited: events name ids
        where.append("e.article_id IN (SELECT article_id FROM citations WHERE directive_key = ? OR directive = ?)"
                     " AND EXISTS (SELECT 1 FROM json_each(e.directives) j WHERE j.value = ?)")
        params += [directive, directive, directive.split("@")[0]]
    # Unless a rare value is asked for, walk the events by date and stop at the page: SQLite would
    # otherwise sort them all on every request (the ORDER BY spans the join).
    walk = "events e INDEXED BY events_date CROSS JOIN" if not (chair or locality or directive) else "events e JOIN"
    return _page(conn, "SELECT e.article_id, e.seq, e.type, e.date, e.chair, e.chair_id, e.host, e.counterpart,"
                 f" e.counterpart_locality_id, e.directives, e.sentence, a.title, a.published FROM {walk}"
                 " articles a ON a.id = e.article_id", where, params, "e.date DESC, a.published DESC, e.article_id, e.seq",
                 limit, offset, count="SELECT count(*) FROM events e")  # every event has its article


def list_statements(conn: sqlite3.Connection, *, type: str | None = None, speaker: str | None = None,
                    limit: int | None = 20, offset: int = 0) -> dict[str, Any]:
    """Recommendations, petitions, assessments, commitments and reports, latest articles first."""
    where: list[str] = []
    params: list[Any] = []
    _equal(where, params, **{"s.type": type, "s.speaker_id": speaker})
    # Unless one speaker is asked for, walk the articles by date and stop at the page (as list_events).
    walk = "articles a CROSS JOIN statements s" if speaker is None else "statements s JOIN articles a"
    return _page(conn, "SELECT s.article_id, s.seq, s.type, s.speaker, s.speaker_id, s.addressee, s.text, a.title,"
                 f" a.published FROM {walk} ON a.id = s.article_id", where, params,
                 "a.published DESC, a.rowid DESC, s.seq", limit, offset, count="SELECT count(*) FROM statements s")


def list_contradictions(conn: sqlite3.Connection, *, kind: str | None = None, limit: int | None = 20,
                        offset: int = 0) -> dict[str, Any]:
    where: list[str] = []
    params: list[Any] = []
    _equal(where, params, kind=kind)
    return _page(conn, "SELECT id, kind, subject, decided, detail FROM contradictions", where, params, "id", limit, offset)


def organization(conn: sqlite3.Connection, ident: str, limit: int | None = None) -> dict[str, Any] | None:
    """An organization: how it is named, the people stated to hold a post in it, its events and articles.

    A person holds a post in it when, in an article naming the organization, their stated position
    contains the organization's name as that article writes it; an event is its own when the article
    names it as host or as the unit reviewed.
    """
    rows = _rows(conn, "SELECT * FROM organizations WHERE id = ?", (ident,))
    if not rows:
        return None
    out = rows[0]
    out["names"] = [r[0] for r in conn.execute("SELECT DISTINCT name FROM organization_mentions WHERE organization_id = ?"
                                               " ORDER BY name", (ident,))]
    out["people"] = _rows(conn, "SELECT pm.person_id AS id, pm.name, pos.value AS position, count(DISTINCT pm.article_id) AS articles"
                          " FROM organization_mentions om JOIN person_mentions pm ON pm.article_id = om.article_id,"
                          " json_each(pm.positions) pos WHERE om.organization_id = ? AND instr(pos.value, om.name) > 0"
                          " GROUP BY pm.person_id, pos.value ORDER BY articles DESC, pm.name LIMIT ?", (ident, _sql_limit(limit)))
    columns = ", ".join(f"e.{c}" for c in EVENT_COLUMNS.split(", "))
    out["events"] = _rows(conn, f"SELECT DISTINCT {columns} FROM organization_mentions om JOIN events e ON e.article_id = om.article_id"
                          " WHERE om.organization_id = ? AND om.name IN (e.host, e.counterpart) ORDER BY e.date DESC LIMIT ?",
                          (ident, _sql_limit(limit)))
    sql = "FROM articles a WHERE a.id IN (SELECT article_id FROM organization_mentions WHERE organization_id = ?)"
    out["articles"] = _rows(conn, f"SELECT a.id, a.title, a.published, a.outlet, a.url {sql} ORDER BY a.published DESC, a.rowid DESC"
                            " LIMIT ?", (ident, _sql_limit(limit)))
    if limit is not None:
        out["totals"] = {"articles": conn.execute(f"SELECT count(*) {sql}", (ident,)).fetchone()[0]}
    return out


def articles_per_month(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Articles by month of publication (YYYY-MM), months without any included, for the overview's chart."""
    counts = dict(conn.execute("SELECT substr(published, 1, 7), count(*) FROM articles WHERE published IS NOT NULL"
                               " GROUP BY 1 ORDER BY 1").fetchall())
    if not counts:
        return []
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        label = f"{year:04d}-{month:02d}"
        out.append({"month": label, "articles": counts.get(label, 0)})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
