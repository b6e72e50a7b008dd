"""A small world of articles of the genre, generated for the tests: the same articles on every run.

The store, API, dashboard and Spark tests need a database of articles that a fresh clone holds,
without ../shared. This module writes them: working sessions where a city official chairs and a
ward party committee reports, recommendations (đề nghị, yêu cầu) and petitions (kiến nghị),
directives carried down a cascade, officials whose positions change over the years, the same
story told by two outlets (one of them stating a directive's date or a figure differently), a
story copied by a third outlet with its own page furniture, and articles dated from 2016 to 2025.

Every sentence template was written for these tests, in the genre's ordinary wording; none is
quoted from the corpus, the dev articles or the test split. People are invented. Places are real
units (Hải Phòng, Cần Thơ and their pre-2025 districts and wards) so that the gazetteer resolves
them. Directive numbers are invented for this world.

What the tests may rely on is stated by the constants below and by `Piece`, the ground truth kept
with each generated record: which kind of article, which story, who chaired, which unit reported,
the event's date, the directives cited, the petitions made.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

CITY = "Hải Phòng"
OTHER_CITY = "Cần Thơ"
REFORM = date(2025, 7, 1)  # wards named after the July 2025 reform from this day on


# --- directives ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Doc:
    """A directive of the world, as its articles cite it."""

    ident: str  # as printed: 63-KL/TW, 112/KH-UBND
    kind: str  # the type word: Kết luận, Kế hoạch, Chỉ thị, Nghị quyết
    issuer: str
    day: date
    subject: str

    def cite(self, *, day: date | None = None, issuer: str | None = None, full: bool = True) -> str:
        """'Kết luận số 63-KL/TW ngày 12-8-2022 của Bộ Chính trị về ...' (or only type and number)."""
        if not full:
            return f"{self.kind} số {self.ident}"
        when = day or self.day
        return f"{self.kind} số {self.ident} ngày {when.day}-{when.month}-{when.year} của {issuer or self.issuer}"


# The party cascade of term XIII: the Politburo's conclusion, the city's plan, each ward's plan.
CONCLUSION = Doc("63-KL/TW", "Kết luận", "Bộ Chính trị", date(2022, 8, 12),
                 "về tiếp tục đẩy mạnh công tác xây dựng, chỉnh đốn Đảng ở tổ chức cơ sở đảng")
CONCLUSION_MISDATED = date(2022, 8, 21)  # the date one outlet prints: the registry's contradiction
CITY_PLAN = Doc("58-KH/TU", "Kế hoạch", "Ban Thường vụ Thành ủy", date(2022, 9, 20),
                "về thực hiện Kết luận số 63-KL/TW")
# Term XII: the standing board's directive and the city government's plan that carries it out.
CITY_DIRECTIVE = Doc("27-CT/TU", "Chỉ thị", "Ban Thường vụ Thành ủy", date(2019, 5, 6),
                     "về tăng cường công tác tiếp công dân, đối thoại với nhân dân ở cơ sở")
CITY_GOV_PLAN = Doc("112/KH-UBND", "Kế hoạch", "UBND thành phố", date(2019, 5, 30),
                    "về thực hiện Chỉ thị số 27-CT/TU")
# The state cascade: a government resolution of 2016 and the Prime Minister's directive on it; the
# Prime Minister's directives are numbered afresh each year, so 17/CT-TTg of 2017 is another one.
GOV_RESOLUTION = Doc("41/NQ-CP", "Nghị quyết", "Chính phủ", date(2016, 4, 9),
                     "về cải thiện môi trường kinh doanh cho doanh nghiệp nhỏ và vừa")
PM_DIRECTIVE = Doc("17/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", date(2016, 5, 15),
                   "về triển khai thực hiện Nghị quyết số 41/NQ-CP")
PM_DIRECTIVE_2017 = Doc("17/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", date(2017, 7, 3),
                        "về tăng cường công tác phòng, chống thiên tai mùa mưa bão")
# A directive two outlets date differently (same year, so one directive with two dates).
DISPUTED = Doc("08/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ", date(2018, 4, 24),
               "về đẩy mạnh cải cách thủ tục hành chính ở cấp xã")
DISPUTED_MISDATED = date(2018, 4, 4)
# A directive two outlets give different issuers.
SECRETARIAT = Doc("39-CT/TW", "Chỉ thị", "Ban Bí thư", date(2024, 2, 5),
                  "về nâng cao chất lượng sinh hoạt chi bộ ở khu dân cư")
SECRETARIAT_MISISSUED = "Bộ Chính trị"
# One number in two terms: two resolutions of the city's party committee.
SEA_RESOLUTION = Doc("09-NQ/TU", "Nghị quyết", "Ban Thường vụ Thành ủy", date(2017, 4, 10),
                     "về phát triển kinh tế biển đến năm 2025")
DIGITAL_RESOLUTION = Doc("09-NQ/TU", "Nghị quyết", "Ban Chấp hành Đảng bộ thành phố", date(2021, 11, 18),
                         "về chuyển đổi số trong hệ thống chính trị thành phố")


# --- people ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Official:
    """A person of the world and the positions stated for them, each from a day on."""

    name: str
    career: tuple[tuple[date, str], ...]

    def position(self, day: date) -> str:
        held = [title for start, title in self.career if start <= day]
        return held[-1] if held else self.career[0][1]

    @property
    def given(self) -> str:
        return self.name.split()[-1]


# The city's leader: five positions over ten years (district secretary to member of the Central Committee).
LEADER = Official("Lương Văn Tiến", (
    (date(2016, 1, 1), "Bí thư Quận ủy Lê Chân"),
    (date(2018, 1, 1), "Trưởng Ban Tổ chức Thành ủy"),
    (date(2019, 6, 1), "Phó Bí thư Thường trực Thành ủy"),
    (date(2021, 3, 1), "Bí thư Thành ủy Hải Phòng"),
    (date(2025, 7, 1), "Ủy viên Ban Chấp hành Trung ương Đảng, Bí thư Thành ủy Hải Phòng"),
))
MOBILISER = Official("Đỗ Thị Minh Hằng", (
    (date(2016, 1, 1), "Phó Trưởng Ban Dân vận Thành ủy"),
    (date(2020, 1, 1), "Trưởng Ban Dân vận Thành ủy"),
    (date(2023, 6, 1), "Phó Bí thư Thành ủy"),
))
MAYOR = Official("Vũ Quang Huy", (
    (date(2016, 1, 1), "Phó Chủ tịch UBND thành phố"),
    (date(2021, 3, 1), "Chủ tịch UBND thành phố Hải Phòng"),
))
PROPAGANDIST = Official("Phạm Đức Khải", ((date(2016, 1, 1), "Trưởng Ban Tuyên giáo Thành ủy"),))
NAMESAKE = "Ngô Thanh Bình"  # a ward secretary in Hải Phòng and a department's deputy director in Cần Thơ
OTHER_CHAIR = Official("Huỳnh Văn Lợi", ((date(2016, 1, 1), "Phó Bí thư Thường trực Thành ủy Cần Thơ"),))
CHAIRS = (LEADER, MOBILISER)  # who chairs the working sessions with the wards
SHARED_PREFIX = "Lương Văn"  # the leader and one ward secretary: a people search by prefix finds both


# --- places ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Ward:
    name: str
    district: str  # its district before the 2025 reform (quận)
    after: str  # the ward it became in July 2025
    secretary: str
    plan: str  # the number of its party committee's plan carrying out CITY_PLAN
    city: str = CITY


_WARDS = [  # (ward, district, ward after the reform): real units, checked against the gazetteer
    ("An Biên", "Lê Chân", "Lê Chân"), ("Kênh Dương", "Lê Chân", "Lê Chân"), ("Vĩnh Niệm", "Lê Chân", "An Biên"), ("Máy Chai", "Ngô Quyền", "Ngô Quyền"),
    ("Vạn Mỹ", "Ngô Quyền", "Ngô Quyền"), ("Cầu Tre", "Ngô Quyền", "Ngô Quyền"), ("Gia Viên", "Ngô Quyền", "Gia Viên"),
    ("Đông Khê", "Ngô Quyền", "Gia Viên"), ("Lạch Tray", "Ngô Quyền", "Gia Viên"), ("Đằng Lâm", "Hải An", "Hải An"),
    ("Thành Tô", "Hải An", "Hải An"), ("Đằng Hải", "Hải An", "Hải An"), ("Nam Hải", "Hải An", "Hải An"),
    ("Cát Bi", "Hải An", "Hải An"), ("Tràng Cát", "Hải An", "Hải An"), ("Sở Dầu", "Hồng Bàng", "Hồng Bàng"),
    ("Thượng Lý", "Hồng Bàng", "Hồng Bàng"), ("Bắc Sơn", "Kiến An", "Kiến An"), ("Ngọc Sơn", "Kiến An", "Phù Liễn"),
]
_OTHER_WARDS = [("Cái Khế", "Ninh Kiều", "Cái Khế"), ("An Hòa", "Ninh Kiều", "Cái Khế"), ("Thới Bình", "Ninh Kiều", "Ninh Kiều"),
                ("Xuân Khánh", "Ninh Kiều", "Ninh Kiều"), ("Hưng Lợi", "Ninh Kiều", "Tân An"), ("An Khánh", "Ninh Kiều", "Tân An")]

# Invented names: no name of the dev articles or of the test split.
_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Đinh", "Trịnh", "Đoàn", "Tạ",
             "Mai", "Cao", "Lương", "Phùng", "Kiều"]
_MIDDLES_MEN = ["Văn", "Đức", "Quang", "Minh", "Hữu", "Xuân", "Duy", "Tiến", "Mạnh", "Viết"]
_MIDDLES_WOMEN = ["Thị", "Thị Thu", "Thị Minh", "Thị Lan", "Thị Thanh", "Thị Bích"]
_GIVEN_MEN = ["Khoa", "Tùng", "Kiên", "Thịnh", "Cường", "Toàn", "Hiếu", "Đạt", "Vinh", "Lâm", "Sơn", "Hòa", "Quý", "Long",
              "Khánh", "Trung", "Huấn", "Thuận", "Nghĩa", "Tuyến"]
_GIVEN_WOMEN = ["Hằng", "Lan", "Hương", "Yến", "Nhung", "Loan", "Trang", "Thủy", "Huyền", "Liên", "Oanh", "Duyên"]
AUTHORS = ["MINH KHOA", "THU TRANG", "ĐỨC TOÀN", "BÍCH LIÊN", "QUANG VINH", "HOÀI AN"]


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLES_WOMEN)} {rng.choice(_GIVEN_WOMEN)}"
    return f"{rng.choice(_SURNAMES)} {rng.choice(_MIDDLES_MEN)} {rng.choice(_GIVEN_MEN)}"


def _wards() -> tuple[Ward, ...]:
    rng = random.Random("wards")
    taken = {LEADER.name, MOBILISER.name, MAYOR.name, PROPAGANDIST.name, NAMESAKE}
    out = []
    for n, (name, district, after) in enumerate(_WARDS):
        if name == "Cát Bi":
            secretary = NAMESAKE
        elif name == "An Biên":
            secretary = f"{SHARED_PREFIX} Khoa"
        else:
            while (secretary := person_name(rng)) in taken or secretary.startswith(SHARED_PREFIX):
                pass
        taken.add(secretary)
        out.append(Ward(name, district, after, secretary, f"{71 + 2 * n}-KH/ĐU"))
    for name, district, after in _OTHER_WARDS:
        while (secretary := person_name(rng)) in taken or secretary.startswith(SHARED_PREFIX):
            pass
        taken.add(secretary)
        out.append(Ward(name, district, after, secretary, "", city=OTHER_CITY))
    return tuple(out)


WARDS = _wards()
CITY_WARDS = tuple(w for w in WARDS if w.city == CITY)


# --- the generated articles ------------------------------------------------------------------------------

@dataclass
class Piece:
    """One generated article: its record (as a JSON Lines source holds it) and what it truly says."""

    record: dict[str, Any]
    kind: str  # working_session, conference, inspection, plan, state
    story: str  # the same label for the outlets' versions of one story
    event_date: date | None = None
    chair: str | None = None
    counterpart: str | None = None  # the unit reviewed: "Đảng ủy phường Đằng Lâm"
    ward: Ward | None = None
    directives: list[str] = field(default_factory=list)
    petitions: int = 0
    admitted: int | None = None  # new party members the ward reports (a figure two outlets may disagree on)
    people: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)  # as the byline names them, in title case
    furniture: list[str] = field(default_factory=list)  # the lines of `text` that are no part of the body
    printed: datetime | None = None  # the publication time the page prints in a dateline (Vietnam time)

    @property
    def text(self) -> str:
        """The article as a plain-text page: title line, then its lines."""
        return f"{self.record['title']}\n{self.record['text']}\n"


OUTLETS = {  # invented outlets: a party committee's portal, a city paper, a digest that copies stories
    "portal": ("Cổng thông tin Đảng bộ thành phố", "https://dangbo.example.vn"),
    "paper": ("Báo Cảng Biển", "https://cangbien.example.vn"),
    "digest": ("Tin Nhanh Duyên Hải", "https://tinnhanh.example.vn"),
}
_PART_OF_DAY = ["Sáng", "Chiều"]
_WIDGETS = ["Chia sẻ", "Tin liên quan"]

# Sentences of the genre, each with slots: the parts every session article is made of.
_REPORTS = [
    "Báo cáo tại buổi làm việc, đồng chí {secretary}, Bí thư Đảng ủy phường {ward}, cho biết, Đảng bộ phường hiện có {cells} chi bộ "
    "trực thuộc với {members} đảng viên. Năm {year}, Đảng ủy phường kết nạp {admitted} đảng viên mới, đạt {pct}% chỉ tiêu được giao.",
    "Đồng chí {secretary}, Bí thư Đảng ủy phường, báo cáo: năm {year} phường đã kết nạp {admitted} đảng viên, "
    "đạt {pct}% kế hoạch; toàn Đảng bộ có {members} đảng viên sinh hoạt ở {cells} chi bộ.",
]
_RESULTS = [
    "Công tác kiểm tra, giám sát được duy trì; {rated}% tổ chức cơ sở đảng được đánh giá hoàn thành tốt nhiệm vụ trở lên.",
    "Đảng ủy phường đã tổ chức {hearings} buổi đối thoại trực tiếp với nhân dân, giải quyết dứt điểm {solved} đơn thư kéo dài.",
    "Phường hoàn thành việc kiện toàn {groups} tổ dân phố, đưa sinh hoạt chi bộ về khu dân cư vào nền nếp.",
]
_WEAKNESSES = [
    "Tuy nhiên, nội dung sinh hoạt chuyên đề ở một số chi bộ còn đơn điệu; việc nắm bắt tâm tư của đảng viên cao tuổi có lúc chưa kịp thời.",
    "Bên cạnh kết quả đạt được, phường còn gặp khó khăn do trụ sở xuống cấp, đội ngũ cán bộ chuyên trách còn mỏng.",
    "Một số chi bộ tổ dân phố chưa chủ động đề xuất nội dung sinh hoạt, tỷ lệ đảng viên trẻ tham gia còn thấp.",
]
_VOICES = [
    "Đồng chí {member}, Bí thư Chi bộ tổ dân phố số {group}, chia sẻ kinh nghiệm đưa nghị quyết vào cuộc sống ở khu dân cư.",
    "Phát biểu tại buổi làm việc, đồng chí {member}, Bí thư Chi bộ khu dân cư số {group}, nêu cách làm trong vận động nhân dân hiến đất mở đường.",
]
_PETITIONS = [
    "bố trí kinh phí sửa chữa trụ sở làm việc của Đảng ủy, HĐND, UBND phường",
    "sớm có hướng dẫn về chế độ phụ cấp đối với bí thư chi bộ và tổ trưởng tổ dân phố",
    "bổ sung biên chế công chức văn hóa - xã hội cho phường",
    "đầu tư cải tạo hệ thống thoát nước trên các tuyến đường thường xuyên ngập úng",
    "quan tâm giải quyết dứt điểm vướng mắc trong bồi thường, giải phóng mặt bằng dự án mở rộng đường",
]
_PRAISE = [
    "biểu dương những kết quả Đảng bộ phường {ward} đạt được trong thời gian qua, nhất là công tác phát triển đảng viên ở khu dân cư",
    "ghi nhận sự cố gắng của cấp ủy, chính quyền phường {ward}, đặc biệt là việc giải quyết kịp thời những kiến nghị của nhân dân",
]
_RECOMMENDATIONS = [
    "tiếp tục quán triệt sâu sắc {directive}, gắn với nhiệm vụ chính trị của địa phương",
    "nâng cao chất lượng sinh hoạt chi bộ, chú trọng sinh hoạt chuyên đề",
    "làm tốt công tác tạo nguồn, phát triển đảng viên trong đoàn viên thanh niên",
    "chủ động nắm bắt dư luận xã hội, xử lý ngay từ cơ sở những vụ việc phát sinh",
    "đẩy mạnh cải cách hành chính, nâng cao chỉ số hài lòng của người dân",
]
_CONTINUATIONS = [
    "Đồng thời, phải chú trọng bồi dưỡng đội ngũ cấp ủy viên trẻ, có năng lực.",
    "Cùng với đó, cần phát huy vai trò giám sát của Mặt trận và các đoàn thể đối với cán bộ, đảng viên.",
]
_ANSWERS = [
    "Về các kiến nghị của phường, đồng chí {given} giao Văn phòng Thành ủy phối hợp với các sở, ngành xem xét, giải quyết theo thẩm quyền.",
    "Đối với những đề xuất của phường, đồng chí {given} đề nghị các cơ quan liên quan sớm nghiên cứu, trả lời bằng văn bản.",
]


def _day(d: date) -> str:
    return f"{d.day}-{d.month}"


def _stamp(d: date, rng: random.Random) -> str:
    return f"{d.isoformat()}T{rng.choice(['07', '09', '11', '15', '17', '20'])}:{rng.choice(['05', '20', '35', '50'])}"


def _directives_at(day: date) -> tuple[list[Doc], str]:
    """What a session on `day` reviews: the cascade of its time, written as the lead cites it."""
    if day >= CITY_PLAN.day:
        return [CONCLUSION, CITY_PLAN], "kết quả thực hiện"
    if day >= CITY_GOV_PLAN.day:
        return [CITY_DIRECTIVE, CITY_GOV_PLAN], "kết quả thực hiện"
    return [], "kết quả công tác xây dựng Đảng"


def _ward_name(ward: Ward, day: date) -> tuple[str, str]:
    """The ward as an article of that day names it, and where it is: after July 2025 the merged ward, without a district."""
    if day >= REFORM:
        return ward.after, f"thành phố {ward.city}"
    return ward.name, f"quận {ward.district}"


def _session(rng: random.Random, ward: Ward, day: date, chair: Official, story: str, versions: int,
             misdate: bool = False, other_figure: bool = False) -> list[Piece]:
    """A working session told by one to three outlets: the portal's report, the paper's rewrite, the digest's copy."""
    name, where = _ward_name(ward, day)
    cited, about = _directives_at(day)
    position = chair.position(day)
    year = day.year - 1 if day.month < 4 else day.year
    numbers = {"cells": rng.randint(18, 46), "members": rng.randint(420, 1250), "admitted": rng.randint(8, 36),
               "pct": rng.choice([100, 105, 110, 112, 120, 125]), "rated": rng.choice([86, 88, 90, 91, 93, 95]),
               "hearings": rng.randint(3, 9), "solved": rng.randint(4, 15), "groups": rng.randint(12, 30),
               "year": year}
    petitions = rng.sample(_PETITIONS, rng.choice([1, 2]))
    recs = rng.sample(_RECOMMENDATIONS[1:], 2)
    member = person_name(rng)
    group = rng.randint(1, 14)
    part = rng.choice(_PART_OF_DAY)
    published = day + timedelta(days=rng.choice([0, 1]))
    counterpart = f"Đảng ủy phường {name}"
    ids = [d.ident for d in cited]
    plan_sentence = ""
    if ward.plan and CITY_PLAN.day <= day < REFORM:  # the ward's own plan, the third step of the cascade
        plan_sentence = (f" Ngay sau khi Thành ủy có {CITY_PLAN.cite(full=False)}, Đảng ủy phường đã ban hành Kế hoạch số "
                         f"{ward.plan} về thực hiện {CITY_PLAN.cite(full=False)} của Ban Thường vụ Thành ủy, phân công "
                         "cụ thể từng nội dung cho các chi bộ.")
        ids.append(ward.plan)
    lead_cite = " và ".join(d.cite() for d in cited)
    lead = (f"{part} {_day(day)}, đồng chí {chair.name}, {position}, chủ trì buổi làm việc với Ban Thường vụ "
            f"Đảng ủy phường {name} ({where}) về {about}"
            + (f" {lead_cite}." if lead_cite else f" năm {year}."))
    directive_short = cited[0].cite(full=False) if cited else "nghị quyết đại hội đảng bộ các cấp"
    paragraphs = [
        lead,
        rng.choice(_REPORTS).format(secretary=ward.secretary, ward=name, **numbers) + plan_sentence,
        rng.choice(_RESULTS).format(**numbers),
        rng.choice(_WEAKNESSES),
        rng.choice(_VOICES).format(member=member, group=group),
        "Tại buổi làm việc, Đảng ủy phường kiến nghị Thành ủy, UBND thành phố " + "; ".join(petitions) + ".",
        f"Kết luận buổi làm việc, đồng chí {chair.name} " + rng.choice(_PRAISE).format(ward=name) + ".",
        "Đồng chí đề nghị Đảng ủy phường " + _RECOMMENDATIONS[0].format(directive=directive_short) + "; "
        + "; ".join(recs) + ".",
        rng.choice(_CONTINUATIONS),
        rng.choice(_ANSWERS).format(given=chair.given),
    ]
    author = rng.choice(AUTHORS)
    truth = dict(kind="working_session", story=story, event_date=day, chair=chair.name, counterpart=counterpart, ward=ward,
                 directives=ids, petitions=len(petitions), admitted=numbers["admitted"],
                 people=[chair.name, ward.secretary, member])
    title = rng.choice([f"{_short(position)} làm việc với Ban Thường vụ Đảng ủy phường {name}",
                        f"Đảng bộ phường {name} cần nâng cao chất lượng sinh hoạt chi bộ",
                        f"Phường {name}: tập trung phát triển đảng viên ở khu dân cư"])
    out = [_piece("portal", story, 1, title, paragraphs + [author, *_WIDGETS], published, rng, truth, furniture=_WIDGETS)]
    if versions >= 2:
        shown_day = CONCLUSION_MISDATED if misdate else None
        told = [d.cite(day=shown_day if d is CONCLUSION else None) for d in cited]
        admitted = numbers["admitted"] + (9 if other_figure else 0)
        rewrite = [
            f"Ngày {_day(day)}, {_short(position)} {chair.name} có buổi làm việc với Đảng ủy phường {name}"
            + (f", quận {ward.district}" if day < REFORM else "")
            + (f" để nghe báo cáo tình hình triển khai {told[0]}." if told else " để nghe báo cáo tình hình công tác xây dựng Đảng."),
            f"Theo Đảng ủy phường {name}, từ đầu năm {year} đến nay, phường kết nạp được {admitted} đảng viên; toàn Đảng bộ có "
            f"{numbers['members']} đảng viên sinh hoạt tại {numbers['cells']} chi bộ.",
            "Phường cũng kiến nghị thành phố " + petitions[0] + ".",
            f"Phát biểu chỉ đạo, đồng chí {chair.name} yêu cầu phường {recs[0]}.",
            f"Theo đồng chí {chair.given}, mỗi chi bộ khu dân cư phải là hạt nhân đoàn kết, nơi người dân gửi gắm niềm tin.",
        ]
        printed = datetime(published.year, published.month, published.day, 9, 12)
        head = printed.strftime("%d/%m/%Y %H:%M")
        title_b = f"{_short(position)} {chair.name}: phường {name} phải làm tốt công tác phát triển đảng viên"
        variant = {**truth, "admitted": admitted, "directives": [d.ident for d in cited[:1]], "petitions": 1,
                   "people": [chair.name], "printed": printed}
        out.append(_piece("paper", story, 2, title_b, [head, *rewrite, author], published, rng, variant, furniture=[head]))
    if versions >= 3:
        after = [f"Theo {OUTLETS['portal'][0]}", "Bình luận", "Xem thêm"]
        out.append(_piece("digest", story, 3, title, [*paragraphs[:-1], *after], published + timedelta(days=1), rng, truth,
                          furniture=after))  # the copy leaves out the closing paragraph: a near-duplicate, not the same text
    return out


