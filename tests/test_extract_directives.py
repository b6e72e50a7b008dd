"""Directives: party documents by number-symbol (canonical id), aliases, state documents as written.

Sentences are quoted from the 2017 corpus.
"""

import pytest

from conftest import article_of, assert_spans_valid, find, names


def directive(sentence, ident, *more, **meta):
    article = article_of(sentence, *more, **meta)
    assert_spans_valid(article)
    found = find(article, "directives", "id", ident)
    assert found is not None, names(article, "directives", "id")
    return found, article


@pytest.mark.parametrize("sentence, ident", [
    ("Ngày 12-5-1951, Ban Bí thư Trung ương Đảng ra Chỉ thị số 05-CT/TW quy định về nhiệm vụ và tổ chức công an, trong "
     "đó nêu rõ: “nhiệm vụ của công an là bảo vệ Đảng, bảo vệ chính quyền dân chủ nhân dân, bảo vệ nền kinh tế, quân "
     "đội, nhân dân”.", "05-CT/TW"),
    ("Trong quá trình thực hiện Nghị quyết số 39-NQ/TW, một số đơn vị sự nghiệp công lập tại địa phương được sắp xếp "
     "lại theo hướng thu gọn đầu mối.", "39-NQ/TW"),
    ("Đây cũng là vấn đề chính sách dân số Việt Nam cần đặc biệt quan tâm trong giai đoạn tới khi định hướng chương "
     "trình quốc gia chuyển từ trọng tâm DS-KHHGĐ sang dân số và phát triển bền vững theo Kết luận 119-KL/TW của Ban "
     "Bí thư ngày 4.1.2016.", "119-KL/TW"),
])
def test_party_document_by_number_symbol(sentence, ident):
    found, article = directive(sentence, ident)
    start, end = found.spans[0]
    assert ident.split("-")[0] in article.body[start:end]


@pytest.mark.parametrize("sentence, ident", [
    ("Luật TDTT sửa đổi, bổ sung nên dựa vào Nghị quyết số 08 – NQ/TW, phải phát huy được vai trò của Nhà nước, có tác "
     "dụng hiệu quả, lâu dài.", "08-NQ/TW"),
    ("Tính đến 31/12/2016, tổng giá trị hỗ trợ đạt trên 3.000 tỷ đồng, trong đó riêng nguồn vốn ngân sách địa phương ủy "
     "thác sang NHCSXH để bổ sung nguồn vốn cho vay trên địa bàn từ khi có Chỉ thị số 40 – CT/TW đến nay là 2.981 tỷ "
     "đồng, tăng 74,3% so với thời điểm trước khi có Chỉ thị số 40-CT/TW.", "40-CT/TW"),
    ("Từ những khuyết điểm, vi phạm trên, Ủy ban kiểm tra Huyện ủy Thường Xuân nhận thấy: ông Trần Văn Minh đã vi phạm "
     "điều 17, Quy định số 47- QĐ/TW ngày 1/11/2011 của Ban Chấp hành Trung ương về những điều Đảng viên không được "
     "làm.", "47-QĐ/TW"),
    ("Để có được kết quả này, ngày 22/4/2016, Huyện ủy Thanh Trì có Nghị quyết số 07 - NQ/HU về “Tăng cường sự lãnh đạo "
     "của các cấp ủy Đảng đối với công tác bảo vệ môi trường”.", "07-NQ/HU"),
    ("Đến nay các tỉnh trong cụm tiếp tục triển khai thực hiện công tác giáo dục đoàn viên thanh niên thông qua Chỉ thị "
     "05-CT/TW, Chỉ thị 42 -CT/TW.", "42-CT/TW"),
    # the spaced form of scraped pages, written for this test: the corpus has none with spaces around the slash
    ("- Triển khai thực hiện nghiêm túc Quy định số 69 - QĐ / TW, ngày 13/02/2017 của Ban Bí thư về chức năng, nhiệm vụ, "
     "quyền hạn, tổ chức bộ máy của đảng ủy cấp trên cơ sở trong doanh nghiệp nhà nước và doanh nghiệp có vốn nhà nước "
     "chi phối.", "69-QĐ/TW"),
])
def test_spaced_symbol_is_canonicalised(sentence, ident):
    """'08 – NQ/TW', '47- QĐ/TW', '69 - QĐ / TW' are written without spaces and with a plain hyphen."""
    found, _ = directive(sentence, ident)
    assert found.id == ident


