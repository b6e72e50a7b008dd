"""Search that means what a Vietnamese reader typed (issue 15) and that no query can freeze (issue 14).

The store holds tests/genre.py's world (ten years of a city's working sessions) and a few articles
written here to tell spellings apart: old and new tone placement (hòa / hoà, thủy / thuỷ, Ủy / Uỷ),
đ and d (đi, di, dì), and "chính … đơn … đang" scattered where "chỉnh đốn Đảng" is not. Every
count asserted is what `contained` finds in the stored title and body: an independent reading of
the rule (query.py) as a scan of the text's syllables, with no FTS5 in it.
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import threading
from pathlib import Path

import orjson
import pytest
import sqlean as sqlite3
from fastapi.testclient import TestClient

import genre
from presswatch.serve import search as search_module
from presswatch.serve.api import Settings, create_app
from presswatch.serve.query import MAX_PREFIXES, MAX_WORDS, MIN_PREFIX, parse
from presswatch.serve.search import Filters, QueryError, SearchTimeout, search
from presswatch.store import WEIGHTS, StoreError, _load_ranking, connect
from presswatch.store.ingest import ingest
from presswatch.text import fold, key

WORLD = genre.articles()


def _article(n: int, title: str, body: str) -> dict:
    url = f"https://example.vn/tra-cuu/{n}"
    return {"id": url, "url": url, "date": f"2024-03-{n:02d}T08:00", "title": title, "text": body}


PROBES = [
    _article(1, "Hội nghị hòa giải ở cơ sở", "Sáng 12-3, Ủy ban Mặt trận Tổ quốc phường tổ chức hội nghị về công tác hòa giải"
             " ở cơ sở.\nCác tổ hòa giải đã giải quyết 14 vụ việc trong năm."),
    _article(2, "Tập huấn công tác hoà giải", "Phòng Tư pháp quận mở lớp tập huấn cho 60 hoà giải viên.\nUỷ ban nhân dân"
             " quận chỉ đạo các phường cử đủ người tham dự."),
    _article(3, "Kiểm tra công trình thủy lợi", "Đoàn công tác kiểm tra hệ thống thủy lợi nội đồng trước mùa mưa bão.\n"
             "Thuỷ lợi phí năm nay tiếp tục được miễn cho các hộ nông dân."),
    _article(4, "Xây dựng, chỉnh đốn Đảng trong tình hình mới", "Đảng ủy phường tiếp tục đẩy mạnh xây dựng, chỉnh đốn"
             " Đảng.\nNhiều đảng viên đang tích cực học tập và làm theo gương Bác."),
    _article(5, "Chính quyền điện tử đang được triển khai", "Nhiều thủ tục đơn giản được số hóa, định dạng văn bản được"
             " thống nhất.\nChính quyền phường đang rà soát từng hồ sơ một cửa."),
    _article(6, "Đi cơ sở nắm tình hình", "Lãnh đạo huyện đi cơ sở để lắng nghe ý kiến của nhân dân.\nViệc di dời các hộ"
             " dân ra khỏi vùng sạt lở đã hoàn thành."),
    _article(7, "Tấm lòng người dì", "Câu chuyện về dì Hai nhận nuôi ba trẻ mồ côi được nhiều người trong xóm biết đến."),
    _article(8, "Học tập chuyên đề năm 2024", "Chi bộ khu dân cư sinh hoạt chuyên đề theo Nghị quyết số 35-NQ/TƯ, đầu tư"
             " thời gian cho từng nội dung.\nCác đảng viên thảo luận sôi nổi."),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    source = folder / "world.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in genre.records(WORLD) + PROBES))
    path = folder / "search.db"
    summary = ingest([str(source)], connect(path), workers=2)
    assert summary.new == len(WORLD) + len(PROBES) and not summary.failed
    return path


@pytest.fixture(scope="module")
def conn(db) -> sqlite3.Connection:
    return connect(db, readonly=True)


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(Settings(db)))


# --- the oracle: the rule applied to the stored text, syllable by syllable ---------------------------

SYLLABLE = re.compile(r"[^\W_]+")


def _fits(token: str, word: str, prefix: bool) -> bool:
    """A word typed with marks (or đ) matches its spelling (case and tone placement aside); one typed
    without matches any marks; a prefix matches the beginning."""
    exact = fold(word) != word.casefold()
    have, want = (key(token), key(word)) if exact else (fold(token), fold(word))
    return have.startswith(want) if prefix else have == want


def _holds(text: str, words: list[str]) -> bool:
    tokens = SYLLABLE.findall(text)
    wanted = [(w.rstrip("*"), w.endswith("*")) for w in words]
    return any(all(_fits(tokens[i + j], w, p) for j, (w, p) in enumerate(wanted)) for i in range(len(tokens) - len(wanted) + 1))


def contained(conn: sqlite3.Connection, phrase: str) -> set[str]:
    """The articles whose title or body holds the phrase's words side by side (title and body apart, as indexed)."""
    words = SYLLABLE.findall(phrase) if "*" not in phrase else phrase.split()
    return {i for i, title, body in conn.execute("SELECT id, coalesce(title, ''), body FROM articles")
            if _holds(title, words) or _holds(body, words)}


