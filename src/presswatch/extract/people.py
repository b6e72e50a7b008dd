"""People: every named person with every position the article attaches to them.

Positions stand before the name ("Bí thư Quận uỷ Liên Chiểu Nguyễn Hà Bắc", comma lists such as
"Uỷ viên Bộ Chính trị, Bí thư Thành uỷ X") or after it ("đồng chí Phan Thanh Hải, Phó Bí thư Đảng
uỷ phường Phúc Thắng cho biết"). Later mentions ("Ông Thắng", "đồng chí Dung") are resolved to the
full name. Names inside fixed expressions ("tư tưởng Hồ Chí Minh") and places named after people
("huyện Trần Văn Thời", "đường Nguyễn Huệ") are not people.
"""

from __future__ import annotations

import bisect

import regex

from .. import gazetteer, lexicon
from ..model import Article, Person
from ..text import key
from .names import CONTEXT_BEFORE, RUN, SURNAMES, name_tail

_TITLES = lexicon.words("titles.txt")
TITLE = regex.compile(rf"(?:(?:[Nn]guyên|[Qq]uyền|[Cc]ựu|Phó|phó)\s+)?(?i:{lexicon.alternation(_TITLES)})(?![\p{{L}}])")
_HONORIFICS = lexicon.words("honorifics.txt")
HONORIFIC_BEFORE = regex.compile(rf"(?:^|[\s(\"“])(?:{lexicon.alternation(_HONORIFICS)})\s*$")
_TITLE_SYLLABLES = {w for t in _TITLES for w in t.split() if w.islower()}
_ORG_SYLLABLES = {w for row in lexicon.table("organizations.tsv") for w in row[0].split() if w.islower()}
_NAME_SYLLABLES = {w for n in lexicon.words("org_names.txt") for w in n.split() if w.islower() and w != "và"}  # "Sở Giao thông vận tải"
POSITION_WORDS = frozenset(lexicon.words("position_words.txt")) | _TITLE_SYLLABLES | _ORG_SYLLABLES | _NAME_SYLLABLES
_TOKEN = regex.compile(r"\(\p{Lu}[\p{Lu}\d&.-]*\)|[\p{L}\d.'’/&+]+|[–-]")  # "(MTTQ)" inside a body's name
ORG_INITIALS = frozenset(w.split()[0] for w in _TITLES) | frozenset(row[0].split()[0] for row in lexicon.table("organizations.tsv")) | {
    "Việt", "Đại", "Trung", "Nhà", "Tổng", "Quân", "Khu", "Học", "Trường"}
STOP = lexicon.phrases("position_stops.txt")
# The rest of a name listed with commas: capitals up to "và" and one more capital ("Thể thao và Du lịch").
_SERIES = regex.compile(r"\p{Lu}\p{Ll}*(?: \p{Ll}+)?(?:, \p{Lu}\p{Ll}*(?: \p{Ll}+)?)* và \p{Lu}")
# The terms a position is held in, run on after it: "khóa XII, XIII", "các khóa XIV, XV" (match form: "khoá").
TERMS_LISTED = regex.compile(r"\s+(?:các\s+)?khoá\s+(?:[IVX]+|\d{1,2})(?![\p{L}\d])")
BARE_TITLE_SPEAKS = regex.compile(r"\s+(?:cũng\s+|đã\s+|còn\s+)?(?:nhấn mạnh|cho biết|nói|khẳng định|yêu cầu|đề nghị|chỉ đạo|"
                               r"lưu ý|nêu rõ|cho rằng|phát biểu|chia sẻ|bày tỏ|cho hay)(?![\p{L}])")
TERM_END = regex.compile(r"khoá\s+[\dIVX]+(?:,\s*[\dIVX]+)*$")
MORE_TERMS = regex.compile(r",\s*(?:[IVX]+|\d{1,2})(?![\p{L}\d])")  # "..., XIII", "..., 12" after a term only
KIEM = regex.compile(rf"\s(?:[-–]|kiêm)\s(?={TITLE.pattern})")  # "A kiêm B", "A - B": two positions
# A verb that gives the name a position: "được Quốc hội phê chuẩn làm", "được điều về làm", "giữ chức", "đảm nhiệm chức vụ".
SERVES = regex.compile(r"\s+(?:(?:lại\s+|đã\s+)?được\s+(?:[^,.;]{0,30}?\s)?(?:bầu|bổ nhiệm|phê chuẩn|điều động|chỉ định|đưa|điều)"
                       r"(?:\s+về)?\s+(?:làm|giữ chức(?:\s+vụ)?)|(?:(?:đã|từng|cũng|đang|bắt đầu|nắm)\s+){0,3}(?:về\s+làm|làm|giữ chức(?:\s+vụ)?|"
                       r"đảm nhiệm(?:\s+chức(?:\s+vụ)?)?))\s+(?=\p{Lu}|[Pp]hó |[Nn]guyên )")