def _short(position: str) -> str:
    """How a headline names the position: 'Bí thư Thành ủy Hải Phòng' → 'Bí thư Thành ủy'."""
    title = position.split(", ")[-1]
    return title.removesuffix(f" {CITY}")


def _piece(outlet: str, story: str, n: int, title: str, lines: list[str], published: date, rng: random.Random,
           truth: dict[str, Any], furniture: list[str] = ()) -> Piece:
    """A record of `outlet`; its lines are body paragraphs, bylines (one of AUTHORS) and the `furniture` given."""
    name, host = OUTLETS[outlet]
    ident = f"genre-{story}-{n}"
    record = {"id": ident, "url": f"{host}/{story}-{n}.html", "date": _stamp(published, rng), "outlet": name,
              "title": title, "text": "\n".join(lines)}
    bylines = [line for line in lines if line in AUTHORS]
    return Piece(record, **truth, authors=[b.title() for b in bylines], furniture=[*bylines, *furniture])


# --- the fixed stories: cascade, contradictions, namesakes ---------------------------------------------

def _conference(rng: random.Random) -> list[Piece]:
    """The city's conference that passes the Politburo's conclusion on and issues its plan (two outlets)."""
    day = date(2022, 9, 27)
    lines = [
        f"Sáng {_day(day)}, Ban Thường vụ Thành ủy Hải Phòng tổ chức hội nghị quán triệt, triển khai {CONCLUSION.cite()} "
        f"{CONCLUSION.subject}.",
        f"Đồng chí {LEADER.name}, {LEADER.position(day)} chủ trì hội nghị.",
        f"Tại hội nghị, đồng chí {PROPAGANDIST.name}, {PROPAGANDIST.position(day)} trình bày những nội dung cơ bản của "
        f"{CONCLUSION.cite(full=False)}.",
        f"Ban Thường vụ Thành ủy đã ban hành {CITY_PLAN.cite()} về thực hiện {CONCLUSION.cite(full=False)}, giao các đảng ủy "
        "phường xây dựng kế hoạch của cấp mình trước ngày 15-10.",
        f"Đồng chí {LEADER.name} đề nghị các cấp ủy đưa việc thực hiện kết luận vào chương trình kiểm tra, giám sát hằng năm.",
        rng.choice(AUTHORS),
    ]
    truth = dict(kind="conference", story="hoi-nghi-63", event_date=day, chair=LEADER.name,
                 directives=[CONCLUSION.ident, CITY_PLAN.ident], people=[LEADER.name, PROPAGANDIST.name])
    second = [
        f"Ngày {_day(day)}, Thành ủy Hải Phòng quán triệt {CONCLUSION.cite(full=False)} của Bộ Chính trị tới cán bộ chủ chốt "
        "của thành phố.",
        f"Theo {CITY_PLAN.cite()}, các đảng ủy phường phải cụ thể hóa kết luận bằng kế hoạch của cấp mình trước ngày 15-10.",
        f"Chủ trì hội nghị, đồng chí {LEADER.name} yêu cầu các cấp ủy tránh làm hình thức, coi trọng kết quả ở từng chi bộ.",
    ]
    return [_piece("portal", "hoi-nghi-63", 1, "Quán triệt Kết luận số 63-KL/TW của Bộ Chính trị", lines, day, rng, truth),
            _piece("paper", "hoi-nghi-63", 2, "Hải Phòng triển khai Kết luận 63-KL/TW", second, day, rng,
                   {**truth, "people": [LEADER.name]})]


