"""The dashboard as its readers use it (issue 16), in Chromium: dates as they write them, error pages in
their language, the favicon, the chair in every table of events, a locality's units and parents, an
article's provenance, and a CSV of every list and search that Excel opens.

The database and the browser are test_serve.py's; what each test checks is found in the database
by SQL, not by names, so the tests hold for any articles the fixture ingests.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
from urllib.parse import parse_qsl, urlsplit

from fastapi.testclient import TestClient
import pytest
import sqlean as sqlite3

from presswatch import gazetteer
from presswatch.serve import charts, download, i18n, views
from presswatch.serve.api import Settings, create_app
from presswatch.serve.export import export
from presswatch.store import connect
from presswatch.store.ingest import ingest
from presswatch.text import fold
from test_serve import base_url, browser, client, db_path, one, page, shoot, sql  # noqa: F401 - the fixtures

# What a date may look like on a page, per language; never ISO (2013-11-02, --02-05).
SHOWN_DATE = {
    "vi": re.compile(r"\d\d/\d\d/\d{4}( \d\d:\d\d)?|tháng \d\d/\d{4}|năm \d{4}|ngày \d\d/\d\d, năm không rõ|tháng \d\d, năm không rõ"),
    "en": re.compile(r"\d\d/\d\d/\d{4}( \d\d:\d\d)?|[A-Z][a-z]{2} \d{4}|\d{4}|\d{1,2} [A-Z][a-z]{2}, year unknown|[A-Z][a-z]{2}, year unknown"),
}
ISO = re.compile(r"(?<![\d/-])(?:\d{4}-\d\d-\d\d|--\d\d-\d\d)(?![\d/-])")
ENGLISH = re.compile(r"\b(?:[Tt]he|[Nn]ot?|is|found|[Pp]age|[Ss]erver|[Ee]rror|request|valid|value|parameter|date|query)\b")
VIETNAMESE = re.compile(r"[À-ỹĐđ]")
# A working session written for this test (people invented, the ward real), in an article that states no date.
UNDATED = ("Thường trực Quận ủy làm việc với Đảng ủy phường Cát Dài\n"
           "Sáng 24-11, đồng chí Trần Văn Lực, Phó Bí thư Thường trực Quận ủy Lê Chân chủ trì buổi làm việc với Ban Thường vụ"
           " Đảng ủy phường Cát Dài về kết quả thực hiện Kết luận số 63-KL/TW của Bộ Chính trị.\n"
           "Đảng ủy phường kiến nghị thành phố sớm bố trí kinh phí cải tạo nhà văn hóa khu dân cư.\n")


def _switch(tab, lang: str) -> None:
    tab.goto(f"/?lang={lang}")  # the cookie keeps it


def _main_text(tab) -> str:
    """The page's own words: the main column without article text quoted in it (bodies, snippets, sentences)."""
    return tab.evaluate("""() => { const main = document.querySelector('main').cloneNode(true);
        main.querySelectorAll('.body, .snippet, .evidence, q, .url, code, .story, .hit h2').forEach(e => e.remove());
        return main.innerText; }""")


# --- dates --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, lang, shown", [
    ("2013-02-05", "vi", "05/02/2013"), ("2013-02-05", "en", "05/02/2013"),
    ("--02-05", "vi", "ngày 05/02, năm không rõ"), ("--02-05", "en", "5 Feb, year unknown"),
    ("2013-02", "vi", "tháng 02/2013"), ("2013-02", "en", "Feb 2013"),
    ("--11", "vi", "tháng 11, năm không rõ"), ("2013", "vi", "năm 2013"), ("2013", "en", "2013"),
    ("2013-11-02T08:15:00+07:00", "vi", "02/11/2013"), ("Bộ Chính trị", "vi", "Bộ Chính trị"), ("2013-13-01", "en", "2013-13-01"),
])
def test_dates_are_written_as_readers_write_them(value, lang, shown):
    assert i18n.when(value, lang) == shown


def test_short_and_timed_dates_and_their_machine_form():
    assert i18n.when("2013-02", "vi", short=True) == "02/2013" and i18n.when("2013", "vi", short=True) == "2013"
    assert i18n.when("2013-11-02T08:15:00+07:00", "vi", time=True) == "02/11/2013 08:15"
    assert [i18n.machine(v) for v in ("2013-11-02T08:15:00+07:00", "2013-11", "--11-02", "--11", "x")] == \
        ["2013-11-02", "2013-11", "11-02", None, None]


