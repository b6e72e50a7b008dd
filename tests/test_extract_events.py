"""Events: type, date resolved against the publication date, chair, host, counterpart, directives.

Sentences are quoted from the 2017 corpus.
"""

import pytest

from presswatch.dates import DayMonth, resolve_year

from conftest import article_of, assert_spans_valid, extract_text, page

SESSION = "Sáng 7-2, Bí thư Thành ủy TP.HCM Đinh La Thăng đã có buổi làm việc với Quận ủy quận 2."


def event(*paragraphs, **meta):
    article = article_of(*paragraphs, **meta)
    assert_spans_valid(article)
    found = article.facts["events"]
    assert len(found) == 1, found
    return found[0]


def test_working_session_date_resolved_against_publication_date():
    found = event(SESSION, date="2017-02-08")
    assert (found.type, found.date) == ("working_session", "2017-02-07")


def test_date_without_publication_date_has_no_year():
    assert event(SESSION).date == "--02-07"


def test_day_after_the_publication_day_belongs_to_the_year_before():
    """'Sáng 7-2' in an article of 5 January 2018 happened in February 2017."""
    assert event(SESSION, date="2018-01-05").date == "2017-02-07"


def test_same_day_event_with_nay():
    found = event("Chiều nay (8/2), BTV Thị ủy Kỳ Anh tổ chức hội nghị triển khai công tác giải phóng mặt bằng các dự án "
                  "trên địa bàn.", date="2017-02-08")
    assert (found.type, found.date) == ("conference", "2017-02-08")
    assert found.host == "BTV Thị ủy Kỳ Anh"


def test_counterpart_is_the_unit_the_session_is_held_with():
    assert "Quận ủy quận 2" in event(SESSION).counterpart


def test_visiting_leader_chairs_when_no_one_is_stated_as_chair():
    assert event(SESSION).chair == "Đinh La Thăng"


@pytest.mark.parametrize("sentence, type_, date, chair", [
    ("Sáng 7-2, dưới sự chủ trì của ông Nguyễn Ngọc Thuần, Phó Chủ tịch UBND huyện Gia Lâm, cuộc họp với đại diện các "
     "ban, ngành liên quan cùng Công ty CP sứ Bát Tràng, đại diện Hợp tác xã chợ gốm làng cổ Bát Tràng đã bàn giải quyết "
     "vấn đề quyền lợi của các hộ dân.", "meeting", "--02-07", "Nguyễn Ngọc Thuần"),
    ("Chiều 16/5, Đoàn công tác Bộ Y tế do Bộ trưởng Nguyễn Thị Kim Tiến làm trưởng đoàn đã làm việc với tỉnh Bình Thuận "
     "về tình hình chăm sóc sức khỏe nhân dân trên địa bàn tỉnh.", "working_session", "--05-16", "Nguyễn Thị Kim Tiến"),
    ("Chiều 15/5, tại An Giang, Phó Thủ tướng Trịnh Đình Dũng dẫn đầu Đoàn công tác của Chính phủ có buổi làm việc với "
     "lãnh đạo các tỉnh ĐBSCL về công tác phòng chống sạt lở.", "working_session", "--05-15", "Trịnh Đình Dũng"),
])
def test_chair_stated_as_chairing_or_leading_the_delegation(sentence, type_, date, chair):
    found = event(sentence)
    assert (found.type, found.date, found.chair) == (type_, date, chair)


def test_counterpart_of_a_delegation_session():
    found = event("Chiều 16/5, Đoàn công tác Bộ Y tế do Bộ trưởng Nguyễn Thị Kim Tiến làm trưởng đoàn đã làm việc với "
                  "tỉnh Bình Thuận về tình hình chăm sóc sức khỏe nhân dân trên địa bàn tỉnh.")
    assert found.counterpart == "tỉnh Bình Thuận"


