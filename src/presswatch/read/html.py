"""HTML pages: the article as the lines the cleaner expects, and what the page's markup says of it.

trafilatura finds the main text, but on Vietnamese news pages it leaves out the lead (sapo) and
the byline, which sit outside the body container, and htmldate will take a date from a list of
related articles. So the page's own markup is read first: the title (h1, og:title, JSON-LD
headline), the publication time (article:published_time, JSON-LD datePublished, itemprop
datePublished, a <time> below the headline; htmldate only on the <head> and the URL), the
outlet, the lead and the byline, which are put back into trafilatura's lines when it dropped
them. Photo captions (<figcaption>, caption classes) are noise, handed to the cleaner as such.
Then presswatch's own cleaning runs on these lines as on any text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from lxml import etree
from lxml import html as lxml_html

from ..dates import FULL_DATE, TIME_COLON, full_date
from ..model import Noise
from ..text import clean_line, key
from .document import Document, ReadError

VIETNAM = timezone(timedelta(hours=7))
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "webpage"}
_DATE_METAS = ("article:published_time", "og:article:published_time", "datepublished", "pubdate", "publishdate",
               "publish-date", "dc.date.issued", "dcterms.created", "sailthru.date", "date")
# Containers whose text is not the article's: menus, related lists, comment boxes, footers.
_ELSEWHERE = re.compile(r"relate|lien-?quan|tin-?khac|other|more|comment|binh-?luan|y-?kien|footer|"
                        r"menu|\bnav|breadcrumb|share|social|widget|box-?news|list-?news|tags?\b", re.IGNORECASE)
_LEAD_CLASS = re.compile(r"sapo|\blead\b|summary|chapeau|excerpt|tom-?tat|\bintro|teaser|abstract|description|desc\b", re.IGNORECASE)
_BYLINE_CLASS = re.compile(r"author|byline|tac-?gia|writer|but-?danh", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption|image[-_]?desc|img[-_]?desc|photo[-_]?desc|chu[-_]?thich", re.IGNORECASE)
_DATE_CLASS = re.compile(r"date|time|publish|ngay[-_]?dang", re.IGNORECASE)
_STRIPPED = ("script", "style", "noscript", "template")
_BLOCKS = (".//p", ".//div", ".//h1", ".//h2", ".//h3", ".//ul", ".//table")  # in a cell: a layout table
DEPTH_LIMIT = 255  # libxml2 stops nesting HTML at 256 and drops what is deeper: no real page gets there


class PageError(ValueError):
    """The page cannot be read as an article."""


def declared_charset(data: bytes) -> str | None:
    """The charset the page names in its first bytes (<meta charset>, http-equiv), if any."""
    m = _DECLARED.search(data[:4096])
    return m.group(1).decode("ascii", errors="replace").lower() if m else None


@dataclass
class Page:
    """What the page's markup says of its article."""

    title: str | None = None
    published: str | None = None  # ISO 8601, +07:00 when a time is known
    outlet: str | None = None
    section: str | None = None
    lead: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)  # from JSON-LD, used when the page prints no byline
    captions: list[str] = field(default_factory=list)


def _text(element: etree._Element) -> str:
    return clean_line(" ".join(element.itertext()))


def _classes(element: etree._Element) -> str:
    return f'{element.get("class", "")} {element.get("id", "")}'


def _elsewhere(element: etree._Element) -> bool:
    """Inside a menu, a related-news list, a comment box or a footer (the page's <body> and <html> aside)."""
    for node in element.iterancestors():
        if node.tag in ("body", "html"):
            return False
        if node.tag in ("nav", "aside", "footer", "li", "form") or _ELSEWHERE.search(_classes(node)):
            return True
    return False


def _depth(tree: etree._Element) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse(text: str) -> etree._Element:
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        tree = lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(remove_comments=True, remove_pis=True))
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"it is not a readable HTML page ({exc})") from exc
    if _depth(tree) >= DEPTH_LIMIT:
        raise PageError(f"its elements are nested {DEPTH_LIMIT} or more levels deep, past what the HTML parser keeps; "
                        "no real page is: it is damaged or hostile")
    return tree


def _json_ld(tree: etree._Element) -> Iterator[dict]:
    """The JSON-LD objects describing an article (top level or in an @graph)."""
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or ""):
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if not isinstance(item, dict):
                continue
            stack.extend(x for x in item.get("@graph", []) if isinstance(x, dict))
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and t.lower() in _ARTICLE_TYPES for t in types):
                yield item


