"""Localities resolved against the gazetteer, with their 2025 successors; organizations given one identity.

A mention ("phường Mỹ An", level phường) is matched to the units of that name and level. Several
wards share most names, so the article decides: a stated parent, else the provinces and districts
of the article's other, unambiguous mentions, else the era of its publication date. A mention that
stays ambiguous or is not in the gazetteer is kept as its own locality, without a code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

import sqlean as sqlite3

from .. import gazetteer
from ..gazetteer import Unit
from ..text import key, slug
from .scope import Scope, among, json_list

REFORM_DATE = "2025-07-01"


@dataclass
class Mention:
    article_id: str
    seq: int
    name: str
    level: str | None
    parent: str | None
    published: str | None


def _candidates(m: Mention) -> list[Unit]:
    found = gazetteer.lookup(m.name, m.level)
    if m.level is None and any(u.tier == "province" for u in found):
        return [u for u in found if u.tier == "province"]  # "xổ số Phú Yên": a bare province's name is the province
    if m.parent:
        parent = gazetteer.official_key(m.parent)
        under = [u for u in found if parent in (key(u.district or ""), key(u.province))
                 or (parent.isdigit() and key(u.district or "").endswith(f" {parent}"))]  # "Q.1" is "Quận 1"
        found = under or found
    return found


def _narrow(found: list[Unit], provinces: Counter[str], districts: set[str], published: str | None) -> list[Unit]:
    if len(found) > 1 and districts:
        found = [u for u in found if u.district in districts] or found
    if len(found) > 1 and provinces:
        best = max(provinces[u.province] for u in found)
        found = [u for u in found if provinces[u.province] == best] if best else found
    if len(found) > 1:
        era = "2025" if published and published >= REFORM_DATE else "legacy"
        found = [u for u in found if u.era == era] or found
    if len(found) > 1:  # a province and its capital of the same name: the province
        tiers = sorted({u.tier for u in found}, key=["province", "district", "ward"].index)
        found = [u for u in found if u.tier == tiers[0]]
    return found


def resolve_article(mentions: list[Mention]) -> list[Unit | None]:
    """Each mention's unit, deciding ambiguous ones by the article's unambiguous ones."""
    candidates = [_candidates(m) for m in mentions]
    provinces: Counter[str] = Counter()
    districts: set[str] = set()
    for found in candidates:
        if len({(u.province, u.district, u.name) for u in found}) == 1:
            provinces[found[0].province] += 1
            if found[0].tier == "district":
                districts.add(found[0].name)
            elif found[0].district:
                districts.add(found[0].district)
    out = []
    for m, found in zip(mentions, candidates):
        found = _narrow(found, provinces, districts, m.published)
        out.append(found[0] if len(found) == 1 else None)
    return out


def locality_id(unit: Unit | None, name: str, level: str | None, within: str | None = None) -> str:
    """A unit's id by its gazetteer code; an unresolved mention's by its level and name, and a numbered one's
    also by the unit it is `within` (its parent, else the article's province): "phường 5" of every city is
    not one place."""
    if unit is None:
        return slug(f"{level or 'noi'} {name}" + (f" {within}" if within and name.isdigit() else ""))
    return slug(f"{unit.level} {unit.name} {unit.code}") + ("-2025" if unit.era == "2025" else "")


def main_province(units: list[Unit | None]) -> str | None:
    """The province an article is about: the one its resolved localities fall in most."""
    counts = Counter(u.province for u in units if u is not None)
    return counts.most_common(1)[0][0] if counts else None


def _resolved(conn: sqlite3.Connection, condition: str, params: tuple[str, ...]) -> Iterator[tuple[str, list[Mention], list[Unit | None]]]:
    """Each article's locality mentions (of the articles `condition` on m.article_id chooses) with their units."""
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for row in conn.execute("SELECT m.article_id, m.seq, m.name, m.level, m.parent, a.published FROM locality_mentions m"
                            f" JOIN articles a ON a.id = m.article_id WHERE {condition} ORDER BY m.article_id, m.seq", params):
        by_article[row[0]].append(Mention(*row))
    for article_id, mentions in by_article.items():
        yield article_id, mentions, resolve_article(mentions)


def _first_mentions(conn: sqlite3.Connection, table: str, column: str, fields: str, chosen: str,
                    params: tuple[str, ...]) -> Iterator[sqlite3.Row]:
    """Per registry id of `column` (those `chosen` picks), its mention count, article count, and the `fields` of
    its first mention (by article and place in it), which name the registry's row."""
    return conn.execute(
        f"SELECT f.*, n.mentions, n.articles FROM (SELECT {column} AS id, count(*) AS mentions, count(DISTINCT article_id)"
        f" AS articles FROM {table} WHERE {column}{chosen} GROUP BY {column}) n JOIN (SELECT {column} AS id, article_id, {fields},"
        f" row_number() OVER (PARTITION BY {column} ORDER BY article_id, seq) AS nth FROM {table} WHERE {column}{chosen}) f"
        " ON f.id = n.id AND f.nth = 1", params * 2)


def _chosen(ids: set[str] | None) -> tuple[str, tuple[str, ...]]:
    """SQL choosing the registry ids to recompute (None: every one that has a mention)."""
    if ids is None:
        return " IS NOT NULL", ()
    return " IN (SELECT value FROM json_each(?))", (json_list(ids),)


def link_localities(conn: sqlite3.Connection, scope: Scope | None = None) -> dict[str, str | None]:
    """Resolve the locality mentions of the scope's articles, recompute the `localities` rows they (or replaced
    facts) name from all their mentions, and return each scope article's main province."""
    condition, params = among("m.article_id", scope)
    updates, provinces, units = [], {}, {}
    for article_id, mentions, resolved in _resolved(conn, condition, params):
        provinces[article_id] = main_province(resolved)
        for m, unit in zip(mentions, resolved):
            ident = locality_id(unit, m.name, m.level, m.parent or provinces[article_id])
            updates.append((ident, m.article_id, m.seq))
            units.setdefault(ident, unit)
    conn.executemany("UPDATE locality_mentions SET locality_id = ? WHERE article_id = ? AND seq = ?", updates)
    chosen, ids = _chosen(None if scope is None else set(units) | scope.keys("locality"))
    # A unit's row is the gazetteer's, the same at every link: kept from the last one when there was one.
    kept = {r["id"]: r for r in conn.execute(f"SELECT * FROM localities WHERE id{chosen} AND code IS NOT NULL", ids)} if scope else {}
    conn.execute(f"DELETE FROM localities WHERE id{chosen}", ids)
    rows = []
    for first in _first_mentions(conn, "locality_mentions", "locality_id", "name, level", chosen, ids):
        ident = first["id"]
        unit = units.get(ident)
        if ident in kept:
            row = list(kept[ident])[:11]
        elif unit is not None:
            after = gazetteer.successor(unit)
            row = [ident, unit.name, unit.level, unit.tier, unit.district, unit.province, unit.code, unit.era,
                   after.full_name if after else None, after.level if after else None, after.code if after else None]
        else:
            row = [ident, first["name"], first["level"], None, None, None, None, None, None, None, None]
        rows.append((*row, first["mentions"], first["articles"]))
    conn.executemany("INSERT INTO localities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    return provinces


def _organization_id(name: str, expanded: str | None, level: str | None, locality: str | None,
                     province: str | None) -> tuple[str, str, str | None]:
    """(id, full name, place) of an organization mention; one named without its place takes the article's province."""
    place = locality or (province if level != "central" else None)
    full = expanded or name
    return slug(full if not place or key(place) in key(full) else f"{full} {place}"), full, place


def link_organizations(conn: sqlite3.Connection, scope: Scope | None, provinces: dict[str, str | None]) -> None:
    """One organization per expanded name and place: "Thành ủy" of Đà Nẵng is not "Thành ủy" of Huế.

    Identifies the organization mentions of the scope's articles (`provinces`: each one's main
    province), then recomputes the `organizations` rows they (or replaced facts) name from all their mentions.
    """
    condition, params = among("article_id", scope)
    updates, named = [], set()
    for article_id, seq, name, expanded, level, locality in conn.execute(
            f"SELECT article_id, seq, name, expanded, level, locality FROM organization_mentions WHERE {condition}", params):
        ident = _organization_id(name, expanded, level, locality, provinces.get(article_id))[0]
        updates.append((ident, article_id, seq))
        named.add(ident)
    conn.executemany("UPDATE organization_mentions SET organization_id = ? WHERE article_id = ? AND seq = ?", updates)
    chosen, ids = _chosen(None if scope is None else named | scope.keys("organization"))
    conn.execute(f"DELETE FROM organizations WHERE id{chosen}", ids)
    firsts = list(_first_mentions(conn, "organization_mentions", "organization_id", "name, expanded, kind, level, locality",
                                  chosen, ids))
    elsewhere = {f["article_id"] for f in firsts} - provinces.keys()  # first mentioned in an article outside the scope
    if elsewhere:
        provinces = {**provinces, **{a: main_province(units) for a, _, units in _resolved(
            conn, "m.article_id IN (SELECT value FROM json_each(?))", (json_list(elsewhere),))}}
    rows = []
    for f in firsts:
        _, full, place = _organization_id(f["name"], f["expanded"], f["level"], f["locality"], provinces.get(f["article_id"]))
        rows.append((f["id"], full, f["kind"], f["level"], place, f["mentions"], f["articles"]))
    conn.executemany("INSERT INTO organizations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
