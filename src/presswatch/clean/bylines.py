"""Bylines: who wrote the article, and which outlet it was taken from.

"HỒNG QUÂN" → Hồng Quân; "Bài, ảnh: Lê Thảo" → Lê Thảo; "Công Hạnh - Hải Vân" → two authors;
"S. Hải" stays as written; "Theo TTXVN", "(VOV)" name an outlet, not an author.
"""

from __future__ import annotations

import regex

from ..text import is_upper_word, match_form, title_case
from . import patterns as P

# Words that are never a name in a byline: sentence words, and the staff words of newsrooms.
NOT_NAMES = {"PV", "CTV", "BTV", "TH", "T/h", "Tổng hợp", "Nhóm PV", "Theo", "Nguồn", "Ảnh", "Video", "Clip"}


def _outlet(text: str) -> str | None:
    tag = text.strip(" ().")
    return P.OUTLETS.get(tag) or P.OUTLETS_FOLDED.get(tag.casefold()) or (tag if tag.isupper() and len(tag) <= 12 else None)


def split_names(names: str) -> tuple[list[str], str | None]:
    """Author names in a byline's name part; an outlet among them is returned separately."""
    authors, outlet = [], None
    source = regex.search(r"\(([^)]*)\)|/\s*(.+)$", names)
    if source:
        tag = (source.group(1) or source.group(2) or "").strip()
        outlet = _outlet(tag) if tag.casefold() not in ("t/h", "tổng hợp", "th", "thực hiện") else None
    names = regex.sub(r"\s*\([^)]*\)|/.*$|\s*[-–]\s*[Ảả]nh\s*:.*$", "", names)
    for part in P.NAME_SPLIT.split(names):
        part = part.strip(" .")
        if not part or part in NOT_NAMES:
            continue
        known = P.OUTLETS.get(part) if part in P.OUTLETS else None
        if known is not None or (is_upper_word(part.replace(" ", "")) and len(part.split()) == 1 and len(part) <= 6):
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
        return [], _outlet(source.group("outlet")) or source.group("outlet").strip()
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
    if not authors and outlet is None:
        return None
    return authors, outlet
