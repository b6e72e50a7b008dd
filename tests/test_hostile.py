"""Hostile and careless inputs (issue 14): each costs at most its own document, says what it is, and
every good document beside it is read and stored.

File and member names that are not UTF-8, or hold control characters; a gzip of a billion empty
lines and archives of too many members; a folder that cannot be read; a full disk; a program given
as an article; a JSON line with a lone surrogate; a record the store refuses; more failures than a
summary keeps; and the bound on what ingest holds in flight. Every input is generated here, in a
temporary folder; the articles are tests/genre.py's.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import tarfile
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
import sqlean as sqlite3
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import genre
import presswatch.store
from presswatch import Article, Failure, extract_paths
from presswatch.cli import app
from presswatch.limits import Limits
from presswatch.read import Source
from presswatch.store import connect
from presswatch.store import ingest as ingest_module
from presswatch.store.ingest import extract_records, ingest

from test_inputs import warc_record

PIECES = [p.record for p in genre.articles()[:12]]
PRESSWATCH = [sys.executable, "-m", "presswatch.cli"]
# What no output may carry as it is: bytes that are not UTF-8 (as lone surrogates), control characters.
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def text(i: int) -> bytes:
    """Article i of the generated world as a text file: its title, then its paragraphs."""
    return f"{PIECES[i]['title']}\n{PIECES[i]['text']}\n".encode("utf-8")


def escaped(raw: bytes) -> str:
    """A name of ASCII and bytes that are not UTF-8 as presswatch prints it: each such byte as \\xNN."""
    return "".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in raw)


def stored(db: Path) -> list[str]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        return sorted(r[0] for r in conn.execute("SELECT origin FROM articles"))


def said(output: str | bytes) -> str:
    """What a command wrote, lines wrapped at the terminal's width joined again."""
    return " ".join((output.decode("utf-8") if isinstance(output, bytes) else output).split())


def run(*args: str | bytes) -> tuple[int, bytes, str]:
    """The command as a user runs it (arguments as bytes, as a shell passes them): exit status, standard output,
    and what it said on standard error."""
    result = subprocess.run([*PRESSWATCH, *args], capture_output=True, timeout=300)
    return result.returncode, result.stdout, said(result.stderr)


def invoke(*args: str) -> tuple[int, str]:
    """The command run in this process (for what a test patches): exit status, and what it wrote."""
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def tar_of(members: list[tuple[bytes, bytes]], fmt: int = tarfile.PAX_FORMAT) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=fmt) as archive:
        for name, data in members:
            info = tarfile.TarInfo(os.fsdecode(name))
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def zip_of(members: list[tuple[bytes, bytes]], utf8_flag: bool = False) -> bytes:
    """A zip whose member names are these bytes, as written by a tool that stores names as it finds them: each
    is written by Python's zipfile as a placeholder of its length, ASCII (no UTF-8 flag) or not (zipfile sets the
    flag), then replaced."""
    buffer = io.BytesIO()
    placeholders = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(members):
            wide, odd = divmod(len(name) - 3, 2)
            placeholder = f"{i:03d}{'é' * wide if utf8_flag else '~~' * wide}{'~' * odd}".encode()
            archive.writestr(placeholder.decode(), data)
            placeholders.append((placeholder, name))
    data = buffer.getvalue()
    for placeholder, name in placeholders:
        assert data.count(placeholder) == 2  # the local header and the table of contents
        data = data.replace(placeholder, name)
    return data


# --- names that are not UTF-8, or not printable -------------------------------------------------

BAD = b"b\xe1o-c\xe1o-\xff.txt"  # Latin-1 bytes: no UTF-8 decoder reads them


