"""Statements: recommendations and assessments by officials, petitions by units, continuations keep the speaker.

Sentences are quoted from the 2017 corpus.
"""

import pytest

from conftest import article_of, assert_spans_valid
from presswatch.text import key


def statements(*paragraphs):
    article = article_of(*paragraphs)
    assert_spans_valid(article)
    return article.facts["statements"], article


def one(found, type_, phrase):
    """The statement of this type whose text holds the phrase (normalized)."""
    hits = [s for s in found if s.type == type_ and key(phrase) in key(s.text)]
    assert hits, [(s.type, s.speaker, s.text) for s in found]
    return hits[0]


NINH = ("Về định hướng tuyên truyền trong thời gian tới, Phó Trưởng ban Thường trực Ban Tuyên giáo Trung ương Mai Văn Ninh "
        "đề nghị báo cáo viên các tỉnh, thành ủy, đảng ủy trực thuộc Trung ương tiếp tục tuyên truyền về Chỉ thị 05-CT/TW "
        "của Bộ Chính trị.")


def test_recommendation_with_its_speaker():
    found, article = statements(NINH)
    st = one(found, "recommendation", "đề nghị báo cáo viên các tỉnh, thành ủy, đảng ủy trực thuộc Trung ương")
    assert st.speaker == "Mai Văn Ninh"
    start, end = st.spans[0]
    assert "đề nghị báo cáo viên" in article.body[start:end]


def test_demand_is_a_recommendation():
    found, _ = statements("Làm việc tại Q.2 sáng 7.2, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Đinh La Thăng yêu cầu "
                          "chính quyền quận phải kéo giảm tình trạng phạm pháp hình sự, tai nạn giao thông.")
    assert one(found, "recommendation", "kéo giảm tình trạng phạm pháp hình sự").speaker == "Đinh La Thăng"


def test_assessment_with_its_speaker():
    found, _ = statements("Liên quan đến chống tội phạm, ông Đinh La Thăng biểu dương quận 9 trong năm qua đã kéo giảm phạm "
                          "pháp hình sự được 36,78% so với cùng kỳ, tỉ lệ khám phá án tăng 6,2% so với nghị quyết của quận "
                          "đã đề ra.")
    assert one(found, "assessment", "biểu dương quận 9").speaker == "Đinh La Thăng"


def test_continuation_sentence_in_a_new_paragraph_keeps_the_speaker():
    found, _ = statements(
        "Chỉ đạo buổi làm việc, ông Mai Thức - Phó Chủ tịch thường trực UBND tỉnh Quảng Trị yêu cầu lập danh sách các em học "
        "sinh vi phạm để giao cho các trường cấp THPT tiếp tục theo dõi, giáo dục, uốn nắn.",
        "Đồng thời, phải quan tâm thăm hỏi nạn nhân.")
    assert one(found, "recommendation", "lập danh sách các em học sinh vi phạm").speaker == "Mai Thức"
    assert one(found, "recommendation", "phải quan tâm thăm hỏi nạn nhân").speaker == "Mai Thức"


def test_continuation_sentence_in_the_same_paragraph_keeps_the_speaker():
    found, _ = statements(
        "Phát biểu kết thúc hội nghị Bí thư Thành ủy TPHCM Nguyễn Thiện Nhân đề nghị chính quyền thành phố rà soát lại quy "
        "hoạch sử dụng đất, trong đó có sự tham gia của doanh nghiệp và nhà khoa học. Bên cạnh đó, cần công khai quy hoạch "
        "kế hoạch sử dụng đất và đưa lên mạng để người dân và doanh nghiệp có nhu cầu thì tìm hiểu.")
    assert one(found, "recommendation", "rà soát lại quy hoạch sử dụng đất").speaker == "Nguyễn Thiện Nhân"
    assert one(found, "recommendation", "cần công khai quy hoạch kế hoạch sử dụng đất").speaker == "Nguyễn Thiện Nhân"


KIM_NGAN = ("Sau kỳ họp này, Chủ tịch QH Nguyễn Thị Kim Ngân đề nghị các vị ĐBQH tích cực chủ động hơn nữa trong công tác xây "
            "dựng pháp luật, giám sát, tổ chức tốt hoạt động tiếp xúc cử tri, lắng nghe tâm tư, nguyện vọng của cử tri và "
            "nhân dân. Đồng thời nghiên cứu, tìm hiểu, nắm bắt thực tiễn đời sống xã hội để phản ánh, kiến nghị kịp thời "
            "với QH, Chính phủ và các cơ quan hữu quan.")