def test_one_mention_spaced_one_not_is_one_directive():
    article = article_of(
        "Tính đến 31/12/2016, tổng giá trị hỗ trợ đạt trên 3.000 tỷ đồng, trong đó riêng nguồn vốn ngân sách địa phương "
        "ủy thác sang NHCSXH để bổ sung nguồn vốn cho vay trên địa bàn từ khi có Chỉ thị số 40 – CT/TW đến nay là 2.981 "
        "tỷ đồng, tăng 74,3% so với thời điểm trước khi có Chỉ thị số 40-CT/TW.")
    assert names(article, "directives", "id") == ["40-CT/TW"]
    assert len(article.facts["directives"][0].spans) == 2


def test_issuer_code_tu_with_horn_is_tw():
    """'217-QĐ/TƯ' is the canonical 217-QĐ/TW (../shared/eval/GUIDELINES.md)."""
    found, _ = directive("Để làm rõ thêm thông tin, Bộ trưởng nhấn mạnh: Trong lộ trình tổ chức thực hiện Nghị quyết 29-NQ/TƯ về đổi "
              "mới căn bản, toàn diện GD&ĐT, Bộ GD&ĐT đã tích cực triển khai nhiều nhiệm vụ, trong đó có đổi mới công "
              "tác thi cử, đổi mới chương trình - sách giáo khoa.", "29-NQ/TW")
    assert found.id == "29-NQ/TW"


@pytest.mark.parametrize("sentence, ident, type_, issuer", [
    ("Tuổi trẻ toàn quân hôm nay đã có nhiều chương trình, hành động, phong trào thi đua tình nguyện thực hiện CVĐ; thực "
     "hiện Chỉ thị 05 của Bộ Chính trị, Chỉ thị 87 của Thường vụ Quân ủy Trung ương về học tập làm theo tư tưởng, đạo đức, "
     "phong cách Hồ Chí Minh.", "05-CT/TW", "Chỉ thị", "Bộ Chính trị"),
    ("Cùng với đó là đề cao trách nhiệm người đứng đầu theo Chỉ thị số 48 của Bộ Chính trị về tăng cường sự lãnh đạo của "
     "Đảng đối với công tác phòng, chống tội phạm trong tình hình mới.", "48-CT/TW", "Chỉ thị", "Bộ Chính trị"),
    ("Quy định số 85 của Bộ Chính trị về kiểm tra, giám sát việc kê khai tài sản của cán bộ diện Bộ Chính trị, Ban Bí thư "
     "quản lý với số lượng khoảng 1.000 người đang nhận được sự đánh giá tích cực từ dư luận.", "85-QĐ/TW", "Quy định",
     "Bộ Chính trị"),
    ("Chiều 15/5, Ủy ban Thường vụ Quốc hội thông qua cơ chế tài chính ngân sách đặc thù đối với TP Hải Phòng theo tinh "
     "thần Nghị quyết 32, Kết luận 72 của Bộ Chính trị.", "72-KL/TW", "Kết luận", "Bộ Chính trị"),
])
def test_number_with_party_issuer_gets_its_symbol(sentence, ident, type_, issuer):
    """'Chỉ thị số 48 của Bộ Chính trị' is 48-CT/TW (../shared/eval/GUIDELINES.md)."""
    found, _ = directive(sentence, ident)
    assert (found.type, found.issuer) == (type_, issuer)


def test_only_the_party_document_of_a_list_with_issuers_counts():
    article = article_of("Trong 56 nguồn tin, Cục Chống tham nhũng phân loại ra 23 nguồn tin liên quan đến việc có dấu "
                         "hiệu vi phạm Chỉ thị 11 của Ban Bí thư và Chỉ thị 33 của Chính phủ, Quyết định 64 của Thủ tướng "
                         "về việc tặng quà, nhận quà.")
    assert names(article, "directives", "id") == ["11-CT/TW"]


def test_bare_number_resolves_to_the_full_citation_in_the_same_article():
    article = article_of(
        "Đầu năm 2017, Bộ Chính trị đã ban hành Nghị quyết 08-NQ/TW về phát triển du lịch trở thành ngành kinh tế mũi nhọn.",
        "Rất nhiều nội dung, tư tưởng của Nghị quyết 08 được cụ thể hóa trong Luật Du lịch sửa đổi.")
    assert names(article, "directives", "id") == ["08-NQ/TW"]
    assert len(article.facts["directives"][0].spans) == 2


