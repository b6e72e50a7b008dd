"""News pages built around an article's text, in the furniture of four kinds of Vietnamese news site.

An article given as text lines with its gold annotation (the format of ../shared/data/dev) is
split into what a site's CMS would have had: title, printed dateline, lead (sapo), paragraphs
(short ones as subheadings), photo captions, byline; the page's publication time in its markup
comes from the gold date, in the form each kind of site writes it. Around it: a header with the
day's date, menus, breadcrumbs, share bars, related-news lists whose links and labels carry other
dates, comment boxes with readers' names, footers, and scripts. Nothing here is an article's text:
the articles are read at test time (never committed), and the furniture is this file's own.

    >>> page = build(text, gold, "vne")
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from presswatch.text import key

STYLES = ("vne", "tto", "dtr", "portal")
_DATE = re.compile(r"\d{1,2}\s*[-/]\s*\d{1,2}\s*[-/]\s*\d{4}|\bnăm \d{4}\b|\d{1,2}:\d{2}")

# The furniture: menus, related news (with dates), readers' comments, share bars and footers.
MENU = ["Trang chủ", "Thời sự", "Chính trị", "Xây dựng Đảng", "Kinh tế", "Pháp luật", "Văn hóa", "Thể thao", "Video"]
RELATED = [("Hội nghị sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm", "12/05/2021 08:30", "/chinh-tri/so-ket-kiem-tra-20210512083000.htm"),
           ("Ban Thường vụ Tỉnh ủy cho ý kiến về đề án nhân sự đại hội", "02/01/2022 16:05", "/2022/01/02/y-kien-de-an-nhan-su.html"),
           ("Khai mạc lớp bồi dưỡng nghiệp vụ công tác tuyên giáo cơ sở", "27/09/2020 07:15", "/tuyen-giao/khai-mac-lop-boi-duong-2020-09-27.html")]
COMMENTS = [("Trần Minh Khoa", "Mong rằng các kiến nghị của cơ sở sẽ sớm được cấp trên xem xét, giải quyết dứt điểm."),
            ("Lê Thị Bạn Đọc", "Bài viết phản ánh đúng thực tế, cảm ơn tác giả và tòa soạn đã thông tin kịp thời.")]
FOOTER = ["Cơ quan chủ quản: Ban Tuyên giáo. Giấy phép số 123/GP-BTTTT cấp ngày 01/03/2019.",
          "Địa chỉ: 12 đường Trung tâm, thành phố. Điện thoại: 0236.000.000. Email: toasoan@baomau.vn",
          "© Bản quyền thuộc về Báo Mẫu. Ghi rõ nguồn khi phát hành lại thông tin từ website này."]
SHARE = ["Chia sẻ", "Facebook", "Zalo", "In bài", "Gửi email"]
SCRIPT = ('<script>window.dataLayer=[];document.write("<p>Quảng cáo: bản tin này chỉ hiện khi chạy mã, '
          'không phải nội dung bài báo.</p>");</script>')
FURNITURE = [t for t, _, _ in RELATED] + [c for _, c in COMMENTS] + FOOTER + ["Quảng cáo: bản tin này chỉ hiện khi chạy mã, không phải nội dung bài báo."]


@dataclass
class Parts:
    """An article as its CMS would hold it."""

    title: str
    published: str | None  # ISO 8601 from the gold annotation
    dateline: str | None = None  # as printed below the title
    banner: str | None = None  # the day's date above the page
    section: str | None = None
    lead: str | None = None
    byline: str | None = None
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "h" | "caption", text), in order


def split(text: str, gold: dict) -> Parts:
    """Title, dateline, lead, paragraphs, captions and byline of an article given as text lines."""
    lines = [" ".join(x.split()) for x in text.splitlines()]
    lines = [x for x in lines if x]
    noise = {key(x) for x in gold["non_body"] if isinstance(x, str)}
    names = [key(a) for a in gold["authors"]]
    parts = Parts(gold["title"], gold["published"])
    title_at = next(i for i, x in enumerate(lines) if key(x) == key(gold["title"]))
    byline_at = max((i for i, x in enumerate(lines) if key(x) in noise and len(x) < 60 and names and all(n in key(x) for n in names)),
                    default=len(lines))
    for line in lines[:title_at]:
        if _DATE.search(line):
            parts.banner = line
        else:
            parts.section = line
    if byline_at < len(lines):
        parts.byline = lines[byline_at]
    body = lines[title_at + 1:byline_at]
    for n, line in enumerate(body):
        following = body[n + 1] if n + 1 < len(body) else ""
        if key(line) not in noise:
            short = len(line) < 70 and not line.endswith((".", ":", ";", "!", "?", "”", '"'))
            parts.blocks.append(("h" if short and parts.lead else "p", line))
        elif _DATE.search(line) and not parts.lead and not any(kind == "p" for kind, _ in parts.blocks):
            parts.dateline = line
        elif following.startswith(line.rstrip(" .,;…")) and len(line) > 30:
            parts.lead = line  # the truncated lead the site prints above the full first paragraph
        elif line.strip(" .|-–"):
            parts.blocks.append(("caption", line))
        if parts.lead is None and parts.blocks and parts.blocks[-1][0] == "p":
            parts.lead = parts.blocks.pop()[1]
    return parts


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _utc(published: str) -> str:
    """A local time as a site's CMS writes it in UTC (a date alone stays as it is)."""
    if len(published) <= 10:
        return published
    moment = datetime.fromisoformat(published).replace(tzinfo=timezone(timedelta(hours=7)))
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _menu(cls: str) -> str:
    return f'<nav class="{cls}"><ul>' + "".join(f'<li><a href="/{i}">{_e(m)}</a></li>' for i, m in enumerate(MENU)) + "</ul></nav>"