@pytest.mark.parametrize("value, vi, en", [(1234567, "1.234.567", "1,234,567"), (15.0, "15", "15"), (86.5, "86,5", "86.5"),
                                           (0, "0", "0")])
def test_numbers_are_written_as_readers_write_them(value, vi, en):
    assert (i18n.number(value, "vi"), i18n.number(value, "en")) == (vi, en)


def test_a_timeline_has_a_row_per_label():
    """A unit reviewed three times is one row with three marks, in the order of its first date."""
    chart = charts.timeline([{"start": "2022-03-01", "label": "phường A"}, {"start": "2021-05-01", "label": "phường B"},
                             {"start": "2023-01-10", "label": "phường A"}, {"start": "2022-09-09", "label": "phường B"},
                             {"start": "2024-02-02", "label": "phường A"}, {"start": "--04-01", "label": "phường C"}])
    assert [r.label for r in chart.rows] == ["phường B", "phường A"]
    rows = {r.label: r.y for r in chart.rows}
    assert [s.label for s in chart.spans] == ["phường B", "phường A", "phường B", "phường A", "phường A"]  # by date
    assert all(s.y == rows[s.label] for s in chart.spans)
    assert [s.x1 for s in chart.spans] == sorted(s.x1 for s in chart.spans) and chart.axis_y > max(rows.values())


def test_search_dates_are_typed_as_they_are_shown(page, sql):
    first, last = one(sql, "SELECT min(published), max(published) FROM articles")
    middle = one(sql, "SELECT published FROM articles ORDER BY published LIMIT 1 OFFSET (SELECT count(*) / 2 FROM articles)")[0]
    word = fold(one(sql, "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid LIMIT 1")[0].split()[-1])
    page.goto(f"/search?q={word}")
    everything = int(page.locator(".result-count").get_attribute("data-total"))
    day = i18n.when(middle, "vi")  # dd/mm/yyyy, as every date on the page
    page.locator("input[name=since]").fill(day)
    page.locator("form.search button").click()
    assert page.locator(".chip[data-filter=since]").inner_text().startswith(f"{i18n.translator('vi')('facet_since')}: {day}")
    assert page.locator("input[name=since]").input_value() == day
    since = int(page.locator(".result-count").get_attribute("data-total"))
    assert 0 < since < everything and first < middle <= last
    shown = [i18n.machine(t) for t in page.locator(".hit time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")]
    assert shown and all(d >= middle[:10] for d in shown)


def test_no_page_shows_an_iso_date(page, sql):
    chair = one(sql, "SELECT chair_id FROM events WHERE chair_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")[0]
    directive = one(sql, "SELECT key FROM directives WHERE date IS NOT NULL ORDER BY articles DESC LIMIT 1")[0]
    article = one(sql, "SELECT article_id FROM events WHERE date IS NOT NULL ORDER BY article_id LIMIT 1")[0]
    word = fold(one(sql, "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid LIMIT 1")[0].split()[-1])
    paths = ["/", "/events", "/directives", "/articles", f"/articles/{article}", f"/people/{chair}",
             f"/directives/{directive}", f"/search?q={word}"]
    for lang in ("vi", "en"):
        _switch(page, lang)
        for path in paths:
            page.goto(path)
            shown = page.locator("main time").all_inner_texts()
            assert shown, path
            assert all(SHOWN_DATE[lang].fullmatch(s) for s in shown), (path, [s for s in shown if not SHOWN_DATE[lang].fullmatch(s)])
            assert not ISO.search(_main_text(page)), (path, ISO.findall(_main_text(page)))
            axes = page.locator("svg text.axis").all_text_contents()
            assert not any(ISO.search(a) for a in axes), axes
    page.goto(f"/people/{chair}")  # in English, the language last chosen
    shoot(page, "person-en")


