"""Localities (name without the level word, level) and organizations (name, expansion, kind, level).

Sentences are quoted from the 2017 corpus.
"""

import pytest

from conftest import article_of, assert_spans_valid, find, names, same


def localities(*paragraphs):
    article = article_of(*paragraphs)
    assert_spans_valid(article)
    return {(loc.name, loc.level) for loc in article.facts["localities"]}, article


def has(found, name, level):
    return any(same(n, name) and lv == level for n, lv in found)


@pytest.mark.parametrize("sentence, expected", [
    ("Những ghe làm nghề câu mực tại thị trấn Sông Đốc, huyện Trần Văn Thời vừa cập bến, mang lộc đầu xuân là những mẻ mực "
     "đầy ắp về với đất liền.", [("Sông Đốc", "thị trấn"), ("Trần Văn Thời", "huyện")]),
    ("Bí thư Đảng ủy xã Thuần Mỹ Phạm Văn Sơn cho biết: Trong 2 năm qua, xã Thuần Mỹ đã trồng mới được 300 cây xanh bóng "
     "mát, cây lấy gỗ ở hai bên đường vào trung tâm xã.", [("Thuần Mỹ", "xã")]),
    ("Đại gia đình 7 người của Bí thư Đảng ủy xã Quế Long (huyện Quế Sơn, Quảng Nam) Đỗ Đình Hùng đang nắm nhiều chức vụ "
     "trong bộ máy.", [("Quế Long", "xã"), ("Quế Sơn", "huyện")]),
])
def test_level_word_and_name(sentence, expected):
    found, _ = localities(sentence)
    for name, level in expected:
        assert has(found, name, level), found


def test_unit_named_twice_is_one_locality_with_two_spans():
    found, article = localities("Bí thư Đảng ủy xã Thuần Mỹ Phạm Văn Sơn cho biết: Trong 2 năm qua, xã Thuần Mỹ đã trồng mới "
                                "được 300 cây xanh bóng mát, cây lấy gỗ ở hai bên đường vào trung tâm xã.")
    assert found == {("Thuần Mỹ", "xã")}
    assert len(article.facts["localities"][0].spans) == 2


def test_name_is_without_the_level_word_and_span_covers_the_mention():
    _, article = localities("Những ghe làm nghề câu mực tại thị trấn Sông Đốc, huyện Trần Văn Thời vừa cập bến, mang lộc đầu "
                            "xuân là những mẻ mực đầy ắp về với đất liền.")
    loc = find(article, "localities", "name", "Trần Văn Thời")
    start, end = loc.spans[0]
    assert "Trần Văn Thời" in article.body[start:end]


@pytest.mark.parametrize("sentence, expected", [
    ("Làm việc tại Q.2 sáng 7.2, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Đinh La Thăng yêu cầu chính quyền quận phải "
     "kéo giảm tình trạng phạm pháp hình sự, tai nạn giao thông.", [("2", "quận"), ("Hồ Chí Minh", "thành phố")]),
    ("Sáng nay 8.2, tại Công viên Gia Định (Q.Gò Vấp, TP.HCM) đã diễn ra lễ khởi công xây dựng 2 cầu vượt tại nút giao "
     "Trường Sơn (Q.Tân Bình) và nút giao Nguyễn Kiệm - Nguyễn Thái Sơn (Q.Gò Vấp).",
     [("Gò Vấp", "quận"), ("Tân Bình", "quận"), ("Hồ Chí Minh", "thành phố")]),
    ("8 giờ ngày 19.5, tại bãi xe trước cổng Bệnh viện Nhi đồng 2 (đường Lý Tự Trọng, P.Bến Nghé, Q.1) vẫn căng dây giữ "
     "160 xe máy dựng trên lối đi của người dân.", [("Bến Nghé", "phường"), ("1", "quận")]),
    ("Đường dẫn cao tốc TP.HCM - Trung Lương (còn gọi là Tân Tạo - Chợ Đệm, thuộc Q.Bình Tân và H.Bình Chánh, TP.HCM) có "
     "tên mới là đường Võ Trần Chí.", [("Bình Tân", "quận"), ("Bình Chánh", "huyện"), ("Hồ Chí Minh", "thành phố")]),
    ("Chợ Hoa Lư thuộc P.Hoa Lư, nằm ở trung tâm TP.Pleiku (Gia Lai), được đầu tư xây dựng từ đầu năm 2012 với số tiền hơn "
     "12,5 tỉ đồng.", [("Hoa Lư", "phường"), ("Pleiku", "thành phố")]),
    ("Bà Tô Thị Bích Châu, Chủ tịch MTTQ TP.HCM, cho biết sau khi đọc được thông tin trên báo, bà đã gọi điện thoại cho "
     "MTTQ huyện Bình Chánh để trao đổi.", [("Hồ Chí Minh", "thành phố"), ("Bình Chánh", "huyện")]),
])
def test_abbreviated_level_words(sentence, expected):
    """TP.HCM is Hồ Chí Minh, thành phố; P. is phường, Q. quận, H. huyện, TP. thành phố; numbers stay names."""
    found, _ = localities(sentence)
    for name, level in expected:
        assert has(found, name, level), found


