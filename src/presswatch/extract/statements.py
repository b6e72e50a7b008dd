"""Statements: what officials recommend and assess, what units petition for and commit to.

A statement opens with a verb of lexicon/statement_verbs.tsv used as a verb ("X đề nghị Y ...",
not "những kiến nghị"); its speaker is the subject before the verb, or the person or body who
spoke last. One statement per sentence, or per clause where a new verb opens one ("ghi nhận ...,
đề nghị ..."; "...; đề xuất ..."). The speaker's run goes on through the sentences and paragraphs
that carry it on ("Đồng thời, ...", "Trong đó, ...", a clause with "cần" or "phải", an instruction
with no subject) and ends when the article goes back to reporting ("Theo báo cáo, ...").
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from .. import lexicon
from ..model import Article, Statement

_VERBS = {row[0]: row[1] for row in lexicon.table("statement_verbs.tsv")}
_VERBS.update({k[:1].upper() + k[1:]: v for k, v in list(_VERBS.items())})  # "Đánh giá cao ..., X ..." opens a sentence
VERB = regex.compile(rf"(?<![\p{{L}}])(?P<verb>{lexicon.alternation(list(_VERBS))})(?![\p{{L}}])(?=\s*[,:]?\s*[\p{{L}}\d\"“])")
BLOCKERS = regex.compile(rf"(?:^|\s)(?:{lexicon.alternation(lexicon.words('statement_blockers.txt'))})\s*$", regex.IGNORECASE)
CONTINUATION = lexicon.phrases("continuations.txt", at_start=True)
IMPERATIVE = lexicon.phrases("imperatives.txt", at_start=True)
MODAL = lexicon.phrases("modals.txt")
BREAKER = lexicon.phrases("breakers.txt", at_start=True)
REPORT = regex.compile(r"(?<![\p{L}])(?:cho biết|đã báo cáo|trình bày báo cáo)(?![\p{L}])")
OBJECT_OF = regex.compile(r"(?:của|với|cho|tới|đến)\s+(?:\S+\s+){0,6}$")
NOUN_USE = regex.compile(r"\s+(?:đề ra|của|được|này|đó|trên|đã|giải pháp|các giải pháp)(?![\p{L}])")


@dataclass
class _Run:
    speaker: str
    type: str
    person: bool


def _speaker(article: Article, start: int, verb_start: int, direct: bool = False) -> tuple[str | None, bool]:
    """The subject before the verb: the last person named there, else the last body named there.
    The flag says whether the speaker is a person. `direct`: the subject must stand right before the verb."""
    best = None
    for kind in ("people", "organizations"):
        for fact in article.facts.get(kind, []):
            for a, b in fact.spans:
                if start <= a and b <= verb_start + 1 and (best is None or a > best[0]) and (not direct or verb_start - b < 16):
                    best = (a, fact.name, kind == "people")
        if best:
            return best[1], best[2]
    return None, False


def _addressee(article: Article, pos: int) -> str | None:
    for org in article.facts.get("organizations", []):
        for a, b in org.spans:
            if 0 <= a - pos <= 2:
                return org.name
    for person in article.facts.get("people", []):
        for a, _ in person.spans:
            if 0 <= a - pos <= 12:
                return person.name
    return None


def _other_person(article: Article, s: int, e: int, speaker: str) -> bool:
    """Does someone else act in this sentence? A person near its start, not one named as "của X"."""
    text = article.match
    return any(p.name != speaker and s <= a < min(e, s + 100) and not OBJECT_OF.search(text, s, a)
               for p in article.facts.get("people", []) for a, _ in p.spans)


def _verbs_in(text: str, s: int, e: int) -> list[regex.Match[str]]:
    found = []
    for m in VERB.finditer(text, s, e):
        if BLOCKERS.search(text[max(s, m.start() - 20):m.start()]) or NOUN_USE.match(text, m.end()):
            continue
        found.append(m)
    return found


def _carries_on(sentence: str) -> bool:
    """Does this sentence go on with the current speaker's statement?"""
    if CONTINUATION.match(sentence) or IMPERATIVE.match(sentence):
        return True
    return bool(MODAL.search(sentence))