def test_chair_of_a_meeting():
    found = event("Sáng 6-2, Phó Chủ tịch UBND TP.HCM Nguyễn Thị Thu đã chủ trì cuộc họp tổng kết, rút kinh nghiệm về hoạt "
                  "động của hội hoa xuân, đường hoa Nguyễn Huệ, đường đèn, đường sách vào dịp Tết Đinh Dậu 2017.",
                  date="2017-02-07")
    assert (found.type, found.date, found.chair) == ("meeting", "2017-02-06", "Nguyễn Thị Thu")


def test_year_named_in_the_sentence_is_not_shifted_past_it():
    found = event("Sáng 6-2, Phó Chủ tịch UBND TP.HCM Nguyễn Thị Thu đã chủ trì cuộc họp tổng kết, rút kinh nghiệm về hoạt "
                  "động của hội hoa xuân, đường hoa Nguyễn Huệ, đường đèn, đường sách vào dịp Tết Đinh Dậu 2017.")
    assert found.date in ("2017-02-06", "--02-06")


@pytest.mark.parametrize("sentence, type_, date", [
    ("Sáng nay 8.2, tại Công viên Gia Định (Q.Gò Vấp, TP.HCM) đã diễn ra lễ khởi công xây dựng 2 cầu vượt tại nút giao "
     "Trường Sơn (Q.Tân Bình) và nút giao Nguyễn Kiệm - Nguyễn Thái Sơn (Q.Gò Vấp).", "ceremony", "--02-08"),
    ("Kỷ niệm 127 năm Ngày sinh của Bác, sáng 19-5, Huyện ủy Phúc Thọ tổ chức tọa đàm “Nâng cao chất lượng sinh hoạt chi "
     "bộ - những vấn đề đặt ra”.", "conference", "2017-05-19"),  # 1890 + 127 (lexicon/anniversaries.tsv)
])
def test_event_type_and_date(sentence, type_, date):
    found = event(sentence)
    assert (found.type, found.date) == (type_, date)


def test_host_is_the_body_that_holds_it():
    found = event("Kỷ niệm 127 năm Ngày sinh của Bác, sáng 19-5, Huyện ủy Phúc Thọ tổ chức tọa đàm “Nâng cao chất lượng sinh "
                  "hoạt chi bộ - những vấn đề đặt ra”.")
    assert found.host == "Huyện ủy Phúc Thọ"


def test_directive_discussed_at_the_event():
    found = event("Chiều 28-6, trong gần một tiếng phát biểu bế mạc hội nghị lần thứ 10 Thành ủy TP.HCM, Bí thư Thành ủy "
                  "Nguyễn Thiện Nhân đã dành khá nhiều thời gian nói về Nghị quyết Trung ương 4, về kỷ luật cán bộ.",
                  date="2017-06-29")
    assert (found.type, found.date) == ("conference", "2017-06-28")
    assert found.directives == ["04-NQ/TW"]


def test_event_span_is_its_sentence():
    article = article_of(SESSION)
    start, end = article.facts["events"][0].spans[0]
    assert article.body[start:end].startswith("Sáng 7-2")


def test_no_event_without_a_date():
    article = article_of("Chủ trương của Đảng về công tác phụ nữ và bình đẳng giới được thể hiện trong nhiều Nghị quyết Đại "
                         "hội Đảng, trong các nghị quyết và chỉ thị của Trung ương Đảng, Bộ Chính trị và Ban Bí thư.")
    assert article.facts["events"] == []


def test_directive_date_and_committee_name_are_not_an_event():
    article = article_of("Từ những khuyết điểm, vi phạm trên, Ủy ban kiểm tra Huyện ủy Thường Xuân nhận thấy: ông Trần Văn "
                         "Minh đã vi phạm điều 17, Quy định số 47- QĐ/TW ngày 1/11/2011 của Ban Chấp hành Trung ương về "
                         "những điều Đảng viên không được làm.")
    assert article.facts["events"] == []


@pytest.mark.parametrize("day, month, published, year", [
    (30, 12, "2023-01-02", 2022),  # the example of dates.resolve_year
    (19, 5, "2017-05-20", 2017),
    (2, 1, "2016-12-30", 2017),    # announced a few days ahead
    (7, 2, None, None),
])
def test_resolve_year_nearest_before_or_just_after(day, month, published, year):
    assert resolve_year(DayMonth(day, month), published).year == year


