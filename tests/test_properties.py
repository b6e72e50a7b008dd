"""Properties that hold for any input: no crash, spans inside the body, text forms keep their length."""

import gzip
import json
import re
import unicodedata

import pytest

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from presswatch import extract_text
from presswatch.text import clean_line, key, match_form

import genre
from conftest import CORPUS_2017, GOLD_TEST_DIR, assert_spans_valid

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
ALPHABET = (VIETNAMESE + VIETNAMESE.upper() + "0123456789" + " \n\t-/.:(),;%\"“”'–|[]+" + "\u0300\u0301\u0303\u0309\u0323"
            + "\u00a0\ufeff\u200b")
vietnamese_text = st.text(alphabet=st.sampled_from(ALPHABET), max_size=400)
any_text = st.text(max_size=300)

# Corpus-like pieces of a scraped page (sentences of the 2017 corpus and furniture of the genre).
TITLES = ["Phúc Thọ: Tọa đàm nâng cao chất lượng sinh hoạt chi bộ", "Bí thư TP.HCM đến nhà trao huy hiệu cho đảng viên",
          "Bí thư Bắc Ninh đề nghị cấm đưa đơn tố cáo lên mạng xã hội"]
DATELINES = ["09:35, 16/05/2017 (GMT+7)", "Đăng ngày 18-05-2017 10:42", "07:25 | 18/05/2017",
             "Thứ Năm, 18/05/2017, 07:25 [GMT+7]", "Cập nhật lúc 16:20 ngày 19/5/2017"]
BANNERS = ["Thứ Năm, ngày 18 tháng 5 năm 2017"]
SENTENCES = [
    "Kỷ niệm 127 năm Ngày sinh của Bác, sáng 19-5, Huyện ủy Phúc Thọ tổ chức tọa đàm “Nâng cao chất lượng sinh hoạt chi bộ - những vấn đề đặt ra”.",
    "Hiện nay, trên địa bàn huyện Phúc Thọ có 374 chi bộ trực thuộc Đảng ủy cơ sở, 18 chi bộ cơ sở với tổng số hơn 7.400 đảng viên.",
    "Sáng 7-2, Bí thư Thành ủy TP.HCM Đinh La Thăng đã có buổi làm việc với Quận ủy quận 2.",
    "Những vi phạm của ông Nguyễn Văn Thiện đã ảnh hưởng đến uy tín của tổ chức đảng và cá nhân ông, cần áp dụng hình thức kỷ luật theo Quy định số 181-QĐ/TW, ngày 30-3-2013 của Bộ Chính trị về xử lý kỷ luật đảng viên vi phạm.",
    "Chỉ đạo buổi làm việc, ông Mai Thức - Phó Chủ tịch thường trực UBND tỉnh Quảng Trị yêu cầu lập danh sách các em học sinh vi phạm để giao cho các trường cấp THPT tiếp tục theo dõi, giáo dục, uốn nắn.",
    "Đồng thời, phải quan tâm thăm hỏi nạn nhân.",
    "UBND TPHCM đã 3 lần kiến nghị Thủ tướng Chính phủ bố trí đủ vốn cho các dự án trên.",
    "Đường dẫn cao tốc TP.HCM - Trung Lương (còn gọi là Tân Tạo - Chợ Đệm, thuộc Q.Bình Tân và H.Bình Chánh, TP.HCM) có tên mới là đường Võ Trần Chí.",
    "Theo báo cáo của Bộ Nội vụ, các Bộ, ngành, địa phương đã tổ chức triển khai tinh giảm biên chế theo quy định tại Nghị định số 39-NQ/TW của Bộ Chính trị, Quyết định 2218/QĐ-TTg và Nghị định số 108/2014/NĐ-CP của Thủ tướng Chính phủ.",
    "Chính phủ vừa có Nghị quyết 25/NQ-CP ban hành chương trình hành động của Chính phủ triển khai Nghị quyết T.Ư 4, khóa XII về xây dựng, chỉnh đốn Đảng.",
    "Năm 2016, Đảng bộ huyện kết nạp 215 đảng viên/200 chỉ tiêu (tỷ lệ đạt 107,5%), vượt kế hoạch đề ra.",
]
CAPTIONS = ["Bí thư Nguyễn Thiện Nhân trao huy hiệu Đảng cho vợ chồng ông Phúc. Ảnh: TÁ LÂM", "Toàn cảnh buổi tọa đàm.",
            "Đại biểu Nguyễn Nhân Chiến (Bí thư tỉnh ủy Bắc Ninh). Ảnh: Võ Hải"]
BYLINES = ["XUÂN HÙNG", "Bài, ảnh: Phú Xuyên", "Trung Hiếu - Đỗ Trường", "S. Nhung", "Theo TTXVN", "Phúc Hằng (TTXVN)", "PV"]
WIDGETS = ["ĐÁNH GIÁ BÀI VIẾT", "Tin khác", "Ý kiến bạn đọc"]


