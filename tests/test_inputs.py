"""Inputs from the real world: web archives, zip and tar archives, gzip, standard input, and hostile
files (empty, random, truncated, oversized, bombs, slow). Each bad input is one failure naming it and
why; everything else in the batch is still read.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import tarfile
import uuid
import zipfile

import pytest
from typer.testing import CliRunner

from presswatch import Article, Failure, extract_paths
from presswatch.cli import app
from presswatch.limits import DocumentTimeout, Limits, time_limit
from presswatch.read import Document, ReadError, read

from conftest import page

TITLE = "Bí thư Thành ủy làm việc với Quận ủy quận 2"
SENTENCE = "Sáng 7-2, Bí thư Thành ủy TP.HCM Đinh La Thăng đã có buổi làm việc với Quận ủy quận 2."
TEXT = page(TITLE, SENTENCE, "UBND TPHCM đã 3 lần kiến nghị Thủ tướng Chính phủ bố trí đủ vốn cho các dự án trên.")
HTML = (f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><h1>{TITLE}</h1>"
        f"<div class='content'><p>{SENTENCE}</p></div></body></html>")


def items(paths, limits=None):
    return list(extract_paths([str(p) for p in paths], limits))


def failures(found):
    return [f for f in found if isinstance(f, Failure)]


def articles(found):
    return [a for a in found if isinstance(a, Article)]


# --- web archives --------------------------------------------------------------------------------

def warc_record(kind: str, url: str, payload: bytes = b"", status: str = "200 OK", content_type: str = "text/html; charset=utf-8") -> bytes:
    block = payload
    if kind == "response":
        block = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode() + payload
    elif kind == "request":
        block = f"GET {url} HTTP/1.1\r\nHost: example.vn\r\n\r\n".encode()
    msgtype = "; msgtype=" + kind if kind in ("request", "response") else ""
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2017-02-08T03:10:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\nContent-Type: application/http{msgtype}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def warc(gz: bool = True) -> bytes:
    records = [
        warc_record("warcinfo", "", b"software: test\r\n"),
        warc_record("request", "https://baomau.vn/a.html"),
        warc_record("response", "https://baomau.vn/a.html", HTML.encode()),
        warc_record("response", "https://baomau.vn/logo.png", b"\x89PNG....", content_type="image/png"),
        warc_record("response", "https://baomau.vn/moved", b"", status="301 Moved Permanently"),
        warc_record("response", "https://baomau.vn/b.html", HTML.replace("<title>", "<title>Tin: ").encode()),
    ]
    return b"".join(gzip.compress(r) for r in records) if gz else b"".join(records)


@pytest.mark.parametrize("name, gz", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_each_html_response_of_a_warc_is_an_article_with_its_url(write, caplog, name, gz):
    path = write(name, warc(gz))
    with caplog.at_level(logging.INFO, logger="presswatch"):
        found = items([path])
    assert not failures(found)
    assert [(a.url, a.fetched) for a in found] == [("https://baomau.vn/a.html", "2017-02-08T03:10:00Z"),
                                                   ("https://baomau.vn/b.html", "2017-02-08T03:10:00Z")]
    assert [a.path for a in found] == [f"{path}#3", f"{path}#6"]
    assert found[0].title == TITLE and found[0].body == SENTENCE
    assert "4 other record(s) skipped" in caplog.text


def test_truncated_warc_keeps_the_records_before_the_cut(write):
    data = warc()
    path = write("cut.warc.gz", data[:len(data) - 120])
    found = items([path])
    assert [a.url for a in articles(found)] == ["https://baomau.vn/a.html"]
    [failure] = failures(found)
    assert failure.origin == str(path) and "cut short" in failure.reason


# --- archives, gzip, folders, standard input -------------------------------------------------------

def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar_gz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


MEMBERS = {"a.txt": TEXT.encode("utf-8"), "trang/b.html": HTML.encode("utf-8"), "c.warc.gz": warc(),
           "d.jsonl": (json.dumps({"id": "d1", "title": TITLE, "text": SENTENCE}, ensure_ascii=False) + "\n").encode(),
           "e.txt": TEXT.encode("utf-16"), "empty.txt": b""}


@pytest.mark.parametrize("name, pack", [("bai.zip", _zip), ("bai.tar.gz", _tar_gz), ("bai.tgz", _tar_gz)])
def test_archives_of_every_format(write, name, pack):
    path = write(name, pack(MEMBERS))
    found = items([path])
    assert [a.path for a in articles(found)] == [f"{path}/a.txt", f"{path}/trang/b.html", f"{path}/c.warc.gz#3",
                                                 f"{path}/c.warc.gz#6", f"{path}/d.jsonl#1", f"{path}/e.txt"]
    assert all(a.title == TITLE for a in articles(found)[:2])
    [failure] = failures(found)
    assert failure.origin == f"{path}/empty.txt" and "empty" in failure.reason


def test_zip_inside_a_zip_and_gzip_of_a_page(write):
    inner = write("inner.zip", _zip({"x.txt": TEXT.encode()}))
    outer = write("outer.zip", _zip({"inner.zip": inner.read_bytes(), "page.html.gz": gzip.compress(HTML.encode())}))
    assert [a.path for a in items([outer])] == [f"{outer}/inner.zip/x.txt", f"{outer}/page.html.gz"]


def test_folder_recursively_with_every_format(write, tmp_path):
    write("1/a.html", HTML)
    write("1/2/b.txt.gz", gzip.compress(TEXT.encode()))
    write("c.warc.gz", warc())
    write("notes.pdf", b"%PDF-1.4")
    assert len(articles(items([tmp_path]))) == 4


@pytest.mark.parametrize("data", [HTML.encode(), gzip.compress(TEXT.encode()), warc(), _zip({"a.txt": TEXT.encode()}),
                                  (json.dumps({"title": TITLE, "text": SENTENCE}, ensure_ascii=False) + "\n").encode()])
def test_standard_input_of_any_format(data):
    result = CliRunner().invoke(app, ["extract", "-"], input=data)
    assert result.exit_code == 0, result.output
    outputs = [json.loads(x) for x in result.stdout.splitlines()]
    assert outputs and all(o["body"].split("\n")[0] == SENTENCE for o in outputs)


# --- hostile and broken inputs ---------------------------------------------------------------------

def test_random_bytes_and_empty_files_fail_one_line_each(write):
    good = write("good.txt", TEXT)
    bad = [write("empty.txt", b""), write("random.txt", os.urandom(3000)), write("random.html", os.urandom(3000)),
           write("random.zip", b"PK\x03\x04" + os.urandom(300)), write("random.warc", b"WARC/1.0\r\n" + os.urandom(300)),
           write("random.gz", b"\x1f\x8b" + os.urandom(300))]
    found = items([*bad, good])
    assert [a.path for a in articles(found)] == [str(good)]
    assert sorted(f.origin for f in failures(found)) == sorted(map(str, bad))
    assert all(f.reason for f in failures(found))


def test_truncated_gzip_keeps_every_whole_line(write):
    lines = "".join(json.dumps({"id": f"a{n}", "title": TITLE, "text": SENTENCE}, ensure_ascii=False) + "\n" for n in range(200))
    data = gzip.compress(lines.encode())
    path = write("cut.jsonl.gz", data[:len(data) * 2 // 3])
    found = items([path])
    assert len(articles(found)) > 10
    assert all(a.body == SENTENCE for a in articles(found))
    [failure] = failures(found)
    assert failure.origin == str(path) and "cut short" in failure.reason


def test_invalid_utf8_in_mid_text_is_read_and_said(write, caplog):
    path = write("broken.txt", TEXT.encode()[:60] + b"\xff\xfe" + TEXT.encode()[60:])
    with caplog.at_level(logging.WARNING, logger="presswatch"):
        [article] = items([path])
    assert isinstance(article, Article) and SENTENCE in article.body.replace("\ufffd", "")
    assert str(path) in caplog.text and "U+FFFD" in caplog.text


def test_a_100_mb_single_line_is_refused_and_the_rest_read(tmp_path, write):
    huge = tmp_path / "line.txt"
    with huge.open("wb") as handle:
        handle.write(b'{"text": "')
        for _ in range(100):
            handle.write(b"a" * 1_000_000)
        handle.write(b'"}\n' + json.dumps({"title": TITLE, "text": SENTENCE}, ensure_ascii=False).encode() + b"\n")
    os.symlink(huge, tmp_path / "line.jsonl")
    good = write("good.txt", TEXT)
    found = items([huge, tmp_path / "line.jsonl", good])
    reasons = {f.origin: f.reason for f in failures(found)}
    assert set(reasons) == {str(huge), f"{tmp_path / 'line.jsonl'}#1"}
    assert all("20,000,000" in r for r in reasons.values())
    assert [a.path for a in articles(found)] == [f"{tmp_path / 'line.jsonl'}#2", str(good)]


def test_zip_bomb_is_one_failure(write):
    bomb = write("bomb.zip", _zip({"a.txt": TEXT.encode(), "zeros.txt": bytes(50_000_000)}))
    good = write("good.txt", TEXT)
    found = items([bomb, good])
    [failure] = failures(found)
    assert failure.origin == str(bomb) and "bomb" in failure.reason
    assert [a.path for a in articles(found)] == [str(good)]


def test_archives_nested_too_deep_are_one_failure(write):
    data = TEXT.encode()
    for depth in range(5):
        data = _zip({f"level{depth}.zip" if depth else "a.txt": data})
    path = write("deep.zip", data)
    [failure] = items([path])
    assert isinstance(failure, Failure) and failure.origin == str(path) and "deep" in failure.reason


def test_gzip_expanding_past_the_archive_budget_stops_with_one_failure(write):
    path = write("zeros.txt.gz", gzip.compress(bytes(30_000_000)))
    [failure] = items([path], Limits(max_archive_bytes=10_000_000))
    assert isinstance(failure, Failure) and "expands past 10,000,000" in failure.reason


def test_time_limit_interrupts_any_python_code():
    with pytest.raises(DocumentTimeout), time_limit(0.05):
        while True:
            pass


def test_a_document_over_the_time_limit_fails_and_the_batch_goes_on(write, monkeypatch):
    import presswatch.pipeline as pipeline

    real = pipeline.process

    def stuck_on_the_first(doc: Document) -> Article:
        while doc.origin.endswith("slow.txt"):
            pass
        return real(doc)

    monkeypatch.setattr(pipeline, "process", stuck_on_the_first)
    slow, good = write("slow.txt", TEXT), write("good.txt", TEXT)
    found = items([slow, good], Limits(timeout=0.2))
    assert [type(x) for x in found] == [Failure, Article]
    assert found[0].origin == str(slow) and "longer than 0.2 s" in found[0].reason


def test_cli_errors_file_and_exit_status(write, tmp_path):
    good, empty = write("good.txt", TEXT), write("empty.txt", b"")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(app, ["extract", str(good), str(empty), str(tmp_path / "missing.txt"), "--errors", str(errors)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1
    written = [json.loads(x) for x in errors.read_text().splitlines()]
    assert [w["origin"] for w in written] == [str(empty), str(tmp_path / "missing.txt")]
    assert all(set(w) == {"origin", "reason"} and w["reason"] for w in written)
    assert CliRunner().invoke(app, ["extract", str(good), "--errors", str(errors)]).exit_code == 0
    assert errors.read_text() == ""


def test_cli_max_bytes_option(write):
    path = write("a.txt", TEXT)
    result = CliRunner().invoke(app, ["extract", str(path), "--max-bytes", "100"])
    assert result.exit_code == 1 and "over 100 bytes" in result.output
    assert CliRunner().invoke(app, ["extract", str(path)], env={"PRESSWATCH_MAX_BYTES": "100"}).exit_code == 1


def test_read_yields_documents_or_errors_in_order(write):
    found = list(read([str(write("a.txt", TEXT)), str(write("b.txt", b""))]))
    assert [type(x) for x in found] == [Document, ReadError]


def test_a_zip_in_a_zip_over_the_limit_is_one_failure_and_the_rest_is_read(write):
    inner = _zip({"x.bin": os.urandom(150_000)})
    outer = write("outer.zip", _zip({"a.txt": TEXT.encode(), "big.zip": inner, "c.txt": TEXT.encode()}))
    found = items([outer], Limits(max_bytes=100_000))
    assert [a.path for a in articles(found)] == [f"{outer}/a.txt", f"{outer}/c.txt"]
    [failure] = failures(found)
    assert failure.origin == f"{outer}/big.zip" and "unpack it first" in failure.reason


def test_a_damaged_zip_member_is_its_failure_and_the_others_are_read(write):
    data = bytearray(_zip({"a.txt": TEXT.encode(), "b.txt": TEXT.encode() * 20, "c.txt": TEXT.encode()}))
    at = data.index(b"b.txt") + 40  # inside b.txt's compressed data
    data[at:at + 8] = bytes(8)
    path = write("damaged.zip", bytes(data))
    found = items([path])
    assert [a.path for a in articles(found)] == [f"{path}/a.txt", f"{path}/c.txt"]
    [failure] = failures(found)
    assert failure.origin == f"{path}/b.txt" and "damaged" in failure.reason