def test_inspection_delegation_that_works_with_a_unit_holds_a_working_session():
    """magizbox-baomoi-22684895: "Đoàn kiểm tra ... do X ... làm trưởng đoàn đã làm việc với Ban Thường vụ Tỉnh ủy Y"
    is a working session chaired by X with Y (../shared/eval/GUIDELINES.md)."""
    found = event("Ngày 5/7, Đoàn kiểm tra của Ban Bí thư Trung ương Đảng do đồng chí Võ Văn Thưởng, Ủy viên Bộ Chính trị, Bí thư "
                  "Trung ương Đảng, Trưởng ban Tuyên giáo Trung ương làm trưởng đoàn đã làm việc với Ban Thường vụ Tỉnh ủy Hưng Yên.")
    assert (found.type, found.date, found.chair) == ("working_session", "--07-05", "Võ Văn Thưởng")
    assert "Tỉnh ủy Hưng Yên" in found.counterpart


def test_voter_meeting_with_its_voters():
    """magizbox-baomoi-22571243: "tiếp xúc cử tri quận X" is a meeting whose counterpart is the voters."""
    found = event("Sáng 20/6, Chủ tịch UBND TP Hà Nội Nguyễn Đức Chung đã có buổi tiếp xúc cử tri quận Hoàn Kiếm trước kỳ họp "
                  "thứ tư HĐND thành phố khóa XV.")
    assert (found.type, found.date, found.chair) == ("meeting", "--06-20", "Nguyễn Đức Chung")
    assert found.counterpart.startswith("cử tri quận Hoàn Kiếm")


def test_year_from_the_anniversary_the_event_marks():
    """magizbox-baomoi-22547114: "(21/6/1925-21/6/2017)" places the article in 2017; the day has that year."""
    found = event("Nhân kỷ niệm 92 năm Ngày Báo chí Cách mạng Việt Nam (21/6/1925-21/6/2017), chiều 16/6, Ban Chỉ đạo Tây Bắc tổ "
                  "chức gặp mặt một số cơ quan báo chí Trung ương và các địa phương vùng Tây Bắc.")
    assert (found.type, found.date) == ("meeting", "2017-06-16")


def test_a_target_year_is_not_the_events_year():
    """"đến năm 2030" is a target, never the year of the day named before it."""
    article = article_of("Sáng 16/6, Ban Chỉ đạo Tây Bắc tổ chức hội nghị triển khai quy hoạch vùng đến năm 2030.")
    assert [e.date for e in article.facts["events"]] == ["--06-16"]