def test_abbreviated_city_is_one_locality():
    found, _ = localities("Đường dẫn cao tốc TP.HCM - Trung Lương (còn gọi là Tân Tạo - Chợ Đệm, thuộc Q.Bình Tân và "
                          "H.Bình Chánh, TP.HCM) có tên mới là đường Võ Trần Chí.")
    assert sum(same(n, "Hồ Chí Minh") for n, _ in found) == 1


def test_numbered_units():
    found, _ = localities("Ngày 20-5, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM Nguyễn Thiện Nhân đã đến nhà riêng tại "
                          "phường 12, quận 5 trao huy hiệu 70 năm tuổi Đảng cho ông Trần Thăng Phúc (89 tuổi) và trao huy "
                          "hiệu 60 năm tuổi Đảng cho bà Hoàng Thị Thường (84 tuổi, vợ ông Phúc).")
    assert has(found, "12", "phường") and has(found, "5", "quận")


def test_parent_unit_in_parentheses():
    _, article = localities("Con dấu cũ (trái) và mới của UBND TP Phan Thiết (Bình Thuận).")
    loc = find(article, "localities", "name", "Phan Thiết")
    assert (loc.level, loc.parent) == ("thành phố", "Bình Thuận")


@pytest.mark.parametrize("sentence, expected", [
    ("Sau khi nhận thông tin, Huyện ủy Quỳ Hợp chỉ đạo công an vào cuộc xác minh, điều tra.", [("Quỳ Hợp", "huyện")]),
    ("Ông Đinh Văn Hiền, Chủ nhiệm Ủy ban Kiểm tra Huyện ủy Gia Viễn cho rằng đây là một vụ việc đáng tiếc.",
     [("Gia Viễn", "huyện")]),
    ("Chiều nay (8/2), BTV Thị ủy Kỳ Anh tổ chức hội nghị triển khai công tác giải phóng mặt bằng các dự án trên địa bàn.",
     [("Kỳ Anh", "thị xã")]),
    ("Đoàn sẽ kiểm tra công tác cán bộ tại Thành ủy Quy Nhơn, Huyện ủy Tuy Phước, Thị ủy An Nhơn, Sở Nội vụ và Ban Tổ chức "
     "Tỉnh ủy.", [("Quy Nhơn", "thành phố"), ("An Nhơn", "thị xã")]),
    ("Sáng nay (8/2), tại Trường mầm non Kim Liên, Quận ủy, HĐND- UBND- UBMTTQ quận Đống Đa tổ chức lễ phát động Tết trồng "
     "cây Xuân Đinh Dậu 2017 với chủ đề “Tết trồng cây đời đời nhớ ơn Bác Hồ”.", [("Đống Đa", "quận")]),
])
def test_committee_names_its_unit(sentence, expected):
    """'Huyện ủy Quỳ Hợp' is huyện Quỳ Hợp; 'Thị ủy Kỳ Anh' thị xã; 'Thành ủy Quy Nhơn' thành phố."""
    found, _ = localities(sentence)
    for name, level in expected:
        assert has(found, name, level), found


def test_committee_in_a_list_names_its_unit():
    found, article = localities("Đoàn sẽ kiểm tra công tác cán bộ tại Thành ủy Quy Nhơn, Huyện ủy Tuy Phước, Thị ủy An Nhơn, "
                                "Sở Nội vụ và Ban Tổ chức Tỉnh ủy.")
    assert has(found, "Tuy Phước", "huyện"), found


def test_province_named_by_its_committee():
    found, _ = localities("Theo Bí thư Tỉnh ủy Ninh Bình Nguyễn Thị Thanh, đích thân Thủ tướng Nguyễn Xuân Phúc cũng rất quan "
                          "tâm chỉ đạo tập trung tháo gỡ khó khăn, đưa Nhà máy đạm Ninh Bình hoạt động hiệu quả trở lại.")
    assert has(found, "Ninh Bình", "tỉnh"), found


