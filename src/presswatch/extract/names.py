"""Capitalized runs and Vietnamese personal names, shared by the extractors of people and places.

A personal name is a family name (lexicon/surnames.txt) and one to three more capitalized
syllables: "Ngô Xuân Thắng", "Cao Thị Huyền Trân". In a run of capitals the name is the tail
that starts at a family name: "Ngũ Hành Sơn Cao Thị Huyền Trân" is a district, then a person.
"""

from __future__ import annotations

import regex

from .. import gazetteer, lexicon

SYLLABLE = r"\p{Lu}\p{Ll}*(?:['’]\p{Lu}?\p{Ll}+|-\p{Ll}+)?"  # "O'Brien", "Jong-un", "Geun-hye"
RUN = regex.compile(rf"(?<![\p{{L}}\d]){SYLLABLE}(?: {SYLLABLE})*(?![\p{{L}}\d])")
# Words after which a capitalized name is part of a fixed expression or a place ("tư tưởng Hồ Chí Minh").
CONTEXT_BEFORE = regex.compile(rf"(?:^|[\s(\"“,])(?:{lexicon.alternation(lexicon.words('non_person_context.txt'))})\s*$")
SURNAMES = frozenset(w for w in lexicon.words("surnames.txt") if " " not in w)


def capitalized_run(text: str, start: int) -> tuple[int, int] | None:
    m = RUN.match(text, start)
    return m.span() if m else None


def name_tail(run: str) -> int | None:
    """Offset in `run` where a personal name of 2 to 4 syllables starts, or None."""
    words = run.split(" ")
    offset = 0
    for i, word in enumerate(words):
        if word in SURNAMES and 2 <= len(words) - i <= 4 and not (i and gazetteer.is_place(" ".join(words[:i + 1]))):
            return offset  # (not "Ninh" of "tỉnh Quảng Ninh Nguyễn Đức Long": it ends the province's name)
        offset += len(word) + 1
    return None


def looks_like_name(words: list[str]) -> bool:
    return 2 <= len(words) <= 4 and words[0] in SURNAMES and all(w[:1].isupper() and not w.isupper() or len(w) == 1 for w in words)
