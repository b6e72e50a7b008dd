"""The dashboard's words in Vietnamese (the default) and English, read from ui.tsv beside this module.

Templates call `t("key", name=value)`; a key missing from the file is a bug that a test catches
(tests/test_serve.py checks every key the templates use), and shows as the key itself. Dates are
written the Vietnamese way in both languages (05/02/2013), and a date whose year the source does not
give says so rather than showing the ISO form ("--02-05"). Errors raised for the reader (`Problem`)
carry a key and its fields, so a page tells them in the reader's language and the API in English.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Callable

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
# 2013-11-02, 2013-11-02T08:15:00+07:00, 2013-11, 2013; --11-02 and --11 when the year is unknown (DESIGN.md)
_DATE = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d\d)(?:-(?P<d>\d\d)(?:[T ](?P<time>\d\d:\d\d))?)?)?|--(?P<m2>\d\d)(?:-(?P<d2>\d\d))?")


@cache
def strings() -> dict[str, dict[str, str]]:
    """{key: {"vi": ..., "en": ...}} from ui.tsv."""
    out: dict[str, dict[str, str]] = {}
    for line in resources.files(__package__).joinpath("ui.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, *values = line.split("\t")
        if len(values) != len(LANGUAGES):
            raise ValueError(f"ui.tsv: {key!r} needs one column per language ({', '.join(LANGUAGES)})")
        out[key] = dict(zip(LANGUAGES, values))
    return out


def translator(lang: str) -> Callable[..., str]:
    """t(key, **fields) in `lang`."""
    table = strings()

    def t(key: str, **fields: object) -> str:
        text = table.get(key, {}).get(lang, key)
        return text.format(**fields) if fields else text
    return t


def choose(query: str | None, cookie: str | None) -> str:
    """The language asked for in the URL (?lang=en), else the one remembered in the cookie, else Vietnamese."""
    for value in (query, cookie):
        if value in LANGUAGES:
            return value
    return DEFAULT


class Problem(Exception):
    """What went wrong, as a ui.tsv key and its fields: str() is the English (logs, API, CLI), `told` any language."""

    def __init__(self, key: str, **fields: Any) -> None:
        self.key, self.fields = key, fields
        super().__init__(translator("en")(key, **fields))

    def told(self, lang: str) -> str:
        return translator(lang)(self.key, **self.fields)


def number(value: int | float, lang: str) -> str:
    """A count or a figure as the reader writes it: 1.234,5 in Vietnamese, 1,234.5 in English; 15.0 is 15."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.translate(str.maketrans(",.", ".,")) if lang == "vi" else text


def _parts(value: str | None) -> dict[str, Any] | None:
    """The pieces of an ISO date as stored (year, month, day, time; any may be missing), or None if it is none."""
    found = _DATE.match(value or "")
    if not found or (found.end() < len(value or "") and not found["time"]):  # only seconds and a zone may follow
        return None
    month, day = found["m"] or found["m2"], found["d"] or found["d2"]
    if (month and not 1 <= int(month) <= 12) or (day and not 1 <= int(day) <= 31):
        return None
    return {"yyyy": found["y"], "mm": month, "dd": day, "time": found["time"]}


def when(value: str | None, lang: str, short: bool = False, time: bool = False) -> str:
    """A stored date as the reader reads it: 05/02/2013, tháng 02/2013 (Feb 2013), ngày 05/02, năm không rõ
    (5 Feb, year unknown). `short` drops the words (chart axes: 02/2013, 2013); `time` keeps the hour of a
    publication time. Anything that is not an ISO date is shown as it is."""
    parts = _parts(value)
    if parts is None:
        return value or ""
    t = translator(lang)
    year, month, day = parts["yyyy"], parts["mm"], parts["dd"]
    fields = {"yyyy": year, "mm": month, "dd": day, "d": int(day) if day else None,
              "mon": t("months").split(",")[int(month) - 1] if month else None}
    if year and month and day:
        text = t("date_full", **fields)
        return f"{text} {parts['time']}" if time and parts["time"] else text
    if year and month:
        return t("date_month_short" if short else "date_month", **fields)
    if year:
        return year if short else t("date_year", **fields)
    return t("date_yearless" if day else "date_month_yearless", **fields)


def machine(value: str | None) -> str | None:
    """The value of <time datetime="…">: an HTML date (2013-11-02), month (2013-11), year or yearless date (11-02)."""
    parts = _parts(value)
    if parts is None:
        return None
    if parts["yyyy"]:
        return "-".join(p for p in (parts["yyyy"], parts["mm"], parts["dd"]) if p)
    return f"{parts['mm']}-{parts['dd']}" if parts["dd"] else None
