"""Indicators: reported figures of the work ("hơn 420 đảng viên", "Kết nạp 406 đảng viên/400 chỉ
tiêu (tỷ lệ đạt 102%)"): value, target, unit, percent, qualifier, period and subject.

A number counts when a unit of lexicon/units.txt follows it; dates, years and durations do not.
"""

from __future__ import annotations

import regex

from .. import lexicon
from ..model import Article, Indicator

UNITS = lexicon.words("units.txt")
NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
MULTIPLIERS = {"nghìn": 1_000, "ngàn": 1_000, "vạn": 10_000, "triệu": 1_000_000}
QUALIFIERS = ("hơn", "gần", "trên", "khoảng", "gần như", "xấp xỉ", "dưới", "ít nhất", "tới", "đến", "có", "đạt")
FIGURE = regex.compile(
    rf"(?:(?P<qual>{'|'.join(QUALIFIERS)})\s+)?(?<![\d.,/:-])(?P<value>{NUMBER})(?:\s+(?P<mult>nghìn|ngàn|vạn|triệu))?\s*(?P<unit>%|(?<=\s)(?:{lexicon.alternation(UNITS)}))(?![\p{{L}}])"
    rf"(?P<label>(?:\s+(?!và\b|với\b|của\b|tại\b|trong\b)[\p{{Ll}}\p{{Lu}}]+){{0,4}})"
    rf"(?:\s*/\s*(?P<target>{NUMBER})(?:\s+(?:chỉ tiêu|kế hoạch|\p{{L}}+))?)?"
    rf"(?:\s*\((?:tỷ lệ\s+|tỉ lệ\s+)?(?:đạt\s+)?(?P<percent>{NUMBER})\s*%\))?"
)
PERIOD = regex.compile(r"(?:năm|nhiệm kỳ|giai đoạn|quý [IV]+ năm|tháng \d{1,2}(?:/| năm )|6 tháng đầu năm)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)")


AFTER_NAME = regex.compile(r"(?:\p{Lu}[\p{L}.]*|số|thứ|khóa|lần)\s+$")


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def extract_indicators(article: Article) -> list[Indicator]:
    text, body = article.match, article.body
    out = []
    for m in FIGURE.finditer(text):
        if AFTER_NAME.search(text[max(0, m.start("value") - 12):m.start("value")]):
            continue  # "Nghị quyết T.Ư 4 phường ...", "Quận 5": the number belongs to a name
        sentence = next(((s, e) for s, e in article.sentences if s <= m.start() < e), (m.start(), m.end()))
        period = PERIOD.search(text, sentence[0], sentence[1])
        qualifier = m.group("qual") if m.group("qual") in ("hơn", "gần", "trên", "khoảng", "gần như", "xấp xỉ", "dưới", "ít nhất") else None
        unit = m.group("unit")
        label = (unit + m.group("label")).strip()
        out.append(Indicator(
            label=body[m.start("unit"):m.start("unit") + len(label)],
            value=_number(m.group("value")) * MULTIPLIERS.get(m.group("mult") or "", 1),
            unit=body[m.start("unit"):m.end("unit")],
            target=_number(m.group("target")) if m.group("target") else None,
            percent=_number(m.group("percent")) if m.group("percent") else (_number(m.group("value")) if unit == "%" else None),
            qualifier=qualifier,
            period=body[period.start():period.end()] if period else None,
            spans=[(m.start("value") if not qualifier else m.start(), m.end())],
        ))
    return out
