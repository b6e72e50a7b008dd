"""HTML pages: articles in the furniture of four kinds of news site extract as they do as text;
lead, byline, captions and the publication date are taken from the page's own markup.

Pages of single facts use sentences of the 2017 corpus. Articles of tests/genre.py's world are
wrapped by tests/html_pages.py and must give the facts their text gives; the dev articles, read
from ../shared/data/dev with their gold annotations, must score as their text does (skipped
without ../shared: the gold is there).
"""

from __future__ import annotations

import json

import pytest

from presswatch import Failure, extract_paths
from presswatch.evaluate import Scorer, evaluate_dir
from presswatch.read import Document, ReadError, read
from presswatch.text import key

import genre
from conftest import DEV_DIR
from html_pages import FURNITURE, RELATED, STYLES, build
from presswatch import extract_text
from test_encodings import cp1258_decomposed

LEAD = "Chiều 20-4, Ban Thường vụ Tỉnh ủy Quảng Ninh đã tổ chức hội nghị sơ kết 3 năm thực hiện Kết luận số 21-KL/TW."
SENTENCES = [
    "Hiện nay, trên địa bàn huyện Phúc Thọ có 374 chi bộ trực thuộc Đảng ủy cơ sở, 18 chi bộ cơ sở với tổng số hơn 7.400 đảng viên.",
    "Sáng 7-2, Bí thư Thành ủy TP.HCM Đinh La Thăng đã có buổi làm việc với Quận ủy quận 2.",
    "UBND TPHCM đã 3 lần kiến nghị Thủ tướng Chính phủ bố trí đủ vốn cho các dự án trên.",
]
TITLE = "Bí thư Thành ủy làm việc với Quận ủy quận 2"
CAPTION = "Bí thư Thành ủy phát biểu tại buổi làm việc. Ảnh: VIỆT DŨNG"


def page(head: str = "", header: str = "", body: str = "", after: str = "") -> str:
    paragraphs = "".join(f"<p>{s}</p>" for s in SENTENCES)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE} | Báo Mẫu</title>{head}</head><body>"
            f"<nav><ul><li><a href='/'>Trang chủ</a></li><li><a href='/cs'>Chính trị</a></li></ul></nav>"
            f"<div class='container'><h1 class='title'>{TITLE}</h1>{header}"
            f"<div class='article-body'>{body or paragraphs}</div>{after}</div></body></html>")


RELATED_LIST = ("<div class='related'><ul>" + "".join(f"<li><a href='{h}'>{t}</a> <span class='time'>{w}</span></li>" for t, w, h in RELATED)
                + "</ul></div>")


def one(tmp_path, html: str, name: str = "bai.html"):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    [item] = list(extract_paths([str(path)]))
    return item


# --- the dev articles as pages ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def text_scores():
    return evaluate_dir(DEV_DIR)


def _dev():
    return [(p.name[:-len(".gold.json")], json.loads(p.read_text(encoding="utf-8"))) for p in sorted(DEV_DIR.glob("*.gold.json"))]


@pytest.mark.skipif(not DEV_DIR.is_dir(), reason="the dev set is not available")
@pytest.mark.parametrize("style", STYLES)
def test_dev_articles_as_pages_score_as_the_text(tmp_path, style, text_scores):
    texts = {}
    for name, gold in _dev():
        texts[name] = (DEV_DIR / gold["file"]).read_text(encoding="utf-8")
        (tmp_path / f"{name}.html").write_text(build(texts[name], gold, style), encoding="utf-8")
    outputs = {}
    for item in extract_paths([str(tmp_path)]):
        assert not isinstance(item, Failure), item
        outputs[item.path.rsplit("/", 1)[-1][:-len(".html")]] = item.to_dict()
    scorer = Scorer()
    for name, gold in _dev():
        scorer.article(gold, outputs[name], texts[name])
        assert not [f for f in FURNITURE if key(f) in key(outputs[name]["body"])], (style, name)
    result = scorer.result()
    expected = {k: v for k, v in text_scores.items() if k not in ("articles", "missing")}
    assert result == expected


