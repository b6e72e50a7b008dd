"""Events: every session, conference, congress, meeting, visit, ceremony and inspection an article reports.

An event is a sentence with a phrase of lexicon/event_types.tsv that is reported as held (not
planned: lexicon/event_unreal.txt) and a day ("Sáng 24-11", "Chiều nay (8/2)", "ngày 12/10/2023",
"từ ngày 12 đến 14/6"); the article's lead may also report its event with no day. One record per
happening: a type and a day are one event, however many sentences speak of it, and a visit to
several units is one visit each. The year is the one the article fixes: the publication date, a
year written with the day, else the year the article speaks of as its present (dates.present_year),
never a target year or a term. The chair is who chairs or leads ("chủ trì", "dưới sự chủ trì của",
"làm trưởng đoàn", "dẫn đầu"), else the official who holds the session or visit; the counterpart
is the unit worked with, visited or inspected.
"""

from __future__ import annotations

import bisect

import regex

from .. import lexicon
from ..dates import FULL_DATE, DayMonth, present_year, resolve_year, valid
from ..model import Article, Event, Person
from ..text import match_form

_TYPES = {row[0].casefold(): row[1] for row in lexicon.table("event_types.tsv")}
TRIGGER = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(list(_TYPES))})(?![\p{{L}}])", regex.IGNORECASE)
BLOCKER = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(lexicon.words('event_blockers.txt'))})(?![\p{{L}}])", regex.IGNORECASE)
UNREAL = lexicon.phrases("event_unreal.txt")
_PART = r"(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Nn]gày|[Hh]ôm|[Mm]ùng|[Mm]ồng)"
WHEN = regex.compile(
    rf"(?<![\p{{L}}\d])(?:{_PART}(?:\s+(?:nay|qua|mai|cùng ngày))?\s*(?:ngày\s*)?\(?\s*|[Tt]ừ\s+(?:ngày\s+)?)"
    r"(?P<d>[0-3]?\d)(?P<range>\s*(?:[-–]|đến|tới)\s*(?:ngày\s*)?[0-3]?\d(?=\s*[-/.]\s*[01]?\d))?"
    r"\s*[-/.]\s*(?P<m>[01]?\d)(?:\s*[-/.]\s*(?P<y>(?:19|20)\d\d))?(?![\d])"
)
SAME_DAY = regex.compile(r"(?<![\p{L}])(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa)?\s*[Cc]ùng ngày(?![\p{L}])")
# A sentence that goes on with the day's programme: "Đoàn cũng đến thăm ...", "Sau đó, đoàn tới thăm ...".
GOES_ON = regex.compile(r"(?<![\p{L}])(?:cũng|tiếp tục|tiếp đó|sau đó|tiếp theo)[, ]+(?:\S+ ){0,4}?(?:đã )?(?:đến |tới |đi |về )?"
                        r"(?:thăm|làm việc|kiểm tra|dâng hương|dâng hoa)(?![\p{L}])", regex.IGNORECASE)
TODAY = regex.compile(r"(?<![\p{L}])(?:[Hh]ôm nay|(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa) nay)(?![\p{L}])(?!\s*\(?\s*\d)")
LEADS = regex.compile(r"(?<![\p{L}])(?:[Dd]ưới sự (?:chủ trì|chủ toạ|điều hành) của|[Cc]hủ toạ [^.;,]{0,40}? là|đồng chủ trì|chủ trì|"
                      r"chủ toạ|làm [Tt]rưởng [Đđ]oàn|là [Tt]rưởng [Đđ]oàn|dẫn đầu)(?![\p{L}])")
