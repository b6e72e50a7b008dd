"""Organizations and localities: the bodies named in the article and the units they belong to.

Organizations: a head from lexicon/organizations.tsv ("Đảng uỷ", "Ban Thường vụ", "UBND") with the
unit that follows ("phường Mỹ An", "Quận uỷ Liên Chiểu"), abbreviations expanded (UBMTTQ → Uỷ ban
Mặt trận Tổ quốc). Localities: a level word or its abbreviation and a capitalized name ("phường
Khuê Mỹ", "P. Khuê Mỹ", "TPHCM"), a committee named after its unit ("Huyện uỷ Trần Văn Thời"), a
unit in parentheses after another ("phường Phúc Thắng (Phúc Yên)"), and bare province names.
"""

from __future__ import annotations

import regex

from .. import gazetteer, lexicon
from ..model import Article, Locality, Organization
from ..text import key
from .names import CONTEXT_BEFORE, capitalized_run, name_tail

_LEVELS = {row[0]: row[1] for row in lexicon.table("levels.tsv")}
_COMMITTEES = {row[0]: (row[1], row[2]) for row in lexicon.table("committees.tsv")}
_ABBREVIATIONS = {row[0]: row[1] for row in lexicon.table("abbreviations.tsv")}
_ORGS = {row[0]: (row[1], row[2] or None) for row in lexicon.table("organizations.tsv")}
_LEVEL_OF_UNIT = {"tỉnh": "province", "thành phố": "province", "quận": "district", "huyện": "district",
                  "thị xã": "district", "phường": "ward", "xã": "ward", "thị trấn": "ward"}

LEVEL_WORD = regex.compile(rf"(?<![\p{{L}}])(?P<level>{lexicon.alternation(list(_LEVELS))})(?:\s*(?<=\.)|\s+)(?=\p{{Lu}}|\d)")
COMMITTEE = regex.compile(rf"(?<![\p{{L}}])(?P<committee>{lexicon.alternation(list(_COMMITTEES))})\s+(?=\p{{Lu}})(?!(?:{lexicon.alternation(list(_LEVELS))})\s)")
HCM = regex.compile(r"(?<![\p{L}])(?:TP\.?\s?HCM|TPHCM|Tp\.?\s?HCM|TP\.?\s?Hồ Chí Minh)(?![\p{L}])")
ORG_HEAD = regex.compile(rf"(?<![\p{{L}}])(?P<head>{lexicon.alternation(list(_ORGS) + ['UBND', 'HĐND', 'UBMTTQ', 'MTTQ', 'BTV', 'UBKT', 'BCH'])})(?![\p{{L}}])")
_ABBR = regex.compile(rf"(?<![\p{{L}}])(?:{lexicon.alternation(list(_ABBREVIATIONS))})(?![\p{{L}}])")
_NOT_UNIT_NAMES = frozenset(w.split()[0] for w in lexicon.words("sentence_openers.txt") + lexicon.words("imperatives.txt"))
NOT_A_LEVEL = regex.compile(r"(?:[Tt]hông tấn|[Hh]ợp tác|(?<![\p{L}])[Bb]à|(?<![\p{L}])[Ôô]ng)\s*$")  # "bà xã" is a wife
REGIONS = frozenset(key(w) for w in lexicon.words("regions.txt"))
REGION_TAIL = regex.compile(r"\s+bộ(?![\p{L}])")  # "các tỉnh Trung bộ": a region, written in lower case
_NUMBERED = regex.compile(r"\d{1,2}(?!\d)")
DASH = regex.compile(r"\s*[-–]\s*(?=\p{Lu})")
# How high a level stands: a unit written right after another of a higher level is its parent
# ("phường 5, quận 10", "xã Hữu Bằng (huyện Thạch Thất, TP Hà Nội)").
_RANK = {"phường": 0, "xã": 0, "thị trấn": 0, "quận": 1, "huyện": 1, "thị xã": 1, "thành phố": 1.5, "tỉnh": 2}
# A unit followed by its foreign country ("thành phố Cancun, Mexico", "thành phố Thành Đô (tỉnh Tứ Xuyên, Trung Quốc)"):
# not a Vietnamese unit, so no locality (../shared/eval/GUIDELINES.md: foreign places, no).
_COUNTRIES = [c for c in lexicon.words("countries.txt") if c != "Việt Nam"]
IN_COUNTRY = regex.compile(rf"\s*[,(]\s*(?:(?:tỉnh|bang|thành phố|vùng)\s+\p{{Lu}}[\p{{L}} ]{{0,30}},\s*)?(?:{lexicon.alternation(_COUNTRIES)})(?![\p{{L}}]| \p{{Lu}})")
PARENT_AFTER = regex.compile(r"\s*(?:,|\(|-|–)?\s*(?:thuộc\s+)?")


