"""Indicators: reported figures with unit, qualifier, target and percent; dates and years are not figures.

Sentences are quoted from the 2017 corpus, except the value/target (percent) form, which the corpus
does not show and which is written here in the genre's words (the form documented in
presswatch/extract/indicators.py).
"""

import pytest

from conftest import article_of, assert_spans_valid


def indicators(*paragraphs):
    article = article_of(*paragraphs)
    assert_spans_valid(article)
    return article.facts["indicators"], article


def by_value(found, value):
    hits = [i for i in found if i.value == value]
    assert hits, [(i.value, i.unit, i.label) for i in found]
    return hits[0]


PHUC_THO = ("Hiện nay, trên địa bàn huyện Phúc Thọ có 374 chi bộ trực thuộc Đảng ủy cơ sở, 18 chi bộ cơ sở với tổng số "
            "hơn 7.400 đảng viên.")


def test_qualified_count_with_thousands_separator():
    found, article = indicators(PHUC_THO)
    members = by_value(found, 7400)
    assert (members.unit, members.qualifier) == ("đảng viên", "hơn")
    start, end = members.spans[0]
    assert article.body[start:end].startswith("hơn 7.400")


def test_every_figure_of_a_sentence():
    found, _ = indicators(PHUC_THO)
    assert sorted(i.value for i in found) == [18, 374, 7400]
    assert by_value(found, 374).unit == "chi bộ"
    assert by_value(found, 374).qualifier is None


def test_label_starts_with_the_unit():
    found, _ = indicators("Trong nhiệm kỳ Đại hội XI (2011-2015), cấp ủy, tổ chức đảng và UBKT các cấp đã kỷ luật 8.683 "
                          "đảng viên vi phạm đạo đức, lối sống, trong đó có nhiều đảng viên bị kỷ luật do sa đà vào ăn uống, "
                          "chè chén đến mức bê tha, không giữ được tư cách.")
    disciplined = by_value(found, 8683)
    assert disciplined.unit == "đảng viên"
    assert disciplined.label.startswith("đảng viên")


def test_figures_on_both_sides_of_a_semicolon():
    found, _ = indicators("Cấp ủy các cấp và chi bộ thi hành kỷ luật một tổ chức đảng và 120 đảng viên; UBKT các cấp thi hành "
                          "kỷ luật 13 đảng viên.")
    assert [(i.value, i.unit) for i in found] == [(1, "tổ chức đảng"), (120, "đảng viên"), (13, "đảng viên")]


@pytest.mark.parametrize("sentence, value, unit, target", [
    # magizbox-baomoi-22292403: a multiplier word stays in the unit, the value is as written
    ("thì không có trên 56 nghìn cuộc giám sát, 56 nghìn lần, Mặt trận và các tổ chức thành viên thể hiện sự quan tâm tới lợi",
     56, "nghìn cuộc giám sát", None),
    # magizbox-baomoi-21471121: money in tỷ đồng
    ("Tổng giá trị thu từ ngành nông nghiệp đạt 145,5 tỷ đồng, đạt 102% kế hoạch, tăng 46,2 tỷ đồng so với năm 2015.",
     145.5, "tỷ đồng", None),
])
def test_value_as_written_with_its_unit(sentence, value, unit, target):
    found, _ = indicators(sentence)
    hit = by_value(found, value)
    assert (hit.unit, hit.target) == (unit, target)


def test_percent_of_plan_belongs_to_the_figure_before():
    """'đạt 102% kế hoạch' is the percent of the figure before it, not a figure (../shared/eval/GUIDELINES.md)."""
    # magizbox-baomoi-21480408
    found, _ = indicators("Đến cuối năm 2016, Công ty đã thực hiện thoái vốn 17 doanh nghiệp với doanh thu thoái vốn 150,443 tỷ "
                          "đồng, đạt 115% kế hoạch.")
    assert [(i.value, i.percent) for i in found] == [(17, None), (150.443, 115)]


@pytest.mark.parametrize("sentence, value, target, percent", [
    ("Năm 2016, Đảng bộ huyện kết nạp 215 đảng viên/200 chỉ tiêu (tỷ lệ đạt 107,5%), vượt kế hoạch đề ra.", 215, 200, 107.5),
    ("Năm 2016, toàn Đảng bộ xã kết nạp 12 đảng viên/10 chỉ tiêu (tỷ lệ đạt 120%).", 12, 10, 120),
])
def test_value_against_target_with_percent(sentence, value, target, percent):
    """'kết nạp 215 đảng viên/200 chỉ tiêu (tỷ lệ đạt 107,5%)': value, target and percent of one figure."""
    found, _ = indicators(sentence)
    assert len(found) == 1
    admitted = found[0]
    assert (admitted.value, admitted.target, admitted.percent, admitted.unit) == (value, target, percent, "đảng viên")


