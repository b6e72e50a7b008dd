"""Statements: what officials recommend and assess, what units and voters petition for, what they commit to.

Three steps, and one record per sentence (two where its clauses differ in type). (1) The body is
cut into clauses: a sentence, split at ";" and where a verb of
lexicon/statement_verbs.tsv opens a new clause after a comma ("ghi nhận ..., đề nghị ..."). (2) A
learned classifier (lexicon/models/statements.json, fitted by `make train` on the train split)
gives each clause its type or none, from the features a reader uses: the verb and what stands
before it (a person, a body, voters), modal words (cần, phải), the syllables of the clause, where it
stands, and the type of the clause before it, so that a run of recommendations carries on through
"Đồng thời, ...", "Trong đó, ...". (3) The speaker is the person or body named before the verb,
else the speaker of the run the clause continues, else no one: a statement with nobody to
attribute it to is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import lexicon
from ..learn import model
from ..model import Article, Statement
from ..text import key
from .people import POSITION_WORDS, TITLE

_VERBS = {row[0]: row[1] for row in lexicon.table("statement_verbs.tsv")}
_VERBS.update({k[:1].upper() + k[1:]: v for k, v in list(_VERBS.items())})  # "Đánh giá cao ..., X ..." opens a sentence
VERB = regex.compile(rf"(?<![\p{{L}}])(?P<verb>{lexicon.alternation(list(_VERBS))})(?![\p{{L}}])(?=\s*[,:]?\s*[\p{{L}}\d\"“])")
BLOCKERS = regex.compile(rf"(?:^|\s)(?:{lexicon.alternation(lexicon.words('statement_blockers.txt'))})\s*$", regex.IGNORECASE)
NOUN_USE = regex.compile(r"\s+(?:đề ra|của|được|này|đó|trên|đã|giải pháp|các giải pháp)(?![\p{L}])")
CONTINUATION = lexicon.phrases("continuations.txt", at_start=True)
IMPERATIVE = lexicon.phrases("imperatives.txt", at_start=True)
MODAL = lexicon.phrases("modals.txt")

BREAKER = lexicon.phrases("breakers.txt", at_start=True)
PETITIONERS = regex.compile(r"(?<![\p{L}])(?:cử tri|người dân|nhân dân|đại biểu|doanh nghiệp|địa phương|các hộ|hộ dân|công nhân|"
                            r"giáo viên|đoàn viên|hội viên|thanh niên|ý kiến)(?![\p{L}])", regex.IGNORECASE)
OPINION = lexicon.phrases("opinion_verbs.txt")
PAST = regex.compile(r"(?<![\p{L}])(?:đã|vừa|đã được|được)(?![\p{L}])")
FUTURE = regex.compile(r"(?<![\p{L}])(?:sẽ|dự kiến|kế hoạch)(?![\p{L}])")
RESULT = regex.compile(r"^(?:Theo báo cáo|Báo cáo|Kết quả|Qua đó|Nhờ đó|Nhờ vậy|Từ đó|Nhìn chung|Tính đến|Đến nay|Năm \d{4}|Trong năm)", regex.IGNORECASE)
SPLIT = regex.compile(r";\s*|:\s+(?=[-–•+]|\p{Lu})")
DIGITS = regex.compile(r"\d")
CONJOINED = regex.compile(r"\s*(?:,|và|cùng)\s*")
PUNCTUATION, QUOTE = ',.:;!?()"', '"'
OBJECT_OF = regex.compile(r"(?:của|với|cho|tới|đến|và)\s+(?:[^\s,;]+\s+){0,6}$")  # "của X", not "của đại biểu, Bộ trưởng X"


@dataclass
class Clause:
    start: int
    end: int
    verb: regex.Match[str] | None  # the statement verb that opens or heads it
    sentence_start: int
    paragraph: int
    first_of_sentence: bool


def _verbs_in(text: str, s: int, e: int) -> list[regex.Match[str]]:
    """Statement verbs used as verbs ("X đề nghị Y ...", not "những kiến nghị", "đề nghị của", nor the
    passive "được Ban Thường vụ biểu dương", which reports)."""
    return [m for m in VERB.finditer(text, s, e)
            if not BLOCKERS.search(text[max(s, m.start() - 20):m.start()]) and not NOUN_USE.match(text, m.end())
            and not _passive(text, max(s, m.start() - 80), m.start())]


WORD_BEFORE = regex.compile(r"(\S+)\s+$")


def _passive(text: str, floor: int, pos: int) -> bool:
    """"… được Ban Thường vụ Đảng ủy Khối biểu dương": the body before the verb follows "được"/"bị"."""
    named = False
    while (m := WORD_BEFORE.search(text, floor, pos)) is not None:
        word = m.group(1)
        if word in ("được", "bị"):
            return named
        if not (word[:1].isupper() or word in _NAME_SYLLABLES):
            return False
        named, pos = named or word[:1].isupper(), m.start()
    return False


def clauses(article: Article) -> list[Clause]:
    """The body cut into clauses: sentences, split at ";", at a list's ":" and at a statement verb
    of another type after a comma."""
    text = article.match
    out: list[Clause] = []
    all_verbs = _verbs_in(text, 0, len(text))  # one pass over the article, then shared out by sentence
    for s, e in article.sentences:
        cuts = [s] + [m.end() for m in SPLIT.finditer(text, s, e) if m.end() < e]
        verbs = [m for m in all_verbs if s <= m.start() < e]
        for n, m in enumerate(verbs[1:], 1):
            prev = verbs[n - 1]
            gap = text[prev.end():m.start()]
            if _VERBS[m.group("verb")] != _VERBS[prev.group("verb")] and regex.search(r",\s*(?:đồng thời|và|sau đó|cũng)?\s*$", gap):
                cuts.append(m.start())
        cuts = sorted(set(cuts)) + [e]
        paragraph = article.paragraph_of(s)
        for a, b in zip(cuts, cuts[1:]):
            if text[a:b].strip(" ;:,"):
                verb = next((m for m in verbs if a <= m.start() < b), None)
                out.append(Clause(a, b, verb, s, paragraph, a == s))
    return out


RIGHT_BEFORE_VERB = regex.compile(r"\s*(?:(?:cũng|đã|vẫn|còn|thì|đều|lại|tiếp tục)\s+)*")
SUBJECT_EDGE = frozenset({"và", "cùng", "thì", "là", "khi", "đó", "này", "nay", "đây", "vậy", "ra", "qua", "tới"})
HONORIFIC_WORDS = frozenset(w for h in lexicon.words("honorifics.txt") for w in h.casefold().split())


def _object_of_verb(text: str, floor: int, pos: int) -> bool:
    """The name at `pos` follows a verb ("chúc mừng Thượng tướng Y", "trao cho ông Y"): named as an object,
    not as who speaks. Its title and honorific are passed over; a comma, "và", the sentence start stand
    before a subject."""
    while (m := WORD_BEFORE.search(text, floor, pos)) is not None:
        word = m.group(1)
        if word[-1:] == ":" and word[:-1].casefold() in HONORIFIC_WORDS:  # "cảnh cáo các ông: X, Y"
            word = word[:-1]
        elif word[-1:] in ",;:(-–" or word in ("-", "–"):
            return False
        if word[:1].isupper() or word in _NAME_SYLLABLES or word.casefold() in HONORIFIC_WORDS:
            pos = m.start()
            continue
        before = WORD_BEFORE.search(text, floor, m.start())
        if before is not None and before.group(1)[:1].isupper() and word not in SUBJECT_EDGE:
            pos = m.start()  # "Bộ trưởng Thương mại Chung Sơn": a lower-case syllable inside a title
            continue
        return word not in SUBJECT_EDGE
    return False


def _named_before(article: Article, start: int, end: int, kinds: tuple[str, ...] = ("people", "organizations")) -> tuple[str | None, str | None]:
    """The last person (else body) named between `start` and `end`, not as "của X" or "với X":
    its name and "person" or "body"."""
    name, kind, _ = _mention_before(article, start, end, kinds)
    return name, kind


def _mention_before(article: Article, start: int, end: int, kinds: tuple[str, ...],
                    subjects_only: bool = False) -> tuple[str | None, str | None, tuple[int, int]]:
    text = article.match
    for kind in kinds:
        found = sorted((a, b, fact.name) for fact in article.facts.get(kind, []) for a, b in fact.spans
                       if start <= a and b <= end and not OBJECT_OF.search(text, start, a))
        if found:
            objects = []
            for n, f in enumerate(found):  # "cảnh cáo ông X, Y": Y is named with X, as an object too
                if RIGHT_BEFORE_VERB.fullmatch(text, f[1], max(f[1], end - 1)):
                    objects.append(False)  # "... hội nghị Bí thư Thành ủy X đề nghị": right before the verb, X is its subject
                    continue
                objects.append(_object_of_verb(text, start, f[0]) or (n > 0 and objects[-1] and bool(CONJOINED.fullmatch(text, found[n - 1][1], f[0]))))
            subjects = [f for f, obj in zip(found, objects) if not obj]
            if subjects_only and not subjects:
                continue
            found = subjects or found  # "X chúc mừng Thượng tướng Y và khẳng định ...": X speaks, Y is congratulated
            i = len(found) - 1
            while i > 0 and CONJOINED.fullmatch(text, found[i - 1][1], found[i][0]):
                i -= 1  # "Bộ Chính trị, Ban Bí thư đề nghị": the first of subjects named together
            return found[i][2], "person" if kind == "people" else "body", found[i][:2]
    return None, None, (0, 0)


def features(article: Article, clause: Clause, previous: str) -> list[str]:
    """What the classifier sees of a clause; `previous` is the type given to the clause before it."""
    text = article.match
    words = text[clause.start:clause.end].casefold().split()
    out = [f"prev={previous}", f"first={clause.first_of_sentence}"]
    out += [f"w={w.strip(PUNCTUATION)}" for w in words[:40]]
    out += [f"b={a}_{b}" for a, b in zip(words[:25], words[1:26])]
    out += [f"f={' '.join(words[:2])}", f"f1={words[0] if words else ''}"]
    head = text[clause.start:clause.end]
    if clause.verb is not None:
        verb = clause.verb.group("verb").casefold()
        before = text[clause.sentence_start:clause.verb.start()]
        who, kind = _named_before(article, clause.sentence_start, clause.verb.start() + 1)
        out += [f"verb={verb}", f"vtype={_VERBS[clause.verb.group('verb')]}", f"subject={kind}",
                f"vpos={'start' if clause.verb.start() - clause.start < 3 else 'mid'}",
                f"petitioner_before={bool(PETITIONERS.search(before))}",
                f"verb_prev={previous}_{_VERBS[clause.verb.group('verb')]}"]
        out += [f"pre={w.casefold()}" for w in before.split()[-3:]]
        # Who speaks to whom: the speaker's rank ("Bí thư", "cử tri", "UBND tỉnh") and the addressee after the verb.
        after = text[clause.verb.end():clause.end].casefold().split()
        out += [f"addr={' '.join(after[:1])}", f"addr2={' '.join(after[:2])}"]
        out.append(f"rank={_rank(article, who, kind)}")
    else:
        out.append("noverb")
        who, kind = _named_before(article, clause.sentence_start, clause.end)
        out.append(f"named={kind}")
    opinion = OPINION.search(text, clause.sentence_start, clause.end)
    if opinion is not None:
        out += [f"op={opinion.group()}", f"opsubj={_named_before(article, clause.sentence_start, opinion.start() + 1)[1]}",
                f"opfirst={opinion.start() < clause.start}"]
    out.append(f"quoted={_quoted_by(quotations(article), clause) is not None}")
    out += [f"modal={bool(MODAL.search(head))}", f"continues={bool(CONTINUATION.match(head) or IMPERATIVE.match(head))}",
            f"breaker={bool(BREAKER.match(head))}", f"opinion={bool(OPINION.search(text, clause.sentence_start, clause.end))}",
            f"quote={QUOTE in head}", f"digits={min(3, len(DIGITS.findall(head)) // 3)}",
            f"par={min(clause.paragraph, 3)}", f"prevpar={previous}_{clause.first_of_sentence}",
            f"past={bool(PAST.search(head))}", f"future={bool(FUTURE.search(head))}", f"result={bool(RESULT.match(head))}",
            f"past_modal={bool(PAST.search(head))}_{bool(MODAL.search(head))}"]
    return out


def _rank(article: Article, who: str | None, kind: str | None) -> str:
    """The first words of what the speaker is: a person's first position ("bí thư", "bộ trưởng"), a body's name ("ubnd tỉnh")."""
    if who is None:
        return "none"
    if kind == "person":
        positions = next((p.positions for p in article.facts.get("people", []) if p.name == who), [])
        words = positions[0].casefold().split() if positions else []
        return " ".join(w for w in words[:2] if w not in ("phó", "nguyên")) or "person"
    return " ".join(who.casefold().split()[:2])


GROUP = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(lexicon.words('speaker_groups.txt'))})"
                      r"(?:\s+và\s+(?:[Nn]hân dân|[Nn]gười dân))?"
                      r"(?:\s+(?:của\s+|(?:xã|phường|quận|huyện|tỉnh|thành phố|thị xã|thị trấn|thôn|ấp)\s+)?\p{Lu}[\p{L}\d]*(?:-[\p{L}\d]+)*)*")
THEO = regex.compile(r"(?:Cũng\s+)?[Tt]heo\s+(?:ý kiến của\s+)?(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|đại biểu|ĐB|vị|\p{Lu})[^,;:]{0,120},")
PRONOUN_AFTER_THEO = regex.compile(r"(?:Cũng\s+)?[Tt]heo\s+(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí)\s*,")
PRONOUN = regex.compile(r"(?<![\p{L}])(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí)(?:\s+(?:cũng|còn|thì|đã))?\s*$")
AFTER_QUOTE = regex.compile(r"[\"”]\s*[,–-]?\s*(?:[Ôô]ng|[Bb]à|[Aa]nh|[Cc]hị|[Đđ]ồng chí)?\s*")
SPEAKS = regex.compile(r"\s*(?:nói|cho biết|nhấn mạnh|khẳng định|chia sẻ|bày tỏ|đề nghị|kiến nghị|nêu rõ|phát biểu)(?![\p{L}])")


def _subject_end(article: Article, clause: Clause) -> int:
    """Where the subject of the clause's sentence ends: at its statement or opinion verb, else
    a few words into the sentence (a subject stands first)."""
    if clause.verb is not None:
        return clause.verb.start() + 1
    opinion = OPINION.search(article.match, clause.sentence_start, clause.end)
    return opinion.start() + 1 if opinion else min(clause.end, max(clause.start, clause.sentence_start + 60))


def _by_title(article: Article, start: int, end: int) -> str | None:
    """"Trưởng ban Tổ chức Trung ương nêu rõ", "Thủ tướng cũng nhấn mạnh": the one person of the
    article with a position that opens with the title named here."""
    text = article.match
    for m in reversed(list(TITLE.finditer(text, start, end))):
        if OBJECT_OF.search(text, start, m.start()) or _object_of_verb(text, start, m.start()):
            continue  # "chuyển lời cảm ơn đến Tổng Bí thư ...": spoken to, not speaking
        title = key(m.group())
        holders = [p for p in article.facts.get("people", []) if any(key(pos).startswith(title) for pos in p.positions)]
        if len(holders) > 1:  # the one the article calls so right before the name ("Tổng Bí thư Nguyễn Phú Trọng")
            holders = [p for p in holders if any(key(text[max(0, a - len(title) - 12):a]).endswith(title) for a, _ in p.spans)] or holders
        if len(holders) > 1:  # else the one named last before
            last = {p.name: max((a for a, _ in p.spans if a < start), default=-1) for p in holders}
            best = max(last.values())
            holders = [p for p in holders if last[p.name] == best] if best >= 0 else holders
        if len(holders) == 1:
            return holders[0].name
    return None


def _last_person_before(article: Article, pos: int, within: int = 400) -> str | None:
    best = None
    for p in article.facts.get("people", []):
        for a, _ in p.spans:
            if pos - within <= a < pos and (best is None or a > best[0]):
                best = (a, p.name)
    return best[1] if best else None


def _attributed(article: Article, pos: int) -> str | None:
    """The person named as the speaker right at `pos`, after a closing quotation mark: "ông X nói",
    "Bộ trưởng X cho biết", "Tổng Bí thư nói"."""
    text = article.match
    named = [p.name for p in article.facts.get("people", []) for a, b in p.spans
             if pos <= a <= pos + 2 and SPEAKS.match(text, b)]
    title = TITLE.match(text, pos)
    if not named and title and SPEAKS.match(text, title.end()):
        named = [x for x in [_by_title(article, title.start(), title.end())] if x]  # "...”, Tổng Bí thư nói."
    return named[0] if named else None


QUOTE_MARK = regex.compile(r'"')
SAYS_BEFORE = regex.compile(r"(?<![\p{L}])(?:nói|cho biết|nhấn mạnh|khẳng định|chia sẻ|bày tỏ|nêu rõ|phát biểu|cho rằng|"
                            r"kết luận|chỉ rõ|lưu ý|đề nghị|yêu cầu|kiến nghị)(?:\s+(?:rằng|thêm))?\s*:?\s*$")


def quotations(article: Article) -> list[tuple[int, int, str]]:
    """Quoted speech and who speaks it: a quotation closed by "…”, ông X nói" or opened by
    "X nhấn mạnh: “…", over as many sentences as it runs (worked out once an article)."""
    cached = article.__dict__.get("_quotations")
    if cached is None:
        cached = article.__dict__["_quotations"] = _quotations(article)
    return cached


def _quotations(article: Article) -> list[tuple[int, int, str]]:
    text, out = article.match, []
    line_start = 0
    for line in article.body.split("\n"):
        line_end = line_start + len(line)
        marks = [m.start() for m in QUOTE_MARK.finditer(text, line_start, line_end)]
        for a, b in zip(marks[::2], marks[1::2]):
            after = AFTER_QUOTE.match(text, b)
            speaker = _attributed(article, after.end()) if after else None
            if speaker is None:
                opening = next((s for s, e in article.sentences if s <= a < e), line_start)
                if SAYS_BEFORE.search(text, opening, a):
                    speaker = _named_before(article, opening, a, ("people",))[0] or _by_title(article, opening, a)
            if speaker:
                out.append((a, b, speaker))
        line_start = line_end + 1
    return out


def _quoted_by(quotes: list[tuple[int, int, str]], clause: Clause) -> str | None:
    return next((who for a, b, who in quotes if a <= clause.start and clause.end <= b + 2), None)


NAME_TOKEN = regex.compile(r"\s+(?:(?P<cap>\p{Lu}[\p{L}\d&.]*(?:-[\p{L}\d]+)*)|(?P<low>\p{Ll}+)|(?P<dash>[–-])(?=\s+\p{Lu}))")
_NAME_SYLLABLES = POSITION_WORDS - {"tại"}
CAPITAL_NEXT = regex.compile(r"\s+\p{Lu}")
GLUED = regex.compile(r"(?:-[\p{L}\d]+)+")


def _extend(text: str, end: int) -> int:
    """The end of a body's name that a capitalised pattern cut short: "Ủy ban Kinh" → "Ủy ban Kinh tế",
    "Đoàn Chủ" → "Đoàn Chủ tịch", "Ban Kinh tế - Ngân sách": lower-case syllables of the genre's
    body names go on after a capitalised word."""
    if glued := GLUED.match(text, end):  # "Chính phủ Pa" → "Chính phủ Pa-ki-xtan"
        end = glued.end()
    while m := NAME_TOKEN.match(text, end):
        if m.group("low") == "và" and CAPITAL_NEXT.match(text, m.end()):
            end = m.end()  # "Hiệp hội Doanh nghiệp Nhỏ và Vừa", "Bộ Nông nghiệp và Phát triển nông thôn"
            continue
        if m.group("low") and (m.group("low") not in _NAME_SYLLABLES or VERB.match(text, m.start("low"))):
            break
        end = m.end()
    return end


GROUP_AS_OBJECT = regex.compile(r"(?<![\p{L}])(?:của|với|cho|tới|đến|và|các tầng lớp|tầng lớp|phục vụ|vì|giúp|hỗ trợ|thăm|gặp|tiếp)\s*$")
IN_A_NAME = regex.compile(r"\p{Lu}[\p{L}]*\s+$")  # "Công an nhân dân", "Ủy ban nhân dân": not the people speaking


def _group_before(text: str, start: int, end: int) -> regex.Match[str] | None:
    """A speaking group between `start` and `end` that is a subject: not part of a name ("Công an nhân dân",
    "Ủy ban nhân dân") nor an object ("của người dân", "các tầng lớp nhân dân")."""
    for group in GROUP.finditer(text, start, end):
        if not group.group()[:1].islower():
            return group
        before = text[max(start, group.start() - 20):group.start()]
        if not GROUP_AS_OBJECT.search(before) and not (group.group().startswith("nhân dân") and IN_A_NAME.search(before)):
            return group
    return None


def _group_speaker(article: Article, group: regex.Match[str]) -> str:
    """A speaking group as written ("Cử tri xã X", "Đoàn kiểm tra"), a body's name made whole, or the
    person a group word introduces by a short name ("cử tri Hoàn nói")."""
    text = article.match
    tail = text[group.start():group.end()].split()
    for size in (2, 1):
        short = key(" ".join(tail[-size:]))
        if len(tail) > size and tail[-size][:1].isupper():
            named = {p.name for p in article.facts.get("people", []) if key(p.name).endswith(" " + short)}
            if len(named) == 1:
                return named.pop()
    end = _extend(text, group.end()) if tail[-1][:1].isupper() else group.end()
    if len(tail) <= 2 and not any(w[:1].isupper() for w in tail[1:]):
        # A bare "cử tri" where the article names one group of them ("cử tri xã Hoằng Đồng"): that group.
        head = key(text[group.start():end])
        named = {key(text[m.start():m.end()]): text[m.start():m.end()] for m in GROUP.finditer(text)
                 if key(text[m.start():m.end()]).startswith(head + " ") and m.group().split()[-1][:1].isupper()}
        if len(named) == 1:
            whole = next(m for m in GROUP.finditer(text) if key(m.group()) in named)
            return article.body[whole.start():_extend(text, whole.end())]
    return article.body[group.start():end]


TITLE_BEFORE = regex.compile(rf"(?<![\p{{L}}])(?:{TITLE.pattern})\s+$")
SHORT_NAME = regex.compile(r"(?<![\p{L}])(?:[Nn]gài|[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]ại biểu|ĐB)\s+(?P<name>\p{Lu}[\p{L}]*(?:-\p{L}+)*)(?![\p{L}-])")


def _short_name_before(article: Article, start: int, end: int) -> str | None:
    """"Ngài Na-cai khẳng định", "ông Trump nói": the one person of the article whose name ends so, where
    the people found did not mark the short mention."""
    for m in reversed(list(SHORT_NAME.finditer(article.match, start, end))):
        short = key(m.group("name"))
        named = {p.name for p in article.facts.get("people", []) if key(p.name) == short or key(p.name).endswith(" " + short)}
        if len(named) == 1:
            return named.pop()
    return None


def _spoken(article: Article, clause: Clause) -> bool:
    """A verb of speech in the clause's sentence: a statement verb of the clause, or an opinion verb."""
    return clause.verb is not None or bool(OPINION.search(article.match, clause.sentence_start, clause.end))