@pytest.mark.parametrize("sentence, ident, type_", [
    ("Theo báo cáo của Bộ Nội vụ, các Bộ, ngành, địa phương đã tổ chức triển khai tinh giảm biên chế theo quy định tại "
     "Nghị định số 39-NQ/TW của Bộ Chính trị, Quyết định 2218/QĐ-TTg và Nghị định số 108/2014/NĐ-CP của Thủ tướng Chính "
     "phủ.", "108/2014/NĐ-CP", "Nghị định"),
    ("Theo báo cáo của Bộ Nội vụ, các Bộ, ngành, địa phương đã tổ chức triển khai tinh giảm biên chế theo quy định tại "
     "Nghị định số 39-NQ/TW của Bộ Chính trị, Quyết định 2218/QĐ-TTg và Nghị định số 108/2014/NĐ-CP của Thủ tướng Chính "
     "phủ.", "2218/QĐ-TTg", "Quyết định"),
    ("Các cơ quan triển khai hiệu quả Kế hoạch số 19 của Ban Chỉ đạo thực hiện Chỉ thị số 50-CT/TW của Bộ Chính trị; Chỉ "
     "thị số 12/CT-TTg của Thủ tướng Chính phủ về tăng cường công tác phát hiện, xử lý vụ việc, vụ án tham nhũng.",
     "12/CT-TTg", "Chỉ thị"),
    ("Thủ tướng Chính phủ vừa ban hành Chỉ thị 05/CT-TTg ngày 6/2/2017 về việc tăng cường công tác thi hành án dân sự.",
     "05/CT-TTg", "Chỉ thị"),
])
def test_state_document_is_kept_as_written(sentence, ident, type_):
    found, _ = directive(sentence, ident)
    assert found.id == ident
    assert found.type == type_


def test_state_document_and_party_document_side_by_side():
    article = article_of("Các cơ quan triển khai hiệu quả Kế hoạch số 19 của Ban Chỉ đạo thực hiện Chỉ thị số 50-CT/TW của "
                         "Bộ Chính trị; Chỉ thị số 12/CT-TTg của Thủ tướng Chính phủ về tăng cường công tác phát hiện, xử "
                         "lý vụ việc, vụ án tham nhũng.")
    assert names(article, "directives", "id") == ["50-CT/TW", "12/CT-TTg"]


@pytest.mark.parametrize("sentence, ident, date", [
    ("Những vi phạm của ông Nguyễn Văn Thiện đã ảnh hưởng đến uy tín của tổ chức đảng và cá nhân ông, cần áp dụng hình "
     "thức kỷ luật theo Quy định số 181-QĐ/TW, ngày 30-3-2013 của Bộ Chính trị về xử lý kỷ luật đảng viên vi phạm.",
     "181-QĐ/TW", "2013-03-30"),
    ("Đặc biệt, công chức phải thực hiện nghiêm quy định số 55-QĐ/TW ngày 19.12.2016 của Bộ Chính chị về một số việc "
     "cần làm ngay để tăng cường vai trò nêu gương của cán bộ, đảng viên.", "55-QĐ/TW", "2016-12-19"),
    ("Hành vi sử dụng bằng tốt nghiệp Trung học phổ thông giả và bằng tốt nghiệp Phổ thông cơ sở không hợp pháp trong "
     "công tác của ông Thái Hữu Nhuận đã vi phạm một trong 19 điều đảng viên không được làm tại Quy định số 47-QĐ/TW ngày "
     "1/11/2011 của Ban Chấp hành Trung ương Đảng.", "47-QĐ/TW", "2011-11-01"),
    ("Đây cũng là vấn đề chính sách dân số Việt Nam cần đặc biệt quan tâm trong giai đoạn tới khi định hướng chương "
     "trình quốc gia chuyển từ trọng tâm DS-KHHGĐ sang dân số và phát triển bền vững theo Kết luận 119-KL/TW của Ban "
     "Bí thư ngày 4.1.2016.", "119-KL/TW", "2016-01-04"),
    ("Thủ tướng Chính phủ vừa ban hành Chỉ thị 05/CT-TTg ngày 6/2/2017 về việc tăng cường công tác thi hành án dân sự.",
     "05/CT-TTg", "2017-02-06"),
])
def test_date_after_reference_is_the_directive_date(sentence, ident, date):
    """The date stated right after the reference, or after its issuer ('của Ban Bí thư ngày 4.1.2016')."""
    found, _ = directive(sentence, ident)
    assert found.date == date


