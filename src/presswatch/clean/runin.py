"""Noise run into a paragraph, as throughout scraped aggregator text: photo credits and the
caption they close ("Toàn cảnh hội nghị. Ảnh: HẢI NGUYỄN"), "(Ảnh minh hoạ)", and a byline
at the end of the last paragraph ("... nhiệm vụ. Minh Anh"). Each is cut out and the
paragraph is split where it was, so no real sentence is lost and no noise is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from .. import lexicon
from ..text import match_form
from . import patterns as P
from .bylines import byline_line, split_names

# A capitalized function word after a lower-case word: a sentence starts there though no stop was printed.
_OPENERS = lexicon.words("sentence_openers.txt")
MISSING_STOP = regex.compile(rf"(?<=(?:^|\s)[\p{{Ll}}\d][\p{{Ll}}\d%)\]]*)\s+(?=(?:{lexicon.alternation(_OPENERS)})\s)")
SENTENCE_END = regex.compile(r"(?<=[.!?…][\"”»)]?)\s+(?=[\p{Lu}\d\"“(])")


@dataclass
class Fragment:
    text: str
    reason: str
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None


def _caption_start(m: str, credit_start: int) -> int:
    """Where the caption closed by a photo credit begins: after the last sentence end or missing stop."""
    start = 0
    for end in SENTENCE_END.finditer(m, 0, credit_start):
        if end.end() < credit_start:
            start = end.end()
    for gap in MISSING_STOP.finditer(m, start, credit_start):
        start = gap.end()
    caption = m[start:credit_start]
    # Only a short stretch is a caption; longer text before the credit is a sentence of the story.
    if len(caption.split()) > 40 or (caption.rstrip().endswith((".", "!", "?")) and len(caption.split()) > 25):
        return credit_start
    return start


_STOP_WORDS = {w.split()[0] for w in _OPENERS} | {w.split()[0] for w in lexicon.words("titles.txt")} | {
    w.split()[0] for w in lexicon.words("honorifics.txt")}


def _credit_end(m: str, credit: regex.Match[str]) -> int:
    """A credit's names end where a sentence or a title starts, even with no stop printed:
    "Ảnh: HẢI NGUYỄN Tới 2020 ..." ends after NGUYỄN."""
    if not credit.groupdict().get("names"):
        return credit.end()
    end = credit.start("names")
    words = list(regex.finditer(r"\S+", m[: credit.end()]))
    words = [w for w in words if w.start() >= credit.start("names")]
    previous_caps = None
    for n, word in enumerate(words):
        bare = word.group().strip(",.-–()")
        caps = bare.isupper()
        if n and (bare in _STOP_WORDS or (previous_caps and not caps) or n >= 4):
            break
        previous_caps = caps if len(bare) > 1 else previous_caps
        end = word.end()
    if m[end:end + 1] == ")" and "(" in m[credit.start():credit.start("names")]:
        end += 1
    return end


_SCENES = lexicon.alternation(lexicon.words("caption_scenes.txt"))
_CAPTION_VERB = r"(?:phát biểu(?: chỉ đạo| kết luận| khai mạc| bế mạc| tại)?|đến thăm(?: và làm việc)?|thăm(?: và làm việc)?|trao(?: tặng| quà| quyết định| bằng| giấy khen)?|tặng(?: quà| hoa)?|nêu ý kiến|chụp ảnh(?: lưu niệm)?|dâng hương|dâng hoa|chúc mừng|tham quan|làm việc)"
# A caption with no credit, run into the text: who, a caption verb, the scene; then a new sentence.
# Not "X chủ trì hội nghị": who chaired is a fact the article reports, never only a photo's scene.
SCENE_CAPTION = regex.compile(
    rf"(?:(?<=^)|(?<=[.!?…][\"”»)]?\s))"
    rf"(?P<cap>(?:(?:Toàn cảnh|Quang cảnh)\s+(?:buổi\s+)?(?:{_SCENES})"
    rf"|\p{{Lu}}[\p{{L}}/.]*(?:\s[\p{{L}}.]+){{1,11}}?,?\s{_CAPTION_VERB}(?:\s(?:tại|với|cho|ở|trong|cùng)\s[^.;:!?,\"“]{{0,40}}?)?\s?(?:{_SCENES}))"
    rf"(?:\s(?:với|của|tại)\s(?:(?:tỉnh|thành phố|huyện|quận|xã|phường)\s)?\p{{Lu}}[\p{{L}}]*(?:\s(?:[\p{{Lu}}][\p{{L}}]*|tỉnh|thành phố|huyện|quận|xã|phường|an|ủy))*)?)"
    rf"(?P<end>\.?(?=\s+\p{{Lu}})|\.?$)"
)


# A caption opening a paragraph with no stop, right before the story's dateline:
# "Lãnh đạo TP Hải Phòng chúc mừng 2 tân Phó Chủ tịch Sáng 13-7, ...".
CAPTION_BEFORE_DATELINE = regex.compile(
    r"^(?P<cap>\p{Lu}[^.!?…:;\"“]{4,200}?)\s+(?=(?:Sáng|Chiều|Tối|Trưa|Ngày|Hôm nay)(?:\s+(?:nay|ngày))?\s*\(?\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{4})?\)?\s*,)"
)


def _scene_captions(m: str) -> list[tuple[int, int]]:
    out = []
    opening = CAPTION_BEFORE_DATELINE.match(m)
    if opening and len(opening.group("cap").split()) <= 25:
        out.append(opening.span("cap"))
    for c in SCENE_CAPTION.finditer(m):
        words = c.group("cap").split()
        if len(words) <= 25:
            out.append((c.start("cap"), c.end("end")))
    return out


def _cut_captions(text: str) -> tuple[list[str], list[Fragment]]:
    m = match_form(text)
    pieces, fragments, pos = [], [], 0
    found = [(c.start(), c) for c in P.PHOTO_CREDIT.finditer(m)] + [(c.start(), c) for c in P.PHOTO_TAG.finditer(m)]
    credits = [c for _, c in found]
    for start, end in _scene_captions(m):
        if not any(c.start() <= end and start <= c.end() for c in credits):
            found.append((start, (start, end)))
    for _, credit in sorted(found, key=lambda x: x[0]):
        if isinstance(credit, tuple):
            start, end = credit
            if start < pos:
                continue
            pieces.append(text[pos:start])
            fragments.append(Fragment(text[start:end].strip(), "caption"))
            pos = end
            continue
        if credit.start() < pos:
            continue
        start = max(pos, _caption_start(m, credit.start()))
        end = _credit_end(m, credit)
        names = credit.groupdict().get("names")
        authors = split_names(text[credit.start("names"):end].strip())[0] if names else []
        pieces.append(text[pos:start])
        fragments.append(Fragment(text[start:end].strip(), "caption", authors))
        pos = end
    pieces.append(text[pos:])
    return [p.strip() for p in pieces if p.strip() and not P.PUNCT_ONLY.match(p)], fragments


def _cut_byline(text: str) -> tuple[str, Fragment | None]:
    """A byline after the last sentence of the article."""
    m = match_form(text)
    ends = list(regex.finditer(r"[.!?…][\"”»)]?\s+", m))
    if not ends:
        return text, None
    tail_start = ends[-1].end()
    tail = text[tail_start:].strip()
    if not tail or len(tail.split()) > 10:
        return text, None
    found = byline_line(tail)
    if found is None:
        return text, None
    authors, outlet = found
    return text[:tail_start].rstrip(), Fragment(tail, "byline", authors, outlet)


def cut_run_in(paragraphs: list[str]) -> tuple[list[str], list[Fragment]]:
    kept: list[str] = []
    fragments: list[Fragment] = []
    for paragraph in paragraphs:
        pieces, found = _cut_captions(paragraph)
        kept.extend(pieces)
        fragments.extend(found)
    if kept:
        last, byline = _cut_byline(kept[-1])
        if byline:
            kept[-1] = last
            fragments.append(byline)
    return [k for k in kept if k], fragments