def test_names_on_disk_that_are_not_utf8_are_extracted_stored_and_reported(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    raw = os.fsencode(folder)
    for name, data in ((b"good.txt", text(0)), (BAD, text(1)), (b"sub/" + BAD, text(2)), (b"empty-\xfe.txt", b"")):
        with open(raw + b"/" + name, "wb") as handle:
            handle.write(data)
    errors = tmp_path / "errors.jsonl"
    status, out, err = run("extract", raw, "--errors", str(errors))
    assert status == 1, err  # the empty file, and nothing else
    paths = [json.loads(line)["path"] for line in out.splitlines()]
    assert paths == [f"{folder}/{escaped(BAD)}", f"{folder}/good.txt", f"{folder}/sub/{escaped(BAD)}"]
    assert [json.loads(line)["origin"] for line in errors.read_text(encoding="utf-8").splitlines()] == [f"{folder}/empty-\\xfe.txt"]
    assert f"{folder}/empty-\\xfe.txt: the file is empty" in err and "Traceback" not in err

    db = tmp_path / "a.db"
    status, _, err = run("ingest", raw, "--db", str(db), "--workers", "2")
    assert status == 1 and "Traceback" not in err and "3 new, 0 unchanged, 0 updated, 1 failed" in err, err
    assert stored(db) == sorted(paths)
    status, _, err = run("ingest", raw, "--db", str(db), "--workers", "1")  # no re-run stops at the same file
    assert status == 1 and "0 new, 3 unchanged, 0 updated, 1 failed" in err, err


@pytest.mark.parametrize("fmt", [tarfile.PAX_FORMAT, tarfile.GNU_FORMAT], ids=["pax", "gnu"])
def test_tar_members_named_in_bytes_that_are_not_utf8(tmp_path, fmt):
    path = tmp_path / "upload.tar.gz"
    path.write_bytes(tar_of([(b"a.txt", text(0)), (BAD, text(1)), (b"d\xc3/" + BAD, text(2)), (b"c.txt", text(3))], fmt))
    found = list(extract_paths([str(path)]))
    assert [a.path for a in found if isinstance(a, Article)] == [
        f"{path}/a.txt", f"{path}/{escaped(BAD)}", f"{path}/d\\xc3/{escaped(BAD)}", f"{path}/c.txt"]
    db = tmp_path / "a.db"
    exit_code, output = invoke("ingest", str(path), "--db", str(db), "--workers", "2")
    assert exit_code == 0, output
    assert len(stored(db)) == 4


def test_zip_member_names_in_a_legacy_encoding_are_escaped(tmp_path):
    path = tmp_path / "old.zip"
    path.write_bytes(zip_of([(b"a.txt", text(0)), (BAD, text(1)), ("b\u00e1o.txt".encode(), text(2))]))
    found = list(extract_paths([str(path)]))
    # a name without zip's UTF-8 flag: its bytes as they are when UTF-8 (as zip tools write them), else escaped
    assert [a.path for a in found] == [f"{path}/a.txt", f"{path}/{escaped(BAD)}", f"{path}/báo.txt"]


def test_a_zip_that_says_a_name_is_utf8_when_it_is_not_loses_nothing(tmp_path):
    lying = tmp_path / "lying.zip"
    lying.write_bytes(zip_of([(b"a.txt", text(0)), (BAD, text(1)), ("b\u00e1o.txt".encode(), text(2))], utf8_flag=True))
    found = list(extract_paths([str(lying)]))
    # the name that is not UTF-8 escaped as any such name is; the names that are read as they are
    assert [a.path for a in found if isinstance(a, Article)] == [
        f"{lying}/a.txt", f"{lying}/{escaped(BAD)}", f"{lying}/báo.txt"]


def test_control_characters_in_a_name_are_escaped_on_one_line(tmp_path):
    name = "a\nb\x1b[31m\u202e.txt"  # a newline, a terminal colour and a right-to-left override
    (tmp_path / name).write_bytes(b"")
    (tmp_path / "good.txt").write_bytes(text(0))
    exit_code, output = invoke("extract", str(tmp_path))
    assert exit_code == 1
    assert f"{tmp_path}/a\\x0ab\\x1b[31m\\u202e.txt: the file is empty" in said(output)


def test_a_json_line_with_a_lone_surrogate_is_stored_with_a_replacement(tmp_path):
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps({"title": PIECES[0]["title"] + " \udc80", "text": PIECES[0]["text"]}) + "\n"
                    + json.dumps({"title": PIECES[1]["title"], "text": PIECES[1]["text"]}) + "\n", encoding="utf-8")
    assert "\\udc80" in path.read_text(encoding="utf-8")  # JSON's escape for a lone surrogate
    db = tmp_path / "a.db"
    exit_code, output = invoke("ingest", str(path), "--db", str(db), "--workers", "1")
    assert exit_code == 0, output
    with closing(sqlite3.connect(db)) as conn:
        titles = sorted(r[0] for r in conn.execute("SELECT title FROM articles"))
    assert titles == sorted([PIECES[0]["title"] + " \ufffd", PIECES[1]["title"]])


