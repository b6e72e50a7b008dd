"""The serve stage on articles of the genre: the JSON API and its errors, uploads, and the dashboard in Chromium.

The database holds the generated world of tests/genre.py (working sessions of ten years, officials
whose positions change, the party and state cascades, stories told by two or three outlets, dates
and issuers that outlets disagree on) and one hostile article whose title and body carry markup
that must stay text. It needs nothing outside the repository.
The browser tests drive Debian's Chromium through Playwright (one browser for the module) against
a uvicorn server on a free port, and save a screenshot of each page type to docs/screenshots/.
"""

from __future__ import annotations

import errno
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from fastapi.testclient import TestClient
import orjson
import pytest
import sqlean as sqlite3
import uvicorn

import genre
from conftest import REPO
from presswatch.lexicon import table
from presswatch.serve import charts, highlight, i18n, views
from presswatch.serve.api import Settings, create_app
from presswatch.serve.web import SHOWN
from presswatch.store import connect
from presswatch.store.ingest import ingest
from presswatch.text import fold

WORLD = genre.articles()
HOSTILE = genre.hostile()
LEADER = genre.LEADER  # chairs most sessions; five positions over the years
WARD = next(w for w in genre.CITY_WARDS if w.name == "Đằng Lâm")  # a ward of quận Hải An, phường Hải An since 2025
QUERY = "thanh uy"  # in nearly every article: the phrase "Thành ủy", typed without accents
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("serve")
    source = folder / "world.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in genre.records(WORLD) + [HOSTILE]))
    db = folder / "serve.db"
    summary = ingest([str(source)], connect(db), workers=2)
    assert summary.new == len(WORLD) + 1 and not summary.failed
    return db


@pytest.fixture(scope="module")
def sql(db_path) -> sqlite3.Connection:
    return connect(db_path, readonly=True)


@pytest.fixture(scope="module")
def client(db_path) -> TestClient:
    return TestClient(create_app(Settings(db_path)))


def one(sql: sqlite3.Connection, query: str, *params) -> tuple:
    row = sql.execute(query, params).fetchone()
    assert row is not None, query
    return tuple(row)


# --- the JSON API ------------------------------------------------------------------------------------

def test_stats_count_what_is_stored(client, sql):
    stats = client.get("/api/stats").json()
    assert stats["articles"] == one(sql, "SELECT count(*) FROM articles")[0]
    assert stats["directives"] == one(sql, "SELECT count(*) FROM directives")[0] > 20
    assert stats["contradictions"] >= 1