def test_approximate_count_of_delegates():
    found, _ = indicators("Dự kiến sẽ có khoảng 700 đại biểu tham dự kỳ họp sắp tới tại Việt Nam, đa phần là các đại biểu quốc "
                          "tế, số lượng đại biểu từ Việt Nam dự kiến vào khoảng 100 người.")
    delegates = by_value(found, 700)
    assert (delegates.unit, delegates.qualifier) == ("đại biểu", "khoảng")


def test_turnout_percentage():
    found, _ = indicators("Tính đến 11h sáng nay (giờ địa phương) đã có 19,4% cử tri đi bỏ phiếu.")
    turnout = by_value(found, 19.4)
    assert "%" in f"{turnout.unit} {turnout.label}"


@pytest.mark.parametrize("sentence", [
    "Đây cũng là vấn đề chính sách dân số Việt Nam cần đặc biệt quan tâm trong giai đoạn tới khi định hướng chương trình "
    "quốc gia chuyển từ trọng tâm DS-KHHGĐ sang dân số và phát triển bền vững theo Kết luận 119-KL/TW của Ban Bí thư ngày "
    "4.1.2016.",
    "Chiều 12/5, Đoàn công tác của Bộ Chính trị do ông Trần Quốc Vượng, Chủ nhiệm Ủy ban Kiểm tra Trung ương làm Trưởng "
    "đoàn đã làm việc với Ban Cán sự đảng Bộ Giao thông.",
    "Làm việc tại Q.2 sáng 7.2, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Đinh La Thăng yêu cầu chính quyền quận phải "
    "kéo giảm tình trạng phạm pháp hình sự, tai nạn giao thông.",
])
def test_dates_symbols_and_unit_numbers_are_not_figures(sentence):
    found, _ = indicators(sentence)
    assert found == []


def test_a_year_is_no_count_of_the_unit_after_it():
    """"năm 2016 phường đã kết nạp ..." counts members, not 2016 wards (GUIDELINES: years are not indicators)."""
    found, _ = indicators("Năm 2016 phường đã kết nạp 15 đảng viên mới.")
    assert [(i.value, i.unit) for i in found] == [(15, "đảng viên mới")]


def test_a_growth_rate_is_a_figure_and_the_plan_share_is_the_percent_of_the_figure_before():
    """'tăng 12% so với cùng kỳ' is a figure of its own; 'đạt 103% kế hoạch' completes the revenue before it."""
    found, _ = indicators("FPT giới thiệu dịch vụ truyền hình FPT cho biết, kết thúc 5 tháng đầu năm 2017, FPT ghi nhận "
                          "doanh thu hợp nhất đạt 16.366 tỷ đồng, tăng 12% so với cùng kỳ năm 2016, đạt 103% kế hoạch lũy "
                          "kế 5 tháng.")
    assert [(i.value, i.unit) for i in found] == [(16366, "tỷ đồng"), (12, "%")]
    assert by_value(found, 12).percent == 12


def test_a_count_after_tong_so_is_a_figure():
    """'tổng số' (the total) is no document number ('số 47')."""
    found, _ = indicators("Theo số liệu của Văn phòng Công tố tối cao Hàn Quốc, tính đến ngày 1/5 vừa qua, số người bị cáo "
                          "buộc phát tán tin giả là 85 người (tương đương 32%) trong tổng số 264 người bị truy tố do vi phạm các quy định liên quan tới cuộc bầu cử tổng thống "
                          "năm nay.")
    assert by_value(found, 264).unit == "người"


def test_a_figure_in_a_condition_is_not_reported():
    found, _ = indicators("Theo tính toán của chuyên gia, nếu bộ lọc bị tắc làm tốn 10% nhiên liệu.")
    assert found == []


def test_a_count_of_listed_tasks_is_no_figure():
    """GUIDELINES: list counts ("10 kết quả nổi bật") are not indicators."""
    found, _ = indicators("Nhiệm kỳ khóa XII, Trung ương tập trung vào 5 nhiệm vụ trọng tâm để thực hiện thể chế kinh tế "
                          "thị trường định hướng XHCN.")
    assert found == []