@pytest.mark.parametrize("sentence, type_, counterpart", [
    # a reception: the guest received, not the guest's own "đang ở thăm và làm việc tại Việt Nam" (magizbox-baomoi-22243008)
    ("Ngày 11/5, ông Nguyễn Thiện Nhân, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP Hồ Chí Minh đã tiếp ông Mahn Win Khaing "
     "Than, Chủ tịch Thượng viện kiêm Chủ tịch Quốc hội Cộng hòa Liên bang Myanmar đang ở thăm và làm việc tại Việt Nam.",
     "meeting", "Mahn Win Khaing Than"),
    ("Chiều 13/6, tại Nhà Quốc hội, Chủ tịch Quốc hội Nguyễn Thị Kim Ngân đã tiếp ông Geetesh Sharma, Chủ tịch Ủy ban "
     "Đoàn kết Ấn Độ - Việt Nam bang Tây Bengal (Ấn Độ).", "meeting", "Geetesh Sharma"),  # magizbox-baomoi-22523456
    ("Chiều 14/5, tại Nhà Quốc hội, Phó Chủ tịch Quốc hội Đỗ Bá Tỵ đã gặp mặt Hội Truyền thống Trường Sơn tỉnh Thái Bình "
     "nhân dịp đoàn ra thăm Hà Nội.", "meeting", "Hội Truyền thống Trường Sơn tỉnh Thái Bình"),  # magizbox-baomoi-22270064
    # the staff greeted stand before the unit visited (magizbox-baomoi-22645306)
    ("Tối 29/6 theo giờ địa phương, Chủ tịch nước Trần Đại Quang và Phu nhân, cùng Đoàn đại biểu cấp cao Việt Nam tới thăm "
     "và nói chuyện với tập thể cán bộ, nhân viên Đại sứ quán Việt Nam tại Liên bang Nga.",
     "visit", "Đại sứ quán Việt Nam tại Liên bang Nga"),
    # a full stop inside an abbreviation does not end the unit's name (magizbox-baomoi-22558894)
    ("Nhân kỷ niệm 92 năm ngày Báo chí cách mạng Việt Nam (21-6-1925 – 21-6-2017), sáng 18-6, Bí thư Thành ủy TP.HCM "
     "Nguyễn Thiện Nhân dẫn đầu đoàn cán bộ TP đã đến thăm, chúc mừng trang tin điện tử Đảng bộ TP.HCM.",
     "visit", "trang tin điện tử Đảng bộ TP.HCM"),
    # a survey of a site is an inspection of it (magizbox-baomoi-22730057)
    ("Chiều 11/7, Bí thư Thành uỷTP.HCM Nguyễn Thiện Nhân cùng các sở ngành có buổi khảo sát thực tế tình hình giao thông "
     "tại khu vực cảng Cát Lái (quận 2, TP.HCM) và triển khai các giải pháp nhằm giảm ùn tắc giao thông tại khu trên.",
     "inspection", "cảng Cát Lái"),
])
def test_counterpart_by_the_verb_of_the_events_own_kind(sentence, type_, counterpart):
    found = event(sentence)
    assert found.type == type_
    assert found.counterpart is not None and counterpart in found.counterpart


def test_the_year_of_the_tasks_taken_up_is_the_present_not_the_year_reviewed():
    """"kiểm điểm ... năm 2016, bàn nhiệm vụ trọng tâm năm 2017": the session is held in 2017 (magizbox-baomoi-21510934)."""
    found = event("Ngày 10-2, Thủ tướng Chính phủ Nguyễn Xuân Phúc và Chủ tịch Ủy ban Trung ương MTTQ Việt Nam Nguyễn Thiện "
                  "Nhân chủ trì hội nghị liên tịch thường niên của Chính phủ và MTTQ, kiểm điểm việc phối hợp công tác năm "
                  "2016, bàn nhiệm vụ trọng tâm năm 2017.")
    assert (found.type, found.date) == ("conference", "2017-02-10")


def test_the_lunar_new_year_named_with_a_dash_fixes_the_present_year():
    """"Tết Nguyên đán Đinh Dậu – 2017" places an undated article in 2017 (magizbox-baomoi-21481139)."""
    found = event("Tiếp tục chuyến công tác tại các tỉnh, thành khu vực ĐBSCL, sáng 7-2, Trung tướng Nguyễn Văn Sơn, Thứ "
                  "trưởng Bộ Công an, dẫn đầu đoàn công tác của Bộ Công an đến thăm và làm việc với Công an tỉnh Sóc Trăng.",
                  "Công an tỉnh đã đảm bảo an toàn cho người dân trong tỉnh đón Tết Nguyên đán Đinh Dậu – 2017 trong không "
                  "khí vui tươi, đầm ấm và tiết kiệm.")
    assert (found.type, found.date, found.chair) == ("working_session", "2017-02-07", "Nguyễn Văn Sơn")
    assert "Công an tỉnh Sóc Trăng" in found.counterpart


def test_one_visit_per_unit_listed():
    """"đến thăm và chúc mừng báo A, Đài B (VOH) và Trung tâm C" is three visits (magizbox-baomoi-22558894)."""
    article = article_of("Sáng 18-6, đoàn đến thăm báo Sài Gòn Giải Phóng.",
                         "Ảnh: TÁ LÂM Cùng ngày, Bí thư Thành ủy Nguyễn Thiện Nhân cũng đến thăm và chúc mừng báo Tuổi Trẻ, "
                         "Đài Tiếng nói Nhân dân TP.HCM (VOH) và Trung tâm Truyền hình Việt Nam tại TP.HCM.")
    assert [(e.date, e.counterpart) for e in article.facts["events"]] == [
        ("--06-18", "báo Sài Gòn Giải Phóng"), ("--06-18", "báo Tuổi Trẻ"), ("--06-18", "Đài Tiếng nói Nhân dân TP.HCM"),
        ("--06-18", "Trung tâm Truyền hình Việt Nam tại TP.HCM")]