def speaker_of(article: Article, clause: Clause, run_speaker: str | None, quotes: list[tuple[int, int, str]] = ()) -> str | None:
    """Who says it: the person or body before the verb; a person called by a title of theirs; a
    speaking group ("Cử tri xã X", "Đoàn kiểm tra"); the person named after a quotation ("...”,
    ông X nói"); the person a pronoun refers to; else the speaker of the run it continues. In a
    clause with no verb of speech ("Đảng ủy phường phải tập trung ..."), who is named is who must
    act: the speaker is the run's."""
    text = article.match
    quoted = _quoted_by(quotes, clause)
    if quoted:
        return quoted
    theo = THEO.match(text, clause.sentence_start, clause.end)
    if theo:  # "Theo ông X, ...", "Cũng theo Phó Thủ tướng, ...": whoever the clause is "according to"
        said = _named_before(article, theo.start(), theo.end(), ("people",))[0] or _by_title(article, theo.start(), theo.end())
        if said is None and PRONOUN_AFTER_THEO.match(text, theo.start()):
            said = _last_person_before(article, clause.sentence_start)
        if said:
            return said
    spoken = _spoken(article, clause)
    if not spoken and run_speaker:
        return run_speaker
    end = _subject_end(article, clause)
    if spoken and PRONOUN.search(text, clause.sentence_start, end - 1):  # "Ông cũng nhận định ...", "đồng chí yêu cầu ..."
        said = _last_person_before(article, clause.sentence_start)
        if said:
            return said
    speaker = _mention_before(article, clause.sentence_start, end, ("people",), subjects_only=True)[0]
    speaker = speaker or _short_name_before(article, clause.sentence_start, end)
    if speaker is None and clause.verb is not None and clause.verb.start() == clause.sentence_start:
        comma = text.find(",", clause.verb.end(), clause.end)  # "Đánh giá cao ..., Bí thư X cho rằng ..."
        speaker, _ = _named_before(article, comma, clause.end) if comma > 0 else (None, None)
    speaker = speaker or _by_title(article, clause.sentence_start, end)
    if speaker is None and spoken:
        speaker, _, (a, b) = _mention_before(article, clause.sentence_start, end, ("organizations",))
        if speaker and key(article.body[a:b]) == key(speaker) and _extend(text, b) > b:
            speaker = article.body[a:_extend(text, b)]  # "Bộ Giao" → "Bộ Giao thông vận tải"
        title = TITLE_BEFORE.search(text, clause.sentence_start, a) if speaker else None
        if title:  # "Chủ tịch Hiệp hội BĐS TP.HCM đề nghị": the unnamed official of the body
            speaker = article.body[title.start():a] + speaker
        group = _group_before(text, clause.sentence_start, end) if speaker is None else None
        speaker = _group_speaker(article, group) if group else speaker

    sentence_end = next((b for a, b in article.sentences if a == clause.sentence_start), clause.end)
    if speaker is None:
        for quote in AFTER_QUOTE.finditer(text, clause.start, sentence_end):
            speaker = _attributed(article, quote.end())
            if speaker:
                break
    return speaker or run_speaker


