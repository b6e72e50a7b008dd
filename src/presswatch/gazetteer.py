"""Administrative units of Vietnam before the July 2025 reform, from vietnamadminunits' offline data.

Extraction uses the names to tell places from people ("huyện Trần Văn Thời", "Hồ Chí Minh"), to end
a unit's name where the next sentence starts, and to recognise bare province names.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from .text import key


@cache
def _data() -> dict:
    """The package's data file, found without importing the package (which imports geopy, ~0.5 s)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vietnamadminunits is not installed: run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "parser_legacy.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def provinces() -> dict[str, str]:
    """Short name key → level ("thành phố" or "tỉnh") of the 63 provincial units."""
    out = {}
    for unit in _data()["DICT_PROVINCE"].values():
        level = "thành phố" if unit["province"].startswith("Thành phố") else "tỉnh"
        out[key(unit["provinceShort"])] = level
    return out


@cache
def districts() -> dict[str, str]:
    """Short name key → level (quận, huyện, thị xã, thành phố) of district units."""
    out: dict[str, str] = {}
    for province in _data()["DICT_PROVINCE_DISTRICT"].values():
        for unit in province.values():
            out.setdefault(key(unit["districtShort"]), unit["districtType"].lower())
    return out


@cache
def wards() -> dict[str, str]:
    """Short name key → level (phường, xã, thị trấn) of commune units."""
    out: dict[str, str] = {}
    for province in _data()["DICT_PROVINCE_DISTRICT_WARD_ACCENTED"].values():
        for district in province.values():
            for unit in district.values():
                out.setdefault(key(unit["wardShort"]), unit["wardType"].lower())
    return out


def is_place(name: str) -> bool:
    k = key(name)
    return k in provinces() or k in districts() or k in wards()