def _state_cascade(rng: random.Random) -> list[Piece]:
    """2016-2018: the government's resolution, the Prime Minister's directives, and a date two outlets disagree on."""
    out = []
    day = date(2016, 6, 2)
    out.append(_piece("paper", "chi-thi-17-2016", 1, "Hải Phòng triển khai Chỉ thị số 17/CT-TTg của Thủ tướng Chính phủ", [
        f"Chiều {_day(day)}, UBND thành phố Hải Phòng tổ chức hội nghị triển khai {PM_DIRECTIVE.cite()} "
        f"về triển khai thực hiện {GOV_RESOLUTION.cite()} {GOV_RESOLUTION.subject}.",
        f"Đồng chí {MAYOR.name}, {MAYOR.position(day)} chủ trì hội nghị.",
        "Theo báo cáo của Sở Kế hoạch và Đầu tư, năm 2015 thành phố có thêm 1.850 doanh nghiệp thành lập mới, tăng 12% so với năm trước.",
        f"Đồng chí {MAYOR.name} yêu cầu các sở, ngành rút ngắn ít nhất một phần ba thời gian giải quyết thủ tục cho doanh nghiệp.",
        rng.choice(AUTHORS)], day, rng,
        dict(kind="conference", story="chi-thi-17-2016", event_date=day, chair=MAYOR.name,
             directives=[PM_DIRECTIVE.ident, GOV_RESOLUTION.ident], people=[MAYOR.name])))
    for n, day in enumerate([date(2016, 8, 11), date(2016, 11, 17)], 2):
        out.append(_piece("portal", f"chi-thi-17-2016-{n}", 1, "Tháo gỡ khó khăn cho doanh nghiệp nhỏ và vừa", [
            f"Sáng {_day(day)}, Thường trực HĐND thành phố Hải Phòng giám sát việc thực hiện {PM_DIRECTIVE.cite(full=False)} "
            "của Thủ tướng Chính phủ tại các quận.",
            f"Quận ủy Lê Chân cho biết đã đối thoại với {20 + 7 * n} doanh nghiệp, tháo gỡ nhiều vướng mắc về đất đai và thuế.",
            rng.choice(AUTHORS)], day, rng,
            dict(kind="inspection", story=f"chi-thi-17-2016-{n}", event_date=day, directives=[PM_DIRECTIVE.ident])))
    day = date(2017, 7, 20)
    out.append(_piece("paper", "chi-thi-17-2017", 1, "Chủ động phòng, chống thiên tai mùa mưa bão", [
        f"Thực hiện {PM_DIRECTIVE_2017.cite()} {PM_DIRECTIVE_2017.subject}, UBND thành phố Hải Phòng đã rà soát các khu dân cư "
        "ven sông, ven biển có nguy cơ sạt lở.",
        "Thành phố chuẩn bị sẵn phương án sơ tán gần 3.200 hộ dân khi có bão mạnh đổ bộ.",
        rng.choice(AUTHORS)], day, rng,
        dict(kind="state", story="chi-thi-17-2017", directives=[PM_DIRECTIVE_2017.ident])))
    day = date(2018, 5, 8)  # one inspection, two outlets: the paper misprints the directive's date
    truth = dict(kind="inspection", story="chi-thi-08", event_date=day, directives=[DISPUTED.ident], people=[MAYOR.name])
    out.append(_piece("portal", "chi-thi-08", 1, "Cải cách thủ tục hành chính ở cấp xã", [
        f"Sáng {_day(day)}, đoàn công tác do đồng chí {MAYOR.name}, {MAYOR.position(day)} làm trưởng đoàn kiểm tra việc "
        f"thực hiện {DISPUTED.cite()} {DISPUTED.subject} tại quận Ngô Quyền.",
        "Đến nay, 92% hồ sơ của người dân được giải quyết đúng hẹn, bộ phận một cửa của các phường hoạt động nền nếp.",
        rng.choice(AUTHORS)], day, rng, truth))
    out.append(_piece("paper", "chi-thi-08", 2, "Ngô Quyền: hồ sơ một cửa được giải quyết đúng hẹn", [
        f"Ngày {_day(day)}, đoàn kiểm tra của UBND thành phố Hải Phòng do đồng chí {MAYOR.name} dẫn đầu đã làm việc tại quận "
        f"Ngô Quyền về {DISPUTED.cite(day=DISPUTED_MISDATED)} {DISPUTED.subject}.",
        "Theo báo cáo của quận, 92% hồ sơ được trả đúng hẹn, nhiều thủ tục đã giải quyết trực tuyến.",
        rng.choice(AUTHORS)], day + timedelta(days=1), rng, truth))
    day = date(2018, 9, 14)
    out.append(_piece("portal", "chi-thi-08-kiem-tra", 1, "Tiếp tục rà soát thủ tục hành chính", [
        f"Chiều {_day(day)}, UBND quận Hải An sơ kết việc thực hiện {DISPUTED.cite()} {DISPUTED.subject}.",
        "Quận đã cắt giảm 14 thủ tục, công khai toàn bộ quy trình giải quyết tại bộ phận một cửa của các phường.",
        rng.choice(AUTHORS)], day, rng,
        dict(kind="conference", story="chi-thi-08-kiem-tra", event_date=day, directives=[DISPUTED.ident])))
    return out


