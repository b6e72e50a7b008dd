"""Bylines: who wrote the article, and which outlet it was taken from.

"HỒNG QUÂN" → Hồng Quân; "Bài, ảnh: Lê Thảo" → Lê Thảo; "Công Hạnh - Hải Vân" → two authors;
"S. Hải" stays as written; "Theo TTXVN", "(VOV)" name an outlet, not an author.
"""

from __future__ import annotations

import regex

from ..text import is_upper_word, match_form, title_case
from . import patterns as P

# Words that are never a name in a byline: sentence words, and the staff words of newsrooms.
_COMPILED = {"t/h", "tổng hợp", "th", "thực hiện", "lược dịch", "t.hợp", "dịch", "tổng hợp, dịch"}
NOT_NAMES = {"PV", "CTV", "BTV", "TH", "T/h", "Tổng hợp", "Nhóm PV", "Nhóm phóng viên", "Theo", "Nguồn", "Ảnh", "Video", "Clip",
             "Internet", "Tư liệu", "Minh họa", "Minh hoạ"}
# A name part that opens with one of these is an outlet or a body, not a person ("Báo Xây dựng", "Cổng TTĐT").
NOT_NAME_OPENERS = regex.compile(r"(?:Báo|Cổng|Trang|Ban|Tạp chí|Đài|Thông tấn|Văn phòng|Sở|Bộ|Nhóm)\s", regex.IGNORECASE)


def _outlet(text: str) -> str | None:
    tag = text.strip(" ().")
    return P.OUTLETS.get(tag) or P.OUTLETS_FOLDED.get(tag.casefold()) or (tag if tag.isupper() and len(tag) <= 12 else None)


def split_names(names: str) -> tuple[list[str], str | None]:
    """Author names in a byline's name part; an outlet among them is returned separately."""
    authors, outlet = [], None
    source = regex.search(r"\(([^)]*)\)|/\s*(.+)$", names)
    if source:
        tag = regex.sub(r"^(?:[Tt]heo|[Nn]guồn:?)\s+", "", (source.group(1) or source.group(2) or "").strip())
        outlet = None if tag.casefold() in _COMPILED else _outlet(tag) or (tag if source.group(1) and tag[:1].isupper() else None)
    half = len(names) // 2
    if names[:half].strip() == names[half:].strip():  # "Quang Hùng Quang Hùng": the byline printed twice
        names = names[:half]
    names = regex.sub(r"\s*\([^)]*\)|/.*$|\s*[-–]\s*[Ảả]nh\s*:.*$", "", names)
    for part in P.NAME_SPLIT.split(names):
        part = part.strip(" .()")
        if not part or part in NOT_NAMES or NOT_NAME_OPENERS.match(part):
            continue
        if regex.match(r"(?:[Tt]heo|[Nn]guồn)\s", part):  # "P.Thảo - Theo Dân Trí"
            outlet = outlet or _outlet(part.split(None, 1)[1]) or part.split(None, 1)[1]
            continue
        known = P.OUTLETS.get(part) if part in P.OUTLETS else None
        if known is not None or (is_upper_word(part) and " " not in part and "." not in part and 2 <= len(part) <= 6):
            outlet = outlet or known or part
            continue
        words = part.split()
        if any(is_upper_word(w) and len(w) > 1 for w in words):
            part = title_case(part)
        authors.append(part)
    return authors, outlet


def byline_line(text: str) -> tuple[list[str], str | None] | None:
    """(authors, outlet) when the whole line is a byline or a source line."""
    m = match_form(text.strip())
    if len(m) > 90:
        return None
    if P.STAFF.match(m):
        return [], None  # a staff byline: noise, but no one's name
    source = P.SOURCE_LINE.match(m)
    if source:
        said = source.group("outlet").strip()
        inner = regex.fullmatch(r"(?P<who>[^()]+?)\s*\((?P<outlet>[^()]+)\)", said)
        if inner:  # "Theo Nguyễn Huệ (Dân Việt)": a writer of another outlet
            return split_names(inner.group("who"))[0], _outlet(inner.group("outlet")) or inner.group("outlet")
        return [], _outlet(said) or said
    if m.startswith("(") and m.endswith(")") and _outlet(m):
        return [], _outlet(m)
    found = P.BYLINE.match(m)
    if not found:
        return None
    names = text.strip()[found.start("names"):found.end()]
    authors, outlet = split_names(names)
    words = [w for w in found.group("names").split() if w[:1].isalpha()]
    # A plain title-case line without a prefix must look like names, not like a short heading.
    if not found.group("prefix") and not all(w[:1].isupper() for w in words):
        return None
    if (not authors and outlet is None) or sum(ch.isalpha() for ch in names) < 2:
        return None
    return authors, outlet