NAME_BYTES = st.binary(min_size=3, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b".."))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=NAME_BYTES, container=st.sampled_from(["disk", "tar", "zip"]))
@example(name=b"PK\x03\x04", container="tar")  # a tar begins with its first name: not a zip for that
def test_any_name_gives_a_printable_origin(tmp_path, name, container):
    """Whatever the bytes of a name, each document is read and named by text that prints and stores."""
    folder = tmp_path / os.urandom(4).hex()
    folder.mkdir()
    if container == "disk":
        with open(os.fsencode(folder) + b"/" + name + b".txt", "wb") as handle:  # a folder takes the files it knows by name
            handle.write(text(0))
        paths = [str(folder)]
    else:
        archive = folder / f"a.{container}"
        archive.write_bytes(tar_of([(name, text(0)), (b"b.txt", text(1))]) if container == "tar"
                            else zip_of([(name, text(0)), (b"b.txt", text(1))]))
        paths = [str(archive)]
    found = list(extract_paths(paths))
    assert len(found) == (1 if container == "disk" else 2)
    for item in found:
        assert isinstance(item, Article), item
        assert not UNPRINTABLE.search(item.path) and item.path.encode("utf-8")
        json.dumps(item.path, ensure_ascii=False).encode("utf-8")


# --- counts: lines, records, members ------------------------------------------------------------

def test_a_gzip_of_a_billion_newlines_stops_at_the_line_limit(tmp_path):
    path = tmp_path / "newlines.jsonl.gz"
    with path.open("wb") as out:
        member = gzip.compress(b"\n" * 2**20, 9)  # a gzip file may be many gzip streams, one after another
        for _ in range(1024):  # 1 GiB of "\n" in about a megabyte
            out.write(member)
    assert path.stat().st_size < 2_000_000
    good = tmp_path / "good.txt"
    good.write_bytes(text(0))
    db = tmp_path / "a.db"
    exit_code, output = invoke("ingest", str(path), str(good), "--db", str(db), "--workers", "1")
    assert exit_code == 1
    assert f"{path}: it holds more than 1,000,000 lines, records or archive members (PRESSWATCH_MAX_RECORDS)" in said(output)
    assert stored(db) == [str(good)]


def test_archives_and_web_archives_of_too_many_records_are_one_failure_each(tmp_path, monkeypatch):
    monkeypatch.setenv("PRESSWATCH_MAX_RECORDS", "5")
    tar = tmp_path / "many.tar.gz"
    tar.write_bytes(tar_of([(f"{i}.txt".encode(), text(i)) for i in range(7)]))
    many_zip = tmp_path / "many.zip"
    many_zip.write_bytes(zip_of([(f"{i}.txt".encode(), text(i)) for i in range(7)]))
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(b"".join(warc_record("request", f"https://example.vn/{i}.html") for i in range(8)))
    good = tmp_path / "good.txt"
    good.write_bytes(text(8))
    found = list(extract_paths([str(tar), str(many_zip), str(crawl), str(good)]))
    articles = [a.path for a in found if isinstance(a, Article)]
    assert articles == [f"{tar}/{i}.txt" for i in range(5)] + [str(good)]  # the first five of the tar, none of the zip
    reasons = {f.origin: f.reason for f in found if isinstance(f, Failure)}
    assert set(reasons) == {str(tar), str(many_zip), str(crawl)}
    assert "the first 5 were read" in reasons[str(tar)] and "none was read" in reasons[str(many_zip)]
    assert all("more than 5 lines, records or archive members" in r for r in reasons.values())