def test_issuer_and_term_after_reference():
    found, _ = directive("- Thực hiện quyết liệt, có hiệu quả việc sắp xếp, đổi mới và phát triển, nâng cao hiệu quả hoạt "
                         "động của công ty nông, lâm nghiệp theo Nghị quyết số 30-NQ/TW, ngày 12/3/2014 của Bộ Chính trị "
                         "khóa XI.", "30-NQ/TW")
    assert (found.type, found.date, found.issuer, found.term) == ("Nghị quyết", "2014-03-12", "Bộ Chính trị", "XI")


def test_date_of_issue_written_before_the_reference():
    """'ngày 22/4/2016, Huyện ủy Thanh Trì có Nghị quyết số 07 - NQ/HU': the article states the day the
    resolution came out, before it (../shared/eval/GUIDELINES.md: "date: as the article states it for that document")."""
    found, _ = directive("Để có được kết quả này, ngày 22/4/2016, Huyện ủy Thanh Trì có Nghị quyết số 07 - NQ/HU về “Tăng "
                         "cường sự lãnh đạo của các cấp ủy Đảng đối với công tác bảo vệ môi trường”.", "07-NQ/HU")
    assert found.date == "2016-04-22"


def test_subject_after_reference():
    found, _ = directive("Quan điểm của Đảng, Nhà nước về Giáo dục quốc phòng, an ninh được xác định trong nhiều văn bản "
                         "quy phạm pháp luật của Nhà nước và gần đây nhất Bộ Chính trị đã có Chỉ thị số 12-CT/TW ngày "
                         "03/05/2007 về tăng cường sự lãnh đạo của Đảng đối với công tác giáo dục quốc phòng, an ninh trong "
                         "tình hình mới.", "12-CT/TW")
    assert found.date == "2007-05-03"
    assert found.subject.startswith("về tăng cường sự lãnh đạo của Đảng")


def test_one_directive_cited_twice_is_one_fact_with_two_spans():
    article = article_of(
        "Những vi phạm của ông Nguyễn Văn Thiện đã ảnh hưởng đến uy tín của tổ chức đảng và cá nhân ông, cần áp dụng hình "
        "thức kỷ luật theo Quy định số 181-QĐ/TW, ngày 30-3-2013 của Bộ Chính trị về xử lý kỷ luật đảng viên vi phạm.",
        "Các công chức nêu trên còn vi phạm một trong các điều cấm đảng viên không được làm và theo Điều 25, Quy định số "
        "181-QĐ/TW nếu vi phạm ít nghiêm trọng thì phải bị kỷ luật bằng hình thức khiển trách.")
    assert names(article, "directives", "id") == ["181-QĐ/TW"]
    found = article.facts["directives"][0]
    assert len(found.spans) == 2
    assert found.date == "2013-03-30"  # the first stated date stays


@pytest.mark.parametrize("sentence", [
    "Đồng thời, ông Nhuận có biểu hiện suy thoái về đạo đức, lối sống “chạy bằng cấp” theo Nghị quyết Trung ương 4, khóa XII.",
    "Chính phủ vừa có Nghị quyết 25/NQ-CP ban hành chương trình hành động của Chính phủ triển khai Nghị quyết T.Ư 4, khóa "
    "XII về xây dựng, chỉnh đốn Đảng.",
])
def test_alias_of_central_plenum_resolution(sentence):
    """'Nghị quyết Trung ương 4, khóa XII' is 04-NQ/TW (lexicon/aliases.tsv)."""
    found, _ = directive(sentence, "04-NQ/TW")
    assert found.term == "XII"
    assert found.issuer == "Ban Chấp hành Trung ương"


def test_alias_and_state_document_in_one_sentence():
    article = article_of("Chính phủ vừa có Nghị quyết 25/NQ-CP ban hành chương trình hành động của Chính phủ triển khai "
                         "Nghị quyết T.Ư 4, khóa XII về xây dựng, chỉnh đốn Đảng.")
    assert sorted(names(article, "directives", "id")) == ["04-NQ/TW", "25/NQ-CP"]