def found(conn: sqlite3.Connection, query: str, **options) -> tuple[int, set[str]]:
    results = search(conn, query, limit=1000, facets=0, **options)
    return results.total, {h.article_id for h in results.hits}


def ids(conn: sqlite3.Connection, *numbers: int) -> set[str]:
    urls = [f"https://example.vn/tra-cuu/{n}" for n in numbers]
    return {r[0] for r in conn.execute(f"SELECT id FROM articles WHERE url IN ({','.join('?' * len(urls))})", urls)}


# --- what the words mean ----------------------------------------------------------------------------

PHRASES = ["chỉnh đốn Đảng", "Ban Thường vụ Thành ủy", "Đảng ủy phường", "Thành ủy", "Hải Phòng", genre.LEADER.name,
           "hòa giải", "hoà giải", "thủy lợi", "Uỷ ban", "Ủy ban nhân dân", "đi cơ sở", "dì", "đi", "Đảng", "đang",
           "Kết luận số 63-KL/TW"]


@pytest.mark.parametrize("query", PHRASES + [fold(p) for p in PHRASES] + ["chinh don Đảng", "Đảng uy phuong", "Thành uy"])
def test_the_total_is_every_article_holding_the_words_as_typed(conn, query):
    """Accented words match their accents (tone placement aside), words without accents any; the words side by side."""
    expected = contained(conn, query)
    total, hits = found(conn, query)
    assert total == len(expected) and hits == expected, query


def test_accents_are_what_was_typed(conn):
    assert found(conn, "hòa giải")[1] == found(conn, "hoà giải")[1] >= ids(conn, 1, 2)  # one word, two placements
    assert found(conn, "thuỷ lợi")[1] >= ids(conn, 3) and found(conn, "Ủy ban")[1] == found(conn, "Uỷ ban")[1] >= ids(conn, 1, 2)
    assert found(conn, "đi")[1] & ids(conn, 6, 7) == ids(conn, 6)  # đ is not d: đi is not dì
    assert found(conn, "dì")[1] & ids(conn, 6, 7) == ids(conn, 7)
    assert ids(conn, 6, 7) <= found(conn, "di")[1]  # no accents: đi, di, dì
    party, now = found(conn, "Đảng")[1], found(conn, "đang")[1]
    assert ids(conn, 4) <= party and ids(conn, 5) <= now - party and party | now <= found(conn, "dang")[1]