# --- articles of the genre as pages -------------------------------------------------------------------

def _world_pieces() -> dict[str, genre.Piece]:
    """A story's three versions (the portal's report, the paper's rewrite with a dateline, the digest's copy)
    and articles of other kinds, some of two paragraphs."""
    world = genre.articles()
    story = next(p.story for p in world if p.record["id"].endswith("-3"))
    out = {f"version {p.record['id'][-1]}": p for p in world if p.story == story}
    out.update({kind: next(p for p in world if p.kind == kind) for kind in ("conference", "inspection", "plan")})
    return out


WORLD_PAGES = _world_pieces()
FACTS = ("directives", "people", "organizations", "localities", "statements", "indicators")


def _facts(article: dict, kind: str) -> list[dict]:
    return [{k: v for k, v in fact.items() if k != "spans"} for fact in article[kind]]


def _cases() -> list:
    out = []
    for style in STYLES:
        for name, piece in WORLD_PAGES.items():
            short = len(piece.record["text"].splitlines()) - len(piece.furniture) <= 2
            marks = [pytest.mark.xfail(strict=True, reason="read.html: a two-paragraph page with a description lead comes out "
                                       "with its paragraphs swapped")] if style == "vne" and short else []
            out.append(pytest.param(style, name, id=f"{style}-{name}", marks=marks))
    return out


@pytest.mark.parametrize("style, name", _cases())
def test_articles_of_the_genre_as_pages_extract_as_the_text(tmp_path, style, name):
    piece = WORLD_PAGES[name]
    published = f"{piece.record['date']}:00+07:00"
    annotation = {"title": piece.record["title"], "published": published, "non_body": piece.furniture, "authors": piece.authors}
    path = tmp_path / f"{style}.html"
    path.write_text(build(piece.text, annotation, style), encoding="utf-8")
    [page] = list(extract_paths([str(path)]))
    assert not isinstance(page, Failure), page
    got, expected = page.to_dict(), extract_text(piece.text, date=piece.record["date"]).to_dict()
    assert (got["title"], got["authors"], got["body"]) == (expected["title"], piece.authors, expected["body"])
    assert not [f for f in FURNITURE + piece.furniture if key(f) in key(got["body"])]
    for kind in FACTS:
        assert _facts(got, kind) == _facts(expected, kind), kind
    if style != "portal":  # the portal prints no metadata: its date is the dateline it prints, if any
        assert got["published"] == published
    undated = [{**e, "date": e["date"] and "--" + e["date"][-5:]} for e in _facts(expected, "events")]
    assert _facts(got, "events") == (_facts(expected, "events") if got["published"] else undated)


# --- the page's own markup -------------------------------------------------------------------------

def test_date_of_related_news_is_not_the_article_date(tmp_path):
    article = one(tmp_path, page(after=RELATED_LIST))
    assert article.published is None


@pytest.mark.parametrize("head, header, published", [
    ("<meta property='article:published_time' content='2017-02-08T01:10:00Z'>", "", "2017-02-08T08:10:00+07:00"),
    ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"datePublished\": \"2017-02-08T08:10:00+07:00\"}</script>", "",
     "2017-02-08T08:10:00+07:00"),
    ("", "<div class='meta'><time datetime='2017-02-08 08:10'>Thứ tư, 08/02/2017</time></div>", "2017-02-08T08:10:00+07:00"),
    ("", "<div class='post-date'>08:10 | 08/02/2017</div>", "2017-02-08T08:10:00+07:00"),
    ("<meta itemprop='datePublished' content='2017-02-08'>", "", "2017-02-08"),
])
def test_publication_date_from_the_article_markup_first(tmp_path, head, header, published):
    article = one(tmp_path, page(head=head, header=header, after=RELATED_LIST))
    assert article.published == published


