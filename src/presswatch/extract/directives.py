"""Directives: party and state documents cited by number-symbol or by a well-known alias.

"Kết luận số 21-KL/TW ngày 25-10-2022 của Ban Chấp hành Trung ương" → 21-KL/TW, Kết luận,
Ban Chấp hành Trung ương, 2022-10-25; "102 - QĐ / TW" → 102-QĐ/TW; "Chỉ thị 05 của Bộ Chính
trị" → 05-CT/TW; "Nghị định 30/2020/NĐ-CP" as written; "Nghị quyết Trung ương 4 (khoá XII)"
→ 04-NQ/TW through lexicon/aliases.tsv.
"""

from __future__ import annotations

from datetime import date

import regex

from .. import lexicon
from ..dates import FULL_DATE, full_date, present_year
from ..model import Article, Directive
from ..text import match_form

_TYPES = {row[0].casefold(): (row[1], row[2]) for row in lexicon.table("directive_types.tsv")}
_CODES = {row[0]: row[1] for row in lexicon.table("directive_codes.tsv")}
_ISSUERS = {row[0]: (row[1], row[2]) for row in lexicon.table("issuers.tsv")}
_ALIASES = {(row[0].casefold(), row[1], row[2]): row[3:] for row in lexicon.table("aliases.tsv")}

TYPE_WORDS = rf"(?i:{lexicon.alternation(list(_TYPES))})"
_U = r"[A-ZĐ]"
PARTY = regex.compile(
    rf"(?<![\w/.-])(?P<num>\d{{1,5}})\s*[-–]\s*(?P<code>{_U}[A-Za-zĐ]{{0,5}})\s*/\s*(?P<iss>{_U}(?:\.?[A-Za-zĐƯƠ]){{0,9}})(?![\w/-])"
)
STATE = regex.compile(
    rf"(?<![\w/.-])(?P<id>\d{{1,5}}\s*/\s*(?:(?:19|20)\d\d\s*/\s*)?(?P<code>{_U}[A-Za-zĐ]*)(?:(?:\s*-\s*{_U}[A-Za-zĐ0-9]*)+(?:\.[IVX]+)?|(?<=/QH)\d{{1,2}}))(?![\w/-])"
)
# A state document by its number and year, its symbol left out or written apart ("Nghị định 24/2014", "Nghị định
# 67/2014 NĐ-CP", "Nghị định 108/2014/CP"); the symbol is then the one its type and issuer imply (lexicon/state_symbols.tsv).
STATE_SHORT = regex.compile(
    rf"(?P<type>{TYPE_WORDS})\s+(?:(?i:số)\s*)?(?P<num>\d{{1,5}})\s*/\s*(?P<year>(?:19|20)\d\d)"
    rf"(?:\s*/\s*(?P<code>{_U}{{2,5}})|\s+(?P<symbol>{_U}[A-Za-zĐ]*(?:-{_U}[A-Za-zĐ0-9]*)+))?(?![\w/-])")
_STATE_ISSUER = regex.compile(r"\s*,?\s*(?:của|do)\s+(?P<issuer>Thủ tướng Chính phủ|Thủ tướng|Chính phủ|Quốc hội)(?![\p{L}])")
_STATE_SYMBOLS = {(row[0].casefold(), row[1]): row[2] for row in lexicon.table("state_symbols.tsv")}


def _state_issuer(text: str, end: int) -> str | None:
    """The state body named as a document's issuer right after it ("… của Thủ tướng Chính phủ")."""
    m = _STATE_ISSUER.match(text, end)
    return m.group("issuer") if m else None


def _state_id(m: regex.Match[str], text: str) -> str:
    """The id of a STATE_SHORT reference: as its symbol is written, else as its type and issuer imply, else number/year."""
    written = m.group("symbol") or m.group("code")
    if written:
        return f"{m.group('num')}/{m.group('year')}/{written}"
    kind = m.group("type").casefold()
    symbol = _STATE_SYMBOLS.get((kind, _state_issuer(text, m.end()) or "*")) or _STATE_SYMBOLS.get((kind, "*"))
    return f"{m.group('num')}/{m.group('year')}" + (f"/{symbol}" if symbol else "")