def test_continuation_without_comma_keeps_the_speaker():
    found, _ = statements(KIM_NGAN)
    assert one(found, "recommendation", "nắm bắt thực tiễn đời sống xã hội").speaker == "Nguyễn Thị Kim Ngân"


def test_verb_inside_a_recommendation_is_not_a_petition_of_the_speaker():
    found, _ = statements(KIM_NGAN)
    assert not [s for s in found if s.type == "petition"], [(s.type, s.text) for s in found]


def test_petition_by_an_official():
    found, _ = statements("Chủ tịch UBND quận 2 Nguyễn Phước Hưng kiến nghị TP tăng cường phân cấp, ủy quyền cho quận 2 một "
                          "số nội dung cần thiết trong quản lý nhà nước trên địa bàn, như: thu hồi đất, duyệt giá đất để tính "
                          "bồi thường, duyệt giá nhà đất bán đấu giá đối với nhà đất dưới 15 tỉ đồng, bán đấu giá, cấp giấy "
                          "chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản gắn liền với đất...")
    assert one(found, "petition", "tăng cường phân cấp, ủy quyền cho quận 2").speaker == "Nguyễn Phước Hưng"


def test_petition_by_a_body():
    found, _ = statements("UBND TPHCM đã 3 lần kiến nghị Thủ tướng Chính phủ bố trí đủ vốn cho các dự án trên.")
    st = one(found, "petition", "bố trí đủ vốn cho các dự án trên")
    assert st.speaker and st.speaker.startswith("UBND")


def test_petition_by_a_body_names_the_whole_body():
    found, _ = statements("UBND TPHCM đã 3 lần kiến nghị Thủ tướng Chính phủ bố trí đủ vốn cho các dự án trên.")
    assert one(found, "petition", "bố trí đủ vốn").speaker == "UBND TPHCM"


def test_request_of_a_body_to_a_ministry_is_a_petition():
    found, _ = statements("UBND tỉnh Quảng Trị vừa có văn bản đề nghị Bộ Giao thông vận tải miễn giảm 50% phí cho người dân "
                          "địa phương khi qua trạm BOT.")
    assert one(found, "petition", "miễn giảm 50% phí").speaker == "UBND tỉnh Quảng Trị"


def test_recommendation_after_dong_thoi_in_the_same_sentence():
    found, _ = statements("Bộ trưởng Phùng Xuân Nhạ đánh giá cao nỗ lực tập thể của nhà trường, đồng thời đề nghị ngành giáo "
                          "dục thành phố chú ý giảm áp lực sĩ số lớp học để đảm bảo chất lượng chương trình giáo dục phổ "
                          "thông mới.")
    assert one(found, "assessment", "nỗ lực tập thể của nhà trường").speaker == "Phùng Xuân Nhạ"
    assert one(found, "recommendation", "giảm áp lực sĩ số lớp học").speaker == "Phùng Xuân Nhạ"


def test_commitment_with_its_speaker():
    found, _ = statements("Ủy viên T.Ư Đảng, Bí thư Tỉnh ủy Ninh Bình Nguyễn Thị Thanh sau khi trực tiếp đi thăm các dây "
                          "chuyền sản xuất rất phấn khởi, cam kết toàn bộ hệ thống chính trị tỉnh Ninh Bình sẽ tiếp tục ủng "
                          "hộ Cty hoạt động hiệu quả.")
    assert one(found, "commitment", "sẽ tiếp tục ủng hộ").speaker == "Nguyễn Thị Thanh"


def test_noun_use_of_a_statement_verb_is_not_a_statement():
    found, _ = statements("Về các kiến nghị của Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam, Thủ tướng đồng tình và giao các "
                          "cơ quan chức năng thực hiện.")
    assert found == []


def test_statement_without_anyone_to_attribute_it_to_is_not_kept():
    found, _ = statements("Đề nghị UBND xã Đô Thành và UBND huyện Yên Thành cho kiểm tra sự việc, làm rõ những kiến nghị của "
                          "người dân và phản hồi thông tin xử lý cho Báo Xây dựng được biết để hồi âm cùng độc giả.")
    assert not [s for s in found if s.type == "recommendation"]