def test_lead_outside_the_body_and_byline_in_an_author_box_are_kept(tmp_path):
    header = f"<div class='author-info'><a class='name' href='/tac-gia'>XUÂN HÙNG</a></div><h2 class='sapo'>{LEAD}</h2>"
    article = one(tmp_path, page(header=header))
    assert article.body.split("\n")[0] == LEAD
    assert article.authors == ["Xuân Hùng"]
    assert "XUÂN HÙNG" not in article.body
    assert any(n.reason == "byline" and n.text == "XUÂN HÙNG" for n in article.noise)
    assert article.title == TITLE
    assert [d.id for d in article.facts["directives"]] == ["21-KL/TW"]


def test_figcaption_is_noise_not_body(tmp_path):
    figure = f"<figure><img src='a.jpg' alt='{CAPTION}'><figcaption>{CAPTION}</figcaption></figure>"
    body = f"<p>{SENTENCES[0]}</p>{figure}<p>{SENTENCES[1]}</p><p>{SENTENCES[2]}</p>"
    article = one(tmp_path, page(body=body))
    assert CAPTION not in article.body and "VIỆT DŨNG" not in article.body
    assert [n.text for n in article.noise if n.reason == "caption"] == [CAPTION]
    assert article.body.split("\n") == [*SENTENCES]


def test_scripts_styles_and_event_handlers_never_reach_the_body(tmp_path):
    script = "<script>document.write('<p>Nội dung do mã chèn vào trang, không thuộc bài báo này.</p>')</script>"
    body = (f"<p onclick=\"alert('x')\" onmouseover=\"steal()\">{SENTENCES[0]}</p>{script}<style>p{{color:red}}</style>"
            f"<p>{SENTENCES[1]}</p><noscript>Trình duyệt của bạn không hỗ trợ JavaScript.</noscript><p>{SENTENCES[2]}</p>")
    article = one(tmp_path, page(head=script, body=body))
    assert article.body.split("\n") == [*SENTENCES]


def test_json_ld_authors_when_the_page_prints_no_byline(tmp_path):
    ld = '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Trung Hiếu"}, {"@type": "Organization", "name": "Báo Mẫu"}]}'
    article = one(tmp_path, page(head=f"<script type='application/ld+json'>{ld}</script>"))
    assert article.authors == ["Trung Hiếu"]


def test_page_declared_in_windows_1258(tmp_path):
    html = page().replace("charset='utf-8'", "charset='windows-1258'")
    path = tmp_path / "cu.htm"
    path.write_bytes(cp1258_decomposed(html))
    [article] = list(extract_paths([str(path)]))
    assert not isinstance(article, Failure), article
    assert article.title == TITLE and article.body.split("\n") == [*SENTENCES]


# --- pages that hold no article --------------------------------------------------------------------

def test_deeply_nested_page_is_one_failure_with_the_reason(tmp_path):
    html = "<html><body>" + "<div>" * 5000 + f"<p>{SENTENCES[0]}</p>" + "</div>" * 5000 + "</body></html>"
    failure = one(tmp_path, html)
    assert isinstance(failure, Failure) and "nested" in failure.reason


def test_page_without_article_text_is_a_failure(tmp_path):
    failure = one(tmp_path, "<html><head><title>Trang chủ</title></head><body><nav><a href='/'>Trang chủ</a></nav></body></html>")
    assert isinstance(failure, Failure) and "no article text" in failure.reason


def test_html_saved_as_txt_is_read_as_a_page(tmp_path, write):
    path = write("trang.txt", page())
    [doc] = list(read([str(path)]))
    assert isinstance(doc, Document) and doc.meta["title"] == TITLE
    assert "<p>" not in doc.text and SENTENCES[0] in doc.text.split("\n")
    assert not isinstance(doc, ReadError)