def _unit_name(article: Article, start: int) -> tuple[int, int] | None:
    """The name of a unit starting at `start`: capitalized syllables, or a number (phường 5, quận 10),
    stopping before a person's name that follows ("quận Ngũ Hành Sơn Cao Thị Huyền Trân")."""
    numbered = _NUMBERED.match(article.match, start)
    if numbered:
        return numbered.span()
    run = capitalized_run(article.match, start)
    if run is None:
        return None
    s, e = run
    words = article.match[s:e].split(" ")
    if words[0] in _NOT_UNIT_NAMES and not any(gazetteer.is_place(" ".join(words[:n])) for n in (2, 3)):
        return None  # "TP. Tập trung ...": a sentence starts after the abbreviation's stop (but "TP Cần Thơ")
    tail = name_tail(article.match[s:e])
    if tail is not None and not gazetteer.is_place(article.match[s:e]) and not _in_gazetteer(article.match[s:e]):
        if tail == 0:
            return None  # "thành phố Ngô Xuân Thắng": a person follows the level word
        e = s + len(article.match[s:s + tail].rstrip())
    words = article.match[s:e].split()
    # A name run on into the next sentence ("tỉnh Sóc Trăng Việc học ..."): keep the known unit.
    for n in range(min(len(words), 4), 0, -1):
        if n < len(words) and gazetteer.is_place(" ".join(words[:n])):
            e = s + len(" ".join(words[:n]))
            break
    else:
        if len(words) > 4:
            e = s + len(" ".join(words[:4]))
    dash = DASH.match(article.match, e)
    more = capitalized_run(article.match, dash.end()) if dash else None
    if more and gazetteer.is_place(f"{article.match[s:e]} - {article.match[more[0]:more[1]]}"):
        e = more[1]  # "Bà Rịa - Vũng Tàu", "Thừa Thiên - Huế": one province
    if key(article.match[s:e]) in REGIONS or REGION_TAIL.match(article.match, e):
        return None  # "các tỉnh Bắc Bộ", "tỉnh Tây Nguyên": a region, no unit
    number = regex.match(r" \d{1,2}(?!\d)", article.match[e:e + 4])  # "phường Mỹ Đình 2", not "tỉnh Nghệ An 54 chương trình"
    return s, e + (number.end() if number and _in_gazetteer(article.match[s:e + number.end()]) else 0)