def test_a_number_symbol_is_found_however_its_issuer_is_written(conn):
    """Readers type 35-NQ/TW; party papers print 35-NQ/TƯ (or T.Ư): lexicon/issuers.tsv's spellings of TW."""
    assert found(conn, "35-NQ/TW")[1] == found(conn, "35-NQ/TƯ")[1] == found(conn, "Nghị quyết số 35-NQ/TW")[1] == ids(conn, 8)
    assert len(search(conn, "35-NQ/TW").query.reading()["phrases"]) == 3
    assert [p["text"] for p in search(conn, "đầu tư").query.reading()["phrases"]] == ['"đầu tư"']  # "tư" is a word too
    assert ids(conn, 8) <= found(conn, "đầu tư")[1]


def test_words_typed_together_are_a_phrase_unless_any_order_is_asked(conn):
    """"chinh don dang" scattered through an article (chính … đơn … đang) is not the phrase; with
    order="any" it is, and the phrase itself ranks first."""
    assert ids(conn, 4) <= found(conn, "chinh don dang")[1] and not ids(conn, 5) & found(conn, "chinh don dang")[1]
    anywhere = search(conn, "chinh don dang", order="any", limit=1000, facets=0)
    assert ids(conn, 5) <= {h.article_id for h in anywhere.hits}
    words = [contained(conn, w) for w in ("chinh", "don", "dang")]
    assert anywhere.total == len(words[0] & words[1] & words[2])
    together = contained(conn, "chinh don dang")
    assert {h.article_id for h in anywhere.hits[:len(together)]} == together
    assert anywhere.query.reading()["order"] == "any" and search(conn, "chinh don dang").query.reading()["order"] == "phrase"


def test_or_exclusion_quotes_and_prefixes(conn):
    city, other = contained(conn, genre.CITY), contained(conn, genre.OTHER_CITY)
    assert found(conn, f"{genre.CITY} OR {genre.OTHER_CITY}") == (len(city | other), city | other)
    assert found(conn, f'"Thành ủy" -"{genre.OTHER_CITY}"')[0] == len(contained(conn, "Thành ủy") - other)
    assert found(conn, f'"Thành ủy" NOT "{genre.OTHER_CITY}"') == found(conn, f'"Thành ủy" -"{genre.OTHER_CITY}"')
    two = contained(conn, "Thành ủy") & contained(conn, "hòa giải")
    assert found(conn, '"Thành ủy" "hòa giải"') == (len(two), two)
    grouped = (city | other) & contained(conn, "chỉnh đốn Đảng")
    assert found(conn, f'({genre.CITY} OR {genre.OTHER_CITY}) "chỉnh đốn Đảng"') == (len(grouped), grouped)
    leader = genre.LEADER.name.split()
    prefixed = " ".join(leader[:-1]) + " " + leader[-1][:2] + "*"
    assert found(conn, prefixed)[1] == contained(conn, prefixed) >= contained(conn, genre.LEADER.name) > set()
    assert found(conn, "hòa gi*")[1] == contained(conn, "hòa gi*") >= ids(conn, 1, 2)


@pytest.mark.parametrize("query, key", [
    ('"chưa đóng', "query_quote"), ("AND", "query_no_words"), ("NEAR(", "query_paren"), ("***", "query_no_words"),
    ("a ) b", "query_paren"), ("Hà Nội OR", "query_or"), ("-tham nhũng", "query_only_excluded"), ("", "query_empty"),
    ("h* lợi", "query_short_prefix"), ("xã " * 500, "query_too_many_words"),
    (" OR ".join(f"{c}*" for c in "abcdeghiklmnopqrstuvxy"), "query_too_many_prefixes"),
])
def test_a_query_that_cannot_be_searched_says_what_to_change(conn, query, key):
    with pytest.raises(QueryError) as raised:
        search(conn, query)
    assert raised.value.key == key and "Traceback" not in str(raised.value)


def test_a_prefix_standing_for_too_many_words_is_refused(conn, monkeypatch):
    monkeypatch.setattr(search_module, "PREFIX_POSTINGS", 50)
    search_module._pools.clear()
    with pytest.raises(QueryError) as raised:
        search(conn, "Thành ủy th*")
    assert raised.value.key == "query_wide_prefix" and "th*" in str(raised.value)
    assert found(conn, "dì*") == (len(contained(conn, "dì*")), contained(conn, "dì*"))  # a rare one is searched
    assert search(conn, "Thành ủy").total  # words without * are not counted against it