def extract_statements(article: Article) -> list[Statement]:
    text, body = article.match, article.body
    out: list[Statement] = []
    run: _Run | None = None
    last_paragraph = -1
    for s, e in article.sentences:
        paragraph = article.paragraph_of(s)
        new_paragraph = paragraph != last_paragraph
        last_paragraph = paragraph
        sentence = text[s:e]
        verbs = _verbs_in(text, s, e)
        if not verbs:
            if run is None:
                continue
            if BREAKER.match(sentence) and not CONTINUATION.match(sentence) or REPORT.search(sentence) and not MODAL.search(sentence):
                run = None
                continue
            if _other_person(article, s, e, run.speaker):
                run = None  # someone else acts or speaks: the article has moved on
            elif _carries_on(sentence):
                out.append(Statement(run.type, run.speaker, None, body[s:e].strip(), [(s, e)]))
            elif new_paragraph:
                run = None
            continue
        # Clauses: a new one opens at a verb after ";" or at a verb of another type after ",".
        clauses: list[tuple[int, regex.Match[str]]] = []
        for m in verbs:
            kind = _VERBS[m.group("verb")]
            if clauses:
                prev_kind = _VERBS[clauses[-1][1].group("verb")]
                gap = text[clauses[-1][1].end():m.start()]
                # What an official asks others to propose ("đề nghị ... đề xuất giải pháp") is part of the request.
                asked = prev_kind == "recommendation" and kind == "petition"
                if not (regex.search(r";\s*$", gap) or (kind != prev_kind and not asked and regex.search(r",\s*(?:đồng thời|và|sau đó|cũng)?\s*$", gap))):
                    continue
            clauses.append((m.start(), m))
        subject_start = s
        lead = text[s:clauses[0][0]]
        if run and len(lead.split()) > 4 and _carries_on(lead) and _speaker(article, s, clauses[0][0])[0] is None:
            # "Đồng thời, tiếp tục quan tâm ...; đề xuất ...": the words before the verb carry the run on.
            out.append(Statement(run.type, run.speaker, None, body[s:clauses[0][0]].strip(" ;,"), [(s, clauses[0][0])]))
        for n, (start, m) in enumerate(clauses):
            end = clauses[n + 1][0] if n + 1 < len(clauses) else e
            kind = _VERBS[m.group("verb")]
            if kind == "speech":
                kind = "recommendation" if MODAL.search(text, m.end(), end) else "assessment"
            speaker, is_person = _speaker(article, subject_start, m.start(), kind == "commitment") if n == 0 else (None, False)
            if n == 0 and speaker is None and m.start() == s:
                # "Đánh giá cao những đóng góp ..., Bí thư Thành ủy X cho rằng ...": the speaker comes after.
                comma = text.find(",", m.end(), e)
                speaker, is_person = _speaker(article, comma, e) if comma > 0 else (None, False)
            if speaker is None and run:
                speaker, is_person = run.speaker, run.person
            # Officials recommend and assess; bodies petition and commit. A statement with no one
            # to attribute it to is not kept, and does not start a run.
            if kind == "recommendation" and speaker and not is_person and m.group("verb") == "đề nghị":
                kind = "petition"  # a body's request ("UBND tỉnh ... đề nghị Bộ ...") is a petition
            if speaker is None or (kind in ("recommendation", "assessment") and not is_person):
                if n == 0:
                    run = None
                continue
            if kind == "recommendation" and run and run.type == "petition" and speaker == run.speaker:
                kind = "petition"
            clause_text = body[start:end].strip(" ;,")
            out.append(Statement(kind, speaker, _addressee(article, m.end() + 1), clause_text, [(start, end)]))
            run = _Run(speaker, kind, is_person)
            subject_start = end
    # A sentence printed twice (a lead repeated in the body) is one statement.
    seen: set[tuple[str, str | None, str]] = set()
    unique = []
    for st in out:
        k = (st.type, st.speaker, st.text)
        if k not in seen:
            seen.add(k)
            unique.append(st)
    return unique