def _metas(tree: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def parse_date(value: str) -> str | None:
    """ISO 8601 in any zone (given at +07:00, Vietnam's time) or a Vietnamese date ("08/06/2023 14:19")."""
    value = value.strip()
    if re.match(r"\d{4}-\d\d-\d\d", value):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            moment = None
        if moment is not None:
            if len(value) <= 10:
                return moment.date().isoformat()
            if moment.tzinfo is not None:
                moment = moment.astimezone(VIETNAM)
            return moment.replace(tzinfo=VIETNAM, microsecond=0).isoformat()
    match = FULL_DATE.search(value)
    day = full_date(match) if match else None
    if day is None:
        return None
    time = TIME_COLON.search(value)
    return f"{day.iso()}T{int(time.group('h')):02d}:{time.group('min')}:00+07:00" if time else day.iso()


def _headline(tree: etree._Element, metas: dict[str, str], ld: list[dict]) -> str | None:
    """The h1 the page shows (the one og:title or <title> repeats, if several), else the metadata's title."""
    given = [metas.get("og:title", ""), tree.findtext(".//title") or ""]
    h1s = [t for t in (_text(h) for h in tree.iter("h1") if not _elsewhere(h)) if t]
    for h1 in h1s:
        if any(key(h1) in key(g) for g in given if g):
            return h1
    if h1s:
        return h1s[0]
    for candidate in (metas.get("og:title"), next((x.get("headline") for x in ld if isinstance(x.get("headline"), str)), None)):
        if candidate:
            return clean_line(candidate)
    title = clean_line(tree.findtext(".//title") or "")
    return re.split(r"\s+[|–-]\s+(?=[^|–-]*$)", title)[0] if title else None


def _header(tree: etree._Element, heading: etree._Element | None) -> list[etree._Element]:
    """The article's header: the elements from its headline down to the first paragraph of its body
    (that paragraph included: a lead is often one)."""
    started, found = heading is None, []
    for element in tree.iter():
        if element is heading:
            started = True
        if not started or not isinstance(element.tag, str):
            continue
        found.append(element)
        if element.tag == "p" and len(_text(element)) >= 80 and not _LEAD_CLASS.search(_classes(element)):
            break
    return found


def _published(metas: dict[str, str], ld: list[dict], tree: etree._Element, header: list[etree._Element], url: str | None) -> str | None:
    """The article's own publication time: its metadata, a <time> or a date element in its header, then
    htmldate on the <head> and the URL only (never on the body, where related articles show their dates)."""
    candidates = [metas.get(name) for name in _DATE_METAS] + [x.get("datePublished") for x in ld]
    candidates += [e.get("content") or e.get("datetime") or _text(e)
                   for e in tree.iterfind(".//*[@itemprop='datePublished']") if not _elsewhere(e)]
    inside = [e for e in header if not _elsewhere(e)]
    candidates += [e.get("datetime") or _text(e) for e in inside if e.tag == "time"]
    candidates += [_text(e) for e in inside if _DATE_CLASS.search(_classes(e)) and len(_text(e)) < 80]
    for value in candidates:
        if isinstance(value, str) and (parsed := parse_date(value)):
            return parsed
    head = tree.find("head")
    if head is None:
        return None
    import htmldate  # here, not above: reading text files never loads it (0.1 s)

    found = htmldate.find_date(b"<html>" + etree.tostring(head) + b"<body></body></html>", url=url,
                               extensive_search=False, original_date=True)
    return parse_date(found) if found else None


def _lead(header: list[etree._Element]) -> str | None:
    for element in header:
        if _LEAD_CLASS.search(_classes(element)) and not _elsewhere(element):
            text = _text(element)
            if len(text) >= 40:
                return text
    return None


def _byline(tree: etree._Element, heading: etree._Element | None) -> str | None:
    """The innermost author element after the headline that holds a name, not a date."""
    found: etree._Element | None = None
    started = heading is None
    for element in tree.iter():
        if element is heading:
            started = True
        if not started or not isinstance(element.tag, str):
            continue
        if found is not None and found not in element.iterancestors():
            break
        if _BYLINE_CLASS.search(_classes(element)) or "author" in (element.get("rel"), element.get("itemprop")):
            text = _text(element)
            if 2 <= len(text) <= 100 and not FULL_DATE.search(text) and not TIME_COLON.search(text) \
                    and any(c.isalpha() for c in text) and not _elsewhere(element):
                found = element
    return _text(found) if found is not None else None


def _captions(tree: etree._Element) -> list[str]:
    texts = [_text(e) for e in tree.iter("figcaption")]
    texts += [_text(e) for e in tree.iter() if isinstance(e.tag, str) and e.tag != "figcaption"
              and _CAPTION_CLASS.search(_classes(e)) and not any(a.tag == "figcaption" for a in e.iterancestors())]
    return list(dict.fromkeys(t for t in texts if t))


def _authors(ld: list[dict]) -> list[str]:
    names = []
    for item in ld:
        authors = item.get("author")
        for author in authors if isinstance(authors, list) else [authors]:
            if isinstance(author, dict) and author.get("@type") == "Person" and isinstance(author.get("name"), str):
                names.append(clean_line(author["name"]))
    return [n for n in dict.fromkeys(names) if n]


def read_page(tree: etree._Element, url: str | None) -> tuple[Page, etree._Element | None]:
    """Everything the markup says of the article, and its headline element, before the tree is pruned."""
    metas = _metas(tree)
    ld = list(_json_ld(tree))
    etree.strip_elements(tree, *_STRIPPED, with_tail=False)
    title = _headline(tree, metas, ld)
    heading = next((h for h in tree.iter("h1", "h2", "h3") if title and key(_text(h)) == key(title) and not _elsewhere(h)), None)
    header = _header(tree, heading)
    publisher = next((x["publisher"].get("name") for x in ld if isinstance(x.get("publisher"), dict)), None)
    section = metas.get("article:section") or next((x["articleSection"] for x in ld if isinstance(x.get("articleSection"), str)), None)
    page = Page(title=title, published=_published(metas, ld, tree, header, url),
                outlet=metas.get("og:site_name") or (publisher if isinstance(publisher, str) else None),
                section=section, lead=_lead(header), byline=_byline(tree, heading), authors=_authors(ld),
                captions=_captions(tree))
    return page, heading


def _prune(tree: etree._Element, page: Page, heading: etree._Element | None) -> None:
    """Take out what is known not to be the article (menus, related news, comments, share bars, footers,
    captions) and turn layout tables into blocks, so that trafilatura sees the article alone."""
    keep = set(heading.iterancestors()) if heading is not None else set()
    total = len(_text(tree))
    captions = {key(c) for c in page.captions}
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element in keep or element.getparent() is None:
            continue
        furniture = element.tag in ("nav", "aside", "footer", "form") or bool(_ELSEWHERE.search(_classes(element)))
        caption = element.tag == "figcaption" or bool(_CAPTION_CLASS.search(_classes(element)))
        if (furniture and len(_text(element)) < 0.4 * total) or (caption and key(_text(element)) in captions):
            element.drop_tree()
    for table in list(tree.iter("table")):
        if any(cell.find(tag) is not None for cell in table.iter("td", "th") for tag in _BLOCKS):
            for element in [table, *table.iter("thead", "tbody", "tfoot", "tr", "td", "th")]:
                element.tag = "div"


def _main_text(tree: etree._Element, url: str | None) -> list[str]:
    import trafilatura  # here, not above: reading text files never loads it (0.2 s)

    extracted = trafilatura.bare_extraction(tree, url=url, favor_recall=True, include_comments=False, include_tables=True,
                                            deduplicate=False, with_metadata=False)
    text = extracted.text if extracted is not None and extracted.text else ""
    return [line for line in (clean_line(x) for x in text.splitlines()) if line]


def _lines(main: list[str], page: Page) -> list[str]:
    """trafilatura's lines with the captions out, and the lead and byline back where the cleaner looks."""
    captions = {key(c) for c in page.captions}
    byline = key(page.byline) if page.byline else None
    lines = [line for line in main if key(line) not in captions and key(line) != byline]
    if page.title and not any(key(line) == key(page.title) for line in lines[:3]):
        lines.insert(0, page.title)  # the headline, where the cleaner looks for it (trafilatura leaves it out of the body)
    if page.lead and not any(key(line).startswith(key(page.lead)[:40]) for line in lines[:6]):
        at = 1 if lines and page.title and key(lines[0]) == key(page.title) else 0
        lines.insert(at, page.lead)
    if page.byline:
        lines.append(page.byline)
    return lines


def html_document(origin: str, text: str, meta: dict[str, str]) -> Document | ReadError:
    """An HTML page (already decoded) as a `Document`, or why it holds no article."""
    url = meta.get("url")
    try:
        tree = _parse(text)
    except PageError as exc:
        return ReadError(origin, str(exc))
    page, heading = read_page(tree, url)
    _prune(tree, page, heading)
    main = _main_text(tree, url)
    if not page.lead and all(key(line) == key(page.title or "") for line in main):
        return ReadError(origin, "the page holds no article text (a front page, a list of links, or a page built by scripts?)")
    found = {"title": page.title, "date": page.published, "outlet": page.outlet, "section": page.section,
             "authors": "; ".join(page.authors) if not page.byline else None}
    lines = _lines(main, page)
    document_meta = {**meta, **{k: v for k, v in found.items() if v}}
    document_meta.pop("charset", None)
    return Document(origin, "\n".join(lines), document_meta, [Noise(c, "caption") for c in page.captions])