def test_alias_without_term_takes_the_term_of_the_publication_year():
    found, _ = directive("Do vậy, thực hiện tự phê bình và phê bình gắn với thực hiện Nghị quyết Trung ương 4 tới đây cần "
                         "nắm vững các nguyên tắc của tự phê bình và phê bình.", "04-NQ/TW", date="2017-02-09")
    assert found.term == "XII"


def test_resolution_without_number_is_not_a_directive():
    article = article_of("Chủ trương của Đảng về công tác phụ nữ và bình đẳng giới được thể hiện trong nhiều Nghị quyết "
                         "Đại hội Đảng, trong các nghị quyết và chỉ thị của Trung ương Đảng, Bộ Chính trị và Ban Bí thư.")
    assert names(article, "directives", "id") == []


@pytest.mark.parametrize("sentence, ident, issuer", [
    ("Số phó chánh văn phòng này vượt số lượng cấp phó quy định tại Nghị định 24/2014 về tổ chức các cơ quan chuyên môn "
     "thuộc UBND tỉnh, thành phố trực thuộc trung ương, trong đó yêu cầu số lượng phó giám đốc sở không quá ba người.",
     "24/2014/NĐ-CP", None),
    ("Đồng thời tiếp tục chỉ đạo, thực hiện hiệu quả các giải pháp nêu trong Chỉ thị số 32/2016 của Thủ tướng Chính phủ về "
     "tăng cường công tác kiểm soát tải trọng phương tiện giao thông", "32/2016/CT-TTg", "Thủ tướng Chính phủ"),
    ("Ngày 6/7, Sở NN-PTNT tỉnh Bình Định cho biết đã nhận được phương án khắc phục các tàu vỏ thép đóng theo Nghị định "
     "67/2014 NĐ-CP trên địa bàn bị hư hỏng", "67/2014/NĐ-CP", None),
    ("Dù BLHS 2015 bỏ tội danh này nhưng theo Nghị quyết số 109/2013 của Quốc hội về thi hành BLHS thì từ ngày 1-7-2016",
     "109/2013", "Quốc hội"),
])
def test_a_state_document_by_number_and_year_takes_the_symbol_its_type_and_issuer_imply(sentence, ident, issuer):
    found, _ = directive(sentence, ident)
    assert found.issuer == issuer


def test_a_plenum_resolution_written_in_lower_case_with_an_arabic_term():
    found, _ = directive("Vấn đề này đã được quy nạp trong vấn đề suy thoái đạo đức, lối sống trong nghị quyết trung ương 4 "
                         "khóa 12.", "04-NQ/TW")
    assert found.term == "XII"


def test_the_issuer_of_a_list_of_documents_is_each_ones():
    article = article_of("Chiều 15/5, Ủy ban Thường vụ Quốc hội thông qua cơ chế tài chính ngân sách đặc thù đối với TP Hải "
                         "Phòng theo tinh thần Nghị quyết 32, Kết luận 72 của Bộ Chính trị.")
    assert sorted(names(article, "directives", "id")) == ["32-NQ/TW", "72-KL/TW"]


@pytest.mark.parametrize("sentence, ident, date", [
    ("Tuy nhiên, Trường ĐH Y Khoa Phạm Ngọc Thạch vừa nhận được công văn số 3445/UBND-VX do Phó Chủ tịch UBND TPHCM ký ngày "
     "6/6/2017, trong đó thông báo", "3445/UBND-VX", "2017-06-06"),
    ("Phó Tổng Thanh tra Chính phủ Nguyễn Đức Hạnh có văn bản số 76/TTCP-C.I ngày 19/4/2017 đề nghị Ủy ban nhân dân thành "
     "phố Hà Nội báo cáo tình hình", "76/TTCP-C.I", "2017-04-19"),
    ("Theo đó, ngày 10/7/2024, căn cứ quy định của pháp luật, Ủy ban Thường vụ Quốc hội đã ban hành Nghị quyết số "
     "1090/NQ-UBTVQH15 đồng ý đề nghị của Viện trưởng Viện Kiếm sát nhân dân tối cao", "1090/NQ-UBTVQH15", "2024-07-10"),
])
def test_a_documents_date_signed_after_it_or_stated_a_clause_before(sentence, ident, date):
    """'… do X ký ngày 6/6/2017', a department's roman suffix ('C.I'), 'ngày 10/7/2024, căn cứ …, đã ban hành …'."""
    found, _ = directive(sentence, ident)
    assert found.date == date
