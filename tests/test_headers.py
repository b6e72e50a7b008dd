"""What every answer of the server carries, and the requests it refuses before reading them.

Against the real `presswatch serve` (uvicorn's h11, as run in production) on a free port, over a
store of tests/genre.py's world: a request head of 50 MB is refused; every answer (pages, API,
static files, docs, errors) carries the Content-Security-Policy and the other security headers;
and Chromium, enforcing that policy, reports no violation on any page type.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx2
import orjson
import pytest
from fastapi.testclient import TestClient

import genre
from presswatch.serve.api import MAX_HEAD, SECURITY_HEADERS, Settings, create_app
from presswatch.store import connect
from presswatch.store.ingest import ingest

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("headers")
    source = folder / "world.jsonl"
    source.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in genre.records(genre.articles(sessions=30, seed=5))))
    path = folder / "headers.db"
    ingest([str(source)], connect(path), workers=2)
    return path


@pytest.fixture(scope="module")
def server(db) -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "presswatch.cli", "serve", "--db", str(db), "--port", str(port)],
                            env={**os.environ, "PRESSWATCH_TOKEN": ""}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
        try:
            if httpx2.get(f"{url}/api/stats", timeout=2).status_code == 200:
                break
        except httpx2.HTTPError:
            time.sleep(0.2)
    yield url, port
    proc.terminate()
    proc.wait(20)


@pytest.fixture(scope="module")
def paths(db) -> list[str]:
    """One URL of each kind the server answers: pages, lists, CSV, API, static files, docs, and errors."""
    with connect(db, readonly=True) as conn:
        def first(query: str) -> str:
            return quote(conn.execute(query).fetchone()[0], safe="/@")
        article, directive = first("SELECT id FROM articles"), first("SELECT key FROM directives ORDER BY articles DESC")
        person, locality = first("SELECT id FROM persons ORDER BY articles DESC"), first("SELECT id FROM localities ORDER BY articles DESC")
        organization = first("SELECT id FROM organizations ORDER BY articles DESC")
    pages = ["/", "/search?q=thanh+uy", f"/articles/{article}", f"/directives/{directive}", f"/people/{person}",
             f"/localities/{locality}", f"/organizations/{organization}", "/articles", "/directives", "/people", "/localities",
             "/organizations", "/events", "/statements", "/contradictions", "/upload", "/docs", "/no-such-page",
             "/people/no-such-person", "/search?q=%22"]
    other = ["/api/stats", "/api/search?q=thanh+uy", f"/api/articles/{article}", "/api/articles/nothing", "/api/events?limit=0",
             "/openapi.json", "/static/style.css", "/static/docs.js", "/favicon.svg", "/directives.csv",
             "/static-offline-docs/swagger-ui.css"]
    return pages + other


def test_a_50_mb_request_head_is_refused(server):
    url, port = server
    refused = None
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Filler: ")
        sent = 0
        try:
            while sent < 50 * 1024 * 1024:
                sock.sendall(b"a" * 65536)
                sent += 65536
            sock.sendall(b"\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped reading: refused
        try:
            refused = sock.recv(200)
        except ConnectionResetError:
            refused = b""
    # Refused once past the limit, not after holding it all: what went out is the socket buffers' worth (a few MB).
    assert sent < 16 * 1024 * 1024, f"the server read on ({sent:,} bytes)"
    assert not refused or refused.split(b" ")[1] in (b"400", b"431"), refused  # if the answer came before the reset
    assert httpx2.get(f"{url}/api/stats", timeout=10).status_code == 200  # and the server goes on


def test_a_large_head_behind_another_server_is_refused_by_the_app(db):
    """Under an ASGI server without h11's limit, the app's own middleware refuses the head (431)."""
    answer = TestClient(create_app(Settings(db))).get("/api/stats", headers={"X-Filler": "a" * (MAX_HEAD + 1)})
    assert answer.status_code == 431 and answer.json()["status"] == 431
    assert answer.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_every_answer_carries_the_security_headers(server, paths):
    url, _ = server
    statuses = set()
    with httpx2.Client(base_url=url, timeout=30) as http:
        for path in paths:
            answer = http.get(path, headers={"Accept": "text/html"} if not path.startswith("/api") else {})
            statuses.add(answer.status_code)
            for name, value in SECURITY_HEADERS.items():
                assert answer.headers.get(name) == value, (path, name, answer.headers.get(name))
    assert {200, 404, 422} <= statuses  # errors too


def test_a_crash_is_answered_with_the_headers_and_without_its_traceback(db, monkeypatch):
    from presswatch.serve import views

    def broken(*args, **kwargs):
        raise RuntimeError(f"a fault inside {db}")

    monkeypatch.setattr(views, "stats", broken)
    answer = TestClient(create_app(Settings(db)), raise_server_exceptions=False).get("/api/stats")
    assert answer.status_code == 500 and str(db) not in answer.text and "Traceback" not in answer.text
    assert answer.headers["X-Frame-Options"] == "DENY" and answer.headers["Content-Security-Policy"]


def test_no_page_breaks_its_content_security_policy(server, paths):
    """Chromium enforces the policy: a blocked script, style or image is reported on the console."""
    from playwright.sync_api import sync_playwright

    url, _ = server
    assert Path(CHROMIUM).exists(), "Chromium is missing: `make install` installs Debian's (scripts/ensure-chromium.sh)"
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        tab = browser.new_context(base_url=url).new_page()
        tab.add_init_script("window.violations = []; document.addEventListener('securitypolicyviolation',"
                            " e => window.violations.push(e.violatedDirective + ' ' + e.blockedURI));")
        tab.on("console", lambda m: violations.append(f"{tab.url}: {m.text}") if "Content Security Policy" in m.text else None)
        for path in paths:
            if path.endswith((".css", ".js", ".svg", ".csv", ".json")) or path.startswith("/api/"):
                continue
            tab.goto(path)
            tab.wait_for_load_state("networkidle")
            if path == "/docs":
                tab.locator(".swagger-ui .info .title").wait_for(timeout=15000)  # the docs ran under the policy
            violations += [f"{path}: {v}" for v in tab.evaluate("window.violations")]
        browser.close()
    assert not violations, violations
