"""Text forms: NFC for storage, one tone placement for matching, folded for search."""

import unicodedata

import pytest

from presswatch import extract_text
from presswatch.text import clean_line, fold, key, match_form, nfc, title_case

from conftest import page


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Bí thư Tỉnh ủy Nguyễn Đắc Vinh")
    assert nfc(decomposed) == "Bí thư Tỉnh ủy Nguyễn Đắc Vinh"
    assert len(nfc(decomposed)) < len(decomposed)


def test_clean_line_is_nfc_with_one_kind_of_space():
    line = unicodedata.normalize("NFD", "\ufeffHuyện ủy\u00a0Quỳ  Hợp\u200b ")
    assert clean_line(line) == "Huyện ủy Quỳ Hợp"


def test_extracted_text_is_nfc_when_input_is_decomposed():
    text = unicodedata.normalize("NFD", page("Huyện ủy Phúc Thọ tổ chức tọa đàm",
                                             "Sau khi nhận thông tin, Huyện ủy Quỳ Hợp chỉ đạo công an vào cuộc xác minh, điều tra."))
    article = extract_text(text)
    assert unicodedata.is_normalized("NFC", article.title)
    assert unicodedata.is_normalized("NFC", article.body)
    assert "Huyện ủy Quỳ Hợp" in article.body


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("Hòa Bình", "Hoà Bình"), ("HÒA", "HOÀ"), ("Khánh Hòa", "Khánh Hoà"),
    ("thủy", "thuỷ"), ("Thụy", "Thuỵ"), ("THỦY", "THUỶ"), ("khỏe", "khoẻ"), ("tòa.", "toà."),
])
def test_match_form_unifies_tone_placement(old, new):
    assert match_form(old) == match_form(new)


@pytest.mark.parametrize("text", [
    "Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Đinh La Thăng", "Khánh Hòa", "Thái Thụy, Thái Bình",
    "“Nâng cao chất lượng sinh hoạt chi bộ - những vấn đề đặt ra”", "Hòa – Thủy", "",
])
def test_match_form_keeps_length(text):
    assert len(match_form(text)) == len(text)


@pytest.mark.parametrize("word", ["hoàng", "Hoàng Đăng Quang", "quyền", "thuyền", "khoảng", "hoàn thành", "Nguyễn"])
def test_match_form_leaves_inner_pairs_alone(word):
    """Only a syllable-final oa/oe/uy pair is moved: "hoàng", "quyền" stay as written."""
    assert match_form(word) == word


def test_match_form_plain_quotes_and_dashes():
    assert match_form("“Chi bộ” – Đảng") == '"Chi bộ" - Đảng'


def test_fold_removes_accents_and_d_stroke():
    assert fold("Đảng ủy xã Tứ Kỳ") == "dang uy xa tu ky"
    assert fold("ĐỒNG CHÍ") == "dong chi"
    assert fold("Thủy") == fold("Thuỷ") == "thuy"


def test_key_normalizes_case_spaces_tone_and_outer_punctuation():
    assert key("  Hòa   Bình. ") == key("HOÀ BÌNH") == key("hoà bình")
    assert key("Chủ tịch UBND tỉnh Quảng Trị,") == key("chủ tịch ubnd tỉnh quảng trị")


def test_key_keeps_inner_punctuation():
    assert key("P.Bến Nghé") != key("P Bến Nghé")


@pytest.mark.parametrize("written, name", [("XUÂN HÙNG", "Xuân Hùng"), ("THÙY LINH", "Thùy Linh"), ("S. Nhung", "S. Nhung")])
def test_title_case_of_byline_names(written, name):
    assert title_case(written) == name