def test_lists_are_paginated_with_a_total(client):
    first = client.get("/api/articles", params={"limit": 5}).json()
    second = client.get("/api/articles", params={"limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] == len(WORLD) + 1 and len(first["items"]) == len(second["items"]) == 5
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}
    dates = [a["published"] for a in first["items"] + second["items"]]
    assert dates == sorted(dates, reverse=True)  # latest first
    for path in ("/api/directives", "/api/people", "/api/localities", "/api/organizations", "/api/events",
                 "/api/statements", "/api/contradictions"):
        page = client.get(path, params={"limit": 3}).json()
        assert set(page) == {"total", "limit", "offset", "items"} and 0 < len(page["items"]) <= 3, path


def test_list_filters(client, sql):
    sessions = client.get("/api/events", params={"type": "working_session", "limit": 200}).json()
    assert sessions["items"] and {e["type"] for e in sessions["items"]} == {"working_session"}
    assert sessions["total"] == one(sql, "SELECT count(*) FROM events WHERE type = 'working_session'")[0]
    petitions = client.get("/api/statements", params={"type": "petition"}).json()
    assert petitions["items"] and {s["type"] for s in petitions["items"]} == {"petition"}
    person_id, articles = one(sql, "SELECT id, articles FROM persons ORDER BY articles DESC, id LIMIT 1")
    assert client.get("/api/articles", params={"person": person_id}).json()["total"] == articles
    prefix = fold(genre.SHARED_PREFIX)  # "luong van": the leader and a ward secretary
    people = client.get("/api/people", params={"q": prefix}).json()["items"]
    assert len(people) >= 2 and all(fold(p["name"]).startswith(prefix) for p in people)
    assert LEADER.name in {p["name"] for p in people}


def test_directive_ids_with_slashes_and_terms(client):
    plan = client.get("/api/directives/17/CT-TTg").json()  # the most cited of the two: 2016's, not 2017's
    assert plan["key"] == "17/CT-TTg@2016" and plan["type"] == "Chỉ thị" and plan["other_terms"] == ["17/CT-TTg@2017"]
    assert [r["key"] for r in plan["implements"]] == ["41/NQ-CP@2016"] and not plan["contradictions"]
    assert [r["key"] for r in client.get("/api/directives/41/NQ-CP").json()["implemented_by"]] == ["17/CT-TTg@2016"]
    assert client.get("/api/directives/17/CT-TTg@2017").json()["date"] == genre.PM_DIRECTIVE_2017.day.isoformat()
    disputed = client.get("/api/directives/08/CT-TTg").json()
    assert disputed["contradictions"] and disputed["contradictions"][0]["kind"] == "directive_date"
    keyed = client.get("/api/directives/" + quote("27-CT/TU@XII", safe="/@")).json()
    assert keyed["key"] == "27-CT/TU@XII" and keyed["implemented_by"][0]["key"] == "112/KH-UBND@2019"
    conclusion = client.get("/api/directives/63-KL/TW").json()  # the cascade: conclusion, city plan, ward plans
    assert [r["key"] for r in conclusion["implemented_by"]] == ["58-KH/TU@XIII"]
    wards = {r["key"] for r in client.get("/api/directives/58-KH/TU").json()["implemented_by"]}
    assert len(wards) > 10 and wards <= {w.plan for w in genre.CITY_WARDS}


def test_entities_by_id(client, sql):
    person_id, name = one(sql, "SELECT id, name FROM persons WHERE id = 'luong-van-tien'")
    person = client.get(f"/api/people/{person_id}", params={"limit": 5}).json()
    assert person["name"] == name == LEADER.name and len(person["articles"]) == 5 and person["totals"]["articles"] > 5
    assert {"Phó Bí thư Thường trực Thành ủy", "Bí thư Thành ủy Hải Phòng"} <= {p["position"] for p in person["positions"]}
    ward = client.get("/api/localities/phuong-dang-lam-11413").json()
    assert ward["successor"] == f"phường {WARD.after}" and [p["name"] for p in ward["parents"]] == [genre.CITY, WARD.district]
    org_id = one(sql, "SELECT id FROM organizations WHERE name = 'Thành ủy' AND locality = ?", genre.CITY)[0]
    org = client.get(f"/api/organizations/{org_id}").json()
    assert "Bí thư Thành ủy Hải Phòng" in {p["position"] for p in org["people"]}
    article_id = one(sql, "SELECT id FROM articles WHERE story_id IS NOT NULL ORDER BY rowid LIMIT 1")[0]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["story"] and all(s["id"] != article_id for s in article["story"])


def test_search_with_facets_and_highlights(client, sql):
    found = client.get("/api/search", params={"q": QUERY, "limit": 5}).json()
    assert found["total"] > 100 and len(found["items"]) == 5
    for hit in found["items"]:
        assert hit["highlights"] and all(fold(hit["snippet"][s:e]) == QUERY for s, e in hit["highlights"])  # the phrase
    top_type = found["facets"]["event_type"][0]
    narrowed = client.get("/api/search", params={"q": QUERY, "event_type": top_type["value"], "limit": 50}).json()
    assert narrowed["total"] == top_type["articles"] < found["total"]
    for hit in narrowed["items"]:
        assert one(sql, "SELECT count(*) FROM events WHERE article_id = ? AND type = ?", hit["id"], top_type["value"])[0]
    place = found["facets"]["locality"][0]
    by_place = client.get("/api/search", params={"q": QUERY, "locality": place["value"]}).json()
    assert by_place["total"] == place["articles"]
    since, until = genre.CITY_PLAN.day.isoformat(), genre.REFORM.isoformat()  # the plan's time, before the reform
    dated = client.get("/api/search", params={"q": QUERY, "since": since, "until": until, "limit": 50}).json()
    assert dated["items"] and all(since <= h["published"][:10] <= until for h in dated["items"])
    assert dated["total"] < found["total"]


@pytest.mark.parametrize("path, status", [
    ("/api/articles/0000000000000000", 404), ("/api/directives/99-XX/YY", 404), ("/api/people/no-such-person", 404),
    ("/api/localities/nowhere", 404), ("/api/organizations/nobody", 404), ("/api/no/such/route", 404),
    ("/api/search?q=%22unbalanced", 400), ("/api/search?q=NEAR(", 400), ("/api/search", 422),
    ("/api/search?q=x&since=yesterday", 422), ("/api/articles?limit=0", 422), ("/api/articles?limit=100000", 422),
    ("/api/articles?offset=-1", 422), ("/api/events?type=party", 422), ("/api/directives?sort=random", 422),
])
def test_errors_are_json_with_the_right_status(client, path, status):
    answer = client.get(path)
    assert answer.status_code == status and answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert body["status"] == status and body["error"] and "Traceback" not in body["error"]


def test_openapi_and_docs_are_served_locally(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/search", "/api/directives/{ident}", "/api/upload", "/api/contradictions"} <= set(spec["paths"])
    docs = client.get("/docs").text
    scripts = re.findall(r'(?:src|href)="([^"]+)"', docs) + re.findall(r"url: '([^']+)'", docs)
    assert scripts and all(s.startswith("/") for s in scripts), scripts  # nothing from another host
    for asset in (s for s in scripts if s.endswith((".js", ".css"))):
        assert client.get(asset).status_code == 200


def test_serve_refuses_a_missing_database(tmp_path):
    result = subprocess.run([sys.executable, "-m", "presswatch.cli", "serve", "--db", str(tmp_path / "none.db")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no such database" in " ".join(result.stderr.split()) and "Traceback" not in result.stderr


# --- uploads -------------------------------------------------------------------------------------------

UPLOADED = ("Quảng Ngãi: Hội nghị tổng kết công tác xây dựng Đảng năm 2013\n"
            "Sáng 5-12, Ban Thường vụ Tỉnh ủy Quảng Ngãi tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2013.\n"
            "Đồng chí Lê Minh Khôi, Bí thư Tỉnh ủy chủ trì hội nghị.\n")


@pytest.fixture
def writable(db_path, tmp_path) -> tuple[TestClient, Path]:
    copy = tmp_path / "upload.db"
    shutil.copy(db_path, copy)
    return TestClient(create_app(Settings(copy, token="s3cret-token", max_upload=4096))), copy


def test_upload_needs_a_configured_token(client):
    answer = client.post("/api/upload", files={"file": ("a.txt", UPLOADED.encode())}, headers={"Authorization": "Bearer x"})
    assert answer.status_code == 403 and "read-only" in answer.json()["error"]
    page = client.get("/upload")
    assert 'id="read-only"' in page.text and "<fieldset disabled>" in page.text


@pytest.mark.parametrize("headers, files, status", [
    ({}, {"file": ("a.txt", b"x")}, 401),
    ({"Authorization": "Bearer wrong-token"}, {"file": ("a.txt", b"x")}, 401),
    ({"Authorization": "Bearer s3cret-token"}, {"file": ("a.exe", b"MZ")}, 415),
    ({"Authorization": "Bearer s3cret-token"}, {"file": ("big.txt", b"x" * 5000)}, 413),
    ({"Authorization": "Bearer s3cret-token"}, {"other": ("a.txt", b"x")}, 400),
])
def test_upload_refusals(writable, headers, files, status):
    app, copy = writable
    before = connect(copy, readonly=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    answer = app.post("/api/upload", files=files, headers=headers)
    assert answer.status_code == status and answer.json()["status"] == status
    assert connect(copy, readonly=True).execute("SELECT count(*) FROM articles").fetchone()[0] == before


def test_upload_ingests_the_file(writable):
    app, copy = writable
    before = app.get("/api/stats").json()["articles"]
    assert f'data-count="articles">{i18n.number(before, "vi")}<' in app.get("/").text  # the overview, now cached
    absent = "le-minh-khoi"
    assert app.get(f"/api/people/{absent}").status_code == 404  # and this answer kept
    answer = app.post("/api/upload", files={"file": ("tong-ket.txt", UPLOADED.encode())},
                      headers={"Authorization": "Bearer s3cret-token"})
    assert answer.status_code == 200, answer.text
    outcome = answer.json()
    assert outcome["new"] == 1 and len(outcome["articles"]) == 1
    article = app.get(f"/api/articles/{outcome['articles'][0]['id']}").json()
    assert article["title"].startswith("Quảng Ngãi: Hội nghị tổng kết")
    assert app.get(f"/api/people/{absent}").status_code == 200  # the page kept as "not found" is not served once the database changed
    assert "Lê Minh Khôi" in {p["name"] for p in article["people"]}
    assert f'data-count="articles">{i18n.number(before + 1, "vi")}<' in app.get("/").text  # the cache follows the database
    again = app.post("/upload", data={"token": "s3cret-token"}, files={"file": ("tong-ket.txt", UPLOADED.encode())})
    assert again.status_code == 200 and "1 không đổi" in again.text  # the same article twice is one article


def test_an_upload_the_full_disk_cannot_hold_is_507_and_names_no_path(writable, monkeypatch):
    app, copy = writable
    written = Path.write_bytes

    def full(path: Path, data: bytes) -> int:  # the temporary folder's disk has no room left
        if "presswatch-upload-" in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return written(path, data)
    monkeypatch.setattr(Path, "write_bytes", full)
    answer = app.post("/api/upload", files={"file": ("tong-ket.txt", UPLOADED.encode())},
                      headers={"Authorization": "Bearer s3cret-token"})
    assert answer.status_code == 507 and "disk is full" in answer.json()["error"]
    assert "presswatch-upload-" not in answer.text and "/tmp" not in answer.text and "Traceback" not in answer.text
    page = app.post("/upload", data={"token": "s3cret-token"}, files={"file": ("tong-ket.txt", UPLOADED.encode())})
    assert page.status_code == 507 and "Đĩa của máy chủ đã đầy" in page.text


# --- pages without a browser -----------------------------------------------------------------------------

def test_highlighted_text_is_the_body_with_every_fact(sql):
    for article_id, in sql.execute("SELECT id FROM articles ORDER BY rowid LIMIT 150"):
        article = views.article(sql, article_id)
        found = highlight.marks(article)
        text = highlight.paragraphs(article["body"], found)
        assert ["".join(p.text for p in para) for para in text] == [line for line in article["body"].split("\n") if line]
        covered = {}  # body offset → kinds of the pieces there
        at = 0
        for line in article["body"].split("\n"):
            para = text.pop(0) if line else []
            for piece in para:
                for i in range(at, at + len(piece.text)):
                    covered[i] = set(piece.kinds)
                at += len(piece.text)
            at += 1
        for mark in found:
            assert all(mark.kind in covered[i] for i in range(mark.start, mark.end) if article["body"][i] != "\n")


def test_timeline_places_dated_items_and_leaves_out_the_rest():
    chart = charts.timeline([{"start": "2013-10-22", "end": "2013-11-05", "label": "Phó Thủ tướng"},
                             {"start": "--10-22", "end": None, "label": "năm không rõ"},
                             {"start": "2012-06-01", "end": "2012-06-01", "label": "Ủy viên Bộ Chính trị"}])
    assert [s.label for s in chart.spans] == ["Ủy viên Bộ Chính trị", "Phó Thủ tướng"]
    first, second = chart.spans
    assert first.x1 == first.x2 == chart.left and second.x2 == chart.width - 16 and second.x1 > first.x1
    assert [t.label for t in chart.ticks] == ["2012-06-01", "2013", "2013-11-05"]  # a new year labelled between the ends
    assert charts.timeline([{"start": "--10-22", "label": "x"}]) is None



DYNAMIC = {  # keys the templates build from a value: t('ev_' ~ e.type)
    "ev_": ("working_session", "conference", "congress", "meeting", "visit", "ceremony", "inspection"),
    "st_": ("recommendation", "petition", "assessment", "commitment", "report"),
    "kind_": ("directives", "people", "organizations", "localities", "events", "statements", "indicators"),
    "nav_": ("articles", "directives", "people", "localities", "organizations", "events", "statements", "contradictions"),
    "count_": ("articles", "directives", "citations", "people", "organizations", "localities", "events", "statements",
               "indicators", "stories", "contradictions"),
    "facet_": ("directive", "locality", "person", "event_type", "since", "until"),
    "tier_": ("province", "district", "ward"), "era_": ("legacy", "2025"),
    "contradiction_": ("directive_date", "directive_issuer"),
    "org_": tuple(sorted({row[1] for row in table("organizations.tsv")})),
    "lvl_": ("central", "province", "district", "ward", "cell"),
    "noise_": ("banner", "byline", "caption", "dateline", "duplicate", "duplicate_lead", "image", "punctuation", "related",
               "section", "title", "widget"),
    "sort_": ("relevance", "date"), "search_reading_": ("phrase", "any"), "accents_": ("exact", "any", "mixed"),
    "search_help_": ("together", "any", "accents", "quotes", "or", "not", "prefix"),
}


def test_every_ui_string_is_translated():
    used = set()
    for template in (REPO / "src" / "presswatch" / "serve" / "templates").glob("*.html"):
        used |= set(re.findall(r"\bt\('([a-z0-9_]+)'", template.read_text(encoding="utf-8")))
    prefixes = {k for k in used if k.endswith("_")}
    assert prefixes <= set(DYNAMIC), prefixes - set(DYNAMIC)
    needed = (used - prefixes) | {prefix + value for prefix, values in DYNAMIC.items() for value in values}
    assert not sorted(needed - set(i18n.strings()))
    assert all(set(v) == set(i18n.LANGUAGES) and all(v.values()) for v in i18n.strings().values())


def test_hostile_markup_is_text(client, sql):
    article_id = one(sql, "SELECT id FROM articles WHERE url = 'https://example.vn/hostile'")[0]
    html = client.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;window.__pwned" in html and "<script>window.__pwned" not in html
    assert "onerror=" not in html.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    assert 'href="javascript:' not in html


# --- in the browser ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(db_path) -> Iterator[str]:
    """A real uvicorn server on a free port of this machine, for the module's browser tests."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db_path)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is missing: `make install` installs Debian's (scripts/ensure-chromium.sh)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page (own cookies) that fails the test on any request off this server or any script error."""
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    outside, errors = [], []
    tab.on("request", lambda r: None if r.url.startswith((base_url, "data:", "about:")) else outside.append(r.url))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    yield tab
    context.close()
    assert not outside, f"requests to other hosts: {outside}"
    assert not errors, errors


def shoot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.evaluate("document.activeElement && document.activeElement.blur()")  # no focus ring: the same image each run
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True, animations="disabled", caret="hide")


def test_overview_and_navigation(page, sql):
    page.goto("/")
    assert page.locator("[data-count=articles]").inner_text().replace(".", "") == str(
        one(sql, "SELECT count(*) FROM articles")[0])
    first, last = one(sql, "SELECT min(published), max(published) FROM articles")
    months = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:7]) - int(first[5:7]) + 1
    assert page.locator("svg.bars rect.bar").count() == months  # month by month, the empty ones too
    shoot(page, "overview")
    page.get_by_role("link", name="58-KH/TU").first.click()
    page.wait_for_url("**/directives/58-KH/TU@XIII")
    assert page.locator("h1").inner_text() == "Kế hoạch 58-KH/TU"
    graph = page.locator("svg.graph")
    assert graph.locator(".node-directive text").text_content() == "58-KH/TU"
    tree = graph.locator(".node:not(.node-more)")  # "and N more" stands for units left out, with no edge
    assert graph.locator("path.edge").count() == tree.count() - 1  # a tree around the directive
    shoot(page, "directive")
    graph.locator("a", has_text="63-KL/TW").click()
    page.wait_for_url("**/directives/63-KL/TW@XIII")
    assert page.locator("svg.graph .node-plan text").text_content() == "58-KH/TU"
    page.goto("/directives/08/CT-TTg")
    assert page.locator(".contradiction q").count() >= 2  # the sentences that disagree


def test_person_locality_and_organization_pages(page, sql):
    page.goto("/people/luong-van-tien")
    assert page.locator("h1").inner_text() == LEADER.name
    spans = page.locator("svg.timeline .span")
    assert spans.count() >= 5 and "Phó Bí thư Thường trực Thành ủy" in page.locator("svg.timeline .label").all_text_contents()
    chaired = one(sql, "SELECT count(*) FROM events WHERE chair_id = 'luong-van-tien'")[0]
    assert page.locator("table.data tbody tr").count() == min(chaired, SHOWN)  # the sessions he chaired, the page's share
    shoot(page, "person")
    page.locator("table.data a[href^='/articles/']").first.click()
    assert page.locator(".body .hl-events").count() > 0
    page.goto("/localities/phuong-dang-lam-11413")
    assert page.locator("[data-successor]").inner_text() == f"phường {WARD.after}"
    shoot(page, "locality")
    page.locator(".crumbs a").first.click()
    assert page.locator("h1").inner_text() == f"thành phố {genre.CITY}"
    page.goto("/organizations")
    page.get_by_role("link", name="Thành ủy", exact=True).first.click()
    assert "Bí thư Thành ủy Hải Phòng" in page.locator("table.data").first.inner_text()
    shoot(page, "organization")


def test_article_highlights_link_to_their_pages(page, sql):
    article_id, = one(sql, "SELECT m.article_id FROM person_mentions m JOIN articles a ON a.id = m.article_id"
                           " WHERE m.person_id = 'luong-van-tien' AND a.noise != '[]' AND a.story_id IS NOT NULL"
                           " ORDER BY a.rowid LIMIT 1")
    body, spans = one(sql, "SELECT a.body, m.spans FROM articles a JOIN person_mentions m ON m.article_id = a.id"
                           " WHERE a.id = ? AND m.person_id = 'luong-van-tien'", article_id)
    start, end = orjson.loads(spans)[0]
    page.goto(f"/articles/{article_id}")
    text = page.locator(".body").inner_text()
    assert " ".join(text.split()) == " ".join(body.split())  # the clean text, whole
    name = page.locator(".body .hl-people a", has_text=body[start:end]).first
    assert name.get_attribute("href") == "/people/luong-van-tien"
    noise = page.locator("details.noise")
    assert not noise.locator("li").first.is_visible()
    noise.locator("summary").click()
    assert noise.locator("li").first.is_visible()
    assert page.locator("h2", has_text="Cùng sự việc").count() == 1
    shoot(page, "article")
    name.click()
    page.wait_for_url("**/people/luong-van-tien")


def test_search_facets_and_highlighted_snippets(page):
    page.goto("/search")
    page.locator("form.search input[name=q]").fill(QUERY)
    page.locator("form.search button").click()
    total = int(page.locator(".result-count").get_attribute("data-total"))
    marks = page.locator(".hit .snippet mark")
    assert total > 100 and marks.count() >= 25
    assert {fold(m) for m in marks.all_inner_texts()} == {QUERY}  # "Thành ủy" marked as a phrase, never a syllable alone
    facet = page.locator("[data-facet=event_type] li").first
    expected = int(facet.locator(".num").inner_text())
    facet.locator("a").click()
    assert int(page.locator(".result-count").get_attribute("data-total")) == expected < total
    assert page.locator(".chip[data-filter=event_type]").count() == 1
    page.locator("[data-facet=locality] li a").first.click()
    assert page.locator(".chip").count() == 2
    shoot(page, "search")
    page.locator(".chip[data-filter=event_type] a").click()
    assert page.locator(".chip").count() == 1


def test_language_switch_is_remembered(page):
    page.goto("/directives")
    assert page.locator("html").get_attribute("lang") == "vi" and page.locator("h1").inner_text().startswith("Văn bản")
    page.locator("#lang-switch").click()
    assert page.locator("html").get_attribute("lang") == "en" and page.locator("h1").inner_text().startswith("Directives")
    page.get_by_role("link", name="Overview").click()
    assert page.locator("h2").first.inner_text() == "Articles per month"  # the cookie keeps English
    shoot(page, "overview-en")
    page.locator("#lang-switch").click()
    assert page.locator("h2").first.inner_text() == "Số bài theo tháng"


def test_no_markup_from_articles_runs(page, sql):
    article_id = one(sql, "SELECT id FROM articles WHERE url = 'https://example.vn/hostile'")[0]
    page.goto(f"/articles/{article_id}")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main script, main img, main svg[onload], .body b").count() == 0
    assert "<script>window.__pwned = 1</script>" in page.locator("h1").inner_text()
    page.goto("/search?q=pwned")
    assert page.locator(".hit").count() == 1 and page.evaluate("typeof window.__pwned") == "undefined"


def test_pages_work_without_javascript(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/search?q=" + QUERY.replace(" ", "+"))
    assert tab.locator(".hit").count() == 25 and tab.locator("a[rel=next]").count() == 1
    tab.locator("a[rel=next]").click()
    assert "offset=25" in tab.url and tab.locator(".hit").count() == 25
    context.close()


def test_api_docs_render_offline(page):
    page.goto("/docs")
    page.locator(".swagger-ui .info .title").wait_for(timeout=15000)
    assert "presswatch" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-summary-path", has_text="/api/search").count() == 1