DELEGATION = regex.compile(r"(?<![\p{L}])[Đđ]oàn (?:kiểm tra|giám sát|công tác)")
SESSION = regex.compile(r"(?<![\p{L}])(?:làm việc với|làm việc tại|buổi làm việc)(?![\p{L}])")
TRIP = {"visit", "working_session", "inspection"}  # one trip: "X thăm và làm việc tại Y" leads its visits and sessions
OPENS_OR_CLOSES = regex.compile(r"(?<![\p{L}])(?:đã\s+|chính thức\s+|long trọng\s+)+(?:khai mạc|bế mạc)(?![\p{L}])")
HELD = regex.compile(r"(?<![\p{L}])(?:tổ chức|diễn ra|khai mạc|bế mạc|đã|vừa|chủ trì|long trọng)(?![\p{L}])")
# The verbs that take the counterpart, by the kind of event they make; the event's own kind is read
# first, so a reception's "tiếp ông X" wins over the guest's "đang ở thăm và làm việc tại Việt Nam".
_SESSION_VERBS = r"(?:[Ll]àm việc(?: (?:giữa|của) [^.;]{0,160}?)? (?:với|tại)|[Tt]hăm(?:,| và) làm việc (?:với|tại))"
_VISIT_VERBS = r"(?:[Tt]hăm(?:,| và)?(?: (?:và )?(?:chúc mừng năm mới|chúc mừng|chúc tết|chúc Tết|tặng quà|động viên|thưởng nóng|nói chuyện với))?)"
_MEETING_VERBS = (r"(?:tiếp xúc(?: với)?(?= cử tri)|hội kiến với|hội đàm với|(?:có )?cuộc gặp với|gặp mặt|gặp gỡ|"
                  r"(?:đã |thân mật )?tiếp(?: thân mật)?(?= \p{Lu}| ông | bà | [Nn]gài | đồng chí | [Đđ]oàn | các | đại diện ))")
_INSPECTION_VERBS = r"(?<![Đđ]oàn )(?:kiểm tra(?: thực tế| thực địa)?(?: tại)?|giám sát tại|khảo sát thực tế(?: [^.;,]{0,60}?)? tại)"
COUNTERPART_VERBS = {kind: regex.compile(rf"(?<![\p{{L}}])(?<!đang ở )(?<!đang )(?:{verbs})\s+") for kind, verbs in (
    ("working_session", _SESSION_VERBS), ("visit", _VISIT_VERBS), ("meeting", _MEETING_VERBS), ("inspection", _INSPECTION_VERBS))}
# Where the counterpart's name ends: the first word that opens another part of the clause.
COUNTERPART_END = regex.compile(
    r"\s+(?:về|nhằm|để|theo|trong|nhân dịp|nhân|sau|trước|cùng|với mục đích|và làm việc|và tặng|và trao|và chúc|"
    r"đã|đang|do|có|khi|từ|ngày|sáng|chiều|tối)(?![\p{L}])|\s*[,;:()“\"]|\.(?=\s|$)|$"
)
# The staff a visit greets before the unit they belong to: "cán bộ, giảng viên, học viên Trường Chính trị ...".
STAFF = regex.compile(r"(?:tập thể\s+)?(?:(?:cán bộ|chiến sĩ|giảng viên|giáo viên|học viên|sinh viên|nhân viên|phóng viên|"
                      r"biên tập viên|người lao động|công nhân|y bác sĩ|bác sĩ|đảng viên)(?:\s*,\s*|\s+và\s+|\s+))+(?=\p{Lu})")
EARLIEST = 1930
PLANNED = regex.compile(r"(?<![\p{L}])(?:sẽ|dự kiến)(?![\p{L}])", regex.IGNORECASE)
BOUND = regex.compile(r"(?<![\p{L}])(?:trước|sau|đến|tới|hết|kể từ|hiệu lực|áp dụng|dự kiến|dự kiến vào)\s*(?:từ\s*)?$")
HOST = regex.compile(r"\s(?:đã\s+|vừa\s+)?(?:tổ chức|có buổi làm việc|phối hợp tổ chức|long trọng tổ chức)(?![\p{L}])")
NOT_SUBJECT = regex.compile(r"(?:của|với|cho|tới|đến|thăm|tặng|trao|và)\s+(?:\S+\s+){0,5}$")


