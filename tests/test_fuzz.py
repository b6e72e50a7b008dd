"""Fuzzing read, clean and extract with hypothesis (bounded by max_examples; fuzz/ holds the atheris
harnesses that `make fuzz` runs longer). Whatever the bytes, reading yields documents or errors that
name the input and say why, the pipeline yields articles or failures, and nothing raises.
Every crash these found is kept below as a regression example (`@example`).
"""

from __future__ import annotations

import gzip
import io
import unicodedata
import zipfile

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from presswatch import Article, Failure, extract_paths
from presswatch.read import Document, ReadError, read
from presswatch.read.decode import DecodeError, decode, decode_tcvn3, decode_vni
from presswatch.read.html import html_document

from conftest import assert_spans_valid
from test_encodings import legacy
from test_inputs import HTML, TEXT, warc

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
NAMES = ["a.txt", "a.html", "a.jsonl", "a.jsonl.gz", "a.warc", "a.warc.gz", "a.zip", "a.tar.gz", "a.gz", "noname"]
LOWER = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
VIETNAMESE = LOWER + LOWER.upper()


def _zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.html", HTML)
        archive.writestr("b.txt", data)
    return buffer.getvalue()


VALID = {"a.txt": TEXT.encode(), "a.html": HTML.encode(), "a.warc.gz": warc(), "a.zip": _zip(TEXT.encode()),
         "a.jsonl.gz": gzip.compress(b'{"title": "T", "text": "x"}\n' * 20)}


def check_stream(items: list, path: str) -> None:
    for item in items:
        assert isinstance(item, (Document, ReadError)), item
        if isinstance(item, ReadError):
            assert item.origin.startswith(path) and item.reason.strip()
        else:
            assert item.origin.startswith(path) and unicodedata.is_normalized("NFC", item.text)


def check_articles(items: list, path: str) -> None:
    for item in items:
        assert isinstance(item, (Article, Failure)), item
        if isinstance(item, Failure):
            assert item.origin.startswith(path) and item.reason.strip()
            assert "extraction failed" not in item.reason, item  # a bug, not a bad input
        else:
            assert_spans_valid(item)


@FUZZ
@given(st.binary(max_size=3000))
@example(b"\x93\x94" * 50)
@example("Việt Nam".encode("utf-16-be")[1:])
def test_decode_gives_nfc_text_or_says_why(data):
    try:
        decoded = decode(data)
    except DecodeError as exc:
        assert str(exc)
    else:
        assert unicodedata.is_normalized("NFC", decoded.text)


@FUZZ
@given(st.binary(max_size=2000))
def test_legacy_decoders_read_any_bytes(data):
    assert len(decode_tcvn3(data)) == len(data)
    assert len(decode_vni(data)) <= len(data)


@FUZZ
@given(st.text(alphabet=st.sampled_from(VIETNAMESE + " ,.\n"), max_size=300))
def test_vni_round_trip(text):
    assert decode_vni(legacy(text, "vni")) == text


@FUZZ
@given(st.text(alphabet=st.sampled_from(LOWER + " ,.\n"), max_size=300))
def test_tcvn3_round_trip(text):
    assert decode_tcvn3(legacy(text, "tcvn3")) == text


@FUZZ
@given(st.sampled_from(NAMES), st.binary(max_size=3000))
def test_read_any_bytes_under_any_name(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    check_stream(list(read([str(path)])), str(path))


@FUZZ
@given(st.sampled_from(sorted(VALID)), st.data())
def test_damaged_containers_never_stop_the_batch(tmp_path, name, draw):
    data = bytearray(VALID[name])
    cut = draw.draw(st.integers(0, len(data)))
    flips = draw.draw(st.lists(st.tuples(st.integers(0, max(0, cut - 1)), st.integers(0, 255)), max_size=8))
    data = data[:cut]
    for at, value in flips:
        if at < len(data):
            data[at] = value
    path = tmp_path / name
    path.write_bytes(bytes(data))
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    found = list(extract_paths([str(path), str(good)]))
    check_articles(found[:-1], str(path))
    assert isinstance(found[-1], Article) and found[-1].path == str(good)


TAGS = ["div", "p", "span", "h1", "h2", "figure", "figcaption", "table", "tr", "td", "ul", "li", "time", "script", "style",
        "article", "nav", "footer", "b", "a", "br"]
ATTRS = ['', ' class="sapo"', ' class="author"', ' class="related"', ' class="date"', ' class="caption"',
         ' itemprop="datePublished" content="2017-02-08T01:10:00Z"', ' datetime="2017-13-45"', ' onclick="x()"']
words = st.text(alphabet=st.sampled_from(VIETNAMESE + " .,:-0123456789/"), max_size=80)


@st.composite
def html_pages(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        tag, attr = draw(st.sampled_from(TAGS)), draw(st.sampled_from(ATTRS))
        parts.append(f"<{tag}{attr}>{draw(words)}{draw(html_pages(depth + 1))}</{tag}>" if draw(st.booleans())
                     else f"<{tag}{attr}>{draw(words)}")  # unclosed, as real pages are
    return "".join(parts) + draw(words)


@FUZZ
@given(html_pages(), st.sampled_from(["", "<meta charset='utf-8'>", "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
                                       "\"datePublished\": [1], \"author\": \"x\", \"headline\": null}</script>"]))
@example("<h1>Tin</h1><time datetime='2017-13-45'>99/99/2017</time><p>x</p>", "")
def test_html_pages_give_a_document_or_a_reason(body, head):
    result = html_document("p.html", f"<html><head>{head}</head><body>{body}</body></html>", {})
    if isinstance(result, ReadError):
        assert result.reason.strip()
    else:
        assert isinstance(result, Document) and all(n.reason == "caption" for n in result.noise)


@FUZZ
@given(html_pages())
def test_html_pages_extract_without_errors(tmp_path, body):
    path = tmp_path / "p.html"
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    check_articles(list(extract_paths([str(path)])), str(path))