def test_a_sentence_that_goes_on_with_the_programme_takes_the_day_before():
    """"Đoàn cũng đến thăm, chúc mừng ..." with no day of its own is the same day's visit (trends-2025-01-28-anh-chuc-mung-nam-moi-2025)."""
    article = article_of("Tối 28-1, đoàn đến thăm Công an quận Phú Nhuận.",
                         "Đoàn cũng đến thăm, chúc mừng năm mới và gửi lời cảm ơn đến đội ngũ y, bác sĩ trực đêm giao thừa "
                         "tại Bệnh viện quận Phú Nhuận và Bệnh viện An Sinh.")
    assert [(e.type, e.date) for e in article.facts["events"]] == [("visit", "--01-28"), ("visit", "--01-28")]


def test_a_rules_start_date_and_a_plans_year_date_no_event():
    """"(thực hiện từ 01/01/2018)" is when a rule applies (magizbox-baomoi-22593354); "Theo lộ trình, đầu năm 2018
    ... sẽ vận hành" a plan's year, not the year of the session reported (magizbox-baomoi-22691209)."""
    article = article_of("Người lao động là công dân nước ngoài vào làm việc tại Việt Nam có giấy phép lao động hoặc chứng chỉ "
                         "hành nghề hoặc giấy phép hành nghề do cơ quan có thẩm quyền của Việt Nam cấp (thực hiện từ 01/01/2018).")
    assert article.facts["events"] == []
    found = event("Giám đốc Sở NN-PTNT TP.HCM Nguyễn Phước Trung trả lời chất vấn Sáng 6.7, kỳ họp thứ 5 HĐND TP.HCM khóa IX "
                  "bước vào ngày làm việc thứ ba với phiên chất vấn lãnh đạo Sở NN-PTNT về thực hiện quy hoạch phát triển "
                  "nông nghiệp trên địa bàn thành phố.", "Theo lộ trình, đầu năm 2018 các cơ sở này sẽ vận hành.")
    assert found.date == "--07-06"


def test_days_announced_and_days_recalled_are_no_events():
    """"kỳ họp sẽ khai mạc vào ngày 20-5 và dự kiến bế mạc ..." announces (trends-2024-04-17-vuong-dinh-hue);
    "Ngày 15/6/1957, ... Người đã về thăm" recalls history in an article of 2017 (magizbox-baomoi-22505130)."""
    assert article_of("Theo đó, kỳ họp sẽ khai mạc vào ngày 20-5 và dự kiến bế mạc vào sáng ngày 27-6.").facts["events"] == []
    recalled = article_of("Ngày 15/6/1957, trong bộn bề khó khăn của đất nước, Người đã về thăm, làm việc với Đảng bộ và "
                          "nhân dân Hà Tĩnh.", date="2017-06-14")
    assert recalled.facts["events"] == []