APPOSITION = regex.compile(r"\s*(?:,|-|–|\(|;)\s*|\s+(?:hiện\s+|đang\s+)?là\s+|\s+(?:rồi|kiêm)\s+")


def _position_token(token: str) -> bool:
    return token[:1].isupper() or token[:1].isdigit() or token[:1] == "(" or token in POSITION_WORDS or token in ("-", "–")


def _runs(tokens: list[regex.Match[str]], text: str) -> list[bool]:
    """Which tokens belong to a position: capitals, digits and position words, and the lower-case
    syllables of a compound that a capital opens and a position token or the end closes ("Liên minh Hợp
    tác xã", "Thông tấn xã Việt Nam", "Trung tâm"); "và" between two capitals when the second does
    not start another title ("Bộ Kế hoạch và Đầu tư")."""
    ok = [_position_token(t.group()) and not STOP.match(text, t.start()) for t in tokens]
    for i, t in enumerate(tokens):
        if ok[i] or i == 0:
            continue
        if t.group() == "và":
            ok[i] = ok[i - 1] and i + 1 < len(tokens) and tokens[i + 1].group()[:1].isupper() and not TITLE.match(text, tokens[i + 1].start())
            continue
        if not tokens[i - 1].group()[:1].isupper():
            continue
        j = i
        while j < len(tokens) and j - i < 2 and not ok[j] and not STOP.match(text, tokens[j].start()):
            j += 1
        if j > i and (j == len(tokens) or ok[j]):
            ok[i:j] = [True] * (j - i)
    return ok


def _tokens(text: str, start: int, end: int) -> list[regex.Match[str]]:
    """The tokens from `start` up to the first gap that is not a space."""
    out, pos = [], start
    for m in _TOKEN.finditer(text, start, end):
        if text[pos:m.start()].strip():
            break
        out.append(m)
        pos = m.end()
    return out


def _stretch_before(text: str, end: int, floor: int) -> int:
    """Start of the run of position tokens that ends at `end` (no punctuation crossed)."""
    tokens: list[regex.Match[str]] = []
    pos = end
    for m in reversed(list(_TOKEN.finditer(text, floor, end))):
        if text[m.end():pos].strip():
            break
        tokens.insert(0, m)
        pos = m.start()
    start = end
    for t, good in reversed(list(zip(tokens, _runs(tokens, text)))):
        if not good:
            break
        start = t.start()
    return start


def _stretch_after(text: str, start: int, limit: int) -> int:
    tokens = _tokens(text, start, limit)
    end = start
    for t, good in zip(tokens, _runs(tokens, text)):
        if not good:
            break
        end = t.end()
    return end


def _sentence(article: Article, pos: int) -> tuple[int, int]:
    """The sentence holding `pos`."""
    i = bisect.bisect_right(article.sentences, (pos, len(article.body) + 1)) - 1
    return article.sentences[i] if i >= 0 else (0, len(article.body))


def _clause_floor(article: Article, pos: int) -> int:
    return _sentence(article, pos)[0]


UNIT_OR_COMMITTEE_BEFORE = regex.compile(
    r"(?<![\p{L}])(?:phường|xã|quận|huyện|tỉnh|thành phố|thị xã|thị trấn|(?:quận|huyện|tỉnh|thành|thị|đảng) (?:ủy|uỷ)|UBND|HĐND)\s*$",
    regex.IGNORECASE)


def _names_a_person(text: str, start: int, end: int) -> bool:
    """A personal name between `start` and `end`, not a unit named like one ("Quận ủy Lê Chân", "quận Ninh Kiều")."""
    for r in RUN.finditer(text, start, end):
        tail = name_tail(r.group())
        if tail is None:
            continue
        at = r.start() + tail
        if gazetteer.is_place(text[at:r.end()]) and UNIT_OR_COMMITTEE_BEFORE.search(text, max(0, at - 20), at):
            continue
        return True
    return False