def test_fixed_expression_with_a_city_name_is_not_a_locality():
    found, _ = localities("Tuổi trẻ toàn quân hôm nay đã có nhiều chương trình, hành động, phong trào thi đua tình nguyện thực "
                          "hiện CVĐ; thực hiện Chỉ thị 05 của Bộ Chính trị, Chỉ thị 87 của Thường vụ Quân ủy Trung ương về "
                          "học tập làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.")
    assert found == set()


def test_institution_named_after_a_person_is_not_a_locality():
    found, _ = localities("PGS Nguyễn Văn Giang, Phó Viện trưởng Viện Xây dựng Đảng- Học viện Chính trị Quốc gia Hồ Chí Minh "
                          "cho rằng, đây là bước đi cụ thể trong triển khai Nghị quyết Trung ương 4, triển khai các giải pháp "
                          "về xây dựng, chỉnh đốn Đảng theo tinh thần Đại hội XII.")
    assert found == set()


def test_street_and_road_names_are_not_localities():
    found, _ = localities("Đường dẫn cao tốc TP.HCM - Trung Lương (còn gọi là Tân Tạo - Chợ Đệm, thuộc Q.Bình Tân và "
                          "H.Bình Chánh, TP.HCM) có tên mới là đường Võ Trần Chí.")
    assert not any(same(n, x) for n, _ in found for x in ("Trung Lương", "Tân Tạo", "Chợ Đệm", "Võ Trần Chí"))


# --- organizations -----------------------------------------------------------------------------

def organization(sentence, name):
    article = article_of(sentence)
    assert_spans_valid(article)
    found = find(article, "organizations", "name", name)
    assert found is not None, names(article, "organizations")
    return found


def test_party_committee_with_its_unit():
    org = organization("Sau khi nhận thông tin, Huyện ủy Quỳ Hợp chỉ đạo công an vào cuộc xác minh, điều tra.",
                       "Huyện ủy Quỳ Hợp")
    assert (org.kind, org.level) == ("party_committee", "district")


def test_abbreviated_standing_board_is_expanded():
    org = organization("Chiều nay (8/2), BTV Thị ủy Kỳ Anh tổ chức hội nghị triển khai công tác giải phóng mặt bằng các dự "
                       "án trên địa bàn.", "BTV Thị ủy Kỳ Anh")
    assert org.expanded == "Ban Thường vụ Thị ủy Kỳ Anh"
    assert org.kind == "standing_board"


def test_peoples_committee_abbreviation_is_expanded():
    org = organization("Chỉ đạo buổi làm việc, ông Mai Thức - Phó Chủ tịch thường trực UBND tỉnh Quảng Trị yêu cầu lập "
                       "danh sách các em học sinh vi phạm để giao cho các trường cấp THPT tiếp tục theo dõi, giáo dục, "
                       "uốn nắn.", "UBND tỉnh Quảng Trị")
    assert org.expanded == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert org.level == "province"


def test_front_with_its_unit():
    org = organization("Bà Tô Thị Bích Châu, Chủ tịch MTTQ TP.HCM, cho biết sau khi đọc được thông tin trên báo, bà đã gọi "
                       "điện thoại cho MTTQ huyện Bình Chánh để trao đổi.", "MTTQ huyện Bình Chánh")
    assert (org.expanded, org.kind, org.level) == ("Mặt trận Tổ quốc huyện Bình Chánh", "front", "district")


@pytest.mark.parametrize("sentence, name", [
    ("Ngày 12-5-1951, Ban Bí thư Trung ương Đảng ra Chỉ thị số 05-CT/TW quy định về nhiệm vụ và tổ chức công an, trong "
     "đó nêu rõ: “nhiệm vụ của công an là bảo vệ Đảng, bảo vệ chính quyền dân chủ nhân dân, bảo vệ nền kinh tế, quân "
     "đội, nhân dân”.", "Ban Bí thư Trung ương Đảng"),
    ("Theo báo cáo của Bộ Nội vụ, các Bộ, ngành, địa phương đã tổ chức triển khai tinh giảm biên chế theo quy định tại "
     "Nghị định số 39-NQ/TW của Bộ Chính trị, Quyết định 2218/QĐ-TTg và Nghị định số 108/2014/NĐ-CP của Thủ tướng Chính "
     "phủ.", "Bộ Nội vụ"),
    ("Đoàn sẽ kiểm tra công tác cán bộ tại Thành ủy Quy Nhơn, Huyện ủy Tuy Phước, Thị ủy An Nhơn, Sở Nội vụ và Ban Tổ chức "
     "Tỉnh ủy.", "Sở Nội vụ"),
])
def test_organization_name_with_lower_case_words_is_whole(sentence, name):
    organization(sentence, name)


