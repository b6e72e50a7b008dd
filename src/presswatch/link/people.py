"""One identity per person across articles: a name, and positions over time.

Mentions of one name are one person unless their positions place them in different provinces
("Bí thư Huyện ủy Điện Bàn" is in Quảng Nam, "Chủ tịch UBND quận Hải Châu" in Đà Nẵng): then they
are as many people as there are provinces, each with an id that names its province. Positions at
the centre (Bộ Chính trị, Quốc hội) and positions naming no place never split a name: such
mentions join the person of that name seen most often.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

import orjson
import regex
import sqlean as sqlite3

from .. import gazetteer, lexicon
from ..text import key, slug
from .places import REFORM_DATE
from .scope import Scope, among, json_list

CENTRAL = "central"
_CENTRAL = lexicon.phrases("central_bodies.txt")
# A run of capitalised syllables: where a place name can be in a position.
_NAME = regex.compile(r"\p{Lu}[\p{Ll}]*(?:\s+\p{Lu}[\p{Ll}]*){0,3}")
_LEVEL_BEFORE = regex.compile(r"(?i:(?:tỉnh|thành phố|tp\.?|quận|huyện|thị xã|phường|xã|thị trấn)|(?:tỉnh|thành|huyện|quận|thị|đảng)\s+ủy)\s*$")


def anchors(position: str, era: str = "legacy") -> set[str]:
    """The provinces a position names (a district or ward name counts for its provinces), or {"central"}.

    Names are looked up among the units of `era` (the article's time: "legacy" before July 2025).
    """
    from ..text import match_form

    text = match_form(position)
    if _CENTRAL.search(text):
        return {CENTRAL}
    found: set[str] = set()
    for m in _NAME.finditer(text):
        words = m.group().split()
        for size in range(len(words), 0, -1):  # the longest place name the run starts with
            name = " ".join(words[:size])
            units = [u for u in gazetteer.lookup(name) if u.era == era]
            provinces = {u.province for u in units if u.tier == "province"}
            if not provinces and _LEVEL_BEFORE.search(text[:m.start()]):
                provinces = {u.province for u in units}
            if provinces:
                found |= provinces
                break
    return found


@dataclass
class Mention:
    article_id: str
    seq: int
    name: str
    positions: list[str]
    published: str | None
    anchor: frozenset[str]


@cache
def _province_2025(name: str) -> str:
    """The province a province became in 2025 (itself when unchanged or already new): anchors compare across eras."""
    legacy = [u for u in gazetteer.lookup(name) if u.tier == "province" and u.era == "legacy"]
    after = gazetteer.successor(legacy[0]) if legacy else None
    return after.name if after else name


def split_name(mentions: list[Mention]) -> list[list[Mention]]:
    """The people behind one name: mentions placed in overlapping provinces (as of 2025) are one person."""
    groups: list[tuple[set[str], list[Mention]]] = []
    floating: list[Mention] = []
    for m in mentions:
        places = {_province_2025(p) for p in m.anchor if p != CENTRAL}
        if not places:
            floating.append(m)
            continue
        touching = [g for g in groups if g[0] & places]
        merged: tuple[set[str], list[Mention]] = (set(places), [m])
        for g in touching:
            merged[0].update(g[0])
            merged[1].extend(g[1])
            groups.remove(g)
        groups.append(merged)
    people = [members for _, members in groups]
    if not people:
        return [floating]
    max(people, key=len).extend(floating)
    return people


def person_ids(name: str, people: list[list[Mention]]) -> list[str]:
    base = slug(name)
    if len(people) == 1:
        return [base]
    out = []
    for members in people:
        places = Counter(p for m in members for p in sorted(m.anchor) if p != CENTRAL)  # sorted: ties go the same way in every process
        out.append(slug(f"{name} {places.most_common(1)[0][0]}"))
    return out


def _mentions(conn: sqlite3.Connection, scope: Scope | None) -> tuple[list[tuple], set[str]]:
    """The person mentions to link again (published, article, seq order) and the person ids they had.

    Every mention of a name spelled alike (one slug: Hùng and Hưng) is linked together, since their
    ids are numbered among them; a family's ids all start with its slug, which finds its mentions
    already linked. For a full link: every mention.
    """
    select = ("SELECT m.article_id, m.seq, m.name, m.positions, a.published, m.person_id FROM person_mentions m"
              " JOIN articles a ON a.id = m.article_id")
    order = " ORDER BY a.published, m.article_id, m.seq"
    if scope is None:
        return conn.execute(select + order).fetchall(), set()
    condition, params = among("m.article_id", scope)
    families = scope.keys("family") | {slug(r[0]) for r in conn.execute(f"SELECT m.name FROM person_mentions m WHERE {condition}", params)}
    rows = [r for r in conn.execute(
        f"{select} WHERE {condition} OR m.rowid IN (SELECT f.rowid FROM json_each(?) j JOIN person_mentions f"
        " ON f.person_id >= j.value AND f.person_id < j.value || '.')" + order, (*params, json_list(families)))  # '.' follows '-'
        if slug(r[2]) in families]
    return rows, {r[5] for r in rows if r[5]} | scope.keys("person")


def link_people(conn: sqlite3.Connection, scope: Scope | None = None) -> None:
    """Recompute `persons`, `person_positions`, person_mentions.person_id, events.chair_id and statements.speaker_id
    for the names the scope's articles mention (or replaced articles mentioned), from all their mentions."""
    rows, old = _mentions(conn, scope)
    if scope is None:
        conn.execute("DELETE FROM persons")
        conn.execute("DELETE FROM person_positions")
    else:
        conn.execute("DELETE FROM persons WHERE id IN (SELECT value FROM json_each(?))", (json_list(old),))
        conn.execute("DELETE FROM person_positions WHERE person_id IN (SELECT value FROM json_each(?))", (json_list(old),))
    by_name: dict[str, list[Mention]] = defaultdict(list)
    cache: dict[tuple[str, str], frozenset[str]] = {}
    for article_id, seq, name, positions, published, _ in rows:
        positions = orjson.loads(positions)
        anchor: set[str] = set()
        era = "2025" if published and published >= REFORM_DATE else "legacy"
        for p in positions:
            if (p, era) not in cache:
                cache[p, era] = frozenset(anchors(p, era))
            anchor |= cache[p, era]
        by_name[key(name)].append(Mention(article_id, seq, name, positions, published, frozenset(anchor)))
    persons, positions_rows, updates = [], [], []
    taken: Counter[str] = Counter()

    def number(base: str) -> str:
        """The id itself, numbered when another spelling folded to it (Hùng, Hưng) or another name's person has it."""
        while True:
            taken[base] += 1
            ident = base if taken[base] == 1 else f"{base}-{taken[base]}"
            if scope is None or conn.execute("SELECT 1 FROM persons WHERE id = ?", (ident,)).fetchone() is None:
                return ident

    for mentions in by_name.values():
        name = Counter(m.name for m in mentions).most_common(1)[0][0]
        people = split_name(mentions)
        for ident, members in zip(person_ids(name, people), people):
            ident = number(ident)
            dates = sorted(m.published for m in members if m.published)
            places = Counter(p for m in members for p in sorted(m.anchor))
            persons.append((ident, name, places.most_common(1)[0][0] if places else None, len(members),
                            len({m.article_id for m in members}), dates[0] if dates else None, dates[-1] if dates else None))
            held: dict[str, list[Mention]] = defaultdict(list)
            for m in members:
                updates.append((ident, m.article_id, m.seq))
                for p in m.positions:
                    held[p].append(m)
            for position, ms in held.items():
                seen = sorted(m.published for m in ms if m.published)
                positions_rows.append((ident, position, seen[0] if seen else None, seen[-1] if seen else None,
                                       len({m.article_id for m in ms})))
    conn.executemany("INSERT INTO persons VALUES (?, ?, ?, ?, ?, ?, ?)", persons)
    conn.executemany("INSERT INTO person_positions VALUES (?, ?, ?, ?, ?)", positions_rows)
    conn.executemany("UPDATE person_mentions SET person_id = ? WHERE article_id = ? AND seq = ?", updates)
    # Chairs and speakers are named as in the article's people list: link them through it.
    if scope is None:
        condition, params = "1", ()
    else:
        condition, params = "article_id IN (SELECT value FROM json_each(?))", (json_list({r[0] for r in rows} | scope.articles),)
    for table, column, id_column in (("events", "chair", "chair_id"), ("statements", "speaker", "speaker_id")):
        conn.execute(f"UPDATE {table} SET {id_column} = (SELECT m.person_id FROM person_mentions m"
                     f" WHERE m.article_id = {table}.article_id AND m.name = {table}.{column} ORDER BY m.seq LIMIT 1)"
                     f" WHERE {condition}", params)
