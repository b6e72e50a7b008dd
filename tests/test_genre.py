"""tests/genre.py, the generated world the store, API, dashboard and Spark tests build their databases from.

Those tests take their expectations from the world's ground truth (who chaired, which unit reported,
when, which directives): it must be the same on every run, written here rather than taken from the
dev articles, and what the extractor reads in the working sessions.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

import genre
from conftest import REPO
from presswatch import extract_text
from presswatch.text import key

WORLD = genre.articles()
SAMPLE = sorted((REPO / "sample").glob("*.txt"))


def test_the_same_arguments_give_the_same_articles():
    assert genre.records(genre.articles()) == genre.records(WORLD)
    assert genre.records(genre.articles(seed=17)) != genre.records(WORLD)
    assert len({p.record["id"] for p in WORLD}) == len(WORLD)
    assert len(genre.articles(sessions=30)) < len(WORLD)


def test_text_is_nfc_and_dated():
    for piece in WORLD:
        record = piece.record
        assert unicodedata.is_normalized("NFC", record["title"] + record["text"]), record["id"]
        assert re.fullmatch(r"20(1[6-9]|2[0-5])-\d\d-\d\dT\d\d:\d\d", record["date"]), record["id"]


def test_nothing_of_the_dev_articles():
    """No sentence of the bundled dev articles (sample/), and none of the world's people named in them."""
    assert len(SAMPLE) == 5
    dev = key(" ".join(p.read_text(encoding="utf-8") for p in SAMPLE))
    sentences = {s for p in SAMPLE for s in re.split(r"(?<=[.!?])\s+|\n", p.read_text(encoding="utf-8")) if len(s.strip()) >= 40}
    text = key(" ".join(p.text for p in WORLD))
    assert not [s for s in sentences if key(s) in text]
    people = {name for p in WORLD for name in p.people} | {w.secretary for w in genre.WARDS} | {o.name for o in genre.CHAIRS}
    assert len(people) > 100
    assert not [n for n in people if re.search(rf"(?<!\w){re.escape(key(n))}(?!\w)", dev)]
    numbers = {d for p in WORLD for d in p.directives}
    assert not [d for d in numbers if d in dev]


def test_the_world_holds_what_the_tests_rely_on():
    stories = {}
    for piece in WORLD:
        stories.setdefault(piece.story, []).append(piece)
    assert max(len(v) for v in stories.values()) == 3 and sum(len(v) > 1 for v in stories.values()) > 30
    chairs = {p.chair for p in WORLD if p.kind == "working_session"}
    assert {genre.LEADER.name, genre.MOBILISER.name} <= chairs
    years = {p.record["date"][:4] for p in WORLD}
    assert years == {str(y) for y in range(2016, 2026)}
    after = [p for p in WORLD if p.ward and p.event_date and p.event_date >= genre.REFORM]
    assert after and all(p.ward.after in p.counterpart for p in after)  # the merged ward's name after July 2025
    positions = {genre.LEADER.position(p.event_date) for p in WORLD if p.chair == genre.LEADER.name and p.event_date}
    assert len(positions) == len(genre.LEADER.career)


SESSIONS = [p for p in WORLD if p.kind == "working_session"]


@pytest.mark.parametrize("piece", SESSIONS[::7], ids=lambda p: p.record["id"])
def test_a_working_session_extracts_as_written(piece):
    """The chair, the unit reviewed, the day, the directives and (in the portal's words) the petition."""
    article = extract_text(piece.text, date=piece.record["date"])
    sessions = [e for e in article.facts["events"] if e.type == "working_session"]
    assert [(e.chair, e.date) for e in sessions] == [(piece.chair, piece.event_date.isoformat())]
    assert key(piece.counterpart.removeprefix("Đảng ủy ")) in key(sessions[0].counterpart)
    assert set(piece.directives) <= {d.id for d in article.facts["directives"]}
    assert set(piece.people) <= {p.name for p in article.facts["people"]}
    petitions = [s for s in article.facts["statements"] if s.type == "petition"]
    if "Đảng ủy phường kiến nghị" in piece.record["text"]:
        assert len(petitions) == 1 and petitions[0].text.count(";") == piece.petitions - 1