def _party_documents(rng: random.Random) -> list[Piece]:
    """Term XII's directive and the government plan carrying it out; one number in two terms; an issuer in dispute."""
    out = []
    day = date(2019, 6, 4)
    out.append(_piece("portal", "chi-thi-27", 1, "Tăng cường tiếp công dân, đối thoại với nhân dân ở cơ sở", [
        f"UBND thành phố Hải Phòng ban hành {CITY_GOV_PLAN.cite()} về thực hiện {CITY_DIRECTIVE.cite()} "
        f"{CITY_DIRECTIVE.subject}.",
        "Theo kế hoạch, chủ tịch UBND các phường phải trực tiếp tiếp công dân ít nhất hai ngày mỗi tháng.",
        rng.choice(AUTHORS)], day, rng,
        dict(kind="plan", story="chi-thi-27", directives=[CITY_GOV_PLAN.ident, CITY_DIRECTIVE.ident])))
    for n, (day, doc) in enumerate([(date(2017, 4, 25), SEA_RESOLUTION), (date(2021, 12, 2), DIGITAL_RESOLUTION)], 1):
        out.append(_piece("paper", f"nghi-quyet-09-{n}", 1, "Đưa nghị quyết của Thành ủy vào cuộc sống", [
            f"Ban Thường vụ Thành ủy Hải Phòng tổ chức hội nghị quán triệt {doc.cite()} {doc.subject}.",
            f"Đồng chí {PROPAGANDIST.name}, {PROPAGANDIST.position(day)} cho biết, nghị quyết đặt mục tiêu đến năm "
            f"{doc.day.year + 4} thành phố hoàn thành {60 + 10 * n}% chỉ tiêu đề ra.",
            rng.choice(AUTHORS)], day, rng,
            dict(kind="conference", story=f"nghi-quyet-09-{n}", directives=[doc.ident], people=[PROPAGANDIST.name])))
    for n, (day, issuer) in enumerate([(date(2024, 3, 12), SECRETARIAT.issuer), (date(2024, 3, 28), SECRETARIAT.issuer),
                                       (date(2024, 4, 9), SECRETARIAT_MISISSUED)], 1):
        out.append(_piece("portal" if n != 3 else "paper", f"chi-thi-39-{n}", 1, "Nâng cao chất lượng sinh hoạt chi bộ khu dân cư", [
            f"Quận ủy Hải An quán triệt {SECRETARIAT.cite(issuer=issuer)} {SECRETARIAT.subject} tới {30 + n} chi bộ trực thuộc.",
            "Mỗi chi bộ phải chọn ít nhất một chuyên đề sinh hoạt mỗi quý, gắn với việc của khu dân cư.",
            rng.choice(AUTHORS)], day, rng,
            dict(kind="conference", story=f"chi-thi-39-{n}", directives=[SECRETARIAT.ident])))
    return out


