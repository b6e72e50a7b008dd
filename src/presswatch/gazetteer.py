"""Administrative units of Vietnam before and after the July 2025 reform, from vietnamadminunits' offline data.

Extraction uses the names to tell places from people ("huyện Trần Văn Thời", "Hồ Chí Minh"), to end
a unit's name where the next sentence starts, and to recognise bare province names.
"""

from __future__ import annotations

import importlib.util
import json
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlean as sqlite3

from . import lexicon
from .text import fold, key, match_form


@cache
def _aliases() -> dict[str, str]:
    return {key(alias): name for alias, name in lexicon.table("place_aliases.tsv")}


def official(name: str) -> str:
    """The gazetteer's name for a unit the press names otherwise ("Thừa Thiên - Huế" → "Huế"), else `name`."""
    return _aliases().get(key(name), name)


def official_key(name: str) -> str:
    """key(official(name)), with one key computed for the many names that have no alias."""
    k = key(name)
    alias = _aliases().get(k)
    return key(alias) if alias else k


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
    k = official_key(name)
    return k in provinces() or k in districts() or k in wards()


# --- Units with their hierarchy and codes, for the link stage -------------------------------

TIERS = {"tỉnh": "province", "thành phố": None, "quận": "district", "huyện": "district", "thị xã": "district",
         "phường": "ward", "xã": "ward", "thị trấn": "ward", "đặc khu": "ward"}


@dataclass(frozen=True)
class Unit:
    """One administrative unit: before the July 2025 reform (era "legacy", three tiers) or after ("2025", two)."""

    code: str
    name: str  # short name, without the level word
    level: str  # tỉnh, thành phố, quận, huyện, thị xã, phường, xã, thị trấn, đặc khu
    tier: str  # province, district, ward
    province: str
    district: str | None = None
    era: str = "legacy"

    @property
    def full_name(self) -> str:
        return f"{self.level} {self.name}"

    @property
    def address(self) -> str:
        """As vietnamadminunits parses it: ward, district, province."""
        parts = [self.full_name]
        if self.tier == "ward" and self.district:
            parts.append(self.district)
        if self.tier != "province":
            parts.append(self.province)
        return ", ".join(parts)


def _dataset() -> sqlite3.Connection:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("vietnamadminunits is not installed: run `make install`")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


_NUMBERED = ("thị trấn", "phường", "quận", "xã")


def _named(full: str, short: str) -> tuple[str, str]:
    """(name, level) of a unit: "Phường Mỹ An" → ("Mỹ An", "phường"); a numbered one, whose short name is its
    full name, by its number: "Phường 1" → ("1", "phường"), as the press writes it ("phường 1")."""
    for level in _NUMBERED:
        if short.lower().startswith(level + " ") and short[len(level) + 1:].isdigit():
            return short[len(level) + 1:].lstrip("0") or "0", level
    return short, full[: len(full) - len(short)].strip().lower() if full.endswith(short) else full.split()[0].lower()


@cache
def units() -> tuple[Unit, ...]:
    """Every unit of both eras: 63 provinces, ~700 districts and ~10,000 wards before 2025; 34 and ~3,300 after."""
    out: dict[tuple[str, str, str], Unit] = {}
    with closing(_dataset()) as db:
        for prov, prov_short, prov_code, dist, dist_short, dist_code, ward, ward_short, ward_code in db.execute(
                "SELECT province, provinceShort, provinceCode, district, districtShort, districtCode, ward, wardShort, wardCode"
                " FROM admin_units_legacy"):
            out.setdefault(("legacy", "province", prov_code), Unit(prov_code, *_named(prov, prov_short), "province", prov_short))
            if dist_code:
                out.setdefault(("legacy", "district", dist_code), Unit(dist_code, *_named(dist, dist_short), "district", prov_short))
            if ward_code:
                out.setdefault(("legacy", "ward", ward_code),
                               Unit(ward_code, *_named(ward, ward_short), "ward", prov_short, dist_short))
        for prov, prov_short, prov_code, ward, ward_short, ward_code in db.execute(
                "SELECT province, provinceShort, provinceCode, ward, wardShort, wardCode FROM admin_units"):
            out.setdefault(("2025", "province", prov_code), Unit(prov_code, *_named(prov, prov_short), "province", prov_short, era="2025"))
            if ward_code:
                out.setdefault(("2025", "ward", ward_code), Unit(ward_code, *_named(ward, ward_short), "ward", prov_short, era="2025"))
    return tuple(out.values())


@cache
def _by_name() -> dict[str, tuple[Unit, ...]]:
    index: dict[str, list[Unit]] = {}
    for unit in units():
        index.setdefault(fold(match_form(unit.name)), []).append(unit)
    return {k: tuple(v) for k, v in index.items()}


def lookup(name: str, level: str | None = None) -> list[Unit]:
    """Units called `name` (hòa/hoà, thủy/thuỷ alike), of `level` when given; exact accents first."""
    name = official(name)
    found = [u for u in _by_name().get(fold(match_form(name)), ()) if level is None or u.level == level
             or (level == "thành phố" and u.tier in ("province", "district"))]
    wanted = key(name)
    exact = [u for u in found if key(u.name) == wanted]
    return exact or found


@cache
def _by_parent() -> dict[tuple[str, str, str, str | None], tuple[Unit, ...]]:
    index: dict[tuple[str, str, str, str | None], list[Unit]] = {}
    for unit in units():
        index.setdefault((unit.era, unit.tier, unit.province, unit.district), []).append(unit)
    return {k: tuple(v) for k, v in index.items()}


def within(era: str, tier: str, province: str, district: str | None = None) -> tuple[Unit, ...]:
    """The units of `tier` in a province (and district, for legacy wards), without scanning the gazetteer."""
    return _by_parent().get((era, tier, province, district), ())


def children(unit: Unit) -> list[Unit]:
    """The units directly under `unit` in its era (a district's wards, a province's districts)."""
    if unit.tier == "ward":
        return []
    below = "district" if unit.tier == "province" and unit.era == "legacy" else "ward"
    return list(within(unit.era, below, unit.province, unit.name if unit.tier == "district" else None))


@cache
def successor(unit: Unit) -> Unit | None:
    """The unit a legacy unit became in July 2025 (vietnamadminunits' converter); districts were abolished."""
    if unit.era != "legacy" or unit.tier == "district":
        target_province = None
        if unit.tier == "district":
            target_province = successor(Unit(unit.code, unit.province, "tỉnh", "province", unit.province))
        return target_province
    from vietnamadminunits import convert_address  # imports geopy (~0.5 s): only when linking

    try:
        new = convert_address(unit.address)
    except Exception:  # the converter raises on units it cannot place; the link stage goes on without a successor
        return None
    if unit.tier == "ward" and new.ward_code:
        return Unit(new.ward_code, new.short_ward, new.ward_type.lower(), "ward", new.short_province, era="2025")
    if new.province_code:
        level = "thành phố" if new.province.startswith("Thành phố") else "tỉnh"
        return Unit(new.province_code, new.short_province, level, "province", new.short_province, era="2025")
    return None
