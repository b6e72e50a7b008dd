"""Shapes of page furniture: datelines, bylines, photo credits, outlet tags, captions."""

from __future__ import annotations

import regex

from .. import lexicon
from ..dates import FULL_DATE, TIME_COLON

UP = r"\p{Lu}"
LOW = r"\p{Ll}"
SYL = rf"{UP}{LOW}*"  # one capitalized syllable
CAPS = rf"{UP}{{2,}}|{UP}"  # an all-caps syllable (NGỌC) or a lone capital

# A name in a byline: "Lê Thảo", "HỒNG QUÂN", "S. Hải", "N.Hải", "Thu Hà".
_NAME_WORD = rf"(?:{UP}\.\s?|{UP}(?:{LOW}+|{UP}+)?(?=[\s,\-–/)(]|$))"
BYLINE_NAME = rf"{_NAME_WORD}(?:\s?{_NAME_WORD}){{0,4}}"
_SEP = r"\s*(?:-|–|—|,|&|\bvà\b|/)\s*"
_ROLES = r"(?:[Bb]ài|[Tt]in|[Ảả]nh|[Vv]ideo|[Cc]lip|[Đđ]ồ hoạ|[Tt]hực hiện|[Gg]hi chép|[Nn]hóm PV|[Nn]hóm phóng viên|[Tt]heo|[Nn]guồn)"
BYLINE_PREFIX = rf"(?:{_ROLES}(?:\s*(?:,|và|&|-)\s*{_ROLES})*\s*:\s*)"
BYLINE_SUFFIX = r"(?:\s*\([^()]{1,40}\))?(?:\s*[-–]\s*[Ảả]nh\s*:\s*[^/]{2,40})?(?:\s*/\s*[\p{L}\d&.+][\p{L}\d&.+ -]{0,30})?"
BYLINE = regex.compile(rf"^(?P<prefix>{BYLINE_PREFIX})?(?P<names>{BYLINE_NAME}(?:{_SEP}{BYLINE_NAME}){{0,4}}){BYLINE_SUFFIX}\.?$")
NAME_SPLIT = regex.compile(_SEP)
SOURCE_LINE = regex.compile(rf"^\(?(?:[Tt]heo|[Nn]guồn)\s*:?\s*(?P<outlet>[\p{{L}}\d.+&/ -]{{2,40}}?(?:\s*\([^()]{{1,30}}\))?)\)?\.?$")
PHOTO_CREDIT = regex.compile(rf"\(?\b(?:[Ảả]nh|[Ẩẩ]nh|Photo|Nguồn ảnh|Video|Clip)\s*:\s*(?P<names>{BYLINE_NAME}(?:{_SEP}{BYLINE_NAME}){{0,3}}){BYLINE_SUFFIX}\)?")
PHOTO_TAG = regex.compile(r"\(?\b(?:[Ảả]nh|Hình)\s+(?:minh hoạ|minh hoạ|tư liệu|internet|Internet|chụp màn hình|nguồn Internet)\)?\.?")
STAFF = regex.compile(r"^(?:PV|CTV|Nhóm PV|Nhóm phóng viên|Phóng viên|BTV|PV\.|Nhóm PV\.)$")
OUTLET_TAG = regex.compile(r"^\(?(?P<tag>[\p{Lu}][\p{L}\d&+]*(?:\.[\p{L}\d]+){0,3}(?:/[\p{L}+]+)?)\)?\s*[-–—]\s+(?=\S)")
PUNCT_ONLY = regex.compile(r"^[\p{P}\p{S}\s]*$")

# Datelines: a line that is a date (and time) plus furniture words and nothing else.
_DATE_FURNITURE = regex.compile(
    r"(?i)\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|\d)|chủ\s+nhật|cập\s+nhật(?:\s+lúc)?|đăng\s+(?:ngày|lúc)|ngày\s+đăng|"
    r"ngày|lúc|gmt\s*\+?\s*7|utc\s*\+?\s*7|giờ|sáng|chiều|tối|lượt\s+xem|lượt\s+đọc|views?|am|pm|"
    r"published|updated|posted|tháng|năm)\b"
)
_DIGITS_AND_PUNCT = regex.compile(r"[\d\p{P}\p{S}\s]+")


# "Thời báo VTV-Thứ hai, ngày 21/10/2024 16:52 GMT+7": an outlet or byline run into the dateline.
_DATELINE_AFTER = regex.compile(r"^[^\d|–-]{2,40}?\s*[-–|]\s*(?=(?:[Tt]hứ|[Cc]hủ nhật|[Nn]gày|\d))")


def dateline(line: str) -> tuple[str | None, str | None] | None:
    """(ISO date, HH:MM) when the line is a dateline, else None."""
    if len(line) > 120:
        return None
    prefix = _DATELINE_AFTER.match(line)
    if prefix and _date_only(line):
        return _date_only(line)
    return _date_only(line[prefix.end():]) if prefix else _date_only(line)


def _date_only(line: str) -> tuple[str | None, str | None] | None:
    match = FULL_DATE.search(line)
    if not match:
        return None
    rest = _DATE_FURNITURE.sub(" ", FULL_DATE.sub(" ", line))
    rest = _DIGITS_AND_PUNCT.sub("", rest)
    if len(rest) > 6:
        return None
    from ..dates import full_date

    dm = full_date(match)
    if dm is None:
        return None
    time = TIME_COLON.search(line)
    hhmm = f"{int(time.group('h')):02d}:{time.group('min')}" if time and int(time.group("h")) < 24 else None
    return dm.iso(), hhmm


def widget(line: str) -> bool:
    folded = line.casefold().strip(" :")
    if folded in _WIDGETS:
        return True
    return any(p.search(line) for p in _WIDGET_PATTERNS)


_WIDGETS = {w.casefold().strip(" :") for w in lexicon.words("widgets.txt")}
_WIDGET_PATTERNS = [regex.compile(p, regex.IGNORECASE) for p in lexicon.words("widget_patterns.txt")]
SECTIONS = {s.casefold() for s in lexicon.words("sections.txt")}
OUTLETS = {k: (v[0] if v else "") for k, v in lexicon.mapping("outlets.tsv").items()}
OUTLETS_FOLDED = {k.casefold(): v for k, v in OUTLETS.items()}
CAPTION_OPENERS = lexicon.phrases("caption_openers.txt", at_start=True)
CAPTION_VERBS = lexicon.phrases("caption_verbs.txt")
TERMINAL = tuple(".!?…:;\"”'»)")
REPORTED_SPEECH = regex.compile(r"(?<![\p{L}])(?:nêu rõ|cho biết|nhấn mạnh|khẳng định|đề nghị|yêu cầu|cho rằng)(?![\p{L}])")
DATED_OPENING = regex.compile(r"^(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm nay|Hôm qua|Đêm)(?:\s+(?:nay|qua|ngày))?\s*\(?\d{1,2}\s*[-/.]\s*\d{1,2}")
