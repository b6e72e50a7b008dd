"""The read stage: files, encodings, JSON Lines, folders, and bad inputs reported with path and reason."""

import gzip
import json
import unicodedata

import pytest

from presswatch import Article, Failure, extract_paths
from presswatch.read import Document, ReadError, read
from test_encodings import cp1258_decomposed as cp1258

# A short page of the genre: title line, then a sentence of the 2017 corpus.
TITLE = "Huyện ủy chỉ đạo xác minh, điều tra vụ việc"
SENTENCE = "Sau khi nhận thông tin, Huyện ủy Quỳ Hợp chỉ đạo công an vào cuộc xác minh, điều tra."
TEXT = f"{TITLE}\n{SENTENCE}\n"



def only(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def read_one(path) -> Document:
    doc = only(read([str(path)]))
    assert isinstance(doc, Document), doc
    return doc


def test_utf8(write):
    doc = read_one(write("a.txt", TEXT))
    assert doc.text.splitlines() == [TITLE, SENTENCE]


def test_utf8_with_bom(write):
    doc = read_one(write("a.txt", TEXT.encode("utf-8-sig")))
    assert doc.text.splitlines()[0] == TITLE  # no BOM left on the title


def test_utf16_le_with_bom(write):
    doc = read_one(write("a.txt", TEXT.encode("utf-16")))
    assert doc.text.splitlines() == [TITLE, SENTENCE]


def test_utf16_le_without_bom(write):
    doc = read_one(write("a.txt", TEXT.encode("utf-16-le")))
    assert doc.text.splitlines() == [TITLE, SENTENCE]


def test_utf16_be_without_bom(write):
    doc = read_one(write("a.txt", TEXT.encode("utf-16-be")))
    assert doc.text.splitlines() == [TITLE, SENTENCE]


def test_windows_1258_is_read_as_nfc(write):
    data = cp1258(TEXT)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    doc = read_one(write("a.txt", data))
    assert unicodedata.is_normalized("NFC", doc.text)
    assert doc.text.splitlines() == [TITLE, SENTENCE]


def test_origin_is_the_path_as_given(write):
    path = write("a.txt", TEXT)
    assert read_one(path).origin == str(path)


def test_json_lines_with_metadata(write):
    record = {"id": "vmds-1", "title": TITLE, "text": SENTENCE, "url": "http://www.baomoi.com/a/1.epi",
              "date": "2017-02-09", "outlet": "hanoimoi.com.vn"}
    path = write("batch.jsonl", json.dumps(record, ensure_ascii=False) + "\n")
    doc = read_one(path)
    assert doc.text == SENTENCE
    assert doc.meta == {"id": "vmds-1", "title": TITLE, "url": "http://www.baomoi.com/a/1.epi",
                        "date": "2017-02-09", "outlet": "hanoimoi.com.vn"}
    assert doc.origin.startswith(str(path))


def test_gzip_json_lines_each_line_an_article(write):
    lines = [{"id": f"a{n}", "title": f"Tin {n}", "text": SENTENCE, "url": f"http://x.vn/{n}", "date": "2017-02-09",
              "outlet": "baomoi.com"} for n in range(3)]
    data = gzip.compress("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8"))
    docs = list(read([str(write("batch.jsonl.gz", data))]))
    assert [d.meta["id"] for d in docs] == ["a0", "a1", "a2"]
    assert docs[2].meta == {"id": "a2", "title": "Tin 2", "url": "http://x.vn/2", "date": "2017-02-09", "outlet": "baomoi.com"}
    assert all(d.text == SENTENCE for d in docs)
    assert len({d.origin for d in docs}) == 3  # each line has its own origin


def test_json_lines_metadata_reaches_the_article(write):
    record = {"id": "vmds-2", "title": TITLE, "text": f"{TITLE}\n{SENTENCE}", "url": "http://x.vn/2",
              "date": "2017-02-09", "outlet": "hanoimoi.com.vn"}
    article = only(extract_paths([str(write("one.jsonl", json.dumps(record, ensure_ascii=False)))]))
    assert not isinstance(article, Failure), article
    assert (article.id, article.url, article.outlet) == ("vmds-2", "http://x.vn/2", "hanoimoi.com.vn")
    assert article.title == TITLE
    assert article.published[:10] == "2017-02-09"
    assert TITLE not in article.body.splitlines()  # the title line in the text is the title, not body


def test_bad_json_line_is_reported_and_the_others_read(write):
    good = json.dumps({"id": "ok", "text": SENTENCE}, ensure_ascii=False)
    items = list(read([str(write("mixed.jsonl", f"{good}\n{{not json\n{good}\n"))]))
    assert [type(x) for x in items] == [Document, ReadError, Document]
    assert "2" in items[1].origin and items[1].reason


def test_directory_is_read_recursively(write, tmp_path):
    write("a.txt", TEXT)
    write("2017/02/b.txt", TEXT)
    write("2017/c.jsonl", json.dumps({"id": "c", "text": SENTENCE}, ensure_ascii=False) + "\n")
    write("2017/notes.pdf", b"%PDF-1.4 not an article")
    origins = sorted(d.origin for d in read([str(tmp_path)]) if isinstance(d, Document))
    assert len(origins) == 3
    assert any(o.endswith("b.txt") for o in origins) and any("c.jsonl" in o for o in origins)


@pytest.mark.parametrize("name, data", [("empty.txt", b""), ("blank.txt", b"  \n\n"), ("image.txt", bytes(range(256)) * 8)])
def test_unreadable_file_is_a_read_error_with_path_and_reason(write, name, data):
    path = write(name, data)
    error = only(read([str(path)]))
    assert isinstance(error, ReadError)
    assert error.origin == str(path)
    assert error.reason.strip()


def test_missing_path_is_a_read_error(tmp_path):
    missing = tmp_path / "khong-co.txt"
    error = only(read([str(missing)]))
    assert isinstance(error, ReadError)
    assert error.origin == str(missing) and error.reason.strip()


def test_bad_inputs_do_not_stop_the_batch(write, tmp_path):
    good1 = write("1.txt", TEXT)
    empty = write("2.txt", b"")
    binary = write("3.txt", bytes(range(256)) * 8)
    good2 = write("4.txt", TEXT.encode("utf-16"))
    missing = tmp_path / "5.txt"
    items = list(extract_paths([str(good1), str(empty), str(binary), str(missing), str(good2)]))
    assert len(items) == 5
    failures = {f.origin: f.reason for f in items if isinstance(f, Failure)}
    assert set(failures) == {str(empty), str(binary), str(missing)}
    assert all(reason.strip() for reason in failures.values())
    articles = [a for a in items if not isinstance(a, Failure)]
    assert [a.path for a in articles] == [str(good1), str(good2)]
    assert [a.title for a in articles] == [TITLE, TITLE]


def test_failure_names_the_path_when_printed(tmp_path):
    missing = tmp_path / "khong-co.txt"
    failure = only(extract_paths([str(missing)]))
    assert isinstance(failure, Failure)
    assert str(missing) in str(failure)


def test_documents_read_elsewhere_are_extracted_within_the_same_limits():
    from presswatch.pipeline import extract_documents
    from presswatch.read import record_document

    items = [record_document("row#1", {"title": TITLE, "text": SENTENCE}), record_document("row#2", {"title": TITLE})]
    found = list(extract_documents(items))
    assert [type(x) for x in found] == [Article, Failure]
    assert found[0].body == SENTENCE and 'no "text"' in found[1].reason