UNAMBIGUOUS = ("petition", "assessment", "commitment")  # verbs whose type does not turn on who speaks to whom
SUPERIORS = tuple(key(w) for w in lexicon.words("superiors.txt"))
UPWARD = regex.compile(rf"\s*:?\s*(?:{lexicon.alternation(lexicon.words('upward_addressees.txt'))})(?![\p{{L}}])")
DOWNWARD = regex.compile(rf"\s*:?\s*(?:{lexicon.alternation(lexicon.words('downward_addressees.txt'))})(?![\p{{L}}])")
TOP = regex.compile(r"(?:bộ chính trị|ban bí thư|tổng bí thư|chủ tịch nước|thủ tướng|ban chấp hành trung ương|quốc hội)")
PETITIONING = regex.compile(r"(?:cử tri|người dân|nhân dân|doanh nghiệp|hộ dân|hội viên|đoàn viên)")


def _direction(article: Article, clause: Clause, kind: str) -> str:
    """Recommendation or petition by who speaks to whom (the guidelines' direction rule), where the wording
    settles it: a request to "Quốc hội", "Trung ương", "cấp trên" goes up (unless the very top asks); voters,
    people and firms ask up; a Party secretary, a chairman, a general ask down, and so does a request to
    "các ...", "ngành", "chính quyền" (those under the speaker)."""
    if kind not in ("recommendation", "petition") or clause.verb is None or _VERBS[clause.verb.group("verb")] not in ("recommendation", "petition"):
        return kind
    text = article.match
    who, what = _named_before(article, clause.sentence_start, clause.verb.start() + 1)
    rank = _rank(article, who, what) if who else ""
    group = GROUP.search(text, clause.sentence_start, clause.verb.start()) if who is None else None
    if group is not None:
        rank = group.group().casefold()
    rank = key(rank)
    if UPWARD.match(text, clause.verb.end()) and not TOP.match(rank):
        return "petition"
    if PETITIONING.match(rank):
        return "petition"
    if rank.startswith(SUPERIORS) or DOWNWARD.match(text, clause.verb.end()):
        return "recommendation"
    return kind