def extract_localities(article: Article) -> list[Locality]:
    text = article.match
    found: dict[tuple[str, str | None], Locality] = {}

    def add(name_span: tuple[int, int], level: str | None, mention: tuple[int, int]) -> Locality:
        name = article.body[name_span[0]:name_span[1]].strip(" .,")
        k = (name.casefold(), level)
        loc = found.get(k)
        if loc is None:
            loc = found[k] = Locality(name=name, level=level)
        loc.spans.append(mention)
        return loc

    for m in HCM.finditer(text):
        add((m.start(), m.end()), "thành phố", m.span()).name = "Hồ Chí Minh"
    for m in LEVEL_WORD.finditer(text):
        word = m.group("level")
        if NOT_A_LEVEL.search(text, max(0, m.start() - 12), m.start()):
            continue  # "Thông tấn xã Việt Nam", "Hợp tác xã Tân Phú": the level word is part of a name
        if word in ("TP", "TP.", "Tp", "Tp.") and HCM.match(text, m.start()):
            continue
        span = _unit_name(article, m.end())
        if span is None or (word.endswith(".") is False and word.isupper() and word not in ("TP", "TX")):
            continue
        if word.endswith(".") and word[:-1].isupper() and not (_NUMBERED.fullmatch(text, *span) or _in_gazetteer(text[span[0]:span[1]])):
            continue  # "H.Rouhani", "Q.D", "toàn TP. Mô hình": an initial or a sentence's stop, not a unit
        if IN_COUNTRY.match(text, span[1]) and not _in_gazetteer(text[span[0]:span[1]]):
            continue
        loc = add(span, _LEVELS[word], (m.start(), span[1]))
        loc.parent = loc.parent or _parent(article, span, _LEVELS[word])
        _listed_units(article, span, _LEVELS[word], add)
        paren = regex.match(r"\s*\((\p{Lu}[\p{L} ]{1,30})\)", text[span[1]:span[1] + 40])
        if paren:
            inner = (span[1] + paren.start(1), span[1] + paren.end(1))
            parent = article.body[inner[0]:inner[1]]
            loc.parent = loc.parent or parent
            add(inner, None, inner)
    for m in COMMITTEE.finditer(text):
        span = _unit_name(article, m.end())
        if span:
            add(span, _COMMITTEES[m.group("committee")][0], (m.start(), span[1]))
    _bare_provinces(article, add)
    # A unit named twice, once with its level and once without, is one unit.
    for (name, level), loc in list(found.items()):
        if level is None and any(n == name and lv for n, lv in found):
            other = next(v for (n, lv), v in found.items() if n == name and lv)
            other.spans.extend(loc.spans)
            del found[(name, level)]
    out = list(found.values())
    for loc in out:
        loc.spans.sort()
    return sorted(out, key=lambda loc: loc.spans[0])


def _in_gazetteer(name: str) -> bool:
    """A unit of that name, accents as written (tone placement aside): "Tứ Xuyên" is not "Tú Xuyên"."""
    wanted = gazetteer.official_key(name)
    return any(key(u.name) == wanted for u in gazetteer.lookup(name))


def _parent(article: Article, span: tuple[int, int], level: str) -> str | None:
    """The unit written right after one (`span`, its name), when it is of a higher level: its parent. A province
    named bare is the parent of a unit that is not itself a province ("thành phố Vinh, Nghệ An")."""
    text = article.match
    after = PARENT_AFTER.match(text, span[1])
    higher = LEVEL_WORD.match(text, after.end()) if after else None
    if higher is None:
        run = capitalized_run(text, after.end()) if after and after.group().strip() else None
        provinces = gazetteer.provinces()
        if run and key(text[run[0]:run[1]]) in provinces and gazetteer.official_key(text[span[0]:span[1]]) not in provinces:
            return article.body[run[0]:run[1]]
        return None
    if _RANK.get(_LEVELS[higher.group("level")], -1) <= _RANK.get(level, 3):
        return None
    name = _unit_name(article, higher.end())
    return article.body[name[0]:name[1]].strip(" .,") if name else None


_LIST_NEXT = regex.compile(r"\s*(?:,|và)\s*(?=\p{Lu})")


def _listed_units(article: Article, first: tuple[int, int], level: str, add) -> None:
    """'các quận Tân Bình, Gò Vấp và Bình Thạnh': further known units of the same level as the `first` (its name's span);
    after a city, provinces only if it is one ("thành phố Vinh, Nghệ An" lists no second city)."""
    end = first[1]
    provincial = level == "tỉnh" or (level == "thành phố" and gazetteer.official_key(article.match[first[0]:end]) in gazetteer.provinces())
    known = gazetteer.provinces() if provincial else gazetteer.wards() if level in ("phường", "xã", "thị trấn") else gazetteer.districts()
    while True:
        sep = _LIST_NEXT.match(article.match, end)
        span = _unit_name(article, sep.end()) if sep else None
        name = key(article.match[span[0]:span[1]]) if span else ""
        if not span or name not in known or (not provincial and name in gazetteer.provinces()):
            return  # "huyện Thạch Hà, Hà Tĩnh": the province after a district is its parent, not another district
        add(span, level, span)
        end = span[1]


NAMED_AFTER_PEOPLE = frozenset(key(w) for w in lexicon.words("places_named_after_people.txt"))


BARE = regex.compile(r"(?<!\p{Lu}[\p{L}.]*\s?)(?<![\p{L}])\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){0,2}\s*[-–]\s*\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){0,2}"
                   r"(?![\p{L}]| \p{Lu})|(?<!\p{Lu}[\p{L}.]*\s?)(?<![\p{L}])\p{Lu}\p{Ll}*(?: \p{Lu}\p{Ll}*){1,3}(?![\p{L}]| \p{Lu})")


