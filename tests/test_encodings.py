"""Encodings: an article saved in each encoding users have extracts exactly as its UTF-8 original.

The articles are the bundled sample/ (the dev articles, as scraped) and a few of tests/genre.py's.

The legacy encoders below write TCVN3 and VNI as old Vietnamese editors did (Windows punctuation
for “ ” – …), from the package's byte table; the table itself is checked against byte strings
known from independent sources (glibc's TCVN5712-1 charmap, VNI keyboard documentation).
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

import pytest

from presswatch import Failure, extract_paths
from presswatch.read.decode import DecodeError, decode, decode_tcvn3, decode_vni

import genre
from conftest import REPO

TABLE = Path(__file__).parents[1] / "src" / "presswatch" / "lexicon" / "vietnamese_encodings.tsv"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
_WINDOWS = {"“": b"\x93", "”": b"\x94", "‘": b"\x91", "’": b"\x92", "–": b"\x96", "—": b"\x97", "…": b"\x85", "\xa0": b"\xa0"}


@cache
def _legacy(column: int) -> dict[str, bytes]:
    table = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            cells = line.split("\t")
            if cells[column] != "-":
                table[chr(int(cells[1][2:], 16))] = bytes(int(x, 16) for x in cells[column].split())
    return table


def legacy(text: str, encoding: str) -> bytes:
    table = _legacy(2 if encoding == "tcvn3" else 3)
    return b"".join(ch.encode("ascii") if ch.isascii() else table.get(ch) or _WINDOWS[ch] for ch in text)


def cp1258_decomposed(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: base letters (ư, ơ, â, đ ...) with combining tone marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in _TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones)
    return "".join(out).encode("cp1258")


def cp1258_composed(text: str) -> bytes:
    """Windows-1258 with the precomposed letters it has (à, á, â, ...) and combining marks for the others."""
    return b"".join(ch.encode("cp1258") if ch.encode("cp1258", "ignore") else cp1258_decomposed(ch) for ch in text)


ENCODERS = {
    "utf-16": lambda t: t.encode("utf-16"),
    "utf-16-le without BOM": lambda t: t.encode("utf-16-le"),
    "nfd utf-8": lambda t: unicodedata.normalize("NFD", t).encode("utf-8"),
    "cp1258 composed": cp1258_composed,
    "cp1258 decomposed": cp1258_decomposed,
    "tcvn3": lambda t: legacy(t, "tcvn3"),
    "vni": lambda t: legacy(t, "vni"),
}


def _texts() -> list[tuple[str, str]]:
    """(file name, text) of the sample articles and of a working session, a conference and a plan of the world."""
    world = genre.articles()
    picked = [next(p for p in world if p.kind == kind) for kind in ("working_session", "conference", "plan")]
    return ([(p.name, p.read_text(encoding="utf-8")) for p in sorted((REPO / "sample").glob("*.txt"))]
            + [(f"{p.record['id']}.txt", p.text) for p in picked])


def _output(path: Path) -> dict:
    [article] = list(extract_paths([str(path)]))
    assert not isinstance(article, Failure), article
    out = article.to_dict()
    out.pop("path")
    return out


@pytest.mark.parametrize("encoding", ENCODERS)
def test_articles_extract_identically_in_every_encoding(tmp_path, encoding):
    texts = _texts()
    assert len(texts) == 8
    for name, source in texts:
        text = unicodedata.normalize("NFC", source)
        original = tmp_path / f"utf8-{name}"
        original.write_bytes(text.encode("utf-8"))
        converted = tmp_path / f"{encoding}-{name}"
        converted.write_bytes(ENCODERS[encoding](text))
        assert converted.read_bytes() != original.read_bytes()
        assert _output(converted) == _output(original), (encoding, name)


@pytest.mark.parametrize("data, text", [
    (b"Vi\xd6t Nam \xae\xb8nh gi\xb8", "Việt Nam đánh giá"),  # glibc: iconv -f TCVN5712-1
    (b"\xa7\xb6ng \xf1y x\xb7", "Đảng ủy xã"),
    (b"\x9ey ban nh\xa9n d\xa9n", "Ủy ban nhân dân"),  # a capital with a tone (0x80-0x9F) before a letter
    (b"CH\x90NH TR\x91", "CHÍNH TRỊ"),  # ... and after a capital
    (b"\x93t\xf9 di\xd4n bi\xd5n\x94 \x96 KNTC\x85", "“tự diễn biến” – KNTC…"),  # ... and Windows punctuation
])
def test_tcvn3_bytes(data, text):
    assert decode_tcvn3(data) == text


@pytest.mark.parametrize("data, text", [
    (b"Vie\xe4t Nam \xf1a\xf9nh gia\xf9", "Việt Nam đánh giá"),
    (b"\xd1a\xfbng u\xfby xa\xf5", "Đảng ủy xã"),
    (b"Th\xf6\xf4\xf8ng tr\xf6\xefc", "Thường trực"),
    (b"CH\xcdNH TR\xd2", "CHÍNH TRỊ"),
    (b"ng\xf6\xf4\xf8i \xf1\xf6\xf9ng \xf1a\xe0u", "người đứng đầu"),
])
def test_vni_bytes(data, text):
    assert decode_vni(data) == text


def test_encoding_is_told_apart_by_what_reads_as_vietnamese():
    sentence = "Đảng ủy phường tổ chức hội nghị quán triệt nghị quyết, đánh giá kết quả thực hiện nhiệm vụ năm."
    for name, expected in (("cp1258 decomposed", "cp1258"), ("tcvn3", "tcvn3"), ("vni", "vni")):
        assert decode(ENCODERS[name](sentence)).encoding == expected
        assert decode(ENCODERS[name](sentence)).text == sentence


def test_mojibake_is_repaired():
    sentence = "Đảng ủy phường tổ chức hội nghị quán triệt nghị quyết, đánh giá kết quả thực hiện nhiệm vụ năm."
    once = sentence.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")
    latin = sentence.encode("utf-8").decode("latin-1").encode("utf-8")
    assert decode(latin).text == sentence and decode(latin).note
    assert decode(once).text != sentence  # bytes lost by the first wrong reading: not repaired, and said so
    assert decode(once).note


def test_invalid_utf8_in_mid_text_is_replaced_and_said():
    sentence = "Đảng ủy phường tổ chức hội nghị quán triệt nghị quyết, đánh giá kết quả thực hiện nhiệm vụ năm."
    data = sentence.encode("utf-8")
    broken = data[:40] + b"\xff\xfe" + data[40:]
    decoded = decode(broken)
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 2
    assert "byte 40" in decoded.note
    assert decoded.text.replace("\ufffd", "") == sentence


@pytest.mark.parametrize("text", ["Việt Nam", "Đảng ủy", "Ủy ban nhân dân xã"])
def test_a_few_words_in_windows_1258_are_not_taken_for_broken_utf8(text):
    decoded = decode(cp1258_decomposed(text))
    assert (decoded.encoding, decoded.text, decoded.note) == ("cp1258", text, None)


@pytest.mark.parametrize("data", [b"Le caf\xe9 est tr\xe8s bon, \xe0 bient\xf4t!", bytes(range(32, 256)) * 4])
def test_text_that_reads_as_no_vietnamese_is_refused_with_the_reason(data):
    with pytest.raises(DecodeError, match="convert it to UTF-8"):
        decode(data)