@pytest.mark.parametrize("sentence, name", [
    ("Đại diện Hiệp hội Du lịch Đà Nẵng đề nghị các cơ quan báo chí được tham dự buổi làm việc về kiến nghị quy hoạch bán "
     "đảo Sơn Trà nhưng Tổng cục Du lịch từ chối.", "Hiệp hội Du lịch Đà Nẵng"),  # magizbox-baomoi-22245560
    ("Bên cạnh đó, khi có yêu cầu của cơ quan tổ chức có thẩm quyền, yêu cầu cần phải kiểm tra, giám sát tài sản của cán "
     "bộ này, cán bộ kia thì UBKT T.Ư sẽ thực hiện.", "UBKT T.Ư"),  # magizbox-baomoi-22384046
    ("Ngày 15-6, Ủy ban An toàn giao thông Quốc gia có văn bản gửi Chủ tịch UBND tỉnh Tuyên Quang và Phú Thọ, đề nghị kiểm "
     "tra, làm rõ hành vi rải chông đinh trên đường bộ.", "Ủy ban An toàn giao thông Quốc gia"),  # magizbox-baomoi-22538766
])
def test_an_organization_named_with_lower_case_words_is_whole(sentence, name):
    """The body that speaks is named whole, never "Ủy ban An" or "UBKT T" (lexicon/organizations.tsv, org_names.txt)."""
    assert name in [o.name for o in article_of(sentence).facts["organizations"]]


def parents(article):
    return {loc.name: loc.parent for loc in article.facts["localities"]}


def test_a_unit_written_after_one_of_a_lower_level_is_its_parent():
    _, article = localities("Theo đó, vào khoảng 8h30 sáng ngày 6-2, một vụ tai nạn giao thông nghiêm trọng đã xảy ra trên quốc "
                            "lộ 279, đoạn đi qua địa phận xã Búng Lao (huyện Mường Ảng, tỉnh Điện Biên) giữa hai xe máy và một "
                            "xe khách.")
    assert parents(article) == {"Búng Lao": "Mường Ảng", "Mường Ảng": "Điện Biên", "Điện Biên": None}


def test_a_numbered_ward_keeps_its_district():
    found, article = localities("trụ trì chùa Candaransi, 164/235 Trần Quốc Thảo, phường 7, quận 3, TP.HCM dưới góc nhìn của "
                                "một vị trụ trì chùa, đồng thời cũng là tác giả của những tôn tạo kiến trúc cổ của ngôi chùa "
                                "Khmer nổi tiếng")
    assert has(found, "7", "phường") and parents(article)["7"] == "3"


@pytest.mark.parametrize("sentence, name, level", [
    ("Đó là chưa kể nhiều DN ở TP.HCM, Bình Dương hay Bà Rịa - Vũng Tàu cũng đã có nhiều chính sách cạnh tranh để thu hút "
     "lao động ở Đồng Nai.", "Bà Rịa - Vũng Tàu", None),
    ("Liên quan đến cái chết của bà Phúc (54 tuổi, đã đổi tên, trú ở phường Thủy Xuân, TP Huế), ngày 6/2, Công an tỉnh Thừa "
     "Thiên - Huế đã bắt giữ nghi phạm Võ Văn Thịnh (28 tuổi, quê Quảng Bình).", "Thừa Thiên - Huế", "tỉnh"),
])
def test_a_province_written_with_a_dash_is_one_place(sentence, name, level):
    found, _ = localities(sentence)
    assert has(found, name, level), found
    assert not any(same(n, "Bà Rịa") or same(n, "Thừa Thiên") for n, _ in found)


def test_an_initial_before_a_name_is_no_level_word():
    found, _ = localities("Tổng thống Iran H.Rouhani phát biểu.")
    assert found == set()


def test_numbered_units_and_the_press_names_of_provinces_are_in_the_gazetteer():
    from presswatch import gazetteer
    from presswatch.link.places import Mention, resolve_article

    assert [(u.name, u.level, u.province) for u in gazetteer.lookup("3", "quận") if u.era == "legacy"] == [("3", "quận", "Hồ Chí Minh")]
    ward, district = resolve_article([Mention("a", 0, "15", "phường", "11", None), Mention("a", 1, "11", "quận", None, None)])
    assert (ward.name, ward.district, ward.province) == ("15", "Quận 11", "Hồ Chí Minh") and district.name == "11"
    assert [u.name for u in gazetteer.lookup("Thừa Thiên - Huế") if u.era == "legacy"] == ["Huế"]


