"""Dates and times as Vietnamese news writes them, for datelines and for event dates.

"24-11-2022", "08/06/2023", "8.6.2023", "ngày 25 tháng 10 năm 2021", "15:57", "8h30", "8 giờ 30".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