def test_a_round_of_visits_by_the_same_leader_is_one_visit_per_family_on_the_same_day():
    """The leader who visited "sáng 22/8" visits, with no day of their own, the families listed after
    "gia đình các đồng chí:", one visit each (trends-2024-08-22-truong-quoc-huy)."""
    article = article_of(
        "Nhân kỷ niệm 79 năm ngày Cách mạng Tháng Tám và Quốc khánh 2/9, sáng 22/8, đồng chí Trương Quốc Huy, Phó Bí thư "
        "Tỉnh ủy, Chủ tịch UBND tỉnh, Trưởng đoàn Đại biểu Quốc hội (ĐBQH) tỉnh đã đến thăm, tặng quà gia đình các đồng chí "
        "nguyên lãnh đạo chủ chốt của tỉnh qua các thời kỳ đang sinh sống trên địa bàn thành phố Phủ Lý.",
        "Đồng chí Chủ tịch UBND tỉnh Trương Quốc Huy và các thành viên trong đoàn đã đến thăm gia đình các đồng chí: Lê Văn "
        "Tân, nguyên Phó Bí thư Thường trực Tỉnh ủy, nguyên Trưởng đoàn ĐBQH tỉnh; Lương Trọng Thái, nguyên Ủy viên BTV "
        "Tỉnh ủy, nguyên Chủ tịch Ủy ban MTTQ tỉnh; Đỗ Văn Sáng, nguyên Ủy viên BTV Tỉnh ủy, nguyên Bí thư Thành ủy Phủ Lý; "
        "Trần Đậu, nguyên Ủy viên BTV Tỉnh ủy, nguyên Phó Chủ tịch UBND tỉnh; Trần Hồng Nga, nguyên Tỉnh ủy viên, nguyên "
        "Phó Chủ tịch UBND tỉnh; Bùi Quang Cẩm, nguyên Tỉnh ủy viên, nguyên Phó Chủ tịch UBND tỉnh.")
    visits = [e for e in article.facts["events"] if e.counterpart and "gia đình" not in e.counterpart]
    assert [v.counterpart for v in visits] == ["Lê Văn Tân", "Lương Trọng Thái", "Đỗ Văn Sáng", "Trần Đậu", "Trần Hồng Nga",
                                               "Bùi Quang Cẩm"]
    assert {(v.type, v.date[-5:], v.chair) for v in visits} == {("visit", "08-22", "Trương Quốc Huy")}


@pytest.mark.parametrize("sentence, day", [
    ("Chiều 6/6, Quốc hội đã thông qua Nghị quyết phê chuẩn đề nghị của Thủ tướng về bổ nhiệm Bộ trưởng Bộ Công an với "
     "Thượng tướng Lương Tam Quang.", "--06-06"),
    ("Chiều 25/5, Quốc hội thảo luận tại tổ về đánh giá bổ sung kết quả thực hiện kế hoạch phát triển kinh tế-xã hội và "
     "ngân sách nhà nước (NSNN) năm 2016; tình hình thực hiện kế hoạch phát triển kinh tế-xã hội, NSNN những tháng đầu "
     "năm 2017.", "2017-05-25"),
    ("Ngày 19-4, Bộ Chính trị và Ban Bí thư đã xem xét, thi hành kỷ luật tổ chức đảng, đảng viên có vi phạm, khuyết điểm.",
     "--04-19"),
])
def test_a_body_that_passes_discusses_or_reviews_on_a_day_holds_a_meeting(sentence, day):
    """The National Assembly passing or discussing, the Politburo reviewing: a sitting (GUIDELINES: meeting)."""
    found = event(sentence)
    assert (found.type, found.date) == ("meeting", day)


def test_a_year_end_review_is_in_the_year_it_reviews():
    """'tổng kết … năm 2024, triển khai nhiệm vụ năm 2025' held on 26/12: the tasks' year is the next one."""
    found = event("Chiều 26/12, Sở Văn hóa, Thể thao và Du lịch Bắc Kạn tổ chức Hội nghị tổng kết công tác Văn hóa, Thể "
                  "thao và Du lịch năm 2024, triển khai nhiệm vụ năm 2025.")
    assert (found.type, found.date) == ("conference", "2024-12-26")


def test_a_full_date_a_few_months_before_places_the_event_in_its_year():
    """An undated article that tells of 15/02/2017 reports a session of 15/5 in 2017 (GUIDELINES: the year the
    article places the event in); a full date after the event's day, or long before it, places nothing."""
    session = ("Chiều 15/5, Ủy ban Thường vụ Quốc hội thông qua cơ chế tài chính ngân sách đặc thù đối với TP Hải Phòng "
               "theo tinh thần Nghị quyết 32, Kết luận 72 của Bộ Chính trị.")
    before = ("Trước đó, ngày 15/02/2017, Chính phủ có tờ trình trình Ủy ban Thường vụ Quốc hội dự thảo Nghị định quy định "
              "một số cơ chế, chính sách đặc thù về đầu tư, tài chính, ngân sách của thành phố Hải Phòng.")
    assert event(session, before).date == "2017-05-15"
    assert event(session, before.replace("15/02/2017", "15/6/2017")).date == "--05-15"
    assert event(session, before.replace("15/02/2017", "15/12/2016")).date == "--05-15"