def _bare_provinces(article: Article, add) -> None:
    """A provincial name standing alone ("tại Hà Nội") is a locality of unknown level."""
    provinces = gazetteer.provinces()
    for m in BARE.finditer(article.match):
        if gazetteer.official_key(m.group()) not in provinces or key(m.group()) in NAMED_AFTER_PEOPLE:
            continue  # bare "Hồ Chí Minh" is the man; the city is written with its level
        if CONTEXT_BEFORE.search(article.match[max(0, m.start() - 25):m.start()]):
            continue  # "tư tưởng Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh"
        add(m.span(), None, m.span())


_ORG_NEXT = regex.compile(rf"\s+(?:(?P<head>{ORG_HEAD.pattern}|(?:{lexicon.alternation(lexicon.words('org_names.txt'))})(?![\p{{L}}]))|(?:(?P<level>{lexicon.alternation(list(_LEVELS))})\s*)?(?=\p{{Lu}}|\d))")
_ORG_UNIT = regex.compile(rf"\s+(?:{lexicon.alternation(list(_LEVELS))})\s*(?=\p{{Lu}}|\d)")  # "UBND TP. Hà Nội", before the head "TP"


_ORG_LEVEL = regex.compile(r"\s+(?:xã|phường|thị trấn|quận|huyện|thị xã|tỉnh|thành phố)(?![\p{L}])")
_ORG_DASH = regex.compile(r"\s*[-–]\s*(?=\p{Lu}\p{Ll})")  # "Khối Dân - Chính - Đảng"


def _org_end(article: Article, end: int) -> int:
    """An organization runs on over further heads ("Ban Thường vụ Đảng ủy"), units ("phường Mỹ An")
    and capitalized names ("Khối Dân - Chính - Đảng"), but not over a person's name."""
    text = article.match
    while True:
        unit = _ORG_UNIT.match(text, end)
        span = _unit_name(article, unit.end()) if unit else None
        if span:
            end = span[1]
            continue
        nxt = _ORG_NEXT.match(text, end) or _ORG_DASH.match(text, end)
        if not nxt:
            generic = _ORG_LEVEL.match(text, end)  # "UBND xã", "UBND quận, huyện": the body of every such unit
            return generic.end() if generic else end
        if nxt.groupdict().get("head"):
            end = nxt.end()
            continue
        span = _unit_name(article, nxt.end())
        if span is None:
            return end
        end = span[1]


def _expand(text: str) -> str:
    return _ABBR.sub(lambda m: _ABBREVIATIONS[m.group()], text)


def extract_organizations(article: Article) -> list[Organization]:
    text = article.match
    found: dict[str, Organization] = {}
    pos = 0
    for m in ORG_HEAD.finditer(text):
        if m.start() < pos:
            continue
        head = m.group("head")
        end = _org_end(article, m.end())
        name = article.body[m.start():end].strip(" ,.")
        if " " not in name and name.istitle():
            pos = end
            continue  # "Bộ" of "Bộ phim", "Sở" of "Sở hữu": a head that names no body alone
        expanded_head = _ABBREVIATIONS.get(head, head)
        kind, level = _ORGS.get(expanded_head, (None, None))
        unit = LEVEL_WORD.search(text, m.end(), end)
        generic = None if unit else _ORG_LEVEL.search(text, m.end(), end)
        if unit:
            level = _LEVEL_OF_UNIT.get(_LEVELS[unit.group("level")], level)
        elif generic:
            level = _LEVEL_OF_UNIT.get(generic.group().strip(), level)
        committee = COMMITTEE.search(text, m.start(), end)
        if committee and level is None:
            level = _COMMITTEES[committee.group("committee")][1]
        org = found.get(name.casefold())
        if org is None:
            locality = next((loc.name for loc in article.facts.get("localities", [])
                             if any(m.start() <= a and b <= end for a, b in loc.spans)), None)
            org = found[name.casefold()] = Organization(name=name, expanded=_expand(name), kind=kind, level=level, locality=locality)
        org.spans.append((m.start(), end))
        pos = end
    return sorted(found.values(), key=lambda o: o.spans[0])
