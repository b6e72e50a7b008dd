"""Writers at once: uploads to a two-worker server and a command-line ingest, into one database.

They take turns on the database's writer lock (store.writer) and each links only what it wrote, so
every one is answered (2xx, or a clear 4xx/503), and the store ends as a sequential run of the same
inputs leaves it: the same counts and the same registry. The articles are tests/genre.py's world;
the server is the real `presswatch serve --workers 2` on a free port.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import orjson
import pytest

import genre
from fastapi.testclient import TestClient
from test_link import registry
from test_store import counts
from presswatch.serve import upload
from presswatch.serve.api import Settings, create_app
from presswatch.store import connect
from presswatch.store.ingest import ingest

WORLD = genre.records(genre.articles(sessions=150, seed=31))
TOKEN = "concurrency-token"
UPLOADS = 4


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in records))
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """The store's first half, four uploads of a tenth each and a command-line ingest of the rest: interleaved
    slices of one world, so the writers share directives, people, places and stories."""
    folder = tmp_path_factory.mktemp("inputs")
    parts: dict[str, list[dict]] = {"base": [], "cli": [], **{f"upload-{n}": [] for n in range(UPLOADS)}}
    for n, record in enumerate(WORLD):
        slot = n % 10
        name = "base" if slot < 5 else f"upload-{slot - 5}" if slot - 5 < UPLOADS else "cli"
        parts[name].append(record)
    return {name: write_jsonl(folder / f"{name}.jsonl", records) for name, records in parts.items()}


@pytest.fixture(scope="module")
def sequential(inputs, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("sequential") / "sequential.db"
    for name in ("base", *(f"upload-{n}" for n in range(UPLOADS)), "cli"):
        ingest([str(inputs[name])], connect(db), workers=1)
    return db


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(inputs, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """`presswatch serve --workers 2` with uploads allowed, over a store holding the base half."""
    db = tmp_path_factory.mktemp("served") / "served.db"
    ingest([str(inputs["base"])], connect(db), workers=2)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "presswatch.cli", "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                            env={**os.environ, "PRESSWATCH_TOKEN": TOKEN}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        assert proc.poll() is None and time.monotonic() < deadline, "the server did not start"
        try:
            if httpx2.get(f"{url}/api/stats", timeout=2).status_code == 200:
                break
        except httpx2.HTTPError:
            time.sleep(0.2)
    yield url, db
    proc.terminate()
    proc.wait(20)


def test_uploads_and_an_ingest_at_once_end_as_a_sequential_run(server, inputs, sequential):
    url, db = server
    answers: dict[str, httpx2.Response] = {}

    busy: list[httpx2.Response] = []

    def upload(name: str) -> None:
        """As a client would: again after a 503 (a writer waits a minute for its turn; a loaded machine may take longer)."""
        with httpx2.Client(timeout=900) as http:
            for _ in range(10):
                answer = http.post(f"{url}/api/upload", headers={"Authorization": f"Bearer {TOKEN}"},
                                   files={"file": (f"{name}.jsonl", inputs[name].read_bytes())})
                if answer.status_code != 503:
                    break
                busy.append(answer)
                time.sleep(1)
            answers[name] = answer

    threads = [threading.Thread(target=upload, args=(f"upload-{n}",)) for n in range(UPLOADS)]
    for thread in threads:
        thread.start()
    cli = subprocess.run([sys.executable, "-m", "presswatch.cli", "ingest", str(inputs["cli"]), "--db", str(db), "--workers", "2"],
                         capture_output=True, text=True, timeout=600)
    for thread in threads:
        thread.join(600)
    assert cli.returncode == 0, cli.stderr
    assert sorted(answers) == [f"upload-{n}" for n in range(UPLOADS)]
    for name, answer in answers.items():
        assert answer.status_code == 200, (name, answer.status_code, answer.text)
        outcome = answer.json()
        assert outcome["new"] == len(inputs[name].read_bytes().splitlines()) and outcome["failed"] == 0
        assert str(db.parent) not in answer.text and "Traceback" not in answer.text
    for answer in busy:  # clear: why, and when to ask again
        assert answer.headers["Retry-After"] and "another ingest" in answer.json()["error"]
    assert counts(db) == counts(sequential)
    assert registry(db) == registry(sequential)
    with connect(db, readonly=True) as conn:
        assert conn.execute("SELECT count(*) FROM link_queue").fetchone()[0] == 0


def test_a_writer_that_waits_too_long_gives_up_clearly(server, inputs, monkeypatch):
    """Another ingest writing for longer than a writer waits: the command line says so and exits 75; an upload
    is answered 503 with Retry-After and a message that says why, and nothing of the server's paths."""
    url, db = server
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl, sys, time; handle = open(sys.argv[1], 'a+b');"
                               " fcntl.flock(handle, fcntl.LOCK_EX); print('held', flush=True); time.sleep(600)", f"{db}.lock"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        waited = subprocess.run([sys.executable, "-m", "presswatch.cli", "ingest", str(inputs["cli"]), "--db", str(db),
                                 "--wait", "0.5"], capture_output=True, text=True, timeout=120)
        said = " ".join(waited.stderr.split())  # as the terminal wraps it
        assert waited.returncode == 75
        assert f"another ingest is writing to {db}; waiting" in said and "still writing to it after 0.5 s" in said
        monkeypatch.setattr(upload, "WRITE_WAIT", 0.5)
        app = TestClient(create_app(Settings(db, token=TOKEN)))
        answer = app.post("/api/upload", headers={"Authorization": f"Bearer {TOKEN}"},
                          files={"file": ("late.jsonl", inputs["cli"].read_bytes())})
        assert answer.status_code == 503 and answer.headers["Retry-After"]
        assert "another ingest" in answer.json()["error"] and str(db.parent) not in answer.text
    finally:
        holder.kill()
        holder.wait()


def test_no_error_answer_carries_a_path_or_a_traceback(server):
    url, db = server
    with httpx2.Client(timeout=30) as http:
        answers = [
            http.post(f"{url}/api/upload", headers={"Authorization": f"Bearer {TOKEN}"}, files={"file": ("x.jsonl", b"{not json\n")}),
            http.post(f"{url}/api/upload", headers={"Authorization": f"Bearer {TOKEN}"}, files={"file": ("x.exe", b"MZ")}),
            http.post(f"{url}/api/upload", headers={"Authorization": f"Bearer {TOKEN}",
                                                     "Content-Type": "multipart/form-data; boundary=x"}, content=b"--x\r\nbroken"),
            http.get(f"{url}/api/articles/{'x' * 400}"),
            http.get(f"{url}/api/search", params={"q": '"unbalanced'}),
            http.get(f"{url}/articles/nothing-here", headers={"Accept": "text/html"}),
        ]
    for answer in answers:
        assert answer.status_code < 500 or answer.status_code == 503, (answer.status_code, answer.text)
        assert str(db.parent) not in answer.text and "Traceback" not in answer.text and 'File "' not in answer.text
