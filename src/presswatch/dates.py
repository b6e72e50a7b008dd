"""Dates and times as Vietnamese news writes them, for datelines and for event dates.

"24-11-2022", "08/06/2023", "8.6.2023", "ngày 25 tháng 10 năm 2021", "15:57", "8h30", "8 giờ 30".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Article

_SEP = r"\s*[/\-.]\s*"
FULL_DATE = re.compile(
    r"(?<!\d)(?P<d>[0-3]?\d)" + _SEP + r"(?P<m>[01]?\d)" + _SEP + r"(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|ngày\s+(?P<d2>[0-3]?\d)\s+tháng\s+(?P<m2>[01]?\d)\s+năm\s+(?P<y2>(?:19|20)\d\d)",
    re.IGNORECASE,
)
DAY_MONTH = re.compile(r"(?<![\d/\-.])(?P<d>[0-3]?\d)\s*[/\-.]\s*(?P<m>[01]?\d)(?![\d]|\s*[/\-.]\s*\d)"
                       r"|ngày\s+(?P<d2>[0-3]?\d)\s+tháng\s+(?P<m2>[01]?\d)(?!\s+năm)", re.IGNORECASE)
TIME = re.compile(r"(?<!\d)(?P<h>[0-2]?\d)\s*(?::|h|giờ)\s*(?P<min>[0-5]\d)?(?:\s*phút)?(?!\d)", re.IGNORECASE)
TIME_COLON = re.compile(r"(?<![\d/])(?P<h>[0-2]?\d):(?P<min>[0-5]\d)(?::\d\d)?(?![\d/])")


@dataclass(frozen=True)
class DayMonth:
    day: int
    month: int
    year: int | None = None

    def iso(self) -> str:
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def valid(day: int, month: int, year: int = 2000) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def full_date(match: re.Match[str]) -> DayMonth | None:
    d, m, y = (match.group("d") or match.group("d2"), match.group("m") or match.group("m2"), match.group("y") or match.group("y2"))
    day, month, year = int(d), int(m), int(y)
    return DayMonth(day, month, year) if valid(day, month, year) else None


def day_month(match: re.Match[str]) -> DayMonth | None:
    d, m = match.group("d") or match.group("d2"), match.group("m") or match.group("m2")
    day, month = int(d), int(m)
    return DayMonth(day, month) if valid(day, month) else None


def resolve_year(dm: DayMonth, published: str | None) -> DayMonth:
    """Give a day-month the year that puts it nearest before (or just after) the publication date.

    "Sáng 24-11" in an article of 2022-11-25 is 2022-11-24; "Chiều 30/12" in one of 2023-01-02
    is 2022-12-30.
    """
    if dm.year is not None or not published or not re.match(r"\d{4}-\d\d-\d\d", published):
        return dm
    pub = date.fromisoformat(published[:10])
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        if not valid(dm.day, dm.month, year):
            continue
        delta = (date(year, dm.month, dm.day) - pub).days
        if delta > 7:  # an article rarely announces an event more than a week ahead
            continue
        if best is None or abs(delta) < abs(best[0]):
            best = (delta, year)
    return DayMonth(dm.day, dm.month, best[1]) if best else dm


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# Where a year is the article's present: at the end of an anniversary span ("(19/8/1945 -
# 19/8/2024)", "(1925 - 2017)"), or after words of the current period ("6 tháng đầu năm 2024").
_PRESENT = re.compile(
    r"\((?:[0-3]?\d\s*[/.-]\s*[01]?\d\s*[/.-]\s*)?(?P<begin>(?:19|20)\d\d)\s*[-–]\s*(?:[0-3]?\d\s*[/.-]\s*[01]?\d\s*[/.-]\s*)?(?P<end>(?:19|20)\d\d)\)"
    r"|(?<!đến )(?<!tới )(?<!sẽ )(?<!trước )(?:đầu năm|tháng đầu năm|tháng cuối năm|(?-i:Trong năm)|năm nay|nhiệm vụ(?: trọng tâm| chủ yếu| trọng điểm)? năm|công tác năm|kết quả năm|từ đầu năm|"
    r"(?:[Tt]ết|[Xx]uân)(?:\s+[^\W\d_]+){2,4}(?:\s*[-–])?)\s*(?P<cue>(?:19|20)\d\d)(?!\d)(?!\s*[-–]\s*(?:19|20)\d\d)"
    r"|(?<![^\W\d_])[Nn]ăm (?P<now>(?:19|20)\d\d) là năm",
    re.IGNORECASE,
)


def present_year(article: Article, start: int = 0, end: int | None = None, month: int | None = None) -> int | None:
    """The year an undated article speaks of as its present, from its own words: the latest year
    at the end of an anniversary span or after words of the current period ("6 tháng đầu năm
    2024", "nhiệm vụ năm 2017", "Tết Ất Tỵ 2025", "năm 2024 là năm thứ tư"); never a target ("đến
    năm 2030"), a term ("nhiệm kỳ 2020-2025"), a birth date or a directive's date. None when the
    article is dated (its publication date fixes years) or gives no such year. Between `start` and
    `end` only (an event's own sentence), when given; the latest year wins. An event's `month` from October
    on makes "nhiệm vụ năm 2025" the year before's: a year-end review sets the next year's tasks
    ("Ngày 29/11, ... tổng kết công tác năm 2024 và triển khai nhiệm vụ năm 2025" is in 2024)."""
    if article.published:
        return None
    text = article.match
    end = len(text) if end is None else end
    cited = [(a, b) for d in article.facts.get("directives", []) for a, b in d.spans]
    years = []
    for y in YEAR.finditer(text, start, end):  # only the few places where a year is written are read closely
        window = max(start, y.start() - 40)
        for m in _PRESENT.finditer(text, window, min(end, y.end() + 1)):
            year = m.group("end") or m.group("cue") or m.group("now")
            if m.end() < y.end() or year != y.group() or any(a - 2 <= m.start() <= b + 16 for a, b in cited):
                continue
            if m.group("cue") and _PLANNED.search(_clause(text, m.start(), m.end())):
                break  # "Theo lộ trình, đầu năm 2018 ... sẽ vận hành": a plan's year, not the present
            if not (m.group("end") and int(m.group("end")) - int(m.group("begin")) < 10):  # "(2020-2025)" is a term
                ahead = m.group("cue") and month is not None and month >= 10 and m.group().casefold().startswith("nhiệm vụ")
                years.append(int(year) - 1 if ahead else int(year))
            break
    years.extend(_anniversary_years(text, start, end))
    return max(years) if years else None


@cache
def _anniversary() -> tuple[re.Pattern[str], dict[str, int]]:
    from . import lexicon  # the lexicons need text, which needs nothing of dates: imported when first asked

    bases = {row[0].casefold(): int(row[1]) for row in lexicon.table("anniversaries.tsv")}
    days = lexicon.alternation(list(bases))
    return re.compile(rf"(?<!\d)(?P<n>\d{{1,3}}) năm (?:kỷ niệm )?(?P<day>{days})", re.IGNORECASE), bases


def _anniversary_years(text: str, start: int, end: int) -> list[int]:
    """"kỷ niệm 134 năm Ngày sinh Chủ tịch Hồ Chí Minh" speaks of 2024 (lexicon/anniversaries.tsv)."""
    if "năm" not in text[start:end]:
        return []
    pattern, bases = _anniversary()
    return [bases[m.group("day").casefold()] + int(m.group("n")) for m in pattern.finditer(text, start, end)
            if not _AHEAD.search(text, max(0, m.start() - 30), m.start()) and not _PLANNED.search(_clause(text, m.start(), m.end()))]


_PLANNED = re.compile(r"(?<!\w)(?:sẽ|lộ trình|dự kiến|dự định|phấn đấu|mục tiêu|dự toán|phải|sớm nhất|chậm nhất|muộn nhất)(?!\w)", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> str:
    """The clause around a span: from the last stop, semicolon or comma before it to the next after it."""
    left = max(max(0, start - 80) - 1, *(text.rfind(c, max(0, start - 80), start) for c in ".;,\n"))
    right = min((i for i in (text.find(c, end, end + 80) for c in ".;,\n") if i >= 0), default=min(len(text), end + 80))
    return text[left + 1:right]


_AHEAD = re.compile(r"(?:hướng tới|tiến tới|chuẩn bị|sắp tới|sẽ)\s+(?:\S+\s+){0,2}$", re.IGNORECASE)  # "hướng tới kỷ niệm 100 năm": a target