@pytest.fixture(scope="module")
def undated(db_path, tmp_path_factory) -> TestClient:
    """The database with one more article, which states no publication date: its event's year is unknown."""
    folder = tmp_path_factory.mktemp("undated")
    copy = folder / "undated.db"
    shutil.copy(db_path, copy)
    (folder / "undated.txt").write_text(UNDATED, encoding="utf-8")
    assert ingest([str(folder / "undated.txt")], connect(copy), workers=1).new == 1
    return TestClient(create_app(Settings(copy)))


def test_a_date_without_its_year_says_so(undated):
    events = undated.get("/api/events", params={"limit": 200}).json()["items"]
    event = next(e for e in events if e["date"] == "--11-24")
    for lang, shown in (("vi", "ngày 24/11, năm không rõ"), ("en", "24 Nov, year unknown")):
        for path in (f"/articles/{event['article_id']}", f"/events?chair={event['chair_id']}", f"/people/{event['chair_id']}"):
            html = undated.get(path + ("&" if "?" in path else "?") + f"lang={lang}").text
            assert f'<time datetime="11-24">{shown}</time>' in html, (path, lang)
            assert "--11-24" not in html.replace('datetime="11-24"', "")


# --- errors --------------------------------------------------------------------------------------------

def _fail(exc: Exception):
    def raising(*args, **kwargs):
        raise exc
    return raising


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_error_page_speaks_the_readers_language(page, monkeypatch, lang):
    """Inputs are ASCII words of neither language, so what is left to read is the page's own."""
    monkeypatch.setattr(views, "list_people", _fail(RuntimeError("boom")))
    monkeypatch.setattr(views, "list_localities", _fail(sqlite3.OperationalError("database is locked")))
    t = i18n.translator(lang)
    _switch(page, lang)
    for path, status in [("/people/khong-ai", 404), ("/trang/khong/co", 404), ("/directives/99-XX/YY", 404),
                         ("/search?q=%22abc", 400), ("/events?type=tiec", 422), ("/search?q=abc&since=homqua", 422),
                         ("/people", 500), ("/localities", 503)]:
        answer = page.goto(path)
        assert answer.status == status, path
        assert page.locator("html").get_attribute("lang") == lang
        heading = page.locator("h1").inner_text()
        text = _main_text(page)
        if status == 400:  # the search page itself says what is wrong with the query
            assert heading == t("search_title") and page.locator("p.error").count() == 1
        else:
            assert heading == t(f"error_{status}") and str(status) in text
        if lang == "vi":
            assert not ENGLISH.search(text), (path, text)
        else:
            assert not VIETNAMESE.search(text), (path, text)
        if status == 503:
            assert answer.headers["retry-after"].isdigit()
        if path == "/people/khong-ai":
            shoot(page, f"error-404-{lang}")


def test_api_errors_stay_json_in_english(client, monkeypatch):
    monkeypatch.setattr(views, "list_localities", _fail(sqlite3.OperationalError("database is locked")))
    busy = client.get("/api/localities")
    assert busy.status_code == 503 and busy.json()["status"] == 503 and busy.headers["retry-after"].isdigit()
    missing = client.get("/people/khong-ai", headers={"accept": "application/json"})
    assert missing.status_code == 404 and "khong-ai" in missing.json()["error"]


# --- the favicon ------------------------------------------------------------------------------------------

def test_favicon_is_linked_served_and_drawn(page):
    page.goto("/people")
    href = page.locator("link[rel=icon]").get_attribute("href")
    for address in (href, "/favicon.ico"):
        answer = page.request.get(address)
        assert answer.status == 200 and answer.headers["content-type"] == "image/svg+xml"
        assert answer.text().lstrip().startswith("<svg") and "<script" not in answer.text()
    width = page.evaluate("async src => { const i = new Image(); i.src = src; await i.decode(); return i.naturalWidth; }", href)
    assert width > 0


# --- events: the chair ------------------------------------------------------------------------------------

def _check_chairs(tab, sql: sqlite3.Connection, path: str) -> int:
    """Every row of every table of events on the page shows the event's chair (or, without one, its host)."""
    tab.goto(path)
    rows = tab.locator("table.data tr[data-article]")
    assert rows.count(), path
    named = 0
    for n in range(rows.count()):
        row = rows.nth(n)
        chair, host = one(sql, "SELECT chair, host FROM events WHERE article_id = ? AND seq = ?",
                          row.get_attribute("data-article"), int(row.get_attribute("data-seq")))
        assert row.locator("td").nth(2).inner_text().strip() == (chair or host or ""), (path, n)
        named += bool(chair or host)
    return named