# The type word written before a number ("Kết luận số 21-KL/TW"), looked for only where a number is.
TYPE_BEFORE = regex.compile(rf"(?P<type>{TYPE_WORDS})\s+(?:(?i:số)\s*)?$")
BARE = regex.compile(rf"(?P<type>{TYPE_WORDS})\s+(?:(?i:số)\s*)?(?P<nums>\d{{1,5}}(?:\s*(?:,|và)\s*\d{{1,5}})*)(?![\w/-])")
BARE_NEXT = regex.compile(rf"(?:\s*(?:,|và)\s*{TYPE_WORDS}\s+(?:(?i:số)\s*)?\d{{1,5}}(?![\w/-]))+")
_TYPE_FIRST_WORDS = sorted({w.split()[0].casefold() for w in _TYPES})


def _typed(text: str, start: int) -> tuple[int, str | None]:
    """Where a reference starting at `start` really starts, with the type word written before it."""
    m = TYPE_BEFORE.search(text, max(0, start - 40), start)
    return (m.start(), m.group("type")) if m else (start, None)


def _bare_matches(text: str) -> list[regex.Match[str]]:
    """BARE, tried only where a type word starts (a plain search for the words is much faster)."""
    folded = text.casefold()
    starts = set()
    for word in _TYPE_FIRST_WORDS:
        i = folded.find(word)
        while i >= 0:
            starts.add(i)
            i = folded.find(word, i + 1)
    out, end = [], -1
    for i in sorted(starts):
        if i < end:
            continue
        m = BARE.match(text, i)
        if m:
            out.append(m)
            end = m.end()
    return out
ALIAS = regex.compile(
    r"(?P<kind>(?i:nghị quyết|kết luận))\s+(?:(?i:hội nghị)\s+)?(?:lần thứ\s+)?(?:(?i:trung ương)|T\.Ư|TƯ|TW|T\.W)\s*"
    r"(?:lần thứ\s+)?(?P<plenum>\d{1,2})(?!\d|\s*[-/])(?:\s*(?:\(|,|-|–)?\s*(?i:khoá)\s+(?P<term>[IVX]+|\d{1,2})(?![\p{L}\d])\)?)?"
)
_TAIL_DATE = regex.compile(r"^\s*,?\s*(?:(?:do\s+[^,.;]{0,60}?\s+)?(?:ban hành|ký)\s+)?(?:ngày\s+)?(?=\d|ngày)")  # "… do X ký ngày 6/6/2017"
_TAIL_ISSUER = regex.compile(rf"^\s*,?\s*(?:của|do)\s+(?P<issuer>{lexicon.alternation(list(_ISSUERS))})")
_TAIL_TERM = regex.compile(r"^\s*(?:\(|,|-|–)?\s*(?i:khoá)\s+(?P<term>[IVX]+)\b")
_ROMAN = {str(n): r for n, r in enumerate(["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"])}


def _roman(term: str | None) -> str | None:
    """Terms are written "khóa XII" or "khóa 12"."""
    return _ROMAN.get(term, term) if term else None


_TAIL_SUBJECT = regex.compile(r"^\s*,?\s*(?P<subject>(?i:về)\s+[^;.()]{5,200})")


def _tail(article: Article, end: int) -> tuple[str | None, str | None, str | None, str | None, int]:
    """Date, issuer, term and subject stated right after a reference; and where they end."""
    text = article.match
    date = issuer = term = subject = None
    pos = end
    for _ in range(4):
        rest = text[pos:pos + 260]
        lead = _TAIL_DATE.match(rest) if date is None else None
        if lead:
            m = FULL_DATE.search(rest, 0, lead.end() + 30)
            if m and full_date(m):
                date, pos = full_date(m).iso(), pos + m.end()
                continue
        m = _TAIL_ISSUER.match(rest)
        if issuer is None and m:
            issuer, pos = m.group("issuer"), pos + m.end()
            continue
        m = _TAIL_TERM.match(rest)
        if term is None and m:
            term, pos = _roman(m.group("term")), pos + m.end()
            continue
        break
    m = _TAIL_SUBJECT.match(text[pos:pos + 260])
    if m:
        subject = article.body[pos + m.start("subject"):pos + m.end("subject")].strip()
    return date, issuer, term, subject, pos


def _type_name(written: str | None, code: str) -> str | None:
    if written:
        return _TYPES[written.casefold()][1]
    return _CODES.get(code)