def test_web_archives_whose_headers_never_end_are_one_failure_each(tmp_path):
    page = f"<html><head><meta charset='utf-8'></head><body><h1>{PIECES[0]['title']}</h1><p>{PIECES[0]['text']}</p></body></html>"
    record = warc_record("response", "https://example.vn/a.html", page.encode("utf-8"))
    endless, blank = tmp_path / "endless.warc.gz", tmp_path / "blank.warc.gz"
    with gzip.open(endless, "wb") as out:  # one header line of 64 MiB, in about 64 KB
        out.write(record + b"WARC/1.0\r\nWARC-Type: response\r\nX-Note: ")
        for _ in range(64):
            out.write(b"a" * 2**20)
    with gzip.open(blank, "wb") as out:  # a record, 64 MiB of blank lines, a record
        out.write(record)
        for _ in range(32):
            out.write(b"\r\n" * 2**20)
        out.write(record)
    found = list(extract_paths([str(endless), str(blank)]))
    assert [a.path for a in found if isinstance(a, Article)] == [f"{endless}#1", f"{blank}#1"]
    reasons = {f.origin: f.reason for f in found if isinstance(f, Failure)}
    assert set(reasons) == {str(endless), str(blank)}
    assert all("a record's headers run past 1,048,576 bytes" in r and "the records before were read" in r for r in reasons.values())


# --- honest messages ----------------------------------------------------------------------------

@pytest.fixture
def locked(monkeypatch):
    """locked(folder): a folder this process may not list (chmod 000; as root, where that changes nothing,
    os.scandir refuses it as the kernel would)."""
    def _lock(folder: Path) -> None:
        folder.chmod(0)
        if os.geteuid() == 0:
            real = os.scandir

            def scandir(path=".", _real=real):
                if os.fspath(path) == str(folder):
                    raise PermissionError(13, "Permission denied", str(folder))
                return _real(path)
            monkeypatch.setattr(os, "scandir", scandir)
    yield _lock


def test_an_unreadable_subfolder_is_reported_and_the_rest_stored(tmp_path, locked):
    root = tmp_path / "in"
    for i, sub in enumerate(["a", "b/locked", "c"]):
        (root / sub).mkdir(parents=True)
        (root / sub / f"{i}.txt").write_bytes(text(i))
    locked(root / "b/locked")
    try:
        exit_code, output = invoke("extract", str(root))
        assert exit_code == 1
        assert f"{root}/b/locked: the folder cannot be read (Permission denied); the files in it are not read" in said(output)
        assert len([line for line in output.splitlines() if line.startswith("{")]) == 2
        db = tmp_path / "a.db"
        exit_code, output = invoke("ingest", str(root), "--db", str(db), "--workers", "1")
        assert exit_code == 1 and "the folder cannot be read" in said(output)
        assert stored(db) == [f"{root}/a/0.txt", f"{root}/c/2.txt"]
    finally:
        (root / "b/locked").chmod(0o755)