def _trigger(sentence: str) -> tuple[str, regex.Match[str]] | None:
    """The event word that decides the type: the first one not inside a blocker or a plan."""
    blocked = None
    for m in TRIGGER.finditer(sentence):
        if blocked is None:
            blocked = [b.span() for b in BLOCKER.finditer(sentence)]
        if any(a <= m.start() < b for a, b in blocked):
            continue
        clause_start = max(sentence.rfind(",", 0, m.start()), sentence.rfind(";", 0, m.start()), 0)
        clause_end = min(len(sentence), m.end() + 12) if DELEGATION.match(sentence, m.start()) else m.start()
        if UNREAL.search(sentence, clause_start, clause_end):
            continue  # "Đoàn kiểm tra sẽ làm việc ...": the delegation's verb comes after it
        kind = _TYPES[m.group().casefold()]
        if kind == "inspection" and DELEGATION.match(sentence, m.start()) and SESSION.search(sentence, m.end()):
            kind = "working_session"  # an inspection delegation that works with a unit holds a session
        elif kind == "meeting" and OPENS_OR_CLOSES.search(sentence, m.end()):
            kind = "ceremony"  # "kỳ họp thứ 3 … đã chính thức bế mạc": the opening or closing ceremony of a sitting
        return kind, m
    return None


def _same_round(last: Event, kind: str, people: list[Person], s: int, start: int) -> bool:
    """A visit or session with no day of its own, by who led the one before: the same round of visits
    ("Đồng chí X ... đã đến thăm gia đình các đồng chí: A; B; C" after "sáng 22/8, đồng chí X ... đã đến thăm")."""
    return kind == last.type and kind in ("visit", "working_session") and last.chair is not None and \
        any(name == last.chair for _, name in _people_between(people, s, start))


def _days(article: Article, s: int, e: int) -> list[DayMonth] | None:
    """The days the sentence holds an event on: the first named, and those listed after it
    ("tại các cuộc họp ngày 1/6, ngày 7/6"), never a directive's date or a deadline ("trước ngày 30/6");
    None when its only days are announced ones ("sẽ khai mạc vào ngày 20-5")."""
    text = article.match
    taken = [b for d in article.facts.get("directives", []) for _, b in d.spans]
    days: list[DayMonth] = []
    last_end, planned = -1, False  # planned: a day passed over as announced or recalled
    for m in WHEN.finditer(text, s, e):
        clause = max(s, text.rfind(",", s, m.start()) + 1, text.rfind(";", s, m.start()) + 1)
        if m.group()[:1].islower() and PLANNED.search(text, clause, m.start()):
            planned = True
            continue  # "kỳ họp sẽ khai mạc vào ngày 20-5 và dự kiến bế mạc ...": days announced, not held
        if any(0 <= m.start() - b <= 14 for b in taken) or BOUND.search(text, max(s, m.start() - 16), m.start()):
            continue  # a directive's date ("Quy định số 47-QĐ/TW ngày 1/11/2011"), a deadline ("trước ngày 30/6")
        if m.group().startswith(("từ", "Từ")) and not m.group("range"):
            continue  # "từ ngày 1/1/2018" without an end is when a rule applies from, not an event's day
        day, month = int(m.group("d")), int(m.group("m"))
        year = int(m.group("y")) if m.group("y") else None
        if not valid(day, month, year or 2000):
            continue
        if year is not None and year < _earliest(article):
            planned = True  # a day before the party's founding, or years before the article's present: history recalled
            continue
        if days and not (m.start() - last_end <= 40 and regex.search(r",|\bvà\b", text[last_end:m.start()])):
            break
        days.append(DayMonth(day, month, year))
        last_end = m.end()
    today = TODAY.search(text, s, e)
    if not days and today and article.published:
        pub = article.published[:10]
        days.append(DayMonth(int(pub[8:10]), int(pub[5:7]), int(pub[:4])))
    return None if planned and not days else days


HISTORY = 5  # years before the article's present: a day that old is recalled, not reported


def _earliest(article: Article) -> int:
    """The first year an event of this article can be in: 1930, or five years before the year the
    article is published in or speaks of as its present ("Ngày 15/6/1957, Người đã về thăm ..." is history)."""
    now = int(article.published[:4]) if article.published and article.published[:4].isdigit() else present_year(article)
    return max(EARLIEST, now - HISTORY) if now else EARLIEST