@st.composite
def pages(draw):
    """A page: optional banner, title, optional dateline, paragraphs of sentences and captions
    (some run together on one line), optional byline (own line or run in), widgets."""
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(BANNERS)))
    lines.append(draw(st.sampled_from(TITLES)))
    dated = draw(st.booleans())
    if dated:
        lines.append(draw(st.sampled_from(DATELINES)))
    pieces = draw(st.lists(st.sampled_from(SENTENCES + CAPTIONS), min_size=1, max_size=8))
    joins = draw(st.lists(st.sampled_from(["\n", " ", "\n\n"]), min_size=len(pieces), max_size=len(pieces)))
    body = "".join(p + j for p, j in zip(pieces, joins)).rstrip()
    byline = draw(st.one_of(st.none(), st.sampled_from(BYLINES)))
    if byline:
        body += draw(st.sampled_from(["\n", " "])) + byline
    lines.append(body)
    lines += draw(st.lists(st.sampled_from(WIDGETS), max_size=2))
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    return text, dated


def check_article(article):
    assert_spans_valid(article)
    assert unicodedata.is_normalized("NFC", article.body)
    assert article.published is None or re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:00\+07:00)?", article.published)
    for d in article.facts["directives"]:
        assert d.id and " " not in d.id
    for e in article.facts["events"]:
        assert e.date is None or re.fullmatch(r"(\d{4}|-)-\d\d-\d\d", e.date)
    assert all(a.strip() for a in article.authors)


@FAST
@given(vietnamese_text)
def test_extract_never_raises_on_vietnamese_like_text(text):
    check_article(extract_text(text))


@FAST
@given(any_text)
def test_extract_never_raises_on_any_text(text):
    check_article(extract_text(text))


@FAST
@given(vietnamese_text, st.sampled_from(["2017-05-19", "19/5/2017", "2017", "bad date", ""]))
def test_extract_never_raises_with_any_container_date(text, date):
    check_article(extract_text(text, date=date))


@FAST
@given(any_text)
def test_match_form_keeps_length(text):
    assert len(match_form(text)) == len(text)


@FAST
@given(vietnamese_text)
def test_match_form_is_idempotent(text):
    assert match_form(match_form(text)) == match_form(text)


@FAST
@given(vietnamese_text)
def test_key_ignores_tone_placement_and_case(text):
    assert key(text.upper()) == key(text.lower())
    composed = unicodedata.normalize("NFC", text)
    assert key(match_form(composed)) == key(composed)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_generated_pages_extract_cleanly(page_and_dated):
    text, dated = page_and_dated
    article = extract_text(text)
    check_article(article)
    assert article.title in TITLES
    if not dated:
        assert article.published is None  # a banner above the title is not a publication date
    # the body invents nothing: each kept line is a piece of an input line
    source = [clean_line(x) for x in text.splitlines()]
    for line in article.body.split("\n"):
        if line:
            assert any(line in s for s in source), line
    # furniture never reaches the body as a line of its own
    body_lines = set(article.body.split("\n"))
    assert not body_lines & set(WIDGETS + DATELINES + BANNERS + TITLES)


def test_articles_of_the_genre_extract_cleanly():
    """Every article of tests/genre.py's world as a plain-text page, without container metadata: line 1 is
    the title, the date is the dateline the page prints (or none), the body invents nothing and holds no
    furniture, the byline names the authors, spans are valid."""
    world = genre.articles()
    for piece in world:
        article = extract_text(piece.text, path=piece.record["id"])
        check_article(article)
        lines = piece.text.splitlines()
        assert article.title == clean_line(lines[0]), piece.record["id"]
        printed = piece.printed and piece.printed.strftime("%Y-%m-%dT%H:%M:00+07:00")
        assert article.published == printed, piece.record["id"]
        assert article.authors == piece.authors, piece.record["id"]
        body = article.body.split("\n")
        source = [clean_line(x) for x in lines[1:] if x not in piece.furniture]
        assert all(any(line in s for s in source) for line in body), piece.record["id"]
        assert not set(body) & set(piece.furniture), piece.record["id"]
    assert len(world) > 150


PARTY = re.compile(r"-(?:NQ|CT|KL|QĐ)/TW|Tỉnh ủy|Huyện ủy|Đảng ủy|đảng viên")


@pytest.mark.skipif(not CORPUS_2017.exists(), reason="the 2017 corpus is not available")
def test_real_corpus_articles_extract_cleanly():
    """On 150 party-building articles of the corpus (not the test split's): line 1 is the title, no
    publication date is invented, the body invents nothing, spans are valid."""
    held_out = {json.loads(p.read_text(encoding="utf-8"))["corpus_id"] for p in GOLD_TEST_DIR.glob("*.gold.json")}
    seen = 0
    with gzip.open(CORPUS_2017, "rt", encoding="utf-8") as handle:
        for raw in handle:
            record = json.loads(raw)
            if record["id"] in held_out or not PARTY.search(record["text"]):
                continue
            article = extract_text(record["text"], path=record["id"])
            check_article(article)
            lines = record["text"].splitlines()
            assert article.title == clean_line(lines[0]), record["id"]
            assert article.published is None, (record["id"], article.published)
            assert article.body.strip(), record["id"]
            source = [clean_line(x) for x in lines]
            for line in article.body.split("\n"):
                assert any(line in s for s in source), (record["id"], line)
            seen += 1
            if seen == 150:
                break
    assert seen == 150