class _Registry:
    """Mentions of one article merged by id: the first stated date, issuer and term win."""

    def __init__(self) -> None:
        self.by_id: dict[str, Directive] = {}

    def add(self, ident: str, type_: str | None, span: tuple[int, int], date=None, issuer=None, term=None, subject=None, alias=None):
        d = self.by_id.get(ident)
        if d is None:
            d = self.by_id[ident] = Directive(id=ident, type=type_)
        d.type = d.type or type_
        d.date = d.date or date
        d.issuer = d.issuer or (_ISSUERS[issuer][1] if issuer in _ISSUERS else issuer)
        d.term = d.term or term
        d.subject = d.subject or subject
        d.alias = d.alias or alias
        if span not in d.spans:
            d.spans.append(span)


def _term_at(article: Article) -> str | None:
    """The party's term (khoá) in the year the article is published in, or, undated, speaks of as its present."""
    year = int(article.published[:4]) if article.published else present_year(article)
    return lexicon.term_of_year(year) if year else None


# "Ngày 10/7/2024, Ủy ban Thường vụ Quốc hội đã ban hành Nghị quyết số 1090/NQ-UBTVQH15": the day a
# document was issued, written before it in its clause.
_ISSUED_ON = regex.compile(r"(?:^|[,;]\s*)(?:[Nn]gày|[Ss]áng|[Cc]hiều)\s+(?P<date>[0-3]?\d\s*[/.-]\s*[01]?\d(?:\s*[/.-]\s*(?:19|20)\d\d)?)"
                           r"\s*,(?:[^,;]{0,80},){0,1}[^,;]{0,120}?(?:ban hành|ký|có|gửi|ra)\s+(?:[^,;]{0,30}?\s)?$")


def _date_before(article: Article, start: int) -> str | None:
    sentence_start = next((a for a, b in article.sentences if a <= start < b), 0)
    m = _ISSUED_ON.search(article.match, sentence_start, start)
    if not m:
        return None
    day = [int(x) for x in regex.split(r"\s*[/.-]\s*", m.group("date"))]
    year = day[2] if len(day) == 3 else int(article.published[:4]) if article.published else present_year(article)
    try:
        return date(year, day[1], day[0]).isoformat() if year else None  # a directive's date is a full date or none
    except ValueError:
        return None


def extract_directives(article: Article) -> list[Directive]:
    text = article.match
    found = _Registry()
    taken: list[tuple[int, int]] = []
    for m in PARTY.finditer(text):
        start, written = _typed(text, m.start())
        issuer_code = {"TƯ": "TW", "T.Ư": "TW", "T.W": "TW"}.get(m.group("iss"), m.group("iss"))
        ident = f"{int(m.group('num')):02d}-{m.group('code').upper()}/{issuer_code}"
        date, issuer, term, subject, _ = _tail(article, m.end())
        date = date or _date_before(article, start)
        found.add(ident, _type_name(written, m.group("code").upper()), (start, m.end()), date, issuer, term, subject)
        taken.append((start, m.end()))
    for m in STATE.finditer(text):
        if any(s <= m.start("id") < e for s, e in taken):
            continue
        start, written = _typed(text, m.start())
        ident = regex.sub(r"\s+", "", article.body[m.start("id"):m.end("id")])
        date, issuer, term, subject, _ = _tail(article, m.end())
        date = date or _date_before(article, start)
        found.add(ident, _type_name(written, m.group("code")), (start, m.end()), date, issuer or _state_issuer(text, m.end()), None, subject)
        taken.append((start, m.end()))
    for m in STATE_SHORT.finditer(text):
        if any(s <= m.start("num") < e for s, e in taken):
            continue
        date, issuer, term, subject, _ = _tail(article, m.end())
        found.add(_state_id(m, text), _TYPES[m.group("type").casefold()][1], m.span(), date or _date_before(article, m.start()),
                  issuer or _state_issuer(text, m.end()), None, subject)
        taken.append(m.span())
    # Aliases: the plenum's term from the mention, another mention, the title, or the publication year.
    terms = {(m.group("kind").casefold(), m.group("plenum")): _roman(m.group("term")) for m in ALIAS.finditer(text) if m.group("term")}
    for m in ALIAS.finditer(match_form(article.title or "")):
        if m.group("term"):
            terms.setdefault((m.group("kind").casefold(), m.group("plenum")), _roman(m.group("term")))
    for m in ALIAS.finditer(text):
        kind, plenum = m.group("kind").casefold(), m.group("plenum")
        term = _roman(m.group("term")) or terms.get((kind, plenum)) or _term_at(article)
        entry = _ALIASES.get((kind, plenum, term or ""))
        if entry:
            ident, date, subject = entry
            found.add(ident, _TYPES[kind][1], m.span(), None, "Ban Chấp hành Trung ương", term, subject, alias=article.body[m.start():m.end()])
            found.by_id[ident].subject = subject
    # A number without its symbol: the issuer gives the symbol ("Chỉ thị 05 của Bộ Chính trị",
    # "Quyết định 935, 936 của Ban Thường vụ Thành ủy"), or the same number cited in full elsewhere.
    bare = [m for m in _bare_matches(text) if not any(s <= m.start("nums") < e for s, e in taken)]
    for with_issuer in (True, False):
        for m in bare:
            date, issuer, term, subject, _ = _tail(article, m.end("nums"))
            listed = None if issuer else BARE_NEXT.match(text, m.end("nums"))
            if listed:  # "Nghị quyết 32, Kết luận 72 của Bộ Chính trị": the issuer of the list's last is the list's
                issuer = _tail(article, listed.end())[1]
            if bool(issuer) != with_issuer:
                continue
            code = _TYPES[m.group("type").casefold()][0]
            for num_match in regex.finditer(r"\d+", m.group("nums")):
                num = int(num_match.group())
                same = [d for d in found.by_id.values() if regex.match(rf"0*{num}-{code}/", d.id)]
                span = (m.start(), m.end())
                if same:
                    found.add(same[0].id, same[0].type, span, date)
                elif issuer:
                    found.add(f"{num:02d}-{code}/{_ISSUERS[issuer][0]}", _type_name(m.group("type"), code), span, date, issuer, term, subject)
    for d in found.by_id.values():
        d.spans.sort()
    _link_implementations(article, found.by_id)
    return sorted(found.by_id.values(), key=lambda d: d.spans[0])


