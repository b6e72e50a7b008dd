"""Bytes to text: UTF-8 (with or without BOM), UTF-16, Windows-1258; always NFC.

Never guesses silently: bytes that no supported encoding reads cleanly raise `DecodeError`
with the reason, and the caller reports the file and goes on with the rest.
"""

from __future__ import annotations

import codecs
import unicodedata


class DecodeError(ValueError):
    pass


_VIETNAMESE_MARKS = set("ăâđêôơưĂÂĐÊÔƠƯ") | {chr(c) for c in range(0x0300, 0x0324)}


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Return (text in NFC, encoding used)."""
    if not data.strip():
        raise DecodeError("the file is empty")
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return unicodedata.normalize("NFC", data.decode(name)), name
            except UnicodeDecodeError as exc:
                raise DecodeError(f"it starts with a {name} byte-order mark but is not valid {name} ({exc.reason} at byte {exc.start})") from exc
    if len(data) >= 4 and data[:4096].count(b"\x00") > len(data[:4096]) // 4:
        # UTF-16 without a byte-order mark: every other byte of ASCII text is NUL.
        even_nuls = data[0:4096:2].count(b"\x00")
        odd_nuls = data[1:4096:2].count(b"\x00")
        name = "utf-16-be" if even_nuls > odd_nuls else "utf-16-le"
        try:
            return unicodedata.normalize("NFC", data.decode(name)), name
        except UnicodeDecodeError as exc:
            raise DecodeError(f"it looks like UTF-16 but does not decode ({exc.reason})") from exc
    if _looks_binary(data):
        raise DecodeError("it is binary, not text")
    try:
        return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise DecodeError(f"it is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) nor Windows-1258") from utf8_error
        if not any(ch in _VIETNAMESE_MARKS for ch in text):
            raise DecodeError(f"it is not valid UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and reads as no Vietnamese in Windows-1258")
        return unicodedata.normalize("NFC", text), "cp1258"