def _related(cls: str, item: str, time_tag: bool) -> str:
    items = []
    for title, when, href in RELATED:
        stamp = f'<time datetime="{when[6:10]}-{when[3:5]}-{when[0:2]}">{when}</time>' if time_tag else f'<span class="time">{when}</span>'
        items.append(f'<{item} class="news-item"><a href="{href}" title="{_e(title)}">{_e(title)}</a> {stamp}</{item}>')
    wrap = "ul" if item == "li" else "div"
    return f'<div class="{cls}"><h3>Tin liên quan</h3><{wrap}>' + "".join(items) + f"</{wrap}></div>"


def _comments() -> str:
    items = "".join(f'<div class="comment-item"><span class="author">{_e(n)}</span><p>{_e(c)}</p><span class="time">5 giờ trước</span></div>'
                    for n, c in COMMENTS)
    return ('<div class="box-comment" id="comment"><h3>Ý kiến bạn đọc</h3>' + items +
            '<form><textarea placeholder="Nhập ý kiến của bạn"></textarea><button onclick="send()">Gửi bình luận</button></form></div>')


def _share() -> str:
    return '<div class="social-share">' + "".join(f'<a href="#" onclick="share(\'{s}\')">{_e(s)}</a>' for s in SHARE) + "</div>"


def _footer() -> str:
    return "<footer class=\"site-footer\">" + "".join(f"<p>{_e(x)}</p>" for x in FOOTER) + "</footer>"


def _blocks(parts: Parts, p: str, h: str, figure: str) -> str:
    out = []
    for kind, text in parts.blocks:
        if kind == "p":
            out.append(p.format(_e(text)))
        elif kind == "h":
            out.append(h.format(_e(text)))
        else:
            out.append(figure.format(_e(text)))
    return "\n".join(out)


def _head(parts: Parts, site: str, extra: str) -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{_e(parts.title)} - {site}</title>'
            f'<meta name="viewport" content="width=device-width"><meta property="og:title" content="{_e(parts.title)}">'
            f'<meta property="og:site_name" content="{site}">{extra}{SCRIPT}</head>')


def vne(parts: Parts) -> str:
    """A national daily: itemprop dates, description lead, right-aligned bold byline inside the body."""
    meta = f'<meta itemprop="datePublished" content="{parts.published}">' if parts.published else ""
    byline = f'<p class="Normal" style="text-align:right;"><strong>{_e(parts.byline)}</strong></p>' if parts.byline else ""
    return (_head(parts, "Báo Mẫu Điện tử", meta) + '<body><header class="header">'
            f'<div class="top-date">{_e(parts.banner or "Thứ hai, 1/1/2024")}</div>{_menu("main-nav")}</header>'
            '<section class="section page-detail"><div class="container"><div class="sidebar-1">'
            f'<ul class="breadcrumb"><li><a href="/thoi-su">Thời sự</a></li><li><a href="/chinh-tri">{_e(parts.section or "Chính trị")}</a></li></ul>'
            + (f'<span class="date">{_e(parts.dateline)}</span>' if parts.dateline else "")
            + f'<h1 class="title-detail">{_e(parts.title)}</h1>'
            + (f'<p class="description">{_e(parts.lead)}</p>' if parts.lead else "")
            + '<article class="fck_detail">'
            + _blocks(parts, '<p class="Normal">{}</p>', '<h2 class="Normal"><strong>{}</strong></h2>',
                      '<figure class="tplCaption"><div class="fig-picture"><img src="/a.jpg" alt="{0}"></div>'
                      '<figcaption><p class="Image">{0}</p></figcaption></figure>')
            + byline + "</article>" + _share() + _related("box-tinlienquan", "li", False) + _comments()
            + '</div><div class="sidebar-2"><div class="box-category"><h3>Xem nhiều</h3>' + _related("list-news", "li", True)
            + "</div></div></div></section>" + _footer() + "</body></html>")


