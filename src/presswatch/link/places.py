"""Localities resolved against the gazetteer, with their 2025 successors; organizations given one identity.

A mention ("phường Mỹ An", level phường) is matched to the units of that name and level. Several
wards share most names, so the article decides: a stated parent, else the provinces and districts
of the article's other, unambiguous mentions, else the era of its publication date. A mention that
stays ambiguous or is not in the gazetteer is kept as its own locality, without a code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import sqlean as sqlite3

from .. import gazetteer
from ..gazetteer import Unit
from ..text import key, slug

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
    if m.parent:
        under = [u for u in found if key(m.parent) in (key(u.district or ""), key(u.province))]
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


def locality_id(unit: Unit | None, name: str, level: str | None) -> str:
    if unit is None:
        return slug(f"{level or 'noi'} {name}")
    return slug(f"{unit.level} {unit.name} {unit.code}") + ("-2025" if unit.era == "2025" else "")


def main_province(units: list[Unit | None]) -> str | None:
    """The province an article is about: the one its resolved localities fall in most."""
    counts = Counter(u.province for u in units if u is not None)
    return counts.most_common(1)[0][0] if counts else None


def link_localities(conn: sqlite3.Connection) -> dict[str, str | None]:
    """Rebuild `localities` and locality_mentions.locality_id; return each article's main province."""
    conn.execute("DELETE FROM localities")
    by_article: dict[str, list[Mention]] = defaultdict(list)
    for row in conn.execute("SELECT m.article_id, m.seq, m.name, m.level, m.parent, a.published FROM locality_mentions m"
                            " JOIN articles a ON a.id = m.article_id ORDER BY m.article_id, m.seq"):
        by_article[row[0]].append(Mention(*row))
    rows: dict[str, list] = {}
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    updates, provinces = [], {}
    for article_id, mentions in by_article.items():
        units = resolve_article(mentions)
        provinces[article_id] = main_province(units)
        for m, unit in zip(mentions, units):
            ident = locality_id(unit, m.name, m.level)
            updates.append((ident, m.article_id, m.seq))
            counts[ident] += 1
            articles[ident].add(article_id)
            if ident in rows:
                continue
            if unit is None:
                rows[ident] = [ident, m.name, m.level, None, None, None, None, None, None, None, None]
            else:
                after = gazetteer.successor(unit)
                rows[ident] = [ident, unit.name, unit.level, unit.tier, unit.district, unit.province, unit.code, unit.era,
                               after.full_name if after else None, after.level if after else None, after.code if after else None]
    conn.executemany("INSERT INTO localities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [(*row, counts[ident], len(articles[ident])) for ident, row in rows.items()])
    conn.executemany("UPDATE locality_mentions SET locality_id = ? WHERE article_id = ? AND seq = ?", updates)
    return provinces


def link_organizations(conn: sqlite3.Connection, provinces: dict[str, str | None]) -> None:
    """One organization per expanded name and place: "Thành ủy" of Đà Nẵng is not "Thành ủy" of Huế.

    An organization named without its place takes the article's main province.
    """
    conn.execute("DELETE FROM organizations")
    rows: dict[str, list] = {}
    counts: Counter[str] = Counter()
    articles: dict[str, set[str]] = defaultdict(set)
    updates = []
    for article_id, seq, name, expanded, kind, level, locality in conn.execute(
            "SELECT article_id, seq, name, expanded, kind, level, locality FROM organization_mentions"):
        place = locality or (provinces.get(article_id) if level != "central" else None)
        full = expanded or name
        ident = slug(full if not place or key(place) in key(full) else f"{full} {place}")
        updates.append((ident, article_id, seq))
        counts[ident] += 1
        articles[ident].add(article_id)
        rows.setdefault(ident, [ident, full, kind, level, place])
    conn.executemany("INSERT INTO organizations VALUES (?, ?, ?, ?, ?, ?, ?)",
                     [(*row, counts[ident], len(articles[ident])) for ident, row in rows.items()])
    conn.executemany("UPDATE organization_mentions SET organization_id = ? WHERE article_id = ? AND seq = ?", updates)