def org_names(sentence):
    return names(article_of(sentence), "organizations")


def test_a_bare_head_names_no_body():
    """'Bộ' of 'Bộ phim' names no ministry."""
    assert org_names("Bộ phim Glory (1989) của đạo diễn Edward Zwick đã trở thành niềm thôi thúc mãnh liệt đối với ông thuở "
                     "nhỏ.") == []


@pytest.mark.parametrize("sentence, whole, cut", [
    ("Trước kế hoạch cải tạo chợ của phía Công ty CP sứ Bát Tràng, UBND xã đã yêu cầu Công ty phải có phương án cụ thể, bàn "
     "bạc thống nhất với các hộ kinh doanh mới triển khai.", "UBND xã", "UBND"),
    ("Tại cuộc họp giao ban với các sở ngành vừa diễn ra, Chủ tịch UBND TP. Hà Nội Nguyễn Đức Chung đã đề cập đến hệ thống "
     "truyền thanh cơ sở trên địa bàn Thủ đô.", "UBND TP. Hà Nội", "UBND TP"),
])
def test_an_organization_is_named_as_far_as_its_unit(sentence, whole, cut):
    found = org_names(sentence)
    assert whole in found and cut not in found, found


def test_a_foreign_city_is_no_locality():
    found, _ = localities("những hang động và đường hầm ngầm dưới nước trên đảo Isla Mujeres ở ngoài khơi thành phố Cancun, "
                          "Mexico.")
    assert found == set()


def test_a_province_named_bare_after_a_city_is_its_parent_not_another_city():
    found, article = localities("Trong những ngày qua, trên địa bàn thành phố Vinh, Nghệ An đã xảy ra vụ việc hàng loạt xe "
                                "ôtô bị đập kính trong đêm.")
    assert has(found, "Vinh", "thành phố") and not has(found, "Nghệ An", "thành phố")
    assert parents(article)["Vinh"] == "Nghệ An"


def test_a_province_after_a_district_of_the_same_name_as_a_city_is_its_parent():
    """Hà Tĩnh is also a district-level city: after "huyện Thạch Hà," it is the province, not a second district."""
    found, article = localities("túi tiền bị rơi nói trên là của bà Nguyễn Thị Truyền, trú tại xã Thạch Hội, huyện "
                                "Thạch Hà, Hà Tĩnh.")
    assert not has(found, "Hà Tĩnh", "huyện") and parents(article)["Thạch Hà"] == "Hà Tĩnh"
    assert parents(article)["Thạch Hội"] == "Thạch Hà"


def test_a_bare_provinces_name_is_the_province_not_a_ward_of_that_name():
    from presswatch.link.places import Mention, resolve_article

    [unit] = resolve_article([Mention("a", 0, "Phú Yên", None, None, None)])
    assert (unit.tier, unit.name) == ("province", "Phú Yên")


@pytest.mark.parametrize("sentence", [
    "Diễn viên Thanh Bình hạnh phúc chia sẻ hình ảnh bà xã Lan Ngọc hạ sinh con trai đầu lòng.",
    "Khoảng đêm 8/2, không khí lạnh sẽ tràn xuống các tỉnh Bắc bộ, nền nhiệt độ giảm mạnh, có nơi dưới 10 độ C.",
])
def test_a_wife_or_a_region_is_no_unit(sentence):
    """'bà xã' is a wife, not a commune; 'các tỉnh Bắc bộ' a region (lexicon/regions.txt), not a province 'Bắc'."""
    assert localities(sentence)[0] == set()


def test_a_count_after_a_province_is_not_its_number():
    found, _ = localities("Tới đây sẽ bàn giao cho tỉnh Lào Cai 7 bác sĩ.")
    assert found == {("Lào Cai", "tỉnh")}


def test_a_province_ending_in_a_family_name_before_its_official():
    """"Ninh" of Quảng Ninh is also a family name: the province is whole and the official is Nguyễn Đức Long."""
    found, article = localities("Chủ tịch UBND tỉnh Quảng Ninh Nguyễn Đức Long đánh trống hội.")
    assert found == {("Quảng Ninh", "tỉnh")}
    assert names(article, "people") == ["Nguyễn Đức Long"]