def _resolved(article: Article, day: DayMonth, s: int, e: int) -> str:
    """The ISO date of a day: its year as written, else as the publication date, a full date of the
    sentence or the present the sentence or the article speaks of fix it, else --MM-DD."""
    if day.year is None:
        day = DayMonth(day.day, day.month, _year_nearby(article, s, e))
    day = resolve_year(day, article.published)
    if day.year is None:
        # "tổng kết năm 2022 và triển khai ... năm 2023": the sentence's own present first, then the article's
        here = present_year(article, s, e, day.month) or present_year(article, month=day.month) or _recent_year(article, day)
        if here and valid(day.day, day.month, here):
            day = DayMonth(day.day, day.month, here)
    return day.iso()


RECENT = 120  # days: a full date of the article this shortly before an event's day places it in that date's year


# A full date that starts, ends or is the deadline of something: "thi hành từ 1/7/2018", "có hạn đến hết ngày 21.4.2019",
# "hoàn thành vào ngày 30/4/2018".
STARTS = regex.compile(r"(?<![\p{L}])(?:từ|đến|tới|hết|hoàn thành|xong|thời hạn|hạn)\s+(?:hết\s+)?(?:vào\s+)?(?:ngày\s+)?$")


def _sentence_start(article: Article, pos: int) -> int:
    return next((a for a, b in article.sentences if a <= pos < b), 0)


def _recent_year(article: Article, day: DayMonth) -> int | None:
    """The year of a full date the article gives a few months before the event's day and month, not a
    directive's ("Trước đó, ngày 15/02/2017, Chính phủ có tờ trình …" then "Chiều 15/5, …" is 2017): the
    article speaks of that year. None when there is no such date, or two such dates disagree on the year."""
    taken = [(a, b) for d in article.facts.get("directives", []) for a, b in d.spans]
    event = day.month * 31 + day.day
    years = set()
    text = article.match
    for m in FULL_DATE.finditer(text):
        if any(a <= m.start() <= b + 14 for a, b in taken) or BOUND.search(text, max(0, m.start() - 16), m.start()) \
                or STARTS.search(text, max(0, m.start() - 24), m.start()) \
                or text[max(0, m.start() - 1):m.start()] == "(" or PLANNED.search(text, _sentence_start(article, m.start()), m.start()):
            continue  # a rule's start ("có hiệu lực từ ngày 1/1/2018"), an anniversary's day "(3/2/2018)", a plan's day
        d, mo = int(m.group("d") or m.group("d2")), int(m.group("m") or m.group("m2"))
        if valid(d, mo) and 0 <= event - (mo * 31 + d) <= RECENT:
            years.add(int(m.group("y") or m.group("y2")))
    return years.pop() if len(years) == 1 else None


def _parse_iso(date: str) -> DayMonth:
    year, month, day = date.rsplit("-", 2) if not date.startswith("--") else (None, *date[2:].split("-"))
    return DayMonth(int(day), int(month), int(year) if year else None)


def _year_nearby(article: Article, s: int, e: int) -> int | None:
    """A year written in a full date of the event's own sentence, not a directive's: "Trước đó,
    ngày 15 - 18/4/2017" dates its session, "(19/8/1945 - 19/8/2024)" its anniversary."""
    taken = [(a, b) for d in article.facts.get("directives", []) for a, b in d.spans]
    years = [int(m.group("y") or m.group("y2")) for m in FULL_DATE.finditer(article.match, s, e)
             if not any(a <= m.start() <= b + 14 for a, b in taken)]
    return max(years) if years else None


def _people_between(people: list[Person], a: int, b: int) -> list[tuple[int, str]]:
    return sorted((pa, p.name) for p in people for pa, pb in p.spans if a <= pa and pb <= b)