_LEVELS = {row[0]: int(row[1]) for row in lexicon.table("issuer_levels.tsv")}
_IMPLEMENTING = rf"(?:{lexicon.alternation(lexicon.words('implementing_verbs.txt'))})"
# "Kế hoạch 45-KH/TU (về việc) thực hiện Kết luận 21-KL/TW": the first carries out the second.
_PLAN_OF = regex.compile(rf"^[^.;()]{{0,160}}?(?i:\b(?:về|để|nhằm)\s+(?:việc\s+|tiếp tục\s+)?{_IMPLEMENTING}|^\s*,?\s*{_IMPLEMENTING})\s+[^.;]{{0,20}}$")
# "thực hiện Kết luận 21-KL/TW và Kế hoạch 45-KH/TU": coordinated, the lower body's plan carries out the higher one's.
_COORDINATED = regex.compile(r"^[^.;]{0,160}?(?:,|và|cùng)\s*$")


def _level(ident: str) -> int | None:
    issuer = ident.rsplit("/", 1)[-1] if "/" in ident else None
    if issuer and "-" in issuer:  # state documents: "30/2020/NĐ-CP" → CP
        issuer = issuer.rsplit("-", 1)[-1]
    return _LEVELS.get(issuer) if issuer else None


def _link_implementations(article: Article, by_id: dict[str, Directive]) -> None:
    """Relations stated in one sentence: a plan that carries out a directive of a higher body."""
    text = article.match
    mentions = sorted(((span, d) for d in by_id.values() for span in d.spans), key=lambda pair: pair[0])
    for (a_span, a), (b_span, b) in zip(mentions, mentions[1:]):
        if a is b or a_span[1] > b_span[0]:
            continue
        between = text[a_span[1]:b_span[0]]
        level_a, level_b = _level(a.id), _level(b.id)
        if _PLAN_OF.match(between) and (level_a is None or level_b is None or level_a >= level_b):
            child, parent = a, b
        elif _COORDINATED.match(between) and level_a is not None and level_b is not None and level_a != level_b:
            start = max(text.rfind(".", 0, a_span[0]), text.rfind("\n", 0, a_span[0])) + 1
            if not regex.search(rf"(?i:{_IMPLEMENTING})", text[start:a_span[0]]):
                continue
            child, parent = (a, b) if level_a > level_b else (b, a)
        else:
            continue
        if parent.id not in child.implements:
            child.implements.append(parent.id)
