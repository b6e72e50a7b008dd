"""The link stage linking only what each batch changed gives the registry a full link gives.

A store filled in parts (each ingest linked incrementally, some of them replacing pages stored
before: a directive no longer cited, a chair renamed, a story's version rewritten) must hold the
same people, organizations, localities, directives, relations, contradictions and stories, and the
same link columns, as the same articles ingested at once and linked whole. The articles are
tests/genre.py's generated world.
"""

from __future__ import annotations

import re
from pathlib import Path

import orjson
import pytest
import sqlean as sqlite3

import genre
import presswatch.link
import presswatch.link.scope
from presswatch.link import link
from presswatch.store import connect
from presswatch.store.ingest import ingest

WORLD = genre.articles(sessions=90, seed=23)
RENAMED = "Trịnh Quốc Vượng"  # a name no other piece of the world has
REGISTRY = {
    "directives": "SELECT * FROM directives",
    "directive_relations": "SELECT * FROM directive_relations",
    "persons": "SELECT * FROM persons",
    "person_positions": "SELECT * FROM person_positions",
    "organizations": "SELECT * FROM organizations",
    "localities": "SELECT * FROM localities",
    "contradictions": "SELECT kind, subject, decided, detail FROM contradictions",
    "stories": "SELECT size, title, first_published, last_published,"  # a story by its articles: ids are numbers given in turn
               " (SELECT group_concat(id, ' ') FROM (SELECT id FROM articles WHERE story_id = s.id ORDER BY id)) FROM stories s",
    "links": "SELECT 'citation', article_id, seq, directive_key FROM citations"
             " UNION ALL SELECT 'person', article_id, seq, person_id FROM person_mentions"
             " UNION ALL SELECT 'organization', article_id, seq, organization_id FROM organization_mentions"
             " UNION ALL SELECT 'locality', article_id, seq, locality_id FROM locality_mentions"
             " UNION ALL SELECT 'chair', article_id, seq, chair_id FROM events"
             " UNION ALL SELECT 'counterpart', article_id, seq, counterpart_locality_id FROM events"
             " UNION ALL SELECT 'speaker', article_id, seq, speaker_id FROM statements",
}


def registry(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as conn:
        return {name: sorted((tuple(r) for r in conn.execute(query)), key=repr) for name, query in REGISTRY.items()}


def edited(pieces: list[genre.Piece]) -> list[dict]:
    """New versions of stored pages (same URL): one drops its directives, one renames its chair, one tells
    another story; so the link must also undo what the old versions linked."""
    cited = next(p for p in pieces if p.directives)
    chaired = next(p for p in pieces if p.chair and p is not cited)
    told, other = [p for p in pieces if p.story.startswith("lam-viec") and p not in (cited, chaired)][:2]
    return [
        {**cited.record, "text": "\n".join(line for line in cited.record["text"].split("\n") if not re.search(r"số \d", line))},
        {**chaired.record, "text": chaired.record["text"].replace(chaired.chair, RENAMED)},
        {**told.record, "text": other.record["text"]},
    ]


def ingest_file(db: Path, records: list[dict], name: str) -> None:
    path = db.parent / f"{name}.jsonl"
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    ingest([str(path)], connect(db), workers=1)


@pytest.fixture(scope="module")
def parts() -> list[list[dict]]:
    """The world in four ingests: two thirds first, then the rest in three parts, the last with edited pages."""
    first = [p for n, p in enumerate(WORLD) if n % 3]
    rest = [p.record for n, p in enumerate(WORLD) if not n % 3]
    return [[p.record for p in first], rest[: len(rest) // 2], rest[len(rest) // 2:], edited(first)]


@pytest.fixture(scope="module")
def at_once(parts, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("once") / "once.db"
    ingest_file(db, [r for part in parts for r in part], "all")
    with connect(db) as conn:
        link(conn, full=True)
    return db


@pytest.fixture(scope="module")
def in_parts(parts, tmp_path_factory) -> tuple[Path, list[bool]]:
    """The parts ingested one after another, each linked incrementally (never whole for being a large share)."""
    db = tmp_path_factory.mktemp("parts") / "parts.db"
    scoped: list[bool] = []
    real = presswatch.link.queued

    def spy(conn: sqlite3.Connection):
        scope = real(conn)
        scoped.append(scope is not None)
        return scope

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(presswatch.link.scope, "FULL_SHARE", 1.0)
        patch.setattr(presswatch.link, "queued", spy)
        for n, part in enumerate(parts):
            ingest_file(db, part, f"part-{n}")
    return db, scoped


def test_every_part_was_linked_incrementally(in_parts):
    _, scoped = in_parts
    assert scoped == [True] * 4


@pytest.mark.parametrize("table", list(REGISTRY))
def test_linking_in_parts_gives_the_registry_of_linking_at_once(in_parts, at_once, table):
    db, _ = in_parts
    assert registry(db)[table] == registry(at_once)[table]


def test_the_edits_undid_what_the_old_versions_linked(in_parts, parts):
    db, _ = in_parts
    with sqlite3.connect(db) as conn:
        cited, chaired, told = (conn.execute("SELECT id FROM articles WHERE url = ?", (r["url"],)).fetchone()[0] for r in parts[3])
        assert conn.execute("SELECT count(*) FROM citations WHERE article_id = ?", (cited,)).fetchone()[0] == 0
        chairs = [r[0] for r in conn.execute("SELECT p.name FROM events e JOIN persons p ON p.id = e.chair_id WHERE e.article_id = ?",
                                             (chaired,))]
        assert chairs == [RENAMED]
        story = conn.execute("SELECT story_id FROM articles WHERE id = ?", (told,)).fetchone()[0]
        assert story is not None  # the text of another story's version: a near-duplicate of it


def test_a_store_linked_in_parts_is_unchanged_by_a_full_link(in_parts, tmp_path):
    db, _ = in_parts
    copy = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    before = registry(copy)
    with connect(copy) as conn:
        link(conn, full=True)
    assert registry(copy) == before


def test_a_pending_link_from_before_the_queue_links_everything(tmp_path):
    db = tmp_path / "old.db"
    ingest_file(db, [p.record for p in WORLD[:12]], "old")
    with sqlite3.connect(db) as conn:  # as a database of the previous schema, killed before its link
        conn.execute("DROP TABLE link_queue")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'link_pending'")
        conn.execute("DELETE FROM persons")
    conn = connect(db)
    assert [tuple(r) for r in conn.execute("SELECT kind FROM link_queue")] == [("all",)]
    link(conn)
    assert conn.execute("SELECT count(*) FROM persons").fetchone()[0] > 0
    assert conn.execute("SELECT count(*) FROM link_queue").fetchone()[0] == 0