def test_limits_are_the_documented_ones():
    assert parse(" ".join(["xã"] * MAX_WORDS)).phrases and parse(" OR ".join(["ab*"] * MAX_PREFIXES))
    with pytest.raises(QueryError, match=f"at most {MAX_PREFIXES}"):
        parse(" OR ".join(["ab*"] * (MAX_PREFIXES + 1)))
    with pytest.raises(QueryError, match=f"at least {MIN_PREFIX} letters"):
        parse("x*")


# --- counts, facets, highlights, order ---------------------------------------------------------------

def test_highlights_mark_the_matched_phrase_only(conn):
    [hit] = [h for h in search(conn, "chỉnh đốn Đảng", limit=100).hits if h.article_id in ids(conn, 4)]
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["chỉnh đốn Đảng"]  # not the "Đảng" of "Đảng ủy phường"
    for h in search(conn, "thanh uy", limit=50).hits:  # every mark is the phrase, never one of its syllables alone
        assert h.highlights and all(fold(" ".join(SYLLABLE.findall(h.snippet[a:b]))) == "thanh uy" for a, b in h.highlights)


def test_facets_count_the_set_that_was_counted(conn):
    results = search(conn, "Ban Thường vụ Thành ủy", limit=10)
    matched = contained(conn, "Ban Thường vụ Thành ủy")
    assert results.total == len(matched)
    marks = ",".join("?" * len(matched))
    for facet, (table, column) in search_module.FACETS.items():
        for item in results.facets[facet][:3]:
            articles = conn.execute(f"SELECT count(DISTINCT article_id) FROM {table} WHERE {column} = ? AND article_id IN ({marks})",
                                    [item["value"], *matched]).fetchone()[0]
            assert item["articles"] == articles, (facet, item)
    place = results.facets["locality"][0]
    narrowed = search(conn, "Ban Thường vụ Thành ủy", Filters(locality=place["value"]), limit=10)
    assert narrowed.total == place["articles"] < results.total


def test_results_sort_by_relevance_or_by_date(conn):
    newest = search(conn, "Đảng ủy phường", sort="date", limit=40, facets=0)
    days = [h.published for h in newest.hits]
    assert len(days) == 40 and days == sorted(days, reverse=True) and all(h.score is None for h in newest.hits)
    best = search(conn, "Đảng ủy phường", limit=40, facets=0)
    scores = [h.score for h in best.hits]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0  # BM25 with Lucene's IDF: a common phrase scores
    assert best.total == newest.total and {h.article_id for h in best.hits} != {h.article_id for h in newest.hits}


def test_pages_of_one_search_add_up_to_one_long_page(conn):
    long = [h.article_id for h in search(conn, "Thành ủy", limit=120, offset=20).hits]
    pages = [h.article_id for offset in range(20, 140, 25) for h in search(conn, "Thành ủy", limit=25, offset=offset).hits]
    assert len(long) == 120 and pages[:120] == long


def test_the_ranking_is_pw_bm25_over_the_pool_whatever_the_depth(conn, monkeypatch):
    """The pool is the newest POOL matches (FLOOR at least when filters leave fewer): a page of 10 is the
    first 10 of a page of 300, and the first ranked ones are pw_bm25's best of the pool."""
    monkeypatch.setattr(search_module, "POOL", 50)
    monkeypatch.setattr(search_module, "FLOOR", 30)
    search_module._pools.clear()
    search_module._pages.clear()
    try:
        everything = sorted(r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ('"thanh" + "uy"',)))
        pool = everything[-50:]
        score = f"pw_bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]})"
        scored = conn.execute(f"SELECT rowid, -{score} AS s FROM articles_fts WHERE articles_fts MATCH ? AND rowid >= ?"
                              " ORDER BY s DESC, rowid DESC", ('"thanh" + "uy"', pool[0])).fetchall()
        rowid = dict(conn.execute("SELECT id, rowid FROM articles").fetchall())
        deep = search(conn, "thanh uy", limit=300, facets=0).hits
        assert [rowid[h.article_id] for h in deep[:50]] == [r for r, _ in scored]
        assert [rowid[h.article_id] for h in deep[50:]] == everything[:-50][::-1][:250]  # then newest first
        assert [h.article_id for h in search(conn, "thanh uy", limit=10, facets=0).hits] == [h.article_id for h in deep[:10]]
    finally:
        search_module._pools.clear()
        search_module._pages.clear()