def _positions_before(article: Article, name_start: int) -> tuple[list[str], int]:
    """Positions written before a name; and where the first of them starts."""
    text, body = article.match, article.body
    floor = _clause_floor(article, name_start)
    positions: list[str] = []
    end, first = name_start, name_start
    while True:
        start = _stretch_before(text, end, floor)
        heads = list(TITLE.finditer(text, start, end))
        if not heads and _SERIES.match(text, start):
            # "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch X": the comma is inside the ministry's name
            sep = regex.search(r",\s*$", text[max(floor, start - 3):start])
            before = _stretch_before(text, start - len(sep.group()), floor) if sep else start
            heads = list(TITLE.finditer(text, before, start))
        if not heads:
            break
        head = heads[0]
        parts = KIEM.split(body[head.start():end])
        positions[0:0] = [p.strip(" ,-–") for p in parts if p.strip(" ,-–")]
        first = head.start()
        sep = regex.search(r",\s*$", text[max(floor, first - 3):first])
        if not sep:
            break
        previous = _stretch_before(text, first - len(sep.group()), floor)
        if _names_a_person(text, previous, first):
            break  # "Chủ tịch nước X, Thủ tướng Y": the comma closes another person's name
        end = first - len(sep.group())
    return positions, first


def _positions_after(article: Article, name_end: int) -> list[str]:
    text, body = article.match, article.body
    positions = []
    pos = name_end
    limit = min(_sentence(article, name_end)[1], name_end + 400)  # a position never runs into the next sentence
    while True:
        sep = APPOSITION.match(text, pos) or (None if positions else SERVES.match(text, pos))
        mark = sep.group().strip() if sep else ""
        if sep and not positions and sep.re is SERVES:
            mark = "là"  # "X được Quốc hội phê chuẩn làm Bộ trưởng …", "X giữ chức Giám đốc …": a copula's list
        if not sep or (mark in (";", "rồi", "kiêm") and not positions) or (mark.endswith("là") and positions):
            break  # "X là A; B; C": a copula opens the list, a semicolon goes on with it
        head = TITLE.match(text, sep.end())
        if not head and positions and sep.group().strip() == "," and _SERIES.match(text, sep.end()):
            end = _stretch_after(text, sep.end(), limit)  # "..., Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"
            positions[-1] += body[pos:end].rstrip(" ,-–")
            pos = end
            continue
        if not head:
            break
        end = _stretch_after(text, head.end(), limit)
        while more := TERMS_LISTED.match(text, end) or (TERM_END.search(text, head.start(), end) and MORE_TERMS.match(text, end)):
            end = more.end()  # "Ủy viên Bộ Chính trị khóa XII, XIII", never the age in "Thứ trưởng Bộ Xây dựng, 47 tuổi"
        if _names_a_person(text, head.start(), end):
            break  # "..., Thủ tướng Nguyễn Xuân Phúc": the next person's title, not this one's
        if end == head.end() and BARE_TITLE_SPEAKS.match(text, end):
            break  # "Đối với trường hợp của X, Tổng Bí thư nhấn mạnh": a title alone that speaks is the next subject
        positions.extend(p.strip(" ,-–").removesuffix(".") for p in KIEM.split(body[head.start():end]) if p.strip(" ,-–"))
        pos = end
    return positions


def _add(people: dict[str, Person], name: str, span: tuple[int, int], positions: list[str]) -> None:
    k = key(name)
    person = people.get(k)
    if person is None:
        person = people[k] = Person(name=name)
    for p in positions:
        if p and key(p) not in {key(x) for x in person.positions}:
            person.positions.append(p)
    if span not in person.spans:
        person.spans.append(span)


# A house number before a name makes it a street ("số 47 Phạm Văn Đồng", "tại 164/235 Trần Quốc Thảo"), not the
# number of a unit ("phường Mỹ Đình 2 Lưu Chí Dưỡng", "quận 2 Bùi Thanh Khiết").
GEOGRAPHIC = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(lexicon.words('geographic_names.txt'))})(?![\p{{L}}])")
ADDRESS_BEFORE = regex.compile(r"(?:(?<![\p{L}])số\s+\d+[A-Za-z]?|(?:^|[,(:]|(?<![\p{L}])(?:tại|ở|chỉ))\s*\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*"
                               r"|(?<![\p{L}\d/])\d+[A-Za-z]?(?:/\d+[A-Za-z]?)+)\s+$")