def _rule(article: Article, clause: Clause, previous: str) -> str | None:
    """What the genre's wording settles without the classifier: a verb that has one type
    ("kiến nghị" asks, "biểu dương" assesses) with someone before it; and a sentence opening
    "Đồng thời, ...", "Trong đó, ..." right after a statement, which carries its run on."""
    text = article.match
    if clause.verb is not None and _VERBS[clause.verb.group("verb")] in UNAMBIGUOUS:
        if _named_before(article, clause.sentence_start, clause.verb.start() + 1)[0] or GROUP.search(text, clause.sentence_start, clause.verb.start()):
            return _VERBS[clause.verb.group("verb")]
    if previous != "none" and clause.first_of_sentence and clause.verb is None and CONTINUATION.match(text[clause.start:clause.end]):
        return previous
    return None


RUN_GAP = 2  # paragraphs a run of statements carries over: a photo caption or a subheading may stand between


def extract_statements(article: Article) -> list[Statement]:
    classifier = model("statements")
    body = article.body
    out: list[Statement] = []
    previous, run_speaker, run_paragraph = "none", None, -1
    quotes = quotations(article)
    for clause in clauses(article):
        kind = _rule(article, clause, previous) or _direction(article, clause, classifier.predict(features(article, clause, previous)))
        last = out[-1] if out else None
        if kind == "none" and last and not clause.first_of_sentence and clause.verb is None \
                and last.spans[-1][0] >= clause.sentence_start and last.spans[-1][1] >= clause.start - 2:
            kind = last.type  # "kiến nghị A; B": the next item of a list the sentence's statement opened
        previous = kind
        if kind == "none":
            if clause.first_of_sentence and _spoken(article, clause):
                # "Đồng chí khẳng định ...", then "Đồng thời nhấn mạnh ...": who speaks in a sentence that
                # is not itself a statement goes on speaking in the next.
                said = speaker_of(article, clause, None, quotes)
                if said is not None:
                    run_speaker, run_paragraph = said, clause.paragraph
            continue
        speaker = speaker_of(article, clause, run_speaker if clause.paragraph - run_paragraph <= RUN_GAP else None, quotes)
        if speaker is None:
            continue
        run_speaker, run_paragraph = speaker, clause.paragraph
        if last and last.type == kind and last.speaker == speaker and last.spans[-1][0] >= clause.sentence_start:
            # One record per sentence; a sentence holds two only where its clauses differ in type.
            start = last.spans[0][0]
            last.text, last.spans = body[start:clause.end].strip(" ;,:"), [(start, clause.end)]
            continue
        out.append(Statement(kind, speaker, None, body[clause.start:clause.end].strip(" ;,:"), [(clause.start, clause.end)]))
    # A sentence printed twice (a lead repeated in the body) is one statement.
    seen: set[tuple[str, str | None, str]] = set()
    unique = []
    for st in out:
        k = (st.type, st.speaker, st.text)
        if k not in seen:
            seen.add(k)
            unique.append(st)
    return unique