def test_reporting_ends_the_speakers_run():
    """A plain report after a recommendation is not the speaker's statement."""
    found, _ = statements(NINH, "Trong quá trình thực hiện Nghị quyết số 39-NQ/TW, một số đơn vị sự nghiệp công lập tại địa "
                                "phương được sắp xếp lại theo hướng thu gọn đầu mối.")
    assert len(found) == 1


def test_person_named_as_an_object_does_not_end_the_run():
    """Someone named after "của" is not a new actor: the speaker's run goes on."""
    found, _ = statements(NINH + " Đồng thời, học sách của ông Nguyễn Văn Linh.")
    assert one(found, "recommendation", "học sách của ông Nguyễn Văn Linh").speaker == "Mai Văn Ninh"


INADA = ("Bộ trưởng Quốc phòng Nhật Bản Tomomi Inada ngày 5-2 đã loại trừ khả năng lực lượng phòng vệ nước này tham gia "
         "hoạt động quân sự chung cùng với Mỹ ở Biển Đông.",
         "“Tôi đã nói với Quốc phòng Mỹ James Mattis rằng Nhật Bản ủng hộ hoạt động bảo vệ tự do hàng hải của quân đội Mỹ "
         "trên biển. Nhưng lực lượng phòng vệ Nhật Bản (SDF) sẽ không được cử tới Biển Đông”, bà Inada nói hôm 5-2.")


def test_a_quotation_over_several_sentences_is_its_speakers_from_the_first():
    """"“S1. S2”, bà X nói": S1, where nobody is named before its verb, is X's too."""
    from presswatch.extract.statements import clauses, quotations, speaker_of

    _, article = statements(*INADA)
    quotes = quotations(article)
    assert [who for _, _, who in quotes] == ["Tomomi Inada"]
    first = next(c for c in clauses(article) if article.body[c.start:c.end].startswith("“Tôi đã nói"))
    assert speaker_of(article, first, None, quotes) == "Tomomi Inada"


def test_a_group_word_before_a_short_name_is_that_person():
    """"– cử tri Hoàn nói": the voter named in full before, not a group called "cử tri Hoàn"."""
    found, _ = statements(
        "Tại buổi tiếp xúc, cử tri Trần Viết Hoàn (phường Vĩnh Phúc, Ba Đình) cho biết, người dân hoan nghênh trước quyết "
        "tâm của Tổng Bí thư trong việc xử lý các vụ án tham nhũng.",
        "“Dân mong cán bộ Đảng viên, nhất là cán bộ lãnh đạo, quản lý phải làm gương về các mặt, muốn làm được phải quyết "
        "tâm, chí tâm và đồng tâm” – cử tri Hoàn nói.")
    hits = [s for s in found if "phải làm gương" in s.text]
    assert hits and all(s.speaker == "Trần Viết Hoàn" for s in hits), [(s.type, s.speaker) for s in found]


@pytest.mark.parametrize("sentence, cut, whole", [
    ("Ngay sau công điện 03/CĐ-UBATGTQG (ngày 6/2) của Ủy ban An toàn giao thông Quốc gia yêu cầu Bộ GTVT, Bộ Công an",
     "Ủy ban An", "Ủy ban An toàn giao thông Quốc gia"),
    ("Bộ Tư pháp thay mặt Chính phủ ký tờ trình gửi Ủy ban Thường vụ Quốc hội đề nghị bổ sung dự án Luật thuế bảo vệ môi trường",
     "Ủy ban Thường", "Ủy ban Thường vụ Quốc hội"),
])
def test_a_body_name_cut_at_a_lower_case_syllable_is_made_whole(sentence, cut, whole):
    from presswatch.extract.statements import _extend
    from presswatch.text import match_form

    text = match_form(sentence)
    start = text.index(match_form(cut))
    assert sentence[start:_extend(text, start + len(cut))] == whole


def test_a_verb_of_judgement_names_its_speaker_over_the_run():
    """"Bộ trưởng cũng thừa nhận ...": the minister speaks, whoever spoke before."""
    from presswatch.extract.statements import clauses, speaker_of

    _, article = statements(
        "Bộ trưởng Bộ VH-TT&DL Nguyễn Ngọc Thiện đã thừa nhận công tác quản lý của ngành về văn hóa nghệ thuật, du lịch, "
        "lễ hội... còn nhiều yếu kém, chưa đáp ứng được mong đợi của người dân.",
        "Tuy nhiên, Bộ trưởng cũng thừa nhận công tác quản lý của ngành về văn hóa nghệ thuật, du lịch, lễ hội.. còn "
        "nhiều yếu kém, chưa đáp ứng được mong đợi của người dân.")
    second = [c for c in clauses(article) if article.body[c.start:c.end].startswith("Tuy nhiên")]
    assert second and speaker_of(article, second[0], "Cử tri") == "Nguyễn Ngọc Thiện"


