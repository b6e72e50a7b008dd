"""Indicators: reported figures of the work ("hơn 420 đảng viên", "Kết nạp 406 đảng viên/400 chỉ
tiêu (tỷ lệ đạt 102%)"): value, target, unit, percent, qualifier, period and subject.

A number counts when a unit follows it: a unit of lexicon/units.txt, money (tỷ đồng, USD), or a
noun of one or two words that is not a measure of time, age or order (lexicon/not_units.txt); dates,
years, durations and numbers of documents or units ("Quận 5") do not. The value is the number as
written and a multiplier word stays in the unit ("56 nghìn cuộc giám sát": 56, "nghìn cuộc giám
sát"; ../shared/eval/GUIDELINES.md). "X/Y chỉ tiêu" is a value against its target, and "đạt 102%
kế hoạch" is the percent of the figure before it, not a figure of its own.
"""

from __future__ import annotations

import regex

from .. import lexicon
from ..model import Article, Indicator

UNITS = lexicon.words("units.txt")
NOT_UNITS = lexicon.words("not_units.txt")
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
QUALIFIERS = ("hơn", "gần", "trên", "khoảng", "gần như", "xấp xỉ", "dưới", "ít nhất", "tới", "đến", "có", "đạt")
MONEY = r"(?:tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|USD|usd|đô la|euro|EUR)|tỷ|tỉ"
# An abbreviation that counts people or bodies (CN, DN, CNVC-LĐ), not a measure of time or order.
NOUN = rf"(?!(?:{lexicon.alternation(NOT_UNITS)})(?![\p{{L}}]))\p{{Lu}}{{2,5}}(?:-\p{{Lu}}{{1,3}})?(?![\p{{L}}])"
# "một" is the article "a" ("một nhà lãnh đạo", "một lần nữa") far more often than a count of one: it
# counts only beside a figure ("kỷ luật một tổ chức đảng và 120 đảng viên").
ONE = r"một(?=\s[^,;.\d]{1,30}?\svà\s\d)"
SPELLED = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
COUNTING = "|".join(w for w in SPELLED if w != "một")
FIGURE = regex.compile(
    rf"(?:(?P<qual>{'|'.join(QUALIFIERS)})\s+)?(?<![\d.,/:-])(?P<value>{NUMBER}|(?<![\p{{L}}])(?:{ONE}|{COUNTING})(?= \p{{Ll}}))"
    rf"(?:\s*/\s*(?P<of>{NUMBER}))?"
    rf"\s*(?P<unit>%|(?<=\s)(?:(?:nghìn|ngàn|vạn|triệu|trăm)\s+)?(?:{MONEY}|{lexicon.alternation(UNITS)}|{NOUN}))(?![\p{{L}}])"
    rf"(?P<label>(?:\s+(?!và\b|với\b|của\b|tại\b|trong\b)[\p{{Ll}}\p{{Lu}}]+){{0,4}})"
    rf"(?:\s*/\s*(?P<target>{NUMBER})(?:\s+(?:chỉ tiêu|kế hoạch|\p{{L}}+))?)?"
    rf"(?:\s*\((?:tỷ lệ\s+|tỉ lệ\s+)?(?:đạt\s+)?(?P<percent>{NUMBER})\s*%\))?"
)
NUMERAL = regex.compile(rf"\d|(?<![\p{{L}}])(?:{'|'.join(SPELLED)})(?![\p{{L}}])")  # a sentence without one has no figure
OF_PLAN = regex.compile(r"\s*(?:kế hoạch|chỉ tiêu|dự toán)")
PERIOD = regex.compile(r"(?:năm|nhiệm kỳ|giai đoạn|quý [IV]+ năm|tháng \d{1,2}(?:/| năm )|6 tháng đầu năm)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)")


AFTER_NAME = regex.compile(r"(?:\p{Lu}[\p{L}.]*|(?<!tổng )số|thứ|khoá|lần)\s+$")


YEAR_BEFORE = regex.compile(r"(?<![\p{L}])(?:năm|từ|đến|giai đoạn|nhiệm kỳ)\s+$", regex.IGNORECASE)
YEAR = regex.compile(r"(?:19|20)\d\d")
IF = regex.compile(r"(?<![\p{L}])(?:[Nn]ếu|[Gg]iả sử)(?![\p{L}])[^,;:]*$")  # "nếu tiết kiệm 1% …": a condition, not a result


def _number(text: str) -> float:
    return float(SPELLED.get(text) or text.replace(".", "").replace(",", "."))


def extract_indicators(article: Article) -> list[Indicator]:
    text, body = article.match, article.body
    out: list[Indicator] = []
    matches = (m for s, e in article.sentences if NUMERAL.search(text, s, e) for m in FIGURE.finditer(text, s, e))
    for m in matches:
        if AFTER_NAME.search(text[max(0, m.start("value") - 12):m.start("value")]):
            continue  # "Nghị quyết T.Ư 4 phường ...", "Quận 5": the number belongs to a name
        if YEAR_BEFORE.search(text, max(0, m.start("value") - 12), m.start("value")) and YEAR.fullmatch(m.group("value")):
            continue  # "năm 2016 phường đã kết nạp ...": a year, not a count of wards
        sentence = next(((s, e) for s, e in article.sentences if s <= m.start() < e), (m.start(), m.end()))
        if IF.search(text, sentence[0], m.start()):
            continue
        unit = m.group("unit")
        if unit == "%" and OF_PLAN.match(text, m.end("unit")):
            previous = out[-1] if out and out[-1].spans[0][0] >= sentence[0] else None
            if previous is not None and previous.percent is None:
                previous.percent = _number(m.group("value"))  # "đạt 102% kế hoạch": the percent of the figure before
            continue
        if m.group("of") and _number(m.group("of")) < _number(m.group("value")):
            continue  # "19/8": a day and month, not a value against its target
        period = PERIOD.search(text, sentence[0], sentence[1])
        qualifier = m.group("qual") if m.group("qual") in ("hơn", "gần", "trên", "khoảng", "gần như", "xấp xỉ", "dưới", "ít nhất") else None
        label = (unit + m.group("label")).strip()
        target = m.group("of") or m.group("target")
        out.append(Indicator(
            label=body[m.start("unit"):m.start("unit") + len(label)],
            value=_number(m.group("value")),
            unit=body[m.start("unit"):m.end("unit")],
            target=_number(target) if target else None,
            percent=_number(m.group("percent")) if m.group("percent") else (_number(m.group("value")) if unit == "%" else None),
            qualifier=qualifier,
            period=body[period.start():period.end()] if period else None,
            spans=[(m.start("value") if not qualifier else m.start(), m.end())],
        ))
    return out