def _other_city(rng: random.Random) -> list[Piece]:
    """Cần Thơ: its own chair and wards, and the namesake of a Hải Phòng ward secretary."""
    out = []
    for n, ward in enumerate(w for w in WARDS if w.city == OTHER_CITY):
        day = date(2020 + n % 4, 3 + n, 10 + n)
        out.append(_piece("paper", f"can-tho-{n}", 1, f"Phường {ward.name} phát huy vai trò của chi bộ khu vực", [
            f"Sáng {_day(day)}, đồng chí {OTHER_CHAIR.name}, {OTHER_CHAIR.position(day)}, làm việc với Đảng ủy phường {ward.name} "
            f"(quận {ward.district}) về công tác xây dựng Đảng.",
            f"Đồng chí {ward.secretary}, Bí thư Đảng ủy phường báo cáo, năm qua phường kết nạp {10 + n} đảng viên mới.",
            f"Tham dự có đồng chí {NAMESAKE}, Phó Giám đốc Sở Nội vụ thành phố Cần Thơ." if n % 2 == 0 else
            "Đảng ủy phường kiến nghị thành phố sớm đầu tư nâng cấp tuyến kè ven sông.",
            f"Đồng chí {OTHER_CHAIR.name} đề nghị phường chăm lo đời sống người dân vùng ven, giữ vững an ninh trật tự.",
            rng.choice(AUTHORS)], day, rng,
            dict(kind="working_session", story=f"can-tho-{n}", event_date=day, chair=OTHER_CHAIR.name,
                 counterpart=f"Đảng ủy phường {ward.name}", ward=ward, people=[OTHER_CHAIR.name, ward.secretary])))
    return out