def test_every_events_table_shows_the_chair(page, sql):
    person, name = one(sql, "SELECT e.chair_id, p.name FROM events e JOIN persons p ON p.id = e.chair_id"
                            " GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
    place = one(sql, "SELECT counterpart_locality_id FROM events WHERE chair IS NOT NULL AND counterpart_locality_id IS NOT NULL"
                     " LIMIT 1")[0]
    org = one(sql, "SELECT om.organization_id FROM organization_mentions om JOIN events e ON e.article_id = om.article_id"
                   " WHERE om.name IN (e.host, e.counterpart) AND e.chair IS NOT NULL LIMIT 1")[0]
    directive = one(sql, "SELECT d.key FROM directives d JOIN citations c ON c.directive_key = d.key JOIN events e"
                         " ON e.article_id = c.article_id WHERE e.chair IS NOT NULL"
                         " AND EXISTS (SELECT 1 FROM json_each(e.directives) j WHERE j.value = d.id) LIMIT 1")[0]
    page.goto(f"/people/{person}")
    chaired = page.locator("section", has=page.locator("h2", has_text="Sự kiện chủ trì")).locator("tr[data-article]")
    assert chaired.count() and all(c.strip() for c in chaired.locator("td:nth-child(3)").all_inner_texts())
    assert chaired.locator("td:nth-child(3) a").first.get_attribute("href") == f"/people/{person}"
    for path in ("/", "/events", "/events?type=working_session", f"/people/{person}", f"/localities/{place}",
                 f"/organizations/{org}", f"/directives/{directive}"):
        assert _check_chairs(page, sql, path) > 0, path


# --- localities --------------------------------------------------------------------------------------------

def test_a_province_lists_its_units_and_a_ward_links_its_parents(page, sql):
    ward, district, province = one(
        sql, "SELECT id, district, province FROM localities WHERE tier = 'ward' AND era = 'legacy'"
             " AND district IS NOT NULL ORDER BY articles DESC, id LIMIT 1")
    page.goto(f"/localities/{ward}")
    crumbs = page.locator(".crumbs a")
    assert [crumbs.nth(i).get_attribute("data-tier") for i in range(crumbs.count())] == ["province", "district"]
    crumbs.nth(1).click()  # the district: a page whether or not an article names it
    assert fold(page.locator("h1").inner_text()).endswith(fold(district))
    assert page.locator(f"#units a[href='/localities/{ward}']").count() == 1
    page.locator(".crumbs a[data-tier=province]").click()
    assert fold(page.locator("h1").inner_text()).endswith(fold(province))
    unit = gazetteer.within("legacy", "province", province)[0]
    districts = gazetteer.children(unit)
    units = page.locator("#units")
    listed = units.locator("tbody tr").count() + units.locator("details.others a").count()
    assert listed == len(districts) > 0  # every district of the gazetteer, each once
    row = units.locator("tbody tr", has=page.locator(f"a[href='/localities/{ward}']"))
    assert fold(row.locator("td").first.inner_text()).endswith(fold(district))
    stored = [r[0] for r in sql.execute("SELECT id FROM localities WHERE province = ? AND era = 'legacy' AND tier != 'province'"
                                        " AND code IS NOT NULL", (province,))]
    linked = {a.get_attribute("href") for a in units.locator("a").all()}
    assert {f"/localities/{s}" for s in stored} <= linked  # every unit of the province the articles name
    shoot(page, "locality-province")
    units.locator("details.others a, tbody tr td:first-child a").first.click()
    assert page.locator(".crumbs a[data-tier=province]").get_attribute("href") == f"/localities/{_id(sql, province)}"


def _id(sql: sqlite3.Connection, province: str) -> str:
    return one(sql, "SELECT id FROM localities WHERE tier = 'province' AND name = ? AND era = 'legacy'", province)[0]


# --- the article's provenance ----------------------------------------------------------------------------

def test_article_shows_where_it_came_from(page, sql):
    article_id, url, source_id, outlet, origin = one(
        sql, "SELECT id, url, source_id, outlet, origin FROM articles WHERE url LIKE 'http%' AND source_id IS NOT NULL"
             " AND outlet IS NOT NULL ORDER BY rowid LIMIT 1")
    page.goto(f"/articles/{article_id}")
    link = page.locator(f".meta-grid a[href='{url}']")
    assert link.inner_text() == url and "noopener" in link.get_attribute("rel").split()
    grid = page.locator(".meta-grid").inner_text()
    assert source_id in grid and outlet in grid and article_id in grid
    assert origin.rsplit("/", 1)[-1] in grid and "/" not in page.locator(".meta-grid code").all_inner_texts()[1]


# --- CSV -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, cell", [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("--02-05", "'--02-05"),
                                         ("+84", "'+84"), ("@x", "'@x"), ("Hà Nội", "Hà Nội"), (-3, -3),
                                         (["a", "ấ"], '["a","ấ"]'), (None, None)])
