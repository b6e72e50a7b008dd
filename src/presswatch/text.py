"""Vietnamese text forms: NFC for storage, one tone placement for matching, folded for search.

hòa and hoà, thủy and thuỷ are one spelling to `match_form` and `key`; the text shown stays as written.

`match_form` keeps the length of its input (every replacement swaps two code points for two),
so a regex run over the match form gives offsets that are valid in the original text: the
original spelling is displayed, the normalized one is matched.
"""

from __future__ import annotations

import re
import unicodedata

# Old and new tone-mark placement in oa/oe/uy ("hoà" / "hòa", "thuỷ" / "thủy"): one form for matching.
_TONE_PAIRS: dict[str, str] = {}
for _first, _second in (("o", "a"), ("o", "e"), ("u", "y"), ("O", "A"), ("O", "E"), ("U", "Y"), ("O", "a"), ("O", "e"), ("U", "y")):
    for _mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
        _old = unicodedata.normalize("NFC", _first + _mark + _second)
        _new = unicodedata.normalize("NFC", _first + _second + _mark)
        _TONE_PAIRS[_old] = _new
_TONE_RE = re.compile("|".join(map(re.escape, _TONE_PAIRS)) + r"(?![^\W\d_])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u3000]+")
_QUOTES = (("“", '"'), ("”", '"'), ("„", '"'), ("‘", "'"), ("’", "'"), ("–", "-"), ("—", "-"), ("\u2011", "-"))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\u200b]")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """NFC, one kind of space, no control characters, trimmed."""
    return _SPACES.sub(" ", _CONTROL.sub("", nfc(text))).strip()


def match_form(text: str) -> str:
    """Same length as `text`: one tone placement (hòa, thủy) and plain quotes and dashes.

    Only a syllable-final pair is moved ("hoà" → "hòa"), never "hoàng" or "quyền".
    """
    text = _TONE_RE.sub(lambda m: _TONE_PAIRS[m.group(0)], text)
    for old, new in _QUOTES:  # one-for-one replacements: str.replace is far faster than translate here
        if old in text:
            text = text.replace(old, new)
    return text


def key(text: str) -> str:
    """Comparison key: match form, case folded, spaces collapsed, outer punctuation stripped."""
    return " ".join(match_form(nfc(text)).casefold().split()).strip(" .,;:-")


def fold(text: str) -> str:
    """Accent-free lower case with đ folded to d, for accent-insensitive search."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_LETTERS = re.compile(r"[^\W\d_]+")


def title_case(name: str) -> str:
    """'HỒNG QUÂN' → 'Hồng Quân'; keeps initials such as 'S. Hải' and 'T.L'."""
    return _LETTERS.sub(lambda m: m.group()[:1].upper() + m.group()[1:].lower(), name)


def is_upper_word(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def is_capitalized(word: str) -> bool:
    return bool(word) and word[0].isupper()


def slug(text: str) -> str:
    """'Phường Hòa Khánh Nam' → 'phuong-hoa-khanh-nam': ids that read well in a URL."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))