def _chair(article: Article, people: list[Person], s: int, e: int, start: int, kind: str) -> str | None:
    """Who chairs: stated with "chủ trì" or as the delegation's head in this sentence or the next
    three of its paragraph; else, for a session, visit, ceremony or inspection, the official who
    is the subject of the event word."""
    text = article.match
    following = [(a, b) for a, b in article.sentences if a >= s and article.paragraph_of(a) == article.paragraph_of(s)][:4]
    for a, b in following:
        for m in LEADS.finditer(text, a, b):
            if m.group()[:4].casefold() == "dưới" or m.group().endswith("là"):  # the chair is named after
                after = _people_between(people, m.end(), b)
                if after:
                    return after[0][1]
                continue
            do = text.rfind(" do ", a, m.start())
            before = _people_between(people, do if do >= 0 else a, m.start())
            if before:
                return before[0][1]
    if kind in ("working_session", "visit", "ceremony", "inspection", "meeting"):
        for pa, name in _people_between(people, s, start):
            if not NOT_SUBJECT.search(text, s, pa):
                return name
        # "Làm việc với Quận ủy quận 2 sáng 7/2, Bí thư Thành ủy Đinh La Thăng yêu cầu ...": the subject after the clause
        comma = text.find(", ", start, e)
        for pa, name in _people_between(people, comma, e) if comma >= 0 else []:
            if not NOT_SUBJECT.search(text, comma, pa):
                return name
    return None


def _stated_chair(article: Article, people: list[Person], kind: str) -> str | None:
    """Who the article says chairs an event of this kind, anywhere: "X chủ trì Hội nghị."."""
    text = article.match
    for a, b in article.sentences:
        for m in LEADS.finditer(text, a, b):
            if m.group().startswith("chủ trì") and _trigger(text[m.end():b]) and _trigger(text[m.end():b])[0] == kind:
                before = _people_between(people, a, m.start())
                if before:
                    return before[0][1]
    return None


def _title_chair(article: Article, people: list[Person], kind: str) -> str | None:
    """The official the title names as doing an event of this kind ("Tổng Bí thư X thăm và làm việc tại Bắc Kạn"):
    the chair of the article's events of that kind that name none of their own."""
    title = match_form(article.title or "")
    found = _trigger(title)
    if not found or (found[0] != kind and not {found[0], kind} <= TRIP):
        return None
    named = [(title.find(match_form(p.name)), p.name) for p in people if 0 <= title.find(match_form(p.name)) < found[1].start()]
    return min(named)[1] if named else None


def _counterparts(article: Article, s: int, e: int, start: int, kind: str) -> list[str | None]:
    """The units worked with, visited or inspected, as written; a visit to "A và B" is two."""
    if kind not in COUNTERPART_VERBS:
        return [None]
    text, body = article.match, article.body
    order = [kind] + [k for k in COUNTERPART_VERBS if k not in (kind, "meeting")]
    for m in (m for k in order for m in COUNTERPART_VERBS[k].finditer(text, max(s, start - 12), e)):
        begin = m.end() + (staff.end() - staff.start() if (staff := STAFF.match(text, m.end())) else 0)
        end = COUNTERPART_END.search(text, begin, e)
        who = regex.sub(r"^(?:tại|ở|với)\s+", "", body[begin:end.start() if end else e].strip())
        who = regex.sub(r"^(cử tri)\s+(?:tại|ở)\s+", r"\1 ", who)  # "cử tri tại quận Đồ Sơn" is "cử tri quận Đồ Sơn"
        if who and who not in VENUES and len(who.split()) <= 14 and (regex.search(r"\p{Lu}|\d", who) or len(who.split()) >= 2):
            # a unit has a name ("Công an tỉnh Sóc Trăng") or is a noun phrase ("ban chuyên án")
            return (_visited(body, begin, e) if kind == "visit" else None) or [who]
    return [None]


VENUES = frozenset(lexicon.words("venues.txt"))
LIST_END = regex.compile(r"\s+(?:về|nhằm|để|nhân dịp|nhân|với mục đích|đang|trong)(?![\p{L}])|\s*[;“\"]|\.(?=\s|$)|$")
FULL_STOP = regex.compile(r"\.(?=\s|$)")
NAMED_LIST = regex.compile(r"(?:gia đình\s+)?(?:các|những)\s+(?:đồng chí|ông|bà|cán bộ|gia đình)[^:;.]{0,40}:\s*")