def test_csv_cells_are_read_by_excel_as_written(value, cell):
    assert download.cell(value) == cell


def _download(tab, link) -> list[dict[str, str]]:
    with tab.expect_download() as info:
        link.click()
    data = open(info.value.path(), "rb").read()
    assert data.startswith(codecs.BOM_UTF8), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _word(sql: sqlite3.Connection, query: str) -> str:
    return fold(one(sql, query)[0].split()[-1])


def test_every_list_and_search_downloads_as_csv(page, client, sql):
    person = one(sql, "SELECT id FROM persons ORDER BY articles DESC LIMIT 1")[0]
    directive = one(sql, "SELECT key FROM directives ORDER BY citations DESC LIMIT 1")[0]
    lists = [  # page, API with the same filters, the field both name the first row by
        (f"/people?q={_word(sql, 'SELECT name FROM persons ORDER BY articles DESC LIMIT 1')}", "id"),
        (f"/organizations?q={_word(sql, 'SELECT name FROM organizations ORDER BY articles DESC LIMIT 1')}", "id"),
        (f"/localities?q={_word(sql, 'SELECT name FROM localities ORDER BY articles DESC LIMIT 1')}", "id"),
        (f"/directives?q={one(sql, 'SELECT id FROM directives ORDER BY articles DESC LIMIT 1')[0].split('/')[0]}", "key"),
        ("/events?type=working_session", "article_id"), ("/statements?type=petition", "text"),
        (f"/statements?speaker={person}", "text"),
        (f"/articles?person={person}", "id"), ("/contradictions", "id"),
    ]
    for path, field in lists:
        page.goto(path)
        link = page.locator(".download a")
        address = urlsplit(link.get_attribute("href"))
        asked = urlsplit(path)
        assert address.path == asked.path + ".csv" and parse_qsl(address.query) == parse_qsl(asked.query)
        rows = _download(page, link)
        api = client.get("/api" + asked.path, params={**dict(parse_qsl(asked.query)), "limit": 200}).json()
        assert len(rows) == api["total"] > 0, path
        first = api["items"][0][field]
        assert rows[0][field].lstrip("'") == str(first), path  # Vietnamese text read back as written
    page.goto(f"/directives/{directive}")
    rows = _download(page, page.locator(".download a"))
    cited = client.get(f"/api/directives/{directive}").json()["citations"]
    assert sorted(r["article_id"] for r in rows) == sorted(c["article_id"] for c in cited)
    assert {r["directive"] for r in rows} == {directive}
    word = _word(sql, "SELECT title FROM articles WHERE title IS NOT NULL ORDER BY rowid LIMIT 1")
    page.goto(f"/search?q={word}")
    page.locator("[data-facet=event_type] li a").first.click()
    total = int(page.locator(".result-count").get_attribute("data-total"))
    shown = [a.get_attribute("href").rsplit("/", 1)[-1] for a in page.locator(".hit h2 a").all()]
    rows = _download(page, page.locator(".download a"))
    assert len(rows) == min(total, 1000) and [r["id"] for r in rows[:len(shown)]] == shown  # the filter and the ranking kept
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))


def test_export_csv_carries_the_bom(db_path, tmp_path):
    written = export(connect(db_path, readonly=True), tmp_path, "csv")
    assert written and all((tmp_path / name).read_bytes().startswith(codecs.BOM_UTF8) for name in written)
