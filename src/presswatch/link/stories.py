"""Stories: articles about the same event, found by MinHash LSH over their rare word pairs.

Outlets rewrite a story in their own words, so two reports of one event share few word pairs
(Jaccard 0.05-0.2) once the pairs every article uses ("ban chấp hành", "cho biết") are left out;
syndicated copies share most. Candidates come from datasketch's LSH, a pair is kept when its
estimated Jaccard passes the threshold (and, when both are dated, they are at most a week apart),
and connected articles form one story. Every source stays: a story is a group, nothing is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from functools import cache

from datasketch import MinHash, MinHashLSH
import numpy as np
import sqlean as sqlite3

from .. import lexicon
from ..text import fold
from .scope import Scope, json_list

NUM_PERM = 128
SCHEME = "affine32"  # 32-bit hash values: 512 bytes an article
THRESHOLD = 0.05  # estimated Jaccard of rare word pairs; chosen on baomoi-2013's labelled clusters (benchmarks/stories.py)
LINKAGE = 0.5  # groups join when all their cross pairs reach THRESHOLD × LINKAGE
NEAR_DUPLICATE = 0.5  # copies of one text: found whatever their dates
MAX_DAYS_APART = 7
_WORD = re.compile(r"\w+")


@cache
def _common() -> frozenset[str]:
    return frozenset(" ".join(fold(w) for w in line.split()) for line in lexicon.words("common_pairs.txt"))


def pairs(text: str, common: frozenset[str] | None = None) -> set[str]:
    """Adjacent word pairs, accents folded, without the corpus-wide common ones."""
    common = _common() if common is None else common
    words = _WORD.findall(fold(text))
    return {p for p in map(" ".join, zip(words, words[1:])) if p not in common}


def signature(title: str | None, body: str) -> bytes | None:
    """The MinHash of an article, as stored in articles.minhash; None when it has too little text."""
    shingles = pairs(f"{title or ''}\n{body}")
    if len(shingles) < 5:
        return None
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch([s.encode("utf-8") for s in shingles])
    return m.hashvalues.astype("<u4").tobytes()


@cache
def _permutations() -> np.ndarray:
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def _minhash(blob: bytes) -> MinHash:
    """A stored signature as datasketch's MinHash (its permutations made once: they take longer than the rest)."""
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype="<u4"), permutations=_permutations(), scheme=SCHEME)


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


@cache
def _bands(threshold: float) -> tuple[int, int]:
    """The LSH's bands and rows for a threshold: datasketch integrates for them on every new index (0.03 s),
    and a store spanning ten years builds one index a week."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _candidates(hashes: list[MinHash], groups: Iterable[tuple[list[int], list[int]]], threshold: float) -> set[tuple[int, int]]:
    """Pairs (i < j) that collide in an LSH index: each group indexes its second list and queries its first."""
    found: set[tuple[int, int]] = set()
    for queried, indexed in groups:
        lsh = MinHashLSH(num_perm=NUM_PERM, params=_bands(threshold))
        with lsh.insertion_session() as session:
            for i in indexed:
                session.insert(i, hashes[i])
        for i in queried:
            found.update((min(i, j), max(i, j)) for j in lsh.query(hashes[i]) if j != i)
    return found


def _weeks(days: list[date | None]) -> Iterable[tuple[list[int], list[int]]]:
    """For each week with dated articles: its articles, and those of it and the week before."""
    by_week: dict[int, list[int]] = {}
    for i, day in enumerate(days):
        if day:
            by_week.setdefault(day.toordinal() // 7, []).append(i)
    for week, members in sorted(by_week.items()):
        yield members, members + by_week.get(week - 1, [])


def cluster(items: Iterable[tuple[str, bytes | None, str | None]], threshold: float = THRESHOLD) -> dict[str, str]:
    """(article id, signature, published) → story root id of each article that has company.

    Rewritten reports of one event share few rare pairs, so they are looked for only among
    articles of the same or the previous week, where a low threshold is affordable; copies
    (NEAR_DUPLICATE) are found across all articles, dated or not. The closest pairs are joined
    first, and two groups join only when every article of one is at least half the threshold
    from every article of the other (complete linkage), so a chain of loosely related reports
    does not become one story.
    """
    ids, hashes, days = [], [], []
    for ident, blob, published in sorted(items, key=lambda item: item[0]):  # by id: the same stories whatever the order given
        if blob:
            ids.append(ident)
            hashes.append(_minhash(blob))
            days.append(_day(published))
    everyone = list(range(len(ids)))
    pairs_ = _candidates(hashes, [(everyone, everyone)], max(threshold, NEAR_DUPLICATE))
    pairs_ |= _candidates(hashes, _weeks(days), threshold)
    matrix = np.stack([m.hashvalues for m in hashes]) if hashes else np.zeros((0, NUM_PERM))

    def near(i: int, j: int) -> float:
        if days[i] and days[j] and abs((days[i] - days[j]).days) > MAX_DAYS_APART:
            return 0.0
        return float(np.count_nonzero(matrix[i] == matrix[j])) / NUM_PERM

    owner = list(range(len(ids)))
    members = {i: [i] for i in range(len(ids))}
    for similarity, i, j in sorted(((near(i, j), i, j) for i, j in pairs_), reverse=True):
        if similarity < threshold:
            break
        a, b = owner[i], owner[j]
        if a == b or any(near(x, y) < threshold * LINKAGE for x in members[a] for y in members[b]):
            continue
        for x in members[b]:
            owner[x] = a
        members[a].extend(members.pop(b))
    return {ids[i]: ids[min(group)] for group in members.values() if len(group) > 1 for i in group}


def _matrix(blobs: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), NUM_PERM) if blobs else np.zeros((0, NUM_PERM), "<u4")


def _band_keys(matrix: np.ndarray, threshold: float) -> np.ndarray:
    """One number per LSH band of `threshold`'s index (equal bands, equal numbers; rarely, unequal ones too)."""
    b, r = _bands(threshold)
    bands = matrix[:, :b * r].reshape(len(matrix), b, r).astype(np.uint64)
    return (bands * (np.uint64(0x9E3779B97F4A7C15) ** np.arange(r, dtype=np.uint64))).sum(axis=2, dtype=np.uint64)