def hostile() -> dict[str, Any]:
    """An article whose title and body carry markup and scripts: they must stay text wherever they are shown."""
    return {
        "id": "hostile", "url": "https://example.vn/hostile", "date": "2023-11-02T08:00", "outlet": OUTLETS["digest"][0],
        "title": 'Hội nghị <script>window.__pwned = 1</script> tổng kết <img src=x onerror="window.__pwned = 2">',
        "text": "Sáng 1-11, Ban Thường vụ Thành ủy tổ chức hội nghị tổng kết công tác năm 2023 <img src=x "
                "onerror=\"window.__pwned = 3\"> tại hội trường thành phố.\n"
                f"Đồng chí {PROPAGANDIST.name} <svg onload=\"window.__pwned = 4\"></svg>, {PROPAGANDIST.position(date(2023, 11, 1))}"
                " chủ trì hội nghị. <a href=\"javascript:window.__pwned = 5\">Xem thêm</a>",
    }


# --- the whole world -------------------------------------------------------------------------------------

def _session_days(count: int, rng: random.Random) -> list[date]:
    """`count` days from 2016 to 2025, at least eight days apart: two different sessions are never one story."""
    start, end = date(2016, 3, 1), date(2025, 11, 28)
    span = (end - start).days
    step = span / count
    return [start + timedelta(days=int(i * step + rng.uniform(0, max(0.0, step - 8))))
            for i in range(count)]


def articles(sessions: int = 120, seed: int = 16) -> list[Piece]:
    """The world: `sessions` working sessions with the wards (a third of them told by two or three outlets),
    and the fixed stories (the cascades, the contradictions, the namesakes). Same arguments, same articles."""
    rng = random.Random(seed)
    out = _conference(rng) + _state_cascade(rng) + _party_documents(rng) + _other_city(rng)
    misdated = False
    for n, day in enumerate(_session_days(sessions, rng)):
        chair = LEADER if n % 3 else MOBILISER
        versions = 1 + (n % 3 == 1) + (n % 9 == 4)
        misdate = not misdated and versions >= 2 and CITY_PLAN.day <= day < REFORM  # one outlet, once
        misdated |= misdate
        out += _session(rng, CITY_WARDS[n % len(CITY_WARDS)], day, chair, f"lam-viec-{n:03d}", versions,
                        misdate=misdate, other_figure=n % 12 == 7)
    return sorted(out, key=lambda p: (p.record["date"], p.record["id"]))


def records(pieces: list[Piece]) -> list[dict[str, Any]]:
    """The pieces' records, as a JSON Lines file of them would hold them."""
    return [p.record for p in pieces]