def tto(parts: Parts) -> str:
    """A city daily: JSON-LD in UTC, sapo as h2, author box above the lead, figcaption classes."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": parts.title,
          "publisher": {"@type": "Organization", "name": "Báo Mẫu Thành phố"}}
    if parts.published:
        ld["datePublished"] = _utc(parts.published)
    extra = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    shown = (f'<div class="detail-time"><div data-role="publishdate">{_e(parts.dateline)}</div></div>' if parts.dateline else "")
    author = (f'<div class="detail-author"><div class="author-info"><a class="name" href="/tac-gia/x.htm">{_e(parts.byline)}</a></div></div>'
              if parts.byline else "")
    return (_head(parts, "Báo Mẫu Thành phố", extra) + f'<body onload="init()"><div class="header">{_menu("menu-nav")}</div>'
            f'<div class="detail-top"><div class="detail-cate"><a href="/thoi-su.htm">{_e(parts.section or "Thời sự")}</a></div>{shown}</div>'
            f'<h1 class="detail-title article-title" data-role="title">{_e(parts.title)}</h1>{author}'
            + (f'<h2 class="detail-sapo" data-role="sapo">{_e(parts.lead)}</h2>' if parts.lead else "")
            + '<div class="detail-cmain"><div class="detail-content afcbc-body" data-role="content">'
            + _blocks(parts, "<p>{}</p>", "<h3>{}</h3>",
                      '<figure class="VCSortableInPreviewMode" type="Photo"><div><img src="/b.jpg" alt="{0}"></div>'
                      '<figcaption class="PhotoCMS_Caption"><p>{0}</p></figcaption></figure>')
            + "</div></div>" + _related("box-relate", "li", False) + _comments() + _share() + _footer() + "</body></html>")


def dtr(parts: Parts) -> str:
    """A news site: a <time> in the author box below the headline, related articles with <time> too."""
    when = ""
    if parts.published:
        when = f'<time class="author-time" datetime="{parts.published[:16].replace("T", " ")}">{_e(parts.dateline or "")}</time>'
    author = f'<div class="author-name"><a href="/tac-gia.htm"><b>{_e(parts.byline)}</b></a></div>' if parts.byline else ""
    return (_head(parts, "Báo Mẫu Online", "") + f'<body><header>{_menu("menu")}</header><main class="body-container">'
            '<div class="grid-container"><article class="singular-container">'
            f'<ul class="dt-breadcrumb"><li><a href="/xa-hoi.htm">{_e(parts.section or "Xã hội")}</a></li></ul>'
            f'<h1 class="title-page detail">{_e(parts.title)}</h1>'
            f'<div class="author-wrap"><div class="author-avatar"><img src="/c.png" alt=""></div>'
            f'<div class="author-meta">{author}{when}</div></div>'
            + (f'<h2 class="singular-sapo">{_e(parts.lead)}</h2>' if parts.lead else "")
            + '<div class="singular-content">'
            + _blocks(parts, "<p>{}</p>", "<h2>{}</h2>",
                      '<figure class="image align-center"><img src="/d.jpg" alt="{0}"><figcaption><p>{0}</p></figcaption></figure>')
            + '</div></article><aside class="sidebar">' + _related("article-related", "article", True) + "</aside></div>"
            + _comments() + "</main>" + _footer() + "</body></html>")


def portal(parts: Parts) -> str:
    """A party committee's portal: tables, no metadata, the title in <title> and an h2, a printed dateline."""
    left = "<td class=\"left-menu\" width=\"200\">" + _menu("vertical") + "</td>"
    figure = ('<table class="image center"><tr><td><img src="/e.jpg"></td></tr>'
              '<tr><td class="image_desc">{0}</td></tr></table>')
    others = "".join(f'<li><a href="{href}">{_e(t)}</a> <i>({w[:10]})</i></li>' for t, w, href in RELATED)
    return ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<title>{_e(parts.title)} | Cổng thông tin điện tử Đảng bộ</title>{SCRIPT}</head>'
            f'<body><table width="100%"><tr><td colspan="2" class="banner">{_e(parts.banner or "")}</td></tr><tr>{left}'
            f'<td class="main"><div class="post-title"><h2>{_e(parts.title)}</h2></div>'
            + (f'<div class="post-date">{_e(parts.dateline)}</div>' if parts.dateline else "")
            + (f'<div class="post-summary"><b>{_e(parts.lead)}</b></div>' if parts.lead else "")
            + '<div class="post-content">' + _blocks(parts, "<p>{}</p>", "<p><b>{}</b></p>", figure)
            + (f'<p style="text-align: right;"><b>{_e(parts.byline)}</b></p>' if parts.byline else "") + "</div>"
            + '<div class="rating">ĐÁNH GIÁ BÀI VIẾT</div>'
            + f'<div class="other-news"><b>Các tin khác</b><ul>{others}</ul></div>'
            + "</td></tr></table>" + _footer() + "</body></html>")


BUILDERS = {"vne": vne, "tto": tto, "dtr": dtr, "portal": portal}


def build(text: str, gold: dict, style: str) -> str:
    """The article of `text` (with its gold annotation) as a page of the given style."""
    return BUILDERS[style](split(text, gold))
