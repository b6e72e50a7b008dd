"""Bytes to text: UTF-8, UTF-16, Windows-1258 and the legacy font encodings TCVN3 and VNI; always NFC.

Old government documents were typed in TCVN3 (.VnTime) or VNI fonts, and pages were saved in
whatever code page the editor had. Which single-byte encoding a file is in shows only in what it
reads as: each candidate decoding is scored by the share of its words that are well-formed
Vietnamese syllables, and the clear winner is taken. Never guesses silently: bytes that no
encoding reads as Vietnamese raise `DecodeError` with the reason; UTF-8 with a few broken bytes is
read with U+FFFD in their place and says so (`Decoded.note`); mojibake (UTF-8 read once as a
Windows code page and saved again) is repaired only when the repair reads as Vietnamese and the
damaged text does not.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path


class DecodeError(ValueError):
    pass


@dataclass(frozen=True)
class Decoded:
    text: str  # NFC
    encoding: str  # utf-8, utf-16, cp1258, tcvn3, vni, ... as read
    note: str | None = None  # what was repaired or replaced, for the user to know


_TABLE = Path(__file__).parents[1] / "lexicon" / "vietnamese_encodings.tsv"
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# A Vietnamese syllable without its tone mark: onset, one of the language's vowel nuclei, coda.
_NUCLEI = ("iêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu yêu ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo "
           "ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê a ă â e ê i o ô ơ u ư y").split()
_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?(?:" + "|".join(_NUCLEI) + r")(?:ch|ng|nh|[cmnpt])?")
_EDGE_PUNCT = re.compile(r"^[^\w]+|[^\w]+$")
_SAMPLE = 200_000  # characters scored: enough to tell encodings apart, bounded for huge files
_MOJIBAKE_HINT = re.compile("[ÃÄÅÆ]|á[º»]|â€")
# Bytes 0x80-0x9F in both font encodings: the Windows punctuation (“ ” – …) the editor typed.
_CP1252_PUNCTUATION = {b: ch for b in range(0x80, 0xA0) if (ch := bytes([b]).decode("cp1252", errors="replace")) != "\ufffd"}
_WESTERN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii", "us-ascii", "utf-8", "utf8"}


def _syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(t) for t in _TONES) > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return bool(_SYLLABLE.fullmatch(base))


def vietnamese_score(text: str) -> float:
    """Share of the words with a non-ASCII letter that are well-formed Vietnamese syllables (0 when none)."""
    words = [_EDGE_PUNCT.sub("", w) for w in text[:_SAMPLE].split()]
    marked = [w for w in words if w and not w.isascii()]
    if not marked:
        return 0.0
    return sum(map(_syllable, marked)) / len(marked)


@cache
def _legacy_tables() -> tuple[dict[int, str], dict[int, str], dict[str, str]]:
    """TCVN3 as two byte → character tables (0x80-0x9F as capitals, everything else); VNI as byte
    sequences (as Latin-1 text) → character."""
    capitals: dict[int, str] = {}
    tcvn3: dict[int, str] = {}
    vni: dict[str, str] = {}
    for line in _TABLE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        _, code, tcvn_byte, vni_bytes = line.split("\t")
        char = chr(int(code[2:], 16))
        if tcvn_byte != "-":
            byte = int(tcvn_byte, 16)
            (capitals if 0x80 <= byte < 0xA0 else tcvn3)[byte] = char
        if vni_bytes != "-":
            vni[bytes(int(x, 16) for x in vni_bytes.split()).decode("latin-1")] = char
    return capitals, tcvn3, vni


@cache
def _vni_pattern() -> re.Pattern[str]:
    sequences = sorted(_legacy_tables()[2], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, sequences)))


# A word with a TCVN3 byte in 0x80-0x9F: that byte is a capital with a tone ("Ủy", "TRỊ") when the
# word then reads as a syllable, else the Windows punctuation editors typed there (“ ” – …).
_TCVN3_AMBIGUOUS = re.compile(r"\S*[\x80-\x9f]\S*")


def decode_tcvn3(data: bytes) -> str:
    capitals, table, _ = _legacy_tables()

    def word(m: re.Match[str]) -> str:
        as_capitals = m.group().translate(capitals)
        if len(as_capitals) > 1 and _syllable(_EDGE_PUNCT.sub("", as_capitals)):
            return as_capitals
        return m.group().translate(_CP1252_PUNCTUATION)
    return _TCVN3_AMBIGUOUS.sub(word, data.decode("latin-1").translate(table))


def decode_vni(data: bytes) -> str:
    vni = _legacy_tables()[2]
    text = _vni_pattern().sub(lambda m: vni[m.group()], data.decode("latin-1"))
    return text.translate(_CP1252_PUNCTUATION)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def _utf16_order(data: bytes) -> str | None:
    """utf-16-le or utf-16-be for UTF-16 without a byte-order mark, else None. In such text the NULs fall on one
    side: the high byte of ASCII letters, spaces and digits. A program or an image has NULs on both sides."""
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    most, least = max(even, odd), min(even, odd)
    if len(sample) < 4 or most <= len(sample) // 8 or least > most // 20:
        return None
    return "utf-16-be" if even > odd else "utf-16-le"


def _repair_mojibake(text: str) -> tuple[str | None, bool]:
    """(the text as it was before UTF-8 was read as a Windows code page, whether it looks damaged).

    A repair is taken only when it is unambiguous: the repaired text reads as Vietnamese, shows no
    mojibake left, and the damaged one does not read as Vietnamese.
    """
    if not _MOJIBAKE_HINT.search(text[:_SAMPLE]):
        return None, False
    import ftfy  # here, for the few texts that may be mojibake: it takes 0.1 s to load
    from ftfy.badness import is_bad

    if not is_bad(text[:_SAMPLE]):
        return None, False
    candidates = [ftfy.fix_encoding(text)]
    try:
        candidates.append(text.encode("cp1258").decode("utf-8"))
    except UnicodeError:
        pass
    best = max(candidates, key=vietnamese_score)
    score = vietnamese_score(best)
    if score >= 0.8 and score > vietnamese_score(text) + 0.3 and not is_bad(best[:_SAMPLE]):
        return best, True
    return None, True


def _utf8(data: bytes) -> Decoded | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A few broken bytes in text that is otherwise UTF-8 (a truncated download, a bad splice).
        text = data.decode("utf-8", errors="replace")
        broken = text.count("\ufffd")
        wide = sum(1 for ch in text if ord(ch) > 0x7F) - broken
        if wide < 10 * broken:  # not mostly valid UTF-8: a single-byte encoding, tried next
            return None
        note = f"{broken} byte sequence(s) that are not UTF-8 (the first at byte {exc.start}) read as U+FFFD"
        return Decoded(_nfc(text), "utf-8", note)
    repaired, damaged = _repair_mojibake(text)
    if repaired is not None:
        return Decoded(_nfc(repaired), "utf-8", "mojibake (UTF-8 once read as a Windows code page) repaired")
    return Decoded(_nfc(text), "utf-8", "it looks like mojibake that cannot be repaired unambiguously; kept as it is" if damaged else None)


def _single_byte(data: bytes, declared: str | None) -> Decoded:
    """The single-byte encoding that reads as Vietnamese: Windows-1258, TCVN3 or VNI."""
    candidates: dict[str, str] = {"tcvn3": decode_tcvn3(data), "vni": decode_vni(data)}
    try:
        candidates["cp1258"] = data.decode("cp1258")
    except UnicodeDecodeError:
        pass
    scores = sorted(((vietnamese_score(_nfc(text)), name) for name, text in candidates.items()), reverse=True)
    (best, name), runner_up = scores[0], (scores[1][0] if len(scores) > 1 else 0.0)
    if best >= 0.6 and best - runner_up >= 0.15:
        return Decoded(_nfc(candidates[name]), name)
    if declared:
        try:
            return Decoded(_nfc(data.decode(declared)), declared)
        except (LookupError, UnicodeDecodeError):
            pass
    raise DecodeError("it is not UTF-8, and reads as no Vietnamese in Windows-1258, TCVN3 or VNI "
                      f"({name} reads best, with {best:.0%} well-formed syllables); convert it to UTF-8 and try again")


def decode(data: bytes, declared: str | None = None) -> Decoded:
    """Text in NFC and how it was read; `declared` is the charset a page or server named, a hint only."""
    if not data.strip():
        raise DecodeError("the file is empty")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(_nfc(data.decode(name)), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"it starts with a {name} byte-order mark but is not valid {name} ({exc.reason} at byte {exc.start})") from exc
    name = _utf16_order(data)
    if name:
        try:
            return Decoded(_nfc(data.decode(name)), name)
        except UnicodeDecodeError as exc:
            raise DecodeError(f"it looks like UTF-16 but does not decode ({exc.reason})") from exc
    if _looks_binary(data):
        raise DecodeError("it is binary, not text")
    utf8 = _utf8(data)
    if utf8 is not None:
        return utf8
    hint = declared.lower() if declared and declared.lower() not in _WESTERN else None
    return _single_byte(data, hint)