class _Shared:
    """Who shares a band with an article in one LSH index: a binary search in each band's sorted keys."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = keys
        order = np.argsort(keys, axis=0, kind="stable")
        self.order = np.ascontiguousarray(order.T)
        self.sorted = np.ascontiguousarray(np.take_along_axis(keys, order, axis=0).T)

    def with_(self, i: int) -> np.ndarray:
        return np.concatenate([order[np.searchsorted(column, key, "left"):np.searchsorted(column, key, "right")]
                               for order, column, key in zip(self.order, self.sorted, self.keys[i])])


def connected(blobs: list[bytes], published: list[str | None], seeds: list[int], threshold: float = THRESHOLD) -> list[int]:
    """The articles `cluster` may join with the seeds, directly or through others: every pair that collides in
    one of its LSH indexes and passes the threshold links two articles. Stories never span two such
    groups, so clustering the group gives what clustering all articles gives for them."""
    matrix = _matrix(blobs)
    days = [_day(p) for p in published]
    dated = np.array([d is not None for d in days], dtype=bool)
    ordinal = np.array([d.toordinal() if d else 0 for d in days], dtype=np.int64)
    copies = _Shared(_band_keys(matrix, max(threshold, NEAR_DUPLICATE)))
    weekly = _band_keys(matrix, threshold)
    by_week = np.flatnonzero(dated)[np.argsort(ordinal[dated] // 7, kind="stable")]  # dated articles, week by week
    weeks = ordinal[by_week] // 7
    seen = np.zeros(len(blobs), dtype=bool)
    seen[seeds] = True
    frontier = list(seeds)
    while frontier:
        i = frontier.pop()
        candidates = copies.with_(i)
        if dated[i]:  # cluster's weekly indexes: the same week or the one before or after
            week = ordinal[i] // 7
            near = by_week[np.searchsorted(weeks, week - 1, "left"):np.searchsorted(weeks, week + 1, "right")]
            candidates = np.concatenate([candidates, near[(weekly[near] == weekly[i]).any(axis=1)]])
        candidates = np.unique(candidates[~seen[candidates]])
        similar = np.count_nonzero(matrix[candidates] == matrix[i], axis=1) / NUM_PERM >= threshold
        if dated[i]:
            similar &= ~dated[candidates] | (np.abs(ordinal[candidates] - ordinal[i]) <= MAX_DAYS_APART)
        linked = candidates[similar]
        seen[linked] = True
        frontier.extend(linked.tolist())
    return np.flatnonzero(seen).tolist()


def link_stories(conn: sqlite3.Connection, scope: Scope | None = None) -> None:
    """Recompute the stories of the scope's articles and of the stories replaced articles were in: those
    articles and all they connect to (`connected`) are clustered again; the other stories stay as they are."""
    rows = conn.execute("SELECT id, minhash, published, story_id FROM articles WHERE minhash IS NOT NULL").fetchall()
    if scope is None:
        chosen = rows
        conn.execute("DELETE FROM stories")
        conn.execute("UPDATE articles SET story_id = NULL WHERE story_id IS NOT NULL")
    else:
        stories = {int(k) for k in scope.keys("story")}
        seeds = [i for i, r in enumerate(rows) if r["id"] in scope.articles or r["story_id"] in stories]
        chosen = [rows[i] for i in connected([r["minhash"] for r in rows], [r["published"] for r in rows], seeds)] if seeds else []
        stale = json_list(stories | {r["story_id"] for r in chosen if r["story_id"] is not None})
        conn.execute("DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?))", (stale,))
        conn.execute("UPDATE articles SET story_id = NULL WHERE story_id IN (SELECT value FROM json_each(?))", (stale,))
    roots = cluster((r["id"], r["minhash"], r["published"]) for r in chosen)
    first = (conn.execute("SELECT max(id) FROM stories").fetchone()[0] or 0) + 1
    numbers = {root: first + n for n, root in enumerate(dict.fromkeys(roots.values()))}
    conn.executemany("UPDATE articles SET story_id = ? WHERE id = ?", [(numbers[r], a) for a, r in roots.items()])
    conn.execute(
        "INSERT INTO stories(id, size, title, first_published, last_published)"
        " SELECT story_id, count(*), (SELECT title FROM articles b WHERE b.story_id = a.story_id ORDER BY b.published, b.id LIMIT 1),"
        " min(published), max(published) FROM articles a WHERE story_id >= ? GROUP BY story_id", (first,))