_SURNAME = rf"(?:{lexicon.alternation(sorted(SURNAMES))})"
STREET_PAIR = regex.compile(rf"\s*[-–]\s*{_SURNAME} \p{{Lu}}")  # "Nguyễn Kiệm - Hoàng Minh Giám": a crossing
STREET_PAIR_BEFORE = regex.compile(rf"{_SURNAME}(?: \p{{Lu}}\p{{Ll}}+)+\s*[-–]\s*$")
COUNTRY = regex.compile(rf"(?:{lexicon.alternation(lexicon.words('countries.txt'))})\s+")
UNIT_BEFORE = regex.compile(r"(?<![\p{L}])(?:phường|xã|quận|huyện|tỉnh|phố|thị trấn|thị xã|thôn|ấp|bản|khu)\s*$", regex.IGNORECASE)
COMPANY_BEFORE = regex.compile(r"(?:[Cc]ông ty|[Tt]ập đoàn|[Tt]ổng [Cc]ông ty|[Nn]gân hàng|[Hh]ợp tác xã)(?:\s+(?:[Cc]ổ phần|TNHH|CP|MTV|\p{Ll}+)){0,4}\s*$")
FOREIGN_HONORIFIC = regex.compile(r"(?:^|[\s(])(?:[Nn]gài|[Ôô]ng|[Bb]à)\s*$")


def _foreign_tail(article: Article, run: regex.Match[str]) -> int | None:
    """Where a foreign name starts in a run: after the country that follows a title, or right after a
    title or "Ngài"; the name is two to four capitalized words that are no place or body."""
    text = run.group()
    country = COUNTRY.match(text)
    offset = country.end() if country else 0
    words = text[offset:].split()
    if (not 2 <= len(words) <= 4 or words[0] in ORG_INITIALS or COUNTRY.fullmatch(text[offset:] + " ")
            or any(gazetteer.is_place(" ".join(words[:n])) for n in (2, 3)) or any(w.casefold() in POSITION_WORDS for w in words)):
        return None  # a country, a place ("Hà Nội I") or a body's name ("Văn phòng Trung ương"), not a person
    start = run.start() + offset
    before = article.match[max(0, run.start() - 40):run.start()]
    if not country and UNIT_BEFORE.search(before):
        return None  # "Phó Bí thư Đảng ủy phường Phúc Thắng": a unit's name after its level word
    if COMPANY_BEFORE.search(before):
        return None  # "Tổng giám đốc Công ty Cổ phần Nhựa Rạng Đông": the company's name, not a foreigner's
    titled = bool(_positions_before(article, start)[0]) or FOREIGN_HONORIFIC.search(before)
    return offset if titled and (country or FOREIGN_HONORIFIC.search(before) or TITLE.search(before)) else None


