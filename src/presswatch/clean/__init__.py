"""The clean stage: a raw document becomes an `Article`.

Like trafilatura, cleaning is a sequence of small focused steps over the page's lines: each
step marks the lines it recognises (banner, section, title, dateline, caption, byline, widget,
duplicated lead) and what remains is the body. Noise run into a paragraph (a photo credit, a
byline at the end of the last paragraph) is cut out. Everything removed is kept on the article
as `noise`, with its reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import regex

from .. import lexicon
from ..dates import FULL_DATE, TIME_COLON, full_date
from ..model import Article, Noise
from ..read import Document
from ..text import clean_line, key, match_form
from . import patterns as P
from .bylines import byline_line, split_names
from .runin import cut_run_in

log = logging.getLogger(__name__)


@dataclass
class Line:
    text: str
    kind: str = "body"  # or a noise reason


@dataclass
class Page:
    doc: Document
    lines: list[Line]
    title_index: int | None = None
    title: str | None = None
    title_guessed: bool = False  # from the first sentence of the body: no line is the title
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    outlet: str | None = None
    section: str | None = None
    cut: list[Noise] = field(default_factory=list)  # noise cut from the start of a kept line

    def body_indexes(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.kind == "body"]


def _mark_furniture(page: Page) -> None:
    """Widgets, punctuation-only lines and lines of a single character."""
    for line in page.lines:
        if P.widget(line.text) or P.PUNCT_ONLY.match(line.text):
            line.kind = "widget" if P.widget(line.text) else "punctuation"


def _mark_title(page: Page) -> None:
    """The title is the first line that is not a banner, section label or dateline.

    When the container gave a title (JSON Lines), a body line equal to it is the title line.
    """
    given = page.doc.meta.get("title")
    if given:
        page.title = clean_line(given)
        title = key(page.title)
        for i, line in enumerate(page.lines[:6]):
            if line.kind == "body" and key(line.text) == title:
                line.kind, page.title_index = "title", i
                break
        return
    for i, line in enumerate(page.lines[:12]):
        if line.kind != "body":
            continue
        if P.dateline(line.text):
            line.kind = "banner"  # a date above the title is the day's banner, not the publication date
            continue
        if line.text.casefold() in P.SECTIONS and i + 1 < len(page.lines):
            line.kind, page.section = "section", line.text
            continue
        if _reads_as_sentence(line.text) or not any(x.kind == "body" for x in page.lines[i + 1:]):
            page.title, page.title_guessed = _guessed_title(line.text), True
            log.warning("%s: no title line (the first line reads as the story's first sentence); it is kept as "
                        "body and the title is guessed from it", page.doc.origin)
            return
        line.kind, page.title_index, page.title = "title", i, line.text
        return


HEADLINE_WORDS = 30  # a guessed title is cut at a word to this length, "…" after it
SENTENCE_END = regex.compile(r"(?<![.!?…])\.(?=\s+\p{Lu}|$)")


def _reads_as_sentence(text: str) -> bool:
    """A first line that opens the story rather than heading it: headlines of ten words or more do
    not end in a single full stop (8 of 20,000 in baomoi-2017 do)."""
    return len(text.split()) >= 10 and text.endswith(".") and not text.endswith(("..", "!.", "?.", "…."))


def _guessed_title(first: str) -> str:
    """The first sentence, cut at a word to headline length."""
    end = next((m for m in SENTENCE_END.finditer(first) if len(first[:m.start()].split()) >= 5), None)
    sentence = first[:end.start() + 1] if end else first
    words = sentence.split()
    return sentence if len(words) <= HEADLINE_WORDS else " ".join(words[:HEADLINE_WORDS]) + " …"


def _mark_datelines(page: Page) -> None:
    """The first dateline below the title gives the publication date; a container date comes first."""
    start = 0 if page.title_index is None else page.title_index + 1
    dateline = None
    for line in page.lines[start:start + 8]:
        if line.kind != "body":
            continue
        parsed = P.dateline(line.text)
        if parsed:
            line.kind = "dateline"
            dateline = dateline or parsed
    found = dateline
    given = page.doc.meta.get("date")
    if given:  # the container's date: ISO ("2013-10-23T08:00") or as Vietnamese pages write it ("23/10/2013")
        iso = given[:10] if re.match(r"\d{4}-\d\d-\d\d", given) else None
        match = None if iso else FULL_DATE.search(given)
        iso = iso or (full_date(match).iso() if match and full_date(match) else None)
        if iso:
            time = TIME_COLON.search(given[10:])
            found = (iso, f"{int(time.group('h')):02d}:{time.group('min')}" if time else None)
    if found:
        day, hhmm = found
        if not hhmm and dateline and dateline[0] == day:  # the container gave the day, the page's dateline the time
            hhmm = dateline[1]
        page.published = f"{day}T{hhmm}:00+07:00" if hhmm else day


IMAGE = re.compile(r"^!?\[[^\]]*\]\([^)]*\)\s*$|^!\(https?://\S*\)?\s*$|^https?://\S+$")
TRUNCATED = re.compile(r"\s*(?:\.\.\.|…)\s*$")
OPENER = regex.compile(rf"\s(?=\(\p{{Lu}}|(?:{lexicon.alternation(lexicon.words('sentence_openers.txt'))}|Sáng|Chiều|Tối|Ngày|Hôm)\s)")


def _mark_digest(page: Page) -> None:
    """A news digest's furniture around a scraped page: image lines, a feed snippet cut off with
    "..." that the article repeats, and a line that runs a section label and the title into the
    lead (the label and title are cut; the line goes when its lead is printed again)."""
    body = page.body_indexes()
    keys: dict[int, str] = {}  # each line's key, made once, only for the lines compared

    def key_of(i: int) -> str:
        if i not in keys:
            keys[i] = key(page.lines[i].text)
        return keys[i]

    for n, i in enumerate(body):
        line = page.lines[i]
        if IMAGE.match(line.text):
            line.kind = "image"
            continue
        if not TRUNCATED.search(line.text):
            continue
        stem = key(TRUNCATED.sub("", line.text))
        if len(stem) >= 30 and any(stem in key_of(j) for j in body[n + 1:]):
            line.kind = "duplicate_lead"
        elif n >= 3 and len(line.text.split()) <= 25 and not regex.search(r"[.!?]\s", line.text):
            line.kind = "related"  # a headline of another story, cut off, below the lead
    title = key(TRUNCATED.sub("", page.title or ""))
    if len(title) < 20 or page.title_guessed:
        return
    for i in page.body_indexes()[:6]:
        line = page.lines[i]
        at = key_of(i).find(title)
        if not 0 <= at <= 40 or len(key_of(i)) - len(title) < 40:
            continue
        boundary = OPENER.search(line.text, at + len(title))
        rest = line.text[boundary.end():] if boundary else ""
        rest_key = key(rest)[:80]
        if not rest or any(rest_key in key_of(j) for j in page.body_indexes() if j != i):
            line.kind = "title"
        else:
            page.cut.append(Noise(line.text[:boundary.start()], "title"))
            line.text = rest
        return


def _is_caption(text: str) -> bool:
    """A line of its own that describes a photo rather than telling the story."""
    if len(text) > 320:
        return False
    m = match_form(text)
    credit = P.PHOTO_CREDIT.search(m)
    if (credit and len(m) - credit.end() < 3) or P.PHOTO_TAG.fullmatch(m):
        return True  # a credit at the end closes a caption; one inside a line is cut out later
    if P.DATED_OPENING.match(m):
        return False  # "Sáng 7-2, ..." opens a story, never a caption
    half = len(m) // 2
    if len(m) > 20 and m[:half].strip() == m[half:].strip():  # the same caption printed twice
        return True
    words = m.split()
    if len(words) > 35 or P.REPORTED_SPEECH.search(m):  # a caption shows a photo; it reports no speech
        return False
    if not m.endswith(P.TERMINAL):
        return bool(P.CAPTION_OPENERS.match(m) or P.CAPTION_VERBS.search(m)) and not m.endswith(":")
    if m.endswith(".") and len(words) <= 20 and "," not in m:
        return bool(P.CAPTION_OPENERS.match(m) and P.CAPTION_VERBS.search(m))
    return False


def _same_line(a: str, b: str) -> bool:
    """The same text but for spaces, case and outer punctuation (lengths compared first: keys cost)."""
    return abs(len(a) - len(b)) <= 8 + len(a) // 10 and key(a) == key(b)


def _mark_captions_and_duplicates(page: Page) -> None:
    body = page.body_indexes()
    for n, i in enumerate(body):
        text = page.lines[i].text
        nxt = page.lines[body[n + 1]].text if n + 1 < len(body) else None
        stem = text.rstrip(" .,;…")
        if nxt and len(stem) >= 30 and nxt.startswith(stem) and len(nxt) > len(stem):
            page.lines[i].kind = "duplicate_lead"
        elif n > 0 and _same_line(text, page.lines[body[n - 1]].text):
            page.lines[i].kind = "duplicate"
        elif len(body) > 1 and _is_caption(text):  # a caption goes with a story: alone, the line is the story
            page.lines[i].kind = "caption"
            credit = P.PHOTO_CREDIT.search(match_form(text))
            if credit:
                names = split_names(text[credit.start("names"):credit.end("names")])[0]
                page.credits.extend(a for a in names if a not in page.credits)


def _mark_byline(page: Page) -> None:
    """The byline closes the article; furniture after it is not body."""
    body = page.body_indexes()
    for n in range(len(body) - 1, max(-1, len(body) - 4), -1):
        i = body[n]
        found = byline_line(page.lines[i].text)
        if found is None:
            continue
        names, outlet = found
        page.lines[i].kind = "byline"
        page.authors.extend(a for a in names if a not in page.authors)
        page.outlet = page.outlet or outlet
        for j in body[n + 1:]:
            if len(page.lines[j].text) < 120:
                page.lines[j].kind = "widget"
        return


def _outlet(page: Page) -> None:
    given = page.doc.meta.get("outlet")
    if given:
        page.outlet = given
        return
    for i in page.body_indexes()[:2]:
        m = P.OUTLET_TAG.match(page.lines[i].text)
        if not m:
            continue
        tag = m.group("tag")
        known = P.OUTLETS.get(tag) or P.OUTLETS_FOLDED.get(tag.casefold())
        if known is not None or tag.isupper() or "." in tag:
            page.outlet = page.outlet or known or tag
            return


STEPS: list[Callable[[Page], None]] = [
    _mark_furniture,
    _mark_title,
    _mark_datelines,
    _mark_digest,
    _mark_byline,
    _mark_captions_and_duplicates,
    _outlet,
]


def clean(doc: Document) -> Article:
    raw_lines = [clean_line(x) for x in doc.text.splitlines()]
    page = Page(doc, [Line(x) for x in raw_lines if x])
    lead = doc.meta.get("lead")
    if lead and not any(key(line.text).startswith(key(lead)[:40]) for line in page.lines[:3]):
        page.lines.insert(0, Line(clean_line(lead)))
    for step in STEPS:
        step(page)
    article = Article(path=doc.origin, title=page.title, published=page.published, authors=page.authors,
                      outlet=page.outlet, section=page.section or doc.meta.get("section"), url=doc.meta.get("url"),
                      id=doc.meta.get("id"), fetched=doc.meta.get("fetched"), noise=list(doc.noise))
    article.noise.extend(page.cut)
    for line in page.lines:
        if line.kind != "body":
            article.noise.append(Noise(line.text, line.kind))
    paragraphs = [line.text for line in page.lines if line.kind == "body"]
    article.paragraphs, fragments = cut_run_in(paragraphs)
    for fragment in fragments:
        article.noise.append(Noise(fragment.text, fragment.reason))
        if fragment.reason == "byline":
            article.authors.extend(a for a in fragment.authors if a not in article.authors)
            article.outlet = article.outlet or fragment.outlet
    if not article.authors and doc.meta.get("authors"):  # named by the container (JSON-LD, JSON Lines), not printed
        article.authors = [a.strip() for a in doc.meta["authors"].split(";") if a.strip()]
    if not article.authors:  # with no byline, the photo credits name who made the story
        for fragment in fragments:
            article.authors.extend(a for a in fragment.authors if a not in article.authors)
        article.authors.extend(a for a in page.credits if a not in article.authors)
    return article