@pytest.mark.parametrize("sentence", [
    "Hậu vệ Holger Badstuber (Schalke): Là một trung vệ tài năng được Pep Guardiola đánh giá cao nhưng sự nghiệp của "
    "Badstuber lại liên tục bị gián đoạn vì chấn thương.",
    "Thí sinh này được Thái VG đánh giá cao ở việc thay đổi âm điệu rap 5-6 lần trong phần thi.",
])
def test_a_passive_statement_verb_reports_and_is_not_a_statement(sentence):
    """"được X đánh giá cao": the sentence reports someone's judgement of its subject."""
    found, _ = statements(sentence)
    assert found == []


def test_a_request_to_the_national_assembly_is_a_petition():
    """Who speaks to whom: a deputy asking "Quốc hội" asks upward."""
    found, _ = statements("Có đại biểu đề nghị Quốc hội làm việc thêm ngày thứ Bảy để có thêm thời gian nghiên cứu tài liệu.")
    assert one(found, "petition", "làm việc thêm ngày thứ Bảy").speaker == "đại biểu"
    assert not [s for s in found if s.type == "recommendation"]


PROMOTION = (
    "Tại buổi lễ công bố và trao Quyết định thăng cấp bậc hàm từ Trung tướng lên Thượng tướng đối với Thứ trưởng Bộ Công "
    "an Lê Quốc Hùng, Chủ tịch nước Lương Cường chúc mừng Thượng tướng Lê Quốc Hùng và khẳng định đây là niềm vinh dự, tự "
    "hào, đồng thời cũng là trách nhiệm nặng nề mà Đảng, Nhà nước và nhân dân giao phó.",
    "Theo Chủ tịch nước, Thượng tướng Lê Quốc Hùng là cán bộ được đào tạo cơ bản, trưởng thành từ cơ sở, được rèn luyện, "
    "thử thách qua nhiều cương vị lãnh đạo, chỉ huy trong lực lượng Công an nhân dân.")


def _speaker_of_clause(article, opening, run=None):
    from presswatch.extract.statements import clauses, quotations, speaker_of

    clause = next(c for c in clauses(article) if article.body[c.start:c.end].startswith(opening))
    return speaker_of(article, clause, run, quotations(article))


def test_the_person_a_verb_names_as_its_object_is_not_the_speaker():
    """"X chúc mừng Thượng tướng Y và khẳng định ...": X speaks; Y, after "chúc mừng" and "đối với", is spoken of."""
    _, article = statements(*PROMOTION)
    assert _speaker_of_clause(article, "Tại buổi lễ") == "Lương Cường"


def test_according_to_an_official_is_that_officials_statement():
    """"Theo Chủ tịch nước, Thượng tướng Y là ...": the President's judgement of Y, whoever spoke before."""
    _, article = statements(*PROMOTION)
    assert _speaker_of_clause(article, "Theo Chủ tịch nước", run="Lê Quốc Hùng") == "Lương Cường"


def test_people_named_as_an_object_are_not_a_speaking_group():
    """"đến các tầng lớp nhân dân ..., cử tri đề nghị": the voters ask, not "nhân dân"."""
    from presswatch.extract.statements import _group_before
    from presswatch.text import match_form

    text = match_form("Nhằm tuyên truyền đến các tầng lớp nhân dân ý nghĩa lịch sử, vai trò lãnh đạo to lớn của Đảng, cử tri "
                      "đề nghị trình Quốc hội nghiên cứu, xem xét đưa ngày thành lập Đảng Cộng sản Việt Nam vào danh mục")
    assert _group_before(text, 0, text.index("đề nghị")).group() == "cử tri"