@pytest.mark.parametrize("query, filters", [("thanh uy", None), ("Đảng ủy phường", Filters(locality=genre.CITY)),
                                            ("chinh don dang", None), ('"Thành ủy" -"Cần Thơ"', Filters(since="2022-01-01"))])
def test_one_reading_or_two_the_same_answer(conn, monkeypatch, query, filters):
    """A query matching at most POOL articles is counted and scored in one reading of the index; one
    matching more is counted, then its pool scored in SQL. Both give the same page, scores and facets;
    facets over few matches (their own mentions) and over many (a mask) count alike."""
    def answer():
        search_module._pools.clear()
        search_module._pages.clear()
        results = search(conn, query, filters, limit=60)
        return results.total, [(h.article_id, h.score) for h in results.hits], results.facets

    once = answer()
    monkeypatch.setattr(search_module, "_bound", lambda conn, query: search_module.POOL + 1)
    monkeypatch.setattr(search_module, "FEW", 10**9)
    twice = answer()
    assert once[0] == twice[0] > 0 and once[2] == twice[2]
    assert [i for i, _ in once[1]] == [i for i, _ in twice[1]]
    assert [s for _, s in once[1]] == pytest.approx([s for _, s in twice[1]], rel=1e-12)


@pytest.mark.parametrize("phrase", ['"hai" + "phong"', '"hoa" + "giai"', '"Cần" + "Thơ"', '"đi"'])
def test_pw_bm25_is_fts5_bm25_with_lucene_idf(conn, phrase):
    """One phrase: pw_bm25 is bm25() times Lucene's IDF over FTS5's (same tf part, weights, k1, b), with
    the document frequency given or counted by pw_bm25 itself."""
    size = conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
    n = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", (phrase,)).fetchone()[0]
    assert 0 < n < size / 2  # FTS5 floors its IDF above half the rows
    ratio = math.log(1 + (size - n + 0.5) / (n + 0.5)) / math.log((size - n + 0.5) / (n + 0.5))
    rows = conn.execute(f"SELECT bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]}), pw_bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]}, ?),"
                        f" pw_bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]}) FROM articles_fts WHERE articles_fts MATCH ?",
                        (n, phrase)).fetchall()
    assert len(rows) == n
    for fts5, given, counted in rows:
        assert given == pytest.approx(fts5 * ratio, rel=1e-9) and given == counted


def test_filters(conn):
    dated = search(conn, "thành phố", Filters(since="2022-01-01", until="2022-06-30"), limit=50).hits
    assert dated and all("2022-01-01" <= h.published[:10] <= "2022-06-30" for h in dated)
    city = search(conn, "thành phố", Filters(locality=genre.CITY), limit=50)
    assert city.hits and city.total < search(conn, "thành phố").total
    for hit in city.hits:
        names = {r[0] for r in conn.execute("SELECT l.name FROM locality_mentions m JOIN localities l ON l.id = m.locality_id"
                                            " WHERE m.article_id = ?", (hit.article_id,))}
        assert genre.CITY in names
    person_id, name = conn.execute("SELECT id, name FROM persons ORDER BY articles DESC LIMIT 1").fetchone()
    by_person = search(conn, name.split()[-1], Filters(person=name), limit=50).hits
    assert by_person and all(conn.execute("SELECT 1 FROM person_mentions WHERE article_id = ? AND person_id = ?",
                                          (h.article_id, person_id)).fetchone() for h in by_person)