def test_a_full_disk_is_said_as_such_and_what_was_stored_stays(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, numbers in ((first, range(2)), (second, range(2, 12))):
        folder.mkdir()
        for i in numbers:
            (folder / f"{i}.txt").write_bytes(text(i))
    db = tmp_path / "a.db"
    assert invoke("ingest", str(first), "--db", str(db), "--workers", "1")[0] == 0
    real = presswatch.store.connect

    def nearly_full(path, **kwargs):  # the disk holds what is there and a few pages more
        conn = real(path, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages + 4}")
        return conn
    monkeypatch.setattr(presswatch.store, "connect", nearly_full)
    exit_code, output = invoke("ingest", str(second), "--db", str(db), "--workers", "1")
    assert exit_code == 74  # sysexits' EX_IOERR: what an upload answers as 507
    assert "the disk is full" in said(output) and "Free some space" in said(output)
    assert "no transaction is active" not in said(output) and "Traceback" not in said(output)
    assert stored(db) == [f"{first}/0.txt", f"{first}/1.txt"]


def test_a_program_is_binary_not_utf16(tmp_path):
    program = Path(os.path.realpath(sys.executable)).read_bytes()[:65536]
    assert program.startswith(b"\x7fELF")
    as_text, utf16 = tmp_path / "program.txt", tmp_path / "utf16.txt"
    as_text.write_bytes(program)
    utf16.write_bytes(text(0).decode("utf-8").encode("utf-16-le"))  # no byte-order mark: still read as text
    exit_code, output = invoke("extract", str(as_text), str(utf16))
    assert exit_code == 1
    assert f"{as_text}: it is binary, not text" in said(output) and "UTF-16" not in said(output)
    assert sum(line.startswith("{") for line in output.splitlines()) == 1


def test_a_record_the_store_refuses_is_its_own_failure(tmp_path, monkeypatch):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(text(i))
    real = ingest_module.write

    def refuse_one(conn, rec):
        outcome = real(conn, rec)
        if rec["path"].endswith("1.txt"):  # written, then refused: none of it may stay
            raise sqlite3.IntegrityError("refused")
        return outcome
    monkeypatch.setattr(ingest_module, "write", refuse_one)
    conn = connect(tmp_path / "a.db")
    summary = ingest([str(tmp_path)], conn, workers=1)
    assert [f.origin for f in summary.failed] == [f"{tmp_path}/1.txt"] and "could not be stored" in summary.failed[0].reason
    assert summary.new == 2 and summary.linked
    assert sorted(r[0] for r in conn.execute("SELECT origin FROM articles")) == [f"{tmp_path}/0.txt", f"{tmp_path}/2.txt"]


def test_every_failure_is_passed_on_and_the_summary_keeps_a_bounded_number(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "KEPT_FAILURES", 3)
    for i in range(6):
        (tmp_path / f"empty{i}.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes(text(0))
    told: list[Failure] = []
    summary = ingest([str(tmp_path)], connect(tmp_path / "a.db"), workers=1, on_failure=told.append)
    assert len(told) == summary.failures == summary.as_dict()["failed"] == 6
    assert summary.failed == told[:3] and summary.new == 1


# --- what ingest holds ----------------------------------------------------------------------------

def test_ingest_hands_out_bytes_not_a_number_of_documents():
    """However many documents are waiting, those read and not yet taken back stay within the bound."""
    size, bound, count = 400_000, 1_000_000, 30
    taken: list[int] = []

    def jobs():
        for i in range(count):
            taken.append(i)
            yield Source(f"doc#{i}", "json", b"{" + b" " * size), str(i), Limits(timeout=0)  # not JSON: a failure, at once
    seen = []
    for result in extract_records(jobs(), workers=2, in_flight=bound):
        assert isinstance(result, Failure)
        seen.append(int(result.origin.rsplit("#", 1)[1]))
        read_ahead = len(taken) - len(seen)  # documents read and not yet given back
        assert read_ahead * size <= bound + ingest_module.CHUNK_BYTES + size
    assert seen == list(range(count))


def test_a_worker_killed_mid_ingest_costs_only_its_document(tmp_path, monkeypatch):
    """A document whose extraction kills its process (as the kernel's OOM killer does) is one failure that says
    so; every other document, in its chunk and after it, is stored; nothing waits forever."""
    real = ingest_module._extract

    def deadly(job):
        if job[0].origin.endswith("poison.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job)
    monkeypatch.setattr(ingest_module, "_extract", deadly)  # the workers are forked: they run it too
    for i in range(len(PIECES) - 1):
        (tmp_path / f"{i:02d}.txt").write_bytes(text(i))
    (tmp_path / "07poison.txt").write_bytes(text(len(PIECES) - 1))
    told: list[Failure] = []
    def hung(*_):
        raise TimeoutError("ingest still waiting for the killed worker after 300 s")
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(300)  # a hang fails this test instead of stalling the suite
    try:
        summary = ingest([str(tmp_path)], connect(tmp_path / "a.db"), workers=2, on_failure=told.append)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert summary.new == len(PIECES) - 1 and summary.failures == 1
    assert told[0].origin.endswith("07poison.txt") and "died" in told[0].reason
    assert len(stored(tmp_path / "a.db")) == len(PIECES) - 1


def test_ingest_stores_big_articles_in_batches_of_bounded_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_module, "BATCH_BYTES", 1)  # each article its own transaction
    for i in range(3):
        (tmp_path / f"{i}.txt").write_bytes(text(i))
    conn = connect(tmp_path / "a.db")
    commits: list[str] = []
    conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)
    linking: list[int] = []
    summary = ingest([str(tmp_path)], conn, workers=1, on_link=lambda step: linking.append(len(commits)))
    assert summary.new == 3 and linking[0] == 3