def test_the_second_half_of_a_year_is_the_articles_present():
    found = event("Sáng 11/6, Ban chấp hành Đảng bộ thành phố Hà Nội tổ chức hội nghị lần thứ 9, thảo luận tình hình kinh "
                  "tế xã hội Thủ đô 6 tháng đầu năm, nhiệm vụ trong tâm 6 tháng cuối năm 2017.")
    assert (found.type, found.date) == ("conference", "2017-06-11")


@pytest.mark.parametrize("sentence, chair", [
    ("Sáng 12/6, dưới sự điều hành của Phó Chủ tịch Quốc hội Phùng Quốc Hiển, Quốc hội thảo luận tại hội trường về "
     "quyết toán ngân sách nhà nước năm 2015.", "Phùng Quốc Hiển"),
    ("Sáng 3/6, dưới sự điều hành của Thủ tướng Chính phủ Nguyễn Xuân Phúc, Chính phủ đã họp phiên thường kỳ tháng 5 "
     "để đánh giá tình hình kinh tế-xã hội đất nước.", "Nguyễn Xuân Phúc"),
])
def test_who_presides_a_sitting_chairs_it_and_its_hall_is_no_counterpart(sentence, chair):
    found = event(sentence)
    assert (found.type, found.chair, found.counterpart) == ("meeting", chair, None)


@pytest.mark.parametrize("sentence, kind, counterpart", [
    ("Làm việc với Quận ủy quận 2 sáng 7/2, Bí thư Thành ủy TP HCM Đinh La Thăng yêu cầu công an giải trình nguyên nhân "
     "phạm pháp hình sự tăng, tỷ lệ khám phá án không đạt yêu cầu.", "working_session", "Quận ủy quận 2"),
    ("Chiều 13.5, tại UBND quận Đồ Sơn, Thủ tướng Nguyễn Xuân Phúc cùng Đoàn Đại biểu Quốc hội TP.Hải Phòng có buổi tiếp "
     "xúc cử tri tại quận Đồ Sơn.", "meeting", "cử tri quận Đồ Sơn"),
])
def test_the_counterpart_of_a_sentence_that_opens_with_its_verb_or_meets_voters_of_a_unit(sentence, kind, counterpart):
    found = event(sentence)
    assert (found.type, found.counterpart) == (kind, counterpart)


def test_a_sitting_that_opens_or_closes_holds_its_ceremony():
    """GUIDELINES: ceremony (… khai mạc/bế mạc ceremonies)."""
    found = event("Sáng 21/6, kỳ họp thứ 3 Quốc hội khóa XIV đã chính thức bế mạc.", date="2017-06-21")
    assert (found.type, found.date) == ("ceremony", "2017-06-21")


def test_the_official_a_title_names_on_a_trip_chairs_its_visits():
    """"X thăm và làm việc tại Y" as the title: the visits the body tells without naming who led them are X's."""
    article = extract_text(page("Bí thư Lê Văn Hai thăm huyện Mỹ Xuyên", "Sáng 5/3, đoàn đã đến thăm xã Tham Đôn.",
                                "Ông Lê Văn Hai cho biết xã đã xong kế hoạch."))
    [found] = article.facts["events"]
    assert (found.type, found.chair) == ("visit", "Lê Văn Hai")


def test_the_day_a_rule_starts_places_no_event_in_its_year():
    """'Luật có hiệu lực thi hành từ 1/7/2018' is a date the article announces, not the year of its news."""
    found = event("Sáng 12/7, tại Phủ Chủ tịch, Văn phòng Chủ tịch nước tổ chức họp báo công bố Lệnh của Chủ tịch nước về "
                  "công bố 6 Luật.", "Luật có hiệu lực thi hành từ 1/7/2018.")
    assert (found.type, found.date) == ("meeting", "--07-12")