def test_people_named_as_objects_of_a_list_do_not_speak_for_the_body():
    """"Bộ Chính trị quyết định ... Cảnh cáo các ông: A, B; ...; đề nghị ...": the Politburo asks, not A."""
    _, article = statements(
        "Căn cứ nội dung, tính chất, mức độ, hậu quả, nguyên nhân vi phạm của các tổ chức đảng và đảng viên nêu trên, theo "
        "quy định của Đảng về kỷ luật tổ chức đảng, đảng viên vi phạm, Bộ Chính trị quyết định thi hành kỷ luật Cảnh cáo các "
        "ông: Vương Đình Huệ, Nguyễn Văn Thể; chưa xem xét, xử lý kỷ luật ông Võ Văn Thưởng do đang điều trị bệnh; đề nghị "
        "Ban Chấp hành Trung ương Đảng Khai trừ ra khỏi Đảng đối với ông Phạm Văn Vọng.")
    assert _speaker_of_clause(article, "đề nghị Ban Chấp hành") == "Bộ Chính trị"


def test_voters_are_the_group_of_voters_the_article_names():
    """A bare "cử tri" after "cử tri xã Hoằng Đồng" is that commune's voters (the guidelines' speaker as named)."""
    _, article = statements(
        "Trong không khí dân chủ, thẳng thắn và cởi mở, cử tri đã kiến nghị nhiều vấn đề với đại biểu HĐND huyện. Trong đó, "
        "cử tri xã Hoằng Đồng đã nêu ba ý kiến: Hệ thống tưới tiêu bị xuống cấp, cần được nâng cấp để phục vụ sản xuất",
        "Về quy hoạch đô thị số 1 và số 2, cử tri nêu ý kiến cho rằng các dự án chồng chéo khiến người dân chưa đồng thuận cao.")
    assert _speaker_of_clause(article, "Về quy hoạch") == "cử tri xã Hoằng Đồng"


def test_a_short_foreign_name_after_an_honorific_is_the_person_named_in_full():
    """"Ngài Na-cai khẳng định": the one person whose name ends so, though the short mention was not marked."""
    from presswatch.extract.statements import _short_name_before
    from presswatch.model import Person

    _, article = statements(
        "Tổng thư ký Tô-hi-xi-rô Na-cai đánh giá cao vị trí, vai trò Việt Nam ở khu vực, ủng hộ Việt Nam tổ chức thành "
        "công Hội nghị cấp cao APEC 2017, một sự kiện có ý nghĩa quan trọng trong bối cảnh quốc tế hiện nay. Ngài Na-cai "
        "khẳng định, Nhật Bản coi trọng và mong muốn thúc đẩy hơn nữa quan hệ Đối tác chiến lược sâu rộng Việt Nam – Nhật Bản")
    start = article.body.index("Tô-hi-xi-rô")
    article.facts["people"] = [Person("Tô-hi-xi-rô Na-cai", ["Tổng thư ký"], [(start, start + len("Tô-hi-xi-rô Na-cai"))])]
    sentence = article.body.index("Ngài Na-cai")
    assert _short_name_before(article, sentence, article.body.index("khẳng định", sentence)) == "Tô-hi-xi-rô Na-cai"


def test_an_unnamed_official_is_called_by_title_and_body():
    """"Chủ tịch Hiệp hội ... cho rằng": the body's chairman speaks, named as the article names him."""
    _, article = statements("Chủ tịch Hiệp hội Doanh nghiệp Nhỏ và Vừa cho rằng vấn đề bức xúc nhất của DN là gánh nặng chi phí.")
    assert _speaker_of_clause(article, "Chủ tịch Hiệp hội") == "Chủ tịch Hiệp hội Doanh nghiệp Nhỏ và Vừa"


def test_the_official_a_message_is_passed_to_is_not_the_speaker():
    """"X chuyển lời thăm hỏi ... đến Chủ tịch nước Y; khẳng định ...": X goes on speaking."""
    _, article = statements(
        "Ngày 20/5, tại Phủ Chủ tịch, Chủ tịch nước Trần Đại Quang đã tiếp Bộ trưởng Thương mại Trung Quốc Chung Sơn.",
        "Về phần mình, Bộ trưởng Thương mại Chung Sơn chuyển lời thăm hỏi của Tổng Bí thư, Chủ tịch Trung Quốc Tập Cận Bình "
        "đến Chủ tịch nước Trần Đại Quang; khẳng định Trung Quốc coi trọng phát triển quan hệ Đối tác hợp tác chiến lược toàn "
        "diện Trung Quốc - Việt Nam phát triển ổn định, ngày càng đi vào chiều sâu.")
    assert _speaker_of_clause(article, "khẳng định Trung Quốc") == "Chung Sơn"