def _visited(body: str, begin: int, e: int) -> list[str] | None:
    """The several places or people one sentence visits, one visit each: "thăm và chúc mừng báo A, Đài B
    và Trung tâm C", "thăm gia đình các đồng chí: A, nguyên ...; B, nguyên ..."; None for one."""
    named = NAMED_LIST.match(body, begin)
    if named:  # a list of people, each with the positions that follow the comma
        stop = next((m.start() for m in FULL_STOP.finditer(body, named.end(), e)), e)
        items = [x.split(",")[0].strip() for x in body[named.end():stop].split(";")]
    else:
        end = LIST_END.search(body, begin, e)
        span = regex.sub(r"\s*\([^()]{0,60}\)", "", body[begin:end.start() if end else e])
        items = [x.strip() for x in regex.split(r",\s+|\s+và\s+", span)]
    items = [x for x in items if x]
    if len(items) > 1 and all(x[:1].isupper() or x.startswith(("gia đình", "báo ", "bệnh viện")) for x in items) \
            and all(len(x.split()) <= 12 for x in items):
        return items
    return None


def extract_events(article: Article) -> list[Event]:
    text = article.match
    people = article.facts.get("people", [])
    organizations = article.facts.get("organizations", [])
    directives = article.facts.get("directives", [])
    starts = [a for a, _ in article.sentences]
    events: list[Event] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    with_trigger = {bisect.bisect_right(starts, m.start()) - 1 for m in TRIGGER.finditer(text)} if starts else set()
    for n, (s, e) in enumerate(article.sentences):
        found = _trigger(text[s:e]) if n in with_trigger else None  # one pass of the event words over the article
        if not found:
            continue
        kind, trigger = found
        days = _days(article, s, e)
        if days is None:
            continue
        if not days and events and events[-1].date and (SAME_DAY.search(text, s, e) or GOES_ON.search(text, s, e)
                                                          or _same_round(events[-1], kind, people, s, s + trigger.start())):
            days = [_parse_iso(events[-1].date)]  # "Cùng ngày, ... đến thăm", "Đoàn cũng đến thăm": the day before's
        if not days and (n > 3 or events or not HELD.search(text, s, e)):
            continue  # an undated event only as the news of the lead (its first four sentences)
        dates = [_resolved(article, day, s, e) for day in days] or [None]
        start = s + trigger.start()
        chair = (_chair(article, people, s, e, start, kind) or (None if events else _stated_chair(article, people, kind))
                 or _title_chair(article, people, kind))
        for date, counterpart in ((d, c) for d in dates for c in _counterparts(article, s, e, start, kind)):
            if (kind, date, counterpart) in seen or (counterpart is None and any(k == kind and d == date for k, d, _ in seen)):
                continue
            unnamed = next((x for x in events if (x.type, x.date, x.counterpart) == (kind, date, None)), None)
            if unnamed is not None:  # another sentence of the same happening names whom it was with
                unnamed.counterpart = counterpart
                seen.add((kind, date, counterpart))
                continue
            seen.add((kind, date, counterpart))
            event = Event(type=kind, date=date, chair=chair, counterpart=counterpart, spans=[(s, e)])
            host = HOST.search(text, s, e)
            if host:
                before = [o for o in organizations if any(s <= a and b <= host.start() + 1 for a, b in o.spans)]
                event.host = before[-1].name if before else None
            event.directives = [d.id for d in directives if any(start <= a < e for a, _ in d.spans)]
            event.attendees = _attendees(article, people, chair, s)
            events.append(event)
    return events


def _attendees(article: Article, people: list[Person], chair: str | None, s: int) -> list[str]:
    """Who attended: the people named in the sentences of "dự" or "tham dự" from the event's sentence on."""
    text = article.match
    out: list[str] = []
    for a, b in article.sentences:
        if a < s or article.paragraph_of(a) > article.paragraph_of(s) + 1:
            continue
        if regex.search(r"(?:tham dự|cùng dự|dự buổi|dự hội nghị|tới dự|đến dự|có sự tham gia)", text[a:b]):
            out.extend(name for _, name in _people_between(people, a, b) if name != chair and name not in out)
    return out