def extract_people(article: Article) -> list[Person]:
    text, body = article.match, article.body
    people: dict[str, Person] = {}
    pending: list[tuple[str, tuple[int, int]]] = []
    rejected_end = -1
    for run in RUN.finditer(text):
        words = run.group().split(" ")
        if len(words) < 2 or gazetteer.is_place(run.group()) or GEOGRAPHIC.search(run.group()):
            continue
        if ADDRESS_BEFORE.search(text, max(0, run.start() - 16), run.start()):
            continue  # "số 47 Phạm Văn Đồng", "164/235 Trần Quốc Thảo": a street of an address
        country = COUNTRY.match(run.group())
        if country and len(words) - len(country.group().split()) >= 2:  # "Thủ tướng Hà Lan Mark Rutte", "chống Mỹ Đoàn Thế Phiệt"
            rest = name_tail(run.group()[country.end():])
            tail = None if rest is None else country.end() + rest
        else:
            tail = name_tail(run.group())
        if tail is None:
            # A name with a family name not in the lexicon, right after an honorific ("đồng chí Trường Chinh"),
            # or a foreign one after a title and a country ("Thủ tướng Lào Thongloun Sisoulith").
            tail = _foreign_tail(article, run)
            if tail is None:
                if len(words) > 4 or words[0] in ORG_INITIALS or not HONORIFIC_BEFORE.search(text[max(0, run.start() - 30):run.start()]):
                    continue
                tail = 0
            known = False
        else:
            known = True
        start = run.start() + tail
        span = (start, run.end())
        name = body[start:run.end()]
        left = text[max(0, start - 40):start]
        before_positions, _ = _positions_before(article, start)
        after_positions = _positions_after(article, run.end())
        joined = rejected_end >= 0 and regex.fullmatch(r"\s*[-–,]\s*", text[rejected_end:run.start()])
        if (CONTEXT_BEFORE.search(left) or joined) and (not before_positions or gazetteer.is_place(name)):
            rejected_end = run.end()  # "nút giao Nguyễn Kiệm - Nguyễn Thái Sơn": the second name too
            continue
        introduced = bool(before_positions or after_positions or HONORIFIC_BEFORE.search(left))
        if introduced:
            _add(people, name, span, before_positions + after_positions)
        elif known:
            pending.append((name, span))
    for name, span in pending:
        if STREET_PAIR.match(text, span[1]) or STREET_PAIR_BEFORE.search(text, max(0, span[0] - 40), span[0]):
            continue  # "Nguyễn Kiệm - Hoàng Minh Giám": two streets of a crossing, no one introduced
        if key(name) in people or (len(name.split()) >= 3 and not gazetteer.is_place(name) and name.split()[0] in SURNAMES):
            _add(people, name, span, [])
    _resolve_short_mentions(article, people)
    _shared_titles(article, people)
    out = list(people.values())
    # titled people only, and no place ("Hồ Chí Minh" in "TP Hồ Chí Minh")
    others = [f" {k} " for k, p in people.items() if p.positions and not gazetteer.is_place(p.name)]
    for p in out:
        p.spans.sort()
        # "Thủ tướng" said again later adds nothing to "Thủ tướng Chính phủ"; a position that names
        # another person of the article is theirs ("Leni Robredo, Thủ tướng Nhật Bản Shinzo Abe").
        p.positions = [x for x in p.positions if not any(x != y and key(y).startswith(key(x)) for y in p.positions)
                       and not any(k != f" {key(p.name)} " and k in f" {key(x)} " for k in others)]
    return sorted(out, key=lambda p: p.spans[0])


SHARED = regex.compile(r"(?<![\p{L}])(?P<group>các|nhiều|những|một số|\d{1,2}|hai|ba|bốn)\s+(?:cán bộ\s+|đồng chí\s+)?(?=\p{Lu}|nguyên\s)")
LIST_OPENS = regex.compile(r"\s*:\s*|\s+(?:\p{Ll}+\s+){0,3}?như\s+(?:các\s+)?(?:ông|bà|đồng chí)?\s*")  # "… mấy khóa như ông A, B"
FORMER = regex.compile(r"nguyên\s+(?:là\s+)?")


def _shared_titles(article: Article, people: dict[str, Person]) -> None:
    """'Dự có các Ủy viên Trung ương Đảng: A, B, C', 'các đồng chí nguyên là Ủy viên Trung ương như A, B', '2 đại biểu
    Quốc hội A, B': the title before the list is each listed person's."""
    text, body = article.match, article.body
    for m in SHARED.finditer(text):
        former = FORMER.match(text, m.end())
        head = TITLE.match(text, former.end() if former else m.end())
        if not head:
            continue
        end = _stretch_after(text, head.end(), len(text))
        opens = LIST_OPENS.match(text, end)
        if not opens and not m.group("group")[:1].isdigit() and m.group("group") not in ("hai", "ba", "bốn"):
            continue  # "các, nhiều … Ủy viên" open a list with a colon or "như"; a count ("2 đại biểu Quốc hội A, B") without
        start = opens.end() if opens else end
        title, stop = body[m.end():end].strip(), min(_sentence(article, end)[1], start + 160)
        for person in people.values():
            if any(start <= a < stop for a, _ in person.spans) and key(title) not in {key(x) for x in person.positions}:
                person.positions.insert(0, title)


SHORT = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(_HONORIFICS)})\s+(?P<name>\p{{Lu}}\p{{Ll}}+(?: \p{{Lu}}\p{{Ll}}+)?)(?![\p{{L}}]| \p{{Lu}})")


def _resolve_short_mentions(article: Article, people: dict[str, Person]) -> None:
    """'Ông Thắng', 'đồng chí Kim Dung' → the one full name in the article that ends so, with the positions
    written after it ("bà Hải là Bí thư Đảng uỷ, Phó Giám đốc Học viện …": a career told with the short name)."""
    for m in SHORT.finditer(article.match):
        short = key(m.group("name"))
        matches = [p for k, p in people.items() if k.endswith(" " + short)]
        if len(matches) == 1:
            _add(people, matches[0].name, m.span("name"), _positions_after(article, m.end("name")))
