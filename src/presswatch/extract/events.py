"""Events: the dated session, conference, congress, visit, ceremony or inspection an article reports.

The event is found in a sentence that has both a date ("Sáng 24-11", "Chiều 10/1") and a phrase
of lexicon/event_types.tsv. Its date is resolved against the publication date, or against the
years the sentence itself names ("tổng kết ... năm 2022 và triển khai ... năm 2023"), else given
as --MM-DD. The chair is who "chủ trì" or leads the delegation; the counterpart is the unit the
session is held "với"; the directives are those the session is about.
"""

from __future__ import annotations

import regex

from .. import lexicon
from ..dates import DayMonth, resolve_year, valid
from ..model import Article, Event

_TYPES = {row[0]: row[1] for row in lexicon.table("event_types.tsv")}
TRIGGER = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(list(_TYPES))})(?![\p{{L}}])")
# Which kind wins when a sentence names several: a delegation's inspection over the session it holds.
_PRIORITY = ["inspection_team", "congress", "conference", "ceremony", "visit", "working_session", "meeting", "inspection"]
# A delegation's working session whose purpose is to inspect ("Đoàn sẽ tập trung kiểm tra ...").
INSPECTING = regex.compile(r"(?:[Đđ]oàn kiểm tra|[Đđ]oàn giám sát|[Đđ]oàn[^.]{0,60}?kiểm tra|[Kk]ế hoạch kiểm tra|kiểm tra việc thực hiện)")
WHEN = regex.compile(
    r"(?<![\p{L}\d])(?:(?:[Ss]áng|[Cc]hiều|[Tt]ối|[Tt]rưa|[Đđ]êm|[Nn]gày|[Hh]ôm nay|[Hh]ôm qua)(?:\s+(?:nay|qua|mai))?\s*(?:ngày\s*)?\(?\s*)"
    r"(?P<d>[0-3]?\d)\s*[-/.]\s*(?P<m>[01]?\d)(?:\s*[-/.]\s*(?P<y>(?:19|20)\d\d))?(?![\d])"
)
YEAR = regex.compile(r"(?<![\d/.-]\s?)(?P<y>(?:19|20)\d\d)(?!\s*[-–]\s*(?:19|20)\d\d)(?![\d])")
CHAIR_VERB = regex.compile(r"(?<![\p{L}])(?:dưới sự chủ trì của|đồng chủ trì|chủ trì|làm [Tt]rưởng đoàn|dẫn đầu)(?![\p{L}])")
COUNTERPART = regex.compile(r"(?:làm việc|buổi làm việc|kiểm tra|giám sát)[^.;]{0,160}?\s+với\s+(?P<who>[^,;.()]+?)(?=\s+(?:về|nhằm|để|theo|tại|trong)\s|[,;.(]|$)")
HOST = regex.compile(r"\s(?:đã\s+|vừa\s+)?(?:tổ chức|có buổi làm việc|phối hợp tổ chức|long trọng tổ chức)\b")


def _kind(sentence: str) -> tuple[str, int] | None:
    best = None
    for m in TRIGGER.finditer(sentence):
        phrase = m.group()
        if regex.search(r"(?:Ủy ban|Uỷ ban|UBKT)\s*$", sentence[:m.start()], regex.IGNORECASE):
            continue  # "Ủy ban kiểm tra" is a body, not an inspection
        kind = _TYPES[phrase]
        rank_kind = "inspection_team" if phrase.casefold() in ("đoàn kiểm tra", "đoàn giám sát") else kind
        rank = _PRIORITY.index(rank_kind)
        if best is None or rank < best[0]:
            best = (rank, kind, m.end())
    return (best[1], best[2]) if best else None


def _year_from_sentence(sentence: str, month: int) -> int | None:
    years = [int(m.group("y")) for m in YEAR.finditer(sentence)]
    if not years:
        return None
    if month <= 3 and len(set(years)) == 1 and regex.search(r"tổng kết|Tổng kết", sentence):
        return None  # a review early in a year may be of that year or of the one before: do not guess
    return max(years)


def extract_events(article: Article) -> list[Event]:
    text, body = article.match, article.body
    people = article.facts.get("people", [])
    organizations = article.facts.get("organizations", [])
    directives = article.facts.get("directives", [])
    first_paragraphs = 3
    for s, e in article.sentences:
        if article.paragraph_of(s) >= first_paragraphs:
            break
        sentence = text[s:e]
        when = WHEN.search(sentence)
        if when and any(0 <= s + when.start() - b <= 12 for d in directives for _, b in d.spans):
            when = None  # "Quy định số 47-QĐ/TW ngày 1/11/2011": a directive's date, not an event's
        kind = _kind(sentence) if when else None
        if not when or not kind:
            continue
        day, month = int(when.group("d")), int(when.group("m"))
        if not valid(day, month):
            continue
        year = int(when.group("y")) if when.group("y") else None
        dm = resolve_year(DayMonth(day, month, year), article.published)
        if dm.year is None:
            year = _year_from_sentence(sentence, month)
            dm = DayMonth(day, month, year) if year and valid(day, month, year) else dm
        kind_name = kind[0]
        if kind_name == "working_session" and any(INSPECTING.search(text, a, b) for a, b in article.sentences[:4]):
            kind_name = "inspection"
        event = Event(type=kind_name, date=dm.iso(), spans=[(s, e)])
        event.chair = _chair(article, people, s, e)
        if event.chair is None and kind_name in ("working_session", "visit", "inspection"):
            # No one "chủ trì": the leader who holds the session or visit ("X làm việc với ...") chairs it.
            leading = [(a, p.name) for p in people for a, b in p.spans if s <= a and b <= s + kind[1]]
            event.chair = min(leading)[1] if leading else None
        host = HOST.search(sentence)
        if host:
            before = [o for o in organizations if any(s <= a and b <= s + host.start() + 1 for a, b in o.spans)]
            event.host = before[-1].name if before else None
        counterpart = COUNTERPART.search(sentence)
        after = s + kind[1]
        if counterpart:
            event.counterpart = body[s + counterpart.start("who"):s + counterpart.end("who")].strip()
            after = s + counterpart.end("who")
        event.directives = [d.id for d in directives if any(after <= a < e for a, _ in d.spans)]
        event.attendees = _attendees(article, people, event.chair)
        return [event]
    return []


def _chair(article: Article, people, s: int, e: int) -> str | None:
    """Who chairs, in the first sentences: the first person of the clause that ends in "chủ trì" or
    "làm trưởng đoàn" (after "do" when there is one), or the one "dưới sự chủ trì của"."""
    text = article.match
    for a, b in article.sentences[:5]:
        for m in CHAIR_VERB.finditer(text, a, b):
            if m.group().startswith("dưới"):
                after = [(pa, p.name) for p in people for pa, _ in p.spans if m.end() <= pa < b]
                if after:
                    return min(after)[1]
                continue
            do = text.rfind(" do ", a, m.start())
            start = do if do >= 0 else a
            before = [(pa, p.name) for p in people for pa, pb in p.spans if start <= pa and pb <= m.start()]
            if before:
                return min(before)[1]
    return None


def _attendees(article: Article, people, chair: str | None) -> list[str]:
    text = article.match
    out = []
    for s, e in article.sentences[:6]:
        if regex.search(r"(?:tham dự|cùng dự|dự buổi|dự hội nghị|tới dự|đến dự|có sự tham gia)", text[s:e]):
            out.extend(p.name for p in people if p.name != chair and any(s <= a < e for a, _ in p.spans) and p.name not in out)
    return out