@pytest.mark.parametrize("filters", [Filters(locality=genre.CITY), Filters(since="2022-01-01", until="2022-12-31"),
                                     Filters(event_type="working_session", since="2022-01-01")])
def test_a_filtered_search_counts_and_ranks_what_the_filters_in_sql_pass(conn, filters, monkeypatch):
    """The masks over the facet arrays pass what views.py's SQL filters pass; the pool is the matches among
    the newest POOL that pass (the newest FLOOR that pass when fewer), ranked by pw_bm25."""
    monkeypatch.setattr(search_module, "POOL", 60)
    monkeypatch.setattr(search_module, "FLOOR", 25)
    search_module._pools.clear()
    search_module._pages.clear()
    try:
        where, params = search_module.filter_sql(conn, filters)
        expression = parse("thanh uy").expression
        everything = [r[0] for r in conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", (expression,))]
        passing = [r[0] for r in conn.execute(f"SELECT a.rowid FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                                               f" WHERE articles_fts MATCH ?{where} ORDER BY a.rowid", (expression, *params))]
        pool = [r for r in passing if r >= everything[-60]]
        pool = pool if len(pool) >= 25 else passing[-25:]
        score = f"pw_bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]})"
        ranked = [r for r, _ in conn.execute(f"SELECT rowid, -{score} AS s FROM articles_fts WHERE articles_fts MATCH ?"
                                            " ORDER BY s DESC, rowid DESC", (expression,)) if r in set(pool)]
        results = search(conn, "thanh uy", filters, limit=len(pool))
        rowid = dict(conn.execute("SELECT id, rowid FROM articles").fetchall())
        assert results.total == len(passing) > 0 and [rowid[h.article_id] for h in results.hits] == ranked
    finally:
        search_module._pools.clear()
        search_module._pages.clear()


@pytest.mark.parametrize("query", ["dang vien", "thanh uy", "chi bo", "sinh hoat", "cai cach"])
def test_words_in_any_order_rank_first_when_side_by_side(conn, query):
    """In any order, the best hits for "chi bo" hold "chi bộ" (pw_bm25 rewards words found side by side),
    where FTS5's bm25() ranks by each syllable's count."""
    together = lambda found: sum(query in fold(t) for (t,) in conn.execute(  # noqa: E731
        f"SELECT coalesce(title, '') || ' ' || body FROM articles WHERE id IN ({','.join('?' * len(found))})", found))
    ours = [h.article_id for h in search(conn, query, order="any", limit=10).hits]
    expression = parse(query, "any").expression
    plain = [r[0] for r in conn.execute(f"SELECT a.id, bm25(articles_fts, {WEIGHTS[0]}, {WEIGHTS[1]}) AS s FROM articles_fts"
                                        " JOIN articles a ON a.rowid = articles_fts.rowid WHERE articles_fts MATCH ?"
                                        " ORDER BY s LIMIT 10", (expression,))]
    assert len(ours) == 10 and together(ours) >= 9 and together(ours) >= together(plain), (together(ours), together(plain))


def _stored(db: Path, records: list[dict]) -> None:
    source = db.parent / f"{db.stem}-{len(list(db.parent.glob(db.stem + '-*.jsonl')))}.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    ingest([str(source)], connect(db), workers=1)


def _session(n: int, text: str) -> dict:
    return {"id": f"https://example.vn/tin/{n}", "url": f"https://example.vn/tin/{n}", "date": "2024-01-01", "title": f"Tin {n}",
            "text": text}


def test_kept_results_follow_the_database(tmp_path):
    """Results are kept per database generation: a batch written, or the newest article updated in place
    (it keeps its rowid), and they are searched again."""
    db = tmp_path / "kept.db"
    batch = [_session(i, f"Hội nghị lần {i} bàn về chuyển đổi số và cải cách hành chính.") for i in range(4)]
    _stored(db, batch[:3])
    reader = connect(db, readonly=True)
    assert search(reader, "chuyển đổi số").total == 3
    _stored(db, batch[3:])
    results = search(reader, "chuyển đổi số")
    assert results.total == 4 and "Tin 3" in {h.title for h in results.hits}
    _stored(db, [{**batch[3], "text": "Hội nghị bàn về phát triển du lịch và cải cách hành chính."}])
    assert search(reader, "chuyển đổi số").total == 3


def test_an_empty_store_finds_nothing(tmp_path):
    conn = connect(tmp_path / "empty.db")
    assert search(conn, "chỉnh đốn Đảng").total == 0 and search(conn, '"kết luận" số', sort="date").hits == []


def test_document_frequencies_are_counted_again_when_the_store_grows(tmp_path):
    db = tmp_path / "grow.db"
    batch = [_session(i, f"Hội nghị lần {i} bàn về chuyển đổi số và cải cách hành chính.") for i in range(20)]
    _stored(db, batch[:10])
    conn = connect(db)
    size = lambda: conn.execute("SELECT max(rowid) FROM articles").fetchone()[0]  # noqa: E731
    phrases = [parse("chuyen doi so").expression, parse("hội nghị").expression]
    assert search_module._frequencies(conn, phrases, size()) == [10, 10]
    _stored(db, batch[10:])
    assert search_module._frequencies(conn, phrases[:1], size()) == [20]


def test_one_search_for_the_cli_the_api_and_the_pages(conn, client, db):
    query = "Ban Thường vụ Thành ủy"
    ours = search(conn, query, limit=25)
    api = client.get("/api/search", params={"q": query, "limit": 25}).json()
    assert api["total"] == ours.total and [h["id"] for h in api["items"]] == [h.article_id for h in ours.hits]
    assert api["query"] == ours.query.reading() and api["facets"] == ours.facets
    page = client.get("/search", params={"q": query}, headers={"accept": "text/html"}).text
    assert f'data-total="{ours.total}"' in page
    assert re.findall(r'<h2><a href="/articles/([0-9a-f]+)"', page) == [h.article_id for h in ours.hits]
    cli = subprocess.run([sys.executable, "-m", "presswatch.cli", "search", query, "--db", str(db), "--json", "--limit", "25"],
                         capture_output=True, text=True, check=True)
    printed = orjson.loads(cli.stdout)
    assert printed["total"] == ours.total and [h["id"] for h in printed["items"]] == [h.article_id for h in ours.hits]


def test_the_page_says_how_the_query_was_read_and_how_to_search(client):
    page = client.get("/search", params={"q": "chinh don Đảng", "lang": "en"}, headers={"accept": "text/html"}).text
    assert 'data-order="phrase"' in page and "Searched for the words together, in this order" in page
    assert 'data-accents="mixed"' in page and "How to search" in page and "Words in any order" in page
    anywhere = client.get("/search", params={"q": "chinh don Đảng", "order": "any", "lang": "en"}, headers={"accept": "text/html"}).text
    assert 'data-order="any"' in anywhere and 'value="any" checked' in anywhere
    help_text = subprocess.run([sys.executable, "-m", "presswatch.cli", "search", "--help"], capture_output=True, text=True).stdout
    assert all(word in help_text for word in ("--any-order", "OR", "-word", "word*", "đ is not d", "hòa = hoà"))


# --- the budget ----------------------------------------------------------------------------------------

def test_the_cli_says_what_is_wrong_with_a_query(db):
    result = subprocess.run([sys.executable, "-m", "presswatch.cli", "search", '"unbalanced', "--db", str(db)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "search syntax" in result.stderr


def test_a_query_of_22_prefixes_is_refused_at_once(client, db):
    """Issue 14's query (54.7 s on 35,000 articles, every other request of the process waiting) is refused
    before any work: at most MAX_PREFIXES words end in * and each has MIN_PREFIX letters."""
    pathological = " OR ".join(f"{c}*" for c in "abcdeghiklmnopqrstuvxy")
    answer = client.get("/api/search", params={"q": pathological})
    assert answer.status_code == 400 and "ending in *" in answer.json()["error"]
    cli = subprocess.run([sys.executable, "-m", "presswatch.cli", "search", " ".join(["xã"] * 500), "--db", str(db)],
                         capture_output=True, text=True)
    assert cli.returncode == 2 and "at most 64" in cli.stderr and "pw_bm25" not in cli.stderr and "Traceback" not in cli.stderr


def test_a_search_past_its_budget_is_a_clear_503(client, monkeypatch):
    monkeypatch.setattr(search_module, "BUDGET", 0.0)  # the clock is read at the first step: the deadline has passed
    monkeypatch.setattr(search_module, "PROGRESS_STEPS", 1)
    search_module._pools.clear()
    answer = client.get("/api/search", params={"q": "Ban Thường vụ Quận ủy"})
    assert answer.status_code == 503 and "budget" in answer.json()["error"]
    page = client.get("/search", params={"q": "Ban Thường vụ Quận ủy", "lang": "en"}, headers={"accept": "text/html"})
    assert page.status_code == 503 and "budget" in page.text
    monkeypatch.setattr(search_module, "BUDGET", 2.0)
    assert client.get("/api/search", params={"q": "Ban Thường vụ Quận ủy"}).status_code == 200  # the connection is fine after


def test_a_search_in_progress_holds_no_other_request(db, monkeypatch):
    """A search runs in a worker thread: while one is held inside the store, the event loop answers others."""
    entered, release = threading.Event(), threading.Event()
    check = search_module._check_prefixes  # the first step of a search's work

    def held(conn, query):
        entered.set()
        assert release.wait(30)
        return check(conn, query)

    monkeypatch.setattr(search_module, "_check_prefixes", held)
    search_module._pools.clear()
    answers: list[int] = []
    with TestClient(create_app(Settings(db))) as served:  # one event loop for every request, as in a server
        slow = threading.Thread(target=lambda: answers.append(served.get("/api/search", params={"q": "Đảng ủy phường"}).status_code))
        slow.start()
        try:
            assert entered.wait(30)
            assert served.get("/api/stats").status_code == 200 and not answers  # answered while the search is held
        finally:
            release.set()
            slow.join(30)
    assert answers == [200]


# --- the index ------------------------------------------------------------------------------------------

def test_an_index_of_an_earlier_presswatch_is_rebuilt_on_the_first_writable_open(db, conn, tmp_path):
    old = tmp_path / "old.db"
    source = sqlite3.connect(db)
    source.backup(sqlite3.connect(old))
    raw = sqlite3.connect(old)
    _load_ranking(raw)  # FTS5 reads the table's tokenizer to drop it
    raw.execute("DROP TABLE articles_fts")
    raw.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content='articles', content_rowid='rowid',"
                " tokenize='unicode61 remove_diacritics 2')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError, match="earlier presswatch"):
        connect(old, readonly=True)
    upgraded = connect(old)
    for query in ("chỉnh đốn Đảng", "hoa giai", "đi"):
        assert found(upgraded, query) == found(conn, query)


def test_a_kept_search_is_answered_without_the_index_and_a_bad_query_is_refused_before_it(conn):
    """What the server answers on its event loop: a search the process keeps, exactly as `search` gave it; a new
    one is None (it goes to a worker thread); a query that cannot be searched is refused at once."""
    search_module._pools.clear()
    search_module._pages.clear()
    assert search_module.kept(conn, "chỉnh đốn Đảng") is None
    first = search(conn, "chỉnh đốn Đảng")
    again = search_module.kept(conn, "chỉnh đốn Đảng")
    assert again is not None and (again.total, again.hits, again.facets) == (first.total, first.hits, first.facets)
    assert search_module.kept(conn, "chỉnh đốn Đảng", offset=20) is None  # another page is another search
    with pytest.raises(QueryError):
        search_module.kept(conn, " OR ".join(f"{w}*" for w in ("ab", "cd", "ef", "gh", "ij", "kl")))
